// The TCP model's data (RFC 9293): a connection as two endpoints, each with its send stream
// (bytes, the TLS/plain chunks they came from, what is acknowledged) and its receive state
// (next expected offset, out-of-order ranges, FIN). The behaviour lives in World (world_tcp.cpp)
// because it needs the clock, the RNG, the network and the trace.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "protocols/core/event.hpp"
#include "protocols/core/session.hpp"
#include "sim/conversation.hpp"
#include "sim/ids.hpp"
#include "sim/segment.hpp"
#include "sim/sessions.hpp"

namespace postlab::sim {

struct TcpConfig {
    std::size_t mss = 1460;                  // RFC 9293 §3.7.1 (Ethernet MTU 1500 - 40)
    int syn_retries = 3;                     // SYNs resent at 1 s, 2 s, 4 s, then give up
    TimeUs syn_rto_us = 1'000'000;           // RFC 6298 §2.1: initial RTO of 1 second
    TimeUs rto_min_us = 200'000;             // Linux's floor (RFC 6298 §2.4 says 1 s; stacks use less)
    int data_retries = 8;                    // then the connection is given up (reset)
    std::uint16_t ephemeral_port_first = 49152;  // RFC 6335 §6 dynamic ports
};

// What a stretch of a send stream is, so the receiver knows how to consume it: plain
// application bytes arrive segment by segment; a TLS record is usable only once complete.
enum class ChunkKind { plain, tls_client_hello, tls_server_flight, tls_client_finished, tls_alert, tls_app_data };

struct StreamChunk {
    ChunkKind kind = ChunkKind::plain;
    std::uint64_t offset = 0;  // in the sender's stream
    std::uint64_t size = 0;    // wire bytes
    std::string plaintext;     // tls_app_data: the application bytes it carries
    std::string note;          // tls_alert: why; tls_server_flight: the certificate's name
    bool encrypted = false;    // record payloads an eavesdropper cannot read (not ClientHello,
                               // not a plaintext alert)
};

enum class TlsPhase { none, hello_sent, awaiting_hello, flight_sent, established, failed };

struct Endpoint {
    HostId host;
    std::uint16_t port = 0;
    std::uint32_t isn = 0;  // initial sequence number (RFC 9293 §3.4.1), from the world RNG

    // Sending.
    std::string tx;                   // every byte written to the stream
    std::vector<StreamChunk> chunks;  // tx cut by meaning, in order
    std::uint64_t tx_sent = 0;        // bytes put on the wire at least once
    std::uint64_t tx_acked = 0;       // cumulative acknowledgment from the peer
    bool fin_pending = false;         // send FIN once tx is all sent
    bool fin_sent = false;
    bool fin_acked = false;
    bool ack_owed = false;            // received something that still needs an ACK

    // Receiving (offsets in the peer's stream).
    std::uint64_t rcv_next = 0;
    std::map<std::uint64_t, std::uint64_t> out_of_order;  // offset -> end
    std::optional<std::uint64_t> peer_fin_at;
    bool fin_received = false;
    std::size_t rx_chunk = 0;         // the peer's chunk being consumed
    std::uint64_t rx_consumed = 0;    // stream offset handed to TLS or the session
    bool eof_delivered = false;

    // The session on this side and its timer.
    std::optional<AnySession> session;
    bool started = false;
    std::uint64_t timer_generation = 0;
    std::optional<TimeUs> armed_deadline_us;
    TlsPhase tls = TlsPhase::none;
    std::vector<Event> events;        // everything the session reported, in order
};

enum class ConnState { connecting, established, closed, refused, timed_out, reset, tls_failed };

std::string_view to_string(ConnState state);
bool is_final(ConnState state);

struct Connection {
    ConnId id;
    std::array<Endpoint, 2> ends;
    ConnState state = ConnState::connecting;
    std::string protocol;     // "smtp", "pop3", "imap" (from the client session)
    std::string server_name;  // the name the client connected to (certificate check)
    bool verify_certificate = true;
    bool implicit_tls = false;
    std::optional<std::size_t> store;  // the server side's MailStore index
    bool accepted = false;    // the server received the handshake's ACK
    bool synack_sent = false;
    bool tls_failed = false;  // a TLS alert ended it: the final state is tls_failed
    int syn_attempts = 0;
    TimeUs opened_us = 0;
    TimeUs syn_sent_us = 0;
    TimeUs rto_us = 1'000'000;
    std::uint64_t tls_seed = 0;
    std::uint64_t tls_records = 0;
    std::string reason;       // why it ended, for refused / timed out / reset / TLS failure
    Conversation conversation;

    Endpoint& end(Side side) { return ends[index_of(side)]; }
    const Endpoint& end(Side side) const { return ends[index_of(side)]; }
};

// RFC 9293 §3.4: sequence numbers are offsets from the ISN modulo 2^32 (SYN takes one number).
inline std::uint32_t wire_seq(const Endpoint& e, std::uint64_t offset) {
    return static_cast<std::uint32_t>(e.isn + 1 + offset);
}
// The peer's stream offset an acknowledgment number stands for (may include the FIN's +1).
inline std::uint64_t ack_offset(const Endpoint& e, std::uint32_t ack) {
    return static_cast<std::uint32_t>(ack - e.isn - 1);
}
// The ACK number this endpoint sends: next expected byte of the peer, +1 after its FIN.
std::uint32_t ack_number(const Connection& c, Side me);
// Whether any wire byte in [offset, offset + size) belongs to an encrypted TLS record.
bool carries_encrypted(const Endpoint& e, std::uint64_t offset, std::uint64_t size);

}  // namespace postlab::sim
