// The TLS model over a connection (RFC 8446 §2 full handshake): the client's ClientHello, the
// server's flight (ServerHello ... Finished), the client's Finished, then application data in
// records (§5); the client checks the certificate's name (RFC 6125 §6.4) and aborts with an alert
// (§6.2, bad_certificate) on a mismatch. The bytes come from sim/tls_wire.hpp.
#include <fmt/format.h>

#include "sim/tls.hpp"
#include "protocols/tls/wire.hpp"
#include "sim/world.hpp"

namespace postlab::sim {

namespace {

TraceEntry tls_entry(const Connection& c, Side from, TraceKind kind, std::string wire, std::string summary,
                     std::string key) {
    TraceEntry e;
    e.kind = kind;
    e.conn = c.id;
    e.from = c.end(from).host;
    e.to = c.end(other(from)).host;
    e.protocol = ProtocolId::tls;
    e.from_port = c.end(from).port;
    e.to_port = c.end(other(from)).port;
    e.bytes = std::move(wire);
    e.summary = std::move(summary);
    e.explain_key = std::move(key);
    return e;
}

std::string_view alert_name(std::uint8_t alert) {
    switch (alert) {
        case tls_wire::alert_close_notify: return "close_notify";
        case tls_wire::alert_handshake_failure: return "handshake_failure";
        case tls_wire::alert_bad_certificate: return "bad_certificate";
        case tls_wire::alert_certificate_unknown: return "certificate_unknown";
        case tls_wire::alert_protocol_version: return "protocol_version";
        case tls_wire::alert_user_canceled: return "user_canceled";
        default: return "alert";
    }
}

}  // namespace

void World::tls_send_client_hello(Connection& c) {
    c.tls_seed = m_rng.next_u64();
    c.end(Side::client).tls = TlsPhase::hello_sent;
    std::string wire = tls_wire::client_hello(c.server_name, c.tls_seed);
    record(tls_entry(c, Side::client, TraceKind::tls_client_hello, wire,
                     fmt::format("ClientHello: TLS 1.3, SNI {}, {} bytes", c.server_name, wire.size()),
                     "tls.client_hello"));
    StreamChunk chunk;
    chunk.kind = ChunkKind::tls_client_hello;
    write_stream(c, Side::client, std::move(chunk), std::move(wire));
}

void World::on_tls_chunk(Connection& c, Side me, const StreamChunk& chunk) {
    Endpoint& e = c.end(me);
    auto as_plain = [&] {
        receive_plain(c, me, c.end(other(me)).tx.substr(chunk.offset, chunk.size));
    };
    switch (chunk.kind) {
        case ChunkKind::tls_client_hello: {
            if (me != Side::server || e.tls != TlsPhase::awaiting_hello) return as_plain();
            const std::string& certificate = m_network.host(e.host).certificate_name;
            e.tls = TlsPhase::flight_sent;
            std::string wire = tls_wire::server_flight(certificate, c.tls_seed);
            record(tls_entry(c, Side::server, TraceKind::tls_server_flight, wire,
                             fmt::format("ServerHello, ChangeCipherSpec, {{EncryptedExtensions, Certificate ({}), "
                                         "CertificateVerify, Finished}}: {} bytes",
                                         certificate, wire.size()),
                             "tls.server_flight"));
            StreamChunk flight;
            flight.kind = ChunkKind::tls_server_flight;
            flight.note = certificate;  // what the client reads out of the Certificate message
            flight.encrypted = true;    // all but the ServerHello (RFC 8446 §2)
            write_stream(c, Side::server, std::move(flight), std::move(wire));
            return;
        }
        case ChunkKind::tls_server_flight: {
            if (me != Side::client || e.tls != TlsPhase::hello_sent) return as_plain();
            const CertificateCheck check = check_certificate(chunk.note, c.server_name);
            if (!check.ok && c.verify_certificate) {
                return tls_fail(c, Side::client, tls_wire::alert_bad_certificate, true, check.reason);
            }
            std::string wire = tls_wire::client_finished(c.tls_seed);
            const std::string verdict = !c.verify_certificate ? fmt::format("certificate {} not checked: opportunistic TLS", chunk.note)
                                        : fmt::format("certificate {} matches", chunk.note);
            record(tls_entry(c, Side::client, TraceKind::tls_finished, wire,
                             fmt::format("ChangeCipherSpec, Finished: {} bytes ({})", wire.size(), verdict),
                             "tls.client_finished"));
            StreamChunk finished;
            finished.kind = ChunkKind::tls_client_finished;
            finished.encrypted = true;
            write_stream(c, Side::client, std::move(finished), std::move(wire));
            return on_tls_established(c, Side::client);
        }
        case ChunkKind::tls_client_finished:
            if (me != Side::server || e.tls != TlsPhase::flight_sent) return as_plain();
            return on_tls_established(c, Side::server);
        case ChunkKind::tls_alert:
            e.tls = TlsPhase::failed;
            c.tls_failed = true;
            if (c.reason.empty()) c.reason = chunk.note;
            if (!e.eof_delivered) deliver_eof(c, me);
            return;
        case ChunkKind::tls_app_data:
            if (e.tls != TlsPhase::established) return as_plain();
            return drive(c, me, SessionOp::receive, chunk.plaintext ? *chunk.plaintext : std::string_view{});
        case ChunkKind::plain: return as_plain();
    }
}

void World::on_tls_established(Connection& c, Side me) {
    Endpoint& e = c.end(me);
    e.tls = TlsPhase::established;
    TraceEntry entry = tls_entry(c, me, TraceKind::tls_established, {},
                                 fmt::format("{}: TLS 1.3 established (TLS_AES_128_GCM_SHA256); from here "
                                             "an eavesdropper sees only encrypted records",
                                             me == Side::client ? "client" : "server"),
                                 "tls.established");
    record(std::move(entry));
    // Implicit TLS: the session starts now. STARTTLS: it was running and is told.
    if (!e.started) drive(c, me, SessionOp::start);
    else drive(c, me, SessionOp::tls_established);
}

void World::tls_fail(Connection& c, Side from, std::uint8_t alert, bool encrypted, std::string reason) {
    Endpoint& e = c.end(from);
    e.tls = TlsPhase::failed;
    c.tls_failed = true;
    c.reason = reason;
    std::string wire = tls_wire::alert(alert, encrypted, record_seed(c.tls_seed, c.tls_records++));
    record(tls_entry(c, from, TraceKind::tls_alert, wire, fmt::format("alert {}: {}", alert_name(alert), reason),
                     fmt::format("tls.alert.{}", alert_name(alert))));
    StreamChunk chunk;
    chunk.kind = ChunkKind::tls_alert;
    chunk.note = reason;
    chunk.encrypted = encrypted;
    write_stream(c, from, std::move(chunk), std::move(wire));
    Endpoint& again = c.end(from);
    if (!again.fin_pending) {
        again.fin_pending = true;
        push_stream(c, from);
    }
}

}  // namespace postlab::sim
