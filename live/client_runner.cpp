// Connecting with a timeout, for the client runner; see client_runner.hpp.
#include "live/client_runner.hpp"

namespace postlab::live {
namespace detail {

DriverHooks client_hooks(const ClientRunOptions& options) {
    DriverHooks hooks;
    if (options.on_event) {
        hooks.on_event = [f = options.on_event](const ConnectionInfo&, const Event& e) { f(e); };
    }
    if (options.on_log) {
        hooks.on_log = [f = options.on_log](const ConnectionInfo&, std::string_view t) { f(t); };
    }
    return hooks;
}

std::string connect_with_timeout(asio::io_context& io, asio::ip::tcp::socket& socket,
                                 const ClientRunOptions& options) {
    asio::ip::tcp::resolver resolver(io);
    std::error_code ec;
    const auto endpoints = resolver.resolve(options.host, std::to_string(options.port),
                                            asio::ip::resolver_base::numeric_service, ec);
    if (ec) return fmt::format("cannot resolve {}: {}", options.host, ec.message());

    std::optional<std::error_code> result;
    asio::steady_timer timer(io, options.connect_timeout);
    asio::async_connect(socket, endpoints,
                        [&](std::error_code connect_ec, const asio::ip::tcp::endpoint&) {
                            result = connect_ec;
                            timer.cancel();
                        });
    timer.async_wait([&](std::error_code wait_ec) {
        if (wait_ec) return;
        std::error_code ignored;
        socket.close(ignored);  // completes the connect with operation_aborted
    });
    io.run();
    if (!result || *result == asio::error::operation_aborted) {
        return fmt::format("connecting to {}:{} timed out", options.host, options.port);
    }
    if (*result) {
        return fmt::format("cannot connect to {}:{}: {}", options.host, options.port,
                           result->message());
    }
    return {};
}

}  // namespace detail
}  // namespace postlab::live
