// Request and status lines (RFC 9112 §3, §4), the version (RFC 9112 §2.3), the table of parse
// errors with their RFC sections and statuses, and the one-shot parse helpers.
#include "protocols/http/parser.hpp"

#include <array>

#include "protocols/http/syntax.hpp"

namespace postlab::http {
namespace {

struct ErrorInfo {
    std::string_view reason;
    std::string_view rfc;
    int status;
};

// Indexed by ParseError.
constexpr std::array<ErrorInfo, 30> k_errors = {{
    {"no error", "", 200},
    {"start line too long", "RFC 9112 §3", 414},
    {"malformed request line", "RFC 9112 §3", 400},
    {"malformed status line", "RFC 9112 §4", 400},
    {"malformed HTTP version", "RFC 9112 §2.3", 400},
    {"HTTP version not supported", "RFC 9110 §15.6.6", 505},
    {"bare LF: lines end with CRLF", "RFC 9112 §2.2", 400},
    {"bare CR inside a line", "RFC 9112 §2.2", 400},
    {"header line too long", "RFC 6585 §5", 431},
    {"too many header fields", "RFC 6585 §5", 431},
    {"header section too large", "RFC 6585 §5", 431},
    {"whitespace between the start line and the first header field", "RFC 9112 §2.2", 400},
    {"header line without a colon", "RFC 9112 §5", 400},
    {"header name is not a token", "RFC 9110 §5.1", 400},
    {"whitespace between header name and colon", "RFC 9112 §5.1", 400},
    {"obsolete line folding", "RFC 9112 §5.2", 400},
    {"control character in a header value", "RFC 9110 §5.5", 400},
    {"malformed Content-Length", "RFC 9110 §8.6", 400},
    {"more than one Content-Length", "RFC 9112 §6.3", 400},
    {"both Content-Length and Transfer-Encoding (request smuggling)", "RFC 9112 §6.3, §11.2", 400},
    {"Transfer-Encoding does not end with chunked", "RFC 9112 §6.3", 400},
    {"transfer coding not implemented", "RFC 9112 §6.1", 501},
    {"Transfer-Encoding in an HTTP/1.0 message", "RFC 9112 §6.1", 400},
    {"body too large", "RFC 9110 §15.5.14", 413},
    {"malformed chunk size", "RFC 9112 §7.1", 400},
    {"chunk too large", "RFC 9112 §7.1", 413},
    {"chunk extension too long", "RFC 9112 §7.1.1", 400},
    {"malformed chunk extension", "RFC 9112 §7.1.1", 400},
    {"chunk data not followed by CRLF", "RFC 9112 §7.1", 400},
    {"connection closed in the middle of a message", "RFC 9112 §8", 400},
}};
static_assert(k_errors.size() == static_cast<std::size_t>(ParseError::incomplete_message) + 1);

const ErrorInfo& info(ParseError error) {
    return k_errors[static_cast<std::size_t>(error)];
}

bool valid_target(std::string_view target) {
    if (target.empty()) return false;
    for (const char ch : target) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7F) return false;  // RFC 3986 characters only; no spaces
    }
    return true;
}

}  // namespace

std::string_view to_string(ParseError error) { return info(error).reason; }
std::string_view rfc_section(ParseError error) { return info(error).rfc; }
int status_for(ParseError error) { return info(error).status; }

std::optional<Version> parse_version(std::string_view text) {
    // RFC 9112 §2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT; HTTP-name is case-sensitive.
    if (text.size() != 8 || text.substr(0, 5) != "HTTP/" || text[6] != '.') return std::nullopt;
    const char major = text[5];
    const char minor = text[7];
    if (major < '0' || major > '9' || minor < '0' || minor > '9') return std::nullopt;
    return Version{static_cast<std::uint8_t>(major - '0'), static_cast<std::uint8_t>(minor - '0')};
}

// RFC 9112 §3: request-line = method SP request-target SP HTTP-version, single spaces (§3 lets
// a recipient split on any whitespace; we do not, so that the framer and a server agree).
ParseError RequestParser::on_start_line(std::string_view line) {
    const auto sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return ParseError::bad_request_line;
    const auto sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos) return ParseError::bad_request_line;
    const std::string_view method = line.substr(0, sp1);
    const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version_text = line.substr(sp2 + 1);
    if (!is_token(method) || !valid_target(target) || version_text.find(' ') != std::string_view::npos) {
        return ParseError::bad_request_line;
    }
    const auto version = parse_version(version_text);
    if (!version) return ParseError::bad_version;
    if (version->major != 1) return ParseError::version_not_supported;
    m_method = method;
    m_target = target;
    m_version = *version;
    return ParseError::none;
}

Request RequestParser::take() {
    Request r{std::move(m_method), std::move(m_target), m_version, std::move(m_headers), std::move(m_body),
              std::move(m_trailers)};
    m_method.clear();
    m_target.clear();
    reset();
    return r;
}

// RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]. A missing SP
// after the code is accepted: some servers omit it and the reason carries no meaning.
ParseError ResponseParser::on_start_line(std::string_view line) {
    if (line.size() < 12 || line[8] != ' ') return ParseError::bad_status_line;
    const auto version = parse_version(line.substr(0, 8));
    if (!version) return ParseError::bad_status_line;
    if (version->major != 1) return ParseError::version_not_supported;
    int status = 0;
    for (std::size_t i = 9; i < 12; ++i) {
        if (line[i] < '0' || line[i] > '9') return ParseError::bad_status_line;
        status = status * 10 + (line[i] - '0');
    }
    if (status < 100 || status > 599) return ParseError::bad_status_line;  // RFC 9110 §15
    std::string_view reason;
    if (line.size() > 12) {
        if (line[12] != ' ') return ParseError::bad_status_line;
        reason = line.substr(13);
        if (!syntax::valid_field_value(reason)) return ParseError::bad_status_line;
    }
    m_version = *version;
    m_status = status;
    m_reason = reason;
    return ParseError::none;
}

// RFC 9112 §6.3 items 1-2: HEAD, 1xx, 204 and 304 never have a body; a 2xx to CONNECT turns
// the connection into a tunnel (not modelled: treated as the end of the message).
bool ResponseParser::body_forbidden() const {
    if (m_request_method == "HEAD") return true;
    if (m_status < 200 || m_status == 204 || m_status == 304) return true;
    return m_request_method == "CONNECT" && m_status < 300;
}

Response ResponseParser::take() {
    Response r{m_status, std::move(m_reason), m_version, std::move(m_headers), std::move(m_body),
               std::move(m_trailers)};
    m_status = 0;
    m_reason.clear();
    reset();
    return r;
}

Parsed<Request> parse_request(std::string_view bytes, const Limits& limits) {
    RequestParser parser(limits);
    Parsed<Request> out;
    const ParseResult r = parser.parse(bytes);
    out.status = r.status;
    out.consumed = r.consumed;
    out.error = r.error;
    if (r.status == ParseStatus::complete) out.value = parser.take();
    return out;
}

Parsed<Response> parse_response(std::string_view bytes, std::string_view request_method, const Limits& limits,
                                bool peer_closed) {
    ResponseParser parser(limits);
    parser.set_request_method(request_method);
    Parsed<Response> out;
    ParseResult r = parser.parse(bytes);
    if (r.status == ParseStatus::need_more && peer_closed) {
        const ParseResult end = parser.finish(bytes.substr(r.consumed));
        r.status = end.status;
        r.error = end.error;
    }
    out.status = r.status;
    out.consumed = r.consumed;
    out.error = r.error;
    if (r.status == ParseStatus::complete) out.value = parser.take();
    return out;
}

}  // namespace postlab::http
