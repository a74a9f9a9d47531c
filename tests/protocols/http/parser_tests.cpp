// HTTP/1.1 parsers on well-formed input: RFC examples first, then bodies (Content-Length,
// chunked with trailers, none), persistence and pipelining. Every stream is fed whole and one
// byte at a time, and both must give the same messages.
#include <catch2/catch.hpp>

#include "http_test_support.hpp"

using namespace http_test;

namespace {

// The example exchange of RFC 7230 §2.1 (the text RFC 9110 and RFC 9112 replaced).
constexpr std::string_view k_rfc_request =
    "GET /hello.txt HTTP/1.1\r\n"
    "User-Agent: curl/7.16.3 libcurl/7.16.3 OpenSSL/0.9.7l zlib/1.2.3\r\n"
    "Host: www.example.com\r\n"
    "Accept-Language: en, mi\r\n"
    "\r\n";
constexpr std::string_view k_rfc_response =
    "HTTP/1.1 200 OK\r\n"
    "Date: Mon, 27 Jul 2009 12:28:53 GMT\r\n"
    "Server: Apache\r\n"
    "Last-Modified: Wed, 22 Jul 2009 19:15:56 GMT\r\n"
    "ETag: \"34aa387-d-1568eb00\"\r\n"
    "Accept-Ranges: bytes\r\n"
    "Content-Length: 51\r\n"
    "Vary: Accept-Encoding\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "Hello World! My payload includes a trailing CRLF.\r\n";

Fed<Response> feed_responses(std::string_view bytes, std::size_t step, std::string_view method = "GET") {
    ResponseParser parser;
    parser.set_request_method(method);
    return feed(parser, bytes, step);
}

}  // namespace

TEST_CASE("RFC 7230 §2.1 example request, whole and byte at a time", "[http][parser]") {
    for (std::size_t step : {k_rfc_request.size(), std::size_t{1}, std::size_t{7}}) {
        const auto fed = feed_requests(k_rfc_request, step);
        REQUIRE(fed.messages.size() == 1);
        const Request& r = fed.messages[0];
        CHECK(r.method == "GET");
        CHECK(r.target == "/hello.txt");
        CHECK(r.version == http_1_1);
        CHECK(r.headers.size() == 3);
        CHECK(*r.headers.find("host") == "www.example.com");  // RFC 9110 §5.1: case-insensitive
        CHECK(r.headers.list("Accept-Language") == std::vector<std::string_view>{"en", "mi"});
        CHECK(r.body.empty());
        CHECK(fed.leftover.empty());
    }
}

TEST_CASE("RFC 7230 §2.1 example response, whole and byte at a time", "[http][parser]") {
    for (std::size_t step : {k_rfc_response.size(), std::size_t{1}}) {
        const auto fed = feed_responses(k_rfc_response, step);
        REQUIRE(fed.messages.size() == 1);
        const Response& r = fed.messages[0];
        CHECK(r.status == 200);
        CHECK(r.reason == "OK");
        CHECK(*r.headers.find("ETag") == "\"34aa387-d-1568eb00\"");
        CHECK(r.body == "Hello World! My payload includes a trailing CRLF.\r\n");
    }
}

TEST_CASE("RFC 9112 §3.2: the four forms of request-target", "[http][parser]") {
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"GET /where?q=now HTTP/1.1\r\nHost: www.example.org\r\n\r\n", "/where?q=now"},
        {"GET http://www.example.org/pub/WWW/TheProject.html HTTP/1.1\r\nHost: www.example.org\r\n\r\n",
         "http://www.example.org/pub/WWW/TheProject.html"},
        {"CONNECT www.example.com:80 HTTP/1.1\r\nHost: www.example.com\r\n\r\n", "www.example.com:80"},
        {"OPTIONS * HTTP/1.1\r\nHost: www.example.org:8001\r\n\r\n", "*"},
    };
    for (const auto& [bytes, target] : cases) {
        const auto whole = parse_request(bytes);
        REQUIRE(whole.status == ParseStatus::complete);
        CHECK(whole.consumed == bytes.size());
        CHECK(whole.value.target == target);
        const auto fed = feed_requests(bytes, 1);
        REQUIRE(fed.messages.size() == 1);
        CHECK(fed.messages[0] == whole.value);
    }
}

TEST_CASE("RFC 9112 §7.1: a chunked body with extensions and a trailer section", "[http][parser]") {
    constexpr std::string_view bytes =
        "POST /Microsoft-Server-ActiveSync?Cmd=Sync HTTP/1.1\r\n"
        "Host: mail.example.test\r\n"
        "Transfer-Encoding: chunked\r\n"
        "\r\n"
        "5;ext=1\r\nhello\r\n"
        "7 ; name=\"quoted;value\"\r\n, world\r\n"
        "000\r\n"
        "Checksum: abc\r\n"
        "\r\n";
    for (std::size_t step : {bytes.size(), std::size_t{1}, std::size_t{3}}) {
        const auto fed = feed_requests(bytes, step);
        REQUIRE(fed.messages.size() == 1);
        CHECK(fed.messages[0].body == "hello, world");
        CHECK(*fed.messages[0].trailers.find("Checksum") == "abc");
        CHECK(fed.leftover.empty());
    }
}

