// The account settings dialog (DESIGN.md §4), opened by a Mailboxes column's gear (or
// --open-settings): a device's incoming and outgoing server, port, security and authentication,
// as a real mail app's dialog; Apply replays the lesson with the change (settings_model.hpp).
#pragma once

#include "ui/view.hpp"

namespace postlab::ui {

void draw_settings_dialog(ViewContext& ctx);

}  // namespace postlab::ui
