// Keyboard shortcuts of the main screen and what each does to the shell state. Pure (GLFW key
// codes in, a log line out) so the mapping is unit-tested; `postlab gui` prints the line for
// every handled shortcut, which is what the xdotool test reads.
#pragma once

#include <optional>
#include <string>

#include "ui/view.hpp"

namespace postlab::ui {

enum class Shortcut {
    play_pause, step_forward, step_backward, toggle_presenter, toggle_theme, quit,
    lesson_step_forward, lesson_step_backward,  // Shift+Right / Shift+Left
};

// Space: play/pause; Right/Left: step; Shift+Right/Left: lesson step; F11 or P: presenter mode; T: theme; Ctrl+Q: quit.
std::optional<Shortcut> shortcut_for_key(int glfw_key, int glfw_mods);

const char* shortcut_key_name(Shortcut shortcut);

// Applies it and returns what happened, e.g. "presenter on". Playback shortcuts change nothing
// while no lesson is loaded and say so; otherwise steps become requests in views.timeline
// (pending_steps, pending_lesson_steps) that the timeline view carries out through SimControl.
std::string apply_shortcut(Shortcut shortcut, ShellState& shell, ViewStates& views,
                           bool lesson_loaded);

}  // namespace postlab::ui
