// SMTP server session: framing, command dispatch and the simple commands (RFC 5321 §4.1.1,
// §4.1.4, §4.2, §4.5.3); STARTTLS (RFC 3207 §4); session limits and timeouts (§4.5.3.2).
// MAIL/RCPT live in server_envelope.cpp, AUTH in server_auth.cpp, DATA in server_data.cpp.
#include "protocols/smtp/server.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/smtp/writer.hpp"

namespace postlab::smtp {

std::string_view to_string(Role role) {
    switch (role) {
        case Role::relay: return "relay (25)";
        case Role::submission: return "submission (587)";
        case Role::submissions: return "submissions (465)";
    }
    return "?";
}

Server::Server(ServerConfig config) : m_config(std::move(config)), m_data(m_config.message_size_max) {
    // RFC 8314 §3: port 465 is TLS from the first byte; the driver did the handshake.
    m_tls = m_config.role == Role::submissions;
}

void Server::start(const SessionContext& ctx) {
    m_last_activity_us = ctx.now_us;
    m_state = ServerState::need_helo;
    // RFC 5321 §4.3.1: the greeting; no enhanced code before EHLO (RFC 2034 §3).
    reply(reply_code<220>, "", fmt::format("{} ESMTP PostLab", m_config.hostname));
}

void Server::receive(std::string_view bytes, const SessionContext& ctx) {
    if (closed()) return;
    m_last_activity_us = ctx.now_us;
    while (!bytes.empty() && !closed()) {
        if (m_state == ServerState::tls_handshake) {
            violation(fmt::format("{} plaintext bytes sent before the TLS handshake discarded",
                                  bytes.size()),
                      "RFC 3207 §4.2");
            return;
        }
        if (m_state == ServerState::data) {
            bytes.remove_prefix(receive_data(bytes, ctx));
            continue;
        }
        // Feed in slices no longer than the longest legal line, so one huge read never sits
        // in the line buffer whole.
        const std::size_t n = std::min(bytes.size(), k_auth_line_length_max);
        m_lines.feed(bytes.substr(0, n));
        bytes.remove_prefix(n);
        process_input(ctx);
    }
}

void Server::process_input(const SessionContext& ctx) {
    // RFC 2920 §3.2: pipelined commands are taken in order; replies queue in m_output.
    while (m_state != ServerState::closed && m_state != ServerState::tls_handshake) {
        if (m_state == ServerState::data) {
            std::string rest = m_lines.take_raw(m_lines.buffered());
            const std::size_t used = receive_data(rest, ctx);
            m_lines.feed(std::string_view(rest).substr(used));
            if (m_state == ServerState::data) return;
            continue;
        }
        auto line = m_lines.next();
        if (!line) return;
        handle_line(*line, ctx);
    }
    if (m_state == ServerState::tls_handshake && m_lines.buffered() > 0) {
        // CVE-2011-0411: commands pipelined behind STARTTLS were sent in plaintext and must
        // not be executed inside the TLS session (RFC 3207 §4.2).
        violation(fmt::format("{} plaintext bytes pipelined after STARTTLS discarded",
                              m_lines.buffered()),
                  "RFC 3207 §4.2");
        m_lines.clear();
    }
}

void Server::handle_line(const Line& line, const SessionContext& ctx) {
    if (m_state == ServerState::auth) {
        on_auth_response(line, ctx);
        return;
    }
    if (line.error == LineError::bare_lf || line.error == LineError::bare_cr) {
        reply(reply_code<500>, "5.5.2", "Error: bare CR or LF in command line");
        violation(fmt::format("command line with {} not executed: {}", to_string(line.error),
                              printable(line.text, 80)),
                  "RFC 5321 §2.3.8");
        return;
    }
    if (line.text.find('\0') != std::string::npos) {
        reply(reply_code<500>, "5.5.2", "Error: NUL character in command line");
        violation("NUL byte in a command line: " + printable(line.text, 80), "RFC 5321 §2.4");
        return;
    }
    const CommandLine command = parse_command_line(line.text);
    const std::size_t limit =
        command.command == Command::auth ? k_auth_line_length_max : k_command_line_length_max;
    if (line.error == LineError::too_long || line.text.size() + 2 > limit) {
        reply(reply_code<500>, "5.5.2", "Error: line too long");
        violation(fmt::format("command line longer than {} octets", limit), "RFC 5321 §4.5.3.1.4");
        return;
    }
    dispatch(command, ctx);
}

void Server::dispatch(const CommandLine& command, const SessionContext& ctx) {
    if (command.command == Command::unknown) {
        reply(reply_code<500>, "5.5.2", "Error: command not recognized");
        return;
    }
    if (!command_allowed(command.command, m_state)) {
        reject_out_of_sequence(command.command);
        return;
    }
    switch (command.command) {
        case Command::ehlo: on_ehlo(command, true); break;
        case Command::helo: on_ehlo(command, false); break;
        case Command::mail: on_mail(command); break;
        case Command::rcpt: on_rcpt(command, ctx); break;
        case Command::data: on_data(command); break;
        case Command::rset: on_rset(command); break;
        case Command::noop: reply(reply_code<250>, "2.0.0", "Ok"); break;
        case Command::quit: on_quit(); break;
        case Command::vrfy: on_vrfy(command); break;
        case Command::help:
            reply(reply_code<214>, "2.0.0",
                  "Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP STARTTLS AUTH");
            break;
        case Command::starttls: on_starttls(command); break;
        case Command::auth: on_auth(command, ctx); break;
        case Command::unknown: break;
    }
}

void Server::reject_out_of_sequence(Command command) {
    // RFC 5321 §4.1.4 / §3.3: 503 for commands out of order; DATA without any accepted
    // recipient may get 554 "no valid recipients" (also what RFC 2920 §3.1 clients expect).
    if (m_state == ServerState::need_helo) {
        reply(reply_code<503>, "5.5.1", "Bad sequence of commands: send EHLO/HELO first");
    } else if (command == Command::data && m_state == ServerState::mail) {
        reply(reply_code<554>, "5.5.1", "Error: no valid recipients");
    } else if (command == Command::mail) {
        reply(reply_code<503>, "5.5.1", "Bad sequence of commands: nested MAIL command");
    } else if (command == Command::rcpt || command == Command::data) {
        reply(reply_code<503>, "5.5.1", "Bad sequence of commands: need MAIL and RCPT first");
    } else {
        reply(reply_code<503>, "5.5.1", "Bad sequence of commands: not inside a mail transaction");
    }
}

void Server::on_ehlo(const CommandLine& command, bool extended) {
    // RFC 5321 §4.1.1.1: EHLO SP ( Domain / address-literal ). Many clients send a bare host
    // name, so any single printable word is taken, within the domain length limit.
    const std::string& name = command.argument;
    const bool printable_word = std::all_of(name.begin(), name.end(), [](char c) {
        return c > ' ' && c < 127;
    });
    if (name.empty() || !printable_word || name.size() > k_domain_length_max) {
        reply(reply_code<501>, "5.5.4", extended ? "Syntax: EHLO hostname" : "Syntax: HELO hostname");
        return;
    }
    reset_transaction();  // RFC 5321 §4.1.4: EHLO in a transaction acts as RSET
    m_helo_name = name;
    m_esmtp = extended;
    m_state = ServerState::ready;
    std::vector<std::string> lines{fmt::format("{} Hello {}", m_config.hostname, name)};
    if (extended) {
        for (auto& keyword : ehlo_keywords()) lines.push_back(std::move(keyword));
    }
    reply_lines(reply_code<250>, "", lines);  // RFC 2034 §3: no enhanced code on EHLO's reply
}

std::vector<std::string> Server::ehlo_keywords() const {
    std::vector<std::string> keywords{"PIPELINING", fmt::format("SIZE {}", m_config.message_size_max),
                                      "8BITMIME", "ENHANCEDSTATUSCODES"};
    if (m_config.tls_available && !m_tls) keywords.emplace_back("STARTTLS");  // RFC 3207 §4.2
    if (auth_offered()) keywords.emplace_back("AUTH PLAIN LOGIN");           // RFC 4954 §3
    return keywords;
}

void Server::on_rset(const CommandLine& command) {
    if (!command.argument.empty()) {
        reply(reply_code<501>, "5.5.4", "Syntax: RSET");
        return;
    }
    reset_transaction();
    m_state = idle_state();
    reply(reply_code<250>, "2.0.0", "Ok");
}

void Server::on_vrfy(const CommandLine& command) {
    if (command.argument.empty()) {
        reply(reply_code<501>, "5.5.4", "Syntax: VRFY address");
        return;
    }
    // RFC 5321 §3.5.3: 252 when the server will not say whether a mailbox exists.
    reply(reply_code<252>, "2.0.0", "Cannot VRFY user, but will accept message and attempt delivery");
}

void Server::on_quit() {
    reply(reply_code<221>, "2.0.0",
          fmt::format("{} Service closing transmission channel", m_config.hostname));
    close("client sent QUIT");
}

void Server::on_starttls(const CommandLine& command) {
    if (!command.argument.empty()) {
        reply(reply_code<501>, "5.5.4", "Syntax: STARTTLS");  // RFC 3207 §4: no parameters
    } else if (m_tls) {
        reply(reply_code<554>, "5.5.1", "Error: TLS already active");
    } else if (!m_config.tls_available) {
        reply(reply_code<502>, "5.5.1", "Error: command not implemented");
    } else {
        reply(reply_code<220>, "2.0.0", "Ready to start TLS");
        m_state = ServerState::tls_handshake;
        m_wants_tls = true;
        emit(EventKind::tls_requested, "STARTTLS accepted; TLS handshake next", "RFC 3207 §4");
    }
}

void Server::tls_established(const SessionContext& ctx) {
    if (closed()) return;
    // RFC 3207 §4.2: discard all knowledge from before TLS; the client must EHLO again and
    // no AUTH survives.
    m_last_activity_us = ctx.now_us;
    m_wants_tls = false;
    m_tls = true;
    m_helo_name.clear();
    m_esmtp = false;
    m_auth_user.clear();
    m_sasl.reset();
    reset_transaction();
    m_lines.clear();
    m_state = ServerState::need_helo;
    emit(EventKind::tls_established, "TLS established; waiting for EHLO again", "RFC 3207 §4.2");
}

void Server::receive_eof(const SessionContext& ctx) {
    if (closed()) return;
    m_last_activity_us = ctx.now_us;
    if (m_state == ServerState::data) {
        violation("connection closed inside DATA; the message is discarded", "RFC 5321 §4.1.1.4");
    }
    close("client closed the connection");
}

void Server::on_timer(const SessionContext& ctx) {
    if (closed() || ctx.now_us < m_last_activity_us + k_server_timeout_us) return;
    reply(reply_code<421>, "4.4.2", fmt::format("{} Error: timeout exceeded", m_config.hostname));
    close("timeout: no command for 5 minutes (RFC 5321 §4.5.3.2.7)");
}

std::optional<TimeUs> Server::next_deadline_us() const {
    if (closed()) return std::nullopt;
    return m_last_activity_us + k_server_timeout_us;
}

std::string Server::take_output() { return std::exchange(m_output, {}); }

std::optional<Event> Server::next_event() {
    if (m_events.empty()) return std::nullopt;
    Event event = std::move(m_events.front());
    m_events.pop_front();
    return event;
}

void Server::reply(ReplyCode code, std::string_view enhanced, std::string_view text) {
    reply_lines(code, enhanced, {std::string(text)});
}

void Server::reply_lines(ReplyCode code, std::string_view enhanced,
                         const std::vector<std::string>& lines) {
    Reply out{code, {}};
    for (const auto& line : lines) {
        // RFC 2034 §3: enhanced codes once the client used EHLO.
        std::string text = m_esmtp && !enhanced.empty() ? fmt::format("{} {}", enhanced, line) : line;
        // RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets with its CRLF.
        if (text.size() > k_reply_line_length_max - 6) text.resize(k_reply_line_length_max - 6);
        out.lines.push_back(std::move(text));
    }
    m_output += write_reply(out);
}

void Server::emit(EventKind kind, std::string summary, std::string rfc) {
    Event event{kind, std::move(summary), std::move(rfc), m_auth_user, {}, {}, {}, {}, true, 0};
    m_events.push_back(std::move(event));
}

void Server::violation(std::string summary, std::string rfc) {
    emit(EventKind::protocol_violation, std::move(summary), std::move(rfc));
}

void Server::close(std::string summary) {
    m_state = ServerState::closed;
    m_wants_tls = false;
    m_lines.clear();
    emit(EventKind::session_closed, std::move(summary));
}

void Server::reset_transaction() {
    m_reverse_path.reset();
    m_forward_paths.clear();
    m_data = DataReader(m_config.message_size_max);
}

}  // namespace postlab::smtp
