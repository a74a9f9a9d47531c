// Scheduler ordering, RNG reproducibility, routing, DNS answers, the conversation splitter and
// the explanation table (sim/scheduler.hpp, rng.hpp, network.hpp, dns.hpp, conversation.hpp).
#include <catch2/catch.hpp>

#include "sim/dns.hpp"
#include "sim/explain.hpp"
#include "sim/network.hpp"
#include "sim/rng.hpp"
#include "sim/scheduler.hpp"
#include "sim/tls.hpp"

using namespace postlab;
using namespace postlab::sim;

TEST_CASE("scheduler orders by time, then by scheduling order on ties") {
    Scheduler s;
    s.schedule(300, CallEvent{1, {}, {}, 0});
    s.schedule(100, CallEvent{2, {}, {}, 0});
    s.schedule(300, CallEvent{3, {}, {}, 0});
    s.schedule(100, CallEvent{4, {}, {}, 0});
    s.schedule(200, CallEvent{5, {}, {}, 0});
    Scheduler copy = s;  // a copy pops the same order independently
    std::vector<std::uint32_t> order;
    std::vector<TimeUs> times;
    while (auto e = s.pop()) {
        order.push_back(std::get<CallEvent>(e->event).kind);
        times.push_back(e->time_us);
    }
    CHECK(order == std::vector<std::uint32_t>{2, 4, 5, 1, 3});
    CHECK(times == std::vector<TimeUs>{100, 100, 200, 300, 300});
    REQUIRE(copy.size() == 5);
    CHECK(std::get<CallEvent>(copy.pop()->event).kind == 2);
}

