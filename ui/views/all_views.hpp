// The views of the main screen in one place (DESIGN.md §4, ImHex's registry): which view's draw
// function fills which region. The Stats tab and the account settings dialog belong to the
// Mailboxes panel, which draws them (stats_view.hpp, settings_dialog.hpp).
#pragma once

#include "ui/view.hpp"

namespace postlab::ui {

void register_all_views(ViewRegistry& registry);

}  // namespace postlab::ui
