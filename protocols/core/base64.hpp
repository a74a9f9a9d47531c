// Base64 as RFC 4648 §4 defines it (the alphabet SASL and MIME use). Decoding is strict: no
// whitespace, correct padding, so a peer's malformed SASL response is an error, not a guess.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace postlab {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace postlab
