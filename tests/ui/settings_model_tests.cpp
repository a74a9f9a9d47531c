// Tests of the account settings dialog's model (ui/views/settings_model.hpp): port presets that
// follow security and protocol like real mail apps, validation, and the changes Apply sends.
#include <catch2/catch.hpp>

#include "sim/lesson/loader.hpp"
#include "ui/views/settings_model.hpp"

using namespace postlab::ui;

namespace {

AccountForm pop3_form() {
    AccountForm f;
    f.device = "laptop";
    f.has_incoming = true;
    f.protocol = FormProtocol::pop3;
    f.incoming_host = "mail.example.test";
    f.incoming_security = FormSecurity::ssl_tls;
    f.incoming_port = 995;
    f.has_outgoing = true;
    f.outgoing_host = "mail.example.test";
    f.outgoing_security = FormSecurity::starttls;
    f.outgoing_port = 587;
    return f;
}

}  // namespace

TEST_CASE("port presets follow protocol and security", "[ui][settings]") {
    CHECK(incoming_port_preset(FormProtocol::pop3, FormSecurity::ssl_tls) == 995);
    CHECK(incoming_port_preset(FormProtocol::pop3, FormSecurity::starttls) == 110);
    CHECK(incoming_port_preset(FormProtocol::pop3, FormSecurity::none) == 110);
    CHECK(incoming_port_preset(FormProtocol::imap, FormSecurity::ssl_tls) == 993);
    CHECK(incoming_port_preset(FormProtocol::imap, FormSecurity::starttls) == 143);
    CHECK(outgoing_port_preset(FormSecurity::ssl_tls) == 465);
    CHECK(outgoing_port_preset(FormSecurity::starttls) == 587);
    CHECK(outgoing_port_preset(FormSecurity::none) == 25);

    AccountForm f = pop3_form();
    set_incoming_security(f, FormSecurity::starttls);
    CHECK(f.incoming_port == 110);
    set_incoming_protocol(f, FormProtocol::imap);
    CHECK(f.incoming_port == 143);
    set_incoming_security(f, FormSecurity::ssl_tls);
    CHECK(f.incoming_port == 993);
    set_outgoing_security(f, FormSecurity::ssl_tls);
    CHECK(f.outgoing_port == 465);
    set_outgoing_security(f, FormSecurity::none);
    CHECK(f.outgoing_port == 25);
}

TEST_CASE("a custom port survives a security change", "[ui][settings]") {
    AccountForm f = pop3_form();
    f.incoming_port = 10995;
    set_incoming_security(f, FormSecurity::none);
    CHECK(f.incoming_port == 10995);
    f.outgoing_port = 2525;
    set_outgoing_security(f, FormSecurity::ssl_tls);
    CHECK(f.outgoing_port == 2525);
}

TEST_CASE("switching to IMAP clears the POP3-only options", "[ui][settings]") {
    AccountForm f = pop3_form();
    f.leave_on_server = true;
    f.remove_after_days = 14;
    set_incoming_protocol(f, FormProtocol::imap);
    CHECK_FALSE(f.leave_on_server);
    CHECK(f.remove_after_days == 0);
}

TEST_CASE("validation: port range, host non-empty, remove-after needs leave-on-server", "[ui][settings]") {
    CHECK(validate(pop3_form()).empty());
    AccountForm f = pop3_form();
    f.incoming_port = 0;
    f.outgoing_port = 65536;
    f.incoming_host = "  ";
    CHECK(validate(f).size() == 3);
    f = pop3_form();
    f.outgoing_host = "mail example";
    CHECK(validate(f).size() == 1);
    f = pop3_form();
    f.remove_after_days = 7;
    REQUIRE(validate(f).size() == 1);
    CHECK(validate(f)[0].find("Leave a copy") != std::string::npos);
    f.leave_on_server = true;
    CHECK(validate(f).empty());
    f.remove_after_days = -1;
    CHECK(validate(f).size() == 1);
    // A device without outgoing settings is not validated on them.
    f = pop3_form();
    f.has_outgoing = false;
    f.outgoing_host.clear();
    CHECK(validate(f).empty());
}

TEST_CASE("form_changes lists only what changed, in setting-path form", "[ui][settings]") {
    const AccountForm before = pop3_form();
    CHECK(form_changes(before, before).empty());
    AccountForm after = before;
    after.leave_on_server = true;
    set_incoming_security(after, FormSecurity::none);
    after.outgoing_auth = FormOutgoingAuth::none;
    const auto changes = form_changes(before, after);
    REQUIRE(changes.size() == 4);
    CHECK(changes[0] == SettingChange{"incoming.port", "110"});
    CHECK(changes[1] == SettingChange{"incoming.security", "none"});
    CHECK(changes[2] == SettingChange{"incoming.leave_on_server", "true"});
    CHECK(changes[3] == SettingChange{"outgoing.auth", "none"});
}

TEST_CASE("form_from_lesson reads a lesson's device", "[ui][settings]") {
    const auto loaded = postlab::lesson::load_lesson(R"(
[lesson]
id = "t"
title = "T"
minutes = 1
summary = "s"
[[domain]]
name = "example.test"
services = ["submission", "pop3s"]
users = ["alice"]
[[device]]
id = "laptop"
kind = "desktop"
owner = "alice@example.test"
incoming = { protocol = "pop3", host = "mail.example.test", security = "ssl-tls", leave_on_server = true }
outgoing = { host = "mail.example.test", security = "starttls" }
[[step]]
say = "x"
)", "t.toml");
    REQUIRE(loaded.ok());
    const AccountForm f = form_from_lesson(loaded.lesson->devices.at(0));
    CHECK(f.device == "laptop");
    CHECK(f.has_incoming);
    CHECK(f.protocol == FormProtocol::pop3);
    CHECK(f.incoming_port == 995);
    CHECK(f.incoming_security == FormSecurity::ssl_tls);
    CHECK(f.leave_on_server);
    CHECK(f.has_outgoing);
    CHECK(f.outgoing_port == 587);
    CHECK(f.outgoing_security == FormSecurity::starttls);
}
