// Hostile and broken input: over-long lines, huge literal announcements, unbalanced parentheses,
// reused tags, commands in the wrong state, bare LF, pipelining floods and random bytes. The
// server answers BAD/NO (or BYE when it cannot recover), reports a protocol_violation, and
// never crashes or allocates what the peer merely announced.
#include "imap_test_support.hpp"

using namespace imap_test;

namespace {

struct Fixture {
    MailStore store{"example.test"};
    Fixture() {
        store.add_account("alice@example.test", "secret");
        store.deliver("alice@example.test", "INBOX", simple_message("one"), k_now, {});
    }
};

}  // namespace

TEST_CASE("a 1 MB line ends the session with BYE") {
    Fixture f;
    Session s(f.store);
    s.login();
    const std::string out = s.say("a NOOP " + std::string(1024 * 1024, 'x') + "\r\n");
    CHECK(out == "* BYE [TOOBIG] Line too long\r\n");
    CHECK(s.server.closed());
    CHECK(has_event(s.events(), EventKind::protocol_violation));
}

TEST_CASE("{4294967295} is refused before any allocation and the session survives") {
    Fixture f;
    Session s(f.store);
    s.login();
    CHECK(s.say("a APPEND INBOX {4294967295}\r\n") == "a NO [TOOBIG] Literal too big\r\n");
    CHECK(has_event(s.events(), EventKind::protocol_violation));
    CHECK(s.say("b NOOP\r\n") == "b OK NOOP completed\r\n");
    CHECK(s.say("c LOGIN {99999999999999999999999}\r\n") == "c BAD [TOOBIG] Literal too big\r\n");
    CHECK(s.say("d NOOP\r\n") == "d OK NOOP completed\r\n");
}

TEST_CASE("an oversized non-synchronizing literal is skipped; a gigantic one ends the session") {
    Fixture f;
    ServerConfig config;
    config.literal_size_max = 100;
    Session s(f.store, config);
    s.login();
    CHECK(s.say("a APPEND INBOX {200+}\r\n") == "a BAD [TOOBIG] Literal too big\r\n");
    CHECK(s.say(std::string(150, 'z')) == "");
    CHECK(s.say(std::string(50, 'z') + " tail {3+}\r\nabc\r\n") == "");
    CHECK(s.say("b NOOP\r\n") == "b OK NOOP completed\r\n");
    CHECK(s.say("c APPEND INBOX {4294967295+}\r\n") == "* BYE [TOOBIG] Literal too big\r\n");
    CHECK(s.server.closed());
}

TEST_CASE("unbalanced parentheses and other syntax errors are BAD") {
    Fixture f;
    Session s(f.store);
    s.login();
    s.say("s SELECT INBOX\r\n");
    CHECK(s.say("a FETCH 1 (FLAGS UID\r\n") == "a BAD Unbalanced parentheses\r\n");
    CHECK(s.say("b FETCH 1 FLAGS))\r\n") == "b BAD Unbalanced parentheses\r\n");
    CHECK(s.say("c SEARCH ((SEEN)\r\n") == "c BAD Unbalanced parentheses\r\n");
    CHECK(s.say("d FETCH 1 BODY[HEADER\r\n") == "d BAD Unbalanced brackets\r\n");
    CHECK(s.say("\r\n") == "* BAD Missing or invalid tag\r\n");
    CHECK(s.say("e\r\n") == "e BAD Missing command\r\n");
    CHECK(s.say("f FROB\r\n") == "f BAD Unknown command\r\n");
    CHECK(s.say("g FETCH 0 FLAGS\r\n") == "g BAD Invalid sequence set\r\n");
    CHECK(s.say("h NOOP\n") == "h BAD Lines must end with CRLF\r\n");
    CHECK(s.say("i NOOP\r\n") == "i OK NOOP completed\r\n");
    CHECK(has_event(s.events(), EventKind::protocol_violation));
}

TEST_CASE("a reused tag is tolerated but flagged") {
    Fixture f;
    Session s(f.store);
    s.start();
    CHECK(s.say("a1 NOOP\r\n") == "a1 OK NOOP completed\r\n");
    CHECK(s.events().empty());
    CHECK(s.say("a1 NOOP\r\n") == "a1 OK NOOP completed\r\n");
    const auto events = s.events();
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == EventKind::protocol_violation);
    CHECK(events[0].rfc == "RFC 9051 §2.2.1");
}

TEST_CASE("commands in the wrong state are BAD with the rule in the event") {
    Fixture f;
    Session s(f.store);
    s.start();
    CHECK(s.say("a SELECT INBOX\r\n") == "a BAD Command not allowed in the not authenticated state\r\n");
    const auto events = s.events();
    REQUIRE(events.size() == 1);
    CHECK(events[0].rfc == "RFC 9051 §6.3.2");
    CHECK(s.say("b IDLE\r\n").starts_with("b BAD"));
    s.say("c LOGIN alice@example.test secret\r\n");
    CHECK(s.say("d EXPUNGE\r\n") == "d BAD Command not allowed in the authenticated state\r\n");
    CHECK(s.say("e STARTTLS\r\n").starts_with("e BAD"));
    CHECK(s.say("f AUTHENTICATE PLAIN\r\n").starts_with("f BAD"));
}

TEST_CASE("too many pipelined commands get BAD [LIMIT]") {
    Fixture f;
    ServerConfig config;
    config.commands_in_flight_max = 2;
    Session s(f.store, config);
    s.start();
    CHECK(s.say("a NOOP\r\nb NOOP\r\nc NOOP\r\n") ==
          "a OK NOOP completed\r\nb OK NOOP completed\r\nc BAD [LIMIT] Too many commands in flight\r\n");
    CHECK(s.say("d NOOP\r\n") == "d OK NOOP completed\r\n");  // the output was taken
}

TEST_CASE("too many errors end the session") {
    Fixture f;
    Session s(f.store);
    s.start();
    std::string out;
    for (int i = 0; i < 25 && !s.server.closed(); ++i) out += s.say("x FROB\r\n");
    CHECK(s.server.closed());
    CHECK(out.ends_with("* BYE Too many errors\r\n"));
}

TEST_CASE("failed logins are limited") {
    Fixture f;
    Session s(f.store);
    s.start();
    for (int i = 0; i < 5; ++i) s.say("a LOGIN alice@example.test nope\r\n");
    CHECK(s.server.closed());
}

TEST_CASE("random bytes never crash the server and output stays bounded") {
    Fixture f;
    std::uint64_t seed = 0x9E3779B97F4A7C15ULL;
    auto next = [&] {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        return seed;
    };
    const std::string alphabet = "a1 (){}[]<>\"\\*%+:,.\r\n\r\nFETCH SELECT INBOX UID BODY 0123456789";
    for (int round = 0; round < 200; ++round) {
        INFO("seed round " << round);
        Session s(f.store);
        s.login();
        s.say("s SELECT INBOX\r\n");
        std::size_t output = 0;
        for (int chunk = 0; chunk < 20 && !s.server.closed(); ++chunk) {
            std::string bytes;
            const std::size_t length = next() % 64;
            for (std::size_t i = 0; i < length; ++i) {
                bytes += next() % 4 == 0 ? static_cast<char>(next() % 256)
                                         : alphabet[next() % alphabet.size()];
            }
            output += s.say(bytes).size();
        }
        CHECK(output < 200'000);
    }
}
