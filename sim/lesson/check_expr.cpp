// Parser of the check language (lessons/README.md "Checks"): a recursive descent over a tiny
// lexer, bounded by check_length_max bytes and check_depth_max nesting levels so that no lesson
// text, however long or deep, can exhaust the stack or memory.
#include "sim/lesson/check_expr.hpp"

#include <fmt/format.h>

#include <limits>

namespace postlab::lesson {
namespace {

enum class Tok { end, ident, number, text, lparen, rparen, dot, comma, assign, op, bad };

struct Token {
    Tok kind = Tok::end;
    std::size_t offset = 0;
    std::size_t end = 0;
    std::string text;  // identifier, decoded string, or operator spelling
    std::int64_t number = 0;
    std::string error;  // kind == bad
};

bool is_ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }
bool is_keyword(std::string_view word) {
    return word == "and" || word == "or" || word == "not" || word == "contains" ||
           word == "true" || word == "false";
}

Token lex_text(std::string_view src, std::size_t pos) {
    const char quote = src[pos];
    Token t{Tok::text, pos, pos, {}, 0, {}};
    std::size_t i = pos + 1;
    while (i < src.size() && src[i] != quote) {
        // Only \\ and an escaped quote are escapes: '\Seen' stays \Seen, '\\Seen' too.
        if (src[i] == '\\' && i + 1 < src.size() &&
            (src[i + 1] == '\\' || src[i + 1] == '\'' || src[i + 1] == '"')) {
            ++i;
        }
        t.text.push_back(src[i]);
        ++i;
    }
    if (i >= src.size()) {
        t.kind = Tok::bad;
        t.error = fmt::format("unterminated text: add the closing {}", quote);
        t.end = src.size();
        return t;
    }
    t.end = i + 1;
    return t;
}

Token lex_number(std::string_view src, std::size_t pos) {
    Token t{Tok::number, pos, pos, {}, 0, {}};
    std::size_t i = pos;
    const bool negative = src[i] == '-';
    if (negative) ++i;
    if (i >= src.size() || !is_digit(src[i])) {
        return Token{Tok::bad, pos, pos + 1, {}, 0, "'-' must start a number like -1"};
    }
    std::uint64_t value = 0;
    const std::uint64_t limit = std::uint64_t(std::numeric_limits<std::int64_t>::max());
    while (i < src.size() && is_digit(src[i])) {
        value = value * 10 + std::uint64_t(src[i] - '0');
        if (value > limit) {
            return Token{Tok::bad, pos, i, {}, 0, "number is too large"};
        }
        ++i;
    }
    if (i < src.size() && is_ident_char(src[i])) {
        return Token{Tok::bad, pos, i, {}, 0, "a number must not run into letters"};
    }
    t.number = negative ? -std::int64_t(value) : std::int64_t(value);
    t.end = i;
    return t;
}

Token lex_operator(std::string_view src, std::size_t pos) {
    const char c = src[pos];
    const bool eq_next = pos + 1 < src.size() && src[pos + 1] == '=';
    auto op = [&](std::size_t length) {
        return Token{Tok::op, pos, pos + length, std::string(src.substr(pos, length)), 0, {}};
    };
    if (c == '=') return eq_next ? op(2) : Token{Tok::assign, pos, pos + 1, "=", 0, {}};
    if (c == '!') {
        if (eq_next) return op(2);
        return Token{Tok::bad, pos, pos + 1, {}, 0, "'!' alone is not an operator: use != or not"};
    }
    if (c == '<' || c == '>') return op(eq_next ? 2 : 1);
    return Token{Tok::bad, pos, pos + 1, {}, 0, fmt::format("unexpected character '{}'", c)};
}

Token lex(std::string_view src, std::size_t pos) {
    while (pos < src.size() && (src[pos] == ' ' || src[pos] == '\t')) ++pos;
    if (pos >= src.size()) return Token{Tok::end, pos, pos, {}, 0, {}};
    const char c = src[pos];
    if (is_ident_start(c)) {
        std::size_t i = pos;
        while (i < src.size() && is_ident_char(src[i])) ++i;
        return Token{Tok::ident, pos, i, std::string(src.substr(pos, i - pos)), 0, {}};
    }
    if (is_digit(c) || c == '-') return lex_number(src, pos);
    if (c == '\'' || c == '"') return lex_text(src, pos);
    switch (c) {
    case '(': return Token{Tok::lparen, pos, pos + 1, "(", 0, {}};
    case ')': return Token{Tok::rparen, pos, pos + 1, ")", 0, {}};
    case '.': return Token{Tok::dot, pos, pos + 1, ".", 0, {}};
    case ',': return Token{Tok::comma, pos, pos + 1, ",", 0, {}};
    default: return lex_operator(src, pos);
    }
}

std::optional<CheckOp> op_of(const Token& t) {
    if (t.kind == Tok::ident && t.text == "contains") return CheckOp::contains;
    if (t.kind != Tok::op) return std::nullopt;
    if (t.text == "==") return CheckOp::eq;
    if (t.text == "!=") return CheckOp::ne;
    if (t.text == "<") return CheckOp::lt;
    if (t.text == "<=") return CheckOp::le;
    if (t.text == ">") return CheckOp::gt;
    if (t.text == ">=") return CheckOp::ge;
    return std::nullopt;
}

std::string_view describe_token(const Token& t) {
    switch (t.kind) {
    case Tok::end: return "the end";
    case Tok::ident: return t.text;
    case Tok::number: return "a number";
    case Tok::text: return "a text";
    default: return t.text;
    }
}

class Parser {
public:
    explicit Parser(std::string_view src) : m_src(src) {
        m_tok = lex(m_src, 0);
        if (m_tok.kind == Tok::bad) fail(m_tok.offset, m_tok.error);
    }

