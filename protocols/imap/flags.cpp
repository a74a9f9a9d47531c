// IMAP message flags; see flags.hpp.
#include "protocols/imap/flags.hpp"

#include <algorithm>
#include <array>

#include "protocols/core/text.hpp"

namespace postlab::imap {
namespace {

constexpr std::array<std::string_view, 5> k_system_flags{"\\Answered", "\\Flagged", "\\Deleted",
                                                         "\\Seen", "\\Draft"};

bool is_keyword_char(char c) {
    // RFC 9051 §9: flag-keyword = atom; atom-specials excluded, and "]" too (resp-specials).
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return false;
    return std::string_view("(){%*\"\\]").find(c) == std::string_view::npos;
}

}  // namespace

std::string_view system_flags_text() { return "\\Answered \\Flagged \\Deleted \\Seen \\Draft"; }

std::optional<std::string> storable_flag(const Token& token) {
    if (!token.is_atom() || token.text.empty()) return std::nullopt;
    if (token.text[0] == '\\') {
        for (auto f : k_system_flags) {
            if (iequals(f, token.text)) return std::string(f);
        }
        return std::nullopt;
    }
    if (!std::all_of(token.text.begin(), token.text.end(), is_keyword_char)) return std::nullopt;
    return token.text;
}

std::optional<std::vector<std::string>> parse_flags(const std::vector<Token>& tokens) {
    const std::vector<Token>* items = &tokens;
    if (tokens.size() == 1 && tokens[0].is_list()) items = &tokens[0].children;
    std::vector<std::string> flags;
    for (const auto& t : *items) {
        auto f = storable_flag(t);
        if (!f) return std::nullopt;
        flags.push_back(std::move(*f));
    }
    normalize_flags(flags);
    return flags;
}

void normalize_flags(std::vector<std::string>& flags) {
    std::sort(flags.begin(), flags.end());
    flags.erase(std::unique(flags.begin(), flags.end()), flags.end());
}

}  // namespace postlab::imap
