// The timeline's arithmetic without ImGui (DESIGN.md §4): mapping simulated time to scrubber x
// and back, the markers (lesson step starts, else connection starts), and playback: how far
// the animation time moves in one frame at a speed, skipping idle gaps between events.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace postlab::sim {
class World;
}

namespace postlab::ui::timeline {

using TimeUs = std::int64_t;

// 1x is the simulated network slowed down this many times: a 20 ms hop takes a second on screen.
inline constexpr double k_slow_motion = 50.0;
inline constexpr float k_speed_min = 0.25f;
inline constexpr float k_speed_max = 16.0f;
// With nothing in flight, a gap longer than this (on screen, in real seconds) is skipped.
inline constexpr double k_max_idle_real_s = 0.4;

struct TimeMap {
    TimeUs begin_us = 0, end_us = 1;
    float x0 = 0, width = 1;
    float x_of(TimeUs t) const;   // clamped into [x0, x0 + width]
    TimeUs t_of(float x) const;   // clamped into [begin_us, end_us]
};

// The speeds the speed control steps through: 0.25, 0.5, 1, 2, 4, 8, 16.
float next_speed(float speed, int direction);

struct Advance {
    TimeUs playhead_us = 0;
    bool skipped_gap = false;
};
// The playhead after `real_dt_s` seconds at `speed`; a gap to `next_event_us` is jumped over when
// nothing is in flight and it would take longer than k_max_idle_real_s to play.
Advance advance_playhead(TimeUs playhead_us, double real_dt_s, float speed,
                         std::optional<TimeUs> next_event_us, bool anything_in_flight);

// The time the views draw at: the playhead while it runs ahead of the world's clock (between two
// events), else the world's clock.
TimeUs display_time(std::optional<TimeUs> playhead_us, const sim::World& world);

// Connection start times from the trace (kind connect), in order, at most `max` of them
// (evenly thinned when there are more, so a huge trace still draws a bounded number).
std::vector<TimeUs> connection_starts(const sim::World& world, std::size_t max = 512);

// The marker to jump to from `now` in `direction` (+1 next, -1 previous); nullopt when none.
// Markers equal to now are skipped going forward and backward alike.
std::optional<std::size_t> marker_from(const std::vector<TimeUs>& markers, TimeUs now, int direction);

}  // namespace postlab::ui::timeline
