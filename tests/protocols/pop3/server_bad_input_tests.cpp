// POP3 server against a hostile or broken peer: over-long lines, NUL, bare LF, commands out of
// order, brute force, and plaintext injected behind STLS. Each gets -ERR (or a close) and a
// protocol_violation or auth_failed event; nothing crashes, nothing buffers without bound.
#include <catch2/catch.hpp>

#include "pop3_test_support.hpp"
#include "protocols/core/base64.hpp"

using namespace pop3_test;

namespace {

const std::string k_user = "alice@example.test";

std::size_t count_events(const std::vector<Event>& events, EventKind kind) {
    std::size_t n = 0;
    for (const auto& e : events) n += e.kind == kind ? 1 : 0;
    return n;
}

std::string rfc_of_violation(const std::vector<Event>& events) {
    for (const auto& e : events) {
        if (e.kind == EventKind::protocol_violation) return e.rfc;
    }
    return {};
}

}  // namespace

TEST_CASE("a 1 MB line gets one -ERR and a violation; the session goes on (RFC 2449 §4)") {
    MailStore store = store_with(k_user, "secret", {});
    const bool byte_at_a_time = GENERATE(false, true);
    Server s{ServerConfig{}};
    greet(s, store);
    const std::string line = std::string(1024 * 1024, 'A') + "\r\n";
    std::string out;
    if (byte_at_a_time) {
        for (char c : line) out += say(s, store, std::string_view(&c, 1));
    } else {
        out = say(s, store, line);
    }
    CHECK(out == "-ERR line too long\r\n");
    const auto events = drain(s);
    CHECK(count_events(events, EventKind::protocol_violation) == 1);
    CHECK(rfc_of_violation(events) == "RFC 2449 §4");
    CHECK(say(s, store, "NOOP\r\n") == "-ERR NOOP not allowed in AUTHORIZATION state\r\n");
    CHECK_FALSE(s.closed());
}

TEST_CASE("a command between 255 and 512 octets is accepted (lenient), 513 is not") {
    MailStore store = store_with(k_user, "secret", {});
    Server s{ServerConfig{}};
    greet(s, store);
    const std::string name(400, 'n');
    CHECK(say(s, store, "USER " + name + "\r\n") == "+OK send PASS\r\n");
    CHECK(say(s, store, "USER " + std::string(command_line_max - 6, 'n') + "\r\n") ==
          "-ERR line too long\r\n");
}

TEST_CASE("NUL bytes and bare LF get -ERR and a violation (RFC 1939 §3)") {
    MailStore store = store_with(k_user, "secret", {});
    Server s{ServerConfig{}};
    greet(s, store);
    CHECK(say(s, store, std::string("USER al\0ice\r\n", 13)) ==
          "-ERR invalid characters in command\r\n");
    CHECK(rfc_of_violation(drain(s)) == "RFC 1939 §3");
    CHECK(say(s, store, "CAPA\n") == "-ERR lines must end with CRLF\r\n");
    CHECK(count_events(drain(s), EventKind::protocol_violation) == 1);
    CHECK(say(s, store, "NO\rOP\r\n") == "-ERR lines must end with CRLF\r\n");
    CHECK_FALSE(s.closed());
}

TEST_CASE("commands out of order: RETR before login, PASS without USER, USER after login") {
    MailStore store = store_with(k_user, "secret", {message_of_size(60, "a")});
    Server s{ServerConfig{}};
    greet(s, store);
    CHECK(say(s, store, "RETR 1\r\n") == "-ERR RETR not allowed in AUTHORIZATION state\r\n");
    CHECK(count_events(drain(s), EventKind::protocol_violation) == 1);
    CHECK(say(s, store, "PASS secret\r\n") == "-ERR PASS must follow USER\r\n");
    CHECK(rfc_of_violation(drain(s)) == "RFC 1939 §7");
    // USER, then something else, then PASS: the USER is forgotten (RFC 1939 §7).
    CHECK(say(s, store, "USER alice@example.test\r\nNOOP\r\nPASS secret\r\n") ==
          "+OK send PASS\r\n-ERR NOOP not allowed in AUTHORIZATION state\r\n"
          "-ERR PASS must follow USER\r\n");
    CHECK(s.state() == State::authorization);
    CHECK(say(s, store, "USER alice@example.test\r\nPASS secret\r\n").ends_with("(60 octets)\r\n"));
    CHECK(say(s, store, "USER bob@example.test\r\n") ==
          "-ERR USER not allowed in TRANSACTION state\r\n");
    CHECK(say(s, store, "STLS\r\n") == "-ERR STLS not allowed in TRANSACTION state\r\n");
    CHECK(say(s, store, "RETR 0\r\n") == "-ERR no such message, only 1 messages in maildrop\r\n");
    CHECK(say(s, store, "RETR one\r\n") == "-ERR syntax: RETR msg\r\n");
    CHECK(say(s, store, "XTND XMIT\r\n") == "-ERR unknown command\r\n");
    CHECK(say(s, store, "TOP 1\r\n") == "-ERR syntax: TOP msg n\r\n");
}

