// Devices and their mail apps in the simulated world (DESIGN.md §3 "Devices and mail apps"): the
// account settings a real account dialog has, the specs a lesson declares (domains, network,
// devices) and the view the UI and lesson checks read. POP3 keeps local folders (RFC 1939 §1:
// the client owns its copy), IMAP keeps a cache plus an offline queue (RFC 4549).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "protocols/core/session.hpp"
#include "protocols/imap/client.hpp"
#include "protocols/pop3/client.hpp"
#include "sim/ids.hpp"

namespace postlab::sim {

enum class DeviceKind { desktop, phone, tablet, webmail };
enum class IncomingProtocol { none, pop3, imap };

struct IncomingSettings {
    IncomingProtocol protocol = IncomingProtocol::imap;
    std::string host;
    std::uint16_t port = 993;
    Security security = Security::implicit_tls;
    bool auth = true;
    bool leave_on_server = false;
    int remove_after_days = 0;
    int check_interval_minutes = 10;
    bool push = true;  // IMAP IDLE (RFC 2177)
};

struct OutgoingSettings {
    std::string host;
    std::uint16_t port = 587;
    Security security = Security::starttls;
    bool auth = true;
};

struct DeviceSpec {
    std::string id;
    DeviceKind kind = DeviceKind::desktop;
    std::string owner;
    std::string password;
    std::optional<IncomingSettings> incoming;
    std::optional<OutgoingSettings> outgoing;
};

struct DomainSpec {
    std::string name;
    std::vector<ServiceId> services;  // protocols/registry.hpp: port, TLS, protocol of each
    std::vector<std::pair<std::string, std::string>> users;  // address, password
    std::string certificate_name;                            // empty: mail.<name>
    std::uint64_t quota_bytes = 0;
};

struct NetworkSpec {
    bool isp_blocks_port_25 = false;
    TimeUs latency_us = 10'000;
    std::uint64_t bandwidth_bps = 0;
};

// What a device shows in its mail app (POP3: local only; IMAP: the cache).
struct DeviceMessage {
    std::string key;  // stable id: "uid:<n>" for IMAP, "uidl:<x>" for POP3, "local:<n>"
    std::string subject, from, to;
    std::vector<std::string> flags;
    std::size_t size = 0;
    TimeUs date_us = 0;
    std::string data;
    std::string message_id;  // addition: the Message-ID header, "" if none

    bool operator==(const DeviceMessage&) const = default;
};

struct DeviceFolder {
    std::string name;
    std::vector<DeviceMessage> messages;

    bool operator==(const DeviceFolder&) const = default;
};

struct DeviceView {
    std::string id;
    DeviceKind kind = DeviceKind::desktop;
    std::string owner;
    bool online = true;
    bool connected = false;
    std::string last_error;
    std::size_t outbox_count = 0;
    IncomingSettings incoming;
    std::optional<OutgoingSettings> outgoing;
    std::vector<DeviceFolder> folders;
    // Beyond the account dialog: where the device sits and what waits on it.
    HostId host;                         // the device's host (named like the device id)
    LinkId link;                         // "<id>-isp"
    std::vector<DeviceMessage> outbox;   // what waits to be sent
    std::size_t pending_actions = 0;     // IMAP: queued actions not yet confirmed by the server

    const DeviceFolder* folder(std::string_view name) const;  // INBOX case-insensitively
};

// One message waiting in a device's outbox.
struct OutboxItem {
    std::string message_id;
    std::string reverse_path;
    std::vector<std::string> recipients;
    std::string subject;
    std::string data;
    std::string last_error;
    int attempts = 0;
};

struct ResolvedName {
    std::string name;
    HostId host;
    TimeUs expires_us = 0;
};

// The mail app's whole state: a value inside the World (no callbacks; timers are AppTimer events).
struct MailApp {
    DeviceSpec spec;  // the current settings (ChangeSetting / SetPassword edit them)
    HostId host;
    LinkId link;
    bool online = true;
    std::string last_error;
    std::vector<DeviceFolder> local;          // POP3: the local folders
    std::vector<pop3::KnownMessage> known;    // POP3: UIDLs already downloaded
    imap::LocalCache cache;                   // IMAP: the cache (as of the last session)
    std::vector<imap::PendingAction> queue;   // IMAP: actions not confirmed yet
    std::vector<OutboxItem> outbox;
    ConnId incoming_conn = invalid_conn;      // a check / sync / IDLE session in progress
    ConnId outgoing_conn = invalid_conn;      // sending outbox.front()
    // The server name's A lookup in flight before connecting (RFC 1035; World::dns_query ids),
    // and the answers the device's resolver keeps until their TTL runs out (RFC 1035 §3.2.1).
    std::optional<std::uint32_t> incoming_dns, outgoing_dns;
    std::vector<ResolvedName> resolved;
    std::uint64_t timer_generation = 0;       // interval timer; stale AppTimer events are ignored
    std::uint64_t next_local = 1;             // "local:<n>" keys and Message-ID numbers
    bool check_again = false;                 // a check was asked while one was running
    bool error_from_incoming = false;         // last_error came from checking, not sending
};

// A header field's value (unfolded, leading blanks removed), "" when absent.
std::string header_value(std::string_view message, std::string_view name);
DeviceMessage make_device_message(std::string key, std::string data, std::vector<std::string> flags,
                                  TimeUs date_us);

std::string_view to_string(DeviceKind kind);
std::string_view to_string(IncomingProtocol protocol);

}  // namespace postlab::sim
