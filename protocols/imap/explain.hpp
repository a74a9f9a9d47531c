// What IMAP's frames mean (RFC 9051 and the extensions of server.hpp): the keys imap::Framer emits.
#pragma once

#include <optional>
#include <string>

#include "protocols/core/explanation.hpp"

namespace postlab::imap {

void add_explanations(core::ExplanationTable& table);
// "imap.untagged.EXISTS" -> "imap.untagged": untagged data without a key of its own.
std::optional<std::string> explanation_family(std::string_view key);

}  // namespace postlab::imap
