// A small test program that runs our SMTP, POP3 and IMAP client sessions (protocols/smtp,
// protocols/pop3, protocols/imap) against real servers through live/, for the interop tests
// (postfix_dovecot_test.py, dovecot_imap_client_test.py). Prints what happened; exits 0 only
// when the job succeeded. imap-sync stays in IDLE (RFC 2177) and prints every cache change.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>

#include "live/client_runner.hpp"
#include "protocols/imap/client.hpp"
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
              const std::string& file, bool starttls_if_offered) {
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
    config.starttls_if_offered = starttls_if_offered;
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

// "KIND:FOLDER:UID[:ARG]": add-flags / remove-flags (ARG: flags joined by ','), move / copy
// (ARG: target folder), delete; "create-folder:NAME"; "append:FOLDER:UNIX_SECONDS:SUBJECT" files a
// short \Seen message with that internal date (RFC 9051 §6.3.12).
std::optional<imap::PendingAction> parse_action(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (parts.size() < 3) {
        const auto colon = text.find(':', start);
        if (colon == std::string::npos) break;
        parts.push_back(text.substr(start, colon - start));
        start = colon + 1;
    }
    parts.push_back(text.substr(start));
    imap::PendingAction a;
    const std::string& kind = parts[0];
    if (kind == "create-folder" && parts.size() == 2) {
        a.kind = imap::ActionKind::create_folder;
        a.folder = parts[1];
        return a;
    }
    if (parts.size() < 3) return std::nullopt;
    if (kind == "append" && parts.size() == 4) {
        a.kind = imap::ActionKind::append;
        a.folder = parts[1];
        a.flags = {"\\Seen"};
        a.date_us = static_cast<TimeUs>(std::strtoll(parts[2].c_str(), nullptr, 10)) * 1'000'000;
        a.message = fmt::format("From: Alice <alice@example.test>\r\nSubject: {}\r\n\r\nFiled by postlab.\r\n", parts[3]);
        return a.date_us > 0 ? std::optional(a) : std::nullopt;
    }
    a.folder = parts[1];
    a.uid = static_cast<std::uint32_t>(std::strtoul(parts[2].c_str(), nullptr, 10));
    const std::string arg = parts.size() > 3 ? parts[3] : "";
    if (kind == "delete") {
        a.kind = imap::ActionKind::delete_message;
    } else if ((kind == "move" || kind == "copy") && !arg.empty()) {
        a.kind = kind == "move" ? imap::ActionKind::move : imap::ActionKind::copy;
        a.target_folder = arg;
    } else if ((kind == "add-flags" || kind == "remove-flags") && !arg.empty()) {
        a.kind = kind == "add-flags" ? imap::ActionKind::add_flags : imap::ActionKind::remove_flags;
        for (std::size_t pos = 0; pos <= arg.size();) {
            const auto comma = std::min(arg.find(',', pos), arg.size());
            a.flags.push_back(arg.substr(pos, comma - pos));
            pos = comma + 1;
        }
    } else {
        return std::nullopt;
    }
    return a.uid != 0 ? std::optional(a) : std::nullopt;
}

std::string subject_of(const std::string& data) {
    const auto at = data.rfind("Subject: ", 0) == 0 ? 0 : data.find("\r\nSubject: ");
    if (at == std::string::npos) return "";
    const auto begin = at == 0 ? 9 : at + 11;
    return data.substr(begin, data.find("\r\n", begin) - begin);
}

// One line per folder and per message, keyed so that two summaries can be diffed.
std::map<std::string, std::string> summarize(const imap::LocalCache& cache) {
    std::map<std::string, std::string> lines;
    for (const auto& f : cache.folders) {
        lines[f.name] = fmt::format("folder {} uidvalidity {} messages {}", f.name,
                                    f.uid_validity, f.messages.size());
        for (const auto& m : f.messages) {
            std::string flags;
            for (const auto& flag : m.flags) flags += (flags.empty() ? "" : " ") + flag;
            lines[fmt::format("{}\n{:010}", f.name, m.uid)] =
                fmt::format("message {} uid {} flags ({}) size {} subject \"{}\"", f.name, m.uid,
                            flags, m.size, subject_of(m.data));
        }
    }
    return lines;
}

void print_changes(const std::map<std::string, std::string>& before,
                   const std::map<std::string, std::string>& after) {
    for (const auto& [key, line] : after) {
        const auto it = before.find(key);
        if (it == before.end() || it->second != line) fmt::print("update: {}\n", line);
    }
    for (const auto& [key, line] : before) {
        if (!after.count(key)) fmt::print("update: gone: {}\n", line);
    }
    std::fflush(stdout);
}

// Watches an imap::Client through the driver's on_call_done: prints the cache once the first
// sync is through, then every change; hands the user's actions to the client at that point
// (as a mail app user would act) and logs out after `idle_s` seconds.
struct ImapWatch {
    ImapWatch(asio::io_context& context, std::vector<imap::PendingAction> user_actions, int idle)
        : io(context), actions(std::move(user_actions)), idle_s(idle) {}

    asio::io_context& io;
    std::weak_ptr<live::SessionDriver<imap::Client>> driver;
    std::vector<imap::PendingAction> actions;
    int idle_s = 0;
    asio::steady_timer logout_timer{io};
    std::map<std::string, std::string> last;
    bool synced = false;
    bool actions_reported = false;

    void on_call() {
        auto d = driver.lock();
        if (!d) return;
        const imap::Client& s = d->session();
        if (!synced) {
            if (!s.result().ok) return;
            synced = true;
            last = summarize(s.cache());
            fmt::print("synced: {} fetched, {} conflicts\n", s.result().fetched,
                       s.result().conflicts.size());
            for (const auto& [key, line] : last) fmt::print("cache: {}\n", line);
            std::fflush(stdout);
            asio::post(io, [this] { begin_idle(); });
            return;
        }
        auto now = summarize(s.cache());
        print_changes(last, now);
        last = std::move(now);
        if (!actions.empty() && !actions_reported && s.queue().empty() && s.idling()) {
            actions_reported = true;
            fmt::print("actions: done, {} conflicts\n", s.result().conflicts.size());
            std::fflush(stdout);
        }
    }

    void begin_idle() {
        auto d = driver.lock();
        if (!d) return;
        if (!actions.empty()) {
            d->poke([this](imap::Client& c, const SessionContext&) {
                for (const auto& a : actions) c.enqueue(a);
            });
        }
        logout_timer.expires_after(std::chrono::seconds(idle_s));
        logout_timer.async_wait([this](std::error_code ec) {
            if (ec) return;
            if (auto dd = driver.lock()) {
                dd->poke([](imap::Client& c, const SessionContext&) { c.logout(); });
            }
        });
    }
};

int imap_sync(const Common& c, int idle_s, const std::vector<std::string>& action_texts) {
    imap::ClientConfig config;
    config.user = c.user;
    config.password = c.password;
    config.idle = idle_s > 0;
    std::vector<imap::PendingAction> actions;
    for (const auto& text : action_texts) {
        auto a = parse_action(text);
        if (!a) return fmt::print(stderr, "bad --action '{}'\n", text), 2;
        actions.push_back(*a);
    }
    const auto options = run_options(c);
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    if (auto error = live::detail::connect_with_timeout(io, socket, options); !error.empty()) {
        return fmt::print("error: {}\nimap-sync: FAILED\n", error), 1;
    }
    io.restart();
    ImapWatch watch(io, actions, idle_s);
    auto hooks = live::detail::client_hooks(options);
    hooks.on_call_done = [&watch](const live::ConnectionInfo&) { watch.on_call(); };
    live::DriverEnd end = live::DriverEnd::peer_closed;
    asio::steady_timer overall(io, options.total_timeout);
    auto driver = std::make_shared<live::SessionDriver<imap::Client>>(
        std::move(socket), imap::Client(config, {}, {}),
        live::ConnectionInfo{fmt::format("imap {}:{}", c.host, c.port), 1, ""}, hooks,
        [&](imap::Client&, live::DriverEnd how, const live::ConnectionInfo&) {
            end = how;
            overall.cancel();
            watch.logout_timer.cancel();
        });
    watch.driver = driver;
    overall.async_wait([&driver](std::error_code ec) {
        if (!ec) driver->abort(live::DriverEnd::timed_out);
    });
    driver->start();
    io.run();
    const auto& result = driver->session().result();
    fmt::print("end: {}\n", to_string(end));
    for (const auto& k : result.conflicts) {
        fmt::print("conflict: {} uid {}: {}\n", k.folder, k.uid, k.what);
    }
    if (!result.error.empty()) fmt::print("error: {}\n", result.error);
    const bool ok = result.ok && end == live::DriverEnd::session_closed &&
                    driver->session().queue().empty();
    fmt::print("imap-sync: {}\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}

void add_common(CLI::App* cmd, Common& c) {
    cmd->add_option("--host", c.host, "Server address");
    cmd->add_option("--port", c.port, "Server port")->required();
    cmd->add_option("--timeout", c.timeout_s, "Seconds for the whole session");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Runs PostLab's SMTP/POP3/IMAP client sessions against a real server"};
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
    bool opportunistic = false;
    send->add_flag("--starttls-if-offered", opportunistic, "Opportunistic STARTTLS, as MTAs relay (RFC 3207 §4)");
    auto* fetch = app.add_subcommand("pop3-fetch", "Download (and delete) with pop3::Client");
    add_common(fetch, pop3_common);
    fetch->add_option("--user", pop3_common.user, "POP3 user")->required();
    fetch->add_option("--password", pop3_common.password, "POP3 password")->required();
    fetch->add_flag("--leave", leave, "Leave the messages on the server");
    fetch->add_option("--out-dir", out_dir, "Write each message to DIR/<n>.eml");
    Common imap_common;
    int idle_s = 0;
    std::vector<std::string> actions;
    auto* sync =
        app.add_subcommand("imap-sync", "Sync an account with imap::Client, print the cache");
    add_common(sync, imap_common);
    sync->add_option("--user", imap_common.user, "IMAP user")->required();
    sync->add_option("--password", imap_common.password, "IMAP password")->required();
    sync->add_option("--idle-seconds", idle_s, "Stay in IDLE this long, printing updates");
    sync->add_option("--action", actions,
                     "After the sync (needs --idle-seconds): KIND:FOLDER:UID[:ARG], KIND one of "
                     "add-flags, remove-flags (ARG flags by ','), move, copy (ARG target), delete; "
                     "or create-folder:NAME");
    CLI11_PARSE(app, argc, argv);
    if (sync->parsed()) return imap_sync(imap_common, idle_s, actions);
    if (send->parsed()) return smtp_send(smtp_common, from, to, file, opportunistic);
    return pop3_fetch(pop3_common, leave, out_dir);
}
