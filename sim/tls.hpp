// The TLS model's pure parts (RFC 8446 handshake shape, RFC 6125 §6.4 name checks): flight
// descriptions for the trace and the certificate-name check a client does. The flights' bytes
// come from sim/tls_wire.hpp; World (world_tls.cpp) moves them over the TCP model.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace postlab::sim {

struct CertificateCheck {
    bool ok = false;
    std::string reason;  // "certificate is for mail.other.test, not mail.example.test"
};

// RFC 6125 §6.4.1 / §6.4.3: case-insensitive match, a wildcard only as the whole left-most label.
CertificateCheck check_certificate(std::string_view certificate_name, std::string_view expected_name);

// A per-record seed derived from the connection's TLS seed, so application records do not draw
// from the world RNG (the trace stays stable when a lesson adds an unrelated random draw).
std::uint64_t record_seed(std::uint64_t tls_seed, std::uint64_t record);

}  // namespace postlab::sim
