// Hex dump, visible text, decoded fields and the eavesdropper's view; see inspector_model.hpp.
// Encrypted entries are described only by what is on the wire: record headers (RFC 8446 §5.1)
// and the ciphertext size (plaintext + inner type byte + 16-byte AEAD tag, §5.2). Nothing here
// parses protocol bytes: record headers come from protocols/tls/wire.hpp, credentials from the
// trace entry (the protocol's framer found them).
#include "ui/views/inspector_model.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <optional>

#include "protocols/registry.hpp"
#include "protocols/tls/wire.hpp"
#include "sim/trace.hpp"

namespace postlab::ui::inspect {
namespace {

bool printable(unsigned char c) { return c >= 0x20 && c < 0x7f; }

std::string host_name(sim::HostId id, const std::vector<std::string>& names) {
    if (!id.valid()) return "-";
    return id.value < names.size() ? names[id.value] : fmt::format("host {}", id.value);
}

}  // namespace

std::string visible_text(std::string_view bytes, std::size_t max_bytes) {
    std::string out;
    const std::size_t n = std::min(bytes.size(), max_bytes);
    out.reserve(n + n / 8);
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\r') {
            out += "\\r";
        } else if (c == '\n') {
            out += "\\n\n";
        } else if (printable(c)) {
            out += static_cast<char>(c);
        } else {
            out += fmt::format("\\x{:02x}", c);
        }
    }
    if (n < bytes.size()) out += fmt::format("\n... {} more bytes", bytes.size() - n);
    return out;
}

std::vector<std::string> hex_dump(std::string_view bytes, std::size_t max_lines) {
    std::vector<std::string> lines;
    for (std::size_t at = 0; at < bytes.size(); at += 16) {
        if (lines.size() == max_lines) {
            lines.push_back(fmt::format("... {} more bytes", bytes.size() - at));
            break;
        }
        std::string hex, ascii;
        for (std::size_t i = 0; i < 16; ++i) {
            if (i == 8) hex += ' ';
            if (at + i < bytes.size()) {
                const auto c = static_cast<unsigned char>(bytes[at + i]);
                hex += fmt::format("{:02x} ", c);
                ascii += printable(c) ? static_cast<char>(c) : '.';
            } else {
                hex += "   ";
            }
        }
        lines.push_back(fmt::format("{:08x}  {} |{}|", at, hex, ascii));
    }
    return lines;
}

std::vector<Field> decoded_fields(const sim::TraceEntry& e, const std::vector<std::string>& names) {
    std::vector<Field> f;
    f.push_back({"entry", fmt::format("#{} at {} s", e.index, sim::format_time(e.time_us))});
    f.push_back({"kind", std::string(sim::to_string(e.kind))});
    if (e.protocol != ProtocolId::none) f.push_back({"protocol", std::string(name_of(e.protocol))});
    if (e.from.valid() || e.to.valid()) {
        f.push_back({"from", fmt::format("{} port {}", host_name(e.from, names), e.from_port)});
        f.push_back({"to", fmt::format("{} port {}", host_name(e.to, names), e.to_port)});
    }
    if (e.conn.valid()) f.push_back({"connection", std::to_string(e.conn.value)});
    if (e.tcp_flags != 0 || e.kind == sim::TraceKind::tcp_data) {
        f.push_back({"TCP flags", sim::tcp_flags_text(e.tcp_flags)});
        f.push_back({"seq / ack", fmt::format("{} / {}", e.seq, e.ack)});
    }
    f.push_back({"bytes", std::to_string(e.bytes.size())});
    f.push_back({"encrypted", e.encrypted ? "yes (TLS)" : "no"});
    if (e.lost) f.push_back({"lost", "yes: dropped on the way"});
    if (e.retransmission) f.push_back({"retransmission", "yes"});
    if (!e.state.empty()) f.push_back({"state after", e.state});
    return f;
}

EavesdropperView eavesdropper_view(const sim::TraceEntry& e) {
    EavesdropperView v;
    v.encrypted = e.encrypted;
    const bool app = e.kind == sim::TraceKind::command || e.kind == sim::TraceKind::reply ||
                     e.kind == sim::TraceKind::body;
    if (e.encrypted) {
        if (!app) {
            v.lines = tls_wire::describe_records(e.bytes);
            if (!v.lines.empty()) return v;
        }
        // An application entry holds the plaintext for teaching; the wire held records of it.
        const std::size_t wire = tls_wire::application_data_size(e.bytes.size());
        v.lines.push_back(fmt::format("TLS application_data record(s), {} bytes on the wire", wire));
        v.lines.push_back(fmt::format("ciphertext of {} plaintext bytes (+1 type byte +16 tag per record)",
                                      e.bytes.size()));
        v.lines.push_back("the content, commands and passwords are not readable");
        return v;
    }
    if (e.bytes.empty()) {
        v.lines.push_back("headers only (addresses, ports, flags): no payload");
        return v;
    }
    if (!app) {  // handshake records: public
        v.lines = tls_wire::describe_records(e.bytes);
        if (!v.lines.empty()) return v;
    }
    for (std::size_t at = 0; at < e.bytes.size() && v.lines.size() < 64;) {
        const auto nl = e.bytes.find('\n', at);
        const auto end = nl == std::string::npos ? e.bytes.size() : nl + 1;
        std::string text = visible_text(std::string_view(e.bytes).substr(at, end - at), 512);
        if (!text.empty() && text.back() == '\n') text.pop_back();
        v.lines.push_back(std::move(text));
        at = end;
    }
    // The protocol's framer found it (protocols/<name>/framer.*): on the entry that completes it.
    if (e.credential) v.credentials.push_back(*e.credential);
    return v;
}

}  // namespace postlab::ui::inspect
