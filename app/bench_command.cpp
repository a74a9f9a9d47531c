// `postlab bench`; see bench_command.hpp. Wall time from std::chrono::steady_clock, peak memory
// from getrusage(RUSAGE_SELF).ru_maxrss (KiB on Linux). The simulation itself stays
// deterministic: the figures vary with the machine, the event counts do not.
#include "app/bench_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

#include <fmt/format.h>

#include "bench/campus.hpp"
#include "sim/sim_control.hpp"

namespace postlab::app {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

void campus_figures(const BenchOptions& o) {
    bench::CampusConfig config;
    config.accounts = o.accounts;
    config.devices_per_account = o.devices;
    config.duration_us = static_cast<TimeUs>(o.minutes) * 60'000'000;
    config.messages = o.messages;
    config.seed = o.seed;
    auto t0 = Clock::now();
    bench::Campus campus = bench::make_campus(config);
    const double build_s = seconds_since(t0);
    sim::World& w = campus.world;
    const TimeUs start = w.now_us();
    std::size_t refused = 0;
    t0 = Clock::now();
    for (const auto& s : campus.sends) {
        w.run_until_time(s.at_us);
        refused += w.apply(sim::DeviceAction{s.send}).empty() ? 0 : 1;
    }
    w.run_until_time(start + config.duration_us);
    const double run_s = seconds_since(t0);
    const double simulated_s = static_cast<double>(w.now_us() - start) / 1e6;
    std::size_t delivered = 0;
    for (const auto& store : w.stores()) {
        for (const auto& account : store.accounts()) {
            if (const auto* inbox = account.folder("INBOX")) delivered += inbox->messages.size();
        }
    }
    fmt::print("campus: {} accounts x {} devices, {} messages over {} simulated minutes (seed {})\n", o.accounts,
               o.devices, o.messages, o.minutes, o.seed);
    fmt::print("  build                 {:.3f} s\n", build_s);
    fmt::print("  events                {}\n", w.steps());
    fmt::print("  trace entries         {}\n", w.trace().size());
    fmt::print("  wall time             {:.3f} s\n", run_s);
    fmt::print("  events/s              {:.0f}\n", static_cast<double>(w.steps()) / std::max(run_s, 1e-9));
    fmt::print("  simulated/wall        {:.1f}x\n", simulated_s / std::max(run_s, 1e-9));
    fmt::print("  messages in inboxes   {} (sends refused: {})\n", delivered, refused);
    fmt::print("  peak memory           {} MiB (ru_maxrss)\n", peak_rss_kib() / 1024);
    std::fflush(stdout);
}

void seek_figures(const BenchOptions& o) {
    // A smaller campus with busy mail: long enough a trace, and snapshots of a modest world.
    bench::CampusConfig config;
    config.accounts = 40;
    config.devices_per_account = 3;
    config.duration_us = 4LL * 3'600'000'000;
    config.messages = 3000;
    config.seed = o.seed;
    bench::Campus campus = bench::make_campus(config);
    sim::SimControl control(std::move(campus.world), o.snapshot_every);
    std::size_t next = 0;
    auto t0 = Clock::now();
    while (control.position() < o.seek_events) {
        while (next < campus.sends.size() && control.world().now_us() >= campus.sends[next].at_us) {
            control.apply(sim::DeviceAction{campus.sends[next++].send});
        }
        if (!control.step()) break;
    }
    const double fill_s = seconds_since(t0);
    const std::uint64_t end = control.position();
    const long filled_rss_mib = peak_rss_kib() / 1024;
    sim::Rng rng(o.seed ^ 0x5eecULL);
    std::vector<double> ms;
    std::uint64_t replayed_max = 0, replayed_sum = 0;
    for (std::size_t i = 0; i < o.seeks; ++i) {
        const std::uint64_t target = rng.uniform(0, end);
        t0 = Clock::now();
        control.seek(target);
        ms.push_back(seconds_since(t0) * 1000.0);
        replayed_max = std::max(replayed_max, control.last_seek_events());
        replayed_sum += control.last_seek_events();
    }
    std::sort(ms.begin(), ms.end());
    auto pct = [&](double p) { return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ms.size())))]; };
    fmt::print("seek: {} events recorded in {:.3f} s ({} snapshots every {} events), {} seeks to random steps\n", end,
               fill_s, control.snapshot_count(), control.snapshot_every(), ms.size());
    fmt::print("  seek p50              {:.3f} ms\n", pct(0.50));
    fmt::print("  seek p99              {:.3f} ms\n", pct(0.99));
    fmt::print("  seek max              {:.3f} ms\n", ms.empty() ? 0.0 : ms.back());
    fmt::print("  events replayed       mean {:.0f}, max {} per seek\n",
               ms.empty() ? 0.0 : static_cast<double>(replayed_sum) / static_cast<double>(ms.size()), replayed_max);
    fmt::print("  peak memory           {} MiB after recording with its snapshots, {} MiB at the end "
               "(ru_maxrss, whole process)\n", filled_rss_mib, peak_rss_kib() / 1024);
}

}  // namespace

CLI::App* add_bench_command(CLI::App& app, BenchOptions& options) {
    auto* b = app.add_subcommand("bench", "Print simulator figures: events/s, simulated/wall time, peak memory, seek latency.");
    b->add_option("--accounts", options.accounts, "Campus accounts (default 1000)");
    b->add_option("--devices", options.devices, "Devices per account, 1-3 (default 3)")->check(CLI::Range(1, 3));
    b->add_option("--minutes", options.minutes, "Simulated minutes (default 60)");
    b->add_option("--messages", options.messages, "Messages sent during that time (default 2000)");
    b->add_option("--seed", options.seed, "Random seed (default 1)");
    b->add_option("--seek-events", options.seek_events, "Events in the seek trace (default 100000)");
    b->add_option("--seeks", options.seeks, "Random seeks to time (default 1000)");
    b->add_option("--snapshot-every", options.snapshot_every, "SimControl snapshot interval for the seek part (default 4096)");
    b->add_option("--only", options.only, "Run one part: campus or seek")->check(CLI::IsMember({"campus", "seek"}));
    return b;
}

int run_bench(const BenchOptions& options) {
    if (options.only != "seek") campus_figures(options);
    if (options.only != "campus") seek_figures(options);
    return 0;
}

}  // namespace postlab::app
