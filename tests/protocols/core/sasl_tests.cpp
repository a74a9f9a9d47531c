// SASL PLAIN (RFC 4616) and LOGIN: our client against our server, and the RFC's own examples.
#include <catch2/catch.hpp>

#include "protocols/core/base64.hpp"
#include "protocols/core/sasl.hpp"

using namespace postlab;
using Status = SaslServer::Status;

TEST_CASE("PLAIN with an initial response (RFC 4616 §4 example)") {
    SaslServer server(SaslMechanism::plain);
    // "\0tim\0tanstaaftanstaaf"
    auto step = server.start(base64_encode(std::string("\0tim\0tanstaaftanstaaf", 21)));
    REQUIRE(step.status == Status::done);
    CHECK(step.credentials->authcid == "tim");
    CHECK(step.credentials->password == "tanstaaftanstaaf");
    CHECK(step.credentials->authzid.empty());
}

TEST_CASE("PLAIN without initial response gets an empty challenge") {
    SaslServer server(SaslMechanism::plain);
    auto step = server.start(std::nullopt);
    REQUIRE(step.status == Status::challenge);
    CHECK(step.challenge.empty());
    SaslClient client(SaslMechanism::plain, {"Ursel", "Kurt", "xipj3plmq"});
    step = server.respond(client.respond(step.challenge));
    REQUIRE(step.status == Status::done);
    CHECK(step.credentials->authzid == "Ursel");
    CHECK(step.credentials->authcid == "Kurt");
}

TEST_CASE("LOGIN asks for user then password") {
    SaslServer server(SaslMechanism::login);
    SaslClient client(SaslMechanism::login, {"", "alice@example.test", "secret"});
    CHECK_FALSE(client.initial_response());
    auto step = server.start(std::nullopt);
    REQUIRE(step.status == Status::challenge);
    CHECK(base64_decode(step.challenge) == "Username:");
    step = server.respond(client.respond(step.challenge));
    REQUIRE(step.status == Status::challenge);
    CHECK(base64_decode(step.challenge) == "Password:");
    step = server.respond(client.respond(step.challenge));
    REQUIRE(step.status == Status::done);
    CHECK(step.credentials->authcid == "alice@example.test");
    CHECK(step.credentials->password == "secret");
}

TEST_CASE("cancel and malformed responses") {
    SaslServer server(SaslMechanism::plain);
    server.start(std::nullopt);
    CHECK(server.respond("*").status == Status::cancelled);
    CHECK(server.respond("not base64!").status == Status::malformed);
    CHECK(server.respond(base64_encode("no nul bytes")).status == Status::malformed);
    CHECK(server.respond(base64_encode(std::string("\0\0pw", 4))).status == Status::malformed);
}

TEST_CASE("mechanism names are case-insensitive") {
    CHECK(parse_sasl_mechanism("plain") == SaslMechanism::plain);
    CHECK(parse_sasl_mechanism("LOGIN") == SaslMechanism::login);
    CHECK_FALSE(parse_sasl_mechanism("CRAM-MD5"));
}
