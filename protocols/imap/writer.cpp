// IMAP output helpers; see writer.hpp. RFC 9051 §4.3 (strings), §9 (grammar).
#include "protocols/imap/writer.hpp"

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/imap/date_time.hpp"

namespace postlab::imap {
namespace {

bool is_astring_char(char c) {
    // RFC 9051 §9: ATOM-CHAR / resp-specials.
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return false;
    switch (c) {
        case '(': case ')': case '{': case '%': case '*': case '"': case '\\': return false;
        default: return true;
    }
}

// A quoted string cannot hold CR, LF or NUL (RFC 9051 §9 QUOTED-CHAR); we also send long text
// as a literal so that lines stay short.
bool needs_literal(std::string_view text) {
    if (text.size() > 1000) return true;
    for (char c : text) {
        if (c == '\r' || c == '\n' || c == '\0') return true;
    }
    return false;
}

}  // namespace

std::string quote(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

std::string literal_of(std::string_view bytes) {
    return fmt::format("{{{}}}\r\n", bytes.size()) + std::string(bytes);
}

std::string imap_string(std::string_view text) {
    return needs_literal(text) ? literal_of(text) : quote(text);
}

std::string nstring(const std::optional<std::string_view>& text) {
    return text ? imap_string(*text) : std::string("NIL");
}

std::string astring(std::string_view text) {
    bool atom_ok = !text.empty() && !iequals(text, "NIL");
    for (char c : text) atom_ok = atom_ok && is_astring_char(c);
    return atom_ok ? std::string(text) : imap_string(text);
}

std::string flag_list(const std::vector<std::string>& flags) {
    std::string out = "(";
    for (std::size_t i = 0; i < flags.size(); ++i) {
        if (i) out += ' ';
        out += flags[i];
    }
    out += ')';
    return out;
}

std::string format_date_time(TimeUs time_us) {
    return '"' + date_time_text(time_us) + '"';
}

std::string write_token(const Token& token, bool literal_plus) {
    switch (token.kind) {
        case TokenKind::atom: return token.text;
        case TokenKind::quoted: return quote(token.text);
        case TokenKind::literal:
            return fmt::format("{{{}{}}}\r\n", token.text.size(), literal_plus ? "+" : "") +
                   token.text;
        case TokenKind::list: {
            std::string out = "(";
            for (std::size_t i = 0; i < token.children.size(); ++i) {
                if (i) out += ' ';
                out += write_token(token.children[i], literal_plus);
            }
            return out + ')';
        }
    }
    return {};
}

std::string write_command(const Command& command, bool literal_plus) {
    std::string out = command.tag + ' ' + command.name;
    for (const auto& arg : command.args) out += ' ' + write_token(arg, literal_plus);
    return out + "\r\n";
}

}  // namespace postlab::imap
