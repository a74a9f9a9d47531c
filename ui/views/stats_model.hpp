// The Stats view's figures as a pure function of the trace (DESIGN.md §3: views read the trace,
// they do not re-derive protocol state): bytes and round trips per protocol, connections by
// outcome, bytes per device, and server storage per account from the MailStores.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace postlab {
class MailStore;
}
namespace postlab::sim {
class Trace;
}

namespace postlab::ui {

struct ProtocolStats {
    std::string protocol;            // "smtp", "pop3", "imap", "dns", ... as in TraceEntry
    std::uint64_t bytes = 0;         // TCP payload bytes both ways (TLS records included)
    std::uint64_t round_trips = 0;   // TCP handshakes + TLS handshakes + command/reply turns
    std::uint64_t connections = 0;
};

struct ConnectionStats {
    std::uint64_t ok = 0;         // the TCP handshake completed (RFC 9293 §3.5)
    std::uint64_t refused = 0;    // answered with RST
    std::uint64_t timed_out = 0;  // no answer (dropped SYN: link down, firewall)
    std::uint64_t pending = 0;    // still connecting
};

struct HostBytes {
    std::string host;
    std::uint64_t sent = 0;
    std::uint64_t received = 0;
};

struct AccountStorage {
    std::string account;
    std::uint64_t messages = 0;
    std::uint64_t bytes = 0;
    std::uint64_t quota_bytes = 0;  // 0: no quota
};

struct Stats {
    std::vector<ProtocolStats> protocols;  // sorted by name
    ConnectionStats connections;
    std::vector<HostBytes> devices;        // hosts marked as devices, in host order
    std::vector<AccountStorage> storage;
    std::uint64_t dns_queries = 0;
};

// host_names[i] / host_is_device[i] describe HostId i (sim::Network::hosts()). Entries up to
// `trace_end` (exclusive; the playhead) are counted.
Stats compute_stats(const sim::Trace& trace, std::size_t trace_end,
                    const std::vector<std::string>& host_names,
                    const std::vector<bool>& host_is_device, const std::vector<MailStore>& stores);

// "1.2 KB", "3.4 MB": powers of 1000, as mail apps show sizes.
std::string format_bytes(std::uint64_t bytes);

}  // namespace postlab::ui
