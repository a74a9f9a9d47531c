// POP3 server transcripts: the RFC 1939 §10 example session, RFC 2449 §5 CAPA, logins (USER/PASS,
// APOP, AUTH PLAIN), the TRANSACTION commands, UPDATE, the maildrop lock, STLS, EOF and timer.
#include <catch2/catch.hpp>

#include "pop3_test_support.hpp"
#include "protocols/core/base64.hpp"

using namespace pop3_test;

namespace {

const std::string k_user = "alice@example.test";
const std::string k_login = "USER alice@example.test\r\nPASS secret\r\n";
const std::string k_login_reply = "+OK send PASS\r\n";

std::string plain_response(std::string_view user, std::string_view password) {
    std::string m;
    m += '\0';
    m += user;
    m += '\0';
    m += password;
    return base64_encode(m);
}

}  // namespace

TEST_CASE("RFC 1939 §10 example session, APOP digest and all") {
    // The RFC's maildrop: message 1 of 120 octets, message 2 of 200. Its greeting timestamp is
    // <1896.697170952@dbc.mtview.ca.us>: session id 1896 at clock 697170952 s. The secret is
    // "tanstaaf" (RFC 1939 §7), so the RFC's own digest must log in.
    const std::string m1 = message_of_size(120, "one");
    const std::string m2 = message_of_size(200, "two");
    MailStore store("dbc.mtview.ca.us");
    store.add_account("mrose@dbc.mtview.ca.us", "tanstaaf");
    store.deliver("mrose@dbc.mtview.ca.us", "INBOX", m1, 0);
    store.deliver("mrose@dbc.mtview.ca.us", "INBOX", m2, 0);
    for (int i = 0; i < 1895; ++i) store.next_session_id();
    const TimeUs now = 697170952LL * 1'000'000;

    ServerConfig config;
    config.hostname = "dbc.mtview.ca.us";
    config.apop_enabled = true;
    Server s(config);
    CHECK(greet(s, store, now) ==
          "+OK dbc.mtview.ca.us POP3 ready <1896.697170952@dbc.mtview.ca.us>\r\n");
    // Adapted: our accounts are addresses; the digest does not depend on the name.
    CHECK(say(s, store, "APOP mrose@dbc.mtview.ca.us c4c9334bac560ecc979e58001b3e22fb\r\n", now) ==
          "+OK mrose@dbc.mtview.ca.us's maildrop has 2 messages (320 octets)\r\n");
    CHECK(s.state() == State::transaction);
    CHECK(say(s, store, "STAT\r\n", now) == "+OK 2 320\r\n");
    CHECK(say(s, store, "LIST\r\n", now) ==
          "+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n");
    CHECK(say(s, store, "RETR 1\r\n", now) == "+OK 120 octets\r\n" + m1 + ".\r\n");
    CHECK(say(s, store, "DELE 1\r\n", now) == "+OK message 1 deleted\r\n");
    CHECK(say(s, store, "RETR 2\r\n", now) == "+OK 200 octets\r\n" + m2 + ".\r\n");
    CHECK(say(s, store, "DELE 2\r\n", now) == "+OK message 2 deleted\r\n");
    CHECK(say(s, store, "QUIT\r\n", now) ==
          "+OK dbc.mtview.ca.us POP3 server signing off (maildrop empty)\r\n");
    CHECK(s.closed());
    CHECK(s.state() == State::update);
    CHECK(inbox_count(store, "mrose@dbc.mtview.ca.us") == 0);
    CHECK(store.account("mrose@dbc.mtview.ca.us")->maildrop_lock == 0);

    const auto events = drain(s);
    REQUIRE(has_event(events, EventKind::messages_deleted));
    for (const auto& e : events) {
        if (e.kind == EventKind::messages_deleted) CHECK(e.count == 2);
    }
    CHECK(has_event(events, EventKind::auth_succeeded));
    CHECK(has_event(events, EventKind::session_closed));
}

