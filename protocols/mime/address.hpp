// RFC 5322 §3.4 address lists (display names, quoted strings, angle addresses, obsolete routes,
// groups) parsed into the flat form IMAP's ENVELOPE uses (RFC 9051 §7.5.2), plus the ENVELOPE.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/mime/header.hpp"

namespace postlab::mime {

enum class AddressKind {
    mailbox,      // name, route, mailbox, host
    group_start,  // `mailbox` holds the group's display name (IMAP: (NIL NIL "name" NIL))
    group_end,    // IMAP: (NIL NIL NIL NIL)
};

struct Address {
    AddressKind kind = AddressKind::mailbox;
    std::string name;     // display name as written, quotes removed, encoded words kept
    std::string route;    // RFC 5322 §4.4 obs-route, e.g. "@a.example,@b.example"
    std::string mailbox;  // local part (or the group name)
    std::string host;     // domain; empty when the address had none

    std::string display_name() const;  // `name` with RFC 2047 encoded words decoded
    std::string addr_spec() const;     // "mailbox@host"
    bool operator==(const Address&) const = default;
};

// Lenient: stray tokens are skipped, an unclosed group or angle bracket is closed at the end.
std::vector<Address> parse_address_list(std::string_view value);

// RFC 9051 §7.5.2 ENVELOPE fields. Strings are the unfolded header values (encoded words are
// kept: the client decodes them); nullopt is NIL.
struct Envelope {
    std::optional<std::string> date;
    std::optional<std::string> subject;
    std::vector<Address> from, sender, reply_to, to, cc, bcc;
    std::optional<std::string> in_reply_to;
    std::optional<std::string> message_id;
};

// Sender and Reply-To default to From when absent or empty (RFC 9051 §7.5.2).
Envelope make_envelope(const HeaderBlock& header);

}  // namespace postlab::mime
