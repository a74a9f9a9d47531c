// POP3 client session: response framing and the check-mail flow; see client.hpp (RFC 1939 §3-§7,
// RFC 2449 §5, RFC 2595 §4, RFC 1734 §2, RFC 8314 §3 on refusing a plaintext fallback).
#include "protocols/pop3/client.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "protocols/core/sasl.hpp"
#include "protocols/core/text.hpp"
#include "protocols/pop3/writer.hpp"

namespace postlab::pop3 {
namespace {

constexpr TimeUs k_day_us = 24LL * 60 * 60 * 1'000'000;

bool has_capability(const std::vector<Capability>& caps, std::string_view tag,
                    std::string_view param = {}) {
    return std::any_of(caps.begin(), caps.end(), [&](const Capability& c) {
        if (!iequals(c.tag, tag)) return false;
        if (param.empty()) return true;
        return std::any_of(c.params.begin(), c.params.end(),
                           [&](const std::string& p) { return iequals(p, param); });
    });
}

std::string describe(const StatusLine& s) {
    return s.code.empty() ? s.text : fmt::format("[{}] {}", s.code, s.text);
}

}  // namespace

std::string_view to_string(Client::ClientState state) {
    using S = Client::ClientState;
    switch (state) {
        case S::greeting: return "greeting";
        case S::capa: return "capa";
        case S::stls: return "stls";
        case S::auth: return "auth";
        case S::user: return "user";
        case S::pass: return "pass";
        case S::stat: return "stat";
        case S::uidl: return "uidl";
        case S::retr: return "retr";
        case S::dele: return "dele";
        case S::quit: return "quit";
        case S::done: return "done";
    }
    return "?";
}

std::string_view Client::state_name() const { return to_string(m_client_state); }

Client::Client(ClientConfig config) : m_config(std::move(config)) {
    m_tls_active = m_config.security == Security::implicit_tls;
}

void Client::start(const SessionContext& ctx) {
    if (m_started) return;
    m_started = true;
    m_last_activity_us = ctx.now_us;
    m_result.known = m_config.known;
}

void Client::receive(std::string_view bytes, const SessionContext& ctx) {
    if (m_closed || bytes.empty()) return;
    m_last_activity_us = ctx.now_us;
    if (m_wants_tls) {
        fail_hard("server sent data before the TLS handshake", "RFC 2595 §4");
        return;
    }
    m_buffer.append(bytes);
    if (m_buffer.size() > m_config.message_size_max + 2 * response_line_max) {
        fail_hard("server response too large", "RFC 1939 §3");
        return;
    }
    while (!m_closed && !m_wants_tls && process_one(ctx)) {
    }
    if (m_wants_tls && !m_buffer.empty()) {
        // RFC 2595 §4: TLS starts right after the +OK; anything behind it is not trustworthy.
        fail_hard("server sent plaintext after +OK to STLS", "RFC 2595 §4");
    }
}

bool Client::expects_multiline(const StatusLine& status) const {
    if (status.kind != StatusKind::ok) return false;
    return m_client_state == ClientState::capa || m_client_state == ClientState::uidl || m_client_state == ClientState::retr;
}

bool Client::process_one(const SessionContext& ctx) {
    if (!m_status) {
        const auto parsed = parse_status_line(m_buffer);
        if (parsed.status == ParseStatus::need_more) return false;
        if (parsed.status == ParseStatus::error) {
            fail_hard(fmt::format("bad response from server: {} ({})", to_string(parsed.error),
                                  printable(m_buffer.substr(0, 60))),
                      "RFC 2449 §3");
            return false;
        }
        m_buffer.erase(0, parsed.consumed);
        if (!expects_multiline(parsed.value)) {
            handle_response(parsed.value, {}, ctx);
            return true;
        }
        m_status = parsed.value;
        m_scan_from = 0;
    }
    // Only parse once the terminator is there, so a large RETR fed in pieces costs O(n).
    if (!m_buffer.starts_with(".\r\n") &&
        m_buffer.find("\r\n.\r\n", m_scan_from) == std::string::npos) {
        m_scan_from = m_buffer.size() >= 4 ? m_buffer.size() - 4 : 0;
        return false;
    }
    const auto body = parse_multiline(m_buffer, m_config.message_size_max);
    if (body.status != ParseStatus::complete) {
        fail_hard(fmt::format("bad multi-line response: {}", to_string(body.error)), "RFC 1939 §3");
        return false;
    }
    m_buffer.erase(0, body.consumed);
    const StatusLine status = *std::exchange(m_status, std::nullopt);
    handle_response(status, body.value, ctx);
    return true;
}

void Client::handle_response(const StatusLine& status, std::string_view body,
                             const SessionContext& ctx) {
    if (status.kind == StatusKind::continuation && m_client_state != ClientState::auth) {
        fail_hard("unexpected \"+ \" continuation", "RFC 1734 §2");
        return;
    }
    switch (m_client_state) {
        case ClientState::greeting:
            on_greeting(status);
            break;
        case ClientState::capa:
            on_capa(status, body);
            break;
        case ClientState::stls:
            on_stls(status);
            break;
        case ClientState::auth:
        case ClientState::user:
        case ClientState::pass:
            on_login_reply(status);
            break;
        case ClientState::stat:
            if (status.kind != StatusKind::ok)
                return fail_and_quit("STAT failed: " + describe(status));
            if (!parse_drop_size(status.text)) {
                return fail_and_quit("STAT reply is not \"+OK nn mm\" (RFC 1939 §5)");
            }
            send({CommandKind::uidl, {}, {}, {}, {}}, ClientState::uidl);
            break;
        case ClientState::uidl:
            on_uidl(status, body, ctx);
            break;
        case ClientState::retr:
            on_retr(status, body, ctx);
            break;
        case ClientState::dele:
            if (status.kind != StatusKind::ok)
                return fail_and_quit("DELE failed: " + describe(status));
            m_marked.push_back(m_actions[m_action_index].uidl);
            ++m_action_index;
            next_action();
            break;
        case ClientState::quit:
            on_quit(status);
            break;
        case ClientState::done:
            break;
    }
    if (m_client_state == ClientState::done && !m_closed) finish();
}

void Client::on_greeting(const StatusLine& status) {
    if (status.kind != StatusKind::ok) {
        m_result.error = "server refused the connection: " + describe(status);
        m_client_state = ClientState::done;
        return;
    }
    send({CommandKind::capa, {}, {}, {}, {}}, ClientState::capa);
}

void Client::on_capa(const StatusLine& status, std::string_view body) {
    // RFC 2449 §5: -ERR means an old server without CAPA; carry on with the basics.
    m_caps.clear();
    if (status.kind == StatusKind::ok)
        m_caps = parse_capabilities(body).value_or(std::vector<Capability>{});
    if (m_config.security == Security::starttls && !m_tls_active) {
        if (!has_capability(m_caps, "STLS")) {
            // RFC 2595 §2.2 privacy mode and RFC 8314 §3: no silent fallback to plaintext.
            m_result.error =
                "server does not offer STLS; refusing to send the password in "
                "plaintext (RFC 2595, RFC 8314)";
            send({CommandKind::quit, {}, {}, {}, {}}, ClientState::quit);
            return;
        }
        send({CommandKind::stls, {}, {}, {}, {}}, ClientState::stls);
        return;
    }
    begin_login();
}

void Client::on_stls(const StatusLine& status) {
    if (status.kind != StatusKind::ok) {
        m_result.error = "server refused STLS: " + describe(status);
        send({CommandKind::quit, {}, {}, {}, {}}, ClientState::quit);
        return;
    }
    m_wants_tls = true;
    emit(EventKind::tls_requested, "STLS accepted; starting TLS", "RFC 2595 §4");
}

void Client::tls_established(const SessionContext& ctx) {
    m_last_activity_us = ctx.now_us;
    m_wants_tls = false;
    m_tls_active = true;
    emit(EventKind::tls_established, "TLS established; asking CAPA again", "RFC 2595 §4");
    // RFC 2595 §4: forget what was learned before TLS and re-issue CAPA.
    m_caps.clear();
    send({CommandKind::capa, {}, {}, {}, {}}, ClientState::capa);
}

void Client::begin_login() {
    if (has_capability(m_caps, "SASL", "PLAIN")) {
        SaslClient sasl(SaslMechanism::plain, {"", m_config.user, m_config.password});
        send({CommandKind::auth, "PLAIN", sasl.initial_response().value_or(""), {}, {}},
             ClientState::auth);
        return;
    }
    send({CommandKind::user, m_config.user, {}, {}, {}}, ClientState::user);
}

void Client::on_login_reply(const StatusLine& status) {
    if (status.kind == StatusKind::continuation) {
        // PLAIN sent everything up front; a server that still asks gets it again, once.
        if (++m_continuations > 1) return fail_and_quit("server keeps asking for SASL data");
        SaslClient sasl(SaslMechanism::plain, {"", m_config.user, m_config.password});
        m_output += sasl.respond(status.text) + "\r\n";
        return;
    }
    if (status.kind == StatusKind::err) {
        Event e{EventKind::auth_failed,
                describe(status),
                "RFC 1939 §7",
                m_config.user,
                {},
                {},
                {},
                {},
                false,
                0};
        m_events.push_back(std::move(e));
        return fail_and_quit("login failed: " + describe(status));
    }
    if (m_client_state == ClientState::user) {
        send({CommandKind::pass, m_config.password, {}, {}, {}}, ClientState::pass);
        return;
    }
    m_logged_in = true;
    emit(EventKind::auth_succeeded, fmt::format("logged in as {}", m_config.user), "RFC 1939 §4");
    send({CommandKind::stat, {}, {}, {}, {}}, ClientState::stat);
}

void Client::on_uidl(const StatusLine& status, std::string_view body, const SessionContext& ctx) {
    if (status.kind != StatusKind::ok) {
        return fail_and_quit("server does not support UIDL: " + describe(status));
    }
    m_listing = parse_listing(body);
    if (!m_listing) return fail_and_quit("malformed UIDL listing (RFC 1939 §7)");
    plan_actions(*m_listing, ctx);
    next_action();
}

void Client::plan_actions(const std::vector<ListingEntry>& listing, const SessionContext& ctx) {
    const int days = m_config.remove_after_days;
    const auto old_enough = [&](TimeUs first_seen_us) {
        return days > 0 && ctx.now_us - first_seen_us >= static_cast<TimeUs>(days) * k_day_us;
    };
    m_actions.clear();
    for (const ListingEntry& entry : listing) {
        const KnownMessage* seen = known(entry.value);
        if (!seen) m_actions.push_back({CommandKind::retr, entry.message, entry.value});
        const TimeUs first_seen_us = seen ? seen->first_seen_us : ctx.now_us;
        if (!m_config.leave_on_server || old_enough(first_seen_us)) {
            m_actions.push_back({CommandKind::dele, entry.message, entry.value});
        }
    }
    m_action_index = 0;
}

void Client::next_action() {
    if (m_action_index >= m_actions.size()) {
        send({CommandKind::quit, {}, {}, {}, {}}, ClientState::quit);
        return;
    }
    const Action& a = m_actions[m_action_index];
    send({a.kind, {}, {}, a.message, {}}, a.kind == CommandKind::retr ? ClientState::retr : ClientState::dele);
}

void Client::on_retr(const StatusLine& status, std::string_view body, const SessionContext& ctx) {
    const Action& a = m_actions[m_action_index];
    if (status.kind != StatusKind::ok) {
        return fail_and_quit(fmt::format("RETR {} failed: {}", a.message, describe(status)));
    }
    Event e{EventKind::message_retrieved,
            fmt::format("downloaded message {} ({} octets)", a.message, body.size()),
            "RFC 1939 §5",
            m_config.user,
            {},
            {},
            std::string(body),
            a.uidl,
            true,
            body.size()};
    m_events.push_back(std::move(e));
    m_result.downloaded.push_back({a.uidl, std::string(body)});
    m_result.known.push_back({a.uidl, ctx.now_us});
    ++m_action_index;
    next_action();
}

void Client::on_quit(const StatusLine& status) {
    // RFC 1939 §6: the deletions happen in UPDATE, which only a +OK to QUIT confirms.
    if (status.kind == StatusKind::ok) {
        if (m_logged_in) m_result.deleted = m_marked;
    } else if (m_result.error.empty()) {
        m_result.error = "QUIT failed; deletions not committed: " + describe(status);
    }
    m_client_state = ClientState::done;
}

void Client::send(const Command& command, ClientState next) {
    m_output += write_command(command);
    m_client_state = next;
}

void Client::fail_and_quit(std::string error) {
    if (m_result.error.empty()) m_result.error = std::move(error);
    send({CommandKind::quit, {}, {}, {}, {}}, ClientState::quit);
}

void Client::fail_hard(std::string error, std::string rfc) {
    emit(EventKind::protocol_violation, error, std::move(rfc));
    if (m_result.error.empty()) m_result.error = std::move(error);
    m_buffer.clear();
    m_status.reset();
    finish();
}

void Client::finish() {
    if (m_closed) return;
    m_client_state = ClientState::done;
    m_closed = true;
    m_wants_tls = false;
    // Forget what the server no longer has: what we deleted, and what vanished from its UIDL.
    auto& known_list = m_result.known;
    std::erase_if(known_list, [&](const KnownMessage& k) {
        const bool deleted = std::find(m_result.deleted.begin(), m_result.deleted.end(), k.uidl) !=
                             m_result.deleted.end();
        const bool vanished =
            m_listing && std::none_of(m_listing->begin(), m_listing->end(),
                                      [&](const ListingEntry& e) { return e.value == k.uidl; });
        return deleted || vanished;
    });
    m_result.done = true;
    m_result.ok = m_result.error.empty();
    Event e{EventKind::result,
            m_result.ok ? fmt::format("check done: {} downloaded, {} deleted",
                                      m_result.downloaded.size(), m_result.deleted.size())
                        : "check failed: " + m_result.error,
            {},
            m_config.user,
            {},
            {},
            {},
            {},
            m_result.ok,
            m_result.downloaded.size()};
    m_events.push_back(std::move(e));
    emit(EventKind::session_closed, "POP3 session closed");
}

const KnownMessage* Client::known(std::string_view uidl) const {
    for (const auto& k : m_config.known) {
        if (k.uidl == uidl) return &k;
    }
    return nullptr;
}

void Client::emit(EventKind kind, std::string summary, std::string rfc) {
    Event e{kind, std::move(summary), std::move(rfc), m_config.user, {}, {}, {}, {}, true, 0};
    m_events.push_back(std::move(e));
}

void Client::receive_eof(const SessionContext& /*ctx*/) {
    if (m_closed) return;
    if (m_client_state != ClientState::quit && m_result.error.empty()) {
        m_result.error = "server closed the connection";
    } else if (m_client_state == ClientState::quit && m_result.error.empty()) {
        m_result.error = "connection closed before the reply to QUIT; deletions not confirmed";
    }
    finish();
}

void Client::on_timer(const SessionContext& ctx) {
    const auto deadline = next_deadline_us();
    if (!deadline || ctx.now_us < *deadline) return;
    if (m_result.error.empty()) m_result.error = "timed out waiting for the server";
    finish();
}

std::string Client::take_output() {
    return std::exchange(m_output, {});
}

std::optional<Event> Client::next_event() {
    if (m_events.empty()) return std::nullopt;
    Event e = std::move(m_events.front());
    m_events.pop_front();
    return e;
}

std::optional<TimeUs> Client::next_deadline_us() const {
    if (!m_started || m_closed) return std::nullopt;
    return m_last_activity_us + m_config.response_timeout_us;
}

State Client::state() const {
    if (!m_logged_in) return State::authorization;
    return m_client_state == ClientState::quit || m_client_state == ClientState::done ? State::update : State::transaction;
}

}  // namespace postlab::pop3
