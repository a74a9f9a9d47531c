// IMAP server: commands that change messages: APPEND (RFC 9051 §6.3.12), STORE (§6.4.6, with
// CONDSTORE UNCHANGEDSINCE, RFC 7162 §3.1.3), COPY and MOVE (§6.4.7, §6.4.8, RFC 6851 §3.3;
// quota: OVERQUOTA, §7.1) with UIDPLUS COPYUID/APPENDUID (RFC 4315 §3), and EXPUNGE / UID
// EXPUNGE (§6.4.3).
#include <algorithm>

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/imap/date_time.hpp"
#include "protocols/imap/flags.hpp"
#include "protocols/imap/server.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::imap {
namespace {

enum class StoreMode { replace, add, remove };

struct StoreAction {
    StoreMode mode = StoreMode::replace;
    bool silent = false;
};

// "FLAGS", "+FLAGS.SILENT", ... (RFC 9051 §9 "store-att-flags").
std::optional<StoreAction> parse_store_item(const Token& token) {
    if (!token.is_atom()) return std::nullopt;
    std::string_view text = token.text;
    StoreAction action;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        action.mode = text[0] == '+' ? StoreMode::add : StoreMode::remove;
        text.remove_prefix(1);
    }
    if (iequals(text, "FLAGS.SILENT")) {
        action.silent = true;
    } else if (!iequals(text, "FLAGS")) {
        return std::nullopt;
    }
    return action;
}

std::vector<std::string> apply(StoreMode mode, const std::vector<std::string>& current,
                               const std::vector<std::string>& flags) {
    std::vector<std::string> out;
    switch (mode) {
        case StoreMode::replace: return flags;
        case StoreMode::add:
            std::set_union(current.begin(), current.end(), flags.begin(), flags.end(),
                           std::back_inserter(out));
            return out;
        case StoreMode::remove:
            std::set_difference(current.begin(), current.end(), flags.begin(), flags.end(),
                                std::back_inserter(out));
            return out;
    }
    return out;
}

// RFC 9051 §6.4.7: COPY is all or nothing. The target UIDs, in the order of `uids` (all in
// `source`), or nullopt when the copies would take the account over its quota: then nothing was
// copied (RFC 9051 §7.1 OVERQUOTA, "would be over quota after the operation").
std::optional<std::vector<std::uint32_t>> copy_into(MailStore& store, const std::string& user,
                                                    Folder& source,
                                                    const std::vector<std::uint32_t>& uids,
                                                    Folder& target) {
    const Account* a = store.account(user);
    std::vector<StoredMessage> copies;  // taken first: the target may be the source, which grows
    std::uint64_t bytes = 0;
    for (std::uint32_t uid : uids) {
        if (const StoredMessage* m = source.find_uid(uid)) {
            copies.push_back(*m);
            bytes += m->size();
        }
    }
    if (!a || (a->quota_bytes != 0 && a->total_size() + bytes > a->quota_bytes)) {
        return std::nullopt;
    }
    std::vector<std::uint32_t> target_uids;
    for (auto& m : copies) {
        const auto status =
            store.deliver(user, target.name, std::move(m.data), m.internal_date_us, m.flags);
        if (status != DeliveryStatus::delivered) {
            store.expunge(user, target.name, target_uids);  // undo the part already copied
            return std::nullopt;
        }
        target_uids.push_back(target.uid_next - 1);
    }
    return target_uids;
}

// RFC 6851 §3.3: a real move, so that every message is in the source or in the target whatever
// happens; no quota check, as the account's total stays the same (RFC 6851 §4.1). Rewrites
// `source_uids` to the messages actually moved and returns their new UIDs, pairwise.
std::vector<std::uint32_t> move_into(MailStore& store, const std::string& user,
                                     const std::string& source,
                                     std::vector<std::uint32_t>& source_uids,
                                     const std::string& target) {
    std::vector<std::uint32_t> target_uids;
    const auto moved = store.move_messages(user, source, source_uids, target);
    source_uids.clear();
    for (const auto& m : moved) {
        source_uids.push_back(m.source_uid);
        target_uids.push_back(m.target_uid);
    }
    return target_uids;
}

}  // namespace

