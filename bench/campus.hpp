// The `postlab bench` campus scenario: one university domain with many accounts, each read on a
// laptop (IMAP, checks every 10 minutes), a phone (IMAP IDLE push, RFC 2177) and a tablet
// (POP3 leaving mail on the server, RFC 1939 §7 UIDL), mail sent at seeded random times to
// colleagues and to a partner domain (relayed on port 25, RFC 5321 §4.5.4.2).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/world.hpp"

namespace postlab::bench {

struct CampusConfig {
    std::size_t accounts = 1000;
    std::size_t devices_per_account = 3;   // 1..3: laptop, phone, tablet
    TimeUs duration_us = 3'600'000'000;  // one simulated hour
    std::size_t messages = 2000;           // sent during the duration
    std::uint64_t seed = 1;
};

struct TimedSend {
    TimeUs at_us = 0;
    sim::SendMail send;
};

struct Campus {
    sim::World world;
    std::vector<TimedSend> sends;  // sorted by time
};

Campus make_campus(const CampusConfig& config);

}  // namespace postlab::bench
