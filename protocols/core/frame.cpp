// The protocol-independent half of framing (see frame.hpp).
#include "protocols/core/frame.hpp"

#include <fmt/format.h>

#include "protocols/core/text.hpp"

namespace postlab::core {

std::string line_summary(std::string_view prefix, std::string_view bytes) {
    const auto end = bytes.find("\r\n");
    const std::string_view first = bytes.substr(0, end);
    const bool more = end != std::string_view::npos && end + 2 < bytes.size();
    return fmt::format("{}{}{}", prefix, printable(first, 200), more ? " ..." : "");
}

Frame make_frame(FrameKind kind, std::string bytes, std::string verb, std::string summary, std::string key) {
    Frame f;
    f.kind = kind;
    f.bytes = std::move(bytes);
    f.verb = std::move(verb);
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
        auto frames = next(from);
        if (!frames) break;
        for (auto& f : *frames) out.push_back(std::move(f));
    }
    return out;
}

std::vector<Frame> Framer::flush(Peer from, std::string_view protocol_name) {
    std::vector<Frame> out;
    std::string& p = pending(from);
    if (p.empty()) return out;
    const bool client = from == Peer::client;
    std::string bytes = std::move(p);
    p.clear();
    auto summary = line_summary(client ? "C: " : "S: ", bytes) + " (incomplete)";
    out.push_back(make_frame(client ? FrameKind::command : FrameKind::reply, std::move(bytes), {},
                             std::move(summary), fmt::format("{}.incomplete", protocol_name)));
    return out;
}

std::optional<std::vector<Frame>> WholeWriteFramer::next(Peer from) {
    const bool client = from == Peer::client;
    std::string bytes = take(from, pending(from).size());
    std::string summary = line_summary(client ? "C: " : "S: ", bytes);
    return std::vector{make_frame(client ? FrameKind::command : FrameKind::reply, std::move(bytes), {},
                                  std::move(summary), {})};
}

}  // namespace postlab::core
