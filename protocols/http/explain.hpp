// What each explanation key the HTTP framer emits means and where the rule is written: methods
// ("http.request.POST"), status codes ("http.response.401") with a fallback per class
// ("http.response.4xx"), and malformed or incomplete messages. Plain data, no dependency on sim/:
// the protocol registry hands these entries to the explanation table.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "protocols/core/explanation.hpp"

namespace postlab::http {

struct ExplanationEntry {
    std::string_view key;
    std::string_view meaning;
    std::string_view source;  // "RFC 9110 §15.5.2"
};

std::span<const ExplanationEntry> explanations();

// The exact key, else its family: "http.response.418" -> "http.response.4xx", an unlisted
// method -> "http.request.other"; null for keys that are not HTTP's.
const ExplanationEntry* explain(std::string_view key);
std::optional<std::string> explanation_family(std::string_view key);  // the family's key, if any

// Every entry into the world's explanation table (the registry's hook).
void add_explanations(core::ExplanationTable& table);

}  // namespace postlab::http
