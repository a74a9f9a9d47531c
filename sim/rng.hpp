// The world's only source of chance (DESIGN.md §1): xoshiro256** seeded through splitmix64, as
// its authors recommend. A copyable value, so a snapshot of the World carries the RNG state.
#pragma once

#include <array>
#include <cstdint>

namespace postlab::sim {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 0) { reseed(seed); }

    void reseed(std::uint64_t seed) {
        std::uint64_t x = seed;
        for (auto& word : m_state) word = splitmix64(x);
    }

    std::uint64_t next_u64() {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [lo, hi] (inclusive); Lemire's multiply-shift would be faster, but modulo bias
    // over a 64-bit draw is far below anything a lesson could observe, and this stays portable.
    std::uint64_t uniform(std::uint64_t lo, std::uint64_t hi) {
        if (hi <= lo) return lo;
        const std::uint64_t span = hi - lo;
        if (span == ~std::uint64_t{0}) return next_u64();
        return lo + next_u64() % (span + 1);
    }

    // True with probability p (clamped to [0, 1]); p <= 0 draws nothing, so a loss-free world
    // does not consume random numbers on every packet.
    bool chance(double p) {
        if (p <= 0.0) return false;
        if (p >= 1.0) return true;
        const double unit = static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
        return unit < p;
    }

    friend bool operator==(const Rng&, const Rng&) = default;

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix64(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    std::array<std::uint64_t, 4> m_state{};
};

}  // namespace postlab::sim
