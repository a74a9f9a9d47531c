// Tests of the Lesson panel's model (ui/views/lesson_model.hpp): Markdown-lite wrapping with a
// fixed-width measure (one unit per byte, bold as wide), the panel for a step, and the link from a
// trace check to its message on a real lesson run.
#include <catch2/catch.hpp>

#include <filesystem>

#include "sim/lesson/loader.hpp"
#include "sim/lesson_runner.hpp"
#include "sim/world.hpp"
#include "ui/lesson_session.hpp"
#include "ui/views/lesson_model.hpp"

using namespace postlab::ui;

namespace {

float mono(std::string_view text, SpanStyle) { return static_cast<float>(text.size()); }

std::string line_text(const WrappedLine& line) {
    std::string s;
    for (const TextRun& r : line.runs) s += r.text;
    return s;
}

}  // namespace

TEST_CASE("wrapping is greedy by words and never exceeds the width", "[ui][lesson]") {
    const auto lines = wrap_markdown("the quick brown fox jumps over the lazy dog", 15, mono);
    REQUIRE(lines.size() == 3);
    CHECK(line_text(lines[0]) == "the quick brown");
    CHECK(line_text(lines[1]) == "fox jumps over");
    CHECK(line_text(lines[2]) == "the lazy dog");
    for (const auto& l : lines) {
        const TextRun& last = l.runs.back();
        CHECK(last.x + static_cast<float>(last.text.size()) <= 15);
    }
}

TEST_CASE("single newlines join, blank lines make paragraphs, dashes make bullets", "[ui][lesson]") {
    const auto lines = wrap_markdown("one\ntwo\n\nthree\n- a bullet that wraps\n- b", 12, mono);
    REQUIRE(lines.size() == 5);
    CHECK(line_text(lines[0]) == "one two");
    CHECK(lines[0].paragraph_start);
    CHECK(line_text(lines[1]) == "three");
    CHECK(lines[1].paragraph_start);
    CHECK(line_text(lines[2]) == "- a bullet");
    CHECK(lines[2].paragraph_start);
    CHECK(line_text(lines[3]) == "that wraps");
    CHECK_FALSE(lines[3].paragraph_start);
    CHECK(lines[3].indent > 0);
    CHECK(lines[3].runs[0].x == lines[3].indent);
    CHECK(line_text(lines[4]) == "- b");
}

TEST_CASE("**bold** and `code` become styled runs at the right offsets", "[ui][lesson]") {
    const auto lines = wrap_markdown("POP3 **deletes** with `DELE 1`, then QUIT", 100, mono);
    REQUIRE(lines.size() == 1);
    const auto& runs = lines[0].runs;
    REQUIRE(runs.size() == 5);
    CHECK(runs[0].text == "POP3 ");
    CHECK(runs[0].style == SpanStyle::plain);
    CHECK(runs[1].text == "deletes ");
    CHECK(runs[1].style == SpanStyle::bold);
    CHECK(runs[1].x == 5);
    CHECK(runs[2].text == "with ");
    CHECK(runs[3].text == "DELE 1");
    CHECK(runs[3].style == SpanStyle::code);
    CHECK(runs[3].x == 18);  // "POP3 deletes with "
    CHECK(runs[4].text == ", then QUIT");
    CHECK(runs[4].x == 24);
}

TEST_CASE("unmatched markers stay literal; long words break between code points", "[ui][lesson]") {
    auto lines = wrap_markdown("2 ** 3 and a ` tick", 100, mono);
    REQUIRE(lines.size() == 1);
    CHECK(line_text(lines[0]) == "2 ** 3 and a ` tick");
    CHECK(lines[0].runs.size() == 1);
    lines = wrap_markdown("\u00e9\u00e9\u00e9\u00e9\u00e9", 4, mono);  // 10 bytes, 2 per letter
    REQUIRE(lines.size() == 3);
    CHECK(line_text(lines[0]) == "\u00e9\u00e9");
    CHECK(line_text(lines[2]) == "\u00e9");
    CHECK(wrap_markdown("", 10, mono).empty());
    CHECK(wrap_markdown("x", 0, mono).size() == 1);  // a zero width still terminates
}

