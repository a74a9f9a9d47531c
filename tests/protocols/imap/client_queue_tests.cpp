// The offline queue of the IMAP client (RFC 4549 §4.2): actions replayed on connect, two devices
// converging through IDLE (RFC 2177), MOVE and its COPY + EXPUNGE fallback (RFC 6851, RFC 4315),
// APPEND with and without LITERAL+ (RFC 7888), and conflicts that must never crash the sync.
#include "client_test_support.hpp"

using namespace imap_client_test;

namespace {

struct World {
    MailStore store{"example.test"};
    World() {
        store.add_account(k_alice, "secret");
        for (const char* subject : {"one", "two", "three"}) {
            store.deliver(k_alice, "INBOX", simple_message(subject), k_now, {});
        }
    }
    Folder& folder(std::string_view name) { return *store.account(k_alice)->folder(name); }
    LocalCache synced_cache() {
        Pipe p(store, alice_config());
        p.start();
        REQUIRE(p.client.result().ok);
        return p.client.cache();
    }
};

PendingAction flag_action(ActionKind kind, std::uint32_t uid, std::string flag) {
    PendingAction a;
    a.kind = kind;
    a.folder = "INBOX";
    a.uid = uid;
    a.flags = {std::move(flag)};
    return a;
}

PendingAction move_action(std::uint32_t uid, std::string target) {
    PendingAction a;
    a.kind = ActionKind::move;
    a.folder = "INBOX";
    a.uid = uid;
    a.target_folder = std::move(target);
    return a;
}

// Filing a sent message in Sent, marked \Seen; date_us 0 lets the server pick the date.
PendingAction sent_copy(std::string message, TimeUs date_us = 0) {
    PendingAction a;
    a.kind = ActionKind::append;
    a.folder = "Sent";
    a.flags = {"\\Seen"};
    a.message = std::move(message);
    a.date_us = date_us;
    return a;
}

PendingAction folder_action(ActionKind kind, std::string name) {
    PendingAction a;
    a.kind = kind;
    a.folder = std::move(name);
    return a;
}

}  // namespace

TEST_CASE("two devices converge: A replays offline actions, B sees them in IDLE") {
    const bool bytewise = GENERATE(false, true);
    World w;
    const LocalCache cache_a = w.synced_cache();
    Pipe b(w.store, alice_config(true), w.synced_cache());
    b.bytewise = bytewise;
    b.start();
    REQUIRE(b.client.idling());

    // Device A was offline: the user created a folder, flagged message 1, moved message 2 there.
    std::vector<PendingAction> queue{folder_action(ActionKind::create_folder, "Work"),
                                     flag_action(ActionKind::add_flags, 1, "\\Flagged"),
                                     move_action(2, "Work")};
    Pipe a(w.store, alice_config(), cache_a, queue);
    a.bytewise = bytewise;
    a.start();
    INFO(a.client_wrote);
    REQUIRE(a.client.result().ok);
    CHECK(a.client.queue().empty());
    CHECK(a.client.result().conflicts.empty());
    CHECK(a.client_wrote.find("UID STORE 1 +FLAGS (\\Flagged)") != std::string::npos);
    CHECK(a.client_wrote.find("UID MOVE 2 Work") != std::string::npos);
    REQUIRE(w.folder("INBOX").messages.size() == 2);
    CHECK(w.folder("INBOX").messages[0].flags == std::vector<std::string>{"\\Flagged"});
    REQUIRE(w.store.account(k_alice)->folder("Work"));
    CHECK(w.folder("Work").messages.size() == 1);
    check_matches_store(a.client, w.store, "INBOX");
    check_matches_store(a.client, w.store, "Work");

    // The host wakes B's server session, which reports FETCH FLAGS and EXPUNGE during IDLE.
    b.poll();
    CHECK(b.client.idling());
    check_matches_store(b.client, w.store, "INBOX");
    CHECK(b.client.result().flag_updates == 1);
    CHECK(b.client.result().expunged == 1);
}

