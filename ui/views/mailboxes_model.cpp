// compute_mailbox_rows() and the RFC 5322 header reading behind it; see mailboxes_model.hpp.
// Messages are matched across columns by identity (Message-ID, RFC 5322 §3.6.4), as a multiset so
// that two copies of one message are two rows.
#include "ui/views/mailboxes_model.hpp"

#include <algorithm>
#include <map>

#include "protocols/core/text.hpp"
#include "protocols/store/mail_store.hpp"
#include "sim/device.hpp"

namespace postlab::ui {
namespace {

constexpr std::size_t k_header_bytes_max = 64 * 1024;  // a header section longer is cut here

using Index = std::map<std::string, std::vector<const MailboxMessage*>>;

Index index_of(const MailboxFolder* folder) {
    Index index;
    if (folder == nullptr) return index;
    for (const MailboxMessage& m : folder->messages) index[m.identity].push_back(&m);
    return index;
}

// Takes one copy of `identity` out of the index (the multiset match); null when none is left.
const MailboxMessage* take(Index& index, const std::string& identity) {
    auto it = index.find(identity);
    if (it == index.end() || it->second.empty()) return nullptr;
    const MailboxMessage* m = it->second.front();
    it->second.erase(it->second.begin());
    return m;
}

const MailboxColumn* find_column(const MailboxesSnapshot* snapshot, std::string_view id) {
    if (snapshot == nullptr) return nullptr;
    for (const MailboxColumn& c : snapshot->columns) {
        if (c.id == id) return &c;
    }
    return nullptr;
}

const MailboxColumn* server_column_for(const MailboxesSnapshot& now, const MailboxColumn& column) {
    if (column.kind == ColumnKind::server || column.kind == ColumnKind::device) return nullptr;
    for (const MailboxColumn& c : now.columns) {
        if (c.kind == ColumnKind::server && postlab::iequals(c.account, column.account)) return &c;
    }
    return nullptr;
}

const MailboxFolder* find_folder(const MailboxColumn* column, std::string_view name) {
    if (column == nullptr) return nullptr;
    for (const MailboxFolder& f : column->folders) {
        if (postlab::iequals(f.name, name)) return &f;
    }
    return nullptr;
}

MailboxRow row_of(const MailboxMessage& m) {
    MailboxRow row;
    row.subject = m.subject;
    row.from = m.from;
    row.flags = m.flags;
    return row;
}

struct FolderInputs {
    const MailboxFolder* folder;      // this column's folder (may be null: shown empty)
    const MailboxFolder* server;      // the server's folder of the same name, for devices
    const MailboxFolder* previous;    // this folder at the step's start
    bool compare_flags;               // IMAP caches mirror the server's flags
    bool have_previous;               // a step-start snapshot that had this column
};

FolderRows folder_rows(const std::string& name, const FolderInputs& in) {
    FolderRows out;
    out.name = name;
    Index server = index_of(in.server);
    Index previous = index_of(in.previous);
    static const MailboxFolder empty;
    for (const MailboxMessage& m : (in.folder ? *in.folder : empty).messages) {
        MailboxRow row = row_of(m);
        ++out.count;
        if (in.server != nullptr) {
            const MailboxMessage* on_server = take(server, m.identity);
            row.only_here = on_server == nullptr;
            // A POP3 copy is the device's own; an IMAP cache entry the server lost is out of date.
            row.stale = row.only_here && in.compare_flags;
            if (on_server && in.compare_flags && on_server->flags != m.flags) {
                row.flags_differ = true;
                row.server_flags = on_server->flags;
            }
        }
        if (in.have_previous) {
            const MailboxMessage* before = take(previous, m.identity);
            row.added_in_step = before == nullptr;
            row.flags_changed_in_step = before != nullptr && before->flags != m.flags;
        }
        out.rows.push_back(std::move(row));
    }
    // What is left in the indexes is absent here: ghost rows, in the source folder's order.
    auto ghosts = [&out](const MailboxFolder* source, Index& left, bool missing) {
        if (source == nullptr) return;
        for (const MailboxMessage& m : source->messages) {
            if (take(left, m.identity) == nullptr) continue;
            MailboxRow row = row_of(m);
            row.ghost = true;
            row.missing_here = missing;
            row.removed_in_step = !missing;
            out.rows.push_back(std::move(row));
        }
    };
    ghosts(in.server, server, true);
    if (in.have_previous) ghosts(in.previous, previous, false);
    return out;
}

// The folder names a column shows: its own, then (IMAP) the server's it does not have yet.
std::vector<std::string> folder_names(const MailboxColumn& column, const MailboxColumn* server) {
    std::vector<std::string> names;
    for (const MailboxFolder& f : column.folders) names.push_back(f.name);
    auto add = [&names](const std::string& name) {
        for (const std::string& n : names) {
            if (postlab::iequals(n, name)) return;
        }
        names.push_back(name);
    };
    if (column.kind == ColumnKind::pop3_device || column.kind == ColumnKind::imap_device) add("INBOX");
    if (server != nullptr && column.kind == ColumnKind::imap_device) {
        for (const MailboxFolder& f : server->folders) add(f.name);
    }
    return names;
}

ColumnRows column_rows(const MailboxesSnapshot& now, const MailboxColumn& column,
                       const MailboxesSnapshot* step_start) {
    ColumnRows out;
    const MailboxColumn* server = server_column_for(now, column);
    const MailboxColumn* previous = find_column(step_start, column.id);
    for (const std::string& name : folder_names(column, server)) {
        // POP3 sees only the server's INBOX (RFC 1939 §1: one maildrop): other folders are local.
        const bool pop3_local = column.kind == ColumnKind::pop3_device && !postlab::iequals(name, "INBOX");
        FolderInputs in{find_folder(&column, name), pop3_local ? nullptr : find_folder(server, name),
                        find_folder(previous, name), column.kind == ColumnKind::imap_device,
                        previous != nullptr};
        FolderRows rows = folder_rows(name, in);
        for (const MailboxRow& r : rows.rows) {
            if (r.missing_here || r.stale || r.flags_differ) ++out.differences;
            if (r.added_in_step || r.removed_in_step || r.flags_changed_in_step) ++out.changes;
        }
        out.folders.push_back(std::move(rows));
    }
    out.column = column;
    out.column.folders.clear();
    return out;
}

bool starts_field(std::string_view line, std::string_view name) {
    return line.size() > name.size() && line[name.size()] == ':' &&
           postlab::iequals(line.substr(0, name.size()), name);
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return "";
    const auto e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

// "<a@b>" and "a@b" are the same Message-ID (RFC 5322 §3.6.4: msg-id is "<" id-left "@" ...).
std::string normalized_id(std::string_view id) {
    std::string out = trim(id);
    if (out.size() >= 2 && out.front() == '<' && out.back() == '>') out = out.substr(1, out.size() - 2);
    return out;
}

}  // namespace

MailFlags flags_from_names(const std::vector<std::string>& names) {
    MailFlags flags = 0;
    for (const std::string& n : names) {
        if (postlab::iequals(n, "\\Seen")) flags |= static_cast<MailFlags>(MailFlag::seen);
        if (postlab::iequals(n, "\\Flagged")) flags |= static_cast<MailFlags>(MailFlag::flagged);
        if (postlab::iequals(n, "\\Deleted")) flags |= static_cast<MailFlags>(MailFlag::deleted);
        if (postlab::iequals(n, "\\Answered")) flags |= static_cast<MailFlags>(MailFlag::answered);
    }
    return flags;
}

const char* column_kind_label(ColumnKind kind) {
    switch (kind) {
        case ColumnKind::server: return "server's copy";
        case ColumnKind::pop3_device: return "local copies (POP3)";
        case ColumnKind::imap_device: return "cache of the server (IMAP)";
        case ColumnKind::device: return "sends only";
    }
    return "";
}

std::vector<ColumnRows> compute_mailbox_rows(const MailboxesSnapshot& now,
                                             const MailboxesSnapshot* step_start) {
    std::vector<ColumnRows> out;
    out.reserve(now.columns.size());
    for (const MailboxColumn& column : now.columns) out.push_back(column_rows(now, column, step_start));
    return out;
}

std::string header_field(std::string_view message, std::string_view name) {
    message = message.substr(0, std::min(message.size(), k_header_bytes_max));
    std::string value;
    bool in_field = false;
    while (!message.empty()) {
        const auto nl = message.find('\n');
        std::string_view line = message.substr(0, nl);
        message = nl == std::string_view::npos ? std::string_view{} : message.substr(nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) break;  // end of the header section (RFC 5322 §2.1)
        const bool continuation = line.front() == ' ' || line.front() == '\t';
        if (in_field && continuation) {
            value += ' ' + trim(line);  // unfolding, RFC 5322 §2.2.3
            continue;
        }
        if (in_field) break;
        if (starts_field(line, name)) {
            in_field = true;
            value = trim(line.substr(name.size() + 1));
        }
    }
    return value;
}

MailboxMessage message_from_rfc5322(std::string_view data, const std::vector<std::string>& flags) {
    MailboxMessage m;
    m.subject = header_field(data, "Subject");
    m.from = header_field(data, "From");
    m.flags = flags_from_names(flags);
    m.size = data.size();
    const std::string id = normalized_id(header_field(data, "Message-ID"));
    m.identity = id.empty() ? m.subject + '\x1f' + m.from : id;
    return m;
}

void add_server_columns(MailboxesSnapshot& snapshot, const std::vector<MailStore>& stores) {
    for (const MailStore& store : stores) {
        for (const Account& account : store.accounts()) {
            MailboxColumn column;
            column.id = "server:" + account.address;
            column.title = account.address;
            column.account = account.address;
            column.kind = ColumnKind::server;
            for (const Folder& folder : account.folders) {
                MailboxFolder f{folder.name, {}};
                for (const StoredMessage& m : folder.messages) f.messages.push_back(message_from_rfc5322(m.data, m.flags));
                column.folders.push_back(std::move(f));
            }
            snapshot.columns.push_back(std::move(column));
        }
    }
}

void add_device_columns(MailboxesSnapshot& snapshot, const std::vector<sim::DeviceView>& devices) {
    for (const sim::DeviceView& d : devices) {
        MailboxColumn column;
        column.id = d.id;
        column.title = d.id;
        column.account = d.owner;
        switch (d.incoming.protocol) {
            case sim::IncomingProtocol::pop3: column.kind = ColumnKind::pop3_device; break;
            case sim::IncomingProtocol::imap: column.kind = ColumnKind::imap_device; break;
            case sim::IncomingProtocol::none: column.kind = ColumnKind::device; break;
        }
        column.device_kind = std::string(sim::to_string(d.kind));
        column.online = d.online;
        column.last_error = d.last_error;
        column.outbox_count = d.outbox_count;
        for (const sim::DeviceFolder& folder : d.folders) {
            MailboxFolder f{folder.name, {}};
            for (const sim::DeviceMessage& m : folder.messages) {
                MailboxMessage message{normalized_id(m.message_id), m.subject, m.from, flags_from_names(m.flags), m.size};
                if (message.identity.empty()) message.identity = m.subject + '\x1f' + m.from;
                f.messages.push_back(std::move(message));
            }
            column.folders.push_back(std::move(f));
        }
        snapshot.columns.push_back(std::move(column));
    }
}

}  // namespace postlab::ui
