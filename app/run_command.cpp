// `postlab run`; see run_command.hpp. Loading is sim/lesson's, running sim/lesson_runner's and
// printing sim/transcript's: this file chooses what to print and the exit code.
#include "app/run_command.hpp"

#include <cstdio>
#include <fmt/format.h>

#include "sim/lesson/loader.hpp"
#include "sim/lesson_runner.hpp"
#include "sim/transcript.hpp"

namespace postlab::app {

CLI::App* add_run_command(CLI::App& app, RunOptions& options) {
    auto* run = app.add_subcommand(
        "run", "Run lessons to the end in the terminal: narration, annotated transcript, checks.\n"
               "Exit 0 when every check passes, 1 when one fails, 2 when a lesson does not load.");
    run->add_option("lessons", options.files, "Lesson files (*.toml)")->required()->check(CLI::ExistingFile);
    run->add_option("--seed", options.seed, "Override the lessons' random seed");
    run->add_option("--format", options.format, "text or markdown")->check(CLI::IsMember({"text", "markdown"}));
    run->add_flag("--quiet", options.quiet, "Print only the check results");
    return run;
}

int run_run(const RunOptions& options) {
    sim::TranscriptOptions transcript;
    transcript.format = options.format == "markdown" ? sim::TranscriptFormat::markdown : sim::TranscriptFormat::text;
    transcript.quiet = options.quiet;
    bool load_error = false, failed = false;
    for (const auto& file : options.files) {
        auto loaded = lesson::load_lesson_file(file);
        for (const auto& d : loaded.diagnostics) fmt::print(stderr, "{}\n", lesson::format(d));
        std::fflush(stderr);
        if (!loaded.ok()) {
            load_error = true;
            continue;
        }
        auto created = sim::LessonRun::create(std::move(*loaded.lesson), options.seed);
        if (auto* error = std::get_if<std::string>(&created)) {
            fmt::print(stderr, "{}: error: {}\n", file, *error);
            load_error = true;
            continue;
        }
        auto& run = std::get<sim::LessonRun>(created);
        while (run.run_next_step()) {
        }
        fmt::print("{}", sim::format_run(run, transcript));
        std::fflush(stdout);
        failed = failed || !run.all_passed();
    }
    if (load_error) return 2;
    return failed ? 1 : 0;
}

}  // namespace postlab::app