    CheckParseResult run() {
        CheckParseResult result;
        const auto root = parse_or();
        if (root && m_tok.kind != Tok::end && !m_failed) {
            fail(m_tok.offset, fmt::format("unexpected {} after a complete check",
                                           describe_token(m_tok)),
                 "join conditions with 'and' or 'or'");
        }
        if (!m_failed && root) require_condition(*root);
        if (m_failed) {
            result.error = m_error;
            return result;
        }
        m_expr.source = std::string(m_src);
        result.expr = std::move(m_expr);
        return result;
    }

private:
    using NodeRef = std::optional<std::size_t>;

    void advance() {
        m_prev_end = m_tok.end;
        m_tok = lex(m_src, m_tok.end);
        if (m_tok.kind == Tok::bad) fail(m_tok.offset, m_tok.error);
    }

    NodeRef fail(std::size_t offset, std::string message, std::string hint = {}) {
        if (!m_failed) {
            m_failed = true;
            m_error = CheckParseError{std::move(message), offset, std::move(hint)};
        }
        return std::nullopt;
    }

    bool at_word(std::string_view word) const {
        return m_tok.kind == Tok::ident && m_tok.text == word;
    }

    std::size_t add(CheckNode node, std::size_t start) {
        node.offset = start;
        node.text = std::string(m_src.substr(start, m_prev_end - start));
        m_expr.nodes.push_back(std::move(node));
        return m_expr.nodes.size() - 1;
    }

    // `a or b or c` becomes one any_of node with three children (and the same for `and`).
    NodeRef parse_chain(bool is_or) {
        const auto start = m_tok.offset;
        const auto first = is_or ? parse_chain(false) : parse_compare();
        if (!first || m_failed) return std::nullopt;
        const char* word = is_or ? "or" : "and";
        if (!at_word(word)) return first;
        CheckNode node;
        node.kind = is_or ? CheckNodeKind::any_of : CheckNodeKind::all_of;
        node.children.push_back(*first);
        while (at_word(word) && !m_failed) {
            advance();
            const auto next = is_or ? parse_chain(false) : parse_compare();
            if (!next) return std::nullopt;
            node.children.push_back(*next);
        }
        if (m_failed) return std::nullopt;
        for (auto child : node.children) require_condition(child);
        return add(std::move(node), start);
    }
    NodeRef parse_or() { return parse_chain(true); }

    NodeRef parse_compare() {
        const auto start = m_tok.offset;
        const auto lhs = parse_value();
        if (!lhs || m_failed) return std::nullopt;
        if (m_tok.kind == Tok::assign) {
            return fail(m_tok.offset, "'=' is not a comparison", "use == to compare");
        }
        const auto op = op_of(m_tok);
        if (!op) return lhs;
        advance();
        const auto rhs = parse_value();
        if (!rhs || m_failed) return std::nullopt;
        if (op_of(m_tok)) {
            return fail(m_tok.offset, "comparisons cannot be chained",
                        "write two comparisons joined with 'and'");
        }
        CheckNode node;
        node.kind = CheckNodeKind::compare;
        node.op = *op;
        node.children = {*lhs, *rhs};
        return add(std::move(node), start);
    }

    bool enter(std::size_t offset) {
        if (++m_depth > check_depth_max) {
            fail(offset, fmt::format("nested deeper than {} levels", check_depth_max),
                 "split the check into several checks");
            return false;
        }
        return true;
    }

