// Loads a lesson file (format: lessons/README.md) into a LessonSpec, or explains precisely why
// not: diagnostics `file:line:col: error: message` with a hint line. Never throws, whatever the
// text; warnings (e.g. a port that does not fit the security) do not fail the load.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/lesson/diagnostic.hpp"
#include "sim/lesson/lesson.hpp"

namespace postlab::lesson {

inline constexpr std::size_t lesson_file_size_max = 1024 * 1024;

struct LoadResult {
    std::optional<LessonSpec> lesson;     // set when there is no error
    std::vector<Diagnostic> diagnostics;  // errors and warnings, sorted by position

    bool ok() const { return lesson.has_value(); }
    std::size_t error_count() const;
    std::size_t warning_count() const;
};

LoadResult load_lesson(std::string_view text, std::string file_name);
LoadResult load_lesson_file(const std::string& path);

}  // namespace postlab::lesson
