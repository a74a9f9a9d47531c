// IMAP dates: "date-time" for INTERNALDATE and APPEND ("17-Jul-1996 02:44:25 -0700") and "date"
// for SEARCH BEFORE/ON/SINCE ("1-Feb-1994"), RFC 9051 §9. Pure arithmetic on TimeUs, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocols/core/session.hpp"

namespace postlab::imap {

std::string date_time_text(TimeUs time_us);                    // unquoted, in UTC (+0000)
std::optional<TimeUs> parse_date_time(std::string_view text);  // unquoted
std::optional<std::int64_t> parse_date(std::string_view text); // days since 1970-01-01
std::int64_t day_of(TimeUs time_us);                           // days since 1970-01-01, UTC

}  // namespace postlab::imap
