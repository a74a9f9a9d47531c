// SMTP writers: commands (RFC 5321 §4.1.1), MAIL/RCPT with ESMTP parameters (§4.1.2), replies
// with multi-line continuation (§4.2) and the message text with dot-stuffing (§4.5.2). Each
// writer is the inverse of its parser in parser.hpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocols/smtp/parser.hpp"
#include "protocols/smtp/types.hpp"

namespace postlab::smtp {

std::string write_command(Command command, std::string_view argument = {});  // "VERB arg\r\n"
std::string write_command(const CommandLine& command);
std::string write_mail_from(const Path& reverse_path, const std::vector<MailParameter>& parameters = {});
std::string write_rcpt_to(const Path& forward_path, const std::vector<MailParameter>& parameters = {});

// "250-first\r\n250 last\r\n"; a reply without lines is written as one empty line.
std::string write_reply(const Reply& reply);
std::string write_reply(ReplyCode code, std::string_view text);

// The message as sent after 354: bare CR and LF made CRLF (RFC 5321 §2.3.8), a leading "."
// doubled on every line (§4.5.2), a final CRLF added if missing, then ".\r\n".
std::string dot_stuff(std::string_view message);

}  // namespace postlab::smtp
