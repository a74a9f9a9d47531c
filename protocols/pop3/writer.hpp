// POP3 writers, the inverse of parser.hpp: commands (RFC 1939 §9), status lines with RFC 2449 §8
// response codes, SASL continuations (RFC 1734 §2), and multi-line responses byte-stuffed and
// terminated by CRLF.CRLF (RFC 1939 §3). Parsing what these write gives back the input.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocols/pop3/parser.hpp"
#include "protocols/pop3/types.hpp"

namespace postlab::pop3 {

std::string write_command(const Command& command);   // with CRLF
std::string write_status(const StatusLine& status);  // with CRLF

// Shorthands for the server: "+OK text" / "-ERR [code] text".
std::string ok(std::string_view text);
std::string err(std::string_view text, std::string_view code = {});

// RFC 1939 §3: every line of `data` that starts with "." gets another "."; a missing final
// CRLF is added; then the terminating ".\r\n". The result follows the status line.
std::string write_multiline_body(std::string_view data);

std::string write_capabilities(const std::vector<Capability>& caps);  // CAPA body, unterminated
std::string write_listing(
    const std::vector<ListingEntry>& entries);  // LIST/UIDL body, unterminated

}  // namespace postlab::pop3
