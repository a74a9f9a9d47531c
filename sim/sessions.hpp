// The protocol sessions a simulated connection can carry (protocols/core/session.hpp's
// SansIoSession), as one copyable variant so a connection side holds its session by value.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "protocols/imap/client.hpp"
#include "protocols/imap/server.hpp"
#include "protocols/pop3/client.hpp"
#include "protocols/pop3/server.hpp"
#include "protocols/smtp/client.hpp"
#include "protocols/smtp/server.hpp"

namespace postlab::sim {

using AnySession =
    std::variant<smtp::Server, smtp::Client, pop3::Server, pop3::Client, imap::Server, imap::Client>;

std::string_view protocol_of(const AnySession& session);  // "smtp", "pop3", "imap"
std::string state_of(const AnySession& session);          // the protocol's state(), as text
bool is_server(const AnySession& session);

}  // namespace postlab::sim
