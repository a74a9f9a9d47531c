// The check language (lessons/README.md "Checks"): parsing of the documented examples, the
// canonical text round trip, error offsets, the length and nesting limits, and evaluation
// against a fake CheckSubject with explanations.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "sim/lesson/check_expr.hpp"

using namespace postlab::lesson;

namespace {

// Answers paths from a table keyed by their canonical text; unknown paths are errors.
class FakeSubject : public CheckSubject {
public:
    std::map<std::string, CheckValue> values;
    mutable int calls = 0;

    std::optional<CheckValue> resolve(const CheckPath& path, std::string& error) const override {
        ++calls;
        const auto it = values.find(to_text(path));
        if (it == values.end()) {
            error = "no such thing as " + to_text(path);
            return std::nullopt;
        }
        return it->second;
    }
};

CheckExpr parse_ok(const std::string& text) {
    auto result = parse_check(text);
    INFO(text << " -> " << result.error.message << " at " << result.error.offset);
    REQUIRE(result.expr);
    return std::move(*result.expr);
}

CheckParseError parse_error(const std::string& text) {
    auto result = parse_check(text);
    INFO(text);
    REQUIRE_FALSE(result.expr);
    return result.error;
}

}  // namespace

TEST_CASE("the documented check examples parse and round-trip through to_text") {
    const char* examples[] = {
        "phone.inbox.count == 0",
        "laptop.folder('INBOX').count == 2",
        "server('alice@example.test').folder('INBOX').count == 2",
        "server('alice@example.test').folder('INBOX').message(1).flags contains '\\Seen'",
        "trace.has(smtp, reply = 530)",
        "trace.has(pop3, command = 'DELE')",
        "trace.count(tcp, to_port = 25) > 0",
        "phone.connected",
        "laptop.outbox.count == 0",
        "not phone.connected or (a.b >= -3 and c != \"x\")",
        "a.b() <= 1 and not (c or d) and e < 2",
    };
    for (const char* text : examples) {
        const auto expr = parse_ok(text);
        const auto canonical = to_text(expr);
        const auto again = parse_ok(canonical);
        CHECK(to_text(again) == canonical);
    }
}

TEST_CASE("a comparison with calls and named arguments becomes the expected tree") {
    const auto expr = parse_ok("server('alice@example.test').folder('INBOX').count == 2");
    const auto& root = expr.root();
    REQUIRE(root.kind == CheckNodeKind::compare);
    CHECK(root.op == CheckOp::eq);
    const auto& lhs = expr.nodes[root.children[0]];
    REQUIRE(lhs.kind == CheckNodeKind::path);
    REQUIRE(lhs.path.segments.size() == 3);
    CHECK(lhs.path.segments[0].name == "server");
    CHECK(lhs.path.segments[0].call);
    REQUIRE(lhs.path.segments[0].args.size() == 1);
    CHECK(std::get<std::string>(lhs.path.segments[0].args[0].value) == "alice@example.test");
    CHECK(lhs.path.segments[1].offset == 29);
    CHECK(lhs.path.segments[2].name == "count");
    CHECK_FALSE(lhs.path.segments[2].call);
    CHECK(lhs.path.text == "server('alice@example.test').folder('INBOX').count");
    CHECK(std::get<std::int64_t>(expr.nodes[root.children[1]].literal) == 2);

    const auto trace = parse_ok("trace.has(smtp, reply = 530)");
    const auto& call = trace.root().path.segments[1];
    REQUIRE(call.args.size() == 2);
    CHECK(call.args[0].symbol);
    CHECK(call.args[0].name.empty());
    CHECK(std::get<std::string>(call.args[0].value) == "smtp");
    CHECK(call.args[1].name == "reply");
    CHECK(std::get<std::int64_t>(call.args[1].value) == 530);
    CHECK(call.args[1].offset == 16);
}

TEST_CASE("'and' binds tighter than 'or' and 'not' applies to one value") {
    const auto expr = parse_ok("a or b and not c");
    const auto& root = expr.root();
    REQUIRE(root.kind == CheckNodeKind::any_of);
    REQUIRE(root.children.size() == 2);
    const auto& right = expr.nodes[root.children[1]];
    REQUIRE(right.kind == CheckNodeKind::all_of);
    CHECK(expr.nodes[right.children[1]].kind == CheckNodeKind::negate);
    CHECK(to_text(expr) == "a or b and not c");
    CHECK(to_text(parse_ok("(a or b) and c")) == "(a or b) and c");
}

