// POP3 value types shared by the parser, writer, server and client: the session states, the
// commands (RFC 1939 §9 summary plus CAPA, STLS and AUTH from RFC 2449, RFC 2595, RFC 1734) and
// the status lines, with the limits the grammar of RFC 2449 §3 and §4 sets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace postlab::pop3 {

// RFC 1939 §3: a session passes through AUTHORIZATION, TRANSACTION, then UPDATE (QUIT only).
enum class State { authorization, transaction, update };

std::string_view to_string(State state);  // the state table's name (state_table.cpp)

// RFC 2449 §4: 255 octets including CRLF. We accept up to 512 (the response limit) because some
// deployed clients send longer USER/PASS lines; anything longer is refused as a violation.
inline constexpr std::size_t command_line_max = 512;
// RFC 2449 §3/§4: the first line of a response (and each CAPA line) is at most 512 octets.
inline constexpr std::size_t response_line_max = 512;
// A SASL response line is not a command (RFC 1734 §2); PLAIN with 255-octet fields needs ~1 KiB.
inline constexpr std::size_t sasl_line_max = 2048;
// RFC 1939 §7: a unique-id is 1 to 70 characters in the range 0x21 to 0x7E.
inline constexpr std::size_t uidl_length_max = 70;

enum class CommandKind {
    // AUTHORIZATION (QUIT and CAPA: also TRANSACTION)
    user,
    pass,
    apop,
    auth,
    capa,
    stls,
    quit,
    // TRANSACTION
    stat,
    list,
    retr,
    dele,
    noop,
    rset,
    top,
    uidl,
};

inline constexpr std::size_t command_kind_count = 15;

std::string_view keyword(CommandKind kind);                       // "USER", "RETR", ...
std::optional<CommandKind> parse_keyword(std::string_view word);  // case-insensitive (RFC 1939 §3)

// A parsed command. Which fields are set depends on `kind`; the parser guarantees it:
//   USER name | PASS secret (rest of line, RFC 1939 §7) | APOP name digest |
//   AUTH [mechanism [initial-response]] | LIST/UIDL [msg] | RETR/DELE msg | TOP msg lines
struct Command {
    CommandKind kind = CommandKind::noop;
    std::string text;   // USER/APOP name, PASS secret, AUTH mechanism
    std::string text2;  // APOP digest, AUTH initial response
    std::optional<std::uint32_t>
        message;  // message number (1-based); 0 parses, then "no such message"
    std::optional<std::uint32_t> lines;  // TOP's line count

    bool operator==(const Command&) const = default;
};

// RFC 2449 §3: status = "+OK" / "-ERR"; RFC 1734 §2: "+ " starts a SASL continuation.
enum class StatusKind { ok, err, continuation };

struct StatusLine {
    StatusKind kind = StatusKind::ok;
    std::string code;  // RFC 2449 §8: the response code without brackets ("IN-USE", "SYS/TEMP")
    std::string text;  // the rest of the line, without the code and its following space

    bool operator==(const StatusLine&) const = default;
};

}  // namespace postlab::pop3
