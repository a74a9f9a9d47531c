// Helpers for the HTTP tests: feed a parser a byte stream in steps of any size (1 = one byte
// at a time), the way a connection delivers it, and collect the messages it completes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/text.hpp"
#include "protocols/http/parser.hpp"

namespace http_test {

using namespace postlab;
using namespace postlab::http;

template <class Message>
struct Fed {
    std::vector<Message> messages;
    ParseResult last;     // the last parse: need_more when the stream ended cleanly
    std::string leftover;  // what the parser did not consume
};

// Feeds `bytes` in pieces of `step` bytes, taking every message completed on the way; stops at
// the first error.
template <class Parser>
auto feed(Parser& parser, std::string_view bytes, std::size_t step) {
    Fed<decltype(parser.take())> out;
    for (std::size_t at = 0; at < bytes.size(); at += step) {
        out.leftover.append(bytes.substr(at, step));
        for (;;) {
            out.last = parser.parse(out.leftover);
            out.leftover.erase(0, out.last.consumed);
            if (out.last.status != ParseStatus::complete) break;
            out.messages.push_back(parser.take());
        }
        if (out.last.status == ParseStatus::error) break;
    }
    return out;
}

inline Fed<Request> feed_requests(std::string_view bytes, std::size_t step, const Limits& limits = {}) {
    RequestParser parser(limits);
    return feed(parser, bytes, step);
}

// The error a request gets, fed whole; none when it parses (or needs more).
inline ParseError request_error(std::string_view bytes, const Limits& limits = {}) {
    return feed_requests(bytes, bytes.size() == 0 ? 1 : bytes.size(), limits).last.error;
}

inline ParseError response_error(std::string_view bytes, std::string_view method = "GET", const Limits& limits = {}) {
    return parse_response(bytes, method, limits).error;
}

}  // namespace http_test
