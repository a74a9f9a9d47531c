// The SMTP client: against our server in memory (whole buffers and one byte at a time, with
// STARTTLS, AUTH and PIPELINING), and against scripted replies for HELO fallback (RFC 5321
// §3.2), required STARTTLS (RFC 3207 §4, RFC 8314), AUTH LOGIN and malformed replies (§4.2).
#include "protocols/core/base64.hpp"
#include "smtp_test_support.hpp"

using namespace smtp_test;

namespace {

ClientConfig alice_to(std::vector<std::string> recipients) {
    ClientConfig config;
    config.helo_name = "laptop.example.test";
    config.reverse_path = "alice@example.test";
    config.recipients = std::move(recipients);
    config.message = "From: alice@example.test\r\nSubject: Test\r\n\r\n.starts with a dot\r\n.\r\nbye\r\n";
    return config;
}

// A client fed scripted server replies.
struct ClientHarness {
    Client client;
    std::vector<Event> events;
    SessionContext ctx{nullptr, k_start_us};

    explicit ClientHarness(ClientConfig config) : client(std::move(config)) { client.start(ctx); }
    std::string reply(std::string_view bytes) {
        client.receive(bytes, ctx);
        while (auto e = client.next_event()) events.push_back(std::move(*e));
        return client.take_output();
    }
};

}  // namespace

TEST_CASE("client and server: relay delivery to local users, whole and byte by byte") {
    for (bool bytewise : {false, true}) {
        MailStore store = make_store();
        ClientConfig config = alice_to({"bob@example.test", "alice@example.test"});
        config.reverse_path = "carol@remote.test";
        Client client(config);
        Server server(ServerConfig{});
        const PairRun run = run_pair(client, server, store, bytewise);
        REQUIRE(client.result().done);
        CHECK(client.result().ok);
        CHECK(client.result().error.empty());
        CHECK(client.result().final_code == 250);
        REQUIRE(client.result().recipients.size() == 2);
        CHECK(client.closed());
        CHECK(server.closed());
        // Pipelined: MAIL, RCPT, RCPT, DATA in one group (RFC 2920 §3.1).
        CHECK(run.client_to_server.find("MAIL FROM:<carol@remote.test> SIZE=") != std::string::npos);
        const Folder* inbox = store.account("bob@example.test")->folder("INBOX");
        REQUIRE(inbox->messages.size() == 1);
        const std::string& stored = inbox->messages[0].data;
        CHECK(stored.rfind("Received: from laptop.example.test ([127.0.0.1])", 0) == 0);
        CHECK(stored.ends_with("\r\nFrom: alice@example.test\r\nSubject: Test\r\n\r\n.starts with a dot\r\n.\r\nbye\r\n"));
        CHECK(store.account("alice@example.test")->folder("INBOX")->messages.size() == 1);
        REQUIRE_FALSE(run.client_events.empty());
        bool saw_result = false;
        for (const auto& e : run.client_events) {
            if (e.kind == EventKind::result) {
                saw_result = true;
                CHECK(e.ok);
                CHECK(e.count == 2);
            }
        }
        CHECK(saw_result);
    }
}

TEST_CASE("client and server: submission with STARTTLS and AUTH PLAIN") {
    for (bool bytewise : {false, true}) {
        MailStore store = make_store();
        ClientConfig config = alice_to({"friend@elsewhere.test"});
        config.security = Security::starttls;
        config.credentials = SaslCredentials{"", "alice@example.test", "wonderland"};
        Client client(config);
        ServerConfig server_config;
        server_config.role = Role::submission;
        Server server(server_config);
        const PairRun run = run_pair(client, server, store, bytewise);
        CHECK(client.result().ok);
        CHECK(client.tls_active());
        CHECK(server.tls_active());
        CHECK(run.client_to_server.find("STARTTLS\r\nEHLO laptop.example.test\r\nAUTH PLAIN ") != std::string::npos);
        std::size_t accepted = 0;
        for (const auto& e : run.server_events) {
            if (e.kind != EventKind::message_accepted) continue;
            ++accepted;
            CHECK(e.forward_paths == std::vector<std::string>{"friend@elsewhere.test"});
            CHECK(e.message.str().find(" with ESMTPSA id ") != std::string::npos);
        }
        CHECK(accepted == 1);
    }
}