TEST_CASE("rng is reproducible per seed and differs across seeds") {
    Rng a(42), b(42), c(43);
    std::vector<std::uint64_t> xa, xb, xc;
    for (int i = 0; i < 16; ++i) {
        xa.push_back(a.next_u64());
        xb.push_back(b.next_u64());
        xc.push_back(c.next_u64());
    }
    CHECK(xa == xb);
    CHECK(xa != xc);
    Rng copy = a;
    CHECK(copy.next_u64() == a.next_u64());
    Rng r(7);
    int hits = 0;
    for (int i = 0; i < 10'000; ++i) {
        const auto v = r.uniform(10, 20);
        REQUIRE(v >= 10);
        REQUIRE(v <= 20);
        hits += r.chance(0.25) ? 1 : 0;
    }
    CHECK(hits > 2'200);
    CHECK(hits < 2'800);
    CHECK_FALSE(r.chance(0.0));
    CHECK(r.chance(1.0));
}

TEST_CASE("routing takes the fewest hops with a deterministic tie-break and avoids links that are down") {
    Network n;
    const HostId a = n.add_host("a", "10.0.0.1", HostKind::device);
    const HostId r1 = n.add_host("r1", "10.0.0.2", HostKind::router);
    const HostId r2 = n.add_host("r2", "10.0.0.3", HostKind::router);
    const HostId r3 = n.add_host("r3", "10.0.0.4", HostKind::router);
    const HostId b = n.add_host("b", "10.0.0.5", HostKind::server);
    n.add_link(a, r1, 1000);            // link 0
    n.add_link(r1, b, 1000);            // link 1: a-r1-b, two hops
    n.add_link(a, r2, 1000);            // link 2
    const LinkId r2b = n.add_link(r2, b, 1000);  // link 3: a-r2-b, also two hops
    n.add_link(a, r3, 1);               // link 4
    n.add_link(r3, r2, 1);              // link 5: three hops, faster but longer
    auto p = n.path(a, b);
    REQUIRE(p);
    REQUIRE(p->size() == 2);
    CHECK((*p)[0].to == r1);  // the lower link id wins the tie
    CHECK((*p)[1].to == b);
    n.link(LinkId{1}).up = false;
    p = n.path(a, b);
    REQUIRE(p);
    REQUIRE(p->size() == 2);
    CHECK((*p)[0].to == r2);
    n.link(LinkId{2}).up = false;
    p = n.path(a, b);
    REQUIRE(p);
    CHECK(p->size() == 3);  // a-r3-r2-b
    n.link(r2b).up = false;
    CHECK_FALSE(n.path(a, b));
    CHECK(n.path(a, a)->empty());
    CHECK(format_ipv4(parse_ipv4("203.0.113.25")) == "203.0.113.25");
    CHECK(parse_ipv4("1.2.3") == 0);
    CHECK(parse_ipv4("1.2.3.256") == 0);
}

TEST_CASE("link bandwidth adds serialization delay and queues back-to-back packets") {
    Network n;
    const HostId a = n.add_host("a", "10.0.0.1", HostKind::device);
    const HostId b = n.add_host("b", "10.0.0.2", HostKind::server);
    n.add_link(a, b, 10'000, 8'000'000);  // 8 Mbit/s: 1 byte per microsecond
    const auto p = *n.path(a, b);
    CHECK(n.transmit(p, 1000, 0) == 1000 + 10'000);
    CHECK(n.transmit(p, 1000, 0) == 2000 + 10'000);  // waits for the first to leave
    CHECK(n.delay_us(p, 500) == 10'500);
}

TEST_CASE("DNS answers MX by preference and summarizes the lookup") {
    Dns dns;
    dns.add_mx("example.test", 20, "backup.example.test");
    dns.add_mx("example.test", 10, "mail.example.test");
    dns.add_a("mail.example.test", parse_ipv4("203.0.113.25"));
    const auto mx = dns.answer(DnsType::mx, "EXAMPLE.test");
    REQUIRE(mx.found);
    REQUIRE(mx.mx.size() == 2);
    CHECK(mx.mx[0].exchange == "mail.example.test");
    CHECK(mx.summary == "MX EXAMPLE.test? -> 10 mail.example.test, 20 backup.example.test");
    CHECK(dns.answer(DnsType::a, "mail.example.test").summary == "A mail.example.test? -> 203.0.113.25");
    CHECK_FALSE(dns.answer(DnsType::mx, "nowhere.test").found);
}

TEST_CASE("certificate names match exactly or by a left-most wildcard") {
    CHECK(check_certificate("mail.example.test", "MAIL.example.test").ok);
    CHECK(check_certificate("*.example.test", "mail.example.test").ok);
    CHECK_FALSE(check_certificate("*.example.test", "a.b.example.test").ok);
    const auto bad = check_certificate("mail.other.test", "mail.example.test");
    CHECK_FALSE(bad.ok);
    CHECK(bad.reason == "certificate is for mail.other.test, not mail.example.test");
}

TEST_CASE("explanations cover the common keys with an RFC source") {
    for (const char* key : {"tcp.syn", "tcp.rst", "tls.client_hello", "smtp.command.EHLO", "smtp.command.STARTTLS",
                            "smtp.reply.530", "pop3.command.DELE", "pop3.command.STLS", "imap.command.SELECT",
                            "imap.command.UID_FETCH", "dns.query.mx"}) {
        INFO(key);
        const auto e = explain(key);
        REQUIRE(e);
        CHECK(e->source.starts_with("RFC "));
        CHECK_FALSE(e->meaning.empty());
    }
    CHECK(explain("smtp.reply.599")->meaning.starts_with("Permanent"));
    CHECK(explain("imap.untagged.EXISTS"));
    CHECK_FALSE(explain("no.such.key"));
}

TEST_CASE("shared explanation keys cite every protocol that uses them") {
    // message_retrieved comes from POP3 (RETR) and IMAP (FETCH) clients.
    const auto retrieved = explain("event.message_retrieved");
    REQUIRE(retrieved);
    CHECK(retrieved->meaning.find("POP3") != std::string::npos);
    CHECK(retrieved->meaning.find("IMAP") != std::string::npos);
    CHECK(retrieved->source.find("RFC 1939 §5") != std::string::npos);
    CHECK(retrieved->source.find("RFC 9051 §6.4.5") != std::string::npos);
    // Logins happen in SMTP, POP3 and IMAP sessions.
    for (const char* key : {"event.auth_succeeded", "event.auth_failed"}) {
        INFO(key);
        const auto e = explain(key);
        REQUIRE(e);
        CHECK(e->source.find("RFC 4954") != std::string::npos);
        CHECK(e->source.find("RFC 1939") != std::string::npos);
        CHECK(e->source.find("RFC 9051 §6.2") != std::string::npos);
    }
    // One key for A and MX answers (sim/world.cpp on_dns_reply).
    const auto answer = explain("dns.response");
    REQUIRE(answer);
    CHECK(answer->meaning.find("A record") != std::string::npos);
    CHECK(answer->meaning.find("MX") != std::string::npos);
    CHECK(answer->source.find("RFC 1035 §3.4.1") != std::string::npos);
    CHECK(answer->source.find("RFC 5321 §5.1") != std::string::npos);
}
