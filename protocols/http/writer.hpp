// HTTP/1.1 writers, the inverse of parser.hpp (RFC 9112 §3-§7): requests and responses with
// their framing (Content-Length or chunked, never both, never one that disagrees with the body),
// single chunks for streaming, and shorthands for plain responses and redirects (RFC 9110 §15.4).
// Parsing what these write gives back the input.
#pragma once

#include <string>
#include <string_view>

#include "protocols/http/types.hpp"

namespace postlab::http {

// The framing comes from the fields: "Transfer-Encoding: chunked" writes the body as chunks
// (and the trailers after it); otherwise Content-Length is set to the body's size when a body
// is allowed. Field values with CR, LF or NUL have them replaced by SP (RFC 9110 §5.5: what
// response splitting, RFC 9112 §11.1, needs), fields whose names are not tokens are dropped.
std::string write_request(const Request& request);
// `request_method` decides the body (RFC 9112 §6.3): to HEAD the fields are written, not the body.
std::string write_response(const Response& response, std::string_view request_method = "GET");

// RFC 9112 §7.1: one chunk ("1a\r\n...\r\n"), and the last chunk with its trailer section.
std::string write_chunk(std::string_view data);
std::string write_last_chunk(const Headers& trailers = {});

// A response with its registered reason, a body and (when there is a body) its Content-Type.
Response make_response(int status, std::string body = {}, std::string_view content_type = "text/plain; charset=utf-8");
// RFC 9110 §15.4, §10.2.2: a 3xx with Location (301, 302, 303, 307 or 308).
Response redirect(int status, std::string_view location);

// Bytes a chunked body is cut into by write_request/write_response.
inline constexpr std::size_t chunk_bytes_written = 16 * 1024;

}  // namespace postlab::http
