// The TCP model (RFC 9293): handshake timing, refused, timeouts through the ISP port-25 block,
// MSS segmentation with consistent sequence numbers, loss with retransmission, and the sender's
// windows and timer (RFC 5681 §3, RFC 6298 §5): no retransmission without loss.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "sim_fixture.hpp"

using namespace postlab;
using namespace postlab::sim;
using namespace postlab::sim::test;

namespace {

const TraceEntry& first_of(const World& w, ConnId id, TraceKind kind) {
    for (const auto& e : w.trace()) {
        if (e.conn == id && e.kind == kind) return e;
    }
    FAIL("no entry of kind " << to_string(kind));
    throw 0;
}

}  // namespace

TEST_CASE("the handshake takes one latency per link each way") {
    TestNet n = make_net(1);
    const ConnId id = n.world.connect(smtp_request(n, 25, relay_config(test_message(100))));
    n.world.run_until([id](const World& w) { return w.connection(id).accepted; });
    const auto& syn = first_of(n.world, id, TraceKind::tcp_syn);
    const auto& synack = first_of(n.world, id, TraceKind::tcp_synack);
    const auto& greeting = *find_summary(n.world, "S: 220", TraceKind::reply);
    const TimeUs one_way = laptop_isp_us + isp_mail_us;
    CHECK(syn.time_us == 0);
    CHECK(synack.time_us == one_way);        // sent when the SYN arrived
    CHECK(greeting.time_us == 3 * one_way);  // the server starts when the final ACK arrives
    CHECK(synack.ack == syn.seq + 1);
    CHECK(n.world.connection(id).state == ConnState::established);
}

TEST_CASE("a SYN to a closed port is refused with RST") {
    TestNet n = make_net(2);
    const ConnId id = n.world.connect(smtp_request(n, 2525, submission_config(test_message(100))));
    const auto* f = run_to_finish(n.world, id);
    REQUIRE(f);
    CHECK(f->state == ConnState::refused);
    CHECK(f->reason.find("nothing listens") != std::string::npos);
    const auto& rst = first_of(n.world, id, TraceKind::tcp_rst);
    CHECK(rst.time_us == laptop_isp_us + isp_mail_us);
    CHECK(f->finished_us == 2 * (laptop_isp_us + isp_mail_us));
    // The client session never started: it sent nothing.
    CHECK(count_kind(n.world, id, TraceKind::command) == 0);
}

TEST_CASE("services down refuse, host down times out") {
    TestNet n = make_net(3);
    n.world.apply(SetServicesUp{n.mail, false});
    const ConnId refused = n.world.connect(smtp_request(n, 25, submission_config(test_message(100))));
    REQUIRE(run_to_finish(n.world, refused));
    CHECK(n.world.finished(refused)->state == ConnState::refused);
    n.world.apply(SetServicesUp{n.mail, true});
    n.world.apply(SetHostUp{n.mail, false});
    const ConnId dead = n.world.connect(smtp_request(n, 25, submission_config(test_message(100))));
    REQUIRE(run_to_finish(n.world, dead));
    CHECK(n.world.finished(dead)->state == ConnState::timed_out);
}

TEST_CASE("port 25 blocked by the ISP: SYNs at 0, 1, 3, 7 s, then a timeout at 15 s") {
    TestNet n = make_net(4);
    n.world.apply(SetPortBlock{PortBlockRule{n.isp, 25, {n.laptop}, true, false}});
    const TimeUs start = 1'000'000;
    n.world.run_until_time(start);
    n.world.schedule_call(start, CallEvent{});
    n.world.step();
    REQUIRE(n.world.now_us() == start);
    const ConnId id = n.world.connect(smtp_request(n, 25, relay_config(test_message(100))));
    const auto* f = run_to_finish(n.world, id);
    REQUIRE(f);
    CHECK(f->state == ConnState::timed_out);
    std::vector<TimeUs> syn_times;
    for (const auto& e : n.world.trace()) {
        if (e.conn == id && e.kind == TraceKind::tcp_syn) {
            CHECK(e.lost);
            CHECK(e.summary.find("firewall of router.isp.test") != std::string::npos);
            syn_times.push_back(e.time_us - start);
        }
    }
    CHECK(syn_times == std::vector<TimeUs>{0, 1'000'000, 3'000'000, 7'000'000});
    CHECK(f->finished_us - start == 15'000'000);
    CHECK(count_kind(n.world, id, TraceKind::tcp_timeout) == 1);

    SECTION("the submission port 587 is not blocked") {
        const ConnId ok = n.world.connect(smtp_request(n, 587, submission_config(test_message(100))));
        REQUIRE(run_to_finish(n.world, ok));
        CHECK(n.world.finished(ok)->state == ConnState::closed);
    }
    SECTION("a configurable SYN retry count") {
        n.world.tcp_config().syn_retries = 1;
        const ConnId quick = n.world.connect(smtp_request(n, 25, submission_config(test_message(10))));
        const TimeUs t0 = n.world.now_us();
        const auto* q = run_to_finish(n.world, quick);
        REQUIRE(q);
        CHECK(q->finished_us - t0 == 3'000'000);  // SYN at 0 and 1 s, give up at 3 s
    }
}

