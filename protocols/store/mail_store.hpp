// The server-side mailbox model shared by every server protocol (SMTP delivers, POP3 and IMAP
// read and change), so that a message delivered once is seen alike by all. Follows the IMAP data
// model (RFC 9051 §2.3: UID, UIDVALIDITY, flags, internal date, size) plus CONDSTORE's MODSEQ
// (RFC 7162 §3.1). A plain copyable value: the simulated world snapshots it by copy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/session.hpp"
#include "protocols/core/shared_text.hpp"

namespace postlab {

struct StoredMessage {
    std::uint32_t uid = 0;
    SharedText data;                 // the whole RFC 5322 message, CRLF line endings
    std::vector<std::string> flags;  // "\\Seen", "\\Deleted", keywords; kept sorted, unique
    TimeUs internal_date_us = 0;
    std::uint64_t modseq = 0;

    std::size_t size() const { return data.size(); }
    bool has_flag(std::string_view flag) const;
};

struct Folder {
    std::string name;                // "INBOX", "Sent", ...
    std::string special_use;         // RFC 6154: "\\Sent", "\\Trash", ... or empty
    std::uint32_t uid_validity = 1;
    std::uint32_t uid_next = 1;
    std::uint64_t highest_modseq = 1;
    bool subscribed = true;
    std::vector<StoredMessage> messages;  // ordered by UID: index + 1 is the sequence number

    StoredMessage* find_uid(std::uint32_t uid);
    std::size_t total_size() const;
};

struct Account {
    std::string address;   // "alice@example.test"; also the login name
    std::string password;
    std::vector<Folder> folders;
    std::uint64_t quota_bytes = 0;    // 0: no quota
    std::uint64_t maildrop_lock = 0;  // RFC 1939 §8: the POP3 session holding the lock, 0 if none
    // Bumped by every change to this account's folders or messages (deliver, expunge, flags,
    // folder operations), so a host can tell cheaply that other sessions need waking (IMAP IDLE).
    std::uint64_t change_seq = 0;

    Folder* folder(std::string_view name);  // INBOX matched case-insensitively (RFC 9051 §5.1)
    const Folder* folder(std::string_view name) const;
    std::size_t total_size() const;
};

enum class DeliveryStatus { delivered, no_such_user, over_quota };

// Outcome of a folder operation (RFC 9051 §6.3.4-§6.3.6 map these to ALREADYEXISTS, NONEXISTENT
// and CANNOT).
enum class FolderStatus {
    ok,
    exists,       // the (target) name is taken
    missing,      // no such account or folder
    not_allowed,  // e.g. deleting INBOX, an empty name
};

const char* to_string(FolderStatus status);

class MailStore {
public:
    explicit MailStore(std::string domain) : m_domain(std::move(domain)) {}

    const std::string& domain() const { return m_domain; }
    bool is_local_domain(std::string_view domain) const;  // case-insensitive

    // Adds an account with INBOX, Sent, Drafts and Trash; false if the address exists already.
    bool add_account(std::string address, std::string password);
    Account* account(std::string_view address);  // case-insensitive on the domain part
    const Account* account(std::string_view address) const;
    const std::vector<Account>& accounts() const { return m_accounts; }

    // Checks a login; the account on success. Constant work whatever the outcome.
    Account* authenticate(std::string_view user, std::string_view password);

    DeliveryStatus deliver(std::string_view address, std::string_view folder, std::string data,
                           TimeUs internal_date_us, std::vector<std::string> flags = {});

    // Removes the messages with these UIDs; the next MODSEQ is used for the change.
    void expunge(std::string_view address, std::string_view folder,
                 const std::vector<std::uint32_t>& uids);

    // Moves messages between two folders of one account (RFC 6851 §3.3): each leaves the source
    // and is appended to the target with the target's next UID, keeping data, flags and internal
    // date. No quota check: the account's total does not change (RFC 6851 §4.1). UIDs missing
    // from the source are skipped; the pairs come in ascending source UID order.
    struct MovedUid {
        std::uint32_t source_uid = 0;
        std::uint32_t target_uid = 0;
    };
    std::vector<MovedUid> move_messages(std::string_view address, std::string_view from,
                                        std::vector<std::uint32_t> uids, std::string_view to);

    // Replaces a message's flags (kept sorted and unique). A real change takes the folder's next
    // MODSEQ (RFC 7162 §3.1) and bumps change_seq; returns whether anything changed.
    bool set_flags(std::string_view address, std::string_view folder, std::uint32_t uid,
                   std::vector<std::string> flags);

    // Folder operations. '/' is the hierarchy delimiter: renaming "A" renames "A/B" too
    // (RFC 9051 §6.3.6). A new folder gets a fresh UIDVALIDITY from a per-store counter, so a
    // name deleted and created again never reuses one (RFC 9051 §2.3.1.1).
    FolderStatus create_folder(std::string_view address, std::string_view name);
    FolderStatus delete_folder(std::string_view address, std::string_view name);  // not INBOX
    // Renaming INBOX moves its messages to the new folder and leaves INBOX empty (§6.3.6).
    FolderStatus rename_folder(std::string_view address, std::string_view from,
                               std::string_view to);

    // RFC 1939 §8 maildrop lock; `owner` is a session id other than 0.
    bool lock_maildrop(std::string_view address, std::uint64_t owner);
    void unlock_maildrop(std::string_view address, std::uint64_t owner);

    std::uint64_t next_session_id() { return ++m_last_session_id; }

private:
    std::uint32_t next_uid_validity(const Account& account);

    std::string m_domain;
    std::vector<Account> m_accounts;
    std::uint64_t m_last_session_id = 0;
    std::uint32_t m_last_uid_validity = 1;  // the default folders use 1
};

}  // namespace postlab
