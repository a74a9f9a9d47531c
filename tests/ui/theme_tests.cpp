// Themes (ui/theme.hpp): text stays legible against panels and background in every theme
// (WCAG contrast ratios), colours that carry meaning stand out, presenter variants contrast more.
#include <catch2/catch.hpp>
#include <imgui.h>

#include "ui/theme.hpp"

using namespace postlab::ui;

TEST_CASE("contrast ratio follows WCAG: black on white is 21, equal colours 1") {
    CHECK(contrast_ratio(Rgba::hex(0x000000), Rgba::hex(0xffffff)) == Approx(21.0));
    CHECK(contrast_ratio(Rgba::hex(0x777777), Rgba::hex(0x777777)) == Approx(1.0));
    CHECK(contrast_ratio(Rgba::hex(0xffffff), Rgba::hex(0x000000)) == Approx(21.0));
    // #767676 on white is the well-known 4.54:1 threshold colour.
    CHECK(contrast_ratio(Rgba::hex(0x767676), Rgba::hex(0xffffff)) == Approx(4.54).epsilon(0.01));
}

TEST_CASE("theme text is legible against its background and panels") {
    const ThemeKind kind = GENERATE(ThemeKind::dark, ThemeKind::light);
    const bool high_contrast = GENERATE(false, true);
    const Theme t = make_theme(kind, high_contrast);
    INFO(theme_name(kind) << (high_contrast ? " high contrast" : ""));
    CHECK(t.kind == kind);
    CHECK(contrast_ratio(t.text, t.background) >= 7.0);   // WCAG AAA body text
    CHECK(contrast_ratio(t.text, t.panel) >= 7.0);
    CHECK(contrast_ratio(t.text, t.panel_title) >= 7.0);
    CHECK(contrast_ratio(t.text_dim, t.panel) >= 4.5);    // WCAG AA
    for (std::size_t i = 0; i < k_protocol_kind_count; ++i) {
        INFO("protocol " << i);
        CHECK(contrast_ratio(t.protocols[i], t.panel) >= 3.0);  // WCAG graphics
    }
    CHECK(contrast_ratio(t.ok, t.panel) >= 3.0);
    CHECK(contrast_ratio(t.fail, t.panel) >= 3.0);
    CHECK(contrast_ratio(t.warn, t.panel) >= 3.0);
    // Highlighted mailbox rows stay readable and are visibly different from plain ones.
    CHECK(contrast_ratio(t.text, t.diff_highlight) >= 7.0);
    CHECK(contrast_ratio(t.diff_highlight, t.panel) > 1.1);
    // Panels stand out from the background so the regions read as separate.
    CHECK(t.panel.to_hex() != t.background.to_hex());
}

TEST_CASE("dark is dark, light is light, and protocols have distinct colours") {
    for (bool hc : {false, true}) {
        CHECK(relative_luminance(make_theme(ThemeKind::dark, hc).background) < 0.05);
        CHECK(relative_luminance(make_theme(ThemeKind::light, hc).background) > 0.6);
        const Theme t = make_theme(ThemeKind::dark, hc);
        for (std::size_t i = 0; i < k_protocol_kind_count; ++i) {
            for (std::size_t j = i + 1; j < k_protocol_kind_count; ++j) {
                CHECK(t.protocols[i].to_hex() != t.protocols[j].to_hex());
            }
        }
        CHECK(t.protocol(ProtocolKind::imap).to_hex() == t.protocols[2].to_hex());
    }
}

TEST_CASE("presenter (high-contrast) variants contrast at least as much as the normal themes") {
    for (ThemeKind kind : {ThemeKind::dark, ThemeKind::light}) {
        const Theme normal = make_theme(kind, false);
        const Theme presenter = make_theme(kind, true);
        CHECK(contrast_ratio(presenter.text, presenter.panel) >= contrast_ratio(normal.text, normal.panel));
        CHECK(contrast_ratio(presenter.text_dim, presenter.panel) >=
              contrast_ratio(normal.text_dim, normal.panel));
    }
}

TEST_CASE("apply_theme copies the theme into the ImGui style") {
    const Theme t = make_theme(ThemeKind::light, false);
    ImGuiStyle style;
    apply_theme(t, style);
    CHECK(style.Colors[ImGuiCol_Text].x == t.text.r);
    CHECK(style.Colors[ImGuiCol_WindowBg].z == t.background.b);
    CHECK(style.Colors[ImGuiCol_ChildBg].y == t.panel.g);
    CHECK(style.Colors[ImGuiCol_Border].x == t.border.r);
}

TEST_CASE("theme names parse both ways") {
    CHECK(parse_theme("dark") == ThemeKind::dark);
    CHECK(parse_theme("light") == ThemeKind::light);
    CHECK_FALSE(parse_theme("Dark").has_value());
    CHECK_FALSE(parse_theme("").has_value());
    CHECK(*parse_theme(theme_name(ThemeKind::light)) == ThemeKind::light);
    CHECK(Rgba::hex(0x12ab34).to_hex() == 0x12ab34u);
}
