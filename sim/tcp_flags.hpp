// The TCP header's control bits (RFC 9293 §3.1), shared by the TCP model (sim/segment.hpp), the
// trace and the pcap writer. A header of its own so the pcap writer builds without the world.
#pragma once

#include <cstdint>

namespace postlab::sim::tcp_flag {

inline constexpr std::uint8_t fin = 0x01;
inline constexpr std::uint8_t syn = 0x02;
inline constexpr std::uint8_t rst = 0x04;
inline constexpr std::uint8_t psh = 0x08;
inline constexpr std::uint8_t ack = 0x10;

}  // namespace postlab::sim::tcp_flag
