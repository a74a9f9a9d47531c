// The TCP model's data (RFC 9293): a connection as two endpoints, each with its send stream
// (bytes, the TLS/plain chunks they came from, what is acknowledged), its sender's congestion
// and retransmission state (RFC 5681 §3, RFC 6298) and its receive state (next expected offset,
// out-of-order ranges, FIN). The pure sender rules live in tcp.cpp; what needs the clock, the
// RNG, the network and the trace lives in World (world_tcp.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocols/core/event.hpp"
#include "protocols/core/session.hpp"
#include "sim/byte_log.hpp"
#include "protocols/core/frame.hpp"
#include "protocols/core/protocol_id.hpp"
#include "sim/ids.hpp"
#include "sim/segment.hpp"
#include "sim/sessions.hpp"

namespace postlab::sim {

struct TcpConfig {
    std::size_t mss = 1460;                  // RFC 9293 §3.7.1 (Ethernet MTU 1500 - 40)
    int syn_retries = 3;                     // SYNs resent at 1 s, 2 s, 4 s, then give up
    TimeUs syn_rto_us = 1'000'000;           // RFC 6298 §2.1: initial RTO of 1 second
    TimeUs rto_min_us = 1'000'000;           // RFC 6298 §2.4: RTO at least 1 second
    TimeUs rto_max_us = 60'000'000;          // RFC 6298 §2.5: a maximum of at least 60 seconds
    int data_retries = 8;                    // RTO expiries in a row, then the connection times out
    std::size_t initial_window_segments = 10;  // RFC 6928 §2: IW = 10 segments
    // The receiver's advertised window: 65535, the largest without window scaling (RFC 7323),
    // and what the pcap export writes in every header. The receiving application in this model
    // reads at once, so the window never shrinks.
    std::uint64_t receive_window = 65535;
    std::uint16_t ephemeral_port_first = 49152;  // RFC 6335 §6 dynamic ports
};

// What a stretch of a send stream is, so the receiver knows how to consume it: plain
// application bytes arrive segment by segment; a TLS record is usable only once complete.
enum class ChunkKind { plain, tls_client_hello, tls_server_flight, tls_client_finished, tls_alert, tls_app_data };

struct StreamChunk {
    ChunkKind kind = ChunkKind::plain;
    std::uint64_t offset = 0;  // in the sender's stream
    std::uint64_t size = 0;    // wire bytes
    // tls_app_data: the application bytes it carries (shared: snapshots copy every chunk).
    std::shared_ptr<const std::string> plaintext;
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
    ByteLog tx;                       // every byte written to the stream (shared by snapshots)
    std::vector<StreamChunk> chunks;  // tx cut by meaning, in order
    std::uint64_t tx_sent = 0;        // bytes put on the wire at least once (SND.MAX)
    std::uint64_t tx_next = 0;        // next byte to send (SND.NXT): below tx_sent after an RTO
    std::uint64_t tx_acked = 0;       // cumulative acknowledgment from the peer (SND.UNA)
    bool fin_pending = false;         // send FIN once tx is all sent
    bool fin_sent = false;            // FIN put on the wire at least once
    bool fin_out = false;             // FIN sent since the last RTO rewound tx_next
    bool fin_acked = false;
    bool ack_owed = false;            // received something that still needs an ACK

    // Congestion control (RFC 5681 §3.1, RFC 6582 NewReno), in bytes.
    std::uint64_t cwnd = 0;
    std::uint64_t ssthresh = 0;
    int dup_acks = 0;
    bool in_recovery = false;         // between a fast retransmit and the ACK of `recover`
    std::uint64_t recover = 0;        // tx_sent when loss was last detected (RFC 6582 §3.2)
    bool resend_first = false;        // retransmit the earliest unacknowledged segment now

