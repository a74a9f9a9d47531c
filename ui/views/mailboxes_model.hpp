// What the Mailboxes view draws, as a pure function (DESIGN.md §4): the server's copy of every
// account and each device's folders side by side, with the differences a trainer points at (on
// the server but not on a device, flags that differ from the server) and what changed since the
// current lesson step started. Inputs are plain values, filled from the World by mailboxes_source.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postlab {
class MailStore;
}
namespace postlab::sim {
struct DeviceView;
}

namespace postlab::ui {

// Flags the view shows as icons (RFC 9051 §2.3.2 system flags).
enum class MailFlag : std::uint8_t { seen = 1, flagged = 2, deleted = 4, answered = 8 };
using MailFlags = std::uint8_t;
inline bool has(MailFlags flags, MailFlag flag) { return (flags & static_cast<MailFlags>(flag)) != 0; }
MailFlags flags_from_names(const std::vector<std::string>& names);  // "\\Seen", ... (case-insensitive)

struct MailboxMessage {
    std::string identity;  // the same message everywhere: its Message-ID, else subject + from
    std::string subject;
    std::string from;
    MailFlags flags = 0;
    std::size_t size = 0;
};

struct MailboxFolder {
    std::string name;
    std::vector<MailboxMessage> messages;
};

enum class ColumnKind {
    server,       // an account in a domain's MailStore
    pop3_device,  // "local copies (POP3)"
    imap_device,  // "cache of the server (IMAP)"
    device,       // a device without incoming mail (sends only)
};

struct MailboxColumn {
    std::string id;       // "server:alice@example.test" or the device id
    std::string title;    // "alice@example.test (server)" or "laptop"
    std::string account;  // the account address: a device compares with this server column
    ColumnKind kind = ColumnKind::server;
    std::string device_kind;  // "desktop", "phone", "tablet", "webmail"; "" for the server
    bool online = true;
    bool crashed = false;  // lost its local data
    std::string last_error;
    std::size_t outbox_count = 0;
    std::vector<MailboxFolder> folders;
};

// Every column at one moment; kept by value so the step's start can be compared with now.
struct MailboxesSnapshot {
    std::vector<MailboxColumn> columns;
};

const char* column_kind_label(ColumnKind kind);  // "local copies (POP3)", ...

// One row of a folder. Ghost rows stand for messages that are not there (missing on this device,
// or removed during the step) so that the absence is visible.
struct MailboxRow {
    std::string subject;
    std::string from;
    MailFlags flags = 0;
    MailFlags server_flags = 0;       // the server's flags when flags_differ
    bool ghost = false;
    bool missing_here = false;        // on the server, not on this device
    bool only_here = false;           // on this device, no longer (or never) on the server
    bool stale = false;               // IMAP: only in the cache; the next sync removes it
    bool flags_differ = false;        // IMAP: the cache's flags are not the server's
    bool added_in_step = false;
    bool removed_in_step = false;
    bool flags_changed_in_step = false;
};

struct FolderRows {
    std::string name;
    std::size_t count = 0;  // real messages (ghost rows excluded)
    std::vector<MailboxRow> rows;
};

struct ColumnRows {
    MailboxColumn column;  // the column's header data (folders moved out into `folders`)
    std::vector<FolderRows> folders;
    std::size_t differences = 0;  // rows marked missing_here, stale or flags_differ
    std::size_t changes = 0;      // rows marked as changed in the step
};

// `step_start`: the snapshot taken when the current step began (null: nothing to compare with).
std::vector<ColumnRows> compute_mailbox_rows(const MailboxesSnapshot& now,
                                             const MailboxesSnapshot* step_start);

// The header fields the view needs from an RFC 5322 message (RFC 5322 §2.2, §3.6; folded lines
// unfolded per §2.2.3). Reads at most the header section; a missing field gives "".
std::string header_field(std::string_view message, std::string_view name);
MailboxMessage message_from_rfc5322(std::string_view data, const std::vector<std::string>& flags);

// One server column per account of every store.
void add_server_columns(MailboxesSnapshot& snapshot, const std::vector<MailStore>& stores);
// One column per device, labelled by how its app keeps mail (POP3 local copies, IMAP cache).
void add_device_columns(MailboxesSnapshot& snapshot, const std::vector<sim::DeviceView>& devices);

}  // namespace postlab::ui
