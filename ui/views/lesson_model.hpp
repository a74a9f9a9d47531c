// What the Lesson panel draws, as pure functions (DESIGN.md §4): narration in "Markdown-lite"
// (paragraphs, - bullets, **bold**, `code`) wrapped to a width with a caller-supplied text
// measure, and the panel's content for one step (title, step k/N, checks, question, exercise).
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
};

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
