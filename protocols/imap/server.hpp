// The IMAP server session, sans-IO (protocols/core/session.hpp): IMAP4rev2 behaviour (RFC 9051)
// with the IMAP4rev1 grammar accepted (RFC 3501), plus LITERAL+, SASL-IR, ENABLE, IDLE,
// NAMESPACE, UIDPLUS, MOVE, UNSELECT, CONDSTORE, SPECIAL-USE, ESEARCH and APPENDLIMIT.
//
// Several Server values share one MailStore (ctx.store) and never point at each other. Each
// remembers what it last told its client about the selected mailbox (its view: UIDs with the
// flags and MODSEQ it reported; index + 1 is the sequence number the client knows) and compares
// the view with the store whenever RFC 9051 §7.4.1 / §5.2 allow updates: after every command in
// the selected state, without EXPUNGE during FETCH, STORE and SEARCH (non-UID forms). During
// IDLE the host must wake the session: call poll(ctx) after any session changed the store; a
// session in IDLE then writes the pending EXISTS, EXPUNGE and FETCH (FLAGS) at once (RFC 2177).
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
#include "protocols/imap/parser.hpp"
#include "protocols/imap/sequence_set.hpp"
#include "protocols/imap/state_table.hpp"
#include "protocols/imap/types.hpp"

namespace postlab {
struct Account;
struct Folder;
struct StoredMessage;
}  // namespace postlab

namespace postlab::mime {
struct MessageStructure;
}  // namespace postlab::mime

namespace postlab::imap {

struct ServerConfig {
    std::string hostname = "mail.example.test";
    bool tls_available = true;        // offer STARTTLS (live/ is plaintext for now)
    bool implicit_tls = false;        // port 993
    bool login_requires_tls = false;  // LOGINDISABLED before TLS (RFC 9051 §6.2.3)
    std::size_t line_length_max = 8192 + 2;   // RFC 2683 §3.2.1.5 recommends servers accept 8000+
    std::size_t literal_size_max = 50 * 1024 * 1024;  // APPENDLIMIT
    std::size_t commands_in_flight_max = 32;
    TimeUs autologout_us = 30 * 60 * 1'000'000LL;     // RFC 9051 §5.4: at least 30 minutes
};

// What the client was last told about one message of the selected mailbox.
struct ViewEntry {
    std::uint32_t uid = 0;
    std::vector<std::string> flags;
    std::uint64_t modseq = 0;
};

class Server {
public:
    static constexpr ProtocolId protocol_id = ProtocolId::imap;
    // The state as the trace prints it after each frame.
    std::string_view state_name() const { return to_string(m_state); }

    explicit Server(ServerConfig config = {});

    void start(const SessionContext& ctx);
    void receive(std::string_view bytes, const SessionContext& ctx);
    void receive_eof(const SessionContext& ctx);
    void on_timer(const SessionContext& ctx);
    void tls_established(const SessionContext& ctx);
    // The host calls this after any session changed the store; in IDLE the pending updates are
    // written at once (RFC 2177 §3), otherwise they wait for the next command.
    void poll(const SessionContext& ctx);

    std::string take_output();
    std::optional<Event> next_event();
    bool wants_tls() const { return m_wants_tls; }
    bool closed() const { return m_closed; }
    std::optional<TimeUs> next_deadline_us() const;

    State state() const { return m_state; }
    bool idling() const { return m_input == Input::idle; }
    bool tls_active() const { return m_tls; }
    const std::string& user() const { return m_user; }
    const std::string& selected_mailbox() const { return m_mailbox; }
    const std::vector<ViewEntry>& view() const { return m_view; }

private:
    enum class Input { command, literal, skip_literal, sasl, idle };
    enum class Reply { ok, no, bad };

    // server.cpp: framing, dispatch, replies
    void process(const SessionContext& ctx);
    void on_line(Line line, const SessionContext& ctx);
    void on_literal_announced(const LiteralSpec& spec);
    void finish_command(const SessionContext& ctx);
    void execute(const Command& command, const SessionContext& ctx);
    void dispatch(CommandKind kind, const Command& command, const SessionContext& ctx);
    void complete(const Command& c, std::string_view text, const SessionContext& ctx);
    void reply(const std::string& tag, Reply status, std::string_view text);
    void untagged(std::string_view text);
    void violation(std::string summary, std::string rfc);
    void emit(EventKind kind, std::string summary, std::string rfc, std::string user);
    void bye(std::string_view text, const SessionContext& ctx);
    void close_session(std::string summary);
    std::string tag_of_pending() const;
    void reset_pending();
    std::string capabilities() const;
    bool login_disabled() const;

