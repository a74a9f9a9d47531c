// The IMAP command table; see state_table.hpp. Sections: RFC 9051 §6 unless named otherwise.
#include "protocols/imap/state_table.hpp"

#include <array>

#include "protocols/core/text.hpp"

namespace postlab::imap {
namespace {

using S = State;
using core::states_mask;
using core::transition;

// Indexed by State.
constexpr std::array<core::StateRow, 4> k_states{{
    {"not authenticated", "greeted; the client must log in (LOGIN or AUTHENTICATE)", "RFC 9051 §3.1"},
    {"authenticated", "logged in; the client selects a mailbox or manages mailboxes", "RFC 9051 §3.2"},
    {"selected", "a mailbox is selected: its messages can be fetched, searched, flagged", "RFC 9051 §3.3"},
    {"logout", "the connection is being closed", "RFC 9051 §3.4"},
}};

// Indexed by CommandKind. The summary is left empty: the explanation reads "IMAP " + syntax.
constexpr std::array<core::CommandRow, 35> k_rules{{
    {"CAPABILITY", states_mask(S::not_authenticated, S::authenticated, S::selected), "CAPABILITY", "", "RFC 9051 §6.1.1"},
    {"NOOP", states_mask(S::not_authenticated, S::authenticated, S::selected), "NOOP", "", "RFC 9051 §6.1.2"},
    {"LOGOUT", states_mask(S::not_authenticated, S::authenticated, S::selected), "LOGOUT", "", "RFC 9051 §6.1.3"},
    {"STARTTLS", states_mask(S::not_authenticated), "STARTTLS", "", "RFC 9051 §6.2.1"},
    {"AUTHENTICATE", states_mask(S::not_authenticated), "AUTHENTICATE mechanism [initial]", "", "RFC 9051 §6.2.2, RFC 4959"},
    {"LOGIN", states_mask(S::not_authenticated), "LOGIN user password", "", "RFC 9051 §6.2.3"},
    {"ENABLE", states_mask(S::authenticated), "ENABLE capability...", "", "RFC 9051 §6.3.1"},
    {"SELECT", states_mask(S::authenticated, S::selected), "SELECT mailbox [(CONDSTORE)]", "", "RFC 9051 §6.3.2"},
    {"EXAMINE", states_mask(S::authenticated, S::selected), "EXAMINE mailbox", "", "RFC 9051 §6.3.3"},
    {"CREATE", states_mask(S::authenticated, S::selected), "CREATE mailbox", "", "RFC 9051 §6.3.4"},
    {"DELETE", states_mask(S::authenticated, S::selected), "DELETE mailbox", "", "RFC 9051 §6.3.5"},
    {"RENAME", states_mask(S::authenticated, S::selected), "RENAME old new", "", "RFC 9051 §6.3.6"},
    {"SUBSCRIBE", states_mask(S::authenticated, S::selected), "SUBSCRIBE mailbox", "", "RFC 9051 §6.3.7"},
    {"UNSUBSCRIBE", states_mask(S::authenticated, S::selected), "UNSUBSCRIBE mailbox", "", "RFC 9051 §6.3.8"},
    {"LIST", states_mask(S::authenticated, S::selected), "LIST reference pattern", "", "RFC 9051 §6.3.9"},
    {"LSUB", states_mask(S::authenticated, S::selected), "LSUB reference pattern", "", "RFC 3501 §6.3.9"},
    {"NAMESPACE", states_mask(S::authenticated, S::selected), "NAMESPACE", "", "RFC 9051 §6.3.10"},
    {"STATUS", states_mask(S::authenticated, S::selected), "STATUS mailbox (items)", "", "RFC 9051 §6.3.11"},
    {"APPEND", states_mask(S::authenticated, S::selected), "APPEND mailbox [flags] [date] literal", "", "RFC 9051 §6.3.12"},
    {"IDLE", states_mask(S::authenticated, S::selected), "IDLE ... DONE", "", "RFC 9051 §6.3.13, RFC 2177"},
    {"CHECK", states_mask(S::selected), "CHECK", "", "RFC 3501 §6.4.1"},
    {"CLOSE", states_mask(S::selected), "CLOSE", "", "RFC 9051 §6.4.1"},
    {"UNSELECT", states_mask(S::selected), "UNSELECT", "", "RFC 9051 §6.4.2"},
    {"EXPUNGE", states_mask(S::selected), "EXPUNGE", "", "RFC 9051 §6.4.3"},
    {"SEARCH", states_mask(S::selected), "SEARCH [RETURN (...)] criteria", "", "RFC 9051 §6.4.4"},
    {"FETCH", states_mask(S::selected), "FETCH set items [(CHANGEDSINCE n)]", "", "RFC 9051 §6.4.5"},
    {"STORE", states_mask(S::selected), "STORE set [(UNCHANGEDSINCE n)] [+-]FLAGS flags", "", "RFC 9051 §6.4.6"},
    {"COPY", states_mask(S::selected), "COPY set mailbox", "", "RFC 9051 §6.4.7"},
    {"MOVE", states_mask(S::selected), "MOVE set mailbox", "", "RFC 9051 §6.4.8, RFC 6851"},
    {"UID COPY", states_mask(S::selected), "UID COPY uids mailbox", "", "RFC 9051 §6.4.9"},
    {"UID MOVE", states_mask(S::selected), "UID MOVE uids mailbox", "", "RFC 9051 §6.4.9"},
    {"UID FETCH", states_mask(S::selected), "UID FETCH uids items", "", "RFC 9051 §6.4.9"},
    {"UID SEARCH", states_mask(S::selected), "UID SEARCH criteria", "", "RFC 9051 §6.4.9"},
    {"UID STORE", states_mask(S::selected), "UID STORE uids [+-]FLAGS flags", "", "RFC 9051 §6.4.9"},
    {"UID EXPUNGE", states_mask(S::selected), "UID EXPUNGE uids", "", "RFC 9051 §6.4.9, RFC 4315 §2.1"},
}};

constexpr std::array<core::TransitionRow, 8> k_transitions{{
    transition(State::not_authenticated, "LOGIN or AUTHENTICATE succeeded", State::authenticated, "RFC 9051 §3.1"),
    transition(State::authenticated, "SELECT or EXAMINE succeeded", State::selected, "RFC 9051 §3.2"),
    transition(State::selected, "SELECT or EXAMINE of another mailbox succeeded", State::selected, "RFC 9051 §6.3.2"),
    transition(State::selected, "CLOSE, UNSELECT, or a failed SELECT", State::authenticated, "RFC 9051 §3.3"),
    transition(State::not_authenticated, "LOGOUT, autologout or a fatal error", State::logout, "RFC 9051 §3.4"),
    transition(State::authenticated, "LOGOUT, autologout or a fatal error", State::logout, "RFC 9051 §3.4"),
    transition(State::selected, "LOGOUT, autologout or a fatal error", State::logout, "RFC 9051 §3.4"),
    transition(State::not_authenticated, "greeting PREAUTH (not offered here)", State::authenticated, "RFC 9051 §7.1.4"),
}};

constexpr core::StateTable k_table{k_states, k_rules, k_transitions};

}  // namespace

const core::StateTable& state_table() { return k_table; }

std::optional<CommandKind> parse_command_name(std::string_view name) {
    for (std::size_t i = 0; i < k_rules.size(); ++i) {
        if (iequals(k_rules[i].verb, name)) return static_cast<CommandKind>(i);
    }
    return std::nullopt;
}

const core::CommandRow& command_rule(CommandKind kind) { return k_rules[static_cast<std::size_t>(kind)]; }

bool command_allowed(State state, CommandKind kind) {
    return k_table.allowed(static_cast<std::size_t>(state), static_cast<std::size_t>(kind));
}

std::string_view to_string(State state) { return k_states[static_cast<std::size_t>(state)].name; }

}  // namespace postlab::imap
