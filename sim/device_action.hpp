// User actions on devices (DESIGN.md §3 "Devices and mail apps"): plain values, so SimControl
// logs and replays them exactly like faults and connections.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace postlab::sim {

struct SendMail {
    std::string device;
    std::vector<std::string> to, cc;
    std::string subject, body;
    bool attachment = false;
    std::size_t attachment_bytes = 0;  // addition: size of the attachment (0: 300 KiB)
    std::string attachment_name;       // addition: file name (empty: "attachment.pdf")
};
struct CheckMail {
    std::string device;
};
struct MessageRef {
    std::string device;
    std::string folder = "INBOX";
    std::optional<std::size_t> index;  // from 1, oldest first
    std::string subject;               // used when index is not set
};
struct ReadMessage {
    MessageRef message;
};
struct FlagMessage {
    MessageRef message;
    bool flagged = true;
};
struct MoveMessage {
    MessageRef message;
    std::string target;
};
struct DeleteMessage {
    MessageRef message;
};
struct CreateFolder {
    std::string device, name;
};
struct GoOffline {
    std::string device;
};
struct GoOnline {
    std::string device;
};
struct CrashDevice {  // local data lost
    std::string device;
};
// "incoming.leave_on_server" = "true", "outgoing.port" = "25", "incoming.security" = "ssl-tls",
// "incoming.protocol" = "pop3", "password" = "..." (the paths of lessons/README.md)
struct ChangeSetting {
    std::string device;
    std::string path;
    std::string value;
};
struct SetPassword {  // fault: wrong password
    std::string device;
    std::string password;
};

using DeviceAction = std::variant<SendMail, CheckMail, ReadMessage, FlagMessage, MoveMessage, DeleteMessage,
                                  CreateFolder, GoOffline, GoOnline, CrashDevice, ChangeSetting, SetPassword>;

std::string_view device_of(const DeviceAction& action);
std::string describe(const DeviceAction& action);  // one line for the trace: "send 'Lunch' to bob@x"

}  // namespace postlab::sim
