// Names for the protocols the world speaks and the services a server offers, as enums: code
// compares ids, never names. What each id means (display name, ports, framing, state table,
// explanations) is its descriptor in protocols/registry.hpp; the names below are only for text.
#pragma once

#include <cstdint>

namespace postlab {

enum class ProtocolId : std::uint8_t {
    none,  // a trace entry of no protocol (faults, notes)
    tcp,   // modelled by sim/ (RFC 9293)
    tls,   // modelled by sim/ (RFC 8446)
    dns,   // modelled by sim/ (RFC 1035)
    smtp,
    pop3,
    imap,
    http,
};

// Which colour a protocol's packets and arrows have (the theme holds one colour per key): one
// key per family a trainer tells apart, so Exchange's HTTP protocols share one.
enum class ProtocolColour : std::uint8_t { smtp, pop3, imap, exchange, dns, tcp_tls };

// A listening service of a mail host: a protocol in a role on a port (RFC 8314 §3, RFC 6409).
enum class ServiceId : std::uint8_t {
    smtp,         // 25: relay between servers (RFC 5321)
    submission,   // 587: mail programs submit, STARTTLS + AUTH (RFC 6409)
    submissions,  // 465: submission with TLS from the first byte (RFC 8314 §3.3)
    pop3,         // 110 (RFC 1939)
    pop3s,        // 995: POP3 with implicit TLS (RFC 8314 §3.3)
    imap,         // 143 (RFC 9051)
    imaps,        // 993: IMAP with implicit TLS (RFC 8314 §3.3)
};

}  // namespace postlab
