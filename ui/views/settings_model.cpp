// The account settings form: presets, validation and changes; see settings_model.hpp. Pure: no
// ImGui, no World (the dialog in settings_dialog.cpp paints it, LessonRun applies the changes).
#include "ui/views/settings_model.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "protocols/registry.hpp"
#include "sim/lesson/lesson.hpp"

namespace postlab::ui {
namespace {

constexpr int k_port_min = 1;
constexpr int k_port_max = 65535;
constexpr int k_remove_after_days_max = 3650;

bool is_incoming_preset(int port) {
    return port == 110 || port == 995 || port == 143 || port == 993;
}
bool is_outgoing_preset(int port) { return port == 25 || port == 587 || port == 465; }

FormSecurity from_lesson(lesson::Security security) {
    switch (security) {
        case lesson::Security::none: return FormSecurity::none;
        case lesson::Security::starttls: return FormSecurity::starttls;
        case lesson::Security::ssl_tls: return FormSecurity::ssl_tls;
    }
    return FormSecurity::none;
}

void validate_port(std::vector<std::string>& problems, const char* which, int port) {
    if (port < k_port_min || port > k_port_max) {
        problems.push_back(fmt::format("{} port {} is outside 1..65535", which, port));
    }
}

void validate_host(std::vector<std::string>& problems, const char* which, const std::string& host) {
    const bool blank = std::all_of(host.begin(), host.end(), [](char c) { return c == ' '; });
    if (blank) {
        problems.push_back(fmt::format("{} server name is empty", which));
    } else if (host.find(' ') != std::string::npos) {
        problems.push_back(fmt::format("{} server name '{}' contains a space", which, host));
    }
}

}  // namespace

int incoming_port_preset(FormProtocol protocol, FormSecurity security) {
    const bool tls = security == FormSecurity::ssl_tls;
    if (protocol == FormProtocol::pop3) return tls ? 995 : 110;  // RFC 8314 §3.1, RFC 1939 §3
    return tls ? 993 : 143;                                       // RFC 8314 §3.1, RFC 9051
}

int outgoing_port_preset(FormSecurity security) {
    switch (security) {
        case FormSecurity::none: return 25;
        case FormSecurity::starttls: return 587;  // RFC 6409 §3.1
        case FormSecurity::ssl_tls: return 465;   // RFC 8314 §3.3
    }
    return 587;
}

void set_incoming_security(AccountForm& form, FormSecurity security) {
    form.incoming_security = security;
    if (is_incoming_preset(form.incoming_port)) {
        form.incoming_port = incoming_port_preset(form.protocol, security);
    }
}

void set_incoming_protocol(AccountForm& form, FormProtocol protocol) {
    form.protocol = protocol;
    if (is_incoming_preset(form.incoming_port)) {
        form.incoming_port = incoming_port_preset(protocol, form.incoming_security);
    }
    if (protocol == FormProtocol::imap) {
        form.leave_on_server = false;  // IMAP mail always stays on the server
        form.remove_after_days = 0;
    }
}

void set_outgoing_security(AccountForm& form, FormSecurity security) {
    form.outgoing_security = security;
    if (is_outgoing_preset(form.outgoing_port)) form.outgoing_port = outgoing_port_preset(security);
}

std::vector<std::string> validate(const AccountForm& form) {
    std::vector<std::string> problems;
    if (form.has_incoming) {
        validate_host(problems, "Incoming", form.incoming_host);
        validate_port(problems, "Incoming", form.incoming_port);
        if (form.remove_after_days < 0 || form.remove_after_days > k_remove_after_days_max) {
            problems.push_back(fmt::format("'Remove after' must be 0..{} days", k_remove_after_days_max));
        } else if (form.remove_after_days > 0 && !form.leave_on_server) {
            problems.push_back("'Remove after N days' needs 'Leave a copy on the server'");
        }
    }
    if (form.has_outgoing) {
        validate_host(problems, "Outgoing", form.outgoing_host);
        validate_port(problems, "Outgoing", form.outgoing_port);
    }
    return problems;
}

std::vector<SettingChange> form_changes(const AccountForm& before, const AccountForm& after) {
    std::vector<SettingChange> out;
    auto add = [&out](const char* path, std::string value) { out.push_back({path, std::move(value)}); };
    if (after.has_incoming) {
        if (before.protocol != after.protocol) add("incoming.protocol", std::string(name_of(after.protocol == FormProtocol::pop3 ? ProtocolId::pop3 : ProtocolId::imap)));
        if (before.incoming_host != after.incoming_host) add("incoming.host", after.incoming_host);
        if (before.incoming_port != after.incoming_port) add("incoming.port", std::to_string(after.incoming_port));
        if (before.incoming_security != after.incoming_security) add("incoming.security", security_setting_value(after.incoming_security));
        if (before.leave_on_server != after.leave_on_server) add("incoming.leave_on_server", after.leave_on_server ? "true" : "false");
        if (before.remove_after_days != after.remove_after_days) add("incoming.remove_after_days", std::to_string(after.remove_after_days));
    }
    if (after.has_outgoing) {
        if (before.outgoing_host != after.outgoing_host) add("outgoing.host", after.outgoing_host);
        if (before.outgoing_port != after.outgoing_port) add("outgoing.port", std::to_string(after.outgoing_port));
        if (before.outgoing_security != after.outgoing_security) add("outgoing.security", security_setting_value(after.outgoing_security));
        if (before.outgoing_auth != after.outgoing_auth) add("outgoing.auth", outgoing_auth_value(after.outgoing_auth));
    }
    return out;
}

const char* security_label(FormSecurity security) {
    switch (security) {
        case FormSecurity::none: return "None";
        case FormSecurity::starttls: return "STARTTLS";
        case FormSecurity::ssl_tls: return "SSL/TLS";
    }
    return "?";
}

const char* security_setting_value(FormSecurity security) {
    switch (security) {
        case FormSecurity::none: return "none";
        case FormSecurity::starttls: return "starttls";
        case FormSecurity::ssl_tls: return "ssl-tls";
    }
    return "none";
}

const char* protocol_label(FormProtocol protocol) {
    return protocol == FormProtocol::pop3 ? "POP3" : "IMAP";
}

const char* outgoing_auth_value(FormOutgoingAuth auth) {
    switch (auth) {
        case FormOutgoingAuth::none: return "none";
        case FormOutgoingAuth::plain: return "plain";
        case FormOutgoingAuth::login: return "login";
    }
    return "none";
}

AccountForm form_from_lesson(const lesson::Device& device) {
    AccountForm form;
    form.device = device.id.value;
    if (device.incoming) {
        const lesson::Incoming& in = *device.incoming;
        form.has_incoming = true;
        form.protocol = in.protocol.value == lesson::IncomingProtocol::pop3 ? FormProtocol::pop3 : FormProtocol::imap;
        form.incoming_host = in.host.value;
        form.incoming_security = from_lesson(in.security.value);
        form.incoming_port = in.port.value > 0 ? static_cast<int>(in.port.value)
                                               : incoming_port_preset(form.protocol, form.incoming_security);
        form.leave_on_server = in.leave_on_server.value;
        form.remove_after_days = in.remove_after_days ? static_cast<int>(in.remove_after_days->value) : 0;
    }
    if (device.outgoing) {
        const lesson::Outgoing& out = *device.outgoing;
        form.has_outgoing = true;
        form.outgoing_host = out.host.value;
        form.outgoing_security = from_lesson(out.security.value);
        form.outgoing_port = out.port.value > 0 ? static_cast<int>(out.port.value)
                                                : outgoing_port_preset(form.outgoing_security);
        switch (out.auth.value) {
            case lesson::AuthMethod::none: form.outgoing_auth = FormOutgoingAuth::none; break;
            case lesson::AuthMethod::login: form.outgoing_auth = FormOutgoingAuth::login; break;
            default: form.outgoing_auth = FormOutgoingAuth::plain; break;
        }
    }
    return form;
}

}  // namespace postlab::ui
