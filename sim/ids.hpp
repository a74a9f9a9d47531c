// Strong ids for the simulated world (DESIGN.md §1, §3): objects refer to each other by these
// small values, never by pointer, so that a World stays a plain copyable value.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>

namespace postlab::sim {

template <class Tag>
struct Id {
    static constexpr std::uint32_t invalid_value = std::numeric_limits<std::uint32_t>::max();

    std::uint32_t value = invalid_value;

    constexpr bool valid() const { return value != invalid_value; }
    friend constexpr bool operator==(Id a, Id b) { return a.value == b.value; }
    friend constexpr auto operator<=>(Id a, Id b) { return a.value <=> b.value; }
};

using HostId = Id<struct HostTag>;
using LinkId = Id<struct LinkTag>;
using ConnId = Id<struct ConnTag>;

inline constexpr HostId invalid_host{};
inline constexpr LinkId invalid_link{};
inline constexpr ConnId invalid_conn{};

}  // namespace postlab::sim

template <class Tag>
struct std::hash<postlab::sim::Id<Tag>> {
    std::size_t operator()(postlab::sim::Id<Tag> id) const noexcept {
        return std::hash<std::uint32_t>{}(id.value);
    }
};
