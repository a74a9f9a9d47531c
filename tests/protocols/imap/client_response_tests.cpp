// The client's response parser (RFC 9051 §7, §9 "response"): status lines with codes, data with
// literals framed whole and byte by byte, limits against a hostile server, and the server lines
// of the RFC 9051 §8 sample session.
#include <catch2/catch.hpp>

#include "protocols/imap/response_parser.hpp"
#include "protocols/imap/writer.hpp"

using namespace postlab;
using namespace postlab::imap;

namespace {

std::vector<ResponseReader::Result> read_all(std::string_view bytes, bool bytewise,
                                             std::size_t literal_max = 1024 * 1024) {
    ResponseReader reader(8192, literal_max, 2 * literal_max);
    std::vector<ResponseReader::Result> out;
    auto drain = [&] {
        while (true) {
            auto r = reader.next();
            if (r.status == ResponseReader::Status::need_more) return;
            out.push_back(std::move(r));
            if (out.back().status == ResponseReader::Status::error) return;
        }
    };
    if (bytewise) {
        for (char c : bytes) {
            reader.feed(std::string_view(&c, 1));
            drain();
        }
    } else {
        reader.feed(bytes);
        drain();
    }
    return out;
}

}  // namespace

TEST_CASE("status responses: tagged, untagged with a response code, continuation") {
    const auto all = read_all(
        "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
        "a002 OK [READ-WRITE] SELECT completed\r\n"
        "+ idling\r\n"
        "* BYE server going down {5}\r\n"
        "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n",
        GENERATE(false, true));
    REQUIRE(all.size() == 5);
    for (const auto& r : all) REQUIRE(r.status == ResponseReader::Status::response);
    CHECK(all[0].response.kind == ResponseKind::status);
    CHECK(all[0].response.status == "OK");
    CHECK(all[0].response.code == "UIDVALIDITY");
    CHECK(all[0].response.code_data == "3857529045");
    CHECK(all[0].response.text == "UIDs valid");
    CHECK(all[1].response.kind == ResponseKind::tagged);
    CHECK(all[1].response.tag == "a002");
    CHECK(all[1].response.code == "READ-WRITE");
    CHECK(all[2].response.kind == ResponseKind::continuation);
    CHECK(all[2].response.text == "idling");
    // A status line's text is text: "{5}" at its end announces no literal.
    CHECK(all[3].response.status == "BYE");
    CHECK(all[3].response.text == "server going down {5}");
    CHECK(all[4].response.code == "PERMANENTFLAGS");
    CHECK(all[4].response.code_data == "(\\Deleted \\Seen \\*)");
}

TEST_CASE("FETCH data with literals is framed whole and byte by byte") {
    const std::string body = "Subject: hi\r\n\r\n{3}\r\n)\r\n";
    const std::string bytes = "* 12 FETCH (UID 7 FLAGS (\\Seen $Work) MODSEQ (42) BODY[] " +
                              literal_of(body) + " BODY[HEADER.FIELDS (FROM)] {0}\r\n)\r\n";
    const auto all = read_all(bytes, GENERATE(false, true));
    REQUIRE(all.size() == 1);
    REQUIRE(all[0].status == ResponseReader::Status::response);
    const Response& r = all[0].response;
    CHECK(r.kind == ResponseKind::data);
    CHECK(r.has_number);
    CHECK(r.number == 12);
    CHECK(r.name == "FETCH");
    REQUIRE(r.args.size() == 1);
    const Token* uid = fetch_value(r.args[0], "UID");
    REQUIRE(uid);
    CHECK(to_u32(*uid) == 7u);
    const Token* flags = fetch_value(r.args[0], "FLAGS");
    REQUIRE(flags);
    CHECK(flags->children.size() == 2);
    const Token* got = fetch_value(r.args[0], "BODY[]");
    REQUIRE(got);
    CHECK(got->kind == TokenKind::literal);
    CHECK(got->text == body);
    const Token* header = fetch_value(r.args[0], "body[header.fields (from)]");
    REQUIRE(header);
    CHECK(header->text.empty());
    CHECK(fetch_value(r.args[0], "RFC822.SIZE") == nullptr);
}

TEST_CASE("a hostile server: huge literal, long line, bare LF, garbage") {
    SECTION("a literal over the limit is refused before anything is buffered") {
        const auto all = read_all("* 1 FETCH (BODY[] {99999999999999}\r\n", false, 1000);
        REQUIRE(all.size() == 1);
        CHECK(all[0].status == ResponseReader::Status::error);
        CHECK(all[0].rfc == "RFC 9051 §4.3");
    }
    SECTION("a literal size that overflows saturates and is refused") {
        const auto all = read_all("* 1 FETCH (BODY[] {999999999999999999999999999}\r\n", false);
        REQUIRE(all.size() == 1);
        CHECK(all[0].status == ResponseReader::Status::error);
    }
    SECTION("a line over the limit") {
        const auto all = read_all("* OK " + std::string(9000, 'x') + "\r\n", false);
        REQUIRE(all.size() == 1);
        CHECK(all[0].status == ResponseReader::Status::error);
    }
    SECTION("bare LF") {
        const auto all = read_all("* OK hello\n", false);
        REQUIRE(all.size() == 1);
        CHECK(all[0].status == ResponseReader::Status::error);
    }
    SECTION("garbage") {
        for (const char* line : {"HTTP/1.1 200 OK\r\n", "*\r\n", "* 3\r\n", "tag MAYBE\r\n",
                                 "* 1 FETCH (((\r\n", "* LIST (\\Noselect \"/\" x\r\n"}) {
            INFO(line);
            const auto all = read_all(line, false);
            REQUIRE(all.size() == 1);
            CHECK(all[0].status == ResponseReader::Status::error);
        }
    }
}

