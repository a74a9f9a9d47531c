// IMAP command parsing, pure functions (RFC 9051 §2.2.1, §4 and §9; RFC 3501 §9 grammar accepted):
// framing of a command into lines and literals ({n} synchronizing, {n+} non-synchronizing per
// RFC 7888), tokenizing it into a Command, and the FETCH attribute grammar (RFC 9051 §6.4.5).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/parse_status.hpp"
#include "protocols/imap/types.hpp"

namespace postlab::imap {

// A literal announced at the end of a line: "{n}" or "{n+}" (RFC 9051 §4.3, RFC 7888 §3).
struct LiteralSpec {
    bool present = false;     // the line ends with something of the form "{...}"
    bool valid = false;       // and it is digits with an optional "+"
    std::uint64_t size = 0;   // saturates at UINT64_MAX, so a huge value is simply "too big"
    bool non_sync = false;    // "{n+}": the client does not wait for "+ " (LITERAL+)
    std::size_t spec_length = 0;  // characters of "{n}" / "{n+}" at the end of the line
};

LiteralSpec literal_at_end(std::string_view line);

// A command as it came off the wire: lines (without CRLF) and the literals between them;
// lines[i] ends with the announcement of literals[i], so lines.size() == literals.size() + 1.
struct CommandText {
    std::vector<std::string> lines;
    std::vector<std::string> literals;
};

struct TokenizeResult {
    bool ok = false;
    Command command;     // ok: the whole command; otherwise the tag, when one could be read
    std::string error;   // why the command is BAD
};

TokenizeResult tokenize(const CommandText& text);

using ParseStatus = core::ParseStatus;  // one meaning for every protocol's parsers

// Frames and tokenizes the first command in `bytes` (a test and client helper; the server frames
// incrementally with LineReader so that it can answer "+ " to synchronizing literals).
struct ParseResult {
    ParseStatus status = ParseStatus::need_more;
    std::size_t consumed = 0;
    Command command;
    std::string error;
};

ParseResult parse_command(std::string_view bytes);

// The space-separated tokens that follow the first `offset` characters of text.lines[0]: the
// data of a server response (RFC 9051 §7, e.g. after "* 3 FETCH "). Used by the client.
struct TokensResult {
    bool ok = false;
    std::vector<Token> tokens;
    std::string error;
};

TokensResult tokenize_from(const CommandText& text, std::size_t offset);

// ---- FETCH attributes (RFC 9051 §6.4.5, §9 "fetch-att") -------------------------------------

enum class FetchKind {
    flags, uid, internal_date, rfc822_size, envelope, body_structure, body,  // BODY: no extension
    section, rfc822, rfc822_header, rfc822_text, modseq,
};

// section-spec inside "[...]": part numbers, then "", HEADER, HEADER.FIELDS, HEADER.FIELDS.NOT,
// TEXT or MIME.
struct Section {
    std::vector<std::uint32_t> part;
    std::string text;                 // upper case
    std::vector<std::string> fields;  // HEADER.FIELDS (.NOT) names as given

    bool operator==(const Section&) const = default;
};

struct FetchItem {
    FetchKind kind = FetchKind::flags;
    Section section;
    bool peek = false;                          // BODY.PEEK[...] leaves \Seen alone
    std::optional<std::uint32_t> partial_start;  // "<a.b>"
    std::uint32_t partial_length = 0;
    std::string name;                           // as to be echoed in the response, e.g. BODY[TEXT]<0>

    bool operator==(const FetchItem&) const = default;
};

// One fetch-att word (already a single atom token), e.g. "BODY.PEEK[1.HEADER.FIELDS (From)]<0.9>".
std::optional<FetchItem> parse_fetch_item(std::string_view word);
// The FETCH argument: a macro (ALL, FAST, FULL), one attribute or a parenthesised list.
std::optional<std::vector<FetchItem>> parse_fetch_items(const Token& token);

// The number in a token (atom of digits); nullopt on anything else or overflow.
std::optional<std::uint64_t> parse_number(const Token& token);
std::optional<std::uint64_t> parse_number(std::string_view text);

}  // namespace postlab::imap
