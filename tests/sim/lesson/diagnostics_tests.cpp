// Diagnostics of the lesson loader: one test per class of mistake, each at the exact line:col
// of the mistake (found independently by searching the lesson text), with the hint; warnings do
// not fail a load; nothing a file contains can make the loader throw.
#include <catch2/catch.hpp>

#include <string>

#include "sim/lesson/loader.hpp"

using namespace postlab::lesson;

namespace {

const std::string k_base = R"toml([lesson]
id = "base"
title = "Base"
minutes = 5
summary = "s"

[[domain]]
name = "example.test"
services = ["smtp", "submission", "submissions", "pop3", "pop3s"]
users = ["alice"]

[[device]]
id = "laptop"
kind = "desktop"
owner = "alice@example.test"
incoming = { protocol = "pop3", host = "mail.example.test", port = 995, security = "ssl-tls", leave_on_server = false }
outgoing = { host = "mail.example.test", port = 587, security = "starttls", auth = true }

[[step]]
say = "Go."
ask = "How many?"
choices = ["one", "two"]
answer = "two"
do = [{ device = "laptop", check_mail = true }]
highlight = ["mailbox:laptop"]
check = ["laptop.inbox.count == 0"]
)toml";

std::string edit(const std::string& from, const std::string& to) {
    const auto at = k_base.find(from);
    REQUIRE(at != std::string::npos);
    std::string text = k_base;
    text.replace(at, from.size(), to);
    return text;
}

// Line and column (1-based, ASCII) of the `nth` occurrence of `needle` plus `shift` characters.
SourcePos pos_of(const std::string& text, const std::string& needle, std::size_t shift = 0,
                 int nth = 0) {
    auto at = text.find(needle);
    for (int i = 0; i < nth && at != std::string::npos; ++i) at = text.find(needle, at + 1);
    REQUIRE(at != std::string::npos);
    at += shift;
    SourcePos p{1, 1};
    for (std::size_t i = 0; i < at; ++i) {
        if (text[i] == '\n') {
            ++p.line;
            p.column = 1;
        } else {
            ++p.column;
        }
    }
    return p;
}

Diagnostic only_error(const LoadResult& result) {
    for (const auto& d : result.diagnostics) UNSCOPED_INFO(format(d));
    REQUIRE_FALSE(result.ok());
    REQUIRE(result.error_count() == 1);
    for (const auto& d : result.diagnostics) {
        if (d.severity == Severity::error) return d;
    }
    FAIL("no error");
    return {};
}

}  // namespace

TEST_CASE("the base lesson of these tests loads cleanly") {
    const auto result = load_lesson(k_base, "base.toml");
    for (const auto& d : result.diagnostics) UNSCOPED_INFO(format(d));
    CHECK(result.ok());
    CHECK(result.diagnostics.empty());
}

TEST_CASE("an unknown key suggests the closest known one") {
    const auto text = edit("leave_on_server = false", "leave_on_sever = false");
    const auto& d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "leave_on_sever"));
    CHECK(d.message == "unknown key \"leave_on_sever\" in incoming");
    CHECK(d.hint == "did you mean leave_on_server?");
    CHECK(format(d) == "l.toml:16:95: error: unknown key \"leave_on_sever\" in incoming\n"
                       "  hint: did you mean leave_on_server?");
}

TEST_CASE("an unknown key far from every known one lists the keys") {
    const auto text = edit("minutes = 5", "minutes = 5\ncolour = \"red\"");
    const auto& d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "colour"));
    CHECK(d.hint.find("the keys of [lesson] are id, title") == 0);
}

TEST_CASE("a value of the wrong type names the expected type") {
    const auto text = edit("port = 995", "port = \"995\"");
    const auto& d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "\"995\""));
    CHECK(d.message == "\"port\" in [[device]] laptop incoming must be an integer, not a string");
}

TEST_CASE("a table written with one bracket where an array of tables is expected") {
    const auto text = edit("[[step]]", "[step]");
    const auto& d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "[step]"));
    CHECK(d.message == "\"step\" in the lesson file must be an array, not a table");
    CHECK(d.hint == "write [[step]] with two brackets, once per step");
}

