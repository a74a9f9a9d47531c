// Charset conversion to UTF-8 for decoded header words (RFC 2047 §3) and RFC 2231 parameter
// values: UTF-8, US-ASCII, ISO-8859-1, -2, -15 and windows-1252. Other charsets are unknown.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace postlab::mime {

// Converts `bytes` in `charset` (case-insensitive, common aliases accepted) to valid UTF-8.
// Bytes that are invalid in the charset become U+FFFD. nullopt: the charset is unknown.
std::optional<std::string> to_utf8(std::string_view charset, std::string_view bytes);

bool is_known_charset(std::string_view charset);

// Appends the UTF-8 encoding of one code point (U+FFFD for surrogates and out-of-range values).
void append_utf8(std::string& out, char32_t code_point);

// Length of the valid UTF-8 sequence that starts at text[i], or 0 when it is not valid.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

}  // namespace postlab::mime
