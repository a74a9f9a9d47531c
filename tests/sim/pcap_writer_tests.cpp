// Tests for sim/pcap_writer: the pcap global and record headers, the Ethernet/IPv4/TCP fields,
// and the IPv4 (RFC 791 §3.1) and TCP (RFC 9293 §3.1) checksums recomputed independently here.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/pcap_writer.hpp"

using postlab::sim::PcapPacket;

namespace {

std::uint32_t be(std::string_view bytes, std::size_t at, std::size_t width) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        value = (value << 8) | static_cast<unsigned char>(bytes.at(at + i));
    }
    return value;
}

std::uint32_t le32(std::string_view bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = 4; i-- > 0;)
        value = (value << 8) | static_cast<unsigned char>(bytes.at(at + i));
    return value;
}

// A deliberately naive one's-complement sum, independent of the writer's implementation: adding
// the stored checksum back must give 0xffff when it is correct.
std::uint32_t fold(std::uint64_t sum) {
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint32_t>(sum);
}

std::uint64_t word_sum(std::string_view bytes) {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        std::uint64_t byte = static_cast<unsigned char>(bytes[i]);
        sum += (i % 2 == 0) ? byte << 8 : byte;
    }
    return sum;
}

struct Frame {
    std::uint32_t ts_sec, ts_usec;
    std::string bytes;
};

std::vector<Frame> split_pcap(std::string_view file) {
    REQUIRE(file.size() >= 24);
    std::vector<Frame> frames;
    std::size_t at = 24;
    while (at < file.size()) {
        REQUIRE(file.size() - at >= 16);
        Frame frame{le32(file, at), le32(file, at + 4), {}};
        std::uint32_t captured = le32(file, at + 8);
        CHECK(le32(file, at + 12) == captured);
        REQUIRE(file.size() - at - 16 >= captured);
        frame.bytes = std::string(file.substr(at + 16, captured));
        frames.push_back(frame);
        at += 16 + captured;
    }
    return frames;
}

PcapPacket packet(std::uint8_t flags, std::string payload) {
    PcapPacket p{1'500'000'123, 0x0a000001, 0xc0a80102, 40000, 25,
                 1000,          2000,       flags,      65535, std::move(payload)};
    return p;
}

}  // namespace

TEST_CASE("pcap global header: microsecond magic, version 2.4, Ethernet", "[pcap]") {
    std::string file = postlab::sim::write_pcap({});
    REQUIRE(file.size() == 24);
    CHECK(le32(file, 0) == 0xa1b2c3d4);
    CHECK(be(file, 4, 1) == 2);  // little-endian u16 2 then 4
    CHECK(be(file, 6, 1) == 4);
    CHECK(le32(file, 16) == 65535);
    CHECK(le32(file, 20) == 1);
}

TEST_CASE("record header carries the microsecond timestamp and frame length", "[pcap]") {
    std::vector<Frame> frames = split_pcap(postlab::sim::write_pcap(
        {packet(postlab::sim::tcp_flag::psh | postlab::sim::tcp_flag::ack, "EHLO x\r\n")}));
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].ts_sec == 1500);
    CHECK(frames[0].ts_usec == 123);
    CHECK(frames[0].bytes.size() == 14 + 20 + 20 + 8);
}

TEST_CASE("Ethernet, IPv4 and TCP fields with checksums verified by recomputation", "[pcap]") {
    std::string payload = "MAIL FROM:<a@example.com>\r\n!";  // odd length exercises padding
    std::vector<Frame> frames = split_pcap(
        postlab::sim::write_pcap({packet(postlab::sim::tcp_flag::psh | postlab::sim::tcp_flag::ack, payload)}));
    REQUIRE(frames.size() == 1);
    std::string_view f = frames[0].bytes;
    CHECK(f.substr(0, 6) == std::string_view("\x02\x00\xc0\xa8\x01\x02", 6));  // dst MAC
    CHECK(f.substr(6, 6) == std::string_view("\x02\x00\x0a\x00\x00\x01", 6));  // src MAC
    CHECK(be(f, 12, 2) == 0x0800);
    std::string_view ip = f.substr(14, 20);
    CHECK(be(ip, 0, 1) == 0x45);
    CHECK(be(ip, 2, 2) == 20 + 20 + payload.size());
    CHECK(be(ip, 4, 2) == 1);       // identification
    CHECK(be(ip, 6, 2) == 0x4000);  // DF
    CHECK(be(ip, 8, 1) == 64);
    CHECK(be(ip, 9, 1) == 6);
    CHECK(be(ip, 12, 4) == 0x0a000001);
    CHECK(be(ip, 16, 4) == 0xc0a80102);
    CHECK(fold(word_sum(ip)) == 0xffff);
    std::string_view tcp = f.substr(34);
    CHECK(be(tcp, 0, 2) == 40000);
    CHECK(be(tcp, 2, 2) == 25);
    CHECK(be(tcp, 4, 4) == 1000);
    CHECK(be(tcp, 8, 4) == 2000);
    CHECK(be(tcp, 12, 1) == 0x50);
    CHECK(be(tcp, 13, 1) == 0x18);
    CHECK(be(tcp, 14, 2) == 65535);
    CHECK(tcp.substr(20) == payload);
    std::uint64_t pseudo = 0x0a00 + 0x0001 + 0xc0a8 + 0x0102 + 6 + tcp.size();
    CHECK(fold(pseudo + word_sum(tcp)) == 0xffff);
}

