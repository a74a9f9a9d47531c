// Font Awesome 4.7 glyphs (Debian fonts-font-awesome) that fonts.cpp merges into the text fonts,
// as UTF-8 strings to paste into labels: ImGui::Text("%s Server", icons::server).
#pragma once

#include <imgui.h>

namespace postlab::ui::icons {

inline constexpr const char* envelope = "\uf0e0";
inline constexpr const char* lock = "\uf023";
inline constexpr const char* unlock = "\uf09c";
inline constexpr const char* mobile = "\uf10b";
inline constexpr const char* desktop = "\uf108";
inline constexpr const char* tablet = "\uf10a";
inline constexpr const char* server = "\uf233";
inline constexpr const char* globe = "\uf0ac";
inline constexpr const char* ban = "\uf05e";
inline constexpr const char* play = "\uf04b";
inline constexpr const char* pause = "\uf04c";
inline constexpr const char* step_forward = "\uf051";
inline constexpr const char* step_backward = "\uf048";
// Mailboxes, lesson checks and the settings dialog:
inline constexpr const char* check = "\uf00c";
inline constexpr const char* times = "\uf00d";
inline constexpr const char* cog = "\uf013";
inline constexpr const char* flag = "\uf024";
inline constexpr const char* question_circle = "\uf059";
inline constexpr const char* eye = "\uf06e";
inline constexpr const char* warning = "\uf071";
inline constexpr const char* circle = "\uf111";
inline constexpr const char* trash = "\uf1f8";
inline constexpr const char* envelope_open = "\uf2b6";

// The code points above as ImGui glyph ranges (pairs, sorted, zero-terminated): only these are
// rasterized, which keeps the atlas small at presenter sizes.
inline constexpr ImWchar k_glyph_ranges[] = {
    0xf00c, 0xf00d, 0xf013, 0xf013, 0xf023, 0xf024, 0xf048, 0xf048, 0xf04b, 0xf04c,
    0xf051, 0xf051, 0xf059, 0xf059, 0xf05e, 0xf05e, 0xf06e, 0xf06e, 0xf071, 0xf071,
    0xf09c, 0xf09c, 0xf0ac, 0xf0ac, 0xf0e0, 0xf0e0, 0xf108, 0xf108, 0xf10a, 0xf10b,
    0xf111, 0xf111, 0xf1f8, 0xf1f8, 0xf233, 0xf233, 0xf2b6, 0xf2b6, 0,
};

}  // namespace postlab::ui::icons
