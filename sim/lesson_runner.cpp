// LessonRun: a lesson's steps over a SimControl (lessons/README.md "[[step]]"): actions at the
// step start, `until` within an event budget, checks through WorldCheckSubject, and rebuilds
// with changed settings (exercises, the account dialog). Deterministic: same spec + seed, same run.
#include "sim/lesson_runner.hpp"

#include <fmt/format.h>

#include "sim/check_subject.hpp"
#include "sim/lesson_devices.hpp"
#include "sim/world_builder.hpp"

namespace postlab::sim {

LessonRun::LessonRun(lesson::LessonSpec spec, std::uint64_t seed, RunLimits limits, SimControl control)
    : m_spec(spec), m_original(std::move(spec)), m_seed(seed), m_limits(limits), m_control(std::move(control)) {}

std::variant<LessonRun, std::string> LessonRun::create(lesson::LessonSpec spec, std::optional<std::uint64_t> seed,
                                                       RunLimits limits) {
    const std::uint64_t s = seed.value_or(static_cast<std::uint64_t>(spec.seed.value));
    auto built = build_world(spec, s);
    if (auto* error = std::get_if<std::string>(&built)) return std::move(*error);
    LessonRun run(std::move(spec), s, limits, SimControl(std::move(std::get<World>(built)), limits.snapshot_every));
    // [[fault]]: the world as the lesson starts, logged at step 0 so seeking back keeps them.
    for (const auto& fault : run.m_spec.faults) {
        std::string error;
        if (fault.verb != "wrong_password") {
            auto f = to_fault(run.m_control.world(), fault);
            if (auto* e = std::get_if<std::string>(&f)) error = *e;
            else if (auto* fa = std::get_if<Fault>(&f)) run.m_control.apply(*fa);
            else run.run_for(std::get<WaitFor>(f).duration_us, error);
        }
        if (fault.verb == "wrong_password") error = apply_device_action(run.m_control, fault);
        if (!error.empty()) {
            return fmt::format("{}:{}:{}: [[fault]] {}: {}", run.m_spec.file_name, fault.pos.line,
                               fault.pos.column, fault.verb, error);
        }
    }
    return run;
}

bool LessonRun::all_passed() const {
    for (const auto& o : m_outcomes) {
        if (!o.error.empty()) return false;
        for (const auto& c : o.checks) {
            if (!c.passed) return false;
        }
    }
    return true;
}

std::string LessonRun::host_name_of_device(const std::string& device) const {
    const auto host = find_device_host(m_control.world(), device);
    return host ? m_control.world().network().host(*host).name : std::string{};
}

void LessonRun::seek_to_last_outcome() {
    const std::uint64_t at = m_outcomes.empty() ? 0 : m_outcomes.back().end_position;
    if (m_control.position() != at) m_control.seek(at);
}

bool LessonRun::run_next_step() {
    if (m_outcomes.size() >= m_spec.steps.size()) return false;
    run_step(m_outcomes.size(), true);
    return true;
}

void LessonRun::run_to_step(std::size_t n) {
    n = std::min(n, m_spec.steps.size());
    if (n < m_outcomes.size()) {
        // Going back: replaying from a fresh world is exact, and it drops the lesson actions
        // logged for the later steps (re-running them from a seek would log them twice).
        auto fresh = create(m_spec, m_seed, m_limits);
        if (auto* run = std::get_if<LessonRun>(&fresh)) {
            run->m_original = m_original;
            *this = std::move(*run);
        }
    }
    while (m_outcomes.size() < n && run_next_step()) {
    }
}

std::string LessonRun::change_setting(const std::string& device, const std::string& path, const std::string& value) {
    lesson::LessonSpec changed = m_spec;
    if (auto error = set_device_setting(changed, device, path, value); !error.empty()) return error;
    auto fresh = create(std::move(changed), m_seed, m_limits);
    if (auto* error = std::get_if<std::string>(&fresh)) return *error;
    const std::size_t done = m_outcomes.size();
    auto& run = std::get<LessonRun>(fresh);
    run.m_original = m_original;
    *this = std::move(run);
    run_to_step(done);
    return {};
}

void LessonRun::run_step(std::size_t index, bool with_exercise) {
    seek_to_last_outcome();
    const lesson::Step& step = m_spec.steps[index];
    StepOutcome outcome;
    outcome.step = index + 1;
    outcome.start_position = m_control.position();
    outcome.trace_begin = m_control.world().trace().size();
    outcome.start_us = m_control.world().now_us();
    outcome.error = apply_actions(step);
    std::string until_error;
    outcome.until_reached = run_until(step.until, until_error);
    if (!until_error.empty()) outcome.error += (outcome.error.empty() ? "" : "; ") + until_error;
    outcome.checks = evaluate_checks(step, outcome.trace_begin);
    if (with_exercise && step.exercise) {
        outcome.checks.push_back(run_exercise(*step.exercise, index, outcome.trace_begin, outcome.exercise_value));
    }
    outcome.end_position = m_control.position();
    outcome.trace_end = m_control.world().trace().size();
    outcome.end_us = m_control.world().now_us();
    m_outcomes.push_back(std::move(outcome));
}

std::string LessonRun::apply_actions(const lesson::Step& step) {
    std::string errors;
    auto add = [&](const lesson::Action& a, const std::string& e) {
        if (e.empty()) return;
        errors += fmt::format("{}{}:{}: {}: {}", errors.empty() ? "" : "; ", a.pos.line, a.pos.column, a.verb, e);
    };
    for (const auto& action : step.actions) {
        if (!is_fault(action) || action.verb == "wrong_password") {
            add(action, apply_device_action(m_control, action));
            continue;
        }
        auto f = to_fault(m_control.world(), action);
        if (auto* e = std::get_if<std::string>(&f)) {
            add(action, *e);
        } else if (auto* fault = std::get_if<Fault>(&f)) {
            m_control.apply(*fault);
        } else {
            std::string error;
            run_for(std::get<WaitFor>(f).duration_us, error);
            add(action, error);
        }
    }
    return errors;
}

bool LessonRun::run_for(TimeUs duration_us, std::string& error) {
    const TimeUs target = m_control.world().now_us() + duration_us;
    m_control.apply(ClockTick{target});  // time passes even when nothing else is scheduled
    std::uint64_t n = 0;
    const auto& w = m_control.world();
    while (w.next_event_time_us() && *w.next_event_time_us() <= target) {
        if (n++ >= m_limits.step_events_max) {
            error = fmt::format("the world did not reach +{} s within {} events", format_time(duration_us),
                                m_limits.step_events_max);
            return false;
        }
        m_control.step();
    }
    return true;
}

bool LessonRun::run_until(const lesson::Until& until, std::string& error) {
    const auto& w = m_control.world();
    const std::uint64_t budget = m_limits.step_events_max;
    const TimeUs started_us = w.now_us();
    auto busy = [&](std::string_view what) {
        error = fmt::format("until \"{}\" not reached: {} after {} events ({} s of simulated time); the "
                            "step budget is {} events",
                            until.text.value.empty() ? "idle" : until.text.value, what, budget,
                            format_time(w.now_us() - started_us), budget);
        return false;
    };
    switch (until.kind) {
    case lesson::UntilKind::idle: {
        const auto n = m_control.run_until([](const World& world) { return lesson_idle(world); }, budget);
        if (lesson_idle(w)) return true;
        return busy(n >= budget ? "the world is still busy" : "the world stopped");
    }
    case lesson::UntilKind::time: return run_for(until.duration_us, error);
    case lesson::UntilKind::condition: {
        const WorldCheckSubject subject(w);
        auto holds = [&](const World&) { return lesson::evaluate(*until.condition, subject).passed; };
        const auto n = m_control.run_until(holds, budget);
        if (holds(w)) return true;
        return busy(n >= budget ? "the condition is still false" : "nothing is left to happen and the condition is false");
    }
    }
    return false;
}

std::vector<CheckResult> LessonRun::evaluate_checks(const lesson::Step& step, std::size_t trace_begin) const {
    const World& world = m_control.world();
    const WorldCheckSubject subject(world);
    std::vector<CheckResult> results;
    for (const auto& check : step.checks) {
        const auto outcome = lesson::evaluate(check.expr, subject);
        results.push_back({check.text.value, outcome.passed && !outcome.error, outcome.explanation,
                           deciding_trace_entry(world, check.expr, outcome, trace_begin)});
    }
    return results;
}

}  // namespace postlab::sim
