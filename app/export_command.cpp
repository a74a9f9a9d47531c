// `postlab export`; see export_command.hpp. The capture is sim/pcap_export's, the transcript
// sim/transcript's; this file runs the lesson and writes the files.
#include "app/export_command.hpp"

#include <cstdio>
#include <fstream>
#include <fmt/format.h>

#include "sim/lesson/loader.hpp"
#include "sim/lesson_runner.hpp"
#include "sim/pcap_export.hpp"
#include "sim/transcript.hpp"

namespace postlab::app {
namespace {

bool write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) fmt::print(stderr, "error: cannot write {}\n", path);
    return static_cast<bool>(out);
}

}  // namespace

CLI::App* add_export_command(CLI::App& app, ExportOptions& options) {
    auto* exp = app.add_subcommand("export", "Run a lesson and write its capture (pcap) and/or Markdown transcript.");
    exp->add_option("lesson", options.file, "Lesson file (*.toml)")->required()->check(CLI::ExistingFile);
    exp->add_option("--pcap", options.pcap, "Write the packets to this pcap file");
    exp->add_option("--transcript", options.transcript, "Write the Markdown transcript to this file");
    exp->add_option("--seed", options.seed, "Override the lesson's random seed");
    return exp;
}

int run_export(const ExportOptions& options) {
    if (options.pcap.empty() && options.transcript.empty()) {
        fmt::print(stderr, "error: nothing to write: give --pcap and/or --transcript\n");
        return 2;
    }
    auto loaded = lesson::load_lesson_file(options.file);
    for (const auto& d : loaded.diagnostics) fmt::print(stderr, "{}\n", lesson::format(d));
    if (!loaded.ok()) return 2;
    auto created = sim::LessonRun::create(std::move(*loaded.lesson), options.seed);
    if (auto* error = std::get_if<std::string>(&created)) {
        fmt::print(stderr, "{}: error: {}\n", options.file, *error);
        return 2;
    }
    auto& run = std::get<sim::LessonRun>(created);
    while (run.run_next_step()) {
    }
    bool ok = true;
    if (!options.pcap.empty()) ok = write_file(options.pcap, sim::export_pcap(run.control().world())) && ok;
    if (!options.transcript.empty()) {
        sim::TranscriptOptions t;
        t.format = sim::TranscriptFormat::markdown;
        ok = write_file(options.transcript, sim::format_run(run, t)) && ok;
    }
    return ok ? 0 : 1;
}

}  // namespace postlab::app