TEST_CASE("a missing required key is reported at its table") {
    const auto text = edit("kind = \"desktop\"\n", "");
    const auto& d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "[[device]]"));
    CHECK(d.message == "[[device]] laptop is missing the required key \"kind\"");
}

TEST_CASE("a device in an undefined domain is an error with a suggestion") {
    const auto text = edit("owner = \"alice@example.test\"", "owner = \"alice@example.tset\"");
    const auto& d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "\"alice@example.tset\""));
    CHECK(d.message == "owner \"alice@example.tset\" is not in any [[domain]]");
    CHECK(d.hint == "did you mean example.test?");
}

TEST_CASE("a webmail device cannot be a POP3 client") {
    const auto text = edit("kind = \"desktop\"", "kind = \"webmail\"");
    const auto& d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "\"pop3\", host"));
    CHECK(d.message == "a webmail device reads the mailbox on the server, not by POP3");
    CHECK(d.hint.starts_with("use protocol = \"imap\""));
}

TEST_CASE("an owner without an account, and a host that does not exist") {
    auto text = edit("users = [\"alice\"]", "users = [\"bob\"]");
    auto d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "\"alice@example.test\""));
    CHECK(d.hint == "add \"alice\" to users of [[domain]] example.test");

    text = edit("host = \"mail.example.test\", port = 587", "host = \"mail.exmple.test\", port = 587");
    d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "\"mail.exmple.test\""));
    CHECK(d.message == "no server host \"mail.exmple.test\"");
    CHECK(d.hint == "did you mean mail.example.test?");
}

TEST_CASE("a port that does not match the security is a warning that does not fail the load") {
    const auto text = edit("port = 995, security = \"ssl-tls\"", "port = 995, security = \"none\"");
    const auto result = load_lesson(text, "l.toml");
    REQUIRE(result.ok());
    REQUIRE(result.diagnostics.size() == 1);
    const auto& d = result.diagnostics[0];
    CHECK(d.severity == Severity::warning);
    CHECK(d.pos == pos_of(text, "995"));
    CHECK(d.message ==
          "port 995 is POP3 over implicit TLS; with security none the client will fail the handshake");
    CHECK(format(d).find("l.toml:16:68: warning: port 995") == 0);
}

TEST_CASE("other port warnings: plain port with ssl-tls, wrong protocol, 465, missing service") {
    struct Case {
        const char* from;
        const char* to;
        const char* needle;
        const char* message_start;
    };
    const Case cases[] = {
        {"port = 995, security = \"ssl-tls\"", "port = 110, security = \"ssl-tls\"", "110",
         "port 110 is plain POP3"},
        {"port = 995, security = \"ssl-tls\"", "port = 993, security = \"ssl-tls\"", "993",
         "port 993 is IMAP, but this device speaks POP3"},
        {"port = 587, security = \"starttls\"", "port = 465, security = \"starttls\"", "465",
         "port 465 is SMTP submission over implicit TLS; with security starttls"},
        {"port = 587, security = \"starttls\"", "port = 587, security = \"ssl-tls\"", "587",
         "port 587 starts in plain text"},
        {"\"pop3\", \"pop3s\"]", "\"pop3\"]", "995", "mail.example.test does not offer pop3s"},
        {"port = 587, security", "port = 2525, security", "2525", "port 2525 is not an SMTP port"},
    };
    for (const auto& c : cases) {
        const auto text = edit(c.from, c.to);
        const auto result = load_lesson(text, "l.toml");
        INFO(c.to);
        for (const auto& d : result.diagnostics) UNSCOPED_INFO(format(d));
        REQUIRE(result.ok());
        REQUIRE(result.diagnostics.size() == 1);
        CHECK(result.diagnostics[0].severity == Severity::warning);
        CHECK(result.diagnostics[0].pos == pos_of(text, c.needle));
        CHECK(result.diagnostics[0].message.rfind(c.message_start, 0) == 0);
    }
}

TEST_CASE("a step's device must exist") {
    const auto text = edit("device = \"laptop\", check_mail", "device = \"laptpo\", check_mail");
    const auto& d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "\"laptpo\""));
    CHECK(d.message == "no device \"laptpo\"");
    CHECK(d.hint == "did you mean laptop?");
}

