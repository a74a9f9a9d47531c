// Messages shared by the mime tests: a CRLF helper and a nested multipart/mixed with a
// multipart/alternative, an attachment and a forwarded message/rfc822. Its expected IMAP
// output was worked out from the RFC 9051 §9 grammar and matches Dovecot 2.3 (apart from the
// spelling of defaults: Dovecot writes "7bit" and ("charset" "us-ascii")).
#pragma once

#include <string>
#include <string_view>

namespace mime_test {

inline std::string crlf(std::string_view lf_text) {
    std::string out;
    for (char c : lf_text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

// `lines` lines of filler (each with CRLF) adding up to exactly `octets` octets.
inline std::string filler_body(std::size_t octets, std::size_t lines, char fill = 'x') {
    std::size_t content = octets - 2 * lines;
    std::string out;
    for (std::size_t i = 0; i < lines; ++i) {
        std::size_t width = content / lines + (i < content % lines ? 1 : 0);
        out += std::string(width, fill) + "\r\n";
    }
    return out;
}

inline const std::string nested_message = crlf(
    "From: Alice <alice@example.com>\n"
    "To: Bob <bob@example.net>, \"Carol C.\" <carol@example.org>\n"
    "Cc: team: dave@example.com;\n"
    "Subject: =?UTF-8?Q?Caf=C3=A9?= plans\n"
    "Date: Mon, 3 Jun 2024 10:00:00 +0200\n"
    "Message-ID: <m1@example.com>\n"
    "In-Reply-To: <m0@example.com>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\n"
    "\n"
    "This is a multi-part message in MIME format.\n"
    "--outer\n"
    "Content-Type: multipart/alternative; boundary=\"inner\"\n"
    "\n"
    "--inner\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Caf=C3=A9 at 10?\n"
    "--inner\n"
    "Content-Type: text/html; charset=utf-8\n"
    "\n"
    "<p>Caf&eacute; at 10?</p>\n"
    "--inner--\n"
    "\n"
    "--outer\n"
    "Content-Type: application/pdf; name=\"plan.pdf\"\n"
    "Content-Disposition: attachment; filename=\"plan.pdf\"\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "JVBERi0xLjQK\n"
    "--outer\n"
    "Content-Type: message/rfc822\n"
    "Content-Description: forwarded\n"
    "\n"
    "From: Eve <eve@example.com>\n"
    "Subject: original\n"
    "Message-ID: <m-1@example.com>\n"
    "\n"
    "Hi!\n"
    "--outer--\n");

}  // namespace mime_test
