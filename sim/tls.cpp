// Certificate name checks (RFC 6125 §6.4) and record seeds for the TLS model.
#include "sim/tls.hpp"

#include <fmt/format.h>

#include "protocols/core/text.hpp"

namespace postlab::sim {

CertificateCheck check_certificate(std::string_view certificate_name, std::string_view expected_name) {
    bool ok = iequals(certificate_name, expected_name);
    if (!ok && certificate_name.starts_with("*.")) {
        const auto dot = expected_name.find('.');
        ok = dot != std::string_view::npos && dot > 0 &&
             iequals(certificate_name.substr(1), expected_name.substr(dot));
    }
    if (ok) return {true, {}};
    return {false, fmt::format("certificate is for {}, not {}", certificate_name, expected_name)};
}

std::uint64_t record_seed(std::uint64_t tls_seed, std::uint64_t record) {
    std::uint64_t z = tls_seed + 0x9e3779b97f4a7c15ULL * (record + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

}  // namespace postlab::sim
