// The IMAP command table; see state_table.hpp. Sections: RFC 9051 §6 unless named otherwise.
#include "protocols/imap/state_table.hpp"

#include <array>

#include "protocols/core/text.hpp"

namespace postlab::imap {
namespace {

using K = CommandKind;

constexpr std::array<CommandRule, 35> k_rules{{
    {K::capability, "CAPABILITY", true, true, true, "CAPABILITY", "RFC 9051 §6.1.1"},
    {K::noop, "NOOP", true, true, true, "NOOP", "RFC 9051 §6.1.2"},
    {K::logout, "LOGOUT", true, true, true, "LOGOUT", "RFC 9051 §6.1.3"},
    {K::starttls, "STARTTLS", true, false, false, "STARTTLS", "RFC 9051 §6.2.1"},
    {K::authenticate, "AUTHENTICATE", true, false, false, "AUTHENTICATE mechanism [initial]",
     "RFC 9051 §6.2.2, RFC 4959"},
    {K::login, "LOGIN", true, false, false, "LOGIN user password", "RFC 9051 §6.2.3"},
    {K::enable, "ENABLE", false, true, false, "ENABLE capability...", "RFC 9051 §6.3.1"},
    {K::select, "SELECT", false, true, true, "SELECT mailbox [(CONDSTORE)]", "RFC 9051 §6.3.2"},
    {K::examine, "EXAMINE", false, true, true, "EXAMINE mailbox", "RFC 9051 §6.3.3"},
    {K::create, "CREATE", false, true, true, "CREATE mailbox", "RFC 9051 §6.3.4"},
    {K::delete_mailbox, "DELETE", false, true, true, "DELETE mailbox", "RFC 9051 §6.3.5"},
    {K::rename, "RENAME", false, true, true, "RENAME old new", "RFC 9051 §6.3.6"},
    {K::subscribe, "SUBSCRIBE", false, true, true, "SUBSCRIBE mailbox", "RFC 9051 §6.3.7"},
    {K::unsubscribe, "UNSUBSCRIBE", false, true, true, "UNSUBSCRIBE mailbox", "RFC 9051 §6.3.8"},
    {K::list, "LIST", false, true, true, "LIST reference pattern", "RFC 9051 §6.3.9"},
    {K::lsub, "LSUB", false, true, true, "LSUB reference pattern", "RFC 3501 §6.3.9"},
    {K::namespace_, "NAMESPACE", false, true, true, "NAMESPACE", "RFC 9051 §6.3.10"},
    {K::status, "STATUS", false, true, true, "STATUS mailbox (items)", "RFC 9051 §6.3.11"},
    {K::append, "APPEND", false, true, true, "APPEND mailbox [flags] [date] literal",
     "RFC 9051 §6.3.12"},
    {K::idle, "IDLE", false, true, true, "IDLE ... DONE", "RFC 9051 §6.3.13, RFC 2177"},
    {K::check, "CHECK", false, false, true, "CHECK", "RFC 3501 §6.4.1"},
    {K::close, "CLOSE", false, false, true, "CLOSE", "RFC 9051 §6.4.1"},
    {K::unselect, "UNSELECT", false, false, true, "UNSELECT", "RFC 9051 §6.4.2"},
    {K::expunge, "EXPUNGE", false, false, true, "EXPUNGE", "RFC 9051 §6.4.3"},
    {K::search, "SEARCH", false, false, true, "SEARCH [RETURN (...)] criteria",
     "RFC 9051 §6.4.4"},
    {K::fetch, "FETCH", false, false, true, "FETCH set items [(CHANGEDSINCE n)]",
     "RFC 9051 §6.4.5"},
    {K::store, "STORE", false, false, true, "STORE set [(UNCHANGEDSINCE n)] [+-]FLAGS flags",
     "RFC 9051 §6.4.6"},
    {K::copy, "COPY", false, false, true, "COPY set mailbox", "RFC 9051 §6.4.7"},
    {K::move, "MOVE", false, false, true, "MOVE set mailbox", "RFC 9051 §6.4.8, RFC 6851"},
    {K::uid_copy, "UID COPY", false, false, true, "UID COPY uids mailbox", "RFC 9051 §6.4.9"},
    {K::uid_move, "UID MOVE", false, false, true, "UID MOVE uids mailbox", "RFC 9051 §6.4.9"},
    {K::uid_fetch, "UID FETCH", false, false, true, "UID FETCH uids items", "RFC 9051 §6.4.9"},
    {K::uid_search, "UID SEARCH", false, false, true, "UID SEARCH criteria", "RFC 9051 §6.4.9"},
    {K::uid_store, "UID STORE", false, false, true, "UID STORE uids [+-]FLAGS flags",
     "RFC 9051 §6.4.9"},
    {K::uid_expunge, "UID EXPUNGE", false, false, true, "UID EXPUNGE uids",
     "RFC 9051 §6.4.9, RFC 4315 §2.1"},
}};

constexpr std::array<Transition, 8> k_transitions{{
    {State::not_authenticated, "LOGIN or AUTHENTICATE succeeded", State::authenticated,
     "RFC 9051 §3.1"},
    {State::authenticated, "SELECT or EXAMINE succeeded", State::selected, "RFC 9051 §3.2"},
    {State::selected, "SELECT or EXAMINE of another mailbox succeeded", State::selected,
     "RFC 9051 §6.3.2"},
    {State::selected, "CLOSE, UNSELECT, or a failed SELECT", State::authenticated,
     "RFC 9051 §3.3"},
    {State::not_authenticated, "LOGOUT, autologout or a fatal error", State::logout,
     "RFC 9051 §3.4"},
    {State::authenticated, "LOGOUT, autologout or a fatal error", State::logout,
     "RFC 9051 §3.4"},
    {State::selected, "LOGOUT, autologout or a fatal error", State::logout, "RFC 9051 §3.4"},
    {State::not_authenticated, "greeting PREAUTH (not offered here)", State::authenticated,
     "RFC 9051 §7.1.4"},
}};

}  // namespace

std::span<const CommandRule> command_rules() { return k_rules; }
std::span<const Transition> transitions() { return k_transitions; }

std::optional<CommandKind> parse_command_name(std::string_view name) {
    for (const auto& rule : k_rules) {
        if (iequals(rule.name, name)) return rule.kind;
    }
    return std::nullopt;
}

const CommandRule& command_rule(CommandKind kind) {
    return k_rules[static_cast<std::size_t>(kind)];
}

bool command_allowed(State state, CommandKind kind) {
    const CommandRule& rule = command_rule(kind);
    switch (state) {
        case State::not_authenticated: return rule.in_not_authenticated;
        case State::authenticated: return rule.in_authenticated;
        case State::selected: return rule.in_selected;
        case State::logout: return false;
    }
    return false;
}

}  // namespace postlab::imap
