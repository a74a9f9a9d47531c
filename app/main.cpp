// The `postlab` command line: one CLI11 subcommand per job (DESIGN.md §1). Only subcommands that
// work are registered. Bad arguments exit with code 2.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/bench_command.hpp"
#include "app/check_command.hpp"
#include "app/export_command.hpp"
#include "app/gui_command.hpp"
#include "app/run_command.hpp"
#include "app/serve_command.hpp"

int main(int argc, char** argv) {
    CLI::App app{"PostLab: a lab for teaching how email moves (SMTP, POP3, IMAP, Exchange)"};
    app.set_version_flag("--version", std::string("postlab ") + POSTLAB_VERSION);
    app.require_subcommand(0, 1);
    postlab::app::ServeOptions serve_options;
    auto* serve = postlab::app::add_serve_command(app, serve_options);
    postlab::app::CheckOptions check_options;
    auto* check = postlab::app::add_check_command(app, check_options);
    postlab::app::RunOptions run_options;
    auto* run = postlab::app::add_run_command(app, run_options);
    postlab::app::ExportOptions export_options;
    auto* export_cmd = postlab::app::add_export_command(app, export_options);
    postlab::app::BenchOptions bench_options;
    auto* bench = postlab::app::add_bench_command(app, bench_options);
    postlab::ui::GuiOptions gui_options;
    postlab::app::add_gui_command(app, gui_options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);  // prints help, version or the error
        return code == 0 ? 0 : 2;
    }
    if (serve->parsed()) return postlab::app::run_serve(serve_options);
    if (check->parsed()) return postlab::app::run_check(check_options);
    if (run->parsed()) return postlab::app::run_run(run_options);
    if (export_cmd->parsed()) return postlab::app::run_export(export_options);
    if (bench->parsed()) return postlab::app::run_bench(bench_options);
    return postlab::app::run_gui(gui_options);  // `gui`, also the default without a subcommand
}
