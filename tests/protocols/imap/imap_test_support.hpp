// Helpers for the IMAP server tests: a store with accounts, sessions driven like the host does
// (start, receive, take_output, TLS when asked), and a transcript runner that compares S: lines
// (status lines by tag, status and response code; data lines exactly or by a "..." prefix).
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "protocols/imap/server.hpp"
#include "protocols/store/mail_store.hpp"

namespace imap_test {

using namespace postlab;
using namespace postlab::imap;

inline constexpr TimeUs k_now = 1'700'000'000LL * 1'000'000;

inline std::string simple_message(std::string_view subject, std::string_view body = "Hello\r\n",
                                  std::string_view from = "bob@example.test") {
    return "From: " + std::string(from) + "\r\nTo: alice@example.test\r\nSubject: " +
           std::string(subject) + "\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\n\r\n" +
           std::string(body);
}

// One session against a shared store.
struct Session {
    Server server;
    MailStore* store;
    TimeUs now = k_now;

    explicit Session(MailStore& s, ServerConfig config = {}) : server(std::move(config)), store(&s) {}

    SessionContext ctx() const { return SessionContext{store, now}; }

    std::string start() {
        server.start(ctx());
        return server.take_output();
    }
    // Sends bytes as the driver would; runs the TLS handshake when the session asks for it.
    std::string say(std::string_view bytes) {
        server.receive(bytes, ctx());
        std::string out = server.take_output();
        if (server.wants_tls()) server.tls_established(ctx());
        return out;
    }
    std::string say_bytewise(std::string_view bytes) {
        std::string out;
        for (char c : bytes) out += say(std::string_view(&c, 1));
        return out;
    }
    std::string poll() {
        server.poll(ctx());
        return server.take_output();
    }
    std::vector<Event> events() {
        std::vector<Event> all;
        while (auto e = server.next_event()) all.push_back(std::move(*e));
        return all;
    }
    std::string login(std::string_view user = "alice@example.test",
                      std::string_view password = "secret") {
        start();
        return say("L1 LOGIN " + std::string(user) + " " + std::string(password) + "\r\n");
    }
};

inline bool has_event(const std::vector<Event>& events, EventKind kind) {
    for (const auto& e : events) {
        if (e.kind == kind) return true;
    }
    return false;
}

inline std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    while (!text.empty()) {
        const auto end = text.find("\r\n");
        lines.emplace_back(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 2);
    }
    return lines;
}

inline std::vector<std::string> split_on_newline(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        lines.emplace_back(line);
        pos = end + 1;
    }
    return lines;
}

// "tag OK [CODE] text" / "* BYE text": the tag, the status word and the code, text ignored.
inline std::string status_key(std::string_view line) {
    const auto first = line.find(' ');
    if (first == std::string_view::npos) return {};
    const auto second = line.find(' ', first + 1);
    const std::string_view word = line.substr(first + 1, second - first - 1);
    if (word != "OK" && word != "NO" && word != "BAD" && word != "BYE" && word != "PREAUTH") {
        return {};
    }
    std::string key(line.substr(0, second));
    if (second != std::string_view::npos && line.substr(second + 1).starts_with("[")) {
        const auto close = line.find(']', second);
        key += ' ' + std::string(line.substr(second + 1, close - second));
    }
    return key;
}

inline void check_line(const std::string& expected, const std::string& actual) {
    INFO("expected: " << expected << "\nactual:   " << actual);
    if (expected.ends_with("...")) {
        CHECK(actual.starts_with(expected.substr(0, expected.size() - 3)));
    } else if (!status_key(expected).empty() && !expected.starts_with("+")) {
        CHECK(status_key(actual) == status_key(expected));
    } else {
        CHECK(actual == expected);
    }
}

// Runs "C: ..." / "S: ..." lines: each group of C lines is sent at once (or byte by byte), and
// what the server writes must be exactly the S lines that follow, in order and in number.
inline void run_transcript(Session& s, std::string_view transcript, bool bytewise) {
    std::vector<std::string> expected;
    std::string pending;
    std::string output = s.start();
    auto flush = [&] {
        if (!pending.empty()) output += bytewise ? s.say_bytewise(pending) : s.say(pending);
        pending.clear();
        const auto actual = split_lines(output);
        output.clear();
        INFO("transcript step ending with " << (expected.empty() ? "" : expected.back()));
        REQUIRE(actual.size() == expected.size());
        for (std::size_t i = 0; i < actual.size(); ++i) check_line(expected[i], actual[i]);
        expected.clear();
    };
    for (const auto& line : split_on_newline(transcript)) {
        if (line.starts_with("C: ")) {
            if (!expected.empty()) flush();
            pending += line.substr(3) + "\r\n";
        } else if (line.starts_with("S: ")) {
            expected.push_back(line.substr(3));
        } else if (line == "S:") {
            expected.emplace_back();
        }
    }
    flush();
}

}  // namespace imap_test
