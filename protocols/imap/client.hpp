// The IMAP client sync engine, sans-IO (protocols/core/session.hpp): what a phone or desktop mail
// app runs. RFC 9051 (IMAP4rev2 when offered, IMAP4rev1 grammar otherwise), RFC 2177 IDLE, RFC
// 7162 CONDSTORE, RFC 4315 UIDPLUS, RFC 6851 MOVE, RFC 6154 SPECIAL-USE, RFC 2683 advice.
//
// One command is in flight at a time (RFC 2683 §3.1.1 allows pipelining; a mail app gains little
// and the trace stays easy to follow). The flow: greeting, CAPABILITY, STARTTLS, authentication,
// ENABLE, LIST, replay of the offline queue, per-folder sync (SELECT, UID SEARCH ALL, new mail,
// flag changes), then IDLE on INBOX or LOGOUT. The cache changes only on what the server says.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "protocols/core/event.hpp"
#include "protocols/core/protocol_id.hpp"
#include "protocols/core/sasl.hpp"
#include "protocols/core/session.hpp"
#include "protocols/imap/response_parser.hpp"
#include "protocols/imap/types.hpp"

namespace postlab::imap {

struct LocalMessage {
    std::uint32_t uid = 0;
    std::vector<std::string> flags;  // sorted, unique (as the store keeps them)
    std::uint64_t modseq = 0;
    std::string data;  // the full message (empty if only headers were fetched)
    TimeUs internal_date_us = 0;
    std::size_t size = 0;

    bool operator==(const LocalMessage&) const = default;
};

struct LocalFolder {  // the app's cache of one folder
    std::string name;
    std::string special_use;  // RFC 6154: "\Sent", "\Trash", ... or empty
    std::uint32_t uid_validity = 0;
    std::uint64_t highest_modseq = 0;
    std::uint32_t uid_next = 0;
    std::vector<LocalMessage> messages;  // ordered by UID

    // The first UID this cache has not seen: new mail is fetched from here.
    std::uint32_t next_uid() const;
    bool operator==(const LocalFolder&) const = default;
};

struct LocalCache {  // survives between sessions; "crash" = empty it
    std::vector<LocalFolder> folders;

    LocalFolder* folder(std::string_view name);  // INBOX case-insensitively (RFC 9051 §5.1)
    const LocalFolder* folder(std::string_view name) const;
    bool operator==(const LocalCache&) const = default;
};

enum class ActionKind {
    set_flags,
    add_flags,
    remove_flags,
    move,
    copy,
    delete_message,  // MOVE to Trash, or \Deleted + EXPUNGE, per config
    append,          // e.g. to Sent
    create_folder,
    delete_folder,
};

struct PendingAction {
    ActionKind kind = ActionKind::set_flags;
    std::string folder;
    std::uint32_t uid = 0;
    std::vector<std::string> flags;
    std::string target_folder;
    std::string message;  // append
    // append: the internal date to ask for (RFC 9051 §6.3.12 date-time, whole seconds); 0 lets
    // the server use its arrival time. Knowing it lets APPENDUID fill the cache (RFC 4315 §3).
    TimeUs date_us = 0;

    bool operator==(const PendingAction&) const = default;
};

struct ClientConfig {
    std::string user, password;
    Security security = Security::none;  // starttls: required, hard failure if missing
    bool idle = true;                    // stay in IDLE on INBOX after sync ("push")
    TimeUs idle_reissue_us = 29LL * 60 * 1'000'000;  // RFC 2177 §3: re-issue before 29 minutes
    bool delete_moves_to_trash = true;               // like most apps; else \Deleted + EXPUNGE
    // Bound on what a hostile server can make us buffer: a bigger message is read past and
    // cached without its data (size and flags only).
    std::size_t fetch_body_max = 10 * 1024 * 1024;
    TimeUs response_timeout_us = 60LL * 1'000'000;
};

struct SyncConflict {  // shown to the user
    std::string folder;
    std::uint32_t uid = 0;
    std::string what;
};

struct ClientResult {
    bool done = false;  // the session is over (logged out, failed, or closed by the server)
    bool ok = false;    // the sync completed (set once the first full sync is through)
    std::string error;
    std::vector<SyncConflict> conflicts;
    std::size_t fetched = 0, flag_updates = 0, expunged = 0, uploaded = 0;
};

class Client {
public:
    static constexpr ProtocolId protocol_id = ProtocolId::imap;
    // The state as the trace prints it after each frame.
    std::string_view state_name() const;  // its ClientState (client.cpp)

