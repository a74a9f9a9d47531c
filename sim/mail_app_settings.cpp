// A mail app's account dialog (DESIGN.md §3): the settings paths of lessons/README.md
// ("incoming.port", "outgoing.security", ...) with their values as text, checked like a dialog
// would: a wrong value is refused with the reason, a valid one takes effect at the next connection.
#include <fmt/format.h>

#include <charconv>

#include "protocols/registry.hpp"
#include "sim/world.hpp"

namespace postlab::sim {

namespace {

std::optional<Security> parse_security(std::string_view v) {
    if (v == "none") return Security::none;
    if (v == "starttls") return Security::starttls;
    if (v == "ssl-tls" || v == "ssl/tls" || v == "tls") return Security::implicit_tls;
    return std::nullopt;
}

std::optional<bool> parse_bool(std::string_view v) {
    if (v == "true" || v == "yes" || v == "1") return true;
    if (v == "false" || v == "no" || v == "0") return false;
    return std::nullopt;
}

std::optional<int> parse_int(std::string_view v, int lo, int hi) {
    int n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc{} || end != v.data() + v.size() || n < lo || n > hi) return std::nullopt;
    return n;
}

std::string set_incoming(IncomingSettings& in, std::string_view key, std::string_view v) {
    const std::string bad = fmt::format("invalid value '{}' for incoming.{}", v, key);
    if (key == "protocol") {
        const auto id = protocol_from_name(v);
        if (id == ProtocolId::pop3) in.protocol = IncomingProtocol::pop3;
        else if (id == ProtocolId::imap) in.protocol = IncomingProtocol::imap;
        else return bad;
    } else if (key == "host") {
        in.host = std::string(v);
    } else if (key == "port") {
        const auto n = parse_int(v, 1, 65535);
        if (!n) return bad;
        in.port = static_cast<std::uint16_t>(*n);
    } else if (key == "security") {
        const auto s = parse_security(v);
        if (!s) return bad;
        in.security = *s;
    } else if (key == "auth") {
        if (v != "password" && v != "plain" && v != "login") return bad;
        in.auth = true;
    } else if (key == "leave_on_server" || key == "push") {
        const auto b = parse_bool(v);
        if (!b) return bad;
        (key == "push" ? in.push : in.leave_on_server) = *b;
    } else if (key == "remove_after_days" || key == "check_interval_minutes") {
        const auto n = parse_int(v, 0, 100'000);
        if (!n) return bad;
        (key == "remove_after_days" ? in.remove_after_days : in.check_interval_minutes) = *n;
    } else {
        return fmt::format("unknown setting incoming.{}", key);
    }
    return {};
}

std::string set_outgoing(OutgoingSettings& out, std::string_view key, std::string_view v) {
    const std::string bad = fmt::format("invalid value '{}' for outgoing.{}", v, key);
    if (key == "host") {
        out.host = std::string(v);
    } else if (key == "port") {
        const auto n = parse_int(v, 1, 65535);
        if (!n) return bad;
        out.port = static_cast<std::uint16_t>(*n);
    } else if (key == "security") {
        const auto s = parse_security(v);
        if (!s) return bad;
        out.security = *s;
    } else if (key == "auth") {
        if (v == "none" || v == "false") out.auth = false;
        else if (v == "plain" || v == "login" || v == "true") out.auth = true;
        else return bad;
    } else {
        return fmt::format("unknown setting outgoing.{}", key);
    }
    return {};
}

}  // namespace

std::string World::app_change_setting(MailApp& a, const ChangeSetting& change) {
    const std::string_view path = change.path;
    if (path == "password") {
        a.spec.password = change.value;
        return {};
    }
    if (path.starts_with("incoming.")) {
        IncomingSettings in = a.spec.incoming.value_or(IncomingSettings{});
        std::string error = set_incoming(in, path.substr(9), change.value);
        if (!error.empty()) return error;
        a.spec.incoming = in;
        app_arm_timer(a);  // the interval may have changed
        return {};
    }
    if (path.starts_with("outgoing.")) {
        OutgoingSettings out = a.spec.outgoing.value_or(OutgoingSettings{});
        std::string error = set_outgoing(out, path.substr(9), change.value);
        if (!error.empty()) return error;
        a.spec.outgoing = out;
        return {};
    }
    return fmt::format("unknown setting '{}'", change.path);
}

}  // namespace postlab::sim
