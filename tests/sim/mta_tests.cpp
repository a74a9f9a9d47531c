// Sending from devices and relaying between domains: submission on 587 with STARTTLS + AUTH
// (RFC 6409 §3.1, RFC 3207, RFC 4954), the ISP's port-25 block (RFC 5068 §3), AUTH refused
// without TLS (RFC 4954 §4), relay by MX (RFC 5321 §5.1), bounces on 5xx (RFC 3464, simplified)
// and retries on 4xx (RFC 5321 §4.5.4.1, with the simulator's shortened intervals).
#include <catch2/catch.hpp>

#include "device_fixture.hpp"

using namespace postlab;
using namespace postlab::sim;
using namespace postlab::sim::test;

namespace {

SendMail mail(std::string device, std::string to, std::string subject) {
    return SendMail{std::move(device), {std::move(to)}, {}, std::move(subject), "body text", false, 0, {}};
}

bool trace_has(const World& w, std::string_view text) {
    for (const auto& e : w.trace()) {
        if (e.summary.find(text) != std::string::npos) return true;
    }
    return false;
}

DeviceSpec alice_sender(std::uint16_t port, Security security) {
    DeviceSpec d = pop3_device("laptop");
    d.outgoing = OutgoingSettings{"mail.example.test", port, security, true};
    return d;
}

}  // namespace

TEST_CASE("587 with STARTTLS and AUTH submits; the message carries Date and Message-ID") {
    World w = two_domains(31);
    w.add_device(alice_sender(587, Security::starttls));
    REQUIRE(w.apply(mail("laptop", "carol@example.test", "Hello Carol")).empty());
    CHECK(w.device("laptop")->outbox_count == 1);  // queued until the server said 250
    settle(w);
    CHECK(w.device("laptop")->outbox_count == 0);
    CHECK(w.device("laptop")->last_error.empty());
    REQUIRE(server_count(w, "example.test", "carol@example.test") == 1);
    const std::string& data =
        w.store(*w.store_for_domain("example.test")).account("carol@example.test")->folder("INBOX")->messages[0].data;
    CHECK(data.find("\r\nDate: Thu, ") != std::string::npos);
    CHECK(data.find(" Jan 2026 00:00:00 +0000\r\n") != std::string::npos);
    CHECK(data.find("Message-ID: <laptop.1.") != std::string::npos);
    CHECK(data.find("Subject: Hello Carol\r\n") != std::string::npos);
    CHECK(trace_has(w, "C: STARTTLS"));
}

TEST_CASE("port 25 from a device behind the ISP block times out and stays in the outbox") {
    NetworkSpec net;
    net.isp_blocks_port_25 = true;
    World w = two_domains(32, net);
    w.add_device(alice_sender(25, Security::none));
    REQUIRE(w.apply(mail("laptop", "bob@remote.test", "Blocked")).empty());
    settle(w);
    const auto v = w.device("laptop");
    CHECK(v->outbox_count == 1);
    CHECK(v->last_error.find("timed out") != std::string::npos);
    CHECK(v->last_error.find("port 25 blocked by the ISP?") != std::string::npos);
    CHECK(server_count(w, "remote.test", "bob@remote.test") == 0);
    // The fix from the lesson: port 587; the next send/receive empties the outbox.
    REQUIRE(w.apply(ChangeSetting{"laptop", "outgoing.port", "587"}).empty());
    REQUIRE(w.apply(ChangeSetting{"laptop", "outgoing.security", "starttls"}).empty());
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(w.device("laptop")->outbox_count == 0);
    CHECK(server_count(w, "remote.test", "bob@remote.test") == 1);
}

TEST_CASE("587 without TLS against a server that wants TLS before AUTH fails visibly") {
    World w = two_domains(33);
    w.add_device(alice_sender(587, Security::none));
    REQUIRE(w.apply(mail("laptop", "carol@example.test", "No TLS")).empty());
    settle(w);
    const auto v = w.device("laptop");
    CHECK(v->outbox_count == 1);
    CHECK_FALSE(v->last_error.empty());
    REQUIRE(v->outbox.size() == 1);
    CHECK(v->outbox[0].subject == "No TLS");
    CHECK(server_count(w, "example.test", "carol@example.test") == 0);
}

