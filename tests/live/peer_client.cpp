// A small test program that runs our SMTP and POP3 client sessions (protocols/smtp, protocols/pop3)
// against real servers through live/'s client runner, for tests/interop/postfix_dovecot_test.py.
// Prints what happened; exits 0 only when the job succeeded.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "live/client_runner.hpp"
#include "protocols/pop3/client.hpp"
#include "protocols/smtp/client.hpp"

using namespace postlab;

namespace {

struct Common {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::string user;
    std::string password;
    int timeout_s = 30;
};

live::ClientRunOptions run_options(const Common& c) {
    live::ClientRunOptions o;
    o.host = c.host;
    o.port = c.port;
    o.total_timeout = std::chrono::seconds(c.timeout_s);
    o.on_event = [](const Event& e) {
        fmt::print("event {}: {}\n", to_string(e.kind), e.summary);
    };
    o.on_log = [](std::string_view text) { fmt::print("driver: {}\n", text); };
    return o;
}

// Message files may be written with LF line endings; SMTP wants CRLF (RFC 5321 §2.3.8).
std::string to_crlf(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
        out += text[i];
    }
    return out;
}

int smtp_send(const Common& c, const std::string& from, const std::vector<std::string>& to,
              const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        fmt::print(stderr, "cannot read {}\n", file);
        return 2;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    smtp::ClientConfig config;
    config.helo_name = "peer-client.example.test";
    config.reverse_path = from;
    config.recipients = to;
    config.message = to_crlf(buffer.str());
    if (!c.user.empty()) config.credentials = SaslCredentials{"", c.user, c.password};
    const auto run = live::run_client(smtp::Client(config), run_options(c));
    const auto& result = run.session.result();
    for (const auto& r : result.recipients) {
        fmt::print("recipient {}: {} {} ({})\n", r.address, r.code, r.text,
                   r.accepted ? "accepted" : "rejected");
    }
    fmt::print("final: {} {}\n", result.final_code, result.final_text);
    if (!run.error.empty()) fmt::print("error: {}\n", run.error);
    if (!result.error.empty()) fmt::print("error: {}\n", result.error);
    const bool ok = run.error.empty() && result.done && result.ok;
    fmt::print("smtp-send: {}\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}

int pop3_fetch(const Common& c, bool leave, const std::string& out_dir) {
    pop3::ClientConfig config;
    config.user = c.user;
    config.password = c.password;
    config.leave_on_server = leave;
    const auto run = live::run_client(pop3::Client(config), run_options(c));
    const auto& result = run.session.result();
    std::size_t n = 0;
    for (const auto& m : result.downloaded) {
        ++n;
        fmt::print("downloaded {} uidl {} ({} bytes)\n", n, m.uidl, m.data.size());
        if (!out_dir.empty()) {
            std::ofstream(fmt::format("{}/{}.eml", out_dir, n), std::ios::binary) << m.data;
        }
    }
    for (const auto& uidl : result.deleted) fmt::print("deleted uidl {}\n", uidl);
    fmt::print("downloaded: {}, deleted: {}\n", result.downloaded.size(), result.deleted.size());
    if (!run.error.empty()) fmt::print("error: {}\n", run.error);
    if (!result.error.empty()) fmt::print("error: {}\n", result.error);
    const bool ok = run.error.empty() && result.done && result.ok;
    fmt::print("pop3-fetch: {}\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}

void add_common(CLI::App* cmd, Common& c) {
    cmd->add_option("--host", c.host, "Server address");
    cmd->add_option("--port", c.port, "Server port")->required();
    cmd->add_option("--timeout", c.timeout_s, "Seconds for the whole session");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Runs PostLab's SMTP/POP3 client sessions against a real server"};
    app.require_subcommand(1);
    Common smtp_common, pop3_common;
    std::string from, file, out_dir;
    std::vector<std::string> to;
    bool leave = false;
    auto* send = app.add_subcommand("smtp-send", "Send one message with smtp::Client");
    add_common(send, smtp_common);
    send->add_option("--from", from, "MAIL FROM address")->required();
    send->add_option("--to", to, "RCPT TO address (repeatable)")->required();
    send->add_option("--file", file, "The message (RFC 5322; LF line ends become CRLF)")->required();
    send->add_option("--user", smtp_common.user, "AUTH user");
    send->add_option("--password", smtp_common.password, "AUTH password");
    auto* fetch = app.add_subcommand("pop3-fetch", "Download (and delete) with pop3::Client");
    add_common(fetch, pop3_common);
    fetch->add_option("--user", pop3_common.user, "POP3 user")->required();
    fetch->add_option("--password", pop3_common.password, "POP3 password")->required();
    fetch->add_flag("--leave", leave, "Leave the messages on the server");
    fetch->add_option("--out-dir", out_dir, "Write each message to DIR/<n>.eml");
    CLI11_PARSE(app, argc, argv);
    if (send->parsed()) return smtp_send(smtp_common, from, to, file);
    return pop3_fetch(pop3_common, leave, out_dir);
}