TEST_CASE("APOP with a wrong digest fails; APOP disabled means no timestamp and -ERR") {
    MailStore store = store_with(k_user, "secret", {});
    ServerConfig config;
    config.apop_enabled = true;
    Server s(config);
    const std::string greeting = greet(s, store);
    CHECK(greeting.find('<') != std::string::npos);
    CHECK(say(s, store, "APOP alice@example.test 00000000000000000000000000000000\r\n") ==
          "-ERR [AUTH] authentication failed\r\n");

    Server plain{ServerConfig{}};
    const std::string plain_greeting = greet(plain, store);
    CHECK(plain_greeting == "+OK mail.example.test POP3 ready\r\n");
    CHECK(say(plain, store, "APOP alice@example.test c4c9334bac560ecc979e58001b3e22fb\r\n") ==
          "-ERR APOP not supported\r\n");
}

TEST_CASE("CAPA has the RFC 2449 §5 shape and lists what this state allows") {
    MailStore store = store_with(k_user, "secret", {});
    Server s{ServerConfig{}};
    greet(s, store);
    const std::string capa = say(s, store, "CAPA\r\n");
    CHECK(capa ==
          "+OK Capability list follows\r\n"
          "TOP\r\nUSER\r\nSASL PLAIN\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nUIDL\r\n"
          "STLS\r\nIMPLEMENTATION PostLab\r\n.\r\n");
    // The client's parser reads it back.
    const auto status = parse_status_line(capa);
    REQUIRE(status.status == ParseStatus::complete);
    const auto body = parse_multiline(std::string_view(capa).substr(status.consumed), 4096);
    REQUIRE(body.status == ParseStatus::complete);
    const auto caps = parse_capabilities(body.value);
    REQUIRE(caps);
    CHECK(caps->size() == 9);

    // RFC 2595 §4: STLS is announced only where it is permitted (not after login).
    say(s, store, k_login);
    const std::string after = say(s, store, "CAPA\r\n");
    CHECK(after.find("STLS") == std::string::npos);
    CHECK(after.find("USER\r\n") != std::string::npos);  // RFC 2449 §5: announced in both states
}

TEST_CASE("USER/PASS login, then LIST, UIDL, TOP, NOOP on a single message") {
    const std::string m =
        "Subject: hi\r\nFrom: b@example.test\r\n\r\nline 1\r\nline 2\r\nline 3\r\n";
    MailStore store = store_with(k_user, "secret", {m});
    Server s{ServerConfig{}};
    greet(s, store);
    CHECK(say(s, store, "USER alice@example.test\r\n") == k_login_reply);
    CHECK(say(s, store, "PASS secret\r\n") == "+OK alice@example.test's maildrop has 1 messages (" +
                                                  std::to_string(m.size()) + " octets)\r\n");
    CHECK(say(s, store, "LIST 1\r\n") == "+OK 1 " + std::to_string(m.size()) + "\r\n");
    CHECK(say(s, store, "LIST 2\r\n") == "-ERR no such message, only 1 messages in maildrop\r\n");
    CHECK(say(s, store, "UIDL\r\n") == "+OK\r\n1 1.1\r\n.\r\n");
    CHECK(say(s, store, "UIDL 1\r\n") == "+OK 1 1.1\r\n");
    CHECK(say(s, store, "TOP 1 0\r\n") ==
          "+OK top of message follows\r\nSubject: hi\r\nFrom: b@example.test\r\n\r\n.\r\n");
    CHECK(say(s, store, "TOP 1 2\r\n") ==
          "+OK top of message follows\r\nSubject: hi\r\nFrom: b@example.test\r\n\r\n"
          "line 1\r\nline 2\r\n.\r\n");
    CHECK(say(s, store, "TOP 1 99\r\n") == "+OK top of message follows\r\n" + m + ".\r\n");
    CHECK(say(s, store, "NOOP\r\n") == "+OK\r\n");
    CHECK(say(s, store, "QUIT\r\n") ==
          "+OK mail.example.test POP3 server signing off (1 messages left)\r\n");
    CHECK(inbox_count(store, k_user) == 1);
}

