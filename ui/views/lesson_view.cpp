// The Lesson panel (DESIGN.md §4): title, step k/N with progress and prev/next, narration, the
// step's checks with pass/fail icons (clicking a trace check shows its message), predict-then-
// reveal questions, the exercise hint, a lesson picker, and the loader's diagnostics when the
// file is bad. Content comes from make_lesson_panel.
#include "ui/views/lesson_view.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdint>
#include <string_view>

#include "sim/lesson/lesson.hpp"
#include "ui/colour.hpp"
#include "ui/icons.hpp"
#include "ui/lesson_session.hpp"
#include "ui/views/lesson_model.hpp"

namespace postlab::ui {
namespace {

// Markdown-lite (lesson_model.hpp) wrapped to the available width and painted at the cursor:
// **bold** drawn twice one pixel apart (the fonts have no bold face), `code` in the mono font on
// a tinted background.
void draw_markdown(const ViewContext& ctx, std::string_view text, Rgba colour);

void heading(const ViewContext& ctx, const char* icon, const char* text) {
    ImGui::Spacing();
    ImGui::TextColored(imvec(ctx.theme.accent), "%s  %s", icon, text);
}

void draw_picker(ViewContext& ctx, LessonSession& lesson) {
    const auto& files = lesson.lessons();
    if (files.empty()) return;
    std::string current = lesson.path();
    for (const LessonFile& f : files) {
        if (f.path == lesson.path()) current = f.title;
    }
    ImGui::SetNextItemWidth(-1);
    if (!ImGui::BeginCombo("##lesson-picker", current.c_str())) return;
    std::string chosen;  // opened after the loop: open() replaces the list being drawn
    for (const LessonFile& f : files) {
        const std::string label = f.ok ? f.title : f.title + " (does not load)";
        if (ImGui::Selectable(label.c_str(), f.path == lesson.path())) chosen = f.path;
    }
    ImGui::EndCombo();
    if (!chosen.empty() && chosen != lesson.path()) {
        lesson.open(chosen, 0);
        ctx.views.lesson = {};
    }
}

void draw_diagnostics(ViewContext& ctx, LessonSession& lesson) {
    ImGui::TextColored(imvec(ctx.theme.fail), "%s  The lesson did not load", icons::warning);
    ImGui::PushStyleColor(ImGuiCol_Text, imvec(ctx.theme.text_dim));
    ImGui::TextWrapped("%s: %s", lesson.path().c_str(), lesson.error().c_str());
    ImGui::TextWrapped("Fix the file and save it: it reloads by itself.");
    ImGui::PopStyleColor();
    ImGui::PushFont(ctx.fonts.mono);
    for (const lesson::Diagnostic& d : lesson.diagnostics()) {
        const Rgba colour = d.severity == lesson::Severity::error ? ctx.theme.fail : ctx.theme.warn;
        ImGui::PushStyleColor(ImGuiCol_Text, imvec(colour));
        ImGui::TextWrapped("%s", lesson::format(d).c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopFont();
}

void draw_navigation(ViewContext& ctx, LessonSession& lesson, const LessonPanel& panel) {
    const std::size_t done = lesson.steps_done();
    ImGui::BeginDisabled(done == 0);
    if (ImGui::Button(fmt::format("{} Back", icons::step_backward).c_str())) lesson.previous_step();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(done >= panel.step_count);
    const std::string next = done >= panel.step_count ? "Done" : fmt::format("Run step {} {}", done + 1, icons::step_forward);
    if (ImGui::Button(next.c_str())) lesson.next_step();
    ImGui::EndDisabled();
    // The bar takes the rest of the row when its "5/11 done" fits there with some bar around it,
    // else a row of its own (narrow panels, presenter fonts): never under the buttons.
    const std::string overlay = fmt::format("{}/{} done", std::min(done, panel.step_count), panel.step_count);
    const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float bar_min = ImGui::CalcTextSize(overlay.c_str()).x + ImGui::GetFontSize() * 2;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + bar_min <= right_edge) ImGui::SameLine();
    // The label beside the bar, not on it: ImGui puts an overlay just past the fill, where the
    // text would sit on the bright fill once most steps are done.
    const float label_w = ImGui::CalcTextSize(overlay.c_str()).x + ImGui::GetStyle().ItemSpacing.x;
    ImGui::ProgressBar(panel.progress, ImVec2(-label_w, 0), "");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(overlay.c_str());
    (void)ctx;
}

// "Step 5/11: The laptop checks the next day" wrapped to the panel, with "(not run yet)" after
// it on the same line when it fits.
void draw_step_label(const ViewContext& ctx, const LessonPanel& panel) {
    ImGui::PushStyleColor(ImGuiCol_Text, imvec(ctx.theme.accent));
    ImGui::TextWrapped("%s", panel.step_label.c_str());
    ImGui::PopStyleColor();
    if (panel.step_ran) return;
    const char* not_run = "(not run yet)";
    const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    // After a wrapped label SameLine would go back to its first line: only a one-line label.
    const bool one_line = ImGui::GetItemRectSize().y <= ImGui::GetTextLineHeight() + 1.0f;
    if (one_line && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(not_run).x <= right_edge) {
        ImGui::SameLine();
    }
    ImGui::TextColored(imvec(ctx.theme.text_dim), "%s", not_run);
}

// Width of the last line of `text` as ImGui wraps it at `wrap_w` in the current font: the same
// ImFont::CalcWordWrapPositionA, and the blanks at a break skipped, as ImGui::TextWrapped does.
float last_line_width(std::string_view text, float wrap_w) {
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    const char* s = text.data();
    const char* end = s + text.size();
    float width = 0;
    while (s < end) {
        const char* eol = font->CalcWordWrapPositionA(size / font->FontSize, s, end, wrap_w);
        if (eol == s) ++eol;  // a glyph wider than the line still takes one
        width = font->CalcTextSizeA(size, FLT_MAX, 0, s, eol).x;
        s = eol;
        while (s < end && (*s == ' ' || *s == '\t')) ++s;
    }
    return width;
}

// A check whose outcome rests on a message: the row is a Selectable drawn under the usual icon
// and text (hover highlight, hand cursor, a tooltip), and a small envelope follows the text's
// last line; the text wraps a little earlier only when the envelope would not fit after it.
void draw_linked_check(ViewContext& ctx, const CheckLine& c, std::size_t index, CheckLink link, const char* status,
                       Rgba status_colour) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float text_x = start.x + ImGui::CalcTextSize(status).x + style.ItemSpacing.x;
    ImGui::PushFont(ctx.fonts.mono);
    const float mark_w = style.ItemSpacing.x + ImGui::CalcTextSize(icons::envelope).x;
    float wrap_x = right_edge;
    if (text_x + last_line_width(c.expression, wrap_x - text_x) + mark_w > right_edge) wrap_x = right_edge - mark_w;
    const ImVec2 text_size = ImGui::CalcTextSize(c.expression.c_str(), nullptr, false, wrap_x - text_x);
    const ImVec2 mark(text_x + last_line_width(c.expression, wrap_x - text_x) + style.ItemSpacing.x,
                      start.y + text_size.y - ImGui::GetFontSize());
    ImGui::PopFont();

    const bool selected = ctx.views.ladder.selected_entry == c.trace_entry;
    ImGui::PushID(static_cast<int>(index));
    const ImGuiSelectableFlags flags =
        ImGuiSelectableFlags_AllowItemOverlap | (link == CheckLink::ahead ? ImGuiSelectableFlags_Disabled : 0);
    const float row_h = std::max(text_size.y, ImGui::GetTextLineHeight());
    const bool clicked = ImGui::Selectable("##show-message", selected, flags, ImVec2(0, row_h));
    const bool hovered = ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled);
    ImGui::PopID();
    if (clicked && link == CheckLink::show) ctx.views.ladder.selected_entry = *c.trace_entry;

