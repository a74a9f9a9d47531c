// Exercises (lessons/README.md "[[step]] exercise"): change one device setting and replay the
// lesson from step 1 in a fresh world, then judge the goal. When the trainee already changed the
// setting, the goal is judged on the current run; otherwise the runner tries the setting's other
// values in order, which is what `postlab run` reports.
#include <fmt/format.h>

#include "sim/check_subject.hpp"
#include "sim/lesson_runner.hpp"

namespace postlab::sim {
namespace {

std::vector<std::string> candidates(const lesson::SettingPath& p, const std::string& current) {
    std::vector<std::string> out;
    switch (p.type) {
    case lesson::SettingType::boolean: out.push_back(current == "true" ? "false" : "true"); break;
    case lesson::SettingType::text:
        for (auto c : p.choices) {
            if (c != current) out.emplace_back(c);
        }
        break;
    case lesson::SettingType::integer:
        if (p.path.ends_with(".port")) {
            // The well-known ports (RFC 6409 §3.1, RFC 8314 §3, RFC 1939 §3, RFC 9051).
            for (const char* port : {"587", "465", "993", "995", "143", "110", "25"}) {
                if (port != current) out.emplace_back(port);
            }
        }
        break;
    }
    return out;
}

const lesson::SettingPath* find_setting(std::string_view path) {
    for (const auto& p : lesson::setting_paths()) {
        if (p.path == path) return &p;
    }
    return nullptr;
}

}  // namespace

CheckResult LessonRun::run_exercise(const lesson::Exercise& exercise, std::size_t index, std::size_t trace_begin,
                                    std::string& value_used) const {
    const std::string& device = exercise.device.value;
    const std::string& path = exercise.setting.value;
    CheckResult result{exercise.goal.text.value, false, {}};
    const WorldCheckSubject here(m_control.world());
    const auto now = lesson::evaluate(exercise.goal.expr, here);
    const std::string current = device_setting(m_spec, device, path);
    if (current != device_setting(m_original, device, path)) {
        // The trainee changed it (account dialog): this run is the replay.
        value_used = current;
        result.passed = now.passed && !now.error;
        result.explanation = fmt::format("with {} {} = {}: {}", device, path, current, now.explanation);
        result.trace_entry = deciding_trace_entry(m_control.world(), exercise.goal.expr, now, trace_begin);
        return result;
    }
    const auto* setting = find_setting(path);
    if (!setting) {
        result.explanation = fmt::format("unknown setting '{}'", path);
        return result;
    }
    std::vector<std::string> tried;
    std::string last;
    for (const auto& value : candidates(*setting, current)) {
        if (tried.size() >= m_limits.exercise_candidates_max) break;
        tried.push_back(value);
        lesson::LessonSpec changed = m_spec;
        if (auto error = set_device_setting(changed, device, path, value); !error.empty()) {
            last = error;
            continue;
        }
        RunLimits replay_limits = m_limits;
        replay_limits.snapshot_every = std::uint64_t{1} << 40;
        auto replay = create(std::move(changed), m_seed, replay_limits);
        if (auto* error = std::get_if<std::string>(&replay)) {
            last = *error;
            continue;
        }
        auto& run = std::get<LessonRun>(replay);
        for (std::size_t i = 0; i <= index; ++i) run.run_step(i, false);
        const WorldCheckSubject there(run.m_control.world());
        const auto goal = lesson::evaluate(exercise.goal.expr, there);
        last = goal.explanation;
        if (goal.passed && !goal.error) {
            value_used = value;
            result.passed = true;
            result.explanation = fmt::format("replayed steps 1-{} with {} {} = {}: {} (before the change: {})",
                                             index + 1, device, path, value, goal.explanation, now.explanation);
            return result;
        }
    }
    result.explanation = tried.empty()
        ? fmt::format("no other value of {} to try", path)
        : fmt::format("no value of {} {} makes the goal hold (tried {}); last replay: {}", device, path,
                      fmt::join(tried, ", "), last);
    return result;
}

}  // namespace postlab::sim
