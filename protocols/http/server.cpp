// The HTTP/1.1 server connection; see server.hpp (RFC 9112 §3.2, §6.3, §9.3, §9.5, §9.6).
#include "protocols/http/server.hpp"

#include <fmt/format.h>

#include <utility>

#include "protocols/http/writer.hpp"

namespace postlab::http {

Server::Server(ServerConfig config) : m_config(config), m_parser(config.limits) {
    m_tls_active = m_config.implicit_tls;
}

void Server::start(const SessionContext& ctx) {
    m_last_activity_us = ctx.now_us;  // the client speaks first (RFC 9112 §9.3)
}

void Server::receive(std::string_view bytes, const SessionContext& ctx) {
    if (m_closed) return;
    m_last_activity_us = ctx.now_us;
    if (!m_reading) return;  // RFC 9112 §9.6: nothing after the request that ends the connection
    m_input.append(bytes);
    parse_input();
}

void Server::parse_input() {
    while (m_reading) {
        const ParseResult r = m_parser.parse(m_input);
        m_input.erase(0, r.consumed);
        if (r.status == ParseStatus::need_more) return;
        if (r.status == ParseStatus::error) {
            refuse(status_for(r.error), to_string(r.error), rfc_section(r.error));
            return;
        }
        const bool keep_alive = m_parser.keep_alive();
        Request request = m_parser.take();
        // RFC 9112 §3.2: exactly one Host in HTTP/1.1, at most one in HTTP/1.0; else 400.
        const std::size_t hosts = request.headers.count("Host");
        if (hosts > 1 || (hosts == 0 && request.version != http_1_0)) {
            refuse(400, hosts > 1 ? "more than one Host field" : "no Host field", "RFC 9112 §3.2");
            return;
        }
        if (m_unanswered.size() >= m_config.pipeline_depth_max) {
            refuse(503, "too many pipelined requests", "RFC 9112 §9.3.2");
            return;
        }
        m_unanswered.push_back(Unanswered{request.method, keep_alive, request.version == http_1_0});
        m_requests.push_back(std::move(request));
        if (!keep_alive) {
            m_reading = false;  // RFC 9112 §9.6: the last request on this connection
            m_input.clear();
        }
    }
}

void Server::refuse(int status, std::string_view why, std::string_view rfc) {
    m_reading = false;
    m_input.clear();
    emit(EventKind::protocol_violation, fmt::format("{} {}: {}", status, reason_phrase(status), why), std::string(rfc));
    // The body tells a person (or a student with a raw socket) what was wrong and where it is written.
    Response r = make_response(status, fmt::format("{} {}: {} ({})\n", status, reason_phrase(status), why, rfc));
    r.headers.add("Connection", "close");
    m_refusal = std::move(r);
    if (m_unanswered.empty()) write_refusal();
}

void Server::write_refusal() {
    const int status = m_refusal->status;
    m_output += write_response(*m_refusal);
    m_refusal.reset();
    close_session(fmt::format("closed after {} {}", status, reason_phrase(status)));
}

std::optional<Request> Server::next_request() {
    if (m_requests.empty()) return std::nullopt;
    Request r = std::move(m_requests.front());
    m_requests.pop_front();
    return r;
}

bool Server::respond(Response response) {
    if (m_closed || m_unanswered.empty()) return false;
    const Unanswered request = std::move(m_unanswered.front());
    m_unanswered.pop_front();
    // After the client's EOF the last answer closes, unless a refusal still has to follow it.
    const bool last = !request.keep_alive || response.headers.has_token("Connection", "close") ||
                      (m_peer_eof && m_unanswered.empty() && !m_refusal);
    response.version = http_1_1;  // RFC 9110 §6.2: a server sends its highest minor version
    if (last && !response.headers.has_token("Connection", "close")) response.headers.add("Connection", "close");
    if (!last && request.http_1_0 && !response.headers.has_token("Connection", "keep-alive")) {
        response.headers.add("Connection", "keep-alive");  // RFC 9112 Appendix C.2.2
    }
    m_output += write_response(response, request.method);
    if (last) {
        m_reading = false;
        close_session(fmt::format("closed after {} (Connection: close)", response.status));
    } else if (m_unanswered.empty() && m_refusal) {
        write_refusal();
    }
    return true;
}

void Server::receive_eof(const SessionContext& ctx) {
    if (m_closed) return;
    m_last_activity_us = ctx.now_us;
    m_peer_eof = true;
    if (m_reading) {
        const ParseResult r = m_parser.finish(m_input);
        if (r.status == ParseStatus::error) {
            emit(EventKind::protocol_violation, std::string(to_string(r.error)), std::string(rfc_section(r.error)));
        }
    }
    m_reading = false;
    // RFC 9112 §9.6: the client is done sending; requests already read still get answers.
    if (m_unanswered.empty()) close_session("the client closed the connection");
}

void Server::on_timer(const SessionContext& ctx) {
    const auto deadline = next_deadline_us();
    if (m_closed || !deadline || ctx.now_us < *deadline) return;
    if (!m_parser.idle() || !m_input.empty()) {
        refuse(408, "no complete request within the timeout", "RFC 9110 §15.5.9");
        return;
    }
    close_session("idle timeout");  // RFC 9112 §9.5: close an idle connection, no response
}

void Server::tls_established(const SessionContext& ctx) {
    m_last_activity_us = ctx.now_us;
    m_tls_active = true;
    emit(EventKind::tls_established, "TLS established", "RFC 8446 §2");
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
    // While the owner is preparing a response, the connection is not idle.
    if (m_closed || !m_unanswered.empty()) return std::nullopt;
    return m_last_activity_us + m_config.idle_timeout_us;
}

ConnectionState Server::state() const {
    if (m_closed) return ConnectionState::closed;
    if (m_parser.in_body()) return ConnectionState::reading_body;
    if (!m_parser.idle() || !m_input.empty()) return ConnectionState::reading_headers;
    if (!m_unanswered.empty()) return ConnectionState::writing_response;
    return ConnectionState::idle;
}

void Server::close_session(std::string summary) {
    if (m_closed) return;
    m_closed = true;
    emit(EventKind::session_closed, std::move(summary), "RFC 9112 §9.6");
}

void Server::emit(EventKind kind, std::string summary, std::string rfc) {
    Event e{};
    e.kind = kind;
    e.summary = std::move(summary);
    e.rfc = std::move(rfc);
    m_events.push_back(std::move(e));
}

}  // namespace postlab::http