TEST_CASE("every server line of the RFC 9051 §8 sample session parses") {
    const std::string header =
        "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n"
        "From: Terry Gray <gray@cac.washington.edu>\r\n"
        "Subject: IMAP4rev2 WG mtg summary and minutes\r\n"
        "To: imap@cac.washington.edu\r\n"
        "cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n"
        "Message-Id: <B27397-0100000@cac.washington.edu>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n"
        "\r\n";
    const std::string server =
        "* OK [CAPABILITY STARTTLS AUTH=SCRAM-SHA-256 LOGINDISABLED IMAP4rev2] IMAP4rev2 Service "
        "Ready\r\n"
        "a000 OK Proceed with TLS negotiation\r\n"
        "+ cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=\r\n"
        "+ dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==\r\n"
        "A001 OK SCRAM-SHA-256 authentication successful\r\n"
        "* ENABLED IMAP4rev2\r\n"
        "babc OK Some capabilities enabled\r\n"
        "* 18 EXISTS\r\n"
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
        "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
        "* LIST () \"/\" INBOX (\"OLDNAME\" (\"inbox\"))\r\n"
        "a002 OK [READ-WRITE] SELECT completed\r\n"
        "* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 "
        "ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev2 WG mtg summary and "
        "minutes\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL "
        "\"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
        "((NIL NIL \"imap\" \"cac.washington.edu\")) ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\") "
        "(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL "
        "\"<B27397-0100000@cac.washington.ed>\") BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" "
        "\"US-ASCII\") NIL NIL \"7BIT\" 3028 92))\r\n"
        "a003 OK FETCH completed\r\n"
        "* 12 FETCH (BODY[HEADER] " + literal_of(header) + ")\r\n"
        "a004 OK FETCH completed\r\n"
        "* 12 FETCH (FLAGS (\\Seen \\Deleted))\r\n"
        "a005 OK +FLAGS completed\r\n"
        "* BYE IMAP4rev2 server terminating connection\r\n"
        "a006 OK LOGOUT completed\r\n";
    const auto all = read_all(server, GENERATE(false, true));
    REQUIRE(all.size() == 20);
    for (const auto& r : all) {
        INFO(r.error);
        REQUIRE(r.status == ResponseReader::Status::response);
    }
    CHECK(all[0].response.code == "CAPABILITY");
    CHECK(all[7].response.name == "EXISTS");
    CHECK(all[7].response.number == 18);
    CHECK(all[10].response.args.size() == 4);  // LIST with its extended data
    const Token& fetch = all[12].response.args.at(0);
    CHECK(fetch_value(fetch, "RFC822.SIZE")->text == "4286");
    CHECK(fetch_value(fetch, "ENVELOPE")->children.size() == 10);
    CHECK(fetch_value(all[14].response.args.at(0), "BODY[HEADER]")->text == header);
    CHECK(all[18].response.status == "BYE");
}

TEST_CASE("a literal over the kept size but within the skip limit is read past, not kept") {
    const bool bytewise = GENERATE(false, true);
    ResponseReader reader(8192, 10, 100, 1000);
    const std::string bytes = "* 1 FETCH (UID 4 BODY[] {50}\r\n" + std::string(50, 'x') +
                              " RFC822.SIZE 50)\r\n* 2 FETCH (BODY[] {3}\r\nabc)\r\n";
    std::vector<ResponseReader::Result> all;
    auto drain = [&] {
        for (auto r = reader.next(); r.status != ResponseReader::Status::need_more; r = reader.next()) {
            all.push_back(r);
        }
    };
    if (bytewise) {
        for (char c : bytes) {
            reader.feed(std::string_view(&c, 1));
            drain();
        }
    } else {
        reader.feed(bytes);
        drain();
    }
    REQUIRE(all.size() == 2);
    REQUIRE(all[0].status == ResponseReader::Status::response);
    CHECK(all[0].response.literal_skipped);
    CHECK(fetch_value(all[0].response.args.at(0), "BODY[]")->text.empty());
    CHECK(fetch_value(all[0].response.args.at(0), "RFC822.SIZE")->text == "50");
    REQUIRE(all[1].status == ResponseReader::Status::response);
    CHECK_FALSE(all[1].response.literal_skipped);
    CHECK(fetch_value(all[1].response.args.at(0), "BODY[]")->text == "abc");

    ResponseReader strict(8192, 10, 100, 1000);
    strict.feed("* 1 FETCH (BODY[] {1001}\r\n");
    CHECK(strict.next().status == ResponseReader::Status::error);
}

TEST_CASE("tokenize_from reads the tokens after an offset, literals included") {
    CommandText text{{"* 3 FETCH (UID 9 BODY[] {2}", ")"}, {"hi"}};
    const auto r = tokenize_from(text, 10);
    REQUIRE(r.ok);
    REQUIRE(r.tokens.size() == 1);
    REQUIRE(r.tokens[0].children.size() == 4);
    CHECK(r.tokens[0].children[3] == literal("hi"));
    CHECK(r.tokens[0].children[2] == atom("BODY[]"));
    CHECK_FALSE(tokenize_from(CommandText{{"(a b"}, {}}, 0).ok);
    CHECK_FALSE(tokenize_from(CommandText{{"a  b"}, {}}, 0).ok);
    CHECK_FALSE(tokenize_from(CommandText{{"abc"}, {}}, 4).ok);
    const auto empty = tokenize_from(CommandText{{"* SEARCH"}, {}}, 8);
    CHECK(empty.ok);
    CHECK(empty.tokens.empty());
}
