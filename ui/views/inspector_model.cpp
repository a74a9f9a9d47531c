// Hex dump, visible text, decoded fields and the eavesdropper's view; see inspector_model.hpp.
// Encrypted entries are described only by what is on the wire: record headers (RFC 8446 §5.1)
// and the ciphertext size (plaintext + inner type byte + 16-byte AEAD tag, §5.2). IMAP LOGIN's
// astrings are read as RFC 9051 §4.1-§4.3 and §9 define them (atom, quoted with escapes, literal).
#include "ui/views/inspector_model.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <optional>

#include "protocols/core/base64.hpp"
#include "protocols/core/text.hpp"
#include "protocols/imap/parser.hpp"
#include "sim/tls_wire.hpp"
#include "sim/trace.hpp"

namespace postlab::ui::inspect {
namespace {

bool printable(unsigned char c) { return c >= 0x20 && c < 0x7f; }

std::string host_name(sim::HostId id, const std::vector<std::string>& names) {
    if (!id.valid()) return "-";
    return id.value < names.size() ? names[id.value] : fmt::format("host {}", id.value);
}

const char* record_type_name(unsigned type) {
    switch (type) {
        case 20: return "change_cipher_spec";
        case 21: return "alert";
        case 22: return "handshake";
        case 23: return "application_data";
        default: return "unknown";
    }
}

// Walks TLS record headers in wire bytes; false when the bytes are not records.
bool tls_record_lines(std::string_view bytes, std::vector<std::string>& out) {
    std::size_t at = 0;
    std::size_t records = 0;
    while (at + sim::tls_wire::record_header_size <= bytes.size() && records < 64) {
        const auto type = static_cast<unsigned char>(bytes[at]);
        const unsigned version = static_cast<unsigned>(static_cast<unsigned char>(bytes[at + 1])) << 8 |
                                 static_cast<unsigned char>(bytes[at + 2]);
        const std::size_t length = static_cast<std::size_t>(static_cast<unsigned char>(bytes[at + 3])) << 8 |
                                   static_cast<unsigned char>(bytes[at + 4]);
        if (type < 20 || type > 23 || (version >> 8) != 3) return records > 0;
        out.push_back(fmt::format("TLS record: {} ({}), version 0x{:04x}, {} bytes of {}",
                                  record_type_name(type), type, version, length,
                                  type == 23 ? "ciphertext" : "record body"));
        at += sim::tls_wire::record_header_size + length;
        ++records;
    }
    return records > 0;
}

std::string strip_crlf(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    return std::string(line);
}

// RFC 9051 §4.3: a line ending in {n} or {n+} (LITERAL+, RFC 7888) announces n octets after
// its CRLF. Returns the position of the '{' and n.
std::optional<std::pair<std::size_t, std::size_t>> literal_at_end(std::string_view line) {
    const imap::LiteralSpec spec = imap::literal_at_end(line);
    if (!spec.valid) return std::nullopt;
    return std::pair{line.size() - spec.spec_length, static_cast<std::size_t>(spec.size)};
}

// RFC 9051 §4.3 quoted: DQUOTE *QUOTED-CHAR DQUOTE, where only quoted-specials (" and \) are
// escaped with a backslash, and CR and LF are not allowed.
std::optional<std::string> read_quoted(std::string_view text, std::size_t& at) {
    std::string out;
    for (std::size_t i = at + 1; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') {
            at = i + 1;
            return out;
        }
        if (c == '\r' || c == '\n') return std::nullopt;
        if (c == '\\') {
            if (i + 1 == text.size() || (text[i + 1] != '"' && text[i + 1] != '\\')) return std::nullopt;
            c = text[++i];
        }
        out += c;
    }
    return std::nullopt;  // the closing quote has not arrived
}

// RFC 9051 §4.3 literal: "{" number ["+"] "}" CRLF and exactly that many octets, which may be
// anything (spaces, quotes, CR LF). Nothing is copied beyond the bytes actually present.
std::optional<std::string> read_literal(std::string_view text, std::size_t& at) {
    const auto eol = text.find("\r\n", at);
    if (eol == std::string_view::npos) return std::nullopt;
    const auto literal = literal_at_end(text.substr(at, eol - at));
    if (!literal || literal->first != 0) return std::nullopt;  // "{" must start the astring
    const std::size_t data = eol + 2;
    if (literal->second > text.size() - data) return std::nullopt;  // not all of it has arrived
    at = data + literal->second;
    return std::string(text.substr(data, literal->second));
}

// RFC 9051 §9: astring = 1*ASTRING-CHAR / string; string = quoted / literal. An atom is read up
// to the next SP or CR, as a lenient server would: the eavesdropper sees what it accepts.
std::optional<std::string> read_astring(std::string_view text, std::size_t& at) {
    if (at >= text.size()) return std::nullopt;
    if (text[at] == '"') return read_quoted(text, at);
    if (text[at] == '{') return read_literal(text, at);
    const std::size_t start = at;
    while (at < text.size() && text[at] != ' ' && text[at] != '\r' && text[at] != '\n') ++at;
    if (at == start) return std::nullopt;
    return std::string(text.substr(start, at - start));
}

// The command `entry` ends: the earlier client entries chained to it by a literal announced at
// the end of each (RFC 9051 §4.3), then `entry`, as they were on the wire.
std::string imap_command_text(std::string_view entry, const std::vector<std::string>& earlier) {
    std::size_t first = earlier.size();
    while (first > 0 && literal_at_end(strip_crlf(earlier[first - 1]))) --first;
    std::string text;
    for (std::size_t i = first; i < earlier.size(); ++i) text += earlier[i];
    text += entry;
    return text;
}

// RFC 9051 §6.2.3: tag SP "LOGIN" SP userid SP password CRLF, userid and password astrings.
// Nothing while the command is incomplete (its password literal is in a later entry).
std::optional<Credential> imap_login(std::string_view entry, const std::vector<std::string>& earlier) {
    const std::string text = imap_command_text(entry, earlier);
    const std::string_view view(text);
    const auto line_end = std::min(view.find("\r\n"), view.size());
    const auto words = split_words(view.substr(0, line_end));
    if (words.size() < 3 || !iequals(words[1], "LOGIN")) return std::nullopt;
    std::size_t at = static_cast<std::size_t>(words[1].data() - view.data()) + words[1].size() + 1;
    bool literal = at < view.size() && view[at] == '{';
    auto user = read_astring(view, at);
    if (!user || at >= view.size() || view[at] != ' ') return std::nullopt;
    ++at;
    literal = literal || (at < view.size() && view[at] == '{');
    auto password = read_astring(view, at);
    if (!password || (at != view.size() && view.substr(at) != "\r\n")) return std::nullopt;
    const char* how = literal ? "IMAP LOGIN: user and password in plain text (a literal {n} is plain text too)"
                              : "IMAP LOGIN: user and password in plain text";
    return Credential{how, std::move(*user), std::move(*password)};
}

// RFC 4616 §2: message = [authzid] NUL authcid NUL passwd.
std::optional<Credential> decode_plain(std::string_view b64, const char* how) {
    const auto decoded = base64_decode(b64);
    if (!decoded) return std::nullopt;
    const auto first = decoded->find('\0');
    const auto second = first == std::string::npos ? first : decoded->find('\0', first + 1);
    if (second == std::string::npos) return std::nullopt;
    return Credential{how, decoded->substr(first + 1, second - first - 1), decoded->substr(second + 1)};
}

std::string decode_or_raw(std::string_view b64) {
    const auto d = base64_decode(b64);
    return d ? *d : std::string(b64);
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
    if (!e.protocol.empty()) f.push_back({"protocol", e.protocol});
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

std::vector<Credential> exposed_credentials(std::string_view command,
                                            const std::vector<std::string>& earlier) {
    std::vector<Credential> out;
    if (!earlier.empty() && literal_at_end(strip_crlf(earlier.back()))) {
        // `command` is the literal the previous entry announced (RFC 9051 §4.3): only an IMAP
        // command carries literals, and its start is in the earlier entries.
        if (auto c = imap_login(command, earlier)) out.push_back(std::move(*c));
        return out;
    }
    const std::string line = strip_crlf(command);
    const auto words = split_words(line);
    if (words.empty()) return out;
    const std::string prev = earlier.empty() ? std::string() : strip_crlf(earlier.back());
    const auto prev_words = split_words(prev);
    // IMAP puts a tag first (RFC 9051 §2.2.1); SMTP and POP3 do not.
    const bool tagged = words.size() >= 2 && (iequals(words[1], "LOGIN") || iequals(words[1], "AUTHENTICATE"));
    const std::size_t verb = tagged ? 1 : 0;
    const auto arg = [&](std::size_t i) { return words.size() > verb + i ? words[verb + i] : std::string_view(); };
    if (iequals(words[verb], "PASS") && words.size() >= 2) {
        std::string user;
        if (prev_words.size() >= 2 && iequals(prev_words[0], "USER")) user = std::string(prev_words[1]);
        out.push_back({"POP3 PASS: the password in plain text", user, std::string(line.substr(5))});
    } else if (tagged && iequals(words[1], "LOGIN")) {
        if (auto c = imap_login(command, earlier)) out.push_back(std::move(*c));
    } else if ((iequals(words[verb], "AUTH") || iequals(words[verb], "AUTHENTICATE")) &&
               iequals(arg(1), "PLAIN") && !arg(2).empty() && arg(2) != "=") {
        if (auto c = decode_plain(arg(2), "AUTH PLAIN: base64 of user and password, decoded by anyone")) out.push_back(*c);
    } else if (words.size() == 1 && !prev_words.empty()) {
        // A SASL response line: what it is depends on the command that started the exchange.
        const std::size_t pv = prev_words.size() >= 2 && iequals(prev_words[1], "AUTHENTICATE") ? 1 : 0;
        const auto mech = prev_words.size() > pv + 1 ? prev_words[pv + 1] : std::string_view();
        const bool auth = iequals(prev_words[pv], "AUTH") || iequals(prev_words[pv], "AUTHENTICATE");
        if (auth && iequals(mech, "PLAIN")) {
            if (auto c = decode_plain(words[0], "AUTH PLAIN: base64 of user and password, decoded by anyone")) out.push_back(*c);
        } else if (auth && iequals(mech, "LOGIN") && prev_words.size() > pv + 2) {
            out.push_back({"AUTH LOGIN: the password, base64 only", decode_or_raw(prev_words[pv + 2]), decode_or_raw(words[0])});
        } else if (earlier.size() >= 2) {
            // split_words returns views: the line they point into must outlive them.
            const std::string first_line = strip_crlf(earlier[earlier.size() - 2]);
            const auto first = split_words(first_line);
            const std::size_t fv = first.size() >= 2 && iequals(first[1], "AUTHENTICATE") ? 1 : 0;
            if (first.size() == fv + 2 && (iequals(first[fv], "AUTH") || iequals(first[fv], "AUTHENTICATE")) &&
                iequals(first[fv + 1], "LOGIN")) {
                out.push_back({"AUTH LOGIN: the password, base64 only", decode_or_raw(prev_words[0]), decode_or_raw(words[0])});
            }
        }
    }
    return out;
}

EavesdropperView eavesdropper_view(const sim::TraceEntry& e, const std::vector<std::string>& earlier) {
    EavesdropperView v;
    v.encrypted = e.encrypted;
    const bool app = e.kind == sim::TraceKind::command || e.kind == sim::TraceKind::reply ||
                     e.kind == sim::TraceKind::body;
    if (e.encrypted) {
        if (!app && tls_record_lines(e.bytes, v.lines)) return v;
        // An application entry holds the plaintext for teaching; the wire held records of it.
        const std::size_t wire = sim::tls_wire::application_data_size(e.bytes.size());
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
    if (!app && tls_record_lines(e.bytes, v.lines)) return v;  // handshake records: public
    for (std::size_t at = 0; at < e.bytes.size() && v.lines.size() < 64;) {
        const auto nl = e.bytes.find('\n', at);
        const auto end = nl == std::string::npos ? e.bytes.size() : nl + 1;
        std::string text = visible_text(std::string_view(e.bytes).substr(at, end - at), 512);
        if (!text.empty() && text.back() == '\n') text.pop_back();
        v.lines.push_back(std::move(text));
        at = end;
    }
    // A client's IMAP literal is its own entry (sim/conversation.cpp): a LOGIN password may be one.
    if (e.kind == sim::TraceKind::command || e.explain_key == "imap.literal") {
        v.credentials = exposed_credentials(e.bytes, earlier);
    }
    return v;
}

std::vector<std::string> earlier_client_entries(const sim::Trace& trace, const sim::TraceEntry& e,
                                                std::size_t count, std::size_t lookback) {
    std::vector<std::string> out;
    if (!e.conn.valid()) return out;
    const std::size_t from = std::min<std::size_t>(static_cast<std::size_t>(e.index), trace.size());
    for (std::size_t i = from, looked = 0; i-- > 0 && looked < lookback && out.size() < count; ++looked) {
        const auto& p = trace[i];
        const bool client = p.kind == sim::TraceKind::command || p.explain_key == "imap.literal";
        if (p.conn == e.conn && client) out.insert(out.begin(), p.bytes);
    }
    return out;
}

}  // namespace postlab::ui::inspect
