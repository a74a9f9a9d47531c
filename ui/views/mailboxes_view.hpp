// The Mailboxes panel (DESIGN.md §4): the server's copy of each account next to every device that
// reads it, differences and this step's changes marked, a gear per device that opens the account
// settings dialog, and a tab with the Stats view. Draws from mailboxes_model.hpp.
#pragma once

#include "ui/view.hpp"

namespace postlab::ui {

void draw_mailboxes(ViewContext& ctx);

}  // namespace postlab::ui
