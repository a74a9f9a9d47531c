// ENVELOPE and BODY / BODYSTRUCTURE output compared as exact strings: the RFC 3501 §7.4.2
// examples (FETCH FULL and the two-part body structure) and a nested message.
#include <catch2/catch.hpp>

#include "protocols/mime/imap_format.hpp"
#include "test_messages.hpp"

using namespace postlab::mime;
using mime_test::crlf;
using mime_test::filler_body;

namespace {

const std::string rfc3501_header = crlf(
    "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\n"
    "From: Terry Gray <gray@cac.washington.edu>\n"
    "Subject: IMAP4rev1 WG mtg summary and minutes\n"
    "To: imap@cac.washington.edu\n"
    "cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\n"
    "Message-Id: <B27397-0100000@cac.washington.edu>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\n"
    "\n");

}  // namespace

TEST_CASE("RFC 3501 §7.4.2 FETCH FULL: ENVELOPE and BODY") {
    const std::string msg = rfc3501_header + filler_body(3028, 92);
    MessageStructure s = parse_structure(msg);
    CHECK(s.problems.empty());
    CHECK(s.root().header.length == 342);  // BODY[HEADER] {342} in the example
    CHECK(envelope_to_imap(*s.root().envelope) ==
          "(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" "
          "\"IMAP4rev1 WG mtg summary and minutes\" "
          "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
          "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
          "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
          "((NIL NIL \"imap\" \"cac.washington.edu\")) "
          "((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")"
          "(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL "
          "\"<B27397-0100000@cac.washington.edu>\")");
    CHECK(bodystructure_to_imap(s, false) ==
          "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92)");
    CHECK(bodystructure_to_imap(s, true) ==
          "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92 NIL NIL NIL "
          "NIL)");
}

TEST_CASE("RFC 3501 §7.4.2 two-part body structure") {
    const std::string msg = crlf(
                                "Content-Type: MULTIPART/MIXED; BOUNDARY=\"b\"\n"
                                "\n"
                                "--b\n"
                                "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\n"
                                "Content-Transfer-Encoding: 7BIT\n"
                                "\n") +
                            filler_body(1152, 23) +
                            crlf("\n--b\n"
                                 "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII; NAME=cc.diff\n"
                                 "Content-ID: <960723163407.20117h@cac.washington.edu>\n"
                                 "Content-Description: Compiler diff\n"
                                 "Content-Transfer-Encoding: BASE64\n"
                                 "\n") +
                            filler_body(4554, 73, 'Q') + crlf("\n--b--\n");
    MessageStructure s = parse_structure(msg);
    CHECK(s.problems.empty());
    CHECK(bodystructure_to_imap(s, false) ==
          "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)"
          "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") "
          "\"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73) "
          "\"MIXED\")");
}

TEST_CASE("nested multipart/mixed: alternative, attachment, message/rfc822") {
    const std::string& msg = mime_test::nested_message;
    MessageStructure s = parse_structure(msg);
    CHECK(s.problems.empty());
    CHECK(envelope_to_imap(*s.root().envelope) ==
          "(\"Mon, 3 Jun 2024 10:00:00 +0200\" \"=?UTF-8?Q?Caf=C3=A9?= plans\" "
          "((\"Alice\" NIL \"alice\" \"example.com\")) "
          "((\"Alice\" NIL \"alice\" \"example.com\")) "
          "((\"Alice\" NIL \"alice\" \"example.com\")) "
          "((\"Bob\" NIL \"bob\" \"example.net\")(\"Carol C.\" NIL \"carol\" \"example.org\")) "
          "((NIL NIL \"team\" NIL)(NIL NIL \"dave\" \"example.com\")(NIL NIL NIL NIL)) "
          "NIL \"<m0@example.com>\" \"<m1@example.com>\")");
    const std::string inner_envelope =
        "(NIL \"original\" ((\"Eve\" NIL \"eve\" \"example.com\")) "
        "((\"Eve\" NIL \"eve\" \"example.com\")) ((\"Eve\" NIL \"eve\" \"example.com\")) "
        "NIL NIL NIL NIL \"<m-1@example.com>\")";
    CHECK(bodystructure_to_imap(s, true) ==
          "(((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 16 0 "
          "NIL NIL NIL NIL)"
          "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"7BIT\" 25 0 NIL NIL NIL NIL) "
          "\"alternative\" (\"boundary\" \"inner\") NIL NIL NIL)"
          "(\"application\" \"pdf\" (\"name\" \"plan.pdf\") NIL NIL \"base64\" 12 NIL "
          "(\"attachment\" (\"filename\" \"plan.pdf\")) NIL NIL)"
          "(\"message\" \"rfc822\" NIL NIL \"forwarded\" \"7BIT\" 84 " +
              inner_envelope +
              " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3 0 NIL NIL NIL "
              "NIL) 4 NIL NIL NIL NIL) "
              "\"mixed\" (\"boundary\" \"outer\") NIL NIL NIL)");
    CHECK(bodystructure_to_imap(s, false) ==
          "(((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 16 0)"
          "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"7BIT\" 25 0) \"alternative\")"
          "(\"application\" \"pdf\" (\"name\" \"plan.pdf\") NIL NIL \"base64\" 12)"
          "(\"message\" \"rfc822\" NIL NIL \"forwarded\" \"7BIT\" 84 " +
              inner_envelope +
              " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3 0) 4) "
              "\"mixed\")");
    // A part on its own, as FETCH BODYSTRUCTURE never asks but the UI does.
    CHECK(bodystructure_to_imap(s, false, s.root().children[1]) ==
          "(\"application\" \"pdf\" (\"name\" \"plan.pdf\") NIL NIL \"base64\" 12)");
}

TEST_CASE("languages, dispositions with RFC 2231 values, md5 and location") {
    const std::string msg = crlf(
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Disposition: inline; filename*=utf-8''caf%C3%A9.txt\n"
        "Content-Language: en, de\n"
        "Content-MD5: abc=\n"
        "Content-Location: a.txt\n"
        "\n"
        "x\n");
    MessageStructure s = parse_structure(msg);
    CHECK(bodystructure_to_imap(s, true) ==
          "(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7BIT\" 3 1 \"abc=\" "
          "(\"inline\" (\"filename*\" \"utf-8''caf%C3%A9.txt\")) (\"en\" \"de\") \"a.txt\")");
}

TEST_CASE("IMAP strings: quoting, escaping, literals, NIL") {
    CHECK(imap_string("plain") == "\"plain\"");
    CHECK(imap_string("a \"q\" \\ b") == "\"a \\\"q\\\" \\\\ b\"");
    CHECK(imap_string("") == "\"\"");
    CHECK(imap_string("caf\xC3\xA9") == "{5}\r\ncaf\xC3\xA9");
    CHECK(imap_string("two\r\nlines") == "{10}\r\ntwo\r\nlines");
    CHECK(imap_string(std::string("a\0b", 3)) == "\"ab\"");
    CHECK(imap_nstring(std::nullopt) == "NIL");
    CHECK(imap_nstring(std::string("x")) == "\"x\"");
}

TEST_CASE("a message without any header gets default envelope and body") {
    MessageStructure s = parse_structure("\r\nbody only\r\n");
    CHECK(envelope_to_imap(*s.root().envelope) == "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
    CHECK(bodystructure_to_imap(s, false) ==
          "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 11 1)");
}

TEST_CASE("one language is still sent as a list") {
    MessageStructure s = parse_structure("Content-Language: en\r\n\r\nx");
    CHECK(bodystructure_to_imap(s, true) ==
          "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1 0 NIL NIL (\"en\") "
          "NIL)");
}
