// The inspector's model (ui/views/inspector_model.hpp): hex dump and visible text, decoded
// fields, and the eavesdropper's view: encrypted entries never show plaintext; the credentials a
// plaintext entry carries (found by its protocol's framer: tests/protocols/framer_tests.cpp) are
// shown as exposed.
#include <catch2/catch.hpp>

#include "protocols/core/base64.hpp"
#include "protocols/registry.hpp"
#include "ui/views/inspector_model.hpp"
#include "mail_scene_fixture.hpp"

using namespace postlab;
using namespace postlab::ui;
using namespace postlab::ui::inspect;

namespace {

// A command entry as the world records it: the SMTP framer's frame for `bytes`.
sim::TraceEntry command(std::string bytes, bool encrypted) {
    auto framer = descriptor(ProtocolId::smtp).make_framer();
    auto frames = framer->feed(core::Peer::client, bytes);
    sim::TraceEntry e;
    e.kind = sim::TraceKind::command;
    e.protocol = ProtocolId::smtp;
    e.bytes = std::move(bytes);
    e.encrypted = encrypted;
    if (frames.size() == 1 && frames[0].credential) e.credential = std::make_shared<const Credential>(*frames[0].credential);
    return e;
}

// Wire bytes cut into trace entries the way the world cuts them (the IMAP framer): a client's
// literal and the rest of its line become one body entry "imap.literal".
sim::Trace imap_trace(const std::vector<std::pair<sim::Side, std::string>>& wire, bool encrypted) {
    auto framer = descriptor(ProtocolId::imap).make_framer();
    sim::Trace trace;
    for (const auto& [side, bytes] : wire) {
        for (auto& f : framer->feed(sim::peer_of(side), bytes)) {
            sim::TraceEntry e;
            e.kind = f.kind == core::FrameKind::data ? sim::TraceKind::body
                                                     : (side == sim::Side::client ? sim::TraceKind::command : sim::TraceKind::reply);
            e.conn = sim::ConnId{7};
            e.protocol = ProtocolId::imap;
            e.bytes = std::move(f.bytes);
            e.explain_key = std::move(f.explain_key);
            e.encrypted = encrypted;
            if (f.credential) e.credential = std::make_shared<const Credential>(*f.credential);
            trace.append(std::move(e));
            sim::TraceEntry other;  // another connection in between: never part of this command
            other.kind = sim::TraceKind::command;
            other.conn = sim::ConnId{8};
            other.bytes = "b1 LOGIN {3}\r\n";
            trace.append(std::move(other));
        }
    }
    return trace;
}

std::vector<Credential> credentials_at(const sim::Trace& trace, std::size_t i) {
    return eavesdropper_view(trace[i]).credentials;
}

bool any_line_contains(const std::vector<std::string>& lines, std::string_view text) {
    for (const auto& l : lines) if (l.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("hex dump: offset, two groups of eight, printable column") {
    const auto lines = hex_dump("EHLO laptop\r\n");
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == "00000000  45 48 4c 4f 20 6c 61 70  74 6f 70 0d 0a           |EHLO laptop..|");
    const auto many = hex_dump(std::string(40, 'a'));
    REQUIRE(many.size() == 3);
    CHECK(many[2].substr(0, 8) == "00000020");
    const auto cut = hex_dump(std::string(100, 'b'), 2);
    REQUIRE(cut.size() == 3);
    CHECK(cut[2] == "... 68 more bytes");
}

TEST_CASE("visible text shows CR and LF and escapes other bytes") {
    CHECK(visible_text("USER alice\r\n") == "USER alice\\r\\n\n");
    CHECK(visible_text(std::string("a\0b", 3)) == "a\\x00b");
    CHECK(visible_text("abcdef", 3) == "abc\n... 3 more bytes");
}

TEST_CASE("an encrypted AUTH PLAIN shows only TLS record sizes, never the password") {
    const std::string b64 = base64_encode(std::string("\0alice@example.test\0secret", 26));
    const auto view = eavesdropper_view(command("AUTH PLAIN " + b64 + "\r\n", true));
    CHECK(view.encrypted);
    CHECK(view.credentials.empty());
    REQUIRE_FALSE(view.lines.empty());
    CHECK(any_line_contains(view.lines, "application_data"));
    CHECK_FALSE(any_line_contains(view.lines, "AUTH"));
    CHECK_FALSE(any_line_contains(view.lines, b64));
    CHECK_FALSE(any_line_contains(view.lines, "secret"));
}

TEST_CASE("a plaintext AUTH PLAIN is decoded: the password is exposed") {
    const std::string b64 = base64_encode(std::string("\0alice@example.test\0secret", 26));
    const auto view = eavesdropper_view(command("AUTH PLAIN " + b64 + "\r\n", false));
    CHECK_FALSE(view.encrypted);
    REQUIRE(view.credentials.size() == 1);
    CHECK(view.credentials[0].user == "alice@example.test");
    CHECK(view.credentials[0].password == "secret");
    CHECK(any_line_contains(view.lines, b64));
}

TEST_CASE("the phone's plaintext POP3 AUTH PLAIN in the world's trace is exposed") {
    const sim::World& w = test::mail_world();
    const auto* auth = test::first_plain_command(w, "AUTH PLAIN");
    REQUIRE(auth);
    CHECK(auth->protocol == ProtocolId::pop3);
    const auto view = eavesdropper_view(*auth);
    REQUIRE(view.credentials.size() == 1);
    CHECK(view.credentials[0].user == "alice@example.test");
    CHECK(view.credentials[0].password == "secret");
    // The laptop's POP3 over TLS (995) sends the same password, encrypted.
    std::size_t encrypted = 0;
    for (const auto& e : w.trace()) {
        if (e.kind != sim::TraceKind::command || !e.encrypted) continue;
        ++encrypted;
        const auto enc = eavesdropper_view(e);
        CHECK(enc.credentials.empty());
        CHECK_FALSE(any_line_contains(enc.lines, "secret"));
        CHECK_FALSE(any_line_contains(enc.lines, "AUTH"));
    }
    CHECK(encrypted > 5);
}

TEST_CASE("decoded fields of a SYN: flags, seq/ack, hosts by name") {
    const sim::World& w = test::mail_world();
    const auto* syn = test::first_entry(w, sim::TraceKind::tcp_syn);
    REQUIRE(syn);
    std::vector<std::string> names;
    for (const auto& h : w.network().hosts()) names.push_back(h.name);
    const auto fields = decoded_fields(*syn, names);
    bool flags = false, from = false;
    for (const auto& f : fields) {
        if (f.name == "TCP flags") flags = f.value == "S";
        if (f.name == "from") from = f.value.find("bob.remote.test port") == 0;
    }
    CHECK(flags);
    CHECK(from);
    // A TLS record on the wire is described by its header only.
    const auto* hello = test::first_entry(w, sim::TraceKind::tls_client_hello);
    REQUIRE(hello);
    const auto view = eavesdropper_view(*hello);
    REQUIRE_FALSE(view.lines.empty());
    CHECK(view.lines[0].find("TLS record: handshake (22)") == 0);
}

TEST_CASE("a LOGIN password sent as a literal is exposed in the entry that carries it") {
    using sim::Side;
    const std::vector<std::pair<Side, std::string>> wire{
        {Side::server, "* OK IMAP4rev2 ready\r\n"},
        {Side::client, "a1 LOGIN {5}\r\n"},
        {Side::server, "+ Ready for literal data\r\n"},
        {Side::client, "alice {11}\r\n"},
        {Side::server, "+ Ready for literal data\r\n"},
        {Side::client, "my \"s3cr\" \\\r\n"},
        {Side::server, "a1 OK LOGIN completed\r\n"},
    };
    const sim::Trace trace = imap_trace(wire, false);
    std::size_t literals = 0, exposed = 0;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const auto& e = trace[i];
        if (e.conn != sim::ConnId{7}) continue;
        literals += e.explain_key == "imap.literal";
        const auto found = credentials_at(trace, i);
        if (found.empty()) continue;
        ++exposed;
        CHECK(e.bytes == "my \"s3cr\" \\\r\n");
        CHECK(found[0].user == "alice");
        CHECK(found[0].password == "my \"s3cr\" \\");
    }
    CHECK(literals == 2);
    CHECK(exposed == 1);
    // The same exchange under TLS: the eavesdropper reads neither the name nor the password.
    const sim::Trace tls = imap_trace(wire, true);
    for (std::size_t i = 0; i < tls.size(); ++i) {
        const auto view = eavesdropper_view(tls[i]);
        CHECK(view.credentials.empty());
        if (tls[i].conn == sim::ConnId{7}) CHECK_FALSE(any_line_contains(view.lines, "s3cr"));
        if (tls[i].conn == sim::ConnId{7}) CHECK_FALSE(any_line_contains(view.lines, "alice"));
    }
}
