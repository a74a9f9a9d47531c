// What the Lesson panel draws, as pure functions (DESIGN.md §4): narration in "Markdown-lite"
// (paragraphs, - bullets, **bold**, `code`) wrapped to a width with a caller-supplied text
// measure, the panel's content for one step (title, step k/N, checks, question, exercise), and
// what clicking a check does (show the message that decided it).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postlab::lesson {
struct LessonSpec;
}
namespace postlab::sim {
struct CheckResult;
}

namespace postlab::ui {

enum class SpanStyle { plain, bold, code };

struct TextRun {
    std::string text;
    SpanStyle style = SpanStyle::plain;
    float x = 0;  // offset from the line's start
};

struct WrappedLine {
    std::vector<TextRun> runs;
    bool paragraph_start = false;  // the painter adds a little space above
    float indent = 0;              // bullets: continuation lines align after "- "
};

using MeasureText = std::function<float(std::string_view text, SpanStyle style)>;

// Blank lines separate paragraphs; single newlines join (TOML strings are wrapped by hand); a line
// starting with "- " or "* " starts a bullet. An unmatched ** or ` stays literal text.
std::vector<WrappedLine> wrap_markdown(std::string_view text, float width, const MeasureText& measure);

enum class CheckState { pending, passed, failed };

struct CheckLine {
    std::string expression;
    CheckState state = CheckState::pending;
    std::string explanation;
    // The trace index of the message that decided the check (sim::CheckResult::trace_entry):
    // clicking the check selects it in the sequence, inspector and topology.
    std::optional<std::size_t> trace_entry{};
};

// The panel's rows for a step's check results (sim::LessonRun::outcomes()[k].checks).
std::vector<CheckLine> check_lines(const std::vector<sim::CheckResult>& results);

// What clicking a check does when the world's trace holds `trace_size` entries: nothing (no
// message decided it), show its message, or nothing yet because the message lies after the
// current position (the trainer stepped back).
enum class CheckLink { none, show, ahead };
CheckLink check_link(const CheckLine& line, std::size_t trace_size);
// The hover text that says so ("" for CheckLink::none).
std::string check_link_hint(const CheckLine& line, std::size_t trace_size);

struct QuestionView {
    std::string ask;
    std::vector<std::string> choices;
    std::string answer;
    std::string explain;
};

struct LessonPanel {
    std::string title;
    std::size_t step = 0;        // 1-based step shown (0: the lesson has no steps)
    std::size_t step_count = 0;
    std::string step_label;      // "Step 2/4: The laptop checks mail"
    std::string narration;
    bool step_ran = false;       // false: the step's checks are still pending
    std::string step_error;      // the runner's error for the step (until budget, ...)
    std::vector<CheckLine> checks;
    std::optional<QuestionView> question;       // the shown step's own question
    // Predict-then-reveal: the question of the step that runs next, asked before it runs.
    std::optional<QuestionView> next_question;
    std::string exercise_hint;
    float progress = 0;          // steps done / steps
};

// The panel for `shown_step` (1-based). `results` are the runner's check results for that step
// when it ran (null: not run yet, checks shown as pending).
LessonPanel make_lesson_panel(const lesson::LessonSpec& spec, std::size_t steps_done,
                              std::size_t shown_step, const std::vector<CheckLine>* results,
                              std::string step_error);

}  // namespace postlab::ui
