// End to end in the simulated world: a laptop submits a message over 587 with STARTTLS + AUTH
// (RFC 6409, RFC 3207, RFC 4954), the server delivers it to its MailStore, then a POP3 client
// with STLS (RFC 2595) downloads and deletes it (RFC 1939).
#include <catch2/catch.hpp>

#include "sim_fixture.hpp"

using namespace postlab;
using namespace postlab::sim;
using namespace postlab::sim::test;

namespace {

pop3::ClientConfig bob_pop3() {
    pop3::ClientConfig c;
    c.user = "bob@example.test";
    c.password = "hunter2";
    c.security = Security::starttls;
    return c;
}

bool pair_in_trace(const World& w, ConnId id, std::string_view command, std::string_view reply_prefix) {
    const auto& es = w.trace();
    for (std::size_t i = 0; i < es.size(); ++i) {
        if (es[i].conn != id || es[i].summary != command) continue;
        for (std::size_t j = i + 1; j < es.size(); ++j) {
            if (es[j].conn == id && es[j].kind == TraceKind::reply) return es[j].summary.starts_with(reply_prefix);
        }
    }
    return false;
}

}  // namespace

TEST_CASE("submit over 587 with STARTTLS and AUTH, then download over POP3 with STLS") {
    TestNet n = make_net(31);
    const std::string message = test_message(2000);
    const ConnId submit = n.world.connect(smtp_request(n, 587, submission_config(message)));
    const auto* sent = run_to_finish(n.world, submit);
    REQUIRE(sent);
    CHECK(sent->state == ConnState::closed);
    const auto& smtp_result = std::get<smtp::Client>(sent->session).result();
    CHECK(smtp_result.ok);
    REQUIRE(smtp_result.recipients.size() == 1);
    CHECK(smtp_result.recipients[0].accepted);
    CHECK(pair_in_trace(n.world, submit, "C: STARTTLS", "S: 220"));
    bool auth_ok = false;
    for (const auto& e : n.world.trace()) {
        if (e.conn == submit && e.explain_key == "smtp.reply.235") auth_ok = e.encrypted;
    }
    CHECK(auth_ok);
    CHECK(find_summary(n.world, "delivered to bob@example.test INBOX", TraceKind::note));
    const Folder* inbox = n.world.store(n.store).account("bob@example.test")->folder("INBOX");
    REQUIRE(inbox->messages.size() == 1);
    const std::string stored = inbox->messages[0].data;
    CHECK(stored.starts_with("Received: "));
    CHECK(stored.ends_with(message));

    ConnectRequest check;
    check.from = n.laptop;
    check.to = n.mail;
    check.port = 110;
    check.client = pop3::Client(bob_pop3());
    const ConnId fetch = n.world.connect(std::move(check));
    const auto* got = run_to_finish(n.world, fetch);
    REQUIRE(got);
    CHECK(got->state == ConnState::closed);
    const auto& pop3_result = std::get<pop3::Client>(got->session).result();
    CHECK(pop3_result.ok);
    REQUIRE(pop3_result.downloaded.size() == 1);
    CHECK(pop3_result.downloaded[0].data == stored);
    CHECK(pair_in_trace(n.world, fetch, "C: STLS", "S: +OK"));
    // The RETR body is one trace entry, encrypted, with the whole message.
    const TraceEntry* body = find_summary(n.world, "S: message body", TraceKind::body);
    REQUIRE(body);
    CHECK(body->encrypted);
    CHECK(body->conn == fetch);
    CHECK(body->bytes.find("Subject: hello") != std::string::npos);
    // leave_on_server is off: DELE + QUIT removed it from the server.
    CHECK(pop3_result.deleted.size() == 1);
    CHECK(n.world.store(n.store).account("bob@example.test")->folder("INBOX")->messages.empty());
    bool deleted_event = false;
    for (const auto& e : n.world.trace()) {
        deleted_event |= e.conn == fetch && e.explain_key == "event.messages_deleted";
    }
    CHECK(deleted_event);
    // The maildrop lock was released when the session ended (RFC 1939 §8).
    CHECK(n.world.store(n.store).account("bob@example.test")->maildrop_lock == 0);
    // Every application entry names a state and an explanation key.
    for (const auto& e : n.world.trace()) {
        if (e.kind == TraceKind::command || e.kind == TraceKind::reply) {
            CHECK_FALSE(e.state.empty());
            CHECK_FALSE(e.explain_key.empty());
        }
    }
}

