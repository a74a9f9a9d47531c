// The IMAP client's security and robustness: STARTTLS required (RFC 9051 §6.2.1, RFC 8314 §3),
// LOGINDISABLED (RFC 9051 §6.2.3), PREAUTH and BYE greetings (§7.1.4, §7.1.5), a hostile server
// (huge literals, garbage, BYE or EOF mid-sync, silence), and the RFC 9051 §8 sample session.
#include "client_test_support.hpp"

using namespace imap_client_test;

namespace {

struct World {
    MailStore store{"example.test"};
    World() {
        store.add_account(k_alice, "secret");
        store.deliver(k_alice, "INBOX", simple_message("one"), k_now, {});
    }
};

bool sent_credentials(const std::string& wrote) {
    return wrote.find("LOGIN") != std::string::npos ||
           wrote.find("AUTHENTICATE") != std::string::npos;
}

// Drives a scripted session to the point where the client fetches new mail in INBOX.
void script_to_fetch(Scripted& s, bool bytewise = false) {
    REQUIRE(s.start().empty());
    CHECK(s.say("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready\r\n", bytewise) ==
          "A001 AUTHENTICATE PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQ=\r\n");
    CHECK(s.say("A001 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n", bytewise) ==
          "A002 LIST \"\" \"*\"\r\n");
    CHECK(s.say("* LIST (\\HasNoChildren) \"/\" INBOX\r\nA002 OK done\r\n", bytewise) ==
          "A003 SELECT INBOX\r\n");
    CHECK(s.say("* 1 EXISTS\r\n* OK [UIDVALIDITY 5] v\r\n* OK [UIDNEXT 2] n\r\nA003 OK [READ-WRITE] "
                "done\r\n",
                bytewise) == "A004 UID SEARCH ALL\r\n");
    CHECK(s.say("* SEARCH 1\r\nA004 OK done\r\n", bytewise) ==
          "A005 UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])\r\n");
}

}  // namespace

TEST_CASE("STARTTLS required but not offered: failure, no credentials sent") {
    World w;
    ServerConfig server_config;
    server_config.tls_available = false;
    ClientConfig config = alice_config();
    config.security = Security::starttls;
    Pipe p(w.store, config, {}, {}, server_config);
    p.start();
    CHECK(p.client.result().done);
    CHECK_FALSE(p.client.result().ok);
    CHECK(p.client.result().error.find("STARTTLS") != std::string::npos);
    CHECK_FALSE(sent_credentials(p.client_wrote));
    CHECK(p.client_wrote.find("STARTTLS") == std::string::npos);
    CHECK(p.client.closed());
    CHECK(p.client.cache().folders.empty());
}

TEST_CASE("STARTTLS required and offered: TLS first, capabilities asked again, then sync") {
    World w;
    ClientConfig config = alice_config();
    config.security = Security::starttls;
    Pipe p(w.store, config);
    p.bytewise = GENERATE(false, true);
    p.start();
    INFO(p.client_wrote);
    REQUIRE(p.client.result().ok);
    CHECK(p.client_event(EventKind::tls_established));
    const auto tls = p.client_wrote.find("STARTTLS\r\n");
    const auto capability = p.client_wrote.find("CAPABILITY\r\n");
    const auto auth = p.client_wrote.find("AUTHENTICATE");
    REQUIRE(tls != std::string::npos);
    REQUIRE(capability != std::string::npos);
    CHECK(tls < capability);  // RFC 9051 §6.2.1
    CHECK(capability < auth);
    check_matches_store(p.client, w.store, "INBOX");
}

TEST_CASE("implicit TLS: no STARTTLS, straight to authentication") {
    World w;
    ServerConfig server_config;
    server_config.implicit_tls = true;
    ClientConfig config = alice_config();
    config.security = Security::implicit_tls;
    Pipe p(w.store, config, {}, {}, server_config);
    p.start();
    REQUIRE(p.client.result().ok);
    CHECK(p.client_wrote.find("STARTTLS") == std::string::npos);
    CHECK(p.client_wrote.starts_with("A001 AUTHENTICATE PLAIN "));
}

