// Tests live::MailHost (the wiring behind `postlab serve`) with our own SMTP and POP3 clients
// over real loopback sockets: relay delivery into the store, the open-relay refusal (RFC 5321
// §3.6.1), submission requiring AUTH, a POP3 download that empties the INBOX, bind errors, and
// IMAP sessions in IDLE woken by other connections' changes (RFC 2177).
#include <catch2/catch.hpp>

#include <thread>

#include "live/client_runner.hpp"
#include "live/mail_host.hpp"
#include "protocols/pop3/client.hpp"
#include "protocols/smtp/client.hpp"
#include "protocols/store/mail_store.hpp"
#include "tests/live/line_socket.hpp"

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
    config.services = {{Service::smtp, {"127.0.0.1", 0, true}},
                       {Service::submission, {"127.0.0.1", 0, true}},
                       {Service::pop3, {"127.0.0.1", 0, true}},
                       {Service::imap, {"127.0.0.1", 0, true}}};
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
    CHECK_THAT(error, Catch::Contains("submission: "));
    CHECK_THAT(error, Catch::Contains("in use"));
    CHECK(second.port(0) == 0);  // the relay listener it opened first was closed again
}

namespace {

constexpr std::size_t k_imap = 3;

bool contains_line(const std::vector<std::string>& lines, const std::string& wanted) {
    return std::find(lines.begin(), lines.end(), wanted) != lines.end();
}

// Logs in and selects INBOX; the lines of the SELECT response.
std::vector<std::string> imap_login_select(test::LineSocket& s, const std::string& user) {
    REQUIRE(s.connected());
    REQUIRE(s.read_line().value_or("").rfind("* OK", 0) == 0);
    s.send("a1 LOGIN " + user + " secret\r\n");
    const auto login = s.read_until("a1 ");
    REQUIRE(login.back().rfind("a1 OK", 0) == 0);
    s.send("a2 SELECT INBOX\r\n");
    const auto select = s.read_until("a2 ");
    REQUIRE(select.back().rfind("a2 OK", 0) == 0);
    return select;
}

}  // namespace

TEST_CASE("live: mail host: an IMAP client in IDLE hears of SMTP mail, flags, expunges at once") {
    RunningHost running;
    test::LineSocket idler(running.host().port(k_imap));
    CHECK(contains_line(imap_login_select(idler, "alice@example.test"), "* 0 EXISTS"));
    idler.send("i1 IDLE\r\n");
    REQUIRE(idler.read_line().value_or("").rfind("+ ", 0) == 0);

    // Mail arrives over SMTP: the IDLE session reports it without being asked.
    const auto sent = run_client(smtp::Client(mail_to({"alice@example.test"})), running.options(0));
    REQUIRE(sent.session.result().ok);
    CHECK(idler.read_line() == "* 1 EXISTS");

    // A second IMAP session changes a flag, then expunges.
    test::LineSocket other(running.host().port(k_imap));
    CHECK(contains_line(imap_login_select(other, "alice@example.test"), "* 1 EXISTS"));
    other.send("b1 STORE 1 +FLAGS (\\Flagged)\r\n");
    CHECK(other.read_until("b1 ").back().rfind("b1 OK", 0) == 0);
    CHECK(idler.read_line() == "* 1 FETCH (UID 1 FLAGS (\\Flagged))");
    other.send("b2 STORE 1 +FLAGS.SILENT (\\Deleted)\r\nb3 EXPUNGE\r\n");
    const auto expunged = other.read_until("b3 ");
    CHECK(contains_line(expunged, "* 1 EXPUNGE"));
    const auto seen_by_idler = idler.read_until("* 1 EXPUNGE");
    CHECK(seen_by_idler.back() == "* 1 EXPUNGE");

    idler.send("DONE\r\n");
    CHECK(idler.read_until("i1 ").back().rfind("i1 OK", 0) == 0);
    idler.send("i2 LOGOUT\r\n");
    CHECK(idler.read_until("i2 ").back().rfind("i2 OK", 0) == 0);
}

TEST_CASE("live: mail host: IDLE sessions of other accounts are not disturbed") {
    auto config = config_with_free_ports();
    config.users.push_back({"bob@example.test", "secret"});
    std::string log;
    MailHost host(config, [&log](std::string_view line) { log += std::string(line) + "\n"; });
    REQUIRE(host.open().empty());
    std::thread thread([&host] { host.run_until_signal(); });
    {
        test::LineSocket bob(host.port(k_imap), std::chrono::milliseconds(500));
        imap_login_select(bob, "bob@example.test");
        bob.send("i1 IDLE\r\n");
        REQUIRE(bob.read_line().value_or("").rfind("+ ", 0) == 0);
        ClientRunOptions o;
        o.port = host.port(0);
        o.total_timeout = std::chrono::seconds(10);
        REQUIRE(run_client(smtp::Client(mail_to({"alice@example.test"})), o).session.result().ok);
        CHECK_FALSE(bob.read_line());  // nothing for bob within 500 ms
        bob.send("DONE\r\n");
        CHECK(bob.read_line().value_or("").rfind("i1 OK", 0) == 0);
    }
    host.stop();
    thread.join();
    CHECK(host.store().account("alice@example.test")->folder("INBOX")->messages.size() == 1);
}
