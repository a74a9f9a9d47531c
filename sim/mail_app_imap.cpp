// What a device's mail app shows and what the user does to messages (DESIGN.md §3). IMAP: the
// cache with the not-yet-confirmed queue laid over it (RFC 4549 §4: the user sees their own
// changes at once); actions go to the running session (imap::Client::enqueue leaves IDLE, RFC
// 2177 §3) or wait for the next sync. POP3: local folders only (RFC 1939 has no folders or flags).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <type_traits>

#include "protocols/core/text.hpp"
#include "sim/world.hpp"

namespace postlab::sim {

namespace {

DeviceFolder* find_folder(std::vector<DeviceFolder>& folders, std::string_view name) {
    for (auto& f : folders) {
        if (f.name == name || (iequals(name, "INBOX") && iequals(f.name, "INBOX"))) return &f;
    }
    return nullptr;
}

void set_flag(std::vector<std::string>& flags, const std::string& flag, bool on) {
    std::erase(flags, flag);
    if (on) flags.push_back(flag);
    std::sort(flags.begin(), flags.end());
}

DeviceFolder view_folder(const imap::LocalFolder& f) {
    DeviceFolder out{f.name, {}};
    for (const auto& m : f.messages) {
        DeviceMessage d = make_device_message(fmt::format("uid:{}", m.uid), m.data, m.flags, m.internal_date_us);
        d.size = m.size ? m.size : m.data.size();
        out.messages.push_back(std::move(d));
    }
    return out;
}

// The queue laid over the cache: what the user sees before the server confirmed it.
void overlay(std::vector<DeviceFolder>& folders, const imap::PendingAction& p) {
    using imap::ActionKind;
    DeviceFolder* f = find_folder(folders, p.folder);
    const std::string key = fmt::format("uid:{}", p.uid);
    auto take = [&]() -> std::optional<DeviceMessage> {
        if (!f) return std::nullopt;
        auto it = std::find_if(f->messages.begin(), f->messages.end(), [&](const auto& m) { return m.key == key; });
        if (it == f->messages.end()) return std::nullopt;
        DeviceMessage m = std::move(*it);
        f->messages.erase(it);
        return m;
    };
    switch (p.kind) {
        case ActionKind::set_flags:
        case ActionKind::add_flags:
        case ActionKind::remove_flags:
            if (!f) return;
            for (auto& m : f->messages) {
                if (m.key != key) continue;
                if (p.kind == ActionKind::set_flags) m.flags.clear();
                for (const auto& flag : p.flags) set_flag(m.flags, flag, p.kind != ActionKind::remove_flags);
            }
            return;
        case ActionKind::move:
        case ActionKind::delete_message: {
            auto m = take();
            const std::string target = p.kind == ActionKind::move ? p.target_folder : std::string("Trash");
            DeviceFolder* t = find_folder(folders, target);
            if (m && t && t != f) {
                m->key = "moving:" + m->key;
                t->messages.push_back(std::move(*m));
            }
            return;
        }
        case ActionKind::copy: return;
        case ActionKind::append:
            if (f) f->messages.push_back(make_device_message("local:append", p.message, p.flags, 0));
            return;
        case ActionKind::create_folder:
            if (!f) folders.push_back(DeviceFolder{p.folder, {}});
            return;
        case ActionKind::delete_folder:
            std::erase_if(folders, [&](const DeviceFolder& x) { return x.name == p.folder; });
            return;
    }
}

const MessageRef* ref_of(const DeviceAction& action) {
    return std::visit(
        [](const auto& a) -> const MessageRef* {
            if constexpr (requires { a.message.device; }) return &a.message;
            else return nullptr;
        },
        action);
}

const DeviceMessage* find_message(const DeviceFolder& f, const MessageRef& ref) {
    if (ref.index) {
        if (*ref.index == 0 || *ref.index > f.messages.size()) return nullptr;
        return &f.messages[*ref.index - 1];
    }
    for (const auto& m : f.messages) {
        if (m.subject == ref.subject) return &m;
    }
    return nullptr;
}

}  // namespace

DeviceView World::view_of(const MailApp& a) const {
    DeviceView v;
    v.id = a.spec.id;
    v.kind = a.spec.kind;
    v.owner = a.spec.owner;
    v.online = a.online;
    for (ConnId id : {a.incoming_conn, a.outgoing_conn}) {
        v.connected |= id.valid() && !is_final(m_conns.at(id.value).state);
    }
    v.last_error = a.last_error;
    v.outbox_count = a.outbox.size();
    v.incoming = a.spec.incoming.value_or(IncomingSettings{IncomingProtocol::none, {}, 0, Security::none});
    v.outgoing = a.spec.outgoing;
    v.host = a.host;
    v.link = a.link;
    for (std::size_t i = 0; i < a.outbox.size(); ++i) {
        v.outbox.push_back(make_device_message(fmt::format("outbox:{}", i + 1), a.outbox[i].data, {}, 0));
    }
    if (v.incoming.protocol == IncomingProtocol::imap) {
        const imap::LocalCache* cache = &a.cache;
        const std::vector<imap::PendingAction>* queue = &a.queue;
        const AnySession* s = a.incoming_conn.valid() ? session(a.incoming_conn, Side::client) : nullptr;
        const std::vector<imap::PendingAction>* extra = nullptr;  // added while the session ran
        if (const auto* live = s ? std::get_if<imap::Client>(s) : nullptr) {
            cache = &live->cache();
            queue = &live->queue();
            extra = &a.queue;
        }
        for (const auto& f : cache->folders) v.folders.push_back(view_folder(f));
        for (const auto& p : *queue) overlay(v.folders, p);
        if (extra) {
            for (const auto& p : *extra) overlay(v.folders, p);
        }
        v.pending_actions = queue->size() + (extra ? extra->size() : 0);
    } else {
        v.folders = a.local;
    }
    if (!v.folder("INBOX")) v.folders.insert(v.folders.begin(), DeviceFolder{"INBOX", {}});
    return v;
}

std::string World::app_imap_action(MailApp& a, imap::PendingAction action) {
    app_absorb_finished(a);
    if (a.incoming_conn.valid()) {
        Connection& c = m_conns.at(a.incoming_conn.value);
        Endpoint& e = c.end(Side::client);
        auto* live = e.session ? std::get_if<imap::Client>(&*e.session) : nullptr;
        if (!is_final(c.state) && live && !live->closed()) {
            if (!e.started) {
                live->enqueue(std::move(action));  // still connecting: replayed after login
                return {};
            }
            const TimeUs now = m_now_us;
            const bool sent = update_session(a.incoming_conn, Side::client, [&](AnySession& session) {
                auto& client = std::get<imap::Client>(session);
                // enqueue() stamps what it sends with the time of the client's last call; a
                // timer tick first brings it to now, or a DONE after a long IDLE would look
                // overdue at once (a spurious tick is harmless: the session checks its deadlines).
                client.on_timer(SessionContext{nullptr, now});
                client.enqueue(action);
            });
            if (sent) return {};
        }
    }
    // Replayed by the next session (RFC 4549 §4.2); an online app starts one at once, as mail
    // apps do. A session that is just ending hands back its queue and then runs again.
    a.queue.push_back(std::move(action));
    if (a.online) app_check(a);
    return {};
}

std::string World::app_message_action(MailApp& a, const DeviceAction& action) {
    const bool imap = a.spec.incoming && a.spec.incoming->protocol == IncomingProtocol::imap;
    const DeviceView view = view_of(a);
    if (const auto* create = std::get_if<CreateFolder>(&action)) {
        if (create->name.empty()) return "empty folder name";
        if (view.folder(create->name)) return fmt::format("folder '{}' exists already", create->name);
        if (!imap) {
            a.local.push_back(DeviceFolder{create->name, {}});
            return {};
        }
        return app_imap_action(a, imap::PendingAction{imap::ActionKind::create_folder, create->name, 0, {}, {}, {}});
    }
    const MessageRef* ref = ref_of(action);
    if (!ref) return "not a message action";
    const DeviceFolder* folder = view.folder(ref->folder);
    if (!folder) return fmt::format("{} has no folder '{}'", a.spec.id, ref->folder);
    const DeviceMessage* message = find_message(*folder, *ref);
    if (!message) return fmt::format("no such message in {} of {}", ref->folder, a.spec.id);
    const auto* move = std::get_if<MoveMessage>(&action);
    if (move && !view.folder(move->target)) return fmt::format("{} has no folder '{}'", a.spec.id, move->target);
    if (imap) {
        std::uint32_t uid = 0;
        const std::string_view key = message->key;
        if (!key.starts_with("uid:") ||
            std::from_chars(key.data() + 4, key.data() + key.size(), uid).ec != std::errc{}) {
            return "that message is not on the server yet (wait for the sync)";
        }
        imap::PendingAction p;
        p.folder = folder->name;
        p.uid = uid;
        if (std::holds_alternative<ReadMessage>(action)) {
            if (std::find(message->flags.begin(), message->flags.end(), "\\Seen") != message->flags.end()) return {};
            p.kind = imap::ActionKind::add_flags;
            p.flags = {"\\Seen"};
        } else if (const auto* flag = std::get_if<FlagMessage>(&action)) {
            p.kind = flag->flagged ? imap::ActionKind::add_flags : imap::ActionKind::remove_flags;
            p.flags = {"\\Flagged"};
        } else if (move) {
            p.kind = imap::ActionKind::move;
            p.target_folder = view.folder(move->target)->name;
        } else {
            p.kind = imap::ActionKind::delete_message;
        }
        return app_imap_action(a, std::move(p));
    }
    // POP3: the change stays on this device (RFC 1939 has no way to tell the server).
    DeviceFolder* local = find_folder(a.local, folder->name);
    if (!local) return fmt::format("{} has no folder '{}'", a.spec.id, ref->folder);
    const std::string key = message->key;
    auto it = std::find_if(local->messages.begin(), local->messages.end(),
                           [&](const DeviceMessage& m) { return m.key == key; });
    if (it == local->messages.end()) return "no such message";
    if (std::holds_alternative<ReadMessage>(action)) {
        set_flag(it->flags, "\\Seen", true);
    } else if (const auto* flag = std::get_if<FlagMessage>(&action)) {
        set_flag(it->flags, "\\Flagged", flag->flagged);
    } else if (move) {
        DeviceMessage m = std::move(*it);
        local->messages.erase(it);
        const std::string target = view.folder(move->target)->name;
        DeviceFolder* to = find_folder(a.local, target);
        if (!to) to = &a.local.emplace_back(DeviceFolder{target, {}});
        to->messages.push_back(std::move(m));
    } else {
        local->messages.erase(it);
    }
    return {};
}

}  // namespace postlab::sim
