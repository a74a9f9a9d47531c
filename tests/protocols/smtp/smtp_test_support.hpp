// Helpers for the SMTP tests: a server with a store, transcript replay (C:/S: lines as in
// RFC 5321 Appendix D), splitting output into replies, and an in-memory client/server driver.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "protocols/smtp/client.hpp"
#include "protocols/smtp/parser.hpp"
#include "protocols/smtp/server.hpp"
#include "protocols/store/mail_store.hpp"

namespace smtp_test {

using namespace postlab;
using namespace postlab::smtp;

constexpr TimeUs k_start_us = TimeUs{895754009} * 1'000'000;  // Thu, 21 May 1998 12:33:29 UTC

inline MailStore make_store(std::string domain = "example.test") {
    MailStore store(domain);
    store.add_account("alice@" + domain, "wonderland");
    store.add_account("bob@" + domain, "builder");
    return store;
}

// Every reply in a server's output, in order; fails the test on bytes that do not parse.
inline std::vector<Reply> replies(std::string_view output) {
    std::vector<Reply> out;
    while (!output.empty()) {
        auto parsed = parse_reply(output);
        REQUIRE(parsed.status == ParseStatus::complete);
        out.push_back(*parsed.reply);
        output.remove_prefix(parsed.consumed);
    }
    return out;
}

inline std::vector<int> codes(std::string_view output) {
    std::vector<int> out;
    for (const auto& r : replies(output)) out.push_back(r.code.value());
    return out;
}

// A server session with its store and clock, fed like a driver would.
struct ServerHarness {
    MailStore store;
    Server server;
    TimeUs now_us = k_start_us;
    std::vector<Event> events;

    explicit ServerHarness(ServerConfig config = {}, MailStore s = make_store())
        : store(std::move(s)), server(std::move(config)) {}

    SessionContext ctx() { return SessionContext{&store, now_us}; }

    std::string start() {
        server.start(ctx());
        return drain();
    }
    std::string send(std::string_view bytes) {
        server.receive(bytes, ctx());
        return drain();
    }
    std::string send_bytewise(std::string_view bytes) {
        for (char c : bytes) server.receive(std::string_view(&c, 1), ctx());
        return drain();
    }
    std::string tls() {
        server.tls_established(ctx());
        return drain();
    }
    std::string drain() {
        while (auto e = server.next_event()) events.push_back(std::move(*e));
        return server.take_output();
    }
    std::size_t count(EventKind kind) const {
        std::size_t n = 0;
        for (const auto& e : events) n += e.kind == kind ? 1 : 0;
        return n;
    }
    const Event* last(EventKind kind) const {
        for (auto it = events.rbegin(); it != events.rend(); ++it) {
            if (it->kind == kind) return &*it;
        }
        return nullptr;
    }
    // Greets, says EHLO and returns nothing: for tests that start inside a session.
    void ehlo(std::string_view name = "client.example.test") {
        start();
        REQUIRE(codes(send("EHLO " + std::string(name) + "\r\n")) == std::vector<int>{250});
    }
    void auth_plain(std::string_view user, std::string_view password);
};

// Moves bytes between a client and a server in memory until both are done; the "host" delivers
// accepted messages into the store, as sim/ does on message_accepted.
struct PairRun {
    std::vector<Event> server_events;
    std::vector<Event> client_events;
    std::string client_to_server;  // everything the client sent, for inspection
};

PairRun run_pair(Client& client, Server& server, MailStore& store, bool byte_at_a_time);

}  // namespace smtp_test
