// The HTTP/1.1 connection as data; see state_table.hpp (RFC 9112 §9.3, RFC 9110 §9.3).
#include "protocols/http/state_table.hpp"

#include <array>

#include "protocols/http/types.hpp"

namespace postlab::http {
namespace {

using S = ConnectionState;

constexpr std::array<core::StateRow, 5> k_states = {{
    {"idle", "the connection is open and no request is in progress", "RFC 9112 §9.3"},
    {"reading_headers", "the request line and header fields are arriving", "RFC 9112 §2.1"},
    {"reading_body", "the request's content is arriving (Content-Length or chunked)", "RFC 9112 §6"},
    {"writing_response", "requests are waiting for their responses, answered in order", "RFC 9112 §9.3.2"},
    {"closed", "the connection is closed", "RFC 9112 §9.6"},
}};

// A request may begin while the connection is idle, or while earlier requests still wait for
// their responses (pipelining, RFC 9112 §9.3.2). Order matches http::Method.
constexpr std::uint32_t k_request_states = core::states_mask(S::idle, S::writing_response);

constexpr std::array<core::CommandRow, method_count> k_methods = {{
    {"GET", k_request_states, "GET target", "transfers a current representation of the target", "RFC 9110 §9.3.1"},
    {"HEAD", k_request_states, "HEAD target", "like GET, but the response has no content", "RFC 9110 §9.3.2"},
    {"POST", k_request_states, "POST target + content", "the target processes the enclosed content",
     "RFC 9110 §9.3.3"},
    {"PUT", k_request_states, "PUT target + content", "creates or replaces the target's state with the content",
     "RFC 9110 §9.3.4"},
    {"DELETE", k_request_states, "DELETE target", "removes the association of the target with its state",
     "RFC 9110 §9.3.5"},
    {"OPTIONS", k_request_states, "OPTIONS target|*", "asks which communication options the target supports",
     "RFC 9110 §9.3.7"},
}};

constexpr std::array<core::TransitionRow, 10> k_transitions = {{
    {static_cast<std::uint8_t>(S::idle), "the first byte of a request line", static_cast<std::uint8_t>(S::reading_headers),
     "RFC 9112 §3"},
    {static_cast<std::uint8_t>(S::reading_headers), "the empty line, and the request has content",
     static_cast<std::uint8_t>(S::reading_body), "RFC 9112 §6.3"},
    {static_cast<std::uint8_t>(S::reading_headers), "the empty line, and no content",
     static_cast<std::uint8_t>(S::writing_response), "RFC 9112 §6.3 item 6"},
    {static_cast<std::uint8_t>(S::reading_body), "the last byte of the content",
     static_cast<std::uint8_t>(S::writing_response), "RFC 9112 §6.3"},
    {static_cast<std::uint8_t>(S::writing_response), "a pipelined request line arrives before the response",
     static_cast<std::uint8_t>(S::reading_headers), "RFC 9112 §9.3.2"},
    {static_cast<std::uint8_t>(S::writing_response), "the response is written; the connection persists",
     static_cast<std::uint8_t>(S::idle), "RFC 9112 §9.3"},
    {static_cast<std::uint8_t>(S::writing_response), "\"Connection: close\" or HTTP/1.0 without keep-alive",
     static_cast<std::uint8_t>(S::closed), "RFC 9112 §9.6"},
    {static_cast<std::uint8_t>(S::reading_headers), "a malformed or oversize head: 400, 414 or 431, then close",
     static_cast<std::uint8_t>(S::closed), "RFC 9112 §5.1, RFC 6585 §5"},
    {static_cast<std::uint8_t>(S::reading_body), "an oversize or malformed body: 413 or 400, then close",
     static_cast<std::uint8_t>(S::closed), "RFC 9110 §15.5.14, RFC 9112 §7.1"},
    {static_cast<std::uint8_t>(S::idle), "the client closes, or the idle timeout", static_cast<std::uint8_t>(S::closed),
     "RFC 9112 §9.5"},
}};

constexpr core::StateTable k_table{k_states, k_methods, k_transitions};

}  // namespace

std::string_view to_string(ConnectionState state) {
    return k_states[static_cast<std::size_t>(state)].name;
}

const core::StateTable& state_table() {
    return k_table;
}

}  // namespace postlab::http
