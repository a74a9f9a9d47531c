// Text fonts for the visualizer: DejaVu Sans (UI) and DejaVu Sans Mono (wire bytes, hex) from
// Debian's paths, each with the Font Awesome icons of icons.hpp merged in. A missing file falls
// back (ImGui's built-in font, or no icons) with a log line, never a crash.
#pragma once

#include <string>

struct ImFont;
struct ImFontAtlas;

namespace postlab::ui {

struct FontPaths {
    std::string sans;
    std::string mono;
    std::string icons;
};

// /usr/share/fonts/truetype/dejavu/... and /usr/share/fonts/truetype/font-awesome/...
FontPaths debian_font_paths();

struct Fonts {
    ImFont* regular = nullptr;  // never null after load_fonts()
    ImFont* mono = nullptr;     // never null: the regular font when the mono file is missing
    float size_px = 0;
    bool icons_loaded = false;
    bool fell_back = false;     // some file was missing; see the log lines
};

// Normal and presenter (projector) sizes before HiDPI scaling.
inline constexpr float k_font_px_normal = 15.0f;
inline constexpr float k_font_px_presenter = 26.0f;

// Clears `atlas` and adds the fonts at `size_px`. The caller rebuilds the GPU texture
// afterwards (AppWindow::rebuild_fonts does both). Log lines go to stderr.
Fonts load_fonts(ImFontAtlas& atlas, float size_px, const FontPaths& paths);

}  // namespace postlab::ui
