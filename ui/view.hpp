// The view registry (ImHex's shape, DESIGN.md §4): a view is a name, the screen region it fills
// and a draw function; a ViewContext hands it everything it may read or change. Views read the
// world and its trace (const) and change things only through SimControl (DESIGN.md §1).
//
// Adding a view:
//   void draw_topology(ViewContext& ctx) {          // ui/views/topology_view.cpp
//       if (ctx.world == nullptr) return;           // the shell shows the placeholder instead
//       const sim::World& world = *ctx.world;       // include "sim/world.hpp" there
//       ... ImGui calls using ctx.theme, ctx.fonts, ctx.views.topology, ctx.caches->topology ...
//       if (clicked) ctx.control->step();           // the only way to change the world
//   }
//   registry.set_draw(Region::topology, &draw_topology);  // in ui/views/all_views.cpp
// The shell opens the region's panel (title strip, border, child window sized to the region)
// before calling draw, so a view only draws its contents.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ui/fonts.hpp"
#include "ui/layout.hpp"
#include "ui/theme.hpp"
#include "ui/views/settings_model.hpp"

// Declared only, so this header (the shell, shortcuts and tests include it) stays light; the
// views include the sim/ headers they read.
namespace postlab::sim {
class World;
class Trace;
class SimControl;
}  // namespace postlab::sim

namespace postlab::ui {

class LessonSession;
struct ViewCaches;  // ui/views/view_caches.hpp

// Per-view state (zoom, selection, playhead) lives in plain structs here, so presenter mode,
// themes and tests can reach it without a view object. Views add their own fields.
struct TopologyViewState {
    float zoom = 1.0f;
    bool show_labels = true;  // host names under the icons (hidden automatically when crowded)
};
struct LadderViewState {
    // The shared selection: the ladder, topology, inspector and timeline all show this entry.
    std::optional<std::size_t> selected_entry;  // index into the trace
    bool follow_playhead = true;
    bool collapse_transport = true;    // TCP/TLS handshakes as one row each, bare ACKs hidden
    std::uint32_t protocol_mask = ~0u;  // bit i: ProtocolKind i shown
    std::optional<std::uint32_t> device_filter;  // a HostId value: only rows to or from it
};
struct MailboxesViewState {
    bool highlight_differences = true;
    bool show_stats = false;  // the panel's Stats tab instead of the mailboxes
};
// The lesson panel (ui/views/lesson_view.cpp): predict-then-reveal per step.
struct LessonViewState {
    std::size_t revealed_step = 0;          // 1-based step whose answer is shown; 0: none
    std::optional<std::size_t> prediction;  // the choice the class picked before revealing
    std::size_t prediction_step = 0;
    bool show_picker = false;
};
// The account settings dialog (ui/views/settings_dialog.cpp): the form being edited and the form
// as it was when opened (Apply sends the difference).
struct SettingsDialogState {
    bool open_requested = false;
    bool open = false;
    AccountForm form;
    AccountForm original;
    std::vector<std::string> problems;  // validation, shown under the form
};
struct InspectorViewState {
    bool show_hex = false;
};
struct TimelineViewState {
    // 1x plays the simulated network slowed down k_slow_motion times (timeline_model.hpp), so a
    // 20 ms hop is visible; idle gaps between events are skipped. Range 0.25x..16x.
    float speed = 1.0f;
    bool playing = false;
    // The animation time: may run ahead of the world's clock between two events. Unset: the
    // world's clock.
    std::optional<std::int64_t> playhead_us;
    // Requests from shortcuts and top-bar buttons, carried out by the timeline view (which holds
    // the SimControl): +n steps forward, -n back; lesson steps likewise.
    int pending_steps = 0;
    int pending_lesson_steps = 0;
    // Filled by the lesson wiring when a LessonRun exists: the SimControl position (event
    // count) and world time at the start of each lesson step. Empty: markers at connection starts.
    std::vector<std::uint64_t> lesson_step_positions;
    std::vector<std::int64_t> lesson_step_times_us;
    std::int64_t furthest_time_us = 0;  // the scrubber's right end: the latest time seen
};

struct ViewStates {
    TopologyViewState topology;
    LadderViewState ladder;
    MailboxesViewState mailboxes;
    LessonViewState lesson;
    SettingsDialogState settings;
    InspectorViewState inspector;
    TimelineViewState timeline;
    // Bumped by whoever replaces the world (lesson load/reload, replay after a settings change):
    // views drop their caches built from the previous world's trace.
    std::uint64_t world_generation = 0;
};

// The shell's own state: what the top bar and shortcuts change.
struct ShellState {
    ThemeKind theme = ThemeKind::dark;
    bool presenter = false;
    std::string lesson_path;           // --lesson, shown until lessons load
    std::optional<int> goto_step;      // --goto
    float left_fraction = 0.22f;       // splitters (see LayoutParams)
    float right_fraction = 0.26f;
    float bottom_fraction = 0.34f;
    bool quit_requested = false;
};

struct ViewContext {
    const Theme& theme;
    const Fonts& fonts;
    ShellState& shell;
    ViewStates& views;
    Rect region;  // the panel's content area in screen pixels
    // Null while no world is shown (no lesson loaded, or it did not load; --demo-world shows one).
    const sim::World* world = nullptr;
    const sim::Trace* trace = nullptr;
    sim::SimControl* control = nullptr;
    // The loaded lesson (ui/lesson_session.hpp), null when none: the lesson panel, the settings
    // dialog and lesson-step navigation go through it (LessonRun replays, SimControl seeks).
    LessonSession* lesson = nullptr;
    // What the views keep between frames (layouts, trace indexes); set whenever `world` is.
    ViewCaches* caches = nullptr;
};

using DrawFunction = void (*)(ViewContext&);

struct View {
    const char* name;         // panel title
    const char* icon;         // icons.hpp glyph shown before the title
    Region region;
    const char* placeholder;  // shown while draw is null or there is no world
    DrawFunction draw = nullptr;
};

// One view per region below the top bar (the top bar belongs to the shell).
class ViewRegistry {
public:
    ViewRegistry();  // the placeholder views for every region
    const View& view(Region region) const { return m_views[static_cast<std::size_t>(region)]; }
    void set_draw(Region region, DrawFunction draw) {
        m_views[static_cast<std::size_t>(region)].draw = draw;
    }
    const std::array<View, k_region_count>& views() const { return m_views; }

private:
    std::array<View, k_region_count> m_views;
};

}  // namespace postlab::ui
