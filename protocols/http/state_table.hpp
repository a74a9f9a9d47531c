// The HTTP/1.1 connection as data (RFC 9112 §9, RFC 9110 §9): a server connection's states, the
// methods as commands with the states a request may start in, and the transitions, for the UI
// to draw and the server session to report (core::StateTable, DESIGN.md §2).
#pragma once

#include <cstdint>
#include <string_view>

#include "protocols/core/state_table.hpp"

namespace postlab::http {

// The value is the row index in state_table().states.
enum class ConnectionState : std::uint8_t { idle, reading_headers, reading_body, writing_response, closed };

std::string_view to_string(ConnectionState state);  // "idle", "reading_headers", ...

// States, methods (indexed by http::Method) and transitions.
const core::StateTable& state_table();

}  // namespace postlab::http
