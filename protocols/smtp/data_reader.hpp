// Reads the message text after DATA's 354 (RFC 5321 §4.1.1.4): removes dot-stuffing (§4.5.2)
// and ends ONLY at CRLF "." CRLF. A bare CR or LF anywhere never ends the data (the SMTP
// smuggling defence, §2.3.8) but marks the message for rejection; so do text lines over 1000
// octets (§4.5.3.1.6) and messages over the SIZE limit (RFC 1870). Memory stays bounded.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace postlab::smtp {

enum class DataOutcome {
    ok,
    bare_line_ending,  // a CR or LF not part of a CRLF pair
    line_too_long,     // a text line over 1000 octets with its CRLF
    too_big,           // over the message size limit
};

std::string_view to_string(DataOutcome outcome);

class DataReader {
public:
    explicit DataReader(std::size_t message_size_max = 0) : m_size_max(message_size_max) {}

    // Consumes bytes up to and including the end-of-data line; returns how many it used. Bytes
    // after the end belong to the next command (RFC 2920 pipelining).
    std::size_t feed(std::string_view bytes);

    bool done() const { return m_done; }
    DataOutcome outcome() const { return m_outcome; }
    std::size_t size() const { return m_size; }
    // The unstuffed message with CRLF line endings; empty unless the outcome is ok.
    std::string take_message() { return std::move(m_message); }

private:
    void add(char c);
    void store(char c);
    void end_line(bool crlf);
    void reject(DataOutcome outcome);

    std::size_t m_size_max;
    std::string m_message;
    std::size_t m_size = 0;
    std::size_t m_line_length = 0;   // octets of the current line so far, without its ending
    bool m_dot_pending = false;      // the line began with '.', kept back until we know more
    bool m_pending_cr = false;       // a CR that may start a CRLF
    bool m_line_start_clean = true;  // the previous line ended with CRLF (the 354 line did)
    bool m_done = false;
    DataOutcome m_outcome = DataOutcome::ok;
};

}  // namespace postlab::smtp
