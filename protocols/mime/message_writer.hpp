// Builds simple RFC 5322 messages for the simulated mail apps: From, To, Cc, Subject, Date,
// Message-ID, MIME-Version, a UTF-8 text/plain body and optional attachments in a
// multipart/mixed (RFC 2045, 2046 §5.1.3, 2047, 2183, 2231). CRLF endings throughout.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postlab::mime {

struct MailAddress {
    std::string name;  // display name, UTF-8, may be empty
    std::string addr;  // addr-spec, e.g. "alice@example.com"
};

struct Attachment {
    std::string filename;  // UTF-8
    std::string content_type = "application/octet-stream";
    std::string data;      // raw bytes, sent as base64
};

struct OutgoingMessage {
    MailAddress from;
    std::vector<MailAddress> to;
    std::vector<MailAddress> cc;
    std::string subject;      // UTF-8
    std::string date;         // an RFC 5322 §3.3 date-time, see format_date()
    std::string message_id;   // "<id@host>"
    std::string in_reply_to;  // optional "<id@host>"
    std::string body;         // UTF-8 text; LF or CRLF line endings
    std::vector<Attachment> attachments;
    std::string boundary;     // optional; derived deterministically from the content if empty
};

// The whole message with CRLF line endings; the body is 7bit when it can be, else
// quoted-printable; attachments are base64.
std::string write_message(const OutgoingMessage& message);

// RFC 5322 §3.3 date-time for a Unix time in microseconds and a zone offset in minutes,
// e.g. "Thu, 13 Feb 1997 23:32:54 -0330". Pure arithmetic: no clock, no time zone database.
std::string format_date(std::int64_t unix_us, int zone_offset_minutes = 0);

// `"Display Name" <addr>` with RFC 2047 words when the name is not ASCII; just addr when empty.
std::string format_address(const MailAddress& address);

}  // namespace postlab::mime
