// IMAP value types; see types.hpp.
#include "protocols/imap/types.hpp"

#include "protocols/core/text.hpp"

namespace postlab::imap {

std::string_view to_string(State state) {
    switch (state) {
        case State::not_authenticated: return "not authenticated";
        case State::authenticated: return "authenticated";
        case State::selected: return "selected";
        case State::logout: return "logout";
    }
    return "?";
}

bool Token::is_nil() const { return kind == TokenKind::atom && iequals(text, "NIL"); }

Token atom(std::string text) { return Token{TokenKind::atom, std::move(text), {}}; }
Token quoted(std::string text) { return Token{TokenKind::quoted, std::move(text), {}}; }
Token literal(std::string text) { return Token{TokenKind::literal, std::move(text), {}}; }
Token list(std::vector<Token> children) {
    return Token{TokenKind::list, {}, std::move(children)};
}

}  // namespace postlab::imap