TEST_CASE("relay between two domains goes through an MX lookup") {
    World w = two_domains(34);
    w.add_device(alice_sender(587, Security::starttls));
    REQUIRE(w.apply(mail("laptop", "bob@remote.test", "Across")).empty());
    settle(w);
    CHECK(server_count(w, "remote.test", "bob@remote.test") == 1);
    CHECK(w.mta("example.test").relayed == 1);
    CHECK(w.mta("example.test").queue.empty());
    CHECK(trace_has(w, "MX remote.test?"));
    CHECK(trace_has(w, "relayed <laptop.1."));
}

TEST_CASE("a 5xx from the remote server bounces into the sender's INBOX") {
    World w = two_domains(35);
    w.add_device(alice_sender(587, Security::starttls));
    REQUIRE(w.apply(mail("laptop", "nobody@remote.test", "To nobody")).empty());
    settle(w);
    CHECK(w.device("laptop")->outbox_count == 0);  // the submission server accepted it
    const MtaView m = w.mta("example.test");
    CHECK(m.bounces_sent == 1);
    CHECK(m.queue.empty());
    REQUIRE(server_count(w, "example.test", "alice@example.test") == 1);
    const std::string& bounce =
        w.store(*w.store_for_domain("example.test")).account("alice@example.test")->folder("INBOX")->messages[0].data;
    CHECK(bounce.find("Content-Type: multipart/report; report-type=delivery-status") != std::string::npos);
    CHECK(bounce.find("Final-Recipient: rfc822; nobody@remote.test") != std::string::npos);
    CHECK(bounce.find("Diagnostic-Code: smtp; 550") != std::string::npos);
    // POP3 shows it on the device like any other message.
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    REQUIRE(device_count(w, "laptop") == 1);
    CHECK(w.device("laptop")->folder("INBOX")->messages[0].subject == "Undelivered Mail Returned to Sender");
}

TEST_CASE("a 4xx is retried later and then delivered") {
    World w = two_domains(36);
    w.add_device(alice_sender(587, Security::starttls));
    const HostId remote = *w.network().find_host("mail.remote.test");
    // A relay that answers every RCPT with 452 (RFC 5321 §4.5.3.1.10: recipient buffer full).
    smtp::ServerConfig busy;
    busy.hostname = "mail.remote.test";
    busy.recipients_max = 0;
    w.add_listener({remote, 25, AnySession{smtp::Server(busy)}, w.store_for_domain("remote.test"), false});
    REQUIRE(w.apply(mail("laptop", "bob@remote.test", "Try again")).empty());
    w.run_until([](const World& world) {
        const auto q = world.mta("example.test").queue;
        return !q.empty() && q[0].attempts == 1 && q[0].stage == MtaStage::waiting;
    });
    MtaView m = w.mta("example.test");
    REQUIRE(m.queue.size() == 1);
    CHECK(m.queue[0].last_reply.starts_with("452"));
    CHECK(m.queue[0].next_try_us == w.now_us() + 60'000'000);
    CHECK_FALSE(w.quiescent());
    CHECK(server_count(w, "remote.test", "bob@remote.test") == 0);
    w.add_mail_service(remote, *w.store_for_domain("remote.test"), ServiceId::smtp);  // the relay recovers
    settle(w);
    CHECK(server_count(w, "remote.test", "bob@remote.test") == 1);
    m = w.mta("example.test");
    CHECK(m.queue.empty());
    CHECK(m.relayed == 1);
    CHECK(m.bounces_sent == 0);
    CHECK(trace_has(w, "retry in 1 min"));
}

