// The POP3 state machine as data (RFC 1939 §3-§6, RFC 2449 §5, RFC 2595 §4, RFC 1734 §2): the
// states, the commands each allows and the transitions, so that the UI can draw it and the server
// can check a command against it (Postfix smtpd's command table, h11's state table).
#pragma once

#include <span>
#include <string_view>

#include "protocols/core/state_table.hpp"
#include "protocols/pop3/types.hpp"

namespace postlab::pop3 {

// The table (protocols/core/state_table.hpp): rows indexed by State and by CommandKind.
const core::StateTable& state_table();
const core::CommandRow& command_rule(CommandKind kind);
bool command_allowed(State state, CommandKind kind);

}  // namespace postlab::pop3
