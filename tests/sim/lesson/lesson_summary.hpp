// Test helper: a flat text description of a LessonSpec, written independently of writer.cpp,
// so two loads of "the same" lesson can be compared field by field (positions aside).
#pragma once

#include <sstream>
#include <string>

#include "sim/lesson/lesson.hpp"

namespace postlab::lesson::test {

inline std::string summary(const LessonSpec& spec) {
    std::ostringstream o;
    o << spec.id.value << '|' << spec.title.value << '|' << spec.minutes.value << '|'
      << spec.summary.value << '|' << spec.seed.value << '|'
      << (spec.level ? int(spec.level->value) : -1) << '|' << spec.default_password.value << '\n';
    for (const auto& d : spec.domains) {
        o << "domain " << d.name.value << ' ' << d.certificate_name.value << ' '
          << (d.quota_kb ? d.quota_kb->value : -1);
        for (const auto& s : d.services) o << ' ' << to_string(s.value);
        for (const auto& a : d.accounts) o << ' ' << a.address.value << ':' << a.password.value;
        o << '\n';
    }
    o << "network " << spec.network.isp_blocks_port_25.value << ' ' << spec.network.latency_ms.value
      << ' ' << spec.network.bandwidth_kbps.value << '\n';
    for (const auto& d : spec.devices) {
        o << "device " << d.id.value << ' ' << d.name.value << ' ' << to_string(d.kind.value) << ' '
          << d.owner.value << ' ' << d.password.value;
        if (const auto& in = d.incoming) {
            o << " in " << to_string(in->protocol.value) << ' ' << in->host.value << ' '
              << in->port.value << ' ' << to_string(in->security.value) << ' '
              << to_string(in->auth.value) << ' ' << in->leave_on_server.value << ' '
              << (in->remove_after_days ? in->remove_after_days->value : -1) << ' '
              << in->check_interval_minutes.value << ' ' << in->push.value;
        }
        if (const auto& out = d.outgoing) {
            o << " out " << out->host.value << ' ' << out->port.value << ' '
              << to_string(out->security.value) << ' ' << to_string(out->auth.value);
        }
        o << '\n';
    }
    auto actions = [&](const std::vector<Action>& list) {
        for (const auto& a : list) {
            o << "  action " << a.device.value << ' ' << a.verb << ' ' << a.body.index();
            if (const auto* send = std::get_if<SendAction>(&a.body)) {
                for (const auto& t : send->to) o << ' ' << t.value;
                o << ' ' << send->subject.value << ' ' << send->body.value << ' '
                  << (send->attachment ? send->attachment->size_kb.value : -1);
            }
            if (const auto* wait = std::get_if<WaitFault>(&a.body)) o << ' ' << wait->duration_us.value;
            if (const auto* move = std::get_if<MoveAction>(&a.body)) o << ' ' << move->to.value;
            o << '\n';
        }
    };
    actions(spec.faults);
    for (const auto& step : spec.steps) {
        o << "step " << step.title.value << '|' << step.say.value << '|' << int(step.until.kind)
          << ' ' << step.until.duration_us << '\n';
        if (step.question) {
            o << "  ask " << step.question->ask.value << '|' << step.question->answer.value << '|'
              << step.question->explain.value;
            for (const auto& c : step.question->choices) o << '|' << c.value;
            o << '\n';
        }
        actions(step.actions);
        for (const auto& h : step.highlight) o << "  highlight " << h.value << '\n';
        for (const auto& c : step.checks) o << "  check " << to_text(c.expr) << '\n';
        if (step.until.condition) o << "  until " << to_text(*step.until.condition) << '\n';
        if (step.exercise) {
            o << "  exercise " << step.exercise->device.value << ' ' << step.exercise->setting.value
              << ' ' << to_text(step.exercise->goal.expr) << '\n';
        }
    }
    return o.str();
}


}  // namespace postlab::lesson::test
