// `postlab gui`; see gui_command.hpp. Only argument parsing lives here; ui::run_gui does the rest.
#include "app/gui_command.hpp"

#include <charconv>
#include <fmt/format.h>
#include <optional>
#include <string_view>
#include <utility>

#include "bench/gui_scenes.hpp"

namespace postlab::app {
namespace {

constexpr const char* k_description =
    "Open the PostLab visualizer (the default when no subcommand is given).\n"
    "Without --lesson it opens pop3-two-devices.toml from the first lessons directory that has it:\n"
    "$POSTLAB_LESSONS, <exe dir>/../share/postlab/lessons (installed), <exe dir>/lessons, the\n"
    "source tree postlab was built from, ./lessons. --goto N runs lesson steps 1..N first.\n"
    "The lesson file is reloaded when it changes on disk; a bad file shows its diagnostics.\n"
    "Shortcuts: Space play/pause, Left/Right step, F11 or P presenter mode, T theme, Ctrl+Q quit.\n"
    "Without a display it exits with code 3: use `postlab run LESSON` for the terminal, or\n"
    "xvfb-run -a postlab gui --screenshot out.png for a headless screenshot.\n"
    "Exit codes: 0 done, 1 no OpenGL 3.3, no lessons found or screenshot not written, 2 bad\n"
    "arguments, 3 no display.";

// Time to first frame counts from process start (static initialisation), not from parsing.
const auto g_process_start = std::chrono::steady_clock::now();

constexpr int k_size_min = 320;
constexpr int k_size_max = 8192;

bool parse_int(std::string_view text, int& value) {
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && ptr == end;
}

// "WxH" -> width, height; an error message otherwise (CLI11 validator convention).
std::string parse_size(const std::string& text, int& width, int& height) {
    const auto x = text.find_first_of("xX");
    if (x == std::string::npos || !parse_int(std::string_view(text).substr(0, x), width) ||
        !parse_int(std::string_view(text).substr(x + 1), height)) {
        return fmt::format("--size '{}': expected WIDTHxHEIGHT, e.g. 1600x900", text);
    }
    if (width < k_size_min || height < k_size_min || width > k_size_max || height > k_size_max) {
        return fmt::format("--size '{}': each side must be {}..{}", text, k_size_min, k_size_max);
    }
    return "";
}

// --demo-world: the bench's GUI scenes, handed to the GUI here (ui/ does not know bench/).
std::optional<ui::DemoWorld> open_demo_world(std::string_view name, std::optional<int> goto_part) {
    auto scene = bench::open_gui_scene(name, goto_part);
    if (!scene) return std::nullopt;
    return ui::DemoWorld{std::move(scene->control), std::move(scene->part_positions),
                         std::move(scene->part_times_us), scene->end_time_us};
}

}  // namespace

CLI::App* add_gui_command(CLI::App& app, ui::GuiOptions& options) {
    auto* gui = app.add_subcommand("gui", k_description);
    gui->add_option("--lesson", options.lesson_path, "Lesson file (default: pop3-two-devices.toml from the lessons directory)")
        ->check(CLI::ExistingFile);
    gui->add_option_function<int>(
           "--goto", [&options](const int& step) { options.goto_step = step; },
           "Run lesson steps 1..N before showing the window (0: none)")
        ->check(CLI::Range(0, 1'000'000));
    gui->add_option("--screenshot", options.screenshot_path,
                    "Render a few frames, write this PNG and exit");
    gui->add_option("--open-settings", options.open_settings,
                    "Open this device's account settings dialog (for screenshots)")
        ->group("");  // a developer option: hidden from --help
    gui->add_flag("--show-stats", options.show_stats, "Start on the Stats tab (for screenshots)")->group("");
    gui->add_flag("--presenter", options.presenter, "Large fonts and high contrast for projectors");
    gui->add_option_function<std::string>(
           "--theme", [&options](const std::string& name) { options.theme = *ui::parse_theme(name); },
           "dark (default) or light")
        ->check(CLI::IsMember({"dark", "light"}));
    gui->add_option_function<std::string>(
           "--size",
           [&options](const std::string& text) {
               const auto error = parse_size(text, options.width, options.height);
               if (!error.empty()) throw CLI::ValidationError(error);
           },
           "Window size WIDTHxHEIGHT (default 1600x900)");
    // Developer option (hidden): a built-in scene instead of a lesson, e.g. "big" for the frame
    // benchmark with 200 devices and ~1,000 packets in flight (bench/gui_scenes.hpp, open_demo_world).
    gui->add_option("--demo-world", options.demo_world, "Built-in scene: mail or big")
        ->check(CLI::IsMember({"mail", "big"}))
        ->group("");
    gui->add_option("--bench-frames", options.bench_frames,
                    "Render N frames with vsync off and print frame-time p50/p99, vertices, "
                    "time to first frame; without --goto the frames play the whole lesson")
        ->check(CLI::Range(1, 100'000));
    return gui;
}

int run_gui(const ui::GuiOptions& options) {
    return ui::run_gui(options, g_process_start, &open_demo_world);
}

}  // namespace postlab::app
