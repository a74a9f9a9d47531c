// Calendar arithmetic: known dates both ways, leap days, times before the epoch, zones.
#include <catch2/catch.hpp>

#include "protocols/core/civil_time.hpp"

using namespace postlab;

TEST_CASE("days and civil dates convert both ways") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(2000, 3, 1) == 11017);
    CHECK(days_from_civil(1969, 12, 31) == -1);
    for (std::int64_t d : {-800000, -1, 0, 59, 11016, 11017, 20000, 2932896}) {
        const CivilDate c = civil_from_days(d);
        CHECK(days_from_civil(c.year, c.month, c.day) == d);
    }
    const CivilDate leap = civil_from_days(days_from_civil(2024, 2, 29));
    CHECK(leap.year == 2024);
    CHECK(leap.month == 2);
    CHECK(leap.day == 29);
}

TEST_CASE("RFC 5322 dates, including the RFC's own example and negative times") {
    // RFC 5322 Appendix A.1.1: "Fri, 21 Nov 1997 09:55:06 -0600"
    const TimeUs example_utc = (days_from_civil(1997, 11, 21) * 86400 + 15 * 3600 + 55 * 60 + 6) *
                               1'000'000LL;
    CHECK(rfc5322_date(example_utc, -360) == "Fri, 21 Nov 1997 09:55:06 -0600");
    CHECK(rfc5322_date(0) == "Thu, 1 Jan 1970 00:00:00 +0000");
    CHECK(rfc5322_date(-1) == "Wed, 31 Dec 1969 23:59:59 +0000");
    CHECK(rfc5322_date(0, 90) == "Thu, 1 Jan 1970 01:30:00 +0130");
}

TEST_CASE("floor division rounds toward minus infinity") {
    CHECK(floor_div(7, 2) == 3);
    CHECK(floor_div(-7, 2) == -4);
    CHECK(floor_div(-8, 2) == -4);
    CHECK(floor_div(0, 5) == 0);
}
