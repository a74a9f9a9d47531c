// A TCP listener that hands every accepted connection to a callback, and the glue that turns it
// into "one sans-IO session per connection" through a session factory. Single-threaded: all
// sessions of an io_context share one MailStore without locking.
#pragma once

#include <asio.hpp>
#include <cstdint>
#include <functional>
#include <string>

#include "live/connection.hpp"
#include "live/endpoint.hpp"
#include "live/session_driver.hpp"

namespace postlab::live {

class Listener {
public:
    using AcceptHandler = std::function<void(asio::ip::tcp::socket, ConnectionInfo)>;

    Listener(asio::io_context& io, std::string label) : m_acceptor(io), m_retry(io),
        m_label(std::move(label)) {}
    Listener(const Listener&) = delete;  // handlers point at this object
    Listener& operator=(const Listener&) = delete;

    // Binds and starts accepting. Returns an error message, empty on success.
    std::string open(const Endpoint& endpoint, AcceptHandler on_accept);
    void close();

    std::uint16_t port() const;  // the bound port (useful after binding port 0)
    const std::string& label() const { return m_label; }

private:
    void accept_next();

    asio::ip::tcp::acceptor m_acceptor;
    asio::steady_timer m_retry;
    std::string m_label;
    AcceptHandler m_on_accept;
    std::uint64_t m_connections = 0;
};

// An accept handler that creates a session per connection with `factory(info)` and drives it.
template <SansIoSession S, class Factory>
Listener::AcceptHandler session_acceptor(Factory factory, DriverHooks hooks,
                                         typename SessionDriver<S>::Finished on_finished = {}) {
    return [factory = std::move(factory), hooks = std::move(hooks),
            on_finished = std::move(on_finished)](asio::ip::tcp::socket socket,
                                                  ConnectionInfo info) {
        S session = factory(info);
        spawn_session<S>(std::move(socket), std::move(session), std::move(info), hooks,
                         on_finished);
    };
}

}  // namespace postlab::live
