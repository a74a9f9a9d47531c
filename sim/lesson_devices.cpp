// Lesson user actions and device checks over the device layer (lessons/README.md "Actions",
// "Checks"): lesson actions become DeviceAction values applied through SimControl (so seeking
// replays them), and `<device>.inbox.count` & co. read World::device()'s DeviceView.
#include "sim/lesson_devices.hpp"

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "sim/check_subject.hpp"

namespace postlab::sim {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

MessageRef to_ref(const std::string& device, const lesson::MessageRef& m) {
    MessageRef ref;
    ref.device = device;
    ref.folder = m.folder.value;
    if (m.index) ref.index = static_cast<std::size_t>(m.index->value);
    if (m.subject) ref.subject = m.subject->value;
    return ref;
}

std::string setting_text(const lesson::SettingValue& v) {
    if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
    return std::get<std::string>(v);
}

std::vector<std::string> texts(const std::vector<lesson::LString>& list) {
    std::vector<std::string> out;
    for (const auto& s : list) out.push_back(s.value);
    return out;
}

std::variant<DeviceAction, std::string> to_device_action(const World& world, const lesson::Action& action) {
    using namespace lesson;
    const std::string& d = action.device.value;
    using Result = std::variant<DeviceAction, std::string>;
    return std::visit(
        Overloaded{
            [&](const SendAction& a) -> Result {
                SendMail m{d, texts(a.to), texts(a.cc), a.subject.value, a.body.value, a.attachment.has_value(), 0, {}};
                if (a.attachment) {
                    m.attachment_bytes = static_cast<std::size_t>(a.attachment->size_kb.value) * 1024;
                    m.attachment_name = a.attachment->name.value;
                }
                return DeviceAction{m};
            },
            [&](const CheckMailAction&) -> Result { return DeviceAction{CheckMail{d}}; },
            [&](const ReadAction& a) -> Result { return DeviceAction{ReadMessage{to_ref(d, a.message)}}; },
            [&](const FlagAction& a) -> Result { return DeviceAction{FlagMessage{to_ref(d, a.message), true}}; },
            [&](const UnflagAction& a) -> Result { return DeviceAction{FlagMessage{to_ref(d, a.message), false}}; },
            [&](const MoveAction& a) -> Result { return DeviceAction{MoveMessage{to_ref(d, a.message), a.to.value}}; },
            [&](const DeleteAction& a) -> Result { return DeviceAction{DeleteMessage{to_ref(d, a.message)}}; },
            [&](const CreateFolderAction& a) -> Result { return DeviceAction{CreateFolder{d, a.folder.value}}; },
            [&](const GoOfflineAction&) -> Result { return DeviceAction{GoOffline{d}}; },
            [&](const GoOnlineAction&) -> Result { return DeviceAction{GoOnline{d}}; },
            [&](const CrashAction&) -> Result { return DeviceAction{CrashDevice{d}}; },
            [&](const ChangeSettingAction& a) -> Result {
                return DeviceAction{ChangeSetting{d, a.setting.value, setting_text(a.value.value)}};
            },
            [&](const WrongPasswordFault& f) -> Result {
                const auto view = world.device(f.device.value);
                if (!view) return fmt::format("no device '{}'", f.device.value);
                // What the app has stored stops matching the account (RFC 4954 §6: 535).
                return DeviceAction{SetPassword{f.device.value, "not-the-password"}};
            },
            [&](const auto&) -> Result { return fmt::format("'{}' is not a device action", action.verb); },
        },
        action.body);
}

std::optional<lesson::CheckValue> flag_value(bool v) { return lesson::CheckValue{v}; }

std::vector<CheckMessage> check_messages(const std::vector<DeviceMessage>& messages) {
    std::vector<CheckMessage> out;
    for (const auto& m : messages) out.push_back({m.flags, m.subject});
    return out;
}

}  // namespace

std::string apply_device_action(SimControl& control, const lesson::Action& action) {
    auto converted = to_device_action(control.world(), action);
    if (auto* error = std::get_if<std::string>(&converted)) return *error;
    return control.apply(std::get<DeviceAction>(converted));
}

bool lesson_idle(const World& world) { return world.idle() || world.quiescent(); }

std::optional<lesson::CheckValue> WorldCheckSubject::resolve_device(const lesson::CheckPath& path,
                                                                    std::string& error) const {
    const auto& segs = path.segments;
    const auto view = m_world.device(segs[0].name);
    if (!view) {
        error = fmt::format("no device '{}' in this world", segs[0].name);
        return std::nullopt;
    }
    if (segs.size() < 2) {
        error = fmt::format("'{}' is a device: add .inbox.count, .folder('X'), .connected, ...", path.text);
        return std::nullopt;
    }
    const auto& s = segs[1];
    const bool last = segs.size() == 2 && !s.call;
    if (last && s.name == "connected") return flag_value(view->connected);
    if (last && s.name == "online") return flag_value(view->online);
    if (last && s.name == "last_error") return lesson::CheckValue{view->last_error};
    if (s.name == "outbox" && !s.call) return resolve_folder(check_messages(view->outbox), path, 2, error);
    std::string folder_name;
    if (s.name == "inbox" && !s.call) folder_name = "INBOX";
    if (s.name == "folder" && s.call && s.args.size() == 1 && std::holds_alternative<std::string>(s.args[0].value)) {
        folder_name = std::get<std::string>(s.args[0].value);
    }
    if (folder_name.empty()) {
        error = fmt::format("'{}': a device has .inbox, .outbox, .folder('X'), .connected, .online, .last_error",
                            path.text);
        return std::nullopt;
    }
    const DeviceFolder* folder = view->folder(folder_name);
    if (!folder) {
        // A folder the app has never seen is empty to the user, not an error, unless something
        // about its messages is asked.
        if (segs.size() == 3 && (segs[2].name == "count" || segs[2].name == "unread")) return lesson::CheckValue{std::int64_t{0}};
        error = fmt::format("{} has no folder '{}'", segs[0].name, folder_name);
        return std::nullopt;
    }
    return resolve_folder(check_messages(folder->messages), path, 2, error);
}

}  // namespace postlab::sim
