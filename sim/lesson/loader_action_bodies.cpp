// The value of each action and fault verb (lessons/README.md "Actions and faults"): what a
// `send = {...}`, `move = {...}` or `latency = {...}` must contain, with its targets resolved.
#include <fmt/format.h>

#include "sim/lesson/loader_impl.hpp"

namespace postlab::lesson::detail {
namespace {

// Verbs whose value is just `true` (a button press).
bool is_switch(std::string_view verb) {
    return verb == "check_mail" || verb == "go_offline" || verb == "go_online" || verb == "crash" ||
           verb == "block_port_25" || verb == "unblock_port_25";
}

}  // namespace

std::optional<ActionBody> LessonLoader::load_user_action(std::string_view verb,
                                                         const toml::node& value,
                                                         const std::string& what) {
    if (is_switch(verb)) {
        const auto* b = value.as_boolean();
        if (!b || !b->get()) {
            m_r.error(Reader::pos(value), fmt::format("{} takes the value true", what),
                      fmt::format("write {} = true", verb));
            return std::nullopt;
        }
        if (verb == "check_mail") return CheckMailAction{};
        if (verb == "go_offline") return GoOfflineAction{};
        if (verb == "go_online") return GoOnlineAction{};
        return CrashAction{};
    }
    if (verb == "send") {
        auto send = load_send(value, what);
        if (!send) return std::nullopt;
        return std::move(*send);
    }
    if (verb == "create_folder") {
        auto folder = m_r.text_of(value, what);
        if (!folder) return std::nullopt;
        return CreateFolderAction{*folder};
    }
    if (verb == "change_setting") {
        auto change = load_change_setting(value, what);
        if (!change) return std::nullopt;
        return std::move(*change);
    }
    const auto* t = value.as_table();
    if (!t) {
        m_r.error(Reader::pos(value), fmt::format("{} takes a table like {{ subject = \"...\" }}", what));
        return std::nullopt;
    }
    if (verb == "move") {
        m_r.check_keys(*t, what, {"subject", "index", "folder", "to"});
        const auto to = m_r.text(*t, "to", what, true);
        auto ref = load_message_ref(*t, what);
        if (!to || !ref) return std::nullopt;
        return MoveAction{std::move(*ref), *to};
    }
    m_r.check_keys(*t, what, {"subject", "index", "folder"});
    auto ref = load_message_ref(*t, what);
    if (!ref) return std::nullopt;
    if (verb == "read") return ReadAction{std::move(*ref)};
    if (verb == "flag") return FlagAction{std::move(*ref)};
    if (verb == "unflag") return UnflagAction{std::move(*ref)};
    return DeleteAction{std::move(*ref)};
}

std::optional<MessageRef> LessonLoader::load_message_ref(const toml::table& t, const std::string& what) {
    MessageRef ref;
    if (auto v = m_r.text(t, "folder", what, false)) ref.folder = *v;
    ref.subject = m_r.text(t, "subject", what, false);
    ref.index = m_r.integer(t, "index", what, false, 1);
    if (ref.subject && ref.index) {
        m_r.error(ref.index->pos, fmt::format("{} names a message by subject or by index, not both", what));
        return std::nullopt;
    }
    if (!ref.subject && !ref.index) {
        if (!t.get("subject") && !t.get("index")) {
            m_r.error(Reader::pos(t), fmt::format("{} needs subject = \"...\" or index = N", what),
                      "index counts from 1 in the folder, oldest first");
        }
        return std::nullopt;
    }
    return ref;
}

std::optional<SendAction> LessonLoader::load_send(const toml::node& value, const std::string& what) {
    const auto* t = value.as_table();
    if (!t) {
        m_r.error(Reader::pos(value), fmt::format("{} takes a table like {{ to = \"...\", subject = \"...\" }}", what));
        return std::nullopt;
    }
    m_r.check_keys(*t, what, {"to", "cc", "subject", "body", "attachment"});
    SendAction send;
    send.to = m_r.texts(*t, "to", what, true);
    send.cc = m_r.texts(*t, "cc", what, false);
    const auto subject = m_r.text(*t, "subject", what, true);
    if (auto body = m_r.text(*t, "body", what, false)) send.body = *body;
    bool ok = subject.has_value() && !send.to.empty();
    for (const auto* list : {&send.to, &send.cc}) {
        for (const auto& address : *list) {
            const auto at = address.value.find('@');
            if (at == std::string::npos || at == 0 || at + 1 == address.value.size() ||
                address.value.find_first_of(" <>,\"") != std::string::npos) {
                m_r.error(address.pos, fmt::format("\"{}\" is not an email address", address.value),
                          "write local@domain, e.g. alice@example.test (RFC 5321 §4.1.2)");
                ok = false;
            }
        }
    }
    if (const auto* a = m_r.table(*t, "attachment", what, false)) {
        m_r.check_keys(*a, "attachment", {"name", "size_kb"});
        const auto name = m_r.text(*a, "name", "attachment", true);
        const auto size = m_r.integer(*a, "size_kb", "attachment", true, 1);
        if (name && size) send.attachment = Attachment{*name, *size};
        ok = ok && name && size;
    }
    if (!ok) return std::nullopt;
    send.subject = *subject;
    return send;
}

std::optional<ChangeSettingAction> LessonLoader::load_change_setting(const toml::node& value,
                                                                     const std::string& what) {
    const auto* t = value.as_table();
    if (!t) {
        m_r.error(Reader::pos(value), fmt::format("{} takes {{ setting = \"...\", value = ... }}", what));
        return std::nullopt;
    }
    m_r.check_keys(*t, what, {"setting", "value"});
    const auto setting = m_r.text(*t, "setting", what, true);
    const auto* v = t->get("value");
    if (!v) m_r.missing(*t, "value", what);
    if (!setting || !v) return std::nullopt;
    ChangeSettingAction change{*setting, {}};
    change.value.pos = Reader::pos(*v);
    if (const auto* b = v->as_boolean()) change.value.value = b->get();
    else if (const auto* i = v->as_integer()) change.value.value = i->get();
    else if (const auto* s = v->as_string()) change.value.value = s->get();
    else {
        m_r.error(change.value.pos, "a setting's value is true/false, a number or a string");
        return std::nullopt;
    }
    for (const auto& p : setting_paths()) {
        if (p.path != setting->value) continue;
        const std::size_t wanted = p.type == SettingType::boolean ? 0 : p.type == SettingType::integer ? 1 : 2;
        if (change.value.value.index() != wanted) {
            m_r.error(change.value.pos, fmt::format("setting \"{}\" takes {}", p.path,
                                                    wanted == 0 ? "true or false" : wanted == 1 ? "a number" : "a string"));
            return std::nullopt;
        }
        if (!p.choices.empty()) {
            const auto& text = std::get<std::string>(change.value.value);
            bool found = false;
            for (auto c : p.choices) found = found || c == text;
            if (!found) {
                const auto guess = closest(text, p.choices);
                m_r.error(change.value.pos, fmt::format("\"{}\" is not a value of {}", text, p.path),
                          guess.empty() ? "see lessons/README.md for the values" : fmt::format("did you mean {}?", guess));
                return std::nullopt;
            }
        }
    }
    return change;
}

std::optional<ActionBody> LessonLoader::load_fault(std::string_view verb, const toml::node& value,
                                                   const std::string& what) {
    if (verb == "block_port_25" || verb == "unblock_port_25") {
        const auto* b = value.as_boolean();
        if (!b || !b->get()) {
            m_r.error(Reader::pos(value), fmt::format("{} takes the value true", what));
            return std::nullopt;
        }
        if (verb == "block_port_25") return BlockPort25Fault{};
        return UnblockPort25Fault{};
    }
    if (verb == "link_down" || verb == "link_up") {
        auto link = load_link(value, what);
        if (!link) return std::nullopt;
        if (verb == "link_down") return LinkDownFault{*link};
        return LinkUpFault{*link};
    }
    if (verb == "server_down" || verb == "server_up" || verb == "certificate_mismatch") {
        auto host = load_host_ref(value, what);
        if (!host) return std::nullopt;
        if (verb == "server_down") return ServerDownFault{*host};
        if (verb == "server_up") return ServerUpFault{*host};
        return CertificateMismatchFault{*host};
    }
    if (verb == "wrong_password" || verb == "over_quota") {
        auto target = m_r.text_of(value, what);
        if (!target) return std::nullopt;
        if (verb == "wrong_password") {
            if (!device_ref(*target)) return std::nullopt;
            return WrongPasswordFault{*target};
        }
        if (!m_spec.find_account(target->value)) {
            m_r.error(target->pos, fmt::format("no account \"{}\"", target->value),
                      "accounts come from users of each [[domain]]");
            return std::nullopt;
        }
        return OverQuotaFault{*target};
    }
    const auto* t = value.as_table();
    if (!t) {
        m_r.error(Reader::pos(value), fmt::format("{} takes a table", what),
                  verb == "wait" ? "write wait = { minutes = 5 }" : "see lessons/README.md");
        return std::nullopt;
    }
    if (verb == "wait") {
        m_r.check_keys(*t, what, {"minutes", "seconds"});
        const auto minutes = m_r.integer(*t, "minutes", what, false, 1);
        const auto seconds = m_r.integer(*t, "seconds", what, false, 1);
        if (minutes.has_value() == seconds.has_value()) {
            m_r.error(Reader::pos(*t), fmt::format("{} needs minutes = N or seconds = N (one of them)", what));
            return std::nullopt;
        }
        const auto& v = minutes ? *minutes : *seconds;
        if (v.value > (minutes ? 7 * 24 * 60 : 7 * 24 * 3600)) {
            m_r.error(v.pos, "a wait is at most a week");
            return std::nullopt;
        }
        return WaitFault{LInt{v.value * (minutes ? 60'000'000 : 1'000'000), v.pos}};
    }
    const bool latency = verb == "latency";
    const char* amount = latency ? "ms" : "kbps";
    m_r.check_keys(*t, what, {"link", amount});
    const auto* link_node = t->get("link");
    if (!link_node) m_r.missing(*t, "link", what);
    const auto number = m_r.integer(*t, amount, what, true, latency ? 0 : 1);
    if (!link_node || !number) return std::nullopt;
    auto link = load_link(*link_node, what);
    if (!link) return std::nullopt;
    if (latency) return LatencyFault{*link, *number};
    return BandwidthFault{*link, *number};
}

// Links: <device>-isp (a device's access link) and isp-mail.<domain> (a server's uplink).
std::optional<LString> LessonLoader::load_link(const toml::node& value, std::string_view what) {
    auto link = m_r.text_of(value, fmt::format("the link of {}", what));
    if (!link) return std::nullopt;
    std::vector<std::string> links;
    for (const auto& d : m_spec.devices) links.push_back(d.id.value + "-isp");
    for (const auto& d : m_spec.domains) links.push_back("isp-" + d.host());
    for (const auto& l : links) {
        if (l == link->value) return link;
    }
    const std::vector<std::string_view> names(links.begin(), links.end());
    const auto guess = closest(link->value, names);
    m_r.error(link->pos, fmt::format("no link \"{}\"", link->value),
              guess.empty() ? "links are <device>-isp and isp-mail.<domain>" : fmt::format("did you mean {}?", guess));
    return std::nullopt;
}

std::optional<LString> LessonLoader::load_host_ref(const toml::node& value, std::string_view what) {
    auto host = m_r.text_of(value, fmt::format("the host of {}", what));
    if (!host || !host_domain(*host)) return std::nullopt;
    return host;
}

}  // namespace postlab::lesson::detail
