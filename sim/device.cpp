// Names and one-line descriptions of devices and their user actions (for the trace and the UI).
// DESIGN.md §3 "Devices and mail apps".
#include "sim/device.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <type_traits>

#include "protocols/core/text.hpp"
#include "protocols/registry.hpp"
#include "sim/device_action.hpp"

namespace postlab::sim {

std::string_view to_string(DeviceKind kind) {
    switch (kind) {
        case DeviceKind::desktop: return "desktop";
        case DeviceKind::phone: return "phone";
        case DeviceKind::tablet: return "tablet";
        case DeviceKind::webmail: return "webmail";
    }
    return "desktop";
}

std::string_view to_string(IncomingProtocol protocol) {
    switch (protocol) {
        case IncomingProtocol::none: return "none";
        case IncomingProtocol::pop3: return name_of(ProtocolId::pop3);
        case IncomingProtocol::imap: return name_of(ProtocolId::imap);
    }
    return "none";
}

const DeviceFolder* DeviceView::folder(std::string_view name) const {
    for (const auto& f : folders) {
        if (f.name == name || (iequals(name, "INBOX") && iequals(f.name, "INBOX"))) return &f;
    }
    return nullptr;
}

std::string header_value(std::string_view message, std::string_view name) {
    const auto end = message.find("\r\n\r\n");
    const std::string_view head = message.substr(0, end);
    std::size_t pos = 0;
    while (pos < head.size()) {
        auto eol = head.find("\r\n", pos);
        if (eol == std::string_view::npos) eol = head.size();
        const std::string_view line = head.substr(pos, eol - pos);
        if (line.size() > name.size() && line[name.size()] == ':' && iequals(line.substr(0, name.size()), name)) {
            std::string value(line.substr(name.size() + 1));
            // RFC 5322 §2.2.3: folded continuation lines belong to the field.
            while (eol + 2 < head.size() && (head[eol + 2] == ' ' || head[eol + 2] == '\t')) {
                const auto next = std::min(head.find("\r\n", eol + 2), head.size());
                value += head.substr(eol + 2, next - eol - 2);
                eol = next;
            }
            const auto first = value.find_first_not_of(" \t");
            return first == std::string::npos ? std::string{} : value.substr(first);
        }
        pos = eol + 2;
    }
    return {};
}

DeviceMessage make_device_message(std::string key, std::string data, std::vector<std::string> flags,
                                  TimeUs date_us) {
    DeviceMessage m;
    m.key = std::move(key);
    m.subject = header_value(data, "Subject");
    m.from = header_value(data, "From");
    m.to = header_value(data, "To");
    m.message_id = header_value(data, "Message-ID");
    m.flags = std::move(flags);
    m.size = data.size();
    m.date_us = date_us;
    m.data = std::move(data);
    return m;
}

std::string_view device_of(const DeviceAction& action) {
    return std::visit(
        [](const auto& a) -> std::string_view {
            if constexpr (requires { a.message.device; }) return a.message.device;
            else return a.device;
        },
        action);
}

namespace {

std::string ref_text(const MessageRef& m) {
    if (m.index) return fmt::format("message {} of {}", *m.index, m.folder);
    return fmt::format("'{}' in {}", m.subject, m.folder);
}

}  // namespace

std::string describe(const DeviceAction& action) {
    return std::visit(
        [](const auto& a) -> std::string {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, SendMail>) {
                std::string to;
                for (const auto& r : a.to) to += (to.empty() ? "" : ", ") + r;
                return fmt::format("{}: send '{}' to {}", a.device, a.subject, to);
            } else if constexpr (std::is_same_v<T, CheckMail>) {
                return fmt::format("{}: check mail", a.device);
            } else if constexpr (std::is_same_v<T, ReadMessage>) {
                return fmt::format("{}: read {}", a.message.device, ref_text(a.message));
            } else if constexpr (std::is_same_v<T, FlagMessage>) {
                return fmt::format("{}: {} {}", a.message.device, a.flagged ? "flag" : "unflag", ref_text(a.message));
            } else if constexpr (std::is_same_v<T, MoveMessage>) {
                return fmt::format("{}: move {} to {}", a.message.device, ref_text(a.message), a.target);
            } else if constexpr (std::is_same_v<T, DeleteMessage>) {
                return fmt::format("{}: delete {}", a.message.device, ref_text(a.message));
            } else if constexpr (std::is_same_v<T, CreateFolder>) {
                return fmt::format("{}: create folder {}", a.device, a.name);
            } else if constexpr (std::is_same_v<T, GoOffline>) {
                return fmt::format("{}: goes offline", a.device);
            } else if constexpr (std::is_same_v<T, GoOnline>) {
                return fmt::format("{}: goes online", a.device);
            } else if constexpr (std::is_same_v<T, CrashDevice>) {
                return fmt::format("{}: crashes and loses its local data", a.device);
            } else if constexpr (std::is_same_v<T, ChangeSetting>) {
                return fmt::format("{}: setting {} = {}", a.device, a.path, a.value);
            } else {
                return fmt::format("{}: stored password changed", a.device);
            }
        },
        action);
}

}  // namespace postlab::sim
