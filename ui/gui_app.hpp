// `postlab gui` as a library function (app/gui_command only parses the command line): opens the
// window, runs the main screen interactively, or renders frames for --screenshot /
// --bench-frames. Exit codes are documented on run_gui.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "ui/theme.hpp"

namespace postlab::ui {

struct GuiOptions {
    std::string lesson_path;          // shown in the title bar; loading arrives with sim/
    std::optional<int> goto_step;
    std::string screenshot_path;      // non-empty: render a few frames, write the PNG, exit
    bool presenter = false;
    ThemeKind theme = ThemeKind::dark;
    int width = 1600;
    int height = 900;
    int bench_frames = 0;             // > 0: render that many frames, print timings, exit
    std::string open_settings;        // a device id: open its account settings dialog (screenshots)
    bool show_stats = false;          // start on the Mailboxes panel's Stats tab (screenshots)
    std::string demo_world;           // hidden --demo-world NAME: a bench/gui_scenes.hpp scene instead of a lesson
};

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failure = 1;     // no OpenGL 3.3 context, screenshot not written
inline constexpr int k_exit_no_display = 3;  // no DISPLAY/WAYLAND_DISPLAY or glfwInit failed

// Runs the GUI. `started` is when the process started, for the time-to-first-frame figure.
// Interactive mode prints "postlab gui: ready" after the first frame and one line per handled
// shortcut ("postlab gui: key F11: presenter on"), and exits 0 on Ctrl+Q, window close, SIGINT
// or SIGTERM.
int run_gui(const GuiOptions& options, std::chrono::steady_clock::time_point started);

}  // namespace postlab::ui
