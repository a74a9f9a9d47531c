// The TLS model (RFC 8446 §2 flights, RFC 3207 STARTTLS, RFC 8314 implicit TLS, RFC 6125 name
// checks): the flights appear in order, everything after them is marked encrypted and travels
// as TLS application-data records, and a certificate for another name aborts the handshake.
#include <catch2/catch.hpp>

#include "sim_fixture.hpp"

using namespace postlab;
using namespace postlab::sim;
using namespace postlab::sim::test;

namespace {

std::vector<const TraceEntry*> entries_of(const World& w, ConnId id) {
    std::vector<const TraceEntry*> out;
    for (const auto& e : w.trace()) {
        if (e.conn == id) out.push_back(&e);
    }
    return out;
}

std::size_t index_of_kind(const std::vector<const TraceEntry*>& es, TraceKind kind, std::size_t from = 0) {
    for (std::size_t i = from; i < es.size(); ++i) {
        if (es[i]->kind == kind) return i;
    }
    return es.size();
}

}  // namespace

TEST_CASE("implicit TLS on 465: the flights come first and every SMTP line is encrypted") {
    TestNet n = make_net(21);
    const ConnId id = n.world.connect(
        smtp_request(n, 465, submission_config(test_message(300), Security::implicit_tls), true));
    const auto* f = run_to_finish(n.world, id);
    REQUIRE(f);
    CHECK(f->state == ConnState::closed);
    CHECK(std::get<smtp::Client>(f->session).result().ok);
    const auto es = entries_of(n.world, id);
    const auto hello = index_of_kind(es, TraceKind::tls_client_hello);
    const auto flight = index_of_kind(es, TraceKind::tls_server_flight);
    const auto finished = index_of_kind(es, TraceKind::tls_finished);
    const auto first_reply = index_of_kind(es, TraceKind::reply);
    REQUIRE(hello < flight);
    REQUIRE(flight < finished);
    REQUIRE(finished < first_reply);
    CHECK(es[hello]->summary.find("SNI mail.example.test") != std::string::npos);
    CHECK(static_cast<unsigned char>(es[hello]->bytes[0]) == 0x16);  // handshake record (RFC 8446 §5.1)
    // The ClientHello travels in the clear: an eavesdropper reads the SNI.
    const auto hello_segment = index_of_kind(es, TraceKind::tcp_data, hello);
    REQUIRE(hello_segment < es.size());
    CHECK_FALSE(es[hello_segment]->encrypted);
    CHECK(es[hello_segment]->bytes.find("mail.example.test") != std::string::npos);
    std::size_t app_entries = 0;
    for (const auto* e : es) {
        if (e->kind == TraceKind::command || e->kind == TraceKind::reply || e->kind == TraceKind::body) {
            CHECK(e->encrypted);
            ++app_entries;
        }
        // After the ClientHello every data segment carries encrypted records, never the plaintext.
        if (e->kind == TraceKind::tcp_data && e->index > es[hello_segment]->index) {
            CHECK(e->encrypted);
            CHECK(e->bytes.find("EHLO") == std::string::npos);
            CHECK(e->bytes.find("AUTH") == std::string::npos);
        }
    }
    CHECK(app_entries > 8);
    CHECK(n.world.store(n.store).account("bob@example.test")->folder("INBOX")->messages.size() == 1);
}

