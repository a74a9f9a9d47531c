// Frame statistics (ui/frame_stats.hpp): nearest-rank percentiles and the bounded ring.
#include <catch2/catch.hpp>

#include "ui/frame_stats.hpp"

using namespace postlab::ui;

TEST_CASE("nearest-rank percentiles") {
    std::vector<double> values;
    for (int i = 100; i >= 1; --i) values.push_back(i);  // unsorted on purpose
    CHECK(percentile(values, 50) == 50);
    CHECK(percentile(values, 99) == 99);
    CHECK(percentile(values, 100) == 100);
    CHECK(percentile(values, 0) == 1);
    CHECK(percentile(values, 1) == 1);
    CHECK(percentile(values, 99.5) == 100);
    CHECK(percentile({}, 50) == 0);
    CHECK(percentile({7}, 99) == 7);
    CHECK(percentile({3, 1, 2}, 50) == 2);
    CHECK(percentile({1, 2, 3, 4}, 50) == 2);  // nearest rank, not interpolated
    CHECK(percentile({5, 1}, 150) == 5);       // clamped
}

TEST_CASE("frame stats summarise cpu, total, vertices and the first frame") {
    FrameStats stats;
    for (int i = 1; i <= 200; ++i) {
        stats.add({static_cast<double>(i), static_cast<double>(10 * i), static_cast<double>(1000 + i)});
    }
    stats.set_first_frame_ms(123.5);
    const FrameSummary s = stats.summary();
    CHECK(s.frames == 200);
    CHECK(s.cpu_p50_us == 100);
    CHECK(s.cpu_p99_us == 198);
    CHECK(s.total_p50_us == 1000);
    CHECK(s.total_p99_us == 1980);
    CHECK(s.vertices_p50 == 1100);
    CHECK(s.vertices_max == 1200);
    CHECK(s.first_frame_ms == 123.5);
    CHECK(stats.last().cpu_build_us == 200);
    const std::string text = format_summary(s);
    CHECK(text.find("p50 0.100 ms, p99 0.198 ms") != std::string::npos);
    CHECK(text.find("vertices per frame: p50 1100, max 1200") != std::string::npos);
    CHECK(text.find("123.5 ms") != std::string::npos);
}

TEST_CASE("frame stats keep only the last capacity samples") {
    FrameStats stats(10);
    for (int i = 1; i <= 25; ++i) stats.add({static_cast<double>(i), 0, 0});
    CHECK(stats.count() == 10);
    CHECK(stats.last().cpu_build_us == 25);
    const FrameSummary s = stats.summary();
    CHECK(s.frames == 10);
    CHECK(s.cpu_p50_us == 20);  // samples 16..25
    CHECK(s.cpu_p99_us == 25);
    CHECK(FrameStats().summary().frames == 0);
}
