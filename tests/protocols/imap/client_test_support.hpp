// Helpers for the IMAP client tests: our Client against our Server over an in-memory pipe that
// moves bytes both ways (whole or one byte at a time) the way the live driver does, with an
// optional filter on the server's bytes (e.g. to hide a capability), and a scripted server.
#pragma once

#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "imap_test_support.hpp"
#include "protocols/imap/client.hpp"
#include "protocols/imap/writer.hpp"

namespace imap_client_test {

using namespace postlab;
using namespace postlab::imap;
using imap_test::k_now;
using imap_test::simple_message;

inline constexpr const char* k_alice = "alice@example.test";

inline ClientConfig alice_config(bool idle = false) {
    ClientConfig c;
    c.user = k_alice;
    c.password = "secret";
    c.idle = idle;
    return c;
}

// Removes a word from CAPABILITY lists, as a server without that extension would send them.
inline std::function<std::string(std::string)> hide_capability(std::string word) {
    return [word](std::string bytes) {
        for (const std::string& needle : {" " + word + " ", " " + word + "]", " " + word + "\r"}) {
            std::size_t pos = 0;
            while ((pos = bytes.find(needle, pos)) != std::string::npos) {
                bytes.erase(pos, word.size() + 1);
            }
        }
        return bytes;
    };
}

struct Pipe {
    MailStore* store;
    Server server;
    Client client;
    TimeUs now = k_now;
    bool bytewise = false;
    std::function<std::string(std::string)> filter;  // applied to the server's bytes
    std::string client_wrote, server_wrote;
    std::vector<Event> client_events;

    Pipe(MailStore& s, ClientConfig config, LocalCache cache = {},
         std::vector<PendingAction> queue = {}, ServerConfig server_config = {})
        : store(&s), server(std::move(server_config)),
          client(std::move(config), std::move(cache), std::move(queue)) {}

    SessionContext ctx() const { return SessionContext{store, now}; }

    void deliver_to_client(const std::string& bytes) {
        if (!bytewise) return client.receive(bytes, ctx());
        for (char c : bytes) {
            if (client.closed()) return;
            client.receive(std::string_view(&c, 1), ctx());
        }
    }
    void deliver_to_server(const std::string& bytes) {
        if (!bytewise) return server.receive(bytes, ctx());
        for (char c : bytes) server.receive(std::string_view(&c, 1), ctx());
    }
    void drain_events() {
        while (auto e = client.next_event()) client_events.push_back(std::move(*e));
        while (server.next_event()) {
        }
    }

    // Moves bytes until neither side has anything to say.
    void pump() {
        for (int round = 0; round < 100000; ++round) {
            std::string s_out = server.take_output();
            if (filter) s_out = filter(s_out);
            if (server.wants_tls()) server.tls_established(ctx());
            server_wrote += s_out;
            if (!s_out.empty() && !client.closed()) deliver_to_client(s_out);
            if (client.wants_tls()) client.tls_established(ctx());
            std::string c_out = client.take_output();
            client_wrote += c_out;
            if (!c_out.empty() && !server.closed()) deliver_to_server(c_out);
            drain_events();
            if (server.closed() && !client.closed() && c_out.empty()) client.receive_eof(ctx());
            if (s_out.empty() && c_out.empty()) break;
        }
        drain_events();
    }
    void start() {
        server.start(ctx());
        client.start(ctx());
        pump();
    }
    void poll() {
        server.poll(ctx());
        pump();
    }
    void advance(TimeUs us) {
        now += us;
        if (auto d = client.next_deadline_us(); d && *d <= now) client.on_timer(ctx());
        if (auto d = server.next_deadline_us(); d && *d <= now) server.on_timer(ctx());
        pump();
    }
    void logout() {
        client.logout();
        pump();
    }
    bool client_event(EventKind kind) const {
        for (const auto& e : client_events) {
            if (e.kind == kind) return true;
        }
        return false;
    }
};

// A scripted server: the test writes the server's bytes and reads what the client said.
struct Scripted {
    Client client;
    TimeUs now = k_now;
    std::vector<Event> events;

    explicit Scripted(ClientConfig config, LocalCache cache = {},
                      std::vector<PendingAction> queue = {})
        : client(std::move(config), std::move(cache), std::move(queue)) {}

    SessionContext ctx() const { return SessionContext{nullptr, now}; }
    std::string start() {
        client.start(ctx());
        return take();
    }
    std::string take() {
        while (auto e = client.next_event()) events.push_back(std::move(*e));
        return client.take_output();
    }
    std::string say(std::string_view bytes, bool bytewise = false) {
        if (!bytewise) {
            client.receive(bytes, ctx());
        } else {
            for (char c : bytes) client.receive(std::string_view(&c, 1), ctx());
        }
        return take();
    }
    bool has_event(EventKind kind) const { return imap_test::has_event(events, kind); }
};

// The server's copy of a folder as a client cache would hold it, for byte-exact comparisons.
inline void check_matches_store(const Client& client, const MailStore& store,
                                std::string_view folder_name) {
    const Account* account = store.account(k_alice);
    REQUIRE(account);
    const Folder* server_folder = account->folder(folder_name);
    REQUIRE(server_folder);
    const LocalFolder* local = client.cache().folder(folder_name);
    REQUIRE(local);
    INFO("folder " << folder_name);
    REQUIRE(local->messages.size() == server_folder->messages.size());
    CHECK(local->uid_validity == server_folder->uid_validity);
    for (std::size_t i = 0; i < local->messages.size(); ++i) {
        const auto& l = local->messages[i];
        const auto& s = server_folder->messages[i];
        CHECK(l.uid == s.uid);
        CHECK(l.data == s.data);
        CHECK(l.flags == s.flags);
        CHECK(l.size == s.data.size());
        CHECK(l.internal_date_us == s.internal_date_us);
    }
}

}  // namespace imap_client_test