void Server::cmd_append(const Command& c, const SessionContext& ctx) {
    if (c.args.size() < 2 || c.args.size() > 4 || !c.args.back().is_string()) {
        return reply(c.tag, Reply::bad, "APPEND needs a mailbox and a message literal");
    }
    std::vector<std::string> flags;
    TimeUs date = ctx.now_us;
    for (std::size_t i = 1; i + 1 < c.args.size(); ++i) {
        const Token& t = c.args[i];
        if (t.is_list()) {
            auto parsed = parse_flags({t});
            if (!parsed) return reply(c.tag, Reply::bad, "Invalid flag in APPEND");
            flags = std::move(*parsed);
        } else if (auto when = t.is_string() ? parse_date_time(t.text) : std::nullopt) {
            date = *when;
        } else {
            return reply(c.tag, Reply::bad, "Invalid APPEND argument");
        }
    }
    Account* a = account(ctx);
    const std::string name = iequals(c.args[0].text, "INBOX") ? "INBOX" : c.args[0].text;
    Folder* f = a && c.args[0].is_astring() ? a->folder(name) : nullptr;
    // RFC 9051 §6.3.12: TRYCREATE tells the client that CREATE would make the APPEND work.
    if (!f) return reply(c.tag, Reply::no, "[TRYCREATE] No such mailbox");
    if (c.args.back().text.empty()) return reply(c.tag, Reply::no, "Empty message");
    const auto status = ctx.store->deliver(m_user, f->name, c.args.back().text, date, flags);
    if (status == DeliveryStatus::over_quota) {
        return reply(c.tag, Reply::no, "[OVERQUOTA] Quota exceeded");
    }
    const std::string code = fmt::format("[APPENDUID {} {}]", f->uid_validity, f->uid_next - 1);
    complete(c, code + " APPEND completed", ctx);
}

void Server::cmd_store(const Command& c, bool uid, const SessionContext& ctx) {
    std::size_t i = 1;
    std::optional<std::uint64_t> unchanged_since;
    if (c.args.size() > 1 && c.args[1].is_list()) {
        const auto& mods = c.args[1].children;
        if (mods.size() != 2 || !iequals(mods[0].text, "UNCHANGEDSINCE") ||
            !(unchanged_since = parse_number(mods[1]))) {
            return reply(c.tag, Reply::bad, "Unknown STORE modifier");
        }
        m_condstore = true;  // RFC 7162 §3.1: UNCHANGEDSINCE enables CONDSTORE
        ++i;
    }
    const auto action = c.args.size() > i + 1 ? parse_store_item(c.args[i]) : std::nullopt;
    const auto flags = action ? parse_flags({c.args.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                             c.args.end()})
                              : std::nullopt;
    if (c.args.empty() || !action || !flags) {
        return reply(c.tag, Reply::bad, "Expected: STORE set [+|-]FLAGS[.SILENT] (flags)");
    }
    const auto indexes = resolve(c.args[0], uid, c.tag);
    if (!indexes) return;
    if (m_read_only) return reply(c.tag, Reply::no, "[READ-ONLY] Mailbox is read-only");
    Folder* f = selected_folder(ctx);
    std::vector<std::uint32_t> modified;
    for (std::size_t index : *indexes) {
        StoredMessage* m = f ? f->find_uid(m_view[index].uid) : nullptr;
        if (!m) continue;  // expunged by another session, not yet reported
        if (unchanged_since && m->modseq > *unchanged_since) {
            // RFC 7162 §3.1.3: changed since the client looked; left alone and reported.
            modified.push_back(uid ? m->uid : static_cast<std::uint32_t>(index + 1));
            continue;
        }
        ctx.store->set_flags(m_user, f->name, m->uid, apply(action->mode, m->flags, *flags));
        if (action->silent) {
            remember(index, *m);
        } else {
            report_flags(index, *m, uid);
        }
    }
    if (!modified.empty()) {
        std::sort(modified.begin(), modified.end());
        return complete(c, fmt::format("[MODIFIED {}] Conditional STORE failed",
                                       compress_numbers(modified)), ctx);
    }
    complete(c, "STORE completed", ctx);
}

