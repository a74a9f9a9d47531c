// RFC 2047 encoded words: the §8 examples with their exact decoded strings, unknown charsets
// kept raw, words split inside a UTF-8 character, and encode -> decode round trips.
#include <catch2/catch.hpp>

#include <random>

#include "protocols/mime/charset.hpp"
#include "protocols/mime/encoded_word.hpp"

using namespace postlab::mime;

TEST_CASE("RFC 2047 §8 header examples") {
    CHECK(decode_encoded_words("=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>") ==
          "Keith Moore <moore@cs.utk.edu>");
    CHECK(decode_encoded_words("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>") ==
          "Keld J\xC3\xB8rn Simonsen <keld@dkuug.dk>");
    CHECK(decode_encoded_words("=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>") ==
          "Andr\xC3\xA9 Pirard <PIRARD@vm1.ulg.ac.be>");
    CHECK(decode_encoded_words("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n"
                               "    =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=") ==
          "If you can read this you understand the example.");
    CHECK(decode_encoded_words("=?ISO-8859-1?Q?Olle_J=E4rnefors?= <ojarnef@admin.kth.se>") ==
          "Olle J\xC3\xA4rnefors <ojarnef@admin.kth.se>");
    CHECK(decode_encoded_words("=?ISO-8859-1?Q?Patrik_F=E4ltstr=F6m?= <paf@nada.kth.se>") ==
          "Patrik F\xC3\xA4ltstr\xC3\xB6m <paf@nada.kth.se>");
}

TEST_CASE("RFC 2047 §8 display table") {
    const std::pair<const char*, const char*> rows[] = {
        {"(=?ISO-8859-1?Q?a?=)", "(a)"},
        {"(=?ISO-8859-1?Q?a?= b)", "(a b)"},
        {"(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)", "(ab)"},
        {"(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)", "(ab)"},
        {"(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)", "(ab)"},
        {"(=?ISO-8859-1?Q?a_b?=)", "(a b)"},
        {"(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)", "(a b)"},
    };
    for (auto [encoded, shown] : rows) {
        INFO(encoded);
        CHECK(decode_encoded_words(encoded) == shown);
    }
}

TEST_CASE("unknown charsets and broken words stay as written") {
    const std::string hebrew = "(=?iso-8859-8?b?7eXs+SDv4SDp7Oj08A==?=)";  // RFC 2047 §8
    CHECK(decode_encoded_words(hebrew) == hebrew);
    CHECK(decode_encoded_words("=?UTF-8?X?abc?=") == "=?UTF-8?X?abc?=");
    CHECK(decode_encoded_words("=?UTF-8?B?!!!?=") == "=?UTF-8?B?!!!?=");
    CHECK(decode_encoded_words("=?UTF-8?Q?unterminated") == "=?UTF-8?Q?unterminated");
    CHECK(decode_encoded_words("=?") == "=?");
    CHECK(decode_encoded_words("plain =?utf-8?q?x?= text") == "plain x text");
}

TEST_CASE("RFC 2231 §5 language in an encoded word") {
    CHECK(decode_encoded_words("=?US-ASCII*EN?Q?Keith_Moore?=") == "Keith Moore");
}

TEST_CASE("a UTF-8 character split across adjacent words is joined (RFC 2047 §6.2)") {
    // "é" is C3 A9; the first word ends after C3, the second starts with A9.
    CHECK(decode_encoded_words("=?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9?=") == "caf\xC3\xA9");
    // Invalid UTF-8 left alone in a word becomes U+FFFD, never invalid output.
    CHECK(decode_encoded_words("=?UTF-8?Q?=FF?=") == "\xEF\xBF\xBD");
}

TEST_CASE("the encoder leaves ASCII alone and picks the shorter of B and Q") {
    CHECK(encode_encoded_words("Hello world") == "Hello world");
    CHECK(encode_encoded_words("Caf\xC3\xA9 au lait ok") == "=?UTF-8?Q?Caf=C3=A9_au_lait_ok?=");
    CHECK(encode_encoded_words("\xE6\x97\xA5\xE6\x9C\xAC") == "=?UTF-8?B?5pel5pys?=");
    CHECK(encode_encoded_words("a =?x") == "=?UTF-8?B?YSA9P3g=?=");  // "=?" must not stay
}

TEST_CASE("encoded words round-trip over random UTF-8 text") {
    const std::uint32_t seed = 20240611;
    std::mt19937 rng(seed);
    const char32_t alphabet[] = {U'a', U'Z', U' ', U'_', U'=', U'?', U'\u00e9', U'\u00f8',
                                 U'\u20ac', U'\u65e5', U'\U0001F600', U'-', U'(', U'"'};
    for (int round = 0; round < 300; ++round) {
        std::string text;
        std::size_t len = rng() % 120;
        for (std::size_t i = 0; i < len; ++i) {
            append_utf8(text, alphabet[rng() % (sizeof alphabet / sizeof alphabet[0])]);
        }
        std::string encoded = encode_encoded_words(text);
        INFO("seed " << seed << " round " << round << " text " << text << " encoded " << encoded);
        CHECK(decode_encoded_words(encoded) == text);
        std::size_t start = 0;
        while (start <= encoded.size()) {  // RFC 2047 §2: each word at most 75 characters
            std::size_t end = encoded.find("\r\n ", start);
            if (end == std::string::npos) end = encoded.size();
            if (encoded != text) CHECK(end - start <= 75);
            start = end + 3;
        }
    }
}