TEST_CASE("RETR byte-stuffs lines starting with '.' and completes a missing final CRLF") {
    const std::string dotted = "Subject: dots\r\n\r\n.\r\n..two\r\n.end\r\n";
    const std::string no_crlf = "Subject: short\r\n\r\nno final newline";
    MailStore store = store_with(k_user, "secret", {dotted, no_crlf});
    Server s{ServerConfig{}};
    greet(s, store);
    say(s, store, k_login);
    CHECK(say(s, store, "RETR 1\r\n") == "+OK " + std::to_string(dotted.size()) +
                                             " octets\r\nSubject: dots\r\n\r\n..\r\n...two\r\n"
                                             "..end\r\n.\r\n");
    // The size counts the CRLF we add, so LIST and what arrives agree (RFC 1939 §5).
    const std::string size = std::to_string(no_crlf.size() + 2);
    CHECK(say(s, store, "LIST 2\r\n") == "+OK 2 " + size + "\r\n");
    CHECK(say(s, store, "RETR 2\r\n") == "+OK " + size + " octets\r\n" + no_crlf + "\r\n.\r\n");
}

TEST_CASE("AUTH PLAIN with an initial response, with a continuation, and cancelled") {
    MailStore store = store_with(k_user, "secret", {message_of_size(50, "a")});
    {
        Server s{ServerConfig{}};
        greet(s, store);
        CHECK(say(s, store, "AUTH PLAIN " + plain_response(k_user, "secret") + "\r\n") ==
              "+OK alice@example.test's maildrop has 1 messages (50 octets)\r\n");
        CHECK(s.state() == State::transaction);
        say(s, store, "QUIT\r\n");
    }
    {
        Server s{ServerConfig{}};
        greet(s, store);
        CHECK(say(s, store, "AUTH PLAIN\r\n") == "+ \r\n");
        CHECK(say(s, store, plain_response(k_user, "secret") + "\r\n").starts_with("+OK "));
        say(s, store, "QUIT\r\n");
    }
    {
        Server s{ServerConfig{}};
        greet(s, store);
        CHECK(say(s, store, "AUTH PLAIN\r\n") == "+ \r\n");
        CHECK(say(s, store, "*\r\n") == "-ERR authentication cancelled\r\n");
        CHECK(s.state() == State::authorization);
        CHECK(say(s, store, "AUTH CRAM-MD5\r\n") == "-ERR Unrecognized authentication type\r\n");
        CHECK(say(s, store, "AUTH\r\n") == "+OK mechanisms follow\r\nPLAIN\r\n.\r\n");
    }
}

TEST_CASE("DELE marks, RSET unmarks, deleted messages are out of reach, QUIT commits") {
    MailStore store =
        store_with(k_user, "secret", {message_of_size(60, "a"), message_of_size(70, "b")});
    Server s{ServerConfig{}};
    greet(s, store);
    say(s, store, k_login);
    CHECK(say(s, store, "DELE 1\r\n") == "+OK message 1 deleted\r\n");
    CHECK(say(s, store, "DELE 1\r\n") == "-ERR message 1 already deleted\r\n");
    CHECK(say(s, store, "RETR 1\r\n") == "-ERR message 1 already deleted\r\n");
    CHECK(say(s, store, "STAT\r\n") == "+OK 1 70\r\n");
    CHECK(say(s, store, "LIST\r\n") == "+OK 1 messages (70 octets)\r\n2 70\r\n.\r\n");
    CHECK(say(s, store, "UIDL\r\n") == "+OK\r\n2 1.2\r\n.\r\n");
    CHECK(say(s, store, "RSET\r\n") == "+OK maildrop has 2 messages (130 octets)\r\n");
    CHECK(say(s, store, "STAT\r\n") == "+OK 2 130\r\n");
    CHECK(say(s, store, "DELE 2\r\n") == "+OK message 2 deleted\r\n");
    CHECK(inbox_count(store, k_user) == 2);  // only marked so far
    CHECK(say(s, store, "QUIT\r\n") ==
          "+OK mail.example.test POP3 server signing off (1 messages left)\r\n");
    REQUIRE(inbox_count(store, k_user) == 1);
    CHECK(store.account(k_user)->folder("INBOX")->messages[0].uid == 1);
}

