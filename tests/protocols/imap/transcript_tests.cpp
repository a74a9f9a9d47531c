// The sample connections of RFC 9051 §8 (IMAP4rev2) and RFC 3501 §8 (IMAP4rev1) replayed through
// the server, whole and one byte at a time. Adapted where the RFC depends on what we do not
// offer: the login is an address (our accounts are addresses), SCRAM-SHA-256 becomes PLAIN,
// \Recent is gone (RECENT is 0), dates are written in UTC, and addresses in a list are not
// separated by spaces (RFC 9051 §9 "1*address"; the RFC sample has one from line wrapping).
#include "imap_test_support.hpp"

#include "protocols/core/base64.hpp"

using namespace imap_test;

namespace {

const std::string k_rfc_header =
    "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n"
    "From: Terry Gray <gray@cac.washington.edu>\r\n"
    "Subject: IMAP4rev1 WG mtg summary and minutes\r\n"
    "To: imap@cac.washington.edu\r\n"
    "cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n"
    "Message-Id: <B27397-0100000@cac.washington.edu>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n"
    "\r\n";

// The RFC's body: 3028 octets in 92 lines.
std::string rfc_body() {
    std::string body;
    for (int i = 0; i < 91; ++i) body += std::string(31, 'x') + "\r\n";
    body += std::string(23, 'y') + "\r\n";
    return body;
}

// The RFC's mailbox: 18 messages, 12 is the one shown, 17 and 18 unseen.
void fill_rfc_store(MailStore& store) {
    store.add_account("mrc@example.test", "secret");
    for (int n = 1; n <= 18; ++n) {
        std::vector<std::string> flags;
        if (n < 17) flags.push_back("\\Seen");
        const std::string data = n == 12 ? k_rfc_header + rfc_body() : simple_message("filler");
        store.deliver("mrc@example.test", "INBOX", data, 837596665LL * 1'000'000, flags);
    }
    store.account("mrc@example.test")->folder("INBOX")->uid_validity = 3857529045u;
}

const char* const k_rfc3501_transcript = R"T(
S: * OK [CAPABILITY IMAP4rev1 IMAP4rev2 STARTTLS AUTH=PLAIN AUTH=LOGIN SASL-IR...
C: a001 login mrc@example.test secret
S: a001 OK [CAPABILITY IMAP4rev1 IMAP4rev2 SASL-IR...
C: a002 select inbox
S: * 18 EXISTS
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * 0 RECENT
S: * OK [UNSEEN 17] Message 17 is the first unseen message
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
S: * OK [UIDVALIDITY 3857529045] UIDs valid
S: * OK [UIDNEXT 19] Predicted next UID
S: * OK [HIGHESTMODSEQ 19] Highest
S: a002 OK [READ-WRITE] SELECT completed
C: a003 fetch 12 full
S: * 12 FETCH (FLAGS (\Seen) INTERNALDATE "17-Jul-1996 09:44:25 +0000" RFC822.SIZE 3370 ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev1 WG mtg summary and minutes" (("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL "<B27397-0100000@cac.washington.edu>") BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))
S: a003 OK FETCH completed
C: a004 fetch 12 body[header]
S: * 12 FETCH (BODY[HEADER] {342}
S: Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)
S: From: Terry Gray <gray@cac.washington.edu>
S: Subject: IMAP4rev1 WG mtg summary and minutes
S: To: imap@cac.washington.edu
S: cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>
S: Message-Id: <B27397-0100000@cac.washington.edu>
S: MIME-Version: 1.0
S: Content-Type: TEXT/PLAIN; CHARSET=US-ASCII
S:
S: )
S: a004 OK FETCH completed
C: a005 store 12 +flags \deleted
S: * 12 FETCH (FLAGS (\Deleted \Seen))
S: a005 OK +FLAGS completed
C: a006 logout
S: * BYE IMAP4rev1 server terminating connection
S: a006 OK LOGOUT completed
)T";

std::string rfc9051_transcript() {
    std::string plain;
    plain += '\0';
    plain += "mrc@example.test";
    plain += '\0';
    plain += "secret";
    return R"T(
S: * OK [CAPABILITY IMAP4rev1 IMAP4rev2 STARTTLS LOGINDISABLED SASL-IR...
C: a000 starttls
S: a000 OK Proceed with TLS negotiation
C: A001 AUTHENTICATE PLAIN )T" +
           base64_encode(plain) + R"T(
S: A001 OK [CAPABILITY IMAP4rev1 IMAP4rev2 SASL-IR...
C: babc ENABLE IMAP4rev2
S: * ENABLED IMAP4rev2
S: babc OK Some capabilities enabled
C: a002 select inbox
S: * 18 EXISTS
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
S: * OK [UIDVALIDITY 3857529045] UIDs valid
S: * OK [UIDNEXT 19] Predicted next UID
S: * OK [HIGHESTMODSEQ 19] Highest
S: * LIST () "/" INBOX
S: a002 OK [READ-WRITE] SELECT completed
C: a003 fetch 12 full
S: * 12 FETCH (FLAGS (\Seen) INTERNALDATE "17-Jul-1996 09:44:25 +0000" RFC822.SIZE 3370 ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev1 WG mtg summary and minutes" (("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL "<B27397-0100000@cac.washington.edu>") BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))
S: a003 OK FETCH completed
C: a004 fetch 12 body[header]
S: * 12 FETCH (BODY[HEADER] {342}
S: Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)
S: From: Terry Gray <gray@cac.washington.edu>
S: Subject: IMAP4rev1 WG mtg summary and minutes
S: To: imap@cac.washington.edu
S: cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>
S: Message-Id: <B27397-0100000@cac.washington.edu>
S: MIME-Version: 1.0
S: Content-Type: TEXT/PLAIN; CHARSET=US-ASCII
S:
S: )
S: a004 OK FETCH completed
C: a005 store 12 +flags \deleted
S: * 12 FETCH (FLAGS (\Deleted \Seen))
S: a005 OK +FLAGS completed
C: a006 logout
S: * BYE IMAP4rev2 server terminating connection
S: a006 OK LOGOUT completed
)T";
}

}  // namespace

TEST_CASE("RFC 3501 §8 sample IMAP4rev1 connection") {
    for (bool bytewise : {false, true}) {
        DYNAMIC_SECTION((bytewise ? "byte by byte" : "whole lines")) {
            MailStore store("example.test");
            fill_rfc_store(store);
            Session s(store);
            run_transcript(s, k_rfc3501_transcript, bytewise);
            CHECK(s.server.closed());
            const auto* m = store.account("mrc@example.test")->folder("INBOX")->find_uid(12);
            REQUIRE(m);
            CHECK(m->has_flag("\\Deleted"));
        }
    }
}

TEST_CASE("RFC 9051 §8 sample IMAP4rev2 connection (STARTTLS, then PLAIN for SCRAM)") {
    for (bool bytewise : {false, true}) {
        DYNAMIC_SECTION((bytewise ? "byte by byte" : "whole lines")) {
            MailStore store("example.test");
            fill_rfc_store(store);
            ServerConfig config;
            config.login_requires_tls = true;
            Session s(store, config);
            run_transcript(s, rfc9051_transcript(), bytewise);
            CHECK(s.server.closed());
            CHECK(s.server.tls_active());
            const auto events = s.events();
            CHECK(has_event(events, EventKind::tls_requested));
            CHECK(has_event(events, EventKind::tls_established));
            CHECK(has_event(events, EventKind::auth_succeeded));
        }
    }
}
