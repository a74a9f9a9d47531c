// Devices and their mail apps in the simulated world: the POP3 two-device story (RFC 1939 §6
// DELE + QUIT, leave-on-server with UIDL §7), IMAP sync between two devices with IDLE push
// (RFC 2177) and by interval (RFC 4549), and offline / crash behaviour.
#include <catch2/catch.hpp>

#include "device_fixture.hpp"

using namespace postlab;
using namespace postlab::sim;
using namespace postlab::sim::test;

namespace {

void bob_sends(World& w, std::string subject) {
    REQUIRE(w.apply(SendMail{"bob", {"alice@example.test"}, {}, std::move(subject), "hi", false, 0, {}}).empty());
    settle(w);
}

bool has_flag(const DeviceMessage& m, std::string_view flag) {
    return std::find(m.flags.begin(), m.flags.end(), flag) != m.flags.end();
}

}  // namespace

TEST_CASE("POP3 on two devices: without leave-on-server the laptop takes the message away") {
    World w = two_domains(11);
    w.add_device(pop3_device("laptop"));
    w.add_device(pop3_device("phone"));
    w.add_device(bob_device());
    bob_sends(w, "Lunch on Friday?");
    CHECK(server_count(w, "example.test", "alice@example.test") == 1);
    CHECK(w.device("bob")->outbox_count == 0);

    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(device_count(w, "laptop") == 1);
    CHECK(w.device("laptop")->folder("INBOX")->messages[0].subject == "Lunch on Friday?");
    CHECK(server_count(w, "example.test", "alice@example.test") == 0);

    REQUIRE(w.apply(CheckMail{"phone"}).empty());
    settle(w);
    CHECK(device_count(w, "phone") == 0);
    CHECK(w.device("phone")->last_error.empty());
}

TEST_CASE("POP3 on two devices: with leave-on-server both devices get the message") {
    World w = two_domains(12);
    w.add_device(pop3_device("laptop", true));
    w.add_device(pop3_device("phone", true));
    w.add_device(bob_device());
    bob_sends(w, "Slides");
    for (const char* id : {"laptop", "phone", "laptop"}) {
        REQUIRE(w.apply(CheckMail{id}).empty());
        settle(w);
    }
    CHECK(device_count(w, "laptop") == 1);  // the second check does not download it again
    CHECK(device_count(w, "phone") == 1);
    CHECK(server_count(w, "example.test", "alice@example.test") == 1);
    // POP3 changes stay on the device: reading and deleting there does not reach the server.
    REQUIRE(w.apply(ReadMessage{{"laptop", "INBOX", 1, ""}}).empty());
    CHECK(has_flag(w.device("laptop")->folder("INBOX")->messages[0], "\\Seen"));
    REQUIRE(w.apply(DeleteMessage{{"laptop", "INBOX", std::nullopt, "Slides"}}).empty());
    CHECK(device_count(w, "laptop") == 0);
    const Account* alice = w.store(*w.store_for_domain("example.test")).account("alice@example.test");
    CHECK(alice->folder("INBOX")->messages.size() == 1);
    CHECK_FALSE(alice->folder("INBOX")->messages[0].has_flag("\\Seen"));
}

TEST_CASE("a crashed POP3 device loses what it downloaded; the server cannot give it back") {
    World w = two_domains(13);
    w.add_device(pop3_device("laptop"));
    w.add_device(bob_device());
    bob_sends(w, "Only copy");
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(device_count(w, "laptop") == 1);
    REQUIRE(w.apply(CrashDevice{"laptop"}).empty());
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(device_count(w, "laptop") == 0);
    CHECK(server_count(w, "example.test", "alice@example.test") == 0);
}

