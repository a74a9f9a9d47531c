// SMTP framing: RFC 5321 §4.2.1 (multi-line replies), §4.1.1.4 (DATA ends with CRLF.CRLF),
// RFC 4954 §4 (AUTH and its 334 challenges).
#include "protocols/smtp/framer.hpp"

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/smtp/state_table.hpp"

namespace postlab::smtp {

using core::Peer;

namespace {
constexpr std::string_view crlf = "\r\n";
constexpr std::string_view dot_end = "\r\n.\r\n";
}  // namespace

std::optional<std::vector<core::Frame>> Framer::from_client() {
    const std::string& p = pending(Peer::client);
    if (m_body_next) {
        // An empty message is just the terminating ".\r\n"; otherwise CRLF.CRLF ends it.
        const auto term = p.find(dot_end);
        const std::size_t end = p.starts_with(".\r\n") ? 3 : (term == std::string::npos ? term : term + dot_end.size());
        if (end == std::string::npos) return std::nullopt;
        m_body_next = false;
        auto summary = fmt::format("C: message body, {} bytes", end);
        return std::vector{core::data_frame(take(Peer::client, end), std::move(summary), "smtp.body")};
    }
    const auto eol = p.find(crlf);
    if (eol == std::string::npos) return std::nullopt;
    std::string bytes = take(Peer::client, eol + 2);
    const std::string_view line = std::string_view(bytes).substr(0, eol);
    std::string verb, key;
    std::optional<core::Credential> credential;
    if (m_continuation) {
        m_continuation = false;
        key = "smtp.auth.response";
        credential = m_sasl.response(line);
    } else {
        verb = ascii_upper(split_first_word(line).first);
        key = command_from_verb(verb) ? "smtp.command." + verb : "smtp.command.unknown";
        const auto words = split_words(line);
        if (verb == "AUTH" && words.size() >= 2) {
            credential = m_sasl.start(words[1], words.size() > 2 ? words[2] : std::string_view{});
        }
    }
    return std::vector{core::command_frame(std::move(bytes), std::move(verb), std::move(key), std::move(credential))};
}

std::optional<std::vector<core::Frame>> Framer::from_server() {
    const std::string& p = pending(Peer::server);
    // RFC 5321 §4.2.1: "250-" continues a reply, "250 " (or a bare code) ends it.
    std::size_t at = 0;
    for (;;) {
        const auto eol = p.find(crlf, at);
        if (eol == std::string::npos) return std::nullopt;
        const bool last = eol - at < 4 || p[at + 3] != '-';
        at = eol + 2;
        if (last) break;
    }
    std::string bytes = take(Peer::server, at);
    std::string code = bytes.substr(0, 3);
    if (code == "354") m_body_next = true;
    m_continuation = code == "334";
    auto key = "smtp.reply." + code;
    return std::vector{core::reply_frame(std::move(bytes), std::move(code), std::move(key))};
}

}  // namespace postlab::smtp
