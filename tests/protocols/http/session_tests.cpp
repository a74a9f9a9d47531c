// Server and client sessions: keep-alive, pipelining, close, the 400/413/431 paths, timeouts,
// and a client talking to a server through memory (whole writes and one byte at a time).
#include <catch2/catch.hpp>

#include "http_test_support.hpp"
#include "protocols/http/client.hpp"
#include "protocols/http/server.hpp"
#include "protocols/http/state_table.hpp"
#include "protocols/http/writer.hpp"

using namespace http_test;

namespace {

const SessionContext k_ctx{nullptr, 1'000'000};

std::vector<Event> events(Server& s) {
    std::vector<Event> out;
    while (auto e = s.next_event()) out.push_back(std::move(*e));
    return out;
}

bool has_event(Server& s, EventKind kind) {
    for (const Event& e : events(s)) {
        if (e.kind == kind) return true;
    }
    return false;
}

Response ok_text(std::string body) {
    return make_response(200, std::move(body));
}

}  // namespace

TEST_CASE("Server: keep-alive, two requests, two responses in order", "[http][server]") {
    Server server;
    server.start(k_ctx);
    CHECK(server.state_name() == "idle");
    server.receive("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n", k_ctx);
    CHECK(server.state() == ConnectionState::writing_response);
    const auto first = server.next_request();
    const auto second = server.next_request();
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->target == "/a");
    CHECK(second->target == "/b");
    CHECK(!server.next_request());
    CHECK(server.respond(ok_text("A")));
    CHECK(server.respond(ok_text("B")));
    CHECK(!server.respond(ok_text("C")));  // nothing left to answer
    ResponseParser parser;
    const auto fed = feed(parser, server.take_output(), 1);
    REQUIRE(fed.messages.size() == 2);
    CHECK(fed.messages[0].body == "A");
    CHECK(fed.messages[1].body == "B");
    CHECK(!server.closed());
    CHECK(server.state_name() == "idle");
}

TEST_CASE("Server: requests fed one byte at a time report their states", "[http][server]") {
    Server server;
    const std::string bytes = "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";
    bool saw_headers = false;
    bool saw_body = false;
    for (char c : bytes) {
        server.receive(std::string_view(&c, 1), k_ctx);
        saw_headers |= server.state() == ConnectionState::reading_headers;
        saw_body |= server.state() == ConnectionState::reading_body;
    }
    CHECK(saw_headers);
    CHECK(saw_body);
    CHECK(server.next_request()->body == "abc");
}

TEST_CASE("Server: Connection: close and HTTP/1.0 end the connection after the response (RFC 9112 §9.3)",
          "[http][server]") {
    for (std::string_view request : {"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /ignored HTTP/1.1\r\n\r\n",
                                     "GET / HTTP/1.0\r\n\r\n"}) {
        Server server;
        server.receive(request, k_ctx);
        REQUIRE(server.next_request());
        CHECK(!server.next_request());
        server.respond(ok_text("bye"));
        const auto r = parse_response(server.take_output());
        REQUIRE(r.status == ParseStatus::complete);
        CHECK(r.value.headers.has_token("Connection", "close"));
        CHECK(server.closed());
        CHECK(server.state_name() == "closed");
    }
    Server kept;
    kept.receive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", k_ctx);
    REQUIRE(kept.next_request());
    kept.respond(ok_text("still here"));
    CHECK(parse_response(kept.take_output()).value.headers.has_token("Connection", "keep-alive"));
    CHECK(!kept.closed());
}

TEST_CASE("Server: a bad request gets 400 with Connection: close, then the session closes", "[http][server]") {
    Server server;
    server.receive("GET / HTTP/1.1\r\nHost : a\r\n\r\n", k_ctx);
    const auto r = parse_response(server.take_output());
    REQUIRE(r.status == ParseStatus::complete);
    CHECK(r.value.status == 400);
    CHECK(r.value.headers.has_token("Connection", "close"));
    CHECK(r.value.body.find("RFC 9112 §5.1") != std::string::npos);
    CHECK(server.closed());
    CHECK(has_event(server, EventKind::protocol_violation));
    CHECK(!server.next_request());
}