    NodeRef parse_value() {
        const auto start = m_tok.offset;
        if (m_tok.kind == Tok::lparen) {
            if (!enter(start)) return std::nullopt;
            advance();
            const auto inner = parse_or();
            if (!inner || m_failed) return std::nullopt;
            if (m_tok.kind != Tok::rparen) {
                return fail(m_tok.offset, fmt::format("expected ')' but found {}",
                                                      describe_token(m_tok)),
                            fmt::format("the '(' at column {} is not closed", start + 1));
            }
            advance();
            --m_depth;
            return inner;
        }
        if (at_word("not")) {
            if (!enter(start)) return std::nullopt;
            advance();
            const auto inner = parse_value();
            if (!inner || m_failed) return std::nullopt;
            --m_depth;
            require_condition(*inner);
            CheckNode node;
            node.kind = CheckNodeKind::negate;
            node.children = {*inner};
            return add(std::move(node), start);
        }
        return parse_atom();
    }

    NodeRef parse_atom() {
        const auto start = m_tok.offset;
        CheckNode node;
        if (m_tok.kind == Tok::number) {
            node.literal = m_tok.number;
        } else if (m_tok.kind == Tok::text) {
            node.literal = m_tok.text;
        } else if (at_word("true") || at_word("false")) {
            node.literal = m_tok.text == "true";
        } else if (m_tok.kind == Tok::ident && !is_keyword(m_tok.text)) {
            return parse_path();
        } else if (m_tok.kind != Tok::bad) {
            return fail(start, fmt::format("expected a value but found {}", describe_token(m_tok)),
                        "a value is a path like phone.inbox.count, a number, or 'text'");
        } else {
            return std::nullopt;
        }
        advance();
        if (m_failed) return std::nullopt;
        return add(std::move(node), start);
    }

    NodeRef parse_path() {
        const auto start = m_tok.offset;
        CheckNode node;
        node.kind = CheckNodeKind::path;
        while (true) {
            if (node.path.segments.size() == check_segments_max) {
                return fail(m_tok.offset, fmt::format("a path has at most {} parts",
                                                      check_segments_max));
            }
            CheckSegment segment{m_tok.text, false, {}, m_tok.offset};
            advance();
            if (m_tok.kind == Tok::lparen && !parse_args(segment)) return std::nullopt;
            node.path.segments.push_back(std::move(segment));
            if (m_failed) return std::nullopt;
            if (m_tok.kind != Tok::dot) break;
            advance();
            if (m_tok.kind != Tok::ident) {
                return fail(m_tok.offset, fmt::format("expected a name after '.' but found {}",
                                                      describe_token(m_tok)));
            }
        }
        const auto index = add(std::move(node), start);
        m_expr.nodes[index].path.text = m_expr.nodes[index].text;
        return index;
    }

    bool parse_args(CheckSegment& segment) {
        segment.call = true;
        advance();  // (
        while (!m_failed && m_tok.kind != Tok::rparen) {
            if (segment.args.size() == check_args_max) {
                fail(m_tok.offset, fmt::format("a call takes at most {} arguments",
                                               check_args_max));
                return false;
            }
            if (!parse_arg(segment)) return false;
            if (m_tok.kind == Tok::comma) {
                advance();
            } else if (m_tok.kind != Tok::rparen) {
                const bool double_eq = m_tok.kind == Tok::op && m_tok.text == "==";
                fail(m_tok.offset, fmt::format("expected ',' or ')' but found {}",
                                               describe_token(m_tok)),
                     double_eq ? "named arguments use one '=': reply = 530" : "");
                return false;
            }
        }
        if (m_failed) return false;
        advance();  // )
        return !m_failed;
    }

    bool parse_arg(CheckSegment& segment) {
        CheckArg arg;
        arg.offset = m_tok.offset;
        if (m_tok.kind == Tok::ident && !is_keyword(m_tok.text)) {
            const Token next = lex(m_src, m_tok.end);
            if (next.kind == Tok::assign) {
                arg.name = m_tok.text;
                advance();
                advance();
            }
        }
        if (m_tok.kind == Tok::number) {
            arg.value = m_tok.number;
        } else if (m_tok.kind == Tok::text) {
            arg.value = m_tok.text;
        } else if (at_word("true") || at_word("false")) {
            arg.value = m_tok.text == "true";
        } else if (m_tok.kind == Tok::ident) {
            arg.value = m_tok.text;
            arg.symbol = true;
        } else {
            if (m_tok.kind != Tok::bad) {
                fail(m_tok.offset, fmt::format("expected an argument but found {}",
                                               describe_token(m_tok)),
                     "arguments are numbers, 'text', true/false or names like pop3");
            }
            return false;
        }
        advance();
        segment.args.push_back(std::move(arg));
        return !m_failed;
    }