    // Where the client is in its job, for the UI and tests.
    enum class ClientState {
        greeting, capability, starttls, authenticate, enable, list, replay, sync, idle, logout, done
    };

    Client(ClientConfig config, LocalCache cache, std::vector<PendingAction> queue);

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

    void logout();                  // the user closes the app: leave IDLE (DONE), LOGOUT
    void enqueue(PendingAction a);  // sent at the next chance (leaves IDLE)

    const LocalCache& cache() const { return m_cache; }            // always consistent
    const std::vector<PendingAction>& queue() const { return m_queue; }  // not yet confirmed
    const ClientResult& result() const { return m_result; }
    State state() const { return m_state; }
    ClientState client_state() const { return m_client_state; }
    bool idling() const { return m_idling; }
    const std::vector<std::string>& capabilities() const { return m_caps; }
    bool has_capability(std::string_view name) const;

private:
    // What the command in flight is for.
    enum class Step {
        none, capability, starttls, authenticate, login, enable, list, select, search, fetch_new,
        fetch_flags, action, idle, logout
    };
    // Where a folder's sync is (RFC 4549 §4.3 order: new mail, then flag changes).
    enum class FolderStep { select, search, fetch_new, fetch_flags, finished };

    // What the client knows about the selected mailbox (RFC 9051 §7.1, §7.4).
    struct Selected {
        std::string name;
        std::uint32_t uid_validity = 0;
        std::uint32_t uid_next = 0;
        std::uint64_t highest_modseq = 0;
        bool nomodseq = false;
        bool seq_known = false;              // seq_uids filled by UID SEARCH ALL
        std::vector<std::uint32_t> seq_uids;  // index + 1 = sequence number; 0 = UID not known
    };

    enum class Preparation { ready, waiting, dropped };

    // client.cpp: framing, dispatch, sending, failures
    void process(const SessionContext& ctx);
    void on_response(const Response& r, const SessionContext& ctx);
    void on_tagged(const Response& r, const SessionContext& ctx);
    void on_continuation(const Response& r);
    void send(std::string text, Step step);
    void send_parts(std::vector<std::string> parts, Step step);  // parts after "{n}" wait for "+"
    std::string next_tag();
    void advance(const SessionContext& ctx);  // sends the next command when none is in flight
    void send_logout();
    void fail(std::string error, const SessionContext& ctx);  // report, then LOGOUT
    void fail_hard(std::string error, std::string rfc);       // report and close at once
    void finish_closed(std::string summary);
    void violation(std::string summary, std::string rfc);
    void emit(EventKind kind, std::string summary, std::string rfc = {});
    Event& push_event(EventKind kind, std::string summary, std::string rfc = {});
    void emit_result(bool ok, std::string summary, std::string rfc = {});

    // client_connect.cpp: greeting, capabilities, STARTTLS, authentication, ENABLE, LIST
    void on_greeting(const Response& r, const SessionContext& ctx);
    void set_capabilities(std::string_view text);
    void after_capability(const SessionContext& ctx);
    ClientState after_auth_state();
    void send_enable();
    void begin_auth();
    void on_auth_done(const Response& r, const SessionContext& ctx);
    void on_list_data(const Response& r);
    void on_list_done(const Response& r, const SessionContext& ctx);

    // client_untagged.cpp: untagged responses anywhere (RFC 9051 §7)
    void on_status(const Response& r);
    void on_code(const Response& r);
    void on_data(const Response& r);
    void on_exists(std::uint32_t n);
    void on_expunge(std::uint32_t n);
    void on_fetch(const Response& r);
    void on_search(const Response& r);
    void store_fetched(LocalFolder& folder, LocalMessage message, bool too_large);
    void update_flags(LocalFolder& folder, std::uint32_t uid, std::vector<std::string> flags,
                      std::uint64_t modseq);
    void drop_message(LocalFolder& folder, std::uint32_t uid);

