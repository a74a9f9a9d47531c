// Worlds with domains and devices for the device / MTA tests: example.test (alice, carol) and
// remote.test (bob), every service on both, devices behind the ISP router (DESIGN.md §3).
#pragma once

#include <string>

#include "protocols/registry.hpp"
#include "sim/world.hpp"

namespace postlab::sim::test {

inline constexpr TimeUs lesson_start_us = 1'767'225'600'000'000;  // 2026-01-01 00:00:00 UTC

inline std::vector<ServiceId> every_service() {
    std::vector<ServiceId> s;
    for (const auto& d : postlab::all_services()) s.push_back(d.id);
    return s;
}

inline World two_domains(std::uint64_t seed, NetworkSpec net = {}) {
    World w(seed, {}, lesson_start_us);
    w.configure_network(net);
    w.add_domain({"example.test", every_service(), {{"alice@example.test", "secret"}, {"carol@example.test", "pw"}}, "", 0});
    w.add_domain({"remote.test", every_service(), {{"bob@remote.test", "hunter2"}}, "", 0});
    return w;
}

inline DeviceSpec pop3_device(std::string id, bool leave_on_server = false) {
    IncomingSettings in;
    in.protocol = IncomingProtocol::pop3;
    in.host = "mail.example.test";
    in.port = 995;
    in.security = Security::implicit_tls;
    in.leave_on_server = leave_on_server;
    in.check_interval_minutes = 0;
    in.push = false;
    return {std::move(id), DeviceKind::desktop, "alice@example.test", "secret", in,
            OutgoingSettings{"mail.example.test", 587, Security::starttls, true}};
}

inline DeviceSpec imap_device(std::string id, bool push, int interval_minutes = 0) {
    IncomingSettings in;
    in.protocol = IncomingProtocol::imap;
    in.host = "mail.example.test";
    in.port = 993;
    in.security = Security::implicit_tls;
    in.check_interval_minutes = interval_minutes;
    in.push = push;
    return {std::move(id), DeviceKind::phone, "alice@example.test", "secret", in,
            OutgoingSettings{"mail.example.test", 587, Security::starttls, true}};
}

inline DeviceSpec bob_device() {
    return {"bob", DeviceKind::desktop, "bob@remote.test", "hunter2", std::nullopt,
            OutgoingSettings{"mail.remote.test", 587, Security::starttls, true}};
}

inline std::size_t settle(World& w, std::size_t max_steps = 500'000) {
    return w.run_until([](const World& world) { return world.quiescent(); }, max_steps);
}

inline std::size_t server_count(const World& w, std::string_view domain, std::string_view address,
                                std::string_view folder = "INBOX") {
    const auto store = w.store_for_domain(domain);
    if (!store) return 0;
    const Account* a = w.store(*store).account(address);
    const Folder* f = a ? a->folder(folder) : nullptr;
    return f ? f->messages.size() : 0;
}

inline std::size_t device_count(const World& w, std::string_view id, std::string_view folder = "INBOX") {
    const auto v = w.device(id);
    if (!v) return 0;
    const DeviceFolder* f = v->folder(folder);
    return f ? f->messages.size() : 0;
}

}  // namespace postlab::sim::test
