// IMAP client: replay of the actions the user took offline (RFC 4549 §4.2, "disconnected"
// clients): UID STORE (RFC 9051 §6.4.6), UID MOVE (RFC 6851 §3.2) or UID COPY + \Deleted + UID
// EXPUNGE (RFC 4315 §2.1), APPEND (RFC 9051 §6.3.12, RFC 7888 LITERAL+; its APPENDUID fills the
// cache, RFC 4315 §3), CREATE and DELETE.
#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/imap/client.hpp"
#include "protocols/imap/date_time.hpp"
#include "protocols/imap/flags.hpp"
#include "protocols/imap/writer.hpp"

namespace postlab::imap {
namespace {

bool needs_message(ActionKind kind) {
    switch (kind) {
        case ActionKind::set_flags:
        case ActionKind::add_flags:
        case ActionKind::remove_flags:
        case ActionKind::move:
        case ActionKind::copy:
        case ActionKind::delete_message: return true;
        case ActionKind::append:
        case ActionKind::create_folder:
        case ActionKind::delete_folder: return false;
    }
    return false;
}

std::vector<std::string> one(std::string command) { return {std::move(command) + "\r\n"}; }

}  // namespace

void Client::replay_next(const SessionContext& ctx) {
    while (true) {
        if (m_queue.empty()) {
            begin_sync(!m_initial_sync_done);
            return sync_next(ctx);
        }
        if (m_action_parts.empty()) {
            const Preparation prep = prepare_action(m_queue.front());
            if (prep == Preparation::waiting) return;
            if (prep == Preparation::dropped) continue;
            m_action_parts = action_commands(m_queue.front());
            m_action_command = 0;
        }
        return send_parts(m_action_parts[m_action_command], Step::action);
    }
}

Client::Preparation Client::prepare_action(const PendingAction& a) {
    if (needs_message(a.kind)) {
        if (!selected_is(a.folder)) {
            if (!m_cache.folder(a.folder)) {
                drop_action("the folder no longer exists");
                return Preparation::dropped;
            }
            send_select(a.folder);
            return Preparation::waiting;
        }
        if (std::find(m_validity_changed.begin(), m_validity_changed.end(), m_sel.name) !=
            m_validity_changed.end()) {
            drop_action("UIDVALIDITY changed: the message cannot be identified any more");
            return Preparation::dropped;
        }
        if (!m_sel.seq_known) {
            m_search_uids.clear();
            send("UID SEARCH ALL", Step::search);
            return Preparation::waiting;
        }
        if (std::find(m_sel.seq_uids.begin(), m_sel.seq_uids.end(), a.uid) == m_sel.seq_uids.end()) {
            drop_action("the message no longer exists on the server");
            return Preparation::dropped;
        }
    }
    if (a.kind == ActionKind::delete_folder && !m_cache.folder(a.folder)) {
        drop_action("the folder no longer exists");
        return Preparation::dropped;
    }
    return Preparation::ready;
}

std::vector<std::vector<std::string>> Client::action_commands(const PendingAction& a) const {
    const std::string expunge =
        has_capability("UIDPLUS") ? fmt::format("UID EXPUNGE {}", a.uid) : std::string("EXPUNGE");
    auto move_to = [&](const std::string& target) -> std::vector<std::vector<std::string>> {
        if (has_capability("MOVE")) return {one(fmt::format("UID MOVE {} {}", a.uid, astring(target)))};
        // RFC 6851 §1: without MOVE, COPY + \Deleted + EXPUNGE; UID EXPUNGE (RFC 4315 §2.1)
        // keeps other messages marked \Deleted by someone else.
        return {one(fmt::format("UID COPY {} {}", a.uid, astring(target))),
                one(fmt::format("UID STORE {} +FLAGS.SILENT (\\Deleted)", a.uid)), one(expunge)};
    };
    std::vector<std::string> flags = a.flags;
    normalize_flags(flags);
    switch (a.kind) {
        case ActionKind::set_flags:
            return {one(fmt::format("UID STORE {} FLAGS {}", a.uid, flag_list(flags)))};
        case ActionKind::add_flags:
            return {one(fmt::format("UID STORE {} +FLAGS {}", a.uid, flag_list(flags)))};
        case ActionKind::remove_flags:
            return {one(fmt::format("UID STORE {} -FLAGS {}", a.uid, flag_list(flags)))};
        case ActionKind::move: return move_to(a.target_folder);
        case ActionKind::copy: return {one(fmt::format("UID COPY {} {}", a.uid, astring(a.target_folder)))};
        case ActionKind::delete_message: {
            const LocalFolder* trash = trash_folder();
            if (m_config.delete_moves_to_trash && trash && trash->name != a.folder) {
                return move_to(trash->name);
            }
            return {one(fmt::format("UID STORE {} +FLAGS.SILENT (\\Deleted)", a.uid)), one(expunge)};
        }
        case ActionKind::append: {
            std::string head = "APPEND " + astring(a.folder);
            if (!flags.empty()) head += ' ' + flag_list(flags);
            if (a.date_us != 0) head += fmt::format(" \"{}\"", date_time_text(a.date_us));
            if (has_capability("LITERAL+")) {
                return {{fmt::format("{} {{{}+}}\r\n{}\r\n", head, a.message.size(), a.message)}};
            }
            return {{fmt::format("{} {{{}}}\r\n", head, a.message.size()), a.message + "\r\n"}};
        }
        case ActionKind::create_folder: return {one("CREATE " + astring(a.folder))};
        case ActionKind::delete_folder: return {one("DELETE " + astring(a.folder))};
    }
    return {};
}

void Client::on_action_done(const Response& r) {
    if (m_queue.empty()) return;
    const PendingAction& a = m_queue.front();
    if (r.status == "OK") {
        if (++m_action_command < m_action_parts.size()) return;  // the next command of the action
        if (a.kind == ActionKind::append) cache_appended(a, r);
        return confirm_action();
    }
    if (a.kind == ActionKind::create_folder && r.code == "ALREADYEXISTS") return confirm_action();
    drop_action(fmt::format("the server refused it ({} {})", r.status, r.text));
}

void Client::confirm_action() {
    const PendingAction a = std::move(m_queue.front());
    m_queue.erase(m_queue.begin());
    m_action_parts.clear();
    m_action_command = 0;
    LocalFolder* folder = m_cache.folder(a.folder);
    m_touched.push_back(a.folder);
    if (!a.target_folder.empty()) m_touched.push_back(a.target_folder);
    if (const LocalFolder* trash = trash_folder(); trash && a.kind == ActionKind::delete_message) {
        m_touched.push_back(trash->name);
    }
    switch (a.kind) {
        case ActionKind::set_flags:
        case ActionKind::add_flags:
        case ActionKind::remove_flags: {
            if (!folder) break;
            std::vector<std::string> flags = a.flags;
            normalize_flags(flags);
            for (auto& m : folder->messages) {
                if (m.uid != a.uid) continue;
                std::vector<std::string> out;
                if (a.kind == ActionKind::set_flags) out = flags;
                if (a.kind == ActionKind::add_flags) {
                    std::set_union(m.flags.begin(), m.flags.end(), flags.begin(), flags.end(),
                                   std::back_inserter(out));
                }
                if (a.kind == ActionKind::remove_flags) {
                    std::set_difference(m.flags.begin(), m.flags.end(), flags.begin(), flags.end(),
                                        std::back_inserter(out));
                }
                m.flags = std::move(out);
            }
            break;
        }
        case ActionKind::move:
        case ActionKind::delete_message:
            if (folder) drop_message(*folder, a.uid);
            break;
        case ActionKind::copy: break;  // the copy arrives with the target folder's sync
        case ActionKind::append: ++m_result.uploaded; break;
        case ActionKind::create_folder:
            if (!folder) m_cache.folders.push_back(LocalFolder{a.folder, "", 0, 0, 0, {}});
            break;
        case ActionKind::delete_folder:
            if (selected_is(a.folder)) m_state = State::authenticated;
            std::erase_if(m_cache.folders, [&](const LocalFolder& f) { return f.name == a.folder; });
            break;
    }
}

// RFC 4315 §3: APPENDUID names the UID the server gave the appended message. When it is the
// very UID this cache expects next in that folder (same UIDVALIDITY), nothing unseen lies before
// it, so the message goes into the cache as sent and the next sync need not download it again.
// Only with a date we asked for: else the internal date is the server's, unknown here.
void Client::cache_appended(const PendingAction& a, const Response& r) {
    if (r.code != "APPENDUID" || a.date_us == 0) return;
    std::uint32_t validity = 0, uid = 0;
    const auto [validity_text, uid_text] = split_first_word(r.code_data);
    const auto parse = [](std::string_view text, std::uint32_t& out) {
        const auto end = text.data() + text.size();
        return !text.empty() && std::from_chars(text.data(), end, out).ptr == end && out != 0;
    };
    if (!parse(validity_text, validity) || !parse(uid_text, uid)) return;
    LocalFolder* folder = m_cache.folder(a.folder);
    if (!folder || folder->uid_validity != validity || uid != folder->next_uid()) return;
    const auto date = parse_date_time(date_time_text(a.date_us));  // what the server stored
    if (!date) return;
    LocalMessage m;
    m.uid = uid;
    m.flags = a.flags;
    normalize_flags(m.flags);
    m.data = a.message;
    m.internal_date_us = *date;
    m.size = a.message.size();
    folder->messages.push_back(std::move(m));
    folder->uid_next = uid + 1;
}

void Client::drop_action(std::string what) {
    if (m_queue.empty()) return;
    const PendingAction& a = m_queue.front();
    m_result.conflicts.push_back({a.folder, a.uid, std::move(what)});
    m_queue.erase(m_queue.begin());
    m_action_parts.clear();
    m_action_command = 0;
}

const LocalFolder* Client::trash_folder() const {
    for (const auto& f : m_cache.folders) {
        if (iequals(f.special_use, "\\Trash")) return &f;
    }
    return m_cache.folder("Trash");
}

}  // namespace postlab::imap
