// The IMAP command table as data (RFC 9051 §6 and §3, plus the extensions we implement): which
// commands exist, the states each is allowed in and the section that defines it, so that the UI
// can draw the state machine and the server checks every command against it (Postfix smtpd's
// command table).
#pragma once

#include <optional>
#include <span>
#include <string_view>

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

struct CommandRule {
    CommandKind kind;
    std::string_view name;  // upper case, "UID FETCH" for UID forms
    bool in_not_authenticated;
    bool in_authenticated;
    bool in_selected;
    std::string_view syntax;
    std::string_view rfc;
};

struct Transition {
    State from;
    std::string_view trigger;
    State to;
    std::string_view rfc;
};

std::span<const CommandRule> command_rules();
std::span<const Transition> transitions();

std::optional<CommandKind> parse_command_name(std::string_view name);  // case-insensitive
const CommandRule& command_rule(CommandKind kind);
bool command_allowed(State state, CommandKind kind);

}  // namespace postlab::imap
