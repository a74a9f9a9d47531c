// Cuts a POP3 connection into frames (protocols/core/frame.hpp): one command line; one response,
// multi-line ones (CAPA, LIST, UIDL, RETR, TOP) up to the terminating "." line (RFC 1939 §3);
// the message a RETR or TOP returns as its own data frame; SASL challenges and answers
// (RFC 1734 §2, RFC 5034 §4).
#pragma once

#include <deque>

#include "protocols/core/credentials.hpp"
#include "protocols/core/frame.hpp"

namespace postlab::pop3 {

class Framer final : public core::FramerOf<Framer> {
protected:
    std::optional<std::vector<core::Frame>> from_client() override;
    std::optional<std::vector<core::Frame>> from_server() override;

private:
    struct Expect {
        bool multiline = false;
        bool body = false;  // RETR / TOP: the lines after the status are a message
    };

    bool m_server_spoke = false;
    bool m_continuation = false;  // "+ ": the client's next line answers a SASL challenge
    std::deque<Expect> m_expect;  // one per command sent and not answered (pipelining, RFC 2449 §6.6)
    std::string m_user;           // the argument of the last command if it was USER
    core::SaslExposure m_sasl;
};

}  // namespace postlab::pop3
