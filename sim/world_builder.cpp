// LessonSpec -> World (lessons/README.md "[[domain]]", "[network]", "[[device]]", "[[fault]]")
// and fault actions -> Fault values. Names follow the lesson format: the router `isp`, server
// hosts `mail.<domain>`, links `<device>-isp` and `isp-mail.<domain>`.
#include "sim/world_builder.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "protocols/core/text.hpp"

namespace postlab::sim {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

postlab::Security to_security(lesson::Security s) {
    switch (s) {
    case lesson::Security::none: return postlab::Security::none;
    case lesson::Security::starttls: return postlab::Security::starttls;
    case lesson::Security::ssl_tls: return postlab::Security::implicit_tls;
    }
    return postlab::Security::none;
}

DeviceKind to_kind(lesson::DeviceKind k) {
    switch (k) {
    case lesson::DeviceKind::desktop: return DeviceKind::desktop;
    case lesson::DeviceKind::phone: return DeviceKind::phone;
    case lesson::DeviceKind::tablet: return DeviceKind::tablet;
    case lesson::DeviceKind::webmail: return DeviceKind::webmail;
    }
    return DeviceKind::desktop;
}

DomainSpec to_domain(const lesson::Domain& d) {
    DomainSpec spec;
    spec.name = d.name.value;
    for (const auto& service : d.services) spec.services.push_back(service.value);
    for (const auto& account : d.accounts) spec.users.emplace_back(account.address.value, account.password.value);
    spec.certificate_name = d.certificate_name.value;
    if (d.quota_kb) spec.quota_bytes = static_cast<std::uint64_t>(d.quota_kb->value) * 1024;
    return spec;
}

}  // namespace

DeviceSpec to_device_spec(const lesson::LessonSpec& spec, const lesson::Device& d) {
    DeviceSpec out;
    out.id = d.id.value;
    out.kind = to_kind(d.kind.value);
    out.owner = d.owner.value;
    out.password = d.password.value;
    if (out.password.empty()) {
        if (const auto* account = spec.find_account(d.owner.value)) out.password = account->password.value;
    }
    if (d.incoming) {
        const auto& in = *d.incoming;
        IncomingSettings s;
        s.protocol = in.protocol.value == lesson::IncomingProtocol::pop3 ? IncomingProtocol::pop3 : IncomingProtocol::imap;
        s.host = in.host.value;
        s.port = static_cast<std::uint16_t>(in.port.value);
        s.security = to_security(in.security.value);
        s.auth = in.auth.value != lesson::AuthMethod::none;
        s.leave_on_server = in.leave_on_server.value;
        s.remove_after_days = in.remove_after_days ? static_cast<int>(in.remove_after_days->value) : 0;
        s.check_interval_minutes = static_cast<int>(in.check_interval_minutes.value);
        s.push = in.push.value;
        out.incoming = s;
    }
    if (d.outgoing) {
        const auto& o = *d.outgoing;
        out.outgoing = OutgoingSettings{o.host.value, static_cast<std::uint16_t>(o.port.value),
                                        to_security(o.security.value), o.auth.value != lesson::AuthMethod::none};
    }
    return out;
}

namespace {

std::variant<LinkId, std::string> link_of(const World& world, const lesson::LString& name) {
    if (auto link = find_link(world, name.value)) return *link;
    return fmt::format("no link '{}' in this world", name.value);
}

std::variant<HostId, std::string> server_of(const World& world, const lesson::LString& name) {
    if (auto host = find_server_host(world, name.value)) return *host;
    return fmt::format("no server host '{}' in this world", name.value);
}

template <class Make, class Id>
FaultStep with(const std::variant<Id, std::string>& found, Make make) {
    if (const auto* error = std::get_if<std::string>(&found)) return *error;
    return Fault{make(std::get<Id>(found))};
}

FaultStep link_params(const World& world, const lesson::LString& name, std::optional<TimeUs> latency_us,
                      std::optional<std::uint64_t> bandwidth_bps) {
    return with(link_of(world, name), [&](LinkId id) {
        const Link& l = world.network().link(id);
        return SetLinkParams{id, latency_us.value_or(l.latency_us), bandwidth_bps.value_or(l.bandwidth_bps), l.loss};
    });
}

FaultStep port_25(const World& world, bool blocked) {
    if (!world.isp()) return std::string("no ISP router in this world");
    return Fault{world.port25_block(blocked)};
}

}  // namespace

