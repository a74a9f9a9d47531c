// Classic pcap writer (pcap file format: 24-byte global header, 16-byte record headers, little
// endian, microsecond magic 0xa1b2c3d4) with Ethernet II / IPv4 (RFC 791 §3.1) / TCP (RFC 9293
// §3.1) frames; checksums per RFC 1071, the TCP one over the pseudo-header (RFC 9293 §3.1).
#include "sim/pcap_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>

namespace postlab::sim {
namespace {

constexpr std::uint32_t pcap_magic_us = 0xa1b2c3d4;
constexpr std::uint32_t pcap_snaplen = 65535;
constexpr std::uint32_t linktype_ethernet = 1;
constexpr std::uint16_t ethertype_ipv4 = 0x0800;
constexpr std::uint8_t ip_protocol_tcp = 6;
constexpr std::uint8_t ip_ttl = 64;
constexpr std::uint16_t ip_flag_df = 0x4000;
constexpr std::size_t ip_header_size = 20;
constexpr std::size_t tcp_header_size = 20;
constexpr std::size_t tcp_mss_option_size = 4;

void put_u8(std::string& out, std::uint8_t value) {
    out.push_back(static_cast<char>(value));
}

void put_be16(std::string& out, std::uint32_t value) {
    put_u8(out, static_cast<std::uint8_t>((value >> 8) & 0xff));
    put_u8(out, static_cast<std::uint8_t>(value & 0xff));
}

void put_be32(std::string& out, std::uint32_t value) {
    put_be16(out, value >> 16);
    put_be16(out, value & 0xffff);
}

// The pcap headers are in the writer's byte order; little endian, whatever the host, so the
// output does not depend on the machine (readers detect the order from the magic).
void put_le32(std::string& out, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) put_u8(out, static_cast<std::uint8_t>((value >> (8 * i)) & 0xff));
}

void put_le16(std::string& out, std::uint32_t value) {
    put_u8(out, static_cast<std::uint8_t>(value & 0xff));
    put_u8(out, static_cast<std::uint8_t>((value >> 8) & 0xff));
}

void patch_be16(std::string& out, std::size_t at, std::uint16_t value) {
    out[at] = static_cast<char>((value >> 8) & 0xff);
    out[at + 1] = static_cast<char>(value & 0xff);
}

std::string_view clipped_payload(const PcapPacket& packet) {
    return std::string_view(packet.payload).substr(0, pcap_payload_max);
}

void put_ipv4_header(std::string& out, const PcapPacket& packet, std::size_t tcp_size,
                     std::uint16_t ip_id) {
    std::size_t start = out.size();
    put_u8(out, 0x45);  // version 4, IHL 5 words
    put_u8(out, 0);     // DSCP/ECN
    put_be16(out, static_cast<std::uint32_t>(ip_header_size + tcp_size));
    put_be16(out, ip_id);
    put_be16(out, ip_flag_df);  // don't fragment, offset 0
    put_u8(out, ip_ttl);
    put_u8(out, ip_protocol_tcp);
    put_be16(out, 0);  // checksum, patched below
    put_be32(out, packet.src_ip);
    put_be32(out, packet.dst_ip);
    std::string_view header(out.data() + start, ip_header_size);
    patch_be16(out, start + 10, internet_checksum(header));
}

// RFC 9293 §3.1: the checksum also covers a pseudo-header of addresses, protocol and length.
std::uint32_t pseudo_header_sum(const PcapPacket& packet, std::size_t tcp_size) {
    std::uint32_t sum = 0;
    sum += packet.src_ip >> 16;
    sum += packet.src_ip & 0xffff;
    sum += packet.dst_ip >> 16;
    sum += packet.dst_ip & 0xffff;
    sum += ip_protocol_tcp;
    sum += static_cast<std::uint32_t>(tcp_size);
    return sum;
}

void put_tcp_segment(std::string& out, const PcapPacket& packet) {
    bool syn = (packet.flags & tcp_flag::syn) != 0;
    std::size_t header_size = tcp_header_size + (syn ? tcp_mss_option_size : 0);
    std::string_view payload = clipped_payload(packet);
    std::size_t start = out.size();
    put_be16(out, packet.src_port);
    put_be16(out, packet.dst_port);
    put_be32(out, packet.seq);
    put_be32(out, (packet.flags & tcp_flag::ack) != 0 ? packet.ack : 0);
    put_u8(out, static_cast<std::uint8_t>((header_size / 4) << 4));  // data offset in words
    put_u8(out, static_cast<std::uint8_t>(packet.flags & 0x3f));
    put_be16(out, packet.window);
    put_be16(out, 0);  // checksum, patched below
    put_be16(out, 0);  // urgent pointer
    if (syn) {
        put_u8(out, 2);  // RFC 9293 §3.2: kind 2 = MSS, length 4
        put_u8(out, 4);
        put_be16(out, pcap_mss);
    }
    out.append(payload);
    std::size_t tcp_size = out.size() - start;
    std::string_view segment(out.data() + start, tcp_size);
    patch_be16(out, start + 16, internet_checksum(segment, pseudo_header_sum(packet, tcp_size)));
}

}  // namespace