TEST_CASE("client and server: wrong password fails cleanly, nothing is sent") {
    MailStore store = make_store();
    ClientConfig config = alice_to({"friend@elsewhere.test"});
    config.credentials = SaslCredentials{"", "alice@example.test", "wrong"};
    Client client(config);
    ServerConfig server_config;
    server_config.role = Role::submissions;
    Server server(server_config);
    const PairRun run = run_pair(client, server, store, false);
    CHECK(client.result().done);
    CHECK_FALSE(client.result().ok);
    CHECK(client.result().error.rfind("authentication failed: 535", 0) == 0);
    CHECK(run.client_to_server.find("MAIL FROM") == std::string::npos);
    CHECK(client.closed());
    CHECK(server.closed());
}

TEST_CASE("client and server: one rejected recipient, per-recipient results") {
    MailStore store = make_store();
    Client client(alice_to({"bob@example.test", "nobody@example.test"}));
    Server server(ServerConfig{});
    run_pair(client, server, store, false);
    const auto& result = client.result();
    CHECK(result.ok);
    REQUIRE(result.recipients.size() == 2);
    CHECK(result.recipients[0].address == "bob@example.test");
    CHECK(result.recipients[0].accepted);
    CHECK(result.recipients[0].code == 250);
    CHECK(result.recipients[1].address == "nobody@example.test");
    CHECK_FALSE(result.recipients[1].accepted);
    CHECK(result.recipients[1].code == 550);
    CHECK(result.recipients[1].text.rfind("5.1.1 ", 0) == 0);
    CHECK(store.account("bob@example.test")->folder("INBOX")->messages.size() == 1);
}

TEST_CASE("client and server: no recipient accepted, no message sent") {
    MailStore store = make_store();
    Client client(alice_to({"nobody@example.test"}));
    Server server(ServerConfig{});
    const PairRun run = run_pair(client, server, store, false);
    CHECK_FALSE(client.result().ok);
    CHECK(client.result().error == "no recipient was accepted");
    CHECK(run.client_to_server.find("starts with a dot") == std::string::npos);
    CHECK(client.closed());
}

TEST_CASE("client: STARTTLS required but not offered is a hard failure, no MAIL sent") {
    ClientConfig config = alice_to({"bob@example.test"});
    config.security = Security::starttls;
    ClientHarness h(config);
    CHECK(h.reply("220 mx.test ESMTP\r\n") == "EHLO laptop.example.test\r\n");
    CHECK(h.reply("250-mx.test\r\n250-PIPELINING\r\n250 AUTH PLAIN\r\n") == "QUIT\r\n");
    CHECK(h.client.result().done);
    CHECK_FALSE(h.client.result().ok);
    CHECK(h.client.result().error ==
          "server does not offer STARTTLS; refusing to continue in plaintext (RFC 3207 §4, RFC 8314)");
    CHECK_FALSE(h.client.wants_tls());
    CHECK(h.reply("221 bye\r\n").empty());
    CHECK(h.client.closed());
    REQUIRE_FALSE(h.events.empty());
    CHECK(h.events.front().kind == EventKind::result);
    CHECK_FALSE(h.events.front().ok);
}

TEST_CASE("client: plaintext after the STARTTLS reply is discarded") {
    ClientConfig config = alice_to({"bob@example.test"});
    config.security = Security::starttls;
    ClientHarness h(config);
    h.reply("220 mx.test ESMTP\r\n");
    CHECK(h.reply("250-mx.test\r\n250 STARTTLS\r\n") == "STARTTLS\r\n");
    CHECK(h.reply("220 go ahead\r\n250 injected\r\n").empty());
    CHECK(h.client.wants_tls());
    CHECK(h.events.back().kind == EventKind::protocol_violation);
    h.client.tls_established(h.ctx);
    CHECK(h.client.take_output() == "EHLO laptop.example.test\r\n");
    CHECK(h.reply("250 mx.test\r\n") == "MAIL FROM:<alice@example.test>\r\n");  // no PIPELINING
}

