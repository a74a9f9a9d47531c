// Frame timing for `postlab gui --bench-frames N` and the top bar readout: CPU time to build the
// ImGui frame, total frame time (including glFinish when benchmarking), vertices per frame
// (llvmpipe pays per vertex), time to first frame; p50/p99 by nearest rank.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace postlab::ui {

struct FrameSample {
    double cpu_build_us = 0;  // ImGui::NewFrame .. ImGui::Render
    double total_us = 0;      // after input events .. after swap (glFinish when benchmarking)
    double vertices = 0;      // ImDrawData::TotalVtxCount
};

// Nearest-rank percentile (p in [0, 100]) of `values`; 0 when empty. Takes a copy to sort.
double percentile(std::vector<double> values, double p);

struct FrameSummary {
    std::size_t frames = 0;
    double cpu_p50_us = 0, cpu_p99_us = 0;
    double total_p50_us = 0, total_p99_us = 0;
    double vertices_p50 = 0, vertices_max = 0;
    double first_frame_ms = 0;
};

// Keeps the last `capacity` samples (a ring), so an interactive session uses bounded memory.
class FrameStats {
public:
    explicit FrameStats(std::size_t capacity = 1024);

    void add(const FrameSample& sample);
    void set_first_frame_ms(double ms) { m_first_frame_ms = ms; }
    std::size_t count() const { return m_samples.size(); }
    const FrameSample& last() const { return m_samples[m_last]; }  // requires count() > 0
    FrameSummary summary() const;

private:
    std::size_t m_capacity;
    std::vector<FrameSample> m_samples;
    std::size_t m_next = 0;
    std::size_t m_last = 0;
    double m_first_frame_ms = 0;
};

// The lines `--bench-frames` prints.
std::string format_summary(const FrameSummary& summary);

}  // namespace postlab::ui
