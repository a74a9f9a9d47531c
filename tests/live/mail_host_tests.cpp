// Tests live::MailHost (the wiring behind `postlab serve`) with our own SMTP and POP3 clients
// over real loopback sockets: relay delivery into the store, the open-relay refusal (RFC 5321
// §3.6.1), submission requiring AUTH, a POP3 download that empties the INBOX, and bind errors.
#include <catch2/catch.hpp>

#include <thread>

#include "live/client_runner.hpp"
#include "live/mail_host.hpp"
#include "protocols/pop3/client.hpp"
#include "protocols/smtp/client.hpp"
#include "protocols/store/mail_store.hpp"

using namespace postlab;
using namespace postlab::live;

namespace {

const std::string k_message =
    "From: bob@remote.test\r\nTo: alice@example.test\r\nSubject: hi\r\n\r\n"
    "Hello.\r\n.leading dot\r\n";

MailHostConfig config_with_free_ports() {
    MailHostConfig config;
    config.domain = "example.test";
    config.users = {{"alice@example.test", "secret"}};
    config.services = {{Service::smtp_relay, {"127.0.0.1", 0, true}},
                       {Service::smtp_submission, {"127.0.0.1", 0, true}},
                       {Service::pop3, {"127.0.0.1", 0, true}}};
    return config;
}

// A MailHost serving on its own thread for the duration of a test.
class RunningHost {
public:
    RunningHost() : m_host(config_with_free_ports(), [this](std::string_view line) {
        m_log += std::string(line) + "\n";
    }) {
        REQUIRE(m_host.open().empty());
        m_thread = std::thread([this] { m_host.run_until_signal(); });
    }
    ~RunningHost() { stop(); }
    void stop() {
        if (!m_thread.joinable()) return;
        m_host.stop();
        m_thread.join();
    }
    ClientRunOptions options(std::size_t service) const {
        ClientRunOptions o;
        o.port = m_host.port(service);
        o.total_timeout = std::chrono::seconds(10);
        return o;
    }
    MailHost& host() { return m_host; }
    const std::string& log() const { return m_log; }  // read only after stop()

private:
    std::string m_log;
    MailHost m_host;
    std::thread m_thread;
};

smtp::ClientConfig mail_to(std::vector<std::string> recipients) {
    smtp::ClientConfig c;
    c.reverse_path = "bob@remote.test";
    c.recipients = std::move(recipients);
    c.message = k_message;
    return c;
}

}  // namespace

TEST_CASE("live: mail host: relay delivers locally, refuses to relay, POP3 downloads") {
    RunningHost running;
    const auto sent = run_client(smtp::Client(mail_to({"alice@example.test", "bob@remote.test"})),
                                 running.options(0));
    REQUIRE(sent.error.empty());
    const auto& result = sent.session.result();
    CHECK(result.ok);
    REQUIRE(result.recipients.size() == 2);
    CHECK(result.recipients[0].accepted);
    CHECK_FALSE(result.recipients[1].accepted);
    CHECK(result.recipients[1].code == 554);  // never an open relay

    pop3::ClientConfig pop;
    pop.user = "alice@example.test";
    pop.password = "secret";
    const auto fetched = run_client(pop3::Client(pop), running.options(2));
    REQUIRE(fetched.error.empty());
    const auto& downloaded = fetched.session.result();
    CHECK(downloaded.ok);
    REQUIRE(downloaded.downloaded.size() == 1);
    const auto& data = downloaded.downloaded[0].data;
    CHECK(data.rfind("Received: ", 0) == 0);
    CHECK(data.size() > k_message.size());
    CHECK(data.substr(data.size() - k_message.size()) == k_message);
    CHECK(downloaded.deleted.size() == 1);

    running.stop();
    CHECK(running.host().store().account("alice@example.test")->folder("INBOX")->messages.empty());
    CHECK_THAT(running.log(), Catch::Contains("delivered to alice@example.test INBOX"));
}

TEST_CASE("live: mail host: submission wants AUTH, and after it a remote recipient is dropped") {
    RunningHost running;
    const auto anonymous = run_client(smtp::Client(mail_to({"alice@example.test"})),
                                      running.options(1));
    CHECK_FALSE(anonymous.session.result().ok);
    CHECK_THAT(anonymous.session.result().error, Catch::Contains("530"));

    auto config = mail_to({"alice@example.test", "carol@remote.test"});
    config.credentials = SaslCredentials{"", "alice@example.test", "secret"};
    const auto authed = run_client(smtp::Client(config), running.options(1));
    REQUIRE(authed.error.empty());
    CHECK(authed.session.result().ok);
    running.stop();
    CHECK(running.host().store().account("alice@example.test")->folder("INBOX")->messages.size() ==
          1);
    CHECK_THAT(running.log(), Catch::Contains("NOT delivered to carol@remote.test"));
    CHECK_THAT(running.log(), Catch::Contains("no outbound relay"));
}

TEST_CASE("live: mail host: a port in use is a clear error and nothing stays bound") {
    RunningHost running;
    auto config = config_with_free_ports();
    config.services[1].endpoint.port = running.host().port(0);
    MailHost second(config, [](std::string_view) {});
    const auto error = second.open();
    CHECK_THAT(error, Catch::Contains("smtp submission"));
    CHECK_THAT(error, Catch::Contains("in use"));
    CHECK(second.port(0) == 0);  // the relay listener it opened first was closed again
}
