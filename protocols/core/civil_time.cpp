// Calendar arithmetic; see civil_time.hpp.
#include "protocols/core/civil_time.hpp"

#include <fmt/format.h>

namespace postlab {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);
}

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

std::string rfc5322_date(TimeUs time_us, int zone_offset_minutes) {
    static constexpr std::array<std::string_view, 7> k_days{"Thu", "Fri", "Sat", "Sun",
                                                            "Mon", "Tue", "Wed"};
    const std::int64_t seconds =
        floor_div(time_us, 1'000'000) + std::int64_t{zone_offset_minutes} * 60;
    const std::int64_t days = floor_div(seconds, 86400);
    const std::int64_t second_of_day = seconds - days * 86400;
    const CivilDate date = civil_from_days(days);
    const auto weekday = static_cast<std::size_t>(((days % 7) + 7) % 7);  // 1970-01-01: Thursday
    const int zone = zone_offset_minutes < 0 ? -zone_offset_minutes : zone_offset_minutes;
    return fmt::format("{}, {} {} {} {:02}:{:02}:{:02} {}{:02}{:02}", k_days[weekday], date.day,
                       k_month_names[date.month - 1], date.year, second_of_day / 3600,
                       (second_of_day / 60) % 60, second_of_day % 60,
                       zone_offset_minutes < 0 ? '-' : '+', zone / 60, zone % 60);
}

}  // namespace postlab
