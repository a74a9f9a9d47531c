// compute_layout (ui/layout.hpp): regions inside the window, never overlapping, at least their
// minimum size whenever the window is, presenter mode enlarging bars and the lesson panel, and the
// bottom row tall enough for a few ladder rows at projector sizes.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <cmath>
#include <utility>

#include "ui/fonts.hpp"
#include "ui/layout.hpp"

using namespace postlab::ui;

namespace {

constexpr Region k_all[] = {Region::top_bar, Region::lesson,   Region::topology, Region::mailboxes,
                            Region::ladder,  Region::timeline, Region::inspector};

float overlap_area(const Rect& a, const Rect& b) {
    const float w = std::min(a.right(), b.right()) - std::max(a.x, b.x);
    const float h = std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y);
    return (w > 0 && h > 0) ? w * h : 0.0f;
}

void check_inside_and_disjoint(const ScreenLayout& layout, float width, float height) {
    for (Region r : k_all) {
        const Rect& rect = layout[r];
        INFO(region_name(r) << " " << rect.x << "," << rect.y << " " << rect.w << "x" << rect.h);
        CHECK(rect.x >= 0);
        CHECK(rect.y >= 0);
        CHECK(rect.w >= 0);
        CHECK(rect.h >= 0);
        CHECK(rect.right() <= width);
        CHECK(rect.bottom() <= height);
        for (Region other : k_all) {
            if (other == r) continue;
            INFO("against " << region_name(other));
            CHECK(overlap_area(rect, layout[other]) == 0.0f);
        }
    }
}

}  // namespace

TEST_CASE("layout regions are inside the window, disjoint and at least their minimum size") {
    // as<float>: without it Catch2 2.x keeps references to the (temporary) values.
    const float font = GENERATE(as<float>{}, k_font_px_normal, k_font_px_presenter, 2 * k_font_px_normal);
    const bool presenter = GENERATE(false, true);
    const auto [width, height] = GENERATE(table<float, float>(
        {{1600, 900}, {1920, 1080}, {1280, 720}, {1024, 768}, {3840, 2160}, {2000, 600}}));
    const Size min_window = minimum_window_size(font);
    REQUIRE(width >= min_window.w);  // smaller windows: the tiny-window test
    REQUIRE(height >= min_window.h);
    INFO(width << "x" << height << " font " << font << " presenter " << presenter);
    const ScreenLayout layout = compute_layout({width, height, font, presenter});
    check_inside_and_disjoint(layout, width, height);
    for (Region r : k_all) {
        INFO(region_name(r));
        CHECK(layout[r].w >= minimum_region_size(r, font).w);
        CHECK(layout[r].h >= minimum_region_size(r, font).h);
    }
    // The panels tile the window: the bottom row reaches the bottom edge, the top bar spans it.
    CHECK(layout[Region::top_bar].w == width);
    CHECK(layout[Region::inspector].bottom() == height);
    CHECK(layout[Region::timeline].bottom() == height);
    CHECK(layout[Region::mailboxes].right() == width);
}

TEST_CASE("the minimum window size fits every region at its minimum") {
    for (float font : {k_font_px_normal, k_font_px_presenter}) {
        const Size min_window = minimum_window_size(font);
        const ScreenLayout layout = compute_layout({min_window.w, min_window.h, font, false});
        for (Region r : k_all) {
            INFO(region_name(r) << " font " << font);
            CHECK(layout[r].w >= minimum_region_size(r, font).w);
            CHECK(layout[r].h >= minimum_region_size(r, font).h);
        }
    }
}

TEST_CASE("tiny windows still give disjoint regions inside the window") {
    const auto [width, height] = GENERATE(table<float, float>(
        {{0, 0}, {1, 1}, {50, 30}, {320, 200}, {640, 100}, {100, 640}}));
    const bool presenter = GENERATE(false, true);
    INFO(width << "x" << height);
    check_inside_and_disjoint(compute_layout({width, height, k_font_px_presenter, presenter}), width,
                              height);
}

TEST_CASE("presenter mode enlarges the top bar and the lesson panel") {
    const ScreenLayout normal = compute_layout({1600, 900, k_font_px_normal, false});
    const ScreenLayout presenter = compute_layout({1600, 900, k_font_px_presenter, true});
    CHECK(presenter[Region::top_bar].h > normal[Region::top_bar].h);
    CHECK(presenter[Region::lesson].w > normal[Region::lesson].w);
    CHECK(presenter[Region::timeline].h > normal[Region::timeline].h);
}

