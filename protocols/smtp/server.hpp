// The SMTP server session (sans-IO, RFC 5321 with SIZE RFC 1870, 8BITMIME RFC 6152, PIPELINING
// RFC 2920, ENHANCEDSTATUSCODES RFC 2034/3463, STARTTLS RFC 3207 and AUTH RFC 4954) in three
// roles: relay (25), submission (587, STARTTLS + AUTH) and submissions (465, implicit TLS).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/event.hpp"
#include "protocols/core/protocol_id.hpp"
#include "protocols/core/line_reader.hpp"
#include "protocols/core/sasl.hpp"
#include "protocols/core/session.hpp"
#include "protocols/smtp/data_reader.hpp"
#include "protocols/smtp/parser.hpp"
#include "protocols/smtp/state_table.hpp"
#include "protocols/smtp/types.hpp"

namespace postlab::smtp {

enum class Role { relay, submission, submissions };  // port 25, 587 (STARTTLS), 465 (implicit TLS)

std::string_view to_string(Role role);

struct ServerConfig {
    Role role = Role::relay;
    std::string hostname = "mail.example.test";   // greeting and Received: header
    bool tls_available = true;      // can this transport do STARTTLS? (live/ is plaintext for now)
    bool auth_requires_tls = true;  // AUTH offered/accepted only under TLS (RFC 4954 §4 / RFC 8314)
    std::size_t message_size_max = 10 * 1024 * 1024;   // SIZE
    std::size_t recipients_max = 100;                    // RFC 5321 §4.5.3.1.8 minimum is 100
    int auth_failures_max = 3;                            // then 421 and close
    std::string peer_address = "127.0.0.1";              // for the Received: header
};

// RFC 5321 §4.5.3.2.7: the server waits at least 5 minutes for the next command.
inline constexpr TimeUs k_server_timeout_us = TimeUs{5} * 60 * 1'000'000;

class Server {
public:
    static constexpr ProtocolId protocol_id = ProtocolId::smtp;
    // The state as the trace prints it after each frame.
    std::string_view state_name() const { return to_string(m_state); }

    explicit Server(ServerConfig config);

    void start(const SessionContext& ctx);
    void receive(std::string_view bytes, const SessionContext& ctx);
    void receive_eof(const SessionContext& ctx);
    void on_timer(const SessionContext& ctx);
    void tls_established(const SessionContext& ctx);
    std::string take_output();
    std::optional<Event> next_event();
    bool wants_tls() const { return m_wants_tls; }
    bool closed() const { return m_state == ServerState::closed; }
    std::optional<TimeUs> next_deadline_us() const;

    ServerState state() const { return m_state; }
    const ServerConfig& config() const { return m_config; }
    bool tls_active() const { return m_tls; }
    const std::string& authenticated_user() const { return m_auth_user; }  // "" if none

private:
    // server.cpp: framing, dispatch and the plain commands
    void process_input(const SessionContext& ctx);
    void handle_line(const Line& line, const SessionContext& ctx);
    void dispatch(const CommandLine& command, const SessionContext& ctx);
    void reject_out_of_sequence(Command command);
    void on_ehlo(const CommandLine& command, bool extended);
    void on_rset(const CommandLine& command);
    void on_vrfy(const CommandLine& command);
    void on_quit();
    void on_starttls(const CommandLine& command);
    std::vector<std::string> ehlo_keywords() const;
    // server_envelope.cpp: MAIL and RCPT (RFC 5321 §4.1.1.2-3, relay policy)
    void on_mail(const CommandLine& command);
    void on_rcpt(const CommandLine& command, const SessionContext& ctx);
    bool check_mail_parameters(const std::vector<MailParameter>& parameters);
    void reject_path(PathError error, bool sender);
    // server_auth.cpp: AUTH (RFC 4954)
    bool auth_offered() const;
    void on_auth(const CommandLine& command, const SessionContext& ctx);
    void on_auth_response(const Line& line, const SessionContext& ctx);
    void finish_sasl(const SaslServer::Step& step, const SessionContext& ctx);
    void check_credentials(const SaslCredentials& credentials, const SessionContext& ctx);
    // server_data.cpp: DATA (RFC 5321 §4.1.1.4, §4.4)
    void on_data(const CommandLine& command);
    std::size_t receive_data(std::string_view bytes, const SessionContext& ctx);
    void finish_data(const SessionContext& ctx);
    std::string received_header(const std::string& queue_id, const SessionContext& ctx) const;
    // replies and events
    void reply(ReplyCode code, std::string_view enhanced, std::string_view text);
    void reply_lines(ReplyCode code, std::string_view enhanced, const std::vector<std::string>& lines);
    void violation(std::string summary, std::string rfc);
    void emit(EventKind kind, std::string summary, std::string rfc = {});
    void close(std::string summary);
    void reset_transaction();
    ServerState idle_state() const { return m_helo_name.empty() ? ServerState::need_helo : ServerState::ready; }

    ServerConfig m_config;
    ServerState m_state = ServerState::need_helo;
    LineReader m_lines{k_auth_line_length_max};
    std::string m_output;
    std::deque<Event> m_events;
    bool m_wants_tls = false;
    bool m_tls = false;
    bool m_esmtp = false;  // EHLO (not HELO): enhanced status codes in replies (RFC 2034 §3)
    std::string m_helo_name;
    std::string m_auth_user;
    int m_auth_failures = 0;
    std::optional<SaslServer> m_sasl;
    std::optional<Path> m_reverse_path;
    std::vector<Path> m_forward_paths;
    DataReader m_data;
    TimeUs m_last_activity_us = 0;
    std::uint64_t m_messages_accepted = 0;
};

static_assert(SansIoSession<Server>);

// RFC 5322 §3.3 date-time in UTC for a virtual time, e.g. "Thu, 21 May 1998 05:33:29 +0000".
std::string format_rfc5322_date(TimeUs time_us);

}  // namespace postlab::smtp
