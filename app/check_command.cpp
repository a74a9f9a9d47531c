// `postlab check`; see check_command.hpp. The loading and all messages are sim/lesson's; this
// file only prints them and chooses the exit code.
#include "app/check_command.hpp"

#include <cstdio>
#include <fmt/format.h>

#include "sim/lesson/loader.hpp"

namespace postlab::app {

CLI::App* add_check_command(CLI::App& app, CheckOptions& options) {
    auto* check = app.add_subcommand(
        "check", "Validate lesson files without running them (format: lessons/README.md).\n"
                 "Prints file:line:col diagnostics; exit 0 when all load, 1 on any error.");
    check->add_option("lessons", options.files, "Lesson files (*.toml)")
        ->required()
        ->check(CLI::ExistingFile);
    check->add_flag("--strict", options.strict, "Treat warnings as errors");
    return check;
}

int run_check(const CheckOptions& options) {
    bool all_good = true;
    for (const auto& file : options.files) {
        const auto result = lesson::load_lesson_file(file);
        for (const auto& d : result.diagnostics) fmt::print(stderr, "{}\n", lesson::format(d));
        std::fflush(stderr);
        const bool good = result.ok() && !(options.strict && result.warning_count() > 0);
        if (good) {
            const auto& spec = *result.lesson;
            fmt::print("ok: {} ({}, {} step{})\n", file, spec.title.value, spec.steps.size(),
                       spec.steps.size() == 1 ? "" : "s");
            std::fflush(stdout);
        }
        all_good = all_good && good;
    }
    return all_good ? 0 : 1;
}

}  // namespace postlab::app
