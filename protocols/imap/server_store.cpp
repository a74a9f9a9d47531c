// IMAP server: commands that change messages: APPEND (RFC 9051 §6.3.12), STORE (§6.4.6, with
// CONDSTORE UNCHANGEDSINCE, RFC 7162 §3.1.3), COPY and MOVE (§6.4.7, §6.4.8, RFC 6851) with
// UIDPLUS COPYUID/APPENDUID (RFC 4315 §3), and EXPUNGE / UID EXPUNGE (§6.4.3, RFC 4315 §2.1).
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
    // Copies first: the target may be the source, whose messages move as we append.
    std::vector<StoredMessage> copies;
    std::size_t bytes = 0;
    for (std::size_t index : *indexes) {
        const StoredMessage* m = source ? source->find_uid(m_view[index].uid) : nullptr;
        if (!m) continue;
        copies.push_back(*m);
        bytes += m->size();
    }
    if (a->quota_bytes != 0 && a->total_size() + (move ? 0 : bytes) > a->quota_bytes) {
        return reply(c.tag, Reply::no, "[OVERQUOTA] Quota exceeded");  // all or nothing
    }
    std::vector<std::uint32_t> source_uids;
    std::vector<std::uint32_t> target_uids;
    for (auto& m : copies) {
        source_uids.push_back(m.uid);
        ctx.store->deliver(m_user, target->name, std::move(m.data), m.internal_date_us, m.flags);
        target_uids.push_back(target->uid_next - 1);
    }
    const std::string copyuid =
        source_uids.empty() ? std::string{}
                            : fmt::format("[COPYUID {} {} {}] ", target->uid_validity,
                                          compress_numbers(source_uids), compress_numbers(target_uids));
    if (!move) return complete(c, copyuid + "COPY completed", ctx);
    // RFC 6851 §4.3: COPYUID goes in an untagged OK before the EXPUNGE responses.
    if (!copyuid.empty()) untagged("OK " + copyuid + "Moved");
    ctx.store->expunge(m_user, m_mailbox, source_uids);
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
