// Pure helpers of the TCP model: sequence/ack arithmetic (RFC 9293 §3.4), state names, and the
// sender's rules: RTO estimation and timer expiry (RFC 6298 §2, §5), congestion control (RFC 5681
// §3.1-3.2 with NewReno's partial ACKs, RFC 6582 §3.2) and the initial window (RFC 6928).
#include "sim/tcp.hpp"

#include <algorithm>
#include <limits>

namespace postlab::sim {

std::string_view to_string(ConnState state) {
    switch (state) {
        case ConnState::connecting: return "connecting";
        case ConnState::established: return "established";
        case ConnState::closed: return "closed";
        case ConnState::refused: return "refused";
        case ConnState::timed_out: return "timed_out";
        case ConnState::reset: return "reset";
        case ConnState::tls_failed: return "tls_failed";
    }
    return "?";
}

bool is_final(ConnState state) {
    return state != ConnState::connecting && state != ConnState::established;
}

std::uint32_t ack_number(const Connection& c, Side me) {
    const Endpoint& mine = c.end(me);
    const Endpoint& peer = c.end(other(me));
    return static_cast<std::uint32_t>(peer.isn + 1 + mine.rcv_next + (mine.fin_received ? 1 : 0));
}

bool carries_encrypted(const Endpoint& e, std::uint64_t offset, std::uint64_t size) {
    auto it = std::upper_bound(e.chunks.begin(), e.chunks.end(), offset,
                               [](std::uint64_t o, const StreamChunk& c) { return o < c.offset; });
    if (it != e.chunks.begin()) --it;
    for (; it != e.chunks.end() && it->offset < offset + size; ++it) {
        if (it->encrypted && it->offset + it->size > offset) return true;
    }
    return false;
}

void init_sender(Endpoint& e, const TcpConfig& config) {
    e.cwnd = config.initial_window_segments * config.mss;
    e.ssthresh = std::numeric_limits<std::uint64_t>::max();
    e.rto_us = config.syn_rto_us;
}

std::uint64_t flight_size(const Endpoint& e) { return e.tx_next - e.tx_acked; }

bool outstanding(const Endpoint& e) { return e.tx_acked < e.tx_sent || (e.fin_sent && !e.fin_acked); }

void rtt_sample(Endpoint& e, TimeUs rtt_us, const TcpConfig& config) {
    if (!e.has_rtt) {  // §2.2: the first measurement
        e.srtt_us = rtt_us;
        e.rttvar_us = rtt_us / 2;
        e.has_rtt = true;
    } else {  // §2.3: alpha = 1/8, beta = 1/4, RTTVAR before SRTT
        const TimeUs diff = e.srtt_us > rtt_us ? e.srtt_us - rtt_us : rtt_us - e.srtt_us;
        e.rttvar_us = (3 * e.rttvar_us + diff) / 4;
        e.srtt_us = (7 * e.srtt_us + rtt_us) / 8;
    }
    // The clock granularity G is one microsecond; §2.4 and §2.5 bound the result. A new sample
    // also "collapses" an RTO that was backed off (§5, after 5.7).
    const TimeUs rto = e.srtt_us + std::max<TimeUs>(1, 4 * e.rttvar_us);
    e.rto_us = std::clamp(rto, config.rto_min_us, std::max(config.rto_min_us, config.rto_max_us));
}

void handshake_done(Endpoint& e, TimeUs now_us, const TcpConfig& config) {
    if (e.rtt_timed_end) {
        rtt_sample(e, now_us - e.rtt_timed_sent_us, config);
        e.rtt_timed_end.reset();
    } else {
        e.rto_us = std::max<TimeUs>(e.rto_us, 3'000'000);  // RFC 6298 §5.7
    }
}

std::optional<SendPlan> next_segment(Endpoint& e, const TcpConfig& config, TimeUs now_us) {
    if (e.resend_first) {  // RFC 5681 §3.2 step 3, RFC 6582 §3.2 step 3: regardless of cwnd
        e.resend_first = false;
        if (e.tx_acked < e.tx_sent) {
            return SendPlan{e.tx_acked, std::min<std::uint64_t>(config.mss, e.tx_sent - e.tx_acked), false, true};
        }
        if (e.fin_sent && !e.fin_acked) return SendPlan{e.tx.size(), 0, true, true};
    }
    if (e.tx_next < e.tx.size()) {
        // Only whole segments (or the stream's tail) go out: no silly small segments to fill
        // the window (RFC 9293 §3.8.6.2.1).
        const std::uint64_t size = std::min<std::uint64_t>(config.mss, e.tx.size() - e.tx_next);
        if (flight_size(e) + size > std::min(e.cwnd, config.receive_window)) return std::nullopt;
        const SendPlan plan{e.tx_next, size, false, e.tx_next < e.tx_sent};
        e.tx_next += size;
        e.tx_sent = std::max(e.tx_sent, e.tx_next);
        if (!plan.retransmission && !e.rtt_timed_end) {  // one timed segment at a time (RFC 6298 §3)
            e.rtt_timed_end = e.tx_next;
            e.rtt_timed_sent_us = now_us;
        }
        return plan;
    }
    // The FIN takes one sequence number but no window here (a simplification).
    if (e.fin_pending && !e.fin_out && !e.fin_acked) {
        const SendPlan plan{e.tx.size(), 0, true, e.fin_sent};
        e.fin_out = true;
        e.fin_sent = true;
        return plan;
    }
    return std::nullopt;
}

namespace {

// RFC 5681 §3.1: slow start grows cwnd by at most one SMSS per ACK (equation 2), congestion
// avoidance by about one SMSS per round trip (equation 3).
void grow_cwnd(Endpoint& e, std::uint64_t newly_acked, const TcpConfig& config) {
    if (e.cwnd < e.ssthresh) e.cwnd += std::min<std::uint64_t>(newly_acked, config.mss);
    else e.cwnd += std::max<std::uint64_t>(1, config.mss * config.mss / e.cwnd);
}

// RFC 5681 §3.2: the third duplicate ACK means a segment was lost; fast retransmit it. Simplified:
// cwnd is not inflated by three segments and one more per duplicate ACK, so no new data leaves
// during recovery; recovery starts only once everything sent before the last loss is acknowledged
// (RFC 6582 §3.2 step 2's `recover`).
void on_dup_ack(Endpoint& e, const TcpConfig& config) {
    ++e.dup_acks;
    if (e.dup_acks != 3 || e.in_recovery || e.tx_acked < e.recover) return;
    e.ssthresh = std::max(flight_size(e) / 2, 2 * config.mss);  // equation 4
    e.cwnd = e.ssthresh;
    e.in_recovery = true;
    e.recover = e.tx_sent;
    e.resend_first = true;
    e.rtt_timed_end.reset();  // Karn (RFC 6298 §3): no sample across a retransmission
}

}  // namespace

AckTimer on_ack(Endpoint& e, std::uint64_t acked, bool dup_candidate, TimeUs now_us, const TcpConfig& config) {
    const std::uint64_t data_acked = std::min<std::uint64_t>(acked, e.tx.size());
    const bool fin_now = e.fin_sent && !e.fin_acked && acked == e.tx.size() + 1;
    if (data_acked <= e.tx_acked && !fin_now) {
        if (dup_candidate && acked == e.tx_acked && e.tx_acked < e.tx_sent) on_dup_ack(e, config);
        return AckTimer::keep;
    }
    if (fin_now) e.fin_acked = true;
    const std::uint64_t newly_acked = data_acked - e.tx_acked;
    e.tx_acked = data_acked;
    e.tx_next = std::max(e.tx_next, e.tx_acked);
    e.dup_acks = 0;
    e.rtx_expiries = 0;
    if (e.rtt_timed_end && acked >= *e.rtt_timed_end) {
        rtt_sample(e, now_us - e.rtt_timed_sent_us, config);
        e.rtt_timed_end.reset();
    }
    if (!e.in_recovery) {
        grow_cwnd(e, newly_acked, config);
    } else if (e.tx_acked >= e.recover) {
        e.in_recovery = false;  // RFC 6582 §3.2 step 3, full acknowledgment
        e.cwnd = e.ssthresh;
    } else {
        e.resend_first = true;  // a partial ACK: the next hole, at once (RFC 6582 §3.2 step 3)
    }
    return outstanding(e) ? AckTimer::restart : AckTimer::stop;  // RFC 6298 §5.3, §5.2
}

void on_rto(Endpoint& e, const TcpConfig& config) {
    ++e.rtx_expiries;
    // RFC 5681 §3.1 equation 4, only for the first timeout of this segment; the loss window is
    // one segment.
    if (e.rtx_expiries == 1) e.ssthresh = std::max(flight_size(e) / 2, 2 * config.mss);
    e.cwnd = config.mss;
    e.rto_us = std::min(2 * e.rto_us, std::max(config.rto_min_us, config.rto_max_us));  // §5.5
    // §5.4 resends the earliest unacknowledged segment; the rest follow in slow start, as the
    // ACKs come back (what BSD and Linux do: everything in flight is presumed lost).
    e.tx_next = e.tx_acked;
    e.fin_out = false;
    e.in_recovery = false;
    e.dup_acks = 0;
    e.recover = e.tx_sent;
    e.resend_first = false;
    e.rtt_timed_end.reset();
}

}  // namespace postlab::sim
