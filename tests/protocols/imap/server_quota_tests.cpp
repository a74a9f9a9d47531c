// IMAP COPY and MOVE against an account quota: a MOVE never loses a message and needs no room
// (RFC 6851 §3.3, §4.1), a COPY that would exceed the quota is NO [OVERQUOTA] and changes
// nothing (RFC 9051 §6.4.7, §7.1), with COPYUID only for real UIDs (RFC 4315 §3).
#include "imap_test_support.hpp"

using namespace imap_test;

namespace {

constexpr const char* k_alice = "alice@example.test";

struct QuotaFixture {
    MailStore store{"example.test"};
    QuotaFixture() {
        store.add_account(k_alice, "secret");
        store.deliver(k_alice, "INBOX", simple_message("first", "apple pie\r\n"), k_now,
                      {"\\Seen"});
        store.deliver(k_alice, "INBOX", simple_message("second", "banana\r\n"), k_now, {});
        store.deliver(k_alice, "INBOX", simple_message("third", "cherry\r\n"), k_now, {});
    }
    Account& alice() { return *store.account(k_alice); }
    Folder& folder(std::string_view name) { return *alice().folder(name); }
    std::size_t size_of(std::uint32_t uid) { return folder("INBOX").find_uid(uid)->size(); }
    std::vector<std::string> subjects(std::string_view name) {
        std::vector<std::string> out;
        for (const auto& m : folder(name).messages) {
            const auto at = m.data.str().find("Subject: ");
            out.push_back(m.data.str().substr(at + 9, m.data.str().find("\r\n", at) - at - 9));
        }
        return out;
    }
};

Session selected_inbox(QuotaFixture& f) {
    Session s(f.store);
    s.login();
    s.say("s SELECT INBOX\r\n");
    return s;
}

}  // namespace

TEST_CASE("UID MOVE at the quota keeps the message: it lands in the target with a real UID") {
    QuotaFixture f;
    f.alice().quota_bytes = f.alice().total_size();  // full to the last byte
    const std::size_t total = f.alice().total_size();
    Session s = selected_inbox(f);
    CHECK(s.say("m UID MOVE 3 Trash\r\n") ==
          "* OK [COPYUID 1 3 1] Moved\r\n* 3 EXPUNGE\r\nm OK MOVE completed\r\n");
    CHECK(f.subjects("INBOX") == std::vector<std::string>{"first", "second"});
    REQUIRE(f.subjects("Trash") == std::vector<std::string>{"third"});
    CHECK(f.folder("Trash").messages[0].uid == 1);
    CHECK(f.folder("Trash").uid_next == 2);
    CHECK(f.alice().total_size() == total);
}

TEST_CASE("MOVE of several messages works even when the account is already over its quota") {
    QuotaFixture f;
    f.alice().quota_bytes = 10;  // lowered below what the account holds (a provider's decision)
    const std::size_t total = f.alice().total_size();
    Session s = selected_inbox(f);
    CHECK(s.say("m MOVE 1:3 Trash\r\n") ==
          "* OK [COPYUID 1 1:3 1:3] Moved\r\n* 1 EXPUNGE\r\n* 1 EXPUNGE\r\n* 1 EXPUNGE\r\n"
          "m OK MOVE completed\r\n");
    CHECK(f.folder("INBOX").messages.empty());
    REQUIRE(f.subjects("Trash") == std::vector<std::string>{"first", "second", "third"});
    CHECK(f.folder("Trash").messages[0].flags == std::vector<std::string>{"\\Seen"});  // kept
    CHECK(f.folder("Trash").messages[0].internal_date_us == k_now);
    CHECK(f.alice().total_size() == total);
    // A second session watching Trash learns of the arrivals (the store changed like a move).
    Session watcher(f.store);
    watcher.login();
    CHECK(watcher.say("w SELECT Trash\r\n").find("* 3 EXISTS\r\n") != std::string::npos);
}

TEST_CASE("MOVE into the selected mailbox at the quota renumbers and keeps the message") {
    QuotaFixture f;
    f.alice().quota_bytes = f.alice().total_size();
    Session s = selected_inbox(f);
    CHECK(s.say("m MOVE 1 INBOX\r\n") ==
          "* OK [COPYUID 1 1 4] Moved\r\n* 1 EXPUNGE\r\n* 3 EXISTS\r\nm OK MOVE completed\r\n");
    REQUIRE(f.subjects("INBOX") == std::vector<std::string>{"second", "third", "first"});
    CHECK(f.folder("INBOX").messages.back().uid == 4);
}

TEST_CASE("COPY over the quota is NO [OVERQUOTA] and changes nothing") {
    QuotaFixture f;
    f.alice().quota_bytes = f.alice().total_size();
    const Folder trash_before = f.folder("Trash");
    const Folder inbox_before = f.folder("INBOX");
    const std::uint64_t change_before = f.alice().change_seq;
    Session watcher(f.store);
    watcher.login();
    watcher.say("w SELECT Trash\r\n");
    Session s = selected_inbox(f);
    CHECK(s.say("c UID COPY 2 Trash\r\n") == "c NO [OVERQUOTA] Quota exceeded\r\n");
    CHECK(f.folder("Trash").messages.empty());
    CHECK(f.folder("Trash").uid_next == trash_before.uid_next);
    CHECK(f.folder("Trash").highest_modseq == trash_before.highest_modseq);
    CHECK(f.folder("INBOX").messages.size() == inbox_before.messages.size());
    CHECK(f.alice().change_seq == change_before);
    CHECK(watcher.say("n NOOP\r\n") == "n OK NOOP completed\r\n");  // no EXISTS
}

TEST_CASE("a COPY of several messages where only the last would exceed is all or nothing") {
    QuotaFixture f;
    // Room for messages 1 and 2 but not for 3 as well.
    f.alice().quota_bytes = f.alice().total_size() + f.size_of(1) + f.size_of(2);
    Session s = selected_inbox(f);
    CHECK(s.say("c COPY 1:3 Trash\r\n") == "c NO [OVERQUOTA] Quota exceeded\r\n");
    CHECK(f.folder("Trash").messages.empty());
    CHECK(f.folder("Trash").uid_next == 1);
    // Without the last one it fits, exactly to the quota.
    CHECK(s.say("d COPY 1:2 Trash\r\n") == "d OK [COPYUID 1 1:2 1:2] COPY completed\r\n");
    CHECK(f.subjects("Trash") == std::vector<std::string>{"first", "second"});
    CHECK(f.alice().total_size() == f.alice().quota_bytes);
    CHECK(s.say("e COPY 3 Trash\r\n") == "e NO [OVERQUOTA] Quota exceeded\r\n");
    CHECK(f.folder("Trash").messages.size() == 2);
}

TEST_CASE("COPY and MOVE of messages another session expunged change nothing and send no COPYUID") {
    QuotaFixture f;
    f.alice().quota_bytes = f.alice().total_size();
    Session copier = selected_inbox(f);
    Session mover = selected_inbox(f);
    f.store.expunge(k_alice, "INBOX", {1, 2, 3});
    const std::string expunges = "* 1 EXPUNGE\r\n* 1 EXPUNGE\r\n* 1 EXPUNGE\r\n";
    CHECK(copier.say("c COPY 1:3 Trash\r\n") == expunges + "c OK COPY completed\r\n");
    CHECK(mover.say("m MOVE 1:3 Trash\r\n") == expunges + "m OK MOVE completed\r\n");
    CHECK(f.folder("Trash").messages.empty());
    CHECK(f.folder("Trash").uid_next == 1);
}
