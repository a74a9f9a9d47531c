// The server-side mailbox model; see mail_store.hpp.
#include "protocols/store/mail_store.hpp"

#include <algorithm>
#include <iterator>

#include "protocols/core/text.hpp"

namespace postlab {
namespace {

// Local parts compare exactly (RFC 5321 §2.4 lets servers decide; we keep them as given),
// domains case-insensitively.
bool same_address(std::string_view a, std::string_view b) {
    const auto at_a = a.rfind('@');
    const auto at_b = b.rfind('@');
    if (at_a == std::string_view::npos || at_b == std::string_view::npos) return false;
    return a.substr(0, at_a) == b.substr(0, at_b) && iequals(a.substr(at_a), b.substr(at_b));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    unsigned diff = a.size() == b.size() ? 0u : 1u;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned>(a[i] ^ (i < b.size() ? b[i] : 0));
    }
    return diff == 0;
}

}  // namespace

bool StoredMessage::has_flag(std::string_view flag) const {
    return std::any_of(flags.begin(), flags.end(), [&](const auto& f) { return iequals(f, flag); });
}

StoredMessage* Folder::find_uid(std::uint32_t uid) {
    auto it = std::lower_bound(messages.begin(), messages.end(), uid,
                               [](const StoredMessage& m, std::uint32_t u) { return m.uid < u; });
    return it != messages.end() && it->uid == uid ? &*it : nullptr;
}

std::size_t Folder::total_size() const {
    std::size_t total = 0;
    for (const auto& m : messages) total += m.size();
    return total;
}

Folder* Account::folder(std::string_view name) {
    for (auto& f : folders) {
        if (f.name == name || (iequals(name, "INBOX") && iequals(f.name, "INBOX"))) return &f;
    }
    return nullptr;
}

const Folder* Account::folder(std::string_view name) const {
    return const_cast<Account*>(this)->folder(name);
}

std::size_t Account::total_size() const {
    std::size_t total = 0;
    for (const auto& f : folders) total += f.total_size();
    return total;
}

const char* to_string(FolderStatus status) {
    switch (status) {
        case FolderStatus::ok: return "ok";
        case FolderStatus::exists: return "exists";
        case FolderStatus::missing: return "missing";
        case FolderStatus::not_allowed: return "not allowed";
    }
    return "?";
}

bool MailStore::is_local_domain(std::string_view domain) const { return iequals(domain, m_domain); }

bool MailStore::add_account(std::string address, std::string password) {
    if (account(address)) return false;
    Account a{std::move(address), std::move(password), {}, 0, 0, 0};
    a.folders.push_back(Folder{"INBOX", "", 1, 1, 1, true, {}});
    a.folders.push_back(Folder{"Sent", "\\Sent", 1, 1, 1, true, {}});
    a.folders.push_back(Folder{"Drafts", "\\Drafts", 1, 1, 1, true, {}});
    a.folders.push_back(Folder{"Trash", "\\Trash", 1, 1, 1, true, {}});
    m_accounts.push_back(std::move(a));
    return true;
}

Account* MailStore::account(std::string_view address) {
    for (auto& a : m_accounts) {
        if (same_address(a.address, address)) return &a;
    }
    return nullptr;
}

const Account* MailStore::account(std::string_view address) const {
    return const_cast<MailStore*>(this)->account(address);
}

Account* MailStore::authenticate(std::string_view user, std::string_view password) {
    Account* a = account(user);
    const bool ok = constant_time_equal(a ? std::string_view(a->password) : std::string_view{},
                                        password);
    return a && ok ? a : nullptr;
}

DeliveryStatus MailStore::deliver(std::string_view address, std::string_view folder_name,
                                  std::string data, TimeUs internal_date_us,
                                  std::vector<std::string> flags) {
    Account* a = account(address);
    if (!a) return DeliveryStatus::no_such_user;
    if (a->quota_bytes != 0 && a->total_size() + data.size() > a->quota_bytes) {
        return DeliveryStatus::over_quota;
    }
    Folder* f = a->folder(folder_name);
    if (!f) f = a->folder("INBOX");
    std::sort(flags.begin(), flags.end());
    flags.erase(std::unique(flags.begin(), flags.end()), flags.end());
    ++f->highest_modseq;
    f->messages.push_back(
        StoredMessage{f->uid_next++, std::move(data), std::move(flags), internal_date_us,
                      f->highest_modseq});
    ++a->change_seq;
    return DeliveryStatus::delivered;
}

void MailStore::expunge(std::string_view address, std::string_view folder_name,
                        const std::vector<std::uint32_t>& uids) {
    Account* a = account(address);
    Folder* f = a ? a->folder(folder_name) : nullptr;
    if (!f || uids.empty()) return;
    const auto removed = std::remove_if(f->messages.begin(), f->messages.end(), [&](const auto& m) {
        return std::find(uids.begin(), uids.end(), m.uid) != uids.end();
    });
    if (removed == f->messages.end()) return;
    f->messages.erase(removed, f->messages.end());
    ++f->highest_modseq;
    ++a->change_seq;
}

