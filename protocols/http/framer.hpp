// Cuts an HTTP/1.1 connection's two byte streams into frames (protocols/core/frame.hpp): one
// request (head and body) is a command frame whose verb is the method, one response a reply
// frame whose verb is the status code. A Basic or Bearer Authorization sent without TLS is
// exposed as a credential. Bytes that do not parse are framed as "http.malformed" at once, and
// so is everything that side writes after them: there is no resynchronising an HTTP stream.
#pragma once

#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocols/core/frame.hpp"
#include "protocols/http/parser.hpp"

namespace postlab::http {

class Framer final : public core::Framer {
public:
    explicit Framer(bool tls_active = false, Limits limits = {});
    std::unique_ptr<core::Framer> clone() const override { return std::make_unique<Framer>(*this); }

    // After the handshake the bytes are encrypted on the wire: credentials are no longer exposed.
    void tls_established() { m_tls_active = true; }

protected:
    std::optional<std::vector<core::Frame>> next(core::Peer from) override;

private:
    std::optional<std::vector<core::Frame>> next_request();
    std::optional<std::vector<core::Frame>> next_response();
    core::Frame request_frame(std::string bytes, const Request& request) const;
    core::Frame response_frame(std::string bytes, const Response& response) const;
    core::Frame malformed(core::Peer from, ParseError error);
    std::size_t& offset(core::Peer from) { return m_offset[from == core::Peer::client ? 0 : 1]; }
    bool& broken(core::Peer from) { return m_broken[from == core::Peer::client ? 0 : 1]; }

    RequestParser m_requests;
    ResponseParser m_responses;
    std::array<std::size_t, 2> m_offset{};  // pending bytes the parser consumed into the current message
    std::array<bool, 2> m_broken{};
    std::deque<std::string> m_methods;  // of requests framed and not yet answered (HEAD has no body)
    bool m_tls_active = false;
};

// "C: POST /autodiscover/autodiscover.xml (512-byte body)", "S: HTTP/1.1 200 OK (1234-byte body)".
std::string request_summary(const Request& request);
std::string response_summary(const Response& response);

}  // namespace postlab::http