TEST_CASE("the maildrop is a snapshot: mail arriving during the session waits (RFC 1939 §5)") {
    MailStore store = store_with(k_user, "secret", {message_of_size(60, "a")});
    Server s{ServerConfig{}};
    greet(s, store);
    say(s, store, k_login);
    store.deliver(k_user, "INBOX", message_of_size(80, "late"), k_now_us);
    CHECK(say(s, store, "STAT\r\n") == "+OK 1 60\r\n");
    CHECK(say(s, store, "RETR 2\r\n").starts_with("-ERR no such message"));
    say(s, store, "DELE 1\r\nQUIT\r\n");
    CHECK(inbox_count(store, k_user) == 1);

    Server next{ServerConfig{}};
    greet(next, store);
    say(next, store, k_login);
    CHECK(say(next, store, "STAT\r\n") == "+OK 1 80\r\n");
    CHECK(say(next, store, "UIDL 1\r\n") == "+OK 1 1.2\r\n");  // the UID stays, the number changes
}

TEST_CASE("a second session gets -ERR [IN-USE] while the maildrop is locked (RFC 2449 §8.1.1)") {
    MailStore store = store_with(k_user, "secret", {message_of_size(60, "a")});
    Server first{ServerConfig{}};
    Server second{ServerConfig{}};
    greet(first, store);
    greet(second, store);
    say(first, store, k_login);
    CHECK(say(second, store, k_login) ==
          k_login_reply + "-ERR [IN-USE] maildrop already locked by another session\r\n");
    CHECK(second.state() == State::authorization);
    const auto events = drain(second);
    REQUIRE(has_event(events, EventKind::auth_failed));
    say(first, store, "QUIT\r\n");
    CHECK(say(second, store, k_login).ends_with("maildrop has 1 messages (60 octets)\r\n"));
}

TEST_CASE("EOF without QUIT commits nothing and releases the lock") {
    MailStore store = store_with(k_user, "secret", {message_of_size(60, "a")});
    Server s{ServerConfig{}};
    greet(s, store);
    say(s, store, k_login + "DELE 1\r\n");
    CHECK(store.account(k_user)->maildrop_lock != 0);
    s.receive_eof(SessionContext{&store, k_now_us});
    CHECK(s.closed());
    CHECK(s.take_output().empty());
    CHECK(inbox_count(store, k_user) == 1);
    CHECK(store.account(k_user)->maildrop_lock == 0);
    const auto events = drain(s);
    CHECK(has_event(events, EventKind::session_closed));
    CHECK_FALSE(has_event(events, EventKind::messages_deleted));
}

TEST_CASE("autologout after 10 minutes idle: silent close, no UPDATE (RFC 1939 §3)") {
    MailStore store = store_with(k_user, "secret", {message_of_size(60, "a")});
    Server s{ServerConfig{}};
    greet(s, store);
    say(s, store, k_login + "DELE 1\r\n", k_now_us + 1'000'000);
    REQUIRE(s.next_deadline_us() == k_now_us + 1'000'000 + autologout_us);
    s.on_timer(SessionContext{&store, k_now_us + autologout_us});  // early: nothing happens
    CHECK_FALSE(s.closed());
    s.on_timer(SessionContext{&store, k_now_us + 1'000'000 + autologout_us});
    CHECK(s.closed());
    CHECK(s.take_output().empty());
    CHECK_FALSE(s.next_deadline_us());
    CHECK(inbox_count(store, k_user) == 1);
    CHECK(store.account(k_user)->maildrop_lock == 0);
}

