// Evaluation of parsed checks (lessons/README.md "Checks") against a CheckSubject, with a
// one-line explanation a trainee can read: "phone.inbox.count is 2, expected == 0". Recursion
// depth is bounded by the parser's check_depth_max.
#include <fmt/format.h>

#include "sim/lesson/check_expr.hpp"

namespace postlab::lesson {
namespace {

struct Resolved {
    std::optional<CheckValue> value;
    std::string error;
};

CheckOutcome error_outcome(std::string explanation) {
    return CheckOutcome{false, true, std::move(explanation)};
}

// Compares two values; std::nullopt (with `error`) when the types cannot be compared.
std::optional<bool> compare(const CheckValue& l, CheckOp op, const CheckValue& r,
                            std::string& error) {
    auto ordered = [op](const auto& a, const auto& b) {
        switch (op) {
        case CheckOp::eq: return a == b;
        case CheckOp::ne: return a != b;
        case CheckOp::lt: return a < b;
        case CheckOp::le: return a <= b;
        case CheckOp::gt: return a > b;
        case CheckOp::ge: return a >= b;
        case CheckOp::contains: return false;
        }
        return false;
    };
    const auto* ls = std::get_if<std::string>(&l);
    const auto* rs = std::get_if<std::string>(&r);
    if (op == CheckOp::contains) {
        if (const auto* list = std::get_if<std::vector<std::string>>(&l); list && rs) {
            for (const auto& item : *list) {
                if (item == *rs) return true;
            }
            return false;
        }
        if (ls && rs) return ls->find(*rs) != std::string::npos;
        error = fmt::format("'contains' needs a list or a text on the left and a text on the "
                            "right, not {} and {}", type_name(l), type_name(r));
        return std::nullopt;
    }
    if (l.index() != r.index()) {
        error = fmt::format("cannot compare {} with {}", type_name(l), type_name(r));
        return std::nullopt;
    }
    const bool equality = op == CheckOp::eq || op == CheckOp::ne;
    if (const auto* li = std::get_if<std::int64_t>(&l)) return ordered(*li, std::get<std::int64_t>(r));
    if (ls) return ordered(*ls, *rs);
    if (!equality) {
        error = fmt::format("{} cannot be ordered with {}", type_name(l), to_string(op));
        return std::nullopt;
    }
    return (op == CheckOp::eq) == (l == r);
}

class Evaluator {
public:
    Evaluator(const CheckExpr& expr, const CheckSubject& subject)
        : m_expr(expr), m_subject(subject) {}

    CheckOutcome truth(std::size_t index) const {
        const auto& node = m_expr.nodes[index];
        switch (node.kind) {
        case CheckNodeKind::literal: return literal_truth(node);
        case CheckNodeKind::path: return path_truth(node);
        case CheckNodeKind::negate: {
            auto inner = truth(node.children[0]);
            if (inner.error) return inner;
            return CheckOutcome{!inner.passed, false, fmt::format("not ({})", inner.explanation)};
        }
        case CheckNodeKind::all_of: return chain(node, false);
        case CheckNodeKind::any_of: return chain(node, true);
        case CheckNodeKind::compare: return comparison(node);
        }
        return error_outcome("unknown check node");
    }

private:
    CheckOutcome literal_truth(const CheckNode& node) const {
        if (const auto* b = std::get_if<bool>(&node.literal)) {
            return CheckOutcome{*b, false, *b ? "true" : "false"};
        }
        return error_outcome(fmt::format("{} is {}, not a condition", node.text,
                                         type_name(node.literal)));
    }

    CheckOutcome path_truth(const CheckNode& node) const {
        const auto r = resolve(node);
        if (!r.value) return error_outcome(r.error);
        if (const auto* b = std::get_if<bool>(&*r.value)) {
            if (*b) return CheckOutcome{true, false, fmt::format("{} is true", node.text)};
            return CheckOutcome{false, false, fmt::format("{} is false, expected true", node.text)};
        }
        return error_outcome(fmt::format("{} is {} ({}), not a yes/no value; compare it with ==",
                                         node.text, describe(*r.value), type_name(*r.value)));
    }

    // any_of passes on the first passing child; all_of fails on the first failing one.
    CheckOutcome chain(const CheckNode& node, bool any) const {
        std::string joined;
        for (auto child : node.children) {
            auto outcome = truth(child);
            if (outcome.error) return outcome;
            if (outcome.passed == any) return outcome;
            if (!joined.empty()) joined += any ? "; and " : "; ";
            joined += outcome.explanation;
        }
        return CheckOutcome{!any, false, joined};
    }

    Resolved resolve(const CheckNode& node) const {
        Resolved r;
        r.value = m_subject.resolve(node.path, r.error);
        if (!r.value) {
            r.error = fmt::format("cannot evaluate {}: {}", node.text,
                                  r.error.empty() ? "unknown path" : r.error);
        }
        return r;
    }

    Resolved value(std::size_t index) const {
        const auto& node = m_expr.nodes[index];
        if (node.kind == CheckNodeKind::literal) return Resolved{node.literal, {}};
        if (node.kind == CheckNodeKind::path) return resolve(node);
        const auto outcome = truth(index);
        if (outcome.error) return Resolved{std::nullopt, outcome.explanation};
        return Resolved{CheckValue{outcome.passed}, {}};
    }

    CheckOutcome comparison(const CheckNode& node) const {
        const auto l = value(node.children[0]);
        if (!l.value) return error_outcome(l.error);
        const auto r = value(node.children[1]);
        if (!r.value) return error_outcome(r.error);
        std::string error;
        const auto result = compare(*l.value, node.op, *r.value, error);
        const auto& lhs = m_expr.nodes[node.children[0]];
        const auto& rhs = m_expr.nodes[node.children[1]];
        if (!result) return error_outcome(fmt::format("{}: {}", node.text, error));
        const std::string right = rhs.kind == CheckNodeKind::literal
                                      ? describe(*r.value)
                                      : fmt::format("{} ({})", rhs.text, describe(*r.value));
        const std::string verb = node.op == CheckOp::contains ? "to contain" : std::string(to_string(node.op));
        if (lhs.kind == CheckNodeKind::literal) {
            return CheckOutcome{*result, false, fmt::format("{} {} {}", describe(*l.value),
                                                            to_string(node.op), right)};
        }
        return CheckOutcome{*result, false, fmt::format("{} is {}, expected {} {}", lhs.text,
                                                        describe(*l.value), verb, right)};
    }

    const CheckExpr& m_expr;
    const CheckSubject& m_subject;
};

}  // namespace

std::string describe(const CheckValue& value) {
    if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
    if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
    if (const auto* s = std::get_if<std::string>(&value)) return fmt::format("'{}'", *s);
    std::string out = "[";
    for (const auto& item : std::get<std::vector<std::string>>(value)) {
        if (out.size() > 1) out += ", ";
        out += fmt::format("'{}'", item);
    }
    return out + "]";
}

std::string_view type_name(const CheckValue& value) {
    switch (value.index()) {
    case 0: return "a yes/no value";
    case 1: return "a number";
    case 2: return "a text";
    default: return "a list";
    }
}

CheckOutcome evaluate(const CheckExpr& expr, const CheckSubject& subject) {
    if (expr.nodes.empty()) return error_outcome("empty check");
    return Evaluator(expr, subject).truth(expr.nodes.size() - 1);
}

}  // namespace postlab::lesson
