// The `postlab` command line: one CLI11 subcommand per job (DESIGN.md §1). Only subcommands that
// work are registered.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

int main(int argc, char** argv) {
    CLI::App app{"PostLab: a lab for teaching how email moves (SMTP, POP3, IMAP, Exchange)"};
    app.set_version_flag("--version", std::string("postlab ") + POSTLAB_VERSION);
    app.require_subcommand(0, 1);
    CLI11_PARSE(app, argc, argv);
    if (app.get_subcommands().empty()) fmt::print("{}", app.help());
    return 0;
}
