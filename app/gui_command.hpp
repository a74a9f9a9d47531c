// `postlab gui` (the default subcommand, DESIGN.md §1): the visualizer window over a lesson
// (--lesson FILE, --goto STEP; the POP3 starter lesson by default).
#pragma once

#include <CLI/CLI.hpp>

#include "ui/gui_app.hpp"

namespace postlab::app {

// Registers the `gui` subcommand; its options land in `options`.
CLI::App* add_gui_command(CLI::App& app, ui::GuiOptions& options);

// Runs it. Exit codes: 0 done, 1 no OpenGL 3.3 context or screenshot not written, 2 bad
// arguments (CLI11), 3 no display (no DISPLAY/WAYLAND_DISPLAY, or GLFW cannot open it).
int run_gui(const ui::GuiOptions& options);

}  // namespace postlab::app
