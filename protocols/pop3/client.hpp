// The POP3 client session, sans-IO, doing what a mail app's "check mail" does: CAPA, STLS when
// configured (RFC 2595 §4, no plaintext fallback per RFC 8314), AUTH PLAIN (RFC 1734) or
// USER/PASS (RFC 1939 §7), STAT, UIDL, RETR of new messages, DELE per the leave-on-server
// settings, QUIT (deletions count only when QUIT succeeds, RFC 1939 §6).
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
#include "protocols/core/session.hpp"
#include "protocols/pop3/parser.hpp"
#include "protocols/pop3/types.hpp"

namespace postlab::pop3 {

struct KnownMessage {  // the client's memory of one message already downloaded
    std::string uidl;
    TimeUs first_seen_us = 0;

    bool operator==(const KnownMessage&) const = default;
};

struct ClientConfig {
    std::string user, password;
    Security security = Security::none;  // starttls: STLS required, hard failure if not in CAPA
    bool leave_on_server = false;        // "Leave a copy of messages on the server"
    int remove_after_days =
        0;  // with leave_on_server: DELE once seen this many days ago; 0 = never
    std::vector<KnownMessage> known;                  // UIDLs already downloaded on earlier checks
    TimeUs response_timeout_us = 60LL * 1'000'000;    // give up on a silent server
    std::size_t message_size_max = 64 * 1024 * 1024;  // bound on one multi-line response
};

struct DownloadedMessage {
    std::string uidl;
    std::string data;  // un-byte-stuffed, CRLF line endings

    bool operator==(const DownloadedMessage&) const = default;
};

struct ClientResult {
    bool done = false;
    bool ok = false;
    std::string error;
    std::vector<DownloadedMessage> downloaded;
    std::vector<std::string> deleted;  // UIDLs DELE'd and committed by a successful QUIT
    std::vector<KnownMessage> known;   // updated memory for the next check
};

class Client {
  public:
    static constexpr ProtocolId protocol_id = ProtocolId::pop3;
    // The state as the trace prints it after each frame.
    std::string_view state_name() const;  // its ClientState (client.cpp)

    // Where the client is in its check; finer than the POP3 State, for the UI and tests.
    enum class ClientState { greeting, capa, stls, auth, user, pass, stat, uidl, retr, dele, quit, done };

    explicit Client(ClientConfig config);

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
    State state() const;
    ClientState client_state() const { return m_client_state; }

    const ClientResult& result() const { return m_result; }

  private:
    struct Action {
        CommandKind kind;  // retr or dele
        std::uint32_t message;
        std::string uidl;
    };

    bool expects_multiline(const StatusLine& status) const;
    bool process_one(const SessionContext& ctx);  // false: wait for more bytes
    void handle_response(const StatusLine& status, std::string_view body,
                         const SessionContext& ctx);
    void on_greeting(const StatusLine& status);
    void on_capa(const StatusLine& status, std::string_view body);
    void on_stls(const StatusLine& status);
    void begin_login();
    void on_login_reply(const StatusLine& status);
    void on_uidl(const StatusLine& status, std::string_view body, const SessionContext& ctx);
    void plan_actions(const std::vector<ListingEntry>& listing, const SessionContext& ctx);
    void next_action();
    void on_retr(const StatusLine& status, std::string_view body, const SessionContext& ctx);
    void on_quit(const StatusLine& status);

    void send(const Command& command, ClientState next);
    void fail_and_quit(std::string error);
    void fail_hard(std::string error, std::string rfc);
    void finish();
    const KnownMessage* known(std::string_view uidl) const;
    void emit(EventKind kind, std::string summary, std::string rfc = {});

    ClientConfig m_config;
    ClientState m_client_state = ClientState::greeting;
    std::string m_buffer;
    std::size_t m_scan_from = 0;         // where to resume looking for a multi-line terminator
    std::optional<StatusLine> m_status;  // a +OK whose multi-line body is still arriving
    std::string m_output;
    std::deque<Event> m_events;
    bool m_started = false;
    bool m_closed = false;
    bool m_wants_tls = false;
    bool m_tls_active = false;
    bool m_logged_in = false;
    int m_continuations = 0;
    TimeUs m_last_activity_us = 0;  // the silence timer runs from here
    std::vector<Capability> m_caps;
    std::optional<std::vector<ListingEntry>> m_listing;
    std::vector<Action> m_actions;
    std::size_t m_action_index = 0;
    std::vector<std::string> m_marked;  // DELE answered +OK, committed only by QUIT
    ClientResult m_result;
};

static_assert(SansIoSession<Client>);

std::string_view to_string(Client::ClientState state);  // "retr", as the trace prints it

}  // namespace postlab::pop3
