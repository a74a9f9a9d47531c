// The HTTP/1.1 client connection; see client.hpp (RFC 9112 §6.3, §9.3, §9.5, RFC 9110 §15.2).
#include "protocols/http/client.hpp"

#include <fmt/format.h>

#include <utility>

#include "protocols/http/writer.hpp"

namespace postlab::http {

Client::Client(ClientConfig config) : m_config(std::move(config)), m_parser(m_config.limits) {
    m_tls_active = m_config.implicit_tls;
}

void Client::start(const SessionContext& ctx) {
    m_last_activity_us = ctx.now_us;  // nothing to say until a request is sent
}

void Client::send(Request request) {
    if (m_closed || m_closing) {
        emit(EventKind::result, fmt::format("{} {} not sent: the connection is closing", request.method, request.target),
             "RFC 9112 §9.6", false);
        return;
    }
    if (!request.headers.find("Host")) request.headers.add("Host", m_config.host);  // RFC 9112 §3.2
    const bool keep_alive = persists(request.version, request.headers);
    m_output += write_request(request);
    m_expected.push_back(Expected{request.method, keep_alive});
    if (!keep_alive) m_closing = true;  // RFC 9112 §9.6: no request after one that says close
}

void Client::receive(std::string_view bytes, const SessionContext& ctx) {
    if (m_closed) return;
    m_last_activity_us = ctx.now_us;
    m_input.append(bytes);
    parse_input();
}

void Client::parse_input() {
    while (!m_closed && !m_input.empty()) {
        if (m_expected.empty()) {
            fail("the server sent bytes no request asked for", "RFC 9112 §9.3.2");
            return;
        }
        m_parser.set_request_method(m_expected.front().method);
        const ParseResult r = m_parser.parse(m_input);
        m_input.erase(0, r.consumed);
        if (r.status == ParseStatus::need_more) return;
        if (r.status == ParseStatus::error) {
            fail(fmt::format("malformed response: {}", to_string(r.error)), std::string(rfc_section(r.error)));
            return;
        }
        const bool keep_alive = m_parser.keep_alive();
        deliver(m_parser.take(), keep_alive);
    }
}

void Client::deliver(Response response, bool keep_alive) {
    // RFC 9110 §15.2: interim responses come before the final one, which answers the request.
    if (response.status < 200 && response.status != 101) return;
    const Expected request = std::move(m_expected.front());
    m_expected.pop_front();
    const bool switching = response.status == 101;  // RFC 9110 §15.2.2: no more HTTP after it
    emit(EventKind::result, fmt::format("{} {} for {}", response.status, response.reason, request.method),
         "RFC 9110 §15", response.status < 400);
    m_responses.push_back(std::move(response));
    if (!keep_alive || !request.keep_alive || switching) {
        if (!m_expected.empty()) {
            fail(fmt::format("the server closes with {} request(s) unanswered", m_expected.size()), "RFC 9112 §9.3.2");
            return;
        }
        close_session("the connection ends after this response (RFC 9112 §9.3)");
    }
}

void Client::receive_eof(const SessionContext& ctx) {
    if (m_closed) return;
    m_last_activity_us = ctx.now_us;
    const ParseResult r = m_parser.finish(m_input);
    if (r.status == ParseStatus::complete) {
        deliver(m_parser.take(), false);  // RFC 9112 §6.3 item 8: the close ended the body
    } else if (r.status == ParseStatus::error) {
        fail(fmt::format("the server closed mid-response: {}", to_string(r.error)), std::string(rfc_section(r.error)));
    }
    if (!m_expected.empty()) {
        fail(fmt::format("the server closed with {} request(s) unanswered", m_expected.size()), "RFC 9112 §9.3.1");
    }
    close_session("the server closed the connection");
}

void Client::on_timer(const SessionContext& ctx) {
    const auto deadline = next_deadline_us();
    if (m_closed || !deadline || ctx.now_us < *deadline) return;
    fail("no response within the timeout", "RFC 9112 §9.5");
}

void Client::tls_established(const SessionContext& ctx) {
    m_last_activity_us = ctx.now_us;
    m_tls_active = true;
    emit(EventKind::tls_established, "TLS established", "RFC 8446 §2");
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

std::optional<Response> Client::next_response() {
    if (m_responses.empty()) return std::nullopt;
    Response r = std::move(m_responses.front());
    m_responses.pop_front();
    return r;
}

std::optional<TimeUs> Client::next_deadline_us() const {
    if (m_closed || m_expected.empty()) return std::nullopt;
    return m_last_activity_us + m_config.response_timeout_us;
}

std::string_view Client::state_name() const {
    if (m_closed) return "closed";
    if (m_parser.in_body()) return "reading_body";
    if (!m_parser.idle() || !m_input.empty()) return "reading_headers";
    return m_expected.empty() ? "idle" : "waiting_response";
}

void Client::fail(std::string summary, std::string rfc) {
    emit(EventKind::protocol_violation, summary, rfc);
    emit(EventKind::result, std::move(summary), std::move(rfc), false);
    m_expected.clear();
    close_session("closed after a failure");
}

void Client::close_session(std::string summary) {
    if (m_closed) return;
    m_closed = true;
    emit(EventKind::session_closed, std::move(summary), "RFC 9112 §9.6");
}

void Client::emit(EventKind kind, std::string summary, std::string rfc, bool ok) {
    Event e{};
    e.kind = kind;
    e.summary = std::move(summary);
    e.rfc = std::move(rfc);
    e.ok = ok;
    m_events.push_back(std::move(e));
}

}  // namespace postlab::http
