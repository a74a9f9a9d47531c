// Label shortening (ui/text_fit.hpp), with a fixed 10 px per byte so widths are exact.
#include <catch2/catch.hpp>

#include "ui/text_fit.hpp"

using namespace postlab::ui;

namespace {

float ten_per_byte(std::string_view text) { return 10.0f * static_cast<float>(text.size()); }

}  // namespace

TEST_CASE("elide_middle keeps the head and tail that fit, or nothing") {
    CHECK(elide_middle("example", 70, ten_per_byte) == "example");
    const std::string e = elide_middle("example", 50, ten_per_byte);
    CHECK(e.size() == 5);
    CHECK(e.substr(0, 2) == "ex");
    CHECK(e.find("..") != std::string::npos);
    CHECK(elide_middle("example", 30, ten_per_byte) == "e..");
    CHECK(elide_middle("example", 25, ten_per_byte).empty());
    CHECK(elide_middle("", 0, ten_per_byte).empty());
}

TEST_CASE("elide_end keeps the longest prefix that fits with an ellipsis") {
    CHECK(elide_end("POP3: leave on server", 210, ten_per_byte) == "POP3: leave on server");
    CHECK(elide_end("POP3: leave on server", 200, ten_per_byte) == "POP3: leave on se...");
    // No space left before the ellipsis.
    CHECK(elide_end("POP3: leave on server", 120, ten_per_byte) == "POP3: lea...");
    CHECK(elide_end("POP3: leave on server", 100, ten_per_byte) == "POP3: l...");
    CHECK(elide_end("POP3: leave on server", 90, ten_per_byte) == "POP3:...");
    CHECK(elide_end("POP3: leave on server", 40, ten_per_byte) == "P...");
    CHECK(elide_end("POP3: leave on server", 29, ten_per_byte).empty());
}

TEST_CASE("elide_end never cuts inside a UTF-8 character") {
    const std::string title = "IMAP \xE2\x86\x92 two devices";  // "IMAP → two devices"
    for (float w = 0; w <= 250; w += 10) {
        const std::string s = elide_end(title, w, ten_per_byte);
        CHECK(ten_per_byte(s) <= w);
        // The part before "..." is a prefix of the title ending on a character boundary.
        const std::string head = s.size() >= 3 && s != title ? s.substr(0, s.size() - 3) : s;
        CHECK(title.compare(0, head.size(), head) == 0);
        if (!head.empty() && head.size() < title.size()) {
            CHECK((static_cast<unsigned char>(title[head.size()]) & 0xC0) != 0x80);
        }
    }
}
