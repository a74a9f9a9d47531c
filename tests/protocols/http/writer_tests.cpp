// Writers: exact bytes for simple messages, framing rules (RFC 9112 §6, RFC 9110 §8.6), and
// round trips writer -> parser (whole and one byte at a time) for requests and responses.
#include <catch2/catch.hpp>

#include "http_test_support.hpp"
#include "protocols/http/writer.hpp"

using namespace http_test;

namespace {

Request request(std::string method, std::string target, Headers headers, std::string body = {}) {
    Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.headers = std::move(headers);
    r.body = std::move(body);
    return r;
}

Response response(int status, Headers headers, std::string body = {}) {
    Response r;
    r.status = status;
    r.reason = std::string(reason_phrase(status));
    r.headers = std::move(headers);
    r.body = std::move(body);
    return r;
}

}  // namespace

TEST_CASE("write_request: request line, fields in order, Content-Length for a body", "[http][writer]") {
    CHECK(write_request(request("GET", "/", {{"Host", "a"}})) == "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    CHECK(write_request(request("POST", "/x", {{"Host", "a"}}, "abc")) ==
          "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc");
    // RFC 9110 §8.6: a POST without content still says Content-Length: 0.
    CHECK(write_request(request("POST", "/x", {{"Host", "a"}})) == "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
    // A wrong length from the caller is corrected where it stood.
    CHECK(write_request(request("PUT", "/x", {{"Content-Length", "99"}, {"Host", "a"}}, "ab")) ==
          "PUT /x HTTP/1.1\r\nContent-Length: 2\r\nHost: a\r\n\r\nab");
}

TEST_CASE("write_request: chunked when asked, with trailers (RFC 9112 §7.1)", "[http][writer]") {
    Request r = request("POST", "/up", {{"Host", "a"}, {"Transfer-Encoding", "chunked"}}, "hello");
    r.trailers.add("Checksum", "1");
    CHECK(write_request(r) == "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "5\r\nhello\r\n0\r\nChecksum: 1\r\n\r\n");
    CHECK(write_chunk("") .empty());
    CHECK(write_chunk(std::string(26, 'z')).starts_with("1a\r\n"));
}

TEST_CASE("write_request never splits a message: CR/LF in values and targets", "[http][writer]") {
    const std::string bytes =
        write_request(request("GET", "/a b\r\nX: y", {{"Host", "a\r\nInjected: 1"}, {"Bad Name", "v"}}));
    CHECK(bytes == "GET /a%20b%0D%0AX:%20y HTTP/1.1\r\nHost: a  Injected: 1\r\n\r\n");
    const auto parsed = parse_request(bytes);
    REQUIRE(parsed.status == ParseStatus::complete);
    CHECK(parsed.value.headers.size() == 1);
}

TEST_CASE("write_response: statuses without content, HEAD, 304 (RFC 9110 §8.6, §15.4.5)", "[http][writer]") {
    CHECK(write_response(response(204, {{"Content-Length", "5"}}, "ignored")) == "HTTP/1.1 204 No Content\r\n\r\n");
    CHECK(write_response(response(100, {})) == "HTTP/1.1 100 Continue\r\n\r\n");
    CHECK(write_response(response(200, {}, "hello"), "HEAD") == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    CHECK(write_response(response(200, {{"Content-Length", "1234"}}), "HEAD") ==
          "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
    CHECK(write_response(response(304, {{"ETag", "\"x\""}}, "no")) == "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n");
    CHECK(write_response(response(200, {}, "")) == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
}

TEST_CASE("redirect and make_response (RFC 9110 §15.4, §10.2.2)", "[http][writer]") {
    const Response r = redirect(302, "https://mail.example.test/autodiscover/autodiscover.xml");
    CHECK(r.status == 302);
    CHECK(r.reason == "Found");
    CHECK(*r.headers.find("Location") == "https://mail.example.test/autodiscover/autodiscover.xml");
    const auto parsed = parse_response(write_response(r));
    REQUIRE(parsed.status == ParseStatus::complete);
    CHECK(parsed.value.status == 302);
    CHECK(parsed.value.headers.find("Location") != nullptr);
    CHECK(parsed.value.body == r.body);
    CHECK(make_response(404).headers.empty());
}

TEST_CASE("Round trips: writer -> parser gives the message back, whole and byte at a time", "[http][writer]") {
    std::vector<Request> requests = {
        request("GET", "/", {{"Host", "a"}, {"Accept", "*/*"}}),
        request("POST", "/autodiscover/autodiscover.xml", {{"Host", "a"}, {"Content-Type", "text/xml"}},
                std::string(512, 'x')),
        request("PUT", "/big", {{"Host", "a"}, {"Transfer-Encoding", "chunked"}}, std::string(40'000, 'y')),
        request("OPTIONS", "*", {{"Host", "a"}}),
    };
    requests[2].trailers.add("Digest", "sha-256=abc");
    std::string stream;
    for (const Request& r : requests) stream += write_request(r);
    for (std::size_t step : {stream.size(), std::size_t{1}, std::size_t{1000}}) {
        const auto fed = feed_requests(stream, step);
        REQUIRE(fed.messages.size() == requests.size());
        for (std::size_t i = 0; i < requests.size(); ++i) {
            Request expected = requests[i];
            if (expected.method == "POST") expected.headers.add("Content-Length", "512");
            CHECK(fed.messages[i] == expected);
        }
    }
}

TEST_CASE("Round trips: responses, chunked and keep-alive", "[http][writer]") {
    Response chunked = response(200, {{"Content-Type", "application/vnd.ms-sync.wbxml"}, {"Transfer-Encoding", "chunked"}},
                                std::string(33'000, 'w'));
    chunked.trailers.add("X-Done", "yes");
    const Response plain = response(401, {{"WWW-Authenticate", "Basic realm=\"x\""}, {"Content-Length", "6"}}, "denied");
    const std::string stream = write_response(chunked) + write_response(plain);
    for (std::size_t step : {stream.size(), std::size_t{1}}) {
        ResponseParser parser;
        const auto fed = feed(parser, stream, step);
        REQUIRE(fed.messages.size() == 2);
        CHECK(fed.messages[0] == chunked);
        CHECK(fed.messages[1] == plain);
        CHECK(parser.keep_alive());
    }
}

TEST_CASE("HTTP/1.0 never gets Transfer-Encoding (RFC 9112 §6.1)", "[http][writer]") {
    Response r = response(200, {{"Transfer-Encoding", "chunked"}}, "abc");
    r.version = http_1_0;
    CHECK(write_response(r) == "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc");
}
