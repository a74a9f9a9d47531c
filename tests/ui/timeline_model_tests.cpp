// The timeline's model (ui/views/timeline_model.hpp): time <-> x, speed steps, playback advance
// with idle gaps skipped, markers at connection starts and jumping between them, and the step
// shortcuts that queue requests for the timeline view (ui/shortcuts.hpp).
#include <catch2/catch.hpp>

#include <GLFW/glfw3.h>

#include "ui/shortcuts.hpp"
#include "ui/views/timeline_model.hpp"
#include "views_a_fixture.hpp"

using namespace postlab;
using namespace postlab::ui::timeline;

TEST_CASE("time maps to x and back, clamped to the scrubber") {
    const TimeMap m{1'000'000, 3'000'000, 100, 400};
    CHECK(m.x_of(1'000'000) == Approx(100));
    CHECK(m.x_of(2'000'000) == Approx(300));
    CHECK(m.x_of(3'000'000) == Approx(500));
    CHECK(m.x_of(0) == Approx(100));
    CHECK(m.x_of(9'000'000) == Approx(500));
    CHECK(m.t_of(300) == 2'000'000);
    CHECK(m.t_of(0) == 1'000'000);
    CHECK(m.t_of(1000) == 3'000'000);
    for (float x = 100; x <= 500; x += 37) CHECK(m.x_of(m.t_of(x)) == Approx(x).margin(0.01));
    const TimeMap empty{5, 5, 10, 100};
    CHECK(empty.x_of(5) == Approx(10));
    CHECK(empty.t_of(50) == 5);
}

TEST_CASE("speed steps between 0.25x and 16x") {
    CHECK(next_speed(1, 1) == 2);
    CHECK(next_speed(1, -1) == 0.5f);
    CHECK(next_speed(16, 1) == 16);
    CHECK(next_speed(0.25f, -1) == 0.25f);
    CHECK(next_speed(3, 0) == 2);  // snaps to the nearest step (2 before 4 on a tie)
}

TEST_CASE("playback: slow motion at 1x, idle gaps skipped, busy gaps played") {
    const TimeUs one_second_at_1x = static_cast<TimeUs>(1e6 / k_slow_motion);
    CHECK(advance_playhead(0, 1.0, 1.0f, std::nullopt, true).playhead_us == one_second_at_1x);
    CHECK(advance_playhead(0, 1.0, 4.0f, std::nullopt, true).playhead_us == 4 * one_second_at_1x);
    CHECK(advance_playhead(0, 0.5, 100.0f, std::nullopt, true).playhead_us == 8 * one_second_at_1x);
    const auto skip = advance_playhead(0, 0.016, 1.0f, 60'000'000, false);
    CHECK(skip.skipped_gap);
    CHECK(skip.playhead_us == 60'000'000);
    const auto busy = advance_playhead(0, 0.016, 1.0f, 60'000'000, true);
    CHECK_FALSE(busy.skipped_gap);
    CHECK(busy.playhead_us == 320);
    const auto near = advance_playhead(0, 0.016, 1.0f, 1'000, false);
    CHECK_FALSE(near.skipped_gap);  // 1 ms is 50 ms on screen: played, not skipped
}

TEST_CASE("markers at connection starts; jumping to the next and previous") {
    const sim::World& w = postlab::ui::test::mail_world();
    const auto starts = connection_starts(w);
    REQUIRE(starts.size() == w.connections().size());
    CHECK(std::is_sorted(starts.begin(), starts.end()));
    const auto thinned = connection_starts(w, 2);
    CHECK(thinned.size() == 2);
    const std::vector<TimeUs> markers{10, 20, 30};
    CHECK(*marker_from(markers, 15, 1) == 1);
    CHECK(*marker_from(markers, 20, 1) == 2);
    CHECK_FALSE(marker_from(markers, 30, 1));
    CHECK(*marker_from(markers, 20, -1) == 0);
    CHECK(*marker_from(markers, 25, -1) == 1);
    CHECK_FALSE(marker_from(markers, 10, -1));
}

TEST_CASE("step shortcuts become requests the timeline view carries out") {
    using namespace postlab::ui;
    CHECK(shortcut_for_key(GLFW_KEY_RIGHT, GLFW_MOD_SHIFT) == Shortcut::lesson_step_forward);
    CHECK(shortcut_for_key(GLFW_KEY_LEFT, GLFW_MOD_SHIFT) == Shortcut::lesson_step_backward);
    CHECK(shortcut_for_key(GLFW_KEY_RIGHT, 0) == Shortcut::step_forward);
    ShellState shell;
    ViewStates views;
    CHECK(apply_shortcut(Shortcut::step_forward, shell, views, true) == "step forward");
    CHECK(apply_shortcut(Shortcut::step_forward, shell, views, true) == "step forward");
    CHECK(apply_shortcut(Shortcut::step_backward, shell, views, true) == "step backward");
    CHECK(views.timeline.pending_steps == 1);
    CHECK(apply_shortcut(Shortcut::lesson_step_backward, shell, views, true) == "lesson step backward");
    CHECK(views.timeline.pending_lesson_steps == -1);
    // Without a world nothing is queued.
    ViewStates idle;
    CHECK(apply_shortcut(Shortcut::step_forward, shell, idle, false).find("no lesson loaded") != std::string::npos);
    CHECK(idle.timeline.pending_steps == 0);
}
