// Reading and changing a device's account settings in a LessonSpec by their lesson-file paths
// (lessons/README.md "Settings for change_setting and exercise"): what the account dialog and
// exercises change before the world is rebuilt. Ports left to their default follow the security
// (RFC 8314 §3.1-§3.3, RFC 6409 §3.1).
#include <charconv>

#include <fmt/format.h>

#include "protocols/registry.hpp"
#include "sim/lesson_runner.hpp"

namespace postlab::lesson {
namespace {

Device* find_device(LessonSpec& spec, std::string_view id) {
    for (auto& d : spec.devices) {
        if (d.id.value == id) return &d;
    }
    return nullptr;
}

std::string_view security_text(Security s) { return to_string(s); }

std::optional<Security> parse_security(std::string_view v) {
    if (v == "none") return Security::none;
    if (v == "starttls") return Security::starttls;
    if (v == "ssl-tls") return Security::ssl_tls;
    return std::nullopt;
}

std::optional<AuthMethod> parse_auth(std::string_view v) {
    if (v == "none") return AuthMethod::none;
    if (v == "password") return AuthMethod::password;
    if (v == "plain") return AuthMethod::plain;
    if (v == "login") return AuthMethod::login;
    return std::nullopt;
}

std::int64_t incoming_default_port(const Incoming& in) {
    const bool tls = in.security.value == Security::ssl_tls;
    if (in.protocol.value == IncomingProtocol::pop3) return tls ? 995 : 110;
    return tls ? 993 : 143;
}

std::int64_t outgoing_default_port(const Outgoing& out) {
    return out.security.value == Security::ssl_tls ? 465 : 587;
}

const SettingPath* find_path(std::string_view path) {
    for (const auto& p : setting_paths()) {
        if (p.path == path) return &p;
    }
    return nullptr;
}

// Checks the value's form against the setting's type; the parsed value or an error.
std::variant<SettingValue, std::string> parse_value(const SettingPath& p, const std::string& value) {
    switch (p.type) {
    case SettingType::boolean:
        if (value == "true") return SettingValue{true};
        if (value == "false") return SettingValue{false};
        return fmt::format("{} is true or false, not '{}'", p.path, value);
    case SettingType::integer: {
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc{} || end != value.data() + value.size() || n < 0 || n > 1'000'000) {
            return fmt::format("{} is a whole number, not '{}'", p.path, value);
        }
        return SettingValue{n};
    }
    case SettingType::text:
        if (p.choices.empty()) {
            if (value.empty()) return fmt::format("{} cannot be empty", p.path);
            return SettingValue{value};
        }
        for (auto c : p.choices) {
            if (c == value) return SettingValue{value};
        }
        return fmt::format("{} is one of {}, not '{}'", p.path, fmt::join(p.choices, ", "), value);
    }
    return std::string("unknown setting type");
}

std::string set_incoming(Incoming& in, std::string_view key, const SettingValue& v) {
    const bool default_port = in.port.pos.line == 0;
    if (key == "protocol") {
        in.protocol.value = lesson::incoming_protocol_from_name(std::get<std::string>(v)).value_or(IncomingProtocol::imap);
    }
    else if (key == "host") in.host.value = std::get<std::string>(v);
    else if (key == "port") in.port = {std::get<std::int64_t>(v), {1, 1}};
    else if (key == "security") in.security.value = *parse_security(std::get<std::string>(v));
    else if (key == "auth") in.auth.value = *parse_auth(std::get<std::string>(v));
    else if (key == "leave_on_server") in.leave_on_server.value = std::get<bool>(v);
    else if (key == "remove_after_days") in.remove_after_days = LInt{std::get<std::int64_t>(v), {}};
    else if (key == "check_interval_minutes") in.check_interval_minutes.value = std::get<std::int64_t>(v);
    else if (key == "push") in.push.value = std::get<bool>(v);
    if (default_port && key != "port") in.port.value = incoming_default_port(in);
    return {};
}

std::string set_outgoing(Outgoing& out, std::string_view key, const SettingValue& v) {
    const bool default_port = out.port.pos.line == 0;
    if (key == "host") out.host.value = std::get<std::string>(v);
    else if (key == "port") out.port = {std::get<std::int64_t>(v), {1, 1}};
    else if (key == "security") out.security.value = *parse_security(std::get<std::string>(v));
    else if (key == "auth") out.auth.value = *parse_auth(std::get<std::string>(v));
    if (default_port && key != "port") out.port.value = outgoing_default_port(out);
    return {};
}

}  // namespace
}  // namespace postlab::lesson

namespace postlab::sim {

using lesson::LessonSpec;
using lesson::SettingValue;

std::string set_device_setting(LessonSpec& spec, const std::string& device, const std::string& path,
                               const std::string& value) {
    lesson::Device* d = lesson::find_device(spec, device);
    if (!d) return fmt::format("no device '{}' in this lesson", device);
    const lesson::SettingPath* p = lesson::find_path(path);
    if (!p) return fmt::format("unknown setting '{}'", path);
    auto parsed = lesson::parse_value(*p, value);
    if (const auto* error = std::get_if<std::string>(&parsed)) return *error;
    const auto& v = std::get<SettingValue>(parsed);
    if (path == "password") {
        d->password.value = std::get<std::string>(v);
        return {};
    }
    const std::string_view key = std::string_view(path).substr(path.find('.') + 1);
    if (path.starts_with("incoming.")) {
        if (!d->incoming) return fmt::format("{} has no incoming mail account to change", device);
        if (d->kind.value == lesson::DeviceKind::webmail && key == "protocol" &&
            lesson::incoming_protocol_from_name(value) == lesson::IncomingProtocol::pop3) {
            return "a webmail device reads the mailbox on the server, not by POP3";  // as the loader says
        }
        return lesson::set_incoming(*d->incoming, key, v);
    }
    if (!d->outgoing) return fmt::format("{} has no outgoing mail server to change", device);
    return lesson::set_outgoing(*d->outgoing, key, v);
}

std::string device_setting(const LessonSpec& spec, const std::string& device, const std::string& path) {
    const lesson::Device* d = spec.find_device(device);
    if (!d) return {};
    if (path == "password") return d->password.value;
    auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
    if (path.starts_with("incoming.") && d->incoming) {
        const lesson::Incoming& in = *d->incoming;
        const std::string_view key = std::string_view(path).substr(9);
        if (key == "protocol") return std::string(lesson::to_string(in.protocol.value));
        if (key == "host") return in.host.value;
        if (key == "port") return std::to_string(in.port.value);
        if (key == "security") return std::string(lesson::security_text(in.security.value));
        if (key == "auth") return std::string(lesson::to_string(in.auth.value));
        if (key == "leave_on_server") return flag(in.leave_on_server.value);
        if (key == "remove_after_days") return in.remove_after_days ? std::to_string(in.remove_after_days->value) : "0";
        if (key == "check_interval_minutes") return std::to_string(in.check_interval_minutes.value);
        if (key == "push") return flag(in.push.value);
    }
    if (path.starts_with("outgoing.") && d->outgoing) {
        const lesson::Outgoing& out = *d->outgoing;
        const std::string_view key = std::string_view(path).substr(9);
        if (key == "host") return out.host.value;
        if (key == "port") return std::to_string(out.port.value);
        if (key == "security") return std::string(lesson::security_text(out.security.value));
        if (key == "auth") return std::string(lesson::to_string(out.auth.value));
    }
    return {};
}

}  // namespace postlab::sim
