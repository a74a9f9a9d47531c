// Content-Type (RFC 2045 §5.1) and Content-Disposition (RFC 2183 §2) values: type/subtype and
// parameters with quoted strings, comments, and RFC 2231 continuations and charset/language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocols/mime/limits.hpp"

namespace postlab::mime {

struct Param {
    std::string name;      // attribute as first written, without RFC 2231 `*N` / `*` suffixes
    std::string value;     // joined continuations, percent-decoded, UTF-8 when charset known
    std::string charset;   // RFC 2231 §4; empty when the value was not extended
    std::string language;  // RFC 2231 §4
    bool extended = false; // some section used RFC 2231 `*=` encoding
    // What IMAP BODYSTRUCTURE sends (Dovecot's choice): continuations joined; an extended value
    // stays in its 7-bit form `charset'language'%XX`, under the name `name*`.
    std::string imap_name() const;
    std::string imap_value() const;
    std::string wire_value;  // the joined value as transmitted (extended: charset'lang'%XX)
};

struct ContentType {
    std::string type = "TEXT";    // as written; compare with iequals
    std::string subtype = "PLAIN";
    std::vector<Param> params;
    bool present = false;         // false: RFC 2045 §5.2 default text/plain; charset=us-ascii
};

struct Disposition {
    std::string type;             // "inline", "attachment", ... as written
    std::vector<Param> params;
};

// Case-insensitive lookup; nullptr when absent.
const Param* find_param(const std::vector<Param>& params, std::string_view name);

// Parses `; a=b; c="d"` parameter lists (RFC 2045 §5.1) and assembles RFC 2231 sections.
std::vector<Param> parse_params(std::string_view text, std::vector<Problem>& problems,
                                std::size_t offset = 0);

// A missing or unparsable value yields the RFC 2045 §5.2 default (present == false).
ContentType parse_content_type(std::string_view value, std::vector<Problem>& problems,
                               std::size_t offset = 0);
Disposition parse_disposition(std::string_view value, std::vector<Problem>& problems,
                              std::size_t offset = 0);

// The token at the start of a structured value with comments removed, e.g. a
// Content-Transfer-Encoding "base64 (comment)" -> "base64".
std::string first_token(std::string_view value);

}  // namespace postlab::mime
