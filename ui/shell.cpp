// draw_shell(); see shell.hpp. One borderless host window covers the viewport with no
// background, so the gaps between panels show the theme's background colour; each region is a
// bordered child window. Kept cheap in vertices: llvmpipe pays for each one.
#include "ui/shell.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <fmt/format.h>
#include <imgui.h>

#include "ui/colour.hpp"
#include "ui/icons.hpp"
#include "ui/lesson_session.hpp"
#include "ui/text_fit.hpp"

namespace postlab::ui {
namespace {

void draw_title_strip(const Theme& theme, const View& view) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    const float strip_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().FramePadding.y * 2;
    draw->AddRectFilled(origin, ImVec2(origin.x + ImGui::GetWindowWidth(), origin.y + strip_h),
                        imu32(theme.panel_title));
    ImGui::SetCursorPosY(ImGui::GetStyle().FramePadding.y);
    ImGui::Text("%s  %s", view.icon, view.name);
    ImGui::SetCursorPosY(strip_h + ImGui::GetStyle().ItemSpacing.y);
}

void draw_placeholder(const ShellFrame& f, const View& view) {
    ImGui::PushStyleColor(ImGuiCol_Text, imvec(f.theme.text_dim));
    ImGui::TextWrapped("%s", view.placeholder);
    if (view.region == Region::lesson && !f.shell.lesson_path.empty()) {
        ImGui::Spacing();
        ImGui::TextWrapped("Requested: %s%s. Lesson loading arrives with the simulated world.",
                           f.shell.lesson_path.c_str(),
                           f.shell.goto_step ? fmt::format(", step {}", *f.shell.goto_step).c_str() : "");
    }
    ImGui::PopStyleColor();
}

// The legend the topology view will use: device and server icons, protocol colours.
void draw_legend(const Theme& theme) {
    ImGui::Spacing();
    ImGui::Text("%s desktop   %s phone   %s tablet   %s server   %s internet", icons::desktop,
                icons::mobile, icons::tablet, icons::server, icons::globe);
    ImGui::Text("%s TLS   %s plaintext   %s blocked   %s message", icons::lock, icons::unlock,
                icons::ban, icons::envelope);
    static constexpr const char* names[k_protocol_kind_count] = {"SMTP", "POP3", "IMAP",
                                                                 "Exchange", "DNS", "TCP/TLS"};
    for (std::size_t i = 0; i < k_protocol_kind_count; ++i) {
        if (i > 0) ImGui::SameLine();
        ImGui::TextColored(imvec(theme.protocols[i]), "%s %s", icons::envelope, names[i]);
    }
    ImGui::TextColored(imvec(theme.ok), "ok");
    ImGui::SameLine();
    ImGui::TextColored(imvec(theme.fail), "fail");
    ImGui::SameLine();
    ImGui::TextColored(imvec(theme.warn), "retry");
}

void draw_panel(const ShellFrame& f, const ScreenLayout& layout, Region region) {
    const Rect r = layout[region];
    if (r.w < 1 || r.h < 1) return;
    const View& view = f.registry.view(region);
    ImGui::SetCursorScreenPos(ImVec2(r.x, r.y));
    // The timeline is one line of controls: a scrollbar there would only eat its width.
    const ImGuiWindowFlags flags = region == Region::timeline ? ImGuiWindowFlags_NoScrollbar : 0;
    ImGui::BeginChild(view.name, ImVec2(r.w, r.h), true, flags);
    draw_title_strip(f.theme, view);
    if (view.draw != nullptr) {
        ViewContext ctx{f.theme, f.fonts, f.shell, f.views, r, f.world, f.trace, f.control, f.lesson, f.caches};
        view.draw(ctx);
    } else {
        draw_placeholder(f, view);
        if (region == Region::topology) draw_legend(f.theme);
    }
    ImGui::EndChild();
}

// A splitter is the gap between panels: dragging it moves the boundary by changing a fraction.
void draw_splitter(const char* id, const Rect& r, bool vertical, float& fraction, float total,
                   float sign) {
    if (r.w < 1 || r.h < 1 || total <= 0) return;
    ImGui::SetCursorScreenPos(ImVec2(r.x, r.y));
    ImGui::InvisibleButton(id, ImVec2(r.w, r.h));
    if (ImGui::IsItemHovered() || ImGui::IsItemActive()) {
        ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
    }
    if (ImGui::IsItemActive()) {
        const ImVec2 delta = ImGui::GetIO().MouseDelta;
        fraction = std::clamp(fraction + sign * (vertical ? delta.x : delta.y) / total, 0.05f, 0.8f);
    }
}

const char* presenter_label(const ShellFrame& f) { return f.shell.presenter ? "Presenter: on" : "Presenter: off"; }
const char* theme_label(const ShellFrame& f) { return f.shell.theme == ThemeKind::dark ? "Light theme" : "Dark theme"; }

float button_width(const char* label) { return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2; }

// The presenter and theme buttons, right-aligned.
float top_bar_buttons_width(const ShellFrame& f) {
    const ImGuiStyle& style = ImGui::GetStyle();
    return button_width(presenter_label(f)) + button_width(theme_label(f)) + style.ItemSpacing.x + style.WindowPadding.x;
}

std::string speed_text(const ShellFrame& f) { return fmt::format("speed {:g}x", f.views.timeline.speed); }

// The three playback buttons and the speed.
float top_bar_playback_width(const ShellFrame& f) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    return button_width(icons::step_backward) + button_width(icons::play) + button_width(icons::step_forward) +
           ImGui::CalcTextSize(speed_text(f).c_str()).x + 3 * spacing;
}

