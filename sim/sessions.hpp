// The protocol sessions a simulated connection can carry (protocols/core/session.hpp's
// SansIoSession), as one copyable variant so a connection side holds its session by value.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "protocols/core/protocol_id.hpp"
#include "protocols/imap/client.hpp"
#include "protocols/imap/server.hpp"
#include "protocols/pop3/client.hpp"
#include "protocols/pop3/server.hpp"
#include "protocols/smtp/client.hpp"
#include "protocols/smtp/server.hpp"

namespace postlab::sim {

using AnySession =
    std::variant<smtp::Server, smtp::Client, pop3::Server, pop3::Client, imap::Server, imap::Client>;

ProtocolId protocol_of(const AnySession& session);
// The server session a mail host runs for a service (its role and TLS: protocols/registry.hpp).
AnySession server_session(ServiceId service, const std::string& hostname);
std::string state_of(const AnySession& session);  // its state_name()

}  // namespace postlab::sim
