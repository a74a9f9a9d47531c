// Pure SMTP parsers: the server's command lines (RFC 5321 §4.1.1, §4.1.2), MAIL/RCPT arguments
// with ESMTP parameters (RFC 5321 §4.1.2, RFC 1870, RFC 1652), the client's replies including
// multi-line ones (RFC 5321 §4.2) and the EHLO capability list (RFC 5321 §4.1.1.1).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocols/core/parse_status.hpp"
#include "protocols/smtp/state_table.hpp"
#include "protocols/smtp/types.hpp"

namespace postlab::smtp {

using ParseStatus = core::ParseStatus;  // one meaning for every protocol's parsers

struct CommandLine {
    Command command = Command::unknown;
    std::string verb;      // as received (for unknown commands and summaries)
    std::string argument;  // everything after the first space
    friend bool operator==(const CommandLine&, const CommandLine&) = default;
};

struct CommandParse {
    ParseStatus status = ParseStatus::need_more;
    std::size_t consumed = 0;  // bytes of `buffer` used, CRLF included (ok and error)
    CommandLine command;
    std::string error;
};

// One framed line without its CRLF. Never fails: an unknown verb is Command::unknown.
CommandLine parse_command_line(std::string_view line);
// One command from the front of a byte buffer; a line ends only with CRLF (RFC 5321 §2.3.8).
CommandParse parse_command(std::string_view buffer,
                           std::size_t line_length_max = k_command_line_length_max);

struct ReplyParse {
    ParseStatus status = ParseStatus::need_more;
    std::size_t consumed = 0;
    std::optional<Reply> reply;
    std::string error;
};

// One whole reply (all its lines) from the front of a byte buffer (RFC 5321 §4.2).
ReplyParse parse_reply(std::string_view buffer);

enum class PathError {
    none,
    syntax,         // not "FROM:<...>" / "TO:<...>"
    bad_address,    // the mailbox breaks the grammar of RFC 5321 §4.1.2
    too_long,       // a limit of RFC 5321 §4.5.3.1.1-3
    bad_parameter,  // an ESMTP parameter that does not parse (RFC 5321 §4.1.2 esmtp-param)
};

struct MailParameter {
    std::string keyword;  // upper case
    std::string value;    // may be empty (no "=")
    friend bool operator==(const MailParameter&, const MailParameter&) = default;
};

struct PathArgument {
    PathError error = PathError::none;
    std::optional<Path> path;
    std::vector<MailParameter> parameters;
};

PathArgument parse_mail_argument(std::string_view argument);  // "FROM:<a@b> SIZE=10"
PathArgument parse_rcpt_argument(std::string_view argument);  // "TO:<a@b>"

// The EHLO reply: the first line greets, each further line is "KEYWORD [params]".
struct EhloCapabilities {
    std::string greeting;
    std::vector<std::pair<std::string, std::vector<std::string>>> keywords;  // upper case

    bool has(std::string_view keyword) const;
    const std::vector<std::string>* parameters(std::string_view keyword) const;
    bool offers_auth(std::string_view mechanism) const;  // "AUTH PLAIN" and old "AUTH=PLAIN"
    std::optional<std::size_t> size_max() const;  // RFC 1870 §4: "SIZE n"; 0 means no limit
};

EhloCapabilities parse_ehlo_reply(const Reply& reply);

// RFC 3463 §2 / RFC 2034 §4: the "class.subject.detail" code a reply text starts with.
std::optional<std::string> enhanced_status_code(std::string_view text);

}  // namespace postlab::smtp
