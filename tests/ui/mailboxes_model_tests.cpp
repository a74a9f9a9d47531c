// Tests of the Mailboxes view's model (ui/views/mailboxes_model.hpp): matching messages across
// the server and devices, differences (missing on a device, IMAP flags), changes in a step.
#include <catch2/catch.hpp>

#include "protocols/store/mail_store.hpp"
#include "sim/device.hpp"
#include "ui/views/mailboxes_model.hpp"

using namespace postlab;
using namespace postlab::ui;

namespace {

std::string message(const std::string& subject, const std::string& id) {
    return "From: Bob <bob@remote.test>\r\nSubject: " + subject + "\r\nMessage-ID: <" + id +
           ">\r\n\r\nbody\r\n";
}

sim::DeviceMessage device_message(const std::string& subject, const std::string& id,
                                  std::vector<std::string> flags = {}) {
    sim::DeviceMessage m;
    m.subject = subject;
    m.from = "Bob <bob@remote.test>";
    m.message_id = "<" + id + ">";
    m.flags = std::move(flags);
    return m;
}

sim::DeviceView device(const std::string& id, sim::IncomingProtocol protocol,
                       std::vector<sim::DeviceMessage> inbox) {
    sim::DeviceView d;
    d.id = id;
    d.owner = "alice@example.test";
    d.incoming.protocol = protocol;
    d.folders.push_back({"INBOX", std::move(inbox)});
    return d;
}

MailboxesSnapshot snapshot(const MailStore& store, const std::vector<sim::DeviceView>& devices) {
    MailboxesSnapshot s;
    add_server_columns(s, {store});
    add_device_columns(s, devices);
    return s;
}

MailStore store_with(const std::vector<std::pair<std::string, std::string>>& messages) {
    MailStore store("example.test");
    store.add_account("alice@example.test", "secret");
    for (const auto& [subject, id] : messages) store.deliver("alice@example.test", "INBOX", message(subject, id), 0);
    return store;
}

const FolderRows& inbox(const ColumnRows& c) {
    for (const FolderRows& f : c.folders) {
        if (f.name == "INBOX") return f;
    }
    FAIL("no INBOX in column " << c.column.id);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("header_field reads unfolded fields and stops at the body", "[ui][mailboxes]") {
    const std::string m = "Subject: a long\r\n  folded subject\r\nFrom: x@y\r\n\r\nSubject: not me\r\n";
    CHECK(header_field(m, "subject") == "a long folded subject");
    CHECK(header_field(m, "From") == "x@y");
    CHECK(header_field(m, "To").empty());
    CHECK(header_field("Subject: only\n\nSubject: body", "Subject") == "only");
    CHECK(header_field("", "Subject").empty());
}

TEST_CASE("a message on the server but not on a device is a ghost row there", "[ui][mailboxes]") {
    const MailStore store = store_with({{"Lunch", "1@remote.test"}, {"Slides", "2@remote.test"}});
    const auto rows = compute_mailbox_rows(
        snapshot(store, {device("phone", sim::IncomingProtocol::pop3, {device_message("Lunch", "1@remote.test")})}),
        nullptr);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].column.kind == ColumnKind::server);
    CHECK(rows[0].differences == 0);
    CHECK(std::string(column_kind_label(rows[1].column.kind)) == "local copies (POP3)");
    const FolderRows& phone = inbox(rows[1]);
    CHECK(phone.count == 1);
    REQUIRE(phone.rows.size() == 2);
    CHECK_FALSE(phone.rows[0].ghost);
    CHECK_FALSE(phone.rows[0].missing_here);
    CHECK(phone.rows[1].ghost);
    CHECK(phone.rows[1].missing_here);
    CHECK(phone.rows[1].subject == "Slides");
    CHECK(rows[1].differences == 1);
}

TEST_CASE("POP3 local copies of deleted server messages are marked only-here, not as differences",
          "[ui][mailboxes]") {
    const MailStore store = store_with({});
    const auto rows = compute_mailbox_rows(
        snapshot(store, {device("laptop", sim::IncomingProtocol::pop3,
                                {device_message("Lunch", "1@remote.test"), device_message("Slides", "2@remote.test")})}),
        nullptr);
    const FolderRows& laptop = inbox(rows[1]);
    REQUIRE(laptop.rows.size() == 2);
    CHECK(laptop.rows[0].only_here);
    CHECK(laptop.rows[1].only_here);
    CHECK_FALSE(laptop.rows[0].stale);
    CHECK(rows[1].differences == 0);
}

TEST_CASE("IMAP cache entries the server no longer has are stale differences", "[ui][mailboxes]") {
    const MailStore store = store_with({{"Slides", "2@remote.test"}});
    const auto rows = compute_mailbox_rows(
        snapshot(store, {device("phone", sim::IncomingProtocol::imap,
                                {device_message("Lunch", "1@remote.test"), device_message("Slides", "2@remote.test")})}),
        nullptr);
    const FolderRows& phone = inbox(rows[1]);
    REQUIRE(phone.rows.size() == 2);
    CHECK(phone.rows[0].stale);
    CHECK_FALSE(phone.rows[1].stale);
    CHECK(rows[1].differences == 1);
}

