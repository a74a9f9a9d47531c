// The POP3 state machine as data; see state_table.hpp (RFC 1939 §3-§7, RFC 2449 §5,
// RFC 2595 §4, RFC 1734 §2).
#include "protocols/pop3/state_table.hpp"

#include <array>

namespace postlab::pop3 {
namespace {

constexpr std::array<StateInfo, 3> k_states = {{
    {State::authorization, "the client identifies itself (USER/PASS, APOP or AUTH)", "RFC 1939 §4"},
    {State::transaction, "the maildrop is locked; the client lists, retrieves and marks messages",
     "RFC 1939 §5"},
    {State::update, "after QUIT: marked messages are removed, the lock released, the line closed",
     "RFC 1939 §6"},
}};

// Order matches CommandKind.
constexpr std::array<CommandRule, command_kind_count> k_commands = {{
    {CommandKind::user, true, false, "USER name", "names the mailbox; PASS must follow",
     "RFC 1939 §7"},
    {CommandKind::pass, true, false, "PASS string", "the password, sent right after USER",
     "RFC 1939 §7"},
    {CommandKind::apop, true, false, "APOP name digest",
     "logs in with MD5(greeting timestamp + secret): the password never crosses the wire",
     "RFC 1939 §7"},
    {CommandKind::auth, true, false, "AUTH mechanism [initial-response]",
     "logs in with a SASL mechanism (PLAIN)", "RFC 1734 §2"},
    {CommandKind::capa, true, true, "CAPA", "lists the server's capabilities", "RFC 2449 §5"},
    {CommandKind::stls, true, false, "STLS", "starts TLS on the plaintext connection",
     "RFC 2595 §4"},
    {CommandKind::quit, true, true, "QUIT",
     "ends the session; in TRANSACTION it commits the deletions (UPDATE)", "RFC 1939 §6"},
    {CommandKind::stat, false, true, "STAT", "message count and total size", "RFC 1939 §5"},
    {CommandKind::list, false, true, "LIST [msg]", "sizes of one or all messages", "RFC 1939 §5"},
    {CommandKind::retr, false, true, "RETR msg", "downloads a whole message", "RFC 1939 §5"},
    {CommandKind::dele, false, true, "DELE msg", "marks a message deleted; only QUIT removes it",
     "RFC 1939 §5"},
    {CommandKind::noop, false, true, "NOOP", "does nothing; keeps the session alive",
     "RFC 1939 §5"},
    {CommandKind::rset, false, true, "RSET", "unmarks every message marked deleted", "RFC 1939 §5"},
    {CommandKind::top, false, true, "TOP msg n", "the headers and the first n body lines",
     "RFC 1939 §7"},
    {CommandKind::uidl, false, true, "UIDL [msg]",
     "unique ids that stay the same across sessions (for leave-on-server)", "RFC 1939 §7"},
}};

constexpr std::array<Transition, 5> k_transitions = {{
    {State::authorization, "PASS, APOP or AUTH accepted and maildrop locked", State::transaction,
     "RFC 1939 §4"},
    {State::authorization, "STLS: TLS starts, the state stays AUTHORIZATION", State::authorization,
     "RFC 2595 §4"},
    {State::transaction, "QUIT", State::update, "RFC 1939 §6"},
    {State::authorization, "QUIT, too many failures, timeout or EOF: close without UPDATE",
     State::authorization, "RFC 1939 §3"},
    {State::transaction, "autologout timer or EOF: close WITHOUT UPDATE (nothing deleted)",
     State::transaction, "RFC 1939 §3"},
}};

}  // namespace

std::span<const StateInfo> state_infos() {
    return k_states;
}
std::span<const CommandRule> command_rules() {
    return k_commands;
}
std::span<const Transition> transitions() {
    return k_transitions;
}

const CommandRule& command_rule(CommandKind kind) {
    return k_commands[static_cast<std::size_t>(kind)];
}

bool command_allowed(State state, CommandKind kind) {
    const CommandRule& rule = command_rule(kind);
    switch (state) {
        case State::authorization:
            return rule.in_authorization;
        case State::transaction:
            return rule.in_transaction;
        case State::update:
            return false;
    }
    return false;
}

}  // namespace postlab::pop3
