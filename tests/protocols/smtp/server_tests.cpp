// SMTP server behaviour that is not an attack: greeting and EHLO keywords per role, HELO
// without enhanced codes (RFC 2034 §3), timeouts (RFC 5321 §4.5.3.2.7), QUIT and EOF, the
// Received: header (§4.4, RFC 3848) and its RFC 5322 §3.3 date.
#include "smtp_test_support.hpp"

using namespace smtp_test;

TEST_CASE("greeting and EHLO keywords for the relay role") {
    ServerHarness h;
    CHECK(h.start() == "220 mail.example.test ESMTP PostLab\r\n");
    CHECK(h.server.state() == ServerState::need_helo);
    const std::string ehlo = h.send("EHLO client.example.test\r\n");
    CHECK(ehlo == "250-mail.example.test Hello client.example.test\r\n250-PIPELINING\r\n250-SIZE 10485760\r\n"
                  "250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 STARTTLS\r\n");
    CHECK(h.server.state() == ServerState::ready);
}

TEST_CASE("relay with plaintext AUTH allowed offers AUTH, without TLS transport no STARTTLS") {
    ServerConfig config;
    config.auth_requires_tls = false;
    config.tls_available = false;
    ServerHarness h(config);
    h.start();
    const auto caps = parse_ehlo_reply(replies(h.send("EHLO c\r\n")).at(0));
    CHECK(caps.offers_auth("PLAIN"));
    CHECK(caps.offers_auth("LOGIN"));
    CHECK_FALSE(caps.has("STARTTLS"));
    CHECK(codes(h.send("STARTTLS\r\n")) == std::vector<int>{502});
}

TEST_CASE("HELO: plain SMTP replies without enhanced status codes") {
    ServerHarness h;
    h.start();
    CHECK(h.send("HELO client\r\n") == "250 mail.example.test Hello client\r\n");
    CHECK(h.send("MAIL FROM:<a@remote.test>\r\n") == "250 Ok\r\n");
    CHECK(h.send("RCPT TO:<x@elsewhere.test>\r\n") == "554 <x@elsewhere.test>: Relay access denied\r\n");
    CHECK(codes(h.send("HELO\r\n")) == std::vector<int>{501});
    CHECK(codes(h.send("EHLO\r\n")) == std::vector<int>{501});
    h.send("RCPT TO:<alice@example.test>\r\nDATA\r\nhi\r\n.\r\n");
    REQUIRE(h.last(EventKind::message_accepted));
    CHECK(h.last(EventKind::message_accepted)->message.str().find(" with SMTP id ") != std::string::npos);
}

TEST_CASE("EHLO inside a transaction resets it (RFC 5321 §4.1.4)") {
    ServerHarness h;
    h.ehlo();
    h.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\n");
    CHECK(h.server.state() == ServerState::rcpt);
    h.send("EHLO again\r\n");
    CHECK(h.server.state() == ServerState::ready);
    CHECK(codes(h.send("DATA\r\n")) == std::vector<int>{503});
}

TEST_CASE("NOOP, VRFY, HELP, RSET replies") {
    ServerHarness h;
    h.ehlo();
    CHECK(h.send("NOOP\r\n") == "250 2.0.0 Ok\r\n");
    CHECK(codes(h.send("VRFY alice\r\n")) == std::vector<int>{252});
    CHECK(codes(h.send("VRFY\r\n")) == std::vector<int>{501});
    CHECK(codes(h.send("HELP\r\n")) == std::vector<int>{214});
    CHECK(codes(h.send("RSET now\r\n")) == std::vector<int>{501});
    CHECK(codes(h.send("DATA now\r\n")) == std::vector<int>{503});
}

TEST_CASE("RCPT to Postmaster without a domain is accepted (RFC 5321 §4.5.1)") {
    ServerHarness h;
    h.ehlo();
    CHECK(codes(h.send("MAIL FROM:<>\r\nRCPT TO:<Postmaster>\r\n")) == std::vector<int>{250, 250});
}