TEST_CASE("a corrupted byte breaks the recomputed checksum", "[pcap]") {
    // Guards the check above: the recomputation really depends on the bytes.
    std::vector<Frame> frames =
        split_pcap(postlab::sim::write_pcap({packet(postlab::sim::tcp_flag::ack, "abcd")}));
    REQUIRE(frames.size() == 1);
    std::string tcp = frames[0].bytes.substr(34);
    tcp[21] = 'X';
    std::uint64_t pseudo = 0x0a00 + 0x0001 + 0xc0a8 + 0x0102 + 6 + tcp.size();
    CHECK(fold(pseudo + word_sum(tcp)) != 0xffff);
    CHECK(postlab::sim::internet_checksum(std::string_view("\x45\x00", 2)) == 0xbaff);
}

TEST_CASE("SYN carries the MSS option, ack only with the ACK flag", "[pcap]") {
    std::vector<Frame> frames = split_pcap(
        postlab::sim::write_pcap({packet(postlab::sim::tcp_flag::syn, ""),
                                  packet(postlab::sim::tcp_flag::syn | postlab::sim::tcp_flag::ack, "")}));
    REQUIRE(frames.size() == 2);
    std::string_view syn = std::string_view(frames[0].bytes).substr(34);
    REQUIRE(syn.size() == 24);
    CHECK(be(syn, 8, 4) == 0);  // no ACK flag: acknowledgment field zero
    CHECK(be(syn, 12, 1) == 0x60);
    CHECK(be(syn, 13, 1) == 0x02);
    CHECK(be(syn, 20, 4) == 0x020405b4);  // kind 2, length 4, 1460
    std::uint64_t pseudo = 0x0a00 + 0x0001 + 0xc0a8 + 0x0102 + 6 + syn.size();
    CHECK(fold(pseudo + word_sum(syn)) == 0xffff);
    std::string_view syn_ack = std::string_view(frames[1].bytes).substr(34);
    CHECK(be(syn_ack, 8, 4) == 2000);
    CHECK(be(syn_ack, 13, 1) == 0x12);
    CHECK(be(frames[1].bytes, 14 + 4, 2) == 2);  // IP id counts up per source
}

TEST_CASE("IP identification counts per source address", "[pcap]") {
    PcapPacket a = packet(postlab::sim::tcp_flag::ack, "");
    PcapPacket b = a;
    std::swap(b.src_ip, b.dst_ip);
    std::vector<Frame> frames = split_pcap(postlab::sim::write_pcap({a, b, a, b, a}));
    REQUIRE(frames.size() == 5);
    std::vector<std::uint32_t> ids;
    for (const Frame& frame : frames) ids.push_back(be(frame.bytes, 18, 2));
    CHECK(ids == std::vector<std::uint32_t>{1, 1, 2, 2, 3});
}

TEST_CASE("oversized payload is clipped and reported, negative time written as 0", "[pcap]") {
    PcapPacket big = packet(postlab::sim::tcp_flag::ack, std::string(2000, 'x'));
    big.time_us = -5;
    std::vector<Frame> frames = split_pcap(postlab::sim::write_pcap({big}));
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].bytes.size() == 14 + 20 + 20 + 1460);
    CHECK(be(frames[0].bytes, 16, 2) == 20 + 20 + 1460);
    CHECK(frames[0].ts_sec == 0);
    CHECK(frames[0].ts_usec == 0);
    std::vector<std::string> problems = postlab::sim::pcap_problems({big});
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].find("2000") != std::string::npos);
    CHECK(postlab::sim::pcap_problems({packet(postlab::sim::tcp_flag::ack, "ok")}).empty());
}

TEST_CASE("write_pcap is deterministic", "[pcap]") {
    std::vector<PcapPacket> packets{packet(postlab::sim::tcp_flag::syn, ""),
                                    packet(postlab::sim::tcp_flag::ack, "x")};
    CHECK(postlab::sim::write_pcap(packets) == postlab::sim::write_pcap(packets));
}
