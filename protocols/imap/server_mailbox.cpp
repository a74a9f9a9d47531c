// IMAP server: mailbox commands of the authenticated state (RFC 9051 §6.3: SELECT, EXAMINE,
// CREATE, DELETE, RENAME, SUBSCRIBE, LIST, NAMESPACE, STATUS, APPEND; §6.4.1-2 CLOSE, UNSELECT),
// with SPECIAL-USE (RFC 6154), LIST-EXTENDED basics (RFC 5258), UIDPLUS APPENDUID (RFC 4315)
// and CONDSTORE's HIGHESTMODSEQ (RFC 7162 §3.1.2).
#include <algorithm>

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/imap/date_time.hpp"
#include "protocols/imap/flags.hpp"
#include "protocols/imap/server.hpp"
#include "protocols/imap/writer.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::imap {
namespace {

constexpr char k_delimiter = '/';
constexpr std::size_t k_mailbox_name_max = 255;
constexpr std::size_t k_folders_max = 1000;  // per account: CREATE is peer-driven allocation

// The mailbox argument: an astring, INBOX in any case meaning INBOX (RFC 9051 §5.1).
std::optional<std::string> mailbox_arg(const Token& token) {
    if (!token.is_astring()) return std::nullopt;
    if (iequals(token.text, "INBOX")) return std::string("INBOX");
    return token.text;
}

std::string keywords_of(const Folder& folder) {
    std::vector<std::string> keywords;
    for (const auto& m : folder.messages) {
        for (const auto& f : m.flags) {
            if (!f.starts_with('\\')) keywords.push_back(f);
        }
    }
    std::sort(keywords.begin(), keywords.end());
    keywords.erase(std::unique(keywords.begin(), keywords.end()), keywords.end());
    std::string out;
    for (const auto& k : keywords) out += ' ' + k;
    return out;
}

}  // namespace

Account* Server::account(const SessionContext& ctx) const {
    return ctx.store && !m_user.empty() ? ctx.store->account(m_user) : nullptr;
}

Folder* Server::selected_folder(const SessionContext& ctx) const {
    Account* a = account(ctx);
    return a && !m_mailbox.empty() ? a->folder(m_mailbox) : nullptr;
}

void Server::deselect() {
    m_mailbox.clear();
    m_view.clear();
    m_uid_validity = 0;
    m_state = State::authenticated;
}

void Server::cmd_select(const Command& c, bool read_only, const SessionContext& ctx) {
    const auto name = c.args.empty() ? std::nullopt : mailbox_arg(c.args[0]);
    if (!name || c.args.size() > 2 || (c.args.size() == 2 && !c.args[1].is_list())) {
        return reply(c.tag, Reply::bad, "SELECT needs a mailbox name");
    }
    if (c.args.size() == 2) {
        for (const auto& p : c.args[1].children) {
            if (!iequals(p.text, "CONDSTORE")) return reply(c.tag, Reply::bad, "Unknown parameter");
            m_condstore = true;  // RFC 7162 §3.1.8
        }
    }
    // RFC 9051 §6.3.2: a SELECT first closes the mailbox selected before, even when it fails.
    if (m_state == State::selected) {
        deselect();
        if (m_rev2 || m_condstore) untagged("OK [CLOSED] Previous mailbox closed");
    }
    Account* a = account(ctx);
    Folder* f = a ? a->folder(*name) : nullptr;
    if (!f) return reply(c.tag, Reply::no, "[NONEXISTENT] No such mailbox");
    m_mailbox = f->name;
    m_uid_validity = f->uid_validity;
    m_read_only = read_only;
    m_state = State::selected;
    std::optional<std::size_t> first_unseen;
    for (const auto& m : f->messages) {
        if (!first_unseen && !m.has_flag("\\Seen")) first_unseen = m_view.size() + 1;
        m_view.push_back(ViewEntry{m.uid, m.flags, m.modseq});
    }
    const std::string keywords = keywords_of(*f);
    untagged(fmt::format("{} EXISTS", m_view.size()));
    untagged(fmt::format("FLAGS ({}{})", system_flags_text(), keywords));
    if (!m_rev2) {
        untagged("0 RECENT");  // RFC 3501 §6.3.1; \Recent is gone in IMAP4rev2
        if (first_unseen) untagged(fmt::format("OK [UNSEEN {}] First unseen", *first_unseen));
    }
    untagged(read_only ? std::string("OK [PERMANENTFLAGS ()] Read-only mailbox")
                       : fmt::format("OK [PERMANENTFLAGS ({}{} \\*)] Flags permitted",
                                     system_flags_text(), keywords));
    untagged(fmt::format("OK [UIDVALIDITY {}] UIDs valid", f->uid_validity));
    untagged(fmt::format("OK [UIDNEXT {}] Predicted next UID", f->uid_next));
    untagged(fmt::format("OK [HIGHESTMODSEQ {}] Highest", f->highest_modseq));
    if (m_rev2) untagged(fmt::format("LIST () \"/\" {}", astring(f->name)));  // RFC 9051 §6.3.2
    reply(c.tag, Reply::ok,
          fmt::format("[{}] {} completed", read_only ? "READ-ONLY" : "READ-WRITE",
                      read_only ? "EXAMINE" : "SELECT"));
}

