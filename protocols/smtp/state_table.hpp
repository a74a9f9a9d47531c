// The SMTP server's states and which command is allowed in each (Postfix smtpd.c's command
// table, as data a UI can draw). Sequencing follows RFC 5321 §4.1.4 and §3.3, STARTTLS RFC 3207
// §4, AUTH RFC 4954 §4. Policy (relay, AUTH required, TLS required) is the server's, not here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "protocols/core/state_table.hpp"

namespace postlab::smtp {

// Order is the table's row order (state_table.cpp).
enum class ServerState {
    need_helo,      // greeted, waiting for EHLO / HELO (again after STARTTLS, RFC 3207 §4.2)
    ready,          // EHLO done, no mail transaction
    mail,           // MAIL accepted, no recipient accepted yet
    rcpt,           // at least one recipient accepted
    data,           // receiving the message text after 354
    auth,           // in a SASL exchange (334 challenges)
    tls_handshake,  // 220 to STARTTLS sent; the transport is doing the handshake
    closed,
};

// Order is the table's row order (state_table.cpp).
enum class Command { helo, ehlo, mail, rcpt, data, rset, noop, quit, vrfy, help, starttls, auth, unknown };

// The table (protocols/core/state_table.hpp): rows indexed by ServerState and by Command.
const core::StateTable& state_table();
std::span<const ServerState> all_server_states();
std::span<const Command> all_commands();  // every command but `unknown`
const core::CommandRow& command_info(Command command);  // `unknown`: verb "?", allowed nowhere
std::optional<Command> command_from_verb(std::string_view verb);  // case-insensitive
bool command_allowed(Command command, ServerState state);
std::string_view to_string(ServerState state);
std::string_view to_string(Command command);  // the verb, "?" for unknown

}  // namespace postlab::smtp
