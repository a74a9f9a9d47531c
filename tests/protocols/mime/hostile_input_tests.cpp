// Hostile and broken messages: deep nesting, huge part counts, a 1 MB header line, missing
// boundaries, NUL bytes, bare LF, truncated bodies and every prefix of a real message. Each
// must parse into something showable (a ctest TIMEOUT catches blow-ups; speed is for bench/), with the cut or repair named in `problems`.
#include <catch2/catch.hpp>

#include "protocols/mime/encoded_word.hpp"
#include "protocols/mime/imap_format.hpp"
#include "protocols/mime/section.hpp"
#include "protocols/mime/transfer.hpp"
#include "test_messages.hpp"

using namespace postlab::mime;
using mime_test::crlf;

namespace {

// Every range inside the message, every child pointing back at its parent.
void check_tree(const MessageStructure& s, std::size_t size) {
    for (std::size_t i = 0; i < s.parts.size(); ++i) {
        const BodyPart& p = s.parts[i];
        REQUIRE(p.header.end() <= size);
        REQUIRE(p.body.end() <= size);
        REQUIRE(p.header.end() <= p.body.offset);
        for (std::size_t c : p.children) {
            REQUIRE(c < s.parts.size());
            REQUIRE(s.parts[c].parent == i);
        }
    }
}

std::size_t max_depth(const MessageStructure& s) {
    std::size_t depth = 0;
    for (const auto& p : s.parts) depth = std::max(depth, p.depth);
    return depth;
}

}  // namespace

TEST_CASE("10,000 nested multiparts stop at the depth limit, fast") {
    const int levels = 10000;
    std::string msg;
    for (int i = 0; i < levels; ++i) {
        msg += "Content-Type: multipart/mixed; boundary=\"b" + std::to_string(i) + "\"\r\n\r\n";
        msg += "--b" + std::to_string(i) + "\r\n";
    }
    msg += "\r\ninnermost\r\n";
    for (int i = levels - 1; i >= 0; --i) msg += "--b" + std::to_string(i) + "--\r\n";
    MessageStructure s = parse_structure(msg);
    check_tree(s, msg.size());
    CHECK(max_depth(s) == nesting_depth_max);
    CHECK(s.parts.size() == nesting_depth_max + 1);
    CHECK(has_problem(s.problems, "nesting_depth_max=32"));
    const BodyPart& deepest = s.parts.back();
    CHECK(deepest.opaque);
    CHECK(deepest.type == "APPLICATION");
    std::string bs = bodystructure_to_imap(s, true);
    CHECK(bs.find("\"OCTET-STREAM\"") != std::string::npos);
    CHECK(std::count(bs.begin(), bs.end(), '(') == std::count(bs.begin(), bs.end(), ')'));
}

TEST_CASE("10,000 nested message/rfc822 stop at the depth limit") {
    std::string msg;
    for (int i = 0; i < 10000; ++i) msg += "Content-Type: message/rfc822\r\n\r\n";
    msg += "Subject: bottom\r\n\r\nx";
    MessageStructure s = parse_structure(msg);
    check_tree(s, msg.size());
    CHECK(max_depth(s) == nesting_depth_max);
    CHECK(has_problem(s.problems, "nesting_depth_max"));
    CHECK_FALSE(bodystructure_to_imap(s, false).empty());
}

TEST_CASE("100,000 parts stop at the part limit, the rest is one opaque part") {
    std::string msg = "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
    for (int i = 0; i < 100000; ++i) msg += "--b\r\n\r\npart\r\n";
    msg += "--b--\r\n";
    MessageStructure s = parse_structure(msg);
    check_tree(s, msg.size());
    CHECK(s.parts.size() == part_count_max);
    CHECK(has_problem(s.problems, "part_count_max=1000"));
    const BodyPart& last = s.parts.back();
    CHECK(last.opaque);
    CHECK(last.subtype == "OCTET-STREAM");
    CHECK(last.body.end() == msg.size());  // it covers everything not listed
    CHECK(s.parts[1].body.length == 4);
}

TEST_CASE("a 1 MB header line is cut at the header limit; the body is still found") {
    const std::string msg =
        "X-Long: " + std::string(1 << 20, 'a') + "\r\nSubject: after\r\n\r\nbody";
    MessageStructure s = parse_structure(msg);
    CHECK(has_problem(s.problems, "header_bytes_max=65536"));
    CHECK(has_problem(s.problems, "RFC 5322 §2.1.1"));
    CHECK(section_bytes(msg, s, *parse_section_spec("TEXT")) == "body");
    CHECK_FALSE(s.root().envelope->subject.has_value());  // past the limit: not parsed
    auto fields = section_bytes(msg, s, *parse_section_spec("HEADER.FIELDS (X-Long)"));
    REQUIRE(fields.has_value());
}

