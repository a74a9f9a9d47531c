// POP3 parsers, pure functions over bytes: commands for the server (RFC 1939 §3 and §9,
// RFC 2449 §3 grammar) and status lines, multi-line responses (dot-stuffed, RFC 1939 §3), CAPA
// lists (RFC 2449 §5) and scan listings (RFC 1939 §5, §7) for the client. Each parser reports
// complete (with the bytes it consumed), need more, or error; none reads past what it consumes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/parse_status.hpp"
#include "protocols/pop3/types.hpp"

namespace postlab::pop3 {

using ParseStatus = core::ParseStatus;  // one meaning for every protocol's parsers

enum class ParseError {
    none,
    unknown_command,  // not a POP3 keyword we know (the server answers -ERR, RFC 1939 §3)
    bad_arguments,    // a known keyword with missing, extra or malformed arguments
    line_too_long,    // RFC 2449 §4
    bad_line_ending,  // a bare CR or LF: lines end with CRLF only (RFC 1939 §3)
    nul_byte,         // NUL is not a CHAR (RFC 1734 §3, RFC 2449 §3 VCHAR)
    bad_status,       // a response that starts with neither "+OK", "-ERR" nor "+ "
    too_large,        // a multi-line response over the caller's bound
    bad_listing,      // a CAPA, LIST or UIDL line that breaks its grammar
};

std::string_view to_string(ParseError error);

template <class T>
struct ParseResult {
    ParseStatus status = ParseStatus::need_more;
    std::size_t consumed = 0;  // complete or error: bytes to drop, CRLF included
    T value{};
    ParseError error = ParseError::none;
};

// ---- server side --------------------------------------------------------------------------

// One command line without its CRLF (framing is done by LineReader); never need_more.
ParseResult<Command> parse_command_line(std::string_view line);
// The first command in `bytes`, framed by CRLF and limited to command_line_max.
ParseResult<Command> parse_command(std::string_view bytes);

// ---- client side --------------------------------------------------------------------------

// The first line of a response: "+OK [code] text", "-ERR [code] text" or "+ challenge".
ParseResult<StatusLine> parse_status_line(std::string_view bytes);
// The body of a multi-line response (bytes start after the status line), up to and including
// the terminating ".\r\n"; the value is un-byte-stuffed, every line ending in CRLF. `size_max`
// bounds the value so that a hostile server cannot make us buffer without limit.
ParseResult<std::string> parse_multiline(std::string_view bytes, std::size_t size_max);

struct Capability {
    std::string tag;                  // case-insensitive (RFC 2449 §5)
    std::vector<std::string> params;  // space-separated parameters

    bool operator==(const Capability&) const = default;
};
// CAPA body (as parse_multiline returns it) into capabilities; nullopt if a line is malformed.
std::optional<std::vector<Capability>> parse_capabilities(std::string_view body);

struct ListingEntry {
    std::uint32_t message = 0;
    std::string value;  // LIST: the size in octets as text; UIDL: the unique-id

    bool operator==(const ListingEntry&) const = default;
};
// A LIST or UIDL body, or the text of a single-message "+OK msg value" reply (one line).
std::optional<std::vector<ListingEntry>> parse_listing(std::string_view body);
// RFC 1939 §7: a unique-id is 1-70 characters from 0x21 to 0x7E.
bool valid_unique_id(std::string_view id);

struct DropSize {
    std::uint32_t count = 0;
    std::uint64_t octets = 0;

    bool operator==(const DropSize&) const = default;
};
// STAT's "+OK nn mm" text (RFC 1939 §5); text after the two numbers is allowed and ignored.
std::optional<DropSize> parse_drop_size(std::string_view text);

// A decimal message number or count: 1 to 10 digits that fit in 32 bits.
std::optional<std::uint32_t> parse_number(std::string_view text);

}  // namespace postlab::pop3
