// The POP3 state machine as data (RFC 1939 §3-§6, RFC 2449 §5, RFC 2595 §4, RFC 1734 §2): the
// states, the commands each allows and the transitions, so that the UI can draw it and the server
// can check a command against it (Postfix smtpd's command table, h11's state table).
#pragma once

#include <span>
#include <string_view>

#include "protocols/pop3/types.hpp"

namespace postlab::pop3 {

struct StateInfo {
    State state;
    std::string_view summary;  // one line for the UI
    std::string_view rfc;
};

struct CommandRule {
    CommandKind kind;
    bool in_authorization;
    bool in_transaction;  // no command is allowed in UPDATE: the server is committing and leaving
    std::string_view syntax;   // e.g. "TOP msg n"
    std::string_view summary;  // what it does, for the UI's explanation pane
    std::string_view rfc;
};

struct Transition {
    State from;
    std::string_view trigger;  // what makes it happen, e.g. "PASS accepted and maildrop locked"
    State to;
    std::string_view rfc;
};

std::span<const StateInfo> state_infos();
std::span<const CommandRule> command_rules();  // indexed by CommandKind
std::span<const Transition> transitions();

const CommandRule& command_rule(CommandKind kind);
bool command_allowed(State state, CommandKind kind);

}  // namespace postlab::pop3
