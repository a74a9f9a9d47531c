// The lesson runner (sim/lesson_runner.hpp) on the starter lessons and on small inline lessons:
// every starter check passes, a failing check explains itself, a step that cannot reach its
// `until` within the budget says so, positions let the GUI seek, going back and changing a
// setting replay exactly.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fmt/format.h>

#include "protocols/registry.hpp"
#include "sim/lesson/loader.hpp"
#include "sim/check_subject.hpp"
#include "sim/lesson_runner.hpp"
#include "sim/transcript.hpp"
#include "sim/world_builder.hpp"

using namespace postlab;
using namespace postlab::sim;

namespace {

lesson::LessonSpec load_file(const std::string& name) {
    auto result = lesson::load_lesson_file(std::string(POSTLAB_LESSONS_DIR) + "/" + name);
    for (const auto& d : result.diagnostics) UNSCOPED_INFO(lesson::format(d));
    REQUIRE(result.ok());
    return *result.lesson;
}

lesson::LessonSpec load_text(const std::string& text) {
    auto result = lesson::load_lesson(text, "inline.toml");
    for (const auto& d : result.diagnostics) UNSCOPED_INFO(lesson::format(d));
    REQUIRE(result.ok());
    return *result.lesson;
}

LessonRun make_run(lesson::LessonSpec spec, RunLimits limits = {}) {
    auto created = LessonRun::create(std::move(spec), std::nullopt, limits);
    if (auto* error = std::get_if<std::string>(&created)) FAIL(*error);
    return std::get<LessonRun>(std::move(created));
}

// A two-domain world with a sender and a POP3 reader; `steps` appended.
std::string small_lesson(const std::string& steps) {
    return R"([lesson]
id = "runner-test"
title = "Runner test"
minutes = 1
summary = "A lesson for the runner's tests."
seed = 3

[[domain]]
name = "example.test"
services = ["smtp", "submission", "pop3s"]
users = ["alice"]

[[domain]]
name = "remote.test"
services = ["smtp", "submission"]
users = ["bob"]

[[device]]
id = "laptop"
kind = "desktop"
owner = "alice@example.test"
incoming = { protocol = "pop3", host = "mail.example.test", security = "ssl-tls" }

[[device]]
id = "bob"
kind = "desktop"
owner = "bob@remote.test"
outgoing = { host = "mail.remote.test", security = "starttls" }
)" + steps;
}

const std::string send_step = R"(
[[step]]
say = "Bob sends."
do = [{ device = "bob", send = { to = "alice@example.test", subject = "Hi" } }]
)";

}  // namespace

TEST_CASE("every starter lesson passes all its checks") {
    for (const auto& entry : std::filesystem::directory_iterator(POSTLAB_LESSONS_DIR)) {
        if (entry.path().extension() != ".toml") continue;
        const std::string name = entry.path().filename().string();
        INFO(name);
        LessonRun run = make_run(load_file(name));
        while (run.run_next_step()) {
        }
        REQUIRE(run.steps_done() == run.step_count());
        for (const auto& o : run.outcomes()) {
            INFO("step " << o.step);
            CHECK(o.error == "");
            CHECK(o.until_reached);
            for (const auto& c : o.checks) {
                INFO(c.expression << ": " << c.explanation);
                CHECK(c.passed);
            }
        }
        CHECK(run.all_passed());
    }
}

