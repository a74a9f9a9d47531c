// MD5 (RFC 1321), only for POP3 APOP (RFC 1939 §7): digest = MD5(timestamp + shared secret) in
// lowercase hex. Self-contained so protocols/ needs no crypto library; not for anything else.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace postlab::pop3 {

std::array<std::uint8_t, 16> md5(std::string_view bytes);
std::string md5_hex(std::string_view bytes);  // 32 lowercase hex digits

}  // namespace postlab::pop3