void Server::cmd_create(const Command& c, const SessionContext& ctx) {
    auto name = c.args.size() == 1 ? mailbox_arg(c.args[0]) : std::nullopt;
    if (name && name->ends_with(k_delimiter)) name->pop_back();  // RFC 9051 §6.3.4
    if (!name || name->empty()) return reply(c.tag, Reply::bad, "CREATE needs a mailbox name");
    Account* a = account(ctx);
    if (!a) return reply(c.tag, Reply::no, "[UNAVAILABLE] Mail store unavailable");
    if (a->folder(*name)) return reply(c.tag, Reply::no, "[ALREADYEXISTS] Mailbox exists");
    if (name->size() > k_mailbox_name_max || name->find_first_of("*%") != std::string::npos ||
        name->find("//") != std::string::npos || name->starts_with(k_delimiter)) {
        return reply(c.tag, Reply::no, "[CANNOT] Invalid mailbox name");
    }
    // Superior names are created too (RFC 9051 §6.3.4), each counted against the limit.
    std::size_t pos = 0;
    while (true) {
        pos = name->find(k_delimiter, pos);
        const std::string part = name->substr(0, pos);
        if (!a->folder(part)) {
            if (a->folders.size() >= k_folders_max) {
                return reply(c.tag, Reply::no, "[LIMIT] Too many mailboxes");
            }
            ctx.store->create_folder(m_user, part);
        }
        if (pos == std::string::npos) break;
        ++pos;
    }
    complete(c, "CREATE completed", ctx);
}

void Server::cmd_delete(const Command& c, const SessionContext& ctx) {
    const auto name = c.args.size() == 1 ? mailbox_arg(c.args[0]) : std::nullopt;
    if (!name) return reply(c.tag, Reply::bad, "DELETE needs a mailbox name");
    Account* a = account(ctx);
    if (*name == "INBOX") return reply(c.tag, Reply::no, "[CANNOT] INBOX cannot be deleted");
    if (!a || ctx.store->delete_folder(m_user, *name) != FolderStatus::ok) {
        return reply(c.tag, Reply::no, "[NONEXISTENT] No such mailbox");
    }
    complete(c, "DELETE completed", ctx);
}

void Server::cmd_rename(const Command& c, const SessionContext& ctx) {
    const auto from = c.args.size() == 2 ? mailbox_arg(c.args[0]) : std::nullopt;
    auto to = c.args.size() == 2 ? mailbox_arg(c.args[1]) : std::nullopt;
    if (to && to->ends_with(k_delimiter)) to->pop_back();
    if (!from || !to || to->empty()) return reply(c.tag, Reply::bad, "RENAME needs two names");
    Account* a = account(ctx);
    Folder* source = a ? a->folder(*from) : nullptr;
    if (!source) return reply(c.tag, Reply::no, "[NONEXISTENT] No such mailbox");
    if (a->folder(*to)) return reply(c.tag, Reply::no, "[ALREADYEXISTS] Target exists");
    if (to->size() > k_mailbox_name_max || to->find_first_of("*%") != std::string::npos) {
        return reply(c.tag, Reply::no, "[CANNOT] Invalid mailbox name");
    }
    if (a->folders.size() >= k_folders_max) return reply(c.tag, Reply::no, "[LIMIT] Too many");
    // RFC 9051 §6.3.6: renaming INBOX moves its messages and leaves INBOX empty; inferiors of
    // any other name follow it (both done by the store).
    if (ctx.store->rename_folder(m_user, *from, *to) != FolderStatus::ok) {
        return reply(c.tag, Reply::no, "[CANNOT] Rename failed");
    }
    if (*from == "INBOX") return complete(c, "RENAME completed", ctx);
    if (m_mailbox == *from) m_mailbox = *to;
    complete(c, "RENAME completed", ctx);
}

void Server::cmd_subscribe(const Command& c, bool subscribe, const SessionContext& ctx) {
    const auto name = c.args.size() == 1 ? mailbox_arg(c.args[0]) : std::nullopt;
    if (!name) return reply(c.tag, Reply::bad, "Mailbox name expected");
    Account* a = account(ctx);
    Folder* f = a ? a->folder(*name) : nullptr;
    if (!f) return reply(c.tag, Reply::no, "[NONEXISTENT] No such mailbox");
    f->subscribed = subscribe;
    complete(c, subscribe ? "SUBSCRIBE completed" : "UNSUBSCRIBE completed", ctx);
}

void Server::cmd_namespace(const Command& c, const SessionContext& ctx) {
    if (!c.args.empty()) return reply(c.tag, Reply::bad, "NAMESPACE takes no arguments");
    untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");  // RFC 2342 §5: personal only
    complete(c, "NAMESPACE completed", ctx);
}

void Server::cmd_close(const Command& c, bool expunge, const SessionContext& ctx) {
    if (!c.args.empty()) return reply(c.tag, Reply::bad, "No arguments expected");
    Folder* f = selected_folder(ctx);
    if (expunge && !m_read_only && f && f->uid_validity == m_uid_validity) {
        // RFC 9051 §6.4.1: CLOSE expunges silently, without EXPUNGE responses.
        std::vector<std::uint32_t> uids;
        for (const auto& m : f->messages) {
            if (m.has_flag("\\Deleted")) uids.push_back(m.uid);
        }
        ctx.store->expunge(m_user, m_mailbox, uids);
    }
    deselect();
    reply(c.tag, Reply::ok, expunge ? "CLOSE completed" : "UNSELECT completed");
}

}  // namespace postlab::imap
