// Content-Type / Content-Disposition parameters: RFC 2045 §5.1 syntax with quoted strings and
// comments, the RFC 2231 §3, §4 and §4.1 examples, and the RFC 2045 §5.2 default.
#include <catch2/catch.hpp>

#include "protocols/mime/params.hpp"

using namespace postlab::mime;

TEST_CASE("type, subtype, quoted and token parameters, comments") {
    std::vector<Problem> problems;
    ContentType ct = parse_content_type(
        "text/plain (a comment); charset=\"us-ascii\" (another);\r\n format=flowed", problems);
    CHECK(ct.present);
    CHECK(ct.type == "text");
    CHECK(ct.subtype == "plain");
    REQUIRE(ct.params.size() == 2);
    CHECK(ct.params[0].name == "charset");
    CHECK(ct.params[0].value == "us-ascii");
    CHECK(ct.params[1].value == "flowed");
    CHECK(find_param(ct.params, "CHARSET") == &ct.params[0]);
    CHECK(problems.empty());
}

TEST_CASE("quoted-pairs inside parameter values") {
    std::vector<Problem> problems;
    auto params = parse_params("; name=\"a \\\"quoted\\\" \\\\ name;x\"", problems);
    REQUIRE(params.size() == 1);
    CHECK(params[0].value == "a \"quoted\" \\ name;x");
}

TEST_CASE("RFC 2231 §3 continuations") {
    std::vector<Problem> problems;
    ContentType ct = parse_content_type(
        "message/external-body; access-type=URL;\r\n URL*0=\"ftp://\";\r\n"
        " URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"",
        problems);
    REQUIRE(ct.params.size() == 2);
    CHECK(ct.params[1].name == "URL");
    CHECK(ct.params[1].value == "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar");
    CHECK_FALSE(ct.params[1].extended);
    CHECK(ct.params[1].imap_name() == "URL");
    CHECK(problems.empty());
}

TEST_CASE("RFC 2231 §4 charset and language") {
    std::vector<Problem> problems;
    ContentType ct = parse_content_type(
        "application/x-stuff;\r\n title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A",
        problems);
    REQUIRE(ct.params.size() == 1);
    const Param& p = ct.params[0];
    CHECK(p.name == "title");
    CHECK(p.value == "This is ***fun***");
    CHECK(p.charset == "us-ascii");
    CHECK(p.language == "en-us");
    CHECK(p.imap_name() == "title*");
    CHECK(p.imap_value() == "us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A");
}

TEST_CASE("RFC 2231 §4.1 continuations combined with charset, in any order") {
    std::vector<Problem> problems;
    ContentType ct = parse_content_type(
        "application/x-stuff;\r\n title*2=\"isn't it!\";\r\n"
        " title*1*=%2A%2A%2Afun%2A%2A%2A%20;\r\n"
        " title*0*=us-ascii'en'This%20is%20even%20more%20",
        problems);
    REQUIRE(ct.params.size() == 1);
    CHECK(ct.params[0].value == "This is even more ***fun*** isn't it!");
    CHECK(ct.params[0].language == "en");
    CHECK(ct.params[0].imap_value() ==
          "us-ascii'en'This%20is%20even%20more%20%2A%2A%2Afun%2A%2A%2A%20isn%27t%20it!");
    CHECK(problems.empty());
}

TEST_CASE("RFC 2231 UTF-8 filename in a disposition") {
    std::vector<Problem> problems;
    Disposition d = parse_disposition("attachment; filename*=utf-8''%E2%82%AC%20rates.pdf",
                                      problems);
    CHECK(d.type == "attachment");
    REQUIRE(d.params.size() == 1);
    CHECK(d.params[0].value == "\xE2\x82\xAC rates.pdf");
    CHECK(d.params[0].charset == "utf-8");
}

TEST_CASE("a gap in the continuation numbers is noted and the value stops there") {
    std::vector<Problem> problems;
    auto params = parse_params("; a*0=x; a*2=z", problems);
    REQUIRE(params.size() == 1);
    CHECK(params[0].value == "x");
    CHECK(has_problem(problems, "RFC 2231 §3"));
}

TEST_CASE("malformed values fall back to text/plain (RFC 2045 §5.2)") {
    std::vector<Problem> problems;
    ContentType ct = parse_content_type("garbage", problems);
    CHECK_FALSE(ct.present);
    CHECK(ct.type == "TEXT");
    CHECK(ct.subtype == "PLAIN");
    CHECK(has_problem(problems, "RFC 2045 §5.2"));
    problems.clear();
    ct = parse_content_type("text/", problems);
    CHECK_FALSE(ct.present);
    problems.clear();
    auto params = parse_params("; =x; ok=1; junk; b", problems);
    REQUIRE(params.size() == 1);
    CHECK(params[0].name == "ok");
    CHECK(has_problem(problems, "RFC 2045 §5.1"));
}

TEST_CASE("first_token drops comments") {
    CHECK(first_token(" base64 (it is)") == "base64");
    CHECK(first_token("(x) 7bit") == "7bit");
    CHECK(first_token("") == "");
}
