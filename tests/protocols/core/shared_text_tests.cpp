// SharedText (protocols/core/shared_text.hpp): copies share one buffer, yet behave as values:
// giving a copy new text leaves the others as they were.
#include <catch2/catch.hpp>

#include <string>

#include "protocols/core/shared_text.hpp"

using postlab::SharedText;

TEST_CASE("SharedText copies share the bytes and stay independent values", "[core][shared_text]") {
    SharedText a = std::string("Subject: hello\r\n\r\nbody\r\n");
    const SharedText b = a;
    CHECK(b.str().data() == a.str().data());  // one buffer, not a copy of the bytes
    a = std::string("replaced");
    CHECK(a == "replaced");
    CHECK(b == std::string("Subject: hello\r\n\r\nbody\r\n"));
    CHECK(b.size() == 24);
    const std::string& as_string = b;
    CHECK(as_string.ends_with("body\r\n"));
}

TEST_CASE("An empty SharedText reads as an empty string", "[core][shared_text]") {
    const SharedText empty;
    CHECK(empty.empty());
    CHECK(empty.size() == 0);
    CHECK(empty == "");
    CHECK(SharedText(std::string()) == empty);
}
