// What the hosts of live/ sessions are told about a connection and its session: who it is
// (for log lines), and the callbacks that receive the session's events and the driver's notes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "protocols/core/event.hpp"

namespace postlab {
class MailStore;
}

namespace postlab::live {

struct ConnectionInfo {
    std::string label;    // the service, e.g. "smtp-relay 127.0.0.1:2525"
    std::uint64_t id = 0; // per listener, from 1
    std::string peer;     // "127.0.0.1:54321"
};

// Why a driven connection ended.
enum class DriverEnd {
    session_closed,  // the session said closed() and its output was written
    peer_closed,     // EOF or reset from the peer
    tls_unsupported, // the session asked for TLS, which live/ does not do yet
    io_error,        // a write failed
    timed_out,       // the runner's overall timeout (client side) fired
};

const char* to_string(DriverEnd end);

struct DriverHooks {
    MailStore* store = nullptr;  // passed to the session in every SessionContext
    std::function<void(const ConnectionInfo&, const Event&)> on_event;
    std::function<void(const ConnectionInfo&, std::string_view)> on_log;
    // After every session call the driver made (start, receive, timer, a poke) once its output
    // is queued and its events are handed out: a host compares what the call changed in the
    // store and pokes other drivers (e.g. to wake a session in IMAP IDLE).
    std::function<void(const ConnectionInfo&)> on_call_done;
};

}  // namespace postlab::live
