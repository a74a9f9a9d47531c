// Tests of the Lesson panel's model (ui/views/lesson_model.hpp): Markdown-lite wrapping with a
// fixed-width measure (one unit per byte, bold as wide) and the panel for a step.
#include <catch2/catch.hpp>

#include "sim/lesson/loader.hpp"
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