TEST_CASE("texts keep backslashes except before a quote or a backslash") {
    CHECK(std::get<std::string>(parse_ok("x == '\\Seen'").nodes[1].literal) == "\\Seen");
    CHECK(std::get<std::string>(parse_ok("x == '\\\\Seen'").nodes[1].literal) == "\\Seen");
    CHECK(std::get<std::string>(parse_ok("x == 'it\\'s'").nodes[1].literal) == "it's");
    CHECK(to_text(parse_ok("x == 'it\\'s'")) == "x == 'it\\'s'");
}

TEST_CASE("parse errors name the byte offset of the problem") {
    struct Case {
        const char* text;
        std::size_t offset;
        const char* message_part;
    };
    const Case cases[] = {
        {"phone.inbox.count = 0", 18, "'=' is not a comparison"},
        {"phone.inbox.count == ", 21, "expected a value"},
        {"phone..count == 1", 6, "expected a name after '.'"},
        {"laptop.folder('INBOX'.count == 2", 21, "expected ',' or ')'"},
        {"trace.has(smtp, reply == 530)", 22, "expected ',' or ')'"},
        {"x == 'open", 5, "unterminated text"},
        {"a == 1 == 2", 7, "cannot be chained"},
        {"(a == 1", 7, "expected ')'"},
        {"a == 1 b", 7, "unexpected b"},
        {"a # b", 2, "unexpected character '#'"},
        {"a ! b", 2, "'!' alone"},
        {"2", 0, "is a value, not a condition"},
        {"a and 'x'", 6, "is a value, not a condition"},
        {"not 3", 4, "is a value, not a condition"},
        {"x == 99999999999999999999", 5, "too large"},
        {"x == 12ab", 5, "must not run into letters"},
        {"   ", 0, "empty check"},
        {"a ==\n1", 4, "one line"},
    };
    for (const auto& c : cases) {
        const auto error = parse_error(c.text);
        INFO(c.text << " -> " << error.message);
        CHECK(error.offset == c.offset);
        CHECK(error.message.find(c.message_part) != std::string::npos);
    }
    CHECK(parse_error("trace.has(smtp, reply == 530)").hint.find("one '='") != std::string::npos);
}

TEST_CASE("a 1 MB expression is refused before parsing") {
    std::string huge = "a == '";
    huge += std::string(1024 * 1024, 'x');
    huge += "'";
    const auto error = parse_error(huge);
    CHECK(error.message.find("limit is 4096") != std::string::npos);
    CHECK(error.offset == check_length_max);

    std::string long_or = "a";
    while (long_or.size() + 5 < check_length_max) long_or += " or a";
    CHECK(parse_check(long_or).expr);  // just under the limit: fine
}

TEST_CASE("nesting is limited, whether by parentheses or by not") {
    auto nested = [](std::size_t depth) {
        return std::string(depth, '(') + "a" + std::string(depth, ')');
    };
    CHECK(parse_check(nested(check_depth_max)).expr);
    const auto error = parse_error(nested(check_depth_max + 1));
    CHECK(error.message.find("nested deeper than 32") != std::string::npos);
    CHECK(error.offset == check_depth_max);

    std::string nots;
    for (int i = 0; i < 1000; ++i) nots += "not ";
    const auto not_error = parse_error(nots + "a");
    CHECK(not_error.offset == 4 * check_depth_max);

    const auto deep = parse_error(std::string(2000, '(') + "a" + std::string(2000, ')'));
    CHECK(deep.offset == check_depth_max);
}

TEST_CASE("paths and calls have bounded size") {
    std::string long_path = "a";
    for (std::size_t i = 0; i < check_segments_max; ++i) long_path += ".b";
    CHECK(parse_error(long_path).message.find("at most 16 parts") != std::string::npos);
    CHECK(parse_error("f(1,2,3,4,5,6,7,8,9)").message.find("at most 8 arguments") != std::string::npos);
}