TEST_CASE("missing boundaries") {
    SECTION("no boundary parameter") {
        MessageStructure s =
            parse_structure("Content-Type: multipart/mixed\r\n\r\n--x\r\n\r\nhello\r\n--x--\r\n");
        CHECK(s.parts.size() == 1);
        CHECK(s.root().type == "TEXT");
        CHECK(s.root().opaque);
        CHECK(has_problem(s.problems, "RFC 2046 §5.1.1"));
        CHECK(s.root().lines == 4);
    }
    SECTION("boundary never appears") {
        MessageStructure s =
            parse_structure("Content-Type: multipart/mixed; boundary=zz\r\n\r\nno parts here\r\n");
        CHECK(s.parts.size() == 1);
        CHECK(s.root().type == "TEXT");
        CHECK(has_problem(s.problems, "without any boundary delimiter"));
    }
    SECTION("no close delimiter") {
        const std::string msg = crlf(
            "Content-Type: multipart/mixed; boundary=zz\n\n--zz\n\none\n--zz\n\ntwo\n");
        MessageStructure s = parse_structure(msg);
        REQUIRE(s.root().children.size() == 2);
        CHECK(section_bytes(msg, s, *parse_section_spec("2")) == "two\r\n");
        CHECK(has_problem(s.problems, "close delimiter"));
    }
    SECTION("a boundary that is only a prefix of a line is not a delimiter") {
        const std::string msg = crlf(
            "Content-Type: multipart/mixed; boundary=zz\n\n--zz\n\n--zzz not a delimiter\n--zz--\n");
        MessageStructure s = parse_structure(msg);
        REQUIRE(s.root().children.size() == 1);
        CHECK(section_bytes(msg, s, *parse_section_spec("1")) == "--zzz not a delimiter");
        CHECK(s.problems.empty());
    }
}

TEST_CASE("NUL bytes are noted and never reach IMAP strings") {
    const std::string msg("Subject: a\0b\r\nFrom: x@y\r\n\r\nbo\0dy\r\n", 34);
    MessageStructure s = parse_structure(msg);
    CHECK(has_problem(s.problems, "NUL"));
    CHECK(*s.root().envelope->subject == std::string("a\0b", 3));
    std::string env = envelope_to_imap(*s.root().envelope);
    CHECK(env.find('\0') == std::string::npos);
    CHECK(env.find("\"ab\"") != std::string::npos);
    CHECK(s.root().body.length == 7);
}

TEST_CASE("a bare LF message parses like its CRLF twin") {
    const std::string lf_msg =
        "Content-Type: multipart/alternative; boundary=q\n\npre\n--q\nContent-Type: text/plain\n\n"
        "one\n--q\nContent-Type: text/html\n\n<b>two</b>\n--q--\n";
    MessageStructure s = parse_structure(lf_msg);
    CHECK(has_problem(s.problems, "bare LF"));
    REQUIRE(s.root().children.size() == 2);
    CHECK(section_bytes(lf_msg, s, *parse_section_spec("1")) == "one");
    CHECK(section_bytes(lf_msg, s, *parse_section_spec("2")) == "<b>two</b>");
    CHECK(section_bytes(lf_msg, s, *parse_section_spec("2.MIME")) == "Content-Type: text/html\n\n");
    CHECK(bodystructure_to_imap(s, false) ==
          "((\"text\" \"plain\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3 0)"
          "(\"text\" \"html\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 10 0) \"alternative\")");
}

TEST_CASE("a truncated base64 body decodes what is there and says so") {
    const std::string msg = crlf(
        "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
        "SGVsbG8gd29ybGQsIHRoaXMgaXMg\nYSB0cnVuY2F0ZWQgYm9keQ");
    MessageStructure s = parse_structure(msg);
    CHECK(s.problems.empty());
    auto body = section_bytes(msg, s, *parse_section_spec("1"));
    REQUIRE(body.has_value());
    Decoded d = decode_body(*body, *s.root().encoding);
    CHECK(d.bytes == "Hello world, this is a truncated body");
    CHECK(has_problem(d.problems, "RFC 2045 §6.8"));
    Decoded cut = decode_body(body->substr(0, body->size() - 1), "base64");
    CHECK(cut.bytes == "Hello world, this is a truncated bod");
    CHECK(cut.problems.size() == 1);
}

TEST_CASE("garbage headers still give a showable message") {
    const std::string msg = ": no name\r\n\x01\x02 binary junk\r\n\r\nbody";
    MessageStructure s = parse_structure(msg);
    check_tree(s, msg.size());
    CHECK(s.root().header.length == 0);
    CHECK(s.root().body.length == msg.size());
    CHECK(has_problem(s.problems, "RFC 5322 §2.2"));
}

TEST_CASE("every prefix of a real message parses within bounds") {
    const std::string& full = mime_test::nested_message;
    for (std::size_t len = 0; len <= full.size(); ++len) {
        const std::string msg = full.substr(0, len);
        INFO("prefix length " << len);
        MessageStructure s = parse_structure(msg);
        check_tree(s, msg.size());
        std::string bs = bodystructure_to_imap(s, true);
        CHECK(std::count(bs.begin(), bs.end(), '(') >= 1);
        for (const char* spec : {"", "1", "1.2", "1.2.MIME", "3.HEADER", "3.TEXT", "TEXT",
                                 "HEADER.FIELDS (Subject)"}) {
            auto bytes = section_bytes(msg, s, *parse_section_spec(spec));
            if (bytes && std::string_view(spec) != "HEADER.FIELDS (Subject)") {
                CHECK(bytes->size() <= msg.size());
            }
        }
    }
}

TEST_CASE("problem lists stay bounded") {
    std::string msg = "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
    for (int i = 0; i < 500; ++i) msg += "--b\r\nContent-Type: x\r\n\r\n.\r\n";
    msg += "--b--\r\n";
    MessageStructure s = parse_structure(msg);
    CHECK(s.problems.size() == problem_count_max + 1);
    CHECK(s.problems.back().rule == "limit problem_count_max=100");
}

TEST_CASE("many unterminated encoded words decode in linear time") {
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "=?utf-8?q?x ";
    CHECK(decode_encoded_words(text) == text);
}
