// The inspector's model (ui/views/inspector_model.hpp): hex dump and visible text, decoded
// fields, and the eavesdropper's view: encrypted entries never show plaintext, plaintext
// credentials (POP3 PASS, IMAP LOGIN with atoms, quoted strings and literals, AUTH PLAIN, AUTH
// LOGIN) are decoded and shown as exposed.
#include <catch2/catch.hpp>

#include "protocols/core/base64.hpp"
#include "sim/conversation.hpp"
#include "ui/views/inspector_model.hpp"
#include "mail_scene_fixture.hpp"

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

// Wire bytes cut into trace entries the way the simulation cuts them (sim::Conversation): a
// client's IMAP literal and the rest of its line become one body entry "imap.literal".
sim::Trace imap_trace(const std::vector<std::pair<sim::Side, std::string>>& wire, bool encrypted) {
    sim::Conversation conversation("imap");
    sim::Trace trace;
    for (const auto& [side, bytes] : wire) {
        for (auto& m : conversation.feed(side, bytes)) {
            sim::TraceEntry e;
            e.kind = m.kind;
            e.conn = sim::ConnId{7};
            e.protocol = "imap";
            e.bytes = std::move(m.bytes);
            e.explain_key = std::move(m.explain_key);
            e.encrypted = encrypted;
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
    return eavesdropper_view(trace[i], earlier_client_entries(trace, trace[i])).credentials;
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

TEST_CASE("IMAP LOGIN with atoms and quoted strings: spaces and escaped quote and backslash") {
    const auto atom = exposed_credentials("a1 LOGIN alice s3cret\r\n", {});
    REQUIRE(atom.size() == 1);
    CHECK(atom[0].user == "alice");
    CHECK(atom[0].password == "s3cret");
    // RFC 9051 §4.3: inside a quoted string only " and \ are escaped, with a backslash.
    const auto quoted = exposed_credentials(R"(a2 login "alice smith" "correct horse \"battery\" \\ staple")"
                                            "\r\n", {});
    REQUIRE(quoted.size() == 1);
    CHECK(quoted[0].user == "alice smith");
    CHECK(quoted[0].password == R"(correct horse "battery" \ staple)");
    const auto empty = exposed_credentials("a3 LOGIN bob \"\"\r\n", {});
    REQUIRE(empty.size() == 1);
    CHECK(empty[0].password.empty());
    // Not LOGIN as a server reads it: nothing is reported rather than a wrong password.
    CHECK(exposed_credentials("a4 LOGIN alice \"open quote\r\n", {}).empty());
    CHECK(exposed_credentials(R"(a5 LOGIN alice "bad \escape")" "\r\n", {}).empty());
    CHECK(exposed_credentials("a6 LOGIN alice \"pw\" extra\r\n", {}).empty());
    CHECK(exposed_credentials("a7 LOGIN alice\r\n", {}).empty());
}

TEST_CASE("IMAP LOGIN with literals in one piece and spread over later entries") {
    // LITERAL+ (RFC 7888) sends everything at once; the literal may hold spaces, quotes, CR LF.
    const auto whole = exposed_credentials("a1 LOGIN {5+}\r\nalice {10+}\r\npa \"ss\r\nw!\r\n", {});
    REQUIRE(whole.size() == 1);
    CHECK(whole[0].user == "alice");
    CHECK(whole[0].password == "pa \"ss\r\nw!");
    CHECK(whole[0].how.find("literal") != std::string::npos);
    // The password announced as {9} arrives in the next entry: the first shows no password yet
    // (and not "{9}"), the next shows it.
    CHECK(exposed_credentials("a2 LOGIN alice {9}\r\n", {}).empty());
    const auto next = exposed_credentials("two words\r\n", {"a0 CAPABILITY\r\n", "a2 LOGIN alice {9}\r\n"});
    REQUIRE(next.size() == 1);
    CHECK(next[0].user == "alice");
    CHECK(next[0].password == "two words");
    // Both as literals: three entries.
    const std::vector<std::string> earlier{"a3 LOGIN {5}\r\n", "alice {6}\r\n"};
    CHECK(exposed_credentials("alice {6}\r\n", {"a3 LOGIN {5}\r\n"}).empty());
    const auto both = exposed_credentials("hunter\r\n", earlier);
    REQUIRE(both.size() == 1);
    CHECK(both[0].user == "alice");
    CHECK(both[0].password == "hunter");
    // A literal that is shorter than announced is not read past its bytes.
    CHECK(exposed_credentials("abc\r\n", {"a4 LOGIN alice {50}\r\n"}).empty());
    CHECK(exposed_credentials("abc\r\n", {"a5 LOGIN alice {99999999999999999999999}\r\n"}).empty());
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
        const auto view = eavesdropper_view(tls[i], earlier_client_entries(tls, tls[i]));
        CHECK(view.credentials.empty());
        if (tls[i].conn == sim::ConnId{7}) CHECK_FALSE(any_line_contains(view.lines, "s3cr"));
        if (tls[i].conn == sim::ConnId{7}) CHECK_FALSE(any_line_contains(view.lines, "alice"));
    }
}

TEST_CASE("the client's earlier entries: same connection, commands and IMAP literals, bounded") {
    sim::Trace trace;
    const auto add = [&](sim::TraceKind kind, std::uint32_t conn, std::string bytes, std::string key = {}) {
        sim::TraceEntry e;
        e.kind = kind;
        e.conn = sim::ConnId{conn};
        e.bytes = std::move(bytes);
        e.explain_key = std::move(key);
        trace.append(std::move(e));
    };
    add(sim::TraceKind::command, 1, "a0 NOOP\r\n");
    add(sim::TraceKind::command, 1, "a1 LOGIN {5}\r\n");
    add(sim::TraceKind::reply, 1, "+ go\r\n");
    add(sim::TraceKind::command, 2, "x1 NOOP\r\n");
    add(sim::TraceKind::body, 1, "alice {2}\r\n", "imap.literal");
    add(sim::TraceKind::body, 1, "Subject: hi\r\n", "smtp.body");
    add(sim::TraceKind::body, 1, "pw\r\n", "imap.literal");
    const auto earlier = earlier_client_entries(trace, trace.back());
    CHECK(earlier == std::vector<std::string>{"a0 NOOP\r\n", "a1 LOGIN {5}\r\n", "alice {2}\r\n"});
    CHECK(earlier_client_entries(trace, trace.back(), 2) == std::vector<std::string>{"a1 LOGIN {5}\r\n", "alice {2}\r\n"});
    CHECK(earlier_client_entries(trace, trace.back(), 3, 2) == std::vector<std::string>{"alice {2}\r\n"});
    CHECK(earlier_client_entries(trace, trace.back(), 3, 1).empty());  // looks back one entry only
    CHECK(earlier_client_entries(trace, trace[0]).empty());
}
