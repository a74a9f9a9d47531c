// Small pure helpers of the TCP model: sequence/ack arithmetic (RFC 9293 §3.4) and state names.
#include "sim/tcp.hpp"

#include <algorithm>

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

}  // namespace postlab::sim
