// IMAP server: session-wide and not-authenticated commands (CAPABILITY, LOGOUT, STARTTLS,
// LOGIN, AUTHENTICATE with SASL-IR) plus ENABLE and IDLE (RFC 9051 §6.1, §6.2, §6.3.1, §6.3.13;
// RFC 4959; RFC 5161; RFC 2177).
#include <fmt/format.h>

#include "protocols/core/base64.hpp"
#include "protocols/core/text.hpp"
#include "protocols/imap/server.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::imap {
namespace {

constexpr std::size_t k_auth_failures_max = 5;

}  // namespace

void Server::cmd_capability(const Command& c) {
    if (!c.args.empty()) return reply(c.tag, Reply::bad, "CAPABILITY takes no arguments");
    untagged("CAPABILITY " + capabilities());
    reply(c.tag, Reply::ok, "CAPABILITY completed");
}

void Server::cmd_logout(const Command& c, const SessionContext&) {
    untagged("BYE Logging out");
    reply(c.tag, Reply::ok, "LOGOUT completed");
    close_session("LOGOUT");
}

void Server::cmd_starttls(const Command& c) {
    if (!c.args.empty()) return reply(c.tag, Reply::bad, "STARTTLS takes no arguments");
    if (m_tls || !m_config.tls_available) {
        return reply(c.tag, Reply::bad, m_tls ? "TLS already active" : "TLS not available");
    }
    reply(c.tag, Reply::ok, "Begin TLS negotiation now");
    m_wants_tls = true;
    emit(EventKind::tls_requested, "STARTTLS accepted", "RFC 9051 §6.2.1",
                             m_user);
}

void Server::cmd_login(const Command& c, const SessionContext& ctx) {
    if (c.args.size() != 2 || !c.args[0].is_astring() || !c.args[1].is_astring()) {
        return reply(c.tag, Reply::bad, "LOGIN needs a user name and a password");
    }
    if (login_disabled()) {
        violation("LOGIN before TLS while LOGINDISABLED", "RFC 9051 §6.2.3");
        return reply(c.tag, Reply::no, "[PRIVACYREQUIRED] LOGIN is disabled before STARTTLS");
    }
    finish_login(c.tag, c.args[0].text, c.args[1].text, ctx);
}

void Server::cmd_authenticate(const Command& c, const SessionContext& ctx) {
    if (c.args.empty() || c.args.size() > 2 || !c.args[0].is_atom()) {
        return reply(c.tag, Reply::bad, "AUTHENTICATE needs a mechanism name");
    }
    const auto mechanism = parse_sasl_mechanism(c.args[0].text);
    if (!mechanism) return reply(c.tag, Reply::no, "[CANNOT] Unsupported mechanism");
    if (login_disabled()) {
        return reply(c.tag, Reply::no, "[PRIVACYREQUIRED] Authentication needs TLS first");
    }
    std::optional<std::string_view> initial;
    if (c.args.size() == 2) initial = c.args[1].text;  // RFC 4959 §3: "=" is an empty response
    m_sasl.emplace(*mechanism);
    m_continuation_tag = c.tag;
    m_input = Input::sasl;
    on_sasl_step(m_sasl->start(initial), ctx);
}

void Server::on_sasl_line(const std::string& line, const SessionContext& ctx) {
    on_sasl_step(m_sasl->respond(line), ctx);
}

void Server::on_sasl_step(SaslServer::Step step, const SessionContext& ctx) {
    const std::string tag = m_continuation_tag;
    switch (step.status) {
        case SaslServer::Status::challenge:
            m_output += "+ " + step.challenge + "\r\n";
            return;
        case SaslServer::Status::cancelled:
            m_input = Input::command;
            m_sasl.reset();
            return reply(tag, Reply::bad, "Authentication cancelled");  // RFC 9051 §6.2.2
        case SaslServer::Status::malformed:
            m_input = Input::command;
            m_sasl.reset();
            violation("Malformed SASL response", "RFC 9051 §6.2.2");
            return reply(tag, Reply::bad, "Malformed SASL response");
        case SaslServer::Status::done: break;
    }
    m_input = Input::command;
    m_sasl.reset();
    const SaslCredentials& cred = *step.credentials;
    if (!cred.authzid.empty() && cred.authzid != cred.authcid) {
        // We do not let one user act for another (RFC 4616 §2 authorization identity).
        emit(EventKind::auth_failed, "authorization identity refused",
                                 "RFC 4616 §2", cred.authcid);
        return reply(tag, Reply::no, "[AUTHORIZATIONFAILED] Cannot act as another user");
    }
    finish_login(tag, cred.authcid, cred.password, ctx);
}

void Server::finish_login(const std::string& tag, const std::string& user,
                          const std::string& password, const SessionContext& ctx) {
    Account* a = ctx.store ? ctx.store->authenticate(user, password) : nullptr;
    if (!a) {
        emit(EventKind::auth_failed, "Authentication failed", "RFC 5530 §3", user);
        reply(tag, Reply::no, "[AUTHENTICATIONFAILED] Invalid credentials");
        if (++m_auth_failures >= k_auth_failures_max) bye("Too many failed logins", ctx);
        return;
    }
    m_user = a->address;
    m_state = State::authenticated;
    emit(EventKind::auth_succeeded, "Logged in", "RFC 9051 §6.2.3", m_user);
    // RFC 9051 §7.1: capabilities may change after login, so we send them again.
    reply(tag, Reply::ok, fmt::format("[CAPABILITY {}] Logged in", capabilities()));
}

void Server::cmd_enable(const Command& c) {
    if (c.args.empty()) return reply(c.tag, Reply::bad, "ENABLE needs capability names");
    std::string enabled;
    for (const auto& arg : c.args) {
        if (!arg.is_atom()) return reply(c.tag, Reply::bad, "ENABLE takes atoms");
        // RFC 5161 §3.1: only newly enabled extensions are listed; unknown ones are ignored.
        if (iequals(arg.text, "IMAP4rev2") && !m_rev2) {
            m_rev2 = true;
            enabled += " IMAP4rev2";
        } else if (iequals(arg.text, "CONDSTORE") && !m_condstore) {
            m_condstore = true;
            enabled += " CONDSTORE";
        }
    }
    untagged("ENABLED" + enabled);
    reply(c.tag, Reply::ok, "ENABLE completed");
}

void Server::cmd_idle(const Command& c, const SessionContext& ctx) {
    if (!c.args.empty()) return reply(c.tag, Reply::bad, "IDLE takes no arguments");
    m_continuation_tag = c.tag;
    m_input = Input::idle;
    m_output += "+ idling\r\n";
    // RFC 2177 §3: updates are sent as they happen, starting with those already pending.
    if (m_state == State::selected) report_updates(ctx, true);
}

void Server::on_idle_line(const std::string& line, const SessionContext& ctx) {
    m_input = Input::command;
    if (!iequals(line, "DONE")) {
        violation("Expected DONE to end IDLE", "RFC 2177 §3");
        return reply(m_continuation_tag, Reply::bad, "Expected DONE");
    }
    if (m_state == State::selected) report_updates(ctx, true);
    reply(m_continuation_tag, Reply::ok, "IDLE terminated");
}

}  // namespace postlab::imap