TEST_CASE("a check that does not parse points at the column inside the string") {
    auto text = edit("\"laptop.inbox.count == 0\"", "\"laptop.inbox.count = 0\"");
    auto d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "= 0\"]"));
    CHECK(d.message == "in a check: '=' is not a comparison");
    CHECK(d.hint == "use == to compare");

    // Escapes in a basic string take more columns in the file than bytes in the check.
    text = edit("\"laptop.inbox.count == 0\"", "\"laptop.name == '\\\\Seen' and laptop.x = 1\"");
    d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "= 1\""));

    text = edit("\"laptop.inbox.count == 0\"", "'laptop.inbox.count == (0'");
    d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "']"));  // the end of the check: ')' expected there
    CHECK(d.message == "in a check: expected ')' but found the end");
}

TEST_CASE("a check naming something that does not exist is an error at that name") {
    auto text = edit("\"laptop.inbox.count == 0\"", "\"laptpo.inbox.count == 0\"");
    auto d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "laptpo"));
    CHECK(d.message == "unknown name \"laptpo\" in a check");
    CHECK(d.hint == "did you mean laptop?");

    text = edit("\"laptop.inbox.count == 0\"", "\"server('bob@example.test').folder('INBOX').count == 0\"");
    d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "'bob@"));

    text = edit("\"laptop.inbox.count == 0\"", "\"trace.has(pop3, comand = 'DELE')\"");
    d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "comand"));
    CHECK(d.hint == "did you mean command?");

    text = edit("\"laptop.inbox.count == 0\"", "\"trace.has(pop4)\"");
    d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "pop4"));
}

TEST_CASE("duplicate ids point at the second one and the line of the first") {
    auto text = k_base + "\n[[device]]\nid = \"laptop\"\nkind = \"phone\"\nowner = \"alice@example.test\"\n";
    auto d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "\"laptop\"", 0, 2));
    CHECK(d.message == "duplicate device id \"laptop\"");
    CHECK(d.hint == "first defined at line 13");

    text = edit("users = [\"alice\"]", "users = [\"alice\", \"alice@example.test\"]");
    d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "\"alice@example.test\"]"));
    CHECK(d.message == "duplicate user \"alice@example.test\"");

    text = edit("[[device]]", "[[domain]]\nname = \"example.test\"\nservices = []\n\n[[device]]");
    d = only_error(load_lesson(text, "l.toml"));
    CHECK(d.pos == pos_of(text, "\"example.test\"", 0, 1));
    CHECK(d.message == "duplicate domain \"example.test\"");
}

