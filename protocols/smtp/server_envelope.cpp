// SMTP server: the envelope commands MAIL (RFC 5321 §4.1.1.2, SIZE RFC 1870 §6, BODY RFC 6152)
// and RCPT (§4.1.1.3) with the relay policy: never an open relay (RFC 5321 §3.6, §7.1), AUTH
// required on submission ports (RFC 6409 §4.3, RFC 4954 §6).
#include <charconv>

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/smtp/server.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::smtp {

void Server::on_mail(const CommandLine& command) {
    if (m_config.role != Role::relay && m_auth_user.empty()) {
        reply(reply_code<530>, "5.7.0",
              auth_offered() ? "Authentication required" : "Must issue a STARTTLS command first");
        return;
    }
    PathArgument argument = parse_mail_argument(command.argument);
    if (argument.error != PathError::none) {
        reject_path(argument.error, true);
        return;
    }
    if (!check_mail_parameters(argument.parameters)) return;
    m_reverse_path = std::move(argument.path);
    m_forward_paths.clear();
    m_state = ServerState::mail;
    reply(reply_code<250>, "2.1.0", "Ok");
}

bool Server::check_mail_parameters(const std::vector<MailParameter>& parameters) {
    for (const auto& p : parameters) {
        if (p.keyword == "SIZE") {
            std::size_t size = 0;
            const char* end = p.value.data() + p.value.size();
            const auto [ptr, ec] = std::from_chars(p.value.data(), end, size);
            if (p.value.empty() || ptr != end || ec == std::errc::invalid_argument) {
                reply(reply_code<501>, "5.5.4", "Bad SIZE parameter");
                return false;
            }
            // RFC 1870 §6.1: a declared size over the limit is refused before any data.
            if (ec == std::errc::result_out_of_range || size > m_config.message_size_max) {
                reply(reply_code<552>, "5.3.4", "Message size exceeds fixed maximum message size");
                return false;
            }
        } else if (p.keyword == "BODY") {
            if (!iequals(p.value, "7BIT") && !iequals(p.value, "8BITMIME")) {
                reply(reply_code<501>, "5.5.4", "Bad BODY parameter");
                return false;
            }
        } else if (p.keyword != "AUTH") {  // RFC 4954 §5: AUTH= may be ignored
            reply(reply_code<555>, "5.5.4", fmt::format("Unsupported parameter {}", p.keyword));
            return false;
        }
    }
    return true;
}

void Server::reject_path(PathError error, bool sender) {
    switch (error) {
        case PathError::syntax:
            reply(reply_code<501>, "5.5.4", sender ? "Syntax: MAIL FROM:<address>" : "Syntax: RCPT TO:<address>");
            break;
        case PathError::bad_address:
            reply(reply_code<501>, sender ? "5.1.7" : "5.1.3",
                  sender ? "Bad sender address syntax" : "Bad recipient address syntax");
            break;
        case PathError::too_long:
            // RFC 5321 §4.5.3.1.10: "501 Path too long"
            reply(reply_code<501>, sender ? "5.1.7" : "5.1.3", "Path too long");
            break;
        case PathError::bad_parameter:
            reply(reply_code<501>, "5.5.4", "Bad parameter syntax");
            break;
        case PathError::none: break;
    }
}

void Server::on_rcpt(const CommandLine& command, const SessionContext& ctx) {
    // RFC 5321 §4.5.3.1.10: 452 once the recipient buffer is full; the client sends the rest
    // in a later transaction.
    if (m_forward_paths.size() >= m_config.recipients_max) {
        reply(reply_code<452>, "4.5.3", "Too many recipients");
        return;
    }
    PathArgument argument = parse_rcpt_argument(command.argument);
    if (argument.error != PathError::none) {
        reject_path(argument.error, false);
        return;
    }
    if (!argument.parameters.empty()) {  // no DSN: RCPT takes no parameters here
        reply(reply_code<555>, "5.5.4", fmt::format("Unsupported parameter {}", argument.parameters.front().keyword));
        return;
    }
    const Path& path = *argument.path;
    const std::string address = path.address();
    const bool local = path.is_postmaster() ||
                       (ctx.store != nullptr && ctx.store->is_local_domain(path.domain()));
    if (local && !path.is_postmaster() && ctx.store->account(address) == nullptr) {
        reply(reply_code<550>, "5.1.1",
              fmt::format("<{}>: Recipient address rejected: User unknown in local recipient table", address));
        return;
    }
    // RFC 5321 §3.6.2 / §7.1: mail for other domains only from authenticated users.
    if (!local && m_auth_user.empty()) {
        reply(reply_code<554>, "5.7.1", fmt::format("<{}>: Relay access denied", address));
        return;
    }
    m_forward_paths.push_back(path);
    m_state = ServerState::rcpt;
    reply(reply_code<250>, "2.1.5", "Ok");
}

}  // namespace postlab::smtp
