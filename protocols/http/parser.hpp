// Incremental HTTP/1.1 message parsers, pure (RFC 9112 §2-§7): the caller buffers what the peer
// sent and calls parse() with everything not yet consumed; the parser consumes whole lines and
// body bytes, stops at the end of one message (pipelined messages stay in the buffer) and says
// complete, need more or error. Strict on hostile input (RFC 9112 §11.2 request smuggling).
// Bare LF policy: rejected. RFC 9112 §2.2 lets a recipient accept a lone LF as a line end; two
// parsers that disagree on where a line ends is how smuggling starts, so we refuse it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocols/core/parse_status.hpp"
#include "protocols/http/types.hpp"

namespace postlab::http {

using ParseStatus = core::ParseStatus;  // one meaning for every protocol's parsers

enum class ParseError {
    none,
    start_line_too_long,        // request: 414 (RFC 9112 §3); status line: RFC 9112 §4
    bad_request_line,           // method SP request-target SP HTTP-version (RFC 9112 §3)
    bad_status_line,            // HTTP-version SP 3DIGIT SP [reason] (RFC 9112 §4)
    bad_version,                // RFC 9112 §2.3
    version_not_supported,      // HTTP/2 or later over this framing: 505 (RFC 9110 §15.6.6)
    bare_lf,                    // our policy, see above (RFC 9112 §2.2)
    bare_cr,                    // RFC 9112 §2.2: MUST be treated as invalid or replaced
    header_line_too_long,       // 431 (RFC 6585 §5)
    too_many_headers,           // 431
    headers_too_large,          // 431
    whitespace_after_start_line,  // RFC 9112 §2.2
    bad_header_line,            // no colon (RFC 9112 §5)
    bad_header_name,            // not a token (RFC 9110 §5.1)
    whitespace_before_colon,    // RFC 9112 §5.1: MUST reject with 400
    obs_fold,                   // RFC 9112 §5.2: line folding in a request
    bad_header_value,           // CR, LF, NUL or another control in a value (RFC 9110 §5.5)
    bad_content_length,         // not 1*DIGIT, or does not fit (RFC 9110 §8.6, RFC 9112 §6.3)
    duplicate_content_length,   // more than one Content-Length, equal or not (RFC 9112 §6.3)
    content_length_with_transfer_encoding,  // RFC 9112 §6.3 item 3, §11.2: smuggling
    chunked_not_final,          // a request's codings do not end in chunked: 400 (RFC 9112 §6.3)
    unsupported_transfer_encoding,  // a coding other than "chunked": 501 (RFC 9112 §6.1)
    transfer_encoding_in_http_1_0,  // RFC 9112 §6.1: framing is faulty
    body_too_large,             // 413 (RFC 9110 §15.5.14)
    bad_chunk_size,             // RFC 9112 §7.1: chunk-size = 1*HEXDIG
    chunk_size_too_large,       // RFC 9112 §7.1: overflow guard
    chunk_extension_too_long,   // RFC 9112 §7.1.1
    bad_chunk_extension,        // RFC 9112 §7.1.1
    bad_chunk_end,              // chunk-data not followed by CRLF (RFC 9112 §7.1)
    incomplete_message,         // the connection closed mid-message (RFC 9112 §8)
};

std::string_view to_string(ParseError error);  // a reason for a log line or a 400 body
std::string_view rfc_section(ParseError error);
int status_for(ParseError error);  // the status a server answers: 400, 413, 414, 431, 501, 505

struct ParseResult {
    ParseStatus status = ParseStatus::need_more;
    std::size_t consumed = 0;  // bytes of `bytes` the caller drops, in every status
    ParseError error = ParseError::none;
};

// What requests and responses share: line framing with limits, header fields, body framing
// (RFC 9112 §6.3) and chunked decoding (RFC 9112 §7.1). Copyable (the framer lives in snapshots).
class MessageParser {
public:
    virtual ~MessageParser() = default;

