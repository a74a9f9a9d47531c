// POP3 parsers and writers: every command and response shape round-trips, and malformed input
// is reported as an error or "need more", never guessed (RFC 1939 §3, §5, §7; RFC 2449 §3-§8).
#include <catch2/catch.hpp>

#include "protocols/pop3/parser.hpp"
#include "protocols/pop3/state_table.hpp"
#include "protocols/pop3/writer.hpp"

using namespace postlab::pop3;

namespace {

Command cmd(CommandKind kind, std::string text = {}, std::string text2 = {},
            std::optional<std::uint32_t> message = {}, std::optional<std::uint32_t> lines = {}) {
    return Command{kind, std::move(text), std::move(text2), message, lines};
}

}  // namespace

TEST_CASE("every command round-trips through writer and parser") {
    const std::vector<Command> commands = {
        cmd(CommandKind::user, "alice@example.test"),
        cmd(CommandKind::pass, "secret with spaces"),
        cmd(CommandKind::apop, "mrose", "c4c9334bac560ecc979e58001b3e22fb"),
        cmd(CommandKind::auth),
        cmd(CommandKind::auth, "PLAIN"),
        cmd(CommandKind::auth, "PLAIN", "AGFsaWNlAHNlY3JldA=="),
        cmd(CommandKind::capa),
        cmd(CommandKind::stls),
        cmd(CommandKind::quit),
        cmd(CommandKind::stat),
        cmd(CommandKind::list),
        cmd(CommandKind::list, {}, {}, 7),
        cmd(CommandKind::retr, {}, {}, 1),
        cmd(CommandKind::dele, {}, {}, 4294967295u),
        cmd(CommandKind::noop),
        cmd(CommandKind::rset),
        cmd(CommandKind::top, {}, {}, 2, 0),
        cmd(CommandKind::uidl),
        cmd(CommandKind::uidl, {}, {}, 3),
    };
    for (const auto& c : commands) {
        const std::string wire = write_command(c);
        INFO(wire);
        const auto parsed = parse_command(wire);
        REQUIRE(parsed.status == ParseStatus::complete);
        CHECK(parsed.consumed == wire.size());
        CHECK(parsed.value == c);
    }
}

TEST_CASE("command keywords are case-insensitive and PASS keeps its spaces") {
    auto r = parse_command("retr 12\r\nNOOP\r\n");
    REQUIRE(r.status == ParseStatus::complete);
    CHECK(r.value == cmd(CommandKind::retr, {}, {}, 12));
    CHECK(r.consumed == 9);
    r = parse_command_line("PASS  two  spaces ");
    REQUIRE(r.status == ParseStatus::complete);
    CHECK(r.value.text == " two  spaces ");
}

TEST_CASE("command parser: need more, errors") {
    CHECK(parse_command("RETR 1").status == ParseStatus::need_more);
    CHECK(parse_command("RETR 1\r").status == ParseStatus::need_more);
    CHECK(parse_command("RETR 1\n").error == ParseError::bad_line_ending);
    CHECK(parse_command(std::string(600, 'A')).error == ParseError::line_too_long);
    CHECK(parse_command(std::string(command_line_max - 1, 'A') + "\r\n").error ==
          ParseError::line_too_long);
    CHECK(parse_command("XTND XMIT\r\n").error == ParseError::unknown_command);
    CHECK(parse_command(std::string("USER a\0b\r\n", 10)).error == ParseError::nul_byte);
    CHECK(parse_command_line("RETR").error == ParseError::bad_arguments);
    CHECK(parse_command_line("RETR x").error == ParseError::bad_arguments);
    CHECK(parse_command_line("RETR 1 2").error == ParseError::bad_arguments);
    CHECK(parse_command_line("RETR 99999999999").error == ParseError::bad_arguments);
    CHECK(parse_command_line("TOP 1").error == ParseError::bad_arguments);
    CHECK(parse_command_line("TOP 1 -1").error == ParseError::bad_arguments);
    CHECK(parse_command_line("STAT now").error == ParseError::bad_arguments);
    CHECK(parse_command_line("PASS").error == ParseError::bad_arguments);
    CHECK(parse_command_line("USER").error == ParseError::bad_arguments);
    CHECK(parse_command_line("APOP mrose").error == ParseError::bad_arguments);
}

TEST_CASE("status lines round-trip, with RFC 2449 §8 response codes") {
    const std::vector<StatusLine> lines = {
        {StatusKind::ok, "", "2 320"},
        {StatusKind::ok, "", ""},
        {StatusKind::err, "IN-USE", "maildrop already locked"},
        {StatusKind::err, "SYS/TEMP", "try later"},
        {StatusKind::err, "", "no such message"},
        {StatusKind::continuation, "", ""},
        {StatusKind::continuation, "", "VXNlcm5hbWU6"},
    };
    for (const auto& s : lines) {
        const std::string wire = write_status(s);
        INFO(wire);
        const auto parsed = parse_status_line(wire + "trailing");
        REQUIRE(parsed.status == ParseStatus::complete);
        CHECK(parsed.consumed == wire.size());
        CHECK(parsed.value == s);
    }
    CHECK(parse_status_line("+OK 2 3").status == ParseStatus::need_more);
    CHECK(parse_status_line("OK fine\r\n").error == ParseError::bad_status);
    CHECK(parse_status_line("+OKAY\r\n").error == ParseError::bad_status);
    CHECK(parse_status_line(std::string(600, '+')).error == ParseError::line_too_long);
    CHECK(parse_status_line("+\r\n").value.kind == StatusKind::continuation);
}

