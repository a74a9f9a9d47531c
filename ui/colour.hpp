// A theme colour (Rgba, theme.hpp) in the two forms Dear ImGui takes: ImVec4 for style colours
// and widgets, ImU32 for ImDrawList. The one place the views, the shell and the theme convert.
#pragma once

#include <imgui.h>

#include "ui/theme.hpp"

namespace postlab::ui {

// The same colour with its alpha replaced (a button's translucent accent).
constexpr Rgba with_alpha(Rgba c, float alpha) { return {c.r, c.g, c.b, alpha}; }

inline ImVec4 imvec(Rgba c) { return {c.r, c.g, c.b, c.a}; }

// `fade` multiplies the colour's own alpha (1: as the theme defines it).
inline ImU32 imu32(Rgba c, float fade = 1.0f) {
    return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, c.a * fade));
}

}  // namespace postlab::ui