TEST_CASE("port 25 blocked with RST: the connect is refused at once") {
    TestNet n = make_net(5);
    n.world.apply(SetPortBlock{PortBlockRule{n.isp, 25, {}, true, true}});
    const ConnId id = n.world.connect(smtp_request(n, 25, submission_config(test_message(100))));
    const auto* f = run_to_finish(n.world, id);
    REQUIRE(f);
    CHECK(f->state == ConnState::refused);
    CHECK(f->reason.find("ISP firewall") != std::string::npos);
    CHECK(f->finished_us == 2 * laptop_isp_us);  // the router answered, not the server
    n.world.apply(SetPortBlock{PortBlockRule{n.isp, 25, {}, false, false}});
    const ConnId later = n.world.connect(smtp_request(n, 25, relay_config(test_message(100))));
    REQUIRE(run_to_finish(n.world, later));
    CHECK(n.world.finished(later)->state == ConnState::closed);
}

namespace {

// Checks that every client data segment carries exactly the stream bytes at its sequence number,
// fits the MSS, and that together the segments cover the whole stream (retransmissions may
// repacketize, as real stacks do).
void check_client_stream(const World& w, ConnId id) {
    const Connection& c = w.connection(id);
    const Endpoint& client = c.end(Side::client);
    std::map<std::uint64_t, std::uint64_t> covered;  // offset -> end
    for (const auto& e : w.trace()) {
        if (e.conn != id || e.kind != TraceKind::tcp_data || e.from != client.host) continue;
        REQUIRE(e.bytes.size() <= 1460);
        const std::uint64_t offset = static_cast<std::uint32_t>(e.seq - client.isn - 1);
        REQUIRE(e.bytes == client.tx.substr(offset, e.bytes.size()));
        auto& end = covered[offset];
        end = std::max<std::uint64_t>(end, offset + e.bytes.size());
    }
    std::uint64_t reach = 0;
    for (const auto& [offset, end] : covered) {
        REQUIRE(offset <= reach);
        reach = std::max(reach, end);
    }
    CHECK(reach == client.tx.size());
}

}  // namespace

TEST_CASE("a 10 KB message is cut into MSS segments with consistent seq and ack") {
    TestNet n = make_net(6);
    const std::string message = test_message(10 * 1024);
    const ConnId id = n.world.connect(smtp_request(n, 25, relay_config(message)));
    const auto* f = run_to_finish(n.world, id);
    REQUIRE(f);
    CHECK(f->state == ConnState::closed);
    check_client_stream(n.world, id);
    // The DATA body leaves as full segments plus one shorter tail.
    std::vector<std::size_t> sizes;
    const TraceEntry* body = find_summary(n.world, "message body", TraceKind::body);
    REQUIRE(body);
    for (const auto& e : n.world.trace()) {
        if (e.conn == id && e.kind == TraceKind::tcp_data && e.time_us == body->time_us && e.from == n.laptop) {
            sizes.push_back(e.bytes.size());
        }
    }
    REQUIRE(sizes.size() == (body->bytes.size() + 1459) / 1460);
    for (std::size_t i = 0; i + 1 < sizes.size(); ++i) CHECK(sizes[i] == 1460);
    // The server acknowledged everything the client sent (and its FIN).
    const Connection& c = n.world.connection(id);
    CHECK(c.end(Side::client).tx_acked == c.end(Side::client).tx.size());
    CHECK(c.end(Side::client).fin_acked);
    CHECK(c.end(Side::server).fin_acked);
    // Delivered intact (the store holds it behind a Received: header).
    const Account* bob = n.world.store(n.store).account("bob@example.test");
    REQUIRE(bob->folder("INBOX")->messages.size() == 1);
    CHECK(bob->folder("INBOX")->messages[0].data.str().ends_with(message));
}