TEST_CASE("STLS: +OK, TLS, still AUTHORIZATION, STLS gone from CAPA (RFC 2595 §4)") {
    MailStore store = store_with(k_user, "secret", {});
    Server s{ServerConfig{}};
    greet(s, store);
    CHECK(say(s, store, "STLS\r\n") == "+OK Begin TLS negotiation\r\n");
    CHECK(s.wants_tls());
    s.tls_established(SessionContext{&store, k_now_us});
    CHECK_FALSE(s.wants_tls());
    CHECK(s.tls_active());
    CHECK(s.state() == State::authorization);
    CHECK(say(s, store, "CAPA\r\n").find("STLS") == std::string::npos);
    CHECK(say(s, store, "STLS\r\n") == "-ERR Command not permitted when TLS active\r\n");
    CHECK(say(s, store, k_login).ends_with("(0 octets)\r\n"));
    const auto events = drain(s);
    CHECK(has_event(events, EventKind::tls_requested));
    CHECK(has_event(events, EventKind::tls_established));
}

TEST_CASE("require_tls_for_login refuses cleartext logins until STLS (RFC 2595 §2.3)") {
    MailStore store = store_with(k_user, "secret", {});
    ServerConfig config;
    config.require_tls_for_login = true;
    Server s(config);
    greet(s, store);
    const std::string capa = say(s, store, "CAPA\r\n");
    CHECK(capa.find("USER") == std::string::npos);
    CHECK(capa.find("SASL") == std::string::npos);
    CHECK(say(s, store, "USER alice@example.test\r\n").starts_with("-ERR [AUTH] USER needs TLS"));
    CHECK(say(s, store, "AUTH PLAIN " + plain_response(k_user, "secret") + "\r\n")
              .starts_with("-ERR [AUTH] AUTH PLAIN needs TLS"));
    CHECK(s.state() == State::authorization);
    CHECK(say(s, store, "STLS\r\n").starts_with("+OK"));
    s.tls_established(SessionContext{&store, k_now_us});
    CHECK(say(s, store, k_login).starts_with(k_login_reply + "+OK"));

    ServerConfig implicit;
    implicit.implicit_tls = true;
    implicit.require_tls_for_login = true;
    Server tls(implicit);
    greet(tls, store);
    CHECK(say(tls, store, "CAPA\r\n").find("STLS") == std::string::npos);
    say(s, store, "QUIT\r\n");
    CHECK(say(tls, store, k_login).starts_with(k_login_reply + "+OK"));
}

TEST_CASE("QUIT in AUTHORIZATION signs off without UPDATE") {
    MailStore store = store_with(k_user, "secret", {});
    Server s{ServerConfig{}};
    greet(s, store);
    CHECK(say(s, store, "QUIT\r\n") == "+OK mail.example.test POP3 server signing off\r\n");
    CHECK(s.closed());
    CHECK_FALSE(has_event(drain(s), EventKind::messages_deleted));
    CHECK(say(s, store, "NOOP\r\n").empty());  // closed sessions ignore input
}

TEST_CASE("sessions are copyable values: a copy mid-session carries on independently") {
    MailStore store = store_with(k_user, "secret", {message_of_size(60, "a")});
    Server s{ServerConfig{}};
    greet(s, store);
    say(s, store, k_login + "DELE 1\r\n");
    Server copy = s;  // what a world snapshot does
    CHECK(say(copy, store, "RSET\r\n") == "+OK maildrop has 1 messages (60 octets)\r\n");
    CHECK(say(s, store, "STAT\r\n") == "+OK 0 0\r\n");
    CHECK(say(copy, store, "STAT\r\n") == "+OK 1 60\r\n");
}
