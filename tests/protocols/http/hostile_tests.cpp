// Hostile and malformed input: each case gets its named error (with the status a server
// answers), fed whole and one byte at a time; limits hold without allocating beyond them.
#include <catch2/catch.hpp>

#include <string>

#include "http_test_support.hpp"

using namespace http_test;

namespace {

struct Case {
    std::string bytes;
    ParseError error;
    int status;
};

void check_request_case(const Case& c, const Limits& limits = {}) {
    INFO(printable(c.bytes, 200));
    for (std::size_t step : {c.bytes.size(), std::size_t{1}}) {
        const auto fed = feed_requests(c.bytes, step, limits);
        CHECK(fed.messages.empty());
        CHECK(fed.last.status == ParseStatus::error);
        CHECK(fed.last.error == c.error);
    }
    CHECK(status_for(c.error) == c.status);
    CHECK(!rfc_section(c.error).empty());
}

const std::string k_host = "Host: a\r\n";

}  // namespace

TEST_CASE("Request smuggling: Content-Length with Transfer-Encoding, duplicate lengths (RFC 9112 §6.3, §11.2)",
          "[http][hostile]") {
    const Case cases[] = {
        {"POST / HTTP/1.1\r\n" + k_host + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         ParseError::content_length_with_transfer_encoding, 400},
        {"POST / HTTP/1.1\r\n" + k_host + "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n",
         ParseError::content_length_with_transfer_encoding, 400},
        {"POST / HTTP/1.1\r\n" + k_host + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
         ParseError::duplicate_content_length, 400},
        {"POST / HTTP/1.1\r\n" + k_host + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
         ParseError::duplicate_content_length, 400},
        {"POST / HTTP/1.1\r\n" + k_host + "Content-Length: 3, 3\r\n\r\nabc", ParseError::duplicate_content_length, 400},
        {"POST / HTTP/1.1\r\n" + k_host + "Transfer-Encoding: gzip\r\n\r\n", ParseError::chunked_not_final, 400},
        {"POST / HTTP/1.1\r\n" + k_host + "Transfer-Encoding: chunked, chunked\r\n\r\n",
         ParseError::unsupported_transfer_encoding, 501},
        {"POST / HTTP/1.1\r\n" + k_host + "Transfer-Encoding: gzip, chunked\r\n\r\n",
         ParseError::unsupported_transfer_encoding, 501},
        {"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", ParseError::transfer_encoding_in_http_1_0, 400},
    };
    for (const Case& c : cases) check_request_case(c);
}

TEST_CASE("Content-Length must be 1*DIGIT that fits (RFC 9110 §8.6)", "[http][hostile]") {
    for (std::string value : {"-1", "+5", "0x10", "1 2", "", "abc", "99999999999999999999", "18446744073709551616"}) {
        check_request_case({"POST / HTTP/1.1\r\n" + k_host + "Content-Length: " + value + "\r\n\r\n",
                            ParseError::bad_content_length, 400});
    }
    check_request_case({"POST / HTTP/1.1\r\n" + k_host + "Content-Length: 9223372036854775807\r\n\r\n",
                        ParseError::body_too_large, 413});
}

TEST_CASE("Chunked bodies: bad sizes, overflow, extensions, missing CRLF (RFC 9112 §7.1)", "[http][hostile]") {
    const std::string head = "POST / HTTP/1.1\r\n" + k_host + "Transfer-Encoding: chunked\r\n\r\n";
    const Case cases[] = {
        {head + "xyz\r\n", ParseError::bad_chunk_size, 400},
        {head + "-5\r\n", ParseError::bad_chunk_size, 400},
        {head + "ffffffffffffffffffff\r\n", ParseError::chunk_size_too_large, 413},
        {head + "1000001\r\n", ParseError::chunk_size_too_large, 413},  // 16 MiB + 1
        {head + "5 junk\r\n", ParseError::bad_chunk_extension, 400},
        {head + "5;=x\r\n", ParseError::bad_chunk_extension, 400},
        {head + "5;" + std::string(2000, 'a') + "\r\n", ParseError::chunk_extension_too_long, 400},
        {head + "3\r\nabcX\r\n", ParseError::bad_chunk_end, 400},
        {head + "3\r\nabc\rX", ParseError::bad_chunk_end, 400},
        {head + "3\r\nabc\n0\r\n\r\n", ParseError::bad_chunk_end, 400},
        {head + "0\r\n  folded\r\n\r\n", ParseError::obs_fold, 400},
    };
    for (const Case& c : cases) check_request_case(c);
}

TEST_CASE("Line and field syntax: bare LF, bare CR, whitespace before colon, obs-fold (RFC 9112 §2.2, §5)",
          "[http][hostile]") {
    const Case cases[] = {
        {"GET / HTTP/1.1\nHost: a\r\n\r\n", ParseError::bare_lf, 400},
        {"GET / HTTP/1.1\r\nHost: a\n\r\n", ParseError::bare_lf, 400},
        {"GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", ParseError::bare_cr, 400},
        {"GET / HTTP/1.1\r\nHost : a\r\n\r\n", ParseError::whitespace_before_colon, 400},
        {"GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", ParseError::whitespace_before_colon, 400},
        {"GET / HTTP/1.1\r\n Host: a\r\n\r\n", ParseError::whitespace_after_start_line, 400},
        {"GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n", ParseError::obs_fold, 400},
        {"GET / HTTP/1.1\r\nNo colon here\r\n\r\n", ParseError::bad_header_line, 400},
        {"GET / HTTP/1.1\r\nBad[name]: a\r\n\r\n", ParseError::bad_header_name, 400},
        {"GET / HTTP/1.1\r\n: a\r\n\r\n", ParseError::bad_header_name, 400},
        {std::string("GET / HTTP/1.1\r\nHost: a") + '\0' + "b\r\n\r\n", ParseError::bad_header_value, 400},
        {"GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n", ParseError::bad_header_value, 400},
    };
    for (const Case& c : cases) check_request_case(c);
}

