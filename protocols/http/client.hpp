// The HTTP/1.1 client connection, sans-IO (RFC 9112 §9, h11's shape; protocols/core/session.hpp):
// send(Request) queues a request's bytes (pipelining allowed, RFC 9112 §9.3.2), responses are
// parsed in request order and handed out by next_response(); interim 1xx responses are skipped
// (RFC 9110 §15.2). A "close" from either side ends the connection after that response.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "protocols/core/event.hpp"
#include "protocols/core/protocol_id.hpp"
#include "protocols/core/session.hpp"
#include "protocols/http/parser.hpp"
#include "protocols/http/types.hpp"

namespace postlab::http {

struct ClientConfig {
    std::string host = "mail.example.test";  // the Host field when a request has none (RFC 9112 §3.2)
    Limits limits;
    bool implicit_tls = false;
    TimeUs response_timeout_us = 60LL * 1'000'000;  // RFC 9112 §9.5: give up on a silent server
};

class Client {
public:
    static constexpr ProtocolId protocol_id = ProtocolId::http;

    explicit Client(ClientConfig config = {});

    void start(const SessionContext& ctx);
    void receive(std::string_view bytes, const SessionContext& ctx);
    void receive_eof(const SessionContext& ctx);
    void on_timer(const SessionContext& ctx);
    void tls_established(const SessionContext& ctx);

    std::string take_output();
    std::optional<Event> next_event();

    bool wants_tls() const { return false; }
    bool closed() const { return m_closed; }
    std::optional<TimeUs> next_deadline_us() const;

    // "idle", "waiting_response", "reading_headers", "reading_body", "closed".
    std::string_view state_name() const;
    bool tls_active() const { return m_tls_active; }
    std::size_t outstanding() const { return m_expected.size(); }

    // Queues the request's bytes (take_output); ignored once the connection is closing.
    void send(Request request);
    std::optional<Response> next_response();

private:
    struct Expected {
        std::string method;
        bool keep_alive = true;  // our request's own Connection and version
    };

    void parse_input();
    void deliver(Response response, bool keep_alive);
    void fail(std::string summary, std::string rfc);
    void close_session(std::string summary);
    void emit(EventKind kind, std::string summary, std::string rfc = {}, bool ok = true);

    ClientConfig m_config;
    ResponseParser m_parser;
    std::string m_input;
    std::deque<Expected> m_expected;
    std::deque<Response> m_responses;
    std::string m_output;
    std::deque<Event> m_events;
    bool m_closed = false;
    bool m_closing = false;  // the last response is due: send() refuses more
    bool m_tls_active = false;
    TimeUs m_last_activity_us = 0;
};

static_assert(SansIoSession<Client>);

}  // namespace postlab::http
