// Hostile input against the SMTP server: SMTP smuggling (RFC 5321 §2.3.8, §4.1.1.4), STARTTLS
// command injection (RFC 3207 §4.2, CVE-2011-0411), limits (§4.5.3.1), NUL and bare LF in
// commands, sequencing (§4.1.4), AUTH brute force (RFC 4954), open relay attempts.
#include "protocols/core/base64.hpp"
#include "protocols/core/text.hpp"
#include "smtp_test_support.hpp"

using namespace smtp_test;

namespace {

std::string plain(std::string_view user, std::string_view password) {
    std::string m;
    m += '\0';
    m += user;
    m += '\0';
    m += password;
    return base64_encode(m);
}

ServerConfig plaintext_auth() {
    ServerConfig config;
    config.auth_requires_tls = false;
    return config;
}

}  // namespace

TEST_CASE("SMTP smuggling: bare-LF/CR end-of-data variants do not end DATA") {
    for (std::string_view variant : {"\n.\n", "\n.\r\n", "\r.\r\n"}) {
        for (bool bytewise : {false, true}) {
            INFO("variant " << postlab::printable(variant) << (bytewise ? " bytewise" : ""));
            ServerHarness h;
            h.ehlo();
            CHECK(codes(h.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n")) ==
                  std::vector<int>{250, 250, 354});
            const std::string attack = "Subject: hi\r\n\r\nfirst" + std::string(variant) +
                                       "MAIL FROM:<admin@example.test>\r\nRCPT TO:<bob@example.test>\r\n"
                                       "DATA\r\nSubject: smuggled\r\n\r\nevil\r\n.\r\n";
            const std::string output = bytewise ? h.send_bytewise(attack) : h.send(attack);
            // One reply only: the whole thing was one (rejected) message.
            const auto r = replies(output);
            REQUIRE(r.size() == 1);
            CHECK(r[0].code.value() == 554);
            CHECK(r[0].lines.front().rfind("5.6.0 ", 0) == 0);
            CHECK(h.count(EventKind::message_accepted) == 0);
            REQUIRE(h.last(EventKind::protocol_violation));
            CHECK(h.last(EventKind::protocol_violation)->rfc.find("§2.3.8") != std::string::npos);
            CHECK(h.server.state() == ServerState::ready);
            // The session goes on normally afterwards.
            CHECK(codes(h.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nok\r\n.\r\n")) ==
                  std::vector<int>{250, 250, 354, 250});
            CHECK(h.count(EventKind::message_accepted) == 1);
        }
    }
}

TEST_CASE("STARTTLS injection: commands pipelined behind STARTTLS are discarded") {
    ServerHarness h;
    h.ehlo();
    const std::string output = h.send("STARTTLS\r\nRSET\r\n");
    CHECK(output == "220 2.0.0 Ready to start TLS\r\n");
    CHECK(h.server.wants_tls());
    CHECK(h.server.state() == ServerState::tls_handshake);
    REQUIRE(h.last(EventKind::protocol_violation));
    CHECK(h.last(EventKind::protocol_violation)->rfc == "RFC 3207 §4.2");
    CHECK(h.count(EventKind::tls_requested) == 1);
    CHECK(h.tls().empty());  // RSET is never answered
    CHECK_FALSE(h.server.wants_tls());
    CHECK(h.server.tls_active());
    CHECK(h.server.state() == ServerState::need_helo);
    CHECK(codes(h.send("MAIL FROM:<a@remote.test>\r\n")) == std::vector<int>{503});  // EHLO again
    const auto ehlo = replies(h.send("EHLO client.example.test\r\n"));
    REQUIRE(ehlo.size() == 1);
    const auto caps = parse_ehlo_reply(ehlo[0]);
    CHECK_FALSE(caps.has("STARTTLS"));
    CHECK(caps.offers_auth("PLAIN"));
    const auto again = replies(h.send("STARTTLS\r\n"));
    CHECK(again[0].code.value() == 554);
}

TEST_CASE("STARTTLS resets AUTH state learnt in plaintext") {
    ServerHarness h(plaintext_auth());
    h.ehlo();
    h.auth_plain("alice@example.test", "wonderland");
    CHECK(h.server.authenticated_user() == "alice@example.test");
    CHECK(codes(h.send("STARTTLS\r\n")) == std::vector<int>{220});
    h.tls();
    CHECK(h.server.authenticated_user().empty());
}

TEST_CASE("a 1 MB command line gets one 500 and bounded memory") {
    for (bool split : {false, true}) {
        ServerHarness h;
        h.ehlo();
        const std::string huge(1'000'000, 'A');
        std::string output = h.send(split ? huge : huge + "\r\n");
        if (split) output += h.send("\r\n");
        const auto r = replies(output);
        REQUIRE(r.size() == 1);
        CHECK(r[0].code.value() == 500);
        CHECK(r[0].lines.front() == "5.5.2 Error: line too long");
        CHECK(h.count(EventKind::protocol_violation) == 1);
        CHECK(codes(h.send("NOOP\r\n")) == std::vector<int>{250});
    }
}

TEST_CASE("a 513-octet command line is too long, 512 is fine") {
    ServerHarness h;
    h.ehlo();
    CHECK(codes(h.send("NOOP " + std::string(505, 'x') + "\r\n")) == std::vector<int>{250});
    CHECK(codes(h.send("NOOP " + std::string(506, 'x') + "\r\n")) == std::vector<int>{500});
}

TEST_CASE("NUL bytes and bare LF in commands are rejected, not executed") {
    ServerHarness h;
    h.ehlo();
    CHECK(codes(h.send(std::string("NO\0OP\r\n", 7))) == std::vector<int>{500});
    CHECK(h.count(EventKind::protocol_violation) == 1);
    CHECK(h.last(EventKind::protocol_violation)->rfc == "RFC 5321 §2.4");
    // "QUIT\n" must not close the session.
    CHECK(codes(h.send("QUIT\nNOOP\r\n")) == std::vector<int>{500, 250});
    CHECK_FALSE(h.server.closed());
    CHECK(h.count(EventKind::protocol_violation) == 2);
    CHECK(h.last(EventKind::protocol_violation)->rfc == "RFC 5321 §2.3.8");
    CHECK(codes(h.send("NO\rOP\r\n")) == std::vector<int>{500});
}

TEST_CASE("commands out of order get 503 5.5.1") {
    ServerHarness h;
    h.start();
    const auto before_helo = replies(h.send("MAIL FROM:<a@remote.test>\r\n"));
    CHECK(before_helo[0].code.value() == 503);
    CHECK(before_helo[0].lines.front().rfind("Bad sequence of commands", 0) == 0);  // no EHLO yet: no 5.5.1
    h.send("EHLO c.test\r\n");
    const auto rcpt = replies(h.send("RCPT TO:<alice@example.test>\r\n"));
    CHECK(rcpt[0].code.value() == 503);
    CHECK(rcpt[0].lines.front().rfind("5.5.1 Bad sequence of commands", 0) == 0);
    CHECK(codes(h.send("DATA\r\n")) == std::vector<int>{503});
    CHECK(codes(h.send("MAIL FROM:<a@remote.test>\r\n")) == std::vector<int>{250});
    CHECK(codes(h.send("MAIL FROM:<a@remote.test>\r\n")) == std::vector<int>{503});
    CHECK(codes(h.send("AUTH PLAIN\r\n")) == std::vector<int>{503});
    CHECK(codes(h.send("DATA\r\n")) == std::vector<int>{554});  // no valid recipients
    CHECK(codes(h.send("FOO\r\n")) == std::vector<int>{500});
    CHECK(h.server.state() == ServerState::mail);
}

TEST_CASE("AUTH brute force: the third failure gets 421 and the session closes") {
    ServerHarness h(plaintext_auth());
    h.ehlo();
    CHECK(codes(h.send("AUTH PLAIN " + plain("alice@example.test", "guess1") + "\r\n")) == std::vector<int>{535});
    CHECK(codes(h.send("AUTH PLAIN " + plain("alice@example.test", "guess2") + "\r\n")) == std::vector<int>{535});
    const auto last = replies(h.send("AUTH PLAIN " + plain("alice@example.test", "guess3") + "\r\n"));
    REQUIRE(last.size() == 1);
    CHECK(last[0].code.value() == 421);
    CHECK(last[0].lines.front().rfind("4.7.0 ", 0) == 0);
    CHECK(h.server.closed());
    CHECK(h.count(EventKind::auth_failed) == 3);
    CHECK(h.last(EventKind::auth_failed)->user == "alice@example.test");
    CHECK(h.count(EventKind::auth_succeeded) == 0);
    CHECK(h.send("AUTH PLAIN " + plain("alice@example.test", "wonderland") + "\r\n").empty());
}

TEST_CASE("AUTH LOGIN, cancel and malformed responses") {
    ServerHarness h(plaintext_auth());
    h.ehlo();
    CHECK(h.send("AUTH LOGIN\r\n") == "334 VXNlcm5hbWU6\r\n");
    CHECK(h.send("*\r\n") == "501 5.7.0 Authentication aborted\r\n");
    CHECK(codes(h.send("AUTH PLAIN not-base64!\r\n")) == std::vector<int>{501});
    CHECK(codes(h.send("AUTH CRAM-MD5\r\n")) == std::vector<int>{504});
    CHECK(h.send("AUTH LOGIN\r\n") == "334 VXNlcm5hbWU6\r\n");
    CHECK(h.send(base64_encode("bob@example.test") + "\r\n") == "334 UGFzc3dvcmQ6\r\n");
    CHECK(h.send(base64_encode("builder") + "\r\n") == "235 2.7.0 Authentication successful\r\n");
    REQUIRE(h.last(EventKind::auth_succeeded));
    CHECK(h.last(EventKind::auth_succeeded)->user == "bob@example.test");
    CHECK(codes(h.send("AUTH PLAIN " + plain("bob@example.test", "builder") + "\r\n")) == std::vector<int>{503});
}

TEST_CASE("AUTH PLAIN without initial response, and acting as someone else is refused") {
    ServerHarness h(plaintext_auth());
    h.ehlo();
    CHECK(h.send("AUTH PLAIN\r\n") == "334 \r\n");
    std::string as_other("alice@example.test\0bob@example.test\0builder", 42);
    CHECK(codes(h.send(base64_encode(as_other) + "\r\n")) == std::vector<int>{535});
    CHECK(h.server.authenticated_user().empty());
}

TEST_CASE("open relay attempt: remote RCPT needs authentication") {
    ServerHarness h(plaintext_auth());
    h.ehlo();
    h.send("MAIL FROM:<spammer@remote.test>\r\n");
    const auto denied = replies(h.send("RCPT TO:<victim@elsewhere.test>\r\n"));
    CHECK(denied[0].code.value() == 554);
    CHECK(denied[0].lines.front() == "5.7.1 <victim@elsewhere.test>: Relay access denied");
    const auto unknown = replies(h.send("RCPT TO:<nobody@example.test>\r\n"));
    CHECK(unknown[0].code.value() == 550);
    CHECK(unknown[0].lines.front().rfind("5.1.1 ", 0) == 0);
    CHECK(codes(h.send("RSET\r\n")) == std::vector<int>{250});

    h.auth_plain("alice@example.test", "wonderland");
    CHECK(codes(h.send("MAIL FROM:<alice@example.test>\r\nRCPT TO:<friend@elsewhere.test>\r\nDATA\r\nhi\r\n.\r\n")) ==
          std::vector<int>{250, 250, 354, 250});
    REQUIRE(h.count(EventKind::message_accepted) == 1);
    const Event& e = *h.last(EventKind::message_accepted);
    CHECK(e.forward_paths == std::vector<std::string>{"friend@elsewhere.test"});
    CHECK(e.user == "alice@example.test");
    CHECK(e.message.str().find(" with ESMTPA id ") != std::string::npos);  // RFC 3848
}

TEST_CASE("a DATA line over 1000 octets rejects the message after its end") {
    ServerHarness h;
    h.ehlo();
    h.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
    const auto r = replies(h.send(std::string(999, 'x') + "\r\nmore\r\n.\r\n"));
    REQUIRE(r.size() == 1);
    CHECK(r[0].code.value() == 554);
    CHECK(h.count(EventKind::message_accepted) == 0);
    REQUIRE(h.last(EventKind::protocol_violation));
    CHECK(h.last(EventKind::protocol_violation)->rfc == "RFC 5321 §4.5.3.1.6");
    h.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
    CHECK(codes(h.send(std::string(998, 'x') + "\r\n.\r\n")) == std::vector<int>{250});
}

TEST_CASE("SIZE: declared and actual sizes over the limit get 552 5.3.4") {
    ServerConfig config;
    config.message_size_max = 1000;
    ServerHarness h(config);
    h.ehlo();
    const auto declared = replies(h.send("MAIL FROM:<a@remote.test> SIZE=1001\r\n"));
    CHECK(declared[0].code.value() == 552);
    CHECK(declared[0].lines.front().rfind("5.3.4 ", 0) == 0);
    h.send("MAIL FROM:<a@remote.test> SIZE=10\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
    std::string big;
    for (int i = 0; i < 30; ++i) big += std::string(98, 'y') + "\r\n";
    const auto actual = replies(h.send(big + ".\r\n"));
    CHECK(actual[0].code.value() == 552);
    CHECK(h.count(EventKind::message_accepted) == 0);
    CHECK(codes(h.send("MAIL FROM:<a@remote.test> SIZE=abc\r\n")) == std::vector<int>{501});
    CHECK(codes(h.send("MAIL FROM:<a@remote.test> FOO=bar\r\n")) == std::vector<int>{555});
}

TEST_CASE("too many recipients: 452 4.5.3") {
    ServerConfig config;
    config.recipients_max = 2;
    ServerHarness h(config);
    h.ehlo();
    h.send("MAIL FROM:<a@remote.test>\r\n");
    CHECK(codes(h.send("RCPT TO:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\n")) == std::vector<int>{250, 250});
    const auto r = replies(h.send("RCPT TO:<alice@example.test>\r\n"));
    CHECK(r[0].code.value() == 452);
    CHECK(r[0].lines.front() == "4.5.3 Too many recipients");
    CHECK(codes(h.send("DATA\r\nx\r\n.\r\n")) == std::vector<int>{354, 250});
    CHECK(h.last(EventKind::message_accepted)->forward_paths.size() == 2);
}

TEST_CASE("submission: MAIL without AUTH gets 530, AUTH before TLS gets 538") {
    ServerConfig config;
    config.role = Role::submission;
    ServerHarness h(config);
    h.start();
    const auto ehlo = replies(h.send("EHLO laptop\r\n"));
    const auto caps = parse_ehlo_reply(ehlo.at(0));
    CHECK(caps.has("STARTTLS"));
    CHECK_FALSE(caps.has("AUTH"));  // not offered in plaintext (RFC 4954 §4, RFC 8314)
    const auto auth = replies(h.send("AUTH PLAIN " + plain("alice@example.test", "wonderland") + "\r\n"));
    CHECK(auth[0].code.value() == 538);
    CHECK(auth[0].lines.front().rfind("5.7.11 ", 0) == 0);
    CHECK(h.count(EventKind::auth_succeeded) == 0);
    const auto mail = replies(h.send("MAIL FROM:<alice@example.test>\r\n"));
    CHECK(mail[0].code.value() == 530);
    CHECK(mail[0].lines.front().rfind("5.7.0 ", 0) == 0);

    h.send("STARTTLS\r\n");
    h.tls();
    h.send("EHLO laptop\r\n");
    const auto mail_tls = replies(h.send("MAIL FROM:<alice@example.test>\r\n"));
    CHECK(mail_tls[0].code.value() == 530);
    CHECK(mail_tls[0].lines.front() == "5.7.0 Authentication required");
    h.auth_plain("alice@example.test", "wonderland");
    CHECK(codes(h.send("MAIL FROM:<alice@example.test>\r\nRCPT TO:<x@elsewhere.test>\r\n")) == std::vector<int>{250, 250});
}

TEST_CASE("submissions (465): TLS from the start, no STARTTLS, AUTH offered") {
    ServerConfig config;
    config.role = Role::submissions;
    ServerHarness h(config);
    h.start();
    const auto caps = parse_ehlo_reply(replies(h.send("EHLO laptop\r\n")).at(0));
    CHECK_FALSE(caps.has("STARTTLS"));
    CHECK(caps.offers_auth("LOGIN"));
    CHECK(codes(h.send("STARTTLS\r\n")) == std::vector<int>{554});
    h.auth_plain("bob@example.test", "builder");
    h.send("MAIL FROM:<bob@example.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nhi\r\n.\r\n");
    REQUIRE(h.last(EventKind::message_accepted));
    CHECK(h.last(EventKind::message_accepted)->message.str().find(" with ESMTPSA id ") != std::string::npos);
}
