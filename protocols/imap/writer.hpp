// IMAP output, pure functions: strings as atom, quoted or literal (RFC 9051 §4.3, §9 "astring",
// "nstring"), flag lists, dates (RFC 9051 §9 "date-time"), and whole commands (the client side
// of the round trip with parser.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/session.hpp"
#include "protocols/imap/types.hpp"

namespace postlab::imap {

// A quoted string when the text allows it, else a synchronizing literal ("{n}\r\n" + bytes).
std::string imap_string(std::string_view text);
std::string quote(std::string_view text);  // always quoted; caller ensures no CR, LF or NUL
std::string nstring(const std::optional<std::string_view>& text);  // NIL when absent
// An atom when every byte is an ASTRING-CHAR (and it is not NIL), else imap_string.
std::string astring(std::string_view text);
std::string literal_of(std::string_view bytes);  // "{n}\r\n" + bytes

std::string flag_list(const std::vector<std::string>& flags);  // "(\Seen $Work)"

// "17-Jul-1996 02:44:25 +0000" (RFC 9051 §9 "date-time"), UTC, quoted.
std::string format_date_time(TimeUs time_us);

// A command as a client sends it; literals are synchronizing unless `literal_plus` (RFC 7888).
std::string write_token(const Token& token, bool literal_plus = false);
std::string write_command(const Command& command, bool literal_plus = false);

}  // namespace postlab::imap