TEST_CASE("the lesson panel for a step", "[ui][lesson]") {
    const auto loaded = postlab::lesson::load_lesson(R"(
[lesson]
id = "t"
title = "Two steps"
minutes = 1
summary = "s"
[[domain]]
name = "example.test"
services = ["pop3s"]
users = ["alice"]
[[device]]
id = "laptop"
kind = "desktop"
owner = "alice@example.test"
incoming = { protocol = "pop3", host = "mail.example.test", security = "ssl-tls" }
[[step]]
title = "First"
say = "Hello **there**."
ask = "How many?"
choices = ["1", "2"]
answer = "2"
explain = "Because."
check = ["laptop.inbox.count == 0"]
[[step]]
say = "Now you."
exercise = { device = "laptop", setting = "incoming.leave_on_server", goal = "laptop.inbox.count == 0" }
)", "t.toml");
    REQUIRE(loaded.ok());
    const auto& spec = *loaded.lesson;
    LessonPanel p = make_lesson_panel(spec, 0, 1, nullptr, "");
    CHECK(p.title == "Two steps");
    CHECK(p.step_label == "Step 1/2: First");
    CHECK_FALSE(p.step_ran);
    REQUIRE(p.checks.size() == 1);
    CHECK(p.checks[0].state == CheckState::pending);
    REQUIRE(p.question);
    CHECK(p.question->choices.size() == 2);
    CHECK(p.question->answer == "2");
    CHECK(p.progress == 0.0f);
    const std::vector<CheckLine> results{{"laptop.inbox.count == 0", CheckState::failed, "it is 2"}};
    p = make_lesson_panel(spec, 1, 1, &results, "");
    CHECK(p.step_ran);
    CHECK(p.checks[0].state == CheckState::failed);
    CHECK(p.progress == 0.5f);
    CHECK_FALSE(p.next_question);  // step 2 asks nothing
    CHECK(make_lesson_panel(spec, 0, 1, nullptr, "").next_question == std::nullopt);  // step 1 not run
    p = make_lesson_panel(spec, 2, 9, nullptr, "");
    CHECK(p.step == 2);
    CHECK(p.step_label == "Step 2/2");
    CHECK(p.exercise_hint.find("incoming.leave_on_server") != std::string::npos);
    CHECK_FALSE(p.question);
}

TEST_CASE("a trace check links to the message that decided it, until the world is stepped back before it", "[ui][lesson]") {
    LessonSession session;
    const auto lessons = std::filesystem::path(default_lesson_path()).parent_path();
    session.open((lessons / "pop3-leave-on-server.toml").string(), 5);
    REQUIRE(session.loaded());
    postlab::sim::LessonRun& run = *session.run();
    REQUIRE(run.steps_done() == 5);
    const postlab::sim::StepOutcome& step = run.outcomes()[4];
    const std::vector<CheckLine> lines = check_lines(step.checks);
    REQUIRE(lines.size() == step.checks.size());
    auto line = [&](const std::string& expression) {
        for (const CheckLine& l : lines) {
            if (l.expression == expression) return l;
        }
        FAIL("no check " << expression);
        return lines.front();
    };
    const auto& trace = run.control().world().trace();
    const CheckLine dele = line("trace.has(pop3, command = 'DELE')");
    CHECK(dele.state == CheckState::passed);
    CHECK(dele.explanation == "trace.has(pop3, command = 'DELE') is true");
    REQUIRE(dele.trace_entry);
    REQUIRE(*dele.trace_entry < trace.size());
    CHECK(trace[*dele.trace_entry].kind == postlab::sim::TraceKind::command);
    CHECK(trace[*dele.trace_entry].explain_key == "pop3.command.DELE");
    CHECK(*dele.trace_entry >= step.trace_begin);  // the laptop deleted in this step
    CHECK(check_link(dele, trace.size()) == CheckLink::show);
    CHECK(check_link_hint(dele, trace.size()) == "Show this message in the sequence and inspector");
    CHECK(line("trace.count(pop3, command = 'DELE') == 2").trace_entry == dele.trace_entry);
    const CheckLine quit = line("trace.has(pop3, command = 'QUIT')");
    REQUIRE(quit.trace_entry);
    CHECK(trace[*quit.trace_entry].explain_key == "pop3.command.QUIT");
    // Steps 2 and 3 sent QUITs too: the check points at this step's own.
    CHECK(*quit.trace_entry >= step.trace_begin);
    std::size_t earlier_quits = 0;
    for (std::size_t i = 0; i < step.trace_begin; ++i) earlier_quits += trace[i].explain_key == "pop3.command.QUIT";
    CHECK(earlier_quits > 0);
    // Mailbox checks name no message: nothing to click.
    const CheckLine mailbox = line("server('alice@example.test').folder('INBOX').count == 0");
    CHECK_FALSE(mailbox.trace_entry);
    CHECK(check_link(mailbox, trace.size()) == CheckLink::none);
    CHECK(check_link_hint(mailbox, trace.size()).empty());

    // The trainer steps back to the start of step 5: the DELE has not happened yet.
    run.control().seek(step.start_position);
    const std::size_t now = run.control().world().trace().size();
    REQUIRE(now <= *dele.trace_entry);
    CHECK(check_link(dele, now) == CheckLink::ahead);
    CHECK(check_link_hint(dele, now) == "Its message lies after the current position: step forward to show it");
    CHECK(check_link(quit, now) == CheckLink::ahead);
}
