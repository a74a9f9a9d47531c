// POP3 client: against our server in memory (whole buffers and one byte at a time) for the mail
// app settings (leave on server, remove after N days, STLS required), and against scripted
// servers for old, broken or hostile behaviour.
#include <catch2/catch.hpp>

#include "pop3_test_support.hpp"
#include "protocols/core/text.hpp"

using namespace pop3_test;

namespace {

const std::string k_user = "alice@example.test";

ClientConfig config_for(std::string password = "secret") {
    ClientConfig c;
    c.user = k_user;
    c.password = std::move(password);
    return c;
}

std::vector<std::string> uidls_on_server(const MailStore& store) {
    std::vector<std::string> out;
    const Folder* inbox = store.account(k_user)->folder("INBOX");
    for (const auto& m : inbox->messages) {
        out.push_back(std::to_string(inbox->uid_validity) + "." + std::to_string(m.uid));
    }
    return out;
}

std::string to_client(Client& c, std::string_view bytes, TimeUs now = k_now_us) {
    c.receive(bytes, SessionContext{nullptr, now});
    return c.take_output();
}

}  // namespace

TEST_CASE("client downloads everything byte-exact and empties the server") {
    const bool byte_at_a_time = GENERATE(false, true);
    const std::string plain = "Subject: one\r\n\r\nHello\r\n";
    const std::string dotted = "Subject: dots\r\n\r\n.\r\n..\r\n.leading dot\r\n.\r\nend\r\n";
    const std::string no_crlf = "Subject: three\r\n\r\nno final CRLF";
    MailStore store = store_with(k_user, "secret", {plain, dotted, no_crlf});
    Server server{ServerConfig{}};
    Client client(config_for());
    const PairRun run = run_pair(client, server, store, k_now_us, byte_at_a_time);

    const ClientResult& r = client.result();
    REQUIRE(r.done);
    CHECK(r.ok);
    CHECK(r.error.empty());
    REQUIRE(r.downloaded.size() == 3);
    CHECK(r.downloaded[0] == DownloadedMessage{"1.1", plain});
    CHECK(r.downloaded[1] == DownloadedMessage{"1.2", dotted});
    CHECK(r.downloaded[2] == DownloadedMessage{"1.3", no_crlf + "\r\n"});
    CHECK(r.deleted == std::vector<std::string>{"1.1", "1.2", "1.3"});
    CHECK(r.known.empty());
    CHECK(inbox_count(store, k_user) == 0);
    CHECK(client.closed());
    CHECK(server.closed());
    CHECK(store.account(k_user)->maildrop_lock == 0);

    // SASL PLAIN was advertised, so the password never went out in a PASS command.
    CHECK(run.client_bytes.starts_with("CAPA\r\nAUTH PLAIN "));
    CHECK(run.client_bytes.find("PASS") == std::string::npos);
    CHECK(
        run.client_bytes.ends_with("RETR 1\r\nDELE 1\r\nRETR 2\r\nDELE 2\r\nRETR 3\r\nDELE 3\r\n"
                                   "QUIT\r\n"));
    std::size_t retrieved = 0;
    for (const auto& e : run.client_events) {
        if (e.kind == EventKind::message_retrieved) {
            CHECK(e.message == r.downloaded[retrieved].data);
            CHECK(e.uid == r.downloaded[retrieved].uidl);
            ++retrieved;
        }
    }
    CHECK(retrieved == 3);
    CHECK(has_event(run.client_events, EventKind::result));
    CHECK(has_event(run.server_events, EventKind::messages_deleted));
}

