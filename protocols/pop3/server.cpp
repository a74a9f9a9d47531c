// POP3 server session: greeting, line framing, dispatch through the state table, CAPA, STLS,
// QUIT, EOF and the autologout timer (RFC 1939 §3-§6, RFC 2449 §4-§5, RFC 2595 §4).
// Login is in server_auth.cpp, the TRANSACTION commands in server_transaction.cpp.
#include "protocols/pop3/server.hpp"

#include <fmt/format.h>

#include <utility>

#include "protocols/core/text.hpp"
#include "protocols/pop3/state_table.hpp"
#include "protocols/pop3/writer.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::pop3 {

Server::Server(ServerConfig config) : m_config(std::move(config)) {
    m_tls_active = m_config.implicit_tls;
}

void Server::start(const SessionContext& ctx) {
    if (m_started) return;
    m_started = true;
    m_last_activity_us = ctx.now_us;
    m_session_id = ctx.store ? ctx.store->next_session_id() : 0;
    std::string greeting = fmt::format("{} POP3 ready", m_config.hostname);
    if (m_config.apop_enabled) {
        // RFC 1939 §7: a timestamp unique per greeting, "<process-ID.clock@hostname>" style;
        // the session id and the virtual clock make it unique without randomness.
        m_timestamp =
            fmt::format("<{}.{}@{}>", m_session_id, ctx.now_us / 1'000'000, m_config.hostname);
        greeting += ' ' + m_timestamp;
    }
    reply(ok(greeting));
}

void Server::receive(std::string_view bytes, const SessionContext& ctx) {
    if (m_closed || bytes.empty()) return;
    m_last_activity_us = ctx.now_us;
    if (m_wants_tls) {
        // RFC 2595 §4: nothing may follow STLS before the TLS handshake.
        violation(
            fmt::format("discarded {} plaintext bytes sent before the TLS handshake", bytes.size()),
            "RFC 2595 §4");
        return;
    }
    m_reader.feed(bytes);
    while (!m_closed && !m_wants_tls) {
        auto line = m_reader.next();
        if (!line) break;
        handle_line(*line, ctx);
    }
}

void Server::receive_eof(const SessionContext& ctx) {
    if (m_closed) return;
    // RFC 1939 §6: only QUIT enters UPDATE; a dropped connection removes nothing.
    const std::size_t marked = m_drop.size() - live_count();
    close_session(marked > 0 ? fmt::format("connection closed without QUIT; {} deletion(s) "
                                           "not committed (RFC 1939 §6)",
                                           marked)
                             : std::string("connection closed without QUIT"),
                  ctx);
}

void Server::on_timer(const SessionContext& ctx) {
    const auto deadline = next_deadline_us();
    if (!deadline || ctx.now_us < *deadline) return;
    // RFC 1939 §3: on autologout the server closes without a response and without UPDATE.
    close_session("autologout after 10 minutes of inactivity; nothing committed (RFC 1939 §3)",
                  ctx);
}

void Server::tls_established(const SessionContext& ctx) {
    m_last_activity_us = ctx.now_us;
    m_wants_tls = false;
    m_tls_active = true;
    emit(EventKind::tls_established, "TLS established; still in AUTHORIZATION", "RFC 2595 §4");
}

std::string Server::take_output() {
    return std::exchange(m_output, {});
}

std::optional<Event> Server::next_event() {
    if (m_events.empty()) return std::nullopt;
    Event e = std::move(m_events.front());
    m_events.pop_front();
    return e;
}

std::optional<TimeUs> Server::next_deadline_us() const {
    if (m_closed || !m_started) return std::nullopt;
    return m_last_activity_us + autologout_us;
}

void Server::handle_line(const Line& line, const SessionContext& ctx) {
    if (line.error != LineError::none) {
        handle_line_error(line);
        return;
    }
    if (m_sasl) {
        handle_sasl_line(line.text, ctx);
        return;
    }
    const auto parsed = parse_command_line(line.text);
    if (parsed.status != ParseStatus::complete) {
        m_pending_user.reset();
        handle_parse_error(parsed, line.text);
        return;
    }
    const Command& command = parsed.value;
    // RFC 1939 §7: PASS only immediately after USER.
    if (command.kind != CommandKind::pass) m_pending_user.reset();
    if (!command_allowed(m_state, command.kind)) {
        reply(err(
            fmt::format("{} not allowed in {} state", keyword(command.kind), to_string(m_state))));
        violation(fmt::format("{} sent in {} state", keyword(command.kind), to_string(m_state)),
                  std::string(command_rule(command.kind).rfc));
        return;
    }
    dispatch(command, ctx);
}

void Server::handle_line_error(const Line& line) {
    if (m_sasl) {
        m_sasl.reset();
        m_reader.set_line_length_max(command_line_max);
    }
    m_pending_user.reset();
    if (line.error == LineError::too_long) {
        reply(err("line too long"));
        violation(fmt::format("command line over {} octets: {}", command_line_max,
                              printable(line.text, 40)),
                  "RFC 2449 §4");
        return;
    }
    reply(err("lines must end with CRLF"));
    violation(fmt::format("{} in line: {}", to_string(line.error), printable(line.text, 60)),
              "RFC 1939 §3");
}

