// IMAP client session: response framing, dispatch of tagged replies, sending with literals
// (RFC 9051 §7.6 continuation, RFC 7888 LITERAL+), timeouts and failures; see client.hpp.
#include "protocols/imap/client.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "protocols/core/text.hpp"

namespace postlab::imap {
namespace {

// RFC 2683 §3.2.1.5: lines can be long (a FETCH with ENVELOPE); 64 KiB is generous and bounded.
constexpr std::size_t k_line_length_max = 64 * 1024 + 2;
constexpr std::size_t k_response_slack = 256 * 1024;  // lines around the literals of a response

}  // namespace

std::string_view to_string(Client::ClientState state) {
    switch (state) {
        case Client::ClientState::greeting: return "greeting";
        case Client::ClientState::capability: return "capability";
        case Client::ClientState::starttls: return "starttls";
        case Client::ClientState::authenticate: return "authenticate";
        case Client::ClientState::enable: return "enable";
        case Client::ClientState::list: return "list";
        case Client::ClientState::replay: return "replay";
        case Client::ClientState::sync: return "sync";
        case Client::ClientState::idle: return "idle";
        case Client::ClientState::logout: return "logout";
        case Client::ClientState::done: return "done";
    }
    return "?";
}

std::string_view Client::state_name() const { return to_string(m_client_state); }

LocalFolder* LocalCache::folder(std::string_view name) {
    for (auto& f : folders) {
        if (f.name == name || (iequals(name, "INBOX") && iequals(f.name, "INBOX"))) return &f;
    }
    return nullptr;
}

const LocalFolder* LocalCache::folder(std::string_view name) const {
    return const_cast<LocalCache*>(this)->folder(name);
}

Client::Client(ClientConfig config, LocalCache cache, std::vector<PendingAction> queue)
    : m_config(std::move(config)),
      m_cache(std::move(cache)),
      m_queue(std::move(queue)),
      m_reader(k_line_length_max, m_config.fetch_body_max,
               m_config.fetch_body_max + k_response_slack,
               std::max<std::uint64_t>(skip_literal_max, m_config.fetch_body_max)) {}

void Client::start(const SessionContext& ctx) {
    if (m_started) return;
    m_started = true;
    m_now_us = ctx.now_us;
    m_last_activity_us = ctx.now_us;
    m_tls = m_config.security == Security::implicit_tls;
}

void Client::receive(std::string_view bytes, const SessionContext& ctx) {
    m_now_us = ctx.now_us;
    if (m_closed || bytes.empty()) return;
    m_last_activity_us = ctx.now_us;
    if (m_wants_tls) {
        fail_hard("server sent data before the TLS handshake", "RFC 9051 §6.2.1");
        return;
    }
    m_reader.feed(bytes);
    process(ctx);
}

void Client::process(const SessionContext& ctx) {
    while (!m_closed && !m_wants_tls) {
        auto next = m_reader.next();
        if (next.status == ResponseReader::Status::need_more) break;
        if (next.status == ResponseReader::Status::error) {
            fail_hard("bad response from server: " + next.error, next.rfc);
            return;
        }
        on_response(next.response, ctx);
    }
    if (m_wants_tls && m_reader.buffered() > 0) {
        // Bytes behind the OK to STARTTLS were not protected by TLS: never trust them.
        fail_hard("server sent plaintext after the OK to STARTTLS", "RFC 9051 §6.2.1");
    }
}

void Client::on_response(const Response& r, const SessionContext& ctx) {
    switch (r.kind) {
        case ResponseKind::continuation: on_continuation(r); return;
        case ResponseKind::tagged: on_tagged(r, ctx); return;
        case ResponseKind::status:
            if (m_client_state == ClientState::greeting) return on_greeting(r, ctx);
            return on_status(r);
        case ResponseKind::data:
            if (m_client_state == ClientState::greeting) {
                return fail_hard("server sent data before its greeting", "RFC 9051 §7.1");
            }
            return on_data(r);
    }
}

void Client::on_tagged(const Response& r, const SessionContext& ctx) {
    if (m_tag.empty() || r.tag != m_tag) {
        return fail_hard(fmt::format("tagged reply for a command never sent ({})", printable(r.tag)),
                         "RFC 9051 §2.2.2");
    }
    const Step step = m_step;
    m_tag.clear();
    m_step = Step::none;
    m_literal_parts.clear();
    m_idling = false;
    on_code(r);
    const bool ok = r.status == "OK";
    switch (step) {
        case Step::none: break;
        case Step::capability:
            if (!ok) return fail("CAPABILITY failed: " + r.text, ctx);
            after_capability(ctx);
            break;
        case Step::starttls:
            if (!ok) return fail("server refused STARTTLS: " + r.text, ctx);
            m_wants_tls = true;
            emit(EventKind::tls_requested, "STARTTLS accepted", "RFC 9051 §6.2.1");
            return;
        case Step::authenticate:
        case Step::login: on_auth_done(r, ctx); break;
        case Step::enable: m_client_state = ClientState::list; break;
        case Step::list: on_list_done(r, ctx); break;
        case Step::select: on_select_done(r, ctx); break;
        case Step::search: on_search_done(r); break;
        case Step::fetch_new:
        case Step::fetch_flags: on_sync_step_done(r, ctx); break;
        case Step::action: on_action_done(r); break;
        case Step::idle: on_idle_done(r); break;
        case Step::logout: return finish_closed("logged out");
    }
    advance(ctx);
}

void Client::on_continuation(const Response& r) {
    if (!m_literal_parts.empty()) {
        m_output += m_literal_parts.front();
        m_literal_parts.pop_front();
        return;
    }
    if (m_step == Step::idle && !m_idling) {
        m_idling = true;  // RFC 2177 §3: "+ idling"; updates may now come at any time
        m_idle_started = true;
        m_idle_since_us = m_now_us;
        if (m_idle_wake || m_logout_requested || m_failing) leave_idle();
        return;
    }
    if (m_step == Step::authenticate && m_sasl && m_sasl_rounds < 3) {
        ++m_sasl_rounds;
        m_output += m_sasl->respond(r.text) + "\r\n";
        return;
    }
    if (m_step == Step::authenticate) {
        m_output += "*\r\n";  // RFC 9051 §6.2.2: cancel an exchange that does not end
        return;
    }
    violation("continuation request while no command waits for one", "RFC 9051 §7.6");
}

std::string Client::next_tag() { return fmt::format("A{:03}", ++m_tag_counter); }

void Client::send(std::string text, Step step) { send_parts({std::move(text) + "\r\n"}, step); }

void Client::send_parts(std::vector<std::string> parts, Step step) {
    if (parts.empty()) return;
    m_tag = next_tag();
    m_step = step;
    m_output += m_tag + ' ' + parts.front();
    m_literal_parts.assign(std::next(parts.begin()), parts.end());
    m_last_activity_us = m_now_us;
}

void Client::advance(const SessionContext& ctx) {
    if (m_closed || !m_tag.empty() || m_wants_tls || !m_started || m_client_state == ClientState::greeting) {
        return;
    }
    if (m_failing || m_logout_requested) {
        if (m_state != State::logout) send_logout();
        return;
    }
    switch (m_client_state) {
        case ClientState::greeting:
        case ClientState::done: return;
        case ClientState::capability: return send("CAPABILITY", Step::capability);
        case ClientState::starttls: return send("STARTTLS", Step::starttls);
        case ClientState::authenticate: return begin_auth();
        case ClientState::enable: return send_enable();
        case ClientState::list: return send("LIST \"\" \"*\"", Step::list);
        case ClientState::replay: return replay_next(ctx);
        case ClientState::sync: return sync_next(ctx);
        case ClientState::idle: return enter_idle();
        case ClientState::logout: return send_logout();
    }
}

void Client::send_logout() {
    m_client_state = ClientState::logout;
    send("LOGOUT", Step::logout);
}

void Client::logout() {
    m_logout_requested = true;
    if (m_closed || !m_started) return;
    if (m_idling) return leave_idle();
    if (m_client_state == ClientState::greeting) return;  // LOGOUT as soon as the greeting is in
    advance(SessionContext{nullptr, m_now_us});
}

void Client::enqueue(PendingAction a) {
    m_queue.push_back(std::move(a));
    if (m_closed || !m_started) return;
    if (m_step == Step::idle) {
        m_idle_wake = true;  // IDLE sent or running: DONE as soon as possible (RFC 2177 §3)
        return leave_idle();
    }
    // Between commands in the idle phase (e.g. DONE answered): replay first.
    if (m_client_state == ClientState::idle && m_tag.empty()) m_client_state = ClientState::replay;
    advance(SessionContext{nullptr, m_now_us});
}

void Client::receive_eof(const SessionContext& ctx) {
    m_now_us = ctx.now_us;
    if (m_closed) return;
    if (m_step == Step::logout || m_bye_received) {
        if (m_step == Step::logout && !m_failing) return finish_closed("logged out");
        if (m_result.error.empty()) m_result.error = "server closed the connection: " + m_bye_text;
        return finish_closed("server closed the connection");
    }
    // RFC 9051 §7.1.5: a server says BYE before it closes; a silent close is a broken session.
    fail_hard("server closed the connection without BYE", "RFC 9051 §7.1.5");
}

void Client::on_timer(const SessionContext& ctx) {
    m_now_us = ctx.now_us;
    if (m_closed) return;
    if (m_idling) {
        // RFC 2177 §3: servers may log out a client idle for 30 minutes; re-issue before.
        if (ctx.now_us >= m_idle_since_us + m_config.idle_reissue_us) leave_idle();
        return;
    }
    const bool waiting = !m_tag.empty() || m_client_state == ClientState::greeting;
    if (waiting && ctx.now_us >= m_last_activity_us + m_config.response_timeout_us) {
        fail_hard("no response from the server in time", "");
    }
}

void Client::tls_established(const SessionContext& ctx) {
    m_now_us = ctx.now_us;
    if (!m_wants_tls) return;
    m_wants_tls = false;
    m_tls = true;
    emit(EventKind::tls_established, "TLS established", "RFC 9051 §6.2.1");
    // RFC 9051 §6.2.1: capabilities learned before TLS are discarded and asked for again.
    m_caps.clear();
    m_caps_known = false;
    m_client_state = ClientState::capability;
    advance(ctx);
}

std::string Client::take_output() { return std::exchange(m_output, {}); }

std::optional<Event> Client::next_event() {
    if (m_events.empty()) return std::nullopt;
    Event e = std::move(m_events.front());
    m_events.pop_front();
    return e;
}

std::optional<TimeUs> Client::next_deadline_us() const {
    if (m_closed || !m_started) return std::nullopt;
    if (m_idling) return m_idle_since_us + m_config.idle_reissue_us;
    if (!m_tag.empty() || m_client_state == ClientState::greeting) {
        return m_last_activity_us + m_config.response_timeout_us;
    }
    return std::nullopt;
}

bool Client::has_capability(std::string_view name) const {
    for (const auto& c : m_caps) {
        if (iequals(c, name)) return true;
    }
    return false;
}

void Client::fail(std::string error, const SessionContext& ctx) {
    if (m_failing || m_closed) return;
    m_failing = true;
    m_result.ok = false;
    m_result.error = std::move(error);
    emit_result(false, m_result.error);
    m_client_state = ClientState::logout;
    if (m_idling) return leave_idle();
    advance(ctx);
}

void Client::fail_hard(std::string error, std::string rfc) {
    if (m_closed) return;
    if (!rfc.empty()) violation(error, rfc);
    m_result.ok = false;
    if (!m_failing) {
        m_result.error = std::move(error);
        emit_result(false, m_result.error, rfc);
    }
    m_failing = true;
    finish_closed("connection closed by the client");
}

void Client::finish_closed(std::string summary) {
    m_closed = true;
    m_idling = false;
    m_result.done = true;
    m_client_state = ClientState::done;
    m_state = State::logout;
    emit(EventKind::session_closed, std::move(summary));
}

void Client::violation(std::string summary, std::string rfc) {
    emit(EventKind::protocol_violation, std::move(summary), std::move(rfc));
}

void Client::emit(EventKind kind, std::string summary, std::string rfc) {
    push_event(kind, std::move(summary), std::move(rfc));
}

Event& Client::push_event(EventKind kind, std::string summary, std::string rfc) {
    Event e;
    e.kind = kind;
    e.summary = std::move(summary);
    e.rfc = std::move(rfc);
    e.user = m_config.user;
    m_events.push_back(std::move(e));
    return m_events.back();
}

void Client::emit_result(bool ok, std::string summary, std::string rfc) {
    push_event(EventKind::result, std::move(summary), std::move(rfc)).ok = ok;
}

}  // namespace postlab::imap