TEST_CASE("a server that stays down makes the MTA give up and bounce") {
    World w = two_domains(37);
    w.add_device(alice_sender(587, Security::starttls));
    const HostId remote = *w.network().find_host("mail.remote.test");
    w.apply(Fault{SetServicesUp{remote, false}});
    REQUIRE(w.apply(mail("laptop", "bob@remote.test", "Nobody home")).empty());
    settle(w, 2'000'000);
    const MtaView m = w.mta("example.test");
    CHECK(m.queue.empty());
    CHECK(m.bounces_sent == 1);
    CHECK(w.now_us() - lesson_start_us >= mta_give_up_us);
    CHECK(server_count(w, "example.test", "alice@example.test") == 1);
    CHECK(trace_has(w, "gave up after"));
    // No SMTP reply ever came (the server refused the connection): no "smtp" diagnostic.
    const std::string& dsn =
        w.store(*w.store_for_domain("example.test")).account("alice@example.test")->folder("INBOX")->messages[0].data;
    CHECK(dsn.find("\r\nStatus: 4.4.7\r\n") != std::string::npos);
    CHECK(dsn.find("\r\nDiagnostic-Code: X-PostLab; gave up after ") != std::string::npos);
}

TEST_CASE("a local delivery that fails after the 250 (over quota) bounces to a local sender") {
    World w = two_domains(38);
    DeviceSpec carol = alice_sender(587, Security::starttls);
    carol.id = "carol";
    carol.owner = "carol@example.test";
    carol.password = "pw";
    w.add_device(carol);
    const std::size_t store = *w.store_for_domain("example.test");
    w.store(store).account("alice@example.test")->quota_bytes = 10;  // the over_quota fault
    REQUIRE(w.apply(mail("carol", "alice@example.test", "Too big for you")).empty());
    settle(w);
    CHECK(w.device("carol")->outbox_count == 0);  // the server said 250
    CHECK(server_count(w, "example.test", "alice@example.test") == 0);
    REQUIRE(server_count(w, "example.test", "carol@example.test") == 1);
    const std::string& bounce = w.store(store).account("carol@example.test")->folder("INBOX")->messages[0].data;
    CHECK(bounce.find("Diagnostic-Code: smtp; 552 5.2.2") != std::string::npos);
    CHECK(bounce.find("\r\nStatus: 5.2.2\r\n") != std::string::npos);  // RFC 3464 §2.3.4
    CHECK(bounce.find("Your message <carol.1.") != std::string::npos);
    CHECK(w.mta("example.test").bounces_sent == 1);
}

TEST_CASE("POP3 leave-on-server with remove-after-days deletes on the server days later") {
    World w = two_domains(39);
    DeviceSpec laptop = pop3_device("laptop", true);
    laptop.incoming->remove_after_days = 2;
    w.add_device(laptop);
    w.add_device(bob_device());
    REQUIRE(w.apply(mail("bob", "alice@example.test", "Keep for a while")).empty());
    settle(w);
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(device_count(w, "laptop") == 1);
    CHECK(server_count(w, "example.test", "alice@example.test") == 1);
    w.run_until_time(w.now_us() + 24 * 3600'000'000LL);
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(server_count(w, "example.test", "alice@example.test") == 1);  // one day: still there
    w.run_until_time(w.now_us() + 25 * 3600'000'000LL);
    REQUIRE(w.apply(CheckMail{"laptop"}).empty());
    settle(w);
    CHECK(server_count(w, "example.test", "alice@example.test") == 0);
    CHECK(device_count(w, "laptop") == 1);
}

