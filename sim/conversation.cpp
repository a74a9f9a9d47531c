// Splitting session output into trace entries per protocol (RFC 5321 §4.2 multi-line replies and
// §4.1.1.4 DATA; RFC 1939 §3 multi-line responses and byte-stuffing; RFC 9051 §4.3 literals).
#include "sim/conversation.hpp"

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/imap/parser.hpp"
#include "protocols/smtp/state_table.hpp"

namespace postlab::sim {

namespace {

constexpr std::string_view crlf = "\r\n";
constexpr std::string_view dot_end = "\r\n.\r\n";  // RFC 5321 §4.1.1.4, RFC 1939 §3

std::string line_summary(std::string_view prefix, std::string_view bytes) {
    const auto end = bytes.find(crlf);
    const std::string_view first = bytes.substr(0, end);
    const bool more = end != std::string_view::npos && end + 2 < bytes.size();
    return fmt::format("{}{}{}", prefix, printable(first, 200), more ? " ..." : "");
}

// RFC 9051 §4.3: the octets a literal announced at the end of `line` ({n} or {n+}), if any.
std::optional<std::uint64_t> literal_at_end(std::string_view line) {
    const imap::LiteralSpec spec = imap::literal_at_end(line);
    return spec.valid ? std::optional(spec.size) : std::nullopt;
}

AppMessage message(TraceKind kind, std::string bytes, std::string summary, std::string key) {
    return AppMessage{kind, std::move(bytes), std::move(summary), std::move(key)};
}

}  // namespace

std::string Conversation::take(Side from, std::size_t n) {
    std::string& pending = m_pending[index_of(from)];
    std::string out = pending.substr(0, n);
    pending.erase(0, n);
    return out;
}

std::vector<AppMessage> Conversation::feed(Side from, std::string_view bytes) {
    m_pending[index_of(from)] += bytes;
    std::vector<AppMessage> out;
    while (!m_pending[index_of(from)].empty()) {
        auto messages = next(from);
        if (!messages) break;
        for (auto& m : *messages) out.push_back(std::move(m));
    }
    return out;
}

std::vector<AppMessage> Conversation::flush(Side from) {
    std::vector<AppMessage> out;
    std::string& pending = m_pending[index_of(from)];
    if (pending.empty()) return out;
    const std::string_view who = from == Side::client ? "C: " : "S: ";
    std::string bytes = std::move(pending);
    pending.clear();
    out.push_back(message(from == Side::client ? TraceKind::command : TraceKind::reply, bytes,
                          line_summary(who, bytes) + " (incomplete)", m_protocol + ".incomplete"));
    return out;
}

std::optional<std::vector<AppMessage>> Conversation::next(Side from) {
    if (m_protocol == "smtp") return from == Side::client ? smtp_client() : smtp_server();
    if (m_protocol == "pop3") return from == Side::client ? pop3_client() : pop3_server();
    if (m_protocol == "imap") return from == Side::client ? imap_client() : imap_server();
    std::string bytes = take(from, m_pending[index_of(from)].size());
    std::string summary = line_summary(from == Side::client ? "C: " : "S: ", bytes);
    return std::vector{message(from == Side::client ? TraceKind::command : TraceKind::reply,
                               std::move(bytes), std::move(summary), {})};
}

std::optional<std::vector<AppMessage>> Conversation::smtp_client() {
    const std::string& pending = m_pending[0];
    if (m_smtp_body_next) {
        // An empty message is just the terminating ".\r\n"; otherwise CRLF.CRLF ends it.
        const std::size_t end =
            pending.starts_with(".\r\n") ? 3 : (pending.find(dot_end) == std::string::npos
                                                   ? std::string::npos
                                                   : pending.find(dot_end) + dot_end.size());
        if (end == std::string::npos) return std::nullopt;
        m_smtp_body_next = false;
        std::string bytes = take(Side::client, end);
        auto summary = fmt::format("C: message body, {} bytes", bytes.size());
        return std::vector{message(TraceKind::body, std::move(bytes), std::move(summary), "smtp.body")};
    }
    const auto eol = pending.find(crlf);
    if (eol == std::string::npos) return std::nullopt;
    std::string bytes = take(Side::client, eol + 2);
    std::string key;
    if (m_continuation) {
        m_continuation = false;
        key = "smtp.auth.response";  // RFC 4954 §4: a base64 line answering a 334 challenge
    } else {
        const std::string verb = ascii_upper(split_first_word(std::string_view(bytes).substr(0, eol)).first);
        key = smtp::command_from_verb(verb) ? "smtp.command." + verb : "smtp.command.unknown";
    }
    auto summary = line_summary("C: ", bytes);
    return std::vector{message(TraceKind::command, std::move(bytes), std::move(summary), std::move(key))};
}

std::optional<std::vector<AppMessage>> Conversation::smtp_server() {
    const std::string& pending = m_pending[1];
    // RFC 5321 §4.2.1: "250-" continues a reply, "250 " (or a bare code) ends it.
    std::size_t at = 0;
    for (;;) {
        const auto eol = pending.find(crlf, at);
        if (eol == std::string::npos) return std::nullopt;
        const bool last = eol - at < 4 || pending[at + 3] != '-';
        at = eol + 2;
        if (last) break;
    }
    std::string bytes = take(Side::server, at);
    const std::string code = bytes.substr(0, 3);
    if (code == "354") m_smtp_body_next = true;
    m_continuation = code == "334";
    m_server_spoke = true;
    auto summary = line_summary("S: ", bytes);
    return std::vector{message(TraceKind::reply, std::move(bytes), std::move(summary), "smtp.reply." + code)};
}

std::optional<std::vector<AppMessage>> Conversation::pop3_client() {
    const auto eol = m_pending[0].find(crlf);
    if (eol == std::string::npos) return std::nullopt;
    std::string bytes = take(Side::client, eol + 2);
    std::string key;
    if (m_continuation) {
        m_continuation = false;
        key = "pop3.auth.response";  // RFC 1734 §2: a base64 line answering a "+ " challenge
    } else {
        const auto words = split_words(std::string_view(bytes).substr(0, eol));
        const std::string keyword = words.empty() ? std::string{} : ascii_upper(words[0]);
        const bool has_arg = words.size() > 1;
        Pop3Expect expect;
        expect.body = keyword == "RETR" || keyword == "TOP";
        expect.multiline = expect.body || keyword == "CAPA" ||
                           ((keyword == "LIST" || keyword == "UIDL") && !has_arg);
        m_pop3_expect.push_back(expect);
        key = "pop3.command." + keyword;
    }
    auto summary = line_summary("C: ", bytes);
    return std::vector{message(TraceKind::command, std::move(bytes), std::move(summary), std::move(key))};
}

std::optional<std::vector<AppMessage>> Conversation::pop3_server() {
    const std::string& pending = m_pending[1];
    const auto eol = pending.find(crlf);
    if (eol == std::string::npos) return std::nullopt;
    if (pending.starts_with("+ ") || pending.starts_with("+\r\n")) {
        m_continuation = true;
        std::string bytes = take(Side::server, eol + 2);
        auto summary = line_summary("S: ", bytes);
        return std::vector{message(TraceKind::reply, std::move(bytes), std::move(summary), "pop3.reply.continuation")};
    }
    const bool greeting = !m_server_spoke;
    Pop3Expect expect;
    if (!greeting && !m_pop3_expect.empty()) expect = m_pop3_expect.front();
    const bool ok = pending.starts_with("+OK");
    std::size_t end = eol + 2;
    if (ok && expect.multiline) {
        const auto term = pending.find(dot_end, eol);  // the status line's CRLF starts it
        if (term == std::string::npos) return std::nullopt;
        end = term + dot_end.size();
    }
    if (!greeting && !m_pop3_expect.empty()) m_pop3_expect.pop_front();
    m_server_spoke = true;
    const std::string key = greeting ? "pop3.greeting" : (ok ? "pop3.reply.+OK" : "pop3.reply.-ERR");
    if (ok && expect.body) {
        std::string status = take(Side::server, eol + 2);
        std::string body = take(Side::server, end - eol - 2);
        auto status_summary = line_summary("S: ", status);
        auto body_summary = fmt::format("S: message body, {} bytes", body.size());
        return std::vector{message(TraceKind::reply, std::move(status), std::move(status_summary), key),
                           message(TraceKind::body, std::move(body), std::move(body_summary), "pop3.body")};
    }
    std::string bytes = take(Side::server, end);
    auto summary = line_summary("S: ", bytes);
    return std::vector{message(TraceKind::reply, std::move(bytes), std::move(summary), key)};
}

std::optional<std::vector<AppMessage>> Conversation::imap_client() {
    const std::string& pending = m_pending[0];
    if (m_imap_literal > 0) {
        if (pending.size() < m_imap_literal) return std::nullopt;
        // The literal and the rest of its command line (usually just CRLF) form one entry.
        const auto eol = pending.find(crlf, static_cast<std::size_t>(m_imap_literal));
        if (eol == std::string::npos) return std::nullopt;
        const auto size = m_imap_literal;
        m_continuation = false;  // the "+" that asked for this literal is answered
        std::string bytes = take(Side::client, eol + 2);
        m_imap_literal = literal_at_end(std::string_view(bytes).substr(0, bytes.size() - 2)).value_or(0);
        auto summary = fmt::format("C: literal, {} bytes", size);
        return std::vector{message(TraceKind::body, std::move(bytes), std::move(summary), "imap.literal")};
    }
    const auto eol = pending.find(crlf);
    if (eol == std::string::npos) return std::nullopt;
    std::string bytes = take(Side::client, eol + 2);
    const std::string_view line = std::string_view(bytes).substr(0, eol);
    m_imap_literal = literal_at_end(line).value_or(0);
    std::string key;
    if (m_continuation) {
        m_continuation = false;
        key = iequals(line, "DONE") ? "imap.command.DONE" : "imap.continuation_response";
    } else {
        const auto words = split_words(line);
        std::string name = words.size() > 1 ? ascii_upper(words[1]) : std::string{};
        if (name == "UID" && words.size() > 2) name += "_" + ascii_upper(words[2]);
        key = "imap.command." + name;
    }
    auto summary = line_summary("C: ", bytes);
    return std::vector{message(TraceKind::command, std::move(bytes), std::move(summary), std::move(key))};
}

std::optional<std::vector<AppMessage>> Conversation::imap_server() {
    const std::string& pending = m_pending[1];
    std::size_t at = 0;
    std::uint64_t literal_bytes = 0;
    for (;;) {  // a response with literals continues after each literal (RFC 9051 §4.3)
        const auto eol = pending.find(crlf, at);
        if (eol == std::string::npos) return std::nullopt;
        const auto n = literal_at_end(std::string_view(pending).substr(at, eol - at));
        at = eol + 2;
        if (!n) break;
        if (pending.size() - at < *n) return std::nullopt;
        at += static_cast<std::size_t>(*n);
        literal_bytes += *n;
    }
    std::string bytes = take(Side::server, at);
    const auto words = split_words(std::string_view(bytes).substr(0, bytes.find(crlf)));
    std::string key;
    if (!m_server_spoke) {
        key = "imap.greeting";
    } else if (!words.empty() && words[0] == "+") {
        m_continuation = true;
        key = "imap.continuation";
    } else if (!words.empty() && words[0] == "*") {
        std::string word = words.size() > 1 ? ascii_upper(words[1]) : std::string{};
        if (!word.empty() && word[0] >= '0' && word[0] <= '9' && words.size() > 2) word = ascii_upper(words[2]);
        key = "imap.untagged." + word;
    } else {
        key = "imap.tagged." + (words.size() > 1 ? ascii_upper(words[1]) : std::string{});
    }
    m_server_spoke = true;
    auto summary = line_summary("S: ", bytes);
    if (literal_bytes > 0) summary += fmt::format(" (literal data, {} bytes)", literal_bytes);
    return std::vector{message(TraceKind::reply, std::move(bytes), std::move(summary), std::move(key))};
}

}  // namespace postlab::sim
