// The lesson model (DESIGN.md §3 "Lessons"): what a lesson file (lessons/README.md) declares,
// as plain copyable structs with the source position of every value, so that errors and the UI
// can point at the line a trainer wrote. No World dependency: the sim builds a World from this.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "protocols/core/protocol_id.hpp"
#include "sim/lesson/check_expr.hpp"
#include "sim/lesson/source_pos.hpp"

namespace postlab::lesson {

// A value together with where the trainer wrote it (line 0 when it was defaulted).
template <class T>
struct Located {
    T value{};
    SourcePos pos;
};

using LString = Located<std::string>;
using LInt = Located<std::int64_t>;
using LBool = Located<bool>;

enum class Level { beginner, intermediate, advanced };
// A mail host's services are the registry's (protocols/registry.hpp): names, ports, TLS.
using Service = ServiceId;
enum class DeviceKind { desktop, phone, tablet, webmail };
enum class IncomingProtocol { pop3, imap };
enum class Security { none, starttls, ssl_tls };
// How a client proves who it is. `password` is the protocol's own login command (POP3 USER/PASS
// RFC 1939 §7, IMAP LOGIN RFC 9051 §6.2.3); plain/login are SASL (RFC 4616, draft-murchison).
enum class AuthMethod { none, password, plain, login };

struct Account {
    LString address;   // "alice@example.test"
    LString password;  // the lesson's default_password when omitted
};

struct Domain {
    LString name;                     // "example.test"; its server host is mail.<name>
    std::vector<Located<Service>> services;
    std::vector<Account> accounts;
    LString certificate_name;         // name on the server certificate; default mail.<name>
    std::optional<LInt> quota_kb;     // per-account mailbox quota
    SourcePos pos;                    // the [[domain]] header