TEST_CASE("unknown choices, answers, actions, settings and highlights") {
    struct Case {
        const char* from;
        const char* to;
        const char* needle;
        const char* message;
        const char* hint;
    };
    const Case cases[] = {
        {"security = \"ssl-tls\"", "security = \"tls\"", "\"tls\"", "unknown security \"tls\"",
         "choose one of none, starttls, ssl-tls"},
        {"answer = \"two\"", "answer = \"tow\"", "\"tow\"", "answer \"tow\" is not one of the choices",
         "did you mean two?"},
        {"check_mail = true", "chek_mail = true", "chek_mail", "unknown action \"chek_mail\"",
         "did you mean check_mail?"},
        {"{ device = \"laptop\", check_mail = true }", "{ check_mail = true }", "check_mail",
         "the action \"check_mail\" needs a device", "write { device = \"laptop\", check_mail = ... }"},
        {"{ device = \"laptop\", check_mail = true }", "{ device = \"laptop\", link_down = \"laptop-isp\" }",
         "device", "\"link_down\" is a fault of the world; it takes no device",
         "remove device = ...; the fault names its target itself"},
        {"check_mail = true", "check_mail = true, crash = true", "crash",
         "one action per entry, but \"check_mail\" and \"crash\" are both here",
         "split them into two entries; they run in order"},
        {"\"mailbox:laptop\"", "\"mailbox:laptpo\"", "\"mailbox:laptpo\"",
         "highlight \"mailbox:laptpo\" names nothing in this lesson",
         "use a device id, an account address or a server host"},
        {"check = [", "exercise = { device = \"laptop\", setting = \"incoming.leave_on_sever\", goal = \"laptop.inbox.count == 1\" }\ncheck = [",
         "\"incoming.leave_on_sever\"", "unknown setting \"incoming.leave_on_sever\"",
         "did you mean incoming.leave_on_server?"},
        {"check_mail = true", "change_setting = { setting = \"incoming.security\", value = \"tsl\" }",
         "\"tsl\"", "\"tsl\" is not a value of incoming.security", ""},
        {"{ device = \"laptop\", check_mail = true }", "{ link_down = \"laptop-ips\" }", "\"laptop-ips\"", "no link \"laptop-ips\"",
         "did you mean laptop-isp?"},
        {"check_mail = true", "wait = { minutes = 5 }", "wait",
         "\"wait\" is a fault of the world; it takes no device", ""},
    };
    for (const auto& c : cases) {
        const auto text = edit(c.from, c.to);
        INFO(c.to);
        const auto& d = only_error(load_lesson(text, "l.toml"));
        const bool fault_with_device = std::string(c.message).find("fault of the world") != std::string::npos;
        // A fault given a device is reported at the device's value.
        CHECK(d.pos == (fault_with_device ? pos_of(text, "device = \"laptop\"", 9) : pos_of(text, c.needle)));
        CHECK(d.message == c.message);
        if (std::string(c.hint).size()) CHECK(d.hint == c.hint);
    }
}

TEST_CASE("toml syntax errors are mapped to file:line:col diagnostics") {
    const auto text = edit("minutes = 5", "minutes = = 5");
    const auto result = load_lesson(text, "syntax.toml");
    REQUIRE_FALSE(result.ok());
    REQUIRE(result.diagnostics.size() == 1);
    const auto& d = result.diagnostics[0];
    CHECK(d.pos.line == 4);
    CHECK(d.pos.column == 11);
    CHECK(format(d).rfind("syntax.toml:4:11: error: ", 0) == 0);

    const auto redefined = load_lesson(edit("title = \"Base\"", "title = \"Base\"\ntitle = \"Again\""), "r.toml");
    REQUIRE(redefined.diagnostics.size() == 1);
    CHECK(redefined.diagnostics[0].pos.line == 4);
    CHECK(redefined.diagnostics[0].message.find("title") != std::string::npos);
}

TEST_CASE("diagnostics come sorted by position and a bad lesson reports them all") {
    auto text = edit("kind = \"desktop\"", "kind = \"laptop\"");
    text = text.substr(0, text.find("check = [")) + "check = [\"laptop.inbox.count == \"]\n";
    const auto result = load_lesson(text, "l.toml");
    REQUIRE(result.error_count() == 2);
    CHECK(result.diagnostics[0].pos.line < result.diagnostics[1].pos.line);
}

TEST_CASE("nothing in a file makes the loader throw") {
    // Every prefix of a valid lesson, and the lesson with each byte replaced by a troublemaker.
    for (std::size_t n = 0; n <= k_base.size(); n += 3) {
        CHECK_NOTHROW(load_lesson(k_base.substr(0, n), "prefix.toml"));
    }
    const char bad[] = {'\0', '"', '[', '\xff', '=', '\n', '\\'};
    for (std::size_t i = 0; i < k_base.size(); i += 7) {
        for (char c : bad) {
            std::string text = k_base;
            text[i] = c;
            CHECK_NOTHROW(load_lesson(text, "mutant.toml"));
        }
    }
    const auto huge = std::string(lesson_file_size_max + 1, '#');
    const auto result = load_lesson(huge, "huge.toml");
    CHECK_FALSE(result.ok());
    CHECK(result.diagnostics.at(0).message.find("the limit is") != std::string::npos);
}

TEST_CASE("a file that cannot be opened is a diagnostic") {
    const auto result = load_lesson_file("/nonexistent/lesson.toml");
    REQUIRE_FALSE(result.ok());
    CHECK(format(result.diagnostics.at(0)) == "/nonexistent/lesson.toml: error: cannot open the file");
}
