// CONDSTORE (RFC 7162 §3.1): HIGHESTMODSEQ in SELECT and STATUS, MODSEQ in FETCH, CHANGEDSINCE
// returning only what changed, UNCHANGEDSINCE conflicts reported with MODIFIED, SEARCH MODSEQ.
#include "imap_test_support.hpp"

using namespace imap_test;

namespace {

struct Fixture {
    MailStore store{"example.test"};
    Session s{store};
    Fixture() {
        store.add_account("alice@example.test", "secret");
        for (const char* subject : {"one", "two", "three"}) {
            store.deliver("alice@example.test", "INBOX", simple_message(subject), k_now, {});
        }
        s.login();
    }
    Folder& inbox() { return *store.account("alice@example.test")->folder("INBOX"); }
};

}  // namespace

TEST_CASE("SELECT (CONDSTORE) reports HIGHESTMODSEQ and FETCH carries MODSEQ") {
    Fixture f;
    const std::string select = f.s.say("a SELECT INBOX (CONDSTORE)\r\n");
    CHECK(select.find("* OK [HIGHESTMODSEQ 4] Highest\r\n") != std::string::npos);
    CHECK(f.s.say("b FETCH 1:3 (FLAGS)\r\n") ==
          "* 1 FETCH (FLAGS () MODSEQ (2))\r\n* 2 FETCH (FLAGS () MODSEQ (3))\r\n"
          "* 3 FETCH (FLAGS () MODSEQ (4))\r\nb OK FETCH completed\r\n");
    CHECK(f.s.say("c STATUS INBOX (HIGHESTMODSEQ)\r\n") ==
          "* STATUS INBOX (HIGHESTMODSEQ 4)\r\nc OK STATUS completed\r\n");
}

TEST_CASE("CHANGEDSINCE returns only the messages changed after the given MODSEQ") {
    Fixture f;
    f.s.say("a SELECT INBOX\r\n");
    f.s.say("b STORE 2 +FLAGS.SILENT (\\Seen)\r\n");  // MODSEQ 5
    CHECK(f.s.say("c UID FETCH 1:* (FLAGS) (CHANGEDSINCE 4)\r\n") ==
          "* 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (5))\r\nc OK FETCH completed\r\n");
    CHECK(f.s.say("d FETCH 1:* (UID) (CHANGEDSINCE 5)\r\n") == "d OK FETCH completed\r\n");
    CHECK(f.s.say("e FETCH 1:* (UID) (CHANGEDSINCE 1)\r\n") ==
          "* 1 FETCH (UID 1 MODSEQ (2))\r\n* 2 FETCH (UID 2 MODSEQ (5))\r\n"
          "* 3 FETCH (UID 3 MODSEQ (4))\r\ne OK FETCH completed\r\n");
    CHECK(f.s.say("f FETCH 1 (UID) (CHANGEDSINCE x)\r\n") == "f BAD Invalid FETCH arguments\r\n");
}

TEST_CASE("UNCHANGEDSINCE conflicts leave the message alone and answer MODIFIED") {
    Fixture f;
    f.s.say("a SELECT INBOX\r\n");
    Session other(f.store);
    other.login();
    other.say("s SELECT INBOX\r\n");
    other.say("x STORE 3 +FLAGS (\\Flagged)\r\n");  // message 3 now at MODSEQ 5
    CHECK(f.s.say("b STORE 1:3 (UNCHANGEDSINCE 4) +FLAGS (\\Seen)\r\n") ==
          "* 1 FETCH (FLAGS (\\Seen) MODSEQ (6))\r\n* 2 FETCH (FLAGS (\\Seen) MODSEQ (7))\r\n"
          "* 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (5))\r\n"
          "b OK [MODIFIED 3] Conditional STORE failed\r\n");
    CHECK_FALSE(f.inbox().find_uid(3)->has_flag("\\Seen"));
    CHECK(f.s.say("c UID STORE 3 (UNCHANGEDSINCE 5) +FLAGS (\\Seen)\r\n") ==
          "* 3 FETCH (UID 3 FLAGS (\\Flagged \\Seen) MODSEQ (8))\r\nc OK STORE completed\r\n");
    CHECK(f.s.say("d UID STORE 1:2 (UNCHANGEDSINCE 1) -FLAGS (\\Seen)\r\n") ==
          "d OK [MODIFIED 1:2] Conditional STORE failed\r\n");
}

TEST_CASE("SEARCH MODSEQ finds messages changed since, with the highest MODSEQ") {
    Fixture f;
    f.s.say("a SELECT INBOX\r\n");
    f.s.say("b STORE 1 +FLAGS.SILENT (\\Answered)\r\n");
    CHECK(f.s.say("c SEARCH MODSEQ 4\r\n") == "* SEARCH 1 3 (MODSEQ 5)\r\nc OK SEARCH completed\r\n");
    CHECK(f.s.say("d SEARCH MODSEQ \"/flags/\\\\draft\" all 5\r\n") ==
          "* SEARCH 1 (MODSEQ 5)\r\nd OK SEARCH completed\r\n");
}
