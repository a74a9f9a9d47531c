// The timeline's arithmetic without ImGui (DESIGN.md §4): mapping simulated time to scrubber x
// and back (linear, or compressed: idle gaps between bursts drawn at a fixed short width), the
// markers (lesson step starts, else connection starts), and playback: how far the animation
// time moves in one frame at a speed, skipping idle gaps between events.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace postlab::sim {
class World;
class Trace;
}  // namespace postlab::sim

namespace postlab::ui::timeline {

using TimeUs = std::int64_t;

// 1x is the simulated network slowed down this many times: a 20 ms hop takes a second on screen.
inline constexpr double k_slow_motion = 50.0;
inline constexpr float k_speed_min = 0.25f;
inline constexpr float k_speed_max = 16.0f;
// With nothing in flight, a gap longer than this (on screen, in real seconds) is skipped.
inline constexpr double k_max_idle_real_s = 0.4;

// The plain linear map (what TimeAxis reduces to without gaps, and the tests' reference).
struct TimeMap {
    TimeUs begin_us = 0, end_us = 1;
    float x0 = 0, width = 1;
    float x_of(TimeUs t) const;   // clamped into [x0, x0 + width]
    TimeUs t_of(float x) const;   // clamped into [begin_us, end_us]
};

// The compressed axis. A lesson's bursts last milliseconds and its waits minutes (a device that
// checks every 5 minutes, a step that runs "+10m"): on a linear axis every burst shrinks to a
// pixel. Stretches with no trace entries longer than the threshold are drawn at a fixed width
// instead; activity keeps a width proportional to its duration.
inline constexpr TimeUs k_gap_threshold_us = 2'000'000;
// However many gaps there are, they share at most this part of the axis.
inline constexpr double k_gap_share_max = 0.6;

struct IdleGap {
    TimeUs begin_us = 0, end_us = 0;  // the entries on either side (the tail: the axis end)
    bool operator==(const IdleGap&) const = default;
};

// When the trace has entries and where it is idle, learnt incrementally as the trace grows.
class Activity {
public:
    explicit Activity(TimeUs threshold_us = k_gap_threshold_us) : m_threshold_us(threshold_us) {}
    void clear();
    void add(TimeUs t);  // the next entry's time: times in a trace never decrease
    // Follows a world's trace: new entries are added, a new generation starts over. A trace that
    // shrank (a step back) keeps what was learnt, since the same world replays the same entries
    // and the scrubber still reaches the furthest time seen; entries that come back different
    // (a user action changed the future) start it over. Costs only the new entries per call.
    void sync(const sim::Trace& trace, std::uint64_t generation);

    TimeUs threshold_us() const { return m_threshold_us; }
    bool empty() const { return m_count == 0; }
    TimeUs first_us() const { return m_first_us; }
    TimeUs last_us() const { return m_last_us; }
    const std::vector<IdleGap>& gaps() const { return m_gaps; }
    std::uint64_t version() const { return m_version; }  // changes with first, last or gaps

private:
    bool agrees(TimeUs t) const;  // t is not inside a known gap nor after the last entry

    TimeUs m_threshold_us;
    std::uint64_t m_generation = ~0ull;
    std::size_t m_count = 0;  // entries learnt (the longest trace seen in this generation)
    std::size_t m_seen_size = 0;
    TimeUs m_first_us = 0, m_last_us = 0;
    std::vector<IdleGap> m_gaps;
    std::uint64_t m_version = 0;
};

struct AxisStyle {
    bool compress = true;  // false: linear time (the "linear time" toggle)
    float gap_px = 28;     // the width of every idle gap (less when many gaps share the axis)
    bool operator==(const AxisStyle&) const = default;
};

struct AxisSegment {
    TimeUs begin_us = 0, end_us = 0;
    double x0 = 0, x1 = 0;
    bool gap = false;
};

// Time <-> x over [begin_us, end_us] and [x0, x0 + width]: piecewise linear and deterministic.
// Gaps of the activity (and an idle tail up to end_us) get gap_px each, the activity segments
// share the rest in proportion to their durations, at one scale; without gaps it is linear. A
// lone entry between two gaps is a segment of no duration and no width: the mapping never runs
// flat, so it is monotonic and x_of(t_of(x)) == x. update() lays out again only when its inputs
// changed, so the view calls it every frame at the cost of a comparison.
class TimeAxis {
public:
    // True when it laid out again.
    bool update(const Activity& activity, TimeUs begin_us, TimeUs end_us, float x0, float width,
                const AxisStyle& style);
    float x_of(TimeUs t) const;   // clamped into [x0, x0 + width]
    TimeUs t_of(float x) const;   // clamped into [begin_us, end_us]; x_of(t_of(x)) == x
    const std::vector<AxisSegment>& segments() const { return m_segments; }
    std::size_t gap_count() const { return m_gap_count; }
    TimeUs begin_us() const { return m_begin_us; }
    TimeUs end_us() const { return m_end_us; }

private:
    struct Key {
        std::uint64_t version = ~0ull;
        const Activity* activity = nullptr;
        TimeUs begin_us = 0, end_us = 0;
        float x0 = 0, width = 0;
        AxisStyle style;
        bool operator==(const Key&) const = default;
    };
    void layout(const Activity& activity, const AxisStyle& style);
    std::vector<IdleGap> gaps_in_range(const Activity& activity) const;
    std::size_t segment_of_time(TimeUs t) const;

    std::optional<Key> m_key;
    TimeUs m_begin_us = 0, m_end_us = 1;
    double m_x0 = 0, m_width = 1;
    std::vector<AxisSegment> m_segments;
    std::size_t m_gap_count = 0;
};

// How long an idle gap lasted, for its label: "2.5 s", "42 s", "4 min 58 s", "10 min",
// "2 h 5 min", "3 d 4 h".
std::string idle_text(TimeUs duration_us);
// The same rounded to its largest unit, for a narrow mark: "42 s", "5 min", "2 h", "3 d".
std::string idle_text_short(TimeUs duration_us);

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