std::vector<MailStore::MovedUid> MailStore::move_messages(std::string_view address,
                                                          std::string_view from,
                                                          std::vector<std::uint32_t> uids,
                                                          std::string_view to) {
    Account* a = account(address);
    Folder* source = a ? a->folder(from) : nullptr;
    Folder* target = a ? a->folder(to) : nullptr;
    if (!source || !target) return {};
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    // Taken out of the source first: the target may be the source itself (RFC 6851 §3.3).
    std::vector<StoredMessage> taken;
    const auto staying = [&](const StoredMessage& m) {
        return !std::binary_search(uids.begin(), uids.end(), m.uid);
    };
    const auto kept =
        std::stable_partition(source->messages.begin(), source->messages.end(), staying);
    std::move(kept, source->messages.end(), std::back_inserter(taken));
    source->messages.erase(kept, source->messages.end());
    if (taken.empty()) return {};
    ++source->highest_modseq;
    std::vector<MovedUid> moved;
    for (auto& m : taken) {
        moved.push_back({m.uid, target->uid_next});
        m.uid = target->uid_next++;
        m.modseq = ++target->highest_modseq;
        target->messages.push_back(std::move(m));
    }
    ++a->change_seq;
    return moved;
}

bool MailStore::set_flags(std::string_view address, std::string_view folder_name,
                          std::uint32_t uid, std::vector<std::string> flags) {
    Account* a = account(address);
    Folder* f = a ? a->folder(folder_name) : nullptr;
    StoredMessage* m = f ? f->find_uid(uid) : nullptr;
    if (!m) return false;
    std::sort(flags.begin(), flags.end());
    flags.erase(std::unique(flags.begin(), flags.end()), flags.end());
    if (flags == m->flags) return false;
    m->flags = std::move(flags);
    m->modseq = ++f->highest_modseq;
    ++a->change_seq;
    return true;
}

std::uint32_t MailStore::next_uid_validity(const Account& a) {
    // Above every value the account holds, in case a caller set one by hand (tests do).
    std::uint32_t highest = m_last_uid_validity;
    for (const auto& f : a.folders) highest = std::max(highest, f.uid_validity);
    m_last_uid_validity = highest + 1;
    return m_last_uid_validity;
}

FolderStatus MailStore::create_folder(std::string_view address, std::string_view name) {
    Account* a = account(address);
    if (!a) return FolderStatus::missing;
    if (name.empty()) return FolderStatus::not_allowed;
    if (a->folder(name)) return FolderStatus::exists;
    a->folders.push_back(Folder{std::string(name), "", next_uid_validity(*a), 1, 1, false, {}});
    ++a->change_seq;
    return FolderStatus::ok;
}

FolderStatus MailStore::delete_folder(std::string_view address, std::string_view name) {
    Account* a = account(address);
    if (!a) return FolderStatus::missing;
    if (iequals(name, "INBOX")) return FolderStatus::not_allowed;  // RFC 9051 §6.3.5
    const auto it = std::find_if(a->folders.begin(), a->folders.end(),
                                 [&](const Folder& f) { return f.name == name; });
    if (it == a->folders.end()) return FolderStatus::missing;
    a->folders.erase(it);
    ++a->change_seq;
    return FolderStatus::ok;
}

FolderStatus MailStore::rename_folder(std::string_view address, std::string_view from,
                                      std::string_view to) {
    constexpr char k_delimiter = '/';
    Account* a = account(address);
    Folder* source = a ? a->folder(from) : nullptr;
    if (!source) return FolderStatus::missing;
    if (to.empty()) return FolderStatus::not_allowed;
    if (a->folder(to)) return FolderStatus::exists;
    if (iequals(from, "INBOX")) {
        Folder moved{std::string(to), "", next_uid_validity(*a), source->uid_next,
                     source->highest_modseq, false, std::move(source->messages)};
        source->messages.clear();
        ++source->highest_modseq;
        a->folders.push_back(std::move(moved));  // invalidates `source`
    } else {
        const std::string old_name = source->name;
        const std::string prefix = old_name + k_delimiter;
        for (auto& f : a->folders) {
            if (f.name == old_name) {
                f.name = std::string(to);
            } else if (f.name.starts_with(prefix)) {
                f.name = std::string(to) + k_delimiter + f.name.substr(prefix.size());
            }
        }
    }
    ++a->change_seq;
    return FolderStatus::ok;
}

bool MailStore::lock_maildrop(std::string_view address, std::uint64_t owner) {
    Account* a = account(address);
    if (!a || (a->maildrop_lock != 0 && a->maildrop_lock != owner)) return false;
    a->maildrop_lock = owner;
    return true;
}

void MailStore::unlock_maildrop(std::string_view address, std::uint64_t owner) {
    Account* a = account(address);
    if (a && a->maildrop_lock == owner) a->maildrop_lock = 0;
}

}  // namespace postlab
