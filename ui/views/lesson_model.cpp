// wrap_markdown(), make_lesson_panel() and the check links; see lesson_model.hpp. Wrapping is greedy per word;
// a word wider than the line is broken between UTF-8 code points, never inside one.
#include "ui/views/lesson_model.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "sim/lesson/lesson.hpp"
#include "sim/lesson_runner.hpp"

namespace postlab::ui {
namespace {

struct Token {
    std::string text;
    SpanStyle style = SpanStyle::plain;
    bool space_before = false;
};

struct Block {
    std::string text;
    bool bullet = false;
};

std::string_view trim_left(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

// Paragraphs and bullets; text inside keeps single spaces where newlines were.
std::vector<Block> split_blocks(std::string_view text) {
    std::vector<Block> blocks;
    bool open = false;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        line = trim_left(line);
        if (line.empty()) {
            open = false;
            continue;
        }
        const bool bullet = line.size() >= 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ';
        if (bullet || !open) {
            blocks.push_back({std::string(bullet ? line.substr(2) : line), bullet});
            open = true;
        } else {
            blocks.back().text += ' ';
            blocks.back().text += line;
        }
    }
    return blocks;
}

// A marker toggles a style only when a closing one follows; otherwise it is literal text.
std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    SpanStyle style = SpanStyle::plain;
    bool space = false;
    std::string word;
    auto flush = [&]() {
        if (!word.empty()) tokens.push_back({std::move(word), style, space});
        word.clear();
        space = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t') {
            flush();
            space = !tokens.empty();
            continue;
        }
        const bool bold_marker = style != SpanStyle::code && text.substr(i, 2) == "**";
        const bool code_marker = style != SpanStyle::bold && c == '`';
        if (bold_marker || code_marker) {
            const std::string_view marker = bold_marker ? "**" : "`";
            const bool closing = style != SpanStyle::plain;
            if (closing || text.find(marker, i + marker.size()) != std::string_view::npos) {
                const bool had_space = word.empty() && space;  // a pending space not owned by a word
                flush();
                space = had_space;
                style = closing ? SpanStyle::plain : (bold_marker ? SpanStyle::bold : SpanStyle::code);
                i += marker.size() - 1;
                continue;
            }
        }
        word += c;
    }
    flush();
    return tokens;
}

std::size_t utf8_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xe) return 3;
    if ((lead >> 3) == 0x1e) return 4;
    return 1;
}

// The longest prefix (whole code points, at least one) that fits in `room`.
std::size_t fitting_prefix(std::string_view word, float room, SpanStyle style, const MeasureText& measure) {
    std::size_t fit = 0;
    while (fit < word.size()) {
        const std::size_t next = std::min(word.size(), fit + utf8_length(static_cast<unsigned char>(word[fit])));
        if (fit > 0 && measure(word.substr(0, next), style) > room) break;
        fit = next;
    }
    return fit;
}

class LineBuilder {
public:
    LineBuilder(float width, const MeasureText& measure, std::vector<WrappedLine>& out)
        : m_width(width), m_measure(measure), m_out(out), m_space(measure(" ", SpanStyle::plain)) {}

    void start_block(bool bullet) {
        m_out.push_back({});
        m_out.back().paragraph_start = true;
        m_indent = 0;
        m_x = 0;
        if (bullet) {
            add_run("- ", SpanStyle::plain, 0);
            m_indent = m_measure("- ", SpanStyle::plain);
            m_x = m_indent;
        }
        m_out.back().indent = 0;
    }

    void add(const Token& token) {
        std::string_view rest = token.text;
        bool space = token.space_before;
        while (!rest.empty()) {
            const float gap = space && m_x > m_indent ? m_space : 0;
            const float w = m_measure(rest, token.style);
            if (m_x + gap + w <= m_width || (m_x <= m_indent && w <= m_width - m_indent)) {
                add_run(rest, token.style, gap);
                return;
            }
            if (m_x > m_indent) {  // start a new line and try again there
                new_line();
                continue;
            }
            const std::size_t n = fitting_prefix(rest, m_width - m_x, token.style, m_measure);
            add_run(rest.substr(0, n), token.style, 0);
            rest.remove_prefix(n);
            space = false;
            if (!rest.empty()) new_line();
        }
    }

private:
    void new_line() {
        m_out.push_back({});
        m_out.back().indent = m_indent;
        m_x = m_indent;
    }

