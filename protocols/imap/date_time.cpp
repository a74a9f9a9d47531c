// IMAP dates; see date_time.hpp. The calendar arithmetic is in protocols/core/civil_time.
#include "protocols/imap/date_time.hpp"

#include <array>

#include <fmt/format.h>

#include "protocols/core/civil_time.hpp"
#include "protocols/core/text.hpp"

namespace postlab::imap {
namespace {

constexpr std::int64_t k_us_per_day = 86'400'000'000LL;

std::optional<unsigned> digits(std::string_view text, std::size_t count) {
    if (text.size() != count) return std::nullopt;
    unsigned value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value;
}

std::optional<unsigned> month_of(std::string_view name) {
    for (unsigned i = 0; i < k_month_names.size(); ++i) {
        if (iequals(name, k_month_names[i])) return i + 1;
    }
    return std::nullopt;
}

}  // namespace

std::int64_t day_of(TimeUs time_us) {
    return time_us >= 0 ? time_us / k_us_per_day : (time_us - k_us_per_day + 1) / k_us_per_day;
}

std::string date_time_text(TimeUs time_us) {
    const std::int64_t day = day_of(time_us);
    const std::int64_t seconds = (time_us - day * k_us_per_day) / 1'000'000;
    const CivilDate c = civil_from_days(day);
    return fmt::format("{:>2}-{}-{:04} {:02}:{:02}:{:02} +0000", c.day, k_month_names[c.month - 1],
                       c.year, seconds / 3600, seconds / 60 % 60, seconds % 60);
}

std::optional<std::int64_t> parse_date(std::string_view text) {
    // date-text = date-day "-" date-month "-" date-year; date-day = 1*2DIGIT.
    const auto dash1 = text.find('-');
    if (dash1 == std::string_view::npos || text.size() < dash1 + 9) return std::nullopt;
    const auto day = digits(text.substr(0, dash1), dash1);
    const auto month = month_of(text.substr(dash1 + 1, 3));
    const auto year = digits(text.substr(dash1 + 5), 4);
    if ((dash1 != 1 && dash1 != 2) || !day || !month || !year || text[dash1 + 4] != '-' ||
        *day < 1 || *day > 31) {
        return std::nullopt;
    }
    return days_from_civil(*year, *month, *day);
}

std::optional<TimeUs> parse_date_time(std::string_view text) {
    // date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
    if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    const auto space = text.find(' ');
    if (space == std::string_view::npos || text.size() != space + 15) return std::nullopt;
    const auto day = parse_date(text.substr(0, space));
    const std::string_view time = text.substr(space + 1, 8);
    const std::string_view zone = text.substr(space + 10, 5);
    const auto h = digits(time.substr(0, 2), 2);
    const auto m = digits(time.substr(3, 2), 2);
    const auto s = digits(time.substr(6, 2), 2);
    const auto zh = digits(zone.substr(1, 2), 2);
    const auto zm = digits(zone.substr(3, 2), 2);
    if (!day || !h || !m || !s || !zh || !zm || time[2] != ':' || time[5] != ':' ||
        text[space + 9] != ' ' || (zone[0] != '+' && zone[0] != '-') || *h > 23 || *m > 59 ||
        *s > 60) {
        return std::nullopt;
    }
    const std::int64_t offset_s = (zone[0] == '-' ? -1 : 1) * static_cast<std::int64_t>(*zh * 3600 + *zm * 60);
    const std::int64_t seconds = *day * 86400 + *h * 3600 + *m * 60 + *s - offset_s;
    return seconds * 1'000'000;
}

}  // namespace postlab::imap