TEST_CASE("LOGINDISABLED is respected: no LOGIN in the clear") {
    World w;
    ServerConfig server_config;
    server_config.login_requires_tls = true;
    Pipe p(w.store, alice_config(), {}, {}, server_config);
    p.start();
    CHECK(p.client.result().done);
    CHECK_FALSE(p.client.result().ok);
    CHECK(p.client.result().error.find("LOGINDISABLED") != std::string::npos);
    CHECK_FALSE(sent_credentials(p.client_wrote));
}

TEST_CASE("LOGIN when AUTH=PLAIN is not offered, with a literal for an odd password") {
    World w;
    w.store.add_account("bob@example.test", "pa\"ss\\word");
    ClientConfig config = alice_config();
    config.user = "bob@example.test";
    config.password = "pa\"ss\\word";
    Pipe p(w.store, config);
    p.filter = hide_capability("AUTH=PLAIN");
    p.start();
    INFO(p.client_wrote);
    REQUIRE(p.client.result().ok);
    CHECK(p.client_wrote.find("A001 LOGIN \"bob@example.test\" \"pa\\\"ss\\\\word\"\r\n") !=
          std::string::npos);
}

TEST_CASE("wrong password: auth_failed event, clear error, LOGOUT") {
    World w;
    ClientConfig config = alice_config();
    config.password = "wrong";
    Pipe p(w.store, config);
    p.start();
    CHECK(p.client.result().done);
    CHECK_FALSE(p.client.result().ok);
    CHECK(p.client.result().error.find("authentication failed") != std::string::npos);
    CHECK(p.client_event(EventKind::auth_failed));
    CHECK(p.client_wrote.ends_with(" LOGOUT\r\n"));
}

TEST_CASE("greetings: PREAUTH skips login, BYE and garbage end the session") {
    SECTION("PREAUTH") {
        Scripted s(alice_config());
        s.start();
        CHECK(s.say("* PREAUTH [CAPABILITY IMAP4rev1] welcome back\r\n") ==
              "A001 LIST \"\" \"*\"\r\n");
        CHECK(s.client.state() == State::authenticated);
    }
    SECTION("PREAUTH while STARTTLS is required") {
        ClientConfig config = alice_config();
        config.security = Security::starttls;
        Scripted s(config);
        s.start();
        CHECK(s.say("* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n") == "A001 LOGOUT\r\n");
        CHECK_FALSE(s.client.result().ok);
    }
    SECTION("BYE") {
        Scripted s(alice_config());
        s.start();
        CHECK(s.say("* BYE too many connections\r\n").empty());
        CHECK(s.client.closed());
        CHECK(s.client.result().error.find("too many connections") != std::string::npos);
    }
    SECTION("garbage") {
        Scripted s(alice_config());
        s.start();
        CHECK(s.say("SSH-2.0-OpenSSH_9.2\r\n").empty());
        CHECK(s.client.closed());
        CHECK(s.has_event(EventKind::protocol_violation));
        CHECK_FALSE(s.client.result().ok);
    }
}

TEST_CASE("hostile server mid-sync: every failure is clean") {
    const bool bytewise = GENERATE(false, true);
    Scripted s(alice_config());
    script_to_fetch(s, bytewise);
    SECTION("a literal larger than fetch_body_max") {
        CHECK(s.say("* 1 FETCH (UID 1 BODY[] {4000000000}\r\n", bytewise).empty());
        CHECK(s.has_event(EventKind::protocol_violation));
    }
    SECTION("garbage") {
        CHECK(s.say("* 1 FETCH (UID 1 BODY[] \"unterminated\r\n", bytewise).empty());
        CHECK(s.has_event(EventKind::protocol_violation));
    }
    SECTION("BYE") {
        CHECK(s.say("* BYE shutting down for maintenance\r\n", bytewise).empty());
        CHECK(s.client.result().error.find("shutting down") != std::string::npos);
    }
    SECTION("a reply to a command never sent") {
        CHECK(s.say("A999 OK what\r\n", bytewise).empty());
        CHECK(s.has_event(EventKind::protocol_violation));
    }
    SECTION("the connection drops") {
        s.client.receive_eof(s.ctx());
        s.take();
        CHECK(s.has_event(EventKind::protocol_violation));
    }
    SECTION("silence until the response timeout") {
        REQUIRE(s.client.next_deadline_us() == s.now + 60'000'000);
        s.now += 59'000'000;
        s.client.on_timer(s.ctx());
        CHECK_FALSE(s.client.closed());
        s.now += 1'000'000;
        s.client.on_timer(s.ctx());
        s.take();
    }
    CHECK(s.client.closed());
    CHECK(s.client.result().done);
    CHECK_FALSE(s.client.result().ok);
    CHECK_FALSE(s.client.result().error.empty());
    CHECK(s.client.cache().folder("INBOX")->messages.empty());
    CHECK(s.has_event(EventKind::result));
}

