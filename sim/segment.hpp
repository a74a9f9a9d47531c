// One TCP segment as the model moves it (RFC 9293 §3.1 header fields that matter for teaching
// and for the pcap export: ports, sequence and acknowledgment numbers, flags, payload).
#pragma once

#include <cstdint>
#include <string>

#include "protocols/core/frame.hpp"
#include "sim/ids.hpp"
#include "sim/tcp_flags.hpp"

namespace postlab::sim {

enum class Side : std::uint8_t { client, server };

inline Side other(Side side) { return side == Side::client ? Side::server : Side::client; }
inline std::size_t index_of(Side side) { return side == Side::client ? 0 : 1; }
inline core::Peer peer_of(Side side) { return side == Side::client ? core::Peer::client : core::Peer::server; }

struct Segment {
    ConnId conn;
    Side from = Side::client;
    std::uint8_t flags = 0;
    std::uint32_t seq = 0;       // wire sequence number (ISN-relative arithmetic mod 2^32)
    std::uint32_t ack = 0;
    std::uint64_t offset = 0;    // stream offset of the first payload byte (the model's own index)
    std::string payload;

    // IPv4 (20) + TCP (20) headers: what the link serializes besides the payload.
    std::size_t wire_size() const { return 40 + payload.size(); }
};

}  // namespace postlab::sim