std::optional<Shortcut> draw_top_bar_buttons(const ShellFrame& f) {
    std::optional<Shortcut> pressed;
    const char* presenter = presenter_label(f);
    const char* theme = theme_label(f);
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowWidth() - top_bar_buttons_width(f)));
    if (ImGui::Button(presenter)) pressed = Shortcut::toggle_presenter;
    ImGui::SameLine();
    if (ImGui::Button(theme)) pressed = Shortcut::toggle_theme;
    return pressed;
}

// "POP3 on a laptop and a phone   step 2/4" (DESIGN.md §4 sketch): the title, and the step.
std::pair<std::string, std::string> top_bar_lesson_text(const ShellFrame& f) {
    if (f.lesson != nullptr && f.lesson->loaded()) {
        const sim::LessonRun& run = *f.lesson->run();
        return {run.spec().title.value, fmt::format("step {}/{}", run.steps_done(), run.step_count())};
    }
    if (f.lesson != nullptr && !f.lesson->path().empty()) return {"the lesson did not load (see the Lesson panel)", ""};
    return {"no lesson loaded", ""};
}

std::optional<Shortcut> draw_top_bar(const ShellFrame& f, const Rect& r) {
    ImGui::SetCursorScreenPos(ImVec2(r.x, r.y));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, imvec(f.theme.panel_title));
    ImGui::BeginChild("top bar", ImVec2(r.w, r.h), false, ImGuiWindowFlags_NoScrollbar);
    ImGui::SetCursorPosY(std::max(0.0f, (r.h - ImGui::GetFrameHeight()) * 0.5f));
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s PostLab", icons::envelope);
    const float gap = ImGui::GetFontSize() * 1.5f;
    ImGui::SameLine(0, gap);
    // The lesson title gets what the fixed parts leave (narrow windows, presenter fonts); the
    // whole title shows on hover.
    const auto [title, step] = top_bar_lesson_text(f);
    const float step_w = step.empty() ? 0.0f : ImGui::CalcTextSize(step.c_str()).x + gap;
    const float room = ImGui::GetWindowWidth() - ImGui::GetCursorPosX() - step_w - gap - top_bar_playback_width(f) -
                       top_bar_buttons_width(f) - gap;
    const std::string shown = elide_end(title, room, [](std::string_view s) {
        return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x;
    });
    if (!shown.empty()) {
        ImGui::TextColored(imvec(f.theme.text_dim), "%s", shown.c_str());
        if (shown != title && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", title.c_str());
        ImGui::SameLine(0, gap);
    }
    if (!step.empty()) {
        ImGui::TextColored(imvec(f.theme.text_dim), "%s", step.c_str());
        ImGui::SameLine(0, gap);
    }
    // Playback needs a world; the buttons act like their keys (the timeline view carries it out).
    std::optional<Shortcut> playback;
    ImGui::BeginDisabled(f.control == nullptr);
    if (ImGui::Button(icons::step_backward)) playback = Shortcut::step_backward;
    ImGui::SameLine();
    if (ImGui::Button(f.views.timeline.playing ? icons::pause : icons::play)) playback = Shortcut::play_pause;
    ImGui::SameLine();
    if (ImGui::Button(icons::step_forward)) playback = Shortcut::step_forward;
    ImGui::SameLine();
    ImGui::TextUnformatted(speed_text(f).c_str());
    ImGui::EndDisabled();
    if (f.show_frame_time && f.stats.count() > 0) {
        ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
        ImGui::TextColored(imvec(f.theme.text_dim), "%.1f ms/frame", f.stats.last().total_us / 1000.0);
    }
    auto pressed = draw_top_bar_buttons(f);
    if (!pressed) pressed = playback;
    ImGui::EndChild();
    ImGui::PopStyleColor();
    return pressed;
}

}  // namespace

std::optional<Shortcut> draw_shell(const ShellFrame& f) {
    LayoutParams params;
    params.width = f.width;
    params.height = f.height;
    params.font_px = f.fonts.size_px;
    params.presenter = f.shell.presenter;
    params.left_fraction = f.shell.left_fraction;
    params.right_fraction = f.shell.right_fraction;
    params.bottom_fraction = f.shell.bottom_fraction;
    const ScreenLayout layout = compute_layout(params);

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(f.width, f.height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    const ImGuiWindowFlags host = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground |
                                  ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                  ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("PostLab", nullptr, host);
    ImGui::PopStyleVar(2);
    const auto pressed = draw_top_bar(f, layout[Region::top_bar]);
    for (Region region : {Region::lesson, Region::topology, Region::mailboxes, Region::ladder,
                          Region::timeline, Region::inspector}) {
        draw_panel(f, layout, region);
    }
    draw_splitter("##split-left", layout.splitter_left, true, f.shell.left_fraction, f.width, 1);
    draw_splitter("##split-right", layout.splitter_right, true, f.shell.right_fraction, f.width, -1);
    draw_splitter("##split-bottom", layout.splitter_bottom, false, f.shell.bottom_fraction, f.height, -1);
    ImGui::End();
    return pressed;
}

}  // namespace postlab::ui
