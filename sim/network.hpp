// The simulated network (DESIGN.md §3): hosts with names and IPv4 addresses, links with latency,
// bandwidth, loss and up/down, shortest-path routing by hop count, and an ISP firewall rule that
// blocks outbound TCP port 25 (RFC 5068 §3: ISPs block port 25 from dynamic customer ranges).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/session.hpp"
#include "sim/ids.hpp"

namespace postlab::sim {

enum class HostKind { device, router, dns, server };

std::string_view to_string(HostKind kind);

struct Host {
    HostId id;
    std::string name;               // "mail.example.test"
    std::uint32_t ipv4 = 0;         // host byte order
    HostKind kind = HostKind::device;
    bool up = true;                 // down: drops every packet (peers see timeouts)
    bool services_up = true;        // false: the host is up but its listeners refuse (RST)
    std::string certificate_name;   // TLS certificate subject; defaults to `name`
};

struct Link {
    LinkId id;
    HostId a, b;
    TimeUs latency_us = 1000;
    std::uint64_t bandwidth_bps = 0;  // 0: no serialization delay
    double loss = 0.0;                // per segment, per direction
    bool up = true;
    std::array<TimeUs, 2> busy_until_us{};  // serialization queue per direction (a->b, b->a)
};

struct Hop {
    LinkId link;
    HostId from, to;
};

// "Block outbound TCP port N from hosts X" on a router; the blocked segment is silently dropped
// (the client sees a connect timeout) or answered with a RST when send_rst is set.
struct PortBlockRule {
    HostId router;
    std::uint16_t port = 25;
    std::vector<HostId> sources;  // empty: every host behind the router
    bool enabled = true;
    bool send_rst = false;
};

std::uint32_t parse_ipv4(std::string_view dotted);  // 0 on a malformed address
std::string format_ipv4(std::uint32_t address);

class Network {
public:
    HostId add_host(std::string name, std::string_view ipv4, HostKind kind);
    LinkId add_link(HostId a, HostId b, TimeUs latency_us, std::uint64_t bandwidth_bps = 0,
                    double loss = 0.0);

    Host& host(HostId id) { return m_hosts.at(id.value); }
    const Host& host(HostId id) const { return m_hosts.at(id.value); }
    Link& link(LinkId id) { return m_links.at(id.value); }
    const Link& link(LinkId id) const { return m_links.at(id.value); }
    const std::vector<Host>& hosts() const { return m_hosts; }
    const std::vector<Link>& links() const { return m_links; }
    std::optional<HostId> find_host(std::string_view name) const;  // case-insensitive
    std::optional<HostId> find_host_by_ip(std::uint32_t ipv4) const;

    // Shortest path by hop count over links that are up and through routers that are up; ties
    // broken by the lower link id, so the route never depends on insertion accidents. Empty when
    // a == b; nullopt when unreachable.
    std::optional<std::vector<Hop>> path(HostId a, HostId b) const;

    void set_port_block(PortBlockRule rule);  // replaces a rule on the same router and port
    void clear_port_block(HostId router, std::uint16_t port);
    const std::vector<PortBlockRule>& port_blocks() const { return m_port_blocks; }
    // The rule that stops a TCP segment from `source` to `port` along `hops`, if any.
    const PortBlockRule* blocking_rule(const std::vector<Hop>& hops, HostId source,
                                       std::uint16_t port) const;

    // Sends `bytes` along `hops` starting at now_us: per hop the link's queue, the
    // serialization delay at its bandwidth and its latency. Returns the arrival time.
    TimeUs transmit(const std::vector<Hop>& hops, std::size_t bytes, TimeUs now_us);
    // The same without occupying the links (for round-trip estimates).
    TimeUs delay_us(const std::vector<Hop>& hops, std::size_t bytes) const;

private:
    std::vector<Host> m_hosts;
    std::vector<Link> m_links;
    std::vector<PortBlockRule> m_port_blocks;
};

}  // namespace postlab::sim
