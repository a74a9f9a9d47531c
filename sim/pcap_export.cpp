// Trace -> pcap: one packet per recorded TCP segment, addresses from the network's hosts.
#include "sim/pcap_export.hpp"
#include "sim/pcap_writer.hpp"

namespace postlab::sim {

std::vector<PcapPacket> pcap_packets(const World& world, const PcapExportOptions& options) {
    std::vector<PcapPacket> packets;
    const Network& network = world.network();
    for (const auto& e : world.trace()) {
        if (e.protocol != ProtocolId::tcp || e.tcp_flags == 0) continue;
        if (options.conn && e.conn != *options.conn) continue;
        if (e.lost && !options.include_lost) continue;
        PcapPacket p;
        p.time_us = e.time_us;
        p.src_ip = network.host(e.from).ipv4;
        p.dst_ip = network.host(e.to).ipv4;
        p.src_port = e.from_port;
        p.dst_port = e.to_port;
        p.seq = e.seq;
        p.ack = e.ack;
        p.flags = e.tcp_flags;
        p.payload = e.bytes;
        packets.push_back(std::move(p));
    }
    return packets;
}

std::string export_pcap(const World& world, const PcapExportOptions& options) {
    return write_pcap(pcap_packets(world, options));
}

}  // namespace postlab::sim
