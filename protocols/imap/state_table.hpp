// The IMAP command table as data (RFC 9051 §6 and §3, plus the extensions we implement): which
// commands exist, the states each is allowed in and the section that defines it, so that the UI
// can draw the state machine and the server checks every command against it (Postfix smtpd's
// command table).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "protocols/core/state_table.hpp"
#include "protocols/imap/types.hpp"

namespace postlab::imap {

enum class CommandKind {
    capability, noop, logout,                                   // any state (RFC 9051 §6.1)
    starttls, authenticate, login,                              // not authenticated (§6.2)
    enable, select, examine, create, delete_mailbox, rename, subscribe, unsubscribe, list, lsub,
    namespace_, status, append, idle,                           // authenticated (§6.3)
    check, close, unselect, expunge, search, fetch, store, copy, move,  // selected (§6.4)
    uid_copy, uid_move, uid_fetch, uid_search, uid_store, uid_expunge,
};

// The table (protocols/core/state_table.hpp): rows indexed by State and by CommandKind.
const core::StateTable& state_table();
std::optional<CommandKind> parse_command_name(std::string_view name);  // case-insensitive
const core::CommandRow& command_rule(CommandKind kind);
bool command_allowed(State state, CommandKind kind);

}  // namespace postlab::imap
