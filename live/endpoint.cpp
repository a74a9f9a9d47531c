// Listening address parsing; see endpoint.hpp.
#include "live/endpoint.hpp"

#include <asio.hpp>
#include <charconv>
#include <fmt/format.h>

namespace postlab::live {

std::string Endpoint::to_string() const {
    if (address.find(':') != std::string::npos) return fmt::format("[{}]:{}", address, port);
    return fmt::format("{}:{}", address, port);
}

namespace {

std::optional<std::uint16_t> parse_port(std::string_view text) {
    unsigned value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

}  // namespace

std::optional<Endpoint> parse_endpoint(std::string_view text, std::string& error) {
    std::string_view host;
    std::string_view port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            error = fmt::format("'{}': expected [IPV6]:PORT", text);
            return std::nullopt;
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos || text.find(':') != colon) {
            error = fmt::format("'{}': expected ADDRESS:PORT, e.g. 127.0.0.1:2525", text);
            return std::nullopt;
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    const auto port_number = parse_port(port);
    if (!port_number) {
        error = fmt::format("'{}': port must be a number from 0 to 65535", text);
        return std::nullopt;
    }
    asio::error_code ec;
    const auto address = asio::ip::make_address(std::string(host), ec);
    if (ec) {
        error = fmt::format("'{}': '{}' is not a numeric IPv4 or IPv6 address", text, host);
        return std::nullopt;
    }
    return Endpoint{address.to_string(), *port_number, address.is_loopback()};
}

}  // namespace postlab::live