    // client_sync.cpp: per-folder sync, IDLE
    void begin_sync(bool all_folders);
    bool selected_is(std::string_view name) const;
    void sync_next(const SessionContext& ctx);
    void finish_folder(LocalFolder& folder);
    void send_select(const std::string& name);
    void on_select_done(const Response& r, const SessionContext& ctx);
    void apply_search();
    void on_search_done(const Response& r);
    void on_sync_step_done(const Response& r, const SessionContext& ctx);
    void sync_complete(const SessionContext& ctx);
    void enter_idle();
    void leave_idle();
    void on_idle_done(const Response& r);

    // client_queue.cpp: replay of the offline queue
    void replay_next(const SessionContext& ctx);
    Preparation prepare_action(const PendingAction& a);
    std::vector<std::vector<std::string>> action_commands(const PendingAction& a) const;
    void on_action_done(const Response& r);
    void confirm_action();
    void cache_appended(const PendingAction& a, const Response& r);
    void drop_action(std::string what);
    const LocalFolder* trash_folder() const;

    ClientConfig m_config;
    LocalCache m_cache;
    std::vector<PendingAction> m_queue;
    ClientResult m_result;

    ResponseReader m_reader;
    std::string m_output;
    std::deque<Event> m_events;
    bool m_started = false;
    bool m_closed = false;
    bool m_wants_tls = false;
    bool m_tls = false;
    State m_state = State::not_authenticated;
    ClientState m_client_state = ClientState::greeting;
    TimeUs m_last_activity_us = 0;  // the response timer runs from here
    TimeUs m_now_us = 0;            // the time of the last call that brought a context

    std::vector<std::string> m_caps;
    bool m_caps_known = false;
    bool m_condstore = false;  // CONDSTORE offered and in use (RFC 7162 §3.1)
    bool m_rev2 = false;       // ENABLE IMAP4rev2 accepted (RFC 9051 §6.3.1)

    std::uint32_t m_tag_counter = 0;
    std::string m_tag;  // tag of the command in flight, empty if none
    Step m_step = Step::none;
    std::deque<std::string> m_literal_parts;  // the rest of a command after a "{n}" (RFC 9051 §7.6)
    std::optional<SaslClient> m_sasl;
    int m_sasl_rounds = 0;
    bool m_bye_received = false;
    std::string m_bye_text;
    bool m_logout_requested = false;
    bool m_failing = false;  // a failure is reported; only LOGOUT remains

    struct ListedFolder {
        std::string name;
        std::string special_use;
        bool selectable = true;
    };
    std::vector<ListedFolder> m_listed;
    std::vector<std::string> m_unselectable;

    Selected m_sel;
    std::vector<std::string> m_validity_changed;  // folders whose UIDVALIDITY changed this session

    std::vector<std::string> m_sync_folders;
    std::size_t m_sync_index = 0;
    FolderStep m_folder_step = FolderStep::select;
    bool m_initial_sync_done = false;
    bool m_sync_flags = true;         // full sync: also ask for flag changes
    bool m_folder_had_cache = false;  // the folder being synced had cached messages
    std::vector<std::uint32_t> m_search_uids;
    std::vector<std::string> m_touched;  // folders changed by replayed actions: sync them next
    bool m_resynced = false;             // one extra INBOX pass for mail that came mid-sync

    std::size_t m_action_command = 0;  // index into the current action's commands
    std::vector<std::vector<std::string>> m_action_parts;

    bool m_idling = false;  // "+ idling" received, DONE not yet sent
    TimeUs m_idle_since_us = 0;
    bool m_idle_wake = false;     // new mail or a user action: leave IDLE and work
    bool m_idle_started = false;  // the server answered IDLE with "+"
};

std::string_view to_string(Client::ClientState state);

static_assert(SansIoSession<Client>);
static_assert(std::is_copy_constructible_v<Client>);

}  // namespace postlab::imap