TEST_CASE("client: opportunistic STARTTLS is used when offered, skipped when not, survives 454") {
    ClientConfig config = alice_to({"bob@example.test"});
    config.starttls_if_offered = true;
    SECTION("offered: STARTTLS, then EHLO again under TLS") {
        ClientHarness h(config);
        h.reply("220 mx.test ESMTP\r\n");
        CHECK(h.reply("250-mx.test\r\n250 STARTTLS\r\n") == "STARTTLS\r\n");
        CHECK(h.reply("220 go ahead\r\n").empty());
        REQUIRE(h.client.wants_tls());
        h.client.tls_established(h.ctx);
        CHECK(h.client.take_output() == "EHLO laptop.example.test\r\n");
        // Under TLS the server still lists STARTTLS by mistake: no second STARTTLS.
        CHECK(h.reply("250-mx.test\r\n250 STARTTLS\r\n") == "MAIL FROM:<alice@example.test>\r\n");
        CHECK(h.client.tls_active());
    }
    SECTION("not offered: plaintext, no failure") {
        ClientHarness h(config);
        h.reply("220 mx.test ESMTP\r\n");
        CHECK(h.reply("250-mx.test\r\n250 8BITMIME\r\n") == "MAIL FROM:<alice@example.test>\r\n");
        CHECK_FALSE(h.client.tls_active());
    }
    SECTION("454: go on in plaintext on the same connection") {
        ClientHarness h(config);
        h.reply("220 mx.test ESMTP\r\n");
        CHECK(h.reply("250-mx.test\r\n250 STARTTLS\r\n") == "STARTTLS\r\n");
        CHECK(h.reply("454 4.7.0 TLS not available due to temporary reason\r\n") ==
              "MAIL FROM:<alice@example.test>\r\n");
        CHECK_FALSE(h.client.wants_tls());
        CHECK(h.reply("250 ok\r\n") == "RCPT TO:<bob@example.test>\r\n");
    }
    SECTION("required STARTTLS still fails on 454") {
        config.security = Security::starttls;
        ClientHarness h(config);
        h.reply("220 mx.test ESMTP\r\n");
        h.reply("250-mx.test\r\n250 STARTTLS\r\n");
        CHECK(h.reply("454 4.7.0 TLS not available\r\n") == "QUIT\r\n");
        CHECK_FALSE(h.client.result().ok);
    }
}

TEST_CASE("client: EHLO refused with 502 falls back to HELO") {
    ClientHarness h(alice_to({"bob@example.test"}));
    h.reply("220 old.test SMTP\r\n");
    CHECK(h.reply("502 Command not implemented\r\n") == "HELO laptop.example.test\r\n");
    CHECK(h.reply("250 old.test\r\n") == "MAIL FROM:<alice@example.test>\r\n");  // no SIZE param
    CHECK(h.reply("250 ok\r\n") == "RCPT TO:<bob@example.test>\r\n");
    CHECK(h.reply("250 ok\r\n") == "DATA\r\n");
    CHECK(h.reply("354 go\r\n") ==
          "From: alice@example.test\r\nSubject: Test\r\n\r\n..starts with a dot\r\n..\r\nbye\r\n.\r\n");
    CHECK(h.reply("250 queued\r\n") == "QUIT\r\n");
    CHECK(h.client.result().ok);
    CHECK(h.client.result().final_text == "queued");
}

TEST_CASE("client: HELO refused too is a failure") {
    ClientHarness h(alice_to({"bob@example.test"}));
    h.reply("220 x\r\n");
    CHECK(h.reply("500 what\r\n") == "HELO laptop.example.test\r\n");
    CHECK(h.reply("500 what\r\n") == "QUIT\r\n");
    CHECK_FALSE(h.client.result().ok);
}

