// draw_shell(); see shell.hpp. One borderless host window covers the viewport with no
// background, so the gaps between panels show the theme's background colour; each region is a
// bordered child window. Kept cheap in vertices: llvmpipe pays for each one.
#include "ui/shell.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <imgui.h>

#include "ui/icons.hpp"
#include "ui/lesson_session.hpp"

namespace postlab::ui {
namespace {

ImU32 u32(Rgba c) { return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, c.a)); }
ImVec4 vec(Rgba c) { return {c.r, c.g, c.b, c.a}; }

void draw_title_strip(const Theme& theme, const View& view) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    const float strip_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().FramePadding.y * 2;
    draw->AddRectFilled(origin, ImVec2(origin.x + ImGui::GetWindowWidth(), origin.y + strip_h),
                        u32(theme.panel_title));
    ImGui::SetCursorPosY(ImGui::GetStyle().FramePadding.y);
    ImGui::Text("%s  %s", view.icon, view.name);
    ImGui::SetCursorPosY(strip_h + ImGui::GetStyle().ItemSpacing.y);
}

void draw_placeholder(const ShellFrame& f, const View& view) {
    ImGui::PushStyleColor(ImGuiCol_Text, vec(f.theme.text_dim));
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
        ImGui::TextColored(vec(theme.protocols[i]), "%s %s", icons::envelope, names[i]);
    }
    ImGui::TextColored(vec(theme.ok), "ok");
    ImGui::SameLine();
    ImGui::TextColored(vec(theme.fail), "fail");
    ImGui::SameLine();
    ImGui::TextColored(vec(theme.warn), "retry");
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
        ViewContext ctx{f.theme, f.fonts, f.shell, f.views, r, f.world, f.trace, f.control, f.lesson};
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

std::optional<Shortcut> draw_top_bar_buttons(const ShellFrame& f) {
    std::optional<Shortcut> pressed;
    const char* presenter = f.shell.presenter ? "Presenter: on" : "Presenter: off";
    const char* theme = f.shell.theme == ThemeKind::dark ? "Light theme" : "Dark theme";
    const ImGuiStyle& style = ImGui::GetStyle();
    const float buttons_w = ImGui::CalcTextSize(presenter).x + ImGui::CalcTextSize(theme).x +
                            style.FramePadding.x * 4 + style.ItemSpacing.x;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowWidth() - buttons_w - style.WindowPadding.x));
    if (ImGui::Button(presenter)) pressed = Shortcut::toggle_presenter;
    ImGui::SameLine();
    if (ImGui::Button(theme)) pressed = Shortcut::toggle_theme;
    return pressed;
}

// "POP3 on a laptop and a phone   step 2/4" (DESIGN.md §4 sketch).
std::string top_bar_lesson_text(const ShellFrame& f) {
    if (f.lesson != nullptr && f.lesson->loaded()) {
        const sim::LessonRun& run = *f.lesson->run();
        return fmt::format("{}   step {}/{}", run.spec().title.value, run.steps_done(), run.step_count());
    }
    if (f.lesson != nullptr && !f.lesson->path().empty()) return "the lesson did not load (see the Lesson panel)";
    return "no lesson loaded";
}

std::optional<Shortcut> draw_top_bar(const ShellFrame& f, const Rect& r) {
    ImGui::SetCursorScreenPos(ImVec2(r.x, r.y));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, vec(f.theme.panel_title));
    ImGui::BeginChild("top bar", ImVec2(r.w, r.h), false, ImGuiWindowFlags_NoScrollbar);
    ImGui::SetCursorPosY(std::max(0.0f, (r.h - ImGui::GetFrameHeight()) * 0.5f));
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s PostLab", icons::envelope);
    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    ImGui::TextColored(vec(f.theme.text_dim), "%s", top_bar_lesson_text(f).c_str());
    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    // Playback needs a world; the buttons act like their keys (the timeline view carries it out).
    std::optional<Shortcut> playback;
    ImGui::BeginDisabled(f.control == nullptr);
    if (ImGui::Button(icons::step_backward)) playback = Shortcut::step_backward;
    ImGui::SameLine();
    if (ImGui::Button(f.views.timeline.playing ? icons::pause : icons::play)) playback = Shortcut::play_pause;
    ImGui::SameLine();
    if (ImGui::Button(icons::step_forward)) playback = Shortcut::step_forward;
    ImGui::SameLine();
    ImGui::Text("speed %gx", static_cast<double>(f.views.timeline.speed));
    ImGui::EndDisabled();
    if (f.show_frame_time && f.stats.count() > 0) {
        ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
        ImGui::TextColored(vec(f.theme.text_dim), "%.1f ms/frame", f.stats.last().total_us / 1000.0);
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
