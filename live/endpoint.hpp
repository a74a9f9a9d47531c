// Listening addresses as the command line gives them ("127.0.0.1:2525", "[::1]:2587"), parsed
// and checked without pulling Asio into the callers. Loopback is what a teaching lab should bind:
// a plaintext mail server reachable from the network would leak passwords.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace postlab::live {

struct Endpoint {
    std::string address;     // numeric IPv4 or IPv6, without brackets
    std::uint16_t port = 0;  // 0: let the kernel choose
    bool loopback = false;   // 127.0.0.0/8 or ::1

    std::string to_string() const;  // "127.0.0.1:2525", "[::1]:2587"
};

// Parses "ADDRESS:PORT" (IPv6 in brackets). On failure returns nothing and sets `error`.
std::optional<Endpoint> parse_endpoint(std::string_view text, std::string& error);

}  // namespace postlab::live
