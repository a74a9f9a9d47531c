// MailStore: accounts, delivery with UIDs and MODSEQ, expunge, the POP3 maildrop lock, quota,
// folder operations (create, delete, rename; UIDVALIDITY rules), move, set_flags, the change counter.
#include <catch2/catch.hpp>

#include "protocols/store/mail_store.hpp"

using namespace postlab;

TEST_CASE("delivery assigns ascending UIDs and MODSEQs") {
    MailStore store("example.test");
    REQUIRE(store.add_account("alice@example.test", "secret"));
    CHECK_FALSE(store.add_account("alice@EXAMPLE.test", "other"));
    CHECK(store.deliver("alice@example.test", "INBOX", "a\r\n", 1) == DeliveryStatus::delivered);
    CHECK(store.deliver("alice@Example.Test", "INBOX", "bb\r\n", 2) == DeliveryStatus::delivered);
    CHECK(store.deliver("bob@example.test", "INBOX", "c\r\n", 3) == DeliveryStatus::no_such_user);
    const Folder* inbox = store.account("alice@example.test")->folder("inbox");
    REQUIRE(inbox);
    REQUIRE(inbox->messages.size() == 2);
    CHECK(inbox->messages[0].uid == 1);
    CHECK(inbox->messages[1].uid == 2);
    CHECK(inbox->messages[1].modseq > inbox->messages[0].modseq);
    CHECK(inbox->uid_next == 3);
    CHECK(inbox->total_size() == 7);
}

TEST_CASE("expunge removes by UID and UIDs are never reused") {
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    for (int i = 0; i < 3; ++i) store.deliver("alice@example.test", "INBOX", "m\r\n", i);
    store.expunge("alice@example.test", "INBOX", {1, 3});
    const Folder* inbox = store.account("alice@example.test")->folder("INBOX");
    REQUIRE(inbox->messages.size() == 1);
    CHECK(inbox->messages[0].uid == 2);
    store.deliver("alice@example.test", "INBOX", "n\r\n", 9);
    CHECK(inbox->messages.back().uid == 4);
}

TEST_CASE("authentication and the maildrop lock") {
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    CHECK(store.authenticate("alice@example.test", "secret"));
    CHECK_FALSE(store.authenticate("alice@example.test", "secreT"));
    CHECK_FALSE(store.authenticate("alice@example.test", ""));
    CHECK_FALSE(store.authenticate("mallory@example.test", "secret"));
    CHECK(store.lock_maildrop("alice@example.test", 7));
    CHECK_FALSE(store.lock_maildrop("alice@example.test", 8));
    store.unlock_maildrop("alice@example.test", 8);  // not the owner: no effect
    CHECK_FALSE(store.lock_maildrop("alice@example.test", 8));
    store.unlock_maildrop("alice@example.test", 7);
    CHECK(store.lock_maildrop("alice@example.test", 8));
}

TEST_CASE("quota refuses delivery beyond it") {
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    store.account("alice@example.test")->quota_bytes = 10;
    CHECK(store.deliver("alice@example.test", "INBOX", "12345678", 0) == DeliveryStatus::delivered);
    CHECK(store.deliver("alice@example.test", "INBOX", "123", 0) == DeliveryStatus::over_quota);
}

TEST_CASE("local domains are matched case-insensitively") {
    MailStore store("example.test");
    CHECK(store.is_local_domain("EXAMPLE.test"));
    CHECK_FALSE(store.is_local_domain("remote.test"));
}

namespace {

std::vector<std::string> folder_names(const MailStore& store) {
    std::vector<std::string> names;
    for (const auto& f : store.account("alice@example.test")->folders) names.push_back(f.name);
    return names;
}

}  // namespace

TEST_CASE("create_folder gives a fresh UIDVALIDITY, never reused for a recreated name") {
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    const Account& a = *store.account("alice@example.test");
    CHECK(store.create_folder("alice@example.test", "Work") == FolderStatus::ok);
    CHECK(store.create_folder("alice@example.test", "Work") == FolderStatus::exists);
    CHECK(store.create_folder("alice@example.test", "inbox") == FolderStatus::exists);
    CHECK(store.create_folder("alice@example.test", "") == FolderStatus::not_allowed);
    CHECK(store.create_folder("bob@example.test", "Work") == FolderStatus::missing);
    const std::uint32_t first = a.folder("Work")->uid_validity;
    CHECK(first > a.folder("INBOX")->uid_validity);
    CHECK_FALSE(a.folder("Work")->subscribed);
    CHECK(a.folder("Work")->messages.empty());
    REQUIRE(store.delete_folder("alice@example.test", "Work") == FolderStatus::ok);
    CHECK(a.folder("Work") == nullptr);
    REQUIRE(store.create_folder("alice@example.test", "Work") == FolderStatus::ok);
    CHECK(a.folder("Work")->uid_validity > first);
}

