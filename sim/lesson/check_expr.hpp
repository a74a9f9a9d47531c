// The check language of lesson files (lessons/README.md "Checks"): `phone.inbox.count == 0`,
// `trace.has(pop3, command = 'DELE')`. Parsed once by the loader into a small AST (bounded length
// and nesting), evaluated later against whatever implements CheckSubject (the World adapter).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace postlab::lesson {

// A value a check reads or compares: a flag, a count, a text, or a list of texts (flags).
using CheckValue = std::variant<bool, std::int64_t, std::string, std::vector<std::string>>;

std::string describe(const CheckValue& value);  // true, 2, 'INBOX', ['\Seen']
std::string_view type_name(const CheckValue& value);  // "a yes/no value", "a number", ...

// An argument inside a path call: `'INBOX'`, `1`, `pop3` (a bare word: symbol) or `reply = 530`.
struct CheckArg {
    std::string name;   // empty for a positional argument
    CheckValue value;   // a bare word is a std::string with symbol = true
    bool symbol = false;
    std::size_t offset = 0;  // byte offset in the expression text
};

struct CheckSegment {
    std::string name;
    bool call = false;  // written with parentheses, even empty ones
    std::vector<CheckArg> args;
    std::size_t offset = 0;
};

// `server('alice@example.test').folder('INBOX').count`: what CheckSubject::resolve looks up.
struct CheckPath {
    std::vector<CheckSegment> segments;
    std::string text;  // as written, for explanations
};

enum class CheckOp { eq, ne, lt, le, gt, ge, contains };
std::string_view to_string(CheckOp op);

enum class CheckNodeKind { literal, path, negate, all_of, any_of, compare };

struct CheckNode {
    CheckNodeKind kind = CheckNodeKind::literal;
    CheckValue literal;
    CheckPath path;
    CheckOp op = CheckOp::eq;
    std::vector<std::size_t> children;  // indices into CheckExpr::nodes
    std::size_t offset = 0;
    std::string text;                   // the source slice, for explanations
};

// A parsed expression: nodes in an arena (children before parents), the root last.
struct CheckExpr {
    std::string source;
    std::vector<CheckNode> nodes;

    const CheckNode& root() const { return nodes.back(); }
    std::vector<const CheckPath*> paths() const;
};

inline constexpr std::size_t check_length_max = 4096;  // bytes of one expression
inline constexpr std::size_t check_depth_max = 32;     // nested parentheses and `not`
inline constexpr std::size_t check_args_max = 8;       // arguments of one call
inline constexpr std::size_t check_segments_max = 16;  // parts of one path

struct CheckParseError {
    std::string message;
    std::size_t offset = 0;  // byte offset in the expression where the problem is
    std::string hint;
};

struct CheckParseResult {
    std::optional<CheckExpr> expr;
    CheckParseError error;  // meaningful when !expr
};

CheckParseResult parse_check(std::string_view text);

// Canonical text: single spaces, texts in single quotes, parentheses only where needed.
// parse_check(to_text(e)) gives back an expression with the same to_text (tests rely on it).
std::string to_text(const CheckPath& path);
std::string to_text(const CheckExpr& expr);

// What the world answers a check with. `error` explains an unknown path ("no device 'phne'").
class CheckSubject {
public:
    virtual ~CheckSubject() = default;
    virtual std::optional<CheckValue> resolve(const CheckPath& path, std::string& error) const = 0;
};

struct CheckOutcome {
    bool passed = false;
    bool error = false;       // could not evaluate (unknown path, type mismatch)
    std::string explanation;  // "phone.inbox.count is 2, expected == 0"
};

CheckOutcome evaluate(const CheckExpr& expr, const CheckSubject& subject);

}  // namespace postlab::lesson
