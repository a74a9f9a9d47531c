// Helpers for the POP3 tests: a mail store with an account, messages of exact sizes, a server
// driven line by line, and an in-memory client/server pair (whole buffers or one byte at a time).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocols/pop3/client.hpp"
#include "protocols/pop3/server.hpp"
#include "protocols/store/mail_store.hpp"

namespace pop3_test {

using namespace postlab;
using namespace postlab::pop3;

inline constexpr TimeUs k_now_us = 1'700'000'000LL * 1'000'000;
inline constexpr TimeUs k_day_us = 24LL * 60 * 60 * 1'000'000;

// A message of exactly `size` octets with CRLF endings: a header, a blank line, one body line.
inline std::string message_of_size(std::size_t size, std::string_view tag) {
    std::string m = "Subject: " + std::string(tag) + "\r\n\r\n";
    m += std::string(size - m.size() - 2, 'x');
    m += "\r\n";
    return m;
}

inline MailStore store_with(std::string_view user, std::string_view password,
                            const std::vector<std::string>& messages) {
    MailStore store("example.test");
    store.add_account(std::string(user), std::string(password));
    TimeUs t = k_now_us - 1'000'000;
    for (const auto& m : messages) store.deliver(user, "INBOX", m, t++);
    return store;
}

inline std::size_t inbox_count(const MailStore& store, std::string_view user) {
    const Account* a = store.account(user);
    return a ? a->folder("INBOX")->messages.size() : 0;
}

template <class Session>
std::vector<Event> drain(Session& s) {
    std::vector<Event> events;
    while (auto e = s.next_event()) events.push_back(std::move(*e));
    return events;
}

inline bool has_event(const std::vector<Event>& events, EventKind kind) {
    for (const auto& e : events) {
        if (e.kind == kind) return true;
    }
    return false;
}

// Sends `bytes` to the server and returns what it answers.
inline std::string say(Server& server, MailStore& store, std::string_view bytes,
                       TimeUs now = k_now_us) {
    server.receive(bytes, SessionContext{&store, now});
    return server.take_output();
}

inline std::string greet(Server& server, MailStore& store, TimeUs now = k_now_us) {
    server.start(SessionContext{&store, now});
    return server.take_output();
}

struct PairRun {
    std::string client_bytes;  // everything the client sent
    std::string server_bytes;  // everything the server sent
    std::vector<Event> client_events;
    std::vector<Event> server_events;
};

template <class Session>
void feed(Session& s, std::string_view bytes, const SessionContext& ctx, bool byte_at_a_time) {
    if (!byte_at_a_time) {
        s.receive(bytes, ctx);
        return;
    }
    for (char c : bytes) s.receive(std::string_view(&c, 1), ctx);
}

// Runs a client against a server in memory until both are closed or nothing moves. TLS is
// modelled as an instant handshake when both sides ask for it.
inline PairRun run_pair(Client& client, Server& server, MailStore& store, TimeUs now,
                        bool byte_at_a_time = false) {
    PairRun run;
    const SessionContext server_ctx{&store, now};
    const SessionContext client_ctx{nullptr, now};
    server.start(server_ctx);
    client.start(client_ctx);
    for (int round = 0; round < 10000; ++round) {
        const std::string from_server = server.take_output();
        run.server_bytes += from_server;
        feed(client, from_server, client_ctx, byte_at_a_time);
        const std::string from_client = client.take_output();
        run.client_bytes += from_client;
        feed(server, from_client, server_ctx, byte_at_a_time);
        if (server.wants_tls() && client.wants_tls()) {
            server.tls_established(server_ctx);
            client.tls_established(client_ctx);
            continue;
        }
        if (from_server.empty() && from_client.empty()) {
            if (server.closed() && !client.closed()) client.receive_eof(client_ctx);
            if (client.closed() && !server.closed()) server.receive_eof(server_ctx);
            break;
        }
    }
    run.client_events = drain(client);
    run.server_events = drain(server);
    return run;
}

}  // namespace pop3_test
