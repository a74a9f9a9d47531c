// SMTP server: DATA (RFC 5321 §4.1.1.4) through DataReader (dot-stuffing §4.5.2, the SMTP
// smuggling defence §2.3.8, text line limit §4.5.3.1.6, SIZE RFC 1870) and the Received:
// trace header (RFC 5321 §4.4, "with" protocol names from RFC 3848, date RFC 5322 §3.3).
#include <array>

#include <fmt/format.h>

#include "protocols/core/civil_time.hpp"
#include "protocols/smtp/server.hpp"

namespace postlab::smtp {
namespace {

// "With" protocol types (RFC 3848 §2): S = TLS, A = authenticated.
std::string_view with_protocol(bool esmtp, bool tls, bool authenticated) {
    if (!esmtp) return "SMTP";
    if (tls) return authenticated ? "ESMTPSA" : "ESMTPS";
    return authenticated ? "ESMTPA" : "ESMTP";
}

}  // namespace

// RFC 5322 §3.3 date-time in UTC: "Thu, 21 May 1998 05:33:29 +0000".
std::string format_rfc5322_date(TimeUs time_us) { return rfc5322_date(time_us); }

void Server::on_data(const CommandLine& command) {
    if (!command.argument.empty()) {
        reply(reply_code<501>, "5.5.4", "Syntax: DATA");
        return;
    }
    m_data = DataReader(m_config.message_size_max);
    m_state = ServerState::data;
    reply(reply_code<354>, "", "End data with <CR><LF>.<CR><LF>");  // RFC 5321 §4.1.1.4
}

std::size_t Server::receive_data(std::string_view bytes, const SessionContext& ctx) {
    const std::size_t used = m_data.feed(bytes);
    if (m_data.done()) finish_data(ctx);
    return used;
}

void Server::finish_data(const SessionContext& ctx) {
    switch (m_data.outcome()) {
        case DataOutcome::ok: {
            const std::string queue_id =
                fmt::format("{:X}{:02X}", static_cast<std::uint64_t>(ctx.now_us), ++m_messages_accepted);
            Event event{EventKind::message_accepted, "", "RFC 5321 §4.1.1.4", m_auth_user,
                        m_reverse_path ? m_reverse_path->address() : "", {}, {}, {}, true, 0};
            for (const auto& path : m_forward_paths) event.forward_paths.push_back(path.address());
            event.message = received_header(queue_id, ctx) + m_data.take_message();
            event.summary = fmt::format("message {} accepted: {} octets from <{}> for {} recipient(s)",
                                        queue_id, event.message.size(), event.reverse_path,
                                        event.forward_paths.size());
            m_events.push_back(std::move(event));
            reply(reply_code<250>, "2.0.0", fmt::format("Ok: queued as {}", queue_id));
            break;
        }
        case DataOutcome::bare_line_ending:
            reply(reply_code<554>, "5.6.0", "Message rejected: bare CR or LF in message (SMTP smuggling defence)");
            violation("bare CR or LF inside DATA: the message is rejected, nothing after it is a command",
                      "RFC 5321 §2.3.8, §4.1.1.4");
            break;
        case DataOutcome::line_too_long:
            reply(reply_code<554>, "5.6.0", "Message rejected: text line longer than 1000 octets");
            violation("text line over 1000 octets inside DATA", "RFC 5321 §4.5.3.1.6");
            break;
        case DataOutcome::too_big:
            reply(reply_code<552>, "5.3.4", "Message size exceeds fixed maximum message size");
            break;
    }
    reset_transaction();
    m_state = ServerState::ready;
}

std::string Server::received_header(const std::string& queue_id, const SessionContext& ctx) const {
    // RFC 5321 §4.4: From-domain, TCP-info as an address-literal, By-domain, With, ID, For.
    const std::string& peer = m_config.peer_address;
    const std::string literal =
        peer.find(':') != std::string::npos ? "[IPv6:" + peer + "]" : "[" + peer + "]";
    std::string header = fmt::format("Received: from {} ({})\r\n\tby {} (PostLab) with {} id {}",
                                     m_helo_name, literal, m_config.hostname,
                                     with_protocol(m_esmtp, m_tls, !m_auth_user.empty()), queue_id);
    // Like Postfix, "for" only with a single recipient, so that Bcc recipients stay hidden.
    if (m_forward_paths.size() == 1) header += fmt::format("\r\n\tfor <{}>", m_forward_paths.front().address());
    header += fmt::format("; {}\r\n", format_rfc5322_date(ctx.now_us));
    return header;
}

}  // namespace postlab::smtp
