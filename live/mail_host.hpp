// The wiring behind `postlab serve`: one domain's MailStore served over real loopback sockets by
// our SMTP (relay, submission), POP3 and IMAP server sessions, with delivery done here on the SMTP
// server's message_accepted event (the session accepts, the host delivers: RFC 5321 §4.4, §6.1),
// and IMAP sessions woken when another connection changed their account (RFC 2177 IDLE).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "live/endpoint.hpp"
#include "protocols/core/protocol_id.hpp"

namespace postlab {
class MailStore;
}

namespace postlab::live {

// The registry's services (protocols/registry.hpp); served here: smtp (the port 25 role: mail
// for local users from anyone, no relaying), submission (AUTH before MAIL, RFC 6409 §4.3), pop3
// (each user's INBOX) and imap (all folders of each account). Plaintext only for now.
using Service = ServiceId;

std::string_view to_string(Service service);  // the registry's name

struct ServiceSpec {
    Service service;
    Endpoint endpoint;
};

struct MailUser {
    std::string address;  // "alice@example.test"
    std::string password;
};

struct MailHostConfig {
    std::string domain;  // "example.test"
    std::vector<MailUser> users;
    std::vector<ServiceSpec> services;
};

class MailHost {
public:
    using Log = std::function<void(std::string_view)>;

    MailHost(MailHostConfig config, Log log);
    ~MailHost();
    MailHost(const MailHost&) = delete;
    MailHost& operator=(const MailHost&) = delete;

    // Creates the accounts and binds every listener. Returns an error message (and binds
    // nothing that stays open) on failure, empty on success.
    std::string open();
    // The bound port of service number `index` (in MailHostConfig::services order).
    std::uint16_t port(std::size_t index) const;
    // Serves until SIGINT or SIGTERM (or stop()); then closes everything.
    void run_until_signal();
    void stop();

    MailStore& store();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace postlab::live
