// POP3 server, AUTHORIZATION state: USER/PASS and APOP (RFC 1939 §7), AUTH PLAIN (RFC 1734 §2,
// RFC 4616), the maildrop lock and [IN-USE] (RFC 1939 §8, RFC 2449 §8.1.1), [AUTH] codes
// (RFC 3206 §5) and the refusal of cleartext logins before TLS (RFC 2595 §2.3).
#include <fmt/format.h>

#include <utility>

#include "protocols/core/text.hpp"
#include "protocols/core/md5.hpp"
#include "protocols/pop3/server.hpp"
#include "protocols/pop3/writer.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::pop3 {

bool Server::refuse_plaintext_login(std::string_view what) {
    if (!m_config.require_tls_for_login || m_tls_active) return false;
    // RFC 2595 §2.3: a server MUST be able to refuse cleartext logins until TLS is active.
    // RFC 3206 §5: [AUTH] covers "an attempt to authenticate in violation of policy"; it tells
    // the client that retrying the same way will not help (Dovecot answers the same).
    reply(
        err(fmt::format("{} needs TLS first: use STLS (plaintext authentication disallowed)", what),
            "AUTH"));
    violation(fmt::format("{} before TLS on a server that requires TLS", what), "RFC 2595 §2.3");
    return true;
}

void Server::handle_user(const Command& c) {
    if (refuse_plaintext_login("USER")) return;
    // Answer +OK whatever the name: telling which names exist would help an attacker.
    m_pending_user = c.text;
    reply(ok("send PASS"));
}

void Server::handle_pass(const Command& c, const SessionContext& ctx) {
    if (refuse_plaintext_login("PASS")) return;
    if (!m_pending_user) {
        reply(err("PASS must follow USER"));
        violation("PASS without a preceding USER", "RFC 1939 §7");
        return;
    }
    const std::string user = std::exchange(m_pending_user, std::nullopt).value_or("");
    try_login(user, c.text, ctx);
}

void Server::handle_apop(const Command& c, const SessionContext& ctx) {
    if (!m_config.apop_enabled || m_timestamp.empty()) {
        reply(err("APOP not supported"));
        return;
    }
    const Account* account = ctx.store ? ctx.store->account(c.text) : nullptr;
    // RFC 1939 §7: digest = MD5(timestamp + shared secret), 16 octets in lowercase hex.
    const std::string expected = core::md5_hex(m_timestamp + (account ? account->password : ""));
    if (!account || !iequals(expected, c.text2)) {
        login_failed(c.text, "APOP digest does not match");
        return;
    }
    finish_login(*account, ctx);
}

void Server::handle_auth(const Command& c, const SessionContext& ctx) {
    if (c.text.empty()) {
        // RFC 5034 §4 (successor of RFC 1734): a bare AUTH lists the mechanisms.
        reply(ok("mechanisms follow"));
        reply(std::string(m_config.require_tls_for_login && !m_tls_active ? "" : "PLAIN\r\n") +
              ".\r\n");
        return;
    }
    if (!iequals(c.text, "PLAIN")) {
        reply(err("Unrecognized authentication type"));  // RFC 1734 §2 example
        return;
    }
    if (refuse_plaintext_login("AUTH PLAIN")) return;
    m_sasl.emplace(SaslMechanism::plain);
    const auto initial = c.text2.empty() ? std::nullopt : std::optional<std::string_view>(c.text2);
    handle_sasl_step(m_sasl->start(initial), ctx);
}

void Server::handle_sasl_line(std::string_view text, const SessionContext& ctx) {
    if (text.find('\0') != std::string_view::npos) {
        m_sasl.reset();
        m_reader.set_line_length_max(command_line_max);
        reply(err("invalid characters in SASL response"));
        violation("NUL in SASL response", "RFC 1734 §2");
        return;
    }
    handle_sasl_step(m_sasl->respond(text), ctx);
}

void Server::handle_sasl_step(const SaslServer::Step& step, const SessionContext& ctx) {
    using Status = SaslServer::Status;
    if (step.status == Status::challenge) {
        // RFC 1734 §2: "+" SP base64; the response line is not a command, so allow more octets.
        m_reader.set_line_length_max(sasl_line_max);
        reply(write_status({StatusKind::continuation, "", step.challenge}));
        return;
    }
    m_sasl.reset();
    m_reader.set_line_length_max(command_line_max);
    if (step.status == Status::cancelled) {
        reply(err("authentication cancelled"));  // RFC 1734 §2: "*" must get a negative reply
        return;
    }
    if (step.status == Status::malformed || !step.credentials) {
        login_failed("", "malformed SASL PLAIN response");
        violation("malformed SASL PLAIN response", "RFC 4616 §2");
        return;
    }
    const SaslCredentials& cred = *step.credentials;
    // RFC 4616 §2: acting as another user (authzid) is not something we authorise.
    if (!cred.authzid.empty() && cred.authzid != cred.authcid) {
        login_failed(cred.authcid, "authorization identity differs from the user");
        return;
    }
    try_login(cred.authcid, cred.password, ctx);
}

void Server::try_login(std::string_view user, std::string_view password,
                       const SessionContext& ctx) {
    if (!ctx.store) {
        reply(err("maildrop unavailable", "SYS/TEMP"));  // RFC 3206 §4
        return;
    }
    const Account* account = ctx.store->authenticate(user, password);
    if (!account) {
        login_failed(user, "wrong user name or password");
        return;
    }
    finish_login(*account, ctx);
}

void Server::login_failed(std::string_view user, std::string_view why) {
    ++m_auth_failures;
    Event e{EventKind::auth_failed,
            std::string(why),
            "RFC 3206 §5",
            std::string(user),
            {},
            {},
            {},
            {},
            false,
            m_auth_failures};
    m_events.push_back(std::move(e));
    if (m_auth_failures >= m_config.auth_failures_max) {
        reply(err("authentication failed; too many failures, closing connection", "AUTH"));
        m_closed = true;
        emit(EventKind::session_closed,
             fmt::format("closed after {} failed logins (brute force limit)", m_auth_failures));
        return;
    }
    reply(err("authentication failed", "AUTH"));
}

void Server::finish_login(const Account& account, const SessionContext& ctx) {
    if (!ctx.store->lock_maildrop(account.address, m_session_id)) {
        // RFC 1939 §8 one session per maildrop; RFC 2449 §8.1.1 [IN-USE]. Not a wrong password,
        // so it does not count towards the brute-force limit.
        reply(err("maildrop already locked by another session", "IN-USE"));
        Event e{EventKind::auth_failed,
                "maildrop in use by another session",
                "RFC 2449 §8.1.1",
                account.address,
                {},
                {},
                {},
                {},
                false,
                0};
        m_events.push_back(std::move(e));
        return;
    }
    m_locked = true;
    m_user = account.address;
    m_state = State::transaction;
    // RFC 1939 §5: the maildrop as it is now; messages arriving later wait for the next session.
    m_drop.clear();
    if (const Folder* inbox = account.folder("INBOX")) {
        m_uid_validity = inbox->uid_validity;
        for (const StoredMessage& m : inbox->messages) {
            const bool needs_crlf = !m.data.empty() && !m.data.str().ends_with("\r\n");
            m_drop.push_back({m.uid, m.data.size() + (needs_crlf ? 2 : 0), false});
        }
    }
    emit(EventKind::auth_succeeded, fmt::format("{} logged in; maildrop locked", m_user),
         "RFC 1939 §4");
    reply(ok(fmt::format("{}'s maildrop has {} messages ({} octets)", m_user, live_count(),
                         live_octets())));
}

}  // namespace postlab::pop3
