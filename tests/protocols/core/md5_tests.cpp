// MD5 against the RFC 1321 §A.5 test suite and the APOP digest of RFC 1939 §7.
#include <catch2/catch.hpp>

#include "protocols/core/md5.hpp"

using postlab::core::md5_hex;

TEST_CASE("MD5 matches the RFC 1321 test suite") {
    CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(md5_hex("a") == "0cc175b9c0f1b6a831c399e269772661");
    CHECK(md5_hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(md5_hex("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK(md5_hex("abcdefghijklmnopqrstuvwxyz") == "c3fcd3d76192e4007dfb496cca67e13b");
    CHECK(md5_hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") ==
          "d174ab98d277d9f5a5611c2c9f419d9f");
    CHECK(md5_hex("1234567890123456789012345678901234567890123456789012345678901234567890"
                  "1234567890") == "57edf4a22be3c955ac49da2e2107b67a");
}

TEST_CASE("MD5 of the RFC 1939 §7 APOP example") {
    CHECK(md5_hex("<1896.697170952@dbc.mtview.ca.us>tanstaaf") ==
          "c4c9334bac560ecc979e58001b3e22fb");
}