TEST_CASE("STARTTLS on 587: plaintext until 220, then the flights, then encrypted EHLO and AUTH") {
    TestNet n = make_net(22);
    const ConnId id = n.world.connect(smtp_request(n, 587, submission_config(test_message(300))));
    const auto* f = run_to_finish(n.world, id);
    REQUIRE(f);
    CHECK(std::get<smtp::Client>(f->session).result().ok);
    const auto es = entries_of(n.world, id);
    std::size_t starttls = es.size();
    for (std::size_t i = 0; i < es.size(); ++i) {
        if (es[i]->summary == "C: STARTTLS") starttls = i;
    }
    REQUIRE(starttls < es.size());
    CHECK_FALSE(es[starttls]->encrypted);
    const auto ready = index_of_kind(es, TraceKind::reply, starttls);
    REQUIRE(ready < es.size());
    CHECK(es[ready]->summary.starts_with("S: 220"));
    CHECK_FALSE(es[ready]->encrypted);
    const auto hello = index_of_kind(es, TraceKind::tls_client_hello, ready);
    const auto flight = index_of_kind(es, TraceKind::tls_server_flight, hello);
    const auto fin = index_of_kind(es, TraceKind::tls_finished, flight);
    REQUIRE(fin < es.size());
    const auto ehlo2 = index_of_kind(es, TraceKind::command, fin);
    REQUIRE(ehlo2 < es.size());
    CHECK(es[ehlo2]->summary.starts_with("C: EHLO"));
    CHECK(es[ehlo2]->encrypted);
    bool auth_encrypted = false;
    for (const auto* e : es) {
        if (e->explain_key == "smtp.command.AUTH") auth_encrypted = e->encrypted;
    }
    CHECK(auth_encrypted);
    // The eavesdropper's view: the AUTH PLAIN credentials never appear in a segment.
    for (const auto* e : es) {
        if (e->kind == TraceKind::tcp_data) CHECK(e->bytes.find("AUTH PLAIN") == std::string::npos);
    }
}

TEST_CASE("a certificate for another name aborts the handshake with an alert") {
    TestNet n = make_net(23);
    n.world.apply(SetCertificateName{n.mail, "mail.other.test"});
    SECTION("implicit TLS") {
        const ConnId id = n.world.connect(
            smtp_request(n, 465, submission_config(test_message(100), Security::implicit_tls), true));
        const auto* f = run_to_finish(n.world, id);
        REQUIRE(f);
        CHECK(f->state == ConnState::tls_failed);
        CHECK(f->reason == "certificate is for mail.other.test, not mail.example.test");
        const TraceEntry* alert = find_summary(n.world, "bad_certificate", TraceKind::tls_alert);
        REQUIRE(alert);
        CHECK(alert->summary.find("certificate is for mail.other.test, not mail.example.test") != std::string::npos);
        CHECK(count_kind(n.world, id, TraceKind::command) == 0);  // the client never spoke SMTP
    }
    SECTION("STARTTLS") {
        const ConnId id = n.world.connect(smtp_request(n, 587, submission_config(test_message(100))));
        const auto* f = run_to_finish(n.world, id);
        REQUIRE(f);
        CHECK(f->state == ConnState::tls_failed);
        CHECK_FALSE(std::get<smtp::Client>(f->session).result().ok);
        for (const auto& e : n.world.trace()) CHECK(e.explain_key != "smtp.command.AUTH");
        CHECK(n.world.store(n.store).account("bob@example.test")->folder("INBOX")->messages.empty());
    }
    SECTION("a wildcard certificate is fine") {
        n.world.apply(SetCertificateName{n.mail, "*.example.test"});
        const ConnId id = n.world.connect(smtp_request(n, 587, submission_config(test_message(100))));
        const auto* f = run_to_finish(n.world, id);
        REQUIRE(f);
        CHECK(f->state == ConnState::closed);
    }
}

TEST_CASE("plaintext to an implicit-TLS port fails the handshake") {
    TestNet n = make_net(24);
    // A TLS client to the plaintext port 25: the server greets in plaintext.
    smtp::ClientConfig config = relay_config(test_message(100));
    config.security = Security::implicit_tls;
    const ConnId id = n.world.connect(smtp_request(n, 25, config, true));
    const auto* f = run_to_finish(n.world, id);
    REQUIRE(f);
    CHECK(f->state == ConnState::tls_failed);
    CHECK(f->reason.find("plaintext") != std::string::npos);
}

TEST_CASE("a plaintext client on an implicit-TLS port waits for a greeting that never comes") {
    TestNet n = make_net(25);
    const ConnId id = n.world.connect(smtp_request(n, 465, relay_config(test_message(100))));
    const auto* f = run_to_finish(n.world, id);
    REQUIRE(f);
    const auto& result = std::get<smtp::Client>(f->session).result();
    CHECK_FALSE(result.ok);
    CHECK(count_kind(n.world, id, TraceKind::reply) == 0);    // the server waits for a ClientHello
    CHECK(count_kind(n.world, id, TraceKind::command) == 0);  // the client waits for 220
    CHECK(f->finished_us >= 60'000'000);                       // only the client's timer ends it
}
