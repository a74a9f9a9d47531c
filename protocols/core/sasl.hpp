// SASL mechanisms PLAIN (RFC 4616) and LOGIN (draft-murchison-sasl-login-00), both sides, as
// small step machines that any protocol frames in its own way (SMTP "334", POP3 and IMAP "+").
// Challenges and responses here are base64 text, as they cross the wire.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace postlab {

enum class SaslMechanism { plain, login };

std::optional<SaslMechanism> parse_sasl_mechanism(std::string_view name);  // case-insensitive
std::string_view to_string(SaslMechanism mechanism);

struct SaslCredentials {
    std::string authzid;  // empty: act as authcid
    std::string authcid;  // the user name
    std::string password;
};

class SaslServer {
public:
    enum class Status {
        challenge,  // send `challenge` (base64) and wait for the next response line
        done,       // credentials are complete; the protocol checks them
        cancelled,  // the client sent "*" (RFC 4954 §4: reply 501)
        malformed,  // not base64, or not the mechanism's format
    };
    struct Step {
        Status status;
        std::string challenge;  // base64; may be empty
        std::optional<SaslCredentials> credentials;
    };

    explicit SaslServer(SaslMechanism mechanism) : m_mechanism(mechanism) {}

    // `initial_response` as sent after the mechanism name ("=" means an empty response).
    Step start(std::optional<std::string_view> initial_response);
    Step respond(std::string_view line);

    SaslMechanism mechanism() const { return m_mechanism; }

private:
    Step accept_decoded(const std::string& decoded);

    SaslMechanism m_mechanism;
    int m_round = 0;
    std::string m_login_user;
};

class SaslClient {
public:
    SaslClient(SaslMechanism mechanism, SaslCredentials credentials)
        : m_mechanism(mechanism), m_credentials(std::move(credentials)) {}

    // PLAIN sends everything as the initial response; LOGIN waits to be asked.
    std::optional<std::string> initial_response() const;
    // The base64 response to a server challenge (LOGIN: username, then password).
    std::string respond(std::string_view challenge);

    SaslMechanism mechanism() const { return m_mechanism; }

private:
    SaslMechanism m_mechanism;
    SaslCredentials m_credentials;
    int m_round = 0;
};

}  // namespace postlab