TEST_CASE("evaluation compares resolved values and explains the result") {
    FakeSubject subject;
    subject.values["phone.inbox.count"] = std::int64_t{2};
    subject.values["phone.connected"] = false;
    subject.values["laptop.folder('INBOX').count"] = std::int64_t{2};
    subject.values["server('alice@example.test').folder('INBOX').message(1).flags"] =
        std::vector<std::string>{"\\Seen", "\\Flagged"};
    subject.values["trace.has(smtp, reply = 530)"] = true;
    subject.values["laptop.name"] = std::string("Alice's laptop");

    auto run = [&](const std::string& text) { return evaluate(parse_ok(text), subject); };

    auto outcome = run("phone.inbox.count == 0");
    CHECK_FALSE(outcome.passed);
    CHECK_FALSE(outcome.error);
    CHECK(outcome.explanation == "phone.inbox.count is 2, expected == 0");

    outcome = run("phone.inbox.count == laptop.folder('INBOX').count");
    CHECK(outcome.passed);
    CHECK(outcome.explanation ==
          "phone.inbox.count is 2, expected == laptop.folder('INBOX').count (2)");

    CHECK(run("phone.inbox.count >= 2").passed);
    CHECK_FALSE(run("phone.inbox.count > 2").passed);
    CHECK(run("phone.inbox.count != 3").passed);
    CHECK(run("phone.inbox.count < 3").passed);
    CHECK(run("phone.inbox.count <= 2").passed);

    outcome = run("phone.connected");
    CHECK_FALSE(outcome.passed);
    CHECK(outcome.explanation == "phone.connected is false, expected true");
    CHECK(run("not phone.connected").passed);

    outcome = run("server('alice@example.test').folder('INBOX').message(1).flags contains '\\Seen'");
    CHECK(outcome.passed);
    outcome = run("server('alice@example.test').folder('INBOX').message(1).flags contains '\\Deleted'");
    CHECK_FALSE(outcome.passed);
    CHECK(outcome.explanation.find("expected to contain '\\Deleted'") != std::string::npos);

    CHECK(run("laptop.name contains 'laptop'").passed);
    CHECK(run("trace.has(smtp, reply = 530)").passed);
    CHECK(run("phone.connected or trace.has(smtp, reply = 530)").passed);
    outcome = run("trace.has(smtp, reply = 530) and phone.inbox.count == 0");
    CHECK_FALSE(outcome.passed);
    CHECK(outcome.explanation == "phone.inbox.count is 2, expected == 0");
    outcome = run("phone.connected or phone.inbox.count == 0");
    CHECK_FALSE(outcome.passed);
    CHECK(outcome.explanation ==
          "phone.connected is false, expected true; and phone.inbox.count is 2, expected == 0");
    CHECK(run("true").passed);
    CHECK_FALSE(run("false").passed);
}

TEST_CASE("unknown paths and type mismatches are errors, not crashes") {
    FakeSubject subject;
    subject.values["phone.inbox.count"] = std::int64_t{2};
    subject.values["phone.connected"] = true;
    auto run = [&](const std::string& text) { return evaluate(parse_ok(text), subject); };

    auto outcome = run("phone.inbx.count == 0");
    CHECK(outcome.error);
    CHECK_FALSE(outcome.passed);
    CHECK(outcome.explanation == "cannot evaluate phone.inbx.count: no such thing as phone.inbx.count");

    outcome = run("phone.inbox.count == 'two'");
    CHECK(outcome.error);
    CHECK(outcome.explanation.find("cannot compare a number with a text") != std::string::npos);

    outcome = run("phone.inbox.count");
    CHECK(outcome.error);
    CHECK(outcome.explanation.find("not a yes/no value") != std::string::npos);

    CHECK(run("phone.connected < true").error);
    CHECK(run("phone.inbox.count contains 'x'").error);
    // An error inside 'or' is reported rather than hidden by a later passing branch.
    CHECK(run("nothing.here or phone.connected").error);
}

TEST_CASE("evaluation short-circuits 'and' and 'or'") {
    FakeSubject subject;
    subject.values["a"] = true;
    subject.values["b"] = false;
    CHECK(evaluate(parse_ok("a or missing"), subject).passed);
    CHECK(subject.calls == 1);
    CHECK_FALSE(evaluate(parse_ok("b and missing"), subject).passed);
    CHECK(subject.calls == 2);
}
