// The simulated DNS (RFC 1035 §3.3.9 MX, §3.4.1 A; RFC 5321 §5.1 MX ordering by preference):
// a table of A and MX records the world's DNS host answers from. Lookups made by apps go through
// World::dns_query, which records query and response in the trace with a round trip's delay.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/session.hpp"
#include "sim/ids.hpp"

namespace postlab::sim {

enum class DnsType { a, mx };

std::string_view to_string(DnsType type);

struct MxRecord {
    std::uint16_t preference = 10;
    std::string exchange;

    friend bool operator==(const MxRecord&, const MxRecord&) = default;
};

struct DnsAnswer {
    DnsType type = DnsType::a;
    std::string name;
    bool found = false;                   // false: NXDOMAIN / no such record
    std::vector<std::uint32_t> addresses; // A
    std::vector<MxRecord> mx;             // MX, lowest preference first
    std::string summary;                  // "MX example.test? -> 10 mail.example.test"
};

class Dns {
public:
    // Every record of the simulated zones has this TTL (RFC 1035 §3.2.1): how long a device's
    // resolver may reuse an answer before asking again.
    static constexpr std::int64_t ttl_us = 300'000'000;  // microseconds, like TimeUs

    void add_a(std::string name, std::uint32_t ipv4);
    void add_mx(std::string domain, std::uint16_t preference, std::string exchange);
    void remove_mx(std::string_view domain);

    std::vector<std::uint32_t> lookup_a(std::string_view name) const;  // case-insensitive
    std::vector<MxRecord> lookup_mx(std::string_view domain) const;    // sorted (preference, name)
    DnsAnswer answer(DnsType type, std::string_view name) const;

private:
    struct ARecord {
        std::string name;
        std::uint32_t ipv4 = 0;
    };
    struct MxEntry {
        std::string domain;
        MxRecord record;
    };
    std::vector<ARecord> m_a;
    std::vector<MxEntry> m_mx;
};

// A lookup made through World::dns_query: what was asked, by whom, and the answer once it came.
struct DnsQuery {
    HostId from;
    DnsType type = DnsType::a;
    std::string name;
    TimeUs asked_us = 0;
    std::optional<DnsAnswer> answer;  // set when the reply arrives
};

}  // namespace postlab::sim
