// IMAP value types shared by the parser, writer and server: session states (RFC 9051 §3), the
// generic command shape (RFC 9051 §2.2.1: tag, command name, arguments) and the limits we
// enforce. Arguments stay a small token tree; each command handler checks its own grammar.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postlab::imap {

// RFC 9051 §3: Not Authenticated -> Authenticated -> Selected, and Logout from anywhere.
enum class State { not_authenticated, authenticated, selected, logout };

std::string_view to_string(State state);

// One argument of a command. ABNF it stands for (RFC 9051 §9):
//   atom:    1*ATOM-CHAR, plus "\" flags, list wildcards, sequence sets and fetch attributes with
//            a bracketed section ("BODY.PEEK[HEADER.FIELDS (From)]<0.100>") kept as one word
//   quoted:  DQUOTE *QUOTED-CHAR DQUOTE (value unescaped)
//   literal: "{" number ["+"] "}" CRLF *OCTET (value is the octets)
//   list:    "(" [token *(SP token)] ")"
enum class TokenKind { atom, quoted, literal, list };

struct Token {
    TokenKind kind = TokenKind::atom;
    std::string text;             // atom, quoted and literal: the value
    std::vector<Token> children;  // list: the elements

    bool is_string() const { return kind == TokenKind::quoted || kind == TokenKind::literal; }
    bool is_atom() const { return kind == TokenKind::atom; }
    bool is_list() const { return kind == TokenKind::list; }
    bool is_nil() const;                      // the atom NIL, any case
    bool is_astring() const { return is_atom() || is_string(); }
    bool operator==(const Token&) const = default;
};

Token atom(std::string text);
Token quoted(std::string text);
Token literal(std::string text);
Token list(std::vector<Token> children);

// tag SP command-name [SP arguments]; UID forms keep both words in `name` ("UID FETCH").
struct Command {
    std::string tag;
    std::string name;
    std::vector<Token> args;

    bool operator==(const Command&) const = default;
};

// Nesting bound for parenthesised lists (SEARCH criteria nest); deeper input is refused (BAD).
inline constexpr std::size_t list_depth_max = 32;
// Literals in one command: APPEND needs one per message; a client sending more is abusive.
inline constexpr std::size_t literals_per_command_max = 16;
// RFC 9051 §2.2.1: tags are short; we bound them so that echoing one back stays cheap.
inline constexpr std::size_t tag_length_max = 64;
// Non-synchronizing literals over the limit are skipped byte by byte; beyond this they end
// the session instead (RFC 7888 §4: the server may close with BYE [TOOBIG]).
inline constexpr std::uint64_t skip_literal_max = 100ULL * 1024 * 1024;

}  // namespace postlab::imap
