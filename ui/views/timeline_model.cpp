// Time <-> x (linear and compressed), idle gaps, speeds, playback advance and markers; see
// timeline_model.hpp.
#include "ui/views/timeline_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

#include "sim/world.hpp"

namespace postlab::ui::timeline {

float TimeMap::x_of(TimeUs t) const {
    if (end_us <= begin_us) return x0;
    const double f = static_cast<double>(t - begin_us) / static_cast<double>(end_us - begin_us);
    return x0 + width * static_cast<float>(std::clamp(f, 0.0, 1.0));
}

TimeUs TimeMap::t_of(float x) const {
    if (width <= 0 || end_us <= begin_us) return begin_us;
    const double f = std::clamp(static_cast<double>((x - x0) / width), 0.0, 1.0);
    return begin_us + static_cast<TimeUs>(std::llround(f * static_cast<double>(end_us - begin_us)));
}

void Activity::clear() {
    m_count = 0;
    m_seen_size = 0;
    m_first_us = m_last_us = 0;
    m_gaps.clear();
    ++m_version;
}

void Activity::add(TimeUs t) {
    if (m_count == 0) {
        m_first_us = m_last_us = t;
    } else {
        if (t - m_last_us > m_threshold_us) m_gaps.push_back({m_last_us, t});
        m_last_us = std::max(m_last_us, t);
    }
    ++m_count;
    ++m_version;
}

bool Activity::agrees(TimeUs t) const {
    if (m_count == 0) return true;
    if (t < m_first_us || t > m_last_us) return false;
    const auto it = std::upper_bound(m_gaps.begin(), m_gaps.end(), t,
                                     [](TimeUs v, const IdleGap& g) { return v < g.end_us; });
    return it == m_gaps.end() || it->begin_us >= t;
}

void Activity::sync(const sim::Trace& trace, std::uint64_t generation) {
    const std::size_t size = trace.size();
    if (generation != m_generation) {
        clear();
        m_generation = generation;
    } else if (size != m_seen_size && size > 0 && m_count > 0) {
        // Did the entries come back as they were? Check the newest one we can compare.
        const bool same = size > m_count ? trace[m_count - 1].time_us == m_last_us : agrees(trace[size - 1].time_us);
        if (!same) clear();
    }
    for (; m_count < size;) add(trace[m_count].time_us);
    m_seen_size = size;
}

bool TimeAxis::update(const Activity& activity, TimeUs begin_us, TimeUs end_us, float x0, float width,
                      const AxisStyle& style) {
    const Key key{activity.version(), &activity, begin_us, end_us, x0, width, style};
    if (m_key && *m_key == key) return false;
    m_key = key;
    m_begin_us = begin_us;
    m_end_us = std::max(begin_us, end_us);
    m_x0 = x0;
    m_width = std::max(0.0f, width);
    layout(activity, style);
    return true;
}

// The activity's gaps clipped to the axis, still longer than the threshold, then the idle tail
// from the last entry to the axis end (a wait with nothing after it yet).
std::vector<IdleGap> TimeAxis::gaps_in_range(const Activity& activity) const {
    std::vector<IdleGap> out;
    const TimeUs threshold = activity.threshold_us();
    for (const IdleGap& g : activity.gaps()) {
        if (g.end_us <= m_begin_us) continue;
        if (g.begin_us >= m_end_us) break;
        const IdleGap clipped{std::max(g.begin_us, m_begin_us), std::min(g.end_us, m_end_us)};
        if (clipped.end_us - clipped.begin_us > threshold) out.push_back(clipped);
    }
    const TimeUs tail_from = std::max(activity.last_us(), out.empty() ? m_begin_us : out.back().end_us);
    if (m_end_us - tail_from > threshold) out.push_back({tail_from, m_end_us});
    return out;
}

void TimeAxis::layout(const Activity& activity, const AxisStyle& style) {
    m_segments.clear();
    m_gap_count = 0;
    const std::vector<IdleGap> gaps = style.compress && !activity.empty() ? gaps_in_range(activity) : std::vector<IdleGap>{};
    // Activity, gap, activity, ...: each activity segment starts at an entry (or the axis begin);
    // none follows an idle tail.
    TimeUs cursor = m_begin_us;
    for (const IdleGap& g : gaps) {
        m_segments.push_back({cursor, g.begin_us, 0, 0, false});
        m_segments.push_back({g.begin_us, g.end_us, 0, 0, true});
        cursor = g.end_us;
    }
    const bool tail = !gaps.empty() && gaps.back().end_us == m_end_us && gaps.back().begin_us >= activity.last_us();
    if (!tail) m_segments.push_back({cursor, m_end_us, 0, 0, false});
    m_gap_count = gaps.size();
    const std::size_t active_count = m_segments.size() - m_gap_count;
    if (m_gap_count == 0 || active_count == 0) {
        m_segments.assign(1, AxisSegment{m_begin_us, m_end_us, m_x0, m_x0 + m_width, false});
        m_gap_count = 0;
        return;
    }
    // At most 60% of the axis goes to gaps, however many there are.
    const double gap_px = std::clamp(static_cast<double>(style.gap_px), 0.0, m_width * k_gap_share_max / static_cast<double>(m_gap_count));
    double active_us = 0;
    for (const auto& seg : m_segments) active_us += seg.gap ? 0.0 : static_cast<double>(seg.end_us - seg.begin_us);
    const double spare = std::max(0.0, m_width - gap_px * static_cast<double>(m_gap_count));
    double x = m_x0;
    for (auto& seg : m_segments) {
        const double us = static_cast<double>(seg.end_us - seg.begin_us);
        const double w = seg.gap ? gap_px : active_us > 0 ? spare * us / active_us : spare / static_cast<double>(active_count);
        seg.x0 = x;
        x += w;
        seg.x1 = x;
    }
    m_segments.back().x1 = m_x0 + m_width;  // no rounding drift at the right end
}

// The first segment that ends at or after t: at a boundary the earlier one (same x either way).
std::size_t TimeAxis::segment_of_time(TimeUs t) const {
    const auto it = std::lower_bound(m_segments.begin(), m_segments.end(), t,
                                     [](const AxisSegment& s, TimeUs v) { return s.end_us < v; });
    return it == m_segments.end() ? m_segments.size() - 1 : static_cast<std::size_t>(it - m_segments.begin());
}

float TimeAxis::x_of(TimeUs t) const {
    if (m_segments.empty() || m_end_us <= m_begin_us) return static_cast<float>(m_x0);
    const AxisSegment& s = m_segments[segment_of_time(std::clamp(t, m_begin_us, m_end_us))];
    if (s.end_us <= s.begin_us) return static_cast<float>(s.x0);
    const double f = static_cast<double>(std::clamp(t, s.begin_us, s.end_us) - s.begin_us) /
                     static_cast<double>(s.end_us - s.begin_us);
    return static_cast<float>(s.x0 + f * (s.x1 - s.x0));
}

TimeUs TimeAxis::t_of(float x) const {
    if (m_segments.empty() || m_width <= 0 || m_end_us <= m_begin_us) return m_begin_us;
    const double xc = std::clamp(static_cast<double>(x), m_x0, m_x0 + m_width);
    const auto it = std::lower_bound(m_segments.begin(), m_segments.end(), xc,
                                     [](const AxisSegment& s, double v) { return s.x1 < v; });
    const AxisSegment& s = it == m_segments.end() ? m_segments.back() : *it;
    if (s.x1 <= s.x0) return s.begin_us;
    const double f = std::clamp((xc - s.x0) / (s.x1 - s.x0), 0.0, 1.0);
    return s.begin_us + static_cast<TimeUs>(std::llround(f * static_cast<double>(s.end_us - s.begin_us)));
}

std::string idle_text(TimeUs duration_us) {
    const double seconds = static_cast<double>(std::max<TimeUs>(0, duration_us)) / 1e6;
    if (seconds < 9.95) return fmt::format("{:.1f} s", seconds);
    const auto s = static_cast<long long>(std::llround(seconds));
    if (s < 60) return fmt::format("{} s", s);
    const auto with = [](long long big, const char* big_unit, long long small, const char* small_unit) {
        return small == 0 ? fmt::format("{} {}", big, big_unit) : fmt::format("{} {} {} {}", big, big_unit, small, small_unit);
    };
    if (s < 3600) return with(s / 60, "min", s % 60, "s");
    if (s < 86400) return with(s / 3600, "h", s % 3600 / 60, "min");
    return with(s / 86400, "d", s % 86400 / 3600, "h");
}

std::string idle_text_short(TimeUs duration_us) {
    const double seconds = static_cast<double>(std::max<TimeUs>(0, duration_us)) / 1e6;
    if (seconds < 59.5) return idle_text(duration_us);
    if (seconds < 3570) return fmt::format("{} min", std::llround(seconds / 60));
    if (seconds < 84600) return fmt::format("{} h", std::llround(seconds / 3600));
    return fmt::format("{} d", std::llround(seconds / 86400));
}

float next_speed(float speed, int direction) {
    static constexpr std::array<float, 7> speeds{0.25f, 0.5f, 1.0f, 2.0f, 4.0f, 8.0f, 16.0f};
    std::size_t at = 0;
    for (std::size_t i = 0; i < speeds.size(); ++i) {
        if (std::fabs(speeds[i] - speed) < std::fabs(speeds[at] - speed)) at = i;
    }
    if (direction > 0 && at + 1 < speeds.size()) ++at;
    if (direction < 0 && at > 0) --at;
    return speeds[at];
}

Advance advance_playhead(TimeUs playhead_us, double real_dt_s, float speed,
                         std::optional<TimeUs> next_event_us, bool anything_in_flight) {
    const double rate = 1e6 / k_slow_motion * static_cast<double>(std::clamp(speed, k_speed_min, k_speed_max));
    Advance a;
    a.playhead_us = playhead_us + static_cast<TimeUs>(std::llround(std::max(0.0, real_dt_s) * rate));
    if (next_event_us && !anything_in_flight && *next_event_us > a.playhead_us) {
        const double gap_real_s = static_cast<double>(*next_event_us - a.playhead_us) / rate;
        if (gap_real_s > k_max_idle_real_s) {
            a.playhead_us = *next_event_us;
            a.skipped_gap = true;
        }
    }
    return a;
}

TimeUs display_time(std::optional<TimeUs> playhead_us, const sim::World& world) {
    const TimeUs now = world.now_us();
    if (!playhead_us || *playhead_us < now) return now;
    const auto next = world.next_event_time_us();
    return next ? std::min(*playhead_us, *next) : *playhead_us;
}

std::vector<TimeUs> connection_starts(const sim::World& world, std::size_t max) {
    std::vector<TimeUs> all;
    for (const auto& c : world.connections()) all.push_back(c.opened_us);
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    if (all.size() <= max || max == 0) return all;
    std::vector<TimeUs> thinned;
    for (std::size_t i = 0; i < max; ++i) thinned.push_back(all[i * all.size() / max]);
    return thinned;
}

std::optional<std::size_t> marker_from(const std::vector<TimeUs>& markers, TimeUs now, int direction) {
    if (direction > 0) {
        const auto it = std::upper_bound(markers.begin(), markers.end(), now);
        if (it == markers.end()) return std::nullopt;
        return static_cast<std::size_t>(it - markers.begin());
    }
    const auto it = std::lower_bound(markers.begin(), markers.end(), now);
    if (it == markers.begin()) return std::nullopt;
    return static_cast<std::size_t>(it - markers.begin()) - 1;
}

}  // namespace postlab::ui::timeline
