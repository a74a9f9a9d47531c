// MD5 (RFC 1321), only for POP3 APOP (RFC 1939 §7): digest = MD5(timestamp + shared secret) in
// lowercase hex. Self-contained so protocols/ needs no crypto library; not for anything else
// (shared in core because a digest is not POP3's own: CRAM-MD5 and Content-MD5 use it too).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace postlab::core {

std::array<std::uint8_t, 16> md5(std::string_view bytes);
std::string md5_hex(std::string_view bytes);  // 32 lowercase hex digits

}  // namespace postlab::core