TEST_CASE("USER/PASS brute force: closed after auth_failures_max failures") {
    MailStore store = store_with(k_user, "secret", {});
    Server s{ServerConfig{}};
    greet(s, store);
    CHECK(say(s, store, "USER alice@example.test\r\nPASS guess1\r\n") ==
          "+OK send PASS\r\n-ERR [AUTH] authentication failed\r\n");
    CHECK(say(s, store, "USER nobody@example.test\r\nPASS guess2\r\n") ==
          "+OK send PASS\r\n-ERR [AUTH] authentication failed\r\n");
    CHECK_FALSE(s.closed());
    // Pipelined attempts after the limit are not even read.
    CHECK(say(s, store,
              "USER alice@example.test\r\nPASS guess3\r\nUSER alice@example.test\r\n"
              "PASS secret\r\n") ==
          "+OK send PASS\r\n-ERR [AUTH] authentication failed; too many failures, closing "
          "connection\r\n");
    CHECK(s.closed());
    CHECK(s.state() == State::authorization);
    const auto events = drain(s);
    CHECK(count_events(events, EventKind::auth_failed) == 3);
    CHECK(count_events(events, EventKind::auth_succeeded) == 0);
    CHECK(has_event(events, EventKind::session_closed));
}

TEST_CASE("AUTH PLAIN brute force and garbage count as failures too") {
    MailStore store = store_with(k_user, "secret", {});
    ServerConfig config;
    config.auth_failures_max = 2;
    Server s(config);
    greet(s, store);
    std::string wrong;
    wrong += '\0';
    wrong += k_user;
    wrong += '\0';
    wrong += "nope";
    CHECK(say(s, store, "AUTH PLAIN " + base64_encode(wrong) + "\r\n") ==
          "-ERR [AUTH] authentication failed\r\n");
    CHECK(say(s, store, "AUTH PLAIN\r\n") == "+ \r\n");
    CHECK(say(s, store, "!!!not-base64!!!\r\n") ==
          "-ERR [AUTH] authentication failed; too many failures, closing connection\r\n");
    CHECK(s.closed());
}

TEST_CASE("STLS injection: plaintext pipelined after STLS is discarded (RFC 2595 §4)") {
    MailStore store = store_with(k_user, "secret", {});
    Server s{ServerConfig{}};
    greet(s, store);
    CHECK(say(s, store, "STLS\r\nUSER x\r\n") == "+OK Begin TLS negotiation\r\n");
    CHECK(s.wants_tls());
    const auto events = drain(s);
    CHECK(has_event(events, EventKind::tls_requested));
    CHECK(count_events(events, EventKind::protocol_violation) == 1);
    CHECK(rfc_of_violation(events) == "RFC 2595 §4");
    s.tls_established(SessionContext{&store, k_now_us});
    // The injected USER was never executed: PASS now has no USER to follow.
    CHECK(say(s, store, "PASS secret\r\n") == "-ERR PASS must follow USER\r\n");
}

TEST_CASE("bytes sent while the TLS handshake is pending are discarded") {
    MailStore store = store_with(k_user, "secret", {});
    Server s{ServerConfig{}};
    greet(s, store);
    say(s, store, "STLS\r\n");
    drain(s);
    CHECK(say(s, store, "USER alice@example.test\r\n").empty());
    CHECK(count_events(drain(s), EventKind::protocol_violation) == 1);
    s.tls_established(SessionContext{&store, k_now_us});
    CHECK(say(s, store, "PASS secret\r\n") == "-ERR PASS must follow USER\r\n");
}

TEST_CASE("a server without a store answers -ERR instead of crashing") {
    Server s{ServerConfig{}};
    s.start(SessionContext{nullptr, k_now_us});
    CHECK(s.take_output().starts_with("+OK"));
    s.receive("USER a@b\r\nPASS c\r\n", SessionContext{nullptr, k_now_us});
    CHECK(s.take_output() == "+OK send PASS\r\n-ERR [SYS/TEMP] maildrop unavailable\r\n");
    s.receive_eof(SessionContext{nullptr, k_now_us});
    CHECK(s.closed());
}
