// `postlab export LESSON --pcap OUT.pcap [--transcript OUT.md] [--seed N]`: runs a lesson and
// writes what crossed the simulated wire as a pcap (Wireshark/tshark) and/or a Markdown transcript.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace postlab::app {

struct ExportOptions {
    std::string file;
    std::string pcap;        // empty: no capture
    std::string transcript;  // empty: no transcript
    std::optional<std::uint64_t> seed;
};

CLI::App* add_export_command(CLI::App& app, ExportOptions& options);
// 0: written (whatever the checks said), 1: a file could not be written, 2: the lesson did not load.
int run_export(const ExportOptions& options);

}  // namespace postlab::app
