// The inspector (DESIGN.md §4): the selected entry's explanation and source, what an eavesdropper
// sees (TLS records only, or the plaintext with exposed passwords), the raw bytes with CR/LF
// visible, a hex dump and the decoded fields. Draws from inspector_model.hpp.
#pragma once

#include "ui/view.hpp"

namespace postlab::ui {

void draw_inspector(ViewContext& ctx);

}  // namespace postlab::ui
