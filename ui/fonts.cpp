// load_fonts(); see fonts.hpp. Files are checked before ImGui sees them because
// ImFontAtlas::AddFontFromFileTTF asserts on a missing file in Debian's build.
#include "ui/fonts.hpp"

#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <imgui.h>

#include "ui/icons.hpp"

namespace postlab::ui {
namespace {

bool readable(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    return !path.empty() && file.good() && file.peek() != std::ifstream::traits_type::eof();
}

// Adds the icon glyphs to the font added just before; false when the icon file is missing.
bool merge_icons(ImFontAtlas& atlas, float size_px, const std::string& path) {
    if (!readable(path)) return false;
    ImFontConfig config;
    config.MergeMode = true;
    config.PixelSnapH = true;
    // Icons are drawn a little smaller than the text and centred on its line.
    config.GlyphMinAdvanceX = size_px;
    config.GlyphOffset.y = std::round(size_px * 0.05f);
    return atlas.AddFontFromFileTTF(path.c_str(), size_px * 0.9f, &config,
                                    icons::k_glyph_ranges) != nullptr;
}

ImFont* add_text_font(ImFontAtlas& atlas, const std::string& path, float size_px) {
    ImFontConfig config;
    config.OversampleH = 2;  // 3 is ImGui's default; 2 halves atlas width with no visible loss
    return atlas.AddFontFromFileTTF(path.c_str(), size_px, &config);
}

}  // namespace

FontPaths debian_font_paths() {
    return {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
            "/usr/share/fonts/truetype/font-awesome/fontawesome-webfont.ttf"};
}

Fonts load_fonts(ImFontAtlas& atlas, float size_px, const FontPaths& paths) {
    atlas.Clear();
    Fonts fonts;
    fonts.size_px = size_px;
    const bool have_icons = readable(paths.icons);
    if (!have_icons) {
        fmt::print(stderr, "postlab gui: icon font '{}' not found: icons show as '?'\n", paths.icons);
        fonts.fell_back = true;
    }
    if (readable(paths.sans)) {
        fonts.regular = add_text_font(atlas, paths.sans, size_px);
    }
    if (fonts.regular == nullptr) {
        fmt::print(stderr, "postlab gui: font '{}' not found: using ImGui's built-in font\n", paths.sans);
        ImFontConfig config;
        config.SizePixels = std::round(size_px);
        fonts.regular = atlas.AddFontDefault(&config);
        fonts.fell_back = true;
    }
    fonts.icons_loaded = have_icons && merge_icons(atlas, size_px, paths.icons);
    if (readable(paths.mono)) {
        fonts.mono = add_text_font(atlas, paths.mono, size_px);
        if (fonts.mono != nullptr && have_icons) merge_icons(atlas, size_px, paths.icons);
    }
    if (fonts.mono == nullptr) {
        fmt::print(stderr, "postlab gui: font '{}' not found: using the regular font for bytes\n",
                   paths.mono);
        fonts.mono = fonts.regular;
        fonts.fell_back = true;
    }
    return fonts;
}

}  // namespace postlab::ui
