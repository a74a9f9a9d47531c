// SMTP parsers and writers: round trips (DESIGN.md §5), need-more / error results, the path
// grammar of RFC 5321 §4.1.2, multi-line replies (§4.2), dot-stuffing (§4.5.2), state table.
#include <catch2/catch.hpp>

#include "protocols/smtp/data_reader.hpp"
#include "protocols/smtp/parser.hpp"
#include "protocols/smtp/state_table.hpp"
#include "protocols/smtp/writer.hpp"

using namespace postlab::smtp;

TEST_CASE("every command in the table round-trips through writer and parser") {
    for (const Command command : all_commands()) {
        for (std::string argument : {"", "FROM:<a@b.test> SIZE=10", "x"}) {
            const std::string wire = write_command(command, argument);
            const CommandParse parsed = parse_command(wire);
            REQUIRE(parsed.status == ParseStatus::complete);
            CHECK(parsed.consumed == wire.size());
            CHECK(parsed.command.command == command);
            CHECK(parsed.command.argument == argument);
            CHECK(write_command(parsed.command) == wire);
        }
    }
}

TEST_CASE("command parser: case-insensitive verbs, need more, bare LF, too long") {
    CHECK(parse_command("mail FROM:<a@b.test>\r\n").command.command == Command::mail);
    CHECK(parse_command("Ehlo x\r\n").command.command == Command::ehlo);
    const auto unknown = parse_command("XYZZY plugh\r\n");
    CHECK(unknown.command.command == Command::unknown);
    CHECK(unknown.command.verb == "XYZZY");
    CHECK(write_command(unknown.command) == "XYZZY plugh\r\n");

    CHECK(parse_command("NOOP").status == ParseStatus::need_more);
    CHECK(parse_command("NOOP\r").status == ParseStatus::need_more);
    const auto bare = parse_command("NOOP\nQUIT\r\n");
    CHECK(bare.status == ParseStatus::error);
    CHECK(bare.consumed == 5);
    CHECK(parse_command("NO\rOP\r\n").status == ParseStatus::error);
    CHECK(parse_command(std::string(600, 'A')).status == ParseStatus::error);
    CHECK(parse_command(std::string(510, 'A') + "\r\n").status == ParseStatus::complete);
    CHECK(parse_command(std::string(511, 'A') + "\r\n").status == ParseStatus::error);
}

TEST_CASE("single and multi-line replies round-trip") {
    const Reply one{reply_code<250>, {"2.1.0 Ok"}};
    const Reply multi{reply_code<250>, {"mail.example.test Hello x", "PIPELINING", "SIZE 1000", "AUTH PLAIN LOGIN"}};
    const Reply empty_text{reply_code<334>, {""}};
    for (const Reply& reply : {one, multi, empty_text}) {
        const std::string wire = write_reply(reply);
        const auto parsed = parse_reply(wire + "250 next\r\n");
        REQUIRE(parsed.status == ParseStatus::complete);
        CHECK(parsed.consumed == wire.size());
        CHECK(*parsed.reply == reply);
    }
    CHECK(write_reply(multi) == "250-mail.example.test Hello x\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 AUTH PLAIN LOGIN\r\n");
    CHECK(write_reply(reply_code<221>, "Bye") == "221 Bye\r\n");
}

TEST_CASE("reply parser: need more, code alone, malformed replies") {
    CHECK(parse_reply("250-first\r\n250 sec").status == ParseStatus::need_more);
    CHECK(parse_reply("250-first\r\n").status == ParseStatus::need_more);
    const auto bare_code = parse_reply("250\r\n");
    REQUIRE(bare_code.status == ParseStatus::complete);
    CHECK(bare_code.reply->lines == std::vector<std::string>{""});

    CHECK(parse_reply("250-first\r\n251 second\r\n").status == ParseStatus::error);  // codes differ
    CHECK(parse_reply("199 nope\r\n").status == ParseStatus::error);   // RFC 5321 §4.2: 2-5 only
    CHECK(parse_reply("260 nope\r\n").status == ParseStatus::error);   // second digit 0-5
    CHECK(parse_reply("25x nope\r\n").status == ParseStatus::error);
    CHECK(parse_reply("250_nope\r\n").status == ParseStatus::error);
    CHECK(parse_reply("250 bare lf\n").status == ParseStatus::error);
    CHECK(parse_reply("hello\r\n").status == ParseStatus::error);
    CHECK(parse_reply("250 " + std::string(600, 'x')).status == ParseStatus::error);
    std::string endless;
    for (int i = 0; i < 200; ++i) endless += "250-x\r\n";
    CHECK(parse_reply(endless).status == ParseStatus::error);
    CHECK_FALSE(ReplyCode::from_int(600));
    CHECK(ReplyCode::from_int(554)->permanent_failure());
}

