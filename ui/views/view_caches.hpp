// What the views keep between frames (DESIGN.md §4: view state is plain structs): layouts, indexes
// built incrementally from the trace, texts computed once per selection. One ViewCaches belongs
// to the GUI session (ui/gui_app.cpp) and reaches the views as ViewContext::caches. Each cache
// notes the world it was built from (ViewStates::world_generation, the trace size) and extends or
// rebuilds itself when that changes; none of it is state a trainer chose (that is ViewStates).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/explain.hpp"
#include "ui/views/inspector_model.hpp"
#include "ui/views/ladder_model.hpp"
#include "ui/views/stats_model.hpp"
#include "ui/views/timeline_model.hpp"
#include "ui/views/topology_model.hpp"

namespace postlab::ui {

// The topology view (topology_view.cpp).
struct TopologyCache {
    topo::LayoutCache layout;
    topo::TopologyLayout screen;  // the layout after zoom and pan, rebuilt every frame
    topo::ViewTransform transform;
    bool panning = false;         // a drag that started on empty space (or with the middle button)
    topo::CrashIndex crashes;
    std::vector<topo::CrashMark> marks;
    std::vector<topo::NodeInput> inputs;
    std::vector<const char*> icon_of_host;  // kind icons, refreshed with the host set
    std::size_t hosts_seen = ~std::size_t{0};
    std::uint64_t generation = ~0ull;
    // Scratch, reused every frame.
    std::vector<std::size_t> active;
    std::vector<topo::Vec2> points;
    std::vector<std::size_t> point_flight;
};

// The sequence (ladder) view (ladder_view.cpp).
struct LadderCache {
    ladder::LadderModel model;
    std::size_t followed_rows = 0;  // the row count when we last scrolled to the newest row
    std::size_t followed_trace = 0;
    std::vector<std::pair<std::uint32_t, std::string>> devices;  // for the device filter
    std::size_t devices_hosts = ~std::size_t{0};
    // The selection and filters as this view last saw them: a change it did not make itself
    // (another view picked an entry, the filters renumbered the rows) asks for a reveal.
    std::optional<std::size_t> seen_selection;
    ladder::Options seen_options;
    bool reveal_pending = false;
    // The lifeline header's texts, measured at x0 = 0: recomputed when the lifelines (a new world,
    // new filters, a new lifeline: lifelines are only appended otherwise), the strip width or the
    // font change, not every frame.
    ladder::LifelineHeader header;
    std::uint64_t header_generation = ~0ull;
    ladder::Options header_options;
    std::size_t header_lanes = 0;
    float header_width = -1, header_font = -1;
};

// The inspector (inspector_view.cpp): the texts of the selected entry.
struct InspectorCache {
    std::optional<std::size_t> entry;
    std::uint64_t generation = ~0ull;
    std::string visible;
    std::vector<std::string> hex;
    std::vector<inspect::Field> fields;
    inspect::EavesdropperView eavesdropper;
    std::optional<sim::Explanation> explanation;
};

// The timeline (timeline_view.cpp).
struct TimelineCache {
    std::uint64_t generation = ~0ull;
    std::size_t lesson_steps = ~std::size_t{0};
    std::size_t connections = ~std::size_t{0};
    std::vector<timeline::TimeUs> markers;
    std::vector<std::uint64_t> marker_positions;  // lesson steps only
    bool lesson_markers = false;
    // The axis: idle gaps learnt as the trace grows (only new entries are read), laid out again
    // only when they, the range or the width change.
    timeline::Activity activity;
    timeline::TimeAxis axis;
    bool linear_time = false;
};

// The Stats tab (stats_view.cpp): compute_stats reads the whole trace, so its result is kept
// until the world moves. The key is the world (generation), the trace size and the events
// processed (World::steps): a store can change at an event that adds nothing to the trace.
struct StatsCache {
    std::uint64_t generation = ~0ull;
    std::size_t trace_size = ~std::size_t{0};
    std::uint64_t steps = ~0ull;
    Stats stats;
};

struct ViewCaches {
    // The packets of the shown world's trace: the topology view draws them, the timeline plays on
    // while one is still on its way.
    topo::FlightIndex flights;
    TopologyCache topology;
    LadderCache ladder;
    InspectorCache inspector;
    TimelineCache timeline;
    StatsCache stats;
};

}  // namespace postlab::ui
