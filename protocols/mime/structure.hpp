// The MIME part tree of a message (RFC 2045 §5-§6, RFC 2046 §5.1 multipart, §5.2.1
// message/rfc822, RFC 2183 disposition) with the byte ranges IMAP FETCH needs (RFC 9051 §6.4.5).
// Built iteratively with an explicit work stack; every limit in limits.hpp is enforced.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/mime/address.hpp"
#include "protocols/mime/limits.hpp"
#include "protocols/mime/params.hpp"

namespace postlab::mime {

inline constexpr std::size_t no_parent = static_cast<std::size_t>(-1);

struct BodyPart {
    // Content-Type as written (RFC 2045 §5.1); defaults (RFC 2045 §5.2, RFC 2046 §5.1.5) are
    // spelled in upper case like the RFC 9051 examples.
    std::string type = "TEXT";
    std::string subtype = "PLAIN";
    std::vector<Param> params;
    std::optional<std::string> id;           // Content-ID
    std::optional<std::string> description;  // Content-Description
    std::optional<std::string> encoding;     // Content-Transfer-Encoding token; nullopt = 7bit
    std::optional<std::string> md5;          // Content-MD5
    std::optional<Disposition> disposition;  // RFC 2183
    std::vector<std::string> language;       // Content-Language (RFC 3282)
    std::optional<std::string> location;     // Content-Location (RFC 2557)

    ByteRange header;        // the MIME (or RFC 5322) header with its ending empty line
    ByteRange body;          // the body in its transfer encoding
    std::size_t lines = 0;   // text/* and message/rfc822: lines in the body

    // Root and the encapsulated message of message/rfc822 have an RFC 5322 header: envelope.
    bool is_message = false;
    std::optional<Envelope> envelope;

    std::vector<std::size_t> children;  // multipart: the parts; message/rfc822: the message
    std::size_t parent = no_parent;
    std::size_t depth = 0;
    bool opaque = false;  // not expanded (a limit or a malformed structure); see problems

    bool is_multipart() const;         // multipart/* with at least one child
    bool is_encapsulated() const;      // message/rfc822 or message/global with its message
    bool is_text() const;
    std::string_view param(std::string_view name) const;  // "" when absent
};

struct MessageStructure {
    std::vector<BodyPart> parts;    // parts[0] is the message itself
    std::vector<Problem> problems;  // what was repaired or cut, with the RFC or limit

    const BodyPart& root() const { return parts.front(); }
    // RFC 9051 §6.4.5 part numbers: "1.2" -> the part's index, nullopt when absent.
    std::optional<std::size_t> find_part(const std::vector<std::uint32_t>& path) const;
};

// Never throws and never reads outside `message`; a malformed message still yields a tree.
MessageStructure parse_structure(std::string_view message, const Limits& limits = {});

// Lines as IMAP counts them: line endings, plus one for a last line without an ending.
std::size_t count_lines(std::string_view text);

}  // namespace postlab::mime
