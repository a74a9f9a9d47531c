// DNS records and answers (RFC 1035 §3.3.9, §3.4.1; MX preference order per RFC 5321 §5.1).
#include "sim/dns.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "sim/network.hpp"

namespace postlab::sim {

std::string_view to_string(DnsType type) { return type == DnsType::a ? "A" : "MX"; }

void Dns::add_a(std::string name, std::uint32_t ipv4) { m_a.push_back({std::move(name), ipv4}); }

void Dns::add_mx(std::string domain, std::uint16_t preference, std::string exchange) {
    m_mx.push_back({std::move(domain), MxRecord{preference, std::move(exchange)}});
}

void Dns::remove_mx(std::string_view domain) {
    std::erase_if(m_mx, [&](const MxEntry& e) { return iequals(e.domain, domain); });
}

std::vector<std::uint32_t> Dns::lookup_a(std::string_view name) const {
    std::vector<std::uint32_t> out;
    for (const auto& r : m_a) {
        if (iequals(r.name, name)) out.push_back(r.ipv4);
    }
    return out;
}

std::vector<MxRecord> Dns::lookup_mx(std::string_view domain) const {
    std::vector<MxRecord> out;
    for (const auto& e : m_mx) {
        if (iequals(e.domain, domain)) out.push_back(e.record);
    }
    std::sort(out.begin(), out.end(), [](const MxRecord& a, const MxRecord& b) {
        return a.preference != b.preference ? a.preference < b.preference : a.exchange < b.exchange;
    });
    return out;
}

DnsAnswer Dns::answer(DnsType type, std::string_view name) const {
    DnsAnswer a;
    a.type = type;
    a.name = std::string(name);
    std::string result;
    if (type == DnsType::a) {
        a.addresses = lookup_a(name);
        for (const auto ip : a.addresses) result += (result.empty() ? "" : ", ") + format_ipv4(ip);
    } else {
        a.mx = lookup_mx(name);
        for (const auto& mx : a.mx) {
            result += fmt::format("{}{} {}", result.empty() ? "" : ", ", mx.preference, mx.exchange);
        }
    }
    a.found = !result.empty();
    a.summary = fmt::format("{} {}? -> {}", to_string(type), name, a.found ? result : "no record");
    return a;
}

}  // namespace postlab::sim