    std::string host() const { return "mail." + name.value; }
    bool offers(Service service) const;
};

struct Network {
    LBool isp_blocks_port_25;  // the devices' ISP drops outbound TCP to port 25 (RFC 5068 §3)
    LInt latency_ms{20, {}};   // one-way latency of every device's ISP link
    LInt bandwidth_kbps{10000, {}};
};

struct Incoming {
    Located<IncomingProtocol> protocol;
    LString host;
    LInt port;                            // defaulted from protocol + security when omitted
    Located<Security> security;
    Located<AuthMethod> auth{AuthMethod::password, {}};
    LBool leave_on_server;                // POP3 only
    std::optional<LInt> remove_after_days;  // POP3 with leave_on_server
    LInt check_interval_minutes{0, {}};   // 0: only when the user checks
    LBool push;                           // IMAP IDLE (RFC 2177)
    SourcePos pos;
};

struct Outgoing {
    LString host;
    LInt port;                            // defaulted from security when omitted
    Located<Security> security;
    Located<AuthMethod> auth{AuthMethod::plain, {}};
    SourcePos pos;
};

struct Device {
    LString id;                           // [a-z][a-z0-9_]*, used in checks: `phone.inbox.count`
    LString name;                         // label for the UI; defaults to the id
    Located<DeviceKind> kind;
    LString owner;                        // an account address
    LString password;                     // what the app has stored; default the account's
    std::optional<Incoming> incoming;
    std::optional<Outgoing> outgoing;
    SourcePos pos;
};

// Which message a user action is about: by subject, or by 1-based position in a folder.
struct MessageRef {
    LString folder{"INBOX", {}};
    std::optional<LString> subject;
    std::optional<LInt> index;
};

struct Attachment {
    LString name;
    LInt size_kb;
};

struct SendAction {
    std::vector<LString> to;
    std::vector<LString> cc;
    LString subject;
    LString body;
    std::optional<Attachment> attachment;
};

struct CheckMailAction {};
struct ReadAction { MessageRef message; };
struct FlagAction { MessageRef message; };
struct UnflagAction { MessageRef message; };
struct MoveAction { MessageRef message; LString to; };
struct DeleteAction { MessageRef message; };
struct CreateFolderAction { LString folder; };
struct GoOfflineAction {};
struct GoOnlineAction {};
struct CrashAction {};  // the device loses its local data

// A value written in a lesson for a setting: the type must match the setting.
using SettingValue = std::variant<bool, std::int64_t, std::string>;

struct ChangeSettingAction {
    LString setting;  // a setting path, see setting_paths()
    Located<SettingValue> value;
};

// Faults change the world rather than a device's user interface.
struct LinkDownFault { LString link; };
struct LinkUpFault { LString link; };
struct LatencyFault { LString link; LInt ms; };
struct BandwidthFault { LString link; LInt kbps; };
struct BlockPort25Fault {};
struct UnblockPort25Fault {};
struct ServerDownFault { LString host; };
struct ServerUpFault { LString host; };
struct CertificateMismatchFault { LString host; };
struct WrongPasswordFault { LString device; };
struct OverQuotaFault { LString account; };
struct WaitFault { LInt duration_us; };

using ActionBody =
    std::variant<SendAction, CheckMailAction, ReadAction, FlagAction, UnflagAction, MoveAction,
                 DeleteAction, CreateFolderAction, GoOfflineAction, GoOnlineAction, CrashAction,
                 ChangeSettingAction, LinkDownFault, LinkUpFault, LatencyFault, BandwidthFault,
                 BlockPort25Fault, UnblockPort25Fault, ServerDownFault, ServerUpFault,
                 CertificateMismatchFault, WrongPasswordFault, OverQuotaFault, WaitFault>;

struct Action {
    LString device;   // set for user actions (the first 12 alternatives), empty for faults
    std::string verb; // the key that named it: "send", "check_mail", "link_down", ...
    ActionBody body;
    SourcePos pos;
};

struct Question {
    LString ask;
    std::vector<LString> choices;  // empty: an open question
    LString answer;
    LString explain;
};

enum class UntilKind { idle, time, condition };

struct Until {
    UntilKind kind = UntilKind::idle;
    std::int64_t duration_us = 0;  // kind == time: "time +5m"
    std::optional<CheckExpr> condition;
    LString text;                  // as written; empty when defaulted to idle
};

struct Check {
    LString text;
    CheckExpr expr;
};

struct Exercise {
    LString device;
    LString setting;
    Check goal;
    SourcePos pos;
};

struct Step {
    LString title;
    LString say;
    std::optional<Question> question;
    std::vector<Action> actions;
    Until until;
    std::vector<LString> highlight;
    std::vector<Check> checks;
    std::optional<Exercise> exercise;
    SourcePos pos;
};

struct LessonSpec {
    std::string file_name;
    LString id;
    LString title;
    LInt minutes;
    LString summary;
    LInt seed;
    std::optional<Located<Level>> level;
    LString default_password{"secret", {}};
    std::vector<Domain> domains;
    Network network;
    std::vector<Device> devices;
    std::vector<Action> faults;  // applied before step 1
    std::vector<Step> steps;

    const Domain* find_domain(std::string_view name) const;
    const Device* find_device(std::string_view device_id) const;
    const Account* find_account(std::string_view address) const;
};

// Names as written in lesson files, for messages and for the UI.
std::string_view to_string(Service service);  // the registry's name
std::string_view to_string(Security security);
std::string_view to_string(IncomingProtocol protocol);  // the registry's name
// "pop3" / "imap" (the registry's names) to the account's protocol; nullopt for anything else.
std::optional<IncomingProtocol> incoming_protocol_from_name(std::string_view name);
std::string_view to_string(DeviceKind kind);
std::string_view to_string(AuthMethod auth);
std::string_view to_string(Level level);

// Settings a lesson may change (change_setting, exercise), with the value type they take.
enum class SettingType { boolean, integer, text };
struct SettingPath {
    std::string_view path;
    SettingType type;
    std::vector<std::string_view> choices;  // for text settings with fixed spellings
};
const std::vector<SettingPath>& setting_paths();

}  // namespace postlab::lesson