    ImGui::SetCursorScreenPos(start);
    ImGui::TextColored(imvec(status_colour), "%s", status);
    ImGui::SameLine();
    ImGui::PushFont(ctx.fonts.mono);
    ImGui::PushStyleColor(ImGuiCol_Text, imvec(ctx.theme.text));
    ImGui::PushTextWrapPos(wrap_x - ImGui::GetWindowPos().x + ImGui::GetScrollX());
    ImGui::TextUnformatted(c.expression.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    const Rgba mark_colour = hovered && link == CheckLink::show ? ctx.theme.text : ctx.theme.text_dim;  // on the hover blue
    ImGui::GetWindowDrawList()->AddText(ctx.fonts.mono, ImGui::GetFontSize(), mark, imu32(mark_colour), icons::envelope);
    ImGui::PopFont();
    if (!hovered) return;
    if (link == CheckLink::show) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImGui::BeginTooltip();
    if (!c.explanation.empty()) ImGui::TextUnformatted(c.explanation.c_str());
    const std::size_t trace_size = ctx.trace != nullptr ? ctx.trace->size() : 0;
    ImGui::TextColored(imvec(link == CheckLink::show ? ctx.theme.accent : ctx.theme.warn), "%s %s", icons::envelope,
                       check_link_hint(c, trace_size).c_str());
    ImGui::EndTooltip();
}

void draw_checks(ViewContext& ctx, const LessonPanel& panel) {
    if (panel.checks.empty()) return;
    heading(ctx, icons::check, panel.step_ran ? "Checks" : "Checks (run the step to see them)");
    const std::size_t trace_size = ctx.trace != nullptr ? ctx.trace->size() : 0;
    for (std::size_t i = 0; i < panel.checks.size(); ++i) {
        const CheckLine& c = panel.checks[i];
        const bool pending = c.state == CheckState::pending;
        const Rgba colour = pending ? ctx.theme.text_dim : c.state == CheckState::passed ? ctx.theme.ok : ctx.theme.fail;
        const char* status = pending ? icons::circle : c.state == CheckState::passed ? icons::check : icons::times;
        if (const CheckLink link = check_link(c, trace_size); link != CheckLink::none) {
            draw_linked_check(ctx, c, i, link, status, colour);
        } else {
            ImGui::TextColored(imvec(colour), "%s", status);
            ImGui::SameLine();
            ImGui::PushFont(ctx.fonts.mono);
            ImGui::PushStyleColor(ImGuiCol_Text, imvec(pending ? ctx.theme.text_dim : ctx.theme.text));
            ImGui::TextWrapped("%s", c.expression.c_str());
            ImGui::PopStyleColor();
            ImGui::PopFont();
            if (!c.explanation.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.explanation.c_str());
        }
        if (!c.explanation.empty() && c.state == CheckState::failed) {
            ImGui::Indent(ImGui::GetFontSize() * 1.4f);
            draw_markdown(ctx, c.explanation, ctx.theme.text_dim);
            ImGui::Unindent(ImGui::GetFontSize() * 1.4f);
        }
    }
}

// Predict-then-reveal: the class picks a choice first, the answer and its explanation appear on
// "Reveal answer".
// `step`: the step the question belongs to (1-based); `ahead`: it has not run yet.
void draw_question(ViewContext& ctx, const QuestionView& q, std::size_t step, bool ahead) {
    LessonViewState& state = ctx.views.lesson;
    // One prediction at a time, remembered with the step it was made for.
    constexpr std::size_t none = SIZE_MAX;
    const std::size_t prediction = state.prediction_step == step && state.prediction ? *state.prediction : none;
    heading(ctx, icons::question_circle,
            ahead ? fmt::format("Predict, then run step {}", step).c_str() : "Question");
    draw_markdown(ctx, q.ask, ctx.theme.text);
    // Choices flow left to right and wrap to the next line when the next one would not fit, so
    // long answers are never cut off at the panel's edge.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (std::size_t i = 0; i < q.choices.size(); ++i) {
        const bool chosen = prediction == i;
        if (ImGui::RadioButton(fmt::format("{}##choice{}-{}", q.choices[i], step, i).c_str(), chosen)) {
            state.prediction = i;
            state.prediction_step = step;
        }
        if (i + 1 == q.choices.size()) break;
        const float next_w = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x +
                             ImGui::CalcTextSize(q.choices[i + 1].c_str()).x;
        if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + next_w <= right_edge) ImGui::SameLine();
    }
    const bool revealed = state.revealed_step == step;
    if (!revealed) {
        if (ImGui::Button(fmt::format("{} Reveal answer##{}", icons::eye, step).c_str())) state.revealed_step = step;
        return;
    }
    const bool right = prediction < q.choices.size() && q.choices[prediction] == q.answer;
    ImGui::TextColored(imvec(ctx.theme.ok), "Answer: %s", q.answer.c_str());
    if (prediction < q.choices.size()) {
        ImGui::SameLine();
        ImGui::TextColored(imvec(right ? ctx.theme.ok : ctx.theme.warn), right ? "(your prediction was right)" : "(you predicted %s)",
                           q.choices[prediction].c_str());
    }
    if (!q.explain.empty()) draw_markdown(ctx, q.explain, ctx.theme.text);
}

