// Command explanations read from a state table (see explanation.hpp).
#include "protocols/core/explanation.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace postlab::core {

void add_command_explanations(ExplanationTable& table, std::string_view protocol, std::string_view display_name,
                              const StateTable& states) {
    for (const CommandRow& row : states.commands) {
        std::string verb(row.verb);
        std::replace(verb.begin(), verb.end(), ' ', '_');
        std::string meaning = row.summary.empty() ? fmt::format("{} {}", display_name, row.syntax) : std::string(row.summary);
        table[fmt::format("{}.command.{}", protocol, verb)] = {std::move(meaning), std::string(row.rfc)};
    }
}

}  // namespace postlab::core
