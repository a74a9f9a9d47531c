// Cuts an IMAP connection into frames (protocols/core/frame.hpp): one command line; a client
// literal and the rest of its line as one data frame (RFC 9051 §4.3); one server response with
// all its literals (§7); continuation requests and what answers them (§7.5). LOGIN (§6.2.3) and
// AUTHENTICATE PLAIN / LOGIN (§6.2.2) expose their credentials on the frame that completes them.
#pragma once

#include "protocols/core/credentials.hpp"
#include "protocols/core/frame.hpp"

namespace postlab::imap {

class Framer final : public core::FramerOf<Framer> {
protected:
    std::optional<std::vector<core::Frame>> from_client() override;
    std::optional<std::vector<core::Frame>> from_server() override;

private:
    std::optional<std::vector<core::Frame>> client_literal();
    // The client's bytes form a command up to a line without a literal: LOGIN is read then.
    std::optional<core::Credential> command_part(std::string_view bytes, bool starts_command);

    bool m_server_spoke = false;
    bool m_continuation = false;  // the server asked for a SASL response / literal / IDLE's DONE
    std::uint64_t m_literal = 0;  // client literal bytes announced and not yet framed
    bool m_in_login = false;      // the command being framed is a LOGIN
    std::string m_login;          // its bytes so far (only LOGIN is kept: an APPEND is big)
    core::SaslExposure m_sasl;
};

}  // namespace postlab::imap