    // Retransmission timer (RFC 6298 §5): one per sender, stale events carry an old generation.
    TimeUs srtt_us = 0;
    TimeUs rttvar_us = 0;
    bool has_rtt = false;             // SRTT and RTTVAR hold a measurement (RFC 6298 §2.2)
    TimeUs rto_us = 1'000'000;
    bool rtx_running = false;
    std::uint64_t rtx_generation = 0;
    int rtx_expiries = 0;             // RTO expiries since the last ACK of new data
    std::optional<std::uint64_t> rtt_timed_end;  // ACK offset that completes the timed segment
    TimeUs rtt_timed_sent_us = 0;

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
    ProtocolId protocol = ProtocolId::none;  // the client session's
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
    std::uint64_t tls_seed = 0;
    std::uint64_t tls_records = 0;
    std::string reason;       // why it ended, for refused / timed out / reset / TLS failure
    core::AnyFramer framer;   // the protocol's: cuts what each side writes into trace entries

    Endpoint& end(Side side) { return ends[index_of(side)]; }
    const Endpoint& end(Side side) const { return ends[index_of(side)]; }
};

// What World::connect opens: a client session from one host to (host, port).
struct ConnectRequest {
    HostId from;
    HostId to;
    std::uint16_t port = 0;
    AnySession client{smtp::Client(smtp::ClientConfig{})};
    std::string server_name;  // the name the client dialled (certificate check); default: host name
    // Opportunistic TLS (MTA to MTA, RFC 7435) encrypts without checking the certificate.
    bool verify_certificate = true;
    bool implicit_tls = false;
};

// A client connection that ended, with its session in its final state (results, events).
struct FinishedClient {
    ConnId conn;
    AnySession session;
    ConnState state = ConnState::closed;
    std::string reason;
    std::vector<Event> events;
    TimeUs finished_us = 0;
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

// --- the sender's rules (RFC 5681, RFC 6298), pure functions over one Endpoint ---

// A sender before its first segment: IW (RFC 6928), ssthresh "arbitrarily high" (RFC 5681
// §3.1), RTO 1 s (RFC 6298 §2.1).
void init_sender(Endpoint& e, const TcpConfig& config);
// Bytes in flight: sent (since the last RTO rewind) and not yet acknowledged.
std::uint64_t flight_size(const Endpoint& e);
// Something (data or FIN) was sent and is not acknowledged: the timer must run (RFC 6298 §5.1).
bool outstanding(const Endpoint& e);
// RFC 6298 §2.2-2.5: one round-trip measurement updates SRTT, RTTVAR and the RTO.
void rtt_sample(Endpoint& e, TimeUs rtt_us, const TcpConfig& config);
// The handshake's answer arrived: its round trip is the first sample, unless the SYN (SYN-ACK)
// was resent (Karn, RFC 6298 §3); then the RTO is at least 3 s for the data (RFC 6298 §5.7).
void handshake_done(Endpoint& e, TimeUs now_us, const TcpConfig& config);

// One segment the sender may put on the wire now.
struct SendPlan {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    bool fin = false;
    bool retransmission = false;
};
// The next segment allowed by min(cwnd, receive window), advancing the send pointers and timing
// one new segment for the RTT estimate; nullopt when the window is full or nothing is left. A
// pending fast retransmit goes first.
std::optional<SendPlan> next_segment(Endpoint& e, const TcpConfig& config, TimeUs now_us);

enum class AckTimer { keep, restart, stop };
// An ACK for offset `acked` (already known to be <= what was sent). `dup_candidate`: the segment
// carries no data, SYN or FIN (RFC 5681 §2's duplicate ACK). Updates cwnd, the RTT estimate and
// the recovery state; says what the retransmission timer must do (RFC 6298 §5.2, §5.3).
AckTimer on_ack(Endpoint& e, std::uint64_t acked, bool dup_candidate, TimeUs now_us, const TcpConfig& config);
// The retransmission timer expired (RFC 6298 §5.4-5.6, RFC 5681 §3.1): back off, collapse cwnd
// to one segment and rewind to the earliest unacknowledged byte (go-back-N in slow start).
void on_rto(Endpoint& e, const TcpConfig& config);

}  // namespace postlab::sim
