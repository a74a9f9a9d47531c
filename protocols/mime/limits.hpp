// Shared vocabulary of the MIME module: byte ranges into the original message, the limits that
// bound every parser (DESIGN.md §2: no unbounded allocation driven by peer input), and the
// `Problem` notes a lenient parser leaves when it had to guess or cut (RFC 5322, RFC 2045-2047).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace postlab::mime {

// Named limits. Beyond one of them the parser stops expanding and records a Problem.
inline constexpr std::size_t nesting_depth_max = 32;               // multipart / message levels
inline constexpr std::size_t part_count_max = 1000;                // body parts per message
inline constexpr std::size_t header_bytes_max = 64 * 1024;         // parsed bytes per header
inline constexpr std::size_t header_field_count_max = 1000;        // fields per header
inline constexpr std::size_t decoded_bytes_max = 64 * 1024 * 1024; // transfer-decoded output
inline constexpr std::size_t problem_count_max = 100;              // notes kept per parse
inline constexpr std::size_t line_length_max = 998;                // RFC 5322 §2.1.1

struct Limits {
    std::size_t nesting_depth_max = mime::nesting_depth_max;
    std::size_t part_count_max = mime::part_count_max;
    std::size_t header_bytes_max = mime::header_bytes_max;
    std::size_t header_field_count_max = mime::header_field_count_max;
    std::size_t decoded_bytes_max = mime::decoded_bytes_max;
};

// A slice of the original message: [offset, offset + length).
struct ByteRange {
    std::size_t offset = 0;
    std::size_t length = 0;
    std::size_t end() const { return offset + length; }
    bool operator==(const ByteRange&) const = default;
};

// Something the parser had to repair, skip or cut; `rule` names the RFC section or the limit.
struct Problem {
    std::string what;
    std::string rule;         // e.g. "RFC 2046 §5.1.1" or "limit part_count_max=1000"
    std::size_t offset = 0;   // where in the input it was noticed
};

// Appends a note, keeping the list bounded: past problem_count_max one final note says so.
void add_problem(std::vector<Problem>& problems, std::string what, std::string rule,
                 std::size_t offset);

// True when some problem's `rule` or `what` contains `needle` (tests and the UI use this).
bool has_problem(const std::vector<Problem>& problems, std::string_view needle);

}  // namespace postlab::mime
