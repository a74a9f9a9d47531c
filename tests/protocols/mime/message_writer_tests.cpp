// The message writer: fields, CRLF endings, encoded words, the multipart/mixed layout, and a
// parse of the written message that finds every piece again.
#include <catch2/catch.hpp>

#include "protocols/mime/encoded_word.hpp"
#include "protocols/mime/message_writer.hpp"
#include "protocols/mime/section.hpp"
#include "protocols/mime/transfer.hpp"

using namespace postlab::mime;

TEST_CASE("RFC 5322 §3.3 dates from Unix time") {
    CHECK(format_date(0) == "Thu, 1 Jan 1970 00:00:00 +0000");
    // RFC 5322 A.1.3: Thu, 13 Feb 1969 23:32:54 -0330 is 1969-02-14 03:02:54 UTC.
    CHECK(format_date(-27723426LL * 1000000, -210) == "Thu, 13 Feb 1969 23:32:54 -0330");
    // RFC 5322 A.1.1: Fri, 21 Nov 1997 09:55:06 -0600.
    CHECK(format_date(880127706LL * 1000000, -360) == "Fri, 21 Nov 1997 09:55:06 -0600");
    CHECK(format_date(951782400LL * 1000000) == "Tue, 29 Feb 2000 00:00:00 +0000");
}

TEST_CASE("addresses are quoted or encoded as needed") {
    CHECK(format_address({"", "a@b.c"}) == "a@b.c");
    CHECK(format_address({"Mary Smith", "mary@x.test"}) == "Mary Smith <mary@x.test>");
    CHECK(format_address({"Joe Q. Public", "j@x"}) == "\"Joe Q. Public\" <j@x>");
    CHECK(format_address({"Andr\xC3\xA9", "a@x"}) == "=?UTF-8?B?QW5kcsOp?= <a@x>");
}

TEST_CASE("a simple text message") {
    OutgoingMessage m;
    m.from = {"Alice", "alice@example.com"};
    m.to = {{"Bob", "bob@example.net"}};
    m.subject = "Hello";
    m.date = "Mon, 3 Jun 2024 10:00:00 +0200";
    m.message_id = "<1@example.com>";
    m.body = "Hi Bob,\nsee you.\n";
    CHECK(write_message(m) ==
          "From: Alice <alice@example.com>\r\n"
          "To: Bob <bob@example.net>\r\n"
          "Subject: Hello\r\n"
          "Date: Mon, 3 Jun 2024 10:00:00 +0200\r\n"
          "Message-ID: <1@example.com>\r\n"
          "MIME-Version: 1.0\r\n"
          "Content-Type: text/plain; charset=utf-8\r\n"
          "Content-Transfer-Encoding: 7bit\r\n"
          "\r\n"
          "Hi Bob,\r\nsee you.\r\n");
}

TEST_CASE("UTF-8 text, attachments, and a parse that finds them again") {
    OutgoingMessage m;
    m.from = {"Alice", "alice@example.com"};
    m.to = {{"", "bob@example.net"}, {"Carol", "carol@example.org"}};
    m.cc = {{"Dave", "dave@example.com"}};
    m.subject = "Caf\xC3\xA9 plans";
    m.message_id = "<2@example.com>";
    m.in_reply_to = "<1@example.com>";
    m.body = "Caf\xC3\xA9 at ten?";
    std::string binary;
    for (int i = 0; i < 300; ++i) binary += static_cast<char>(i * 7);
    m.attachments = {{"plan.pdf", "application/pdf", binary},
                     {"r\xC3\xA9sum\xC3\xA9.txt", "text/plain", "cv\r\n"}};
    const std::string msg = write_message(m);
    for (std::size_t i = 0; i < msg.size(); ++i) {
        if (msg[i] == '\n') REQUIRE((i > 0 && msg[i - 1] == '\r'));  // CRLF only
    }
    MessageStructure s = parse_structure(msg);
    CHECK(s.problems.empty());
    const Envelope& e = *s.root().envelope;
    CHECK(decode_encoded_words(*e.subject) == "Caf\xC3\xA9 plans");
    CHECK(e.to.size() == 2);
    CHECK(e.cc.at(0).name == "Dave");
    CHECK(e.in_reply_to == "<1@example.com>");
    REQUIRE(s.root().is_multipart());
    REQUIRE(s.root().children.size() == 3);
    const BodyPart& text = s.parts[s.root().children[0]];
    CHECK(text.encoding == "quoted-printable");
    auto body = section_bytes(msg, s, *parse_section_spec("1"));
    REQUIRE(body.has_value());
    CHECK(decode_body(*body, "quoted-printable").bytes == "Caf\xC3\xA9 at ten?\r\n");
    const BodyPart& pdf = s.parts[s.root().children[1]];
    CHECK(pdf.type == "application");
    CHECK(pdf.disposition->params.at(0).value == "plan.pdf");
    auto pdf_body = section_bytes(msg, s, *parse_section_spec("2"));
    CHECK(decode_body(*pdf_body, *pdf.encoding).bytes == binary);
    const BodyPart& cv = s.parts[s.root().children[2]];
    CHECK(cv.disposition->params.at(0).value == "r\xC3\xA9sum\xC3\xA9.txt");  // RFC 2231
    CHECK(cv.disposition->params.at(0).extended);
}

TEST_CASE("the derived boundary is deterministic and avoids the body text") {
    OutgoingMessage m;
    m.from = {"", "a@b.c"};
    m.message_id = "<3@b.c>";
    m.attachments = {{"x.bin", "application/octet-stream", "x"}};
    std::string first = write_message(m);
    CHECK(write_message(m) == first);
    std::size_t at = first.find("boundary=\"");
    REQUIRE(at != std::string::npos);
    std::string boundary = first.substr(at + 10, first.find('"', at + 10) - at - 10);
    m.body = "the text mentions --" + boundary + " on purpose";
    std::string second = write_message(m);
    MessageStructure s = parse_structure(second);
    CHECK(s.problems.empty());
    CHECK(s.root().children.size() == 2);
}
