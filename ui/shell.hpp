// The main screen around the views (DESIGN.md §4): top bar, one titled panel per region with
// its view (or an honest placeholder while no lesson is loaded), draggable splitters. Called
// once per ImGui frame; everything it changes goes into ShellState / ViewStates.
#pragma once

#include <optional>

#include "ui/frame_stats.hpp"
#include "ui/shortcuts.hpp"
#include "ui/view.hpp"

namespace postlab::ui {

struct ShellFrame {
    const Theme& theme;
    const Fonts& fonts;
    ShellState& shell;
    ViewStates& views;
    const ViewRegistry& registry;
    const FrameStats& stats;
    float width = 0;   // the ImGui display size
    float height = 0;
    bool show_frame_time = true;  // off for screenshots, which should not vary run to run
    // The shown world (a lesson's or --demo-world's), handed to the views; null while none is.
    const sim::World* world = nullptr;
    const sim::Trace* trace = nullptr;
    sim::SimControl* control = nullptr;
    LessonSession* lesson = nullptr;
    ViewCaches* caches = nullptr;  // the session's, handed to the views
};

// Draws the frame; returns a shortcut when a top-bar button asked for one (the caller applies
// it the same way as a key press, so both log the same line).
std::optional<Shortcut> draw_shell(const ShellFrame& frame);

}  // namespace postlab::ui
