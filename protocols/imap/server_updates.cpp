// IMAP server: the per-session view of the selected mailbox and the untagged updates that keep
// a client in step with changes made by other sessions (RFC 9051 §5.2, §7.4.1, §7.5.1; RFC 7162
// §3.2 MODSEQ in FETCH), and sequence set resolution against that view (RFC 9051 §6.4.8/§6.4.9).
#include <algorithm>

#include <fmt/format.h>

#include "protocols/imap/server.hpp"
#include "protocols/imap/writer.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::imap {
namespace {

const StoredMessage* find_uid(const std::vector<StoredMessage>& messages, std::uint32_t uid) {
    auto it = std::lower_bound(messages.begin(), messages.end(), uid,
                               [](const StoredMessage& m, std::uint32_t u) { return m.uid < u; });
    return it != messages.end() && it->uid == uid ? &*it : nullptr;
}

}  // namespace

void Server::report_updates(const SessionContext& ctx, bool allow_expunge) {
    static const std::vector<StoredMessage> k_none;
    const Folder* folder = selected_folder(ctx);
    // A mailbox deleted or replaced by another session reads as empty to us.
    const bool same = folder && folder->uid_validity == m_uid_validity;
    const std::vector<StoredMessage>& messages = same ? folder->messages : k_none;
    if (allow_expunge) {
        std::vector<ViewEntry> kept;
        kept.reserve(m_view.size());
        for (auto& entry : m_view) {
            if (find_uid(messages, entry.uid)) {
                kept.push_back(std::move(entry));
            } else {
                // Each EXPUNGE renumbers the rest at once (RFC 9051 §7.5.1).
                untagged(fmt::format("{} EXPUNGE", kept.size() + 1));
            }
        }
        m_view = std::move(kept);
    }
    for (std::size_t i = 0; i < m_view.size(); ++i) {
        const StoredMessage* m = find_uid(messages, m_view[i].uid);
        if (!m) continue;
        const bool modseq_changed = m_condstore && m->modseq != m_view[i].modseq;
        if (m->flags != m_view[i].flags || modseq_changed) report_flags(i, *m, true);
    }
    const std::uint32_t last_uid = m_view.empty() ? 0 : m_view.back().uid;
    const std::size_t before = m_view.size();
    for (const auto& m : messages) {
        if (m.uid > last_uid) m_view.push_back(ViewEntry{m.uid, m.flags, m.modseq});
    }
    if (m_view.size() != before) untagged(fmt::format("{} EXISTS", m_view.size()));
}

std::string Server::flags_and_modseq(const StoredMessage& message) const {
    std::string out = "FLAGS " + flag_list(message.flags);
    // RFC 7162 §3.2: once CONDSTORE is on, every FETCH with FLAGS carries MODSEQ as well.
    if (m_condstore) out += fmt::format(" MODSEQ ({})", message.modseq);
    return out;
}

void Server::report_flags(std::size_t index, const StoredMessage& message, bool with_uid) {
    std::string items = with_uid ? fmt::format("UID {} ", message.uid) : std::string{};
    untagged(fmt::format("{} FETCH ({}{})", index + 1, items, flags_and_modseq(message)));
    remember(index, message);
}

void Server::remember(std::size_t index, const StoredMessage& message) {
    if (index >= m_view.size()) return;
    m_view[index].flags = message.flags;
    m_view[index].modseq = message.modseq;
}

std::optional<std::vector<std::size_t>> Server::resolve(const Token& token, bool uid,
                                                        const std::string& tag) {
    const auto set = token.is_atom() ? SequenceSet::parse(token.text) : std::nullopt;
    if (!set) {
        reply(tag, Reply::bad, "Invalid sequence set");
        return std::nullopt;
    }
    std::vector<std::size_t> out;
    if (uid) {
        // RFC 9051 §6.4.9: "*" is the largest UID in use; UIDs that do not exist are ignored.
        const std::uint32_t star = m_view.empty() ? 0 : m_view.back().uid;
        for (std::size_t i = 0; i < m_view.size(); ++i) {
            if (set->contains(m_view[i].uid, star)) out.push_back(i);
        }
        return out;
    }
    const auto exists = static_cast<std::uint32_t>(m_view.size());
    if (set->max_explicit() > exists && !(exists == 0 && set->uses_star())) {
        violation("Message sequence number beyond EXISTS", "RFC 9051 §6.4.8");
        reply(tag, Reply::bad, "Invalid message sequence number");
        return std::nullopt;
    }
    for (std::uint32_t n = 1; n <= exists; ++n) {
        if (set->contains(n, exists)) out.push_back(n - 1);
    }
    return out;
}

}  // namespace postlab::imap
