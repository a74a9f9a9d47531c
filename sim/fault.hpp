// Faults a lesson or a trainer applies to the world (DESIGN.md §3): links down and up, latency /
// bandwidth / loss changes, the ISP's port-25 block (RFC 5068 §3), hosts down, services down
// (connections refused), a server certificate's name, a full mailbox. Plain values, so SimControl can log them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "protocols/core/session.hpp"
#include "sim/ids.hpp"
#include "sim/network.hpp"

namespace postlab::sim {

struct SetLinkUp {
    LinkId link;
    bool up = true;
};

struct SetLinkParams {
    LinkId link;
    TimeUs latency_us = 1000;
    std::uint64_t bandwidth_bps = 0;
    double loss = 0.0;
};

struct SetPortBlock {
    PortBlockRule rule;  // rule.enabled = false removes the rule on that router and port
};

struct SetHostUp {  // down: the host drops every packet (peers time out)
    HostId host;
    bool up = true;
};

struct SetServicesUp {  // down: the host answers, but every connection is refused (RST)
    HostId host;
    bool up = true;
};

struct SetCertificateName {
    HostId host;
    std::string name;
};

// The mailbox is full from now on: its quota becomes what it holds, so the server refuses the
// next message (RFC 5321 §4.5.3.1.10, 552) until messages are deleted.
struct SetMailboxFull {
    std::size_t store = 0;
    std::string account;
};

using Fault = std::variant<SetLinkUp, SetLinkParams, SetPortBlock, SetHostUp, SetServicesUp, SetCertificateName,
                           SetMailboxFull>;

}  // namespace postlab::sim
