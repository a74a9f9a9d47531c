// IMAP parsing: command framing with literals, tokenizing, sequence sets, FETCH attributes,
// dates, and round trips (command -> write_command -> parse_command gives the same command).
#include "imap_test_support.hpp"

#include "protocols/imap/date_time.hpp"
#include "protocols/imap/parser.hpp"
#include "protocols/imap/sequence_set.hpp"
#include "protocols/imap/state_table.hpp"
#include "protocols/imap/writer.hpp"

using namespace imap_test;

namespace {

Command parsed(std::string_view bytes) {
    const auto r = parse_command(bytes);
    INFO(r.error);
    REQUIRE(r.status == ParseStatus::complete);
    CHECK(r.consumed == bytes.size());
    return r.command;
}

}  // namespace

TEST_CASE("commands tokenize into tag, name and argument tree") {
    const Command c = parsed("a1 FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (From To)]<0.100>)\r\n");
    CHECK(c.tag == "a1");
    CHECK(c.name == "FETCH");
    REQUIRE(c.args.size() == 2);
    CHECK(c.args[0] == atom("1:*"));
    CHECK(c.args[1] == list({atom("FLAGS"), atom("BODY.PEEK[HEADER.FIELDS (From To)]<0.100>")}));

    const Command u = parsed("x UID STORE 4:7 +FLAGS.SILENT (\\Seen $Work)\r\n");
    CHECK(u.name == "UID STORE");
    CHECK(u.args[2] == list({atom("\\Seen"), atom("$Work")}));

    const Command q = parsed("b LOGIN \"al\\\"ice\" {6}\r\nse cre\r\n");
    CHECK(q.args[0] == quoted("al\"ice"));
    CHECK(q.args[1] == literal("se cre"));
}

TEST_CASE("literals may sit in the middle of a command and be non-synchronizing") {
    const Command c = parsed("t APPEND {5+}\r\nDraft (\\Seen) {12}\r\nHello\r\nWorld\r\n");
    REQUIRE(c.args.size() == 3);
    CHECK(c.args[0] == literal("Draft"));
    CHECK(c.args[1] == list({atom("\\Seen")}));
    CHECK(c.args[2] == literal("Hello\r\nWorld"));
}

TEST_CASE("framing says need more until the whole command with its literals is there") {
    CHECK(parse_command("a1 NOOP").status == ParseStatus::need_more);
    CHECK(parse_command("a1 LOGIN {5}\r\nab").status == ParseStatus::need_more);
    CHECK(parse_command("a1 LOGIN {5}\r\nabcde pw").status == ParseStatus::need_more);
    CHECK(parse_command("a1 LOGIN {5}\r\nabcde pw\r\n").status == ParseStatus::complete);
}

TEST_CASE("malformed commands are errors with a reason") {
    CHECK(parse_command("a1 FETCH 1 (FLAGS\r\n").error == "Unbalanced parentheses");
    CHECK(parse_command("a1 FETCH 1 FLAGS)\r\n").error == "Unbalanced parentheses");
    CHECK(parse_command("a1 LOGIN \"abc\r\n").status == ParseStatus::error);
    CHECK(parse_command("a1 LOGIN \"a\\b\"\r\n").status == ParseStatus::error);  // bad escape
    CHECK(parse_command("a1  NOOP\r\n").status == ParseStatus::error);
    CHECK(parse_command("a1 NOOP \r\n").status == ParseStatus::error);
    CHECK(parse_command("+x NOOP\r\n").status == ParseStatus::error);
    CHECK(parse_command("a1 NOOP\n").status == ParseStatus::error);
    CHECK(parse_command("a1 X {1a}\r\n").status == ParseStatus::error);
    std::string deep = "a1 SEARCH ";
    for (int i = 0; i < 40; ++i) deep += '(';
    deep += "ALL";
    for (int i = 0; i < 40; ++i) deep += ')';
    CHECK(parse_command(deep + "\r\n").error == "Lists nested too deeply");
}

TEST_CASE("literal announcements saturate instead of overflowing") {
    const auto huge = literal_at_end("a APPEND INBOX {99999999999999999999999}");
    CHECK(huge.valid);
    CHECK(huge.size == UINT64_MAX);
    const auto plus = literal_at_end("a LOGIN {4294967295+}");
    CHECK(plus.valid);
    CHECK(plus.non_sync);
    CHECK(plus.size == 4294967295ULL);
    CHECK_FALSE(literal_at_end("a LOGIN {}").valid);
    CHECK_FALSE(literal_at_end("a LOGIN x").present);
}

TEST_CASE("round trip: command -> write -> parse") {
    const std::vector<Command> commands = {
        {"a1", "LOGIN", {atom("alice"), quoted("pass word")}},
        {"a2", "SELECT", {quoted("Sent Items"), list({atom("CONDSTORE")})}},
        {"a3", "UID FETCH", {atom("1:*"), list({atom("UID"), atom("BODY[1.2.MIME]<5.10>")}),
                             list({atom("CHANGEDSINCE"), atom("12345")})}},
        {"a4", "APPEND", {atom("INBOX"), list({atom("\\Seen")}), quoted(" 1-Feb-2024 10:00:00 +0100"),
                          literal("Subject: x\r\n\r\nbody\r\n")}},
        {"a5", "SEARCH", {atom("OR"), list({atom("FROM"), quoted("bob")}),
                          list({atom("NOT"), atom("SEEN")}), list({})}},
        {"a6", "NOOP", {}},
    };
    for (const auto& c : commands) {
        for (bool plus : {false, true}) {
            const std::string wire = write_command(c, plus);
            INFO(wire);
            CHECK(parsed(wire) == c);
        }
    }
}

