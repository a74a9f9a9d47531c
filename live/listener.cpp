// The TCP listener; see listener.hpp.
#include "live/listener.hpp"

#include <fmt/format.h>

namespace postlab::live {

std::string Listener::open(const Endpoint& endpoint, AcceptHandler on_accept) {
    std::error_code ec;
    const auto address = asio::ip::make_address(endpoint.address, ec);
    if (ec) return fmt::format("{}: bad address: {}", endpoint.to_string(), ec.message());
    const asio::ip::tcp::endpoint where(address, endpoint.port);
    m_acceptor.open(where.protocol(), ec);
    if (ec) return fmt::format("{}: cannot open socket: {}", endpoint.to_string(), ec.message());
    // Lets a restarted server bind again while old connections sit in TIME_WAIT; on Linux it
    // still refuses a port another socket is listening on.
    m_acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
    m_acceptor.bind(where, ec);
    if (!ec) m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        const auto message = ec.message();
        m_acceptor.close(ec);
        return fmt::format("{}: cannot listen: {}", endpoint.to_string(), message);
    }
    m_on_accept = std::move(on_accept);
    accept_next();
    return {};
}

void Listener::close() {
    std::error_code ignored;
    m_acceptor.close(ignored);
    m_retry.cancel();
}

std::uint16_t Listener::port() const {
    std::error_code ec;
    const auto local = m_acceptor.local_endpoint(ec);
    return ec ? 0 : local.port();
}

void Listener::accept_next() {
    m_acceptor.async_accept([this](std::error_code ec, asio::ip::tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !m_acceptor.is_open()) return;
        if (ec) {
            // Out of file descriptors and the like: wait a little instead of spinning.
            m_retry.expires_after(std::chrono::milliseconds(100));
            m_retry.async_wait([this](std::error_code wait_ec) {
                if (!wait_ec) accept_next();
            });
            return;
        }
        std::error_code peer_ec;
        const auto peer = socket.remote_endpoint(peer_ec);
        ConnectionInfo info{m_label, ++m_connections,
                            peer_ec ? std::string("?")
                                    : Endpoint{peer.address().to_string(), peer.port(), false}
                                          .to_string()};
        m_on_accept(std::move(socket), std::move(info));
        accept_next();
    });
}

}  // namespace postlab::live
