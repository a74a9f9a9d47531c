// The TCP model (RFC 9293): three-way handshake (§3.5), refused by RST, SYN retransmission with
// exponential backoff (RFC 6298 §5, Linux's tcp_syn_retries), MSS-sized segments (§3.7.1) sent
// within min(cwnd, receive window) (RFC 5681 §3.1), cumulative ACKs, out-of-order reassembly,
// one retransmission timer per sender (RFC 6298 §5), fast retransmit (RFC 5681 §3.2), FIN (§3.6).
#include <algorithm>
#include <fmt/format.h>

#include "protocols/registry.hpp"
#include "sim/world.hpp"

namespace postlab::sim {

namespace {

constexpr std::uint64_t synack_marker = ~std::uint64_t{0};  // Retransmit.offset for a SYN-ACK

TraceKind kind_of(const Segment& s) {
    if (s.flags & tcp_flag::rst) return TraceKind::tcp_rst;
    if ((s.flags & tcp_flag::syn) && (s.flags & tcp_flag::ack)) return TraceKind::tcp_synack;
    if (s.flags & tcp_flag::syn) return TraceKind::tcp_syn;
    if (s.flags & tcp_flag::fin) return TraceKind::tcp_fin;
    if (!s.payload.empty()) return TraceKind::tcp_data;
    return TraceKind::tcp_ack;
}

std::string_view key_of(TraceKind kind) {
    switch (kind) {
        case TraceKind::tcp_syn: return "tcp.syn";
        case TraceKind::tcp_synack: return "tcp.synack";
        case TraceKind::tcp_fin: return "tcp.fin";
        case TraceKind::tcp_rst: return "tcp.rst";
        case TraceKind::tcp_data: return "tcp.data";
        default: return "tcp.ack";
    }
}

TimeUs backoff(TimeUs base, int attempt) { return base << std::min(attempt, 6); }

// (Re)starts the sender's retransmission timer (RFC 6298 §5.1, §5.3, §5.6): the event to
// schedule RTO from now. Earlier events of this sender become stale.
Retransmit restart_timer(Connection& c, Side side) {
    Endpoint& e = c.end(side);
    e.rtx_running = true;
    ++e.rtx_generation;
    return Retransmit{c.id, side, e.tx_acked, 0, 0, e.rtx_generation};
}

void stop_timer(Endpoint& e) {  // RFC 6298 §5.2
    e.rtx_running = false;
    ++e.rtx_generation;
}

}  // namespace

ConnId World::connect(ConnectRequest request) {
    Connection c;
    c.id = ConnId{static_cast<std::uint32_t>(m_conns.size())};
    c.protocol = protocol_of(request.client);
    c.server_name = request.server_name.empty() ? m_network.host(request.to).name : request.server_name;
    c.verify_certificate = request.verify_certificate;
    c.implicit_tls = request.implicit_tls;
    c.opened_us = m_now_us;
    for (Endpoint& end : c.ends) init_sender(end, m_tcp);
    const ProtocolDescriptor& protocol = descriptor(c.protocol);
    c.framer = protocol.spoken() ? protocol.make_framer() : core::AnyFramer(std::make_unique<core::WholeWriteFramer>());
    Endpoint& client = c.end(Side::client);
    client.host = request.from;
    client.port = static_cast<std::uint16_t>(m_tcp.ephemeral_port_first + m_next_port);
    m_next_port = static_cast<std::uint16_t>((m_next_port + 1) % 16384);
    client.isn = static_cast<std::uint32_t>(m_rng.next_u64());
    client.session = std::move(request.client);
    c.end(Side::server).host = request.to;
    c.end(Side::server).port = request.port;
    m_conns.push_back(std::move(c));
    Connection& conn = m_conns.back();

    TraceEntry e;
    e.kind = TraceKind::connect;
    e.conn = conn.id;
    e.from = request.from;
    e.to = request.to;
    e.protocol = conn.protocol;
    e.from_port = conn.end(Side::client).port;
    e.to_port = request.port;
    e.summary = fmt::format("{} connects to {} port {} ({}{})", m_network.host(request.from).name,
                            conn.server_name, request.port, name_of(conn.protocol), conn.implicit_tls ? ", implicit TLS" : "");
    e.explain_key = "tcp.connect";
    record(std::move(e));

    conn.syn_sent_us = m_now_us;
    conn.end(Side::client).rtt_timed_end = 0;  // the SYN's round trip is the first RTT sample
    conn.end(Side::client).rtt_timed_sent_us = m_now_us;
    send_segment(conn, Side::client, tcp_flag::syn, 0, 0, false);
    m_scheduler.schedule(m_now_us + m_tcp.syn_rto_us, ConnectTimeout{conn.id, 1});
    return conn.id;
}

void World::send_segment(Connection& c, Side from, std::uint8_t flags, std::uint64_t offset,
                         std::uint64_t size, bool retransmission) {
    Endpoint& me = c.end(from);
    const Endpoint& peer = c.end(other(from));
    Segment s;
    s.conn = c.id;
    s.from = from;
    s.flags = flags;
    s.offset = offset;
    s.payload = me.tx.substr(offset, size);
    if (flags & tcp_flag::syn) {
        s.seq = me.isn;
    } else if ((flags & tcp_flag::rst) && from == Side::server && !c.synack_sent) {
        s.seq = 0;  // RFC 9293 §3.5.2: a RST answering a SYN takes SEQ 0 and acknowledges the SYN
    } else {
        const bool after_fin = me.fin_sent && !(flags & tcp_flag::fin) && size == 0;
        s.seq = wire_seq(me, offset) + (after_fin ? 1u : 0u);
    }
    if (flags & tcp_flag::ack) {
        s.ack = ack_number(c, from);
        me.ack_owed = false;
    }

    std::string why;
    const auto hops = m_network.path(me.host, peer.host);
    if (!m_network.host(me.host).up) {
        why = fmt::format("{} is down", m_network.host(me.host).name);
    } else if (!hops) {
        why = "no route to the destination (a link is down)";
    } else if (!m_network.host(peer.host).up) {
        why = fmt::format("{} is down", m_network.host(peer.host).name);
    } else if (from == Side::client) {
        if (const auto* rule = m_network.blocking_rule(*hops, me.host, peer.port)) {
            why = fmt::format("blocked by the firewall of {} (outbound TCP port {})",
                              m_network.host(rule->router).name, rule->port);
            if (rule->send_rst && (flags & tcp_flag::syn)) {
                TimeUs to_router = 0;
                for (const auto& hop : *hops) {
                    to_router += m_network.link(hop.link).latency_us;
                    if (hop.to == rule->router) break;
                }
                fire_rst_from_firewall(c, m_now_us + 2 * to_router);
            }
        }
    }
    if (why.empty()) {
        for (const auto& hop : *hops) {
            if (m_rng.chance(m_network.link(hop.link).loss)) {
                why = fmt::format("lost on the link {} - {}", m_network.host(hop.from).name,
                                  m_network.host(hop.to).name);
                break;
            }
        }
    }
    record_segment(c, s, !why.empty(), retransmission, why);
    if (!why.empty()) return;
    const TimeUs arrival = m_network.transmit(*hops, s.wire_size(), m_now_us);
    m_scheduler.schedule(arrival, SegmentArrival{std::move(s)});
}

void World::record_segment(const Connection& c, const Segment& s, bool lost, bool retransmission,
                           std::string why) {
    TraceEntry e;
    e.kind = kind_of(s);
    e.conn = c.id;
    e.from = c.end(s.from).host;
    e.to = c.end(other(s.from)).host;
    e.protocol = ProtocolId::tcp;
    e.from_port = c.end(s.from).port;
    e.to_port = c.end(other(s.from)).port;
    e.seq = s.seq;
    e.ack = s.ack;
    e.tcp_flags = s.flags;
    e.lost = lost;
    e.retransmission = retransmission;
    e.bytes = s.payload;
    e.encrypted = !s.payload.empty() && carries_encrypted(c.end(s.from), s.offset, s.payload.size());
    e.summary = fmt::format("[{}] seq={} ack={} len={}{}{}", tcp_flags_text(s.flags), s.seq, s.ack,
                            s.payload.size(), retransmission ? " (retransmission)" : "",
                            why.empty() ? std::string{} : "; " + why);
    e.state = std::string(to_string(c.state));
    e.explain_key = std::string(key_of(e.kind));
    record(std::move(e));
}

void World::fire_rst_from_firewall(Connection& c, TimeUs at_us) {
    Segment s;
    s.conn = c.id;
    s.from = Side::server;
    s.flags = tcp_flag::rst | tcp_flag::ack;
    s.seq = 0;
    s.ack = c.end(Side::client).isn + 1;
    c.reason = "connection refused: the ISP firewall answered the SYN with a RST";
    record_segment(c, s, false, false, "sent by the ISP firewall in the server's name");
    m_scheduler.schedule(at_us, SegmentArrival{std::move(s)});
}

void World::on_segment(const Segment& s) {
    Connection& c = m_conns.at(s.conn.value);
    if (is_final(c.state)) return;  // late segments of an ended connection are ignored
    const Side me = other(s.from);
    if (s.flags & tcp_flag::rst) {
        const bool refused = c.state == ConnState::connecting;
        std::string reason = !c.reason.empty() ? c.reason
                             : refused ? fmt::format("connection refused: nothing listens on {} port {}",
                                                     m_network.host(c.end(Side::server).host).name,
                                                     c.end(Side::server).port)
                                       : std::string("connection reset by the peer");
        end_connection(c, refused ? ConnState::refused : ConnState::reset, std::move(reason));
        return;
    }
    if (s.flags & tcp_flag::syn) {
        if (me == Side::server) on_syn(c);
        else on_synack(c);
        return;
    }
    process_ack(c, me, s);
    if (!is_final(c.state)) process_payload(c, me, s);
    // The ACK may have opened the window or asked for a fast retransmit; data sent now carries
    // the acknowledgment, else a pure ACK answers data that arrived.
    if (!is_final(c.state)) push_stream(c, me);
    if (!is_final(c.state) && c.end(me).ack_owed) send_pure_ack(c, me);
    if (!is_final(c.state)) check_closed(c);
}

void World::on_syn(Connection& c) {
    Endpoint& server = c.end(Side::server);
    if (!m_listeners.find(server.host, server.port) || !m_network.host(server.host).services_up) {
        send_rst(c, Side::server, {});
        return;
    }
    const bool again = c.synack_sent;
    if (!again) {
        server.isn = static_cast<std::uint32_t>(m_rng.next_u64());
        c.synack_sent = true;
        server.rtt_timed_end = 0;  // the SYN-ACK's round trip is the server's first RTT sample
        server.rtt_timed_sent_us = m_now_us;
        m_scheduler.schedule(m_now_us + m_tcp.syn_rto_us, Retransmit{c.id, Side::server, synack_marker, 0, 1, 0});
    } else {
        server.rtt_timed_end.reset();  // Karn (RFC 6298 §3): which SYN-ACK does the ACK answer?
    }
    send_segment(c, Side::server, tcp_flag::syn | tcp_flag::ack, 0, 0, again);
}

void World::on_synack(Connection& c) {
    if (c.state != ConnState::connecting) {  // our ACK was lost and the server resent SYN-ACK
        send_pure_ack(c, Side::client);
        return;
    }
    c.state = ConnState::established;
    handshake_done(c.end(Side::client), m_now_us, m_tcp);
    send_segment(c, Side::client, tcp_flag::ack, 0, 0, false);
    if (c.implicit_tls) tls_send_client_hello(c);
    else drive(c, Side::client, SessionOp::start);
}

void World::process_ack(Connection& c, Side me, const Segment& s) {
    if (!(s.flags & tcp_flag::ack)) return;
    Endpoint& e = c.end(me);
    if (me == Side::server && !c.accepted) {
        c.accepted = true;
        handshake_done(e, m_now_us, m_tcp);
        accept(c);
        if (is_final(c.state)) return;
    }
    const std::uint64_t acked = ack_offset(e, s.ack);
    if (acked > e.tx_sent + (e.fin_sent ? 1 : 0)) return;  // acknowledges nothing we sent
    const bool dup_candidate = s.payload.empty() && !(s.flags & (tcp_flag::syn | tcp_flag::fin));
    switch (on_ack(e, acked, dup_candidate, m_now_us, m_tcp)) {
        case AckTimer::restart: m_scheduler.schedule(m_now_us + e.rto_us, restart_timer(c, me)); break;
        case AckTimer::stop: stop_timer(e); break;
        case AckTimer::keep: break;
    }
}

void World::process_payload(Connection& c, Side me, const Segment& s) {
    Endpoint& e = c.end(me);
    const std::uint64_t size = s.payload.size();
    const bool fin = (s.flags & tcp_flag::fin) != 0;
    if (size == 0 && !fin) return;
    e.ack_owed = true;
    const std::uint64_t start = s.offset;
    const std::uint64_t end = start + size;
    if (size > 0 && end > e.rcv_next) {
        if (start <= e.rcv_next) {
            e.rcv_next = end;
        } else {
            auto& slot = e.out_of_order[start];
            slot = std::max(slot, end);
        }
        for (auto it = e.out_of_order.begin(); it != e.out_of_order.end() && it->first <= e.rcv_next;) {
            e.rcv_next = std::max(e.rcv_next, it->second);
            it = e.out_of_order.erase(it);
        }
    }
    if (fin) e.peer_fin_at = end;
    if (e.peer_fin_at && !e.fin_received && e.rcv_next == *e.peer_fin_at) e.fin_received = true;
    deliver(c, me);  // on_segment acknowledges it, with data when the window allows
}

void World::deliver(Connection& c, Side me) {
    for (;;) {
        Endpoint& e = c.end(me);
        const Endpoint& peer = c.end(other(me));
        if (e.rx_chunk >= peer.chunks.size()) break;
        const StreamChunk& chunk = peer.chunks[e.rx_chunk];
        const std::uint64_t chunk_end = chunk.offset + chunk.size;
        const std::uint64_t available = std::min(e.rcv_next, chunk_end);
        if (available <= e.rx_consumed) break;
        if (chunk.kind == ChunkKind::plain) {
            std::string bytes = peer.tx.substr(e.rx_consumed, available - e.rx_consumed);
            e.rx_consumed = available;
            if (available == chunk_end) ++e.rx_chunk;
            receive_plain(c, me, std::move(bytes));
        } else {
            if (available < chunk_end) break;  // a TLS record is usable only when complete
            const StreamChunk copy = chunk;
            e.rx_consumed = chunk_end;
            ++e.rx_chunk;
            on_tls_chunk(c, me, copy);
        }
        if (is_final(c.state)) return;
    }
    const Endpoint& e = c.end(me);
    if (e.fin_received && !e.eof_delivered && e.rx_consumed == *e.peer_fin_at) deliver_eof(c, me);
}

void World::receive_plain(Connection& c, Side me, std::string bytes) {
    Endpoint& e = c.end(me);
    if (e.tls == TlsPhase::awaiting_hello) {
        tls_fail(c, me, 70, false, "expected a TLS ClientHello but the client spoke plaintext");
        return;
    }
    if (e.tls == TlsPhase::hello_sent) {
        tls_fail(c, me, 70, false, "the server answered in plaintext, not TLS (is this an implicit-TLS port?)");
        return;
    }
    if (e.tls == TlsPhase::failed) return;
    drive(c, me, SessionOp::receive, bytes);
}

void World::deliver_eof(Connection& c, Side me) {
    c.end(me).eof_delivered = true;
    drive(c, me, SessionOp::eof);
    if (is_final(c.state)) return;
    Endpoint& e = c.end(me);
    if (!e.fin_pending) {  // a session that ignores the peer's FIN still ends (like live/)
        e.fin_pending = true;
        push_stream(c, me);
    }
}

void World::write_stream(Connection& c, Side from, StreamChunk chunk, std::string wire) {
    Endpoint& e = c.end(from);
    if (wire.empty() || e.fin_pending || is_final(c.state)) return;  // nothing after our FIN
    chunk.offset = e.tx.size();
    chunk.size = wire.size();
    e.tx.append(wire);
    e.chunks.push_back(std::move(chunk));
    push_stream(c, from);
}

// Sends what the window allows (the rest waits for ACKs: on_segment calls this again), then
// makes sure the timer runs while anything is unacknowledged (RFC 6298 §5.1).
void World::push_stream(Connection& c, Side from) {
    if (c.state != ConnState::established) return;
    Endpoint& e = c.end(from);
    while (const auto plan = next_segment(e, m_tcp, m_now_us)) {
        std::uint8_t flags = tcp_flag::ack;
        if (plan->fin) flags |= tcp_flag::fin;
        else if (plan->offset + plan->size == e.tx.size()) flags |= tcp_flag::psh;
        send_segment(c, from, flags, plan->offset, plan->size, plan->retransmission);
    }
    if (outstanding(e) && !e.rtx_running) m_scheduler.schedule(m_now_us + e.rto_us, restart_timer(c, from));
}

void World::send_pure_ack(Connection& c, Side from) {
    send_segment(c, from, tcp_flag::ack, c.end(from).tx_sent, 0, false);
}

void World::send_rst(Connection& c, Side from, std::string why) {
    if (!why.empty()) c.reason = std::move(why);
    send_segment(c, from, tcp_flag::rst | tcp_flag::ack, c.end(from).tx_sent, 0, false);
}

void World::on_retransmit(const Retransmit& r) {
    Connection& c = m_conns.at(r.conn.value);
    if (is_final(c.state)) return;
    Endpoint& e = c.end(r.side);
    if (r.offset == synack_marker) {
        if (c.accepted) return;
        if (r.attempt > m_tcp.syn_retries) {
            end_connection(c, ConnState::timed_out, "the handshake's final ACK never arrived");
            return;
        }
        e.rtt_timed_end.reset();  // Karn (RFC 6298 §3)
        send_segment(c, Side::server, tcp_flag::syn | tcp_flag::ack, 0, 0, true);
        m_scheduler.schedule(m_now_us + backoff(m_tcp.syn_rto_us, r.attempt),
                             Retransmit{c.id, r.side, r.offset, 0, r.attempt + 1, 0});
        return;
    }
    if (!e.rtx_running || r.generation != e.rtx_generation) return;  // restarted or stopped since
    e.rtx_running = false;
    if (!outstanding(e)) return;
    if (e.rtx_expiries >= m_tcp.data_retries) {
        end_connection(c, ConnState::timed_out, "retransmissions exhausted: the peer stopped answering");
        return;
    }
    on_rto(e, m_tcp);
    push_stream(c, r.side);  // §5.4: the earliest unacknowledged segment; §5.6: the timer again
}

void World::on_connect_timeout(const ConnectTimeout& t) {
    Connection& c = m_conns.at(t.conn.value);
    if (c.state != ConnState::connecting) return;
    if (t.attempt > m_tcp.syn_retries) {
        end_connection(c, ConnState::timed_out,
                       fmt::format("connect timed out: no answer to {} SYNs", m_tcp.syn_retries + 1));
        return;
    }
    c.syn_sent_us = m_now_us;
    c.end(Side::client).rtt_timed_end.reset();  // Karn (RFC 6298 §3)
    send_segment(c, Side::client, tcp_flag::syn, 0, 0, true);
    m_scheduler.schedule(m_now_us + backoff(m_tcp.syn_rto_us, t.attempt), ConnectTimeout{c.id, t.attempt + 1});
}

void World::check_closed(Connection& c) {
    const Endpoint& a = c.end(Side::client);
    const Endpoint& b = c.end(Side::server);
    const bool done = a.fin_sent && a.fin_acked && a.fin_received && b.fin_sent && b.fin_acked && b.fin_received;
    if (c.state == ConnState::established && done) {
        end_connection(c, c.tls_failed ? ConnState::tls_failed : ConnState::closed,
                       c.tls_failed ? c.reason : "closed by FIN from both sides");
    }
}

void World::end_connection(Connection& c, ConnState state, std::string reason) {
    c.state = state;
    c.reason = std::move(reason);
    TraceEntry e;
    e.kind = state == ConnState::timed_out ? TraceKind::tcp_timeout : TraceKind::note;
    e.conn = c.id;
    e.from = c.end(Side::client).host;
    e.to = c.end(Side::server).host;
    e.protocol = ProtocolId::tcp;
    e.from_port = c.end(Side::client).port;
    e.to_port = c.end(Side::server).port;
    e.summary = fmt::format("connection {}: {}", to_string(state), c.reason);
    e.state = std::string(to_string(state));
    e.explain_key = fmt::format("tcp.end.{}", to_string(state));
    record(std::move(e));
    // Sessions still running learn that the peer is gone (a POP3 server must drop its lock).
    for (const Side side : {Side::server, Side::client}) {
        Endpoint& end = c.end(side);
        if (!end.eof_delivered) {
            end.eof_delivered = true;
            drive(c, side, SessionOp::eof);
        }
    }
    const Endpoint& client = c.end(Side::client);
    if (client.session) m_finished.push_back({c.id, *client.session, state, c.reason, client.events, m_now_us});
    // The mail apps and MTAs learn of it as an event of their own: c may be deep in a call chain.
    if (client.session && (!m_mtas.empty() || !m_apps.empty())) {
        schedule_internal(m_now_us, ClientFinished{c.id});
    }
}

}  // namespace postlab::sim
