// IMAP value types; see types.hpp.
#include "protocols/imap/types.hpp"

#include "protocols/core/text.hpp"

namespace postlab::imap {

// to_string(State) reads the state table (state_table.cpp).

bool Token::is_nil() const { return kind == TokenKind::atom && iequals(text, "NIL"); }

Token atom(std::string text) { return Token{TokenKind::atom, std::move(text), {}}; }
Token quoted(std::string text) { return Token{TokenKind::quoted, std::move(text), {}}; }
Token literal(std::string text) { return Token{TokenKind::literal, std::move(text), {}}; }
Token list(std::vector<Token> children) {
    return Token{TokenKind::list, {}, std::move(children)};
}

}  // namespace postlab::imap
