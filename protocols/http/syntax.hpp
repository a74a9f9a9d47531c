// The small lexical rules of RFC 9110 §5.6 that the parser, the chunk-extension check and the
// authentication helpers share: OWS, tokens, quoted strings, field values.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace postlab::http::syntax {

// RFC 9110 §5.6.3: OWS = *( SP / HTAB ).
std::string_view trim_ows(std::string_view text);
std::size_t skip_ows(std::string_view text, std::size_t i);
// The index after the token that starts at i (i itself when there is none).
std::size_t token_end(std::string_view text, std::size_t i);
// RFC 9110 §5.6.4: text[i] == '"'; the index after the closing quote, nullopt if unterminated or
// holding a control character.
std::optional<std::size_t> quoted_string_end(std::string_view text, std::size_t i);
// The content of a quoted string (with its quotes), backslash escapes removed.
std::string unquote(std::string_view quoted);
// RFC 9110 §5.5: field-content is VCHAR, obs-text, SP and HTAB; CR, LF, NUL and other
// controls are invalid ("dangerous").
bool valid_field_value(std::string_view value);
bool is_hex_digit(char c);
unsigned hex_value(char c);

}  // namespace postlab::http::syntax
