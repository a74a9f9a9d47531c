// compute_stats(); see stats_model.hpp. One pass over the trace: a connection's protocol comes
// from its `connect` entry (the app that dialled), its outcome from the handshake entries.
#include "ui/views/stats_model.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <unordered_map>

#include "protocols/store/mail_store.hpp"
#include "protocols/registry.hpp"
#include "sim/trace.hpp"

namespace postlab::ui {
namespace {

struct ConnInfo {
    std::string protocol;
    bool established = false;
    bool refused = false;
    bool timed_out = false;
    bool awaiting_reply = false;  // a command went out and its reply has not come back yet
};

void count_entry(const sim::TraceEntry& e, ConnInfo& conn, std::map<std::string, ProtocolStats>& by_protocol) {
    ProtocolStats& p = by_protocol[conn.protocol];
    switch (e.kind) {
        case sim::TraceKind::tcp_data: p.bytes += e.bytes.size(); break;
        case sim::TraceKind::tcp_synack:
            if (!conn.established) ++p.round_trips;  // SYN / SYN-ACK (RFC 9293 §3.5)
            conn.established = true;
            break;
        case sim::TraceKind::tls_server_flight: ++p.round_trips; break;  // RFC 8446 §2
        case sim::TraceKind::tcp_rst:
            if (!conn.established) conn.refused = true;
            break;
        case sim::TraceKind::tcp_timeout:
            if (!conn.established) conn.timed_out = true;
            break;
        case sim::TraceKind::command: conn.awaiting_reply = true; break;
        case sim::TraceKind::reply:
            if (conn.awaiting_reply) ++p.round_trips;
            conn.awaiting_reply = false;
            break;
        default: break;
    }
}

void count_host_bytes(const sim::TraceEntry& e, std::vector<HostBytes>& hosts,
                      const std::vector<std::size_t>& device_slot) {
    if (e.kind != sim::TraceKind::tcp_data || e.lost) return;
    const auto size = e.bytes.size();
    if (e.from.valid() && e.from.value < device_slot.size() && device_slot[e.from.value] != SIZE_MAX) {
        hosts[device_slot[e.from.value]].sent += size;
    }
    if (e.to.valid() && e.to.value < device_slot.size() && device_slot[e.to.value] != SIZE_MAX) {
        hosts[device_slot[e.to.value]].received += size;
    }
}

}  // namespace

Stats compute_stats(const sim::Trace& trace, std::size_t trace_end,
                    const std::vector<std::string>& host_names,
                    const std::vector<bool>& host_is_device, const std::vector<MailStore>& stores) {
    Stats stats;
    std::vector<std::size_t> device_slot(host_names.size(), SIZE_MAX);
    for (std::size_t i = 0; i < host_names.size() && i < host_is_device.size(); ++i) {
        if (!host_is_device[i]) continue;
        device_slot[i] = stats.devices.size();
        stats.devices.push_back({host_names[i], 0, 0});
    }
    std::unordered_map<std::uint32_t, ConnInfo> conns;
    std::map<std::string, ProtocolStats> by_protocol;
    const std::size_t end = std::min(trace_end, trace.size());
    for (std::size_t i = 0; i < end; ++i) {
        const sim::TraceEntry& e = trace[i];
        if (e.kind == sim::TraceKind::dns_query) ++stats.dns_queries;
        count_host_bytes(e, stats.devices, device_slot);
        if (!e.conn.valid()) continue;
        ConnInfo& conn = conns[e.conn.value];
        if (e.kind == sim::TraceKind::connect) {
            conn.protocol = name_of(e.protocol);
            ++by_protocol[conn.protocol].connections;
        }
        count_entry(e, conn, by_protocol);
    }
    for (const auto& [id, c] : conns) {
        if (c.established) ++stats.connections.ok;
        else if (c.refused) ++stats.connections.refused;
        else if (c.timed_out) ++stats.connections.timed_out;
        else ++stats.connections.pending;
    }
    for (auto& [name, p] : by_protocol) {
        p.protocol = name.empty() ? "other" : name;
        stats.protocols.push_back(p);
    }
    for (const MailStore& store : stores) {
        for (const Account& a : store.accounts()) {
            AccountStorage s{a.address, 0, a.total_size(), a.quota_bytes};
            for (const Folder& f : a.folders) s.messages += f.messages.size();
            stats.storage.push_back(std::move(s));
        }
    }
    return stats;
}

std::string format_bytes(std::uint64_t bytes) {
    const double b = static_cast<double>(bytes);
    if (bytes < 1000) return fmt::format("{} B", bytes);
    if (bytes < 1000 * 1000) return fmt::format("{:.1f} KB", b / 1e3);
    if (bytes < 1000ull * 1000 * 1000) return fmt::format("{:.1f} MB", b / 1e6);
    return fmt::format("{:.1f} GB", b / 1e9);
}

}  // namespace postlab::ui
