// The POP3 server session, sans-IO (RFC 1939 with CAPA and response codes from RFC 2449, STLS
// from RFC 2595 §4, AUTH from RFC 1734 with PLAIN from RFC 4616, APOP with MD5). It reads and
// changes the domain's MailStore passed in through SessionContext; see protocols/core/session.hpp.
#pragma once

#include <cstddef>
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
#include "protocols/pop3/parser.hpp"
#include "protocols/pop3/types.hpp"

namespace postlab {
struct Account;
struct StoredMessage;
}  // namespace postlab

namespace postlab::pop3 {

struct ServerConfig {
    std::string hostname = "mail.example.test";
    bool tls_available = true;           // offer STLS (live/ is plaintext for now)
    bool implicit_tls = false;           // port 995: TLS active from the start
    bool require_tls_for_login = false;  // RFC 2595 §2.3: refuse USER/PASS/AUTH before TLS
    bool apop_enabled = false;           // APOP off by default; the greeting then has no timestamp
    std::size_t auth_failures_max = 3;
};

// RFC 1939 §3: the autologout timer "MUST be of at least 10 minutes' duration".
inline constexpr TimeUs autologout_us = 10LL * 60 * 1'000'000;

class Server {
  public:
    static constexpr ProtocolId protocol_id = ProtocolId::pop3;
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
    bool closed() const { return m_closed; }
    std::optional<TimeUs> next_deadline_us() const;
    State state() const { return m_state; }

    bool tls_active() const { return m_tls_active; }
    const std::string& user() const { return m_user; }  // the logged-in account, or empty

  private:
    // One message of the maildrop as seen at login (RFC 1939 §5: numbers stay stable).
    struct DropEntry {
        std::uint32_t uid = 0;
        std::size_t octets = 0;  // as sent, before byte-stuffing, with the final CRLF
        bool deleted = false;
    };

    // Framing and dispatch (server.cpp).
    void handle_line(const Line& line, const SessionContext& ctx);
    void handle_line_error(const Line& line);
    void handle_parse_error(const ParseResult<Command>& parsed, std::string_view text);
    void dispatch(const Command& command, const SessionContext& ctx);
    void handle_capa();
    void handle_stls();
    void handle_quit(const SessionContext& ctx);

    // AUTHORIZATION (server_auth.cpp).
    void handle_user(const Command& command);
    void handle_pass(const Command& command, const SessionContext& ctx);
    void handle_apop(const Command& command, const SessionContext& ctx);
    void handle_auth(const Command& command, const SessionContext& ctx);
    void handle_sasl_line(std::string_view text, const SessionContext& ctx);
    void handle_sasl_step(const SaslServer::Step& step, const SessionContext& ctx);
    bool refuse_plaintext_login(std::string_view what);
    void try_login(std::string_view user, std::string_view password, const SessionContext& ctx);
    void login_failed(std::string_view user, std::string_view why);
    void finish_login(const Account& account, const SessionContext& ctx);

    // TRANSACTION and UPDATE (server_transaction.cpp).
    void handle_stat();
    void handle_list(const Command& command);
    void handle_retr(const Command& command, const SessionContext& ctx);
    void handle_top(const Command& command, const SessionContext& ctx);
    void handle_dele(const Command& command);
    void handle_rset();
    void handle_uidl(const Command& command);
    void enter_update(const SessionContext& ctx);
    DropEntry* find_message(std::optional<std::uint32_t> number);  // replies -ERR when null
    const StoredMessage* stored(const DropEntry& entry, const SessionContext& ctx);
    std::string unique_id(const DropEntry& entry) const;
    std::size_t live_count() const;
    std::size_t live_octets() const;

    void close_session(std::string_view summary, const SessionContext& ctx);
    void reply(std::string bytes) { m_output += bytes; }
    void emit(EventKind kind, std::string summary, std::string rfc = {});
    void violation(std::string summary, std::string rfc);

    ServerConfig m_config;
    State m_state = State::authorization;
    LineReader m_reader{command_line_max};
    std::string m_output;
    std::deque<Event> m_events;
    bool m_started = false;
    bool m_closed = false;
    bool m_tls_active = false;
    bool m_wants_tls = false;
    std::uint64_t m_session_id = 0;
    std::string m_timestamp;  // APOP challenge from the greeting (RFC 1939 §7), or empty
    TimeUs m_last_activity_us = 0;
    std::size_t m_auth_failures = 0;
    std::optional<std::string> m_pending_user;  // after USER, until PASS (RFC 1939 §7)
    std::optional<SaslServer> m_sasl;           // during an AUTH exchange (RFC 1734 §2)
    std::string m_user;
    bool m_locked = false;
    std::uint32_t m_uid_validity = 0;
    std::vector<DropEntry> m_drop;
};

static_assert(SansIoSession<Server>);

}  // namespace postlab::pop3