TEST_CASE("Server: 431 for oversize headers, 413 for an oversize body, 400 without Host", "[http][server]") {
    ServerConfig config;
    config.limits.header_line_length_max = 100;
    config.limits.body_bytes_max = 10;
    const std::pair<std::string, int> cases[] = {
        {"GET / HTTP/1.1\r\nHost: a\r\nCookie: " + std::string(200, 'c') + "\r\n\r\n", 431},
        {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", 413},
        {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n", 413},
        {"GET / HTTP/1.1\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
    };
    for (const auto& [bytes, status] : cases) {
        Server server(config);
        server.receive(bytes, k_ctx);
        const auto r = parse_response(server.take_output());
        REQUIRE(r.status == ParseStatus::complete);
        CHECK(r.value.status == status);
        CHECK(server.closed());
    }
}

TEST_CASE("Server: an error after pipelined requests waits for their responses", "[http][server]") {
    Server server;
    server.receive("GET /ok HTTP/1.1\r\nHost: a\r\n\r\nBROKEN\r\n\r\n", k_ctx);
    CHECK(server.take_output().empty());
    CHECK(!server.closed());
    REQUIRE(server.next_request());
    server.respond(ok_text("first"));
    ResponseParser parser;
    const auto fed = feed(parser, server.take_output(), 1);
    REQUIRE(fed.messages.size() == 2);
    CHECK(fed.messages[0].status == 200);
    CHECK(fed.messages[1].status == 400);
    CHECK(server.closed());
}

TEST_CASE("Server: HEAD gets fields and no body, EOF, idle timeout and 408", "[http][server]") {
    Server server;
    server.receive("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n", k_ctx);
    REQUIRE(server.next_request());
    server.respond(ok_text("12345"));
    CHECK(server.take_output() == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\r\n");
    server.receive_eof(k_ctx);
    CHECK(server.closed());

    Server idle;
    idle.start(k_ctx);
    const auto deadline = idle.next_deadline_us();
    REQUIRE(deadline);
    idle.on_timer(SessionContext{nullptr, *deadline});
    CHECK(idle.closed());
    CHECK(idle.take_output().empty());

    Server slow;
    slow.start(k_ctx);
    slow.receive("GET / HT", k_ctx);
    slow.on_timer(SessionContext{nullptr, *slow.next_deadline_us()});
    CHECK(parse_response(slow.take_output()).value.status == 408);
    CHECK(slow.closed());
}

TEST_CASE("Client and server through memory: keep-alive, pipelining, close, one byte at a time", "[http][client]") {
    for (bool bytewise : {false, true}) {
        Client client(ClientConfig{"mail.example.test", {}, false, 60'000'000});
        Server server;
        client.start(k_ctx);
        server.start(k_ctx);
        Request get;
        get.target = "/one";
        client.send(get);
        Request post;
        post.method = "POST";
        post.target = "/two";
        post.body = "payload";
        post.headers.add("Connection", "close");
        client.send(post);
        CHECK(client.state_name() == "waiting_response");
        const std::string to_server = client.take_output();
        auto deliver = [&](auto& session, const std::string& bytes) {
            if (!bytewise) return session.receive(bytes, k_ctx);
            for (char c : bytes) session.receive(std::string_view(&c, 1), k_ctx);
        };
        deliver(server, to_server);
        const auto r1 = server.next_request();
        const auto r2 = server.next_request();
        REQUIRE(r1);
        REQUIRE(r2);
        CHECK(*r1->headers.find("Host") == "mail.example.test");
        CHECK(r2->body == "payload");
        server.respond(ok_text("one"));
        server.respond(make_response(201, "two"));
        CHECK(server.closed());
        deliver(client, server.take_output());
        CHECK(client.next_response()->body == "one");
        CHECK(client.next_response()->status == 201);
        CHECK(client.closed());
        client.send(get);  // after close: refused, nothing written
        CHECK(client.take_output().empty());
    }
}

TEST_CASE("Client: HEAD, 100 Continue, a body until close, a malformed response", "[http][client]") {
    Client client;
    Request head;
    head.method = "HEAD";
    client.send(head);
    client.receive("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", k_ctx);
    CHECK(client.next_response()->status == 200);
    CHECK(!client.next_response());
    client.send(Request{});
    client.receive("HTTP/1.0 200 OK\r\n\r\nuntil", k_ctx);
    CHECK(client.state_name() == "reading_body");
    client.receive(" close", k_ctx);
    client.receive_eof(k_ctx);
    CHECK(client.next_response()->body == "until close");
    CHECK(client.closed());

    Client broken;
    broken.send(Request{});
    broken.receive("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", k_ctx);
    CHECK(broken.closed());
    CHECK(!broken.next_response());
    Client timeout;
    timeout.send(Request{});
    timeout.on_timer(SessionContext{nullptr, *timeout.next_deadline_us()});
    CHECK(timeout.closed());
}

TEST_CASE("State table: methods allowed when idle or while responses are due", "[http][state]") {
    const auto& table = state_table();
    CHECK(table.states.size() == 5);
    CHECK(table.commands.size() == method_count);
    for (std::size_t m = 0; m < method_count; ++m) {
        CHECK(table.commands[m].verb == to_string(static_cast<Method>(m)));
        CHECK(table.allowed(static_cast<std::size_t>(ConnectionState::idle), m));
        CHECK(table.allowed(static_cast<std::size_t>(ConnectionState::writing_response), m));
        CHECK(!table.allowed(static_cast<std::size_t>(ConnectionState::closed), m));
    }
    CHECK(table.find_command("options") == &table.commands[static_cast<std::size_t>(Method::options)]);
    for (const auto& t : table.transitions) {
        CHECK(t.from < table.states.size());
        CHECK(t.to < table.states.size());
        CHECK(t.rfc.starts_with("RFC "));
    }
    CHECK(Server::protocol_id == ProtocolId::http);
    CHECK(Client::protocol_id == ProtocolId::http);
}
