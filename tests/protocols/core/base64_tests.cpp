// Base64: RFC 4648 §10 test vectors both ways, strict decoding.
#include <catch2/catch.hpp>

#include "protocols/core/base64.hpp"

using postlab::base64_decode;
using postlab::base64_encode;

TEST_CASE("RFC 4648 §10 vectors round-trip") {
    const std::pair<const char*, const char*> vectors[] = {
        {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (auto [plain, encoded] : vectors) {
        CHECK(base64_encode(plain) == encoded);
        CHECK(base64_decode(encoded) == std::string(plain));
    }
}

TEST_CASE("binary bytes round-trip") {
    std::string all;
    for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
    CHECK(base64_decode(base64_encode(all)) == all);
}

TEST_CASE("malformed base64 is rejected") {
    CHECK_FALSE(base64_decode("Zm9"));
    CHECK_FALSE(base64_decode("Zm9v!A=="));
    CHECK_FALSE(base64_decode("Z==="));
    CHECK_FALSE(base64_decode("Zg=a"));
    CHECK_FALSE(base64_decode("Zg==Zg=="));
    CHECK_FALSE(base64_decode("Zm 9v"));
}
