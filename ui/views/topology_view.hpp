// The topology view (DESIGN.md §4): hosts and links, packets in flight coloured by protocol with
// port and lock labels, drops and refusals where they happen. Draws from topology_model.hpp.
#pragma once

#include <cstdint>

#include "ui/view.hpp"

namespace postlab::ui {

void draw_topology(ViewContext& ctx);

// Whether any packet is on a link at `now_us` (the timeline skips idle gaps only when none is).
bool topology_packets_in_flight(const sim::World& world, std::uint64_t generation, std::int64_t now_us);

}  // namespace postlab::ui
