// IMAP command framing and tokenizing; see parser.hpp. Grammar: RFC 9051 §9 (command, tag,
// astring, quoted, literal, atom), with the FETCH attributes of §6.4.5.
#include "protocols/imap/parser.hpp"

#include <limits>

#include "protocols/core/text.hpp"

namespace postlab::imap {
namespace {

bool is_atom_char(char c) {
    // RFC 9051 §9 ATOM-CHAR minus atom-specials, widened to keep "\Seen", "1:*", "%" and "]"
    // inside one word; the command handlers check which of these their argument allows.
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F && c != '(' && c != ')' && c != '"' && c != '{';
}

bool is_tag_char(char c) {
    // RFC 9051 §9: tag = 1*<any ASTRING-CHAR except "+">.
    return is_atom_char(c) && c != '+' && c != '%' && c != '*' && c != '\\';
}

// Walks the lines and literals of one command.
class Cursor {
public:
    explicit Cursor(const CommandText& text, std::size_t offset = 0)
        : m_text(text), m_pos(offset) {}

    std::string_view line() const { return m_text.lines[m_seg]; }
    bool at_line_end() const { return m_pos >= line().size(); }
    bool at_end() const { return m_seg + 1 >= m_text.lines.size() && at_line_end(); }
    char peek() const { return at_line_end() ? '\0' : line()[m_pos]; }
    void advance() { ++m_pos; }
    bool consume(char c) {
        if (peek() != c || at_line_end()) return false;
        ++m_pos;
        return true;
    }

    std::optional<Token> token(std::size_t depth, std::string& error);
    std::optional<std::string> word(bool (*allowed)(char));

private:
    std::optional<Token> parse_list(std::size_t depth, std::string& error);
    std::optional<Token> parse_quoted(std::string& error);
    std::optional<Token> parse_literal(std::string& error);
    std::optional<Token> parse_atom(std::string& error);