TEST_CASE("IMAP on two devices: flag and move on the laptop reach the phone by IDLE push") {
    World w = two_domains(21);
    w.add_device(imap_device("laptop", true));
    w.add_device(imap_device("phone", true));
    w.add_device(bob_device());
    for (const char* id : {"laptop", "phone"}) REQUIRE(w.apply(CheckMail{id}).empty());
    settle(w);
    CHECK(w.device("phone")->connected);  // in IDLE
    bob_sends(w, "Agenda");
    CHECK(device_count(w, "laptop") == 1);
    CHECK(device_count(w, "phone") == 1);

    REQUIRE(w.apply(FlagMessage{{"laptop", "INBOX", 1, ""}, true}).empty());
    // The laptop shows the flag at once (queued action over the cache).
    CHECK(has_flag(w.device("laptop")->folder("INBOX")->messages[0], "\\Flagged"));
    settle(w);
    CHECK(has_flag(w.device("phone")->folder("INBOX")->messages[0], "\\Flagged"));

    REQUIRE(w.apply(CreateFolder{"laptop", "Archive"}).empty());
    settle(w);
    REQUIRE(w.apply(MoveMessage{{"laptop", "INBOX", std::nullopt, "Agenda"}, "Archive"}).empty());
    settle(w);
    CHECK(device_count(w, "laptop") == 0);
    CHECK(device_count(w, "laptop", "Archive") == 1);
    CHECK(server_count(w, "example.test", "alice@example.test", "Archive") == 1);
    CHECK(device_count(w, "phone") == 0);  // IDLE told the phone about the EXPUNGE
    // The phone learns of the new folder at its next full sync.
    REQUIRE(w.apply(GoOffline{"phone"}).empty());
    REQUIRE(w.apply(GoOnline{"phone"}).empty());
    settle(w);
    CHECK(device_count(w, "phone", "Archive") == 1);
    CHECK(w.device("phone")->last_error.empty());
}

TEST_CASE("IMAP on two devices: changes reach a phone that checks every 5 minutes") {
    World w = two_domains(22);
    w.add_device(imap_device("laptop", true));
    w.add_device(imap_device("phone", false, 5));
    w.add_device(bob_device());
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    bob_sends(w, "Report");
    CHECK(device_count(w, "laptop") == 1);
    CHECK(device_count(w, "phone") == 0);
    w.run_until_time(w.now_us() + 6 * 60'000'000LL);
    settle(w);
    CHECK(device_count(w, "phone") == 1);
    CHECK_FALSE(w.device("phone")->connected);  // no push: it logged out after the sync
    REQUIRE(w.apply(FlagMessage{{"laptop", "INBOX", 1, ""}, true}).empty());
    settle(w);
    CHECK_FALSE(has_flag(w.device("phone")->folder("INBOX")->messages[0], "\\Flagged"));
    w.run_until_time(w.now_us() + 5 * 60'000'000LL);
    settle(w);
    CHECK(has_flag(w.device("phone")->folder("INBOX")->messages[0], "\\Flagged"));
}

TEST_CASE("IMAP offline: actions wait in the queue and are replayed when back online") {
    World w = two_domains(23);
    w.add_device(imap_device("laptop", true));
    w.add_device(bob_device());
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    bob_sends(w, "Later");
    REQUIRE(device_count(w, "laptop") == 1);
    REQUIRE(w.apply(GoOffline{"laptop"}).empty());
    settle(w);
    CHECK_FALSE(w.device("laptop")->online);
    CHECK_FALSE(w.apply(CheckMail{"laptop"}).empty());  // offline: refused with the reason
    REQUIRE(w.apply(ReadMessage{{"laptop", "INBOX", 1, ""}}).empty());
    settle(w);
    CHECK(w.device("laptop")->pending_actions == 1);
    CHECK(has_flag(w.device("laptop")->folder("INBOX")->messages[0], "\\Seen"));
    const Account* alice = w.store(*w.store_for_domain("example.test")).account("alice@example.test");
    CHECK_FALSE(alice->folder("INBOX")->messages[0].has_flag("\\Seen"));
    REQUIRE(w.apply(GoOnline{"laptop"}).empty());
    settle(w);
    alice = w.store(*w.store_for_domain("example.test")).account("alice@example.test");
    CHECK(alice->folder("INBOX")->messages[0].has_flag("\\Seen"));
    CHECK(w.device("laptop")->pending_actions == 0);
}

TEST_CASE("a crashed IMAP device refetches everything from the server") {
    World w = two_domains(24);
    w.add_device(imap_device("laptop", false));
    w.add_device(bob_device());
    bob_sends(w, "One");
    bob_sends(w, "Two");
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(device_count(w, "laptop") == 2);
    REQUIRE(w.apply(CrashDevice{"laptop"}).empty());
    CHECK(device_count(w, "laptop") == 0);
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(device_count(w, "laptop") == 2);
}