TEST_CASE("IMAP caches with other flags than the server are flagged as different", "[ui][mailboxes]") {
    MailStore store = store_with({{"Lunch", "1@remote.test"}, {"Slides", "2@remote.test"}});
    const std::uint32_t uid = store.account("alice@example.test")->folder("INBOX")->messages[0].uid;
    store.set_flags("alice@example.test", "INBOX", uid, {"\\Seen"});
    const auto rows = compute_mailbox_rows(
        snapshot(store, {device("tablet", sim::IncomingProtocol::imap,
                                {device_message("Lunch", "1@remote.test"),
                                 device_message("Slides", "2@remote.test", {"\\Flagged"})})}),
        nullptr);
    CHECK(std::string(column_kind_label(rows[1].column.kind)) == "cache of the server (IMAP)");
    const FolderRows& tablet = inbox(rows[1]);
    REQUIRE(tablet.rows.size() == 2);
    CHECK(tablet.rows[0].flags_differ);
    CHECK(tablet.rows[0].flags == 0);
    CHECK(has(tablet.rows[0].server_flags, MailFlag::seen));
    CHECK(tablet.rows[1].flags_differ);
    CHECK(has(tablet.rows[1].flags, MailFlag::flagged));
    CHECK(rows[1].differences == 2);
    // The IMAP column lists the server's other folders too (Sent, Drafts, Trash).
    CHECK(rows[1].folders.size() == 4);
}

TEST_CASE("POP3 flags are local: no flag difference for POP3 devices", "[ui][mailboxes]") {
    const MailStore store = store_with({{"Lunch", "1@remote.test"}});
    const auto rows = compute_mailbox_rows(
        snapshot(store, {device("phone", sim::IncomingProtocol::pop3, {device_message("Lunch", "1@remote.test", {"\\Seen"})})}),
        nullptr);
    CHECK_FALSE(inbox(rows[1]).rows[0].flags_differ);
    CHECK(rows[1].differences == 0);
}

TEST_CASE("changes since the step's start: added, removed, flags changed", "[ui][mailboxes]") {
    MailStore before_store = store_with({{"Lunch", "1@remote.test"}, {"Slides", "2@remote.test"}});
    const MailboxesSnapshot before = snapshot(before_store, {device("laptop", sim::IncomingProtocol::imap, {device_message("Lunch", "1@remote.test")})});
    MailStore now_store = store_with({{"Lunch", "1@remote.test"}, {"Party", "3@remote.test"}});
    const MailboxesSnapshot now = snapshot(now_store, {device("laptop", sim::IncomingProtocol::imap,
                                                              {device_message("Lunch", "1@remote.test", {"\\Seen"})})});
    const auto rows = compute_mailbox_rows(now, &before);
    const FolderRows& server = inbox(rows[0]);
    REQUIRE(server.rows.size() == 3);
    CHECK_FALSE(server.rows[0].added_in_step);
    CHECK(server.rows[1].subject == "Party");
    CHECK(server.rows[1].added_in_step);
    CHECK(server.rows[2].subject == "Slides");
    CHECK(server.rows[2].ghost);
    CHECK(server.rows[2].removed_in_step);
    CHECK(rows[0].changes == 2);
    const FolderRows& laptop = inbox(rows[1]);
    CHECK(laptop.rows[0].flags_changed_in_step);
    CHECK(rows[1].changes == 1);
    // Without a step-start snapshot nothing is marked as changed.
    const auto plain = compute_mailbox_rows(now, nullptr);
    CHECK(plain[0].changes == 0);
    CHECK(plain[1].changes == 0);
}

TEST_CASE("duplicates are matched as a multiset", "[ui][mailboxes]") {
    const MailStore store = store_with({{"Same", "1@x"}, {"Same", "1@x"}});
    const auto rows = compute_mailbox_rows(
        snapshot(store, {device("phone", sim::IncomingProtocol::pop3, {device_message("Same", "1@x")})}), nullptr);
    const FolderRows& phone = inbox(rows[1]);
    REQUIRE(phone.rows.size() == 2);
    CHECK(phone.rows[1].missing_here);
}

TEST_CASE("offline devices and devices without incoming mail keep their column", "[ui][mailboxes]") {
    sim::DeviceView bob;
    bob.id = "bob";
    bob.owner = "bob@remote.test";
    bob.incoming.protocol = sim::IncomingProtocol::none;
    bob.outbox_count = 1;
    sim::DeviceView phone = device("phone", sim::IncomingProtocol::imap, {});
    phone.online = false;
    MailboxesSnapshot s;
    add_device_columns(s, {bob, phone});
    const auto rows = compute_mailbox_rows(s, nullptr);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].column.kind == ColumnKind::device);
    CHECK(rows[0].column.outbox_count == 1);
    CHECK_FALSE(rows[1].column.online);
    CHECK(inbox(rows[1]).rows.empty());
}
