// The timeline's model (ui/views/timeline_model.hpp): time <-> x (linear, and compressed with
// idle gaps at a fixed width), idle gaps learnt from a growing trace, speed steps, playback
// advance with idle gaps skipped, markers at connection starts and jumping between them, and the
// step shortcuts that queue requests for the timeline view (ui/shortcuts.hpp).
#include <catch2/catch.hpp>

#include <GLFW/glfw3.h>
#include <cstdlib>

#include "ui/shortcuts.hpp"
#include "ui/views/timeline_model.hpp"
#include "mail_scene_fixture.hpp"

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

TEST_CASE("markers at connection starts, jumping to the next and previous") {
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

namespace {

constexpr TimeUs k_ms = 1'000;
constexpr TimeUs k_min = 60'000'000;

// Bursts of entries one millisecond apart: {start, count} each.
Activity bursts(std::initializer_list<std::pair<TimeUs, int>> list) {
    Activity a;
    for (const auto& [start, count] : list) {
        for (int i = 0; i < count; ++i) a.add(start + i * k_ms);
    }
    return a;
}

sim::Trace trace_of(std::initializer_list<TimeUs> times) {
    sim::Trace t;
    for (const TimeUs time : times) {
        sim::TraceEntry e;
        e.time_us = time;
        t.append(e);
    }
    return t;
}

}  // namespace

TEST_CASE("idle gaps longer than the threshold are found as entries arrive") {
    const Activity a = bursts({{0, 30}, {10 * k_min, 40}, {10 * k_min + 1'500 * k_ms, 5}});
    CHECK(a.first_us() == 0);
    CHECK(a.last_us() == 10 * k_min + 1'504 * k_ms);
    // 1.5 s of quiet stays activity (under the 2 s threshold); 10 minutes is a gap.
    REQUIRE(a.gaps().size() == 1);
    CHECK(a.gaps()[0] == IdleGap{29 * k_ms, 10 * k_min});
    Activity fine(500 * k_ms);
    for (const TimeUs t : {TimeUs{0}, 400 * k_ms, 1'000 * k_ms, 1'100 * k_ms}) fine.add(t);
    REQUIRE(fine.gaps().size() == 1);
    CHECK(fine.gaps()[0] == IdleGap{400 * k_ms, 1'000 * k_ms});
}

TEST_CASE("compressed axis: a 10-minute gap gets the fixed width, activity keeps its proportions") {
    // 30 ms of activity, 10 minutes idle, 60 ms, 4 min 58 s idle, 30 ms.
    const TimeUs second_burst = 10 * k_min, third_burst = second_burst + 60 * k_ms + 298'000 * k_ms;
    const Activity a = bursts({{0, 31}, {second_burst, 61}, {third_burst, 31}});
    REQUIRE(a.gaps().size() == 2);
    TimeAxis axis;
    AxisStyle style;
    style.gap_px = 30;
    REQUIRE(axis.update(a, 0, a.last_us(), 100, 800, style));
    const auto& segs = axis.segments();
    REQUIRE(segs.size() == 5);
    REQUIRE(axis.gap_count() == 2);
    CHECK(segs[1].gap);
    CHECK(segs[1].end_us - segs[1].begin_us == 10 * k_min - 30 * k_ms);
    CHECK(segs[1].x1 - segs[1].x0 == Approx(30));
    CHECK(segs[3].x1 - segs[3].x0 == Approx(30));
    // The three bursts share the other 740 px in proportion: 30 : 60 : 30 ms.
    CHECK(segs[0].x1 - segs[0].x0 == Approx(740.0 * 30 / 120));
    CHECK(segs[2].x1 - segs[2].x0 == Approx(740.0 * 60 / 120));
    CHECK(segs[4].x1 - segs[4].x0 == Approx(740.0 * 30 / 120));
    CHECK(axis.x_of(0) == Approx(100));
    CHECK(axis.x_of(a.last_us()) == Approx(900));
    CHECK(axis.x_of(second_burst) == Approx(100 + 185 + 30));
    // Halfway through the gap is halfway across its mark.
    CHECK(axis.x_of((segs[1].begin_us + segs[1].end_us) / 2) == Approx(100 + 185 + 15));
    CHECK(idle_text(segs[1].end_us - segs[1].begin_us) == "10 min");
    CHECK(idle_text(segs[3].end_us - segs[3].begin_us) == "4 min 58 s");
}

TEST_CASE("compressed axis is monotonic and x -> time -> x is the identity") {
    const Activity a = bursts({{0, 20}, {5 * k_min, 50}, {5 * k_min + 80 * k_ms, 1}, {15 * k_min, 1},
                               {20 * k_min, 200}});
    TimeAxis axis;
    axis.update(a, 0, a.last_us() + 10 * k_min, 40, 1000, AxisStyle{});
    REQUIRE(axis.gap_count() == 4);  // three between entries and the idle tail
    CHECK(axis.segments().back().gap);
    float previous_x = axis.x_of(0);
    for (TimeUs t = 0; t <= axis.end_us(); t += 997 * k_ms / 10) {
        const float x = axis.x_of(t);
        CHECK(x >= previous_x);
        previous_x = x;
    }
    // Inside the bursts too, at microsecond steps.
    for (TimeUs t = 5 * k_min; t < 5 * k_min + 60 * k_ms; t += 37) {
        CHECK(axis.x_of(t + 37) > axis.x_of(t));
    }
    TimeUs previous_t = axis.t_of(40);
    for (float x = 40; x <= 1040; x += 0.25f) {
        const TimeUs t = axis.t_of(x);
        CHECK(t >= previous_t);
        previous_t = t;
        CHECK(axis.x_of(t) == Approx(x).margin(0.01));
    }
    CHECK(axis.t_of(0) == 0);
    CHECK(axis.t_of(5000) == axis.end_us());
    // The lone entry at 15 min sits where its two gaps meet.
    CHECK(axis.x_of(15 * k_min) == Approx(axis.x_of(15 * k_min - 1)).margin(0.01));
    // (time -> x -> time is as exact as a float x allows: 28 px stand for 5 minutes there.)
    CHECK(std::llabs(axis.t_of(axis.x_of(15 * k_min)) - 15 * k_min) < k_ms);
}

TEST_CASE("a trace without gaps, and the linear-time toggle, map linearly") {
    Activity steady;
    for (TimeUs t = 0; t <= 10'000 * k_ms; t += 100 * k_ms) steady.add(1'000'000 + t);
    REQUIRE(steady.gaps().empty());
    const TimeUs begin = 1'000'000, end = steady.last_us();
    const TimeMap linear{begin, end, 10, 600};
    TimeAxis axis;
    axis.update(steady, begin, end, 10, 600, AxisStyle{});
    CHECK(axis.gap_count() == 0);
    for (TimeUs t = begin; t <= end; t += 123'457) CHECK(axis.x_of(t) == Approx(linear.x_of(t)).margin(0.001));
    for (float x = 10; x <= 610; x += 13) CHECK(std::llabs(axis.t_of(x) - linear.t_of(x)) <= 1);

    const Activity gappy = bursts({{0, 10}, {10 * k_min, 10}});
    AxisStyle off;
    off.compress = false;
    TimeAxis plain;
    plain.update(gappy, 0, gappy.last_us(), 10, 600, off);
    const TimeMap same{0, gappy.last_us(), 10, 600};
    CHECK(plain.gap_count() == 0);
    for (TimeUs t = 0; t <= gappy.last_us(); t += 7 * k_min / 3) CHECK(plain.x_of(t) == Approx(same.x_of(t)).margin(0.001));
}

TEST_CASE("many gaps share at most 60% of the axis, and the layout is cached") {
    Activity polling;  // a device that checks every 5 minutes for a day: 288 short bursts
    for (int i = 0; i < 288; ++i) {
        for (int j = 0; j < 20; ++j) polling.add(i * 5 * k_min + j * k_ms);
    }
    REQUIRE(polling.gaps().size() == 287);
    TimeAxis axis;
    CHECK(axis.update(polling, 0, polling.last_us(), 0, 1000, AxisStyle{}));
    double gap_px = 0;
    for (const auto& s : axis.segments()) gap_px += s.gap ? s.x1 - s.x0 : 0.0;
    CHECK(gap_px == Approx(1000 * k_gap_share_max));
    CHECK(axis.segments().back().x1 == Approx(1000));
    // The same inputs: nothing to do. A new entry (the trace grew): laid out again.
    CHECK_FALSE(axis.update(polling, 0, polling.last_us(), 0, 1000, AxisStyle{}));
    polling.add(polling.last_us() + 10 * k_min);
    CHECK(axis.update(polling, 0, polling.last_us(), 0, 1000, AxisStyle{}));
    CHECK(axis.gap_count() == 288);
}

TEST_CASE("idle gaps follow the trace: growth, a step back, a new generation, a changed future") {
    const sim::Trace long_run = trace_of({0, 1 * k_ms, 10 * k_min, 10 * k_min + k_ms, 20 * k_min});
    Activity a;
    a.sync(long_run, 1);
    REQUIRE(a.gaps().size() == 2);
    const auto version = a.version();
    a.sync(long_run, 1);
    CHECK(a.version() == version);  // nothing new: nothing done
    // A step back: a shorter prefix of the same run keeps the gaps seen further on.
    const sim::Trace stepped_back = trace_of({0, 1 * k_ms, 10 * k_min});
    a.sync(stepped_back, 1);
    CHECK(a.gaps().size() == 2);
    CHECK(a.last_us() == 20 * k_min);
    // The same entries again: still the same.
    a.sync(long_run, 1);
    CHECK(a.gaps().size() == 2);
    // A new world (lesson reload): learnt again from its trace alone.
    a.sync(stepped_back, 2);
    CHECK(a.gaps().size() == 1);
    CHECK(a.last_us() == 10 * k_min);
    // After a step back the future changed (entries where a gap was): start over.
    a.sync(long_run, 3);
    a.sync(trace_of({0, 1 * k_ms, 3 * k_min}), 3);
    CHECK(a.gaps().size() == 1);
    CHECK(a.gaps()[0] == IdleGap{1 * k_ms, 3 * k_min});
    CHECK(a.last_us() == 3 * k_min);
}

TEST_CASE("idle gaps on the real mail scene match a scan of its trace") {
    const sim::World& w = postlab::ui::test::mail_world();
    REQUIRE(w.trace().size() > 2);
    const TimeUs threshold = 50 * k_ms;
    Activity a(threshold);
    a.sync(w.trace(), 1);
    std::vector<IdleGap> expected;
    for (std::size_t i = 1; i < w.trace().size(); ++i) {
        const TimeUs gap = w.trace()[i].time_us - w.trace()[i - 1].time_us;
        if (gap > threshold) expected.push_back({w.trace()[i - 1].time_us, w.trace()[i].time_us});
    }
    REQUIRE_FALSE(expected.empty());  // the scene has pauses longer than 50 ms
    CHECK(a.gaps() == expected);
    CHECK(a.first_us() == w.trace()[0].time_us);
    CHECK(a.last_us() == w.trace().back().time_us);
}

TEST_CASE("idle gaps are labelled in the units a trainer would say") {
    CHECK(idle_text(2'500 * k_ms) == "2.5 s");
    CHECK(idle_text(42 * 1'000 * k_ms) == "42 s");
    CHECK(idle_text(298 * 1'000 * k_ms) == "4 min 58 s");
    CHECK(idle_text(10 * k_min - 30 * k_ms) == "10 min");
    CHECK(idle_text(125 * k_min + 20 * 1'000 * k_ms) == "2 h 5 min");
    CHECK(idle_text(3 * 24 * 60 * k_min + 4 * 60 * k_min) == "3 d 4 h");
    // Rounded to one unit for a narrow mark.
    CHECK(idle_text_short(42 * 1'000 * k_ms) == "42 s");
    CHECK(idle_text_short(297 * 1'000 * k_ms) == "5 min");
    CHECK(idle_text_short(125 * k_min + 20 * 1'000 * k_ms) == "2 h");
    CHECK(idle_text_short(3 * 24 * 60 * k_min + 4 * 60 * k_min) == "3 d");
}
