// POP3 framing: RFC 1939 §3 (status lines, multi-line responses ending in ".", byte-stuffing),
// §7 (USER / PASS), RFC 1734 §2 and RFC 5034 §4 (AUTH and its "+ " challenges).
#include "protocols/pop3/framer.hpp"

#include <fmt/format.h>

#include "protocols/core/text.hpp"

namespace postlab::pop3 {

using core::Peer;

namespace {
constexpr std::string_view crlf = "\r\n";
constexpr std::string_view dot_end = "\r\n.\r\n";
constexpr std::string_view pass_how = "POP3 PASS: the password in plain text";
}  // namespace

std::optional<std::vector<core::Frame>> Framer::from_client() {
    const auto eol = pending(Peer::client).find(crlf);
    if (eol == std::string::npos) return std::nullopt;
    std::string bytes = take(Peer::client, eol + 2);
    const std::string_view line = std::string_view(bytes).substr(0, eol);
    std::string keyword, key;
    std::optional<core::Credential> credential;
    if (m_continuation) {
        m_continuation = false;
        key = "pop3.auth.response";
        credential = m_sasl.response(line);
    } else {
        const auto words = split_words(line);
        keyword = words.empty() ? std::string{} : ascii_upper(words[0]);
        const bool has_arg = words.size() > 1;
        Expect expect;
        expect.body = keyword == "RETR" || keyword == "TOP";
        expect.multiline = expect.body || keyword == "CAPA" || ((keyword == "LIST" || keyword == "UIDL") && !has_arg);
        m_expect.push_back(expect);
        key = "pop3.command." + keyword;
        if (keyword == "PASS" && has_arg) {
            credential = core::Credential{std::string(pass_how), m_user, std::string(line.substr(5))};
        } else if (keyword == "AUTH" && has_arg) {
            credential = m_sasl.start(words[1], words.size() > 2 ? words[2] : std::string_view{});
        }
        m_user = keyword == "USER" && has_arg ? std::string(words[1]) : std::string{};
    }
    return std::vector{core::command_frame(std::move(bytes), std::move(keyword), std::move(key), std::move(credential))};
}

std::optional<std::vector<core::Frame>> Framer::from_server() {
    const std::string& p = pending(Peer::server);
    const auto eol = p.find(crlf);
    if (eol == std::string::npos) return std::nullopt;
    if (p.starts_with("+ ") || p.starts_with("+\r\n")) {
        m_continuation = true;
        return std::vector{core::reply_frame(take(Peer::server, eol + 2), "+", "pop3.reply.continuation")};
    }
    const bool greeting = !m_server_spoke;
    Expect expect;
    if (!greeting && !m_expect.empty()) expect = m_expect.front();
    const bool ok = p.starts_with("+OK");
    std::size_t end = eol + 2;
    if (ok && expect.multiline) {
        const auto term = p.find(dot_end, eol);  // the status line's CRLF starts it
        if (term == std::string::npos) return std::nullopt;
        end = term + dot_end.size();
    }
    if (!greeting && !m_expect.empty()) m_expect.pop_front();
    m_server_spoke = true;
    // The status word as sent ("+OK", "-ERR"): lesson checks match on it (RFC 1939 §3).
    std::string status(split_first_word(std::string_view(p).substr(0, eol)).first);
    const std::string key = greeting ? "pop3.greeting" : (ok ? "pop3.reply.+OK" : "pop3.reply.-ERR");
    if (ok && expect.body) {
        auto line = core::reply_frame(take(Peer::server, eol + 2), std::move(status), key);
        auto summary = fmt::format("S: message body, {} bytes", end - eol - 2);
        return std::vector{std::move(line), core::data_frame(take(Peer::server, end - eol - 2), std::move(summary), "pop3.body")};
    }
    return std::vector{core::reply_frame(take(Peer::server, end), std::move(status), key)};
}

}  // namespace postlab::pop3
