// CRLF line framing; see line_reader.hpp.
#include "protocols/core/line_reader.hpp"

namespace postlab {

std::string_view to_string(LineError error) {
    switch (error) {
        case LineError::none: return "none";
        case LineError::too_long: return "line too long";
        case LineError::bare_lf: return "bare LF";
        case LineError::bare_cr: return "bare CR";
    }
    return "?";
}

std::optional<Line> LineReader::next() {
    const std::string_view view = std::string_view(m_buffer).substr(m_pos);
    const std::size_t lf = view.find('\n');

    if (m_discarding) {
        if (lf == std::string_view::npos) {
            m_pos = m_buffer.size();
            compact();
            return std::nullopt;
        }
        m_pos += lf + 1;
        m_discarding = false;
        compact();
        return next();
    }

    if (lf == std::string_view::npos) {
        if (view.size() > m_line_length_max) {
            Line line{std::string(view.substr(0, m_line_length_max)), LineError::too_long};
            m_pos = m_buffer.size();
            m_discarding = true;
            compact();
            return line;
        }
        return std::nullopt;
    }

    const std::size_t length_with_ending = lf + 1;
    Line line;
    if (lf == 0 || view[lf - 1] != '\r') {
        line.text = std::string(view.substr(0, lf));
        line.error = LineError::bare_lf;
    } else {
        line.text = std::string(view.substr(0, lf - 1));
        if (line.text.find('\r') != std::string::npos) line.error = LineError::bare_cr;
    }
    if (length_with_ending > m_line_length_max && line.error == LineError::none) {
        line.text.resize(m_line_length_max);
        line.error = LineError::too_long;
    }
    m_pos += length_with_ending;
    compact();
    return line;
}

std::string LineReader::take_raw(std::size_t count) {
    const std::size_t n = std::min(count, buffered());
    std::string out = m_buffer.substr(m_pos, n);
    m_pos += n;
    compact();
    return out;
}

void LineReader::clear() {
    m_buffer.clear();
    m_pos = 0;
    m_discarding = false;
}

void LineReader::compact() {
    // Amortised: drop consumed bytes once they dominate the buffer.
    if (m_pos > 4096 && m_pos * 2 > m_buffer.size()) {
        m_buffer.erase(0, m_pos);
        m_pos = 0;
    } else if (m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    }
}

}  // namespace postlab
