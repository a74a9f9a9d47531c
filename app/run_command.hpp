// `postlab run LESSON...`: runs lessons to the end in the terminal (narration, what crossed the
// wire with its RFC source, checks, questions). Exit 0: every check passed, 1: some check failed
// or a step could not run, 2: a lesson did not load (diagnostics as `postlab check` prints them).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace postlab::app {

struct RunOptions {
    std::vector<std::string> files;
    std::optional<std::uint64_t> seed;
    std::string format = "text";  // text | markdown
    bool quiet = false;           // only the check results
};

CLI::App* add_run_command(CLI::App& app, RunOptions& options);
int run_run(const RunOptions& options);

}  // namespace postlab::app
