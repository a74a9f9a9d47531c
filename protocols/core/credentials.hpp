// Credentials that SASL exchanges carry readably (for the eavesdropper's view, via Frame):
// PLAIN is base64 of authzid NUL user NUL password (RFC 4616 §2), LOGIN sends the user name and
// the password as two base64 lines (draft-murchison-sasl-login). Base64 is an encoding, not
// encryption: anyone on the path decodes it. SMTP AUTH, POP3 AUTH and IMAP AUTHENTICATE share it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocols/core/frame.hpp"

namespace postlab::core {

inline constexpr std::string_view plain_how = "AUTH PLAIN: base64 of user and password, decoded by anyone";
inline constexpr std::string_view login_how = "AUTH LOGIN: the password, base64 only";

// RFC 4616 §2: nothing when the base64 or the two NULs are missing.
std::optional<Credential> decode_plain(std::string_view b64);
// The decoded text, or the input itself when it is not base64.
std::string decode_or_raw(std::string_view b64);

// Follows one SASL exchange of a connection: the command that starts it, then each response
// line the client sends to a challenge.
class SaslExposure {
public:
    // `initial` is the initial response on the command line (RFC 4954 §4), "" or "=" for none.
    std::optional<Credential> start(std::string_view mechanism, std::string_view initial);
    std::optional<Credential> response(std::string_view line);

private:
    enum class Mechanism : std::uint8_t { none, plain, login };
    Mechanism m_mechanism = Mechanism::none;
    std::optional<std::string> m_user;  // LOGIN: the first response, decoded
};

}  // namespace postlab::core
