// The HTTP/1.1 server connection, sans-IO (RFC 9112 §9, h11's shape; protocols/core/session.hpp):
// it parses requests and queues each complete one for its owner (next_request), writes the
// owner's responses in request order (respond), keeps or closes the connection per Connection
// and version (RFC 9112 §9.3), and answers broken requests itself: 400, 413, 414, 431, 501 or
// 505 (and 408 for a stalled request, 503 past the pipeline depth) with "Connection: close",
// then closes (RFC 9112 §9.6).
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "protocols/core/event.hpp"
#include "protocols/core/protocol_id.hpp"
#include "protocols/core/session.hpp"
#include "protocols/http/parser.hpp"
#include "protocols/http/state_table.hpp"
#include "protocols/http/types.hpp"

namespace postlab::http {

struct ServerConfig {
    Limits limits;
    bool implicit_tls = false;  // port 443: TLS from the first byte
    // RFC 9112 §9.5: a server closes a connection idle this long.
    TimeUs idle_timeout_us = 60LL * 1'000'000;
    // RFC 9112 §9.3.2: requests parsed ahead of their responses; beyond this: 503 and close.
    std::size_t pipeline_depth_max = 16;
};

class Server {
public:
    static constexpr ProtocolId protocol_id = ProtocolId::http;

    explicit Server(ServerConfig config = {});

    void start(const SessionContext& ctx);
    void receive(std::string_view bytes, const SessionContext& ctx);
    void receive_eof(const SessionContext& ctx);
    void on_timer(const SessionContext& ctx);
    void tls_established(const SessionContext& ctx);

    std::string take_output();
    std::optional<Event> next_event();

    bool wants_tls() const { return false; }  // HTTP has no STARTTLS here (RFC 2817 is unused)
    bool closed() const { return m_closed; }
    std::optional<TimeUs> next_deadline_us() const;

    ConnectionState state() const;
    std::string_view state_name() const { return to_string(state()); }
    bool tls_active() const { return m_tls_active; }

    // The next complete request, in arrival order.
    std::optional<Request> next_request();
    // The response to the oldest request not yet answered; false when none is waiting.
    bool respond(Response response);

private:
    struct Unanswered {
        std::string method;  // HEAD responses carry no body (RFC 9110 §9.3.2)
        bool keep_alive = true;
        bool http_1_0 = false;  // kept alive by "Connection: keep-alive" (RFC 9112 Appendix C.2.2)
    };

    void parse_input();
    void accept(Request request);
    void refuse(int status, std::string_view why, std::string_view rfc);
    void write_refusal();
    void close_session(std::string summary);
    void emit(EventKind kind, std::string summary, std::string rfc = {});

    ServerConfig m_config;
    RequestParser m_parser;
    std::string m_input;  // unconsumed bytes: at most a partial line
    std::deque<Request> m_requests;
    std::deque<Unanswered> m_unanswered;
    std::optional<Response> m_refusal;  // written once the requests before it are answered
    std::string m_output;
    std::deque<Event> m_events;
    bool m_closed = false;
    bool m_tls_active = false;
    bool m_reading = true;  // false after the last request the connection will carry
    bool m_peer_eof = false;
    TimeUs m_last_activity_us = 0;
};

static_assert(SansIoSession<Server>);

}  // namespace postlab::http
