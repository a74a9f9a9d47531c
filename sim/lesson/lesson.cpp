// Names and the changeable settings of the lesson model (lesson.hpp).
#include "sim/lesson/lesson.hpp"

#include "protocols/registry.hpp"

namespace postlab::lesson {

bool Domain::offers(Service service) const {
    for (const auto& s : services) {
        if (s.value == service) return true;
    }
    return false;
}

const Domain* LessonSpec::find_domain(std::string_view name) const {
    for (const auto& d : domains) {
        if (d.name.value == name) return &d;
    }
    return nullptr;
}

const Device* LessonSpec::find_device(std::string_view device_id) const {
    for (const auto& d : devices) {
        if (d.id.value == device_id) return &d;
    }
    return nullptr;
}

const Account* LessonSpec::find_account(std::string_view address) const {
    for (const auto& d : domains) {
        for (const auto& a : d.accounts) {
            if (a.address.value == address) return &a;
        }
    }
    return nullptr;
}

std::string_view to_string(Service service) { return descriptor(service).name; }

std::string_view to_string(Security security) {
    switch (security) {
    case Security::none: return "none";
    case Security::starttls: return "starttls";
    case Security::ssl_tls: return "ssl-tls";
    }
    return "?";
}

std::string_view to_string(IncomingProtocol protocol) {
    return name_of(protocol == IncomingProtocol::pop3 ? ProtocolId::pop3 : ProtocolId::imap);
}

std::optional<IncomingProtocol> incoming_protocol_from_name(std::string_view name) {
    const auto id = protocol_from_name(name);
    if (id == ProtocolId::pop3) return IncomingProtocol::pop3;
    if (id == ProtocolId::imap) return IncomingProtocol::imap;
    return std::nullopt;
}

std::string_view to_string(DeviceKind kind) {
    switch (kind) {
    case DeviceKind::desktop: return "desktop";
    case DeviceKind::phone: return "phone";
    case DeviceKind::tablet: return "tablet";
    case DeviceKind::webmail: return "webmail";
    }
    return "?";
}

std::string_view to_string(AuthMethod auth) {
    switch (auth) {
    case AuthMethod::none: return "none";
    case AuthMethod::password: return "password";
    case AuthMethod::plain: return "plain";
    case AuthMethod::login: return "login";
    }
    return "?";
}

std::string_view to_string(Level level) {
    switch (level) {
    case Level::beginner: return "beginner";
    case Level::intermediate: return "intermediate";
    case Level::advanced: return "advanced";
    }
    return "?";
}

const std::vector<SettingPath>& setting_paths() {
    static const std::vector<SettingPath> paths = {
        {"incoming.protocol", SettingType::text, {to_string(IncomingProtocol::pop3), to_string(IncomingProtocol::imap)}},
        {"incoming.host", SettingType::text, {}},
        {"incoming.port", SettingType::integer, {}},
        {"incoming.security", SettingType::text, {"none", "starttls", "ssl-tls"}},
        {"incoming.auth", SettingType::text, {"password", "plain", "login"}},
        {"incoming.leave_on_server", SettingType::boolean, {}},
        {"incoming.remove_after_days", SettingType::integer, {}},
        {"incoming.check_interval_minutes", SettingType::integer, {}},
        {"incoming.push", SettingType::boolean, {}},
        {"outgoing.host", SettingType::text, {}},
        {"outgoing.port", SettingType::integer, {}},
        {"outgoing.security", SettingType::text, {"none", "starttls", "ssl-tls"}},
        {"outgoing.auth", SettingType::text, {"none", "plain", "login"}},
        {"password", SettingType::text, {}},
    };
    return paths;
}

}  // namespace postlab::lesson
