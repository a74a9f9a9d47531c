// The account settings dialog as plain data (DESIGN.md §4): the form a mail app shows (incoming
// POP3/IMAP, outgoing SMTP submission), port presets that follow the security choice the way
// real apps do (RFC 8314 §3.1 for 995/993/465, RFC 6409 §3.1 for 587, RFC 1939 §3 for 110,
// RFC 9051 for 143), validation, and the setting changes (lessons/README.md paths) Apply sends.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace postlab::lesson {
struct Device;
}

namespace postlab::ui {

enum class FormProtocol { pop3, imap };
enum class FormSecurity { none, starttls, ssl_tls };
enum class FormOutgoingAuth { none, plain, login };

struct AccountForm {
    std::string device;  // the device id the form belongs to
    bool has_incoming = false;
    FormProtocol protocol = FormProtocol::imap;
    std::string incoming_host;
    int incoming_port = 993;
    FormSecurity incoming_security = FormSecurity::ssl_tls;
    bool leave_on_server = false;  // POP3 only
    int remove_after_days = 0;     // POP3 with leave_on_server; 0: never
    bool has_outgoing = false;
    std::string outgoing_host;
    int outgoing_port = 587;
    FormSecurity outgoing_security = FormSecurity::starttls;
    FormOutgoingAuth outgoing_auth = FormOutgoingAuth::plain;

    bool operator==(const AccountForm&) const = default;
};

// The port a real app fills in for a protocol and security: POP3 110/995, IMAP 143/993.
int incoming_port_preset(FormProtocol protocol, FormSecurity security);
// Outgoing: 25 without TLS (relay port; many ISPs block it), 587 STARTTLS, 465 SSL/TLS.
int outgoing_port_preset(FormSecurity security);

// Changing the security or protocol moves the port to the new preset when the port was a preset
// (any standard port); a custom port the user typed stays, as in Thunderbird.
void set_incoming_security(AccountForm& form, FormSecurity security);
void set_incoming_protocol(AccountForm& form, FormProtocol protocol);
void set_outgoing_security(AccountForm& form, FormSecurity security);

// Problems that stop Apply, one sentence each; empty when the form is valid.
std::vector<std::string> validate(const AccountForm& form);

// A setting path and value as lessons write them ("incoming.port", "995").
struct SettingChange {
    std::string path;
    std::string value;
    bool operator==(const SettingChange&) const = default;
};
std::vector<SettingChange> form_changes(const AccountForm& before, const AccountForm& after);

const char* security_label(FormSecurity security);       // "None", "STARTTLS", "SSL/TLS"
const char* security_setting_value(FormSecurity security);  // "none", "starttls", "ssl-tls"
const char* protocol_label(FormProtocol protocol);       // "POP3", "IMAP"
const char* outgoing_auth_value(FormOutgoingAuth auth);  // "none", "plain", "login"

// The form for a lesson's device as written in the lesson file.
AccountForm form_from_lesson(const lesson::Device& device);

}  // namespace postlab::ui
