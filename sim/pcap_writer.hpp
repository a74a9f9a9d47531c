// Writes simulated TCP segments as a classic pcap file (LINKTYPE_ETHERNET) that Wireshark and
// tshark read: Ethernet II / IPv4 (RFC 791 §3.1, checksum RFC 1071) / TCP (RFC 9293 §3.1, MSS
// option §3.7.1). Pure function: bytes in, file bytes out; the caller owns the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/tcp_flags.hpp"

namespace postlab::sim {

// One TCP segment as the simulation saw it. Addresses are host-order IPv4 (10.0.0.1 is
// 0x0a000001). flags: sim/tcp_flags.hpp. `ack` is written only when the ACK
// flag is set (RFC 9293 §3.1: the field is meaningful only then), else zero.
struct PcapPacket {
    std::int64_t time_us;
    std::uint32_t src_ip, dst_ip;
    std::uint16_t src_port, dst_port;
    std::uint32_t seq, ack;
    std::uint8_t flags;  // tcp_flag::
    std::uint16_t window = 65535;
    std::string payload;
};

// Segmenting by MSS is the caller's job: a longer payload is clipped to this many bytes (and
// reported by pcap_problems) so the file stays valid. 1460 = 1500 MTU - 20 IPv4 - 20 TCP.
inline constexpr std::size_t pcap_payload_max = 1460;
inline constexpr std::uint16_t pcap_mss = 1460;  // the MSS option written on every SYN

// The Ethernet/IPv4/TCP frame for one packet, without the pcap record header. `ip_id` is the
// IPv4 identification field.
std::string ethernet_frame(const PcapPacket& packet, std::uint16_t ip_id);

// The whole capture: global header (microsecond magic, snaplen 65535) and one record per packet,
// in the given order. Negative times are written as 0. The IPv4 identification counts up per
// source address, starting at 1. Deterministic: same packets, same bytes.
std::string write_pcap(const std::vector<PcapPacket>& packets);

// Clear messages for packets write_pcap had to change (payload clipped, negative time); empty
// when the capture is faithful. Lets callers assert on their own segmentation.
std::vector<std::string> pcap_problems(const std::vector<PcapPacket>& packets);

// The Ethernet address used for an IPv4 address: 02:00:a:b:c:d (locally administered, RFC 7042
// §2.1), so a host keeps one MAC across the capture.
std::string mac_for_ip(std::uint32_t ip);

// RFC 1071 Internet checksum over `bytes` (with an initial partial sum); exposed for the tests.
std::uint16_t internet_checksum(std::string_view bytes, std::uint32_t initial_sum = 0);

}  // namespace postlab::sim
