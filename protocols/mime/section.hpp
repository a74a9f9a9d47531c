// IMAP BODY[section] addressing (RFC 9051 §6.4.5): parse a section spec such as "1.2.MIME" or
// "HEADER.FIELDS (From To)" and cut the exact bytes out of a message with its part tree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/mime/structure.hpp"

namespace postlab::mime {

enum class SectionText {
    none,               // "" or "1.2": the whole message / the part's body
    header,             // HEADER
    header_fields,      // HEADER.FIELDS (...)
    header_fields_not,  // HEADER.FIELDS.NOT (...)
    text,               // TEXT
    mime,               // MIME (needs a part number)
};

struct SectionSpec {
    std::vector<std::uint32_t> parts;  // "1.2" -> {1, 2}
    SectionText text = SectionText::none;
    std::vector<std::string> fields;   // HEADER.FIELDS names as given
    bool operator==(const SectionSpec&) const = default;
};

// Parses what is between the brackets of BODY[...]; nullopt when it breaks RFC 9051 §6.4.5.
std::optional<SectionSpec> parse_section_spec(std::string_view spec);

// A section that is one slice of the message (all but HEADER.FIELDS[.NOT]); nullopt when the
// part does not exist or the specifier does not apply to it.
std::optional<ByteRange> section_range(const MessageStructure& structure, const SectionSpec& spec);

// The exact bytes IMAP sends for BODY[spec]. HEADER.FIELDS keeps matching fields in message
// order and always ends with the empty line (RFC 9051 §6.4.5).
std::optional<std::string> section_bytes(std::string_view message,
                                         const MessageStructure& structure,
                                         const SectionSpec& spec);

// BODY[...]<start.length>: the slice of `bytes`, clamped to its size (RFC 9051 §6.4.5).
std::string_view partial(std::string_view bytes, std::uint64_t start, std::uint64_t length);

}  // namespace postlab::mime