    // Numbers and texts are values, not conditions: `2` alone or `2 and x` cannot pass or fail.
    void require_condition(std::size_t index) {
        const auto& node = m_expr.nodes[index];
        if (node.kind == CheckNodeKind::literal && !std::holds_alternative<bool>(node.literal)) {
            fail(node.offset, fmt::format("{} is a value, not a condition", node.text),
                 "compare it, e.g. phone.inbox.count == 2");
        }
    }

    std::string_view m_src;
    Token m_tok;
    std::size_t m_prev_end = 0;
    std::size_t m_depth = 0;
    bool m_failed = false;
    CheckParseError m_error;
    CheckExpr m_expr;
};

}  // namespace

std::string_view to_string(CheckOp op) {
    switch (op) {
    case CheckOp::eq: return "==";
    case CheckOp::ne: return "!=";
    case CheckOp::lt: return "<";
    case CheckOp::le: return "<=";
    case CheckOp::gt: return ">";
    case CheckOp::ge: return ">=";
    case CheckOp::contains: return "contains";
    }
    return "?";
}

std::vector<const CheckPath*> CheckExpr::paths() const {
    std::vector<const CheckPath*> out;
    for (const auto& node : nodes) {
        if (node.kind == CheckNodeKind::path) out.push_back(&node.path);
    }
    return out;
}

namespace {

std::string quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\\' || c == '\'') out.push_back('\\');
        out.push_back(c);
    }
    return out + "'";
}

std::string literal_text(const CheckValue& value) {
    if (const auto* s = std::get_if<std::string>(&value)) return quote(*s);
    return describe(value);
}

std::string node_text(const CheckExpr& expr, std::size_t index) {
    const auto& node = expr.nodes[index];
    auto child = [&](std::size_t i, bool wrap) {
        const auto text = node_text(expr, node.children[i]);
        return wrap ? "(" + text + ")" : text;
    };
    auto kind_of = [&](std::size_t i) { return expr.nodes[node.children[i]].kind; };
    switch (node.kind) {
    case CheckNodeKind::literal: return literal_text(node.literal);
    case CheckNodeKind::path: return to_text(node.path);
    case CheckNodeKind::negate: {
        const auto k = kind_of(0);
        return "not " + child(0, k != CheckNodeKind::literal && k != CheckNodeKind::path &&
                                     k != CheckNodeKind::negate);
    }
    case CheckNodeKind::compare: {
        const auto wrap = [&](std::size_t i) {
            return kind_of(i) != CheckNodeKind::literal && kind_of(i) != CheckNodeKind::path;
        };
        return fmt::format("{} {} {}", child(0, wrap(0)), to_string(node.op), child(1, wrap(1)));
    }
    case CheckNodeKind::all_of:
    case CheckNodeKind::any_of: {
        const bool all = node.kind == CheckNodeKind::all_of;
        std::string out;
        for (std::size_t i = 0; i < node.children.size(); ++i) {
            if (i) out += all ? " and " : " or ";
            // `and` binds tighter than `or`; a same-kind child was parenthesized in the source.
            const auto k = kind_of(i);
            out += child(i, k == node.kind || (all && k == CheckNodeKind::any_of));
        }
        return out;
    }
    }
    return "";
}

}  // namespace

std::string to_text(const CheckPath& path) {
    std::string out;
    for (const auto& segment : path.segments) {
        if (!out.empty()) out += '.';
        out += segment.name;
        if (!segment.call) continue;
        out += '(';
        for (std::size_t i = 0; i < segment.args.size(); ++i) {
            const auto& arg = segment.args[i];
            if (i) out += ", ";
            if (!arg.name.empty()) out += arg.name + " = ";
            out += arg.symbol ? std::get<std::string>(arg.value) : literal_text(arg.value);
        }
        out += ')';
    }
    return out;
}

std::string to_text(const CheckExpr& expr) {
    return expr.nodes.empty() ? std::string() : node_text(expr, expr.nodes.size() - 1);
}

CheckParseResult parse_check(std::string_view text) {
    if (text.size() > check_length_max) {
        CheckParseResult result;
        result.error = CheckParseError{
            fmt::format("check is {} characters long; the limit is {}", text.size(),
                        check_length_max),
            check_length_max, "split it into several checks"};
        return result;
    }
    bool blank = true;
    for (char c : text) blank = blank && (c == ' ' || c == '\t');
    if (blank) {
        CheckParseResult result;
        result.error = CheckParseError{"empty check", 0, "write a condition like phone.inbox.count == 0"};
        return result;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || text[i] == '\r') {
            CheckParseResult result;
            result.error = CheckParseError{"a check is one line", i, ""};
            return result;
        }
    }
    return Parser(text).run();
}

}  // namespace postlab::lesson