TEST_CASE("a wrong password shows as a visible error, and unknown devices are refused") {
    World w = two_domains(25);
    w.add_device(imap_device("laptop", false));
    REQUIRE(w.apply(SetPassword{"laptop", "typo"}).empty());
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK_FALSE(w.device("laptop")->last_error.empty());
    CHECK(w.apply(CheckMail{"nosuch"}) == "unknown device 'nosuch'");
    CHECK_FALSE(w.apply(ChangeSetting{"laptop", "incoming.port", "huge"}).empty());
    CHECK_FALSE(w.apply(ChangeSetting{"laptop", "incoming.colour", "red"}).empty());
    REQUIRE(w.apply(ChangeSetting{"laptop", "password", "secret"}).empty());
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(w.device("laptop")->last_error.empty());
}

TEST_CASE("hosts and links carry the lesson format's names") {
    World w = two_domains(26);
    w.add_device(imap_device("laptop", false));
    const auto v = w.device("laptop");
    REQUIRE(v);
    CHECK(w.network().host(v->host).name == "laptop");
    REQUIRE(w.find_link("laptop-isp"));
    CHECK(*w.find_link("laptop-isp") == v->link);
    CHECK(w.find_link("isp-mail.example.test"));
    CHECK(w.find_link("isp-mail.remote.test"));
    CHECK_FALSE(w.find_link("laptop-mail.example.test"));
    CHECK(w.network().find_host("mail.example.test"));
    CHECK(w.dns().lookup_mx("remote.test").at(0).exchange == "mail.remote.test");
    CHECK(w.store_for_domain("remote.test") != w.store_for_domain("example.test"));
    CHECK_FALSE(w.store_for_domain("nowhere.test"));
    CHECK(w.mta("nowhere.test").domain.empty());
    CHECK(w.devices().size() == 1);
    CHECK_FALSE(w.device("nosuch"));
}

TEST_CASE("a link fault on the device's access link makes the check time out") {
    World w = two_domains(27);
    w.add_device(imap_device("laptop", false));
    w.apply(Fault{SetLinkUp{*w.find_link("laptop-isp"), false}});
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(w.device("laptop")->last_error.find("timed out") != std::string::npos);
    CHECK_FALSE(w.device("laptop")->connected);
}

TEST_CASE("switching a device from POP3 to IMAP in its settings shows the server's folders") {
    World w = two_domains(28);
    w.add_device(pop3_device("laptop", true));
    w.add_device(bob_device());
    bob_sends(w, "Switch");
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(w.device("laptop")->folder("INBOX")->messages.at(0).key.starts_with("uidl:"));
    REQUIRE(w.apply(ChangeSetting{"laptop", "incoming.protocol", "imap"}).empty());
    REQUIRE(w.apply(ChangeSetting{"laptop", "incoming.port", "993"}).empty());
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    const auto v = w.device("laptop");
    CHECK(v->incoming.protocol == IncomingProtocol::imap);
    REQUIRE(v->folder("INBOX"));
    REQUIRE(v->folder("INBOX")->messages.size() == 1);
    CHECK(v->folder("INBOX")->messages[0].key == "uid:1");
    CHECK(v->folder("Sent"));
    CHECK(v->folder("Trash"));
}

TEST_CASE("the same actions on the same seed give the same trace") {
    auto run = [] {
        World w = two_domains(29);
        w.add_device(imap_device("laptop", true, 5));
        w.add_device(pop3_device("phone"));
        w.add_device(bob_device());
        w.apply(CheckMail{"laptop"});
        w.apply(SendMail{"bob", {"alice@example.test"}, {"nobody@remote.test"}, "Both", "", true, 4000, "a.pdf"});
        settle(w);
        w.apply(CheckMail{"phone"});
        w.run_until_time(w.now_us() + 11 * 60'000'000LL);
        return w.trace_text();
    };
    const std::string first = run();
    CHECK(first == run());
    CHECK(first.find("bob: nobody@remote.test rejected: 550") != std::string::npos);  // local: no bounce
}

