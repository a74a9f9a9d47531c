// The IMAP client against our server over an in-memory pipe, whole and byte by byte: first sync
// byte-exact, incremental syncs (RFC 4549 §4.3), CONDSTORE and plain flag sync (RFC 7162 §3.1.4),
// IDLE push and its re-issue before 29 minutes (RFC 2177 §3).
#include "client_test_support.hpp"

using namespace imap_client_test;

namespace {

struct World {
    MailStore store{"example.test"};
    World() {
        store.add_account(k_alice, "secret");
        for (const char* subject : {"one", "two", "three"}) {
            store.deliver(k_alice, "INBOX", imap_test::simple_message(subject), k_now, {});
        }
        store.deliver(k_alice, "Sent", simple_message("sent one"), k_now + 1'000'000, {"\\Seen"});
        store.deliver(k_alice, "Drafts", simple_message("draft", "Not yet\r\n"), k_now, {"\\Draft"});
    }
    Folder& folder(std::string_view name) { return *store.account(k_alice)->folder(name); }
};

std::size_t count_in(std::string_view text, std::string_view needle) {
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string_view::npos;
         pos = text.find(needle, pos + 1)) {
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("first sync downloads every folder byte-exact, then logs out") {
    const bool bytewise = GENERATE(false, true);
    World w;
    Pipe p(w.store, alice_config());
    p.bytewise = bytewise;
    p.start();
    INFO(p.client_wrote);
    REQUIRE(p.client.result().done);
    CHECK(p.client.result().ok);
    CHECK(p.client.result().error.empty());
    CHECK(p.client.result().fetched == 5);
    CHECK(p.client.client_state() == Client::ClientState::done);
    CHECK(to_string(p.client.client_state()) == "done");
    for (const char* name : {"INBOX", "Sent", "Drafts", "Trash"}) check_matches_store(p.client, w.store, name);
    CHECK(p.client.cache().folder("Sent")->special_use == "\\Sent");
    CHECK(p.client.cache().folder("Trash")->special_use == "\\Trash");
    // SASL-IR offered: one AUTHENTICATE line, no LOGIN; CONDSTORE and IMAP4rev2 enabled.
    CHECK(p.client_wrote.find("AUTHENTICATE PLAIN AGFsaWNl") != std::string::npos);
    CHECK(p.client_wrote.find(" LOGIN ") == std::string::npos);
    CHECK(p.client_wrote.find("ENABLE CONDSTORE IMAP4rev2\r\n") != std::string::npos);
    CHECK(p.client_wrote.find("SELECT INBOX (CONDSTORE)\r\n") != std::string::npos);
    CHECK(p.client_wrote.ends_with("LOGOUT\r\n"));
    CHECK(p.server.closed());
    std::size_t retrieved = 0;
    for (const auto& e : p.client_events) {
        if (e.kind == EventKind::message_retrieved) {
            ++retrieved;
            CHECK(e.uid.find('/') != std::string::npos);
            if (e.uid == "INBOX/2") CHECK(e.message == w.folder("INBOX").messages[1].data);
        }
        CHECK(e.kind != EventKind::protocol_violation);
    }
    CHECK(retrieved == 5);
    CHECK(p.client_event(EventKind::result));
}

TEST_CASE("a second sync with the cache fetches nothing; a new delivery fetches only its UID") {
    const bool bytewise = GENERATE(false, true);
    World w;
    Pipe first(w.store, alice_config());
    first.start();
    REQUIRE(first.client.result().ok);
    const LocalCache cache = first.client.cache();

    Pipe second(w.store, alice_config(), cache);
    second.bytewise = bytewise;
    second.start();
    REQUIRE(second.client.result().ok);
    CHECK(second.client.result().fetched == 0);
    CHECK(second.client.result().flag_updates == 0);
    CHECK(second.client.result().expunged == 0);
    CHECK(second.client_wrote.find("BODY.PEEK[]") == std::string::npos);
    CHECK(second.client.cache() == cache);

    w.store.deliver(k_alice, "INBOX", simple_message("four"), k_now + 5'000'000, {});
    Pipe third(w.store, alice_config(), second.client.cache());
    third.bytewise = bytewise;
    third.start();
    REQUIRE(third.client.result().ok);
    CHECK(third.client.result().fetched == 1);
    CHECK(third.client_wrote.find("UID FETCH 4:* (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])") !=
          std::string::npos);
    CHECK(count_in(third.client_wrote, "BODY.PEEK[]") == 1);
    check_matches_store(third.client, w.store, "INBOX");
}

TEST_CASE("flag changes and expunges made elsewhere reach the cache, with and without CONDSTORE") {
    const bool condstore = GENERATE(true, false);
    World w;
    Pipe first(w.store, alice_config());
    first.start();
    REQUIRE(first.client.result().ok);
    // Another device changes things: message 1 flagged, message 2 expunged.
    {
        imap_test::Session other(w.store);
        other.login();
        other.say("s SELECT INBOX\r\n");
        other.say("f UID STORE 1 +FLAGS (\\Flagged)\r\n");
        other.say("d UID STORE 2 +FLAGS (\\Deleted)\r\n");
        other.say("e EXPUNGE\r\n");
    }
    Pipe second(w.store, alice_config(), first.client.cache());
    if (!condstore) second.filter = hide_capability("CONDSTORE");
    second.start();
    INFO(second.client_wrote);
    REQUIRE(second.client.result().ok);
    CHECK(second.client.result().flag_updates == 1);
    CHECK(second.client.result().expunged == 1);
    CHECK(second.client.result().fetched == 0);
    check_matches_store(second.client, w.store, "INBOX");
    if (condstore) {
        CHECK(second.client_wrote.find("(CHANGEDSINCE ") != std::string::npos);
        CHECK(second.client.cache().folder("INBOX")->highest_modseq == w.folder("INBOX").highest_modseq);
    } else {
        CHECK(second.client_wrote.find("CONDSTORE") == std::string::npos);
        CHECK(second.client_wrote.find("UID FETCH 1:* (FLAGS)\r\n") != std::string::npos);
        CHECK(second.client.cache().folder("INBOX")->highest_modseq == 0);
    }
}

TEST_CASE("IDLE: new mail is fetched at once, flags and expunges update the cache") {
    World w;
    Pipe p(w.store, alice_config(true));
    p.start();
    REQUIRE(p.client.result().ok);
    REQUIRE(p.client.idling());
    CHECK_FALSE(p.client.result().done);
    CHECK(p.client.client_state() == Client::ClientState::idle);
    CHECK(p.server.idling());

    w.store.deliver(k_alice, "INBOX", simple_message("pushed"), k_now, {});
    p.poll();
    CHECK(p.client.result().fetched == 6);
    CHECK(p.client.idling());
    check_matches_store(p.client, w.store, "INBOX");

    imap_test::Session other(w.store);
    other.login();
    other.say("s SELECT INBOX\r\n");
    other.say("f UID STORE 2 +FLAGS (\\Answered)\r\n");
    other.say("d UID STORE 3 +FLAGS (\\Deleted)\r\n");
    other.say("e UID EXPUNGE 3\r\n");
    p.poll();
    CHECK(p.client.idling());
    check_matches_store(p.client, w.store, "INBOX");
    CHECK(p.client.result().expunged == 1);

    p.logout();
    CHECK(p.client.closed());
    CHECK(p.client.result().done);
    CHECK(p.client.result().ok);
    // DONE, then LOGOUT and nothing else (RFC 2177 §3, RFC 9051 §6.1.3).
    const auto done = p.client_wrote.rfind("DONE\r\n");
    REQUIRE(done != std::string::npos);
    const std::string tail = p.client_wrote.substr(done + 6);
    CHECK(tail.ends_with(" LOGOUT\r\n"));
    CHECK(count_in(tail, "\r\n") == 1);
}

TEST_CASE("IDLE is re-issued before 29 minutes (RFC 2177 §3)") {
    World w;
    Pipe p(w.store, alice_config(true));
    p.start();
    REQUIRE(p.client.idling());
    const auto deadline = p.client.next_deadline_us();
    REQUIRE(deadline);
    CHECK(*deadline == p.now + 29LL * 60 * 1'000'000);
    const std::size_t idles = count_in(p.client_wrote, " IDLE\r\n");
    p.advance(28LL * 60 * 1'000'000);
    CHECK(count_in(p.client_wrote, "DONE\r\n") == 0);
    p.advance(1LL * 60 * 1'000'000);
    CHECK(count_in(p.client_wrote, "DONE\r\n") == 1);
    CHECK(count_in(p.client_wrote, " IDLE\r\n") == idles + 1);
    CHECK(p.client.idling());
    CHECK_FALSE(p.server.closed());  // the server's 30-minute autologout never fired
    CHECK(*p.client.next_deadline_us() == p.now + 29LL * 60 * 1'000'000);
}

TEST_CASE("a message over fetch_body_max is cached without its data; the sync goes on") {
    World w;
    const std::string big = simple_message("big", std::string(3000, 'x') + "\r\n");
    w.store.deliver(k_alice, "INBOX", big, k_now, {});
    ClientConfig config = alice_config();
    config.fetch_body_max = 1000;
    Pipe p(w.store, config);
    p.bytewise = GENERATE(false, true);
    p.start();
    REQUIRE(p.client.result().ok);
    const LocalFolder* inbox = p.client.cache().folder("INBOX");
    REQUIRE(inbox->messages.size() == 4);
    CHECK(inbox->messages[3].data.empty());
    CHECK(inbox->messages[3].size == big.size());
    CHECK(inbox->messages[3].uid == 4);
    CHECK(inbox->messages[2].data == w.folder("INBOX").messages[2].data);
    check_matches_store(p.client, w.store, "Sent");
}

TEST_CASE("the client is a copyable value: a copy carries on alone") {
    World w;
    Pipe p(w.store, alice_config(true));
    p.start();
    REQUIRE(p.client.idling());
    Pipe copy = p;  // client and server sessions copied mid-IDLE
    copy.logout();
    CHECK(copy.client.closed());
    CHECK_FALSE(p.client.closed());
    w.store.deliver(k_alice, "INBOX", simple_message("after the copy"), k_now, {});
    p.poll();
    CHECK(p.client.idling());
    CHECK(p.client.cache().folder("INBOX")->messages.size() == 4);
    CHECK(copy.client.cache().folder("INBOX")->messages.size() == 3);
}
