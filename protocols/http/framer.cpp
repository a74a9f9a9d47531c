// Framing of HTTP/1.1 messages for the trace; see framer.hpp (RFC 9112 §6.3 for where a message
// ends; RFC 7617 §4 and RFC 6750 §5.3 for why credentials in the clear matter).
#include "protocols/http/framer.hpp"

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/http/auth.hpp"

namespace postlab::http {
namespace {

std::string body_note(const std::string& body) {
    return body.empty() ? std::string() : fmt::format(" ({}-byte body)", body.size());
}

std::optional<core::Credential> exposed_credential(const Request& request) {
    const std::string* authorization = request.headers.find("Authorization");
    if (!authorization) return std::nullopt;
    if (auto basic = parse_basic(*authorization)) {
        return core::Credential{"HTTP Basic: user and password in base64, readable by anyone on the path (RFC 7617 §4)",
                                std::move(basic->user), std::move(basic->password)};
    }
    if (auto token = parse_bearer(*authorization)) {
        return core::Credential{"HTTP Bearer: whoever holds the token is let in (RFC 6750 §5.3)", {}, std::move(*token)};
    }
    return std::nullopt;
}

}  // namespace

std::string request_summary(const Request& request) {
    return fmt::format("C: {} {}{}", printable(request.method, 40), printable(request.target, 200),
                       body_note(request.body));
}

std::string response_summary(const Response& response) {
    return fmt::format("S: {} {} {}{}", to_string(response.version), response.status, printable(response.reason, 80),
                       body_note(response.body));
}

Framer::Framer(bool tls_active, Limits limits)
    : m_requests(limits), m_responses(limits), m_tls_active(tls_active) {}

std::optional<std::vector<core::Frame>> Framer::next(core::Peer from) {
    if (broken(from)) {
        // Nothing after a malformed message can be trusted to start a new one.
        const bool client = from == core::Peer::client;
        std::string bytes = take(from, pending(from).size());
        std::string summary = core::line_summary(client ? "C: " : "S: ", bytes) + " (after a malformed message)";
        return std::vector{core::make_frame(client ? core::FrameKind::command : core::FrameKind::reply,
                                            std::move(bytes), {}, std::move(summary), "http.malformed")};
    }
    return from == core::Peer::client ? next_request() : next_response();
}

std::optional<std::vector<core::Frame>> Framer::next_request() {
    const core::Peer from = core::Peer::client;
    const ParseResult r = m_requests.parse(std::string_view(pending(from)).substr(offset(from)));
    offset(from) += r.consumed;
    if (r.status == ParseStatus::need_more) return std::nullopt;
    if (r.status == ParseStatus::error) return std::vector{malformed(from, r.error)};
    std::string bytes = take(from, offset(from));
    offset(from) = 0;
    const Request request = m_requests.take();
    m_methods.push_back(request.method);
    return std::vector{request_frame(std::move(bytes), request)};
}

std::optional<std::vector<core::Frame>> Framer::next_response() {
    const core::Peer from = core::Peer::server;
    m_responses.set_request_method(m_methods.empty() ? std::string("GET") : m_methods.front());
    const ParseResult r = m_responses.parse(std::string_view(pending(from)).substr(offset(from)));
    offset(from) += r.consumed;
    if (r.status == ParseStatus::need_more) return std::nullopt;
    if (r.status == ParseStatus::error) return std::vector{malformed(from, r.error)};
    std::string bytes = take(from, offset(from));
    offset(from) = 0;
    const Response response = m_responses.take();
    // RFC 9110 §15.2: a 1xx comes before the final response to the same request.
    if (response.status >= 200 && !m_methods.empty()) m_methods.pop_front();
    return std::vector{response_frame(std::move(bytes), response)};
}

core::Frame Framer::request_frame(std::string bytes, const Request& request) const {
    core::Frame f = core::make_frame(core::FrameKind::command, std::move(bytes), request.method,
                                     request_summary(request), "http.request." + request.method);
    if (!m_tls_active) f.credential = exposed_credential(request);
    return f;
}

core::Frame Framer::response_frame(std::string bytes, const Response& response) const {
    const std::string code = std::to_string(response.status);
    return core::make_frame(core::FrameKind::reply, std::move(bytes), code, response_summary(response),
                            "http.response." + code);
}

core::Frame Framer::malformed(core::Peer from, ParseError error) {
    broken(from) = true;
    offset(from) = 0;
    const bool client = from == core::Peer::client;
    std::string bytes = take(from, pending(from).size());
    std::string summary = fmt::format("{} (malformed: {}, {})", core::line_summary(client ? "C: " : "S: ", bytes),
                                      to_string(error), rfc_section(error));
    return core::make_frame(client ? core::FrameKind::command : core::FrameKind::reply, std::move(bytes), {},
                            std::move(summary), "http.malformed");
}

}  // namespace postlab::http
