// Framing through the registry (protocols/registry.hpp, protocols/*/framer.*): each protocol cuts
// its byte stream into commands, replies and bodies with their verbs and explanation keys, fed
// whole or one byte at a time alike, and finds the credentials plaintext bytes expose (POP3
// USER/PASS RFC 1939 §7, IMAP LOGIN RFC 9051 §6.2.3 with atoms, quoted strings and literals,
// AUTH PLAIN RFC 4616 §2, AUTH LOGIN).
#include <catch2/catch.hpp>

#include "protocols/core/base64.hpp"
#include "protocols/registry.hpp"

using namespace postlab;
using core::FrameKind;
using core::Peer;

namespace {

core::AnyFramer framer(ProtocolId id) { return descriptor(id).make_framer(); }

using Wire = std::vector<std::pair<Peer, std::string>>;

// Every frame of an exchange, each side's writes fed whole or one byte at a time.
std::vector<core::Frame> frames_of(ProtocolId id, const Wire& wire, bool bytewise = false) {
    auto f = framer(id);
    std::vector<core::Frame> out;
    for (const auto& [peer, bytes] : wire) {
        if (!bytewise) {
            for (auto& frame : f->feed(peer, bytes)) out.push_back(std::move(frame));
            continue;
        }
        for (char c : bytes) {
            for (auto& frame : f->feed(peer, std::string_view(&c, 1))) out.push_back(std::move(frame));
        }
    }
    return out;
}

// The credentials an exchange exposes, whichever frame carries them.
std::vector<core::Credential> credentials(ProtocolId id, const Wire& wire) {
    std::vector<core::Credential> out;
    for (auto& f : frames_of(id, wire)) {
        if (f.credential) out.push_back(*f.credential);
    }
    return out;
}

std::vector<core::Credential> imap_login(std::string command) {
    return credentials(ProtocolId::imap, {{Peer::server, "* OK ready\r\n"}, {Peer::client, std::move(command)}});
}

const std::string plain_b64 = base64_encode(std::string("\0alice@example.test\0secret", 26));

}  // namespace

