// Runs one client session (an SMTP or POP3 mail app's job) against a real server: connect to
// host:port, drive the session until it closes, return it so the caller can read result().
// Every step has a timeout, so a silent or absent server never hangs the caller.
#pragma once

#include <asio.hpp>
#include <chrono>
#include <cstdint>
#include <fmt/format.h>
#include <optional>
#include <string>

#include "live/session_driver.hpp"

namespace postlab::live {

struct ClientRunOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds total_timeout{60000};  // the whole session, connect included
    std::function<void(const Event&)> on_event;
    std::function<void(std::string_view)> on_log;
};

template <SansIoSession S>
struct ClientRun {
    S session;                  // final state (the initial one if never connected)
    bool connected = false;
    DriverEnd end = DriverEnd::peer_closed;
    std::string error;          // connect or driver problem; empty when the session just closed
};

namespace detail {

DriverHooks client_hooks(const ClientRunOptions& options);
// Resolves and connects with a timeout; returns an error message, empty on success.
std::string connect_with_timeout(asio::io_context& io, asio::ip::tcp::socket& socket,
                                 const ClientRunOptions& options);

}  // namespace detail

template <SansIoSession S>
ClientRun<S> run_client(S session, const ClientRunOptions& options) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    std::string error = detail::connect_with_timeout(io, socket, options);
    if (!error.empty()) return ClientRun<S>{std::move(session), false, DriverEnd::peer_closed, error};
    io.restart();

    std::optional<S> final_session;
    DriverEnd end = DriverEnd::peer_closed;
    asio::steady_timer overall(io, options.total_timeout);
    ConnectionInfo info{fmt::format("client {}:{}", options.host, options.port), 1, ""};
    auto driver = std::make_shared<SessionDriver<S>>(
        std::move(socket), session, std::move(info), detail::client_hooks(options),
        [&](S& s, DriverEnd how, const ConnectionInfo&) {
            final_session.emplace(std::move(s));
            end = how;
            overall.cancel();
        });
    overall.async_wait([weak = std::weak_ptr(driver)](std::error_code ec) {
        if (auto d = weak.lock(); d && !ec) d->abort(DriverEnd::timed_out);
    });
    driver->start();
    driver.reset();  // it lives on through its pending handlers, until the socket closes
    io.run();
    if (end == DriverEnd::timed_out) error = "timed out waiting for the server";
    if (end == DriverEnd::tls_unsupported) {
        error = "the session asked for TLS, which live/ does not support yet (plaintext only)";
    }
    return ClientRun<S>{final_session ? std::move(*final_session) : std::move(session), true, end,
                        error};
}

}  // namespace postlab::live
