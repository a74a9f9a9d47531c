// IMAP output of a parsed message: ENVELOPE and BODY / BODYSTRUCTURE exactly as the RFC 9051
// §7.5.2 grammar (§9: envelope, body, body-ext-1part, body-ext-mpart) and RFC 3501 §7.4.2 say.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "protocols/mime/address.hpp"
#include "protocols/mime/structure.hpp"

namespace postlab::mime {

// An IMAP string: quoted when it can be (RFC 9051 §9 quoted), else a literal `{n}\r\n...` for
// 8-bit, CR or LF content. NUL, which no IMAP string may carry, is dropped.
std::string imap_string(std::string_view text);
std::string imap_nstring(const std::optional<std::string>& text);  // NIL for nullopt

// "(date subject from sender reply-to to cc bcc in-reply-to message-id)"
std::string envelope_to_imap(const Envelope& envelope);

// BODY (extensible == false) or BODYSTRUCTURE (extensible == true) of parts[part] (default:
// the whole message). Iterative: the output depth follows the already bounded part tree.
std::string bodystructure_to_imap(const MessageStructure& structure, bool extensible,
                                  std::size_t part = 0);

}  // namespace postlab::mime
