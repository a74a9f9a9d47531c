// Plugs the topology, sequence (ladder), inspector and timeline views into the registry.
#pragma once

#include "ui/view.hpp"
#include "ui/views/inspector_view.hpp"
#include "ui/views/ladder_view.hpp"
#include "ui/views/timeline_view.hpp"
#include "ui/views/topology_view.hpp"

namespace postlab::ui {

inline void register_views_a(ViewRegistry& registry) {
    registry.set_draw(Region::topology, &draw_topology);
    registry.set_draw(Region::ladder, &draw_ladder);
    registry.set_draw(Region::inspector, &draw_inspector);
    registry.set_draw(Region::timeline, &draw_timeline);
}

}  // namespace postlab::ui
