// IMAP server responses as the client reads them (RFC 9051 §2.2.2, §7 and §9 "response"):
// framing of lines and literals with a size bound (the server is not trusted), and parsing into
// a Response: tagged status, untagged status with its response code, untagged data, continuation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/line_reader.hpp"
#include "protocols/imap/parser.hpp"
#include "protocols/imap/types.hpp"

namespace postlab::imap {

enum class ResponseKind {
    tagged,        // "A1 OK [code] text"
    status,        // "* OK|NO|BAD|BYE|PREAUTH [code] text"
    data,          // "* CAPABILITY ...", "* 3 EXISTS", "* 2 FETCH (...)", "* LIST ..."
    continuation,  // "+ text" (RFC 9051 §7.6)
};

struct Response {
    ResponseKind kind = ResponseKind::data;
    std::string tag;          // tagged only
    std::string status;       // OK, NO, BAD, BYE, PREAUTH (upper case)
    std::string code;         // response code word, upper case: "UIDVALIDITY" (RFC 9051 §7.1)
    std::string code_data;    // the rest inside the brackets: "3", "IMAP4rev2 IDLE ..."
    std::string text;         // human-readable text (status and continuation)
    std::uint32_t number = 0;  // "* 3 EXISTS": 3 (data with a leading number)
    bool has_number = false;
    std::string name;         // data: upper case "FETCH", "EXISTS", "LIST", ...
    std::vector<Token> args;  // data: the tokens after the name
    bool literal_skipped = false;  // a literal over the size limit was read and dropped (empty)
};

// Parses one response from its lines and literals (as framed by ResponseReader).
std::optional<Response> parse_response(const CommandText& text, std::string& error);

// Frames responses: "{n}" at the end of a data line announces n octets that belong to it.
class ResponseReader {
public:
    enum class Status { response, need_more, error };
    struct Result {
        Status status = Status::need_more;
        Response response;
        std::string error;
        std::string rfc;  // the rule the server broke, for the protocol_violation event
    };

    // `literal_size_max` bounds one literal kept in memory, `response_size_max` one whole
    // response. A literal over the limit but within `skip_literal_size_max` is read and dropped
    // (it stands as an empty literal and the response says literal_skipped); beyond, an error.
    ResponseReader(std::size_t line_length_max, std::size_t literal_size_max,
                   std::size_t response_size_max, std::uint64_t skip_literal_size_max = 0);

    void feed(std::string_view bytes) { m_reader.feed(bytes); }
    Result next();
    std::size_t buffered() const { return m_reader.buffered(); }
    void clear();

private:
    LineReader m_reader;
    std::size_t m_literal_size_max;
    std::size_t m_response_size_max;
    CommandText m_pending;
    std::size_t m_pending_size = 0;
    std::uint64_t m_skip_literal_size_max;
    std::uint64_t m_literal_remaining = 0;  // > 0: reading a literal
    bool m_in_literal = false;
    bool m_skipping = false;  // the literal being read is dropped
    bool m_skipped = false;   // the pending response had a literal dropped
};

// Helpers for the data of responses.
std::optional<std::uint32_t> to_u32(const Token& token);
std::optional<std::uint64_t> to_u64(const Token& token);
// The name/value pairs of a FETCH response's list: "(UID 5 FLAGS (\Seen))" -> value after name.
const Token* fetch_value(const Token& fetch_list, std::string_view name);

}  // namespace postlab::imap
