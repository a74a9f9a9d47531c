// The campus scenario of `postlab bench` (see campus.hpp), built with the device layer's API
// (World::add_domain / configure_network / add_device): the same calls a lesson makes, at scale.
#include "bench/campus.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace postlab::bench {
namespace {

using namespace postlab::sim;

constexpr TimeUs start_us = 1'772'442'000'000'000;  // 2026-03-02 09:00:00 UTC, as lessons

std::string user(std::size_t i) { return fmt::format("user{:04}@campus.test", i); }

DeviceSpec device(std::size_t account, std::size_t kind) {
    DeviceSpec d;
    d.owner = user(account);
    d.password = "secret";
    IncomingSettings in;
    in.host = "mail.campus.test";
    if (kind == 0) {  // laptop: IMAP over TLS, checks every 10 minutes
        d.id = fmt::format("laptop{}", account);
        in.push = false;
        in.check_interval_minutes = 10;
    } else if (kind == 1) {  // phone: IMAP IDLE
        d.id = fmt::format("phone{}", account);
        d.kind = DeviceKind::phone;
        in.push = true;
        in.check_interval_minutes = 0;
    } else {  // tablet: POP3 over TLS, leave on server, every 15 minutes
        d.id = fmt::format("tablet{}", account);
        d.kind = DeviceKind::tablet;
        in.protocol = IncomingProtocol::pop3;
        in.port = 995;
        in.leave_on_server = true;
        in.push = false;
        in.check_interval_minutes = 15;
    }
    d.incoming = in;
    if (kind == 0) d.outgoing = OutgoingSettings{"mail.campus.test", 587, Security::starttls, true};
    return d;
}

}  // namespace

Campus make_campus(const CampusConfig& config) {
    Campus c{World(config.seed, TcpConfig{}, start_us), {}};
    World& w = c.world;
    NetworkSpec net;
    net.latency_us = 15'000;
    net.bandwidth_bps = 20'000'000;
    w.configure_network(net);
    DomainSpec campus{"campus.test", {ServiceId::smtp, ServiceId::submission, ServiceId::imaps, ServiceId::pop3s}, {}, {}, 0};
    for (std::size_t i = 0; i < config.accounts; ++i) campus.users.emplace_back(user(i), "secret");
    w.add_domain(campus);
    w.add_domain(DomainSpec{"partner.test", {ServiceId::smtp}, {{"info@partner.test", "secret"}}, {}, 0});
    const std::size_t kinds = std::clamp<std::size_t>(config.devices_per_account, 1, 3);
    for (std::size_t i = 0; i < config.accounts; ++i) {
        for (std::size_t k = 0; k < kinds; ++k) w.add_device(device(i, k));
    }
    Rng rng(config.seed ^ 0x5eedULL);
    for (std::size_t m = 0; m < config.messages && config.accounts > 0; ++m) {
        const auto from = static_cast<std::size_t>(rng.uniform(0, config.accounts - 1));
        const auto to = static_cast<std::size_t>(rng.uniform(0, config.accounts - 1));
        TimedSend t;
        t.at_us = start_us + static_cast<TimeUs>(rng.uniform(0, static_cast<std::uint64_t>(config.duration_us)));
        // One in ten goes to the partner domain: relayed by the campus MTA on port 25.
        const std::string rcpt = rng.uniform(0, 9) == 0 ? std::string("info@partner.test") : user(to);
        t.send = SendMail{fmt::format("laptop{}", from), {rcpt}, {}, fmt::format("Note {}", m), {}, false, 0, {}};
        c.sends.push_back(std::move(t));
    }
    std::stable_sort(c.sends.begin(), c.sends.end(), [](const TimedSend& a, const TimedSend& b) { return a.at_us < b.at_us; });
    return c;
}

}  // namespace postlab::bench
