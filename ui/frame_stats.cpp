// FrameStats and percentiles; see frame_stats.hpp.
#include "ui/frame_stats.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace postlab::ui {

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const double clamped = std::clamp(p, 0.0, 100.0);
    // Nearest rank: the smallest value with at least p% of the samples at or below it.
    const auto rank = static_cast<std::size_t>(
        std::ceil(clamped / 100.0 * static_cast<double>(values.size())));
    return values[rank == 0 ? 0 : rank - 1];
}

FrameStats::FrameStats(std::size_t capacity) : m_capacity(std::max<std::size_t>(capacity, 1)) {
    m_samples.reserve(std::min<std::size_t>(m_capacity, 4096));
}

void FrameStats::add(const FrameSample& sample) {
    if (m_samples.size() < m_capacity) {
        m_last = m_samples.size();
        m_samples.push_back(sample);
        return;
    }
    m_samples[m_next] = sample;
    m_last = m_next;
    m_next = (m_next + 1) % m_capacity;
}

FrameSummary FrameStats::summary() const {
    std::vector<double> cpu, total, vertices;
    for (const auto& s : m_samples) {
        cpu.push_back(s.cpu_build_us);
        total.push_back(s.total_us);
        vertices.push_back(s.vertices);
    }
    FrameSummary out;
    out.frames = m_samples.size();
    out.cpu_p50_us = percentile(cpu, 50);
    out.cpu_p99_us = percentile(cpu, 99);
    out.total_p50_us = percentile(total, 50);
    out.total_p99_us = percentile(total, 99);
    out.vertices_p50 = percentile(vertices, 50);
    out.vertices_max = percentile(std::move(vertices), 100);
    out.first_frame_ms = m_first_frame_ms;
    return out;
}

std::string format_summary(const FrameSummary& s) {
    return fmt::format(
        "frames: {}\n"
        "cpu build (ImGui NewFrame..Render): p50 {:.3f} ms, p99 {:.3f} ms\n"
        "total frame (incl. glFinish and swap): p50 {:.3f} ms, p99 {:.3f} ms\n"
        "vertices per frame: p50 {:.0f}, max {:.0f}\n"
        "time to first frame (start of `postlab gui` to first swap): {:.1f} ms\n",
        s.frames, s.cpu_p50_us / 1000.0, s.cpu_p99_us / 1000.0, s.total_p50_us / 1000.0,
        s.total_p99_us / 1000.0, s.vertices_p50, s.vertices_max, s.first_frame_ms);
}

}  // namespace postlab::ui