TEST_CASE("UIDVALIDITY stays above values set by hand") {
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    store.account("alice@example.test")->folder("INBOX")->uid_validity = 3857529045u;
    REQUIRE(store.create_folder("alice@example.test", "New") == FolderStatus::ok);
    CHECK(store.account("alice@example.test")->folder("New")->uid_validity == 3857529046u);
}

TEST_CASE("folder creation is deterministic: two stores agree") {
    MailStore one("example.test");
    MailStore two("example.test");
    for (MailStore* s : {&one, &two}) {
        s->add_account("alice@example.test", "secret");
        s->create_folder("alice@example.test", "A");
        s->create_folder("alice@example.test", "B");
    }
    CHECK(one.account("alice@example.test")->folder("B")->uid_validity ==
          two.account("alice@example.test")->folder("B")->uid_validity);
}

TEST_CASE("delete_folder refuses INBOX and unknown names") {
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    CHECK(store.delete_folder("alice@example.test", "INBOX") == FolderStatus::not_allowed);
    CHECK(store.delete_folder("alice@example.test", "Inbox") == FolderStatus::not_allowed);
    CHECK(store.delete_folder("alice@example.test", "Nope") == FolderStatus::missing);
    CHECK(store.delete_folder("bob@example.test", "Sent") == FolderStatus::missing);
    CHECK(store.delete_folder("alice@example.test", "Trash") == FolderStatus::ok);
    CHECK(folder_names(store) == std::vector<std::string>{"INBOX", "Sent", "Drafts"});
}

TEST_CASE("rename_folder renames inferiors too and keeps messages and UIDs") {
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    store.create_folder("alice@example.test", "Projects");
    store.create_folder("alice@example.test", "Projects/2026");
    store.create_folder("alice@example.test", "ProjectsOld");
    store.deliver("alice@example.test", "Projects/2026", "m\r\n", 1);
    CHECK(store.rename_folder("alice@example.test", "Projects", "Sent") == FolderStatus::exists);
    CHECK(store.rename_folder("alice@example.test", "Nope", "X") == FolderStatus::missing);
    CHECK(store.rename_folder("alice@example.test", "Projects", "") == FolderStatus::not_allowed);
    REQUIRE(store.rename_folder("alice@example.test", "Projects", "Work") == FolderStatus::ok);
    const Account& a = *store.account("alice@example.test");
    CHECK(a.folder("Projects") == nullptr);
    REQUIRE(a.folder("Work/2026"));
    CHECK(a.folder("Work/2026")->messages.size() == 1);
    CHECK(a.folder("Work/2026")->messages[0].uid == 1);
    CHECK(a.folder("ProjectsOld"));  // a prefix without the delimiter is not an inferior
}

TEST_CASE("renaming INBOX moves its messages and leaves INBOX empty (RFC 9051 6.3.6)") {
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    store.deliver("alice@example.test", "INBOX", "a\r\n", 1);
    store.deliver("alice@example.test", "INBOX", "b\r\n", 2);
    REQUIRE(store.rename_folder("alice@example.test", "inbox", "Old") == FolderStatus::ok);
    const Account& a = *store.account("alice@example.test");
    REQUIRE(a.folder("INBOX"));
    CHECK(a.folder("INBOX")->messages.empty());
    REQUIRE(a.folder("Old"));
    CHECK(a.folder("Old")->messages.size() == 2);
    CHECK(a.folder("Old")->uid_validity != a.folder("INBOX")->uid_validity);
    // INBOX's UIDs are not reused after its messages left.
    store.deliver("alice@example.test", "INBOX", "c\r\n", 3);
    CHECK(a.folder("INBOX")->messages[0].uid == 3);
}

TEST_CASE("set_flags sorts, takes a new MODSEQ only on a real change") {
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    store.deliver("alice@example.test", "INBOX", "a\r\n", 1);
    const Folder& inbox = *store.account("alice@example.test")->folder("INBOX");
    const auto before = inbox.messages[0].modseq;
    CHECK(store.set_flags("alice@example.test", "INBOX", 1, {"\\Seen", "$Work", "\\Seen"}));
    CHECK(inbox.messages[0].flags == std::vector<std::string>{"$Work", "\\Seen"});
    CHECK(inbox.messages[0].modseq > before);
    CHECK(inbox.highest_modseq == inbox.messages[0].modseq);
    const auto after = inbox.messages[0].modseq;
    CHECK_FALSE(store.set_flags("alice@example.test", "INBOX", 1, {"\\Seen", "$Work"}));
    CHECK(inbox.messages[0].modseq == after);
    CHECK_FALSE(store.set_flags("alice@example.test", "INBOX", 9, {"\\Seen"}));
    CHECK_FALSE(store.set_flags("alice@example.test", "Nope", 1, {"\\Seen"}));
}

