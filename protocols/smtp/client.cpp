// The SMTP client session; see client.hpp. RFC 5321 §3 (procedures), §4.2 (replies), §4.5.2
// (dot-stuffing), §4.5.3.2 (client timeouts); RFC 3207, RFC 4954, RFC 2920, RFC 1870.
#include "protocols/smtp/client.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/smtp/writer.hpp"

namespace postlab::smtp {
namespace {

constexpr TimeUs k_minute_us = TimeUs{60} * 1'000'000;
constexpr int k_sasl_rounds_max = 5;  // PLAIN needs 1, LOGIN 2; more is a looping server

// RFC 5321 §4.5.3.2: how long the client waits for each reply.
TimeUs timeout_for(ClientState step) {
    switch (step) {
        case ClientState::data: return 2 * k_minute_us;      // §4.5.3.2.4 DATA initiation
        case ClientState::message: return 10 * k_minute_us;  // §4.5.3.2.6 DATA termination
        default: return 5 * k_minute_us;                     // §4.5.3.2.1-3 greeting, MAIL, RCPT
    }
}

std::string reply_summary(const Reply& reply) { return fmt::format("{} {}", reply.code.value(), reply.text()); }

bool has_8bit(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

}  // namespace

std::string_view to_string(ClientState state) {
    switch (state) {
        case ClientState::greeting: return "waiting for greeting";
        case ClientState::ehlo: return "EHLO sent";
        case ClientState::helo: return "HELO sent";
        case ClientState::starttls: return "STARTTLS sent";
        case ClientState::tls_handshake: return "TLS handshake";
        case ClientState::auth: return "AUTH exchange";
        case ClientState::mail: return "MAIL sent";
        case ClientState::rcpt: return "RCPT sent";
        case ClientState::data: return "DATA sent";
        case ClientState::message: return "message sent";
        case ClientState::quit: return "QUIT sent";
        case ClientState::closed: return "closed";
    }
    return "?";
}

Client::Client(ClientConfig config) : m_config(std::move(config)) {
    m_tls = m_config.security == Security::implicit_tls;  // the driver shook hands before start()
    m_expect.push_back({ClientState::greeting});
}

void Client::start(const SessionContext& ctx) { m_last_activity_us = ctx.now_us; }

ClientState Client::state() const {
    if (m_closed) return ClientState::closed;
    if (m_wants_tls) return ClientState::tls_handshake;
    return m_expect.empty() ? ClientState::closed : m_expect.front().step;
}

void Client::receive(std::string_view bytes, const SessionContext& ctx) {
    if (m_closed) return;
    m_last_activity_us = ctx.now_us;
    if (m_wants_tls) {
        // Bytes after "220 Ready to start TLS" but before the handshake were not protected by
        // TLS; a man in the middle may have injected them (RFC 3207 §4.2, CVE-2011-1575).
        emit(EventKind::protocol_violation, "plaintext reply bytes before the TLS handshake discarded",
             "RFC 3207 §4.2");
        return;
    }
    // Appended in slices and parsed after each, so a reply line that never ends costs at most
    // one reply line of memory plus one slice (RFC 5321 §4.5.3.1.5).
    while (!bytes.empty() && !m_closed && !m_wants_tls) {
        const std::size_t n = std::min(bytes.size(), k_reply_line_length_max);
        m_input.append(bytes.substr(0, n));
        bytes.remove_prefix(n);
        parse_input();
    }
    if (m_wants_tls && (!m_input.empty() || !bytes.empty())) {
        emit(EventKind::protocol_violation, "reply bytes pipelined after the STARTTLS reply discarded",
             "RFC 3207 §4.2");
        m_input.clear();
    }
}

void Client::parse_input() {
    while (!m_closed && !m_wants_tls) {
        ReplyParse parsed = parse_reply(m_input);
        if (parsed.status == ParseStatus::need_more) return;
        if (parsed.status == ParseStatus::error) {
            emit(EventKind::protocol_violation, "malformed reply: " + parsed.error, "RFC 5321 §4.2");
            finish(false, "malformed reply from server: " + parsed.error, false);
            return;
        }
        m_input.erase(0, parsed.consumed);
        on_reply(*parsed.reply);
    }
}

void Client::on_reply(const Reply& reply) {
    if (m_expect.empty()) {
        emit(EventKind::protocol_violation, "unexpected reply: " + reply_summary(reply), "RFC 5321 §4.2");
        finish(false, "unexpected reply from server: " + reply_summary(reply), false);
        return;
    }
    const Expect expect = m_expect.front();
    m_expect.pop_front();
    // Once the result is known, replies to commands already pipelined are only drained.
    if (m_result.done && expect.step != ClientState::quit) return;
    // RFC 5321 §3.8: 421 may come at any time; the server is closing the channel.
    if (reply.code.value() == 421 && expect.step != ClientState::quit) {
        finish(false, "server is closing the connection: " + reply_summary(reply), false);
        return;
    }
    switch (expect.step) {
        case ClientState::greeting: on_greeting(reply); break;
        case ClientState::ehlo: on_ehlo(reply, true); break;
        case ClientState::helo: on_ehlo(reply, false); break;
        case ClientState::starttls: on_starttls(reply); break;
        case ClientState::auth: on_auth(reply); break;
        case ClientState::mail: on_mail(reply); break;
        case ClientState::rcpt: on_rcpt(reply, expect.recipient); break;
        case ClientState::data: on_data(reply); break;
        case ClientState::message: on_message(reply); break;
        case ClientState::quit:
        case ClientState::tls_handshake:
        case ClientState::closed: close_now(); break;
    }
}

void Client::on_greeting(const Reply& reply) {
    if (reply.code.value() != 220) {
        finish(false, "server refused the session: " + reply_summary(reply));  // RFC 5321 §3.1
        return;
    }
    send(write_command(Command::ehlo, m_config.helo_name), ClientState::ehlo);
}

void Client::on_ehlo(const Reply& reply, bool was_ehlo) {
    if (reply.code.completion()) {
        m_capabilities = parse_ehlo_reply(reply);
        m_pipelining = m_capabilities.has("PIPELINING");
        after_hello();
        return;
    }
    // RFC 5321 §3.2: a server that does not know EHLO answers 500 or 502; fall back to HELO.
    if (was_ehlo && (reply.code.value() == 500 || reply.code.value() == 502)) {
        send(write_command(Command::helo, m_config.helo_name), ClientState::helo);
        return;
    }
    finish(false, "server refused EHLO/HELO: " + reply_summary(reply));
}

void Client::after_hello() {
    const bool opportunistic = m_config.security == Security::none && m_config.starttls_if_offered &&
                               m_capabilities.has("STARTTLS") && !m_starttls_declined;
    if (opportunistic && !m_tls) {
        send(write_command(Command::starttls), ClientState::starttls);
        return;
    }
    if (m_config.security == Security::starttls && !m_tls) {
        if (!m_capabilities.has("STARTTLS")) {
            finish(false,
                   "server does not offer STARTTLS; refusing to continue in plaintext "
                   "(RFC 3207 §4, RFC 8314)");
            return;
        }
        send(write_command(Command::starttls), ClientState::starttls);
        return;
    }
    if (m_config.credentials && !m_authenticated) {
        start_auth();
        return;
    }
    start_transaction();
}

void Client::on_starttls(const Reply& reply) {
    if (reply.code.value() != 220 && m_config.security == Security::none) {
        // RFC 3207 §4: after 454 the client decides; an opportunistic one goes on in plaintext
        // (the reply itself is in the trace, with its explanation).
        m_starttls_declined = true;
        after_hello();
        return;
    }
    if (reply.code.value() != 220) {
        finish(false, "server refused STARTTLS: " + reply_summary(reply));
        return;
    }
    m_wants_tls = true;
    emit(EventKind::tls_requested, "STARTTLS accepted; starting the TLS handshake", "RFC 3207 §4");
}

void Client::tls_established(const SessionContext& ctx) {
    if (m_closed || !m_wants_tls) return;
    m_last_activity_us = ctx.now_us;
    m_wants_tls = false;
    m_tls = true;
    m_input.clear();
    // RFC 3207 §4.2: forget what the server said in plaintext and ask again.
    m_capabilities = {};
    emit(EventKind::tls_established, "TLS established; sending EHLO again", "RFC 3207 §4.2");
    send(write_command(Command::ehlo, m_config.helo_name), ClientState::ehlo);
}

void Client::start_auth() {
    if (!m_capabilities.has("AUTH") && !m_capabilities.offers_auth("PLAIN") &&
        !m_capabilities.offers_auth("LOGIN")) {
        finish(false, "server does not offer AUTH; cannot authenticate (RFC 4954 §3)");
        return;
    }
    const bool plain = m_capabilities.offers_auth("PLAIN");
    if (!plain && !m_capabilities.offers_auth("LOGIN")) {
        finish(false, "no common SASL mechanism: the server offers neither PLAIN nor LOGIN");
        return;
    }
    m_sasl.emplace(plain ? SaslMechanism::plain : SaslMechanism::login, *m_config.credentials);
    m_auth_rounds = 0;
    // RFC 4954 §4: PLAIN goes with an initial response, saving a round trip.
    const auto initial = m_sasl->initial_response();
    const std::string argument = initial ? fmt::format("PLAIN {}", *initial) : "LOGIN";
    send(write_command(Command::auth, argument), ClientState::auth);
}

void Client::on_auth(const Reply& reply) {
    const std::string user = m_config.credentials ? m_config.credentials->authcid : "";
    if (reply.code.value() == 334 && m_sasl && ++m_auth_rounds <= k_sasl_rounds_max) {
        send(m_sasl->respond(reply.lines.front()) + "\r\n", ClientState::auth);
        return;
    }
    if (reply.code.value() == 235) {
        m_authenticated = true;
        m_sasl.reset();
        emit(EventKind::auth_succeeded, fmt::format("{} authenticated", user), "RFC 4954 §4");
        m_events.back().user = user;
        start_transaction();
        return;
    }
    m_sasl.reset();
    emit(EventKind::auth_failed, "authentication failed: " + reply_summary(reply), "RFC 4954 §4");
    m_events.back().user = user;
    finish(false, "authentication failed: " + reply_summary(reply));
}

std::string Client::mail_command() const {
    std::vector<MailParameter> parameters;
    // RFC 1870 §6: declare the size when the server announced SIZE.
    if (m_capabilities.size_max()) parameters.push_back({"SIZE", std::to_string(m_config.message.size())});
    // RFC 6152 §2: 8-bit text needs BODY=8BITMIME.
    if (m_capabilities.has("8BITMIME") && has_8bit(m_config.message)) parameters.push_back({"BODY", "8BITMIME"});
    return write_mail_from(*Path::from_address(m_config.reverse_path), parameters);
}

void Client::start_transaction() {
    if (!Path::from_address(m_config.reverse_path)) {
        finish(false, fmt::format("invalid sender address <{}>", m_config.reverse_path));
        return;
    }
    m_forward_paths.clear();
    for (const auto& address : m_config.recipients) {
        auto path = Path::from_address(address);
        if (!path || path->is_null()) {
            finish(false, fmt::format("invalid recipient address <{}>", address));
            return;
        }
        m_forward_paths.push_back(std::move(*path));
    }
    if (m_forward_paths.empty()) {
        finish(false, "no recipients");
        return;
    }
    m_result.recipients.clear();
    send(mail_command(), ClientState::mail);
    if (!m_pipelining) return;
    // RFC 2920 §3.1: MAIL, every RCPT and DATA go as one group; DATA ends the group.
    for (std::size_t i = 0; i < m_forward_paths.size(); ++i) send_rcpt(i);
    send(write_command(Command::data), ClientState::data);
}

void Client::send_rcpt(std::size_t index) {
    send(write_rcpt_to(m_forward_paths[index]), ClientState::rcpt, index);
}

void Client::on_mail(const Reply& reply) {
    if (reply.code.completion()) {
        if (!m_pipelining) send_rcpt(0);
        return;
    }
    if (!m_pipelining) {
        finish(false, "sender rejected: " + reply_summary(reply));
        return;
    }
    // The pipelined RCPTs and DATA will fail too; their replies are drained before QUIT.
    m_transaction_error = "sender rejected: " + reply_summary(reply);
}

void Client::on_rcpt(const Reply& reply, std::size_t index) {
    const bool accepted = reply.code.completion();
    m_result.recipients.push_back({m_forward_paths[index].address(), reply.code.value(), reply.text(), accepted});
    if (m_pipelining) return;
    if (index + 1 < m_forward_paths.size()) {
        send_rcpt(index + 1);
    } else if (any_recipient_accepted()) {
        send(write_command(Command::data), ClientState::data);
    } else {
        finish(false, "no recipient was accepted");
    }
}

bool Client::any_recipient_accepted() const {
    return std::any_of(m_result.recipients.begin(), m_result.recipients.end(),
                       [](const RecipientResult& r) { return r.accepted; });
}

void Client::on_data(const Reply& reply) {
    const bool can_send = m_transaction_error.empty() && any_recipient_accepted();
    if (reply.code.value() == 354) {
        // RFC 2920 §3.1: a server may say 354 although every RCPT failed; end the data at once.
        send(can_send ? dot_stuff(m_config.message) : std::string(".\r\n"), ClientState::message);
        return;
    }
    if (!m_transaction_error.empty()) finish(false, m_transaction_error);
    else if (!any_recipient_accepted()) finish(false, "no recipient was accepted");
    else finish(false, "DATA refused: " + reply_summary(reply));
}

void Client::on_message(const Reply& reply) {
    m_result.final_code = reply.code.value();
    m_result.final_text = reply.text();
    if (!m_transaction_error.empty() || !any_recipient_accepted()) {
        finish(false, m_transaction_error.empty() ? "no recipient was accepted" : m_transaction_error);
    } else if (reply.code.completion()) {
        finish(true, "");
    } else {
        finish(false, "message rejected: " + reply_summary(reply));
    }
}

void Client::send(std::string bytes, ClientState step, std::size_t recipient) {
    m_output += bytes;
    m_expect.push_back({step, recipient});
}

void Client::finish(bool ok, std::string error, bool send_quit) {
    if (!m_result.done) {
        m_result.done = true;
        m_result.ok = ok;
        m_result.error = std::move(error);
        std::size_t accepted = 0;
        for (const auto& r : m_result.recipients) accepted += r.accepted ? 1 : 0;
        const std::string summary =
            ok ? fmt::format("message delivered to {} of {} recipient(s): {} {}", accepted,
                             m_result.recipients.size(), m_result.final_code, m_result.final_text)
               : "failed: " + m_result.error;
        Event event{EventKind::result, summary, "", {}, m_config.reverse_path, {}, {}, {}, ok, accepted};
        if (m_config.credentials) event.user = m_config.credentials->authcid;
        for (const auto& r : m_result.recipients) {
            if (r.accepted) event.forward_paths.push_back(r.address);
        }
        m_events.push_back(std::move(event));
    }
    if (send_quit && !m_closed) {
        send(write_command(Command::quit), ClientState::quit);  // RFC 5321 §4.1.1.10
    } else {
        close_now();
    }
}

void Client::close_now() {
    if (m_closed) return;
    m_closed = true;
    m_wants_tls = false;
    m_expect.clear();
    emit(EventKind::session_closed, m_result.ok ? "session finished" : "session ended: " + m_result.error);
}

void Client::receive_eof(const SessionContext& ctx) {
    if (m_closed) return;
    m_last_activity_us = ctx.now_us;
    finish(false, "connection closed by the server", false);
}

void Client::on_timer(const SessionContext& ctx) {
    const auto deadline = next_deadline_us();
    if (!deadline || ctx.now_us < *deadline) return;
    finish(false, fmt::format("timeout: no reply while {} (RFC 5321 §4.5.3.2)", to_string(state())), false);
}

std::optional<TimeUs> Client::next_deadline_us() const {
    if (m_closed || m_wants_tls || m_expect.empty()) return std::nullopt;
    return m_last_activity_us + timeout_for(m_expect.front().step);
}

std::string Client::take_output() { return std::exchange(m_output, {}); }

std::optional<Event> Client::next_event() {
    if (m_events.empty()) return std::nullopt;
    Event event = std::move(m_events.front());
    m_events.pop_front();
    return event;
}

void Client::emit(EventKind kind, std::string summary, std::string rfc) {
    m_events.push_back(Event{kind, std::move(summary), std::move(rfc), {}, {}, {}, {}, {}, true, 0});
}

}  // namespace postlab::smtp