TEST_CASE("loss with retransmission still delivers every byte in order") {
    for (std::uint64_t seed : {11u, 12u, 13u, 14u, 15u, 16u}) {
        INFO("seed " << seed);
        TestNet n = make_net(seed, 0.15);
        const std::string message = test_message(12 * 1024);
        const ConnId id = n.world.connect(smtp_request(n, 25, relay_config(message)));
        const auto* f = run_to_finish(n.world, id);
        REQUIRE(f);
        CHECK(f->state == ConnState::closed);
        const auto& result = std::get<smtp::Client>(f->session).result();
        CHECK(result.ok);
        std::size_t lost = 0, retransmitted = 0;
        for (const auto& e : n.world.trace()) {
            lost += e.lost ? 1 : 0;
            retransmitted += e.retransmission ? 1 : 0;
        }
        CHECK(lost > 0);
        CHECK(retransmitted > 0);
        check_client_stream(n.world, id);
        const Account* bob = n.world.store(n.store).account("bob@example.test");
        REQUIRE(bob->folder("INBOX")->messages.size() == 1);
        CHECK(bob->folder("INBOX")->messages[0].data.str().ends_with(message));
    }
}

TEST_CASE("a link that goes down for two seconds mid-transfer only delays the message") {
    TestNet n = make_net(7);
    const std::string message = test_message(8000);
    const ConnId id = n.world.connect(smtp_request(n, 25, relay_config(message)));
    n.world.schedule_fault(160'000, SetLinkUp{n.isp_mail, false});
    n.world.schedule_fault(2'160'000, SetLinkUp{n.isp_mail, true});
    const auto* f = run_to_finish(n.world, id);
    REQUIRE(f);
    CHECK(f->state == ConnState::closed);
    CHECK(std::get<smtp::Client>(f->session).result().ok);
    CHECK(f->finished_us > 2'160'000);
    std::size_t no_route = 0;
    for (const auto& e : n.world.trace()) {
        no_route += e.lost && e.summary.find("no route") != std::string::npos ? 1 : 0;
    }
    CHECK(no_route > 0);
    CHECK(count_kind(n.world, invalid_conn, TraceKind::fault) == 2);
    check_client_stream(n.world, id);
    CHECK(n.world.store(n.store).account("bob@example.test")->folder("INBOX")->messages.size() == 1);
}

TEST_CASE("a link that stays down ends the connection after the retransmissions") {
    TestNet n = make_net(8);
    n.world.tcp_config().data_retries = 3;
    const ConnId id = n.world.connect(smtp_request(n, 25, relay_config(test_message(500))));
    n.world.schedule_fault(160'000, SetLinkUp{n.isp_mail, false});
    const auto* f = run_to_finish(n.world, id);
    REQUIRE(f);
    CHECK(f->state == ConnState::timed_out);
    CHECK(f->reason.find("retransmissions exhausted") != std::string::npos);
    CHECK_FALSE(std::get<smtp::Client>(f->session).result().ok);
}

TEST_CASE("the world clock starts where the setup says") {
    const TimeUs start = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z
    World w(3, {}, start);
    const HostId a = w.add_host("a.example.test", "10.0.0.1", HostKind::device);
    const HostId b = w.add_host("mail.example.test", "10.0.0.2", HostKind::server);
    w.add_link(a, b, 1000);
    MailStore store("example.test");
    store.add_account("bob@example.test", "pw");
    w.add_mail_services(b, w.add_store(std::move(store)));
    ConnectRequest r;
    r.from = a;
    r.to = b;
    r.port = 25;
    r.client = smtp::Client(relay_config(test_message(100)));
    const ConnId id = w.connect(std::move(r));
    REQUIRE(run_to_finish(w, id));
    CHECK(w.trace()[0].time_us == start);
    const auto& m = w.store(0).account("bob@example.test")->folder("INBOX")->messages.at(0);
    CHECK(m.internal_date_us > start);
    CHECK(m.data.str().find("2026") != std::string::npos);  // the Received: header's date
}

namespace {

// Every client data segment flagged as a retransmission resends bytes already sent; every other
// one carries only new bytes (what Wireshark's tcp.analysis.retransmission judges).
std::size_t check_retransmission_flags(const World& w, ConnId id) {
    const Endpoint& client = w.connection(id).end(Side::client);
    std::uint64_t highest = 0;
    std::size_t retransmissions = 0;
    for (const auto& e : w.trace()) {
        if (e.conn != id || e.from != client.host || e.bytes.empty()) continue;
        if (e.kind != TraceKind::tcp_data && e.kind != TraceKind::tcp_fin) continue;
        const std::uint64_t offset = static_cast<std::uint32_t>(e.seq - client.isn - 1);
        const std::uint64_t end = offset + e.bytes.size();
        if (e.retransmission) {
            ++retransmissions;
            CHECK(offset < highest);
        } else {
            CHECK(offset == highest);  // new data continues exactly where the stream left off
        }
        highest = std::max(highest, end);
    }
    return retransmissions;
}

std::size_t count_flagged(const World& w, ConnId id, bool TraceEntry::*flag) {
    std::size_t n = 0;
    for (const auto& e : w.trace()) n += (e.conn == id && e.*flag) ? 1 : 0;
    return n;
}

// Steps the world until the connection finishes, checking after every event that a sender never
// has more unacknowledged bytes than the receive window, and that whenever new data left in that
// event, the bytes in flight fit min(cwnd, receive window) (RFC 5681 §3.1).
const FinishedClient* run_checking_windows(World& w, ConnId id, std::size_t& window_limited) {
    const std::uint64_t rwnd = w.tcp_config().receive_window;
    std::array<std::uint64_t, 2> sent_before{};
    for (std::size_t i = 0; i < 400'000 && !w.finished(id) && w.step(); ++i) {
        const Connection& c = w.connection(id);
        for (const Side side : {Side::client, Side::server}) {
            const Endpoint& e = c.end(side);
            REQUIRE(e.tx_sent - e.tx_acked <= rwnd);
            if (e.tx_sent > sent_before[index_of(side)]) {
                INFO("cwnd " << e.cwnd << " flight " << flight_size(e));
                REQUIRE(flight_size(e) <= std::min(e.cwnd, rwnd));
            }
            window_limited += e.tx_next < e.tx.size() ? 1 : 0;
            sent_before[index_of(side)] = e.tx_sent;
        }
    }
    return w.finished(id);
}

}  // namespace

TEST_CASE("no loss: 3 MB over a 2 Mbit/s link, no retransmission, about size / bandwidth") {
    TestNet n = make_net(21);
    const std::uint64_t bandwidth_bps = 2'000'000;
    n.world.network().link(n.laptop_isp).bandwidth_bps = bandwidth_bps;
    const std::string message = test_message(3 * 1024 * 1024);
    const ConnId id = n.world.connect(smtp_request(n, 25, relay_config(message)));
    // A second connection opens while the first one's data fills the laptop's uplink queue.
    const TraceEntry* body = nullptr;
    n.world.run_until([&](const World& w) { return (body = find_summary(w, "message body", TraceKind::body)); });
    REQUIRE(body);
    const TimeUs body_us = body->time_us;
    n.world.run_until_time(body_us + 2'000'000);
    const ConnId second = n.world.connect(smtp_request(n, 587, submission_config(test_message(100))));
    const auto* f = run_to_finish(n.world, id);
    REQUIRE(f);
    CHECK(f->state == ConnState::closed);
    CHECK(std::get<smtp::Client>(f->session).result().ok);
    for (const ConnId c : {id, second}) {
        INFO("connection " << c.value);
        CHECK(count_flagged(n.world, c, &TraceEntry::retransmission) == 0);
        CHECK(count_flagged(n.world, c, &TraceEntry::lost) == 0);
        CHECK(count_kind(n.world, c, TraceKind::tcp_syn) == 1);  // never a SYN retransmission
        CHECK(count_kind(n.world, c, TraceKind::tcp_synack) == 1);
    }
    REQUIRE(run_to_finish(n.world, second));
    CHECK(n.world.finished(second)->state == ConnState::closed);
    CHECK(check_retransmission_flags(n.world, id) == 0);
    check_client_stream(n.world, id);
    // The body's wire time: every byte plus 40 header bytes per MSS segment, at the bandwidth.
    const Endpoint& client = n.world.connection(id).end(Side::client);
    const std::uint64_t from_body = client.tx.size() - static_cast<std::uint64_t>(client.tx.str().find(message.substr(0, 40)));
    const std::uint64_t wire_bits = 8 * (from_body + 40 * ((from_body + 1459) / 1460));
    const auto wire_us = static_cast<TimeUs>(wire_bits * 1'000'000 / bandwidth_bps);
    const TimeUs rtt_us = 2 * (laptop_isp_us + isp_mail_us);
    const TimeUs took_us = f->finished_us - body_us;
    INFO("took " << took_us << " us, wire time " << wire_us << " us");
    CHECK(took_us >= wire_us);
    CHECK(took_us <= wire_us + 10 * rtt_us);  // the last ACKs, QUIT and the FINs
    const auto& inbox = n.world.store(n.store).account("bob@example.test")->folder("INBOX")->messages;
    REQUIRE(inbox.size() == 2);  // the big one and the second connection's small one
    CHECK(std::count_if(inbox.begin(), inbox.end(), [&](const auto& m) { return m.data.str().ends_with(message); }) == 1);
}

TEST_CASE("slow start: the first flight of a large body is the initial window of 10 segments") {
    TestNet n = make_net(22);  // no bandwidth limit: only cwnd and the receive window hold data back
    const std::string message = test_message(200 * 1024);
    const ConnId id = n.world.connect(smtp_request(n, 25, relay_config(message)));
    std::size_t window_limited = 0;
    const auto* f = run_checking_windows(n.world, id, window_limited);
    REQUIRE(f);
    CHECK(f->state == ConnState::closed);
    CHECK(window_limited > 0);
    const TraceEntry* body = find_summary(n.world, "message body", TraceKind::body);
    REQUIRE(body);
    // Data segments per send instant from the body on: 10, then more per round trip (slow
    // start), never more than the receive window's 44 full segments.
    std::map<TimeUs, std::size_t> bursts;
    for (const auto& e : n.world.trace()) {
        if (e.conn == id && e.kind == TraceKind::tcp_data && e.from == n.laptop && e.time_us >= body->time_us) {
            ++bursts[e.time_us];
        }
    }
    REQUIRE(bursts.size() > 3);
    CHECK(bursts.begin()->second == 10);
    std::size_t most = 0;
    for (const auto& [t, count] : bursts) most = std::max(most, count);
    CHECK(most > 10);
    CHECK(most <= 65535 / 1460);
    CHECK(check_retransmission_flags(n.world, id) == 0);
}

TEST_CASE("loss on a long transfer: every byte once and in order, windows respected") {
    for (std::uint64_t seed : {31u, 32u, 33u}) {
        INFO("seed " << seed);
        TestNet n = make_net(seed, 0.03);
        n.world.network().link(n.isp_mail).bandwidth_bps = 20'000'000;
        const std::string message = test_message(300 * 1024);
        const ConnId id = n.world.connect(smtp_request(n, 25, relay_config(message)));
        std::size_t window_limited = 0;
        const auto* f = run_checking_windows(n.world, id, window_limited);
        REQUIRE(f);
        CHECK(f->state == ConnState::closed);
        CHECK(std::get<smtp::Client>(f->session).result().ok);
        CHECK(count_flagged(n.world, id, &TraceEntry::lost) > 0);
        CHECK(check_retransmission_flags(n.world, id) > 0);
        check_client_stream(n.world, id);
        // The server consumed exactly the client's stream, and the store holds it once.
        const Connection& c = n.world.connection(id);
        CHECK(c.end(Side::server).rx_consumed == c.end(Side::client).tx.size());
        const auto& inbox = n.world.store(n.store).account("bob@example.test")->folder("INBOX")->messages;
        REQUIRE(inbox.size() == 1);
        CHECK(inbox[0].data.str().ends_with(message));
        CHECK(inbox[0].data.size() < message.size() + 1000);  // a Received: header, no duplicate bytes
    }
}

TEST_CASE("RTO per RFC 6298: at least 1 s, doubled on each expiry, one timer per sender") {
    TestNet n = make_net(9);
    n.world.tcp_config().data_retries = 4;
    const ConnId id = n.world.connect(smtp_request(n, 25, relay_config(test_message(60 * 1024))));
    const TraceEntry* body = nullptr;
    n.world.run_until([&](const World& w) { return (body = find_summary(w, "message body", TraceKind::body)); });
    REQUIRE(body);
    const TimeUs cut_us = body->time_us;
    n.world.apply(SetLinkUp{n.isp_mail, false});  // every segment from now on is lost
    const auto* f = run_to_finish(n.world, id);
    REQUIRE(f);
    CHECK(f->state == ConnState::timed_out);
    std::vector<TimeUs> resent;
    for (const auto& e : n.world.trace()) {
        if (e.conn == id && e.retransmission && e.from == n.laptop) resent.push_back(e.time_us - cut_us);
    }
    // One segment per expiry (the earliest unacknowledged one), at 1, 3, 7, 15 s: the RTO is the
    // 1 s minimum (the measured RTT is 50 ms) and doubles each time.
    CHECK(resent == std::vector<TimeUs>{1'000'000, 3'000'000, 7'000'000, 15'000'000});
    CHECK(f->finished_us - cut_us == 31'000'000);
}
