// RFC 5322 §2.2 header parsing: unfolding (§2.2.3), duplicates in order, case-insensitive
// lookups, the empty line ending the header (§2.1), and the lenient cases (bare LF, garbage).
#include <catch2/catch.hpp>

#include "protocols/mime/header.hpp"

using namespace postlab::mime;

TEST_CASE("fields are split, unfolded and kept raw") {
    const std::string msg =
        "Subject: This\r\n is a test\r\nX-A: 1\r\nx-a:2\r\nFrom : a@b.c\r\n\r\nbody\r\n";
    std::vector<Problem> problems;
    HeaderBlock h = parse_header(msg, 0, {}, problems);
    REQUIRE(h.fields.size() == 4);
    CHECK(h.fields[0].name == "Subject");
    CHECK(h.fields[0].raw_value == " This\r\n is a test");
    CHECK(h.fields[0].value == "This is a test");  // RFC 5322 §2.2.3 unfolding
    CHECK(h.fields[0].range == ByteRange{0, 27});
    CHECK(h.fields[3].name == "From");  // obsolete WSP before the colon (RFC 5322 §4.5)
    CHECK(h.value("SUBJECT") == "This is a test");
    auto xa = h.find_all("X-A");
    REQUIRE(xa.size() == 2);
    CHECK(xa[0]->value == "1");
    CHECK(xa[1]->value == "2");
    CHECK(h.blank_line_found);
    CHECK(h.range == ByteRange{0, msg.find("body")});
    CHECK(h.body_offset == msg.find("body"));
    CHECK(problems.empty());
    CHECK_FALSE(h.value("To").has_value());
}

TEST_CASE("offsets carry the base offset of the part") {
    std::vector<Problem> problems;
    HeaderBlock h = parse_header("A: b\r\n\r\n", 100, {}, problems);
    CHECK(h.range == ByteRange{100, 8});
    CHECK(h.fields.at(0).range == ByteRange{100, 6});
    CHECK(h.body_offset == 108);
}

TEST_CASE("bare LF headers parse the same way") {
    std::vector<Problem> problems;
    HeaderBlock h = parse_header("Subject: a\n b\nTo: x\n\nbody", 0, {}, problems);
    REQUIRE(h.fields.size() == 2);
    CHECK(h.fields[0].value == "a b");
    CHECK(h.body_offset == 21);
}

TEST_CASE("a line that is not a field ends the header with a problem") {
    std::vector<Problem> problems;
    const std::string msg = "Subject: a\r\nthis is not a header\r\nTo: b\r\n\r\n";
    HeaderBlock h = parse_header(msg, 0, {}, problems);
    REQUIRE(h.fields.size() == 1);
    CHECK_FALSE(h.blank_line_found);
    CHECK(h.body_offset == 12);
    CHECK(has_problem(problems, "RFC 5322 §2.2"));
}

TEST_CASE("a header without an empty line takes the whole input") {
    std::vector<Problem> problems;
    HeaderBlock h = parse_header("Subject: cut off", 0, {}, problems);
    REQUIRE(h.fields.size() == 1);
    CHECK(h.fields[0].value == "cut off");
    CHECK(h.body_offset == 16);
    CHECK_FALSE(h.blank_line_found);
}

TEST_CASE("field count and byte limits cut the parsed fields, not the header range") {
    std::string msg;
    for (int i = 0; i < 20; ++i) msg += "X-N: " + std::to_string(i) + "\r\n";
    msg += "\r\nbody";
    Limits limits;
    limits.header_field_count_max = 5;
    std::vector<Problem> problems;
    HeaderBlock h = parse_header(msg, 0, limits, problems);
    CHECK(h.fields.size() == 5);
    CHECK(h.body_offset == msg.size() - 4);
    CHECK(has_problem(problems, "header_field_count_max=5"));

    limits = Limits{};
    limits.header_bytes_max = 30;
    problems.clear();
    h = parse_header(msg, 0, limits, problems);
    CHECK(h.fields.size() == 4);  // fields starting before byte 30: 0..3 (8 bytes each)
    CHECK(h.body_offset == msg.size() - 4);
    CHECK(has_problem(problems, "header_bytes_max=30"));
}
