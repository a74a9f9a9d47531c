// The shared half of the HTTP/1.1 parsers: line framing with limits (RFC 9112 §2.2), field
// lines (RFC 9112 §5), the body length decision (RFC 9112 §6.3) and chunked decoding (RFC 9112
// §7.1). Start lines, the error table and the one-shot helpers are in parser_messages.cpp.
#include "protocols/http/parser.hpp"

#include <algorithm>
#include <limits>

#include "protocols/core/text.hpp"
#include "protocols/http/syntax.hpp"

namespace postlab::http {
namespace {

// A chunk-size line is hex digits and extensions; room for padded sizes on top of the extension.
constexpr std::size_t chunk_size_digits_max = 64;

// RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ).
bool valid_chunk_extension(std::string_view ext) {
    std::size_t i = 0;
    while (i < ext.size()) {
        i = syntax::skip_ows(ext, i);
        if (i >= ext.size() || ext[i] != ';') return false;
        const std::size_t name = syntax::skip_ows(ext, i + 1);
        i = syntax::token_end(ext, name);
        if (i == name) return false;
        const std::size_t eq = syntax::skip_ows(ext, i);
        if (eq >= ext.size() || ext[eq] != '=') continue;
        const std::size_t value = syntax::skip_ows(ext, eq + 1);
        if (value < ext.size() && ext[value] == '"') {
            const auto end = syntax::quoted_string_end(ext, value);
            if (!end) return false;
            i = *end;
        } else {
            i = syntax::token_end(ext, value);
            if (i == value) return false;
        }
    }
    return true;
}

}  // namespace

bool MessageParser::in_body() const {
    switch (m_stage) {
        case Stage::length_body:
        case Stage::chunk_size:
        case Stage::chunk_data:
        case Stage::chunk_end:
        case Stage::trailers:
        case Stage::close_body:
            return true;
        default:
            return false;
    }
}

ParseResult MessageParser::parse(std::string_view bytes) {
    std::size_t pos = 0;
    while (m_stage != Stage::complete) {
        const bool lines = m_stage == Stage::start || m_stage == Stage::headers || m_stage == Stage::chunk_size ||
                           m_stage == Stage::trailers;
        const ParseResult r = lines ? parse_lines(bytes, pos) : parse_body(bytes, pos);
        if (r.status != ParseStatus::complete) return r;
    }
    return {ParseStatus::complete, pos, ParseError::none};
}

ParseResult MessageParser::finish(std::string_view unconsumed) {
    if (m_stage == Stage::close_body) {
        m_stage = Stage::complete;  // RFC 9112 §6.3 item 8: the close delimits the body
        return {ParseStatus::complete, 0, ParseError::none};
    }
    if (m_stage == Stage::complete) return {ParseStatus::complete, 0, ParseError::none};
    if (idle() && unconsumed.empty()) return {ParseStatus::need_more, 0, ParseError::none};
    return {ParseStatus::error, 0, ParseError::incomplete_message};  // RFC 9112 §8
}

void MessageParser::reset() {
    m_stage = Stage::start;
    m_scanned = 0;
    m_head_bytes = 0;
    m_field_count = 0;
    m_remaining = 0;
    m_version = {};
    m_headers = {};
    m_trailers = {};
    m_body.clear();
}

// Finds the end of the line that starts at `rest`, scanning only what was not scanned before
// (a line fed one byte at a time is still scanned once). Never looks past the first LF.
MessageParser::LineScan MessageParser::scan_line(std::string_view rest, std::size_t length_max,
                                                 std::size_t& line_end, ParseError& error) {
    std::size_t i = std::min(m_scanned, rest.size());
    for (; i < rest.size(); ++i) {
        const char c = rest[i];
        if (c == '\n') {
            if (i == 0 || rest[i - 1] != '\r') {
                error = ParseError::bare_lf;
                return LineScan::error;
            }
            line_end = i + 1;
            m_scanned = 0;
            return LineScan::complete;
        }
        if (c == '\r' && i + 1 < rest.size() && rest[i + 1] != '\n') {
            error = ParseError::bare_cr;
            return LineScan::error;
        }
        if (c != '\r' && i >= length_max) {
            error = too_long_error();
            return LineScan::error;
        }
    }
    // A CR at the end may be the first half of CRLF: look at it again with the next byte.
    m_scanned = !rest.empty() && rest.back() == '\r' ? rest.size() - 1 : rest.size();
    return LineScan::need_more;
}

std::size_t MessageParser::line_length_max() const {
    switch (m_stage) {
        case Stage::start:
            return m_request ? m_limits.request_line_length_max : m_limits.status_line_length_max;
        case Stage::chunk_size:
            return chunk_size_digits_max + m_limits.chunk_extension_length_max;
        default:
            return m_limits.header_line_length_max;
    }
}

ParseError MessageParser::too_long_error() const {
    switch (m_stage) {
        case Stage::start:
            return ParseError::start_line_too_long;
        case Stage::chunk_size:
            return ParseError::chunk_extension_too_long;
        default:
            return ParseError::header_line_too_long;
    }
}

ParseResult MessageParser::parse_lines(std::string_view bytes, std::size_t& pos) {
    std::size_t line_end = 0;
    ParseError error = ParseError::none;
    switch (scan_line(bytes.substr(pos), line_length_max(), line_end, error)) {
        case LineScan::need_more:
            return {ParseStatus::need_more, pos, ParseError::none};
        case LineScan::error:
            return {ParseStatus::error, pos, error};
        case LineScan::complete:
            break;
    }
    const std::string_view line = bytes.substr(pos, line_end - 2);
    pos += line_end;
    if (m_stage == Stage::start && line.empty() && m_request) {
        return {ParseStatus::complete, pos, ParseError::none};  // RFC 9112 §2.2: a stray CRLF
    }
    if (m_stage != Stage::chunk_size) {
        m_head_bytes += line_end;
        if (m_head_bytes > m_limits.header_bytes_max) return {ParseStatus::error, pos, ParseError::headers_too_large};
    }
    error = on_line(line);
    if (error != ParseError::none) return {ParseStatus::error, pos, error};
    return {ParseStatus::complete, pos, ParseError::none};  // "complete" = go on
}

ParseError MessageParser::on_line(std::string_view line) {
    switch (m_stage) {
        case Stage::start: {
            const ParseError e = on_start_line(line);
            if (e == ParseError::none) m_stage = Stage::headers;
            return e;
        }
        case Stage::headers:
            return line.empty() ? on_head_end() : on_field_line(line, m_headers);
        case Stage::chunk_size:
            return on_chunk_size(line);
        case Stage::trailers:
            if (!line.empty()) return on_field_line(line, m_trailers);
            m_stage = Stage::complete;
            return ParseError::none;
        default:
            return ParseError::none;
    }
}

ParseError MessageParser::on_field_line(std::string_view line, Headers& into) {
    if (line.front() == ' ' || line.front() == '\t') {
        if (m_field_count == 0) return ParseError::whitespace_after_start_line;  // RFC 9112 §2.2
        // RFC 9112 §5.2: a server rejects obs-fold; a user agent replaces it with SP.
        if (m_request || &into == &m_trailers) return ParseError::obs_fold;
        const std::string_view more = syntax::trim_ows(line);
        if (!syntax::valid_field_value(more)) return ParseError::bad_header_value;
        into.append_to_last(more);
        return ParseError::none;
    }
    if (++m_field_count > m_limits.header_count_max) return ParseError::too_many_headers;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return ParseError::bad_header_line;
    const std::string_view name = line.substr(0, colon);
    if (!name.empty() && (name.back() == ' ' || name.back() == '\t')) return ParseError::whitespace_before_colon;
    if (!is_token(name)) return ParseError::bad_header_name;
    const std::string_view value = syntax::trim_ows(line.substr(colon + 1));
    if (!syntax::valid_field_value(value)) return ParseError::bad_header_value;
    into.add(name, value);
    return ParseError::none;
}

ParseError MessageParser::on_head_end() {
    m_keep_alive = persists(m_version, m_headers);
    if (body_forbidden()) {
        m_stage = Stage::complete;  // RFC 9112 §6.3 item 1: whatever the fields say
        return ParseError::none;
    }
    return choose_framing();
}

// RFC 9112 §6.3, in its order; the only transfer coding decoded is chunked.
ParseError MessageParser::choose_framing() {
    const std::size_t lengths = m_headers.count("Content-Length");
    if (m_headers.count("Transfer-Encoding") > 0) {
        if (lengths > 0) return ParseError::content_length_with_transfer_encoding;  // §6.3 item 3
        if (m_version == http_1_0) return ParseError::transfer_encoding_in_http_1_0;  // §6.1
        const auto codings = m_headers.list("Transfer-Encoding");
        if (codings.size() == 1 && iequals(codings[0], "chunked")) {
            m_stage = Stage::chunk_size;
            return ParseError::none;
        }
        if (m_request && (codings.empty() || !iequals(codings.back(), "chunked"))) {
            return ParseError::chunked_not_final;  // §6.3 item 4
        }
        return ParseError::unsupported_transfer_encoding;
    }
    if (lengths > 1) return ParseError::duplicate_content_length;  // §6.3 item 5
    if (lengths == 1) {
        const std::string& text = *m_headers.find("Content-Length");
        if (text.find(',') != std::string::npos) return ParseError::duplicate_content_length;
        // RFC 9110 §8.6: Content-Length = 1*DIGIT; 19 digits always fit in 64 bits.
        if (text.empty() || text.size() > 19 || !std::all_of(text.begin(), text.end(), [](char c) {
                return c >= '0' && c <= '9';
            })) {
            return ParseError::bad_content_length;
        }
        const std::uint64_t length = std::stoull(text);
        if (length > m_limits.body_bytes_max) return ParseError::body_too_large;
        m_remaining = length;
        m_stage = length > 0 ? Stage::length_body : Stage::complete;
        return ParseError::none;
    }
    if (m_request) {
        m_stage = Stage::complete;  // §6.3 item 6: no body
    } else {
        m_stage = Stage::close_body;  // §6.3 item 8: the body ends when the server closes
        m_keep_alive = false;
    }
    return ParseError::none;
}

// RFC 9112 §7.1: chunk-size [ chunk-ext ] CRLF; last-chunk is a size of zero.
ParseError MessageParser::on_chunk_size(std::string_view line) {
    std::uint64_t size = 0;
    std::size_t i = 0;
    for (; i < line.size() && syntax::is_hex_digit(line[i]); ++i) {
        if (size > (std::numeric_limits<std::uint64_t>::max() >> 4)) return ParseError::chunk_size_too_large;
        size = size * 16 + syntax::hex_value(line[i]);
        if (size > m_limits.chunk_size_max) return ParseError::chunk_size_too_large;
    }
    if (i == 0) return ParseError::bad_chunk_size;
    const std::string_view ext = line.substr(i);
    if (ext.size() > m_limits.chunk_extension_length_max) return ParseError::chunk_extension_too_long;
    if (!valid_chunk_extension(ext)) return ParseError::bad_chunk_extension;
    if (size > m_limits.body_bytes_max - std::min(m_body.size(), m_limits.body_bytes_max)) {
        return ParseError::body_too_large;
    }
    m_remaining = size;
    m_stage = size == 0 ? Stage::trailers : Stage::chunk_data;
    return ParseError::none;
}

ParseResult MessageParser::parse_body(std::string_view bytes, std::size_t& pos) {
    const std::size_t available = bytes.size() - pos;
    if (m_stage == Stage::chunk_end) {
        // RFC 9112 §7.1: chunk-data is followed by exactly CRLF.
        if (available >= 1 && bytes[pos] != '\r') return {ParseStatus::error, pos, ParseError::bad_chunk_end};
        if (available >= 2 && bytes[pos + 1] != '\n') return {ParseStatus::error, pos, ParseError::bad_chunk_end};
        if (available < 2) return {ParseStatus::need_more, pos, ParseError::none};
        pos += 2;
        m_stage = Stage::chunk_size;
        return {ParseStatus::complete, pos, ParseError::none};
    }
    if (m_stage == Stage::close_body) {
        if (available > m_limits.body_bytes_max - m_body.size()) {
            return {ParseStatus::error, pos, ParseError::body_too_large};
        }
        m_body.append(bytes.substr(pos));
        pos = bytes.size();
        return {ParseStatus::need_more, pos, ParseError::none};
    }
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(available, m_remaining));
    m_body.append(bytes.substr(pos, n));
    pos += n;
    m_remaining -= n;
    if (m_remaining > 0) return {ParseStatus::need_more, pos, ParseError::none};
    m_stage = m_stage == Stage::chunk_data ? Stage::chunk_end : Stage::complete;
    return {ParseStatus::complete, pos, ParseError::none};
}

}  // namespace postlab::http