    // server_auth.cpp: not-authenticated state and session-wide commands
    void cmd_capability(const Command& c);
    void cmd_logout(const Command& c, const SessionContext& ctx);
    void cmd_starttls(const Command& c);
    void cmd_login(const Command& c, const SessionContext& ctx);
    void cmd_authenticate(const Command& c, const SessionContext& ctx);
    void on_sasl_line(const std::string& line, const SessionContext& ctx);
    void on_sasl_step(SaslServer::Step step, const SessionContext& ctx);
    void finish_login(const std::string& tag, const std::string& user,
                      const std::string& password, const SessionContext& ctx);
    void cmd_enable(const Command& c);
    void cmd_idle(const Command& c, const SessionContext& ctx);
    void on_idle_line(const std::string& line, const SessionContext& ctx);

    // server_mailbox.cpp: SELECT, LIST, CREATE, ...
    void cmd_select(const Command& c, bool read_only, const SessionContext& ctx);
    void cmd_create(const Command& c, const SessionContext& ctx);
    void cmd_delete(const Command& c, const SessionContext& ctx);
    void cmd_rename(const Command& c, const SessionContext& ctx);
    void cmd_subscribe(const Command& c, bool subscribe, const SessionContext& ctx);
    void cmd_list(const Command& c, bool lsub, const SessionContext& ctx);
    void cmd_namespace(const Command& c, const SessionContext& ctx);
    void cmd_status(const Command& c, const SessionContext& ctx);
    void cmd_append(const Command& c, const SessionContext& ctx);
    void cmd_close(const Command& c, bool expunge, const SessionContext& ctx);
    Account* account(const SessionContext& ctx) const;
    Folder* selected_folder(const SessionContext& ctx) const;
    void deselect();

    // server_updates.cpp: the per-session view and the untagged updates (RFC 9051 §7.4.1)
    void report_updates(const SessionContext& ctx, bool allow_expunge);
    void report_flags(std::size_t index, const StoredMessage& message, bool with_uid);
    std::string flags_and_modseq(const StoredMessage& message) const;
    void remember(std::size_t index, const StoredMessage& message);
    std::optional<std::vector<std::size_t>> resolve(const Token& token, bool uid,
                                                    const std::string& tag);

    // server_fetch.cpp
    void cmd_fetch(const Command& c, bool uid, const SessionContext& ctx);
    std::optional<std::string> fetch_item(const FetchItem& item, const StoredMessage& message,
                                          const mime::MessageStructure& parsed) const;

    // server_store.cpp: STORE, COPY, MOVE, EXPUNGE
    void cmd_store(const Command& c, bool uid, const SessionContext& ctx);
    void cmd_copy(const Command& c, bool uid, bool move, const SessionContext& ctx);
    void cmd_expunge(const Command& c, bool uid, const SessionContext& ctx);

    // server_search.cpp
    void cmd_search(const Command& c, bool uid, const SessionContext& ctx);

    ServerConfig m_config;
    State m_state = State::not_authenticated;
    LineReader m_reader;
    std::string m_output;
    std::deque<Event> m_events;
    bool m_started = false;
    bool m_closed = false;
    bool m_wants_tls = false;
    bool m_tls = false;
    TimeUs m_last_activity_us = 0;

    // Command being framed: lines and literals so far (RFC 9051 §4.3).
    Input m_input = Input::command;
    CommandText m_pending;
    std::uint64_t m_literal_remaining = 0;
    std::size_t m_literal_total = 0;
    std::string m_skip_tag;
    std::size_t m_in_flight = 0;      // commands answered since the host last took the output
    std::deque<std::string> m_recent_tags;
    std::size_t m_auth_failures = 0;
    std::size_t m_errors = 0;

    std::optional<SaslServer> m_sasl;
    std::string m_continuation_tag;   // AUTHENTICATE or IDLE in progress

    std::string m_user;
    bool m_rev2 = false;       // ENABLE IMAP4rev2 (RFC 9051 §6.3.1)
    bool m_condstore = false;  // RFC 7162 §3.1: enabled by ENABLE or a CONDSTORE-aware command

    std::string m_mailbox;  // selected state only
    std::uint32_t m_uid_validity = 0;
    bool m_read_only = false;
    std::vector<ViewEntry> m_view;
};

static_assert(SansIoSession<Server>);

}  // namespace postlab::imap
