// Cuts a session's output into trace entries: one command or reply per entry, a multi-line
// reply as one entry, a message body (SMTP DATA, POP3 RETR/TOP) or a client's IMAP literal as
// one entry "message body, N bytes". Framing follows RFC 5321 §4.2 and §4.1.1.4 (replies, DATA),
// RFC 1939 §3 (multi-line responses) and RFC 9051 §4.3 / §7 (literals, responses).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/segment.hpp"
#include "sim/trace.hpp"

namespace postlab::sim {

struct AppMessage {
    TraceKind kind = TraceKind::command;
    std::string bytes;
    std::string summary;
    std::string explain_key;
};

class Conversation {
public:
    explicit Conversation(std::string protocol = {}) : m_protocol(std::move(protocol)) {}

    const std::string& protocol() const { return m_protocol; }
    // Takes what one side wrote and returns the complete messages; partial ones wait.
    std::vector<AppMessage> feed(Side from, std::string_view bytes);
    // At close: whatever is left of that side's output as one entry.
    std::vector<AppMessage> flush(Side from);

private:
    struct Pop3Expect {
        bool multiline = false;
        bool body = false;  // RETR / TOP: the lines after the status are a message
    };

    std::optional<std::vector<AppMessage>> next(Side from);
    std::optional<std::vector<AppMessage>> smtp_client();
    std::optional<std::vector<AppMessage>> smtp_server();
    std::optional<std::vector<AppMessage>> pop3_client();
    std::optional<std::vector<AppMessage>> pop3_server();
    std::optional<std::vector<AppMessage>> imap_client();
    std::optional<std::vector<AppMessage>> imap_server();
    std::string take(Side from, std::size_t n);

    std::string m_protocol;
    std::array<std::string, 2> m_pending;
    bool m_server_spoke = false;
    bool m_continuation = false;      // the server asked for a SASL / literal / IDLE continuation
    bool m_smtp_body_next = false;    // 354 seen: the client's next bytes are the message
    std::deque<Pop3Expect> m_pop3_expect;
    std::uint64_t m_imap_literal = 0; // client literal bytes announced and not yet seen
};

}  // namespace postlab::sim
