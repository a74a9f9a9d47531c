// The Stats view (DESIGN.md §4), a tab of the Mailboxes panel: bytes and round trips per protocol,
// connections by outcome, bytes per device and server storage per account. Draws from
// stats_model.hpp, recomputed only when the world moves (ViewCaches::stats).
#pragma once

#include "ui/view.hpp"

namespace postlab::ui {

void draw_stats(ViewContext& ctx);

}  // namespace postlab::ui