TEST_CASE("multi-line bodies: byte-stuffing round-trips byte-exact (RFC 1939 §3)") {
    const std::vector<std::string> bodies = {
        "",
        "Subject: x\r\n\r\nhello\r\n",
        ".\r\n",
        "..\r\n.hidden\r\n\r\n.\r\nend\r\n",
        "a\r\n.\r\n.\r\n",
        "line with bare\n.dot after LF\r\n",
    };
    for (const auto& body : bodies) {
        const std::string wire = write_multiline_body(body);
        INFO(wire);
        CHECK(wire.ends_with(".\r\n"));
        const auto parsed = parse_multiline(wire + "+OK next\r\n", 1 << 20);
        REQUIRE(parsed.status == ParseStatus::complete);
        CHECK(parsed.consumed == wire.size());
        CHECK(parsed.value == body);
    }
    CHECK(write_multiline_body(".a\r\n..b\r\n") == "..a\r\n...b\r\n.\r\n");
}

TEST_CASE("a body without a final CRLF gets one before the terminator") {
    CHECK(write_multiline_body("no newline") == "no newline\r\n.\r\n");
    const auto parsed = parse_multiline(write_multiline_body("x\r\n.y"), 100);
    REQUIRE(parsed.status == ParseStatus::complete);
    CHECK(parsed.value == "x\r\n.y\r\n");
}

TEST_CASE("multi-line parser waits for the terminator and bounds its size") {
    CHECK(parse_multiline("line\r\n", 100).status == ParseStatus::need_more);
    CHECK(parse_multiline("line\r\n.", 100).status == ParseStatus::need_more);
    CHECK(parse_multiline("line\r\n.\r", 100).status == ParseStatus::need_more);
    CHECK(parse_multiline(std::string(50, 'a') + "\r\n.\r\n", 20).error == ParseError::too_large);
    CHECK(parse_multiline(std::string(50, 'a'), 20).error == ParseError::too_large);
}

TEST_CASE("CAPA and listings round-trip") {
    const std::vector<Capability> caps = {
        {"TOP", {}}, {"SASL", {"PLAIN", "LOGIN"}}, {"IMPLEMENTATION", {"Shlemazle-Plotz-v302"}}};
    CHECK(parse_capabilities(write_capabilities(caps)) == caps);
    CHECK_FALSE(parse_capabilities("TOP\r\n\r\n"));

    const std::vector<ListingEntry> listing = {{1, "1.17"}, {2, "QhdPYR:00WBw1Ph7x7"}};
    CHECK(parse_listing(write_listing(listing)) == listing);
    CHECK(parse_listing("2 200") == std::vector<ListingEntry>{{2, "200"}});
    CHECK_FALSE(parse_listing("0 1.1\r\n"));
    CHECK_FALSE(parse_listing("1\r\n"));
    CHECK_FALSE(parse_listing("x 1.1\r\n"));
    CHECK_FALSE(parse_listing("1 " + std::string(71, 'u') + "\r\n"));
    CHECK(parse_drop_size("2 320") == DropSize{2, 320});
    CHECK_FALSE(parse_drop_size("2"));
    CHECK_FALSE(parse_drop_size("two 320"));
}

TEST_CASE("state table: which commands each state allows (RFC 1939 §3-§7)") {
    CHECK(command_allowed(State::authorization, CommandKind::user));
    CHECK(command_allowed(State::authorization, CommandKind::stls));
    CHECK_FALSE(command_allowed(State::authorization, CommandKind::retr));
    CHECK(command_allowed(State::transaction, CommandKind::retr));
    CHECK_FALSE(command_allowed(State::transaction, CommandKind::pass));
    CHECK_FALSE(command_allowed(State::transaction, CommandKind::stls));
    CHECK(command_allowed(State::transaction, CommandKind::capa));
    const auto& table = state_table();
    for (std::size_t i = 0; i < table.commands.size(); ++i) {
        const auto kind = static_cast<CommandKind>(i);
        CHECK_FALSE(command_allowed(State::update, kind));
        CHECK(&command_rule(kind) == &table.commands[i]);
        CHECK(parse_keyword(keyword(kind)) == kind);
    }
    CHECK(table.states.size() == 3);
    CHECK(to_string(State::transaction) == "TRANSACTION");
    CHECK_FALSE(table.transitions.empty());
}
