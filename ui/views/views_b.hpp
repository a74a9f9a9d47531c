// The lesson-side views (DESIGN.md §4): the Lesson panel, Mailboxes (with a Stats tab) and the
// account settings dialog a Mailboxes column opens. Each is a draw function over a ViewContext;
// register_views_b() plugs them into the registry. Shared painting helpers live here too.
#pragma once

#include <imgui.h>

#include <string_view>

#include "ui/colour.hpp"
#include "ui/view.hpp"

namespace postlab::ui {

void draw_lesson_panel(ViewContext& ctx);     // ui/views/lesson_view.cpp
void draw_mailboxes(ViewContext& ctx);        // ui/views/mailboxes_view.cpp
void draw_stats(ViewContext& ctx);            // ui/views/stats_view.cpp
void draw_settings_dialog(ViewContext& ctx);  // ui/views/settings_dialog.cpp

void register_views_b(ViewRegistry& registry);

// Markdown-lite (lesson_model.hpp) wrapped to the available width and painted at the cursor:
// **bold** drawn twice one pixel apart (the fonts have no bold face), `code` in the mono font on
// a tinted background.
void draw_markdown(const ViewContext& ctx, std::string_view text, Rgba colour);

}  // namespace postlab::ui
