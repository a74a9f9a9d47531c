// `postlab gui` as a library function (app/gui_command only parses the command line): opens the
// window, runs the main screen interactively, or renders frames for --screenshot /
// --bench-frames; finds the default lesson as an installed tool would (lesson_dir_candidates).
// Exit codes are documented on run_gui.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/sim_control.hpp"
#include "ui/theme.hpp"

namespace postlab::ui {

struct GuiOptions {
    std::string lesson_path;          // --lesson; empty: k_default_lesson_file (find_lesson)
    std::optional<int> goto_step;
    std::string screenshot_path;      // non-empty: render a few frames, write the PNG, exit
    bool presenter = false;
    ThemeKind theme = ThemeKind::dark;
    int width = 1600;
    int height = 900;
    int bench_frames = 0;             // > 0: render that many frames, print timings, exit
    std::string open_settings;        // a device id: open its account settings dialog (screenshots)
    bool show_stats = false;          // start on the Mailboxes panel's Stats tab (screenshots)
    std::string demo_world;           // hidden --demo-world NAME: a built-in scene instead of a lesson
};

// A world shown instead of a lesson (--demo-world), built by the executable's scenes and opened
// at its position. Its parts play the role of lesson steps on the timeline.
struct DemoWorld {
    sim::SimControl control;
    std::vector<std::uint64_t> part_positions;  // SimControl position where each part starts
    std::vector<std::int64_t> part_times_us;    // and the world's time then
    std::int64_t end_time_us = 0;               // the world's clock when everything has run
};

// Opens the demo world `name` at part N's middle for goto_part N, else where it starts; nullopt
// for a name it does not know.
using DemoWorldFactory =
    std::function<std::optional<DemoWorld>(std::string_view name, std::optional<int> goto_part)>;

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failure = 1;     // no OpenGL 3.3 context, screenshot not written, no lessons
inline constexpr int k_exit_no_display = 3;  // no DISPLAY/WAYLAND_DISPLAY or glfwInit failed

// The lesson opened without --lesson; the picker lists the other lessons of its directory.
inline constexpr std::string_view k_default_lesson_file = "pop3-two-devices.toml";

// Where lessons are looked for, in order, as an installed tool would: $POSTLAB_LESSONS (relative
// to cwd), <exe dir>/../share/postlab/lessons (the `cmake --install` layout), <exe dir>/lessons,
// <source_dir>/lessons (the tree postlab was built from), <cwd>/lessons. Empty inputs are skipped.
std::vector<std::filesystem::path> lesson_dir_candidates(std::string_view env_lessons,
                                                         const std::filesystem::path& exe_path,
                                                         std::string_view source_dir,
                                                         const std::filesystem::path& cwd);

// The candidates of this process: $POSTLAB_LESSONS, /proc/self/exe, the build's source tree, cwd.
std::vector<std::filesystem::path> lesson_dir_candidates();

struct LessonLookup {
    std::string path;   // `file` in the first candidate directory that has it; "" when none has
    std::string error;  // when none has it: names every place looked
};
LessonLookup find_lesson(const std::vector<std::filesystem::path>& dirs,
                         std::string_view file = k_default_lesson_file);

// Runs the GUI. `started` is when the process started, for the time-to-first-frame figure.
// Interactive mode prints "postlab gui: ready" after the first frame and one line per handled
// shortcut ("postlab gui: key F11: presenter on"), and exits 0 on Ctrl+Q, window close, SIGINT
// or SIGTERM. `demo_worlds` opens --demo-world's scene (without one, --demo-world fails).
int run_gui(const GuiOptions& options, std::chrono::steady_clock::time_point started,
            const DemoWorldFactory& demo_worlds = {});

}  // namespace postlab::ui
