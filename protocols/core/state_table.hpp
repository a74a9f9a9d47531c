// The one state-table type every protocol uses (DESIGN.md §2): its states, its commands with the
// states each is allowed in, and the transitions between states, as data that the server checks
// commands against (Postfix smtpd.c's command table) and the UI and explanations read (h11's
// state table). A protocol keeps typed enums for its states and commands; the enum's value is the
// row's index here, so `allowed(state, command)` is a bit test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace postlab::core {

struct StateRow {
    std::string_view name;     // "AUTHORIZATION", "need_helo": as the trace prints the state
    std::string_view summary;  // one line for the UI
    std::string_view rfc;
};

struct CommandRow {
    std::string_view verb;          // upper case as on the wire; "UID FETCH" for two-word forms
    std::uint32_t allowed_states;   // bit (1 << state index)
    std::string_view syntax;        // "TOP msg n"
    std::string_view summary;       // what it does, for the explanation pane
    std::string_view rfc;           // where the command and its sequencing are defined
};

struct TransitionRow {
    std::uint8_t from;
    std::string_view trigger;  // what makes it happen, e.g. "PASS accepted and maildrop locked"
    std::uint8_t to;
    std::string_view rfc;
};

struct StateTable {
    std::span<const StateRow> states;
    std::span<const CommandRow> commands;  // indexed by the protocol's command enum
    std::span<const TransitionRow> transitions;

    bool allowed(std::size_t state, std::size_t command) const {
        return command < commands.size() && state < 32 && (commands[command].allowed_states >> state & 1u) != 0;
    }
    // Case-insensitive; spaces and underscores match ("UID_FETCH" finds "UID FETCH").
    const CommandRow* find_command(std::string_view verb) const;
};

// Bit mask of states for CommandRow::allowed_states.
template <class... States>
constexpr std::uint32_t states_mask(States... states) {
    return ((std::uint32_t{1} << static_cast<unsigned>(states)) | ... | 0u);
}

// A TransitionRow from the protocol's own state enum.
template <class State>
constexpr TransitionRow transition(State from, std::string_view trigger, State to, std::string_view rfc) {
    return {static_cast<std::uint8_t>(from), trigger, static_cast<std::uint8_t>(to), rfc};
}

}  // namespace postlab::core
