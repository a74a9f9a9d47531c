// register_all_views(); see all_views.hpp. The top bar is the shell's own.
#include "ui/views/all_views.hpp"

#include "ui/views/inspector_view.hpp"
#include "ui/views/ladder_view.hpp"
#include "ui/views/lesson_view.hpp"
#include "ui/views/mailboxes_view.hpp"
#include "ui/views/timeline_view.hpp"
#include "ui/views/topology_view.hpp"

namespace postlab::ui {

void register_all_views(ViewRegistry& registry) {
    registry.set_draw(Region::lesson, &draw_lesson_panel);
    registry.set_draw(Region::topology, &draw_topology);
    registry.set_draw(Region::mailboxes, &draw_mailboxes);
    registry.set_draw(Region::ladder, &draw_ladder);
    registry.set_draw(Region::timeline, &draw_timeline);
    registry.set_draw(Region::inspector, &draw_inspector);
}

}  // namespace postlab::ui
