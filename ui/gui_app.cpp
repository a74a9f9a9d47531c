// run_gui(); see gui_app.hpp. One loop serves all three modes: interactive (waits for input when
// idle, so an idle window costs no CPU), screenshot (three frames: ImGui sizes auto-fit items on
// the first frames, then the back buffer is read) and benchmark (vsync off, glFinish per frame).
// Without --lesson, the default lesson comes from the first lessons directory that has it.
#include "ui/gui_app.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <limits>
#include <system_error>

#include "ui/app_window.hpp"
#include "ui/fonts.hpp"
#include "ui/frame_stats.hpp"
#include "ui/lesson_session.hpp"
#include "ui/screenshot.hpp"
#include "ui/shell.hpp"
#include "ui/views/all_views.hpp"
#include "ui/views/view_caches.hpp"

#ifndef POSTLAB_SOURCE_DIR
#define POSTLAB_SOURCE_DIR ""
#endif

#if defined(__SANITIZE_ADDRESS__)
#define POSTLAB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POSTLAB_ASAN 1
#endif
#endif
#ifdef POSTLAB_ASAN
#include <dlfcn.h>
#include <link.h>

// Sanitizer builds: the runtimes of GCC 12 and clang 14 (the interceptor's code is the same in
// both) take a dynamic TLS block whose address is 16 mod 4096 for a glibc 2.19 one and record a
// bogus range from the words before it; LeakSanitizer's tracer then dies with SIGSEGV at exit
// ("Tracer caught signal 11", google/sanitizers#1322): 8 of 20 clang-14 runs of
// `postlab gui --size 1600x900 --screenshot`. With glibc >= 2.25 that guess is the only way the
// interceptor records a range, so nothing is lost by turning it off. ASAN_OPTIONS overrides it.
extern "C" const char* __asan_default_options() { return "intercept_tls_get_addr=0"; }
#endif

