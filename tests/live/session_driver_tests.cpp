// Tests live/'s driver, listener and client runner over real loopback sockets with toy sessions
// (toy_sessions.hpp): the driver loop of protocols/core/session.hpp, deadlines, TLS requests,
// back-pressure with a pipelining peer, the runner's connect and overall timeouts, and a host
// poking a driver from outside (how serve wakes IMAP sessions in IDLE).
#include <catch2/catch.hpp>

#include <mutex>
#include <thread>

#include "live/client_runner.hpp"
#include "live/endpoint.hpp"
#include "live/listener.hpp"
#include "tests/live/line_socket.hpp"
#include "tests/live/toy_sessions.hpp"

using namespace postlab;
using namespace postlab::live;
using postlab::test::EchoClient;
using postlab::test::EchoServer;

namespace {

// An echo server on 127.0.0.1:<free port>, run on its own thread so the client runner (which
// blocks) can talk to it from the test's thread.
class EchoHost {
public:
    explicit EchoHost(EchoServer prototype) : m_listener(m_io, "echo") {
        DriverHooks hooks;
        hooks.on_event = [this](const ConnectionInfo&, const Event& e) {
            std::lock_guard lock(m_mutex);
            m_events.push_back(e.summary);
        };
        auto handler = session_acceptor<EchoServer>(
            [prototype](const ConnectionInfo&) { return prototype; }, hooks,
            [this](EchoServer&, DriverEnd end, const ConnectionInfo&) {
                std::lock_guard lock(m_mutex);
                m_ends.push_back(end);
            });
        const auto error = m_listener.open(Endpoint{"127.0.0.1", 0, true}, handler);
        REQUIRE(error.empty());
        m_thread = std::thread([this] { m_io.run(); });
    }
    ~EchoHost() {
        asio::post(m_io, [this] { m_listener.close(); });
        m_io.stop();
        m_thread.join();
    }
    std::uint16_t port() const { return m_listener.port(); }
    // The ends of finished connections, waiting up to 2 s for `count` of them.
    std::vector<DriverEnd> ends(std::size_t count) {
        for (int i = 0; i < 200; ++i) {
            {
                std::lock_guard lock(m_mutex);
                if (m_ends.size() >= count) return m_ends;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        std::lock_guard lock(m_mutex);
        return m_ends;
    }
    std::vector<std::string> events() {
        std::lock_guard lock(m_mutex);
        return m_events;
    }

private:
    asio::io_context m_io;
    Listener m_listener;
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<DriverEnd> m_ends;
    std::vector<std::string> m_events;
};

ClientRunOptions options_for(std::uint16_t port) {
    ClientRunOptions options;
    options.port = port;
    options.connect_timeout = std::chrono::milliseconds(2000);
    options.total_timeout = std::chrono::milliseconds(5000);
    return options;
}

}  // namespace

TEST_CASE("live: echo round trip: greeting, pipelined lines, QUIT closes both sides") {
    EchoHost host{EchoServer{}};
    const auto run = run_client(EchoClient({"one", "two", "three"}), options_for(host.port()));
    REQUIRE(run.connected);
    CHECK(run.error.empty());
    CHECK(run.end == DriverEnd::session_closed);
    CHECK(run.session.received ==
          std::vector<std::string>{"HELLO", "ECHO one", "ECHO two", "ECHO three", "BYE"});
    REQUIRE(host.ends(1) == std::vector<DriverEnd>{DriverEnd::session_closed});
    CHECK(host.events() == std::vector<std::string>{"one", "two", "three"});
}

TEST_CASE("live: a pipelining peer that sends 1 MB at once gets every reply (back-pressure)") {
    EchoHost host{EchoServer{}};
    std::vector<std::string> lines;
    for (int i = 0; i < 10000; ++i) lines.push_back(std::string(100, 'a') + std::to_string(i));
    const auto run = run_client(EchoClient(lines), options_for(host.port()));
    REQUIRE(run.error.empty());
    REQUIRE(run.session.received.size() == lines.size() + 2);
    CHECK(run.session.received[10000] == "ECHO " + lines.back());
    CHECK(run.session.received.back() == "BYE");
}

TEST_CASE("live: the session's deadline drives on_timer: idle server times out and closes") {
    EchoHost host{EchoServer{100'000}};  // 100 ms
    // A client that reads and never sends anything.
    struct Idle : EchoClient {
        Idle() : EchoClient({}) {}
        void receive(std::string_view bytes, const SessionContext&) { data += bytes; }
        std::string take_output() { return {}; }
        std::string data;
    };
    const auto t0 = std::chrono::steady_clock::now();
    const auto idle = run_client(Idle{}, options_for(host.port()));
    const auto elapsed = std::chrono::steady_clock::now() - t0;
    CHECK(idle.session.data == "HELLO\r\nTIMEOUT\r\n");
    CHECK(idle.session.saw_eof);
    CHECK(elapsed >= std::chrono::milliseconds(90));
    CHECK(elapsed < std::chrono::milliseconds(3000));
}

TEST_CASE("live: a session asking for TLS gets its reply written, then the connection is closed") {
    EchoHost host{EchoServer{}};
    const auto run = run_client(EchoClient({"TLS", "after"}), options_for(host.port()));
    CHECK(run.session.received == std::vector<std::string>{"HELLO", "GO TLS"});
    CHECK(run.session.saw_eof);
    CHECK(host.ends(1) == std::vector<DriverEnd>{DriverEnd::tls_unsupported});
    CHECK(host.events().empty());  // "after" was never processed
}

TEST_CASE("live: client runner: connection refused is an error, not a hang") {
    std::uint16_t port = 0;
    {
        asio::io_context io;
        asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
        port = probe.local_endpoint().port();
    }  // closed again: nothing listens there now
    const auto run = run_client(EchoClient({}), options_for(port));
    CHECK_FALSE(run.connected);
    CHECK_THAT(run.error, Catch::Contains("cannot connect"));
    CHECK(run.session.received.empty());
}

TEST_CASE("live: client runner: a server that never speaks hits the overall timeout") {
    EchoHost host{EchoServer{60'000'000, true}};
    auto options = options_for(host.port());
    options.total_timeout = std::chrono::milliseconds(300);
    const auto t0 = std::chrono::steady_clock::now();
    const auto run = run_client(EchoClient({}), options);
    const auto elapsed = std::chrono::steady_clock::now() - t0;
    CHECK(run.connected);
    CHECK(run.end == DriverEnd::timed_out);
    CHECK_THAT(run.error, Catch::Contains("timed out"));
    CHECK(elapsed >= std::chrono::milliseconds(250));
    CHECK(elapsed < std::chrono::milliseconds(3000));
    CHECK(host.ends(1) == std::vector<DriverEnd>{DriverEnd::peer_closed});
}

TEST_CASE("live: endpoint parsing: loopback detection and clear errors") {
    std::string error;
    auto v4 = parse_endpoint("127.0.0.1:2525", error);
    REQUIRE(v4);
    CHECK(v4->port == 2525);
    CHECK(v4->loopback);
    auto v6 = parse_endpoint("[::1]:2587", error);
    REQUIRE(v6);
    CHECK(v6->loopback);
    CHECK(v6->to_string() == "[::1]:2587");
    auto any = parse_endpoint("0.0.0.0:25", error);
    REQUIRE(any);
    CHECK_FALSE(any->loopback);
    CHECK_FALSE(parse_endpoint("127.0.0.1", error));
    CHECK_FALSE(parse_endpoint("127.0.0.1:70000", error));
    CHECK_FALSE(parse_endpoint("localhost:25", error));
    CHECK_THAT(error, Catch::Contains("not a numeric"));
    CHECK_FALSE(parse_endpoint("::1:25", error));
}

namespace {

// An echo server whose host keeps every driver (weakly) and counts the calls it is told about,
// like MailHost does with its IMAP sessions.
class PokingHost {
public:
    PokingHost() : m_listener(m_io, "poke") {
        DriverHooks hooks;
        hooks.on_call_done = [this](const ConnectionInfo& info) {
            std::lock_guard lock(m_mutex);
            m_calls.push_back(info.id);
        };
        auto handler = [this, hooks](asio::ip::tcp::socket socket, ConnectionInfo info) {
            auto driver = spawn_session<EchoServer>(std::move(socket), EchoServer{},
                                                    std::move(info), hooks);
            std::lock_guard lock(m_mutex);
            m_drivers.push_back(driver);
        };
        REQUIRE(m_listener.open(Endpoint{"127.0.0.1", 0, true}, handler).empty());
        m_thread = std::thread([this] { m_io.run(); });
    }
    ~PokingHost() {
        asio::post(m_io, [this] { m_listener.close(); });
        m_io.stop();
        m_thread.join();
    }
    std::uint16_t port() const { return m_listener.port(); }
    // Pokes every live driver on the io thread: each session announces `text`.
    void poke_all(const std::string& text) {
        asio::post(m_io, [this, text] {
            std::vector<std::weak_ptr<SessionDriver<EchoServer>>> drivers;
            {
                std::lock_guard lock(m_mutex);  // not held while poking: the hook takes it
                drivers = m_drivers;
            }
            for (auto& weak : drivers) {
                if (auto d = weak.lock()) {
                    d->poke([&](EchoServer& s, const SessionContext&) { s.announce(text); });
                }
            }
        });
    }
    std::size_t live_drivers() {
        std::lock_guard lock(m_mutex);
        std::size_t n = 0;
        for (auto& weak : m_drivers) n += weak.expired() ? 0 : 1;
        return n;
    }
    // The connection ids of the calls reported so far, waiting up to 2 s for `count` of them
    // (the hook runs just after the output was handed to the socket, so the peer may be first).
    std::vector<std::uint64_t> calls(std::size_t count) {
        for (int i = 0; i < 200; ++i) {
            {
                std::lock_guard lock(m_mutex);
                if (m_calls.size() >= count) return m_calls;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        std::lock_guard lock(m_mutex);
        return m_calls;
    }

private:
    asio::io_context m_io;
    Listener m_listener;
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<std::weak_ptr<SessionDriver<EchoServer>>> m_drivers;
    std::vector<std::uint64_t> m_calls;
};

}  // namespace

TEST_CASE("live: a host pokes a driver from outside and the session's output reaches the peer") {
    PokingHost host;
    test::LineSocket first(host.port());
    test::LineSocket second(host.port());
    REQUIRE(first.connected());
    REQUIRE(second.connected());
    CHECK(first.read_line() == "HELLO");
    CHECK(second.read_line() == "HELLO");
    host.poke_all("mail arrived");
    CHECK(first.read_line() == "NOTE mail arrived");
    CHECK(second.read_line() == "NOTE mail arrived");
    // The session still works normally after a poke.
    first.send("ping\r\n");
    CHECK(first.read_line() == "ECHO ping");
    // on_call_done saw start() of both, the pokes, and the receive: one per call, by connection.
    const auto calls = host.calls(5);
    CHECK(std::count(calls.begin(), calls.end(), 1u) == 3);
    CHECK(std::count(calls.begin(), calls.end(), 2u) == 2);
}

TEST_CASE("live: a poke after the connection closed is ignored, and the driver goes away") {
    PokingHost host;
    {
        test::LineSocket peer(host.port());
        REQUIRE(peer.connected());
        CHECK(peer.read_line() == "HELLO");
        peer.send("QUIT\r\n");
        CHECK(peer.read_line() == "BYE");
        CHECK_FALSE(peer.read_line());  // EOF: the server closed
    }
    host.poke_all("too late");  // must not crash nor write to a closed socket
    bool gone = false;
    for (int i = 0; i < 200 && !gone; ++i) {
        gone = host.live_drivers() == 0;
        if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(gone);
}
