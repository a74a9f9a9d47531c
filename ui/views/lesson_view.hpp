// The Lesson panel (DESIGN.md §4): the lesson's title and step, narration, checks with pass/fail,
// predict-then-reveal questions, the exercise hint, a lesson picker and the loader's diagnostics
// when the file is bad. Draws from lesson_model.hpp through the LessonSession.
#pragma once

#include "ui/view.hpp"

namespace postlab::ui {

void draw_lesson_panel(ViewContext& ctx);

}  // namespace postlab::ui
