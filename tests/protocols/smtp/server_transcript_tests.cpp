// RFC 5321 Appendix D scenarios replayed against our server (whole and one byte at a time):
// reply codes must match the RFC line by line; where the RFC's text is free-form (greetings,
// "OK") only the code is compared, and the EHLO keyword list is ours. Also pipelining (RFC 2920).
#include <sstream>

#include "smtp_test_support.hpp"

using namespace smtp_test;

namespace {

struct TranscriptStep {
    std::string client;          // bytes the client sends ("" for the connection itself)
    std::string expected_reply;  // the S: lines that answer them, CRLF-terminated
};

std::vector<TranscriptStep> parse_transcript(std::string_view text) {
    std::vector<TranscriptStep> steps(1);
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line)) {
        const auto start = line.find_first_not_of(' ');
        if (start == std::string::npos) continue;
        line.erase(0, start);
        const std::string body = line.size() > 3 ? line.substr(3) : "";
        if (line.rfind("C:", 0) == 0) {
            if (!steps.back().expected_reply.empty()) steps.emplace_back();
            steps.back().client += body + "\r\n";
        } else if (line.rfind("S:", 0) == 0) {
            steps.back().expected_reply += body + "\r\n";
        }
    }
    return steps;
}

std::string strip_enhanced(const std::string& text) {
    if (auto code = enhanced_status_code(text)) return text.substr(std::min(text.size(), code->size() + 1));
    return text;
}

// Replays a transcript; returns the server's harness for checks on events.
ServerHarness replay(std::string_view transcript, const std::string& domain, bool bytewise) {
    ServerConfig config;
    config.hostname = domain;
    ServerHarness h(config, make_store(domain));
    h.store.add_account("Jones@" + domain, "x");
    h.store.add_account("Brown@" + domain, "x");
    h.store.add_account("Admin.MRC@" + domain, "x");
    for (const auto& step : parse_transcript(transcript)) {
        INFO("client sent: " << step.client);
        const std::string output = step.client.empty() ? h.start()
                                   : bytewise           ? h.send_bytewise(step.client)
                                                        : h.send(step.client);
        const auto ours = replies(output);
        const auto theirs = replies(step.expected_reply);
        REQUIRE(ours.size() == theirs.size());
        for (std::size_t i = 0; i < ours.size(); ++i) {
            CHECK(ours[i].code == theirs[i].code);
            const int code = ours[i].code.value();
            if (code == 220 || code == 221) {
                // The server names itself first (RFC 5321 §4.2: greeting and closing replies).
                CHECK(strip_enhanced(ours[i].lines.front()).rfind(domain + " ", 0) == 0);
            }
        }
    }
    CHECK(h.server.closed());
    return h;
}

constexpr std::string_view k_d1 = R"(
      S: 220 foo.com Simple Mail Transfer Service Ready
      C: EHLO bar.com
      S: 250-foo.com greets bar.com
      S: 250-8BITMIME
      S: 250-SIZE
      S: 250-DSN
      S: 250 HELP
      C: MAIL FROM:<Smith@bar.com>
      S: 250 OK
      C: RCPT TO:<Jones@foo.com>
      S: 250 OK
      C: RCPT TO:<Green@foo.com>
      S: 550 No such user here
      C: RCPT TO:<Brown@foo.com>
      S: 250 OK
      C: DATA
      S: 354 Start mail input; end with <CRLF>.<CRLF>
      C: Blah blah blah...
      C: ...etc. etc. etc.
      C: .
      S: 250 OK
      C: QUIT
      S: 221 foo.com Service closing transmission channel
)";

constexpr std::string_view k_d2 = R"(
      S: 220 foo.com Simple Mail Transfer Service Ready
      C: EHLO bar.com
      S: 250-foo.com greets bar.com
      S: 250-8BITMIME
      S: 250-SIZE
      S: 250-DSN
      S: 250 HELP
      C: MAIL FROM:<Smith@bar.com>
      S: 250 OK
      C: RCPT TO:<Jones@foo.com>
      S: 250 OK
      C: RCPT TO:<Green@foo.com>
      S: 550 No such user here
      C: RSET
      S: 250 OK
      C: QUIT
      S: 221 foo.com Service closing transmission channel
)";

// D.3 step 2: the relay foo.com hands the message to the destination xyz.com.
constexpr std::string_view k_d3_step2 = R"(
           S: 220 xyz.com Simple Mail Transfer Service Ready
           C: EHLO foo.com
           S: 250 xyz.com is on the air
           C: MAIL FROM:<JQP@bar.com>
           S: 250 OK
           C: RCPT TO:<Jones@XYZ.COM>
           S: 250 OK
           C: DATA
           S: 354 Start mail input; end with <CRLF>.<CRLF>
           C: Received: from bar.com by foo.com ; Thu, 21 May 1998
           C:     05:33:29 -0700
           C: Date: Thu, 21 May 1998 05:33:22 -0700
           C: From: John Q. Public <JQP@bar.com>
           C: Subject:  The Next Meeting of the Board
           C: To: Jones@xyz.com
           C:
           C: Bill:
           C: The next meeting of the board of directors will be
           C: on Tuesday.
           C:                         John.
           C: .
           S: 250 OK
           C: QUIT
           S: 221 xyz.com Service closing transmission channel
)";

