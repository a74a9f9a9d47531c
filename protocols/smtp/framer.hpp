// Cuts an SMTP connection into frames (protocols/core/frame.hpp): one command line, one reply
// (all lines of a multi-line reply, RFC 5321 §4.2.1), the message after 354 up to CRLF.CRLF
// (§4.1.1.4) as one data frame, and the base64 lines that answer 334 (RFC 4954 §4).
#pragma once

#include "protocols/core/credentials.hpp"
#include "protocols/core/frame.hpp"

namespace postlab::smtp {

class Framer final : public core::Framer {
public:
    std::unique_ptr<core::Framer> clone() const override { return std::make_unique<Framer>(*this); }

protected:
    std::optional<std::vector<core::Frame>> next(core::Peer from) override;

private:
    std::optional<std::vector<core::Frame>> client();
    std::optional<std::vector<core::Frame>> server();

    bool m_continuation = false;  // 334: the client's next line is a SASL response
    bool m_body_next = false;     // 354: the client's next bytes are the message
    core::SaslExposure m_sasl;
};

}  // namespace postlab::smtp
