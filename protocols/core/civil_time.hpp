// Calendar arithmetic on virtual time (microseconds since the Unix epoch), shared by every
// protocol that writes or reads dates: RFC 5322 §3.3 date-time (SMTP Received:, message Date:)
// and IMAP's date-time (RFC 9051 §9). Proleptic Gregorian, after Howard Hinnant's algorithms.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocols/core/session.hpp"

namespace postlab {

struct CivilDate {
    std::int64_t year;
    unsigned month;  // 1..12
    unsigned day;    // 1..31
};

inline constexpr std::array<std::string_view, 12> k_month_names{
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::int64_t floor_div(std::int64_t a, std::int64_t b);
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);
CivilDate civil_from_days(std::int64_t days);  // days since 1970-01-01

// "Thu, 21 May 1998 05:33:29 +0000" (RFC 5322 §3.3), in the given zone.
std::string rfc5322_date(TimeUs time_us, int zone_offset_minutes = 0);

}  // namespace postlab
