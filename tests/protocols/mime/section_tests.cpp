// RFC 9051 §6.4.5 BODY[section]: spec parsing and byte-exact extraction from the nested
// message (the expected bytes match what Dovecot 2.3 sends for the same message).
#include <catch2/catch.hpp>

#include "protocols/mime/section.hpp"
#include "test_messages.hpp"

using namespace postlab::mime;
using mime_test::crlf;

namespace {

std::optional<std::string> fetch(const std::string& msg, std::string_view spec) {
    auto parsed = parse_section_spec(spec);
    REQUIRE(parsed.has_value());
    return section_bytes(msg, parse_structure(msg), *parsed);
}

}  // namespace

TEST_CASE("section specs parse per RFC 9051 §6.4.5") {
    CHECK(parse_section_spec("") == SectionSpec{});
    CHECK(parse_section_spec("1.2") == SectionSpec{{1, 2}, SectionText::none, {}});
    CHECK(parse_section_spec("1.2.MIME") == SectionSpec{{1, 2}, SectionText::mime, {}});
    CHECK(parse_section_spec("header") == SectionSpec{{}, SectionText::header, {}});
    CHECK(parse_section_spec("TEXT") == SectionSpec{{}, SectionText::text, {}});
    CHECK(parse_section_spec("2.HEADER.FIELDS (From To)") ==
          SectionSpec{{2}, SectionText::header_fields, {"From", "To"}});
    CHECK(parse_section_spec("HEADER.FIELDS.NOT (\"Subject\" X-A)") ==
          SectionSpec{{}, SectionText::header_fields_not, {"Subject", "X-A"}});
    for (const char* bad : {"MIME", "0", "1.", "1..2", "01", "1.X", "HEADER.FIELDS",
                            "HEADER.FIELDS ()", "HEADER.FIELDS From", "TEXT (x)", "1.2.3.",
                            "99999999999"}) {
        INFO(bad);
        CHECK_FALSE(parse_section_spec(bad).has_value());
    }
}

TEST_CASE("section bytes are exact") {
    const std::string& msg = mime_test::nested_message;
    const std::string header = msg.substr(0, msg.find("This is a multi-part"));
    CHECK(fetch(msg, "") == msg);
    CHECK(fetch(msg, "HEADER") == header);
    CHECK(fetch(msg, "TEXT") == msg.substr(header.size()));
    CHECK(fetch(msg, "1") == crlf("--inner\n"
                                  "Content-Type: text/plain; charset=utf-8\n"
                                  "Content-Transfer-Encoding: quoted-printable\n"
                                  "\n"
                                  "Caf=C3=A9 at 10?\n"
                                  "--inner\n"
                                  "Content-Type: text/html; charset=utf-8\n"
                                  "\n"
                                  "<p>Caf&eacute; at 10?</p>\n"
                                  "--inner--\n"));
    CHECK(fetch(msg, "1.1") == "Caf=C3=A9 at 10?");
    CHECK(fetch(msg, "1.2") == "<p>Caf&eacute; at 10?</p>");
    CHECK(fetch(msg, "1.2.MIME") == "Content-Type: text/html; charset=utf-8\r\n\r\n");
    CHECK(fetch(msg, "2") == "JVBERi0xLjQK");
    CHECK(fetch(msg, "3") == crlf("From: Eve <eve@example.com>\n"
                                  "Subject: original\n"
                                  "Message-ID: <m-1@example.com>\n"
                                  "\n"
                                  "Hi!"));
    CHECK(fetch(msg, "3.MIME") ==
          "Content-Type: message/rfc822\r\nContent-Description: forwarded\r\n\r\n");
    CHECK(fetch(msg, "3.HEADER") ==
          "From: Eve <eve@example.com>\r\nSubject: original\r\nMessage-ID: <m-1@example.com>"
          "\r\n\r\n");
    CHECK(fetch(msg, "3.TEXT") == "Hi!");
    CHECK(fetch(msg, "3.1") == "Hi!");
}

TEST_CASE("HEADER.FIELDS and HEADER.FIELDS.NOT keep order and end with the empty line") {
    const std::string& msg = mime_test::nested_message;
    CHECK(fetch(msg, "HEADER.FIELDS (to FROM)") ==
          "From: Alice <alice@example.com>\r\n"
          "To: Bob <bob@example.net>, \"Carol C.\" <carol@example.org>\r\n\r\n");
    CHECK(fetch(msg, "HEADER.FIELDS.NOT (From To Cc Subject Date Message-ID In-Reply-To)") ==
          "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n");
    CHECK(fetch(msg, "HEADER.FIELDS (X-Absent)") == "\r\n");
    CHECK(fetch(msg, "3.HEADER.FIELDS (SUBJECT)") == "Subject: original\r\n\r\n");

    const std::string folded = "A: 1\r\nSubject: a\r\n b\r\nsubject: c\r\n\r\nbody";
    CHECK(fetch(folded, "HEADER.FIELDS (Subject)") == "Subject: a\r\n b\r\nsubject: c\r\n\r\n");
}

TEST_CASE("sections that do not exist or do not apply") {
    const std::string& msg = mime_test::nested_message;
    CHECK(fetch(msg, "4") == std::nullopt);
    CHECK(fetch(msg, "1.3") == std::nullopt);
    CHECK(fetch(msg, "2.HEADER") == std::nullopt);  // not a message/rfc822 part
    CHECK(fetch(msg, "2.1") == std::nullopt);
    CHECK(fetch(msg, "1.HEADER.FIELDS (From)") == std::nullopt);

    const std::string single = "Subject: s\r\n\r\nonly body";
    CHECK(fetch(single, "1") == "only body");
    CHECK(fetch(single, "1.MIME") == "Subject: s\r\n\r\n");
    CHECK(fetch(single, "2") == std::nullopt);
    CHECK(fetch(single, "1.TEXT") == std::nullopt);
}

TEST_CASE("partial clamps to the available bytes") {
    CHECK(partial("0123456789", 2, 3) == "234");
    CHECK(partial("0123456789", 8, 100) == "89");
    CHECK(partial("0123456789", 10, 1) == "");
    CHECK(partial("0123456789", ~0ull, ~0ull) == "");
}
