// Cuts an HTTP/1.1 connection's two byte streams into frames (protocols/core/frame.hpp): one
// request (head and body) is a command frame whose verb is the method, one response a reply
// frame whose verb is the status code. A Basic or Bearer Authorization is the frame's credential
// (the trace shows it to the eavesdropper only when the bytes were not encrypted). Bytes that do not parse are framed as "http.malformed" at once, and
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

class Framer final : public core::FramerOf<Framer> {
public:
    explicit Framer(Limits limits = {});

protected:
    std::optional<std::vector<core::Frame>> from_client() override;
    std::optional<std::vector<core::Frame>> from_server() override;

private:
    std::optional<std::vector<core::Frame>> after_malformed(core::Peer from);
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
};

// "C: POST /autodiscover/autodiscover.xml (512-byte body)", "S: HTTP/1.1 200 OK (1234-byte body)".
std::string request_summary(const Request& request);
std::string response_summary(const Response& response);

}  // namespace postlab::http
