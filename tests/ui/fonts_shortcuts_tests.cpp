// Fonts (ui/fonts.hpp) without a window: the Debian fonts load with the icons merged, and missing
// files fall back instead of crashing. Shortcuts (ui/shortcuts.hpp): key mapping and effects.
#include <GLFW/glfw3.h>
#include <catch2/catch.hpp>
#include <imgui.h>

#include "ui/fonts.hpp"
#include "ui/shortcuts.hpp"

using namespace postlab::ui;

TEST_CASE("Debian fonts load at both sizes with the Font Awesome glyphs merged") {
    const float size = GENERATE(as<float>{}, k_font_px_normal, k_font_px_presenter);
    ImFontAtlas atlas;
    const Fonts fonts = load_fonts(atlas, size, debian_font_paths());
    REQUIRE(fonts.regular != nullptr);
    REQUIRE(fonts.mono != nullptr);
    CHECK(fonts.mono != fonts.regular);
    CHECK(fonts.icons_loaded);
    CHECK_FALSE(fonts.fell_back);
    REQUIRE(atlas.Build());
    CHECK(fonts.regular->FontSize == size);
    for (unsigned icon : {0xf0e0u, 0xf023u, 0xf09cu, 0xf10bu, 0xf108u, 0xf10au, 0xf233u, 0xf0acu,
                          0xf05eu, 0xf04bu, 0xf04cu, 0xf051u, 0xf048u}) {
        INFO(std::hex << icon);
        CHECK(fonts.regular->FindGlyphNoFallback(static_cast<ImWchar>(icon)) != nullptr);
        CHECK(fonts.mono->FindGlyphNoFallback(static_cast<ImWchar>(icon)) != nullptr);
    }
    CHECK(fonts.regular->FindGlyphNoFallback(0x00e9) != nullptr);  // é: DejaVu, not ProggyClean
}

TEST_CASE("missing font files fall back to ImGui's default font") {
    ImFontAtlas atlas;
    const Fonts fonts = load_fonts(atlas, 20, {"/nonexistent/a.ttf", "/nonexistent/b.ttf", ""});
    REQUIRE(fonts.regular != nullptr);
    CHECK(fonts.mono == fonts.regular);
    CHECK(fonts.fell_back);
    CHECK_FALSE(fonts.icons_loaded);
    REQUIRE(atlas.Build());
    CHECK(fonts.regular->FindGlyphNoFallback('A') != nullptr);
    CHECK(fonts.regular->FindGlyphNoFallback(0xf0e0) == nullptr);
}

TEST_CASE("a missing icon font keeps the text fonts") {
    auto paths = debian_font_paths();
    paths.icons = "/nonexistent/icons.ttf";
    ImFontAtlas atlas;
    const Fonts fonts = load_fonts(atlas, 15, paths);
    CHECK(fonts.fell_back);
    CHECK_FALSE(fonts.icons_loaded);
    REQUIRE(atlas.Build());
    CHECK(fonts.regular->FindGlyphNoFallback(0x00e9) != nullptr);
}

TEST_CASE("shortcut keys map to actions and report what they did") {
    CHECK(shortcut_for_key(GLFW_KEY_SPACE, 0) == Shortcut::play_pause);
    CHECK(shortcut_for_key(GLFW_KEY_F11, 0) == Shortcut::toggle_presenter);
    CHECK(shortcut_for_key(GLFW_KEY_P, 0) == Shortcut::toggle_presenter);
    CHECK(shortcut_for_key(GLFW_KEY_T, 0) == Shortcut::toggle_theme);
    CHECK(shortcut_for_key(GLFW_KEY_RIGHT, 0) == Shortcut::step_forward);
    CHECK(shortcut_for_key(GLFW_KEY_LEFT, 0) == Shortcut::step_backward);
    CHECK(shortcut_for_key(GLFW_KEY_Q, GLFW_MOD_CONTROL) == Shortcut::quit);
    CHECK_FALSE(shortcut_for_key(GLFW_KEY_Q, 0).has_value());
    CHECK_FALSE(shortcut_for_key(GLFW_KEY_T, GLFW_MOD_CONTROL).has_value());
    CHECK_FALSE(shortcut_for_key(GLFW_KEY_A, 0).has_value());

    ShellState shell;
    ViewStates views;
    CHECK(apply_shortcut(Shortcut::toggle_presenter, shell, views, false) == "presenter on");
    CHECK(shell.presenter);
    CHECK(apply_shortcut(Shortcut::toggle_presenter, shell, views, false) == "presenter off");
    CHECK(apply_shortcut(Shortcut::toggle_theme, shell, views, false) == "theme light");
    CHECK(shell.theme == ThemeKind::light);
    // Without a lesson, playback keys change nothing and say why.
    CHECK(apply_shortcut(Shortcut::play_pause, shell, views, false).find("no lesson loaded") !=
          std::string::npos);
    CHECK_FALSE(views.timeline.playing);
    CHECK(apply_shortcut(Shortcut::play_pause, shell, views, true) == "play");
    CHECK(views.timeline.playing);
    CHECK(apply_shortcut(Shortcut::quit, shell, views, false) == "quit");
    CHECK(shell.quit_requested);
}
