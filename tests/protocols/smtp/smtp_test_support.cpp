// Helpers for the SMTP tests; see smtp_test_support.hpp.
#include "smtp_test_support.hpp"

#include "protocols/core/base64.hpp"

namespace smtp_test {

void ServerHarness::auth_plain(std::string_view user, std::string_view password) {
    std::string message;
    message += '\0';
    message += user;
    message += '\0';
    message += password;
    REQUIRE(codes(send("AUTH PLAIN " + base64_encode(message) + "\r\n")) == std::vector<int>{235});
}

namespace {

void feed(std::string_view bytes, bool byte_at_a_time, auto&& receive) {
    if (!byte_at_a_time) {
        receive(bytes);
        return;
    }
    for (char c : bytes) receive(std::string_view(&c, 1));
}

}  // namespace

PairRun run_pair(Client& client, Server& server, MailStore& store, bool byte_at_a_time) {
    PairRun run;
    TimeUs now = k_start_us;
    const SessionContext server_ctx{&store, now};
    const SessionContext client_ctx{nullptr, now};
    server.start(server_ctx);
    client.start(client_ctx);
    auto drain_events = [&] {
        while (auto e = server.next_event()) {
            if (e->kind == EventKind::message_accepted) {
                for (const auto& rcpt : e->forward_paths) store.deliver(rcpt, "INBOX", e->message, now);
            }
            run.server_events.push_back(std::move(*e));
        }
        while (auto e = client.next_event()) run.client_events.push_back(std::move(*e));
    };
    for (int round = 0; round < 1000 && !(client.closed() && server.closed()); ++round) {
        drain_events();
        const std::string to_client = server.take_output();
        const std::string to_server = client.take_output();
        run.client_to_server += to_server;
        if (to_client.empty() && to_server.empty()) {
            if (server.wants_tls() && client.wants_tls()) {
                server.tls_established(server_ctx);
                client.tls_established(client_ctx);
            } else if (client.closed() && !server.closed()) {
                server.receive_eof(server_ctx);
            } else if (server.closed() && !client.closed()) {
                client.receive_eof(client_ctx);
            } else {
                break;
            }
            continue;
        }
        feed(to_client, byte_at_a_time, [&](std::string_view b) { client.receive(b, client_ctx); });
        feed(to_server, byte_at_a_time, [&](std::string_view b) { server.receive(b, server_ctx); });
    }
    drain_events();
    return run;
}

}  // namespace smtp_test
