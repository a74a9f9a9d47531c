// compute_layout (ui/layout.hpp): regions inside the window, never overlapping, at least their
// minimum size whenever the window is, and presenter mode enlarging bars and the lesson panel.
#include <catch2/catch.hpp>

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
