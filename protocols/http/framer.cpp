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

Framer::Framer(Limits limits) : m_requests(limits), m_responses(limits) {}

// Nothing after a malformed message can be trusted to start a new one.
std::optional<std::vector<core::Frame>> Framer::after_malformed(core::Peer from) {
    std::string bytes = take(from, pending(from).size());
    core::Frame f = from == core::Peer::client ? core::command_frame(std::move(bytes), {}, "http.malformed")
                                               : core::reply_frame(std::move(bytes), {}, "http.malformed");
    f.summary += " (after a malformed message)";
    return std::vector{std::move(f)};
}

std::optional<std::vector<core::Frame>> Framer::from_client() {
    const core::Peer from = core::Peer::client;
    if (broken(from)) return after_malformed(from);
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

std::optional<std::vector<core::Frame>> Framer::from_server() {
    const core::Peer from = core::Peer::server;
    if (broken(from)) return after_malformed(from);
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
    core::Frame f = core::command_frame(std::move(bytes), request.method, "http.request." + request.method,
                                        exposed_credential(request));
    f.summary = request_summary(request);
    return f;
}

core::Frame Framer::response_frame(std::string bytes, const Response& response) const {
    const std::string code = std::to_string(response.status);
    core::Frame f = core::reply_frame(std::move(bytes), code, "http.response." + code);
    f.summary = response_summary(response);
    return f;
}

core::Frame Framer::malformed(core::Peer from, ParseError error) {
    broken(from) = true;
    offset(from) = 0;
    std::string bytes = take(from, pending(from).size());
    core::Frame f = from == core::Peer::client ? core::command_frame(std::move(bytes), {}, "http.malformed")
                                               : core::reply_frame(std::move(bytes), {}, "http.malformed");
    f.summary += fmt::format(" (malformed: {}, {})", to_string(error), rfc_section(error));
    return f;
}

}  // namespace postlab::http
