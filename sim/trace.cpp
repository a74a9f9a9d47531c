// The trace and its deterministic text form (one line per entry, bytes summarized by length and
// FNV-1a hash so two runs compare byte-for-byte without printing whole messages).
#include "sim/trace.hpp"

#include <fmt/format.h>

#include "protocols/registry.hpp"
#include "sim/segment.hpp"

namespace postlab::sim {

std::string_view to_string(TraceKind kind) {
    switch (kind) {
        case TraceKind::connect: return "connect";
        case TraceKind::tcp_syn: return "tcp_syn";
        case TraceKind::tcp_synack: return "tcp_synack";
        case TraceKind::tcp_ack: return "tcp_ack";
        case TraceKind::tcp_data: return "tcp_data";
        case TraceKind::tcp_fin: return "tcp_fin";
        case TraceKind::tcp_rst: return "tcp_rst";
        case TraceKind::tcp_timeout: return "tcp_timeout";
        case TraceKind::tls_client_hello: return "tls_client_hello";
        case TraceKind::tls_server_flight: return "tls_server_flight";
        case TraceKind::tls_finished: return "tls_finished";
        case TraceKind::tls_alert: return "tls_alert";
        case TraceKind::tls_established: return "tls_established";
        case TraceKind::dns_query: return "dns_query";
        case TraceKind::dns_response: return "dns_response";
        case TraceKind::command: return "command";
        case TraceKind::reply: return "reply";
        case TraceKind::body: return "body";
        case TraceKind::app_event: return "app_event";
        case TraceKind::fault: return "fault";
        case TraceKind::note: return "note";
    }
    return "?";
}

std::uint64_t Trace::append(TraceEntry entry) {
    entry.index = m_size;
    if (m_size % chunk_size == 0) {
        m_chunks.push_back(std::make_shared<Chunk>());
        m_chunks.back()->reserve(chunk_size);
    } else if (m_chunks.back().use_count() > 1) {
        // Another copy (a snapshot) shares this partly filled chunk: write to our own copy of it.
        // One thread owns the World (DESIGN.md §1), so use_count is exact here.
        auto own = std::make_shared<Chunk>();
        own->reserve(chunk_size);
        own->assign(m_chunks.back()->begin(), m_chunks.back()->begin() + static_cast<std::ptrdiff_t>(m_size % chunk_size));
        m_chunks.back() = std::move(own);
    }
    m_chunks.back()->push_back(std::move(entry));
    return m_size++;
}

std::string format_time(TimeUs time_us) {
    const char* sign = time_us < 0 ? "-" : "";
    const auto magnitude = time_us < 0 ? -time_us : time_us;
    return fmt::format("{}{}.{:06}", sign, magnitude / 1'000'000, magnitude % 1'000'000);
}

std::string tcp_flags_text(std::uint8_t flags) {
    std::string text;
    if (flags & tcp_flag::syn) text += 'S';
    if (flags & tcp_flag::fin) text += 'F';
    if (flags & tcp_flag::rst) text += 'R';
    if (flags & tcp_flag::psh) text += 'P';
    if (flags & tcp_flag::ack) text += 'A';
    return text;
}

std::uint64_t fnv1a(std::string_view bytes) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

namespace {

std::string host_text(HostId id, const std::vector<std::string>& names) {
    if (!id.valid()) return "-";
    if (id.value < names.size()) return names[id.value];
    return std::to_string(id.value);
}

}  // namespace

std::string Trace::line(const TraceEntry& e, const std::vector<std::string>& host_names) {
    std::string text = fmt::format("#{} {} {} conn={} {}:{}->{}:{} {}", e.index, format_time(e.time_us),
                                   to_string(e.kind), e.conn.valid() ? std::to_string(e.conn.value) : "-",
                                   host_text(e.from, host_names), e.from_port, host_text(e.to, host_names),
                                   e.to_port, e.protocol == ProtocolId::none ? std::string_view("-") : name_of(e.protocol));
    if (e.tcp_flags != 0) text += fmt::format(" [{}] seq={} ack={}", tcp_flags_text(e.tcp_flags), e.seq, e.ack);
    if (e.lost) text += " LOST";
    if (e.retransmission) text += " RETRANSMISSION";
    if (e.encrypted) text += " ENC";
    if (!e.bytes.empty()) text += fmt::format(" len={} fnv={:016x}", e.bytes.size(), fnv1a(e.bytes));
    text += fmt::format(" | {}", e.summary);
    if (!e.state.empty()) text += fmt::format(" | state={}", e.state);
    if (!e.explain_key.empty()) text += fmt::format(" | {}", e.explain_key);
    return text;
}

std::string Trace::to_text(const std::vector<std::string>& host_names) const {
    std::string text;
    for (const auto& entry : *this) {
        text += line(entry, host_names);
        text += '\n';
    }
    return text;
}

}  // namespace postlab::sim