TEST_CASE("a message to another domain is handed to the outbound queue, and DNS lookups are traced") {
    TestNet n = make_net(32);
    smtp::ClientConfig config = submission_config(test_message(200));
    config.recipients = {"carol@other.test"};
    const ConnId id = n.world.connect(smtp_request(n, 587, config));
    REQUIRE(run_to_finish(n.world, id));
    auto outbound = n.world.take_outbound();
    REQUIRE(outbound.size() == 1);
    CHECK(outbound[0].recipient == "carol@other.test");
    CHECK(n.world.take_outbound().empty());

    const TimeUs asked = n.world.now_us();
    const auto q = n.world.dns_query(n.mail, DnsType::mx, "example.test");
    CHECK_FALSE(n.world.dns_query_state(q).answer);
    n.world.run();
    const auto& state = n.world.dns_query_state(q);
    REQUIRE(state.answer);
    CHECK(state.answer->mx[0].exchange == "mail.example.test");
    const TraceEntry* response = find_summary(n.world, "MX example.test? -> 10 mail.example.test", TraceKind::dns_response);
    REQUIRE(response);
    CHECK(response->protocol == ProtocolId::dns);
    CHECK(response->from_port == 53);
    // mail -> isp -> dns and back: 2 * (20 ms + 2 ms).
    CHECK(response->time_us - asked == 2 * (isp_mail_us + 2'000));
}

TEST_CASE("an IMAP client in IDLE hears about mail delivered by another connection") {
    TestNet n = make_net(33);
    imap::ClientConfig config;
    config.user = "bob@example.test";
    config.password = "hunter2";
    config.security = Security::starttls;
    config.idle = true;
    ConnectRequest r;
    r.from = n.laptop;
    r.to = n.mail;
    r.port = 143;
    r.client = imap::Client(config, imap::LocalCache{}, {});
    const ConnId phone = n.world.connect(std::move(r));
    auto client_of = [phone](const World& w) -> const imap::Client& {
        return std::get<imap::Client>(*w.connection(phone).end(Side::client).session);
    };
    n.world.run_until([&](const World& w) { return client_of(w).idling(); }, 100'000);
    REQUIRE(client_of(n.world).idling());
    const auto* inbox = client_of(n.world).cache().folder("INBOX");
    REQUIRE(inbox);
    CHECK(inbox->messages.empty());

    const ConnId submit = n.world.connect(smtp_request(n, 587, submission_config(test_message(500))));
    REQUIRE(run_to_finish(n.world, submit));
    n.world.run_until([&](const World& w) {
        const auto* f = client_of(w).cache().folder("INBOX");
        return f && !f->messages.empty() && client_of(w).idling();
    }, 100'000);
    inbox = client_of(n.world).cache().folder("INBOX");
    REQUIRE(inbox->messages.size() == 1);
    CHECK(inbox->messages[0].data.find("Subject: hello") != std::string::npos);
    // The server wrote EXISTS during IDLE, pushed by the delivery on the other connection.
    bool exists_pushed = false;
    for (const auto& e : n.world.trace()) {
        exists_pushed |= e.conn == phone && e.explain_key == "imap.untagged.EXISTS" && e.encrypted;
    }
    CHECK(exists_pushed);
    CHECK(n.world.connection(phone).state == ConnState::established);
}

TEST_CASE("session timers fire in virtual time: IDLE is re-issued before 29 minutes") {
    TestNet n = make_net(34);
    imap::ClientConfig config;
    config.user = "bob@example.test";
    config.password = "hunter2";
    config.security = Security::starttls;
    ConnectRequest r;
    r.from = n.laptop;
    r.to = n.mail;
    r.port = 143;
    r.client = imap::Client(config, imap::LocalCache{}, {});
    const ConnId phone = n.world.connect(std::move(r));
    const TimeUs minute = 60'000'000;
    n.world.run_until_time(40 * minute);
    std::vector<TimeUs> idles;
    for (const auto& e : n.world.trace()) {
        if (e.conn == phone && e.explain_key == "imap.command.IDLE") idles.push_back(e.time_us);
    }
    REQUIRE(idles.size() >= 2);
    CHECK(idles[1] - idles[0] >= 28 * minute);
    CHECK(idles[1] - idles[0] <= 29 * minute + 1'000'000);
    // The server's 30-minute autologout never fired: the client kept the session alive.
    CHECK(n.world.connection(phone).state == ConnState::established);
    CHECK(n.world.now_us() <= 40 * minute);
}

TEST_CASE("user actions on a running session and deliveries from outside a session") {
    TestNet n = make_net(35);
    imap::ClientConfig config;
    config.user = "bob@example.test";
    config.password = "hunter2";
    ConnectRequest r;
    r.from = n.laptop;
    r.to = n.mail;
    r.port = 993;
    r.implicit_tls = true;
    config.security = Security::implicit_tls;
    r.client = imap::Client(config, imap::LocalCache{}, {});
    const ConnId phone = n.world.connect(std::move(r));
    auto client = [&]() -> const imap::Client& { return std::get<imap::Client>(*n.world.session(phone, Side::client)); };
    n.world.run_until([&](const World&) { return client().idling(); }, 100'000);
    REQUIRE(client().idling());
    // The MTA layer delivers relayed mail: the IDLE session hears of it at once.
    CHECK(n.world.deliver(n.store, "bob@example.test", test_message(300)) == DeliveryStatus::delivered);
    CHECK(n.world.deliver(n.store, "nobody@example.test", test_message(300)) == DeliveryStatus::no_such_user);
    n.world.run_until([&](const World&) {
        const auto* inbox = client().cache().folder("INBOX");
        return inbox && inbox->messages.size() == 1 && client().idling();
    }, 100'000);
    REQUIRE(client().cache().folder("INBOX")->messages.size() == 1);
    // The user closes the app: LOGOUT, and the connection ends cleanly.
    REQUIRE(n.world.update_session(phone, Side::client, [](AnySession& s) { std::get<imap::Client>(s).logout(); }));
    const auto* f = run_to_finish(n.world, phone);
    REQUIRE(f);
    CHECK(f->state == ConnState::closed);
    CHECK_FALSE(n.world.update_session(phone, Side::client, [](AnySession&) {}));
    bool logout = false;
    for (const auto& e : n.world.trace()) logout |= e.conn == phone && e.explain_key == "imap.command.LOGOUT";
    CHECK(logout);
}
