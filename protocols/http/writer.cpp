// HTTP/1.1 writers; see writer.hpp (RFC 9112 §3-§7, RFC 9110 §8.6, §15).
#include "protocols/http/writer.hpp"

#include <fmt/format.h>

#include <optional>

#include "protocols/core/text.hpp"

namespace postlab::http {
namespace {

// What the framing field says: chunked, a length, or nothing (1xx and 204 carry neither).
struct Framing {
    bool chunked = false;
    std::optional<std::size_t> length;
};

// RFC 9110 §5.5: a sender must not generate CR, LF or NUL in a value; replacing them with SP is
// what a recipient may do, so a caller's mistake cannot split the message (RFC 9112 §11.1).
std::string sanitized(std::string_view value) {
    std::string out(value);
    for (char& c : out) {
        if (c == '\r' || c == '\n' || c == '\0') c = ' ';
    }
    return out;
}

// RFC 3986 §2.1: a request-target holds no spaces or controls; anything else is percent-encoded
// so that the request line keeps its three parts.
std::string encoded_target(std::string_view target) {
    std::string out;
    for (const char ch : target) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7F) {
            out += fmt::format("%{:02X}", c);
        } else {
            out += ch;
        }
    }
    return out.empty() ? std::string("/") : out;
}

bool is_framing_field(std::string_view name) {
    return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding");
}

std::string framing_line(const Framing& framing, std::string_view original_name) {
    if (framing.chunked) {
        const bool same = iequals(original_name, "Transfer-Encoding");
        return fmt::format("{}: chunked\r\n", same ? original_name : "Transfer-Encoding");
    }
    const bool same = iequals(original_name, "Content-Length");
    return fmt::format("{}: {}\r\n", same ? original_name : "Content-Length", *framing.length);
}

// The fields with one framing line where the first framing field was (or at the end), so that
// parsing the result gives the fields back in their order.
void write_fields(std::string& out, const Headers& headers, const Framing& framing) {
    const bool framed = framing.chunked || framing.length.has_value();
    bool framing_written = false;
    for (const Field& f : headers) {
        if (!is_token(f.name)) continue;
        if (is_framing_field(f.name)) {
            if (framed && !framing_written) out += framing_line(framing, f.name);
            framing_written = true;
            continue;
        }
        out += fmt::format("{}: {}\r\n", f.name, sanitized(f.value));
    }
    if (framed && !framing_written) out += framing_line(framing, {});
    out += "\r\n";
}

std::string chunked_body(std::string_view body, const Headers& trailers) {
    std::string out;
    for (std::size_t at = 0; at < body.size(); at += chunk_bytes_written) {
        out += write_chunk(body.substr(at, chunk_bytes_written));
    }
    out += write_last_chunk(trailers);
    return out;
}

bool wants_chunked(Version version, const Headers& headers) {
    // RFC 9112 §6.1: HTTP/1.0 has no Transfer-Encoding; such a message gets a Content-Length.
    return version != http_1_0 && headers.count("Transfer-Encoding") > 0;
}

}  // namespace

std::string write_request(const Request& request) {
    std::string out = fmt::format("{} {} {}\r\n", request.method, encoded_target(request.target),
                                  to_string(request.version));
    if (wants_chunked(request.version, request.headers)) {
        write_fields(out, request.headers, Framing{true, {}});
        return out + chunked_body(request.body, request.trailers);
    }
    // RFC 9110 §8.6: a user agent sends Content-Length when the method gives a body a meaning.
    const bool has_length = !request.body.empty() || request.method == "POST" || request.method == "PUT";
    write_fields(out, request.headers, Framing{false, has_length ? std::optional(request.body.size()) : std::nullopt});
    return out + request.body;
}

std::string write_response(const Response& response, std::string_view request_method) {
    const std::string_view reason = response.reason.empty() ? reason_phrase(response.status) : response.reason;
    std::string out = fmt::format("{} {:03} {}\r\n", to_string(response.version), response.status, sanitized(reason));
    const bool head = request_method == "HEAD";
    if (response.status < 200 || response.status == 204) {
        // RFC 9110 §8.6, RFC 9112 §6.1: no Content-Length or Transfer-Encoding in 1xx and 204.
        write_fields(out, response.headers, Framing{});
        return out;
    }
    if (response.status == 304) {
        // RFC 9110 §15.4.5: no body; a Content-Length there describes the cached representation.
        Headers kept;
        for (const Field& f : response.headers) {
            if (!iequals(f.name, "Transfer-Encoding")) kept.add(f.name, f.value);
        }
        write_fields(out, kept, Framing{});
        for (const Field& f : response.headers) {
            if (iequals(f.name, "Content-Length")) out.insert(out.size() - 2, fmt::format("{}: {}\r\n", f.name, f.value));
        }
        return out;
    }
    if (wants_chunked(response.version, response.headers)) {
        write_fields(out, response.headers, Framing{true, {}});
        return head ? out : out + chunked_body(response.body, response.trailers);
    }
    // RFC 9110 §9.3.2: HEAD gets the fields GET would get; a HEAD answer without a body keeps
    // the Content-Length its author set.
    const std::string* given = response.headers.find("Content-Length");
    if (head && response.body.empty() && given) {
        write_fields(out, response.headers, Framing{});
        out.insert(out.size() - 2, fmt::format("Content-Length: {}\r\n", sanitized(*given)));
        return out;
    }
    write_fields(out, response.headers, Framing{false, response.body.size()});
    return head ? out : out + response.body;
}

std::string write_chunk(std::string_view data) {
    if (data.empty()) return {};  // an empty chunk would be the last chunk (RFC 9112 §7.1)
    return fmt::format("{:x}\r\n{}\r\n", data.size(), data);
}

std::string write_last_chunk(const Headers& trailers) {
    std::string out = "0\r\n";
    for (const Field& f : trailers) {
        // RFC 9110 §6.5.1: framing fields are not allowed in a trailer section.
        if (is_token(f.name) && !is_framing_field(f.name)) out += fmt::format("{}: {}\r\n", f.name, sanitized(f.value));
    }
    return out + "\r\n";
}

Response make_response(int status, std::string body, std::string_view content_type) {
    Response r;
    r.status = status;
    r.reason = std::string(reason_phrase(status));
    if (!body.empty()) r.headers.add("Content-Type", content_type);
    r.body = std::move(body);
    return r;
}

Response redirect(int status, std::string_view location) {
    Response r = make_response(status, fmt::format("{} {}: {}\n", status, reason_phrase(status), location));
    r.headers.add("Location", sanitized(location));
    return r;
}

}  // namespace postlab::http
