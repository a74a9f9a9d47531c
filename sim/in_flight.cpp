// Packets in flight; see in_flight.hpp. Segments follow the world's routing (sim/network.hpp) and
// take the time its links take (Network::delay_us); firewall drops stop at the router that dropped
// them (RFC 5068 §3 port 25 blocking), losses halfway along the link.
#include "sim/in_flight.hpp"

#include <algorithm>
#include <string>

#include "sim/world.hpp"

namespace postlab::sim {
namespace {

// Whether a flight sent at or before `now` is drawn then: a packet that arrives at `now` is no
// longer on the link; a mark lingers a little.
bool shown_at(const Flight& f, TimeUs now) {
    const bool moving = f.mark == FlightMark::none || f.mark == FlightMark::refused;
    return moving ? now < f.t1 : now <= f.t1 + k_mark_linger_us;
}

}  // namespace

std::optional<std::uint32_t> FlightIndex::route_between(const World& world, std::uint32_t from,
                                                        std::uint32_t to) {
    const std::uint64_t key = (std::uint64_t{from} << 32) | to;
    const auto it = std::lower_bound(m_route_of_pair.begin(), m_route_of_pair.end(),
                                     std::pair{key, std::uint32_t{0}});
    if (it != m_route_of_pair.end() && it->first == key) return it->second;
    const auto& net = world.network();
    if (from >= net.hosts().size() || to >= net.hosts().size() || from == to) return std::nullopt;
    const auto hops = net.path(HostId{from}, HostId{to});
    if (!hops || hops->empty()) return std::nullopt;
    FlightRoute r;
    r.hosts.push_back(from);
    std::vector<double> at{0.0};
    for (const auto& hop : *hops) {
        r.hosts.push_back(hop.to.value);
        at.push_back(at.back() + static_cast<double>(std::max<TimeUs>(1, net.link(hop.link).latency_us)));
    }
    for (const double t : at) r.arrival_fraction.push_back(static_cast<float>(t / at.back()));
    const auto id = static_cast<std::uint32_t>(m_routes.size());
    m_routes.push_back(std::move(r));
    m_route_of_pair.insert(it, {key, id});
    return id;
}

void FlightIndex::add_entry(const World& world, const TraceEntry& e) {
    const bool segment = e.kind >= TraceKind::tcp_syn && e.kind <= TraceKind::tcp_rst;
    const bool dns = e.kind == TraceKind::dns_query || e.kind == TraceKind::dns_response;
    const bool timeout = e.kind == TraceKind::tcp_timeout;
    if (!segment && !dns && !timeout) return;
    if (!e.from.valid() || !e.to.valid()) return;
    const auto route = route_between(world, e.from.value, e.to.value);
    if (!route) return;
    Flight f;
    f.entry = e.index;
    f.t0 = e.time_us;
    f.route = *route;
    f.encrypted = e.encrypted;
    const auto& hops = m_routes[f.route];
    std::vector<Hop> path;
    const auto& net = world.network();
    if (const auto p = net.path(e.from, e.to)) path = *p;
    const TimeUs travel = std::max<TimeUs>(1, net.delay_us(path, 40 + e.bytes.size()));
    f.t1 = f.t0 + travel;
    if (timeout) {
        // Drawn at the client that gave up: a mark, not a moving packet.
        f.mark = FlightMark::timed_out;
        f.stop_fraction = 0;
        f.t1 = f.t0;
    } else if (e.kind == TraceKind::tcp_rst) {
        f.mark = FlightMark::refused;
    } else if (e.lost) {
        const bool blocked = e.summary.find("blocked by the firewall") != std::string::npos;
        f.mark = blocked ? FlightMark::blocked : FlightMark::lost;
        f.stop_fraction = 0.5f;
        if (blocked) {
            for (std::size_t i = 1; i < hops.hosts.size(); ++i) {
                if (net.host(HostId{hops.hosts[i]}).kind == HostKind::router) {
                    f.stop_fraction = hops.arrival_fraction[i];
                    break;
                }
            }
        }
        f.t1 = f.t0 + static_cast<TimeUs>(static_cast<double>(travel) * f.stop_fraction);
    }
    m_longest_us = std::max(m_longest_us, f.t1 - f.t0);
    m_flights.push_back(f);
}

void FlightIndex::sync(const World& world, std::uint64_t generation) {
    const auto& trace = world.trace();
    if (generation != m_generation) {
        *this = FlightIndex{};
        m_generation = generation;
    }
    if (trace.size() < m_synced) {
        // A step back: the trace is a prefix of what we saw (the world is deterministic).
        while (!m_flights.empty() && m_flights.back().entry >= trace.size()) m_flights.pop_back();
        m_synced = trace.size();
    }
    for (; m_synced < trace.size(); ++m_synced) add_entry(world, trace[m_synced]);
}

std::vector<Flight>::const_iterator FlightIndex::first_candidate(TimeUs now) const {
    const TimeUs earliest = now - m_longest_us - k_mark_linger_us;
    return std::lower_bound(m_flights.begin(), m_flights.end(), earliest,
                            [](const Flight& f, TimeUs t) { return f.t0 < t; });
}

void FlightIndex::active(TimeUs now, std::vector<std::size_t>& out) const {
    for (auto it = first_candidate(now); it != m_flights.end() && it->t0 <= now; ++it) {
        if (shown_at(*it, now)) out.push_back(static_cast<std::size_t>(it - m_flights.begin()));
    }
}

bool FlightIndex::moving(TimeUs now) const {
    for (auto it = first_candidate(now); it != m_flights.end() && it->t0 <= now; ++it) {
        if (shown_at(*it, now) && (it->mark == FlightMark::none || now <= it->t1)) return true;
    }
    return false;
}

}  // namespace postlab::sim
