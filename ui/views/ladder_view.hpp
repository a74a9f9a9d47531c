// The sequence (ladder) view (DESIGN.md §4): lifelines per endpoint, an arrow per command and
// reply, TCP/TLS handshakes collapsible, filters, virtualized rows; clicking selects the entry
// everywhere. Draws from ladder_model.hpp.
#pragma once

#include "ui/view.hpp"

namespace postlab::ui {

void draw_ladder(ViewContext& ctx);

}  // namespace postlab::ui
