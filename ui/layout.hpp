// The main screen's regions (DESIGN.md §4 sketch) as a pure function of the window size, the
// font size and presenter mode, so it is unit-tested without a window. Top bar; lesson left,
// topology centre, mailboxes right; ladder over timeline bottom left, inspector bottom right.
#pragma once

#include <array>
#include <cstddef>

namespace postlab::ui {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    float right() const { return x + w; }
    float bottom() const { return y + h; }
};

enum class Region { top_bar, lesson, topology, mailboxes, ladder, timeline, inspector };
inline constexpr std::size_t k_region_count = 7;

const char* region_name(Region region);

struct Size {
    float w = 0, h = 0;
};

struct LayoutParams {
    float width = 0;
    float height = 0;
    float font_px = 15;  // the loaded font size: bars and minimum sizes follow it
    bool presenter = false;
    // Splitter positions as fractions of the window; dragging a splitter changes them.
    float left_fraction = 0.22f;
    float right_fraction = 0.26f;
    float bottom_fraction = 0.34f;
};

struct ScreenLayout {
    std::array<Rect, k_region_count> regions{};
    // The gaps between panels, which double as drag handles.
    Rect splitter_left;    // lesson | topology
    Rect splitter_right;   // topology | mailboxes
    Rect splitter_bottom;  // middle row | bottom row
    float gap = 0;

    const Rect& operator[](Region r) const { return regions[static_cast<std::size_t>(r)]; }
};

// The smallest size a region gets when the window is at least minimum_window_size().
Size minimum_region_size(Region region, float font_px);
Size minimum_window_size(float font_px);

// Regions never overlap and stay inside the window for any size (in tiny windows they shrink
// below their minimum, possibly to zero).
ScreenLayout compute_layout(const LayoutParams& params);

}  // namespace postlab::ui