    const CommandText& m_text;
    std::size_t m_seg = 0;
    std::size_t m_pos = 0;
};

std::optional<std::string> Cursor::word(bool (*allowed)(char)) {
    const std::size_t start = m_pos;
    while (!at_line_end() && allowed(line()[m_pos])) ++m_pos;
    if (m_pos == start) return std::nullopt;
    return std::string(line().substr(start, m_pos - start));
}

std::optional<Token> Cursor::token(std::size_t depth, std::string& error) {
    if (at_line_end()) {
        error = "Missing argument";
        return std::nullopt;
    }
    switch (peek()) {
        case '(': return parse_list(depth, error);
        case ')': error = "Unbalanced parentheses"; return std::nullopt;
        case '"': return parse_quoted(error);
        case '{': return parse_literal(error);
        default: return parse_atom(error);
    }
}

std::optional<Token> Cursor::parse_list(std::size_t depth, std::string& error) {
    if (depth >= list_depth_max) {
        error = "Lists nested too deeply";
        return std::nullopt;
    }
    advance();  // "("
    Token out = list({});
    if (consume(')')) return out;
    while (true) {
        if (at_line_end()) {
            error = "Unbalanced parentheses";
            return std::nullopt;
        }
        auto element = token(depth + 1, error);
        if (!element) return std::nullopt;
        out.children.push_back(std::move(*element));
        if (consume(')')) return out;
        if (!consume(' ')) {
            error = at_line_end() ? "Unbalanced parentheses" : "Expected space or ')'";
            return std::nullopt;
        }
    }
}

std::optional<Token> Cursor::parse_quoted(std::string& error) {
    advance();  // opening DQUOTE
    std::string value;
    while (!at_line_end()) {
        char c = line()[m_pos++];
        if (c == '"') return quoted(std::move(value));
        if (c == '\\') {
            // RFC 9051 §9 quoted-specials: only DQUOTE and "\" may be escaped.
            if (at_line_end() || (peek() != '"' && peek() != '\\')) break;
            c = line()[m_pos++];
        }
        value += c;
    }
    error = "Malformed quoted string";
    return std::nullopt;
}

std::optional<Token> Cursor::parse_literal(std::string& error) {
    const LiteralSpec spec = literal_at_end(line());
    if (!spec.valid || m_pos + spec.spec_length != line().size() ||
        m_seg >= m_text.literals.size()) {
        error = "Malformed literal";
        return std::nullopt;
    }
    Token out = literal(m_text.literals[m_seg]);
    ++m_seg;
    m_pos = 0;
    return out;
}

std::optional<Token> Cursor::parse_atom(std::string& error) {
    std::string value;
    while (!at_line_end()) {
        const char c = line()[m_pos];
        if (c == '[') {
            // A fetch section: everything up to "]" belongs to the word (RFC 9051 §9 "section").
            const auto close = line().find(']', m_pos);
            if (close == std::string_view::npos) {
                error = "Unbalanced brackets";
                return std::nullopt;
            }
            value.append(line().substr(m_pos, close + 1 - m_pos));
            m_pos = close + 1;
            continue;
        }
        if (!is_atom_char(c)) break;
        value += c;
        ++m_pos;
    }
    if (value.empty()) {
        error = static_cast<unsigned char>(peek()) >= 0x80 ? "8-bit characters must be quoted"
                                                           : "Unexpected character";
        return std::nullopt;
    }
    return atom(std::move(value));
}

}  // namespace

LiteralSpec literal_at_end(std::string_view line) {
    LiteralSpec spec;
    if (line.empty() || line.back() != '}') return spec;
    const auto open = line.rfind('{');
    if (open == std::string_view::npos) return spec;
    spec.present = true;
    spec.spec_length = line.size() - open;
    std::string_view digits = line.substr(open + 1, line.size() - open - 2);
    if (!digits.empty() && digits.back() == '+') {
        spec.non_sync = true;
        digits.remove_suffix(1);
    }
    if (digits.empty()) return spec;
    for (char c : digits) {
        if (c < '0' || c > '9') return spec;
        const auto d = static_cast<std::uint64_t>(c - '0');
        constexpr auto max = std::numeric_limits<std::uint64_t>::max();
        spec.size = spec.size > (max - d) / 10 ? max : spec.size * 10 + d;
    }
    spec.valid = true;
    return spec;
}

TokenizeResult tokenize(const CommandText& text) {
    TokenizeResult result;
    if (text.lines.empty() || text.lines.size() != text.literals.size() + 1) {
        result.error = "Empty command";
        return result;
    }
    Cursor cursor(text);
    auto tag = cursor.word(is_tag_char);
    if (!tag || tag->size() > tag_length_max) {
        result.error = "Missing or invalid tag";
        return result;
    }
    result.command.tag = std::move(*tag);
    auto name = cursor.consume(' ') ? cursor.word(is_atom_char) : std::nullopt;
    if (!name) {
        result.error = "Missing command";
        return result;
    }
    result.command.name = std::move(*name);
    if (iequals(result.command.name, "UID")) {
        auto sub = cursor.consume(' ') ? cursor.word(is_atom_char) : std::nullopt;
        if (!sub) {
            result.error = "Missing command after UID";
            return result;
        }
        result.command.name += ' ' + *sub;
    }
    while (!cursor.at_end()) {
        if (!cursor.consume(' ')) {
            result.error = cursor.peek() == ')' ? "Unbalanced parentheses" : "Expected space";
            return result;
        }
        auto token = cursor.token(0, result.error);
        if (!token) return result;
        result.command.args.push_back(std::move(*token));
    }
    result.ok = true;
    return result;
}

TokensResult tokenize_from(const CommandText& text, std::size_t offset) {
    TokensResult result;
    if (text.lines.empty() || text.lines.size() != text.literals.size() + 1 ||
        offset > text.lines[0].size()) {
        result.error = "Empty response";
        return result;
    }
    Cursor cursor(text, offset);
    while (!cursor.at_end()) {
        auto token = cursor.token(0, result.error);
        if (!token) return result;
        result.tokens.push_back(std::move(*token));
        if (!cursor.at_end() && !cursor.consume(' ')) {
            result.error = cursor.peek() == ')' ? "Unbalanced parentheses" : "Expected space";
            return result;
        }
    }
    result.ok = true;
    return result;
}

ParseResult parse_command(std::string_view bytes) {
    ParseResult result;
    CommandText text;
    std::size_t pos = 0;
    while (true) {
        const auto lf = bytes.find('\n', pos);
        if (lf == std::string_view::npos) return result;  // need_more
        if (lf == pos || bytes[lf - 1] != '\r') {
            result.status = ParseStatus::error;
            result.error = "Lines end with CRLF";
            result.consumed = lf + 1;
            return result;
        }
        std::string line(bytes.substr(pos, lf - 1 - pos));
        pos = lf + 1;
        const LiteralSpec spec = literal_at_end(line);
        text.lines.push_back(std::move(line));
        if (!spec.present || !spec.valid) break;
        if (spec.size > bytes.size() - pos) return result;  // need_more
        text.literals.emplace_back(bytes.substr(pos, static_cast<std::size_t>(spec.size)));
        pos += static_cast<std::size_t>(spec.size);
    }
    result.consumed = pos;
    auto tokens = tokenize(text);
    result.command = std::move(tokens.command);
    result.error = std::move(tokens.error);
    result.status = tokens.ok ? ParseStatus::complete : ParseStatus::error;
    return result;
}

std::optional<std::uint64_t> parse_number(std::string_view text) {
    if (text.empty() || text.size() > 19) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value;
}

std::optional<std::uint64_t> parse_number(const Token& token) {
    if (!token.is_atom()) return std::nullopt;
    return parse_number(token.text);
}

}  // namespace postlab::imap
