// The main screen's regions (DESIGN.md §4 sketch) as a pure function of the window size, the
// font size and presenter mode, so it is unit-tested without a window. Top bar; lesson left,
// topology centre, mailboxes right; ladder over timeline bottom left, inspector bottom right.
// Also the ladder's row and header heights, so the layout can promise a number of visible rows.
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

inline constexpr float k_bottom_fraction_default = 0.34f;

struct LayoutParams {
    float width = 0;
    float height = 0;
    float font_px = 15;  // the loaded font size: bars and minimum sizes follow it
    bool presenter = false;
    // Splitter positions as fractions of the window; dragging a splitter changes them. The bottom
    // row gets bottom_fraction of the body plus what k_ladder_rows_wanted needs beyond the
    // default fraction, so the splitter moves the boundary from there without a dead zone.
    float left_fraction = 0.22f;
    float right_fraction = 0.26f;
    float bottom_fraction = k_bottom_fraction_default;
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

// The smallest size a region gets when the window is at least minimum_window_size(). The ladder's
// minimum shows one row.
Size minimum_region_size(Region region, float font_px);
Size minimum_window_size(float font_px);

// Second lines and labels (lifeline ports, topology host names) use the font at this share.
inline constexpr float k_small_text_share = 0.85f;

// The sequence (ladder) panel: one row per trace entry (its text over its arrow), and above the
// rows the panel's title strip, the filter bar and a two-line lifeline header (host, then port in
// small text). ladder_view draws with these sizes; the layout uses them to size the bottom row.
float ladder_row_height(float font_px);
float ladder_header_height(float font_px);
// The ladder panel's height that shows `rows` whole rows under its title, filters and header.
float ladder_height_for_rows(float font_px, int rows);
// With the splitter at its default, the bottom row is tall enough for this many ladder rows when
// the window allows it (the middle row keeping at least half of the body).
inline constexpr int k_ladder_rows_wanted = 4;

// Regions never overlap and stay inside the window for any size (in tiny windows they shrink
// below their minimum, possibly to zero).
ScreenLayout compute_layout(const LayoutParams& params);

}  // namespace postlab::ui
