// Turns the trace's TCP entries into a pcap capture (sim/pcap_writer.hpp) that Wireshark and
// tshark decode: every segment as the sender put it on the wire (RFC 9293 §3.1 header fields),
// including the ones lost on the way, so retransmissions show up as such.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/world.hpp"

namespace postlab::sim {

struct PcapPacket;  // sim/pcap_writer.hpp

struct PcapExportOptions {
    std::optional<ConnId> conn;  // only this connection
    bool include_lost = true;    // a capture at the sender sees segments the network later drops
};

std::vector<PcapPacket> pcap_packets(const World& world, const PcapExportOptions& options = {});
std::string export_pcap(const World& world, const PcapExportOptions& options = {});

}  // namespace postlab::sim
