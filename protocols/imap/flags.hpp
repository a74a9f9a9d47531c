// IMAP message flags (RFC 9051 §2.3.2): the system flags and keywords a client may store, in
// the canonical spelling we keep in the MailStore (sorted, unique, as StoredMessage expects).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/imap/types.hpp"

namespace postlab::imap {

std::string_view system_flags_text();  // "\Answered \Flagged \Deleted \Seen \Draft"

// A flag a client may set: a system flag (canonical case) or a keyword atom. \Recent and
// unknown system flags are refused (RFC 9051 §2.3.2: \Recent is gone, \* only in PERMANENTFLAGS).
std::optional<std::string> storable_flag(const Token& token);

// A flag list "(\Seen $Work)" or, as RFC 3501 STORE also allows, bare flags; sorted, unique.
std::optional<std::vector<std::string>> parse_flags(const std::vector<Token>& tokens);

void normalize_flags(std::vector<std::string>& flags);

}  // namespace postlab::imap