TEST_CASE("round trip: parse -> write -> same bytes") {
    for (std::string_view wire : {
             "a1 LIST \"\" \"*\"\r\n",
             "tag STORE 1,3:5 -FLAGS (\\Deleted)\r\n",
             "z UID MOVE 7:* Trash\r\n",
             "q FETCH 2 (BODY[HEADER.FIELDS (Subject Date)] RFC822.SIZE)\r\n",
             "c LOGIN {3}\r\nbob {2}\r\npw\r\n",
         }) {
        CHECK(write_command(parsed(wire)) == wire);
    }
}

TEST_CASE("sequence sets") {
    const auto s = SequenceSet::parse("1:3,5,9:*");
    REQUIRE(s);
    CHECK(s->contains(2, 20));
    CHECK_FALSE(s->contains(4, 20));
    CHECK(s->contains(20, 20));
    CHECK(s->to_string() == "1:3,5,9:*");
    CHECK(SequenceSet::parse("5:2")->contains(3, 10));  // either order
    CHECK(SequenceSet::parse("100:*")->contains(7, 7));  // "*" below the start still counts
    for (auto bad : {"", "0", "1,", ",1", "1:", "a", "4294967296", "1::2", "01"}) {
        CHECK_FALSE(SequenceSet::parse(bad));
    }
    CHECK(compress_numbers({1, 2, 3, 5, 7, 8}) == "1:3,5,7:8");
}

TEST_CASE("fetch attributes and macros") {
    const auto item = parse_fetch_item("body.peek[1.2.header.fields.not (X-Spam)]<10.20>");
    REQUIRE(item);
    CHECK(item->peek);
    CHECK(item->section.part == std::vector<std::uint32_t>{1, 2});
    CHECK(item->section.text == "HEADER.FIELDS.NOT");
    CHECK(item->section.fields == std::vector<std::string>{"X-Spam"});
    CHECK(*item->partial_start == 10);
    CHECK(item->partial_length == 20);
    CHECK(item->name == "BODY[1.2.HEADER.FIELDS.NOT (X-Spam)]<10>");
    CHECK_FALSE(parse_fetch_item("BODY[MIME]"));  // MIME needs a part
    CHECK_FALSE(parse_fetch_item("BODY[0]"));
    CHECK_FALSE(parse_fetch_item("BODY[]<1.0>"));
    CHECK_FALSE(parse_fetch_item("BODY[HEADER.FIELDS ()]"));
    CHECK_FALSE(parse_fetch_item("BINARY[1]"));
    const auto full = parse_fetch_items(atom("FULL"));
    REQUIRE(full);
    CHECK(full->size() == 5);
    CHECK(parse_fetch_items(atom("FAST"))->size() == 3);
}

TEST_CASE("dates") {
    CHECK(date_time_text(837596665LL * 1'000'000) == "17-Jul-1996 09:44:25 +0000");
    CHECK(date_time_text(0) == " 1-Jan-1970 00:00:00 +0000");
    CHECK(parse_date_time("17-Jul-1996 02:44:25 -0700") == 837596665LL * 1'000'000);
    CHECK(parse_date_time(" 1-Jan-1970 00:00:00 +0000") == 0);
    CHECK_FALSE(parse_date_time("17-Jul-1996 02:44:25"));
    CHECK_FALSE(parse_date_time("32-Jul-1996 02:44:25 +0000"));
    CHECK(parse_date("1-Feb-1994") == 8797);
    CHECK_FALSE(parse_date("1-Foo-1994"));
}

TEST_CASE("the state table is indexed by command kind and knows the states") {
    const auto rules = state_table().commands;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        CHECK(parse_command_name(rules[i].verb) == static_cast<CommandKind>(i));
    }
    CHECK(state_table().states.size() == 4);
    CHECK(to_string(State::not_authenticated) == "not authenticated");
    CHECK(parse_command_name("uid fetch") == CommandKind::uid_fetch);
    CHECK_FALSE(parse_command_name("FROB"));
    CHECK(command_allowed(State::not_authenticated, CommandKind::login));
    CHECK_FALSE(command_allowed(State::authenticated, CommandKind::login));
    CHECK_FALSE(command_allowed(State::authenticated, CommandKind::fetch));
    CHECK(command_allowed(State::selected, CommandKind::fetch));
    CHECK_FALSE(command_allowed(State::logout, CommandKind::noop));
}

TEST_CASE("writer chooses atom, quoted string or literal") {
    CHECK(astring("INBOX") == "INBOX");
    CHECK(astring("Sent Items") == "\"Sent Items\"");
    CHECK(astring("NIL") == "\"NIL\"");
    CHECK(astring("") == "\"\"");
    CHECK(imap_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(imap_string("two\r\nlines") == "{10}\r\ntwo\r\nlines");
    CHECK(nstring(std::nullopt) == "NIL");
}