TEST_CASE("Request lines (RFC 9112 §3, §2.3)", "[http][hostile]") {
    const Case cases[] = {
        {"GET /  HTTP/1.1\r\n\r\n", ParseError::bad_request_line, 400},
        {"GET / HTTP/1.1 extra\r\n\r\n", ParseError::bad_request_line, 400},
        {"GET\r\n\r\n", ParseError::bad_request_line, 400},
        {"GET /\r\n\r\n", ParseError::bad_request_line, 400},
        {"G(T / HTTP/1.1\r\n\r\n", ParseError::bad_request_line, 400},
        {"GET /\x7f HTTP/1.1\r\n\r\n", ParseError::bad_request_line, 400},
        {"GET / http/1.1\r\n\r\n", ParseError::bad_version, 400},
        {"GET / HTTP/1.10\r\n\r\n", ParseError::bad_version, 400},
        {"GET / HTTP/2.0\r\n\r\n", ParseError::version_not_supported, 505},
    };
    for (const Case& c : cases) check_request_case(c);
}

TEST_CASE("Status lines and response framing", "[http][hostile]") {
    CHECK(response_error("HTTP/1.1 20 OK\r\n\r\n") == ParseError::bad_status_line);
    CHECK(response_error("HTTP/1.1 600 Nope\r\n\r\n") == ParseError::bad_status_line);
    CHECK(response_error("HTTP/1.1 099 Nope\r\n\r\n") == ParseError::bad_status_line);
    CHECK(response_error("HTTP/1.1 200OK\r\n\r\n") == ParseError::bad_status_line);
    CHECK(response_error("HTTP/1.1 200 O\x01K\r\n\r\n") == ParseError::bad_status_line);
    CHECK(response_error("ICY 200 OK\r\n\r\n") == ParseError::bad_status_line);
    CHECK(response_error("\r\nHTTP/1.1 200 OK\r\n\r\n") == ParseError::bad_status_line);
    CHECK(response_error("HTTP/2.0 200 OK\r\n\r\n") == ParseError::version_not_supported);
    CHECK(response_error("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n") ==
          ParseError::content_length_with_transfer_encoding);
    CHECK(response_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n") ==
          ParseError::unsupported_transfer_encoding);
    CHECK(response_error("HTTP/1.1 200 OK\r\nX: 1\r\n\t2\x7f\r\n\r\n") == ParseError::bad_header_value);
}

TEST_CASE("Oversize anything is an error at the limit, not a buffer (RFC 9110 §5.4, RFC 6585 §5)", "[http][hostile]") {
    Limits small;
    small.request_line_length_max = 64;
    small.header_line_length_max = 64;
    small.header_count_max = 4;
    small.header_bytes_max = 200;
    small.body_bytes_max = 10;
    small.chunk_size_max = 8;
    small.chunk_extension_length_max = 16;
    const Case cases[] = {
        {"GET /" + std::string(100, 'a') + " HTTP/1.1\r\n\r\n", ParseError::start_line_too_long, 414},
        {"GET / HTTP/1.1\r\nX: " + std::string(100, 'a') + "\r\n\r\n", ParseError::header_line_too_long, 431},
        {"GET / HTTP/1.1\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\n\r\n", ParseError::too_many_headers, 431},
        {"GET / HTTP/1.1\r\nA: " + std::string(50, 'a') + "\r\nB: " + std::string(50, 'a') + "\r\nC: " +
             std::string(50, 'a') + "\r\nD: " + std::string(50, 'a') + "\r\n\r\n",
         ParseError::headers_too_large, 431},
        {"POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", ParseError::body_too_large, 413},
        {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n", ParseError::chunk_size_too_large, 413},
        {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n3\r\n", ParseError::body_too_large, 413},
        {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;" + std::string(17, 'e') + "\r\n",
         ParseError::chunk_extension_too_long, 400},
    };
    for (const Case& c : cases) check_request_case(c, small);
}

TEST_CASE("An endless line is refused once it passes the limit, before its LF arrives", "[http][hostile]") {
    RequestParser parser;
    std::string buffer = "GET /";
    ParseResult r;
    for (int i = 0; i < 20'000 && r.status != ParseStatus::error; ++i) {
        buffer += 'a';
        r = parser.parse(buffer);
        buffer.erase(0, r.consumed);
    }
    CHECK(r.error == ParseError::start_line_too_long);
    CHECK(buffer.size() <= Limits{}.request_line_length_max + 1);
}

TEST_CASE("A body read until close stops at its limit", "[http][hostile]") {
    Limits small;
    small.body_bytes_max = 4;
    CHECK(parse_response("HTTP/1.1 200 OK\r\n\r\n12345", "GET", small).error == ParseError::body_too_large);
}

TEST_CASE("Every error has a reason, an RFC section and a status", "[http][hostile]") {
    for (int e = 1; e <= static_cast<int>(ParseError::incomplete_message); ++e) {
        const auto error = static_cast<ParseError>(e);
        CHECK(!to_string(error).empty());
        CHECK(rfc_section(error).starts_with("RFC "));
        CHECK(status_for(error) >= 400);
    }
}
