// The POP3 state machine as data; see state_table.hpp (RFC 1939 §3-§7, RFC 2449 §5,
// RFC 2595 §4, RFC 1734 §2).
#include "protocols/pop3/state_table.hpp"

#include <array>

#include "protocols/core/text.hpp"

namespace postlab::pop3 {
namespace {

using core::states_mask;
using core::transition;
using S = State;
constexpr std::uint32_t k_auth = states_mask(S::authorization);
constexpr std::uint32_t k_trans = states_mask(S::transaction);
constexpr std::uint32_t k_both = states_mask(S::authorization, S::transaction);

// Indexed by State. No command is allowed in UPDATE: the server is committing and leaving.
constexpr std::array<core::StateRow, 3> k_states = {{
    {"AUTHORIZATION", "the client identifies itself (USER/PASS, APOP or AUTH)", "RFC 1939 §4"},
    {"TRANSACTION", "the maildrop is locked; the client lists, retrieves and marks messages", "RFC 1939 §5"},
    {"UPDATE", "after QUIT: marked messages are removed, the lock released, the line closed", "RFC 1939 §6"},
}};

// Indexed by CommandKind.
constexpr std::array<core::CommandRow, command_kind_count> k_commands = {{
    {"USER", k_auth, "USER name", "names the mailbox; PASS must follow", "RFC 1939 §7"},
    {"PASS", k_auth, "PASS string", "the password, sent right after USER", "RFC 1939 §7"},
    {"APOP", k_auth, "APOP name digest",
     "logs in with MD5(greeting timestamp + secret): the password never crosses the wire", "RFC 1939 §7"},
    {"AUTH", k_auth, "AUTH mechanism [initial-response]", "logs in with a SASL mechanism (PLAIN)", "RFC 1734 §2"},
    {"CAPA", k_both, "CAPA", "lists the server's capabilities", "RFC 2449 §5"},
    {"STLS", k_auth, "STLS", "starts TLS on the plaintext connection", "RFC 2595 §4"},
    {"QUIT", k_both, "QUIT", "ends the session; in TRANSACTION it commits the deletions (UPDATE)", "RFC 1939 §6"},
    {"STAT", k_trans, "STAT", "message count and total size", "RFC 1939 §5"},
    {"LIST", k_trans, "LIST [msg]", "sizes of one or all messages", "RFC 1939 §5"},
    {"RETR", k_trans, "RETR msg", "downloads a whole message", "RFC 1939 §5"},
    {"DELE", k_trans, "DELE msg", "marks a message deleted; only QUIT removes it", "RFC 1939 §5"},
    {"NOOP", k_trans, "NOOP", "does nothing; keeps the session alive", "RFC 1939 §5"},
    {"RSET", k_trans, "RSET", "unmarks every message marked deleted", "RFC 1939 §5"},
    {"TOP", k_trans, "TOP msg n", "the headers and the first n body lines", "RFC 1939 §7"},
    {"UIDL", k_trans, "UIDL [msg]", "unique ids that stay the same across sessions (for leave-on-server)", "RFC 1939 §7"},
}};

constexpr std::array<core::TransitionRow, 5> k_transitions = {{
    transition(S::authorization, "PASS, APOP or AUTH accepted and maildrop locked", S::transaction, "RFC 1939 §4"),
    transition(S::authorization, "STLS: TLS starts, the state stays AUTHORIZATION", S::authorization, "RFC 2595 §4"),
    transition(S::transaction, "QUIT", S::update, "RFC 1939 §6"),
    transition(S::authorization, "QUIT, too many failures, timeout or EOF: close without UPDATE", S::authorization,
               "RFC 1939 §3"),
    transition(S::transaction, "autologout timer or EOF: close WITHOUT UPDATE (nothing deleted)", S::transaction,
               "RFC 1939 §3"),
}};

constexpr core::StateTable k_table{k_states, k_commands, k_transitions};

}  // namespace

const core::StateTable& state_table() { return k_table; }

const core::CommandRow& command_rule(CommandKind kind) { return k_commands[static_cast<std::size_t>(kind)]; }

bool command_allowed(State state, CommandKind kind) {
    return k_table.allowed(static_cast<std::size_t>(state), static_cast<std::size_t>(kind));
}

std::string_view to_string(State state) { return k_states[static_cast<std::size_t>(state)].name; }

std::string_view keyword(CommandKind kind) { return command_rule(kind).verb; }

std::optional<CommandKind> parse_keyword(std::string_view word) {
    for (std::size_t i = 0; i < k_commands.size(); ++i) {
        if (iequals(word, k_commands[i].verb)) return static_cast<CommandKind>(i);
    }
    return std::nullopt;
}

}  // namespace postlab::pop3
