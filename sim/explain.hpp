// What a trace entry means and where the rule is written: a table from the entries' explanation
// keys ("smtp.command.EHLO", "tcp.syn", "tls.client_hello", ...) to a one-paragraph meaning and
// its source (an RFC section). Each protocol's keys come from its descriptor (protocols/registry.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/explanation.hpp"

namespace postlab::sim {

using Explanation = core::Explanation;

// Exact key first; then, for keys with a variable tail (an SMTP reply code, an IMAP untagged
// response), the family ("smtp.reply.5xx"); nullopt when nothing is known.
std::optional<Explanation> explain(std::string_view key);
std::vector<std::string> explanation_keys();  // every exact key in the table, sorted

}  // namespace postlab::sim
