// A mail app checking mail (DESIGN.md §3): POP3 downloads into local folders (RFC 1939; with
// "leave on server" the client remembers UIDLs, RFC 1939 §7 UIDL), IMAP syncs its cache and
// replays its offline queue (RFC 9051, RFC 4549) and may stay in IDLE for push (RFC 2177).
// POP3 changes never reach the server: that is a lesson point, not a shortcut.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "sim/world.hpp"

namespace postlab::sim {

std::string World::app_check(MailApp& a) {
    if (!a.online) return fmt::format("{} is offline", a.spec.id);
    app_absorb_finished(a);
    app_send_next(a);  // a mail app's "send/receive" also retries the outbox
    if (!a.spec.incoming || a.spec.incoming->protocol == IncomingProtocol::none) {
        return fmt::format("{} has no incoming server configured", a.spec.id);
    }
    if (a.incoming_conn.valid() && !is_final(m_conns.at(a.incoming_conn.value).state)) {
        // Check again once the running session is over. IDLE watches INBOX only (RFC 2177), so
        // "get messages" on an idling app ends that session (DONE, LOGOUT) for a full sync.
        const AnySession* s = session(a.incoming_conn, Side::client);
        const auto* imap = s ? std::get_if<imap::Client>(s) : nullptr;
        if (imap && imap->idling()) {
            const TimeUs now = m_now_us;
            update_session(a.incoming_conn, Side::client, [now](AnySession& session) {
                auto& client = std::get<imap::Client>(session);
                client.on_timer(SessionContext{nullptr, now});  // see app_imap_action
                client.logout();
            });
        }
        a.check_again = true;
        return {};
    }
    if (a.incoming_dns) return {};  // still looking the server up
    a.check_again = false;
    if (a.error_from_incoming) a.last_error.clear();  // a new attempt: the old failure is history
    app_resolve(a, true);
    return {};
}

void World::app_connect_incoming(MailApp& a, HostId server) {
    const IncomingSettings& in = *a.spec.incoming;
    ConnectRequest request;
    request.from = a.host;
    request.to = server;
    request.port = in.port;
    request.server_name = in.host;
    request.implicit_tls = in.security == Security::implicit_tls;
    if (in.protocol == IncomingProtocol::pop3) {
        pop3::ClientConfig config;
        config.user = a.spec.owner;
        config.password = a.spec.password;
        config.security = in.security;
        config.leave_on_server = in.leave_on_server;
        config.remove_after_days = in.leave_on_server ? in.remove_after_days : 0;
        config.known = a.known;
        request.client = pop3::Client(std::move(config));
    } else {
        imap::ClientConfig config;
        config.user = a.spec.owner;
        config.password = a.spec.password;
        config.security = in.security;
        config.idle = in.push;
        // The session owns the queue while it runs; what the user does meanwhile is added to
        // a.queue and merged back when it ends.
        request.client = imap::Client(std::move(config), a.cache, std::move(a.queue));
        a.queue.clear();
    }
    a.incoming_conn = connect(std::move(request));
}

namespace {

DeviceFolder& local_folder(std::vector<DeviceFolder>& folders, std::string_view name) {
    for (auto& f : folders) {
        if (f.name == name) return f;
    }
    folders.push_back(DeviceFolder{std::string(name), {}});
    return folders.back();
}

std::string incoming_failure(const FinishedClient& f, std::string error) {
    if (f.state == ConnState::timed_out) return fmt::format("connection timed out: {}", f.reason);
    if (f.state == ConnState::refused) return fmt::format("connection refused: {}", f.reason);
    if (f.state == ConnState::tls_failed) return fmt::format("TLS failed: {}", f.reason);
    if (!error.empty()) return error;
    return fmt::format("connection {}: {}", to_string(f.state), f.reason);
}

}  // namespace

void World::app_pop3_done(MailApp& a, const FinishedClient& f) {
    a.incoming_conn = invalid_conn;
    const auto& r = std::get<pop3::Client>(f.session).result();
    a.known = r.known;
    DeviceFolder& inbox = local_folder(a.local, "INBOX");
    std::size_t added = 0;
    for (const auto& d : r.downloaded) {
        const std::string key = "uidl:" + d.uidl;
        const bool have = std::any_of(inbox.messages.begin(), inbox.messages.end(),
                                      [&](const DeviceMessage& m) { return m.key == key; });
        if (have) continue;
        inbox.messages.push_back(make_device_message(key, d.data, {}, m_now_us));
        ++added;
    }
    if (r.ok) {
        a.last_error.clear();
        note(fmt::format("{}: {} new message(s), {} deleted on the server", a.spec.id, added, r.deleted.size()),
             a.host);
    } else if (a.online) {
        app_error(a, incoming_failure(f, r.error), true);
    }
    if (a.check_again && a.online) app_check(a);
}

void World::app_imap_done(MailApp& a, const FinishedClient& f) {
    a.incoming_conn = invalid_conn;
    const auto& client = std::get<imap::Client>(f.session);
    a.cache = client.cache();
    std::vector<imap::PendingAction> extra = std::move(a.queue);
    a.queue = client.queue();
    a.queue.insert(a.queue.end(), std::make_move_iterator(extra.begin()), std::make_move_iterator(extra.end()));
    const auto& r = client.result();
    for (const auto& c : r.conflicts) {
        note(fmt::format("{}: action on {} uid {} dropped: {}", a.spec.id, c.folder, c.uid, c.what), a.host);
    }
    if (r.ok && r.error.empty()) a.last_error.clear();
    else if (a.online) app_error(a, incoming_failure(f, r.error), true);
    // Actions the user took while the session was logging out are not left for the next
    // interval: a mail app reconnects for them (as it does to file a sent message in Sent).
    const bool leftovers = r.ok && !a.queue.empty();
    if ((a.check_again || leftovers) && a.online) {
        app_check(a);
        return;
    }
    // A push session that dropped (server down, network trouble) is retried a minute later, as
    // phones do; not after a refused password or a failed certificate check: the user must act.
    const bool auth_failed = std::any_of(f.events.begin(), f.events.end(),
                                         [](const Event& e) { return e.kind == EventKind::auth_failed; });
    if (a.online && a.spec.incoming && a.spec.incoming->push && !auth_failed &&
        f.state != ConnState::tls_failed) {
        schedule_internal(m_now_us + 60'000'000, AppReconnect{a.host});
    }
}

}  // namespace postlab::sim