LessonPanel panel_of(const LessonSession& lesson) {
    const sim::LessonRun& run = *lesson.run();
    const std::size_t done = run.steps_done();
    const std::size_t shown = std::max<std::size_t>(done, 1);
    std::vector<CheckLine> results;
    std::string error;
    const bool ran = done >= shown && shown <= run.outcomes().size();
    if (ran) {
        const sim::StepOutcome& outcome = run.outcomes()[shown - 1];
        results = check_lines(outcome.checks);
        error = outcome.error;
    }
    return make_lesson_panel(run.spec(), done, shown, ran ? &results : nullptr, error);
}

void draw_loaded(ViewContext& ctx, LessonSession& lesson) {
    const LessonPanel panel = panel_of(lesson);
    draw_navigation(ctx, lesson, panel);
    if (!lesson.note().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, imvec(ctx.theme.warn));
        ImGui::TextWrapped("%s %s", icons::cog, lesson.note().c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
    draw_step_label(ctx, panel);
    draw_markdown(ctx, panel.narration, ctx.theme.text);
    if (!panel.step_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, imvec(ctx.theme.fail));
        ImGui::TextWrapped("%s %s", icons::warning, panel.step_error.c_str());
        ImGui::PopStyleColor();
    }
    if (panel.question) draw_question(ctx, *panel.question, panel.step, !panel.step_ran);
    draw_checks(ctx, panel);
    if (panel.next_question) draw_question(ctx, *panel.next_question, panel.step + 1, true);
    if (!panel.exercise_hint.empty()) {
        heading(ctx, icons::cog, "Exercise");
        draw_markdown(ctx, panel.exercise_hint, ctx.theme.text);
    }
}

