// The part tree: the RFC 2046 §5.1.1 multipart example, nested message/rfc822, the
// multipart/digest default (RFC 2046 §5.1.5), part numbering (RFC 9051 §6.4.5) and ranges.
#include <catch2/catch.hpp>

#include "protocols/mime/structure.hpp"

using namespace postlab::mime;

namespace {

std::string crlf(std::string_view lf_text) {
    std::string out;
    for (char c : lf_text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

std::string_view slice(std::string_view msg, ByteRange r) { return msg.substr(r.offset, r.length); }

}  // namespace

// RFC 2046 §5.1.1, the example message, with CRLF line endings.
const std::string rfc2046_example = crlf(
    "From: Nathaniel Borenstein <nsb@bellcore.com>\n"
    "To: Ned Freed <ned@innosoft.com>\n"
    "Date: Sun, 21 Mar 1993 23:56:48 -0800 (PST)\n"
    "Subject: Sample message\n"
    "MIME-Version: 1.0\n"
    "Content-type: multipart/mixed; boundary=\"simple boundary\"\n"
    "\n"
    "This is the preamble.  It is to be ignored, though it\n"
    "is a handy place for composition agents to include an\n"
    "explanatory note to non-MIME conformant readers.\n"
    "\n"
    "--simple boundary\n"
    "\n"
    "This is implicitly typed plain US-ASCII text.\n"
    "It does NOT end with a linebreak.\n"
    "--simple boundary\n"
    "Content-type: text/plain; charset=us-ascii\n"
    "\n"
    "This is explicitly typed plain US-ASCII text.\n"
    "It DOES end with a linebreak.\n"
    "\n"
    "--simple boundary--\n"
    "\n"
    "This is the epilogue.  It is also to be ignored.\n");

TEST_CASE("RFC 2046 §5.1.1 multipart example") {
    const std::string& msg = rfc2046_example;
    MessageStructure s = parse_structure(msg);
    CHECK(s.problems.empty());
    const BodyPart& root = s.root();
    CHECK(root.type == "multipart");
    CHECK(root.subtype == "mixed");
    CHECK(root.param("boundary") == "simple boundary");
    CHECK(root.is_multipart());
    REQUIRE(root.children.size() == 2);
    CHECK(slice(msg, root.header) == msg.substr(0, msg.find("This is the preamble")));
    CHECK(root.body.end() == msg.size());

    const BodyPart& p1 = s.parts[root.children[0]];
    CHECK(p1.type == "TEXT");  // RFC 2046 §5.1: no Content-Type in a part means text/plain
    CHECK(slice(msg, p1.header) == "\r\n");
    CHECK(slice(msg, p1.body) ==
          "This is implicitly typed plain US-ASCII text.\r\nIt does NOT end with a linebreak.");
    CHECK(p1.lines == 1);

    const BodyPart& p2 = s.parts[root.children[1]];
    CHECK(p2.type == "text");
    CHECK(p2.param("charset") == "us-ascii");
    CHECK(slice(msg, p2.header) == "Content-type: text/plain; charset=us-ascii\r\n\r\n");
    CHECK(slice(msg, p2.body) ==
          "This is explicitly typed plain US-ASCII text.\r\nIt DOES end with a linebreak.\r\n");
    CHECK(p2.lines == 2);
    REQUIRE(root.envelope.has_value());
    CHECK(root.envelope->subject == "Sample message");
}

TEST_CASE("nested message/rfc822 and multipart/digest default types") {
    const std::string msg = crlf(
        "Subject: digest\n"
        "Content-Type: multipart/digest; boundary=d\n"
        "\n"
        "--d\n"
        "\n"
        "Subject: inner one\n"
        "From: a@b.c\n"
        "\n"
        "first\n"
        "--d\n"
        "Content-Type: message/rfc822\n"
        "\n"
        "Subject: inner two\n"
        "Content-Type: multipart/alternative; boundary=\"alt\"\n"
        "\n"
        "--alt\n"
        "Content-Type: text/plain\n"
        "\n"
        "plain\n"
        "--alt\n"
        "Content-Type: text/html\n"
        "\n"
        "<b>html</b>\n"
        "--alt--\n"
        "--d--\n");
    MessageStructure s = parse_structure(msg);
    CHECK(s.problems.empty());
    REQUIRE(s.root().children.size() == 2);
    const BodyPart& d1 = s.parts[s.root().children[0]];
    CHECK(d1.type == "MESSAGE");
    CHECK(d1.subtype == "RFC822");
    REQUIRE(d1.is_encapsulated());
    const BodyPart& inner1 = s.parts[d1.children[0]];
    CHECK(inner1.is_message);
    CHECK(inner1.envelope->subject == "inner one");
    CHECK(slice(msg, inner1.body) == "first");
    CHECK(d1.lines == 3);

    auto part = [&](std::vector<std::uint32_t> path) -> const BodyPart* {
        auto i = s.find_part(path);
        return i ? &s.parts[*i] : nullptr;
    };
    REQUIRE(part({2, 1}) != nullptr);
    CHECK(slice(msg, part({2, 1})->body) == "plain");
    CHECK(slice(msg, part({2, 2})->body) == "<b>html</b>");
    CHECK(part({2, 3}) == nullptr);
    CHECK(part({1, 1}) == &inner1);  // a non-multipart message's only part is its body
    CHECK(part({1, 2}) == nullptr);
    CHECK(part({3}) == nullptr);
    CHECK(part({0}) == nullptr);
    CHECK(part({}) == &s.root());
}

TEST_CASE("a single-part message is its own part 1") {
    const std::string msg = "Subject: x\r\n\r\nline1\r\nline2";
    MessageStructure s = parse_structure(msg);
    CHECK(s.parts.size() == 1);
    CHECK(s.find_part({1}) == std::size_t{0});
    CHECK(s.find_part({1, 1}) == std::nullopt);
    CHECK(s.root().lines == 1);  // line endings are counted (as Dovecot does)
    CHECK(s.root().body == ByteRange{14, 12});
}

TEST_CASE("Content-* fields are read into the part") {
    const std::string msg = crlf(
        "Content-Type: image/png; name=\"a.png\"\n"
        "Content-Transfer-Encoding: BASE64 (binary data)\n"
        "Content-ID: <id1@x>\n"
        "Content-Description: A picture\n"
        "Content-Disposition: attachment; filename=\"a.png\"; size=3\n"
        "Content-Language: en, de (German)\n"
        "Content-Location: http://example.com/\n"
        "  a.png\n"
        "Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\n"
        "\n"
        "AAAA\n");
    MessageStructure s = parse_structure(msg);
    const BodyPart& p = s.root();
    CHECK(p.encoding == "BASE64");
    CHECK(p.id == "<id1@x>");
    CHECK(p.description == "A picture");
    REQUIRE(p.disposition.has_value());
    CHECK(p.disposition->type == "attachment");
    CHECK(p.disposition->params.size() == 2);
    CHECK(p.language == std::vector<std::string>{"en", "de"});
    CHECK(p.location == "http://example.com/a.png");
    CHECK(p.md5 == "Q2hlY2sgSW50ZWdyaXR5IQ==");
    CHECK(p.lines == 0);  // not text: no line count
}