TEST_CASE("leave on server keeps the mail, and the next check downloads nothing new") {
    const bool byte_at_a_time = GENERATE(false, true);
    MailStore store =
        store_with(k_user, "secret", {message_of_size(60, "a"), message_of_size(80, "b")});
    ClientConfig config = config_for();
    config.leave_on_server = true;
    {
        Server server{ServerConfig{}};
        Client client(config);
        const PairRun run = run_pair(client, server, store, k_now_us, byte_at_a_time);
        const ClientResult& r = client.result();
        REQUIRE(r.ok);
        CHECK(r.downloaded.size() == 2);
        CHECK(r.deleted.empty());
        CHECK(run.client_bytes.find("DELE") == std::string::npos);
        CHECK(r.known == std::vector<KnownMessage>{{"1.1", k_now_us}, {"1.2", k_now_us}});
        config.known = r.known;
    }
    CHECK(inbox_count(store, k_user) == 2);
    store.deliver(k_user, "INBOX", message_of_size(90, "c"), k_now_us);

    const TimeUs later = k_now_us + k_day_us;
    Server server{ServerConfig{}};
    Client client(config);
    const PairRun run = run_pair(client, server, store, later, byte_at_a_time);
    const ClientResult& r = client.result();
    REQUIRE(r.ok);
    REQUIRE(r.downloaded.size() == 1);
    CHECK(r.downloaded[0].uidl == "1.3");
    CHECK(run.client_bytes.find("RETR 1") == std::string::npos);
    CHECK(run.client_bytes.find("RETR 3\r\n") != std::string::npos);
    CHECK(r.known ==
          std::vector<KnownMessage>{{"1.1", k_now_us}, {"1.2", k_now_us}, {"1.3", later}});

    Server third{ServerConfig{}};
    Client again([&] {
        ClientConfig c = config;
        c.known = r.known;
        return c;
    }());
    run_pair(again, third, store, later, byte_at_a_time);
    CHECK(again.result().ok);
    CHECK(again.result().downloaded.empty());
    CHECK(inbox_count(store, k_user) == 3);
}

TEST_CASE("remove after N days deletes only the messages first seen long enough ago") {
    MailStore store = store_with(
        k_user, "secret",
        {message_of_size(60, "old"), message_of_size(60, "recent"), message_of_size(60, "new")});
    ClientConfig config = config_for();
    config.leave_on_server = true;
    config.remove_after_days = 7;
    config.known = {{"1.1", k_now_us - 7 * k_day_us},    // exactly 7 days: goes
                    {"1.2", k_now_us - 6 * k_day_us},    // 6 days: stays
                    {"9.9", k_now_us - 30 * k_day_us}};  // gone from the server: forgotten
    Server server{ServerConfig{}};
    Client client(config);
    const PairRun run = run_pair(client, server, store, k_now_us);
    const ClientResult& r = client.result();
    REQUIRE(r.ok);
    REQUIRE(r.downloaded.size() == 1);
    CHECK(r.downloaded[0].uidl == "1.3");
    CHECK(r.deleted == std::vector<std::string>{"1.1"});
    CHECK(uidls_on_server(store) == std::vector<std::string>{"1.2", "1.3"});
    CHECK(r.known ==
          std::vector<KnownMessage>{{"1.2", k_now_us - 6 * k_day_us}, {"1.3", k_now_us}});
    CHECK(run.client_bytes.find("DELE 1\r\n") != std::string::npos);
    CHECK(run.client_bytes.find("DELE 2") == std::string::npos);
}

TEST_CASE("STLS required but not offered: hard failure, no password sent (RFC 2595, RFC 8314)") {
    MailStore store = store_with(k_user, "secret", {message_of_size(60, "a")});
    ServerConfig server_config;
    server_config.tls_available = false;
    Server server(server_config);
    ClientConfig config = config_for();
    config.security = Security::starttls;
    Client client(config);
    const PairRun run = run_pair(client, server, store, k_now_us);
    const ClientResult& r = client.result();
    REQUIRE(r.done);
    CHECK_FALSE(r.ok);
    CHECK(r.error ==
          "server does not offer STLS; refusing to send the password in plaintext (RFC 2595, "
          "RFC 8314)");
    CHECK(run.client_bytes == "CAPA\r\nQUIT\r\n");
    CHECK(run.client_bytes.find("secret") == std::string::npos);
    CHECK(inbox_count(store, k_user) == 1);
    CHECK(server.closed());
}

