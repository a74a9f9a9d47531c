// The GUI scenes of gui_scenes.hpp, built with the world kernel's own API (hosts, links, stores,
// connections through SimControl so time travel replays them). Port 25 from the ISP's customers
// is blocked as RFC 5068 §3 recommends; the phone uses POP3 without TLS (RFC 1939 §7 USER/PASS)
// so the inspector has a password to show as exposed.
#include "bench/gui_scenes.hpp"

#include <string>

#include "sim/in_flight.hpp"
#include "sim/lesson_runner.hpp"

namespace postlab::bench {
namespace {

using sim::ConnectRequest;
using sim::HostId;
using sim::HostKind;

std::string message_text(std::string_view from, std::string_view to, std::string_view subject,
                         std::size_t body_bytes) {
    std::string m = "From: " + std::string(from) + "\r\nTo: " + std::string(to) + "\r\nSubject: " +
                    std::string(subject) + "\r\nMessage-ID: <" + std::string(subject.substr(0, 4)) +
                    "@postlab.test>\r\n\r\n";
    for (std::size_t line = 0; m.size() < body_bytes; ++line) {
        m += "Line " + std::to_string(line) + " of the message body.\r\n";
    }
    return m;
}

ConnectRequest submission(HostId from, HostId to, std::string user, std::string password,
                          std::string rcpt, std::string subject, std::size_t size) {
    smtp::ClientConfig c;
    c.helo_name = "client.postlab.test";
    c.security = Security::starttls;
    c.credentials = SaslCredentials{"", user, std::move(password)};
    c.reverse_path = user;
    c.recipients = {rcpt};
    c.message = message_text(user, rcpt, subject, size);
    ConnectRequest r;
    r.from = from;
    r.to = to;
    r.port = 587;
    r.client = smtp::Client(std::move(c));
    return r;
}

ConnectRequest pop3_check(HostId from, HostId to, bool tls) {
    pop3::ClientConfig c;
    c.user = "alice@example.test";
    c.password = "secret";
    c.leave_on_server = true;
    ConnectRequest r;
    r.from = from;
    r.to = to;
    r.port = tls ? 995 : 110;
    r.implicit_tls = tls;
    r.client = pop3::Client(std::move(c));
    return r;
}

void run_part(GuiScene& s, ConnectRequest request) {
    s.part_positions.push_back(s.control.position());
    s.part_times_us.push_back(s.control.world().now_us());
    const sim::ConnId id = s.control.connect(std::move(request));
    const std::uint64_t start = s.control.position();
    s.control.run_until([id](const sim::World& w) { return w.finished(id) != nullptr; }, 200'000);
    s.part_middles.push_back(start + (s.control.position() - start) / 3);
}

GuiScene mail_scene() {
    sim::World w(7, {}, 1'767'225'600'000'000);  // 2026-01-01
    const HostId laptop = w.add_host("laptop.example.test", "192.0.2.10", HostKind::device);
    const HostId phone = w.add_host("phone.example.test", "192.0.2.11", HostKind::device);
    const HostId bob = w.add_host("bob.remote.test", "192.0.2.20", HostKind::device);
    const HostId isp = w.add_host(k_scene_router, "198.51.100.1", HostKind::router);
    const HostId dns = w.add_host("ns.isp.test", "198.51.100.53", HostKind::dns);
    const HostId mail = w.add_host(k_scene_mail_server, "203.0.113.25", HostKind::server);
    const HostId remote = w.add_host("mail.remote.test", "203.0.113.80", HostKind::server);
    w.add_link(laptop, isp, 5'000);
    w.add_link(phone, isp, 15'000);
    w.add_link(bob, isp, 5'000);
    w.add_link(isp, mail, 20'000);
    w.add_link(isp, remote, 30'000);
    w.add_link(isp, dns, 2'000);
    w.set_dns_server(dns);
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    w.add_mail_services(mail, w.add_store(std::move(store)));
    MailStore other("remote.test");
    other.add_account("bob@remote.test", "hunter2");
    w.add_mail_services(remote, w.add_store(std::move(other)));
    w.apply(sim::SetPortBlock{sim::PortBlockRule{isp, 25, {laptop, phone, bob}, true, false}});
    GuiScene s{sim::SimControl(std::move(w)), 0, {}, {}, {}, 0};
    run_part(s, submission(bob, mail, "alice@example.test", "secret", "alice@example.test",
                           "Lunch on Friday?", 1'500));
    ConnectRequest direct = submission(laptop, mail, "alice@example.test", "secret",
                                       "alice@example.test", "Straight to port 25", 500);
    direct.port = 25;
    run_part(s, std::move(direct));
    run_part(s, pop3_check(laptop, mail, true));
    run_part(s, pop3_check(phone, mail, false));
    s.start_position = s.control.position();
    s.end_time_us = s.control.world().now_us();
    return s;
}

// 200 devices each submitting a 40 KB message at once: TCP's windows put about a thousand
// segments on the links together. The scene opens where the most are in flight.
GuiScene big_scene() {
    sim::World w(11, {}, 1'767'225'600'000'000);
    const HostId isp = w.add_host(k_scene_router, "198.51.100.1", HostKind::router);
    const HostId mail = w.add_host(k_scene_mail_server, "203.0.113.25", HostKind::server);
    const HostId backup = w.add_host("backup.example.test", "203.0.113.26", HostKind::server);
    w.add_link(isp, mail, 20'000);
    w.add_link(isp, backup, 25'000);
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    w.add_mail_services(mail, w.add_store(std::move(store)));
    std::vector<HostId> devices;
    for (int i = 0; i < 200; ++i) {
        const std::string name = "pc" + std::to_string(i) + ".campus.test";
        const std::string ip = "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
        devices.push_back(w.add_host(name, ip, HostKind::device));
        w.add_link(devices.back(), isp, 3'000 + 250 * (i % 8));
    }
    // Snapshots as often as a lesson's (RunLimits::snapshot_every): the scrubber seeks alike.
    GuiScene s{sim::SimControl(std::move(w), sim::RunLimits{}.snapshot_every), 0, {}, {}, {}, 0};
    s.part_positions.push_back(0);
    s.part_times_us.push_back(s.control.world().now_us());
    // Devices start about every 0.2 ms (as soon as the clock has moved on), as users do not all
    // press Send at once.
    const TimeUs t0 = s.control.world().now_us();
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const TimeUs at = t0 + static_cast<TimeUs>(i) * 200;
        s.control.run_until([at](const sim::World& world) { return world.now_us() >= at || world.idle(); });
        s.control.connect(submission(devices[i], mail, "alice@example.test", "secret",
                                     "alice@example.test", "Report " + std::to_string(i), 40'000));
    }
    // Open at the first moment with at least 1,000 packets on the links, else at the busiest one
    // (TCP's congestion window, RFC 5681, decides how many segments each sender has out).
    sim::FlightIndex flights;
    std::vector<std::size_t> active;
    std::size_t most = 0;
    for (int n = 0; n < 200'000 && s.control.step(); ++n) {
        flights.sync(s.control.world(), 0);
        active.clear();
        flights.active(s.control.world().now_us(), active);
        if (active.size() > most) {
            most = active.size();
            s.start_position = s.control.position();
        }
        if (most >= 1'000) break;
    }
    s.part_middles.push_back(s.start_position);
    s.control.run_until([](const sim::World&) { return false; }, 2'000'000);
    s.end_time_us = s.control.world().now_us();
    return s;
}

}  // namespace

std::optional<GuiScene> make_gui_scene(std::string_view name) {
    if (name == "mail") return mail_scene();
    if (name == "big") return big_scene();
    return std::nullopt;
}

std::optional<GuiScene> open_gui_scene(std::string_view name, std::optional<int> goto_part) {
    auto scene = make_gui_scene(name);
    if (!scene) return std::nullopt;
    std::uint64_t at = scene->start_position;
    if (goto_part && *goto_part >= 1 && static_cast<std::size_t>(*goto_part) <= scene->part_middles.size()) {
        at = scene->part_middles[static_cast<std::size_t>(*goto_part - 1)];
    }
    scene->control.seek(at);
    return scene;
}

}  // namespace postlab::bench
