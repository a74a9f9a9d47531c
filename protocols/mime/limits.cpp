// Problem list helpers for the MIME module (bounded, so a hostile message cannot grow it).
#include "protocols/mime/limits.hpp"

#include <string_view>

namespace postlab::mime {

void add_problem(std::vector<Problem>& problems, std::string what, std::string rule,
                 std::size_t offset) {
    if (problems.size() > problem_count_max) return;
    if (problems.size() == problem_count_max) {
        problems.push_back({"further problems not listed", "limit problem_count_max=100", offset});
        return;
    }
    problems.push_back({std::move(what), std::move(rule), offset});
}

bool has_problem(const std::vector<Problem>& problems, std::string_view needle) {
    for (const auto& p : problems) {
        if (p.rule.find(needle) != std::string::npos) return true;
        if (p.what.find(needle) != std::string::npos) return true;
    }
    return false;
}

}  // namespace postlab::mime
