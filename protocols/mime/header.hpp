// RFC 5322 header sections: fields split at the colon (§2.2), folded lines unfolded (§2.2.3), the
// header ended by the first empty line (§2.1). Lenient: bare LF accepted, garbage ends the header.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/mime/limits.hpp"

namespace postlab::mime {

struct HeaderField {
    std::string name;       // as written, e.g. "Content-Type"
    std::string raw_value;  // everything after the colon, folding line breaks kept
    std::string value;      // unfolded (§2.2.3), leading and trailing white space removed
    ByteRange range;        // the whole field with its final line ending, in the parsed input
};

struct HeaderBlock {
    std::vector<HeaderField> fields;  // in message order, duplicates kept
    ByteRange range;                  // the header including the empty line that ends it
    std::size_t body_offset = 0;      // where the body starts (== range.end())
    bool blank_line_found = false;    // false: truncated message or garbage ended the header

    const HeaderField* find(std::string_view name) const;  // first match, case-insensitive
    std::vector<const HeaderField*> find_all(std::string_view name) const;
    std::optional<std::string> value(std::string_view name) const;  // unfolded, first match
};

// Parses the header at the start of `text`. Offsets in the result are `base_offset + index`, so
// a part's header inside a message carries message offsets. Never throws; notes go to problems.
HeaderBlock parse_header(std::string_view text, std::size_t base_offset, const Limits& limits,
                         std::vector<Problem>& problems);

// RFC 5322 §2.2.3: removes CRLF (and bare CR / LF) that precede white space; trims both ends.
std::string unfold(std::string_view raw_value);

// RFC 5322 §2.2: a field name is 1*ftext, printable US-ASCII except ':'.
bool is_field_name(std::string_view name);

}  // namespace postlab::mime
