// Text and Markdown transcripts of a LessonRun (see transcript.hpp). Only trace entries a trainee
// learns from are printed: connection attempts, TLS milestones, DNS, protocol lines, session
// events, faults and notes; pure ACKs and data segments stay in the pcap export.
#include "sim/transcript.hpp"

#include <optional>
#include <set>

#include <fmt/format.h>

#include "protocols/core/civil_time.hpp"
#include "protocols/registry.hpp"
#include "sim/explain.hpp"

namespace postlab::sim {
namespace {

bool worth_showing(const TraceEntry& e) {
    switch (e.kind) {
    case TraceKind::tcp_ack:
    case TraceKind::tcp_data:
    case TraceKind::tcp_synack:
    case TraceKind::tcp_fin:
    case TraceKind::tls_server_flight:
    case TraceKind::tls_finished: return false;
    default: return true;
    }
}

std::string clock_text(TimeUs time_us) {
    const TimeUs day_us = 86'400'000'000LL;
    const TimeUs t = ((time_us % day_us) + day_us) % day_us;
    return fmt::format("{:02}:{:02}:{:02}.{:03}", t / 3'600'000'000LL, t / 60'000'000 % 60,
                       t / 1'000'000 % 60, t / 1000 % 1000);
}

std::string endpoint(const World& world, HostId host, std::uint16_t port) {
    if (!host.valid() || host.value >= world.network().hosts().size()) return "-";
    const std::string& name = world.network().host(host).name;
    return port == 0 ? name : fmt::format("{}:{}", name, port);
}

std::string markers(const TraceEntry& e) {
    std::string m;
    if (e.encrypted) m += " 🔒";
    if (e.lost) m += " (lost)";
    if (e.retransmission) m += " (retransmission)";
    return m;
}

std::string md_code(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = c == '`' ? '\'' : c;
    return "`" + out + "`";
}

std::string entry_text(const World& world, const TraceEntry& e, TranscriptFormat format,
                       std::set<std::string>& explained) {
    std::string route = "world";
    if (e.from.valid() && e.to.valid()) {
        route = fmt::format("{} -> {}", endpoint(world, e.from, e.from_port), endpoint(world, e.to, e.to_port));
    } else if (e.from.valid() || e.to.valid()) {
        route = e.from.valid() ? endpoint(world, e.from, e.from_port) : endpoint(world, e.to, e.to_port);
    }
    const std::string_view proto = e.protocol == ProtocolId::none ? to_string(e.kind) : name_of(e.protocol);
    std::string out;
    if (format == TranscriptFormat::markdown) {
        out = fmt::format("- `{}` {} **{}**{} {}\n", clock_text(e.time_us), route, proto, markers(e), md_code(e.summary));
    } else {
        out = fmt::format("  {}  {}  {}{}  {}\n", clock_text(e.time_us), route, proto, markers(e), e.summary);
    }
    if (e.explain_key.empty() || !explained.insert(e.explain_key).second) return out;
    const auto ex = explain(e.explain_key);
    if (!ex) return out;
    const std::string source = ex->source.empty() ? std::string{} : fmt::format(" ({})", ex->source);
    if (format == TranscriptFormat::markdown) return out + fmt::format("  - _{}{}_\n", ex->meaning, source);
    return out + fmt::format("                {}{}\n", ex->meaning, source);
}

std::string check_line(const CheckResult& c, TranscriptFormat format) {
    if (format == TranscriptFormat::markdown) {
        return fmt::format("- {} {}: {}\n", c.passed ? "✅ **PASS**" : "❌ **FAIL**", md_code(c.expression), c.explanation);
    }
    return fmt::format("  {}  {}\n        {}\n", c.passed ? "PASS" : "FAIL", c.expression, c.explanation);
}

std::string question_text(const lesson::Question& q, TranscriptFormat format) {
    std::vector<std::string> choices;
    for (const auto& c : q.choices) choices.push_back(c.value);
    std::string out;
    if (format == TranscriptFormat::markdown) {
        out += fmt::format("**Question:** {}\n\n", q.ask.value);
        for (const auto& c : choices) out += fmt::format("- {}\n", c);
        if (!choices.empty()) out += "\n";
        if (!q.answer.value.empty()) out += fmt::format("**Answer:** {}\n\n", q.answer.value);
        if (!q.explain.value.empty()) out += q.explain.value + "\n\n";
        return out;
    }
    out += fmt::format("Question: {}\n", q.ask.value);
    if (!choices.empty()) out += fmt::format("  choices: {}\n", fmt::join(choices, " | "));
    if (!q.answer.value.empty()) out += fmt::format("Answer: {}\n", q.answer.value);
    if (!q.explain.value.empty()) out += q.explain.value + (q.explain.value.ends_with('\n') ? "" : "\n");
    return out;
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

}  // namespace

std::string format_entries(const World& world, std::size_t begin, std::size_t end, TranscriptFormat format) {
    std::string out;
    std::set<std::string> explained;
    const auto& entries = world.trace();
    end = std::min(end, entries.size());
    // Lines show the time of day; a new date gets a line of its own (a lesson may wait days).
    auto day_of = [](TimeUs t) { return floor_div(t, 86'400'000'000LL); };
    std::optional<std::int64_t> day;
    if (begin > 0 && begin <= entries.size()) day = day_of(entries[begin - 1].time_us);
    for (std::size_t i = begin; i < end; ++i) {
        if (!worth_showing(entries[i])) continue;
        const std::int64_t d = day_of(entries[i].time_us);
        if (day && d != *day) {
            const CivilDate c = civil_from_days(d);
            const std::string date = fmt::format("{}-{:02}-{:02}", c.year, c.month, c.day);
            out += format == TranscriptFormat::markdown ? fmt::format("- **{}**\n", date) : fmt::format("  --- {} ---\n", date);
        }
        day = d;
        out += entry_text(world, entries[i], format, explained);
    }
    return out;
}

std::string format_step(const LessonRun& run, std::size_t index, const TranscriptOptions& options) {
    const StepOutcome& o = run.outcomes().at(index);
    const lesson::Step& step = run.spec().steps.at(index);
    const bool md = options.format == TranscriptFormat::markdown;
    std::string out;
    if (options.quiet) {
        for (const auto& c : o.checks) {
            out += fmt::format("{} step {}: {}  {}  ({})\n", run.spec().id.value, o.step, c.passed ? "PASS" : "FAIL",
                               c.expression, c.explanation);
        }
        if (!o.error.empty()) out += fmt::format("{} step {}: ERROR  {}\n", run.spec().id.value, o.step, o.error);
        return out;
    }
    const std::string title = step.title.value.empty() ? std::string{} : ": " + step.title.value;
    out += md ? fmt::format("## Step {}{}\n\n", o.step, title) : fmt::format("== Step {}/{}{} ==\n", o.step, run.step_count(), title);
    if (!step.say.value.empty()) out += trimmed(step.say.value) + (md ? "\n\n" : "\n");
    if (step.question) out += question_text(*step.question, options.format);
    if (step.exercise) {
        out += fmt::format("{}Exercise:{} change {} {}; goal: {}\n", md ? "**" : "", md ? "**" : "", step.exercise->device.value,
                           step.exercise->setting.value, step.exercise->goal.text.value);
        if (!o.exercise_value.empty()) out += fmt::format("  the replay used {} = {}\n", step.exercise->setting.value, o.exercise_value);
        if (md) out += "\n";
    }
    const std::string entries = format_entries(run.control().world(), o.trace_begin, o.trace_end, options.format);
    if (!entries.empty()) out += (md ? "### What happened\n\n" : "What happened:\n") + entries + (md ? "\n" : "");
    if (!o.error.empty()) out += fmt::format("{}ERROR: {}\n", md ? "**" : "", o.error) + (md ? "\n" : "");
    if (!o.checks.empty()) out += (md ? "### Checks\n\n" : "Checks:\n");
    for (const auto& c : o.checks) out += check_line(c, options.format);
    out += "\n";
    return out;
}

std::string format_run(const LessonRun& run, const TranscriptOptions& options) {
    const auto& spec = run.spec();
    std::string out;
    if (!options.quiet) {
        out += options.format == TranscriptFormat::markdown
            ? fmt::format("# {}\n\n_{}_ (lesson `{}`, seed {})\n\n", spec.title.value, spec.summary.value, spec.id.value, run.seed())
            : fmt::format("# {}\n{}\n(lesson {}, {}, seed {})\n\n", spec.title.value, spec.summary.value, spec.id.value,
                          spec.file_name, run.seed());
    }
    // [[fault]]s act before step 1: show them, so a trainee sees why a link is down.
    if (!options.quiet && !run.outcomes().empty() && run.outcomes().front().trace_begin > 0) {
        const bool md = options.format == TranscriptFormat::markdown;
        out += md ? "## Before step 1\n\n" : "== Before step 1 ==\n";
        out += format_entries(run.control().world(), 0, run.outcomes().front().trace_begin, options.format);
        out += "\n";
    }
    std::size_t passed = 0, total = 0, errors = 0;
    for (std::size_t i = 0; i < run.outcomes().size(); ++i) {
        out += format_step(run, i, options);
        for (const auto& c : run.outcomes()[i].checks) {
            ++total;
            passed += c.passed ? 1 : 0;
        }
        errors += run.outcomes()[i].error.empty() ? 0 : 1;
    }
    out += fmt::format("{}: {}/{} checks passed{}{}\n", spec.id.value, passed, total,
                       errors ? fmt::format(", {} step error{}", errors, errors == 1 ? "" : "s") : std::string{},
                       passed == total && errors == 0 ? "" : " (FAILED)");
    return out;
}

}  // namespace postlab::sim
