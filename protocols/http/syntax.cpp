// Lexical rules of RFC 9110 §5.6; see syntax.hpp.
#include "protocols/http/syntax.hpp"

#include "protocols/http/types.hpp"

namespace postlab::http::syntax {
namespace {

bool is_obs_text(unsigned char c) { return c >= 0x80; }
bool is_vchar(unsigned char c) { return c >= 0x21 && c <= 0x7E; }

}  // namespace

std::string_view trim_ows(std::string_view text) {
    const std::size_t first = skip_ows(text, 0);
    text.remove_prefix(first);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::size_t skip_ows(std::string_view text, std::size_t i) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    return i;
}

std::size_t token_end(std::string_view text, std::size_t i) {
    while (i < text.size() && is_tchar(text[i])) ++i;
    return i;
}

std::optional<std::size_t> quoted_string_end(std::string_view text, std::size_t i) {
    if (i >= text.size() || text[i] != '"') return std::nullopt;
    for (++i; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '"') return i + 1;
        if (c == '\\') {
            // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
            if (++i >= text.size()) return std::nullopt;
            const auto e = static_cast<unsigned char>(text[i]);
            if (e != '\t' && e != ' ' && !is_vchar(e) && !is_obs_text(e)) return std::nullopt;
            continue;
        }
        if (c != '\t' && c != ' ' && !is_vchar(c) && !is_obs_text(c)) return std::nullopt;
    }
    return std::nullopt;
}

std::string unquote(std::string_view quoted) {
    std::string out;
    if (quoted.size() < 2) return out;
    quoted = quoted.substr(1, quoted.size() - 2);
    for (std::size_t i = 0; i < quoted.size(); ++i) {
        if (quoted[i] == '\\' && i + 1 < quoted.size()) ++i;
        out += quoted[i];
    }
    return out;
}

bool valid_field_value(std::string_view value) {
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (c != '\t' && c != ' ' && !is_vchar(c) && !is_obs_text(c)) return false;
    }
    return true;
}

bool is_hex_digit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

unsigned hex_value(char c) {
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
    return static_cast<unsigned>(c - 'A' + 10);
}

}  // namespace postlab::http::syntax
