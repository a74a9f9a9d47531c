// IMAP framing: RFC 9051 §4.3 (literals, synchronizing and RFC 7888 non-synchronizing), §7
// (responses: tagged, untagged, continuation), §6.2.2-§6.2.3 (AUTHENTICATE, LOGIN).
#include "protocols/imap/framer.hpp"

#include <fmt/format.h>

#include <utility>

#include "protocols/core/text.hpp"
#include "protocols/imap/parser.hpp"

namespace postlab::imap {

using core::Peer;

namespace {

constexpr std::string_view crlf = "\r\n";

std::optional<std::uint64_t> announced(std::string_view line) {
    const LiteralSpec spec = literal_at_end(line);
    return spec.valid ? std::optional(spec.size) : std::nullopt;
}

// RFC 9051 §6.2.3: tag SP "LOGIN" SP userid SP password, both astrings, read with the server's
// own grammar: what it would not accept is not reported as a password.
std::optional<core::Credential> login_credential(std::string_view command) {
    const ParseResult parsed = parse_command(command);
    if (parsed.status != ParseStatus::complete || parsed.consumed != command.size()) return std::nullopt;
    const auto& args = parsed.command.args;
    if (!iequals(parsed.command.name, "LOGIN") || args.size() != 2 || !args[0].is_astring() || !args[1].is_astring()) {
        return std::nullopt;
    }
    const bool literal = args[0].kind == TokenKind::literal || args[1].kind == TokenKind::literal;
    std::string how = literal ? "IMAP LOGIN: user and password in plain text (a literal {n} is plain text too)"
                              : "IMAP LOGIN: user and password in plain text";
    return core::Credential{std::move(how), args[0].text, args[1].text};
}

}  // namespace

std::optional<core::Credential> Framer::command_part(std::string_view bytes, bool starts_command) {
    if (starts_command) {
        const auto words = split_words(bytes.substr(0, bytes.find('\r')));
        m_in_login = words.size() > 1 && iequals(words[1], "LOGIN");
        m_login.clear();
    }
    if (!m_in_login) return std::nullopt;
    m_login += bytes;
    if (m_literal > 0) return std::nullopt;  // more of the command follows the literal
    m_in_login = false;
    return login_credential(std::exchange(m_login, {}));
}

std::optional<std::vector<core::Frame>> Framer::client_literal() {
    const std::string& p = pending(Peer::client);
    if (p.size() < m_literal) return std::nullopt;
    // The literal and the rest of its command line (usually just CRLF) form one frame.
    const auto eol = p.find(crlf, static_cast<std::size_t>(m_literal));
    if (eol == std::string::npos) return std::nullopt;
    const auto size = m_literal;
    m_continuation = false;  // the "+" that asked for this literal is answered
    std::string bytes = take(Peer::client, eol + 2);
    m_literal = announced(std::string_view(bytes).substr(0, bytes.size() - 2)).value_or(0);
    auto credential = command_part(bytes, false);
    auto frame = core::data_frame(std::move(bytes), fmt::format("C: literal, {} bytes", size), "imap.literal");
    frame.credential = std::move(credential);
    return std::vector{std::move(frame)};
}

std::optional<std::vector<core::Frame>> Framer::from_client() {
    if (m_literal > 0) return client_literal();
    const auto eol = pending(Peer::client).find(crlf);
    if (eol == std::string::npos) return std::nullopt;
    std::string bytes = take(Peer::client, eol + 2);
    const std::string_view line = std::string_view(bytes).substr(0, eol);
    m_literal = announced(line).value_or(0);
    std::string verb, key;
    std::optional<core::Credential> credential;
    if (m_continuation) {
        m_continuation = false;
        const bool done = iequals(line, "DONE");
        if (done) verb = "DONE";
        else credential = m_sasl.response(line);
        key = done ? "imap.command.DONE" : "imap.continuation_response";
    } else {
        const auto words = split_words(line);
        verb = words.size() > 1 ? ascii_upper(words[1]) : std::string{};
        std::string name = verb;
        if (verb == "UID" && words.size() > 2) {
            verb += " " + ascii_upper(words[2]);
            name += "_" + ascii_upper(words[2]);
        }
        key = "imap.command." + name;
        if (verb == "AUTHENTICATE" && words.size() > 2) {
            credential = m_sasl.start(words[2], words.size() > 3 ? words[3] : std::string_view{});
        }
        if (!credential) credential = command_part(bytes, true);
    }
    return std::vector{core::command_frame(std::move(bytes), std::move(verb), std::move(key), std::move(credential))};
}

std::optional<std::vector<core::Frame>> Framer::from_server() {
    const std::string& p = pending(Peer::server);
    std::size_t at = 0;
    std::uint64_t literal_bytes = 0;
    for (;;) {  // a response with literals continues after each literal (RFC 9051 §4.3)
        const auto eol = p.find(crlf, at);
        if (eol == std::string::npos) return std::nullopt;
        const auto n = announced(std::string_view(p).substr(at, eol - at));
        at = eol + 2;
        if (!n) break;
        if (p.size() - at < *n) return std::nullopt;
        at += static_cast<std::size_t>(*n);
        literal_bytes += *n;
    }
    std::string bytes = take(Peer::server, at);
    const auto words = split_words(std::string_view(bytes).substr(0, bytes.find(crlf)));
    std::string verb, key;
    if (!words.empty() && words[0] == "+" && m_server_spoke) {
        m_continuation = true;
        verb = "+";
        key = "imap.continuation";
    } else {
        // Tagged "a1 OK", untagged "* OK" / "* 3 EXISTS": the status or data word.
        verb = words.size() > 1 ? ascii_upper(words[1]) : std::string{};
        const bool untagged = !words.empty() && words[0] == "*";
        if (untagged && !verb.empty() && verb[0] >= '0' && verb[0] <= '9' && words.size() > 2) verb = ascii_upper(words[2]);
        key = !m_server_spoke ? "imap.greeting" : (untagged ? "imap.untagged." : "imap.tagged.") + verb;
    }
    m_server_spoke = true;
    auto frame = core::reply_frame(std::move(bytes), std::move(verb), std::move(key));
    if (literal_bytes > 0) frame.summary += fmt::format(" (literal data, {} bytes)", literal_bytes);
    return std::vector{std::move(frame)};
}

}  // namespace postlab::imap