TEST_CASE("an action enqueued while idling leaves IDLE, is sent, and IDLE resumes") {
    World w;
    Pipe p(w.store, alice_config(true));
    p.start();
    REQUIRE(p.client.idling());
    p.client.enqueue(flag_action(ActionKind::set_flags, 3, "\\Seen"));
    p.pump();
    CHECK(p.client.queue().empty());
    CHECK(p.client.idling());
    CHECK(w.folder("INBOX").messages[2].flags == std::vector<std::string>{"\\Seen"});
    check_matches_store(p.client, w.store, "INBOX");
    CHECK(p.client_wrote.find("DONE\r\n") != std::string::npos);

    // A move while connected: the target folder is synced too before IDLE resumes.
    p.client.enqueue(move_action(1, "Trash"));
    p.pump();
    CHECK(p.client.queue().empty());
    CHECK(p.client.idling());
    check_matches_store(p.client, w.store, "INBOX");
    check_matches_store(p.client, w.store, "Trash");
    CHECK(p.client.cache().folder("Trash")->messages.size() == 1);
}

TEST_CASE("conflict: a message flagged offline was deleted on the server meanwhile") {
    World w;
    const LocalCache cache = w.synced_cache();
    w.store.expunge(k_alice, "INBOX", {2});
    Pipe p(w.store, alice_config(), cache,
           {flag_action(ActionKind::add_flags, 2, "\\Seen"), move_action(2, "Trash"),
            flag_action(ActionKind::add_flags, 3, "\\Seen")});
    p.start();
    REQUIRE(p.client.result().done);
    CHECK(p.client.result().ok);
    CHECK(p.client.queue().empty());
    REQUIRE(p.client.result().conflicts.size() == 2);
    CHECK(p.client.result().conflicts[0].folder == "INBOX");
    CHECK(p.client.result().conflicts[0].uid == 2);
    CHECK(p.client.result().conflicts[0].what.find("no longer exists") != std::string::npos);
    CHECK(p.client_wrote.find("UID STORE 2") == std::string::npos);
    CHECK(p.client_wrote.find("UID MOVE 2") == std::string::npos);
    CHECK(w.folder("INBOX").messages[1].flags == std::vector<std::string>{"\\Seen"});  // UID 3
    check_matches_store(p.client, w.store, "INBOX");
    CHECK(p.client.result().expunged == 1);
}

TEST_CASE("conflict: UIDVALIDITY changed, so the cache is dropped and refetched") {
    const bool bytewise = GENERATE(false, true);
    World w;
    const LocalCache cache = w.synced_cache();
    w.folder("INBOX").uid_validity = 777;
    Pipe p(w.store, alice_config(), cache, {flag_action(ActionKind::add_flags, 1, "\\Seen")});
    p.bytewise = bytewise;
    p.start();
    REQUIRE(p.client.result().ok);
    CHECK(p.client.queue().empty());
    CHECK(p.client.result().fetched == 3);
    check_matches_store(p.client, w.store, "INBOX");
    CHECK(p.client.cache().folder("INBOX")->uid_validity == 777);
    REQUIRE(p.client.result().conflicts.size() == 2);
    CHECK(p.client.result().conflicts[0].what.find("UIDVALIDITY changed") != std::string::npos);
    CHECK(p.client.result().conflicts[1].uid == 1);
    CHECK(p.client_wrote.find("UID STORE") == std::string::npos);  // old UIDs mean nothing now
    CHECK(w.folder("INBOX").messages[0].flags.empty());
}

TEST_CASE("delete goes to Trash: UID MOVE, or UID COPY + \\Deleted + UID EXPUNGE without MOVE") {
    const bool move = GENERATE(true, false);
    World w;
    PendingAction del;
    del.kind = ActionKind::delete_message;
    del.folder = "INBOX";
    del.uid = 1;
    Pipe p(w.store, alice_config(), w.synced_cache(), {del});
    if (!move) p.filter = hide_capability("MOVE");
    p.start();
    INFO(p.client_wrote);
    REQUIRE(p.client.result().ok);
    CHECK(p.client.result().conflicts.empty());
    if (move) {
        CHECK(p.client_wrote.find("UID MOVE 1 Trash\r\n") != std::string::npos);
    } else {
        CHECK(p.client_wrote.find("UID MOVE") == std::string::npos);
        CHECK(p.client_wrote.find("UID COPY 1 Trash\r\n") != std::string::npos);
        CHECK(p.client_wrote.find("UID STORE 1 +FLAGS.SILENT (\\Deleted)\r\n") != std::string::npos);
        CHECK(p.client_wrote.find("UID EXPUNGE 1\r\n") != std::string::npos);
    }
    CHECK(w.folder("INBOX").messages.size() == 2);
    CHECK(w.folder("Trash").messages.size() == 1);
    check_matches_store(p.client, w.store, "INBOX");
    check_matches_store(p.client, w.store, "Trash");
}