// D.4, adapted: we do not disclose mailboxes, so VRFY gets 252 (RFC 5321 §3.5.3) not 250.
constexpr std::string_view k_d4_adapted = R"(
      S: 220 foo.com Simple Mail Transfer Service Ready
      C: EHLO bar.com
      S: 250 foo.com greets bar.com
      C: VRFY Crispin
      S: 252 Cannot VRFY user
      C: MAIL FROM:<EAK@bar.com>
      S: 250 OK
      C: RCPT TO:<Admin.MRC@foo.com>
      S: 250 OK
      C: DATA
      S: 354 Start mail input; end with <CRLF>.<CRLF>
      C: Blah blah blah...
      C: ...etc. etc. etc.
      C: .
      S: 250 OK
      C: QUIT
      S: 221 foo.com Service closing transmission channel
)";

}  // namespace

TEST_CASE("RFC 5321 D.1 typical transaction, whole and byte by byte") {
    for (bool bytewise : {false, true}) {
        ServerHarness h = replay(k_d1, "foo.com", bytewise);
        REQUIRE(h.count(EventKind::message_accepted) == 1);
        const Event& e = *h.last(EventKind::message_accepted);
        CHECK(e.reverse_path == "Smith@bar.com");
        CHECK(e.forward_paths == std::vector<std::string>{"Jones@foo.com", "Brown@foo.com"});
        // The RFC's "...etc." line is dot-stuffed text: one leading dot is removed (§4.5.2).
        CHECK(e.message.str().rfind("Received: from bar.com ([127.0.0.1])\r\n\tby foo.com (PostLab) with ESMTP id ", 0) == 0);
        CHECK(e.message.str().find("; Thu, 21 May 1998 12:33:29 +0000\r\nBlah blah blah...\r\n..etc. etc. etc.\r\n") !=
              std::string::npos);
        CHECK(e.message.str().find("\tfor <") == std::string::npos);  // two recipients: no "for"
    }
}

TEST_CASE("RFC 5321 D.1: the closing reply text is the RFC's") {
    ServerConfig config;
    config.hostname = "foo.com";
    ServerHarness h(config, make_store("foo.com"));
    h.start();
    h.send("EHLO bar.com\r\n");
    const auto quit = replies(h.send("QUIT\r\n"));
    REQUIRE(quit.size() == 1);
    CHECK(quit[0].lines.front() == "2.0.0 foo.com Service closing transmission channel");
}

TEST_CASE("RFC 5321 D.2 aborted transaction") {
    ServerHarness h = replay(k_d2, "foo.com", false);
    CHECK(h.count(EventKind::message_accepted) == 0);
    CHECK(h.count(EventKind::session_closed) == 1);
}

TEST_CASE("RFC 5321 D.3 relayed mail, step 2 (destination host)") {
    for (bool bytewise : {false, true}) {
        ServerHarness h = replay(k_d3_step2, "xyz.com", bytewise);
        REQUIRE(h.count(EventKind::message_accepted) == 1);
        const Event& e = *h.last(EventKind::message_accepted);
        CHECK(e.forward_paths == std::vector<std::string>{"Jones@XYZ.COM"});
        CHECK(e.message.str().find("\tfor <Jones@XYZ.COM>; Thu, 21 May 1998 12:33:29 +0000\r\n"
                             "Received: from bar.com by foo.com ; Thu, 21 May 1998\r\n") != std::string::npos);
        CHECK(e.message.str().find("\r\n\r\nBill:\r\n") != std::string::npos);
    }
}

TEST_CASE("RFC 5321 D.3 step 1 at our server: relaying needs authentication") {
    ServerHarness h(ServerConfig{}, make_store("foo.com"));
    h.ehlo("bar.com");
    CHECK(codes(h.send("MAIL FROM:<JQP@bar.com>\r\n")) == std::vector<int>{250});
    const auto rcpt = replies(h.send("RCPT TO:<Jones@XYZ.COM>\r\n"));
    REQUIRE(rcpt.size() == 1);
    CHECK(rcpt[0].code.value() == 554);
    CHECK(rcpt[0].lines.front() == "5.7.1 <Jones@XYZ.COM>: Relay access denied");
}

TEST_CASE("RFC 5321 D.4 verifying and sending, adapted") {
    ServerHarness h = replay(k_d4_adapted, "foo.com", false);
    CHECK(h.count(EventKind::message_accepted) == 1);
}

TEST_CASE("RFC 2920 pipelining: a whole session in one read, replies in order") {
    ServerHarness h;
    h.start();
    const std::string output = h.send(
        "EHLO client.example.test\r\nMAIL FROM:<sender@remote.test>\r\nRCPT TO:<alice@example.test>\r\n"
        "RCPT TO:<nobody@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n"
        "Subject: pipelined\r\n\r\n..hidden dot\r\n.\r\nQUIT\r\n");
    CHECK(codes(output) == std::vector<int>{250, 250, 250, 550, 250, 354, 250, 221});
    REQUIRE(h.count(EventKind::message_accepted) == 1);
    const Event& e = *h.last(EventKind::message_accepted);
    CHECK(e.forward_paths == std::vector<std::string>{"alice@example.test", "bob@example.test"});
    CHECK(e.message.str().find("\r\nSubject: pipelined\r\n\r\n.hidden dot\r\n") != std::string::npos);
    CHECK(e.message.str().ends_with("\r\n.hidden dot\r\n"));
    CHECK(h.server.closed());
}
