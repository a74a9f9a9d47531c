// The view registry (ImHex's shape, DESIGN.md §4): a view is a name, the screen region it fills
// and a draw function; a ViewContext hands it everything it may read or change. Views read the
// world and its trace (const) and change things only through SimControl (DESIGN.md §1).
//
// Adding a view (the lesson views arrive with sim/):
//   void draw_topology(ViewContext& ctx) {          // ui/views/topology_view.cpp
//       if (ctx.world == nullptr) return;           // the shell shows the placeholder instead
//       const sim::World& world = *ctx.world;       // include "sim/world.hpp" there
//       ... ImGui calls using ctx.theme, ctx.fonts, ctx.state.topology ...
//       if (clicked) ctx.control->step();           // the only way to change the world
//   }
//   registry.set_draw(Region::topology, &draw_topology);
// The shell opens the region's panel (title strip, border, child window sized to the region)
// before calling draw, so a view only draws its contents.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "ui/fonts.hpp"
#include "ui/layout.hpp"
#include "ui/theme.hpp"

// Declared only: ui/ does not link sim/ until the views that use it arrive; these pointers keep
// ViewContext's shape stable for them.
namespace postlab::sim {
class World;
class Trace;
class SimControl;
}  // namespace postlab::sim

namespace postlab::ui {

// Per-view state (zoom, selection, playhead) lives in plain structs here, so presenter mode,
// themes and tests can reach it without a view object. Views add their own fields.
struct TopologyViewState {
    float zoom = 1.0f;
};
struct LadderViewState {
    std::optional<std::size_t> selected_entry;  // index into the trace
    bool follow_playhead = true;
};
struct MailboxesViewState {
    bool highlight_differences = true;
};
struct InspectorViewState {
    bool show_hex = false;
};
struct TimelineViewState {
    float speed = 1.0f;  // simulated seconds per real second
    bool playing = false;
};

struct ViewStates {
    TopologyViewState topology;
    LadderViewState ladder;
    MailboxesViewState mailboxes;
    InspectorViewState inspector;
    TimelineViewState timeline;
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
    // Null until a lesson is loaded (the simulated world is not wired into the GUI yet).
    const sim::World* world = nullptr;
    const sim::Trace* trace = nullptr;
    sim::SimControl* control = nullptr;
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