TEST_CASE("a failing check fails with an explanation of what the world holds") {
    LessonRun run = make_run(load_text(small_lesson(send_step + R"L(check = ["server('alice@example.test').folder('INBOX').count == 5", "server('alice@example.test').inbox.count == 1"]
)L")));
    REQUIRE(run.run_next_step());
    REQUIRE_FALSE(run.run_next_step());
    const auto& checks = run.outcomes().at(0).checks;
    REQUIRE(checks.size() == 2);
    CHECK_FALSE(checks[0].passed);
    CHECK(checks[0].explanation == "server('alice@example.test').folder('INBOX').count is 1, expected == 5");
    CHECK(checks[1].passed);
    CHECK_FALSE(run.all_passed());
    const std::string text = format_run(run, {});
    CHECK(text.find("FAIL  server('alice@example.test').folder('INBOX').count == 5") != std::string::npos);
    CHECK(text.find("runner-test: 1/2 checks passed (FAILED)") != std::string::npos);
}

TEST_CASE("an unknown path is a failed check that names what is missing") {
    LessonRun run = make_run(load_text(small_lesson(send_step)));
    run.run_next_step();
    const WorldCheckSubject subject(run.control().world());
    auto judge = [&](const char* text) {
        const auto parsed = lesson::parse_check(text);
        REQUIRE(parsed.expr);
        return lesson::evaluate(*parsed.expr, subject);
    };
    const auto account = judge("server('carol@example.test').inbox.count == 0");
    CHECK_FALSE(account.passed);
    CHECK(account.explanation.find("no account 'carol@example.test'") != std::string::npos);
    const auto filter = judge("trace.has(smtp, device = 'phone')");
    CHECK_FALSE(filter.passed);
    CHECK(filter.explanation.find("no host or device 'phone'") != std::string::npos);
    const auto key = judge("trace.has(smtp, verb = 'EHLO')");
    CHECK(key.explanation.find("unknown trace filter 'verb'") != std::string::npos);
    const auto device = judge("tv.inbox.count == 0");
    CHECK(device.explanation.find("no device 'tv'") != std::string::npos);
    const auto message = judge("laptop.inbox.message(3).flags contains 'x'");
    CHECK(message.explanation.find("no message 3") != std::string::npos);
}

TEST_CASE("a step whose until is not reached within the budget reports it clearly") {
    RunLimits limits;
    limits.step_events_max = 20;
    LessonRun run = make_run(load_text(small_lesson(send_step + "until = \"idle\"\n")), limits);
    run.run_next_step();
    const auto& o = run.outcomes().at(0);
    CHECK_FALSE(o.until_reached);
    CHECK(o.error.find("until \"idle\" not reached") != std::string::npos);
    CHECK(o.error.find("20 events") != std::string::npos);
    CHECK(o.end_position - o.start_position == 20);
    CHECK_FALSE(run.all_passed());

    LessonRun cond = make_run(load_text(small_lesson(send_step + "until = \"server('alice@example.test').inbox.count == 3\"\n")));
    cond.run_next_step();
    CHECK_FALSE(cond.outcomes().at(0).until_reached);
    CHECK(cond.outcomes().at(0).error.find("condition is false") != std::string::npos);
}

TEST_CASE("trace checks: commands, replies, ports and devices") {
    LessonRun run = make_run(load_text(small_lesson(send_step + R"L(check = ["trace.has(smtp, command = 'EHLO', device = 'bob')",
         "trace.has(smtp, reply = 235)",
         "trace.count(smtp, command = 'STARTTLS', device = 'bob') == 1",
         "trace.count(smtp, command = 'STARTTLS', to_port = 25) == 1",
         "trace.has(smtp, to_port = 25, command = 'DATA')",
         "not trace.has(pop3)",
         "trace.count(tcp, device = 'laptop') == 0",
         "trace.has(dns, text = 'MX example.test')"]

[[step]]
do = [{ device = "laptop", check_mail = true }]
check = ["laptop.inbox.count == 1", "laptop.folder('INBOX').message(1).subject == 'Hi'",
         "server('alice@example.test').inbox.count == 0", "trace.has(pop3, command = 'DELE')",
         "trace.has(pop3, reply = '+OK', device = 'laptop')", "trace.has(tls, device = 'laptop')",
         "laptop.connected == false", "laptop.online", "laptop.last_error == ''"]
)L")));
    while (run.run_next_step()) {
    }
    for (const auto& o : run.outcomes()) {
        CHECK(o.error == "");
        for (const auto& c : o.checks) {
            INFO(c.expression << ": " << c.explanation);
            CHECK(c.passed);
        }
    }
}

namespace {

// The check's result by its expression (checks of a step are unique in these lessons).
const CheckResult& result_of(const StepOutcome& o, const std::string& expression) {
    for (const auto& c : o.checks) {
        if (c.expression == expression) return c;
    }
    FAIL("no check " << expression << " in step " << o.step);
    return o.checks.front();
}

bool is_command(const TraceEntry& e, ProtocolId protocol, const std::string& verb) {
    return e.kind == TraceKind::command && e.protocol == protocol &&
           e.explain_key == fmt::format("{}.command.{}", name_of(protocol), verb);
}

// The first entry of the trace that is this protocol command, to or from `host` when given.
std::optional<std::size_t> first_command(const World& world, ProtocolId protocol, const std::string& verb,
                                         std::optional<HostId> host = {}) {
    for (std::size_t i = 0; i < world.trace().size(); ++i) {
        const auto& e = world.trace()[i];
        if (is_command(e, protocol, verb) && (!host || e.from == *host || e.to == *host)) return i;
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("a trace check points at the entry that decided it and a mailbox check at none") {
    LessonRun run = make_run(load_text(small_lesson(send_step + R"L(check = ["trace.has(smtp, command = 'EHLO', device = 'bob')",
         "not trace.has(smtp, command = 'STARTTLS')",
         "trace.count(smtp, command = 'STARTTLS') == 2",
         "trace.count(smtp, command = 'STARTTLS', to_port = 25) == 1",
         "trace.has(smtp, reply = 235)",
         "not trace.has(pop3)",
         "trace.has(imap)",
         "trace.count(pop3, command = 'DELE') == 0",
         "server('alice@example.test').inbox.count == 1",
         "server('alice@example.test').inbox.count == 1 and trace.has(smtp, command = 'DATA')",
         "trace.has(imap) or trace.has(smtp, command = 'QUIT')"]

[[step]]
do = [{ device = "laptop", check_mail = true }]
check = ["trace.has(pop3, command = 'DELE')", "laptop.inbox.count == 1", "laptop.online"]
)L")));
    run.run_to_step(1);
    const World& world = run.control().world();
    const StepOutcome& one = run.outcomes().at(0);
    auto entry = [&](const std::string& expression) { return result_of(one, expression).trace_entry; };
    const auto bob = find_device_host(world, "bob");
    REQUIRE(bob);

    // has, passing: the first EHLO to or from bob's laptop.
    const auto ehlo = entry("trace.has(smtp, command = 'EHLO', device = 'bob')");
    REQUIRE(ehlo);
    CHECK(is_command(world.trace()[*ehlo], ProtocolId::smtp, "EHLO"));
    CHECK(ehlo == first_command(world, ProtocolId::smtp, "EHLO", bob));
    // not has, failing: the offending message, the first STARTTLS; count: the same entry.
    CHECK_FALSE(result_of(one, "not trace.has(smtp, command = 'STARTTLS')").passed);
    const auto starttls = entry("not trace.has(smtp, command = 'STARTTLS')");
    REQUIRE(starttls);
    CHECK(is_command(world.trace()[*starttls], ProtocolId::smtp, "STARTTLS"));
    CHECK(starttls == first_command(world, ProtocolId::smtp, "STARTTLS"));
    CHECK(result_of(one, "trace.count(smtp, command = 'STARTTLS') == 2").passed);
    CHECK(entry("trace.count(smtp, command = 'STARTTLS') == 2") == starttls);
    // Filters narrow it: the relay's STARTTLS on port 25 comes after the submission's on 587.
    const auto relay = entry("trace.count(smtp, command = 'STARTTLS', to_port = 25) == 1");
    REQUIRE(relay);
    CHECK(*relay > *starttls);
    CHECK(is_command(world.trace()[*relay], ProtocolId::smtp, "STARTTLS"));
    CHECK(world.trace()[*relay].to_port == 25);
    // A reply filter: the 235 of RFC 4954 §6.
    const auto auth_ok = entry("trace.has(smtp, reply = 235)");
    REQUIRE(auth_ok);
    CHECK(world.trace()[*auth_ok].kind == TraceKind::reply);
    CHECK(world.trace()[*auth_ok].bytes.starts_with("235"));
    // Nothing matched: nothing to show, whether the check passed or failed.
    CHECK_FALSE(entry("not trace.has(pop3)"));
    CHECK_FALSE(result_of(one, "trace.has(imap)").passed);
    CHECK_FALSE(entry("trace.has(imap)"));
    CHECK_FALSE(entry("trace.count(pop3, command = 'DELE') == 0"));
    // A mailbox check has no message.
    CHECK(result_of(one, "server('alice@example.test').inbox.count == 1").passed);
    CHECK_FALSE(entry("server('alice@example.test').inbox.count == 1"));
    // and / or: the part that decided.
    const auto data = entry("server('alice@example.test').inbox.count == 1 and trace.has(smtp, command = 'DATA')");
    REQUIRE(data);
    CHECK(data == first_command(world, ProtocolId::smtp, "DATA"));
    const auto quit = entry("trace.has(imap) or trace.has(smtp, command = 'QUIT')");
    REQUIRE(quit);
    CHECK(quit == first_command(world, ProtocolId::smtp, "QUIT"));

    run.run_to_step(2);
    const StepOutcome& two = run.outcomes().at(1);
    const auto dele = result_of(two, "trace.has(pop3, command = 'DELE')").trace_entry;
    REQUIRE(dele);
    CHECK(is_command(run.control().world().trace()[*dele], ProtocolId::pop3, "DELE"));
    CHECK(*dele >= two.trace_begin);  // step 2 downloaded and deleted the message
    CHECK(*dele < two.trace_end);
    CHECK_FALSE(result_of(two, "laptop.inbox.count == 1").trace_entry);
    CHECK_FALSE(result_of(two, "laptop.online").trace_entry);
}

TEST_CASE("an exercise goal points at a message only when judged on the run itself") {
    const std::string exercise = R"L(
[[step]]
do = [{ device = "laptop", check_mail = true }]
exercise = { device = "laptop", setting = "incoming.leave_on_server", goal = "trace.has(pop3, command = 'RETR')" }
)L";
    LessonRun run = make_run(load_text(small_lesson(send_step + exercise)));
    run.run_to_step(2);
    const CheckResult& replayed = run.outcomes().at(1).checks.at(0);
    CHECK(replayed.passed);
    CHECK_FALSE(replayed.trace_entry);  // judged on a replay: its trace is not this run's
    REQUIRE(run.change_setting("laptop", "incoming.leave_on_server", "true") == "");
    const CheckResult& own = run.outcomes().at(1).checks.at(0);
    CHECK(own.explanation.find("with laptop incoming.leave_on_server = true") == 0);
    REQUIRE(own.trace_entry);
    CHECK(own.trace_entry == first_command(run.control().world(), ProtocolId::pop3, "RETR"));
}

TEST_CASE("in the starter lessons every trace check points at an entry of its protocol and command") {
    for (const auto& file : std::filesystem::directory_iterator(POSTLAB_LESSONS_DIR)) {
        if (file.path().extension() != ".toml") continue;
        INFO(file.path().filename().string());
        LessonRun run = make_run(load_file(file.path().filename().string()));
        while (run.run_next_step()) {
        }
        const auto& trace = run.control().world().trace();
        for (const auto& o : run.outcomes()) {
            for (const auto& c : o.checks) {
                INFO("step " << o.step << ": " << c.expression);
                const auto call = c.expression.find("trace.");
                // Each trace check of the starter lessons matches something, except a passing
                // `not trace.has(...)`, which matched nothing: no entry to show.
                const bool expect_entry = call != std::string::npos && !c.expression.starts_with("not ");
                CHECK(c.trace_entry.has_value() == expect_entry);
                if (!c.trace_entry) continue;
                REQUIRE(*c.trace_entry < o.trace_end);
                const TraceEntry& e = trace[*c.trace_entry];
                const auto open = c.expression.find('(', call);
                const auto comma = c.expression.find_first_of(",)", open);
                CHECK(e.protocol == protocol_from_name(c.expression.substr(open + 1, comma - open - 1)));
                const auto command = c.expression.find("command = '");
                if (command == std::string::npos) continue;
                const auto verb_at = command + 11;
                const std::string verb = c.expression.substr(verb_at, c.expression.find('\'', verb_at) - verb_at);
                // RFC 9051 §6.4.9: 'MOVE' also matches UID MOVE.
                CHECK((is_command(e, e.protocol, verb) || is_command(e, e.protocol, "UID_" + verb)));
            }
        }
    }
}

TEST_CASE("step positions let the GUI seek; going back and forth replays exactly") {
    LessonRun run = make_run(load_file("pop3-two-devices.toml"));
    run.run_to_step(3);
    REQUIRE(run.steps_done() == 3);
    const auto outcomes = run.outcomes();
    CHECK(outcomes[0].start_position == 0);
    for (std::size_t i = 1; i < outcomes.size(); ++i) CHECK(outcomes[i].start_position == outcomes[i - 1].end_position);
    const std::string text = format_run(run, {});
    const std::string trace = run.control().world().trace_text();

    // Seek the control to step 2's start: the world is as it was then.
    run.control().seek(outcomes[1].start_position);
    CHECK(run.control().position() == outcomes[1].start_position);
    // The step's actions are logged at its start position, so they are there after the seek.
    CHECK(run.control().world().trace().size() >= outcomes[1].trace_begin);
    CHECK(run.control().world().trace().size() < outcomes[1].trace_end);
    run.control().seek(outcomes[2].end_position);
    CHECK(run.control().world().trace_text() == trace);

    run.run_to_step(1);
    CHECK(run.steps_done() == 1);
    run.run_to_step(3);
    CHECK(format_run(run, {}) == text);
    CHECK(run.control().world().trace_text() == trace);
}

TEST_CASE("an exercise replays the lesson with the setting's other value and judges the goal") {
    LessonRun run = make_run(load_file("pop3-two-devices.toml"));
    run.run_to_step(4);
    const auto& o = run.outcomes().at(3);
    CHECK(o.exercise_value == "true");
    REQUIRE(o.checks.size() == 1);
    CHECK(o.checks[0].passed);
    CHECK(o.checks[0].explanation.find("before the change: phone.folder('INBOX').count is 0") != std::string::npos);
    // The exercise does not change the run itself.
    CHECK(device_setting(run.spec(), "laptop", "incoming.leave_on_server") == "false");
}

TEST_CASE("faults before step 1 act on the world and show in the transcript") {
    auto spec = load_text(small_lesson(send_step + "check = [\"server('alice@example.test').inbox.count == 0\"]\n"));
    lesson::Action down;
    down.verb = "link_down";
    down.body = lesson::LinkDownFault{{"bob-isp", {}}};
    spec.faults.push_back(down);
    LessonRun run = make_run(spec);
    run.run_next_step();
    CHECK(run.outcomes()[0].checks.at(0).passed);
    const std::string text = format_run(run, {});
    CHECK(text.find("== Before step 1 ==") != std::string::npos);
    CHECK(text.find("link bob - isp down") != std::string::npos);
}

TEST_CASE("change_setting rebuilds with the new setting and replays the steps done") {
    LessonRun run = make_run(load_file("pop3-two-devices.toml"));
    run.run_to_step(3);
    CHECK(run.outcomes()[2].checks.at(0).passed);  // phone.folder('INBOX').count == 0
    CHECK(run.change_setting("laptop", "incoming.leave_on_server", "maybe").find("true or false") != std::string::npos);
    CHECK(run.change_setting("tv", "incoming.leave_on_server", "true").find("no device 'tv'") != std::string::npos);
    CHECK(run.change_setting("laptop", "incoming.lave", "true").find("unknown setting") != std::string::npos);
    REQUIRE(run.change_setting("laptop", "incoming.leave_on_server", "true") == "");
    CHECK(run.steps_done() == 3);
    CHECK(device_setting(run.spec(), "laptop", "incoming.leave_on_server") == "true");
    // Now the phone gets the messages too, so step 3's check fails, and step 2's server count.
    CHECK_FALSE(run.outcomes()[2].checks.at(0).passed);
    CHECK(run.outcomes()[2].checks.at(0).explanation == "phone.folder('INBOX').count is 2, expected == 0");
    // The exercise step judges the trainee's own change.
    run.run_next_step();
    const auto& exercise = run.outcomes().back();
    REQUIRE(exercise.checks.size() == 1);
    CHECK(exercise.checks[0].passed);
    CHECK(exercise.checks[0].explanation.find("with laptop incoming.leave_on_server = true") == 0);
}

TEST_CASE("settings follow the lesson format; a defaulted port follows the security") {
    lesson::LessonSpec spec = load_text(small_lesson(send_step));
    CHECK(device_setting(spec, "laptop", "incoming.port") == "995");
    CHECK(set_device_setting(spec, "laptop", "incoming.security", "starttls") == "");
    CHECK(device_setting(spec, "laptop", "incoming.port") == "110");
    CHECK(set_device_setting(spec, "laptop", "incoming.protocol", "imap") == "");
    CHECK(device_setting(spec, "laptop", "incoming.port") == "143");
    CHECK(set_device_setting(spec, "laptop", "incoming.security", "tls").find("one of none, starttls, ssl-tls") != std::string::npos);
    CHECK(set_device_setting(spec, "laptop", "outgoing.port", "587").find("no outgoing") != std::string::npos);
    CHECK(set_device_setting(spec, "bob", "outgoing.port", "25x").find("whole number") != std::string::npos);
    CHECK(set_device_setting(spec, "bob", "outgoing.port", "465") == "");
    CHECK(set_device_setting(spec, "bob", "outgoing.security", "none") == "");
    CHECK(device_setting(spec, "bob", "outgoing.port") == "465");  // written explicitly: kept
}

TEST_CASE("a run is deterministic: same lesson and seed, same transcript; another seed differs") {
    auto transcript = [](std::optional<std::uint64_t> seed, TranscriptFormat format) {
        auto created = LessonRun::create(load_file("pop3-two-devices.toml"), seed);
        auto& run = std::get<LessonRun>(created);
        while (run.run_next_step()) {
        }
        TranscriptOptions options;
        options.format = format;
        return format_run(run, options);
    };
    const std::string a = transcript(std::nullopt, TranscriptFormat::text);
    CHECK(a == transcript(std::nullopt, TranscriptFormat::text));
    CHECK(a != transcript(8, TranscriptFormat::text));  // TCP sequence numbers come from the seed
    const std::string md = transcript(std::nullopt, TranscriptFormat::markdown);
    CHECK(md.find("## Step 2: The laptop checks mail") != std::string::npos);
    CHECK(md.find("✅ **PASS** `trace.has(pop3, command = 'DELE')`") != std::string::npos);
    CHECK(md.find("(RFC 1939 §5)") != std::string::npos);
}

TEST_CASE("a fault that names something missing stops the lesson from starting") {
    auto spec = load_text(small_lesson(send_step));
    lesson::Action down;
    down.verb = "link_down";
    down.body = lesson::LinkDownFault{{"tv-isp", {}}};
    spec.faults.push_back(down);
    auto created = LessonRun::create(spec);
    REQUIRE(std::holds_alternative<std::string>(created));
    CHECK(std::get<std::string>(created).find("no link 'tv-isp'") != std::string::npos);
}

TEST_CASE("over_quota in a step bounces the next message (552 5.2.2); wait moves the clock on") {
    LessonRun run = make_run(load_text(small_lesson(send_step + R"L(until = "idle"
check = ["server('alice@example.test').inbox.count == 1"]

[[step]]
say = "Alice's mailbox fills up; Bob sends again."
do = [{ over_quota = "alice@example.test" },
      { device = "bob", send = { to = "alice@example.test", subject = "Again" } }]
until = "idle"
check = ["server('alice@example.test').inbox.count == 1", "server('bob@remote.test').inbox.count == 1",
         "server('bob@remote.test').inbox.message(1).subject == 'Undelivered Mail Returned to Sender'"]

[[step]]
say = "Nothing is scheduled; five minutes pass all the same."
do = [{ wait = { minutes = 5 } }]
)L")));
    while (run.run_next_step()) {
    }
    REQUIRE(run.outcomes().size() == 3);
    for (const auto& o : run.outcomes()) {
        CHECK(o.error == "");
        for (const auto& c : o.checks) {
            INFO(c.expression << ": " << c.explanation);
            CHECK(c.passed);
        }
    }
    const StepOutcome waited = run.outcomes()[2];
    CHECK(waited.end_us - waited.start_us == 300'000'000);
    // Going back before the quota fault and forward again replays it.
    run.run_to_step(1);
    CHECK(run.control().world().trace().size() == run.outcomes()[0].trace_end);
    run.run_to_step(3);
    CHECK(run.outcomes()[1].checks.at(1).passed);
    CHECK(run.control().world().now_us() == waited.end_us);
}

TEST_CASE("a webmail device's protocol cannot be switched to POP3") {
    std::string text = small_lesson("");
    const auto at = text.find("kind = \"desktop\"");
    REQUIRE(at != std::string::npos);
    text.replace(at, 16, "kind = \"webmail\"");
    const auto in = text.find("protocol = \"pop3\", host = \"mail.example.test\", security = \"ssl-tls\"");
    REQUIRE(in != std::string::npos);
    text.replace(in, 17, "protocol = \"imap\"");
    lesson::LessonSpec spec = load_text(text + send_step);
    CHECK(set_device_setting(spec, "laptop", "incoming.protocol", "pop3") ==
          "a webmail device reads the mailbox on the server, not by POP3");
    CHECK(device_setting(spec, "laptop", "incoming.protocol") == "imap");
    CHECK(set_device_setting(spec, "laptop", "incoming.push", "true").empty());
}