void Server::cmd_copy(const Command& c, bool uid, bool move, const SessionContext& ctx) {
    if (c.args.size() != 2 || !c.args[1].is_astring()) {
        return reply(c.tag, Reply::bad, "Expected: set mailbox");
    }
    const auto indexes = resolve(c.args[0], uid, c.tag);
    if (!indexes) return;
    if (move && m_read_only) return reply(c.tag, Reply::no, "[READ-ONLY] Mailbox is read-only");
    Account* a = account(ctx);
    const std::string name = iequals(c.args[1].text, "INBOX") ? "INBOX" : c.args[1].text;
    Folder* target = a ? a->folder(name) : nullptr;
    if (!target) return reply(c.tag, Reply::no, "[TRYCREATE] No such mailbox");
    Folder* source = selected_folder(ctx);
    std::vector<std::uint32_t> source_uids;  // ascending, as the view is
    for (std::size_t index : *indexes) {
        if (source && source->find_uid(m_view[index].uid)) source_uids.push_back(m_view[index].uid);
    }
    std::optional<std::vector<std::uint32_t>> copied;
    if (source_uids.empty()) {
        copied.emplace();  // nothing to do (e.g. all expunged by another session)
    } else if (move) {
        copied = move_into(*ctx.store, m_user, source->name, source_uids, target->name);
    } else {
        copied = copy_into(*ctx.store, m_user, *source, source_uids, *target);
    }
    if (!copied) return reply(c.tag, Reply::no, "[OVERQUOTA] Quota exceeded");  // changed nothing
    const std::string copyuid =
        copied->empty() ? std::string{}
                        : fmt::format("[COPYUID {} {} {}] ", target->uid_validity,
                                      compress_numbers(source_uids), compress_numbers(*copied));
    if (!move) return complete(c, copyuid + "COPY completed", ctx);
    // RFC 6851 §4.3: COPYUID goes in an untagged OK before the EXPUNGE responses.
    if (!copyuid.empty()) untagged("OK " + copyuid + "Moved");
    complete(c, "MOVE completed", ctx);
}

void Server::cmd_expunge(const Command& c, bool uid, const SessionContext& ctx) {
    if (c.args.size() != (uid ? 1u : 0u)) return reply(c.tag, Reply::bad, "Wrong arguments");
    std::optional<std::vector<std::size_t>> indexes;
    if (uid && !(indexes = resolve(c.args[0], true, c.tag))) return;
    if (m_read_only) return reply(c.tag, Reply::no, "[READ-ONLY] Mailbox is read-only");
    Folder* f = selected_folder(ctx);
    std::vector<std::uint32_t> chosen;  // UID EXPUNGE: sorted, as the view is
    if (indexes) {
        for (std::size_t i : *indexes) chosen.push_back(m_view[i].uid);
    }
    std::vector<std::uint32_t> uids;
    if (f && f->uid_validity == m_uid_validity) {
        for (const auto& m : f->messages) {
            const bool in_set =
                !indexes || std::binary_search(chosen.begin(), chosen.end(), m.uid);
            if (in_set && m.has_flag("\\Deleted")) uids.push_back(m.uid);
        }
    }
    if (ctx.store) ctx.store->expunge(m_user, m_mailbox, uids);
    complete(c, "EXPUNGE completed", ctx);
}

}  // namespace postlab::imap
