// compute_layout(); see layout.hpp. Sizes follow the font so presenter mode (a larger font)
// enlarges bars and minimums; presenter mode also widens the lesson panel, which is what a
// room reads, and the bottom row grows until the ladder shows a few rows of its large text.
// Coordinates are whole pixels so panel borders stay crisp.
#include "ui/layout.hpp"

#include <algorithm>
#include <cmath>

namespace postlab::ui {
namespace {

// ImGui's style sizes in units of the font: gui_app scales the default style (FramePadding.y 3,
// ItemSpacing.y 4, WindowPadding 8 at the 15 px font) with the font; presenter mode's style is a
// little smaller relative to its font (1.6x style for a 26/15 font), so there these are upper
// bounds and the panels get a few pixels to spare.
constexpr float k_frame_padding_em = 3.0f / 15.0f;
constexpr float k_item_spacing_em = 4.0f / 15.0f;
constexpr float k_window_padding_em = 8.0f / 15.0f;

float frame_height(float font_px) { return font_px * (1.0f + 2.0f * k_frame_padding_em); }
float top_bar_height(float font_px) { return std::round(font_px * 2.2f); }
// One line of controls: timeline_view draws them on the panel's title strip, beside the title,
// so the panel is that strip and its border.
float timeline_height(float font_px) { return std::round(frame_height(font_px)) + 4.0f; }
float gap_px(float font_px) { return std::max(4.0f, std::round(font_px * 0.3f)); }

// Splits `total` into first | gap | rest, first wanted at `want` but kept within [min_first,
// total - gap - min_rest]; when even the minimums do not fit they shrink in proportion.
float split_first(float total, float gap, float want, float min_first, float min_rest) {
    const float space = std::max(0.0f, total - gap);
    if (min_first + min_rest > space) {
        const float sum = min_first + min_rest;
        return sum > 0 ? std::floor(space * min_first / sum) : 0.0f;
    }
    return std::floor(std::clamp(want, min_first, space - min_rest));
}

struct Columns {
    float left = 0, centre = 0, right = 0;
};

Columns split_columns(const LayoutParams& p, float gap) {
    const float min_side = minimum_region_size(Region::lesson, p.font_px).w;
    const float min_centre = minimum_region_size(Region::topology, p.font_px).w;
    const float left_fraction = p.left_fraction + (p.presenter ? 0.06f : 0.0f);
    Columns c;
    c.right = split_first(p.width, gap, p.width * p.right_fraction, min_side, min_side + gap + min_centre);
    const float rest = std::max(0.0f, p.width - c.right - gap);
    c.left = split_first(rest, gap, p.width * left_fraction, min_side, min_centre);
    c.centre = std::max(0.0f, rest - c.left - gap);
    return c;
}

// The body's share for the bottom row (with the gap above it): the splitter's fraction, raised by
// what k_ladder_rows_wanted rows need beyond the default fraction (large fonts, small windows) but
// by this rule never past half the body, where the lesson, topology and mailboxes live.
float bottom_share(const LayoutParams& p, float body, float gap) {
    const float rows = gap + ladder_height_for_rows(p.font_px, k_ladder_rows_wanted) + gap +
                       timeline_height(p.font_px);
    const float wanted = std::min(rows, body * 0.5f);
    const float boost = std::max(0.0f, wanted - body * k_bottom_fraction_default);
    return body * p.bottom_fraction + boost;
}

}  // namespace

const char* region_name(Region region) {
    switch (region) {
        case Region::top_bar: return "top bar";
        case Region::lesson: return "Lesson";
        case Region::topology: return "Topology";
        case Region::mailboxes: return "Mailboxes";
        case Region::ladder: return "Sequence";
        case Region::timeline: return "Timeline";
        case Region::inspector: return "Inspector";
    }
    return "?";
}

Size minimum_region_size(Region region, float font_px) {
    switch (region) {
        case Region::top_bar: return {font_px * 20.0f, top_bar_height(font_px)};
        case Region::lesson:
        case Region::mailboxes:
        case Region::inspector: return {std::round(font_px * 8.0f), std::round(font_px * 6.0f)};
        case Region::topology: return {std::round(font_px * 10.0f), std::round(font_px * 6.0f)};
        case Region::ladder: return {std::round(font_px * 10.0f), ladder_height_for_rows(font_px, 1)};
        case Region::timeline: return {std::round(font_px * 10.0f), timeline_height(font_px)};
    }
    return {};
}

float ladder_row_height(float font_px) { return std::round(font_px * 1.7f); }

float ladder_header_height(float font_px) {
    return std::ceil(font_px * (1.0f + k_small_text_share)) + 3.0f;
}

// The title strip (a frame's height), the filter bar (one frame), the header, the item spacing
// after each, the rows, and the window padding under the rows' child window.
float ladder_height_for_rows(float font_px, int rows) {
    const float chrome = 2.0f * frame_height(font_px) + ladder_header_height(font_px) +
                         font_px * (3.0f * k_item_spacing_em + k_window_padding_em);
    return std::ceil(chrome + static_cast<float>(std::max(rows, 0)) * ladder_row_height(font_px));
}

Size minimum_window_size(float font_px) {
    const float gap = gap_px(font_px);
    const float width = 2 * minimum_region_size(Region::lesson, font_px).w +
                        minimum_region_size(Region::topology, font_px).w + 2 * gap;
    const float height = top_bar_height(font_px) + minimum_region_size(Region::lesson, font_px).h +
                         minimum_region_size(Region::ladder, font_px).h +
                         timeline_height(font_px) + 3 * gap;
    return {std::ceil(width), std::ceil(height)};
}

ScreenLayout compute_layout(const LayoutParams& p) {
    ScreenLayout out;
    const float gap = gap_px(p.font_px);
    out.gap = gap;
    const float width = std::max(0.0f, std::floor(p.width));
    const float height = std::max(0.0f, std::floor(p.height));
    const float top = std::min(top_bar_height(p.font_px), height);
    const float body = std::max(0.0f, height - top - gap);
    const float body_y = std::min(height, top + gap);
    const float min_middle = minimum_region_size(Region::lesson, p.font_px).h;
    const float min_bottom = minimum_region_size(Region::ladder, p.font_px).h + gap +
                             timeline_height(p.font_px);
    const float middle = split_first(body, gap, body - bottom_share(p, body, gap), min_middle, min_bottom);
    const float bottom_y = body_y + middle + gap;
    const float bottom = std::max(0.0f, height - bottom_y);
    const float timeline = split_first(bottom, gap, timeline_height(p.font_px), 0.0f,
                                       minimum_region_size(Region::ladder, p.font_px).h);
    const float ladder = std::max(0.0f, bottom - timeline - gap);

    LayoutParams sized = p;
    sized.width = width;
    const Columns c = split_columns(sized, gap);
    const float centre_x = c.left + gap;
    const float right_x = centre_x + c.centre + gap;
    // Clamped into the window: in windows smaller than the minimum the arithmetic above can
    // place an empty region past the edge.
    const auto set = [&out, width, height](Region r, Rect rect) {
        rect.x = std::min(rect.x, width);
        rect.y = std::min(rect.y, height);
        rect.w = std::clamp(rect.w, 0.0f, width - rect.x);
        rect.h = std::clamp(rect.h, 0.0f, height - rect.y);
        out.regions[static_cast<std::size_t>(r)] = rect;
    };
    set(Region::top_bar, {0, 0, width, top});
    set(Region::lesson, {0, body_y, c.left, middle});
    set(Region::topology, {centre_x, body_y, c.centre, middle});
    set(Region::mailboxes, {right_x, body_y, c.right, middle});
    const float bottom_left_w = std::max(0.0f, width - c.right - gap);
    set(Region::ladder, {0, bottom_y, bottom_left_w, ladder});
    set(Region::timeline, {0, bottom_y + ladder + gap, bottom_left_w, timeline});
    set(Region::inspector, {right_x, bottom_y, c.right, bottom});
    out.splitter_left = {c.left, body_y, gap, middle};
    out.splitter_right = {right_x - gap, body_y, gap, middle};
    out.splitter_bottom = {0, body_y + middle, width, gap};
    return out;
}

}  // namespace postlab::ui
