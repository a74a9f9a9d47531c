// IMAP client: per-folder sync and push. SELECT with CONDSTORE (RFC 9051 §6.3.2, RFC 7162
// §3.1.8), UIDVALIDITY check (RFC 9051 §2.3.1.1, RFC 4549 §4.1), UID SEARCH ALL for expunges,
// UID FETCH of new mail and of flag changes (CHANGEDSINCE, RFC 7162 §3.1.4.1; else all FLAGS,
// RFC 4549 §4.3.1), then IDLE on INBOX (RFC 2177) or LOGOUT (RFC 9051 §6.1.3).
#include <algorithm>

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/imap/client.hpp"
#include "protocols/imap/writer.hpp"

namespace postlab::imap {
namespace {

bool same_folder(std::string_view a, std::string_view b) {
    return a == b || (iequals(a, "INBOX") && iequals(b, "INBOX"));
}

}  // namespace

std::uint32_t LocalFolder::next_uid() const {
    const std::uint32_t after_last = messages.empty() ? 1 : messages.back().uid + 1;
    return std::max({uid_next, after_last, std::uint32_t{1}});
}

void Client::begin_sync(bool all_folders) {
    m_sync_folders.clear();
    // INBOX last: it stays selected for IDLE afterwards. A partial sync (after IDLE or a replay
    // while connected) covers INBOX and the folders the replayed actions touched.
    for (const auto& f : m_cache.folders) {
        const bool touched =
            std::find(m_touched.begin(), m_touched.end(), f.name) != m_touched.end();
        if (!iequals(f.name, "INBOX") && (all_folders || touched)) m_sync_folders.push_back(f.name);
    }
    m_touched.clear();
    if (m_cache.folder("INBOX")) m_sync_folders.emplace_back("INBOX");
    m_sync_index = 0;
    m_sync_flags = all_folders;
    m_folder_step = FolderStep::select;
    m_client_state = ClientState::sync;
}

bool Client::selected_is(std::string_view name) const {
    return m_state == State::selected && same_folder(m_sel.name, name);
}

void Client::sync_next(const SessionContext& ctx) {
    while (m_sync_index < m_sync_folders.size()) {
        LocalFolder* folder = m_cache.folder(m_sync_folders[m_sync_index]);
        if (!folder) {
            ++m_sync_index;
            continue;
        }
        switch (m_folder_step) {
            case FolderStep::select:
                if (!selected_is(folder->name) || !m_sel.seq_known) return send_select(folder->name);
                m_folder_had_cache = !folder->messages.empty();
                m_folder_step = FolderStep::fetch_new;
                break;
            case FolderStep::search:
                m_search_uids.clear();
                if (!m_sel.seq_uids.empty()) return send("UID SEARCH ALL", Step::search);
                apply_search();  // an empty mailbox needs no question
                m_folder_step = FolderStep::fetch_new;
                break;
            case FolderStep::fetch_new: {
                const std::uint32_t next = folder->next_uid();
                const bool unknown = std::find(m_sel.seq_uids.begin(), m_sel.seq_uids.end(), 0u) !=
                                     m_sel.seq_uids.end();
                if (!m_sel.seq_uids.empty() && (m_sel.uid_next == 0 || m_sel.uid_next > next || unknown)) {
                    return send(fmt::format("UID FETCH {}:* (UID FLAGS INTERNALDATE RFC822.SIZE "
                                            "BODY.PEEK[])", next),
                                Step::fetch_new);
                }
                m_folder_step = FolderStep::fetch_flags;
                break;
            }
            case FolderStep::fetch_flags:
                if (m_sync_flags && m_folder_had_cache) {
                    const bool condstore = m_condstore && !m_sel.nomodseq;
                    if (!condstore || folder->highest_modseq == 0) {
                        return send("UID FETCH 1:* (FLAGS)", Step::fetch_flags);
                    }
                    if (m_sel.highest_modseq != folder->highest_modseq) {
                        return send(fmt::format("UID FETCH 1:* (FLAGS) (CHANGEDSINCE {})",
                                                folder->highest_modseq),
                                    Step::fetch_flags);
                    }
                }
                m_folder_step = FolderStep::finished;
                break;
            case FolderStep::finished:
                finish_folder(*folder);
                ++m_sync_index;
                m_folder_step = FolderStep::select;
                break;
        }
    }
    sync_complete(ctx);
}

void Client::finish_folder(LocalFolder& folder) {
    // Everything below the UIDNEXT seen at SELECT is now in the cache (RFC 4549 §4.3).
    folder.uid_next = std::max(m_sel.uid_next, folder.next_uid());
    const bool condstore = m_condstore && !m_sel.nomodseq;
    if (!condstore) {
        folder.highest_modseq = 0;
    } else if (m_sel.highest_modseq > folder.highest_modseq && (m_sync_flags || !m_folder_had_cache)) {
        // Only a pass that fetched the flag changes (or every message) may move the mark: a
        // new-mail-only pass would otherwise skip changes to cached messages for good.
        folder.highest_modseq = m_sel.highest_modseq;
    }
}

void Client::send_select(const std::string& name) {
    m_sel = Selected{};
    m_sel.name = name;
    m_state = State::authenticated;  // RFC 9051 §6.3.2: a SELECT first leaves the old mailbox
    const std::string condstore = m_condstore ? " (CONDSTORE)" : "";
    send("SELECT " + astring(name) + condstore, Step::select);
}

void Client::on_select_done(const Response& r, const SessionContext& ctx) {
    if (r.status != "OK") {
        const std::string name = m_sel.name;
        m_sel = Selected{};
        if (r.status == "BAD" && m_client_state == ClientState::sync) return fail("SELECT failed: " + r.text, ctx);
        if (m_client_state == ClientState::sync) {
            m_result.conflicts.push_back({name, 0, "cannot open folder: " + r.text});
            ++m_sync_index;
            m_folder_step = FolderStep::select;
        } else if (m_client_state == ClientState::replay) {
            drop_action("cannot open folder: " + r.text);
        }
        return;
    }
    m_state = State::selected;
    m_sel.seq_known = false;
    LocalFolder* folder = m_cache.folder(m_sel.name);
    if (folder) {
        if (folder->uid_validity != 0 && m_sel.uid_validity != 0 &&
            folder->uid_validity != m_sel.uid_validity) {
            // RFC 9051 §2.3.1.1: the old UIDs mean nothing now; the cache must be rebuilt.
            folder->messages.clear();
            folder->highest_modseq = 0;
            folder->uid_next = 0;
            m_validity_changed.push_back(folder->name);
            m_result.conflicts.push_back(
                {folder->name, 0, "UIDVALIDITY changed: cache discarded and refetched"});
        }
        if (m_sel.uid_validity != 0) folder->uid_validity = m_sel.uid_validity;
        m_folder_had_cache = !folder->messages.empty();
    }
    if (m_client_state == ClientState::sync) m_folder_step = FolderStep::search;
}

void Client::apply_search() {
    if (LocalFolder* folder = m_cache.folder(m_sel.name)) {
        // Cached messages the server no longer has were expunged meanwhile (RFC 4549 §4.3.2).
        const auto before = folder->messages.size();
        std::erase_if(folder->messages, [this](const LocalMessage& m) {
            return !std::binary_search(m_search_uids.begin(), m_search_uids.end(), m.uid);
        });
        m_result.expunged += before - folder->messages.size();
    }
    m_sel.seq_uids = m_search_uids;
    m_sel.seq_known = true;
}

void Client::on_search_done(const Response& r) {
    if (r.status != "OK") {
        if (m_client_state == ClientState::sync) {
            m_result.conflicts.push_back({m_sel.name, 0, "cannot list messages: " + r.text});
            ++m_sync_index;
            m_folder_step = FolderStep::select;
        } else if (m_client_state == ClientState::replay) {
            drop_action("cannot list messages: " + r.text);
        }
        return;
    }
    apply_search();
    if (m_client_state == ClientState::sync) m_folder_step = FolderStep::fetch_new;
}

void Client::on_sync_step_done(const Response& r, const SessionContext& ctx) {
    if (r.status == "BAD") return fail("FETCH failed: " + r.text, ctx);
    if (r.status != "OK") {
        // Skip the folder without moving UIDNEXT on, so that the next sync tries again.
        m_result.conflicts.push_back({m_sel.name, 0, "cannot fetch: " + r.text});
        ++m_sync_index;
        m_folder_step = FolderStep::select;
        return;
    }
    m_folder_step = m_folder_step == FolderStep::fetch_new ? FolderStep::fetch_flags
                                                           : FolderStep::finished;
}

void Client::sync_complete(const SessionContext& ctx) {
    if (!m_initial_sync_done) {
        m_initial_sync_done = true;
        m_result.ok = true;
        Event& e = push_event(EventKind::result, fmt::format("synced: {} fetched, {} flag updates, {} expunged, {} uploaded, {} "
                            "conflicts",
                            m_result.fetched, m_result.flag_updates, m_result.expunged,
                            m_result.uploaded, m_result.conflicts.size()));
        e.ok = true;
        e.count = m_result.fetched;
    }
    const bool unknown = std::find(m_sel.seq_uids.begin(), m_sel.seq_uids.end(), 0u) !=
                         m_sel.seq_uids.end();
    if (!m_queue.empty()) {
        m_client_state = ClientState::replay;  // actions the user took while we synced
    } else if (unknown && !m_resynced && selected_is("INBOX")) {
        m_resynced = true;  // mail arrived during the sync; once, so a lying server cannot loop us
        begin_sync(false);
    } else if (m_config.idle && has_capability("IDLE") && selected_is("INBOX")) {
        m_resynced = false;
        m_client_state = ClientState::idle;
    } else {
        m_client_state = ClientState::logout;
    }
    advance(ctx);
}

void Client::enter_idle() {
    m_idle_wake = false;
    m_idle_started = false;
    send("IDLE", Step::idle);
}

void Client::leave_idle() {
    if (!m_idling) return;
    m_output += "DONE\r\n";  // RFC 2177 §3
    m_idling = false;
    m_last_activity_us = m_now_us;
}

void Client::on_idle_done(const Response& r) {
    m_idling = false;
    if (r.status != "OK" && !m_idle_started) {
        m_client_state = ClientState::logout;  // the server refused IDLE: no push, end the session
        return;
    }
    if (!m_queue.empty()) {
        m_client_state = ClientState::replay;
    } else if (m_idle_wake) {
        begin_sync(false);  // new mail: fetch it, then IDLE again
    } else {
        m_client_state = ClientState::idle;  // re-issue (RFC 2177 §3)
    }
    m_idle_wake = false;
}

}  // namespace postlab::imap
