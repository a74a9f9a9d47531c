// The protocol-independent half of framing (see frame.hpp).
#include "protocols/core/frame.hpp"

#include <fmt/format.h>
#include <utility>

#include "protocols/core/text.hpp"

namespace postlab::core {

std::string line_summary(std::string_view prefix, std::string_view bytes) {
    const auto end = bytes.find("\r\n");
    const std::string_view first = bytes.substr(0, end);
    const bool more = end != std::string_view::npos && end + 2 < bytes.size();
    return fmt::format("{}{}{}", prefix, printable(first, 200), more ? " ..." : "");
}

Frame command_frame(std::string bytes, std::string verb, std::string key, std::optional<Credential> credential) {
    Frame f;
    f.kind = FrameKind::command;
    f.summary = line_summary("C: ", bytes);
    f.bytes = std::move(bytes);
    f.verb = std::move(verb);
    f.explain_key = std::move(key);
    f.credential = std::move(credential);
    return f;
}

Frame reply_frame(std::string bytes, std::string verb, std::string key) {
    Frame f;
    f.kind = FrameKind::reply;
    f.summary = line_summary("S: ", bytes);
    f.bytes = std::move(bytes);
    f.verb = std::move(verb);
    f.explain_key = std::move(key);
    return f;
}

Frame data_frame(std::string bytes, std::string summary, std::string key) {
    Frame f;
    f.kind = FrameKind::data;
    f.bytes = std::move(bytes);
    f.summary = std::move(summary);
    f.explain_key = std::move(key);
    return f;
}

std::string Framer::take(Peer from, std::size_t n) {
    std::string& p = pending(from);
    std::string out = p.substr(0, n);
    p.erase(0, n);
    return out;
}

std::vector<Frame> Framer::feed(Peer from, std::string_view bytes) {
    pending(from) += bytes;
    std::vector<Frame> out;
    while (!pending(from).empty()) {
        auto frames = from == Peer::client ? from_client() : from_server();
        if (!frames) break;
        for (auto& f : *frames) out.push_back(std::move(f));
    }
    return out;
}

std::vector<Frame> Framer::flush(Peer from, std::string_view protocol_name) {
    std::vector<Frame> out;
    std::string& p = pending(from);
    if (p.empty()) return out;
    std::string bytes = std::exchange(p, {});
    const auto key = fmt::format("{}.incomplete", protocol_name);
    Frame f = from == Peer::client ? command_frame(std::move(bytes), {}, key) : reply_frame(std::move(bytes), {}, key);
    f.summary += " (incomplete)";
    out.push_back(std::move(f));
    return out;
}

std::optional<std::vector<Frame>> WholeWriteFramer::from_client() {
    return std::vector{command_frame(take(Peer::client, pending(Peer::client).size()), {}, {})};
}

std::optional<std::vector<Frame>> WholeWriteFramer::from_server() {
    return std::vector{reply_frame(take(Peer::server, pending(Peer::server).size()), {}, {})};
}

}  // namespace postlab::core
