// Diagnostics of the lesson loader, in the compiler format editors understand:
// `file:line:col: error: message` followed by an optional `  hint: ...` line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/lesson/source_pos.hpp"

namespace postlab::lesson {

enum class Severity { error, warning };

struct Diagnostic {
    Severity severity = Severity::error;
    std::string file;
    SourcePos pos;
    std::string message;
    std::string hint;  // empty: no hint line
};

// "file:line:col: error: message" (and "\n  hint: ..." when there is a hint).
std::string format(const Diagnostic& diagnostic);

// Levenshtein distance, capped: returns cap + 1 as soon as the distance exceeds cap.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap = 8);

// The closest candidate within a small edit distance, or "" (for "did you mean ...?").
std::string closest(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace postlab::lesson
