// Packets in flight: which trace entries put a packet on the network's links (RFC 9293 segments,
// RFC 1035 DNS messages; a connection timeout is a mark at the client that gave up), the route
// each takes, when it left and arrived, and where a dropped one stopped (RFC 5068 §3 port 25
// blocking at the router that dropped it, a loss halfway along the link). Built incrementally as
// the trace grows. The topology view draws these packets; the GUI's bench scenes count them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "protocols/core/session.hpp"

namespace postlab::sim {

class World;
struct TraceEntry;

// A route through the network with the share of the travel time at which each host is reached
// (by link latency), so a packet moves at each link's pace.
struct FlightRoute {
    std::vector<std::uint32_t> hosts;     // HostId values from .. to, at least two
    std::vector<float> arrival_fraction;  // same size; 0 at the source, 1 at the destination
};

enum class FlightMark : std::uint8_t { none, refused, blocked, lost, timed_out };

struct Flight {
    std::uint64_t entry = 0;  // trace index
    TimeUs t0 = 0, t1 = 0;    // sent, arrived (or reached the point where it was dropped)
    std::uint32_t route = 0;  // index into FlightIndex::routes()
    float stop_fraction = 1.0f;
    bool encrypted = false;
    FlightMark mark = FlightMark::none;
};

// How long a blocked, lost or timed-out mark stays where it happened, in simulated time.
inline constexpr TimeUs k_mark_linger_us = 120'000;

// The packets of a world's trace, built incrementally as the trace grows (and truncated when a
// step back shortened it). Time-ordered, so the packets in flight at a time are a binary search.
// `generation` names the world: another one (a lesson reloaded, replayed) starts the index over.
class FlightIndex {
public:
    void sync(const World& world, std::uint64_t generation);
    const std::vector<Flight>& flights() const { return m_flights; }
    const std::vector<FlightRoute>& routes() const { return m_routes; }
    // Flights in the air at `now`, and marks still lingering; appends indexes into flights().
    void active(TimeUs now, std::vector<std::size_t>& out) const;
    // Whether a packet is still on its way at `now`: in the air, or dropped but not yet at the
    // point of its drop (lingering marks do not count). The timeline plays on while one is.
    bool moving(TimeUs now) const;
    // The route between two hosts (computed on first use); nullopt when unreachable.
    std::optional<std::uint32_t> route_between(const World& world, std::uint32_t from, std::uint32_t to);

private:
    void add_entry(const World& world, const TraceEntry& entry);
    // The first flight that can be active at `now` (sent no earlier than the longest flight and
    // a mark's linger before it).
    std::vector<Flight>::const_iterator first_candidate(TimeUs now) const;

    std::uint64_t m_generation = ~0ull;
    std::size_t m_synced = 0;  // trace entries looked at
    std::vector<Flight> m_flights;
    std::vector<FlightRoute> m_routes;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> m_route_of_pair;  // (from<<32|to) -> route
    TimeUs m_longest_us = 0;
};

}  // namespace postlab::sim
