// Where a value was written in a lesson file: 1-based line and column (column counts characters,
// as toml++ does). Line 0 means "not written: defaulted".
#pragma once

#include <cstdint>

namespace postlab::lesson {

struct SourcePos {
    std::uint32_t line = 0;
    std::uint32_t column = 0;

    bool known() const { return line != 0; }
    friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

}  // namespace postlab::lesson
