// POP3 server, TRANSACTION and UPDATE states: STAT, LIST, RETR, TOP, DELE, RSET, UIDL over the
// maildrop snapshot taken at login, then QUIT's commit (RFC 1939 §5, §6, §7; byte-stuffing §3).
#include <fmt/format.h>

#include "protocols/pop3/server.hpp"
#include "protocols/pop3/writer.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::pop3 {
namespace {

// RFC 1939 §7 TOP: the header, the blank line after it, then `lines` lines of the body.
std::string_view top_of(std::string_view data, std::uint32_t lines) {
    const std::size_t blank = data.find("\r\n\r\n");
    if (blank == std::string_view::npos) return data;
    std::size_t end = blank + 4;
    for (std::uint32_t i = 0; i < lines && end < data.size(); ++i) {
        const std::size_t crlf = data.find("\r\n", end);
        end = crlf == std::string_view::npos ? data.size() : crlf + 2;
    }
    return data.substr(0, end);
}

}  // namespace

std::size_t Server::live_count() const {
    std::size_t n = 0;
    for (const auto& e : m_drop) n += e.deleted ? 0 : 1;
    return n;
}

std::size_t Server::live_octets() const {
    std::size_t n = 0;
    for (const auto& e : m_drop) n += e.deleted ? 0 : e.octets;
    return n;
}

std::string Server::unique_id(const DropEntry& entry) const {
    // RFC 1939 §7: unique per maildrop and stable across sessions; UIDVALIDITY guards against a
    // folder whose UIDs were reset (as IMAP does, RFC 9051 §2.3.1.1).
    return fmt::format("{}.{}", m_uid_validity, entry.uid);
}

Server::DropEntry* Server::find_message(std::optional<std::uint32_t> number) {
    if (!number || *number == 0 || *number > m_drop.size()) {
        reply(err(fmt::format("no such message, only {} messages in maildrop", m_drop.size())));
        return nullptr;
    }
    DropEntry& entry = m_drop[*number - 1];
    if (entry.deleted) {
        // RFC 1939 §5: a message marked as deleted may not be referred to.
        reply(err(fmt::format("message {} already deleted", *number)));
        return nullptr;
    }
    return &entry;
}

const StoredMessage* Server::stored(const DropEntry& entry, const SessionContext& ctx) {
    Account* account = ctx.store ? ctx.store->account(m_user) : nullptr;
    Folder* inbox = account ? account->folder("INBOX") : nullptr;
    const StoredMessage* m = inbox ? inbox->find_uid(entry.uid) : nullptr;
    // Another protocol (IMAP) may have expunged it since login; POP3 has no way to say so.
    if (!m) reply(err("message no longer available", "SYS/TEMP"));
    return m;
}

void Server::handle_stat() {
    // RFC 1939 §5: "+OK nn mm", exactly that shape, so clients can parse it.
    reply(ok(fmt::format("{} {}", live_count(), live_octets())));
}

void Server::handle_list(const Command& c) {
    if (c.message) {
        if (const DropEntry* e = find_message(c.message)) {
            reply(ok(fmt::format("{} {}", *c.message, e->octets)));
        }
        return;
    }
    std::vector<ListingEntry> entries;
    for (std::size_t i = 0; i < m_drop.size(); ++i) {
        if (!m_drop[i].deleted) {
            entries.push_back(
                {static_cast<std::uint32_t>(i + 1), std::to_string(m_drop[i].octets)});
        }
    }
    reply(ok(fmt::format("{} messages ({} octets)", live_count(), live_octets())));
    reply(write_listing(entries) + ".\r\n");
}

void Server::handle_uidl(const Command& c) {
    if (c.message) {
        if (const DropEntry* e = find_message(c.message)) {
            reply(ok(fmt::format("{} {}", *c.message, unique_id(*e))));
        }
        return;
    }
    std::vector<ListingEntry> entries;
    for (std::size_t i = 0; i < m_drop.size(); ++i) {
        if (!m_drop[i].deleted)
            entries.push_back({static_cast<std::uint32_t>(i + 1), unique_id(m_drop[i])});
    }
    reply(ok(""));
    reply(write_listing(entries) + ".\r\n");
}

void Server::handle_retr(const Command& c, const SessionContext& ctx) {
    const DropEntry* e = find_message(c.message);
    if (!e) return;
    const StoredMessage* m = stored(*e, ctx);
    if (!m) return;
    reply(ok(fmt::format("{} octets", e->octets)));
    reply(write_multiline_body(m->data));
}

void Server::handle_top(const Command& c, const SessionContext& ctx) {
    const DropEntry* e = find_message(c.message);
    if (!e) return;
    const StoredMessage* m = stored(*e, ctx);
    if (!m) return;
    reply(ok("top of message follows"));
    reply(write_multiline_body(top_of(m->data, c.lines.value_or(0))));
}

void Server::handle_dele(const Command& c) {
    DropEntry* e = find_message(c.message);
    if (!e) return;
    e->deleted = true;  // RFC 1939 §5: only marked; UPDATE removes it
    reply(ok(fmt::format("message {} deleted", *c.message)));
}

void Server::handle_rset() {
    for (auto& e : m_drop) e.deleted = false;
    reply(ok(fmt::format("maildrop has {} messages ({} octets)", live_count(), live_octets())));
}

void Server::enter_update(const SessionContext& ctx) {
    // RFC 1939 §6: remove the marked messages, release the lock, sign off.
    m_state = State::update;
    std::vector<std::uint32_t> uids;
    for (const auto& e : m_drop) {
        if (e.deleted) uids.push_back(e.uid);
    }
    std::size_t left = 0;
    if (ctx.store) {
        ctx.store->expunge(m_user, "INBOX", uids);
        const Account* account = ctx.store->account(m_user);
        const Folder* inbox = account ? account->folder("INBOX") : nullptr;
        left = inbox ? inbox->messages.size() : 0;
    }
    Event e{EventKind::messages_deleted,
            fmt::format("UPDATE: {} message(s) removed", uids.size()),
            "RFC 1939 §6",
            m_user,
            {},
            {},
            {},
            {},
            true,
            uids.size()};
    m_events.push_back(std::move(e));
    reply(ok(left == 0
                 ? fmt::format("{} POP3 server signing off (maildrop empty)", m_config.hostname)
                 : fmt::format("{} POP3 server signing off ({} messages left)", m_config.hostname,
                               left)));
    close_session("QUIT: deletions committed", ctx);
}

}  // namespace postlab::pop3