TEST_CASE("change_seq counts every mutation of an account, and only of that account") {
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    store.add_account("bob@example.test", "secret");
    const Account& alice = *store.account("alice@example.test");
    const Account& bob = *store.account("bob@example.test");
    std::uint64_t last = alice.change_seq;
    const auto bumped = [&] {
        const bool changed = alice.change_seq > last;
        last = alice.change_seq;
        return changed;
    };
    store.deliver("alice@example.test", "INBOX", "a\r\n", 1);
    CHECK(bumped());
    store.set_flags("alice@example.test", "INBOX", 1, {"\\Seen"});
    CHECK(bumped());
    store.set_flags("alice@example.test", "INBOX", 1, {"\\Seen"});
    CHECK_FALSE(bumped());
    store.expunge("alice@example.test", "INBOX", {7});  // nothing removed
    CHECK_FALSE(bumped());
    store.expunge("alice@example.test", "INBOX", {1});
    CHECK(bumped());
    store.create_folder("alice@example.test", "A");
    CHECK(bumped());
    store.create_folder("alice@example.test", "A");  // exists: no change
    CHECK_FALSE(bumped());
    store.rename_folder("alice@example.test", "A", "B");
    CHECK(bumped());
    store.delete_folder("alice@example.test", "B");
    CHECK(bumped());
    store.lock_maildrop("alice@example.test", 3);  // not a change of folders or messages
    CHECK_FALSE(bumped());
    CHECK(bob.change_seq == 0);
}

TEST_CASE("move_messages moves, keeping bytes, flags and dates, with the target's next UIDs (RFC 6851)") {
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    const std::string address = "alice@example.test";
    store.deliver(address, "INBOX", "one\r\n", 10, {"\\Seen"});
    store.deliver(address, "INBOX", "two\r\n", 20);
    store.deliver(address, "INBOX", "three\r\n", 30, {"$Work"});
    REQUIRE(store.create_folder(address, "Archive") == FolderStatus::ok);
    store.deliver(address, "Archive", "old\r\n", 5);  // the target's UIDs go on from 2
    const Account& alice = *store.account(address);
    const Folder& inbox = *alice.folder("INBOX");
    const Folder& archive = *alice.folder("Archive");
    const auto inbox_modseq = inbox.highest_modseq;
    const auto change = alice.change_seq;

    // Unordered, duplicated, and one UID that is not there.
    const auto moved = store.move_messages(address, "INBOX", {3, 1, 99, 3}, "Archive");
    REQUIRE(moved.size() == 2);
    CHECK(moved[0].source_uid == 1);
    CHECK(moved[0].target_uid == 2);
    CHECK(moved[1].source_uid == 3);
    CHECK(moved[1].target_uid == 3);
    REQUIRE(inbox.messages.size() == 1);
    CHECK(inbox.messages[0].uid == 2);
    CHECK(inbox.highest_modseq > inbox_modseq);  // the expunge side is a change (RFC 7162)
    REQUIRE(archive.messages.size() == 3);
    CHECK(archive.messages[1].data == "one\r\n");
    CHECK(archive.messages[1].flags == std::vector<std::string>{"\\Seen"});
    CHECK(archive.messages[1].internal_date_us == 10);
    CHECK(archive.messages[2].data == "three\r\n");
    CHECK(archive.messages[2].flags == std::vector<std::string>{"$Work"});
    CHECK(archive.messages[2].modseq == archive.highest_modseq);
    CHECK(archive.uid_next == 4);
    CHECK(alice.change_seq > change);
    CHECK(inbox.total_size() + archive.total_size() == 5 + 5 + 7 + 5);  // nothing lost, nothing doubled
}

TEST_CASE("move_messages into the same folder renumbers; unknown folders and UIDs change nothing") {
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    const std::string address = "alice@example.test";
    store.deliver(address, "INBOX", "a\r\n", 1);
    store.deliver(address, "INBOX", "b\r\n", 2);
    const Account& alice = *store.account(address);
    const Folder& inbox = *alice.folder("INBOX");

    const auto change = alice.change_seq;
    CHECK(store.move_messages(address, "INBOX", {1}, "Nowhere").empty());
    CHECK(store.move_messages(address, "Nowhere", {1}, "INBOX").empty());
    CHECK(store.move_messages(address, "INBOX", {42}, "INBOX").empty());
    CHECK(store.move_messages("bob@example.test", "INBOX", {1}, "INBOX").empty());
    CHECK(alice.change_seq == change);
    CHECK(inbox.messages.size() == 2);

    const auto moved = store.move_messages(address, "INBOX", {1}, "INBOX");
    REQUIRE(moved.size() == 1);
    CHECK(moved[0].target_uid == 3);
    REQUIRE(inbox.messages.size() == 2);
    CHECK(inbox.messages[0].uid == 2);
    CHECK(inbox.messages[1].uid == 3);
    CHECK(inbox.messages[1].data == "a\r\n");
}
