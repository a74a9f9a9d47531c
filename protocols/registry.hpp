// The protocol registry (DESIGN.md §2): each protocol described once, by id. Lessons, the world,
// the trace, transcripts, pcap export and every view read these descriptors; nothing outside
// this file compares protocol names. Adding a protocol = its folder under protocols/ plus one
// entry in registry.cpp (docs/adding-a-protocol.md).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/explanation.hpp"
#include "protocols/core/frame.hpp"
#include "protocols/core/protocol_id.hpp"
#include "protocols/core/state_table.hpp"

namespace postlab {

struct ProtocolDescriptor {
    ProtocolId id = ProtocolId::none;
    std::string_view name;           // "smtp": as traces, transcripts and lesson files write it
    std::string_view display_name;   // "SMTP"
    ProtocolColour colour = ProtocolColour::tcp_tls;
    std::uint16_t plain_port = 0;    // its well-known ports, 0 for none
    std::uint16_t tls_port = 0;
    std::string_view framing;        // how its bytes are cut into frames, for docs and the UI
    // Application protocols only (null for TCP, TLS and DNS, which sim/ models itself):
    core::AnyFramer (*make_framer)() = nullptr;
    const core::StateTable& (*state_table)() = nullptr;
    void (*add_explanations)(core::ExplanationTable&) = nullptr;
    // A key with a variable tail -> the key of its family ("smtp.reply.554" -> "smtp.reply.5xx").
    std::optional<std::string> (*explanation_family)(std::string_view key) = nullptr;

    // Spoken by sessions in commands and replies (as opposed to a transport the world models).
    bool spoken() const { return make_framer != nullptr; }
};

std::span<const ProtocolDescriptor> all_protocols();
const ProtocolDescriptor& descriptor(ProtocolId id);
std::string_view name_of(ProtocolId id);  // "" for none
// The one place a protocol's name is compared: lesson files and command lines name protocols.
std::optional<ProtocolId> protocol_from_name(std::string_view name);
std::vector<std::string_view> protocol_names();  // every named protocol, in registry order

struct ServiceDescriptor {
    ServiceId id = ServiceId::smtp;
    std::string_view name;    // "submission": as lesson files and `postlab serve` write it
    ProtocolId protocol = ProtocolId::none;
    std::uint16_t port = 0;
    bool implicit_tls = false;
    std::string_view role;    // one line: what the service is for
    std::string_view rfc;
};

std::span<const ServiceDescriptor> all_services();
const ServiceDescriptor& descriptor(ServiceId id);
std::optional<ServiceId> service_from_name(std::string_view name);

}  // namespace postlab
