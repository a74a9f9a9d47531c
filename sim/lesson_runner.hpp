// Runs a lesson (lessons/README.md, DESIGN.md §3 "Lessons") step by step over a SimControl:
// apply the step's actions, run until its `until` (with an event budget that fails clearly
// instead of hanging), evaluate its checks, and replay with a changed setting (exercises).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/lesson/lesson.hpp"
#include "sim/sim_control.hpp"

namespace postlab::sim {

struct CheckResult {
    std::string expression;
    bool passed = false;
    std::string explanation;
    // The trace index of the message that decided the check (sim::deciding_trace_entry), which
    // the GUI shows when the check is clicked; none for device, server and mailbox checks.
    std::optional<std::size_t> trace_entry{};
};

// What one lesson step did. Positions are SimControl positions (events processed): the GUI
// seeks to them. trace_begin/trace_end delimit the trace entries the step produced.
struct StepOutcome {
    std::size_t step = 0;  // 1-based lesson step
    std::uint64_t start_position = 0, end_position = 0;
    bool until_reached = false;
    std::string error;     // an action that could not start, or the until budget ran out
    std::vector<CheckResult> checks;
    std::size_t trace_begin = 0, trace_end = 0;
    TimeUs start_us = 0, end_us = 0;
    // Exercise steps: the value the replay used ("" when none was tried) and what it showed.
    std::string exercise_value;
};

// Limits that keep a broken lesson from hanging the runner.
struct RunLimits {
    std::uint64_t step_events_max = 400'000;   // events one step may run
    std::size_t exercise_candidates_max = 8;   // values an exercise tries
    // SimControl snapshot interval: a seek replays at most this many events. Each snapshot is a
    // copy of the World (the trace's full chunks are shared, not copied), so memory grows with
    // the number of snapshots times the size of the world's state, not of its history.
    // Exercise replays never seek and keep only the start snapshot.
    std::uint64_t snapshot_every = 1024;
};

class LessonRun {  // a value; copyable
public:
    // Builds the world from the spec (seed: spec's unless overridden); error text on failure.
    static std::variant<LessonRun, std::string> create(lesson::LessonSpec spec,
                                                       std::optional<std::uint64_t> seed = {},
                                                       RunLimits limits = {});

    const lesson::LessonSpec& spec() const { return m_spec; }
    const SimControl& control() const { return m_control; }
    SimControl& control() { return m_control; }
    std::uint64_t seed() const { return m_seed; }

    std::size_t step_count() const { return m_spec.steps.size(); }  // lesson steps
    std::size_t steps_done() const { return m_outcomes.size(); }    // 0 = none run yet
    bool run_next_step();            // actions, until, checks; false at the end
    void run_to_step(std::size_t n); // lesson steps 1..n done (rebuild + replay if going back)
    const std::vector<StepOutcome>& outcomes() const { return m_outcomes; }
    bool all_passed() const;         // every check so far passed and no step error

    // The trainee changes a device setting (account dialog / exercise): rebuild with the new
    // setting and replay the steps done so far. Empty string on success, else the reason.
    std::string change_setting(const std::string& device, const std::string& path,
                               const std::string& value);

    // The device host's name for a device id ("" when unknown), for transcripts.
    std::string host_name_of_device(const std::string& device) const;

private:
    LessonRun(lesson::LessonSpec spec, std::uint64_t seed, RunLimits limits, SimControl control);

    void run_step(std::size_t index, bool with_exercise);
    std::string apply_actions(const lesson::Step& step);
    bool run_until(const lesson::Until& until, std::string& error);
    bool run_for(TimeUs duration_us, std::string& error);
    // trace_begin: the step's first trace entry; a check points at a message of the step when
    // one matches (see deciding_trace_entry).
    std::vector<CheckResult> evaluate_checks(const lesson::Step& step, std::size_t trace_begin) const;
    CheckResult run_exercise(const lesson::Exercise& exercise, std::size_t index, std::size_t trace_begin,
                             std::string& value_used) const;
    void seek_to_last_outcome();

    lesson::LessonSpec m_spec;
    lesson::LessonSpec m_original;  // as loaded: exercises compare the trainee's settings to it
    std::uint64_t m_seed = 1;
    RunLimits m_limits;
    SimControl m_control;
    std::vector<StepOutcome> m_outcomes;
};

// Sets a device setting (a path of lesson::setting_paths()) in a spec from its text form:
// "true", "25", "starttls". Empty on success, else why not.
std::string set_device_setting(lesson::LessonSpec& spec, const std::string& device,
                               const std::string& path, const std::string& value);
// The current value of a device setting as text ("" when the device or setting is unknown).
std::string device_setting(const lesson::LessonSpec& spec, const std::string& device,
                           const std::string& path);

}  // namespace postlab::sim
