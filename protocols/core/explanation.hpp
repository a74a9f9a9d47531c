// What a frame means and where its rule is written: explanation keys ("smtp.command.EHLO") to a
// one-paragraph meaning and its source (an RFC section or a Microsoft spec name). Each protocol
// adds its own keys (protocols/<name>/explain.cpp); sim/explain.cpp joins them with the
// transport's, and every text shown to a trainee cites its source.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "protocols/core/state_table.hpp"

namespace postlab::core {

struct Explanation {
    std::string meaning;
    std::string source;  // "RFC 5321 §4.1.1.1"
};

using ExplanationTable = std::map<std::string, Explanation, std::less<>>;

// "<protocol>.command.<VERB>" for each command row ("UID FETCH" is keyed UID_FETCH): the row's
// summary, or "<display name> <syntax>" when it has none; the row's RFC as the source.
void add_command_explanations(ExplanationTable& table, std::string_view protocol, std::string_view display_name,
                              const StateTable& states);

}  // namespace postlab::core
