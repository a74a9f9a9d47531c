// The session driver (the loop in protocols/core/session.hpp) on simulated connections: start
// after connect (after TLS for implicit TLS), receive on in-order data, receive_eof on FIN,
// on_timer at next_deadline_us, tls_established after the handshake; output goes to TCP (as TLS
// records once encrypted) and into the trace, closed() sends FIN. Delivery of accepted mail
// follows RFC 5321 §4.4 / §6.1 (the server takes responsibility once it says 250).
#include <fmt/format.h>
#include <type_traits>

#include "protocols/registry.hpp"
#include "sim/tls.hpp"
#include "protocols/tls/wire.hpp"
#include "sim/world.hpp"

namespace postlab::sim {

namespace {

std::string bare_address(std::string_view path) {
    if (path.size() >= 2 && path.front() == '<' && path.back() == '>') path = path.substr(1, path.size() - 2);
    return std::string(path);
}

std::string_view domain_of(std::string_view address) {
    const auto at = address.rfind('@');
    return at == std::string_view::npos ? std::string_view{} : address.substr(at + 1);
}

// The explanation key's tail: the EventKind's name as in the source (to_string is for people).
std::string_view event_key(EventKind kind) {
    switch (kind) {
        case EventKind::message_accepted: return "message_accepted";
        case EventKind::tls_requested: return "tls_requested";
        case EventKind::tls_established: return "tls_established";
        case EventKind::auth_succeeded: return "auth_succeeded";
        case EventKind::auth_failed: return "auth_failed";
        case EventKind::protocol_violation: return "protocol_violation";
        case EventKind::message_retrieved: return "message_retrieved";
        case EventKind::messages_deleted: return "messages_deleted";
        case EventKind::result: return "result";
        case EventKind::session_closed: return "session_closed";
    }
    return "unknown";
}

}  // namespace

void World::accept(Connection& c) {
    Endpoint& server = c.end(Side::server);
    const Listener* listener = m_listeners.find(server.host, server.port);
    if (!listener) {
        send_rst(c, Side::server, "the service stopped listening during the handshake");
        return;
    }
    AnySession session = listener->prototype;
    if (auto* smtp_server = std::get_if<smtp::Server>(&session)) {
        smtp::ServerConfig config = smtp_server->config();
        config.peer_address = format_ipv4(m_network.host(c.end(Side::client).host).ipv4);
        session = smtp::Server(config);
    }
    server.session = std::move(session);
    c.store = listener->store;
    if (listener->implicit_tls) server.tls = TlsPhase::awaiting_hello;
    else drive(c, Side::server, SessionOp::start);
}

void World::drive(Connection& c, Side side, SessionOp op, std::string_view bytes) {
    Endpoint& e = c.end(side);
    if (!e.session) return;
    const bool closed = std::visit([](const auto& s) { return s.closed(); }, *e.session);
    if (op == SessionOp::start ? e.started : (!e.started || closed)) return;
    MailStore* store = side == Side::server && c.store ? &m_stores.at(*c.store) : nullptr;
    const SessionContext ctx{store, m_now_us};
    const std::uint64_t before = store ? store_fingerprint(*c.store) : 0;
    std::visit(
        [&](auto& s) {
            switch (op) {
                case SessionOp::start: e.started = true; s.start(ctx); break;
                case SessionOp::receive: s.receive(bytes, ctx); break;
                case SessionOp::eof: s.receive_eof(ctx); break;
                case SessionOp::timer: s.on_timer(ctx); break;
                case SessionOp::tls_established: s.tls_established(ctx); break;
                case SessionOp::poll:
                    if constexpr (std::is_same_v<std::decay_t<decltype(s)>, imap::Server>) s.poll(ctx);
                    break;
            }
        },
        *e.session);
    after_call(c, side, op == SessionOp::timer);
    if (store && store_fingerprint(*c.store) != before) poll_imap(*c.store, c.id);
}

void World::after_call(Connection& c, Side side, bool after_timer) {
    std::string output = std::visit([](auto& s) { return s.take_output(); }, *c.end(side).session);
    if (!output.empty()) send_app_bytes(c, side, std::move(output));
    while (auto event = std::visit([](auto& s) { return s.next_event(); }, *c.end(side).session)) {
        c.end(side).events.push_back(*event);
        handle_event(c, side, *event);
    }
    if (is_final(c.state)) return;
    Endpoint& e = c.end(side);
    const bool wants_tls = std::visit([](const auto& s) { return s.wants_tls(); }, *e.session);
    const bool closed = std::visit([](const auto& s) { return s.closed(); }, *e.session);
    if (wants_tls && e.tls == TlsPhase::none) {
        if (side == Side::client) tls_send_client_hello(c);
        else e.tls = TlsPhase::awaiting_hello;  // RFC 3207 §4: the next bytes are the ClientHello
    }
    Endpoint& again = c.end(side);
    if (closed && !again.fin_pending) {
        for (auto& f : c.framer->flush(peer_of(side), name_of(c.protocol))) record_frame(c, side, std::move(f));
        again.fin_pending = true;
        push_stream(c, side);
    }
    if (!closed) {
        const auto deadline = std::visit([](const auto& s) { return s.next_deadline_us(); }, *again.session);
        if (deadline != again.armed_deadline_us || after_timer) {
            again.armed_deadline_us = deadline;
            ++again.timer_generation;
            // A session that leaves its deadline in the past after on_timer is looked at again
            // a second later instead of spinning at one instant.
            const TimeUs at = after_timer && deadline && *deadline <= m_now_us ? m_now_us + 1'000'000
                                                                               : std::max(deadline.value_or(0), m_now_us);
            if (deadline) m_scheduler.schedule(at, SessionTimer{c.id, side, again.timer_generation});
        }
    }
}

void World::record_frame(const Connection& c, Side side, core::Frame f) {
    const Endpoint& e = c.end(side);
    TraceEntry t;
    t.kind = f.kind == core::FrameKind::data ? TraceKind::body
                                              : (f.kind == core::FrameKind::reply ? TraceKind::reply : TraceKind::command);
    t.conn = c.id;
    t.from = e.host;
    t.to = c.end(other(side)).host;
    t.protocol = c.protocol;
    t.from_port = e.port;
    t.to_port = c.end(other(side)).port;
    t.bytes = std::move(f.bytes);
    t.encrypted = e.tls == TlsPhase::established;
    t.summary = std::move(f.summary);
    t.verb = std::move(f.verb);
    if (f.credential) t.credential = std::make_shared<const core::Credential>(std::move(*f.credential));
    t.state = e.session ? state_of(*e.session) : std::string{};
    t.explain_key = std::move(f.explain_key);
    record(std::move(t));
}

void World::send_app_bytes(Connection& c, Side side, std::string bytes) {
    if (is_final(c.state)) return;
    for (auto& f : c.framer->feed(peer_of(side), bytes)) record_frame(c, side, std::move(f));
    StreamChunk chunk;
    if (c.end(side).tls == TlsPhase::established) {
        chunk.kind = ChunkKind::tls_app_data;
        chunk.encrypted = true;
        std::string wire = tls_wire::application_data(bytes.size(), record_seed(c.tls_seed, c.tls_records++));
        chunk.plaintext = std::make_shared<const std::string>(std::move(bytes));
        write_stream(c, side, std::move(chunk), std::move(wire));
    } else {
        write_stream(c, side, std::move(chunk), std::move(bytes));
    }
}

void World::handle_event(Connection& c, Side side, const Event& event) {
    TraceEntry t;
    t.kind = TraceKind::app_event;
    t.conn = c.id;
    t.from = c.end(side).host;
    t.to = c.end(other(side)).host;
    t.protocol = c.protocol;
    t.from_port = c.end(side).port;
    t.to_port = c.end(other(side)).port;
    t.summary = fmt::format("{}: {}", to_string(event.kind), event.summary);
    t.state = state_of(*c.end(side).session);
    t.explain_key = fmt::format("event.{}", event_key(event.kind));
    record(std::move(t));
    if (event.kind == EventKind::message_accepted && side == Side::server && c.store) deliver_message(c, event);
}

void World::deliver_message(Connection& c, const Event& event) {
    const HostId host = c.end(Side::server).host;
    for (const auto& path : event.forward_paths) {
        const std::string rcpt = bare_address(path);
        if (!m_stores.at(*c.store).is_local_domain(domain_of(rcpt))) {
            note(fmt::format("queued for relay to {} ({} bytes)", rcpt, event.message.size()), host, c.id);
            mta_accept({*c.store, c.id, bare_address(event.reverse_path), rcpt, event.message, m_now_us});
            continue;
        }
        const DeliveryStatus status = deliver(*c.store, rcpt, event.message, host, c.id);
        // RFC 5321 §6.1: after the 250 a failed delivery must be reported, not dropped.
        if (status != DeliveryStatus::delivered) {
            mta_local_failure(*c.store, bare_address(event.reverse_path), rcpt, event.message, status);
        }
    }
}

DeliveryStatus World::deliver(std::size_t store, std::string_view recipient, std::string message, HostId host,
                              ConnId conn) {
    const std::size_t size = message.size();
    const DeliveryStatus status = m_stores.at(store).deliver(recipient, "INBOX", std::move(message), m_now_us);
    switch (status) {
        case DeliveryStatus::delivered:
            note(fmt::format("delivered to {} INBOX ({} bytes)", recipient, size), host, conn);
            break;
        case DeliveryStatus::no_such_user:
            note(fmt::format("NOT delivered to {}: no such user", recipient), host, conn);
            break;
        case DeliveryStatus::over_quota:
            note(fmt::format("NOT delivered to {}: over quota", recipient), host, conn);
            break;
    }
    // A delivery from inside a session is caught by drive()'s before/after comparison; one
    // from outside (the MTA layer) polls here.
    if (!conn.valid() && status == DeliveryStatus::delivered) poll_imap(store, invalid_conn);
    return status;
}

void World::on_session_timer(const SessionTimer& t) {
    Connection& c = m_conns.at(t.conn.value);
    if (is_final(c.state)) return;
    Endpoint& e = c.end(t.side);
    if (t.generation != e.timer_generation) return;  // re-armed or cancelled since
    drive(c, t.side, SessionOp::timer);
}

void World::poll_imap(std::size_t store, ConnId except) {
    for (auto& c : m_conns) {
        if (c.id == except || is_final(c.state) || c.store != store) continue;
        const Endpoint& server = c.end(Side::server);
        if (server.session && std::holds_alternative<imap::Server>(*server.session)) {
            drive(c, Side::server, SessionOp::poll);
        }
    }
}

std::uint64_t World::store_fingerprint(std::size_t index) const {
    // Every change a session can make moves a folder's uid_next, highest_modseq or size, or
    // the folder list, so comparing this cheap digest before and after a call finds changes.
    std::uint64_t h = 0xcbf29ce484222325ULL;
    auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 0x100000001b3ULL; };
    for (const auto& account : m_stores.at(index).accounts()) {
        mix(account.folders.size());
        for (const auto& folder : account.folders) {
            mix(fnv1a(folder.name));
            mix(folder.uid_next);
            mix(folder.highest_modseq);
            mix(folder.messages.size());
        }
    }
    return h;
}

}  // namespace postlab::sim
