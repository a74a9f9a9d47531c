// IMAP server commands one by one: login paths, mailbox management, APPEND with literals, FETCH
// sections, STORE, COPY/MOVE, EXPUNGE, SEARCH (classic and ESEARCH), IDLE, CLOSE, timers, TLS.
#include "imap_test_support.hpp"

#include "protocols/core/base64.hpp"
#include "protocols/core/text.hpp"

using namespace imap_test;

namespace {

struct Fixture {
    MailStore store{"example.test"};
    Fixture() {
        store.add_account("alice@example.test", "secret");
        store.deliver("alice@example.test", "INBOX", simple_message("first", "apple pie\r\n"),
                      k_now - 86'400'000'000LL * 3, {"\\Seen"});
        store.deliver("alice@example.test", "INBOX", simple_message("second", "banana\r\n"), k_now,
                      {"\\Flagged"});
        store.deliver("alice@example.test", "INBOX",
                      simple_message("third", "cherry\r\n", "carol@example.test"), k_now, {});
    }
    Folder& inbox() { return *store.account("alice@example.test")->folder("INBOX"); }
};

std::string plain(std::string_view user, std::string_view password) {
    std::string m;
    m += '\0';
    m += user;
    m += '\0';
    m += password;
    return base64_encode(m);
}

}  // namespace

TEST_CASE("greeting, CAPABILITY, and LOGINDISABLED before TLS") {
    Fixture f;
    Session s(f.store);
    CHECK(s.start().starts_with("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 STARTTLS AUTH=PLAIN"));
    const std::string caps = s.say("c CAPABILITY\r\n");
    CHECK(caps.find("LITERAL+") != std::string::npos);
    CHECK(caps.find("APPENDLIMIT=52428800") != std::string::npos);
    CHECK(caps.ends_with("c OK CAPABILITY completed\r\n"));

    ServerConfig strict;
    strict.login_requires_tls = true;
    Session t(f.store, strict);
    CHECK(t.start().find("LOGINDISABLED") != std::string::npos);
    CHECK(t.say("a LOGIN alice@example.test secret\r\n").starts_with("a NO [PRIVACYREQUIRED]"));
    CHECK(t.server.state() == State::not_authenticated);
    CHECK(t.say("b STARTTLS\r\n") == "b OK Begin TLS negotiation now\r\n");
    CHECK(t.server.tls_active());
    CHECK(t.say("c CAPABILITY\r\n").find("LOGINDISABLED") == std::string::npos);
    CHECK(t.say("d LOGIN alice@example.test secret\r\n").starts_with("d OK [CAPABILITY"));
}

TEST_CASE("STARTTLS discards plaintext pipelined behind it") {
    Fixture f;
    Session s(f.store);
    s.start();
    const std::string out = s.say("a STARTTLS\r\nb LOGIN alice@example.test secret\r\n");
    CHECK(out == "a OK Begin TLS negotiation now\r\n");
    CHECK(s.server.state() == State::not_authenticated);
    CHECK(has_event(s.events(), EventKind::protocol_violation));
    CHECK(s.say("c NOOP\r\n") == "c OK NOOP completed\r\n");  // the TLS session works
}

TEST_CASE("LOGIN failures and AUTHENTICATE PLAIN with and without SASL-IR") {
    Fixture f;
    Session s(f.store);
    s.start();
    CHECK(s.say("a LOGIN alice@example.test wrong\r\n") ==
          "a NO [AUTHENTICATIONFAILED] Invalid credentials\r\n");
    CHECK(has_event(s.events(), EventKind::auth_failed));
    CHECK(s.say("b AUTHENTICATE PLAIN\r\n") == "+ \r\n");
    CHECK(s.say("*\r\n") == "b BAD Authentication cancelled\r\n");
    CHECK(s.say("c AUTHENTICATE PLAIN\r\n") == "+ \r\n");
    CHECK(s.say(plain("alice@example.test", "secret") + "\r\n").starts_with("c OK [CAPABILITY"));
    CHECK(s.server.state() == State::authenticated);
    CHECK(s.server.user() == "alice@example.test");

    Session t(f.store);
    t.start();
    CHECK(t.say("x AUTHENTICATE PLAIN " + plain("alice@example.test", "secret") + "\r\n")
              .starts_with("x OK [CAPABILITY"));
    Session u(f.store);
    u.start();
    CHECK(u.say("y AUTHENTICATE PLAIN !!!\r\n") == "y BAD Malformed SASL response\r\n");
    CHECK(u.say("z AUTHENTICATE CRAM-MD5\r\n").starts_with("z NO [CANNOT]"));
}

TEST_CASE("LIST with SPECIAL-USE and children, LSUB, LIST-EXTENDED basics, NAMESPACE") {
    Fixture f;
    Session s(f.store);
    s.login();
    CHECK(s.say("a CREATE Projects/2024\r\n") == "a OK CREATE completed\r\n");
    CHECK(s.say("b LIST \"\" *\r\n") ==
          "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
          "* LIST (\\HasNoChildren \\Sent) \"/\" Sent\r\n"
          "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts\r\n"
          "* LIST (\\HasNoChildren \\Trash) \"/\" Trash\r\n"
          "* LIST (\\HasChildren) \"/\" Projects\r\n"
          "* LIST (\\HasNoChildren) \"/\" Projects/2024\r\n"
          "b OK LIST completed\r\n");
    CHECK(s.say("c LIST \"\" %\r\n").find("Projects/2024") == std::string::npos);
    CHECK(s.say("d LIST \"\" \"\"\r\n") == "* LIST (\\Noselect) \"/\" \"\"\r\nd OK LIST completed\r\n");
    CHECK(s.say("e LIST \"\" inbox\r\n") == "* LIST (\\HasNoChildren) \"/\" INBOX\r\ne OK LIST completed\r\n");
    CHECK(s.say("f LSUB \"\" *\r\n") ==
          "* LSUB () \"/\" INBOX\r\n* LSUB () \"/\" Sent\r\n* LSUB () \"/\" Drafts\r\n"
          "* LSUB () \"/\" Trash\r\nf OK LSUB completed\r\n");
    CHECK(s.say("g LIST (SPECIAL-USE) \"\" * RETURN (SUBSCRIBED)\r\n") ==
          "* LIST (\\HasNoChildren \\Sent \\Subscribed) \"/\" Sent\r\n"
          "* LIST (\\HasNoChildren \\Drafts \\Subscribed) \"/\" Drafts\r\n"
          "* LIST (\\HasNoChildren \\Trash \\Subscribed) \"/\" Trash\r\n"
          "g OK LIST completed\r\n");
    CHECK(s.say("h NAMESPACE\r\n") == "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\nh OK NAMESPACE completed\r\n");
}

TEST_CASE("CREATE, RENAME, DELETE, SUBSCRIBE and STATUS with their response codes") {
    Fixture f;
    Session s(f.store);
    s.login();
    CHECK(s.say("a CREATE Sent\r\n") == "a NO [ALREADYEXISTS] Mailbox exists\r\n");
    CHECK(s.say("b CREATE inbox\r\n") == "b NO [ALREADYEXISTS] Mailbox exists\r\n");
    CHECK(s.say("c CREATE \"Old Stuff\"\r\n") == "c OK CREATE completed\r\n");
    CHECK(s.say("d RENAME \"Old Stuff\" Archive\r\n") == "d OK RENAME completed\r\n");
    CHECK(s.say("e RENAME Nope Other\r\n") == "e NO [NONEXISTENT] No such mailbox\r\n");
    CHECK(s.say("f RENAME Archive Sent\r\n") == "f NO [ALREADYEXISTS] Target exists\r\n");
    CHECK(s.say("g SUBSCRIBE Archive\r\n") == "g OK SUBSCRIBE completed\r\n");
    CHECK(f.store.account("alice@example.test")->folder("Archive")->subscribed);
    CHECK(s.say("h STATUS INBOX (MESSAGES UNSEEN UIDNEXT DELETED SIZE)\r\n") ==
          "* STATUS INBOX (MESSAGES 3 UNSEEN 2 UIDNEXT 4 DELETED 0 SIZE " +
              std::to_string(f.inbox().total_size()) + ")\r\nh OK STATUS completed\r\n");
    CHECK(s.say("i STATUS Nope (MESSAGES)\r\n") == "i NO [NONEXISTENT] No such mailbox\r\n");
    CHECK(s.say("j STATUS INBOX (BOGUS)\r\n") == "j BAD Unknown STATUS item\r\n");
    CHECK(s.say("k DELETE Archive\r\n") == "k OK DELETE completed\r\n");
    CHECK(s.say("l DELETE Archive\r\n") == "l NO [NONEXISTENT] No such mailbox\r\n");
    CHECK(s.say("m DELETE INBOX\r\n").starts_with("m NO [CANNOT]"));
    // RFC 9051 §6.3.6: renaming INBOX moves its messages into the new mailbox.
    CHECK(s.say("n RENAME INBOX Old\r\n") == "n OK RENAME completed\r\n");
    CHECK(f.inbox().messages.empty());
    CHECK(f.store.account("alice@example.test")->folder("Old")->messages.size() == 3);
}

TEST_CASE("APPEND with a synchronizing literal, LITERAL+, flags, date and APPENDUID") {
    Fixture f;
    Session s(f.store);
    s.login();
    const std::string msg = simple_message("appended");
    const std::string size = std::to_string(msg.size());
    CHECK(s.say("a APPEND INBOX (\\Seen \\flagged) \"14-Nov-2023 22:13:20 +0000\" {" + size +
                "}\r\n") == "+ Ready for literal data\r\n");
    CHECK(s.say(msg) == "");
    CHECK(s.say("\r\n") == "a OK [APPENDUID 1 4] APPEND completed\r\n");
    const StoredMessage* m = f.inbox().find_uid(4);
    REQUIRE(m);
    CHECK(m->data == msg);
    CHECK(m->flags == std::vector<std::string>{"\\Flagged", "\\Seen"});
    CHECK(m->internal_date_us == k_now);
    CHECK(s.say("b APPEND Drafts {" + size + "+}\r\n" + msg + "\r\n") ==
          "b OK [APPENDUID 1 1] APPEND completed\r\n");
    CHECK(s.say("c APPEND Nowhere {" + size + "+}\r\n" + msg + "\r\n") ==
          "c NO [TRYCREATE] No such mailbox\r\n");
    CHECK(s.say("d APPEND INBOX (\\Recent) {1+}\r\nx\r\n") == "d BAD Invalid flag in APPEND\r\n");
}

TEST_CASE("SELECT and EXAMINE; read-only refuses changes; wrong-state commands are BAD") {
    Fixture f;
    Session s(f.store);
    s.login();
    CHECK(s.say("a FETCH 1 FLAGS\r\n") == "a BAD Command not allowed in the authenticated state\r\n");
    const std::string examine = s.say("b EXAMINE INBOX\r\n");
    CHECK(examine.find("* 3 EXISTS\r\n") != std::string::npos);
    CHECK(examine.find("* OK [UNSEEN 2]") != std::string::npos);
    CHECK(examine.find("* OK [PERMANENTFLAGS ()]") != std::string::npos);
    CHECK(examine.ends_with("b OK [READ-ONLY] EXAMINE completed\r\n"));
    CHECK(s.say("c STORE 1 +FLAGS (\\Deleted)\r\n") == "c NO [READ-ONLY] Mailbox is read-only\r\n");
    CHECK(s.say("d FETCH 3 BODY[TEXT]\r\n") == "* 3 FETCH (BODY[TEXT] {8}\r\ncherry\r\n)\r\nd OK FETCH completed\r\n");
    CHECK_FALSE(f.inbox().find_uid(3)->has_flag("\\Seen"));  // read-only: no implicit \Seen
    CHECK(s.say("e SELECT Nope\r\n") == "e NO [NONEXISTENT] No such mailbox\r\n");
    CHECK(s.server.state() == State::authenticated);  // a failed SELECT leaves none selected
    CHECK(s.say("f LOGIN a b\r\n") == "f BAD Command not allowed in the authenticated state\r\n");
}

TEST_CASE("FETCH items, sections, partials and the implicit \\Seen") {
    Fixture f;
    Session s(f.store);
    s.login();
    s.say("s SELECT INBOX\r\n");
    const std::string m3 = f.inbox().find_uid(3)->data;
    CHECK(s.say("a FETCH 3 (UID RFC822.SIZE FLAGS)\r\n") ==
          "* 3 FETCH (UID 3 RFC822.SIZE " + std::to_string(m3.size()) +
              " FLAGS ())\r\na OK FETCH completed\r\n");
    CHECK(s.say("b FETCH 3 BODY.PEEK[HEADER.FIELDS (subject FROM)]\r\n") ==
          "* 3 FETCH (BODY[HEADER.FIELDS (subject FROM)] {44}\r\nFrom: carol@example.test\r\n"
          "Subject: third\r\n\r\n)\r\nb OK FETCH completed\r\n");
    CHECK(s.say("c FETCH 3 BODY.PEEK[]<6.5>\r\n") ==
          "* 3 FETCH (BODY[]<6> {5}\r\ncarol)\r\nc OK FETCH completed\r\n");
    CHECK_FALSE(f.inbox().find_uid(3)->has_flag("\\Seen"));
    CHECK(s.say("d FETCH 3 BODY[TEXT]\r\n") ==
          "* 3 FETCH (BODY[TEXT] {8}\r\ncherry\r\n FLAGS (\\Seen))\r\nd OK FETCH completed\r\n");
    CHECK(f.inbox().find_uid(3)->has_flag("\\Seen"));
    CHECK(s.say("e UID FETCH 2:* (FLAGS)\r\n") ==
          "* 2 FETCH (UID 2 FLAGS (\\Flagged))\r\n* 3 FETCH (UID 3 FLAGS (\\Seen))\r\n"
          "e OK FETCH completed\r\n");
    CHECK(s.say("f UID FETCH 9 FLAGS\r\n") == "f OK FETCH completed\r\n");
    CHECK(s.say("g FETCH 4 FLAGS\r\n") == "g BAD Invalid message sequence number\r\n");
    CHECK(s.say("h FETCH 1 (FLAGS BOGUS)\r\n") == "h BAD Invalid FETCH arguments\r\n");
    const std::string header = s.say("i FETCH 1 RFC822.HEADER\r\n");
    CHECK(header.starts_with("* 1 FETCH (RFC822.HEADER {"));
    CHECK(header.find("Subject: first\r\n") != std::string::npos);
}

TEST_CASE("FETCH of MIME parts and BODYSTRUCTURE uses the MIME parser") {
    Fixture f;
    const std::string mixed =
        "From: bob@example.test\r\nSubject: parts\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
        "--XX\r\nContent-Type: text/plain\r\n\r\nfirst part\r\n"
        "--XX\r\nContent-Type: text/html\r\n\r\n<p>second</p>\r\n--XX--\r\n";
    f.store.deliver("alice@example.test", "INBOX", mixed, k_now, {});
    Session s(f.store);
    s.login();
    s.say("s SELECT INBOX\r\n");
    CHECK(s.say("a FETCH 4 BODY.PEEK[2]\r\n") ==
          "* 4 FETCH (BODY[2] {13}\r\n<p>second</p>)\r\na OK FETCH completed\r\n");
    CHECK(s.say("b FETCH 4 BODY.PEEK[1.MIME]\r\n") ==
          "* 4 FETCH (BODY[1.MIME] {28}\r\nContent-Type: text/plain\r\n\r\n)\r\nb OK FETCH completed\r\n");
    const std::string bs = s.say("c FETCH 4 BODYSTRUCTURE\r\n");
    INFO(bs);
    // Type names come as written in the message; IMAP compares them case-insensitively.
    CHECK(ascii_upper(bs).starts_with("* 4 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\""));
    CHECK(ascii_upper(bs).find(") \"MIXED\" (\"BOUNDARY\" \"XX\")") != std::string::npos);
}

TEST_CASE("STORE forms and .SILENT") {
    Fixture f;
    Session s(f.store);
    s.login();
    s.say("s SELECT INBOX\r\n");
    CHECK(s.say("a STORE 1:2 +FLAGS (\\Deleted $Work)\r\n") ==
          "* 1 FETCH (FLAGS ($Work \\Deleted \\Seen))\r\n* 2 FETCH (FLAGS ($Work \\Deleted \\Flagged))\r\n"
          "a OK STORE completed\r\n");
    CHECK(s.say("b STORE 2 -FLAGS \\Deleted $Work\r\n") ==
          "* 2 FETCH (FLAGS (\\Flagged))\r\nb OK STORE completed\r\n");
    CHECK(s.say("c UID STORE 3 FLAGS.SILENT (\\Answered)\r\n") == "c OK STORE completed\r\n");
    CHECK(f.inbox().find_uid(3)->flags == std::vector<std::string>{"\\Answered"});
    CHECK(s.say("d STORE 1 +FLAGS (\\Bogus)\r\n").starts_with("d BAD"));
    CHECK(s.say("e STORE 1 FROB (\\Seen)\r\n").starts_with("e BAD"));
}

TEST_CASE("COPY and MOVE with COPYUID; TRYCREATE for a missing target") {
    Fixture f;
    Session s(f.store);
    s.login();
    s.say("s SELECT INBOX\r\n");
    CHECK(s.say("a COPY 1:2 Trash\r\n") == "a OK [COPYUID 1 1:2 1:2] COPY completed\r\n");
    CHECK(s.say("b COPY 1 Nope\r\n") == "b NO [TRYCREATE] No such mailbox\r\n");
    CHECK(s.say("c UID MOVE 3 Trash\r\n") ==
          "* OK [COPYUID 1 3 3] Moved\r\n* 3 EXPUNGE\r\nc OK MOVE completed\r\n");
    CHECK(f.inbox().messages.size() == 2);
    const Folder* trash = f.store.account("alice@example.test")->folder("Trash");
    REQUIRE(trash->messages.size() == 3);
    CHECK(trash->messages[2].data.str().find("Subject: third") != std::string::npos);
    CHECK(s.say("d MOVE 1 INBOX\r\n") ==
          "* OK [COPYUID 1 1 4] Moved\r\n* 1 EXPUNGE\r\n* 2 EXISTS\r\nd OK MOVE completed\r\n");
}

TEST_CASE("EXPUNGE, UID EXPUNGE, CLOSE and UNSELECT") {
    Fixture f;
    Session s(f.store);
    s.login();
    s.say("s SELECT INBOX\r\n");
    s.say("a STORE 1:3 +FLAGS.SILENT (\\Deleted)\r\n");
    CHECK(s.say("b UID EXPUNGE 2\r\n") == "* 2 EXPUNGE\r\nb OK EXPUNGE completed\r\n");
    CHECK(s.say("c UNSELECT\r\n") == "c OK UNSELECT completed\r\n");
    CHECK(f.inbox().messages.size() == 2);
    s.say("d SELECT INBOX\r\n");
    CHECK(s.say("e EXPUNGE\r\n") == "* 1 EXPUNGE\r\n* 1 EXPUNGE\r\ne OK EXPUNGE completed\r\n");
    f.store.deliver("alice@example.test", "INBOX", simple_message("x"), k_now, {"\\Deleted"});
    CHECK(s.say("f CLOSE\r\n") == "f OK CLOSE completed\r\n");  // silent expunge
    CHECK(f.inbox().messages.empty());
    CHECK(s.server.state() == State::authenticated);
}

TEST_CASE("SEARCH keys, UID SEARCH, CHARSET and ESEARCH") {
    Fixture f;
    Session s(f.store);
    s.login();
    s.say("s SELECT INBOX\r\n");
    auto search = [&](std::string_view criteria) {
        return s.say("q SEARCH " + std::string(criteria) + "\r\n");
    };
    CHECK(search("ALL") == "* SEARCH 1 2 3\r\nq OK SEARCH completed\r\n");
    CHECK(search("UNSEEN") == "* SEARCH 2 3\r\nq OK SEARCH completed\r\n");
    CHECK(search("FLAGGED") == "* SEARCH 2\r\nq OK SEARCH completed\r\n");
    CHECK(search("FROM carol") == "* SEARCH 3\r\nq OK SEARCH completed\r\n");
    CHECK(search("SUBJECT SECOND") == "* SEARCH 2\r\nq OK SEARCH completed\r\n");
    CHECK(search("BODY pie") == "* SEARCH 1\r\nq OK SEARCH completed\r\n");
    CHECK(search("TEXT banana") == "* SEARCH 2\r\nq OK SEARCH completed\r\n");
    CHECK(search("HEADER To alice") == "* SEARCH 1 2 3\r\nq OK SEARCH completed\r\n");
    CHECK(search("OR SEEN FLAGGED") == "* SEARCH 1 2\r\nq OK SEARCH completed\r\n");
    CHECK(search("NOT (OR SEEN FLAGGED)") == "* SEARCH 3\r\nq OK SEARCH completed\r\n");
    CHECK(search("2:* UNFLAGGED") == "* SEARCH 3\r\nq OK SEARCH completed\r\n");
    CHECK(search("UID 1,3") == "* SEARCH 1 3\r\nq OK SEARCH completed\r\n");
    CHECK(search("BEFORE 14-Nov-2023") == "* SEARCH 1\r\nq OK SEARCH completed\r\n");
    CHECK(search("SINCE 14-Nov-2023") == "* SEARCH 2 3\r\nq OK SEARCH completed\r\n");
    CHECK(search("SENTON 14-Nov-2023") == "* SEARCH 1 2 3\r\nq OK SEARCH completed\r\n");
    CHECK(search("LARGER 10000") == "* SEARCH\r\nq OK SEARCH completed\r\n");
    CHECK(search("NEW") == "* SEARCH\r\nq OK SEARCH completed\r\n");
    CHECK(search("CHARSET UTF-8 KEYWORD $Junk") == "* SEARCH\r\nq OK SEARCH completed\r\n");
    CHECK(search("CHARSET KOI8-R ALL") == "q NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset\r\n");
    CHECK(search("FROB") == "q BAD Unknown search key FROB\r\n");
    CHECK(search("(SEEN") == "q BAD Unbalanced parentheses\r\n");
    CHECK(s.say("u UID SEARCH UNSEEN\r\n") == "* SEARCH 2 3\r\nu OK SEARCH completed\r\n");
    CHECK(search("RETURN (MIN MAX COUNT) UNSEEN") ==
          "* ESEARCH (TAG \"q\") MIN 2 MAX 3 COUNT 2\r\nq OK SEARCH completed\r\n");
    s.say("x UNSELECT\r\n");
    s.say("y ENABLE IMAP4rev2\r\n");
    s.say("z SELECT INBOX\r\n");
    CHECK(s.say("v UID SEARCH ALL\r\n") == "* ESEARCH (TAG \"v\") UID ALL 1:3\r\nv OK SEARCH completed\r\n");
    CHECK(search("DELETED") == "* ESEARCH (TAG \"q\")\r\nq OK SEARCH completed\r\n");
}

TEST_CASE("IDLE until DONE; a wrong line ends it with BAD") {
    Fixture f;
    Session s(f.store);
    s.login();
    s.say("s SELECT INBOX\r\n");
    CHECK(s.say("i IDLE\r\n") == "+ idling\r\n");
    CHECK(s.server.idling());
    CHECK(s.say("DONE\r\n") == "i OK IDLE terminated\r\n");
    CHECK(s.say("j IDLE\r\n") == "+ idling\r\n");
    CHECK(s.say("k NOOP\r\n") == "j BAD Expected DONE\r\n");
    CHECK_FALSE(s.server.idling());
}

TEST_CASE("autologout after the configured idle time (RFC 9051 §5.4)") {
    Fixture f;
    Session s(f.store);
    s.login();
    REQUIRE(s.server.next_deadline_us());
    CHECK(*s.server.next_deadline_us() == k_now + 30LL * 60 * 1'000'000);
    s.now += 29LL * 60 * 1'000'000;
    s.server.on_timer(s.ctx());
    CHECK_FALSE(s.server.closed());
    s.now += 2LL * 60 * 1'000'000;
    s.server.on_timer(s.ctx());
    CHECK(s.server.take_output() == "* BYE Autologout; idle for too long\r\n");
    CHECK(s.server.closed());
    CHECK_FALSE(s.server.next_deadline_us());
    CHECK(has_event(s.events(), EventKind::session_closed));
}

TEST_CASE("ENABLE lists only what it newly enabled; LOGOUT closes") {
    Fixture f;
    Session s(f.store);
    s.login();
    CHECK(s.say("a ENABLE CONDSTORE X-UNKNOWN\r\n") == "* ENABLED CONDSTORE\r\na OK ENABLE completed\r\n");
    CHECK(s.say("b ENABLE CONDSTORE\r\n") == "* ENABLED\r\nb OK ENABLE completed\r\n");
    CHECK(s.say("c LOGOUT\r\n") == "* BYE Logging out\r\nc OK LOGOUT completed\r\n");
    CHECK(s.server.closed());
    CHECK(s.server.state() == State::logout);
    CHECK(s.say("d NOOP\r\n") == "");
}

TEST_CASE("LOGIN with synchronizing literals, AUTHENTICATE LOGIN, and a store-less context") {
    Fixture f;
    Session s(f.store);
    s.start();
    CHECK(s.say("a LOGIN {18}\r\n") == "+ Ready for literal data\r\n");
    CHECK(s.say("alice@example.test {6}\r\n") == "+ Ready for literal data\r\n");
    CHECK(s.say("secret\r\n").starts_with("a OK [CAPABILITY"));

    Session t(f.store);
    t.start();
    CHECK(t.say("b AUTHENTICATE LOGIN\r\n") == "+ VXNlcm5hbWU6\r\n");
    CHECK(t.say(base64_encode("alice@example.test") + "\r\n") == "+ UGFzc3dvcmQ6\r\n");
    CHECK(t.say(base64_encode("secret") + "\r\n").starts_with("b OK [CAPABILITY"));

    Server lonely;
    lonely.start(SessionContext{nullptr, k_now});
    lonely.receive("c LOGIN alice@example.test secret\r\n", SessionContext{nullptr, k_now});
    CHECK(lonely.take_output().ends_with("c NO [AUTHENTICATIONFAILED] Invalid credentials\r\n"));
}