std::variant<World, std::string> build_world(const lesson::LessonSpec& spec, std::uint64_t seed) {
    World world(seed, TcpConfig{}, lesson_start_us);
    NetworkSpec net;
    net.isp_blocks_port_25 = spec.network.isp_blocks_port_25.value;
    net.latency_us = static_cast<TimeUs>(spec.network.latency_ms.value) * 1000;
    net.bandwidth_bps = static_cast<std::uint64_t>(spec.network.bandwidth_kbps.value) * 1000;
    world.configure_network(net);
    for (const auto& domain : spec.domains) world.add_domain(to_domain(domain));
    for (const auto& device : spec.devices) world.add_device(to_device_spec(spec, device));
    return world;
}

std::optional<HostId> find_device_host(const World& world, std::string_view device) {
    for (const auto& host : world.network().hosts()) {
        if (host.kind != HostKind::device) continue;
        const std::string_view name = host.name;
        if (name == device || (name.size() > device.size() && name.starts_with(device) &&
                               name[device.size()] == '.')) {
            return host.id;
        }
    }
    return std::nullopt;
}

std::optional<HostId> find_server_host(const World& world, std::string_view name) {
    return world.network().find_host(name);
}

std::optional<LinkId> find_link(const World& world, std::string_view name) { return world.find_link(name); }

std::optional<std::size_t> store_for_address(const World& world, std::string_view address) {
    const auto at = address.rfind('@');
    return world.store_for_domain(at == std::string_view::npos ? address : address.substr(at + 1));
}

bool is_fault(const lesson::Action& action) { return action.device.value.empty(); }

FaultStep to_fault(const World& world, const lesson::Action& action) {
    using namespace lesson;
    return std::visit(
        Overloaded{
            [&](const LinkDownFault& f) { return with(link_of(world, f.link), [](LinkId id) { return SetLinkUp{id, false}; }); },
            [&](const LinkUpFault& f) { return with(link_of(world, f.link), [](LinkId id) { return SetLinkUp{id, true}; }); },
            [&](const LatencyFault& f) {
                return link_params(world, f.link, static_cast<TimeUs>(f.ms.value) * 1000, std::nullopt);
            },
            [&](const BandwidthFault& f) {
                return link_params(world, f.link, std::nullopt, static_cast<std::uint64_t>(f.kbps.value) * 1000);
            },
            [&](const BlockPort25Fault&) { return port_25(world, true); },
            [&](const UnblockPort25Fault&) { return port_25(world, false); },
            [&](const ServerDownFault& f) { return with(server_of(world, f.host), [](HostId id) { return SetHostUp{id, false}; }); },
            [&](const ServerUpFault& f) { return with(server_of(world, f.host), [](HostId id) { return SetHostUp{id, true}; }); },
            [&](const CertificateMismatchFault& f) {
                // RFC 6125 §6: the client compares the name it dialled with the certificate's.
                return with(server_of(world, f.host), [](HostId id) { return SetCertificateName{id, "www.hosting-provider.test"}; });
            },
            [&](const OverQuotaFault& f) {
                const auto store = store_for_address(world, f.account.value);
                if (!store || !world.store(*store).account(f.account.value)) {
                    return FaultStep{fmt::format("over_quota: no account '{}'", f.account.value)};
                }
                return FaultStep{Fault{SetMailboxFull{*store, f.account.value}}};
            },
            [&](const WaitFault& f) { return FaultStep{WaitFor{f.duration_us.value}}; },
            [&](const auto&) {
                return FaultStep{fmt::format("'{}' is not a world fault", action.verb)};
            },
        },
        action.body);
}

}  // namespace postlab::sim
