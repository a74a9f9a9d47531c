// A small world for the sim/ tests: a laptop behind an ISP router, a mail server for
// example.test (all services), a second server mail.other.test, and a DNS host.
#pragma once

#include <string>

#include "sim/world.hpp"

namespace postlab::sim::test {

struct TestNet {
    World world;
    HostId laptop, isp, mail, other, dns;
    LinkId laptop_isp, isp_mail, isp_other, isp_dns;
    std::size_t store = 0;
};

inline constexpr TimeUs laptop_isp_us = 5'000;
inline constexpr TimeUs isp_mail_us = 20'000;

inline TestNet make_net(std::uint64_t seed, double loss = 0.0) {
    TestNet n{World(seed), {}, {}, {}, {}, {}, {}, {}, {}, {}, 0};
    World& w = n.world;
    n.laptop = w.add_host("laptop.example.test", "192.0.2.10", HostKind::device);
    n.isp = w.add_host("router.isp.test", "198.51.100.1", HostKind::router);
    n.mail = w.add_host("mail.example.test", "203.0.113.25", HostKind::server);
    n.other = w.add_host("mail.other.test", "203.0.113.80", HostKind::server);
    n.dns = w.add_host("ns.isp.test", "198.51.100.53", HostKind::dns);
    n.laptop_isp = w.add_link(n.laptop, n.isp, laptop_isp_us, 0, loss);
    n.isp_mail = w.add_link(n.isp, n.mail, isp_mail_us, 0, loss);
    n.isp_other = w.add_link(n.isp, n.other, 30'000);
    n.isp_dns = w.add_link(n.isp, n.dns, 2'000);
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    store.add_account("bob@example.test", "hunter2");
    n.store = w.add_store(std::move(store));
    w.add_mail_services(n.mail, n.store);
    w.dns().add_mx("example.test", 10, "mail.example.test");
    w.dns().add_mx("example.test", 20, "backup.example.test");
    return n;
}

inline std::string test_message(std::size_t body_bytes) {
    std::string m =
        "From: alice@example.test\r\nTo: bob@example.test\r\nSubject: hello\r\n"
        "Message-ID: <1@laptop.example.test>\r\n\r\n";
    std::size_t line = 0;
    while (m.size() < body_bytes) {
        m += "line " + std::to_string(line++) + " of a long message body, to be cut into segments\r\n";
    }
    return m;
}

inline smtp::ClientConfig submission_config(std::string message, Security security = Security::starttls) {
    smtp::ClientConfig c;
    c.helo_name = "laptop.example.test";
    c.security = security;
    c.credentials = SaslCredentials{"", "alice@example.test", "secret"};
    c.reverse_path = "alice@example.test";
    c.recipients = {"bob@example.test"};
    c.message = std::move(message);
    return c;
}

// Port 25 relay to a local recipient: no TLS, no AUTH (RFC 5321 §2.3.10 MX-to-MX style).
inline smtp::ClientConfig relay_config(std::string message) {
    smtp::ClientConfig c = submission_config(std::move(message), Security::none);
    c.credentials.reset();
    return c;
}

inline ConnectRequest smtp_request(const TestNet& n, std::uint16_t port, smtp::ClientConfig config,
                                   bool implicit_tls = false) {
    ConnectRequest r;
    r.from = n.laptop;
    r.to = n.mail;
    r.port = port;
    r.client = smtp::Client(std::move(config));
    r.implicit_tls = implicit_tls;
    return r;
}

// Runs until the connection is finished (or nothing is left); the finished record or null.
inline const FinishedClient* run_to_finish(World& w, ConnId id, std::size_t max_steps = 200'000) {
    w.run_until([id](const World& world) { return world.finished(id) != nullptr; }, max_steps);
    return w.finished(id);
}

inline std::size_t count_kind(const World& w, ConnId id, TraceKind kind) {
    std::size_t n = 0;
    for (const auto& e : w.trace()) n += (e.conn == id && e.kind == kind) ? 1 : 0;
    return n;
}

inline const TraceEntry* find_summary(const World& w, std::string_view text, TraceKind kind) {
    for (const auto& e : w.trace()) {
        if (e.kind == kind && e.summary.find(text) != std::string::npos) return &e;
    }
    return nullptr;
}

}  // namespace postlab::sim::test
