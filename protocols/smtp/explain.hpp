// What SMTP's frames mean (RFC 5321, RFC 3207, RFC 4954): the keys smtp::Framer emits.
#pragma once

#include <optional>
#include <string>

#include "protocols/core/explanation.hpp"

namespace postlab::smtp {

void add_explanations(core::ExplanationTable& table);
// "smtp.reply.554" -> "smtp.reply.5xx" (RFC 5321 §4.2.1: the first digit says what kind).
std::optional<std::string> explanation_family(std::string_view key);

}  // namespace postlab::smtp
