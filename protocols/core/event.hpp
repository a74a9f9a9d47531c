// The events every protocol session reports, for the simulated world, the trace and the UI:
// what a command did, not how the bytes looked (the bytes travel separately). One type for all
// protocols so that the trace and the lesson checks read them the same way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/shared_text.hpp"

namespace postlab {

enum class EventKind {
    message_accepted,    // SMTP: a message was accepted for delivery (envelope + bytes below)
    tls_requested,       // STARTTLS / STLS accepted: the transport should now start TLS
    tls_established,     // the transport reported the TLS handshake done
    auth_succeeded,      // `user` logged in
    auth_failed,         // `user` (maybe empty) failed to log in
    protocol_violation,  // the peer broke the protocol; `rfc` names the rule
    message_retrieved,   // POP3 client: a message was downloaded (`message`, `uid`)
    messages_deleted,    // POP3 server: UPDATE state committed deletions (`count`)
    result,              // a client finished a job; `summary` says how
    session_closed,      // the session ended (QUIT, LOGOUT, limit reached, peer gone)
};

std::string_view to_string(EventKind kind);

struct Event {
    EventKind kind;
    std::string summary;  // one line for the trace and the UI
    std::string rfc;      // the rule behind it, e.g. "RFC 5321 §4.1.1.4"; may be empty
    std::string user;
    // message_accepted: the envelope and the message as stored (with the Received: header).
    std::string reverse_path;
    std::vector<std::string> forward_paths;
    SharedText message;  // shared between copies (snapshots copy every event)
    std::string uid;     // message_retrieved: the UIDL of the message
    bool ok = true;      // result: whether the job succeeded
    std::size_t count = 0;
};

}  // namespace postlab
