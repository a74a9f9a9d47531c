// The DATA phase reader; see data_reader.hpp. RFC 5321 §4.1.1.4, §4.5.2, §2.3.8, §4.5.3.1.6.
#include "protocols/smtp/data_reader.hpp"

#include "protocols/smtp/types.hpp"

namespace postlab::smtp {

std::string_view to_string(DataOutcome outcome) {
    switch (outcome) {
        case DataOutcome::ok: return "ok";
        case DataOutcome::bare_line_ending: return "bare CR or LF in message";
        case DataOutcome::line_too_long: return "text line longer than 1000 octets";
        case DataOutcome::too_big: return "message larger than the size limit";
    }
    return "?";
}

std::size_t DataReader::feed(std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size() && !m_done; ++i) {
        const char c = bytes[i];
        if (m_pending_cr) {
            m_pending_cr = false;
            if (c == '\n') {
                end_line(true);
                if (m_done) return i + 1;
                continue;
            }
            reject(DataOutcome::bare_line_ending);  // CR not followed by LF
            add('\r');
        }
        if (c == '\r') {
            m_pending_cr = true;
        } else if (c == '\n') {
            reject(DataOutcome::bare_line_ending);  // LF not preceded by CR
            end_line(false);
        } else {
            add(c);
        }
    }
    return bytes.size();
}

void DataReader::add(char c) {
    ++m_line_length;
    // RFC 5321 §4.5.2: a leading period is removed; whether it is the terminator is known at
    // the end of the line.
    if (m_line_length == 1 && c == '.') {
        m_dot_pending = true;
        return;
    }
    store(c);
}

void DataReader::end_line(bool crlf) {
    if (m_dot_pending && m_line_length == 1) {
        // Only CRLF "." CRLF ends the data: "\n.\r\n", "\r.\r\n" and "\n.\n" do not.
        if (crlf && m_line_start_clean) {
            m_done = true;
            return;
        }
        store('.');  // a lone "." that is not the terminator stays text
    }
    if (m_line_length + 2 > k_text_line_length_max) reject(DataOutcome::line_too_long);
    store('\r');
    store('\n');
    m_line_length = 0;
    m_dot_pending = false;
    m_line_start_clean = crlf;
}

void DataReader::store(char c) {
    ++m_size;
    if (m_size_max != 0 && m_size > m_size_max) reject(DataOutcome::too_big);
    if (m_outcome == DataOutcome::ok) m_message += c;
}

void DataReader::reject(DataOutcome outcome) {
    // The first reason wins; the text is dropped at once so a rejected message costs no memory.
    if (m_outcome == DataOutcome::ok) m_outcome = outcome;
    m_message.clear();
    m_message.shrink_to_fit();
}

}  // namespace postlab::smtp