TEST_CASE("STLS required and offered: TLS first, CAPA again, then login") {
    const bool byte_at_a_time = GENERATE(false, true);
    MailStore store = store_with(k_user, "secret", {message_of_size(60, "a")});
    ServerConfig server_config;
    server_config.require_tls_for_login = true;
    Server server(server_config);
    ClientConfig config = config_for();
    config.security = Security::starttls;
    Client client(config);
    const PairRun run = run_pair(client, server, store, k_now_us, byte_at_a_time);
    REQUIRE(client.result().ok);
    CHECK(client.result().downloaded.size() == 1);
    CHECK(run.client_bytes.starts_with("CAPA\r\nSTLS\r\nCAPA\r\nAUTH PLAIN "));
    CHECK(server.tls_active());
    CHECK(has_event(run.client_events, EventKind::tls_requested));
    CHECK(has_event(run.client_events, EventKind::tls_established));
}

TEST_CASE("implicit TLS on both sides needs no STLS") {
    MailStore store = store_with(k_user, "secret", {message_of_size(60, "a")});
    ServerConfig server_config;
    server_config.implicit_tls = true;
    server_config.require_tls_for_login = true;
    Server server(server_config);
    ClientConfig config = config_for();
    config.security = Security::implicit_tls;
    Client client(config);
    const PairRun run = run_pair(client, server, store, k_now_us);
    CHECK(client.result().ok);
    CHECK(run.client_bytes.find("STLS") == std::string::npos);
}

TEST_CASE("plaintext client against a TLS-only server fails to log in") {
    MailStore store = store_with(k_user, "secret", {message_of_size(60, "a")});
    ServerConfig server_config;
    server_config.require_tls_for_login = true;
    Server server(server_config);
    Client client(config_for());
    run_pair(client, server, store, k_now_us);
    CHECK_FALSE(client.result().ok);
    CHECK(client.result().error.starts_with("login failed: [AUTH] USER needs TLS"));
    CHECK(inbox_count(store, k_user) == 1);
}

TEST_CASE("wrong password: login failed, nothing downloaded or deleted") {
    MailStore store = store_with(k_user, "secret", {message_of_size(60, "a")});
    Server server{ServerConfig{}};
    Client client(config_for("wrong"));
    const PairRun run = run_pair(client, server, store, k_now_us);
    const ClientResult& r = client.result();
    CHECK_FALSE(r.ok);
    CHECK(r.error == "login failed: [AUTH] authentication failed");
    CHECK(r.downloaded.empty());
    CHECK(r.deleted.empty());
    CHECK(has_event(run.client_events, EventKind::auth_failed));
    CHECK(has_event(run.server_events, EventKind::auth_failed));
}

TEST_CASE("an old server without CAPA or SASL gets USER/PASS") {
    Client client(config_for());
    client.start(SessionContext{nullptr, k_now_us});
    CHECK(to_client(client, "+OK POP3 server ready\r\n") == "CAPA\r\n");
    CHECK(to_client(client, "-ERR unknown command\r\n") == "USER alice@example.test\r\n");
    CHECK(to_client(client, "+OK\r\n") == "PASS secret\r\n");
    CHECK(to_client(client, "+OK logged in\r\n") == "STAT\r\n");
    CHECK(to_client(client, "+OK 1 5\r\n") == "UIDL\r\n");
    CHECK(to_client(client, "+OK\r\n1 abc\r\n.\r\n") == "RETR 1\r\n");
    CHECK(to_client(client, "+OK 5 octets\r\n..x\r\n.\r\n") == "DELE 1\r\n");
    CHECK(to_client(client, "+OK\r\n") == "QUIT\r\n");
    CHECK_FALSE(client.result().done);
    CHECK(to_client(client, "+OK bye\r\n").empty());
    const ClientResult& r = client.result();
    REQUIRE(r.done);
    CHECK(r.ok);
    CHECK(r.downloaded == std::vector<DownloadedMessage>{{"abc", ".x\r\n"}});
    CHECK(r.deleted == std::vector<std::string>{"abc"});
}