std::uint16_t internet_checksum(std::string_view bytes, std::uint32_t initial_sum) {
    // RFC 1071 §4.1: one's-complement sum of 16-bit big-endian words, odd byte padded with zero.
    std::uint64_t sum = initial_sum;
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        sum += (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 8) |
               static_cast<unsigned char>(bytes[i + 1]);
    }
    if (bytes.size() % 2 == 1) {
        sum += static_cast<std::uint32_t>(static_cast<unsigned char>(bytes.back())) << 8;
    }
    while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

std::string mac_for_ip(std::uint32_t ip) {
    std::string mac{'\x02', '\x00'};
    put_be32(mac, ip);
    return mac;
}

std::string ethernet_frame(const PcapPacket& packet, std::uint16_t ip_id) {
    std::string frame;
    frame.reserve(14 + ip_header_size + tcp_header_size + tcp_mss_option_size + pcap_payload_max);
    frame += mac_for_ip(packet.dst_ip);
    frame += mac_for_ip(packet.src_ip);
    put_be16(frame, ethertype_ipv4);
    bool syn = (packet.flags & tcp_flag::syn) != 0;
    std::size_t tcp_size =
        tcp_header_size + (syn ? tcp_mss_option_size : 0) + clipped_payload(packet).size();
    put_ipv4_header(frame, packet, tcp_size, ip_id);
    put_tcp_segment(frame, packet);
    return frame;
}

std::string write_pcap(const std::vector<PcapPacket>& packets) {
    std::string out;
    put_le32(out, pcap_magic_us);
    put_le16(out, 2);  // version 2.4
    put_le16(out, 4);
    put_le32(out, 0);  // thiszone: timestamps are UTC
    put_le32(out, 0);  // sigfigs
    put_le32(out, pcap_snaplen);
    put_le32(out, linktype_ethernet);
    std::map<std::uint32_t, std::uint16_t> next_ip_id;
    for (const PcapPacket& packet : packets) {
        auto [it, inserted] = next_ip_id.try_emplace(packet.src_ip, std::uint16_t{1});
        std::string frame = ethernet_frame(packet, it->second++);
        std::int64_t time_us = std::max<std::int64_t>(packet.time_us, 0);
        put_le32(out, static_cast<std::uint32_t>(time_us / 1'000'000));
        put_le32(out, static_cast<std::uint32_t>(time_us % 1'000'000));
        put_le32(out, static_cast<std::uint32_t>(frame.size()));  // captured length
        put_le32(out, static_cast<std::uint32_t>(frame.size()));  // length on the wire
        out += frame;
    }
    return out;
}

std::vector<std::string> pcap_problems(const std::vector<PcapPacket>& packets) {
    std::vector<std::string> problems;
    for (std::size_t i = 0; i < packets.size(); ++i) {
        const PcapPacket& packet = packets[i];
        if (packet.payload.size() > pcap_payload_max) {
            problems.push_back(
                fmt::format("packet {}: payload of {} bytes exceeds the {}-byte MSS; clipped "
                            "(segment it first)",
                            i, packet.payload.size(), pcap_payload_max));
        }
        if (packet.time_us < 0) {
            problems.push_back(
                fmt::format("packet {}: negative time {} us written as 0", i, packet.time_us));
        }
    }
    return problems;
}

}  // namespace postlab::sim
