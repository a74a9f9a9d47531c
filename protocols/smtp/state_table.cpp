// The SMTP server's state table; see state_table.hpp. RFC 5321 §4.1.4 (order of commands),
// §3.3 (a transaction), RFC 3207 §4 (STARTTLS), RFC 4954 §4 (AUTH).
#include "protocols/smtp/state_table.hpp"

#include <array>

#include "protocols/core/text.hpp"

namespace postlab::smtp {
namespace {

using S = ServerState;
using core::states_mask;
using core::transition;

constexpr std::uint32_t k_greeted = states_mask(S::need_helo, S::ready, S::mail, S::rcpt);

// Indexed by ServerState.
constexpr std::array<core::StateRow, 8> k_states{{
    {"waiting for EHLO", "greeted; the client must name itself (again after STARTTLS)", "RFC 5321 §4.1.1.1, RFC 3207 §4.2"},
    {"ready", "EHLO done, no mail transaction", "RFC 5321 §4.1.4"},
    {"MAIL accepted", "a transaction started; recipients come next", "RFC 5321 §3.3"},
    {"RCPT accepted", "at least one recipient accepted; DATA may follow", "RFC 5321 §3.3"},
    {"receiving DATA", "the message text after 354, up to CRLF.CRLF", "RFC 5321 §4.1.1.4"},
    {"AUTH exchange", "a SASL exchange with 334 challenges", "RFC 4954 §4"},
    {"TLS handshake", "220 to STARTTLS sent; the transport does the handshake", "RFC 3207 §4"},
    {"closed", "the session ended", "RFC 5321 §4.1.1.10"},
}};

// Indexed by Command (without `unknown`).
constexpr std::array<core::CommandRow, 12> k_commands{{
    // EHLO/HELO anywhere outside DATA; in a transaction it acts as RSET (RFC 5321 §4.1.4).
    {"HELO", k_greeted, "HELO domain", "HELO: the client names itself (no extensions: the old form of EHLO).", "RFC 5321 §4.1.1.1"},
    {"EHLO", k_greeted, "EHLO domain", "EHLO: the client names itself and asks for the server's extensions.", "RFC 5321 §4.1.1.1"},
    // MAIL only outside a transaction and after EHLO/HELO (RFC 5321 §4.1.4, §3.3).
    {"MAIL", states_mask(S::ready), "MAIL FROM:<reverse-path>", "MAIL FROM: starts a transaction with the envelope sender (bounces go here).", "RFC 5321 §4.1.1.2"},
    {"RCPT", states_mask(S::mail, S::rcpt), "RCPT TO:<forward-path>", "RCPT TO: one envelope recipient; the server accepts or refuses each.", "RFC 5321 §4.1.1.3"},
    // DATA needs at least one accepted recipient (RFC 5321 §3.3: 503 or 554 otherwise).
    {"DATA", states_mask(S::rcpt), "DATA", "DATA: the message text follows, ended by a line with a single dot.", "RFC 5321 §4.1.1.4"},
    {"RSET", k_greeted, "RSET", "RSET: abandons the current mail transaction.", "RFC 5321 §4.1.1.5"},
    {"NOOP", k_greeted, "NOOP", "NOOP: does nothing; the server answers 250.", "RFC 5321 §4.1.1.9"},
    {"QUIT", k_greeted, "QUIT", "QUIT: the client is done; the server answers 221 and closes.", "RFC 5321 §4.1.1.10"},
    {"VRFY", k_greeted, "VRFY string", "VRFY: asks whether an address exists (servers usually do not say).", "RFC 5321 §4.1.1.6"},
    {"HELP", k_greeted, "HELP [string]", "HELP: asks the server for help text.", "RFC 5321 §4.1.1.8"},
    // STARTTLS after EHLO and outside a transaction (RFC 3207 §4).
    {"STARTTLS", states_mask(S::ready), "STARTTLS", "STARTTLS: upgrade this plaintext connection to TLS, then start over with EHLO.", "RFC 3207 §4"},
    // AUTH not during a mail transaction (RFC 4954 §4).
    {"AUTH", states_mask(S::ready), "AUTH mechanism [initial-response]", "AUTH: log in with a SASL mechanism (PLAIN carries user and password in base64).", "RFC 4954 §4"},
}};

constexpr core::CommandRow k_unknown{"?", 0, "", "A command the server does not know.", "RFC 5321 §4.2.4"};

constexpr std::array<core::TransitionRow, 9> k_transitions{{
    transition(S::need_helo, "EHLO or HELO", S::ready, "RFC 5321 §4.1.1.1"),
    transition(S::ready, "MAIL accepted", S::mail, "RFC 5321 §3.3"),
    transition(S::mail, "RCPT accepted", S::rcpt, "RFC 5321 §3.3"),
    transition(S::rcpt, "DATA answered 354", S::data, "RFC 5321 §4.1.1.4"),
    transition(S::data, "CRLF.CRLF: the message is accepted or refused", S::ready, "RFC 5321 §4.1.1.4"),
    transition(S::ready, "AUTH: 334 challenges follow", S::auth, "RFC 4954 §4"),
    transition(S::auth, "235 or 535 ends the exchange", S::ready, "RFC 4954 §6"),
    transition(S::ready, "STARTTLS answered 220", S::tls_handshake, "RFC 3207 §4"),
    transition(S::tls_handshake, "TLS up: the session starts over", S::need_helo, "RFC 3207 §4.2"),
}};

constexpr core::StateTable k_table{k_states, k_commands, k_transitions};

constexpr std::array k_all_states{S::need_helo, S::ready, S::mail, S::rcpt, S::data, S::auth, S::tls_handshake, S::closed};
constexpr std::array k_all_commands{Command::helo, Command::ehlo, Command::mail, Command::rcpt,
                                    Command::data, Command::rset, Command::noop, Command::quit,
                                    Command::vrfy, Command::help, Command::starttls, Command::auth};

}  // namespace

const core::StateTable& state_table() { return k_table; }
std::span<const ServerState> all_server_states() { return k_all_states; }
std::span<const Command> all_commands() { return k_all_commands; }

const core::CommandRow& command_info(Command command) {
    const auto i = static_cast<std::size_t>(command);
    return i < k_commands.size() ? k_commands[i] : k_unknown;
}

std::optional<Command> command_from_verb(std::string_view verb) {
    for (const Command c : k_all_commands) {
        if (iequals(command_info(c).verb, verb)) return c;
    }
    return std::nullopt;
}

bool command_allowed(Command command, ServerState state) {
    return k_table.allowed(static_cast<std::size_t>(state), static_cast<std::size_t>(command));
}

std::string_view to_string(ServerState state) {
    const auto i = static_cast<std::size_t>(state);
    return i < k_states.size() ? k_states[i].name : "?";
}

std::string_view to_string(Command command) { return command_info(command).verb; }

}  // namespace postlab::smtp
