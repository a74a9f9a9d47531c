// LineReader: CRLF framing, bare CR/LF detection, the per-protocol limit, byte-at-a-time feeding.
#include <catch2/catch.hpp>

#include "protocols/core/line_reader.hpp"

using postlab::LineError;
using postlab::LineReader;

TEST_CASE("lines end only with CRLF") {
    LineReader r(100);
    r.feed("EHLO a\r\nMAIL FROM:<x@y>\r\npartial");
    auto first = r.next();
    REQUIRE(first);
    CHECK(first->text == "EHLO a");
    CHECK(first->error == LineError::none);
    auto second = r.next();
    REQUIRE(second);
    CHECK(second->text == "MAIL FROM:<x@y>");
    CHECK_FALSE(r.next());
    CHECK(r.buffered() == 7);
    r.feed("\r\n");
    auto third = r.next();
    REQUIRE(third);
    CHECK(third->text == "partial");
}

TEST_CASE("a bare LF ends a line and is reported") {
    LineReader r(100);
    r.feed("one\ntwo\r\n");
    auto a = r.next();
    REQUIRE(a);
    CHECK(a->text == "one");
    CHECK(a->error == LineError::bare_lf);
    auto b = r.next();
    REQUIRE(b);
    CHECK(b->text == "two");
    CHECK(b->error == LineError::none);
}

TEST_CASE("a bare CR inside a line is reported") {
    LineReader r(100);
    r.feed("a\rb\r\n");
    auto a = r.next();
    REQUIRE(a);
    CHECK(a->error == LineError::bare_cr);
    CHECK(a->text == "a\rb");
}

TEST_CASE("a CR at the end of the buffer waits for its LF") {
    LineReader r(100);
    r.feed("abc\r");
    CHECK_FALSE(r.next());
    r.feed("\n");
    auto a = r.next();
    REQUIRE(a);
    CHECK(a->text == "abc");
    CHECK(a->error == LineError::none);
}

TEST_CASE("an over-long line is reported once and its tail skipped") {
    LineReader r(10);
    r.feed(std::string(1'000'000, 'x'));
    auto a = r.next();
    REQUIRE(a);
    CHECK(a->error == LineError::too_long);
    CHECK(a->text.size() == 10);
    CHECK(r.buffered() == 0);  // nothing of the megabyte is kept
    r.feed("yyyy\r\nok\r\n");
    auto b = r.next();
    REQUIRE(b);
    CHECK(b->text == "ok");
    CHECK(b->error == LineError::none);
}

TEST_CASE("a complete line over the limit is too long") {
    LineReader r(10);
    r.feed("0123456789\r\n");  // 12 octets with CRLF
    auto a = r.next();
    REQUIRE(a);
    CHECK(a->error == LineError::too_long);
    r.feed("01234567\r\n");  // exactly 10
    auto b = r.next();
    REQUIRE(b);
    CHECK(b->error == LineError::none);
}

TEST_CASE("feeding one byte at a time gives the same lines") {
    const std::string input = "A\r\nbare\nC\rD\r\nlast\r\n";
    LineReader whole(100);
    whole.feed(input);
    LineReader bytewise(100);
    std::vector<postlab::Line> a, b;
    while (auto l = whole.next()) a.push_back(*l);
    for (char c : input) {
        bytewise.feed(std::string_view(&c, 1));
        while (auto l = bytewise.next()) b.push_back(*l);
    }
    REQUIRE(a.size() == 4);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].text == b[i].text);
        CHECK(a[i].error == b[i].error);
    }
}

TEST_CASE("take_raw and clear") {
    LineReader r(100);
    r.feed("hello\r\nworld");
    CHECK(r.take_raw(3) == "hel");
    r.clear();
    CHECK(r.buffered() == 0);
    CHECK_FALSE(r.next());
}
