// `postlab bench`: figures (not assertions) for the simulator: events per second and simulated
// time per wall time on the campus scenario (bench/campus.hpp), peak memory, and the latency of
// SimControl::seek in a long trace. What each figure means: bench/README.md.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace postlab::app {

struct BenchOptions {
    std::size_t accounts = 1000;
    std::size_t devices = 3;
    std::size_t minutes = 60;
    std::size_t messages = 2000;
    std::uint64_t seed = 1;
    std::uint64_t seek_events = 100'000;
    std::size_t seeks = 1000;
    // SimControl keeps a World copy (trace included) per interval: at 256 the 100,000-event
    // trace needs tens of GiB, hence a wider default here (bench/README.md).
    std::uint64_t snapshot_every = 4096;
    std::string only;  // "campus" or "seek": run one part
};

CLI::App* add_bench_command(CLI::App& app, BenchOptions& options);
int run_bench(const BenchOptions& options);

}  // namespace postlab::app
