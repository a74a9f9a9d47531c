// Names of the shared protocol events; see event.hpp.
#include "protocols/core/event.hpp"

namespace postlab {

std::string_view to_string(EventKind kind) {
    switch (kind) {
        case EventKind::message_accepted: return "message accepted";
        case EventKind::tls_requested: return "TLS requested";
        case EventKind::tls_established: return "TLS established";
        case EventKind::auth_succeeded: return "auth succeeded";
        case EventKind::auth_failed: return "auth failed";
        case EventKind::protocol_violation: return "protocol violation";
        case EventKind::message_retrieved: return "message retrieved";
        case EventKind::messages_deleted: return "messages deleted";
        case EventKind::result: return "result";
        case EventKind::session_closed: return "session closed";
    }
    return "?";
}

}  // namespace postlab
