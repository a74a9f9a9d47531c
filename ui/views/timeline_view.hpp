// The timeline and playback controls (DESIGN.md §4): step back, play/pause, step, speed, and a
// scrubber over the run with markers at lesson steps (or connection starts). Carries out the
// step requests that shortcuts leave in TimelineViewState, through SimControl / LessonSession.
#pragma once

#include "ui/view.hpp"

namespace postlab::ui {

void draw_timeline(ViewContext& ctx);

}  // namespace postlab::ui
