// Names of the POP3 states and command keywords; see types.hpp (RFC 1939 §9, RFC 2449 §5,
// RFC 2595 §4, RFC 1734 §2).
#include "protocols/pop3/types.hpp"

#include <array>

#include "protocols/core/text.hpp"

namespace postlab::pop3 {
namespace {

constexpr std::array<std::string_view, command_kind_count> k_keywords = {
    "USER", "PASS", "APOP", "AUTH", "CAPA", "STLS", "QUIT", "STAT",
    "LIST", "RETR", "DELE", "NOOP", "RSET", "TOP",  "UIDL",
};

}  // namespace

std::string_view to_string(State state) {
    switch (state) {
        case State::authorization:
            return "AUTHORIZATION";
        case State::transaction:
            return "TRANSACTION";
        case State::update:
            return "UPDATE";
    }
    return "?";
}

std::string_view keyword(CommandKind kind) {
    return k_keywords[static_cast<std::size_t>(kind)];
}

std::optional<CommandKind> parse_keyword(std::string_view word) {
    for (std::size_t i = 0; i < k_keywords.size(); ++i) {
        if (iequals(word, k_keywords[i])) return static_cast<CommandKind>(i);
    }
    return std::nullopt;
}

}  // namespace postlab::pop3
