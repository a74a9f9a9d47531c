// Content-Transfer-Encoding for bodies (RFC 2045 §6): lenient base64 (§6.8) and
// quoted-printable (§6.7) decoders that note problems instead of failing, and their encoders.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocols/mime/limits.hpp"

namespace postlab::mime {

struct Decoded {
    std::string bytes;
    std::vector<Problem> problems;  // offsets are into the encoded input
    bool truncated = false;         // stopped early: garbage, cut input or decoded_bytes_max
};

// Base64 body: white space and line breaks ignored; stops at the first character outside the
// alphabet (noted), tolerates missing padding (noted), decodes concatenated padded blocks.
Decoded decode_base64_body(std::string_view text, std::size_t decoded_max = decoded_bytes_max);

// Quoted-printable: soft line breaks, =XX (either case), trailing white space removed (rule 3);
// hard line breaks become CRLF; a bad escape is kept literally and noted.
Decoded decode_quoted_printable(std::string_view text,
                                std::size_t decoded_max = decoded_bytes_max);

// Dispatches on a Content-Transfer-Encoding value; 7bit/8bit/binary/unknown copy the bytes
// (unknown is noted, RFC 2045 §6.4).
Decoded decode_body(std::string_view body, std::string_view encoding,
                    std::size_t decoded_max = decoded_bytes_max);

// Base64 with CRLF after every 76 characters (RFC 2045 §6.8) and after the last line.
std::string encode_base64_body(std::string_view bytes);

// Quoted-printable, lines at most 76 characters (RFC 2045 §6.7 rule 5). With `text` true a CRLF
// in the input is a hard line break; every other CR and LF is encoded (binary-safe).
std::string encode_quoted_printable(std::string_view bytes, bool text = true);

}  // namespace postlab::mime