TEST_CASE("delete without Trash: \\Deleted and UID EXPUNGE") {
    World w;
    PendingAction del;
    del.kind = ActionKind::delete_message;
    del.folder = "INBOX";
    del.uid = 2;
    ClientConfig config = alice_config();
    config.delete_moves_to_trash = false;
    Pipe p(w.store, config, w.synced_cache(), {del});
    p.start();
    REQUIRE(p.client.result().ok);
    CHECK(p.client_wrote.find("UID STORE 2 +FLAGS.SILENT (\\Deleted)\r\n") != std::string::npos);
    CHECK(p.client_wrote.find("UID EXPUNGE 2\r\n") != std::string::npos);
    CHECK(w.folder("Trash").messages.empty());
    check_matches_store(p.client, w.store, "INBOX");
}

TEST_CASE("APPEND to Sent, with LITERAL+ and with a synchronizing literal") {
    const bool literal_plus = GENERATE(true, false);
    const bool bytewise = GENERATE(false, true);
    World w;
    const PendingAction append = sent_copy(simple_message("my reply", "Thanks!\r\n", "alice@example.test"));
    Pipe p(w.store, alice_config(), w.synced_cache(), {append});
    p.bytewise = bytewise;
    if (!literal_plus) p.filter = hide_capability("LITERAL+");
    p.start();
    INFO(p.client_wrote);
    REQUIRE(p.client.result().ok);
    CHECK(p.client.result().uploaded == 1);
    CHECK(p.client.queue().empty());
    const std::string announce = "APPEND Sent (\\Seen) {" + std::to_string(append.message.size()) +
                                 (literal_plus ? "+}" : "}");
    CHECK(p.client_wrote.find(announce) != std::string::npos);
    REQUIRE(w.folder("Sent").messages.size() == 1);
    CHECK(w.folder("Sent").messages[0].data == append.message);
    check_matches_store(p.client, w.store, "Sent");
}

TEST_CASE("APPEND with a date: APPENDUID puts the message in the cache without downloading it") {
    World w;
    // The wire carries whole seconds.
    const PendingAction append = sent_copy(simple_message("sent today", "Hi!\r\n", "alice@example.test"), k_now + 1'234'567);
    Pipe p(w.store, alice_config(), w.synced_cache(), {append});
    p.start();
    INFO(p.client_wrote);
    REQUIRE(p.client.result().ok);
    CHECK(p.client_wrote.find("APPEND Sent (\\Seen) \"14-Nov-2023 22:13:21 +0000\" {") != std::string::npos);
    REQUIRE(w.folder("Sent").messages.size() == 1);
    CHECK(w.folder("Sent").messages[0].internal_date_us == k_now + 1'000'000);
    // RFC 4315 §3: the client knows UID 1 is its message; the Sent sync fetches nothing new.
    CHECK(p.client_wrote.find("BODY.PEEK[]") == std::string::npos);
    check_matches_store(p.client, w.store, "Sent");
}

TEST_CASE("APPENDUID past a message the cache has not seen: the sync downloads both") {
    World w;
    const LocalCache cache = w.synced_cache();
    // Another device filed a message in Sent after this cache's last sync.
    w.store.deliver(k_alice, "Sent", simple_message("from the phone"), k_now, {"\\Seen"});
    Pipe p(w.store, alice_config(), cache, {sent_copy(simple_message("from the laptop"), k_now)});
    p.start();
    INFO(p.client_wrote);
    REQUIRE(p.client.result().ok);
    REQUIRE(w.folder("Sent").messages.size() == 2);
    CHECK(p.client_wrote.find("BODY.PEEK[]") != std::string::npos);
    check_matches_store(p.client, w.store, "Sent");
}