void Server::handle_parse_error(const ParseResult<Command>& parsed, std::string_view text) {
    switch (parsed.error) {
        case ParseError::unknown_command:
            // Clients probe for optional commands (RFC 2449 §1); -ERR is the expected answer.
            reply(err("unknown command"));
            return;
        case ParseError::bad_arguments: {
            const auto kind = parse_keyword(split_first_word(text).first);
            const std::string_view syntax = kind ? command_rule(*kind).syntax : "";
            reply(err(fmt::format("syntax: {}", syntax)));
            violation(fmt::format("bad arguments: {}", printable(text, 60)), "RFC 1939 §3");
            return;
        }
        default:
            reply(err("invalid characters in command"));
            violation(
                fmt::format("{} in command: {}", to_string(parsed.error), printable(text, 60)),
                "RFC 1939 §3");
            return;
    }
}

void Server::dispatch(const Command& c, const SessionContext& ctx) {
    switch (c.kind) {
        case CommandKind::user:
            handle_user(c);
            return;
        case CommandKind::pass:
            handle_pass(c, ctx);
            return;
        case CommandKind::apop:
            handle_apop(c, ctx);
            return;
        case CommandKind::auth:
            handle_auth(c, ctx);
            return;
        case CommandKind::capa:
            handle_capa();
            return;
        case CommandKind::stls:
            handle_stls();
            return;
        case CommandKind::quit:
            handle_quit(ctx);
            return;
        case CommandKind::stat:
            handle_stat();
            return;
        case CommandKind::list:
            handle_list(c);
            return;
        case CommandKind::retr:
            handle_retr(c, ctx);
            return;
        case CommandKind::top:
            handle_top(c, ctx);
            return;
        case CommandKind::dele:
            handle_dele(c);
            return;
        case CommandKind::noop:
            reply(ok(""));
            return;
        case CommandKind::rset:
            handle_rset();
            return;
        case CommandKind::uidl:
            handle_uidl(c);
            return;
    }
}

void Server::handle_capa() {
    // RFC 2449 §5-§6; RFC 3206 §6 AUTH-RESP-CODE; RFC 2595 §4: STLS only while it is permitted.
    const bool login_offered = !(m_config.require_tls_for_login && !m_tls_active);
    std::vector<Capability> caps = {{"TOP", {}}};
    if (login_offered) {
        caps.push_back({"USER", {}});
        caps.push_back({"SASL", {"PLAIN"}});
    }
    caps.push_back({"RESP-CODES", {}});
    caps.push_back({"AUTH-RESP-CODE", {}});
    caps.push_back({"PIPELINING", {}});
    caps.push_back({"UIDL", {}});
    if (m_config.tls_available && !m_tls_active && m_state == State::authorization) {
        caps.push_back({"STLS", {}});
    }
    caps.push_back({"IMPLEMENTATION", {"PostLab"}});
    reply(ok("Capability list follows"));
    reply(write_capabilities(caps) + ".\r\n");
}

void Server::handle_stls() {
    if (m_tls_active) {
        reply(err("Command not permitted when TLS active"));  // RFC 2595 §4 example
        return;
    }
    if (!m_config.tls_available) {
        reply(err("STLS not available"));
        return;
    }
    reply(ok("Begin TLS negotiation"));
    m_wants_tls = true;
    emit(EventKind::tls_requested, "STLS accepted; TLS handshake follows", "RFC 2595 §4");
    // RFC 2595 §4 (as RFC 3207 §4.2 for SMTP): plaintext pipelined behind STLS could be an
    // attacker's injection; it must not be executed inside the TLS session.
    const std::size_t injected = m_reader.buffered();
    m_reader.clear();
    if (injected > 0) {
        violation(
            fmt::format("discarded {} bytes pipelined after STLS (command injection)", injected),
            "RFC 2595 §4");
    }
}

void Server::handle_quit(const SessionContext& ctx) {
    if (m_state == State::transaction) {
        enter_update(ctx);
        return;
    }
    reply(ok(fmt::format("{} POP3 server signing off", m_config.hostname)));
    close_session("QUIT", ctx);
}

void Server::close_session(std::string_view summary, const SessionContext& ctx) {
    if (m_locked && ctx.store) ctx.store->unlock_maildrop(m_user, m_session_id);
    m_locked = false;
    m_sasl.reset();
    m_closed = true;
    emit(EventKind::session_closed, std::string(summary));
}

void Server::emit(EventKind kind, std::string summary, std::string rfc) {
    Event e{kind, std::move(summary), std::move(rfc), m_user, {}, {}, {}, {}, true, 0};
    m_events.push_back(std::move(e));
}

void Server::violation(std::string summary, std::string rfc) {
    emit(EventKind::protocol_violation, std::move(summary), std::move(rfc));
}

}  // namespace postlab::pop3
