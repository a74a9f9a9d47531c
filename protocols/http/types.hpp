// HTTP/1.1 value types shared by the parser, writer, sessions and framer: versions, header
// fields (an ordered list with case-insensitive lookup, RFC 9110 §5), requests, responses, the
// methods the state table knows (RFC 9110 §9) and the limits every parser enforces.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postlab::http {

// RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT. Only major version 1 is spoken here.
struct Version {
    std::uint8_t major = 1;
    std::uint8_t minor = 1;
    bool operator==(const Version&) const = default;
};

inline constexpr Version http_1_0{1, 0};
inline constexpr Version http_1_1{1, 1};

std::string to_string(Version version);  // "HTTP/1.1"

// RFC 9110 §5.1: field names are tokens compared case-insensitively. Order is kept because the
// order of lines of one name is significant (RFC 9110 §5.3), and a trace shows what was sent.
struct Field {
    std::string name;
    std::string value;
    bool operator==(const Field&) const = default;
};

class Headers {
public:
    Headers() = default;
    Headers(std::initializer_list<Field> fields) : m_fields(fields) {}

    void add(std::string_view name, std::string_view value);
    void set(std::string_view name, std::string_view value);  // replaces every line of `name`
    void remove(std::string_view name);
    // RFC 9112 §5.2: a folded continuation line joins the last field's value after one SP.
    void append_to_last(std::string_view more);

    // The first line's value of `name`, or null.
    const std::string* find(std::string_view name) const;
    std::size_t count(std::string_view name) const;
    // RFC 9110 §5.6.1: the members of a comma-separated list over every line of `name`,
    // trimmed, empty members dropped ("Connection: keep-alive, Upgrade").
    std::vector<std::string_view> list(std::string_view name) const;
    // Whether that list holds `token` (case-insensitive), e.g. has_token("Connection", "close").
    bool has_token(std::string_view name, std::string_view token) const;

    std::size_t size() const { return m_fields.size(); }
    bool empty() const { return m_fields.empty(); }
    auto begin() const { return m_fields.begin(); }
    auto end() const { return m_fields.end(); }
    const Field& operator[](std::size_t i) const { return m_fields[i]; }
    bool operator==(const Headers&) const = default;

private:
    std::vector<Field> m_fields;
};

struct Request {
    std::string method = "GET";  // RFC 9112 §3.1: a case-sensitive token
    std::string target = "/";    // RFC 9112 §3.2: origin-form, absolute-form, authority-form, "*"
    Version version = http_1_1;
    Headers headers;
    std::string body;  // decoded: without chunk framing
    Headers trailers;  // RFC 9112 §7.1.2: fields after a chunked body
    bool operator==(const Request&) const = default;
};

struct Response {
    int status = 200;    // RFC 9110 §15: 100..599
    std::string reason;  // RFC 9112 §4: may be empty; clients ignore it
    Version version = http_1_1;
    Headers headers;
    std::string body;
    Headers trailers;
    bool operator==(const Response&) const = default;
};

// The methods the state table lists as commands (RFC 9110 §9.3); the value is the row index.
enum class Method : std::uint8_t { get, head, post, put, delete_, options };
inline constexpr std::size_t method_count = 6;

std::string_view to_string(Method method);               // "GET"
std::optional<Method> parse_method(std::string_view token);  // case-sensitive (RFC 9110 §9.1)

// The limits a parser enforces; a peer that exceeds one gets an error, never an allocation
// beyond it. Defaults are what common servers use.
struct Limits {
    // RFC 9112 §3: "at a minimum, request-line lengths of 8000 octets"; longer: 414.
    std::size_t request_line_length_max = 8 * 1024;
    // RFC 9112 §4: a status line is short; a long one is a broken or hostile server.
    std::size_t status_line_length_max = 8 * 1024;
    // RFC 9112 §5, RFC 9110 §5.4: a server may refuse large header fields (431, RFC 6585 §5).
    std::size_t header_line_length_max = 8 * 1024;
    // RFC 9110 §5.4: count of field lines in the header and trailer sections together.
    std::size_t header_count_max = 100;
    // RFC 9110 §5.4, RFC 6585 §5: bytes of the start line, header and trailer sections.
    std::size_t header_bytes_max = 64 * 1024;
    // RFC 9110 §15.5.14 (413 Content Too Large): the decoded body.
    std::size_t body_bytes_max = 16 * 1024 * 1024;
    // RFC 9112 §7.1: "anticipate potentially large hexadecimal numerals"; one chunk's size.
    std::size_t chunk_size_max = 16 * 1024 * 1024;
    // RFC 9112 §7.1.1: "A server ought to limit the total length of chunk extensions".
    std::size_t chunk_extension_length_max = 1024;
};

// RFC 9110 §15: the reason phrase of a registered status code, or "" for one we do not list.
std::string_view reason_phrase(int status);

// RFC 9110 §5.6.2: token = 1*tchar.
bool is_tchar(char c);
bool is_token(std::string_view text);

// RFC 9112 §9.3: whether the connection persists after a message with this version and
// header section ("close" ends it; HTTP/1.1 persists; HTTP/1.0 only with "keep-alive").
bool persists(Version version, const Headers& headers);

}  // namespace postlab::http
