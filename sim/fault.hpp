// Faults a lesson or a trainer applies to the world (DESIGN.md §3): links down and up, latency /
// bandwidth / loss changes, the ISP's port-25 block (RFC 5068 §3), hosts down, services down
// (connections refused), a server certificate's name. Plain values, so SimControl can log them.
#pragma once

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

using Fault = std::variant<SetLinkUp, SetLinkParams, SetPortBlock, SetHostUp, SetServicesUp, SetCertificateName>;

}  // namespace postlab::sim
