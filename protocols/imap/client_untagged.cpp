// IMAP client: untagged responses, which may come at any time (RFC 9051 §7, §7.4.1): status
// codes of the selected mailbox (§7.1), EXISTS (§7.4.1), EXPUNGE (§7.5.1), FETCH (§7.5.2, RFC 7162
// §3.2 MODSEQ), SEARCH / ESEARCH (§7.3.4, RFC 4731), ENABLED (RFC 5161), BYE (§7.1.5).
#include <algorithm>

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/imap/client.hpp"
#include "protocols/imap/date_time.hpp"
#include "protocols/imap/flags.hpp"
#include "protocols/imap/sequence_set.hpp"

namespace postlab::imap {
namespace {

// Bound on messages in one mailbox the client tracks: a server claiming more is not believed.
constexpr std::uint32_t k_messages_max = 1'000'000;

std::optional<std::vector<std::string>> flags_of(const Token& token) {
    if (!token.is_list()) return std::nullopt;
    std::vector<std::string> flags;
    for (const auto& f : token.children) {
        if (!f.is_atom()) return std::nullopt;
        // RFC 9051 §2.3.2: \Recent is per session and gone in IMAP4rev2; it is not cached.
        if (iequals(f.text, "\\Recent")) continue;
        flags.push_back(f.text);
    }
    normalize_flags(flags);
    return flags;
}

}  // namespace

void Client::on_status(const Response& r) {
    on_code(r);
    if (r.status != "BYE") return;
    m_bye_received = true;
    m_bye_text = r.text;
    if (m_step == Step::logout) return;  // RFC 9051 §6.1.3: BYE, then the tagged OK
    // RFC 9051 §7.1.5: the server is closing the connection; whatever was in flight is lost.
    m_result.ok = false;
    m_result.error = "server closed the connection: " + r.text;
    emit_result(false, m_result.error);
    m_failing = true;
    finish_closed("server said BYE");
}

void Client::on_code(const Response& r) {
    if (r.code.empty()) return;
    if (r.code == "CAPABILITY") return set_capabilities(r.code_data);
    const bool mailbox_code = m_step == Step::select || m_state == State::selected;
    if (!mailbox_code) return;
    if (r.code == "UIDVALIDITY" || r.code == "UIDNEXT") {
        const auto n = parse_number(r.code_data);
        if (!n || *n > 0xFFFFFFFFULL) return violation("bad " + r.code + " value", "RFC 9051 §7.1");
        (r.code == "UIDVALIDITY" ? m_sel.uid_validity : m_sel.uid_next) =
            static_cast<std::uint32_t>(*n);
    } else if (r.code == "HIGHESTMODSEQ") {
        const auto n = parse_number(r.code_data);
        if (!n) return violation("bad HIGHESTMODSEQ value", "RFC 7162 §3.1.2.1");
        m_sel.highest_modseq = *n;
    } else if (r.code == "NOMODSEQ") {
        m_sel.nomodseq = true;  // RFC 7162 §3.1.2.2: this mailbox does not keep MODSEQs
    }
}

void Client::on_data(const Response& r) {
    const std::string& name = r.name;
    if (name == "CAPABILITY") {
        std::string words;
        for (const auto& t : r.args) words += t.text + ' ';
        return set_capabilities(words);
    }
    if (name == "EXISTS" || name == "EXPUNGE" || name == "FETCH") {
        if (!r.has_number) return violation(name + " without a number", "RFC 9051 §7.4");
        if (r.number > k_messages_max) {
            return fail_hard(fmt::format("server claims message {} in one mailbox", r.number),
                             "RFC 9051 §7.4.1");
        }
        if (name == "EXISTS") return on_exists(r.number);
        if (name == "EXPUNGE") return on_expunge(r.number);
        return on_fetch(r);
    }
    if (name == "LIST" && m_step == Step::list) return on_list_data(r);
    if ((name == "SEARCH" || name == "ESEARCH") && m_step == Step::search) return on_search(r);
    if (name == "ENABLED") {
        for (const auto& t : r.args) {
            if (iequals(t.text, "IMAP4rev2")) m_rev2 = true;
        }
    }
    // FLAGS, RECENT, STATUS, NAMESPACE, LIST from SELECT (IMAP4rev2), ...: nothing to keep.
}

void Client::on_exists(std::uint32_t n) {
    if (m_state != State::selected && m_step != Step::select) return;
    auto& uids = m_sel.seq_uids;
    if (n < uids.size()) {
        // RFC 9051 §7.4.1: EXISTS cannot shrink the mailbox; only EXPUNGE does.
        violation("EXISTS smaller than the known message count", "RFC 9051 §7.4.1");
        uids.resize(n);
        return;
    }
    const bool grew = n > uids.size();
    uids.resize(n, 0);
    if (grew && m_idling) {
        m_idle_wake = true;  // new mail while idling: DONE, fetch it, IDLE again
        leave_idle();
    }
}

void Client::on_expunge(std::uint32_t n) {
    auto& uids = m_sel.seq_uids;
    if (n == 0 || n > uids.size()) {
        return violation("EXPUNGE of a sequence number that does not exist", "RFC 9051 §7.5.1");
    }
    const std::uint32_t uid = uids[n - 1];
    uids.erase(uids.begin() + (n - 1));  // later messages move down at once (RFC 9051 §7.5.1)
    LocalFolder* folder = m_cache.folder(m_sel.name);
    if (uid == 0 || !folder) return;
    const auto before = folder->messages.size();
    drop_message(*folder, uid);
    if (folder->messages.size() != before) ++m_result.expunged;
}

void Client::on_fetch(const Response& r) {
    if (r.number == 0 || r.args.size() != 1 || !r.args[0].is_list()) {
        return violation("malformed FETCH response", "RFC 9051 §7.5.2");
    }
    const Token& items = r.args[0];
    auto& uids = m_sel.seq_uids;
    if (r.number > uids.size()) uids.resize(r.number, 0);  // tolerate a missing EXISTS
    std::uint32_t uid = uids[r.number - 1];
    if (const Token* t = fetch_value(items, "UID")) {
        const auto n = to_u32(*t);
        if (!n || *n == 0) return violation("bad UID in FETCH", "RFC 9051 §2.3.1.1");
        uid = *n;
        uids[r.number - 1] = uid;
    }
    LocalFolder* folder = m_cache.folder(m_sel.name);
    if (uid == 0 || !folder) return;
    std::optional<std::vector<std::string>> flags;
    if (const Token* t = fetch_value(items, "FLAGS")) {
        flags = flags_of(*t);
        if (!flags) return violation("bad FLAGS in FETCH", "RFC 9051 §7.5.2");
    }
    std::uint64_t modseq = 0;
    if (const Token* t = fetch_value(items, "MODSEQ")) {
        if (t->is_list() && t->children.size() == 1) modseq = to_u64(t->children[0]).value_or(0);
    }
    const Token* body = fetch_value(items, "BODY[]");
    if (body && body->is_string()) {
        LocalMessage m;
        m.uid = uid;
        m.flags = flags.value_or(std::vector<std::string>{});
        m.modseq = modseq;
        m.data = body->text;
        m.size = m.data.size();
        if (const Token* t = fetch_value(items, "RFC822.SIZE")) m.size = to_u32(*t).value_or(m.size);
        if (const Token* t = fetch_value(items, "INTERNALDATE")) {
            m.internal_date_us = parse_date_time(t->text).value_or(0);
        }
        // A message over fetch_body_max was read past, not kept: cached without its data.
        return store_fetched(*folder, std::move(m), r.literal_skipped);
    }
    if (flags) update_flags(*folder, uid, std::move(*flags), modseq);
}

void Client::store_fetched(LocalFolder& folder, LocalMessage message, bool too_large) {
    auto it = std::lower_bound(folder.messages.begin(), folder.messages.end(), message.uid,
                               [](const LocalMessage& m, std::uint32_t u) { return m.uid < u; });
    if (it != folder.messages.end() && it->uid == message.uid) {
        update_flags(folder, message.uid, std::move(message.flags), message.modseq);
        return;
    }
    Event& e = push_event(EventKind::message_retrieved,
                          too_large ? fmt::format("{}/{} too large ({} octets): not downloaded",
                                                  folder.name, message.uid, message.size)
                                    : fmt::format("fetched {}/{} ({} octets)", folder.name,
                                                  message.uid, message.data.size()));
    e.uid = fmt::format("{}/{}", folder.name, message.uid);
    e.message = message.data;
    folder.messages.insert(it, std::move(message));
    ++m_result.fetched;
}

void Client::update_flags(LocalFolder& folder, std::uint32_t uid, std::vector<std::string> flags,
                          std::uint64_t modseq) {
    for (auto& m : folder.messages) {
        if (m.uid != uid) continue;
        if (m.flags != flags) {
            m.flags = std::move(flags);
            ++m_result.flag_updates;
        }
        if (modseq > m.modseq) m.modseq = modseq;
        return;
    }
}

void Client::drop_message(LocalFolder& folder, std::uint32_t uid) {
    std::erase_if(folder.messages, [uid](const LocalMessage& m) { return m.uid == uid; });
}

void Client::on_search(const Response& r) {
    std::vector<std::uint32_t> found;
    if (r.name == "SEARCH") {
        for (const auto& t : r.args) {
            if (t.is_list()) break;  // "(MODSEQ n)" (RFC 7162 §3.1.5)
            const auto n = to_u32(t);
            if (!n) return violation("bad number in SEARCH", "RFC 9051 §7.3.4");
            found.push_back(*n);
        }
    } else {
        // RFC 4731 §3.1: ESEARCH [(TAG "x")] [UID] *(name SP value); only ALL matters here.
        for (std::size_t i = 0; i + 1 < r.args.size(); ++i) {
            if (!r.args[i].is_atom() || !iequals(r.args[i].text, "ALL")) continue;
            const auto set = SequenceSet::parse(r.args[i + 1].text);
            if (!set) return violation("bad sequence set in ESEARCH", "RFC 4731 §3.1");
            for (const auto& range : set->ranges()) {
                const auto lo = std::min(range.first, range.last);
                const auto hi = std::max(range.first, range.last);
                if (lo == 0 || hi - lo >= k_messages_max - found.size()) {
                    return fail_hard("ESEARCH result too large", "RFC 4731 §3.1");
                }
                for (std::uint64_t n = lo; n <= hi; ++n) found.push_back(static_cast<std::uint32_t>(n));
            }
        }
    }
    if (found.size() > k_messages_max) return fail_hard("SEARCH result too large", "RFC 9051 §7.3.4");
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    m_search_uids = std::move(found);
}

}  // namespace postlab::imap