TEST_CASE("framer: SMTP commands, multi-line replies and the DATA body") {
    auto c = framer(ProtocolId::smtp);
    auto greeting = c->feed(Peer::server, "220 mail.example.test ESMTP\r\n");
    REQUIRE(greeting.size() == 1);
    CHECK(greeting[0].explain_key == "smtp.reply.220");
    CHECK(greeting[0].verb == "220");
    auto ehlo = c->feed(Peer::client, "EHLO laptop\r\n");
    REQUIRE(ehlo.size() == 1);
    CHECK(ehlo[0].summary == "C: EHLO laptop");
    CHECK(ehlo[0].explain_key == "smtp.command.EHLO");
    CHECK(ehlo[0].verb == "EHLO");
    CHECK(c->feed(Peer::server, "250-mail.example.test\r\n250-PIPE").empty());  // waits for the end
    auto rest = c->feed(Peer::server, "LINING\r\n250 STARTTLS\r\n");
    REQUIRE(rest.size() == 1);
    CHECK(rest[0].summary == "S: 250-mail.example.test ...");
    CHECK(rest[0].bytes == "250-mail.example.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
    auto pipelined = c->feed(Peer::client, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n");
    CHECK(pipelined.size() == 3);
    CHECK(c->feed(Peer::server, "250 ok\r\n250 ok\r\n354 go\r\n").size() == 3);
    auto body = c->feed(Peer::client, "Subject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n");
    REQUIRE(body.size() == 2);
    CHECK(body[0].kind == FrameKind::data);
    CHECK(body[0].summary == "C: message body, 21 bytes");
    CHECK(body[1].explain_key == "smtp.command.QUIT");
    auto unknown = c->feed(Peer::client, "XYZZY\r\n");
    CHECK(unknown[0].explain_key == "smtp.command.unknown");
    // What is left at close is one frame, marked incomplete.
    c->feed(Peer::client, "NOO");
    auto left = c->flush(Peer::client, "smtp");
    REQUIRE(left.size() == 1);
    CHECK(left[0].summary == "C: NOO (incomplete)");
    CHECK(left[0].explain_key == "smtp.incomplete");
}

TEST_CASE("framer: POP3 multi-line responses and RETR bodies") {
    auto c = framer(ProtocolId::pop3);
    CHECK(c->feed(Peer::server, "+OK ready\r\n")[0].explain_key == "pop3.greeting");
    c->feed(Peer::client, "CAPA\r\nUIDL\r\nRETR 1\r\nLIST 1\r\n");
    auto replies = c->feed(Peer::server,
                           "+OK caps\r\nUIDL\r\n.\r\n+OK\r\n1 abc\r\n.\r\n+OK 9 octets\r\nhi\r\n..x\r\n.\r\n+OK 1 9\r\n");
    REQUIRE(replies.size() == 5);
    CHECK(replies[0].bytes == "+OK caps\r\nUIDL\r\n.\r\n");
    CHECK(replies[1].bytes == "+OK\r\n1 abc\r\n.\r\n");
    CHECK(replies[2].summary == "S: +OK 9 octets");
    CHECK(replies[2].verb == "+OK");
    CHECK(replies[3].kind == FrameKind::data);
    CHECK(replies[3].summary == "S: message body, 12 bytes");
    CHECK(replies[4].bytes == "+OK 1 9\r\n");
    auto err = c->feed(Peer::client, "DELE 9\r\n");
    CHECK(err[0].verb == "DELE");
    CHECK(c->feed(Peer::server, "-ERR no such message\r\n")[0].verb == "-ERR");
}

TEST_CASE("framer: IMAP responses with literals stay whole; client literals are their own frames") {
    auto c = framer(ProtocolId::imap);
    CHECK(c->feed(Peer::server, "* OK ready\r\n")[0].explain_key == "imap.greeting");
    auto uid_fetch = c->feed(Peer::client, "a1 UID FETCH 1 BODY[]\r\n");
    CHECK(uid_fetch[0].explain_key == "imap.command.UID_FETCH");
    CHECK(uid_fetch[0].verb == "UID FETCH");
    auto r = c->feed(Peer::server, "* 1 FETCH (UID 1 BODY[] {5}\r\nhello)\r\na1 OK done\r\n* 3 EXISTS\r\n");
    REQUIRE(r.size() == 3);
    CHECK(r[0].explain_key == "imap.untagged.FETCH");
    CHECK(r[0].bytes == "* 1 FETCH (UID 1 BODY[] {5}\r\nhello)\r\n");
    CHECK(r[1].explain_key == "imap.tagged.OK");
    CHECK(r[1].verb == "OK");
    CHECK(r[2].verb == "EXISTS");
    // A synchronizing literal: the command line, the server's "+", then the literal.
    CHECK(c->feed(Peer::client, "a2 APPEND INBOX {4}\r\n")[0].explain_key == "imap.command.APPEND");
    CHECK(c->feed(Peer::server, "+ Ready\r\n")[0].explain_key == "imap.continuation");
    CHECK(c->feed(Peer::client, "ab").empty());
    auto literal = c->feed(Peer::client, "cd\r\na3 NOOP\r\n");
    REQUIRE(literal.size() == 2);
    CHECK(literal[0].kind == FrameKind::data);
    CHECK(literal[0].summary == "C: literal, 4 bytes");
    CHECK(literal[0].bytes == "abcd\r\n");
    CHECK(literal[1].explain_key == "imap.command.NOOP");
}

TEST_CASE("framer: one byte at a time gives the same frames for every spoken protocol") {
    const std::vector<std::pair<ProtocolId, Wire>> exchanges{
        {ProtocolId::smtp,
         {{Peer::server, "220 hi\r\n"}, {Peer::client, "EHLO a\r\n"}, {Peer::server, "250-a\r\n250 AUTH PLAIN\r\n"},
          {Peer::client, "AUTH PLAIN\r\n"}, {Peer::server, "334 \r\n"}, {Peer::client, plain_b64 + "\r\n"},
          {Peer::server, "235 ok\r\n"}, {Peer::client, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"},
          {Peer::server, "250 ok\r\n250 ok\r\n354 go\r\n"}, {Peer::client, "x\r\n..y\r\n.\r\n"}}},
        {ProtocolId::pop3,
         {{Peer::server, "+OK hi\r\n"}, {Peer::client, "USER a\r\nPASS b c\r\nRETR 1\r\n"},
          {Peer::server, "+OK\r\n+OK\r\n+OK 3\r\nabc\r\n.\r\n"}}},
        {ProtocolId::imap,
         {{Peer::server, "* OK hi\r\n"}, {Peer::client, "a1 LOGIN {5}\r\n"}, {Peer::server, "+ go\r\n"},
          {Peer::client, "alice \"pw\"\r\n"}, {Peer::server, "a1 OK\r\n"}, {Peer::client, "a2 FETCH 1 BODY[]\r\n"},
          {Peer::server, "* 1 FETCH (BODY[] {3}\r\nabc)\r\na2 OK\r\n"}}},
    };
    for (const auto& [id, wire] : exchanges) {
        INFO(name_of(id));
        const auto whole = frames_of(id, wire);
        const auto bytewise = frames_of(id, wire, true);
        REQUIRE(whole.size() == bytewise.size());
        std::size_t exposed = 0;
        for (std::size_t i = 0; i < whole.size(); ++i) {
            CHECK(whole[i].bytes == bytewise[i].bytes);
            CHECK(whole[i].explain_key == bytewise[i].explain_key);
            CHECK(whole[i].verb == bytewise[i].verb);
            CHECK(whole[i].credential == bytewise[i].credential);
            exposed += whole[i].credential.has_value();
        }
        CHECK(exposed == 1);  // each exchange logs in once, in plain text
    }
}

TEST_CASE("credentials: AUTH PLAIN with an initial response or after the challenge, AUTH LOGIN") {
    const auto initial = credentials(ProtocolId::smtp, {{Peer::client, "AUTH PLAIN " + plain_b64 + "\r\n"}});
    REQUIRE(initial.size() == 1);
    CHECK(initial[0].user == "alice@example.test");
    CHECK(initial[0].password == "secret");
    const auto split = credentials(ProtocolId::smtp, {{Peer::client, "AUTH PLAIN\r\n"}, {Peer::server, "334 \r\n"},
                                                      {Peer::client, plain_b64 + "\r\n"}});
    REQUIRE(split.size() == 1);
    CHECK(split[0].password == "secret");
    const auto login = credentials(ProtocolId::smtp,
                                   {{Peer::client, "AUTH LOGIN\r\n"}, {Peer::server, "334 VXNlcm5hbWU6\r\n"},
                                    {Peer::client, base64_encode("bob") + "\r\n"}, {Peer::server, "334 UGFzc3dvcmQ6\r\n"},
                                    {Peer::client, base64_encode("hunter2") + "\r\n"}});
    REQUIRE(login.size() == 1);
    CHECK(login[0].user == "bob");
    CHECK(login[0].password == "hunter2");
    const auto with_user = credentials(ProtocolId::smtp, {{Peer::client, "AUTH LOGIN " + base64_encode("carol") + "\r\n"},
                                                          {Peer::server, "334 UGFzc3dvcmQ6\r\n"},
                                                          {Peer::client, base64_encode("pw") + "\r\n"}});
    REQUIRE(with_user.size() == 1);
    CHECK(with_user[0].user == "carol");
    CHECK(with_user[0].password == "pw");
    // IMAP AUTHENTICATE and POP3 AUTH take the same mechanisms.
    const auto imap = credentials(ProtocolId::imap, {{Peer::server, "* OK\r\n"},
                                                     {Peer::client, "a1 AUTHENTICATE PLAIN " + plain_b64 + "\r\n"}});
    REQUIRE(imap.size() == 1);
    CHECK(imap[0].password == "secret");
    const auto pop3 = credentials(ProtocolId::pop3, {{Peer::server, "+OK\r\n"}, {Peer::client, "AUTH PLAIN\r\n"},
                                                     {Peer::server, "+ \r\n"}, {Peer::client, plain_b64 + "\r\n"}});
    REQUIRE(pop3.size() == 1);
    CHECK(pop3[0].user == "alice@example.test");
    CHECK(credentials(ProtocolId::smtp, {{Peer::client, "EHLO laptop\r\n"}}).empty());
    CHECK(credentials(ProtocolId::smtp, {{Peer::client, "AUTH PLAIN !!notbase64\r\n"}}).empty());
}

TEST_CASE("credentials: POP3 PASS right after USER") {
    const auto pass = credentials(ProtocolId::pop3, {{Peer::server, "+OK\r\n"}, {Peer::client, "USER alice\r\n"},
                                                     {Peer::server, "+OK\r\n"}, {Peer::client, "PASS two words\r\n"}});
    REQUIRE(pass.size() == 1);
    CHECK(pass[0].user == "alice");
    CHECK(pass[0].password == "two words");
    CHECK(pass[0].how == "POP3 PASS: the password in plain text");
}

TEST_CASE("credentials: IMAP LOGIN with atoms and quoted strings, read as the server reads them") {
    const auto atom = imap_login("a1 LOGIN alice s3cret\r\n");
    REQUIRE(atom.size() == 1);
    CHECK(atom[0].user == "alice");
    CHECK(atom[0].password == "s3cret");
    // RFC 9051 §4.3: inside a quoted string only " and \ are escaped, with a backslash.
    const auto quoted = imap_login(R"(a2 login "alice smith" "correct horse \"battery\" \\ staple")" "\r\n");
    REQUIRE(quoted.size() == 1);
    CHECK(quoted[0].user == "alice smith");
    CHECK(quoted[0].password == R"(correct horse "battery" \ staple)");
    const auto empty = imap_login("a3 LOGIN bob \"\"\r\n");
    REQUIRE(empty.size() == 1);
    CHECK(empty[0].password.empty());
    // Not LOGIN as a server reads it: nothing is reported rather than a wrong password.
    CHECK(imap_login("a4 LOGIN alice \"open quote\r\n").empty());
    CHECK(imap_login(R"(a5 LOGIN alice "bad \escape")" "\r\n").empty());
    CHECK(imap_login("a6 LOGIN alice \"pw\" extra\r\n").empty());
    CHECK(imap_login("a7 LOGIN alice\r\n").empty());
}

TEST_CASE("credentials: IMAP LOGIN with literals, in one piece and on the frame that completes it") {
    // LITERAL+ (RFC 7888) sends everything at once; the literal may hold spaces, quotes, CR LF.
    const auto whole = imap_login("a1 LOGIN {5+}\r\nalice {10+}\r\npa \"ss\r\nw!\r\n");
    REQUIRE(whole.size() == 1);
    CHECK(whole[0].user == "alice");
    CHECK(whole[0].password == "pa \"ss\r\nw!");
    CHECK(whole[0].how.find("literal") != std::string::npos);
    const auto frames = frames_of(ProtocolId::imap, {{Peer::server, "* OK\r\n"},
                                                     {Peer::client, "a1 LOGIN {5}\r\n"},
                                                     {Peer::server, "+ Ready for literal data\r\n"},
                                                     {Peer::client, "alice {11}\r\n"},
                                                     {Peer::server, "+ Ready for literal data\r\n"},
                                                     {Peer::client, "my \"s3cr\" \\\r\n"}});
    std::size_t exposed = 0;
    for (const auto& f : frames) {
        if (!f.credential) continue;
        ++exposed;
        CHECK(f.bytes == "my \"s3cr\" \\\r\n");  // the password's literal carries it
        CHECK(f.credential->user == "alice");
        CHECK(f.credential->password == "my \"s3cr\" \\");
    }
    CHECK(exposed == 1);
    // A literal shorter than announced is never read past its bytes; an absurd size is no literal.
    CHECK(imap_login("a4 LOGIN alice {50}\r\nabc\r\n").empty());
    CHECK(imap_login("a5 LOGIN alice {99999999999999999999999}\r\nabc\r\n").empty());
}

TEST_CASE("registry: names, ports and services are described once") {
    CHECK(protocol_from_name("imap") == ProtocolId::imap);
    CHECK_FALSE(protocol_from_name("IMAP"));  // lesson files write names in lower case
    CHECK_FALSE(protocol_from_name(""));
    for (const auto& p : all_protocols()) {
        CHECK(&descriptor(p.id) == &p);
        if (!p.spoken()) continue;
        INFO(p.name);
        CHECK(p.state_table != nullptr);
        CHECK(p.add_explanations != nullptr);
        CHECK_FALSE(p.state_table().commands.empty());
    }
    for (const auto& s : all_services()) {
        CHECK(&descriptor(s.id) == &s);
        CHECK(service_from_name(s.name) == s.id);
        const auto& p = descriptor(s.protocol);
        CHECK(s.port == (s.implicit_tls ? p.tls_port : (s.id == ServiceId::submission ? 587 : p.plain_port)));
    }
}
