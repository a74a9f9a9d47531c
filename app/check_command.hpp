// `postlab check LESSON...`: validates lesson files (lessons/README.md) without running them,
// printing diagnostics in the `file:line:col: error: message` form editors understand.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace postlab::app {

struct CheckOptions {
    std::vector<std::string> files;
    bool strict = false;  // warnings count as errors
};

// Registers the `check` subcommand; its options land in `options`.
CLI::App* add_check_command(CLI::App& app, CheckOptions& options);

// Prints diagnostics to stderr and "ok: <file> (<title>, N steps)" to stdout per good file.
// Returns 0 when every file loads, 1 when any has an error (2 is for usage errors, from CLI11).
int run_check(const CheckOptions& options);

}  // namespace postlab::app