TEST_CASE("server timeout: 421 4.4.2 after 5 minutes without a command") {
    ServerHarness h;
    h.ehlo();
    REQUIRE(h.server.next_deadline_us() == h.now_us + k_server_timeout_us);
    h.now_us += k_server_timeout_us - 1;
    h.server.on_timer(h.ctx());
    CHECK(h.drain().empty());
    CHECK_FALSE(h.server.closed());
    h.now_us += 1;
    h.server.on_timer(h.ctx());
    const auto r = replies(h.drain());
    REQUIRE(r.size() == 1);
    CHECK(r[0].code.value() == 421);
    CHECK(r[0].lines.front().rfind("4.4.2 ", 0) == 0);
    CHECK(h.server.closed());
    CHECK(h.server.next_deadline_us() == std::nullopt);
    CHECK(h.count(EventKind::session_closed) == 1);
}

TEST_CASE("activity moves the deadline") {
    ServerHarness h;
    h.ehlo();
    h.now_us += 60'000'000;
    h.send("NOOP\r\n");
    CHECK(h.server.next_deadline_us() == h.now_us + k_server_timeout_us);
}

TEST_CASE("QUIT closes with 221; EOF closes with a session_closed event") {
    ServerHarness quit;
    quit.ehlo();
    CHECK(codes(quit.send("QUIT\r\nNOOP\r\n")) == std::vector<int>{221});  // nothing after QUIT
    CHECK(quit.server.closed());
    CHECK(quit.count(EventKind::session_closed) == 1);

    ServerHarness eof;
    eof.ehlo();
    eof.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\npartial");
    eof.server.receive_eof(eof.ctx());
    eof.drain();
    CHECK(eof.server.closed());
    CHECK(eof.count(EventKind::session_closed) == 1);
    CHECK(eof.count(EventKind::message_accepted) == 0);
    CHECK(eof.count(EventKind::protocol_violation) == 1);
}

TEST_CASE("the Received: header follows RFC 5321 §4.4") {
    ServerConfig config;
    config.peer_address = "2001:db8::25";
    ServerHarness h(config);
    h.ehlo("laptop.example.test");
    h.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nSubject: x\r\n\r\nbody\r\n.\r\n");
    REQUIRE(h.last(EventKind::message_accepted));
    const std::string& m = h.last(EventKind::message_accepted)->message;
    const std::string id = m.substr(m.find(" id ") + 4, m.find("\r\n\tfor") - m.find(" id ") - 4);
    CHECK(m == "Received: from laptop.example.test ([IPv6:2001:db8::25])\r\n\tby mail.example.test (PostLab) "
               "with ESMTP id " + id + "\r\n\tfor <alice@example.test>; Thu, 21 May 1998 12:33:29 +0000\r\n"
               "Subject: x\r\n\r\nbody\r\n");
    CHECK_FALSE(id.empty());
}

TEST_CASE("RFC 5322 dates from virtual time") {
    CHECK(format_rfc5322_date(0) == "Thu, 1 Jan 1970 00:00:00 +0000");
    CHECK(format_rfc5322_date(TimeUs{1709251199} * 1'000'000 + 999'999) == "Thu, 29 Feb 2024 23:59:59 +0000");
    CHECK(format_rfc5322_date(TimeUs{-1} * 1'000'000) == "Wed, 31 Dec 1969 23:59:59 +0000");
}

TEST_CASE("queue ids differ between messages of one session") {
    ServerHarness h;
    h.ehlo();
    const std::string tx = "MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nx\r\n.\r\n";
    const auto first = replies(h.send(tx));
    const auto second = replies(h.send(tx));
    REQUIRE(first.size() == 4);
    REQUIRE(second.size() == 4);
    CHECK(first[3].lines.front().rfind("2.0.0 Ok: queued as ", 0) == 0);
    CHECK(first[3].lines.front() != second[3].lines.front());
}
