// Colours of the visualizer as plain data (DESIGN.md §4): dark and light themes, each with a
// high-contrast variant for presenter mode (projectors wash colours out). Views read a Theme for
// protocol, ok/fail and diff colours; apply_theme() copies it into ImGui's style.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

struct ImGuiStyle;

namespace postlab::ui {

struct Rgba {
    float r = 0, g = 0, b = 0, a = 1;
    // 0xRRGGBB. Colours are defined in 8 bits so the framebuffer holds them exactly (the
    // screenshot tests look for the background colour).
    static constexpr Rgba hex(std::uint32_t rgb, float alpha = 1.0f) {
        return {static_cast<float>((rgb >> 16) & 0xffu) / 255.0f,
                static_cast<float>((rgb >> 8) & 0xffu) / 255.0f,
                static_cast<float>(rgb & 0xffu) / 255.0f, alpha};
    }
    std::uint32_t to_hex() const;  // 0xRRGGBB, alpha dropped
};

enum class ThemeKind { dark, light };

// What views colour by. Views map the simulator's protocols onto these (topology_model's
// protocol_kind), so the theme needs nothing from sim/. TCP and TLS share one colour: they are the
// transport under everything else.
enum class ProtocolKind { smtp, pop3, imap, exchange, dns, tcp_tls };
inline constexpr std::size_t k_protocol_kind_count = 6;

struct Theme {
    ThemeKind kind = ThemeKind::dark;
    bool high_contrast = false;
    Rgba background;      // behind the panels (the gaps between them)
    Rgba panel;           // panel body
    Rgba panel_title;     // panel title strip and the top bar
    Rgba border;
    Rgba text;
    Rgba text_dim;        // secondary text: placeholders, hints
    Rgba accent;          // buttons, active items
    Rgba selection;
    Rgba ok;              // check passed, connection up
    Rgba fail;            // check failed, refused, 5xx
    Rgba warn;            // 4xx, retries
    Rgba diff_highlight;  // mailbox differences between devices
    std::array<Rgba, k_protocol_kind_count> protocols{};

    Rgba protocol(ProtocolKind which) const { return protocols[static_cast<std::size_t>(which)]; }
};

Theme make_theme(ThemeKind kind, bool high_contrast);

// WCAG 2.x relative luminance and contrast ratio (1..21); used by the tests to keep text legible.
double relative_luminance(Rgba colour);
double contrast_ratio(Rgba a, Rgba b);

// Resets `style` colours to the theme. Sizes are left alone (presenter scaling is separate).
void apply_theme(const Theme& theme, ImGuiStyle& style);

const char* theme_name(ThemeKind kind);
std::optional<ThemeKind> parse_theme(std::string_view name);

}  // namespace postlab::ui