TEST_CASE("a bounce for a remote sender is relayed back with the null reverse-path") {
    World w = two_domains(40);
    w.add_device(bob_device());
    const std::size_t store = *w.store_for_domain("example.test");
    w.store(store).account("alice@example.test")->quota_bytes = 10;
    REQUIRE(w.apply(mail("bob", "alice@example.test", "Hello Alice")).empty());
    settle(w);
    CHECK(w.mta("remote.test").relayed == 1);   // bob's message reached example.test
    CHECK(w.mta("example.test").relayed == 1);  // and the bounce came back
    CHECK(w.mta("example.test").bounces_sent == 1);
    REQUIRE(server_count(w, "remote.test", "bob@remote.test") == 1);
    const std::string& dsn =
        w.store(*w.store_for_domain("remote.test")).account("bob@remote.test")->folder("INBOX")->messages[0].data;
    CHECK(dsn.find("Final-Recipient: rfc822; alice@example.test") != std::string::npos);
    CHECK(dsn.find("\r\nStatus: 5.2.2\r\n") != std::string::npos);
    CHECK(dsn.starts_with("Received: "));  // it went through mail.remote.test's port 25
    CHECK(trace_has(w, "MAIL FROM:<>"));
}

TEST_CASE("a bounce's Status and Diagnostic-Code follow the failure's SMTP reply") {
    MtaItem item;
    item.id = 7;
    item.reverse_path = "carol@example.test";
    item.recipient = "alice@remote.test";
    item.message_id = "<m1@example.test>";
    // The value of one per-recipient field of the bounce for `reason`.
    const auto field_of = [&](std::string_view field, std::string_view reason, bool permanent) {
        const std::string dsn = make_bounce(item, "mail.example.test", reason, lesson_start_us, permanent);
        const std::string name = "\r\n" + std::string(field) + ": ";
        const auto at = dsn.find(name);
        REQUIRE(at != std::string::npos);
        const auto start = at + name.size();
        return dsn.substr(start, dsn.find("\r\n", start) - start);
    };
    const auto status_of = [&](std::string_view reason, bool permanent) { return field_of("Status", reason, permanent); };
    const auto diagnostic_of = [&](std::string_view reason) { return field_of("Diagnostic-Code", reason, false); };
    // RFC 3464 §2.3.6: "smtp" only with an SMTP reply; the last reply of a give-up.
    CHECK(diagnostic_of("552 5.2.2 mailbox full (over quota)") == "smtp; 552 5.2.2 mailbox full (over quota)");
    CHECK(diagnostic_of("gave up after 6 attempts over 240 minutes; last: 451 4.3.0 try later") ==
          "smtp; 451 4.3.0 try later");
    CHECK(diagnostic_of("gave up after 6 attempts over 240 minutes; last: connection refused") ==
          "X-PostLab; gave up after 6 attempts over 240 minutes; last: connection refused");
    CHECK(diagnostic_of("no route") == "X-PostLab; no route");
    // RFC 3464 §2.3.4: the enhanced code of the reply (RFC 2034 §4, RFC 3463).
    CHECK(status_of("552 5.2.2 mailbox full (over quota)", true) == "5.2.2");
    CHECK(status_of("550 5.1.1 no such user", true) == "5.1.1");
    CHECK(status_of("554 5.7.1", true) == "5.7.1");
    CHECK(status_of("550 5.100.123 three-digit parts", true) == "5.100.123");
    // No usable enhanced code: the class of the reply code with 0.0.
    CHECK(status_of("554 Transaction failed", true) == "5.0.0");
    CHECK(status_of("550 4.2.2 class disagrees with the reply", true) == "5.0.0");
    CHECK(status_of("553 5.1.3garbage", true) == "5.0.0");
    CHECK(status_of("553 5.1234.1 subject too long", true) == "5.0.0");
    CHECK(status_of("553 5.1. no detail", true) == "5.0.0");
    CHECK(status_of("451 Local error", false) == "4.0.0");
    CHECK(status_of("421 4.4.2 connection dropped", false) == "4.4.2");
    // Not a reply: a permanent failure without a code is 5.0.0; giving up after retries 4.4.7.
    CHECK(status_of("no route", true) == "5.0.0");
    CHECK(status_of("gave up after 6 attempts over 240 minutes; last: 451 4.3.0 try later", false) ==
          "4.4.7");
}