TEST_CASE("client: AUTH LOGIN when only LOGIN is offered") {
    ClientConfig config = alice_to({"bob@example.test"});
    config.credentials = SaslCredentials{"", "alice@example.test", "wonderland"};
    ClientHarness h(config);
    h.reply("220 mx.test\r\n");
    CHECK(h.reply("250-mx.test\r\n250 AUTH LOGIN\r\n") == "AUTH LOGIN\r\n");
    CHECK(h.reply("334 VXNlcm5hbWU6\r\n") == postlab::base64_encode("alice@example.test") + "\r\n");
    CHECK(h.reply("334 UGFzc3dvcmQ6\r\n") == postlab::base64_encode("wonderland") + "\r\n");
    CHECK(h.reply("235 2.7.0 ok\r\n") == "MAIL FROM:<alice@example.test>\r\n");
}

TEST_CASE("client: no common AUTH mechanism fails cleanly") {
    ClientConfig config = alice_to({"bob@example.test"});
    config.credentials = SaslCredentials{"", "alice@example.test", "wonderland"};
    ClientHarness none(config);
    none.reply("220 mx.test\r\n");
    CHECK(none.reply("250 mx.test\r\n") == "QUIT\r\n");
    CHECK(none.client.result().error.find("does not offer AUTH") != std::string::npos);
    ClientHarness other(config);
    other.reply("220 mx.test\r\n");
    CHECK(other.reply("250-mx.test\r\n250 AUTH CRAM-MD5\r\n") == "QUIT\r\n");
    CHECK(other.client.result().error.find("no common SASL mechanism") != std::string::npos);
}

TEST_CASE("client: bad greeting, malformed replies, 421 and EOF never crash") {
    ClientHarness refused(alice_to({"bob@example.test"}));
    CHECK(refused.reply("554 go away\r\n") == "QUIT\r\n");
    CHECK_FALSE(refused.client.result().ok);

    for (std::string_view bad : {"hello\r\n", "250-a\r\n251 b\r\n", "199 x\r\n", "250 bare\n", "2\r\n"}) {
        ClientHarness h(alice_to({"bob@example.test"}));
        CHECK(h.reply(bad).empty());
        CHECK(h.client.closed());
        CHECK(h.client.result().error.rfind("malformed reply", 0) == 0);
    }

    ClientHarness closing(alice_to({"bob@example.test"}));
    closing.reply("220 x\r\n");
    CHECK(closing.reply("421 shutting down\r\n").empty());
    CHECK(closing.client.closed());

    ClientHarness eof(alice_to({"bob@example.test"}));
    eof.reply("220 x\r\n");
    eof.client.receive_eof(eof.ctx);
    CHECK(eof.client.closed());
    CHECK(eof.client.result().error == "connection closed by the server");

    ClientHarness endless(alice_to({"bob@example.test"}));
    CHECK(endless.reply(std::string(1'000'000, '2')).empty());  // no CRLF: never buffered whole
    CHECK(endless.client.closed());
    CHECK(endless.client.result().error == "malformed reply from server: reply line too long");

    ClientHarness after_close(alice_to({"bob@example.test"}));
    after_close.reply("554 no\r\n");
    after_close.reply("221 bye\r\n");
    REQUIRE(after_close.client.closed());
    CHECK(after_close.reply("250 late\r\n").empty());
}

TEST_CASE("client: timeout waiting for the greeting") {
    ClientHarness h(alice_to({"bob@example.test"}));
    REQUIRE(h.client.next_deadline_us());
    h.ctx.now_us = *h.client.next_deadline_us();
    h.client.on_timer(h.ctx);
    CHECK(h.client.closed());
    CHECK(h.client.result().error.rfind("timeout", 0) == 0);
}

TEST_CASE("client: pipelined MAIL rejection drains the group and reports the sender error") {
    ClientHarness h(alice_to({"bob@example.test"}));
    h.reply("220 x\r\n");
    CHECK(h.reply("250-x\r\n250 PIPELINING\r\n") ==
          "MAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
    CHECK(h.reply("550 5.7.1 sender refused\r\n503 5.5.1 need MAIL\r\n").empty());
    CHECK(h.reply("503 5.5.1 need RCPT\r\n") == "QUIT\r\n");
    CHECK(h.client.result().error == "sender rejected: 550 5.7.1 sender refused");
}
