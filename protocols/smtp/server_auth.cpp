// SMTP server: AUTH (RFC 4954 §4) with SASL PLAIN (RFC 4616) and LOGIN. Offered only under TLS
// unless configured otherwise (RFC 4954 §4, RFC 8314 §3); 538 when tried in plaintext (RFC
// 4954 §6); failed attempts are counted and end the session at the limit.
#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/smtp/server.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::smtp {

bool Server::auth_offered() const { return m_tls || !m_config.auth_requires_tls; }

void Server::on_auth(const CommandLine& command, const SessionContext& ctx) {
    if (!m_auth_user.empty()) {
        reply(reply_code<503>, "5.5.1", "Error: already authenticated");  // RFC 4954 §4
        return;
    }
    if (!auth_offered()) {
        reply(reply_code<538>, "5.7.11", "Encryption required for requested authentication mechanism");
        return;
    }
    const auto words = split_words(command.argument);
    if (words.empty() || words.size() > 2) {
        reply(reply_code<501>, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
        return;
    }
    const auto mechanism = parse_sasl_mechanism(words[0]);
    if (!mechanism) {
        reply(reply_code<504>, "5.5.4", "Unrecognized authentication type");
        return;
    }
    m_sasl.emplace(*mechanism);
    const auto initial = words.size() == 2 ? std::optional<std::string_view>(words[1]) : std::nullopt;
    finish_sasl(m_sasl->start(initial), ctx);
}

void Server::on_auth_response(const Line& line, const SessionContext& ctx) {
    if (!m_sasl) {
        m_state = idle_state();
        return;
    }
    if (line.error != LineError::none) {
        violation(fmt::format("SASL response line: {}", to_string(line.error)), "RFC 4954 §4");
        finish_sasl({SaslServer::Status::malformed, "", std::nullopt}, ctx);
        return;
    }
    finish_sasl(m_sasl->respond(line.text), ctx);
}

void Server::finish_sasl(const SaslServer::Step& step, const SessionContext& ctx) {
    switch (step.status) {
        case SaslServer::Status::challenge:
            m_state = ServerState::auth;
            m_output += fmt::format("334 {}\r\n", step.challenge);  // RFC 4954 §4
            return;
        case SaslServer::Status::cancelled:
            m_sasl.reset();
            m_state = idle_state();
            reply(reply_code<501>, "5.7.0", "Authentication aborted");  // RFC 4954 §4: "*"
            return;
        case SaslServer::Status::malformed:
            m_sasl.reset();
            m_state = idle_state();
            reply(reply_code<501>, "5.5.2", "Cannot decode response");  // RFC 4954 §4
            return;
        case SaslServer::Status::done:
            m_sasl.reset();
            m_state = idle_state();
            if (step.credentials) check_credentials(*step.credentials, ctx);
            return;
    }
}

void Server::check_credentials(const SaslCredentials& credentials, const SessionContext& ctx) {
    // Acting as another user (authzid) is not allowed here.
    const bool own_identity = credentials.authzid.empty() || credentials.authzid == credentials.authcid;
    const Account* account = own_identity && ctx.store != nullptr
                                 ? ctx.store->authenticate(credentials.authcid, credentials.password)
                                 : nullptr;
    if (account != nullptr) {
        m_auth_user = account->address;
        reply(reply_code<235>, "2.7.0", "Authentication successful");
        emit(EventKind::auth_succeeded, fmt::format("{} authenticated", m_auth_user), "RFC 4954 §4");
        return;
    }
    ++m_auth_failures;
    emit(EventKind::auth_failed,
         fmt::format("authentication failed for {} ({} of {})", printable(credentials.authcid, 80),
                     m_auth_failures, m_config.auth_failures_max),
         "RFC 4954 §4");
    m_events.back().user = credentials.authcid;
    if (m_auth_failures >= m_config.auth_failures_max) {
        reply(reply_code<421>, "4.7.0",
              fmt::format("{} Error: too many failed authentication attempts", m_config.hostname));
        close("too many failed authentication attempts");
        return;
    }
    reply(reply_code<535>, "5.7.8", "Authentication credentials invalid");  // RFC 4954 §6
}

}  // namespace postlab::smtp