float measure(const ViewContext& ctx, std::string_view text, SpanStyle style) {
    ImFont* font = style == SpanStyle::code ? ctx.fonts.mono : ImGui::GetFont();
    const float w = font->CalcTextSizeA(ImGui::GetFontSize(), 1e9f, 0, text.data(), text.data() + text.size()).x;
    return style == SpanStyle::bold ? w + 1 : w;
}

void draw_markdown(const ViewContext& ctx, std::string_view text, Rgba colour) {
    const float width = std::max(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 4);
    const auto lines = wrap_markdown(text, width, [&ctx](std::string_view t, SpanStyle s) { return measure(ctx, t, s); });
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const float size = ImGui::GetFontSize();
    bool first = true;
    for (const WrappedLine& line : lines) {
        if (line.paragraph_start && !first) ImGui::Dummy(ImVec2(1, size * 0.35f));
        first = false;
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        for (const TextRun& run : line.runs) {
            const char* b = run.text.data();
            const char* e = b + run.text.size();
            const ImVec2 at(origin.x + run.x, origin.y);
            if (run.style == SpanStyle::code) {
                const float w = measure(ctx, run.text, run.style);
                draw->AddRectFilled(ImVec2(at.x - 2, at.y), ImVec2(at.x + w + 2, at.y + size + 1), imu32(ctx.theme.panel_title), 3);
                draw->AddText(ctx.fonts.mono, size, at, imu32(ctx.theme.accent), b, e);
            } else {
                draw->AddText(ImGui::GetFont(), size, at, imu32(colour), b, e);
                if (run.style == SpanStyle::bold) draw->AddText(ImGui::GetFont(), size, ImVec2(at.x + 1, at.y), imu32(colour), b, e);
            }
        }
        ImGui::Dummy(ImVec2(width, line_h - ImGui::GetStyle().ItemSpacing.y));
    }
}

}  // namespace

void draw_lesson_panel(ViewContext& ctx) {
    if (ctx.lesson == nullptr || ctx.lesson->path().empty()) {
        ImGui::TextColored(imvec(ctx.theme.text_dim), "No lesson file: run postlab gui --lesson FILE.");
        return;
    }
    LessonSession& lesson = *ctx.lesson;
    draw_picker(ctx, lesson);
    if (lesson.loaded()) {
        draw_loaded(ctx, lesson);
    } else {
        draw_diagnostics(ctx, lesson);
    }
}

}  // namespace postlab::ui
