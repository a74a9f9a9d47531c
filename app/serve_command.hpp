// `postlab serve`: our SMTP, POP3 and IMAP server sessions on real loopback sockets (live/), so
// real clients (smtplib, poplib, imaplib, curl, swaks, mbsync, Thunderbird) can talk to them.
// Plaintext only for now.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace postlab::app {

struct ServeOptions {
    std::string domain;
    std::vector<std::string> users;  // "alice@example.test:secret"
    std::string smtp;                // "127.0.0.1:2525"; empty: not served
    std::string submission;
    std::string pop3;
    std::string imap;
    bool allow_public = false;
};

// Registers the `serve` subcommand; its options land in `options`.
CLI::App* add_serve_command(CLI::App& app, ServeOptions& options);

// Runs it: 0 after SIGINT/SIGTERM, 2 for bad arguments or a listener that cannot bind.
int run_serve(const ServeOptions& options);

}  // namespace postlab::app
