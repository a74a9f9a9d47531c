// Authentication helpers against the RFC examples: Basic (RFC 7617 §2), Bearer (RFC 6750 §2.1,
// §3) and WWW-Authenticate lists (RFC 9110 §11.6.1).
#include <catch2/catch.hpp>

#include "protocols/http/auth.hpp"

using namespace postlab::http;

TEST_CASE("RFC 7617 §2: Aladdin / open sesame", "[http][auth]") {
    CHECK(basic_authorization("Aladdin", "open sesame") == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    const auto c = parse_basic("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    REQUIRE(c);
    CHECK(c->user == "Aladdin");
    CHECK(c->password == "open sesame");
    CHECK(parse_basic("basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")->user == "Aladdin");  // scheme is case-insensitive
    // A password may hold colons; the user-id cannot (RFC 7617 §2).
    CHECK(parse_basic(basic_authorization("u", "a:b:c"))->password == "a:b:c");
    CHECK(!parse_basic("Basic bm9jb2xvbg=="));  // "nocolon"
    CHECK(!parse_basic("Basic !!!"));
    CHECK(!parse_basic("Bearer QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
}

TEST_CASE("RFC 6750 §2.1 and §3: Bearer credentials and challenges", "[http][auth]") {
    CHECK(bearer_authorization("mF_9.B5f-4.1JqM") == "Bearer mF_9.B5f-4.1JqM");
    CHECK(parse_bearer("Bearer mF_9.B5f-4.1JqM") == "mF_9.B5f-4.1JqM");
    CHECK(!parse_bearer("Bearer"));
    CHECK(!parse_bearer("Bearer a b"));
    const auto challenges = parse_challenges(
        "Bearer realm=\"example\", error=\"invalid_token\", error_description=\"The access token expired\"");
    REQUIRE(challenges);
    REQUIRE(challenges->size() == 1);
    CHECK(*(*challenges)[0].param("ERROR") == "invalid_token");
    CHECK(write_challenge(bearer_challenge("example", "invalid_token", "The access token expired")) ==
          "Bearer realm=\"example\", error=\"invalid_token\", error_description=\"The access token expired\"");
}

TEST_CASE("RFC 9110 §11.6.1: two challenges in one field", "[http][auth]") {
    const auto c = parse_challenges(R"(Basic realm="simple", Newauth realm="apps", type=1, title="Login to \"apps\"")");
    REQUIRE(c);
    REQUIRE(c->size() == 2);
    CHECK((*c)[0].scheme == "Basic");
    CHECK(*(*c)[0].param("realm") == "simple");
    CHECK((*c)[1].scheme == "Newauth");
    CHECK((*c)[1].params.size() == 3);
    CHECK(*(*c)[1].param("title") == "Login to \"apps\"");
    CHECK(parse_challenges(write_challenge((*c)[1]))->front() == (*c)[1]);
}

TEST_CASE("Challenges: token68, bare schemes, malformed lists", "[http][auth]") {
    const auto c = parse_challenges("Negotiate, NTLM TlRMTVNTUAABAAAA==, Basic realm=x");
    REQUIRE(c);
    REQUIRE(c->size() == 3);
    CHECK((*c)[0].scheme == "Negotiate");
    CHECK((*c)[1].token68 == "TlRMTVNTUAABAAAA==");
    CHECK(*(*c)[2].param("realm") == "x");
    CHECK(!parse_challenges("realm=x"));                // a parameter without a scheme
    CHECK(!parse_challenges("Basic realm=\"unterminated"));
    CHECK(!parse_challenges("NTLM abc=, realm=x"));      // nothing follows a token68
    CHECK(!parse_challenges("Basic realm=a b"));
    CHECK(write_challenge(basic_challenge("PostLab")) == "Basic realm=\"PostLab\", charset=\"UTF-8\"");
}
