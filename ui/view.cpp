// The default view registry: every region starts as a placeholder that says which view will
// appear there and when; see view.hpp for how views replace them.
#include "ui/view.hpp"

#include "ui/icons.hpp"

namespace postlab::ui {

ViewRegistry::ViewRegistry()
    : m_views{{
          {"PostLab", icons::envelope, Region::top_bar, "", nullptr},
          {"Lesson", icons::envelope, Region::lesson,
           "Lesson: narration, questions and checks appear when a lesson is loaded.", nullptr},
          {"Topology", icons::globe, Region::topology,
           "Topology: appears when a lesson is loaded.", nullptr},
          {"Mailboxes", icons::server, Region::mailboxes,
           "Mailboxes: the server's and every device's folders appear when a lesson is loaded.",
           nullptr},
          {"Sequence", icons::envelope, Region::ladder,
           "Sequence (ladder): every command and reply appears here when a lesson is loaded.",
           nullptr},
          {"Timeline", icons::play, Region::timeline,
           "Timeline: the scrubber appears when a lesson is loaded.", nullptr},
          {"Inspector", icons::lock, Region::inspector,
           "Inspector: raw bytes, decoded fields and the RFC explanation of the selected message "
           "appear when a lesson is loaded.",
           nullptr},
      }} {}

}  // namespace postlab::ui
