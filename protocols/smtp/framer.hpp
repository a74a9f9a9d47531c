// Cuts an SMTP connection into frames (protocols/core/frame.hpp): one command line, one reply
// (all lines of a multi-line reply, RFC 5321 §4.2.1), the message after 354 up to CRLF.CRLF
// (§4.1.1.4) as one data frame, and the base64 lines that answer 334 (RFC 4954 §4).
#pragma once

#include "protocols/core/credentials.hpp"
#include "protocols/core/frame.hpp"

namespace postlab::smtp {

class Framer final : public core::FramerOf<Framer> {
protected:
    std::optional<std::vector<core::Frame>> from_client() override;
    std::optional<std::vector<core::Frame>> from_server() override;

private:

    bool m_continuation = false;  // 334: the client's next line is a SASL response
    bool m_body_next = false;     // 354: the client's next bytes are the message
    core::SaslExposure m_sasl;
};

}  // namespace postlab::smtp
