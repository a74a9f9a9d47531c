// The view registry (ui/view.hpp): one view per region, placeholders that say when the view
// appears, and set_draw plugging a view in.
#include <catch2/catch.hpp>
#include <string>

#include "ui/view.hpp"

using namespace postlab::ui;

namespace {
int g_draw_calls = 0;
void count_draw(ViewContext&) { ++g_draw_calls; }
}  // namespace

TEST_CASE("the registry has one placeholder view per region") {
    const ViewRegistry registry;
    for (std::size_t i = 0; i < k_region_count; ++i) {
        const auto region = static_cast<Region>(i);
        const View& view = registry.view(region);
        INFO(region_name(region));
        CHECK(view.region == region);
        CHECK(std::string(view.name).size() > 0);
        CHECK(view.draw == nullptr);
        if (region != Region::top_bar) {
            CHECK(std::string(view.placeholder).find("when a lesson is loaded") != std::string::npos);
        }
    }
}

TEST_CASE("set_draw plugs a view into its region only") {
    ViewRegistry registry;
    registry.set_draw(Region::topology, &count_draw);
    CHECK(registry.view(Region::topology).draw == &count_draw);
    CHECK(registry.view(Region::ladder).draw == nullptr);
    const Theme theme = make_theme(ThemeKind::dark, false);
    const Fonts fonts;
    ShellState shell;
    ViewStates views;
    ViewContext ctx{theme, fonts, shell, views, Rect{0, 0, 10, 10}};
    CHECK(ctx.world == nullptr);
    CHECK(ctx.control == nullptr);
    registry.view(Region::topology).draw(ctx);
    CHECK(g_draw_calls == 1);
}