TEST_CASE("a push device whose server went down reconnects by itself once it is back") {
    World w = two_domains(30);
    w.add_device(imap_device("phone", true));
    w.add_device(bob_device());
    REQUIRE(w.apply(CheckMail{"phone"}).empty());
    settle(w);
    REQUIRE(w.device("phone")->connected);
    const HostId mail = *w.network().find_host("mail.example.test");
    w.apply(Fault{SetHostUp{mail, false}});
    // Queued at remote.test while example.test is unreachable (settling would wait for the bounce).
    REQUIRE(w.apply(SendMail{"bob", {"alice@example.test"}, {}, "While you were out", "", false, 0, {}}).empty());
    w.run_until_time(w.now_us() + 40 * 60'000'000LL);  // the phone's TCP gives up on the dead server
    CHECK_FALSE(w.device("phone")->connected);
    CHECK_FALSE(w.device("phone")->last_error.empty());
    CHECK(device_count(w, "phone") == 0);
    w.apply(Fault{SetHostUp{mail, true}});
    w.run_until_time(w.now_us() + 2 * 60'000'000LL);  // the phone reconnects within a minute
    CHECK(w.device("phone")->connected);
    CHECK(w.device("phone")->last_error.empty());
    CHECK(device_count(w, "phone") == 0);
    CHECK(w.mta("remote.test").queue.size() == 1);
    settle(w);  // the MTA's next retry; IDLE pushes the message
    CHECK(w.device("phone")->connected);
    CHECK(device_count(w, "phone") == 1);
    CHECK(w.mta("remote.test").relayed == 1);
}

TEST_CASE("a device looks its server up in DNS first and reuses the answer for its TTL") {
    World w = two_domains(31);
    w.add_device(pop3_device("laptop", true));
    auto lookups = [&] {
        std::size_t queries = 0, answers = 0;
        for (const auto& e : w.trace()) {
            if (e.kind == TraceKind::dns_query && w.network().host(e.from).name == "laptop") ++queries;
            if (e.to.valid() && w.network().host(e.to).name == "laptop" && e.kind == TraceKind::dns_response) ++answers;
        }
        return std::pair{queries, answers};
    };
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(lookups() == std::pair<std::size_t, std::size_t>{1, 1});
    // The query comes before the connection (RFC 1035 §4.1), answered with the server's A record.
    std::optional<std::size_t> query_at, connect_at;
    for (const auto& e : w.trace()) {
        if (e.kind == TraceKind::dns_query && w.network().host(e.from).name == "laptop" && !query_at) query_at = e.index;
        if (e.kind == TraceKind::tcp_syn && w.network().host(e.from).name == "laptop" && !connect_at) connect_at = e.index;
        if (e.kind == TraceKind::dns_response && e.to.valid() && w.network().host(e.to).name == "laptop") {
            CHECK(e.summary == "A mail.example.test? -> 203.0.113.10");
        }
    }
    REQUIRE(query_at);
    REQUIRE(connect_at);
    CHECK(*query_at < *connect_at);
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(lookups().first == 1);  // within the TTL: from the resolver's cache
    w.apply(ClockTick{w.now_us() + Dns::ttl_us});
    w.run();
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(lookups().first == 2);  // the TTL ran out: asked again
    CHECK(w.device("laptop")->last_error.empty());
}

TEST_CASE("a mistyped server name fails in DNS with a clear error and no connection") {
    World w = two_domains(32);
    w.add_device(pop3_device("laptop"));
    REQUIRE(w.apply(ChangeSetting{"laptop", "incoming.host", "mail.exmaple.test"}).empty());
    const std::size_t conns = w.connections().size();
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(w.device("laptop")->last_error == "cannot resolve host 'mail.exmaple.test' (DNS: no such name)");
    CHECK(w.connections().size() == conns);
    bool nxdomain = false;
    for (const auto& e : w.trace()) nxdomain |= e.kind == TraceKind::dns_response && e.explain_key == "dns.response.none";
    CHECK(nxdomain);
    // Fixing the setting makes the next check work.
    REQUIRE(w.apply(ChangeSetting{"laptop", "incoming.host", "mail.example.test"}).empty());
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(w.device("laptop")->last_error.empty());
}
