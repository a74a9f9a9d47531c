// Writes a LessonSpec back as a lesson file (lessons/README.md) through toml++, so the text is
// valid TOML by construction; loading what this writes gives the same model.
#include "sim/lesson/writer.hpp"

#include <sstream>
#include <toml++/toml.h>

namespace postlab::lesson {
namespace {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

toml::array strings(const std::vector<LString>& list) {
    toml::array out;
    for (const auto& s : list) out.push_back(s.value);
    return out;
}

toml::table message_ref(const MessageRef& ref) {
    toml::table t;
    if (ref.folder.value != "INBOX") t.insert("folder", ref.folder.value);
    if (ref.subject) t.insert("subject", ref.subject->value);
    if (ref.index) t.insert("index", ref.index->value);
    return t;
}

toml::table send_table(const SendAction& send) {
    toml::table t{{"to", strings(send.to)}, {"subject", send.subject.value}};
    if (!send.cc.empty()) t.insert("cc", strings(send.cc));
    if (!send.body.value.empty()) t.insert("body", send.body.value);
    if (send.attachment) {
        t.insert("attachment", toml::table{{"name", send.attachment->name.value},
                                           {"size_kb", send.attachment->size_kb.value}});
    }
    return t;
}

// The verb's value, as a toml++ node the action table can own.
void insert_body(toml::table& t, const std::string& verb, const ActionBody& body) {
    std::visit(
        Overloaded{
            [&](const SendAction& a) { t.insert(verb, send_table(a)); },
            [&](const ReadAction& a) { t.insert(verb, message_ref(a.message)); },
            [&](const FlagAction& a) { t.insert(verb, message_ref(a.message)); },
            [&](const UnflagAction& a) { t.insert(verb, message_ref(a.message)); },
            [&](const DeleteAction& a) { t.insert(verb, message_ref(a.message)); },
            [&](const MoveAction& a) {
                auto ref = message_ref(a.message);
                ref.insert("to", a.to.value);
                t.insert(verb, std::move(ref));
            },
            [&](const CreateFolderAction& a) { t.insert(verb, a.folder.value); },
            [&](const ChangeSettingAction& a) {
                toml::table change{{"setting", a.setting.value}};
                std::visit([&](const auto& v) { change.insert("value", v); }, a.value.value);
                t.insert(verb, std::move(change));
            },
            [&](const LinkDownFault& a) { t.insert(verb, a.link.value); },
            [&](const LinkUpFault& a) { t.insert(verb, a.link.value); },
            [&](const LatencyFault& a) {
                t.insert(verb, toml::table{{"link", a.link.value}, {"ms", a.ms.value}});
            },
            [&](const BandwidthFault& a) {
                t.insert(verb, toml::table{{"link", a.link.value}, {"kbps", a.kbps.value}});
            },
            [&](const ServerDownFault& a) { t.insert(verb, a.host.value); },
            [&](const ServerUpFault& a) { t.insert(verb, a.host.value); },
            [&](const CertificateMismatchFault& a) { t.insert(verb, a.host.value); },
            [&](const WrongPasswordFault& a) { t.insert(verb, a.device.value); },
            [&](const OverQuotaFault& a) { t.insert(verb, a.account.value); },
            [&](const WaitFault& a) {
                const auto us = a.duration_us.value;
                t.insert(verb, us % 60'000'000 == 0 ? toml::table{{"minutes", us / 60'000'000}}
                                                    : toml::table{{"seconds", us / 1'000'000}});
            },
            [&](const auto&) { t.insert(verb, true); },  // check_mail, go_offline, crash, ...
        },
        body);
}

toml::table action_table(const Action& action) {
    toml::table t;
    if (!action.device.value.empty()) t.insert("device", action.device.value);
    insert_body(t, action.verb, action.body);
    return t;
}

toml::table domain_table(const Domain& d, const std::string& default_password) {
    toml::table t{{"name", d.name.value}};
    toml::array services;
    for (const auto& s : d.services) services.push_back(std::string(to_string(s.value)));
    t.insert("services", std::move(services));
    toml::array users;
    for (const auto& a : d.accounts) {
        const auto local = a.address.value.substr(0, a.address.value.find('@'));
        if (a.password.value == default_password) {
            users.push_back(local);
        } else {
            users.push_back(toml::table{{"name", local}, {"password", a.password.value}});
        }
    }
    if (!users.empty()) t.insert("users", std::move(users));
    if (d.certificate_name.value != d.host()) t.insert("certificate_name", d.certificate_name.value);
    if (d.quota_kb) t.insert("quota_kb", d.quota_kb->value);
    return t;
}

toml::table incoming_table(const Incoming& in) {
    const bool pop3 = in.protocol.value == IncomingProtocol::pop3;
    toml::table t{{"protocol", std::string(to_string(in.protocol.value))},
                  {"host", in.host.value},
                  {"port", in.port.value},
                  {"security", std::string(to_string(in.security.value))},
                  {"auth", std::string(to_string(in.auth.value))},
                  {"check_interval_minutes", in.check_interval_minutes.value}};
    if (pop3) t.insert("leave_on_server", in.leave_on_server.value);
    if (in.remove_after_days) t.insert("remove_after_days", in.remove_after_days->value);
    if (in.push.value) t.insert("push", true);
    return t;
}

toml::table device_table(const Device& d, const LessonSpec& spec) {
    toml::table t{{"id", d.id.value}, {"kind", std::string(to_string(d.kind.value))},
                  {"owner", d.owner.value}};
    if (d.name.value != d.id.value) t.insert("name", d.name.value);
    const auto* account = spec.find_account(d.owner.value);
    if (!account || account->password.value != d.password.value) t.insert("password", d.password.value);
    if (d.incoming) t.insert("incoming", incoming_table(*d.incoming));
    if (d.outgoing) {
        const auto& out = *d.outgoing;
        t.insert("outgoing", toml::table{{"host", out.host.value},
                                         {"port", out.port.value},
                                         {"security", std::string(to_string(out.security.value))},
                                         {"auth", std::string(to_string(out.auth.value))}});
    }
    return t;
}

toml::table step_table(const Step& step) {
    toml::table t;
    if (!step.title.value.empty()) t.insert("title", step.title.value);
    if (!step.say.value.empty()) t.insert("say", step.say.value);
    if (step.question) {
        const auto& q = *step.question;
        t.insert("ask", q.ask.value);
        if (!q.choices.empty()) t.insert("choices", strings(q.choices));
        if (!q.answer.value.empty()) t.insert("answer", q.answer.value);
        if (!q.explain.value.empty()) t.insert("explain", q.explain.value);
    }
    if (!step.actions.empty()) {
        toml::array actions;
        for (const auto& a : step.actions) actions.push_back(action_table(a));
        t.insert("do", std::move(actions));
    }
    if (!step.until.text.value.empty()) t.insert("until", step.until.text.value);
    if (!step.highlight.empty()) t.insert("highlight", strings(step.highlight));
    if (!step.checks.empty()) {
        toml::array checks;
        for (const auto& c : step.checks) checks.push_back(c.text.value);
        t.insert("check", std::move(checks));
    }
    if (step.exercise) {
        t.insert("exercise", toml::table{{"device", step.exercise->device.value},
                                         {"setting", step.exercise->setting.value},
                                         {"goal", step.exercise->goal.text.value}});
    }
    return t;
}

}  // namespace

std::string write_lesson(const LessonSpec& spec) {
    toml::table lesson{{"id", spec.id.value},           {"title", spec.title.value},
                       {"minutes", spec.minutes.value}, {"summary", spec.summary.value},
                       {"seed", spec.seed.value},       {"default_password", spec.default_password.value}};
    if (spec.level) lesson.insert("level", std::string(to_string(spec.level->value)));
    toml::table root{{"lesson", std::move(lesson)}};
    toml::array domains;
    for (const auto& d : spec.domains) domains.push_back(domain_table(d, spec.default_password.value));
    root.insert("domain", std::move(domains));
    root.insert("network", toml::table{{"isp_blocks_port_25", spec.network.isp_blocks_port_25.value},
                                       {"latency_ms", spec.network.latency_ms.value},
                                       {"bandwidth_kbps", spec.network.bandwidth_kbps.value}});
    toml::array devices;
    for (const auto& d : spec.devices) devices.push_back(device_table(d, spec));
    if (!devices.empty()) root.insert("device", std::move(devices));
    toml::array faults;
    for (const auto& f : spec.faults) faults.push_back(action_table(f));
    if (!faults.empty()) root.insert("fault", std::move(faults));
    toml::array steps;
    for (const auto& s : spec.steps) steps.push_back(step_table(s));
    root.insert("step", std::move(steps));
    std::ostringstream out;
    out << "# Written by postlab from " << spec.file_name << "; format: lessons/README.md\n\n"
        << toml::toml_formatter{root} << "\n";
    return out.str();
}

}  // namespace postlab::lesson