TEST_CASE("splitter fractions move the boundaries, within the minimums") {
    LayoutParams params{1600, 900, k_font_px_normal, false};
    const float lesson_default = compute_layout(params)[Region::lesson].w;
    params.left_fraction = 0.35f;
    const ScreenLayout wider = compute_layout(params);
    CHECK(wider[Region::lesson].w > lesson_default);
    CHECK(wider.splitter_left.x == wider[Region::lesson].right());
    params.left_fraction = 0.95f;  // dragged too far: the topology keeps its minimum
    const ScreenLayout extreme = compute_layout(params);
    CHECK(extreme[Region::topology].w >= minimum_region_size(Region::topology, k_font_px_normal).w);
    params.bottom_fraction = 0.9f;
    const ScreenLayout tall_bottom = compute_layout(params);
    CHECK(tall_bottom[Region::lesson].h >= minimum_region_size(Region::lesson, k_font_px_normal).h);
    CHECK(tall_bottom[Region::ladder].h > compute_layout({1600, 900, k_font_px_normal, false})[Region::ladder].h);
}

TEST_CASE("the bottom row shows k_ladder_rows_wanted ladder rows at projector and laptop sizes") {
    // The projector sizes of presenter mode, and laptop screens without it.
    const auto [width, height, presenter] = GENERATE(table<float, float, bool>(
        {{1600, 900, true}, {1920, 1080, true}, {1600, 900, false}, {1280, 720, false}, {1366, 768, false}}));
    const float font = presenter ? k_font_px_presenter : k_font_px_normal;
    INFO(width << "x" << height << " presenter " << presenter);
    const ScreenLayout layout = compute_layout({width, height, font, presenter});
    CHECK(layout[Region::ladder].h >= ladder_height_for_rows(font, k_ladder_rows_wanted));
    // The timeline is one strip of controls: it never takes more than its line.
    CHECK(layout[Region::timeline].h <= std::ceil(font * 1.5f) + 4);
    // The rows come from the middle row's spare room, which keeps at least half the body.
    const float body = layout[Region::timeline].bottom() - layout[Region::lesson].y;
    CHECK(layout[Region::lesson].h >= std::floor((body - layout.gap) * 0.5f));
}

TEST_CASE("the ladder rule gives way to the middle row in small windows") {
    // 1280x720 presenter: four rows of 26 px text would take more than half the body.
    const ScreenLayout layout = compute_layout({1280, 720, k_font_px_presenter, true});
    const float body = layout[Region::timeline].bottom() - layout[Region::lesson].y;
    CHECK(layout[Region::lesson].h >= std::floor((body - layout.gap) * 0.5f));
    CHECK(layout[Region::ladder].h < ladder_height_for_rows(k_font_px_presenter, k_ladder_rows_wanted));
    CHECK(layout[Region::ladder].h >= ladder_height_for_rows(k_font_px_presenter, 2));
}

TEST_CASE("the bottom splitter still moves the boundary where the ladder rule raised it") {
    // Presenter 1600x900 raises the bottom row above the default fraction: dragging either way
    // from the default must move the boundary at once (no dead zone) by the dragged amount.
    LayoutParams params{1600, 900, k_font_px_presenter, true};
    const ScreenLayout base = compute_layout(params);
    const float body = base[Region::timeline].bottom() - base[Region::lesson].y;
    for (const float delta : {-0.02f, 0.02f}) {
        params.bottom_fraction = k_bottom_fraction_default + delta;
        const ScreenLayout moved = compute_layout(params);
        INFO("delta " << delta);
        CHECK(moved[Region::ladder].h - base[Region::ladder].h == Approx(body * delta).margin(1.5));
    }
}

TEST_CASE("ladder sizes: whole rows under the chrome, an upper bound of ImGui's scaled style") {
    for (const float font : {k_font_px_normal, k_font_px_presenter, 2 * k_font_px_normal}) {
        INFO("font " << font);
        CHECK(ladder_height_for_rows(font, 5) - ladder_height_for_rows(font, 4) == Approx(ladder_row_height(font)).margin(1));
        CHECK(minimum_region_size(Region::ladder, font).h == ladder_height_for_rows(font, 1));
        // Two header lines: the font and the small text, with room for the rule between them.
        CHECK(ladder_header_height(font) >= font * (1 + k_small_text_share) + 2);
        // Rows hold their text (a line) and the arrow under it.
        CHECK(ladder_row_height(font) >= font * 1.5f);
    }
    // gui_app scales ImGui's default style by 1 (normal) or 1.6 (presenter) with the 15 / 26 px
    // fonts: the chrome the view draws (title strip and filter bar of one frame each, the header,
    // three item spacings, the bottom window padding) must fit in the layout's estimate.
    const std::pair<float, float> modes[] = {{k_font_px_normal, 1.0f}, {k_font_px_presenter, 1.6f}};
    for (const auto& [font, scale] : modes) {
        ImGuiStyle style;
        style.ScaleAllSizes(scale);
        const float frame = font + style.FramePadding.y * 2;
        const float chrome = 2 * frame + ladder_header_height(font) + 3 * style.ItemSpacing.y + style.WindowPadding.y;
        INFO("font " << font);
        CHECK(ladder_height_for_rows(font, 0) >= chrome);
        CHECK(ladder_height_for_rows(font, 0) <= chrome + font * 0.5f);  // not wastefully loose
        // The timeline: its controls fill the title strip, one frame high.
        CHECK(compute_layout({1600, 900, font, scale > 1})[Region::timeline].h >= frame);
    }
}
