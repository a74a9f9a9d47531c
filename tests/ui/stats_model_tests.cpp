// Tests of the Stats view's model (ui/views/stats_model.hpp) over a hand-made trace: bytes and
// round trips per protocol, connection outcomes, per-device bytes, storage per account.
#include <catch2/catch.hpp>

#include "protocols/registry.hpp"
#include "protocols/store/mail_store.hpp"
#include "sim/trace.hpp"
#include "ui/views/stats_model.hpp"

using namespace postlab;
using namespace postlab::ui;

namespace {

sim::TraceEntry entry(sim::TraceKind kind, std::uint32_t conn, std::uint32_t from, std::uint32_t to,
                      std::string protocol = "", std::string bytes = "") {
    sim::TraceEntry e;
    e.kind = kind;
    e.conn = sim::ConnId{conn};
    e.from = sim::HostId{from};
    e.to = sim::HostId{to};
    e.protocol = protocol_from_name(protocol).value_or(ProtocolId::none);
    e.bytes = std::move(bytes);
    return e;
}

// Host 0: laptop (device), 1: isp, 2: mail.example.test.
sim::Trace sample_trace() {
    using K = sim::TraceKind;
    sim::Trace t;
    // conn 0: POP3, established, two command/reply turns, 3+10+6+4 payload bytes
    t.append(entry(K::connect, 0, 0, 2, "pop3"));
    t.append(entry(K::tcp_syn, 0, 0, 2, "tcp"));
    t.append(entry(K::tcp_synack, 0, 2, 0, "tcp"));
    t.append(entry(K::tcp_data, 0, 2, 0, "tcp", "+OK"));
    t.append(entry(K::reply, 0, 2, 0, "pop3"));  // greeting: not a round trip
    t.append(entry(K::tcp_data, 0, 0, 2, "tcp", "USER alice"));
    t.append(entry(K::command, 0, 0, 2, "pop3"));
    t.append(entry(K::tcp_data, 0, 2, 0, "tcp", "+OK hi"));
    t.append(entry(K::reply, 0, 2, 0, "pop3"));
    t.append(entry(K::tcp_data, 0, 0, 2, "tcp", "QUIT"));
    t.append(entry(K::command, 0, 0, 2, "pop3"));
    t.append(entry(K::reply, 0, 2, 0, "pop3"));
    // conn 1: SMTP to 25, refused
    t.append(entry(K::connect, 1, 0, 2, "smtp"));
    t.append(entry(K::tcp_syn, 1, 0, 2, "tcp"));
    t.append(entry(K::tcp_rst, 1, 2, 0, "tcp"));
    // conn 2: SMTP timed out
    t.append(entry(K::connect, 2, 0, 2, "smtp"));
    t.append(entry(K::tcp_syn, 2, 0, 2, "tcp"));
    t.append(entry(K::tcp_timeout, 2, 0, 2, "tcp"));
    // conn 3: IMAP over TLS, established, TLS flight counted as a round trip; data after RST
    // of an established connection is still "ok"
    t.append(entry(K::connect, 3, 0, 2, "imap"));
    t.append(entry(K::tcp_synack, 3, 2, 0, "tcp"));
    t.append(entry(K::tls_server_flight, 3, 2, 0, "tls"));
    t.append(entry(K::tcp_data, 3, 2, 0, "tcp", std::string(1500, 'x')));
    t.append(entry(K::tcp_rst, 3, 2, 0, "tcp"));
    // no connection: DNS
    t.append(entry(K::dns_query, UINT32_MAX, 0, 1, "dns"));
    return t;
}

const ProtocolStats& protocol(const Stats& s, const std::string& name) {
    for (const ProtocolStats& p : s.protocols) {
        if (p.protocol == name) return p;
    }
    FAIL("no protocol " << name);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("stats from a hand-made trace", "[ui][stats]") {
    const sim::Trace trace = sample_trace();
    MailStore store("example.test");
    store.add_account("alice@example.test", "x");
    store.deliver("alice@example.test", "INBOX", "Subject: a\r\n\r\n12345\r\n", 0);
    const Stats s = compute_stats(trace, trace.size(), {"laptop", "isp", "mail.example.test"},
                                  {true, false, false}, {store});
    const ProtocolStats& pop3 = protocol(s, "pop3");
    CHECK(pop3.connections == 1);
    CHECK(pop3.bytes == 3 + 10 + 6 + 4);
    CHECK(pop3.round_trips == 1 + 2);  // handshake + USER and QUIT turns
    const ProtocolStats& smtp = protocol(s, "smtp");
    CHECK(smtp.connections == 2);
    CHECK(smtp.bytes == 0);
    CHECK(smtp.round_trips == 0);
    const ProtocolStats& imap = protocol(s, "imap");
    CHECK(imap.round_trips == 2);
    CHECK(imap.bytes == 1500);
    CHECK(s.connections.ok == 2);
    CHECK(s.connections.refused == 1);
    CHECK(s.connections.timed_out == 1);
    CHECK(s.connections.pending == 0);
    CHECK(s.dns_queries == 1);
    REQUIRE(s.devices.size() == 1);
    CHECK(s.devices[0].host == "laptop");
    CHECK(s.devices[0].sent == 10 + 4);
    CHECK(s.devices[0].received == 3 + 6 + 1500);
    REQUIRE(s.storage.size() == 1);
    CHECK(s.storage[0].account == "alice@example.test");
    CHECK(s.storage[0].messages == 1);
    CHECK(s.storage[0].bytes == std::string("Subject: a\r\n\r\n12345\r\n").size());
}

TEST_CASE("stats stop at the playhead", "[ui][stats]") {
    const sim::Trace trace = sample_trace();
    const Stats s = compute_stats(trace, 3, {"laptop"}, {true}, {});
    CHECK(protocol(s, "pop3").bytes == 0);
    CHECK(protocol(s, "pop3").round_trips == 1);
    CHECK(s.connections.ok == 1);
    CHECK(s.storage.empty());
    const Stats none = compute_stats(trace, 0, {}, {}, {});
    CHECK(none.protocols.empty());
    CHECK(none.connections.ok + none.connections.refused + none.connections.timed_out == 0);
}

TEST_CASE("format_bytes uses decimal units", "[ui][stats]") {
    CHECK(format_bytes(0) == "0 B");
    CHECK(format_bytes(999) == "999 B");
    CHECK(format_bytes(1500) == "1.5 KB");
    CHECK(format_bytes(921'600) == "921.6 KB");
    CHECK(format_bytes(2'500'000) == "2.5 MB");
}