namespace postlab::ui {
namespace fs = std::filesystem;
namespace {

std::atomic<bool> g_stop{false};

void on_stop_signal(int) { g_stop = true; }

#ifdef POSTLAB_ASAN
// LeakSanitizer checks at exit, after glfwTerminate has unloaded the OpenGL driver (Mesa's
// swrast_dri.so under Xvfb). What the driver's globals pointed at then looks leaked, from an
// "<unknown module>" no suppression can name. Pinning the GL modules keeps their globals in
// LeakSanitizer's view, and a real leak in them names its module, which tests/ui/lsan.supp
// (and only it) suppresses. Our own leaks are reported as before.
void keep_gl_modules_loaded() {
    std::vector<std::string> names;
    dl_iterate_phdr(
        [](dl_phdr_info* info, std::size_t, void* out) {
            const std::string_view path = info->dlpi_name != nullptr ? info->dlpi_name : "";
            const std::string_view file = path.substr(path.rfind('/') + 1);
            for (const std::string_view gl : {"_dri.so", "libgallium", "libGLX", "libGL.so", "libglapi", "libEGL"}) {
                if (file.find(gl) != std::string_view::npos) {
                    static_cast<std::vector<std::string>*>(out)->emplace_back(path);
                    break;
                }
            }
            return 0;
        },
        &names);
    // Outside dl_iterate_phdr, which holds the loader's lock. NOLOAD: only promotes a loaded one.
    for (const std::string& name : names) dlopen(name.c_str(), RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
}
#else
void keep_gl_modules_loaded() {}
#endif

constexpr int k_screenshot_frames = 3;
constexpr double k_idle_wait_s = 0.25;      // redraw at least this often when idle
constexpr int k_frames_after_input = 3;     // ImGui settles hover/press state over a few frames
constexpr float k_presenter_style_scale = 1.6f;

using Clock = std::chrono::steady_clock;

double elapsed_us(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::micro>(to - from).count();
}

void say(const std::string& line) {
    fmt::print("postlab gui: {}\n", line);
    std::fflush(stdout);
}

std::string window_title(const LessonSession& lesson) {
    if (lesson.loaded()) return "PostLab - " + lesson.run()->spec().title.value;
    if (!lesson.path().empty()) return "PostLab - " + lesson.path() + " (did not load)";
    return "PostLab";
}

// Everything that changes with theme, presenter mode or display scale: style and fonts. Fonts
// are rebuilt only when their size changes (presenter mode, a monitor with another scale).
struct Look {
    Theme theme;
    Fonts fonts;
    ThemeKind kind = ThemeKind::dark;
    bool presenter = false;
    float scale = 0;  // content scale the look was built for; 0: not built yet
};

bool look_is_current(const Look& look, const ShellState& shell, float scale) {
    return look.kind == shell.theme && look.presenter == shell.presenter && look.scale == scale;
}

// Returns true when the fonts were rebuilt.
bool apply_look(AppWindow& window, Look& look, const ShellState& shell, float scale) {
    const bool first = look.scale == 0;
    const bool fonts_change = first || look.presenter != shell.presenter || look.scale != scale;
    look.kind = shell.theme;
    look.presenter = shell.presenter;
    look.scale = scale;
    look.theme = make_theme(shell.theme, shell.presenter);
    ImGuiStyle style;  // fresh: ScaleAllSizes multiplies, it must not compound across switches
    apply_theme(look.theme, style);
    style.FrameRounding = 3.0f;
    style.ScaleAllSizes(scale * (shell.presenter ? k_presenter_style_scale : 1.0f));
    ImGui::GetStyle() = style;
    if (!fonts_change) return false;
    const float font_px = (shell.presenter ? k_font_px_presenter : k_font_px_normal) * scale;
    look.fonts = load_fonts(*ImGui::GetIO().Fonts, font_px, debian_font_paths());
    ImGui::GetIO().Fonts->Build();
    if (!first) window.rebuild_font_texture();
    return true;
}

struct Session {
    const GuiOptions& options;
    AppWindow& window;
    ShellState shell;
    ViewStates views;
    ViewRegistry registry;
    ViewCaches caches;
    FrameStats stats;
    Look look;
    LessonSession lesson;
    std::uint64_t lesson_generation = 0;  // the session generation the views last saw
    std::optional<DemoWorld> scene;  // --demo-world: shown instead of a lesson
    // --bench-frames on a lesson without --goto plays the whole lesson: every step is run first
    // (as `postlab run` does), then frame i shows the world at event position i/N of that run, so
    // the figures cover every state a trainer sees (packets in flight, the ladder growing,
    // mailboxes changing), the same states on every machine. 0: frames of one fixed state.
    std::uint64_t bench_play_end = 0;
};

std::string lesson_status(const LessonSession& lesson) {
    if (lesson.loaded()) {
        return fmt::format("lesson {}: step {}/{}", lesson.path(), lesson.steps_done(), lesson.run()->step_count());
    }
    return fmt::format("lesson {} did not load: {}", lesson.path(), lesson.error());
}

// Lesson-step requests (shortcuts, top-bar buttons) run here, where the LessonSession lives;
// after any replacement of the world the views are told (world_generation) and the timeline gets
// the step boundaries.
void sync_lesson(Session& s) {
    if (s.lesson.poll_file(Clock::now())) say("reloaded " + lesson_status(s.lesson));
    int& pending = s.views.timeline.pending_lesson_steps;
    if (pending != 0 && s.lesson.loaded()) {
        const auto done = static_cast<long long>(s.lesson.steps_done());
        const auto count = static_cast<long long>(s.lesson.run()->step_count());
        s.lesson.go_to_step(static_cast<std::size_t>(std::clamp(done + pending, 0LL, count)));
        say(lesson_status(s.lesson));
    }
    pending = 0;
    if (s.lesson.generation() == s.lesson_generation) return;
    s.lesson_generation = s.lesson.generation();
    ++s.views.world_generation;
    s.views.timeline.lesson_step_positions.clear();
    s.views.timeline.lesson_step_times_us.clear();
    if (const sim::LessonRun* run = s.lesson.run()) {
        for (const sim::StepOutcome& o : run->outcomes()) {
            s.views.timeline.lesson_step_positions.push_back(o.start_position);
            s.views.timeline.lesson_step_times_us.push_back(o.start_us);
        }
    }
    s.window.set_title(window_title(s.lesson));
}

void handle_shortcut(Session& s, Shortcut shortcut) {
    const auto effect = apply_shortcut(shortcut, s.shell, s.views, s.lesson.loaded() || s.scene.has_value());
    say(fmt::format("key {}: {}", shortcut_key_name(shortcut), effect));
    if (s.shell.quit_requested) s.window.request_close();
}

void handle_keys(Session& s) {
    for (const KeyPress& press : s.window.take_key_presses()) {
        if (ImGui::GetIO().WantTextInput) continue;  // typing into a field is not a shortcut
        if (const auto shortcut = shortcut_for_key(press.key, press.mods)) handle_shortcut(s, *shortcut);
    }
}

// Builds and renders one frame; the sample's total time is filled in by the caller.
FrameSample render_frame(Session& s, bool benchmark) {
    const float scale = s.window.content_scale();
    if (!look_is_current(s.look, s.shell, scale) && apply_look(s.window, s.look, s.shell, scale)) {
        say(fmt::format("fonts rebuilt at {:.0f}px", s.look.fonts.size_px));
    }
    const auto build_start = Clock::now();
    sync_lesson(s);
    s.window.begin_frame();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    sim::LessonRun* run = s.lesson.run();
    sim::SimControl* control = run != nullptr ? &run->control() : nullptr;
    if (s.scene) control = &s.scene->control;
    const sim::World* world = control != nullptr ? &control->world() : nullptr;
    const ShellFrame frame{s.look.theme, s.look.fonts, s.shell,  s.views,
                           s.registry,   s.stats,      display.x, display.y,
                           s.options.screenshot_path.empty(),
                           world, world != nullptr ? &world->trace() : nullptr, control, &s.lesson, &s.caches};
    const auto pressed = draw_shell(frame);
    const Rgba bg = s.look.theme.background;
    ImDrawData* data = s.window.render(bg.r, bg.g, bg.b);
    FrameSample sample;
    sample.cpu_build_us = elapsed_us(build_start, Clock::now());
    sample.vertices = data != nullptr ? static_cast<double>(data->TotalVtxCount) : 0.0;
    if (benchmark) s.window.finish();
    if (pressed) handle_shortcut(s, *pressed);
    return sample;
}

bool take_screenshot(Session& s) {
    int width = 0, height = 0;
    s.window.framebuffer_size(width, height);
    const Image image = read_back_buffer(width, height);
    std::string error;
    if (!write_png(s.options.screenshot_path, image, error)) {
        fmt::print(stderr, "postlab gui: screenshot failed: {}\n", error);
        return false;
    }
    say(fmt::format("screenshot {} {}x{} theme {}{} background #{:06x}", s.options.screenshot_path,
                    width, height, theme_name(s.shell.theme), s.shell.presenter ? " presenter" : "",
                    s.look.theme.background.to_hex()));
    // The colours the lesson tests look for in the PNG (passing checks, failures, differences).
    say(fmt::format("colours ok #{:06x} fail #{:06x} warn #{:06x} accent #{:06x}", s.look.theme.ok.to_hex(),
                    s.look.theme.fail.to_hex(), s.look.theme.warn.to_hex(), s.look.theme.accent.to_hex()));
    return true;
}

int main_loop(Session& s, Clock::time_point started) {
    const bool screenshot = !s.options.screenshot_path.empty();
    const bool benchmark = s.options.bench_frames > 0;
    const bool interactive = !screenshot && !benchmark;
    // The first frame creates the GL objects and uploads the font atlas: it is reported as time
    // to first frame and left out of the benchmark's percentiles.
    const int frames_max = screenshot ? k_screenshot_frames : s.options.bench_frames + 1;
    int frames = 0;
    int busy_frames = k_frames_after_input;
    while (!s.window.should_close() && !g_stop) {
        const bool input = s.window.process_events(interactive && busy_frames == 0 ? k_idle_wait_s : 0);
        busy_frames = input ? k_frames_after_input : std::max(0, busy_frames - 1);
        const auto frame_start = Clock::now();  // after waiting for input: idle time is no cost
        handle_keys(s);
        if (s.bench_play_end > 0 && s.lesson.loaded()) {
            const auto n = static_cast<std::uint64_t>(s.options.bench_frames);
            s.lesson.run()->control().seek(s.bench_play_end * static_cast<std::uint64_t>(frames) / n);
        }
        FrameSample sample = render_frame(s, benchmark);
        const bool last = !interactive && frames + 1 >= frames_max;
        if (screenshot && last && !take_screenshot(s)) return k_exit_failure;
        s.window.swap();
        sample.total_us = elapsed_us(frame_start, Clock::now());
        if (++frames == 1) {
            s.stats.set_first_frame_ms(elapsed_us(started, Clock::now()) / 1000.0);
            if (interactive) say("ready");
        }
        if (!benchmark || frames > 1) s.stats.add(sample);
        if (last) break;
    }
    if (benchmark) {
        if (s.bench_play_end > 0) {
            fmt::print("played: the whole lesson ({} steps, {} events), {:.1f} events per frame\n",
                       s.lesson.run()->step_count(), s.bench_play_end,
                       static_cast<double>(s.bench_play_end) / s.options.bench_frames);
        }
        fmt::print("{}", format_summary(s.stats.summary()));
    }
    std::fflush(stdout);  // a pipe buffers it: a crash during shutdown would lose the summary
    return k_exit_ok;
}

// Opens the window and runs the main loop on `lesson_path` ("" with --demo-world).
int run_window(const GuiOptions& options, const std::string& lesson_path, Clock::time_point started,
               const DemoWorldFactory& demo_worlds) {
    AppWindow window;
    WindowOptions window_options;
    window_options.width = options.width;
    window_options.height = options.height;
    window_options.title = "PostLab";
    window_options.vsync = options.bench_frames == 0 && options.screenshot_path.empty();
    std::string error;
    switch (window.open(window_options, error)) {
        case OpenResult::ok: break;
        case OpenResult::no_display:
            fmt::print(stderr,
                       "postlab gui: no display: {}. Run `postlab run LESSON` for the terminal, "
                       "or use xvfb-run (e.g. xvfb-run -a postlab gui --screenshot out.png).\n",
                       error);
            return k_exit_no_display;
        case OpenResult::no_opengl:
            fmt::print(stderr, "postlab gui: {}\n", error);
            return k_exit_failure;
    }
    keep_gl_modules_loaded();  // the driver is loaded now, with the context
    g_stop = false;
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
    Session s{options, window, {}, {}, {}, ViewCaches(), FrameStats(static_cast<std::size_t>(std::max(options.bench_frames, 1024))), {}, {}, 0, {}, 0};
    s.shell.theme = options.theme;
    s.shell.presenter = options.presenter;
    s.shell.lesson_path = lesson_path;
    s.shell.goto_step = options.goto_step;
    register_all_views(s.registry);
    if (!options.demo_world.empty()) {
        if (demo_worlds) s.scene = demo_worlds(options.demo_world, options.goto_step);
        if (!s.scene) return k_exit_failure;
        s.views.timeline.lesson_step_positions = s.scene->part_positions;
        s.views.timeline.lesson_step_times_us = s.scene->part_times_us;
        s.views.timeline.furthest_time_us = s.scene->end_time_us;
    } else if (!s.shell.lesson_path.empty()) {
        const bool play = options.bench_frames > 0 && !options.goto_step;
        s.lesson.open(s.shell.lesson_path, play ? std::optional<int>(std::numeric_limits<int>::max()) : options.goto_step);
        if (play && s.lesson.loaded()) {
            s.bench_play_end = s.lesson.run()->control().position();
            s.lesson.run()->control().seek(0);
        }
        say(lesson_status(s.lesson));
        say(fmt::format("lesson picker: {} lessons in {}", s.lesson.lessons().size(),
                        fs::path(s.shell.lesson_path).parent_path().string()));
    }
    s.views.mailboxes.show_stats = options.show_stats;
    if (const auto form = s.lesson.form_for(options.open_settings); form && !options.open_settings.empty()) {
        s.views.settings.form = *form;
        s.views.settings.original = *form;
        s.views.settings.open_requested = true;
    }
    apply_look(window, s.look, s.shell, window.content_scale());
    const int code = main_loop(s, started);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return code;
}

}  // namespace

std::vector<fs::path> lesson_dir_candidates(std::string_view env_lessons, const fs::path& exe_path,
                                            std::string_view source_dir, const fs::path& cwd) {
    std::vector<fs::path> dirs;
    if (!env_lessons.empty()) dirs.push_back((cwd / fs::path(env_lessons)).lexically_normal());
    if (!exe_path.empty()) {
        const fs::path exe_dir = exe_path.parent_path();
        dirs.push_back((exe_dir / ".." / "share" / "postlab" / "lessons").lexically_normal());
        dirs.push_back((exe_dir / "lessons").lexically_normal());
    }
    if (!source_dir.empty()) dirs.push_back((fs::path(source_dir) / "lessons").lexically_normal());
    dirs.push_back((cwd / "lessons").lexically_normal());
    return dirs;
}

std::vector<fs::path> lesson_dir_candidates() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);  // Linux: the executable's real path
    const fs::path cwd = fs::current_path(ec);
    const char* env = std::getenv("POSTLAB_LESSONS");
    return lesson_dir_candidates(env != nullptr ? env : "", exe, POSTLAB_SOURCE_DIR, cwd);
}

LessonLookup find_lesson(const std::vector<fs::path>& dirs, std::string_view file) {
    std::string looked;
    for (const fs::path& dir : dirs) {
        std::error_code ec;
        const fs::path path = dir / fs::path(file);
        if (fs::is_regular_file(path, ec)) return {path.string(), ""};
        looked += "\n  " + path.string();
    }
    return {"", fmt::format("no lessons found: {} is in none of these places (in the order looked):{}\n"
                            "Set POSTLAB_LESSONS to a lessons directory, or pass --lesson FILE.",
                            file, looked)};
}

int run_gui(const GuiOptions& options, Clock::time_point started, const DemoWorldFactory& demo_worlds) {
    std::string lesson_path = options.lesson_path;
    if (lesson_path.empty() && options.demo_world.empty()) {
        const LessonLookup found = find_lesson(lesson_dir_candidates());
        if (found.path.empty()) {
            fmt::print(stderr, "postlab gui: {}\n", found.error);  // before a window opens for nothing
            return k_exit_failure;
        }
        lesson_path = found.path;
    }
    return run_window(options, lesson_path, started, demo_worlds);
}

}  // namespace postlab::ui
