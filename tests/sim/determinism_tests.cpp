// Determinism and time travel (DESIGN.md §1, §3): the same setup and seed give the same trace;
// SimControl's step_back and seek restore exactly (trace text and stores).
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "sim/sim_control.hpp"
#include "sim_fixture.hpp"

using namespace postlab;
using namespace postlab::sim;
using namespace postlab::sim::test;

namespace {

// A busy little world: a submission with loss, a relay delivery and a POP3 check.
TestNet scenario(std::uint64_t seed, double loss) {
    TestNet n = make_net(seed, loss);
    n.world.connect(smtp_request(n, 587, submission_config(test_message(6000))));
    n.world.connect(smtp_request(n, 25, relay_config(test_message(3000))));
    pop3::ClientConfig pop;
    pop.user = "bob@example.test";
    pop.password = "hunter2";
    pop.leave_on_server = true;
    n.world.schedule_call(400'000, CallEvent{7, n.laptop, {}, 0});
    ConnectRequest r;
    r.from = n.laptop;
    r.to = n.mail;
    r.port = 995;
    r.implicit_tls = true;
    pop.security = Security::implicit_tls;
    r.client = pop3::Client(pop);
    n.world.connect(std::move(r));
    return n;
}

std::string dump_stores(const World& w) {
    std::string out;
    for (const auto& store : w.stores()) {
        for (const auto& account : store.accounts()) {
            out += fmt::format("{} lock={}\n", account.address, account.maildrop_lock);
            for (const auto& folder : account.folders) {
                out += fmt::format(" {} next={} modseq={}\n", folder.name, folder.uid_next, folder.highest_modseq);
                for (const auto& m : folder.messages) {
                    out += fmt::format("  {} {} {:016x} {}\n", m.uid, m.modseq, fnv1a(m.data), fmt::join(m.flags, ","));
                }
            }
        }
    }
    return out;
}

struct Picture {
    std::uint64_t steps;
    TimeUs now;
    std::string trace;
    std::string stores;
    bool operator==(const Picture&) const = default;
};

Picture picture(const World& w) { return {w.steps(), w.now_us(), w.trace().to_text(), dump_stores(w)}; }

}  // namespace

TEST_CASE("the same world and seed give a byte-identical trace; another seed with loss differs") {
    TestNet a = scenario(99, 0.05);
    TestNet b = scenario(99, 0.05);
    a.world.run();
    b.world.run();
    const std::string text = a.world.trace().to_text();
    CHECK(text.size() > 10'000);
    CHECK(text == b.world.trace().to_text());
    CHECK(a.world.trace_text() == b.world.trace_text());
    CHECK(a.world.trace_text().find("laptop.example.test:49152->mail.example.test:587 smtp") != std::string::npos);
    CHECK(dump_stores(a.world) == dump_stores(b.world));
    TestNet c = scenario(100, 0.05);
    c.world.run();
    CHECK(text != c.world.trace().to_text());
    // All three delivered both messages despite the loss.
    CHECK(a.world.store(a.store).account("bob@example.test")->folder("INBOX")->messages.size() == 2);
    CHECK(c.world.store(c.store).account("bob@example.test")->folder("INBOX")->messages.size() == 2);
    CHECK(a.world.take_due_calls().size() == 1);
}

TEST_CASE("step_back then step equals going forward") {
    SimControl control(scenario(5, 0.05).world, 16);
    control.seek(100);
    REQUIRE(control.position() == 100);
    const Picture at100 = picture(control.world());
    REQUIRE(control.step());
    const Picture at101 = picture(control.world());
    REQUIRE(control.step_back());
    CHECK(control.position() == 100);
    CHECK(picture(control.world()) == at100);
    REQUIRE(control.step());
    CHECK(picture(control.world()) == at101);
    for (int i = 0; i < 40; ++i) REQUIRE(control.step_back());
    CHECK(control.position() == 61);
    control.seek(101);
    CHECK(picture(control.world()) == at101);
}

TEST_CASE("seeking to random steps restores exactly") {
    const std::uint64_t seed = 77;
    INFO("seed " << seed);
    World reference = scenario(3, 0.08).world;
    std::vector<Picture> pictures{picture(reference)};
    while (reference.step()) pictures.push_back(picture(reference));
    REQUIRE(pictures.size() > 160);
    SimControl control(scenario(3, 0.08).world, 32);
    Rng rng(seed);
    for (int i = 0; i < 25; ++i) {
        const auto target = rng.uniform(0, pictures.size() - 1);
        INFO("target step " << target);
        control.seek(target);
        REQUIRE(control.position() == target);
        CHECK(picture(control.world()) == pictures[target]);
    }
    const TimeUs t = pictures[150].now;
    control.seek_time(t);
    CHECK(control.world().now_us() == t);
    CHECK(control.position() >= 150);
    CHECK(control.world().next_event_time_us().value_or(t + 1) > t);
}

TEST_CASE("a fault applied through SimControl is replayed after going back") {
    SimControl control(scenario(8, 0.0).world, 16);
    control.seek(30);
    control.apply(SetLinkParams{LinkId{1}, 80'000, 0, 0.0});  // isp - mail gets slow
    control.seek(120);
    const Picture forward = picture(control.world());
    control.seek(10);
    CHECK(control.world().network().link(LinkId{1}).latency_us == 20'000);
    control.seek(120);
    CHECK(picture(control.world()) == forward);
    CHECK(control.world().network().link(LinkId{1}).latency_us == 80'000);
    // A new action at an earlier step discards the old future.
    control.seek(20);
    control.apply(SetLinkUp{LinkId{1}, false});
    control.seek(25);
    control.seek(21);
    CHECK_FALSE(control.world().network().link(LinkId{1}).up);
}

TEST_CASE("a copy of the trace keeps its entries while the original grows (shared chunks)") {
    Trace a;
    auto entry = [](std::string summary) {
        TraceEntry e;
        e.summary = std::move(summary);
        return e;
    };
    const std::size_t n = Trace::chunk_size * 2 + 10;  // two full chunks and a partial one
    for (std::size_t i = 0; i < n; ++i) a.append(entry(fmt::format("a{}", i)));
    const Trace copy = a;
    Trace b = a;
    for (std::size_t i = 0; i < Trace::chunk_size; ++i) a.append(entry(fmt::format("a{}", n + i)));
    b.append(entry("b"));
    REQUIRE(copy.size() == n);
    REQUIRE(a.size() == n + Trace::chunk_size);
    REQUIRE(b.size() == n + 1);
    CHECK(copy.back().summary == fmt::format("a{}", n - 1));
    CHECK(a[n].summary == fmt::format("a{}", n));
    CHECK(b[n].summary == "b");
    CHECK(b[n].index == n);
    std::size_t i = 0;
    for (const auto& e : copy) CHECK(e.summary == fmt::format("a{}", i++));
    CHECK(i == n);
}

TEST_CASE("a world copied mid-run keeps its trace while the original runs on") {
    TestNet n = scenario(11, 0.05);
    n.world.run(100);
    const World copy = n.world;
    const std::string before = copy.trace().to_text();
    n.world.run();
    CHECK(n.world.trace().size() > copy.trace().size());
    CHECK(copy.trace().to_text() == before);
    CHECK(n.world.trace().to_text().starts_with(before));
}

TEST_CASE("a forward seek after going back starts from the nearest snapshot") {
    SimControl control(scenario(5, 0.05).world, 32);
    control.seek(200);
    REQUIRE(control.position() == 200);
    control.seek(190);
    const Picture at190 = picture(control.world());
    control.seek(0);
    control.seek(190);
    CHECK(picture(control.world()) == at190);
    CHECK(control.last_seek_events() == 190 % 32);  // from snapshot 5 (step 160), not from step 0
    control.seek(191);
    CHECK(control.last_seek_events() == 1);  // nearer than any snapshot: from where it is
    control.seek(197);
    CHECK(control.last_seek_events() == 197 - 192);  // snapshot 6 (step 192) is nearer
    control.seek(0);
    control.seek_time(at190.now);
    CHECK(control.world().now_us() == at190.now);
    CHECK(control.last_seek_events() < 32);
}

TEST_CASE("a clock tick moves time on when nothing else is scheduled, and replays") {
    TestNet n = make_net(3, 0.0);
    SimControl control(std::move(n.world), 4);
    REQUIRE(control.world().idle());
    const TimeUs start = control.world().now_us();
    control.apply(ClockTick{start + 300'000'000});  // five minutes
    control.apply(ClockTick{start - 1});            // the past: nothing to do
    REQUIRE(control.step());
    CHECK(control.world().now_us() == start + 300'000'000);
    CHECK_FALSE(control.step());
    REQUIRE(control.step_back());
    CHECK(control.world().now_us() == start);
    control.seek(1);
    CHECK(control.world().now_us() == start + 300'000'000);
    CHECK(control.world().quiescent());
}
