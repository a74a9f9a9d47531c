// Test helper for http_interop_test.py, which brings peers nobody here wrote (Python's
// http.client, curl):
//   http_interop_helper parse-requests  < bytes   prints the requests our parser reads as JSON
//                                                 (fed whole and one byte at a time, which must agree)
//   http_interop_helper write-response N          prints response N as our writer makes it
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "protocols/http/auth.hpp"
#include "protocols/http/framer.hpp"
#include "protocols/http/parser.hpp"
#include "protocols/http/writer.hpp"

using namespace postlab::http;

namespace {

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20 || c >= 0x7F) {
            out += fmt::format("\\u{:04x}", c);
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

std::vector<Request> parse_all(std::string_view bytes, std::size_t step, ParseResult& last, std::size_t& leftover) {
    RequestParser parser;
    std::vector<Request> out;
    std::string buffer;
    for (std::size_t at = 0; at < bytes.size() && last.status != ParseStatus::error; at += step) {
        buffer.append(bytes.substr(at, step));
        for (;;) {
            last = parser.parse(buffer);
            buffer.erase(0, last.consumed);
            if (last.status != ParseStatus::complete) break;
            out.push_back(parser.take());
        }
    }
    leftover = buffer.size();
    return out;
}

std::string request_json(const Request& r) {
    std::string headers;
    for (const Field& f : r.headers) {
        headers += fmt::format("{}[{}, {}]", headers.empty() ? "" : ", ", json_string(f.name), json_string(f.value));
    }
    std::string basic = "null";
    if (const std::string* a = r.headers.find("Authorization")) {
        if (auto c = parse_basic(*a)) basic = fmt::format("[{}, {}]", json_string(c->user), json_string(c->password));
    }
    return fmt::format(R"({{"method": {}, "target": {}, "version": {}, "headers": [{}], "body": {}, "basic": {}}})",
                       json_string(r.method), json_string(r.target), json_string(to_string(r.version)), headers,
                       json_string(r.body), basic);
}

int parse_requests() {
    const std::string bytes{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    ParseResult whole_last;
    ParseResult byte_last;
    std::size_t leftover = 0;
    std::size_t byte_leftover = 0;
    const auto whole = parse_all(bytes, bytes.size() == 0 ? 1 : bytes.size(), whole_last, leftover);
    const auto bytewise = parse_all(bytes, 1, byte_last, byte_leftover);
    Framer framer;
    const auto frames = framer.feed(postlab::core::Peer::client, bytes);
    std::string requests;
    for (const Request& r : whole) requests += (requests.empty() ? "" : ", ") + request_json(r);
    fmt::print(R"({{"requests": [{}], "error": {}, "leftover": {}, "bytewise_same": {}, "frames": {}}})"
               "\n",
               requests, json_string(to_string(whole_last.error)), leftover,
               whole == bytewise && leftover == byte_leftover ? "true" : "false", frames.size());
    return 0;
}

Response response_number(int n) {
    switch (n) {
        case 0:
            return make_response(200, "hello from postlab\n");
        case 1: {
            Response r = make_response(200, std::string(40'000, 'c'), "application/octet-stream");
            r.headers.add("Transfer-Encoding", "chunked");
            r.trailers.add("X-Checksum", "done");
            return r;
        }
        case 2: {
            Response r = make_response(401, "log in first\n");
            r.headers.add("WWW-Authenticate", write_challenge(basic_challenge("PostLab")));
            return r;
        }
        case 3:
            return redirect(302, "https://mail.example.test/autodiscover/autodiscover.xml");
        case 4:
            return make_response(204);
        case 5:
            return make_response(200, "a body HEAD must not see\n");
        default: {
            Response r = make_response(200, "last one\n");
            r.headers.add("Connection", "close");
            return r;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "parse-requests") return parse_requests();
    if (mode == "write-response" && argc > 2) {
        const int n = std::stoi(argv[2]);
        const std::string bytes = write_response(response_number(n), n == 5 ? "HEAD" : "GET");
        std::fwrite(bytes.data(), 1, bytes.size(), stdout);
        return 0;
    }
    std::fputs("usage: http_interop_helper parse-requests | write-response N\n", stderr);
    return 2;
}