TEST_CASE("odd but survivable server input: bad EXPUNGE, unknown data, FETCH NO") {
    Scripted s(alice_config());
    script_to_fetch(s);
    CHECK(s.say("* 9 EXPUNGE\r\n* XYZZY frobnicate\r\n").empty());
    CHECK(s.has_event(EventKind::protocol_violation));
    CHECK(s.say("A005 NO [UNAVAILABLE] try later\r\n") == "A006 LOGOUT\r\n");
    REQUIRE(s.client.result().conflicts.size() == 1);
    CHECK(s.client.result().conflicts[0].what.find("try later") != std::string::npos);
    CHECK(s.say("* BYE bye\r\nA006 OK done\r\n").empty());
    CHECK(s.client.closed());
    CHECK(s.client.result().ok);  // the sync went through, one folder with a conflict
    CHECK(s.client.cache().folder("INBOX")->uid_next == 0);  // fetched again next time
}

TEST_CASE("the RFC 9051 §8 sample session, where our client fits it") {
    ClientConfig config = alice_config();
    config.security = Security::starttls;
    Scripted s(config);
    s.start();
    CHECK(s.say("* OK [CAPABILITY STARTTLS AUTH=SCRAM-SHA-256 LOGINDISABLED IMAP4rev2] IMAP4rev2 "
                "Service Ready\r\n") == "A001 STARTTLS\r\n");
    CHECK(s.say("A001 OK Proceed with TLS negotiation\r\n").empty());
    REQUIRE(s.client.wants_tls());
    s.client.tls_established(s.ctx());
    CHECK(s.take() == "A002 CAPABILITY\r\n");
    // After TLS, the sample's server offers SCRAM only; ours must also offer PLAIN (no SASL-IR).
    CHECK(s.say("* CAPABILITY IMAP4rev2 AUTH=SCRAM-SHA-256 AUTH=PLAIN ENABLE\r\nA002 OK done\r\n") ==
          "A003 AUTHENTICATE PLAIN\r\n");
    CHECK(s.say("+ \r\n") == "AGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQ=\r\n");
    CHECK(s.say("A003 OK PLAIN authentication successful\r\n") == "A004 CAPABILITY\r\n");
    CHECK(s.say("* CAPABILITY IMAP4rev2 ENABLE\r\nA004 OK done\r\n") == "A005 ENABLE IMAP4rev2\r\n");
    CHECK(s.say("* ENABLED IMAP4rev2\r\nA005 OK Some capabilities enabled\r\n") ==
          "A006 LIST \"\" \"*\"\r\n");
    CHECK(s.say("* LIST () \"/\" INBOX\r\nA006 OK LIST completed\r\n") == "A007 SELECT INBOX\r\n");
    CHECK(s.say("* 18 EXISTS\r\n"
                "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
                "* LIST () \"/\" INBOX (\"OLDNAME\" (\"inbox\"))\r\n"
                "A007 OK [READ-WRITE] SELECT completed\r\n") == "A008 UID SEARCH ALL\r\n");
    CHECK(s.say("* ESEARCH (TAG \"A008\") UID ALL 1:18\r\nA008 OK SEARCH completed\r\n") ==
          "A009 UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])\r\n");
    const std::string message = "Subject: IMAP4rev2 WG mtg summary and minutes\r\n\r\nHi\r\n";
    CHECK(s.say("* 12 FETCH (UID 12 FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" "
                "RFC822.SIZE " + std::to_string(message.size()) + " BODY[] {" +
                std::to_string(message.size()) + "}\r\n" + message + ")\r\n"
                "A009 OK FETCH completed\r\n", true) == "A010 LOGOUT\r\n");
    CHECK(s.say("* BYE IMAP4rev2 server terminating connection\r\nA010 OK LOGOUT completed\r\n")
              .empty());
    CHECK(s.client.closed());
    CHECK(s.client.result().ok);
    CHECK_FALSE(s.has_event(EventKind::protocol_violation));
    const LocalFolder* inbox = s.client.cache().folder("INBOX");
    REQUIRE(inbox);
    CHECK(inbox->uid_validity == 3857529045u);
    REQUIRE(inbox->messages.size() == 1);
    CHECK(inbox->messages[0].uid == 12);
    CHECK(inbox->messages[0].data == message);
    CHECK(inbox->messages[0].flags == std::vector<std::string>{"\\Seen"});
    CHECK(inbox->messages[0].internal_date_us == 837'596'665LL * 1'000'000);
}

