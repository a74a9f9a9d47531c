// RFC 5322 §3.4 address lists with the Appendix A examples (A.1.2 mailbox forms, A.1.3 groups,
// A.5 comments and folding, A.6.1 obsolete forms) and the ENVELOPE defaults of RFC 9051 §7.5.2.
#include <catch2/catch.hpp>

#include "protocols/mime/address.hpp"

using namespace postlab::mime;

namespace {
Address mbox(std::string name, std::string mailbox, std::string host, std::string route = "") {
    return {AddressKind::mailbox, std::move(name), std::move(route), std::move(mailbox),
            std::move(host)};
}
Address group_start(std::string name) { return {AddressKind::group_start, "", "", name, ""}; }
Address group_end() { return {AddressKind::group_end, "", "", "", ""}; }
}  // namespace

TEST_CASE("RFC 5322 A.1.1 simple addresses") {
    CHECK(parse_address_list("John Doe <jdoe@machine.example>") ==
          std::vector<Address>{mbox("John Doe", "jdoe", "machine.example")});
}

TEST_CASE("RFC 5322 A.1.2 different types of mailboxes") {
    CHECK(parse_address_list("\"Joe Q. Public\" <john.q.public@example.com>") ==
          std::vector<Address>{mbox("Joe Q. Public", "john.q.public", "example.com")});
    CHECK(parse_address_list("Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>") ==
          std::vector<Address>{mbox("Mary Smith", "mary", "x.test"),
                               mbox("", "jdoe", "example.org"), mbox("Who?", "one", "y.test")});
    CHECK(parse_address_list(
              "<boss@nil.test>, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>") ==
          std::vector<Address>{mbox("", "boss", "nil.test"),
                               mbox("Giant; \"Big\" Box", "sysservices", "example.net")});
}

TEST_CASE("RFC 5322 A.1.3 group addresses") {
    CHECK(parse_address_list("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;") ==
          std::vector<Address>{group_start("A Group"), mbox("Ed Jones", "c", "a.test"),
                               mbox("", "joe", "where.test"), mbox("John", "jdoe", "one.test"),
                               group_end()});
    CHECK(parse_address_list("Undisclosed recipients:;") ==
          std::vector<Address>{group_start("Undisclosed recipients"), group_end()});
}

TEST_CASE("RFC 5322 A.5 white space, comments and other oddities") {
    CHECK(parse_address_list("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>") ==
          std::vector<Address>{mbox("Pete", "pete", "silly.test")});
    CHECK(parse_address_list("A Group(Some people)\r\n     :Chris Jones "
                             "<c@(Chris's host.)public.example>,\r\n"
                             "         joe@example.org,\r\n"
                             "  John <jdoe@one.test> (my dear friend); (the end of the group)") ==
          std::vector<Address>{group_start("A Group"), mbox("Chris Jones", "c", "public.example"),
                               mbox("", "joe", "example.org"), mbox("John", "jdoe", "one.test"),
                               group_end()});
    CHECK(parse_address_list("(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;") ==
          std::vector<Address>{group_start("Hidden recipients"), group_end()});
}

TEST_CASE("RFC 5322 A.6.1 obsolete addressing") {
    CHECK(parse_address_list("Joe Q. Public <john.q.public@example.com>") ==
          std::vector<Address>{mbox("Joe Q. Public", "john.q.public", "example.com")});
    CHECK(parse_address_list("Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example") ==
          std::vector<Address>{mbox("Mary Smith", "mary", "example.net", "@node.test"),
                               mbox("", "jdoe", "test.example")});
}

TEST_CASE("display names keep encoded words; display_name() decodes them") {
    auto list = parse_address_list("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>");
    REQUIRE(list.size() == 1);
    CHECK(list[0].name == "=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=");
    CHECK(list[0].display_name() == "Keld J\xC3\xB8rn Simonsen");
    CHECK(list[0].addr_spec() == "keld@dkuug.dk");
}

TEST_CASE("broken lists still give something") {
    CHECK(parse_address_list("").empty());
    CHECK(parse_address_list(",,,").empty());
    CHECK(parse_address_list("root") == std::vector<Address>{mbox("", "root", "")});
    CHECK(parse_address_list("Bob <bob@x") == std::vector<Address>{mbox("Bob", "bob", "x")});
    CHECK(parse_address_list("G: a@b") ==
          std::vector<Address>{group_start("G"), mbox("", "a", "b"), group_end()});
    CHECK(parse_address_list("\"unterminated <a@b>").size() == 1);
}

TEST_CASE("ENVELOPE: Sender and Reply-To default to From") {
    std::vector<Problem> problems;
    HeaderBlock h = parse_header(
        "From: John Doe <jdoe@machine.example>\r\nTo: Mary Smith <mary@example.net>\r\n"
        "Subject: Saying Hello\r\nDate: Fri, 21 Nov 1997 09:55:06 -0600\r\n"
        "Message-ID: <1234@local.machine.example>\r\nReply-To:\r\n\r\n",
        0, {}, problems);
    Envelope e = make_envelope(h);
    CHECK(e.subject == "Saying Hello");
    CHECK(e.date == "Fri, 21 Nov 1997 09:55:06 -0600");
    CHECK(e.message_id == "<1234@local.machine.example>");
    CHECK(e.sender == e.from);
    CHECK(e.reply_to == e.from);  // present but empty: RFC 9051 §7.5.2 says use From
    CHECK(e.to == std::vector<Address>{mbox("Mary Smith", "mary", "example.net")});
    CHECK(e.cc.empty());
    CHECK_FALSE(e.in_reply_to.has_value());
}
