// The one list of protocols and services (see registry.hpp). Ports: RFC 5321 §4.5.4 and
// RFC 6409 §3.1 (25, 587), RFC 8314 §7.3 (465, 993, 995), RFC 1939 §4 (110), RFC 9051 §2.1 (143).
#include "protocols/registry.hpp"

#include <array>

#include "protocols/http/explain.hpp"
#include "protocols/http/framer.hpp"
#include "protocols/http/state_table.hpp"
#include "protocols/imap/explain.hpp"
#include "protocols/imap/framer.hpp"
#include "protocols/imap/state_table.hpp"
#include "protocols/pop3/explain.hpp"
#include "protocols/pop3/framer.hpp"
#include "protocols/pop3/state_table.hpp"
#include "protocols/smtp/explain.hpp"
#include "protocols/smtp/framer.hpp"
#include "protocols/smtp/state_table.hpp"

namespace postlab {
namespace {

template <class F>
core::AnyFramer make() {
    return core::AnyFramer(std::make_unique<F>());
}

constexpr std::array<ProtocolDescriptor, 8> k_protocols{{
    {ProtocolId::none, "", "", ProtocolColour::tcp_tls, 0, 0, "", nullptr, nullptr, nullptr, nullptr},
    {ProtocolId::tcp, "tcp", "TCP", ProtocolColour::tcp_tls, 0, 0, "segments (RFC 9293 §3.1)", nullptr, nullptr, nullptr, nullptr},
    {ProtocolId::tls, "tls", "TLS", ProtocolColour::tcp_tls, 0, 0, "records (RFC 8446 §5.1)", nullptr, nullptr, nullptr, nullptr},
    {ProtocolId::dns, "dns", "DNS", ProtocolColour::dns, 53, 0, "one query, one response (RFC 1035 §4.1)", nullptr, nullptr,
     nullptr, nullptr},
    {ProtocolId::smtp, "smtp", "SMTP", ProtocolColour::smtp, 25, 465,
     "command lines; multi-line replies; DATA up to CRLF.CRLF (RFC 5321 §4.2, §4.1.1.4)", &make<smtp::Framer>,
     &smtp::state_table, &smtp::add_explanations, &smtp::explanation_family},
    {ProtocolId::pop3, "pop3", "POP3", ProtocolColour::pop3, 110, 995,
     "command lines; status lines, multi-line responses up to \".\" (RFC 1939 §3)", &make<pop3::Framer>,
     &pop3::state_table, &pop3::add_explanations, nullptr},
    {ProtocolId::imap, "imap", "IMAP", ProtocolColour::imap, 143, 993,
     "tagged command lines with literals; tagged, untagged and continuation responses (RFC 9051 §2.2, §4.3)",
     &make<imap::Framer>, &imap::state_table, &imap::add_explanations, &imap::explanation_family},
    // HTTP/1.1 carries Exchange's protocols (Autodiscover, ActiveSync, EWS, MAPI over HTTP).
    {ProtocolId::http, "http", "HTTP", ProtocolColour::exchange, 80, 443,
     "one request (head and body) / one response per frame (RFC 9112 §6.3)", &make<http::Framer>,
     &http::state_table, &http::add_explanations, &http::explanation_family},
}};

constexpr std::array<ServiceDescriptor, 7> k_services{{
    {ServiceId::smtp, "smtp", ProtocolId::smtp, 25, false, "relay between mail servers", "RFC 5321 §4.5.4"},
    {ServiceId::submission, "submission", ProtocolId::smtp, 587, false,
     "mail programs submit mail: STARTTLS, then AUTH", "RFC 6409 §3.1"},
    {ServiceId::submissions, "submissions", ProtocolId::smtp, 465, true, "submission with TLS from the first byte",
     "RFC 8314 §3.3"},
    {ServiceId::pop3, "pop3", ProtocolId::pop3, 110, false, "POP3, STLS to upgrade", "RFC 1939 §4, RFC 2595 §4"},
    {ServiceId::pop3s, "pop3s", ProtocolId::pop3, 995, true, "POP3 with TLS from the first byte", "RFC 8314 §3.3"},
    {ServiceId::imap, "imap", ProtocolId::imap, 143, false, "IMAP, STARTTLS to upgrade", "RFC 9051 §2.1"},
    {ServiceId::imaps, "imaps", ProtocolId::imap, 993, true, "IMAP with TLS from the first byte", "RFC 8314 §3.3"},
}};

}  // namespace

std::span<const ProtocolDescriptor> all_protocols() { return k_protocols; }

const ProtocolDescriptor& descriptor(ProtocolId id) {
    for (const auto& d : k_protocols) {
        if (d.id == id) return d;
    }
    return k_protocols[0];
}

std::string_view name_of(ProtocolId id) { return descriptor(id).name; }

std::optional<ProtocolId> protocol_from_name(std::string_view name) {
    for (const auto& d : k_protocols) {
        if (!d.name.empty() && d.name == name) return d.id;
    }
    return std::nullopt;
}

std::vector<std::string_view> protocol_names() {
    std::vector<std::string_view> names;
    for (const auto& d : k_protocols) {
        if (!d.name.empty()) names.push_back(d.name);
    }
    return names;
}

std::span<const ServiceDescriptor> all_services() { return k_services; }

const ServiceDescriptor& descriptor(ServiceId id) { return k_services[static_cast<std::size_t>(id)]; }

std::optional<ServiceId> service_from_name(std::string_view name) {
    for (const auto& s : k_services) {
        if (s.name == name) return s.id;
    }
    return std::nullopt;
}

}  // namespace postlab
