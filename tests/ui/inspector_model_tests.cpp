// The inspector's model (ui/views/inspector_model.hpp): hex dump and visible text, decoded
// fields, and the eavesdropper's view: encrypted entries never show plaintext, plaintext
// credentials (POP3 PASS, IMAP LOGIN, AUTH PLAIN, AUTH LOGIN) are decoded and shown as exposed.
#include <catch2/catch.hpp>

#include "protocols/core/base64.hpp"
#include "ui/views/inspector_model.hpp"
#include "views_a_fixture.hpp"

using namespace postlab;
using namespace postlab::ui;
using namespace postlab::ui::inspect;

namespace {

sim::TraceEntry command(std::string bytes, bool encrypted) {
    sim::TraceEntry e;
    e.kind = sim::TraceKind::command;
    e.protocol = "smtp";
    e.bytes = std::move(bytes);
    e.encrypted = encrypted;
    return e;
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
    const auto view = eavesdropper_view(command("AUTH PLAIN " + b64 + "\r\n", true), {});
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
    const auto view = eavesdropper_view(command("AUTH PLAIN " + b64 + "\r\n", false), {});
    CHECK_FALSE(view.encrypted);
    REQUIRE(view.credentials.size() == 1);
    CHECK(view.credentials[0].user == "alice@example.test");
    CHECK(view.credentials[0].password == "secret");
    CHECK(any_line_contains(view.lines, b64));
    // The same as a SASL response line after a bare AUTH PLAIN.
    const auto split = exposed_credentials(b64 + "\r\n", {"AUTH PLAIN\r\n"});
    REQUIRE(split.size() == 1);
    CHECK(split[0].password == "secret");
}

TEST_CASE("AUTH LOGIN, IMAP LOGIN and POP3 PASS expose passwords") {
    const auto login = exposed_credentials(base64_encode("hunter2"), {"AUTH LOGIN", base64_encode("bob")});
    REQUIRE(login.size() == 1);
    CHECK(login[0].user == "bob");
    CHECK(login[0].password == "hunter2");
    const auto initial = exposed_credentials(base64_encode("pw"), {"AUTH LOGIN " + base64_encode("carol")});
    REQUIRE(initial.size() == 1);
    CHECK(initial[0].user == "carol");
    CHECK(initial[0].password == "pw");
    const auto imap = exposed_credentials("a1 LOGIN \"alice\" \"s3cret\"\r\n", {});
    REQUIRE(imap.size() == 1);
    CHECK(imap[0].user == "alice");
    CHECK(imap[0].password == "s3cret");
    CHECK(exposed_credentials("EHLO laptop\r\n", {}).empty());
    CHECK(exposed_credentials("AUTH PLAIN !!notbase64\r\n", {}).empty());
}

TEST_CASE("the phone's plaintext POP3 AUTH PLAIN in the world's trace is exposed") {
    const sim::World& w = test::mail_world();
    const auto* auth = test::first_plain_command(w, "AUTH PLAIN");
    REQUIRE(auth);
    CHECK(auth->protocol == "pop3");
    const auto view = eavesdropper_view(*auth, {});
    REQUIRE(view.credentials.size() == 1);
    CHECK(view.credentials[0].user == "alice@example.test");
    CHECK(view.credentials[0].password == "secret");
    // The laptop's POP3 over TLS (995) sends the same password, encrypted.
    std::size_t encrypted = 0;
    for (const auto& e : w.trace()) {
        if (e.kind != sim::TraceKind::command || !e.encrypted) continue;
        ++encrypted;
        const auto enc = eavesdropper_view(e, {});
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
    const auto view = eavesdropper_view(*hello, {});
    REQUIRE_FALSE(view.lines.empty());
    CHECK(view.lines[0].find("TLS record: handshake (22)") == 0);
}
