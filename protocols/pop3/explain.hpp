// What POP3's frames mean (RFC 1939, RFC 2449, RFC 1734): the keys pop3::Framer emits.
#pragma once

#include "protocols/core/explanation.hpp"

namespace postlab::pop3 {

void add_explanations(core::ExplanationTable& table);

}  // namespace postlab::pop3
