// CRLF line framing shared by every text protocol (SMTP, POP3, IMAP). A line ends only with
// CRLF (RFC 5321 §2.3.8, RFC 1939 §3, RFC 9051 §2.2); a bare CR or LF is reported, never
// silently accepted, and a line over the protocol's limit is reported once, then skipped.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace postlab {

enum class LineError {
    none,
    too_long,  // longer than the limit (counted with its CRLF); the rest up to CRLF is discarded
    bare_lf,   // an LF not preceded by CR ended this "line"
    bare_cr,   // a CR followed by something other than LF inside this line
};

std::string_view to_string(LineError error);

struct Line {
    std::string text;  // without the line ending; for too_long, the first bytes only
    LineError error = LineError::none;
};

class LineReader {
public:
    explicit LineReader(std::size_t line_length_max) : m_line_length_max(line_length_max) {}

    void feed(std::string_view bytes) { m_buffer.append(bytes); }

    // The next complete line, or nothing when more bytes are needed. A line with a bare CR is
    // returned whole (up to its CRLF) with error bare_cr; a bare LF ends the line it is in.
    std::optional<Line> next();

    // Up to `count` raw bytes from the buffer (for literals); fewer if fewer are buffered.
    std::string take_raw(std::size_t count);

    // Forget everything buffered, e.g. plaintext pipelined behind STARTTLS (RFC 3207 §4.2).
    void clear();

    std::size_t buffered() const { return m_buffer.size() - m_pos; }
    std::size_t line_length_max() const { return m_line_length_max; }
    void set_line_length_max(std::size_t n) { m_line_length_max = n; }

private:
    void compact();

    std::string m_buffer;
    std::size_t m_pos = 0;
    std::size_t m_line_length_max;
    bool m_discarding = false;  // skipping the tail of an over-long line
};

}  // namespace postlab
