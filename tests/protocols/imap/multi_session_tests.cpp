// Several sessions on one MailStore: what one changes reaches the others as untagged FETCH,
// EXPUNGE and EXISTS only where RFC 9051 §7.4.1 / §5.2 allow, and at once during IDLE once the
// host calls poll() (RFC 2177).
#include "imap_test_support.hpp"

using namespace imap_test;

namespace {

struct Pair {
    MailStore store{"example.test"};
    Session a{store};
    Session b{store};
    Pair() {
        store.add_account("alice@example.test", "secret");
        for (const char* subject : {"one", "two", "three"}) {
            store.deliver("alice@example.test", "INBOX", simple_message(subject), k_now, {});
        }
        a.login();
        b.login();
        a.say("s SELECT INBOX\r\n");
        b.say("s SELECT INBOX\r\n");
    }
};

}  // namespace

TEST_CASE("a STORE in one session shows up as FETCH FLAGS in another's IDLE after poll") {
    Pair p;
    CHECK(p.b.say("i IDLE\r\n") == "+ idling\r\n");
    CHECK(p.a.say("x STORE 2 +FLAGS (\\Flagged)\r\n") ==
          "* 2 FETCH (FLAGS (\\Flagged))\r\nx OK STORE completed\r\n");
    CHECK(p.b.poll() == "* 2 FETCH (UID 2 FLAGS (\\Flagged))\r\n");
    CHECK(p.b.poll() == "");  // reported once
    CHECK(p.b.say("DONE\r\n") == "i OK IDLE terminated\r\n");
}

TEST_CASE("poll outside IDLE writes nothing; the update waits for the next command") {
    Pair p;
    p.a.say("x STORE 1 +FLAGS (\\Seen)\r\n");
    CHECK(p.b.poll() == "");
    CHECK(p.b.say("n NOOP\r\n") == "* 1 FETCH (UID 1 FLAGS (\\Seen))\r\nn OK NOOP completed\r\n");
}

TEST_CASE("EXPUNGE by one session reaches the other at NOOP, not during a FETCH by number") {
    Pair p;
    p.a.say("x STORE 2 +FLAGS.SILENT (\\Deleted)\r\n");
    CHECK(p.a.say("y EXPUNGE\r\n") == "* 2 EXPUNGE\r\ny OK EXPUNGE completed\r\n");
    // B still numbers 1..3; message 2 is gone from the store, so FETCH skips it, and no
    // EXPUNGE may be sent while B relies on its numbers (RFC 9051 §7.4.1).
    CHECK(p.b.say("f FETCH 1:3 (UID)\r\n") ==
          "* 1 FETCH (UID 1)\r\n* 3 FETCH (UID 3)\r\nf OK FETCH completed\r\n");
    CHECK(p.b.say("g STORE 3 +FLAGS (\\Seen)\r\n") ==
          "* 3 FETCH (FLAGS (\\Seen))\r\ng OK STORE completed\r\n");
    CHECK(p.b.say("h SEARCH ALL\r\n") == "* SEARCH 1 3\r\nh OK SEARCH completed\r\n");
    CHECK(p.b.say("n NOOP\r\n") == "* 2 EXPUNGE\r\nn OK NOOP completed\r\n");
    CHECK(p.b.say("f FETCH 2 (UID)\r\n") == "* 2 FETCH (UID 3)\r\nf OK FETCH completed\r\n");
    CHECK(p.b.server.view().size() == 2);
}

TEST_CASE("UID FETCH may carry pending EXPUNGE responses") {
    Pair p;
    p.a.say("x STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
    p.a.say("y EXPUNGE\r\n");
    CHECK(p.b.say("u UID FETCH 3 (FLAGS)\r\n") ==
          "* 3 FETCH (UID 3 FLAGS ())\r\n* 1 EXPUNGE\r\nu OK FETCH completed\r\n");
}

TEST_CASE("APPEND by one session shows EXISTS in the other, at once in IDLE") {
    Pair p;
    const std::string msg = simple_message("four");
    p.a.say("x APPEND INBOX {" + std::to_string(msg.size()) + "+}\r\n" + msg + "\r\n");
    CHECK(p.b.say("n NOOP\r\n") == "* 4 EXISTS\r\nn OK NOOP completed\r\n");
    CHECK(p.b.say("i IDLE\r\n") == "+ idling\r\n");
    p.a.say("z APPEND INBOX {" + std::to_string(msg.size()) + "+}\r\n" + msg + "\r\n");
    p.a.say("w STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
    p.a.say("v EXPUNGE\r\n");
    CHECK(p.b.poll() == "* 1 EXPUNGE\r\n* 4 EXISTS\r\n");
    CHECK(p.b.say("DONE\r\n") == "i OK IDLE terminated\r\n");
    CHECK(p.b.say("f FETCH 4 (UID)\r\n") == "* 4 FETCH (UID 5)\r\nf OK FETCH completed\r\n");
}

TEST_CASE("updates pending when IDLE starts are sent right after the continuation") {
    Pair p;
    p.a.say("x STORE 3 +FLAGS (\\Answered)\r\n");
    CHECK(p.b.say("i IDLE\r\n") == "+ idling\r\n* 3 FETCH (UID 3 FLAGS (\\Answered))\r\n");
}

TEST_CASE("sessions are copyable values: a copy carries on alone") {
    Pair p;
    Session copy = p.b;
    p.a.say("x STORE 1 +FLAGS (\\Seen)\r\n");
    CHECK(p.b.say("n NOOP\r\n") == "* 1 FETCH (UID 1 FLAGS (\\Seen))\r\nn OK NOOP completed\r\n");
    CHECK(copy.say("n NOOP\r\n") == "* 1 FETCH (UID 1 FLAGS (\\Seen))\r\nn OK NOOP completed\r\n");
}
