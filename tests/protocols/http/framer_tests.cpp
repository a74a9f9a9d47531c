// The HTTP framer: one frame per request and per response, whatever the write boundaries;
// verbs, summaries and explanation keys; credentials exposed only without TLS; malformed bytes
// framed at once (never stalled) and every key it emits explained.
#include <catch2/catch.hpp>

#include "http_test_support.hpp"
#include "protocols/http/auth.hpp"
#include "protocols/http/explain.hpp"
#include "protocols/http/framer.hpp"
#include "protocols/http/writer.hpp"

using namespace http_test;
using postlab::core::FrameKind;
using postlab::core::Peer;

namespace {

std::string autodiscover_post() {
    Request r;
    r.method = "POST";
    r.target = "/autodiscover/autodiscover.xml";
    r.headers.add("Host", "autodiscover.example.test");
    r.headers.add("Authorization", basic_authorization("alice@example.test", "s3cret"));
    r.body = std::string(512, 'x');
    return write_request(r);
}

std::vector<postlab::core::Frame> feed_in_steps(postlab::core::Framer& framer, Peer from, std::string_view bytes,
                                                std::size_t step) {
    std::vector<postlab::core::Frame> out;
    for (std::size_t at = 0; at < bytes.size(); at += step) {
        for (auto& f : framer.feed(from, bytes.substr(at, step))) out.push_back(std::move(f));
    }
    return out;
}

}  // namespace

TEST_CASE("A request is one command frame: verb, summary, key, exact bytes", "[http][framer]") {
    const std::string bytes = autodiscover_post();
    for (std::size_t step : {bytes.size(), std::size_t{1}, std::size_t{100}}) {
        Framer framer;
        const auto frames = feed_in_steps(framer, Peer::client, bytes, step);
        REQUIRE(frames.size() == 1);
        CHECK(frames[0].kind == FrameKind::command);
        CHECK(frames[0].bytes == bytes);
        CHECK(frames[0].verb == "POST");
        CHECK(frames[0].summary == "C: POST /autodiscover/autodiscover.xml (512-byte body)");
        CHECK(frames[0].explain_key == "http.request.POST");
    }
}

TEST_CASE("Basic and Bearer credentials are the frame's (RFC 7617 §4, RFC 6750 §5.3)", "[http][framer]") {
    Framer plain;
    const auto frames = plain.feed(Peer::client, autodiscover_post());
    REQUIRE(frames.size() == 1);
    REQUIRE(frames[0].credential);
    CHECK(frames[0].credential->user == "alice@example.test");
    CHECK(frames[0].credential->password == "s3cret");
    Framer bearer;
    const auto b = bearer.feed(Peer::client, "GET / HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer tok.en\r\n\r\n");
    REQUIRE(b[0].credential);
    CHECK(b[0].credential->password == "tok.en");
}

TEST_CASE("Responses are reply frames, HEAD and 1xx are framed right (RFC 9112 §6.3)", "[http][framer]") {
    Framer framer;
    CHECK(framer.feed(Peer::client, "HEAD / HTTP/1.1\r\nHost: a\r\n\r\nPOST /p HTTP/1.1\r\nHost: a\r\n"
                                    "Content-Length: 2\r\n\r\nhi").size() == 2);
    const std::string server = "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"   // to HEAD: no body
                               "HTTP/1.1 100 Continue\r\n\r\n"
                               "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd";
    const auto frames = feed_in_steps(framer, Peer::server, server, 1);
    REQUIRE(frames.size() == 3);
    CHECK(frames[0].kind == FrameKind::reply);
    CHECK(frames[0].verb == "200");
    CHECK(frames[0].summary == "S: HTTP/1.1 200 OK");
    CHECK(frames[1].explain_key == "http.response.100");
    CHECK(frames[2].summary == "S: HTTP/1.1 200 OK (4-byte body)");
    CHECK(frames[2].explain_key == "http.response.200");
}

TEST_CASE("Pipelined requests in one write are separate frames", "[http][framer]") {
    Framer framer;
    const auto frames = framer.feed(Peer::client, "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\nGET /c");
    REQUIRE(frames.size() == 2);
    CHECK(frames[1].summary == "C: GET /b");
    const auto rest = framer.feed(Peer::client, " HTTP/1.1\r\nHost: a\r\n\r\n");
    REQUIRE(rest.size() == 1);
    CHECK(rest[0].bytes == "GET /c HTTP/1.1\r\nHost: a\r\n\r\n");
}

TEST_CASE("Malformed bytes are framed at once as http.malformed, and so is what follows", "[http][framer]") {
    Framer framer;
    const auto frames = framer.feed(Peer::client, "GET / HTTP/1.1\r\nHost : a\r\n");
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].explain_key == "http.malformed");
    CHECK(frames[0].summary.find("whitespace between header name and colon") != std::string::npos);
    CHECK(frames[0].bytes == "GET / HTTP/1.1\r\nHost : a\r\n");
    const auto after = framer.feed(Peer::client, "\r\nGET / HTTP/1.1\r\n\r\n");
    REQUIRE(after.size() == 1);
    CHECK(after[0].explain_key == "http.malformed");
    // The other direction is not affected.
    CHECK(framer.feed(Peer::server, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")[0].verb == "400");
}

TEST_CASE("A response read until close is flushed whole at close", "[http][framer]") {
    Framer framer;
    CHECK(framer.feed(Peer::server, "HTTP/1.0 200 OK\r\n\r\nbody").empty());
    const auto flushed = framer.flush(Peer::server, "http");
    REQUIRE(flushed.size() == 1);
    CHECK(flushed[0].explain_key == "http.incomplete");
}

TEST_CASE("The framer is copied with the world (clone keeps its state)", "[http][framer]") {
    Framer framer;
    CHECK(framer.feed(Peer::client, "GET / HTTP/1.1\r\n").empty());
    const auto copy = framer.clone();
    CHECK(copy->feed(Peer::client, "Host: a\r\n\r\n").size() == 1);
    CHECK(framer.feed(Peer::client, "Host: a\r\n\r\n").size() == 1);
}

TEST_CASE("Every key the framer emits has an explanation citing an RFC", "[http][framer][explain]") {
    for (const auto& e : explanations()) {
        INFO(e.key);
        CHECK(e.key.starts_with("http."));
        CHECK(!e.meaning.empty());
        CHECK(e.source.starts_with("RFC "));
    }
    for (std::string_view key : {"http.request.GET", "http.request.HEAD", "http.request.POST", "http.request.PUT",
                                 "http.request.DELETE", "http.request.OPTIONS", "http.response.401",
                                 "http.response.431", "http.malformed", "http.incomplete"}) {
        REQUIRE(explain(key));
        CHECK(explain(key)->key == key);
    }
    CHECK(explain("http.request.PROPFIND")->key == "http.request.other");
    CHECK(explain("http.response.418")->key == "http.response.4xx");
    CHECK(explain("http.response.299")->key == "http.response.2xx");
    CHECK(explain("http.response.9999") == nullptr);
    CHECK(explain("smtp.command.EHLO") == nullptr);
}