    void add_run(std::string_view text, SpanStyle style, float gap) {
        auto& runs = m_out.back().runs;
        if (!runs.empty() && runs.back().style == style) {
            if (gap > 0) runs.back().text += ' ';
            runs.back().text += text;
        } else {
            if (gap > 0 && !runs.empty()) runs.back().text += ' ';  // the space ends the previous run
            runs.push_back({std::string(text), style, m_x + gap});
        }
        m_x += gap + m_measure(text, style);
    }

    float m_width;
    const MeasureText& m_measure;
    std::vector<WrappedLine>& m_out;
    float m_space;
    float m_indent = 0;
    float m_x = 0;
};

std::string step_narration(const lesson::Step& step) { return step.say.value; }

std::optional<QuestionView> question_of(const lesson::Step& step) {
    if (!step.question) return std::nullopt;
    QuestionView q{step.question->ask.value, {}, step.question->answer.value, step.question->explain.value};
    for (const auto& c : step.question->choices) q.choices.push_back(c.value);
    return q;
}

}  // namespace

std::vector<WrappedLine> wrap_markdown(std::string_view text, float width, const MeasureText& measure) {
    std::vector<WrappedLine> out;
    width = std::max(width, 1.0f);
    LineBuilder builder(width, measure, out);
    for (const Block& block : split_blocks(text)) {
        builder.start_block(block.bullet);
        for (const Token& token : tokenize(block.text)) builder.add(token);
    }
    return out;
}

LessonPanel make_lesson_panel(const lesson::LessonSpec& spec, std::size_t steps_done,
                              std::size_t shown_step, const std::vector<CheckLine>* results,
                              std::string step_error) {
    LessonPanel panel;
    panel.title = spec.title.value;
    panel.step_count = spec.steps.size();
    if (panel.step_count == 0) return panel;
    panel.step = std::clamp<std::size_t>(shown_step, 1, panel.step_count);
    panel.progress = static_cast<float>(std::min(steps_done, panel.step_count)) / static_cast<float>(panel.step_count);
    const lesson::Step& step = spec.steps[panel.step - 1];
    panel.step_label = fmt::format("Step {}/{}", panel.step, panel.step_count);
    if (!step.title.value.empty()) panel.step_label += ": " + step.title.value;
    panel.narration = step_narration(step);
    panel.step_ran = results != nullptr;
    panel.step_error = std::move(step_error);
    if (results != nullptr) {
        panel.checks = *results;
    } else {
        for (const lesson::Check& c : step.checks) panel.checks.push_back({c.text.value, CheckState::pending, ""});
    }
    panel.question = question_of(step);
    if (steps_done >= panel.step && panel.step < panel.step_count) {
        panel.next_question = question_of(spec.steps[panel.step]);
    }
    if (step.exercise) {
        const lesson::Exercise& e = *step.exercise;
        panel.exercise_hint = fmt::format(
            "Open {}'s account settings (the gear in its Mailboxes column), change `{}`, press "
            "Apply: the lesson replays from step 1. Goal: `{}`.",
            e.device.value, e.setting.value, e.goal.text.value);
    }
    return panel;
}

std::vector<CheckLine> check_lines(const std::vector<sim::CheckResult>& results) {
    std::vector<CheckLine> lines;
    lines.reserve(results.size());
    for (const sim::CheckResult& c : results) {
        lines.push_back({c.expression, c.passed ? CheckState::passed : CheckState::failed, c.explanation, c.trace_entry});
    }
    return lines;
}

CheckLink check_link(const CheckLine& line, std::size_t trace_size) {
    if (!line.trace_entry) return CheckLink::none;
    return *line.trace_entry < trace_size ? CheckLink::show : CheckLink::ahead;
}

std::string check_link_hint(const CheckLine& line, std::size_t trace_size) {
    switch (check_link(line, trace_size)) {
    case CheckLink::none: return {};
    case CheckLink::show: return "Show this message in the sequence and inspector";
    case CheckLink::ahead: return "Its message lies after the current position: step forward to show it";
    }
    return {};
}

}  // namespace postlab::ui
