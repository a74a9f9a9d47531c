// Dark and light themes and their high-contrast presenter variants; see theme.hpp. The protocol
// colours are chosen to stay distinguishable for the common colour-vision deficiencies
// (blue/orange/purple/teal pairs rather than red/green alone).
#include "ui/theme.hpp"

#include <cmath>
#include <imgui.h>

#include "ui/colour.hpp"

namespace postlab::ui {
namespace {

Theme dark_theme(bool high_contrast) {
    Theme t;
    t.kind = ThemeKind::dark;
    t.high_contrast = high_contrast;
    t.background = Rgba::hex(high_contrast ? 0x000000 : 0x15171c);
    t.panel = Rgba::hex(high_contrast ? 0x0b0b0b : 0x1f2229);
    t.panel_title = Rgba::hex(high_contrast ? 0x1a1a1a : 0x2a2e37);
    t.border = Rgba::hex(high_contrast ? 0x8a8a8a : 0x3c414d);
    t.text = Rgba::hex(high_contrast ? 0xffffff : 0xe6e8ec);
    t.text_dim = Rgba::hex(high_contrast ? 0xc8c8c8 : 0x9aa1ad);
    t.accent = Rgba::hex(high_contrast ? 0x4ea1ff : 0x3d7bd9);
    t.selection = Rgba::hex(0x3d7bd9, 0.45f);
    t.ok = Rgba::hex(high_contrast ? 0x5ee08a : 0x4cc27a);
    t.fail = Rgba::hex(high_contrast ? 0xff6b6b : 0xe5534b);
    t.warn = Rgba::hex(high_contrast ? 0xffd24d : 0xe0b341);
    t.diff_highlight = Rgba::hex(high_contrast ? 0x5c4d00 : 0x4a4120);
    t.protocols = {Rgba::hex(0x5aa9ff),    // SMTP: blue
                   Rgba::hex(0xffa64d),    // POP3: orange
                   Rgba::hex(0xc58cff),    // IMAP: purple
                   Rgba::hex(0x3fd0c9),    // Exchange: teal
                   Rgba::hex(0xe6d85c),    // DNS: yellow
                   Rgba::hex(0xb0b6c0)};   // TCP/TLS: grey
    return t;
}

Theme light_theme(bool high_contrast) {
    Theme t;
    t.kind = ThemeKind::light;
    t.high_contrast = high_contrast;
    t.background = Rgba::hex(high_contrast ? 0xd4d4d4 : 0xd9dce2);
    t.panel = Rgba::hex(high_contrast ? 0xffffff : 0xf7f8fa);
    t.panel_title = Rgba::hex(high_contrast ? 0xe8e8e8 : 0xe6e9ef);
    t.border = Rgba::hex(high_contrast ? 0x000000 : 0xb4bac5);
    t.text = Rgba::hex(high_contrast ? 0x000000 : 0x1b1e24);
    t.text_dim = Rgba::hex(high_contrast ? 0x333333 : 0x5b6270);
    t.accent = Rgba::hex(high_contrast ? 0x0047b3 : 0x2563c9);
    t.selection = Rgba::hex(0x2563c9, 0.30f);
    t.ok = Rgba::hex(high_contrast ? 0x006b2e : 0x1d7f43);
    t.fail = Rgba::hex(high_contrast ? 0xa80000 : 0xc0332b);
    t.warn = Rgba::hex(high_contrast ? 0x7a5200 : 0x8f6200);
    t.diff_highlight = Rgba::hex(high_contrast ? 0xffe066 : 0xffe08a);
    t.protocols = {Rgba::hex(0x1f5fbf),    // SMTP: blue
                   Rgba::hex(0xb35900),    // POP3: orange
                   Rgba::hex(0x7a3db8),    // IMAP: purple
                   Rgba::hex(0x00796f),    // Exchange: teal
                   Rgba::hex(0x7a6a00),    // DNS: olive
                   Rgba::hex(0x555c66)};   // TCP/TLS: grey
    return t;
}

double channel_to_linear(float c) {
    const double v = static_cast<double>(c);
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

}  // namespace

std::uint32_t Rgba::to_hex() const {
    const auto byte = [](float v) {
        return static_cast<std::uint32_t>(std::lround(std::fmin(std::fmax(v, 0.0f), 1.0f) * 255.0f));
    };
    return (byte(r) << 16) | (byte(g) << 8) | byte(b);
}

Theme make_theme(ThemeKind kind, bool high_contrast) {
    return kind == ThemeKind::dark ? dark_theme(high_contrast) : light_theme(high_contrast);
}

double relative_luminance(Rgba c) {
    return 0.2126 * channel_to_linear(c.r) + 0.7152 * channel_to_linear(c.g) +
           0.0722 * channel_to_linear(c.b);
}

double contrast_ratio(Rgba a, Rgba b) {
    const double la = relative_luminance(a);
    const double lb = relative_luminance(b);
    return (std::fmax(la, lb) + 0.05) / (std::fmin(la, lb) + 0.05);
}

void apply_theme(const Theme& t, ImGuiStyle& style) {
    if (t.kind == ThemeKind::dark) {
        ImGui::StyleColorsDark(&style);
    } else {
        ImGui::StyleColorsLight(&style);
    }
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = imvec(t.text);
    c[ImGuiCol_TextDisabled] = imvec(t.text_dim);
    c[ImGuiCol_WindowBg] = imvec(t.background);
    c[ImGuiCol_ChildBg] = imvec(t.panel);
    c[ImGuiCol_PopupBg] = imvec(t.panel);
    c[ImGuiCol_Border] = imvec(t.border);
    c[ImGuiCol_MenuBarBg] = imvec(t.panel_title);
    c[ImGuiCol_TitleBg] = imvec(t.panel_title);
    c[ImGuiCol_TitleBgActive] = imvec(t.panel_title);
    c[ImGuiCol_FrameBg] = imvec(t.panel_title);
    c[ImGuiCol_Button] = imvec(with_alpha(t.accent, 0.55f));
    c[ImGuiCol_ButtonHovered] = imvec(with_alpha(t.accent, 0.80f));
    c[ImGuiCol_ButtonActive] = imvec(t.accent);
    c[ImGuiCol_Header] = imvec(with_alpha(t.accent, 0.40f));
    c[ImGuiCol_HeaderHovered] = imvec(with_alpha(t.accent, 0.65f));
    c[ImGuiCol_HeaderActive] = imvec(t.accent);
    c[ImGuiCol_Separator] = imvec(t.border);
    c[ImGuiCol_SeparatorHovered] = imvec(with_alpha(t.accent, 0.80f));
    c[ImGuiCol_SeparatorActive] = imvec(t.accent);
    c[ImGuiCol_TextSelectedBg] = imvec(t.selection);
    c[ImGuiCol_CheckMark] = imvec(t.accent);
    c[ImGuiCol_SliderGrab] = imvec(t.accent);
    c[ImGuiCol_SliderGrabActive] = imvec(t.accent);
}

const char* theme_name(ThemeKind kind) { return kind == ThemeKind::dark ? "dark" : "light"; }

std::optional<ThemeKind> parse_theme(std::string_view name) {
    if (name == "dark") return ThemeKind::dark;
    if (name == "light") return ThemeKind::light;
    return std::nullopt;
}

}  // namespace postlab::ui