TEST_CASE("RFC 9112 §6.3: responses that never have a body", "[http][parser]") {
    // HEAD, 1xx, 204 and 304 end after the header section, whatever Content-Length says.
    constexpr std::string_view with_length = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
    auto head = parse_response(with_length, "HEAD");
    REQUIRE(head.status == ParseStatus::complete);
    CHECK(head.consumed == with_length.size());
    CHECK(head.value.body.empty());
    for (std::string_view bytes : {"HTTP/1.1 204 No Content\r\n\r\n", "HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n",
                                   "HTTP/1.1 100 Continue\r\n\r\n"}) {
        const auto r = parse_response(bytes);
        CHECK(r.status == ParseStatus::complete);
        CHECK(r.consumed == bytes.size());
    }
}

TEST_CASE("RFC 9112 §6.3 item 8: a response without length is read until the close", "[http][parser]") {
    constexpr std::string_view bytes = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end";
    ResponseParser parser;
    const ParseResult r = parser.parse(bytes);
    CHECK(r.status == ParseStatus::need_more);
    CHECK(r.consumed == bytes.size());
    CHECK(parser.finish().status == ParseStatus::complete);
    CHECK(parser.keep_alive() == false);
    CHECK(parser.take().body == "until the end");
    CHECK(parse_response(bytes, "GET", {}, true).value.body == "until the end");
}

TEST_CASE("A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3 item 6)", "[http][parser]") {
    constexpr std::string_view bytes = "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\n";
    const auto r = parse_request(bytes);
    REQUIRE(r.status == ParseStatus::complete);
    CHECK(bytes.substr(r.consumed) == "GET /next HTTP/1.1\r\n");  // never over-reads
}

TEST_CASE("Pipelined requests in one buffer come out one at a time, in order (RFC 9112 §9.3.2)", "[http][parser]") {
    constexpr std::string_view bytes =
        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
        "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
        "PUT /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n"
        "DELETE /4 HTTP/1.1\r\nHost: a\r\n\r\n";
    for (std::size_t step : {bytes.size(), std::size_t{1}, std::size_t{5}}) {
        const auto fed = feed_requests(bytes, step);
        REQUIRE(fed.messages.size() == 4);
        CHECK(fed.messages[0].target == "/1");
        CHECK(fed.messages[1].body == "abc");
        CHECK(fed.messages[2].body == "xy");
        CHECK(fed.messages[3].method == "DELETE");
        CHECK(fed.last.status == ParseStatus::need_more);
    }
}

TEST_CASE("Persistence: close, HTTP/1.1 default, HTTP/1.0 keep-alive (RFC 9112 §9.3)", "[http][parser]") {
    const std::pair<std::string_view, bool> cases[] = {
        {"GET / HTTP/1.1\r\nHost: a\r\n\r\n", true},
        {"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false},
        {"GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, CLOSE\r\n\r\n", false},
        {"GET / HTTP/1.0\r\n\r\n", false},
        {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true},
    };
    for (const auto& [bytes, persists] : cases) {
        RequestParser parser;
        REQUIRE(parser.parse(bytes).status == ParseStatus::complete);
        CHECK(parser.keep_alive() == persists);
    }
}

TEST_CASE("Field values: OWS trimmed, obs-text kept, responses unfold obs-fold (RFC 9112 §5.2)", "[http][parser]") {
    const auto r = parse_request("GET / HTTP/1.1\r\nHost:   a  \r\nX-Name: caf\xc3\xa9\r\nEmpty:\r\n\r\n");
    REQUIRE(r.status == ParseStatus::complete);
    CHECK(*r.value.headers.find("Host") == "a");
    CHECK(*r.value.headers.find("X-Name") == "caf\xc3\xa9");
    CHECK(r.value.headers.find("Empty")->empty());
    const auto folded = parse_response("HTTP/1.1 204 No Content\r\nX-Long: one\r\n  two\r\n\r\n");
    REQUIRE(folded.status == ParseStatus::complete);
    CHECK(*folded.value.headers.find("X-Long") == "one two");
}

TEST_CASE("Status lines: reason optional, 1xx before the final response", "[http][parser]") {
    auto r = parse_response("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n");
    REQUIRE(r.status == ParseStatus::complete);
    CHECK(r.value.status == 404);
    CHECK(r.value.reason.empty());
    constexpr std::string_view two = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
    const auto fed = feed_responses(two, 1, "POST");
    REQUIRE(fed.messages.size() == 2);
    CHECK(fed.messages[0].status == 100);
    CHECK(fed.messages[1].body == "ok");
}

TEST_CASE("A stray CRLF before a request line is skipped (RFC 9112 §2.2)", "[http][parser]") {
    const auto fed = feed_requests("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n", 1);
    REQUIRE(fed.messages.size() == 2);
    CHECK(fed.messages[1].target == "/2");
}

TEST_CASE("finish(): clean between messages, an error mid-message", "[http][parser]") {
    RequestParser parser;
    CHECK(parser.finish().status == ParseStatus::need_more);
    CHECK(parser.finish("GET / HT").error == ParseError::incomplete_message);
    const ParseResult r = parser.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
    CHECK(r.status == ParseStatus::need_more);
    CHECK(parser.in_body());
    CHECK(parser.finish().error == ParseError::incomplete_message);
}
