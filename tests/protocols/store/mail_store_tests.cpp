// MailStore: accounts, delivery with UIDs and MODSEQ, expunge, the POP3 maildrop lock, quota.
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