TEST_CASE("MAIL and RCPT arguments follow RFC 5321 §4.1.2") {
    auto null = parse_mail_argument("FROM:<>");
    REQUIRE(null.error == PathError::none);
    CHECK(null.path->is_null());

    auto sized = parse_mail_argument("FROM:<alice@example.test> SIZE=1000 BODY=8BITMIME");
    REQUIRE(sized.error == PathError::none);
    CHECK(sized.path->address() == "alice@example.test");
    CHECK(sized.parameters == std::vector<MailParameter>{{"SIZE", "1000"}, {"BODY", "8BITMIME"}});

    auto routed = parse_rcpt_argument("TO:<@hosta.test,@hostb.test:jones@xyz.test>");
    REQUIRE(routed.error == PathError::none);
    CHECK(routed.path->address() == "jones@xyz.test");

    auto postmaster = parse_rcpt_argument("TO:<postmaster>");
    REQUIRE(postmaster.error == PathError::none);
    CHECK(postmaster.path->is_postmaster());

    auto quoted = parse_rcpt_argument("TO:<\"john >doe\"@example.test>");
    REQUIRE(quoted.error == PathError::none);
    CHECK(quoted.path->local_part() == "\"john >doe\"");

    CHECK(parse_mail_argument("FROM: <a@b.test>").error == PathError::none);  // common, tolerated
    CHECK(parse_mail_argument("FROM:a@b.test").error == PathError::syntax);
    CHECK(parse_mail_argument("TO:<a@b.test>").error == PathError::syntax);
    CHECK(parse_mail_argument("FROM:<a@b.test").error == PathError::syntax);
    CHECK(parse_rcpt_argument("TO:<>").error == PathError::bad_address);
    CHECK(parse_rcpt_argument("TO:<a..b@x.test>").error == PathError::bad_address);
    CHECK(parse_rcpt_argument("TO:<a@-x.test>").error == PathError::bad_address);
    CHECK(parse_rcpt_argument("TO:<a b@x.test>").error == PathError::bad_address);
    CHECK(parse_rcpt_argument("TO:<" + std::string(65, 'a') + "@x.test>").error == PathError::too_long);
    CHECK(parse_rcpt_argument("TO:<" + std::string(64, 'a') + "@x.test>").error == PathError::none);
    CHECK(parse_mail_argument("FROM:<a@b.test> =x").error == PathError::bad_parameter);
    CHECK(parse_rcpt_argument("TO:<a@[192.0.2.1]>").error == PathError::none);
}

TEST_CASE("MAIL and RCPT writers round-trip through the parsers") {
    const Path from = *Path::from_address("alice@example.test");
    const std::vector<MailParameter> params{{"SIZE", "42"}};
    const auto mail = parse_command(write_mail_from(from, params));
    REQUIRE(mail.command.command == Command::mail);
    const auto mail_arg = parse_mail_argument(mail.command.argument);
    CHECK(mail_arg.path == from);
    CHECK(mail_arg.parameters == params);

    const auto rcpt = parse_command(write_rcpt_to(*Path::from_address("bob@example.test")));
    REQUIRE(rcpt.command.command == Command::rcpt);
    CHECK(parse_rcpt_argument(rcpt.command.argument).path->address() == "bob@example.test");
    CHECK(write_mail_from(Path::null()) == "MAIL FROM:<>\r\n");
}

TEST_CASE("dot-stuffing round-trips through the DATA reader") {
    const std::vector<std::string> messages{
        "Subject: hi\r\n\r\nbody\r\n",
        ".\r\n..\r\n.x\r\nx.\r\n",
        "no final newline",
        "",
        "Subject: dots\r\n\r\n.\r\n\r\n.\r\nend\r\n",
    };
    for (const auto& message : messages) {
        const std::string wire = dot_stuff(message);
        DataReader reader(1'000'000);
        CHECK(reader.feed(wire + "QUIT\r\n") == wire.size());
        REQUIRE(reader.done());
        CHECK(reader.outcome() == DataOutcome::ok);
        std::string expected = message;
        if (!expected.empty() && expected.substr(expected.size() - std::min<std::size_t>(2, expected.size())) != "\r\n") {
            expected += "\r\n";
        }
        CHECK(reader.take_message() == expected);
    }
    CHECK(dot_stuff(".a\nb\r.c") == "..a\r\nb\r\n..c\r\n.\r\n");  // bare endings made CRLF
}

