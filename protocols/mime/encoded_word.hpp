// RFC 2047 encoded words in header text: decoding `=?charset?B?...?=` and `=?charset?Q?...?=`
// (§4), joining adjacent words (§6.2), the RFC 2231 §5 `charset*language` form; and an encoder.
#pragma once

#include <string>
#include <string_view>

namespace postlab::mime {

// Decodes every encoded word in `text` to UTF-8. White space between two adjacent encoded words
// is dropped (RFC 2047 §6.2); the bytes of adjacent words in the same charset are joined before
// conversion, so a character split across words survives. A word in an unknown charset or with
// a broken encoding stays as it was written. Line breaks (folding) count as white space.
std::string decode_encoded_words(std::string_view text);

// Encodes UTF-8 text for an unstructured header field or a display name: returned unchanged
// when it is printable US-ASCII without "=?"; otherwise as `=?UTF-8?B?...?=` or `?Q?` words,
// whichever is shorter, each at most 75 characters (RFC 2047 §2), never splitting a UTF-8
// character, joined by `separator` (a fold by default).
std::string encode_encoded_words(std::string_view utf8, std::string_view separator = "\r\n ");

}  // namespace postlab::mime
