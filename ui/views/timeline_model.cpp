// Time <-> x, speeds, playback advance and markers; see timeline_model.hpp.
#include "ui/views/timeline_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>

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
