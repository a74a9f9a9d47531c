// Writes a LessonSpec as a lesson file (format: lessons/README.md): for saving a lesson the
// trainer changed in the UI, and for the round-trip tests of the loader.
#pragma once

#include <string>

#include "sim/lesson/lesson.hpp"

namespace postlab::lesson {

// Valid TOML that load_lesson reads back into the same model (positions aside). Defaults are
// written out explicitly, so the file also shows what the loader assumed.
std::string write_lesson(const LessonSpec& spec);

}  // namespace postlab::lesson
