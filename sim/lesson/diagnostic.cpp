// Diagnostic formatting and the "did you mean" suggestions of the lesson loader.
#include "sim/lesson/diagnostic.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace postlab::lesson {

std::string format(const Diagnostic& d) {
    const char* kind = d.severity == Severity::error ? "error" : "warning";
    std::string out = d.pos.known()
                          ? fmt::format("{}:{}:{}: {}: {}", d.file, d.pos.line, d.pos.column, kind,
                                        d.message)
                          : fmt::format("{}: {}: {}", d.file, kind, d.message);
    if (!d.hint.empty()) out += fmt::format("\n  hint: {}", d.hint);
    return out;
}

// Optimal string alignment distance: a swap of two neighbours ("phnoe") counts as one edit.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap) {
    const std::size_t longer = std::max(a.size(), b.size());
    const std::size_t shorter = std::min(a.size(), b.size());
    if (longer - shorter > cap || longer > 256) return cap + 1;
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        std::size_t row_min = row[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                row[j] = std::min(row[j], before[j - 2] + 1);
            }
            row_min = std::min(row_min, row[j]);
        }
        if (row_min > cap) return cap + 1;
        before.swap(previous);
        previous.swap(row);
    }
    return std::min(previous[b.size()], cap + 1);
}

std::string closest(std::string_view word, const std::vector<std::string_view>& candidates) {
    // Allow about one typo per three letters, at least one, at most three.
    const std::size_t allowed = std::clamp<std::size_t>(word.size() / 3, 1, 3);
    std::string best;
    std::size_t best_distance = allowed + 1;
    for (auto candidate : candidates) {
        const auto d = edit_distance(word, candidate, allowed);
        if (d < best_distance) {
            best_distance = d;
            best = std::string(candidate);
        }
    }
    return best;
}

}  // namespace postlab::lesson