    // `bytes` = what the caller holds unconsumed (the unconsumed rest of the last call, then any
    // new bytes). On complete the message is ready: take it before parsing further.
    ParseResult parse(std::string_view bytes);
    // The peer closed: completes a body read until close (RFC 9112 §6.3 item 8); mid-message
    // anything else is incomplete_message; between messages it is complete with nothing.
    // `unconsumed` is what the caller still holds (a partial line is an incomplete message).
    ParseResult finish(std::string_view unconsumed = {});

    bool idle() const { return m_stage == Stage::start && m_head_bytes == 0; }  // between messages
    bool in_body() const;
    bool complete() const { return m_stage == Stage::complete; }
    // RFC 9112 §9.3, for the last complete message; false after a body read until close.
    bool keep_alive() const { return m_keep_alive; }
    const Limits& limits() const { return m_limits; }

protected:
    MessageParser(Limits limits, bool request) : m_limits(limits), m_request(request) {}
    MessageParser(const MessageParser&) = default;
    MessageParser& operator=(const MessageParser&) = default;

    virtual ParseError on_start_line(std::string_view line) = 0;
    virtual bool body_forbidden() const = 0;  // HEAD response, 1xx, 204, 304 (RFC 9112 §6.3)
    void reset();

    Version m_version;
    Headers m_headers;
    Headers m_trailers;
    std::string m_body;

private:
    enum class Stage { start, headers, length_body, chunk_size, chunk_data, chunk_end, trailers, close_body, complete };
    enum class LineScan { complete, need_more, error };

    LineScan scan_line(std::string_view bytes, std::size_t length_max, std::size_t& line_end, ParseError& error);
    ParseResult parse_lines(std::string_view bytes, std::size_t& pos);
    ParseResult parse_body(std::string_view bytes, std::size_t& pos);
    ParseError on_line(std::string_view line);
    ParseError on_field_line(std::string_view line, Headers& into);
    ParseError on_head_end();
    ParseError choose_framing();
    ParseError on_chunk_size(std::string_view line);
    ParseError on_chunk_end(std::string_view bytes, std::size_t& pos, bool& need_more);
    std::size_t line_length_max() const;
    ParseError too_long_error() const;

    Limits m_limits;
    bool m_request;
    Stage m_stage = Stage::start;
    std::size_t m_scanned = 0;     // bytes of the current line already checked (no LF among them)
    std::size_t m_head_bytes = 0;  // RFC 9110 §5.4: start line, headers and trailers so far
    std::size_t m_field_count = 0;
    std::uint64_t m_remaining = 0;  // of a Content-Length body or the current chunk
    bool m_keep_alive = true;
};

class RequestParser final : public MessageParser {
public:
    explicit RequestParser(Limits limits = {}) : MessageParser(limits, true) {}
    Request take();  // the complete request; the parser is ready for the next one

private:
    ParseError on_start_line(std::string_view line) override;
    bool body_forbidden() const override { return false; }

    std::string m_method;
    std::string m_target;
};

class ResponseParser final : public MessageParser {
public:
    explicit ResponseParser(Limits limits = {}) : MessageParser(limits, false) {}
    // RFC 9112 §6.3 item 1: whether a response has a body depends on the request's method; set
    // it before each response (a 1xx keeps it for the final response).
    void set_request_method(std::string_view method) { m_request_method = method; }
    Response take();

private:
    ParseError on_start_line(std::string_view line) override;
    bool body_forbidden() const override;

    std::string m_request_method = "GET";
    int m_status = 0;
    std::string m_reason;
};

// One message from the start of `bytes`, for tests, the framer and tools.
template <class T>
struct Parsed {
    ParseStatus status = ParseStatus::need_more;
    std::size_t consumed = 0;
    T value{};
    ParseError error = ParseError::none;
};

Parsed<Request> parse_request(std::string_view bytes, const Limits& limits = {});
// `peer_closed`: the bytes are all there is, so a body delimited by the close ends here.
Parsed<Response> parse_response(std::string_view bytes, std::string_view request_method = "GET",
                                const Limits& limits = {}, bool peer_closed = false);

// RFC 9112 §2.3: "HTTP/1.1" into a version; nullopt when malformed.
std::optional<Version> parse_version(std::string_view text);

}  // namespace postlab::http