TEST_CASE("claims of enormous mailboxes are not believed") {
    Scripted s(alice_config());
    script_to_fetch(s);
    SECTION("EXISTS") { CHECK(s.say("* 4000000000 EXISTS\r\n").empty()); }
    SECTION("ESEARCH") {
        Scripted t(alice_config());
        t.start();
        t.say("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready\r\n");
        t.say("A001 OK [CAPABILITY IMAP4rev1] Logged in\r\n");
        t.say("* LIST () \"/\" INBOX\r\nA002 OK done\r\n");
        CHECK(t.say("* 3 EXISTS\r\nA003 OK done\r\n") == "A004 UID SEARCH ALL\r\n");
        CHECK(t.say("* ESEARCH (TAG \"A004\") UID ALL 1:4294967295\r\n").empty());
        CHECK(t.client.closed());
        CHECK(t.has_event(EventKind::protocol_violation));
        s = std::move(t);
    }
    CHECK(s.client.closed());
    CHECK_FALSE(s.client.result().ok);
}

TEST_CASE("random bytes from a server never crash the client and its output stays bounded") {
    std::uint64_t seed = 0x9E3779B97F4A7C15ULL;
    auto next = [&seed] {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        return seed;
    };
    const std::string alphabet = "* OK A001 FETCH (UID 1 BODY[] {5}\r\n)\"\\+[]EXISTS BYE 0123456789\n\r";
    for (int round = 0; round < 200; ++round) {
        INFO("round " << round);
        Scripted s(alice_config());
        script_to_fetch(s, round % 2 == 1);
        std::string noise;
        const auto length = 1 + next() % 400;
        for (std::uint64_t i = 0; i < length; ++i) {
            noise += (next() % 4 == 0) ? static_cast<char>(next() % 256)
                                       : alphabet[next() % alphabet.size()];
        }
        const std::string out = s.say(noise, round % 3 == 0);
        CHECK(out.size() < 200);
        s.client.receive_eof(s.ctx());
        s.take();
        CHECK(s.client.closed());
        CHECK(s.client.result().done);
    }
}

TEST_CASE("mail announced during the sync is fetched before IDLE; a lying server cannot loop us") {
    Scripted s(alice_config(true));
    script_to_fetch(s);
    const std::string m1 = simple_message("one");
    const std::string fetch1 = "* 1 FETCH (UID 1 FLAGS () BODY[] " + literal_of(m1) + ")\r\n";
    CHECK(s.say(fetch1 + "* 2 EXISTS\r\nA005 OK done\r\n") ==
          "A006 UID FETCH 2:* (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])\r\n");
    SECTION("the server sends it") {
        const std::string m2 = simple_message("two");
        CHECK(s.say("* 2 FETCH (UID 2 FLAGS (\\Seen) BODY[] " + literal_of(m2) +
                    ")\r\nA006 OK done\r\n") == "A007 IDLE\r\n");
        CHECK(s.client.cache().folder("INBOX")->messages.size() == 2);
        CHECK(s.client.cache().folder("INBOX")->uid_next == 3);
    }
    SECTION("the server never tells its UID") {
        CHECK(s.say("A006 OK done\r\n") == "A007 IDLE\r\n");
        CHECK(s.client.cache().folder("INBOX")->messages.size() == 1);
    }
    CHECK(s.say("+ idling\r\n").empty());
    CHECK(s.client.idling());
    s.client.logout();
    CHECK(s.take() == "DONE\r\n");
    CHECK(s.say("A007 OK IDLE terminated\r\n") == "A008 LOGOUT\r\n");
}
