// Small, table-driven charset decoders (the tables were generated from Python's codecs). Enough
// for the lab's messages and the RFC 2047 §8 examples; anything else is reported as unknown so
// callers keep the raw text instead of guessing.
#include "protocols/mime/charset.hpp"

#include <array>
#include <cstdint>

#include "protocols/core/text.hpp"

namespace postlab::mime {
namespace {

// iso-8859-2 octets 0xA0-0xFF as Unicode code points.
constexpr std::array<std::uint16_t, 96> iso_8859_2_high = {
    0x00A0, 0x0104, 0x02D8, 0x0141, 0x00A4, 0x013D, 0x015A, 0x00A7,
    0x00A8, 0x0160, 0x015E, 0x0164, 0x0179, 0x00AD, 0x017D, 0x017B,
    0x00B0, 0x0105, 0x02DB, 0x0142, 0x00B4, 0x013E, 0x015B, 0x02C7,
    0x00B8, 0x0161, 0x015F, 0x0165, 0x017A, 0x02DD, 0x017E, 0x017C,
    0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
    0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
    0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
    0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
    0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
    0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
    0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,
};

// iso-8859-15 octets 0xA0-0xFF as Unicode code points.
constexpr std::array<std::uint16_t, 96> iso_8859_15_high = {
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x20AC, 0x00A5, 0x0160, 0x00A7,
    0x0161, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x017D, 0x00B5, 0x00B6, 0x00B7,
    0x017E, 0x00B9, 0x00BA, 0x00BB, 0x0152, 0x0153, 0x0178, 0x00BF,
    0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
    0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7,
    0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF,
    0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
    0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
    0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7,
    0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
};

// windows-1252 octets 0x80-0x9F (the rest equals ISO-8859-1); U+FFFD marks unassigned octets.
constexpr std::array<std::uint16_t, 32> windows_1252_high = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

enum class Charset { utf8, us_ascii, latin1, latin2, latin9, windows_1252, unknown };

Charset identify(std::string_view name) {
    std::string n = ascii_lower(name);
    if (n == "utf-8" || n == "utf8") return Charset::utf8;
    if (n == "us-ascii" || n == "ascii" || n == "ansi_x3.4-1968") return Charset::us_ascii;
    if (n == "iso-8859-1" || n == "iso8859-1" || n == "latin1" || n == "iso_8859-1")
        return Charset::latin1;
    if (n == "iso-8859-2" || n == "iso8859-2" || n == "latin2") return Charset::latin2;
    if (n == "iso-8859-15" || n == "iso8859-15" || n == "latin9") return Charset::latin9;
    if (n == "windows-1252" || n == "cp1252") return Charset::windows_1252;
    return Charset::unknown;
}

char32_t single_byte(Charset cs, unsigned char b) {
    if (b < 0x80) return b;
    switch (cs) {
        case Charset::us_ascii: return 0xFFFD;
        case Charset::latin1: return b;
        case Charset::latin2: return b < 0xA0 ? char32_t{b} : iso_8859_2_high[b - 0xA0u];
        case Charset::latin9: return b < 0xA0 ? char32_t{b} : iso_8859_15_high[b - 0xA0u];
        case Charset::windows_1252: return b < 0xA0 ? windows_1252_high[b - 0x80u] : char32_t{b};
        default: return 0xFFFD;
    }
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    auto put = [&out](char32_t v) { out += static_cast<char>(v); };
    if (cp < 0x80) {
        put(cp);
    } else if (cp < 0x800) {
        put(0xC0 | (cp >> 6));
        put(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        put(0xE0 | (cp >> 12));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    } else {
        put(0xF0 | (cp >> 18));
        put(0x80 | ((cp >> 12) & 0x3F));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    }
}

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char b = at(i);
    if (b < 0x80) return 1;
    std::size_t len = 0;
    char32_t cp = 0;
    if (b >= 0xC2 && b <= 0xDF) { len = 2; cp = b & 0x1Fu; }
    else if (b >= 0xE0 && b <= 0xEF) { len = 3; cp = b & 0x0Fu; }
    else if (b >= 0xF0 && b <= 0xF4) { len = 4; cp = b & 0x07u; }
    else return 0;
    if (i + len > text.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if ((at(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (at(i + k) & 0x3Fu);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8 (RFC 3629 §3).
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return len;
}

bool is_known_charset(std::string_view charset) { return identify(charset) != Charset::unknown; }

std::optional<std::string> to_utf8(std::string_view charset, std::string_view bytes) {
    Charset cs = identify(charset);
    if (cs == Charset::unknown) return std::nullopt;
    std::string out;
    out.reserve(bytes.size());
    if (cs == Charset::utf8) {
        for (std::size_t i = 0; i < bytes.size();) {
            std::size_t len = utf8_sequence_length(bytes, i);
            if (len == 0) {
                append_utf8(out, 0xFFFD);
                ++i;
            } else {
                out.append(bytes.substr(i, len));
                i += len;
            }
        }
        return out;
    }
    for (char c : bytes) append_utf8(out, single_byte(cs, static_cast<unsigned char>(c)));
    return out;
}

}  // namespace postlab::mime
