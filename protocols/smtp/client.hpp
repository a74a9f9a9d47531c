// The SMTP client session (sans-IO): greeting, EHLO with HELO fallback (RFC 5321 §3.2), STARTTLS
// required when asked (RFC 3207, RFC 8314 §3), AUTH PLAIN/LOGIN (RFC 4954), one mail
// transaction with per-recipient results, PIPELINING (RFC 2920) and SIZE (RFC 1870) when offered.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/event.hpp"
#include "protocols/core/protocol_id.hpp"
#include "protocols/core/sasl.hpp"
#include "protocols/core/session.hpp"
#include "protocols/core/shared_text.hpp"
#include "protocols/smtp/parser.hpp"
#include "protocols/smtp/types.hpp"

namespace postlab::smtp {

struct ClientConfig {
    std::string helo_name = "client.example.test";
    Security security = Security::none;   // starttls: required, hard failure if not offered
    // With security none: STARTTLS when the server offers it, else (or after a 454) go on in
    // plaintext. What MTAs relaying on port 25 do (RFC 3207 §4, opportunistic security RFC 7435
    // §1.2); the certificate is not what protects it, so the transport should not verify it.
    bool starttls_if_offered = false;
    std::optional<SaslCredentials> credentials;   // AUTH when set (PLAIN preferred, else LOGIN)
    std::string reverse_path;                 // MAIL FROM address ("" = null path <>)
    std::vector<std::string> recipients;      // RCPT TO addresses
    SharedText message;                       // RFC 5322 message, CRLF line endings, NOT dot-stuffed
};

struct RecipientResult {
    std::string address;
    int code;
    std::string text;
    bool accepted;
};

struct ClientResult {
    bool done = false;
    bool ok = false;
    std::string error;
    std::vector<RecipientResult> recipients;
    int final_code = 0;
    std::string final_text;
};

// What the client waits for: the reply to this step (for the UI and the timeouts).
enum class ClientState { greeting, ehlo, helo, starttls, tls_handshake, auth, mail, rcpt, data, message, quit, closed };

std::string_view to_string(ClientState state);

class Client {
public:
    static constexpr ProtocolId protocol_id = ProtocolId::smtp;
    // The state as the trace prints it after each frame.
    std::string_view state_name() const { return to_string(state()); }

    explicit Client(ClientConfig config);

    void start(const SessionContext& ctx);  // waits for the greeting: sends nothing
    void receive(std::string_view bytes, const SessionContext& ctx);
    void receive_eof(const SessionContext& ctx);
    void on_timer(const SessionContext& ctx);
    void tls_established(const SessionContext& ctx);
    std::string take_output();
    std::optional<Event> next_event();
    bool wants_tls() const { return m_wants_tls; }
    bool closed() const { return m_closed; }
    std::optional<TimeUs> next_deadline_us() const;

    const ClientResult& result() const { return m_result; }
    ClientState state() const;
    const EhloCapabilities& capabilities() const { return m_capabilities; }
    bool tls_active() const { return m_tls; }

private:
    struct Expect {
        ClientState step;
        std::size_t recipient = 0;  // for rcpt
    };

    void parse_input();
    void on_reply(const Reply& reply);
    void on_greeting(const Reply& reply);
    void on_ehlo(const Reply& reply, bool was_ehlo);
    void on_starttls(const Reply& reply);
    void on_auth(const Reply& reply);
    void on_mail(const Reply& reply);
    void on_rcpt(const Reply& reply, std::size_t index);
    void on_data(const Reply& reply);
    void on_message(const Reply& reply);
    void after_hello();
    void start_auth();
    void start_transaction();
    void send_rcpt(std::size_t index);
    std::string mail_command() const;
    bool any_recipient_accepted() const;
    void send(std::string bytes, ClientState step, std::size_t recipient = 0);
    void finish(bool ok, std::string error, bool send_quit = true);
    void emit(EventKind kind, std::string summary, std::string rfc = {});
    void close_now();

    ClientConfig m_config;
    ClientResult m_result;
    EhloCapabilities m_capabilities;
    std::deque<Expect> m_expect;
    std::string m_input;
    std::string m_output;
    std::deque<Event> m_events;
    std::optional<SaslClient> m_sasl;
    std::vector<Path> m_forward_paths;
    std::string m_transaction_error;  // a pipelined MAIL failed; later replies are drained
    int m_auth_rounds = 0;
    bool m_pipelining = false;
    bool m_tls = false;
    bool m_wants_tls = false;
    bool m_starttls_declined = false;  // opportunistic: the server said 454, go on in plaintext
    bool m_authenticated = false;
    bool m_closed = false;
    TimeUs m_last_activity_us = 0;
};

static_assert(SansIoSession<Client>);

}  // namespace postlab::smtp
