// A mail app sending (DESIGN.md §3): the message is written with protocols/mime (RFC 5322 §3.6:
// From, To, Cc, Subject, Date from the world clock, a deterministic Message-ID), put in the
// outbox and submitted with smtp::Client to the outgoing server (RFC 6409 §3.1 port 587 with
// STARTTLS RFC 3207, or RFC 8314 §3.3 port 465, AUTH RFC 4954). Success empties the outbox entry
// and, for IMAP accounts, APPENDs a copy to Sent (RFC 9051 §6.3.12); failure keeps it with why.
#include <fmt/format.h>

#include "protocols/mime/message_writer.hpp"
#include "sim/world.hpp"

namespace postlab::sim {

namespace {

std::string domain_of_address(std::string_view address) {
    const auto at = address.rfind('@');
    return at == std::string_view::npos ? std::string("localhost") : std::string(address.substr(at + 1));
}

// Deterministic "file" bytes: an attachment's content does not matter, its size does.
std::string attachment_bytes(std::size_t size, std::uint64_t seed) {
    std::string data(size, '\0');
    std::uint64_t x = seed * 0x9e3779b97f4a7c15ULL + 1;
    for (auto& ch : data) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        ch = static_cast<char>(x & 0xff);
    }
    return data;
}

std::string describe_failure(const FinishedClient& f, const OutgoingSettings& out) {
    const auto* client = std::get_if<smtp::Client>(&f.session);
    if (f.state == ConnState::timed_out) {
        return fmt::format("connection timed out: {}:{}{}", out.host, out.port,
                           out.port == 25 ? " (port 25 blocked by the ISP?)" : "");
    }
    if (f.state == ConnState::refused) return fmt::format("connection refused: {}:{}", out.host, out.port);
    if (f.state == ConnState::tls_failed) return fmt::format("TLS failed: {}", f.reason);
    if (client) {
        const auto& r = client->result();
        for (const auto& rc : r.recipients) {
            if (!rc.accepted) return fmt::format("{} {} ({})", rc.code, rc.text, rc.address);
        }
        if (!r.error.empty()) return r.error;
        if (r.final_code) return fmt::format("{} {}", r.final_code, r.final_text);
    }
    return fmt::format("connection {}: {}", to_string(f.state), f.reason);
}

}  // namespace

std::string World::app_send(MailApp& a, const SendMail& act) {
    if (!a.spec.outgoing) return fmt::format("{} has no outgoing server configured", a.spec.id);
    if (act.to.empty() && act.cc.empty()) return "no recipient";
    const std::uint64_t n = a.next_local++;
    mime::OutgoingMessage m;
    m.from = {"", a.spec.owner};
    for (const auto& r : act.to) m.to.push_back({"", r});
    for (const auto& r : act.cc) m.cc.push_back({"", r});
    m.subject = act.subject;
    m.date = mime::format_date(m_now_us);
    m.message_id = fmt::format("<{}.{}.{}@{}>", a.spec.id, n, m_now_us / 1'000'000, domain_of_address(a.spec.owner));
    m.body = act.body.empty() ? std::string("Hello,\nsee the subject.\n") : act.body;
    if (act.attachment) {
        const std::size_t size = act.attachment_bytes ? act.attachment_bytes : 300 * 1024;
        m.attachments.push_back({act.attachment_name.empty() ? "attachment.pdf" : act.attachment_name,
                                 "application/pdf", attachment_bytes(size, n)});
    }
    OutboxItem item;
    item.message_id = m.message_id;
    item.reverse_path = a.spec.owner;
    item.recipients = act.to;
    item.recipients.insert(item.recipients.end(), act.cc.begin(), act.cc.end());
    item.subject = act.subject;
    item.data = mime::write_message(m);
    a.outbox.push_back(std::move(item));
    if (!a.online) return {};  // waits in the outbox until the device is back online
    app_send_next(a);
    return {};
}

void World::app_send_next(MailApp& a) {
    if (!a.online || a.outbox.empty() || !a.spec.outgoing) return;
    app_absorb_finished(a);
    if (a.outgoing_conn.valid() && !is_final(m_conns.at(a.outgoing_conn.value).state)) return;
    if (a.outgoing_dns) return;  // still looking the server up
    app_resolve(a, false);
}

void World::app_connect_outgoing(MailApp& a, HostId server) {
    const OutgoingSettings& out = *a.spec.outgoing;
    OutboxItem& item = a.outbox.front();
    ++item.attempts;
    smtp::ClientConfig config;
    config.helo_name = m_network.host(a.host).name;
    config.security = out.security;
    if (out.auth) config.credentials = SaslCredentials{"", a.spec.owner, a.spec.password};
    config.reverse_path = item.reverse_path;
    config.recipients = item.recipients;
    config.message = item.data;
    ConnectRequest request;
    request.from = a.host;
    request.to = server;
    request.port = out.port;
    request.client = smtp::Client(std::move(config));
    request.server_name = out.host;
    request.implicit_tls = out.security == Security::implicit_tls;
    a.outgoing_conn = connect(std::move(request));  // m_apps is not touched: `a` stays valid
}

void World::app_sent(MailApp& a, const FinishedClient& f) {
    a.outgoing_conn = invalid_conn;
    if (a.outbox.empty() || !a.spec.outgoing) return;
    const auto* client = std::get_if<smtp::Client>(&f.session);
    bool accepted = false;
    if (client && client->result().ok) {
        for (const auto& rc : client->result().recipients) accepted |= rc.accepted;
    }
    if (!accepted) {
        const std::string why = describe_failure(f, *a.spec.outgoing);
        a.outbox.front().last_error = why;
        app_error(a, fmt::format("sending '{}' failed: {}", a.outbox.front().subject, why));
        return;  // stays in the outbox; sent again with the next send or check
    }
    OutboxItem item = std::move(a.outbox.front());
    a.outbox.erase(a.outbox.begin());
    note(fmt::format("{}: '{}' sent ({})", a.spec.id, item.subject, item.message_id), a.host);
    a.last_error.clear();
    for (const auto& rc : client->result().recipients) {
        if (!rc.accepted) app_error(a, fmt::format("{} rejected: {} {}", rc.address, rc.code, rc.text));
    }
    if (a.spec.incoming && a.spec.incoming->protocol == IncomingProtocol::imap) {
        imap::PendingAction copy;
        copy.kind = imap::ActionKind::append;
        copy.folder = "Sent";
        copy.flags = {"\\Seen"};
        copy.message = std::move(item.data);
        copy.date_us = m_now_us;  // the sent time, as mail apps file it
        app_imap_action(a, std::move(copy));  // filed right away, as real apps do
    }
    app_send_next(a);
}

}  // namespace postlab::sim
