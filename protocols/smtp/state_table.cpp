// The SMTP command table; see state_table.hpp. RFC 5321 §4.1.4 (order of commands).
#include "protocols/smtp/state_table.hpp"

#include <array>

#include "protocols/core/text.hpp"

namespace postlab::smtp {
namespace {

constexpr std::uint32_t bit(ServerState s) { return 1u << static_cast<unsigned>(s); }

constexpr std::uint32_t k_greeted = bit(ServerState::need_helo) | bit(ServerState::ready) |
                                    bit(ServerState::mail) | bit(ServerState::rcpt);

constexpr std::array k_commands{
    // EHLO/HELO anywhere outside DATA; in a transaction it acts as RSET (RFC 5321 §4.1.4).
    CommandInfo{Command::ehlo, "EHLO", k_greeted, "RFC 5321 §4.1.1.1"},
    CommandInfo{Command::helo, "HELO", k_greeted, "RFC 5321 §4.1.1.1"},
    // MAIL only outside a transaction and after EHLO/HELO (RFC 5321 §4.1.4, §3.3).
    CommandInfo{Command::mail, "MAIL", bit(ServerState::ready), "RFC 5321 §4.1.1.2"},
    CommandInfo{Command::rcpt, "RCPT", bit(ServerState::mail) | bit(ServerState::rcpt),
                "RFC 5321 §4.1.1.3"},
    // DATA needs at least one accepted recipient (RFC 5321 §3.3: 503 or 554 otherwise).
    CommandInfo{Command::data, "DATA", bit(ServerState::rcpt), "RFC 5321 §4.1.1.4"},
    CommandInfo{Command::rset, "RSET", k_greeted, "RFC 5321 §4.1.1.5"},
    CommandInfo{Command::vrfy, "VRFY", k_greeted, "RFC 5321 §4.1.1.6"},
    CommandInfo{Command::help, "HELP", k_greeted, "RFC 5321 §4.1.1.8"},
    CommandInfo{Command::noop, "NOOP", k_greeted, "RFC 5321 §4.1.1.9"},
    CommandInfo{Command::quit, "QUIT", k_greeted, "RFC 5321 §4.1.1.10"},
    // STARTTLS after EHLO and outside a transaction (RFC 3207 §4).
    CommandInfo{Command::starttls, "STARTTLS", bit(ServerState::ready), "RFC 3207 §4"},
    // AUTH not during a mail transaction (RFC 4954 §4).
    CommandInfo{Command::auth, "AUTH", bit(ServerState::ready), "RFC 4954 §4"},
};

constexpr CommandInfo k_unknown{Command::unknown, "?", 0, "RFC 5321 §4.2.4"};

constexpr std::array k_states{ServerState::need_helo, ServerState::ready, ServerState::mail,
                              ServerState::rcpt,      ServerState::data,  ServerState::auth,
                              ServerState::tls_handshake, ServerState::closed};

}  // namespace

std::span<const CommandInfo> command_table() { return k_commands; }
std::span<const ServerState> all_server_states() { return k_states; }

const CommandInfo& command_info(Command command) {
    for (const auto& info : k_commands) {
        if (info.command == command) return info;
    }
    return k_unknown;
}

std::optional<Command> command_from_verb(std::string_view verb) {
    for (const auto& info : k_commands) {
        if (iequals(info.verb, verb)) return info.command;
    }
    return std::nullopt;
}

bool command_allowed(Command command, ServerState state) {
    return (command_info(command).allowed_states & bit(state)) != 0;
}

std::string_view to_string(ServerState state) {
    switch (state) {
        case ServerState::need_helo: return "waiting for EHLO";
        case ServerState::ready: return "ready";
        case ServerState::mail: return "MAIL accepted";
        case ServerState::rcpt: return "RCPT accepted";
        case ServerState::data: return "receiving DATA";
        case ServerState::auth: return "AUTH exchange";
        case ServerState::tls_handshake: return "TLS handshake";
        case ServerState::closed: return "closed";
    }
    return "?";
}

std::string_view to_string(Command command) { return command_info(command).verb; }

}  // namespace postlab::smtp
