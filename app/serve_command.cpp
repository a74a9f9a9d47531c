// `postlab serve`; see serve_command.hpp. Argument checks, the startup banner, and log lines
// for every protocol event; the serving itself is live::MailHost.
#include "app/serve_command.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <optional>

#include "live/endpoint.hpp"
#include "live/mail_host.hpp"
#include "protocols/core/text.hpp"

namespace postlab::app {
namespace {

constexpr int k_exit_bad_arguments = 2;

constexpr const char* k_description =
    "Serve a mail domain on real loopback sockets with PostLab's own SMTP, POP3 and IMAP server\n"
    "sessions, so real clients (Python smtplib/poplib/imaplib, curl, swaks, mbsync, a mail app)\n"
    "can talk to them. SMTP relay (port 25 role) accepts mail for local users from anyone and\n"
    "never relays; submission (port 587 role) requires AUTH PLAIN/LOGIN before MAIL; POP3 serves\n"
    "each INBOX; IMAP serves all folders (INBOX, Sent, Drafts, Trash and any created), with IDLE\n"
    "updates when another connection changes the mailbox.\n"
    "Messages are delivered in memory (nothing is written to disk; all is lost on exit).\n"
    "There is NO outbound relay: mail an authenticated user submits for another domain is\n"
    "logged and dropped. PLAINTEXT ONLY: no STARTTLS/STLS yet, and submission and IMAP accept\n"
    "passwords without TLS. That is a teaching setup: RFC 8314 requires real servers to use TLS.\n"
    "Only loopback addresses are allowed unless --allow-public is given.\n"
    "Example: postlab serve --domain example.test --user alice@example.test:secret \\\n"
    "           --smtp 127.0.0.1:2525 --submission 127.0.0.1:2587 --pop3 127.0.0.1:1110 \\\n"
    "           --imap 127.0.0.1:1143";

void say(std::string_view line) {
    fmt::print("{}\n", line);
    std::fflush(stdout);
}

int fail(std::string_view message) {
    fmt::print(stderr, "postlab serve: error: {}\n", message);
    return k_exit_bad_arguments;
}

std::optional<live::MailUser> parse_user(const std::string& text, const std::string& domain,
                                         std::string& error) {
    const auto colon = text.find(':');
    const auto address = text.substr(0, colon);
    const auto at = address.rfind('@');
    if (colon == std::string::npos || at == std::string::npos || at == 0 ||
        colon + 1 >= text.size()) {
        error = fmt::format("--user '{}': expected ADDRESS:PASSWORD, e.g. alice@{}:secret", text,
                            domain);
        return std::nullopt;
    }
    if (!iequals(address.substr(at + 1), domain)) {
        error = fmt::format("--user '{}': the address is not in --domain {}", text, domain);
        return std::nullopt;
    }
    return live::MailUser{address, text.substr(colon + 1)};
}

bool valid_domain(const std::string& domain) {
    if (domain.empty() || domain.size() > 255 || domain.front() == '.' || domain.back() == '.') {
        return false;
    }
    for (char c : domain) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

// Builds the host configuration from the options; an error message when they are wrong.
std::string make_config(const ServeOptions& options, live::MailHostConfig& config) {
    if (!valid_domain(options.domain)) {
        return fmt::format("--domain '{}' is not a domain name like example.test", options.domain);
    }
    config.domain = options.domain;
    std::string error;
    for (const auto& text : options.users) {
        auto user = parse_user(text, options.domain, error);
        if (!user) return error;
        config.users.push_back(*user);
    }
    const std::pair<live::Service, const std::string*> wanted[] = {
        {live::Service::smtp, &options.smtp},
        {live::Service::submission, &options.submission},
        {live::Service::pop3, &options.pop3},
        {live::Service::imap, &options.imap}};
    for (const auto& [service, text] : wanted) {
        if (text->empty()) continue;
        auto endpoint = live::parse_endpoint(*text, error);
        if (!endpoint) return fmt::format("{}: {}", live::to_string(service), error);
        if (!endpoint->loopback && !options.allow_public) {
            return fmt::format("{}: {} is not a loopback address. serve speaks plaintext (no TLS "
                               "yet), so passwords and mail would cross the network readable by "
                               "anyone; use 127.0.0.1 or ::1, or pass --allow-public if you "
                               "really mean it",
                               live::to_string(service), endpoint->to_string());
        }
        config.services.push_back(live::ServiceSpec{service, *endpoint});
    }
    if (config.services.empty()) {
        return "nothing to serve: give --smtp, --submission, --pop3 or --imap";
    }
    return {};
}

const char* role_text(live::Service service) {
    switch (service) {
        case live::Service::smtp:
            return "port 25 role: mail for local users from anyone, no relaying";
        case live::Service::submission:
            return "port 587 role: AUTH PLAIN/LOGIN required before MAIL";
        case live::Service::pop3: return "port 110 role: each user's INBOX";
        case live::Service::imap: return "port 143 role: all folders, IDLE";
        default: break;  // the implicit-TLS services: live/ has no TLS yet
    }
    return "";
}

void print_banner(const live::MailHostConfig& config, const live::MailHost& host) {
    std::string users;
    for (const auto& u : config.users) users += (users.empty() ? "" : ", ") + u.address;
    say(fmt::format("postlab serve: domain {}, users: {}", config.domain,
                    users.empty() ? "(none)" : users));
    for (std::size_t i = 0; i < config.services.size(); ++i) {
        auto endpoint = config.services[i].endpoint;
        endpoint.port = host.port(i);
        say(fmt::format("  listening: {:<15} on {} (plaintext; {})",
                        live::to_string(config.services[i].service), endpoint.to_string(),
                        role_text(config.services[i].service)));
    }
    say("  NOTE: plaintext teaching setup: no STARTTLS/STLS, passwords accepted without TLS. "
        "RFC 8314 says real servers must use TLS.");
    say("  NOTE: no outbound relay: mail for other domains is logged and dropped.");
    say("postlab serve: ready (Ctrl-C to stop)");
}

}  // namespace

CLI::App* add_serve_command(CLI::App& app, ServeOptions& options) {
    auto* serve =
        app.add_subcommand("serve", "Serve SMTP, POP3 and IMAP on loopback sockets (plaintext)");
    serve->footer(k_description);
    serve->add_option("--domain", options.domain, "The mail domain, e.g. example.test")->required();
    serve->add_option("--user", options.users, "An account ADDRESS:PASSWORD (repeatable)");
    serve->add_option("--smtp", options.smtp, "SMTP relay listener ADDRESS:PORT, e.g. 127.0.0.1:2525");
    serve->add_option("--submission", options.submission,
                      "SMTP submission listener ADDRESS:PORT, e.g. 127.0.0.1:2587");
    serve->add_option("--pop3", options.pop3, "POP3 listener ADDRESS:PORT, e.g. 127.0.0.1:1110");
    serve->add_option("--imap", options.imap, "IMAP listener ADDRESS:PORT, e.g. 127.0.0.1:1143");
    serve->add_flag("--allow-public", options.allow_public,
                    "Allow non-loopback addresses (plaintext passwords on the network!)");
    return serve;
}

int run_serve(const ServeOptions& options) {
    live::MailHostConfig config;
    if (auto error = make_config(options, config); !error.empty()) return fail(error);
    live::MailHost host(config, [](std::string_view line) { say(line); });
    if (auto error = host.open(); !error.empty()) return fail(error);
    print_banner(config, host);
    host.run_until_signal();
    say("postlab serve: stopped");
    return 0;
}

}  // namespace postlab::app
