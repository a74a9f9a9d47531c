// Which protocol a session speaks and the state it is in, for the trace and the UI: every
// session says so itself (protocols/core/session.hpp), so nothing here knows a protocol.
#include "sim/sessions.hpp"

#include <type_traits>

#include "protocols/registry.hpp"

namespace postlab::sim {

ProtocolId protocol_of(const AnySession& session) {
    return std::visit([](const auto& s) { return std::decay_t<decltype(s)>::protocol_id; }, session);
}

AnySession server_session(ServiceId service, const std::string& hostname) {
    const ServiceDescriptor& d = descriptor(service);
    switch (d.protocol) {
        case ProtocolId::smtp: {
            smtp::ServerConfig config;
            config.role = service == ServiceId::smtp ? smtp::Role::relay
                                                     : (d.implicit_tls ? smtp::Role::submissions : smtp::Role::submission);
            config.hostname = hostname;
            return smtp::Server(config);
        }
        case ProtocolId::pop3: {
            pop3::ServerConfig config;
            config.hostname = hostname;
            config.implicit_tls = d.implicit_tls;
            return pop3::Server(config);
        }
        // The registry's services are SMTP, POP3 and IMAP; a service of another protocol adds its
        // session to AnySession and a case here.
        default: {
            imap::ServerConfig config;
            config.hostname = hostname;
            config.implicit_tls = d.implicit_tls;
            return imap::Server(config);
        }
    }
}

std::string state_of(const AnySession& session) {
    return std::visit([](const auto& s) { return std::string(s.state_name()); }, session);
}

}  // namespace postlab::sim