TEST_CASE("folder actions: CREATE and DELETE, and a DELETE of a folder gone already") {
    World w;
    Pipe p(w.store, alice_config(), w.synced_cache(),
           {folder_action(ActionKind::create_folder, "Projects"),
            folder_action(ActionKind::delete_folder, "Drafts"),
            folder_action(ActionKind::delete_folder, "Nowhere"),
            folder_action(ActionKind::create_folder, "INBOX"),
            folder_action(ActionKind::create_folder, "Bad*Name")});
    p.start();
    REQUIRE(p.client.result().ok);
    CHECK(p.client.queue().empty());
    CHECK(p.client.cache().folder("Projects"));
    CHECK_FALSE(p.client.cache().folder("Drafts"));
    CHECK(w.store.account(k_alice)->folder("Projects"));
    CHECK_FALSE(w.store.account(k_alice)->folder("Drafts"));
    REQUIRE(p.client.result().conflicts.size() == 2);
    CHECK(p.client.result().conflicts[0].folder == "Nowhere");
    // CREATE INBOX: NO [ALREADYEXISTS] is as good as done; an invalid name is a conflict.
    CHECK(p.client.result().conflicts[1].folder == "Bad*Name");
    CHECK(p.client.result().conflicts[1].what.find("refused") != std::string::npos);
}

TEST_CASE("a folder deleted on the server disappears from the cache; a new one appears") {
    World w;
    LocalCache cache = w.synced_cache();
    w.store.delete_folder(k_alice, "Drafts");
    w.store.create_folder(k_alice, "Receipts");
    w.store.deliver(k_alice, "Receipts", simple_message("receipt"), k_now, {});
    Pipe p(w.store, alice_config(), cache);
    p.start();
    REQUIRE(p.client.result().ok);
    CHECK_FALSE(p.client.cache().folder("Drafts"));
    check_matches_store(p.client, w.store, "Receipts");
}

TEST_CASE("COPY, set and remove flags replay in order; the copy arrives with the target's sync") {
    World w;
    w.store.deliver(k_alice, "INBOX", simple_message("four"), k_now, {"$Work", "\\Seen"});
    PendingAction copy = move_action(1, "Sent");
    copy.kind = ActionKind::copy;
    Pipe p(w.store, alice_config(), w.synced_cache(),
           {copy, flag_action(ActionKind::remove_flags, 4, "$Work"),
            flag_action(ActionKind::set_flags, 2, "\\Answered")});
    p.bytewise = GENERATE(false, true);
    p.start();
    INFO(p.client_wrote);
    REQUIRE(p.client.result().ok);
    CHECK(p.client.queue().empty());
    CHECK(p.client.result().conflicts.empty());
    CHECK(p.client_wrote.find("UID COPY 1 Sent\r\n") != std::string::npos);
    CHECK(p.client_wrote.find("UID STORE 4 -FLAGS ($Work)\r\n") != std::string::npos);
    CHECK(p.client_wrote.find("UID STORE 2 FLAGS (\\Answered)\r\n") != std::string::npos);
    CHECK(w.folder("INBOX").messages[3].flags == std::vector<std::string>{"\\Seen"});
    CHECK(w.folder("INBOX").messages[1].flags == std::vector<std::string>{"\\Answered"});
    CHECK(w.folder("Sent").messages.size() == 1);
    check_matches_store(p.client, w.store, "INBOX");
    check_matches_store(p.client, w.store, "Sent");
}

TEST_CASE("an action enqueued during the first sync is replayed before IDLE") {
    World w;
    Pipe p(w.store, alice_config(true));
    p.server.start(p.ctx());
    p.client.start(p.ctx());
    p.client.enqueue(flag_action(ActionKind::add_flags, 1, "\\Seen"));  // before the greeting
    p.pump();
    CHECK(p.client.queue().empty());
    CHECK(p.client.idling());
    CHECK(w.folder("INBOX").messages[0].flags == std::vector<std::string>{"\\Seen"});
    check_matches_store(p.client, w.store, "INBOX");
}