TEST_CASE("DATA reader ends only at CRLF.CRLF and flags every bare line ending") {
    for (std::string_view variant : {"\n.\n", "\n.\r\n", "\r.\r\n", "\r\n.\n", "\r\n.\r"}) {
        DataReader reader(1'000'000);
        const std::string input = "text" + std::string(variant) + "MAIL FROM:<x@y.test>\r\n";
        CHECK(reader.feed(input) == input.size());
        CHECK_FALSE(reader.done());
        const std::string end = "\r\n.\r\n";
        CHECK(reader.feed(end + "NOOP\r\n") == end.size());
        CHECK(reader.done());
        CHECK(reader.outcome() == DataOutcome::bare_line_ending);
        CHECK(reader.take_message().empty());
    }
}

TEST_CASE("DATA reader limits: 1000-octet lines and the size limit") {
    DataReader fits(1'000'000);
    fits.feed(std::string(998, 'a') + "\r\n.\r\n");
    CHECK(fits.outcome() == DataOutcome::ok);
    DataReader too_long(1'000'000);
    too_long.feed(std::string(999, 'a') + "\r\n.\r\n");
    CHECK(too_long.done());
    CHECK(too_long.outcome() == DataOutcome::line_too_long);
    DataReader too_big(100);
    too_big.feed(std::string(200, 'a') + "\r\n.\r\n");
    CHECK(too_big.outcome() == DataOutcome::too_big);
}

TEST_CASE("EHLO capabilities and enhanced status codes") {
    const Reply ehlo{reply_code<250>, {"mx.test hi", "SIZE 1000", "PIPELINING", "AUTH=LOGIN", "auth plain"}};
    const auto caps = parse_ehlo_reply(ehlo);
    CHECK(caps.greeting == "mx.test hi");
    CHECK(caps.has("pipelining"));
    CHECK(caps.size_max() == std::size_t{1000});
    CHECK(caps.offers_auth("LOGIN"));
    CHECK(caps.offers_auth("PLAIN"));
    CHECK_FALSE(caps.offers_auth("CRAM-MD5"));
    CHECK_FALSE(caps.has("STARTTLS"));
    CHECK(enhanced_status_code("5.7.1 Relay access denied") == std::string("5.7.1"));
    CHECK(enhanced_status_code("2.0.0") == std::string("2.0.0"));
    CHECK_FALSE(enhanced_status_code("3.0.0 no"));
    CHECK_FALSE(enhanced_status_code("Ok"));
}

TEST_CASE("paths enforce the RFC 5321 §4.5.3.1 limits") {
    CHECK(Path::make(std::string(64, 'a'), "example.test"));
    CHECK_FALSE(Path::make(std::string(65, 'a'), "example.test"));
    std::string long_domain;
    for (int i = 0; i < 50; ++i) long_domain += "abcd.";
    long_domain += "test";  // 254 octets
    CHECK(Path::make("a", long_domain) == std::nullopt);  // "<a@...>" is 258 > 256
    CHECK(Path::make("a", long_domain.substr(10)));
    CHECK_FALSE(Path::from_address("no-at-sign"));
    CHECK(Path::from_address("")->is_null());
    CHECK(Path::from_address("a@b.test")->wire() == "<a@b.test>");
}

TEST_CASE("state table: where each command is allowed") {
    CHECK(command_allowed(Command::ehlo, ServerState::need_helo));
    CHECK_FALSE(command_allowed(Command::mail, ServerState::need_helo));
    CHECK(command_allowed(Command::mail, ServerState::ready));
    CHECK_FALSE(command_allowed(Command::mail, ServerState::rcpt));
    CHECK(command_allowed(Command::rcpt, ServerState::mail));
    CHECK_FALSE(command_allowed(Command::data, ServerState::mail));
    CHECK(command_allowed(Command::data, ServerState::rcpt));
    CHECK_FALSE(command_allowed(Command::auth, ServerState::mail));
    CHECK_FALSE(command_allowed(Command::starttls, ServerState::need_helo));
    for (auto state : {ServerState::data, ServerState::auth, ServerState::tls_handshake, ServerState::closed}) {
        for (const Command command : all_commands()) CHECK_FALSE(command_allowed(command, state));
    }
    CHECK(command_from_verb("starttls") == Command::starttls);
    // The table's rows are indexed by the enums, and each row is the verb's own.
    CHECK(state_table().states.size() == all_server_states().size());
    CHECK(state_table().commands.size() == all_commands().size());
    for (const Command command : all_commands()) CHECK(command_from_verb(to_string(command)) == command);
    CHECK(to_string(ServerState::need_helo) == "waiting for EHLO");
    CHECK(to_string(Command::unknown) == "?");
    CHECK_FALSE(command_from_verb("TURN"));
}
