// The simulated network: hosts, links, BFS routing by hop count and the ISP port-25 block
// (RFC 5068 §3). Serialization delay per link direction models a link's bandwidth.
#include "sim/network.hpp"

#include <algorithm>
#include <deque>
#include <fmt/format.h>

#include "protocols/core/text.hpp"

namespace postlab::sim {

std::string_view to_string(HostKind kind) {
    switch (kind) {
        case HostKind::device: return "device";
        case HostKind::router: return "router";
        case HostKind::dns: return "dns";
        case HostKind::server: return "server";
    }
    return "?";
}

std::uint32_t parse_ipv4(std::string_view dotted) {
    std::uint32_t address = 0;
    int parts = 0;
    while (parts < 4) {
        std::size_t i = 0;
        std::uint32_t octet = 0;
        while (i < dotted.size() && i < 3 && dotted[i] >= '0' && dotted[i] <= '9') {
            octet = octet * 10 + static_cast<std::uint32_t>(dotted[i] - '0');
            ++i;
        }
        if (i == 0 || octet > 255) return 0;
        address = (address << 8) | octet;
        ++parts;
        dotted.remove_prefix(i);
        if (parts < 4) {
            if (dotted.empty() || dotted.front() != '.') return 0;
            dotted.remove_prefix(1);
        }
    }
    return dotted.empty() ? address : 0;
}

std::string format_ipv4(std::uint32_t address) {
    return fmt::format("{}.{}.{}.{}", address >> 24, (address >> 16) & 0xff, (address >> 8) & 0xff,
                       address & 0xff);
}

HostId Network::add_host(std::string name, std::string_view ipv4, HostKind kind) {
    Host host;
    host.id = HostId{static_cast<std::uint32_t>(m_hosts.size())};
    host.certificate_name = name;
    host.name = std::move(name);
    host.ipv4 = parse_ipv4(ipv4);
    host.kind = kind;
    m_hosts.push_back(std::move(host));
    return m_hosts.back().id;
}

LinkId Network::add_link(HostId a, HostId b, TimeUs latency_us, std::uint64_t bandwidth_bps,
                         double loss) {
    Link link;
    link.id = LinkId{static_cast<std::uint32_t>(m_links.size())};
    link.a = a;
    link.b = b;
    link.latency_us = latency_us;
    link.bandwidth_bps = bandwidth_bps;
    link.loss = loss;
    m_links.push_back(link);
    return link.id;
}

std::optional<HostId> Network::find_host(std::string_view name) const {
    for (const auto& host : m_hosts) {
        if (iequals(host.name, name)) return host.id;
    }
    return std::nullopt;
}

std::optional<HostId> Network::find_host_by_ip(std::uint32_t ipv4) const {
    for (const auto& host : m_hosts) {
        if (host.ipv4 == ipv4) return host.id;
    }
    return std::nullopt;
}

std::optional<std::vector<Hop>> Network::path(HostId a, HostId b) const {
    if (a == b) return std::vector<Hop>{};
    const std::size_t n = m_hosts.size();
    if (a.value >= n || b.value >= n) return std::nullopt;
    std::vector<std::optional<Hop>> came_by(n);
    std::vector<bool> seen(n, false);
    std::deque<HostId> frontier{a};
    seen[a.value] = true;
    while (!frontier.empty() && !seen[b.value]) {
        const HostId at = frontier.front();
        frontier.pop_front();
        // Every host forwards in this model, but one that is down forwards nothing.
        if (at != a && !m_hosts[at.value].up) continue;
        for (const auto& link : m_links) {  // links in id order: the deterministic tie-break
            if (!link.up || (link.a != at && link.b != at)) continue;
            const HostId next = link.a == at ? link.b : link.a;
            if (seen[next.value]) continue;
            seen[next.value] = true;
            came_by[next.value] = Hop{link.id, at, next};
            frontier.push_back(next);
        }
    }
    if (!seen[b.value]) return std::nullopt;
    std::vector<Hop> hops;
    for (HostId at = b; at != a; at = came_by[at.value]->from) hops.push_back(*came_by[at.value]);
    std::reverse(hops.begin(), hops.end());
    return hops;
}

void Network::set_port_block(PortBlockRule rule) {
    clear_port_block(rule.router, rule.port);
    m_port_blocks.push_back(std::move(rule));
}

void Network::clear_port_block(HostId router, std::uint16_t port) {
    std::erase_if(m_port_blocks, [&](const PortBlockRule& r) {
        return r.router == router && r.port == port;
    });
}

const PortBlockRule* Network::blocking_rule(const std::vector<Hop>& hops, HostId source,
                                            std::uint16_t port) const {
    for (const auto& rule : m_port_blocks) {
        if (!rule.enabled || rule.port != port) continue;
        const bool listed = rule.sources.empty() ||
                            std::find(rule.sources.begin(), rule.sources.end(), source) !=
                                rule.sources.end();
        if (!listed) continue;
        // The router filters what it forwards: it must be an intermediate hop of this path.
        for (std::size_t i = 0; i + 1 < hops.size(); ++i) {
            if (hops[i].to == rule.router) return &rule;
        }
    }
    return nullptr;
}

namespace {

TimeUs serialization_us(const Link& link, std::size_t bytes) {
    if (link.bandwidth_bps == 0) return 0;
    const auto bits = static_cast<std::uint64_t>(bytes) * 8;
    return static_cast<TimeUs>((bits * 1'000'000 + link.bandwidth_bps - 1) / link.bandwidth_bps);
}

}  // namespace

TimeUs Network::transmit(const std::vector<Hop>& hops, std::size_t bytes, TimeUs now_us) {
    TimeUs t = now_us;
    for (const auto& hop : hops) {
        Link& l = link(hop.link);
        TimeUs& busy = l.busy_until_us[hop.from == l.a ? 0 : 1];
        const TimeUs start = std::max(t, busy);
        busy = start + serialization_us(l, bytes);
        t = busy + l.latency_us;
    }
    return t;
}

TimeUs Network::delay_us(const std::vector<Hop>& hops, std::size_t bytes) const {
    TimeUs t = 0;
    for (const auto& hop : hops) t += serialization_us(link(hop.link), bytes) + link(hop.link).latency_us;
    return t;
}

}  // namespace postlab::sim
