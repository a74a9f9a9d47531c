// The topology view (DESIGN.md §4): hosts and links, packets in flight coloured by protocol with
// port and lock labels, drops and refusals where they happen. Draws from topology_model.hpp.
#pragma once

#include "ui/view.hpp"

namespace postlab::ui {

void draw_topology(ViewContext& ctx);

}  // namespace postlab::ui
