// Transcripts of a lesson run (DESIGN.md §3 "Exports"): per step the narration, what crossed the
// wire (time, from -> to, port, protocol, a lock when encrypted, the summary line and what it
// means with its RFC source), the checks and the questions. Plain text and Markdown; read only
// from the trace, deterministic.
#pragma once

#include <cstddef>
#include <string>

#include "sim/lesson_runner.hpp"

namespace postlab::sim {

enum class TranscriptFormat { text, markdown };

struct TranscriptOptions {
    TranscriptFormat format = TranscriptFormat::text;
    bool quiet = false;  // only the check results
};

// The trace entries [begin, end) as transcript lines (explanations once per key).
std::string format_entries(const World& world, std::size_t begin, std::size_t end, TranscriptFormat format);
// One lesson step that has run (index from 0 into run.outcomes()).
std::string format_step(const LessonRun& run, std::size_t index, const TranscriptOptions& options);
// The lesson's header, every step run so far and a summary line.
std::string format_run(const LessonRun& run, const TranscriptOptions& options);

}  // namespace postlab::sim
