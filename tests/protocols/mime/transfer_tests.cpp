// RFC 2045 §6.7 quoted-printable and §6.8 base64 bodies: examples, lenient decoding with
// problems, line lengths, and random round trips (the seed is printed on failure).
#include <catch2/catch.hpp>

#include <random>

#include "protocols/mime/transfer.hpp"

using namespace postlab::mime;

TEST_CASE("quoted-printable decoding: escapes, soft breaks, trailing white space") {
    Decoded d = decode_quoted_printable("Caf=C3=A9 =\r\nau lait=20  \r\nline two\t\r\nend=3d");
    CHECK(d.bytes == "Caf\xC3\xA9 au lait \r\nline two\r\nend=");
    CHECK(d.problems.empty());
    CHECK_FALSE(d.truncated);
}

TEST_CASE("quoted-printable is lenient on bad escapes and bare LF") {
    Decoded d = decode_quoted_printable("a=ZZb =4\nc=\nd");
    CHECK(d.bytes == "a=ZZb =4\r\ncd");
    CHECK(has_problem(d.problems, "RFC 2045 §6.7"));
}

TEST_CASE("base64 bodies: line breaks ignored, concatenation, missing padding") {
    Decoded d = decode_base64_body("SGVs\r\nbG8g\r\nd29y\r\nbGQ=\r\n");
    CHECK(d.bytes == "Hello world");
    CHECK(d.problems.empty());
    d = decode_base64_body("Zg==Zm8=");
    CHECK(d.bytes == "ffo");
    d = decode_base64_body("Zm9vYg");
    CHECK(d.bytes == "foob");
    CHECK(has_problem(d.problems, "without padding"));
    CHECK_FALSE(d.truncated);
}

TEST_CASE("base64 stops at garbage and notes a truncated body") {
    Decoded d = decode_base64_body("Zm9v\r\nYmFy\r\n!!garbage");
    CHECK(d.bytes == "foobar");
    CHECK(d.truncated);
    CHECK(has_problem(d.problems, "outside the base64 alphabet"));
    d = decode_base64_body("Zm9vY");  // cut inside a group: 6 bits cannot make an octet
    CHECK(d.bytes == "foo");
    CHECK(d.truncated);
    CHECK(has_problem(d.problems, "truncated"));
}

TEST_CASE("decoded size limit") {
    Decoded d = decode_base64_body(std::string(4000, 'A'), 100);
    CHECK(d.bytes.size() <= 102);
    CHECK(d.truncated);
    CHECK(has_problem(d.problems, "decoded_bytes_max=100"));
    d = decode_quoted_printable(std::string(500, 'q'), 10);
    CHECK(d.bytes.size() == 10);
    CHECK(d.truncated);
    d = decode_body(std::string(50, 'z'), "8bit", 20);
    CHECK(d.bytes.size() == 20);
    CHECK(d.truncated);
}

TEST_CASE("decode_body dispatches on the encoding") {
    CHECK(decode_body("SGk=", "BASE64").bytes == "Hi");
    CHECK(decode_body("=48i", "Quoted-Printable").bytes == "Hi");
    CHECK(decode_body("Hi", "7bit").bytes == "Hi");
    Decoded d = decode_body("Hi", "x-uuencode");
    CHECK(d.bytes == "Hi");
    CHECK(has_problem(d.problems, "RFC 2045 §6.4"));
}

TEST_CASE("encoders keep line lengths") {
    std::string b64 = encode_base64_body(std::string(200, 'x'));
    CHECK(b64.substr(0, 78).size() == 78);
    CHECK(b64.substr(76, 2) == "\r\n");
    std::string qp = encode_quoted_printable(std::string(300, '=') + "\r\nshort \r\n");
    std::size_t start = 0;
    while (start < qp.size()) {
        std::size_t end = qp.find("\r\n", start);
        if (end == std::string::npos) end = qp.size();
        CHECK(end - start <= 76);  // RFC 2045 §6.7 rule 5
        start = end + 2;
    }
    CHECK(qp.find("short=20\r\n") != std::string::npos);  // rule 3: no trailing space
}

TEST_CASE("quoted-printable and base64 round-trip random bytes") {
    const std::uint32_t seed = 5322;
    std::mt19937 rng(seed);
    for (int round = 0; round < 400; ++round) {
        std::string bytes;
        std::size_t len = rng() % 600;
        bool texty = round % 2 == 0;  // half the rounds use mostly printable text with CRLF
        for (std::size_t i = 0; i < len; ++i) {
            if (texty && rng() % 20 == 0) {
                bytes += "\r\n";
            } else if (texty) {
                bytes += static_cast<char>(' ' + rng() % 95);
            } else {
                bytes += static_cast<char>(rng() % 256);
            }
        }
        INFO("seed " << seed << " round " << round);
        std::string qp = encode_quoted_printable(bytes, true);
        Decoded dq = decode_quoted_printable(qp);
        CHECK(dq.bytes == bytes);
        CHECK(dq.problems.empty());
        CHECK(decode_quoted_printable(encode_quoted_printable(bytes, false)).bytes == bytes);
        Decoded db = decode_base64_body(encode_base64_body(bytes));
        CHECK(db.bytes == bytes);
        CHECK(db.problems.empty());
    }
}
