// An append-only byte stream that is cheap to copy: a TCP sender's stream (tcp.hpp's
// Endpoint::tx) keeps every byte written, and SimControl copies the whole World for each
// snapshot. Bytes live in fixed-size blocks shared between copies; only the last, partly
// filled block is copied when a copy appends to it (the same scheme as Trace's chunks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace postlab::sim {

class ByteLog {
public:
    static constexpr std::size_t block_size = 16 * 1024;

    void append(std::string_view bytes);
    std::uint64_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    // Bytes [offset, offset + count), clipped at the end like std::string::substr; an offset
    // past the end gives "".
    std::string substr(std::uint64_t offset, std::uint64_t count) const;
    std::string str() const { return substr(0, m_size); }

private:
    std::vector<std::shared_ptr<std::string>> m_blocks;  // full blocks are never written again
    std::uint64_t m_size = 0;
};

}  // namespace postlab::sim
