// Shortcut mapping and effects; see shortcuts.hpp.
#include "ui/shortcuts.hpp"

#include <GLFW/glfw3.h>

namespace postlab::ui {

std::optional<Shortcut> shortcut_for_key(int key, int mods) {
    const bool ctrl = (mods & GLFW_MOD_CONTROL) != 0;
    if (ctrl) return key == GLFW_KEY_Q ? std::optional(Shortcut::quit) : std::nullopt;
    if ((mods & GLFW_MOD_SHIFT) != 0 && key == GLFW_KEY_RIGHT) return Shortcut::lesson_step_forward;
    if ((mods & GLFW_MOD_SHIFT) != 0 && key == GLFW_KEY_LEFT) return Shortcut::lesson_step_backward;
    switch (key) {
        case GLFW_KEY_SPACE: return Shortcut::play_pause;
        case GLFW_KEY_RIGHT: return Shortcut::step_forward;
        case GLFW_KEY_LEFT: return Shortcut::step_backward;
        case GLFW_KEY_F11:
        case GLFW_KEY_P: return Shortcut::toggle_presenter;
        case GLFW_KEY_T: return Shortcut::toggle_theme;
        default: return std::nullopt;
    }
}

const char* shortcut_key_name(Shortcut shortcut) {
    switch (shortcut) {
        case Shortcut::play_pause: return "space";
        case Shortcut::step_forward: return "right";
        case Shortcut::step_backward: return "left";
        case Shortcut::toggle_presenter: return "F11";
        case Shortcut::toggle_theme: return "T";
        case Shortcut::quit: return "ctrl+Q";
        case Shortcut::lesson_step_forward: return "shift+right";
        case Shortcut::lesson_step_backward: return "shift+left";
    }
    return "?";
}

std::string apply_shortcut(Shortcut shortcut, ShellState& shell, ViewStates& views,
                           bool lesson_loaded) {
    const char* no_lesson = "ignored: no lesson loaded (lessons arrive with the simulated world)";
    switch (shortcut) {
        case Shortcut::play_pause:
            if (!lesson_loaded) return std::string("play/pause ") + no_lesson;
            views.timeline.playing = !views.timeline.playing;
            return views.timeline.playing ? "play" : "pause";
        case Shortcut::step_forward:
            if (!lesson_loaded) return std::string("step forward ") + no_lesson;
            ++views.timeline.pending_steps;
            return "step forward";
        case Shortcut::step_backward:
            if (!lesson_loaded) return std::string("step backward ") + no_lesson;
            --views.timeline.pending_steps;
            return "step backward";
        case Shortcut::lesson_step_forward:
            if (!lesson_loaded) return std::string("lesson step forward ") + no_lesson;
            ++views.timeline.pending_lesson_steps;
            return "lesson step forward";
        case Shortcut::lesson_step_backward:
            if (!lesson_loaded) return std::string("lesson step backward ") + no_lesson;
            --views.timeline.pending_lesson_steps;
            return "lesson step backward";
        case Shortcut::toggle_presenter:
            shell.presenter = !shell.presenter;
            return shell.presenter ? "presenter on" : "presenter off";
        case Shortcut::toggle_theme:
            shell.theme = shell.theme == ThemeKind::dark ? ThemeKind::light : ThemeKind::dark;
            return std::string("theme ") + theme_name(shell.theme);
        case Shortcut::quit:
            shell.quit_requested = true;
            return "quit";
    }
    return "";
}

}  // namespace postlab::ui