TEST_CASE("deletions count only after +OK to QUIT") {
    Client client(config_for());
    client.start(SessionContext{nullptr, k_now_us});
    to_client(client,
              "+OK ready\r\n-ERR\r\n+OK\r\n+OK\r\n+OK 1 5\r\n+OK\r\n1 abc\r\n.\r\n"
              "+OK\r\nx\r\n.\r\n+OK\r\n");
    CHECK(client.client_state() == Client::ClientState::quit);
    client.receive_eof(SessionContext{nullptr, k_now_us});
    const ClientResult& r = client.result();
    REQUIRE(r.done);
    CHECK_FALSE(r.ok);
    CHECK(r.deleted.empty());
    CHECK(r.downloaded.size() == 1);
    // Still on the server as far as we know, so remember it: no download next time.
    CHECK(r.known == std::vector<KnownMessage>{{"abc", k_now_us}});
}

TEST_CASE("[IN-USE] on login is reported as a failure") {
    Client client(config_for());
    client.start(SessionContext{nullptr, k_now_us});
    to_client(client, "+OK ready\r\n-ERR\r\n+OK\r\n");
    CHECK(to_client(client, "-ERR [IN-USE] maildrop locked\r\n") == "QUIT\r\n");
    to_client(client, "+OK bye\r\n");
    CHECK(client.result().done);
    CHECK(client.result().error == "login failed: [IN-USE] maildrop locked");
}

TEST_CASE("a hostile or broken server gives a result error, never a crash") {
    const bool byte_at_a_time = GENERATE(false, true);
    const std::vector<std::string> replies = {
        "HTTP/1.1 200 OK\r\n",
        std::string(4096, 'A'),
        "+OK ready\r\n+OK\r\nSTLS\r\n.\r\n",  // fine CAPA; then garbage below
        "+OK ready\r\n+OK caps\r\n\r\n.\r\n-ERR no\r\n",
        "+OK ready\r\n-ERR\r\n+OK\r\n+OK\r\n+OK not numbers\r\n",
        "+OK ready\r\n-ERR\r\n+OK\r\n+OK\r\n+OK 1 5\r\n+OK\r\n0 bad\r\n.\r\n",
        "+OK ready\r\n-ERR\r\n+ \r\n",
        std::string("+OK re\0dy\r\n", 11),
    };
    for (const auto& reply : replies) {
        INFO(printable(reply));
        Client client(config_for());
        const SessionContext ctx{nullptr, k_now_us};
        client.start(ctx);
        feed(client, reply, ctx, byte_at_a_time);
        if (!client.closed()) client.receive_eof(ctx);
        CHECK(client.result().done);
        CHECK_FALSE(client.result().ok);
        CHECK_FALSE(client.result().error.empty());
    }
}

TEST_CASE("a multi-line response over the size bound fails without buffering it all") {
    ClientConfig config = config_for();
    config.message_size_max = 1000;
    Client client(config);
    client.start(SessionContext{nullptr, k_now_us});
    to_client(client,
              "+OK ready\r\n-ERR\r\n+OK\r\n+OK\r\n+OK 1 5\r\n+OK\r\n1 abc\r\n.\r\n"
              "+OK 5000 octets\r\n");
    for (int i = 0; i < 100 && !client.closed(); ++i)
        to_client(client, std::string(98, 'z') + "\r\n");
    CHECK(client.closed());
    CHECK(client.result().error == "server response too large");
}

TEST_CASE("a silent server times the client out") {
    Client client(config_for());
    client.start(SessionContext{nullptr, k_now_us});
    REQUIRE(client.next_deadline_us() == k_now_us + 60'000'000);
    client.on_timer(SessionContext{nullptr, k_now_us + 59'000'000});
    CHECK_FALSE(client.closed());
    client.on_timer(SessionContext{nullptr, k_now_us + 60'000'000});
    CHECK(client.closed());
    CHECK(client.result().error == "timed out waiting for the server");
    CHECK_FALSE(client.next_deadline_us());
}
