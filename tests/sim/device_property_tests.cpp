// Property tests over random worlds and random user actions (seeded; POSTLAB_PROPERTY_SEEDS sets
// how many, default 200; a failure names its seed): no accepted message is ever lost (RFC 5321
// §6.1: after 250 the server is responsible for it), IMAP devices converge with the server after
// sync (RFC 4549 §4), POP3 without leave-on-server empties the server INBOX (RFC 1939 §6), and
// SimControl's step back then step gives the same state.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "device_fixture.hpp"
#include "sim/rng.hpp"
#include "sim/sim_control.hpp"

using namespace postlab;
using namespace postlab::sim;
using namespace postlab::sim::test;

namespace {

std::uint64_t seed_count() {
    if (const char* env = std::getenv("POSTLAB_PROPERTY_SEEDS")) {
        const auto n = std::strtoull(env, nullptr, 10);
        if (n > 0) return n;
    }
    return 200;
}

struct RandomWorld {
    World world;
    std::vector<std::string> devices;  // alice's devices, then "bob"
};

RandomWorld random_world(std::uint64_t seed, Rng& rng) {
    RandomWorld r{two_domains(seed), {}};
    const auto count = rng.uniform(2, 4);
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::string id = "dev" + std::to_string(i);
        if (rng.chance(0.5)) {
            r.world.add_device(pop3_device(id, rng.chance(0.5)));
        } else {
            const bool push = rng.chance(0.5);  // drawn one by one: argument order is unspecified
            const int interval = rng.chance(0.5) ? 5 : 0;
            r.world.add_device(imap_device(id, push, interval));
        }
        r.devices.push_back(id);
    }
    DeviceSpec bob = bob_device();
    bob.incoming = IncomingSettings{IncomingProtocol::imap, "mail.remote.test", 143, Security::starttls, true,
                                    false, 0, 0, false};
    r.world.add_device(bob);
    r.devices.push_back("bob");
    return r;
}

bool is_pop3(const World& w, std::string_view id) {
    return w.device(id)->incoming.protocol == IncomingProtocol::pop3;
}

// The Message-ID of a message and, for a bounce, of the message it returns.
void ids_in(std::string_view data, std::set<std::string>& ids) {
    ids.insert(header_value(data, "Message-ID"));
    const auto at = data.find("Your message <");
    if (at != std::string_view::npos) {
        const auto end = data.find('>', at);
        ids.insert(std::string(data.substr(at + 13, end - at - 12)));
    }
}

// Where a Message-ID can legitimately be: every server folder, MTA queues, devices (folders and
// outboxes) and the text of bounces.
std::set<std::string> everywhere(const World& w) {
    std::set<std::string> ids;
    for (const auto& store : w.stores()) {
        for (const auto& account : store.accounts()) {
            for (const auto& folder : account.folders) {
                for (const auto& m : folder.messages) ids_in(m.data, ids);
            }
        }
    }
    for (const auto& mta : w.mtas()) {
        for (const auto& item : mta.queue) ids.insert(item.message_id);
    }
    for (const auto& d : w.devices()) {
        for (const auto& f : d.folders) {
            for (const auto& m : f.messages) ids_in(m.data, ids);
        }
    }
    return ids;
}

// Message-IDs a submission or relay server said 250 to (its session's message_accepted events).
std::set<std::string> accepted(const World& w) {
    std::set<std::string> ids;
    for (const auto& c : w.connections()) {
        for (const auto& e : c.end(Side::server).events) {
            if (e.kind == EventKind::message_accepted) ids.insert(header_value(e.message, "Message-ID"));
        }
    }
    return ids;
}

MessageRef pick(Rng& rng, const World& w, const std::string& id, std::string folder = "INBOX") {
    const auto v = w.device(id);
    const DeviceFolder* f = v->folder(folder);
    const std::size_t n = f ? f->messages.size() : 0;
    return MessageRef{id, std::move(folder), n ? rng.uniform(1, n) : 1, ""};
}

struct Ledger {
    std::set<std::string> deleted;  // gone by a user action (POP3 delete, crash, delete from Trash)
};

void note_deleted(const World& w, const MessageRef& ref, Ledger& ledger) {
    const auto v = w.device(ref.device);
    const DeviceFolder* f = v->folder(ref.folder);
    if (!f || !ref.index || *ref.index == 0 || *ref.index > f->messages.size()) return;
    const bool gone = v->incoming.protocol == IncomingProtocol::pop3 || ref.folder == "Trash";
    if (gone) ids_in(f->messages[*ref.index - 1].data, ledger.deleted);
}

void random_action(Rng& rng, RandomWorld& r, Ledger& ledger) {
    World& w = r.world;
    const std::string& id = r.devices[rng.uniform(0, r.devices.size() - 1)];
    static const char* const to[] = {"alice@example.test", "carol@example.test", "bob@remote.test",
                                     "nobody@remote.test"};
    switch (rng.uniform(0, 11)) {
        case 0:
        case 1:
        case 2: {
            SendMail m{id, {to[rng.uniform(0, 3)]}, {}, "subject " + std::to_string(rng.uniform(1, 999)), "",
                       rng.chance(0.1), 2000, {}};
            if (rng.chance(0.2)) m.cc.push_back(to[rng.uniform(0, 3)]);
            w.apply(m);
            break;
        }
        case 3:
        case 4: w.apply(CheckMail{id}); break;
        case 5: w.apply(ReadMessage{pick(rng, w, id)}); break;
        case 6: w.apply(FlagMessage{pick(rng, w, id), rng.chance(0.7)}); break;
        case 7:
            w.apply(CreateFolder{id, "Archive"});
            w.apply(MoveMessage{pick(rng, w, id), "Archive"});
            break;
        case 8: {
            const MessageRef ref = pick(rng, w, id, rng.chance(0.3) ? "Trash" : "INBOX");
            note_deleted(w, ref, ledger);
            w.apply(DeleteMessage{ref});
            break;
        }
        case 9: w.apply(rng.chance(0.5) ? DeviceAction{GoOffline{id}} : DeviceAction{GoOnline{id}}); break;
        case 10:
            if (is_pop3(w, id)) {
                const auto v = w.device(id);
                for (const auto& f : v->folders) {
                    for (const auto& m : f.messages) ids_in(m.data, ledger.deleted);
                }
            }
            w.apply(CrashDevice{id});
            break;
        default: w.run_until_time(w.now_us() + static_cast<TimeUs>(rng.uniform(1, 8)) * 60'000'000); break;
    }
    w.run(rng.uniform(0, 300));  // sometimes act again while connections are still running
}

// Everyone online and synced; POP3 devices first, since their checks change the server INBOX.
void sync_all(RandomWorld& r) {
    World& w = r.world;
    for (const bool pop3 : {true, false}) {
        for (const auto& id : r.devices) {
            if (is_pop3(w, id) != pop3) continue;
            if (!w.device(id)->online) w.apply(GoOnline{id});
            if (w.device(id)->connected) {  // a session in IDLE: reconnect for a full sync
                w.apply(GoOffline{id});
                w.apply(GoOnline{id});
            }
            w.apply(CheckMail{id});
        }
        settle(w, 2'000'000);
    }
}

// "uid(flags) uid(flags) ..." of alice's folder on the server and on a device.
std::string server_folder(const World& w, std::string_view folder) {
    std::string out;
    const Account* a = w.store(*w.store_for_domain("example.test")).account("alice@example.test");
    if (const Folder* f = a->folder(folder)) {
        for (const auto& m : f->messages) {
            out += std::to_string(m.uid) + "(";
            for (const auto& flag : m.flags) out += flag + " ";
            out += ") ";
        }
    }
    return out;
}

std::string device_folder(const DeviceView& v, std::string_view folder) {
    std::string out;
    if (const DeviceFolder* f = v.folder(folder)) {
        for (const auto& m : f->messages) {
            out += m.key.substr(m.key.find(':') + 1) + "(";
            for (const auto& flag : m.flags) out += flag + " ";
            out += ") ";
        }
    }
    return out;
}

void check_world(std::uint64_t seed) {
    Rng rng(seed * 7919 + 1);
    RandomWorld r = random_world(seed, rng);
    Ledger ledger;
    const auto actions = rng.uniform(10, 25);
    for (std::uint64_t i = 0; i < actions; ++i) random_action(rng, r, ledger);
    sync_all(r);
    sync_all(r);
    World& w = r.world;
    INFO("seed " << seed);
    // POSTLAB_PROPERTY_TRACE=<seed> prints that world's trace, to see how a failure came about.
    if (const char* t = std::getenv("POSTLAB_PROPERTY_TRACE"); t && std::strtoull(t, nullptr, 10) == seed) {
        std::printf("%s\n", w.trace_text().c_str());
    }
    REQUIRE(w.quiescent());

    const std::set<std::string> present = everywhere(w);
    for (const auto& id : accepted(w)) {
        INFO("Message-ID " << id);
        CHECK((present.count(id) || ledger.deleted.count(id)));
    }
    const Account* alice = w.store(*w.store_for_domain("example.test")).account("alice@example.test");
    for (const auto& id : r.devices) {
        const auto v = w.device(id);
        INFO("device " << id << " error " << v->last_error);
        if (id == "bob" || v->incoming.protocol != IncomingProtocol::imap) continue;
        CHECK(v->pending_actions == 0);
        for (const auto& folder : alice->folders) {
            INFO("folder " << folder.name);
            CHECK(device_folder(*v, folder.name) == server_folder(w, folder.name));
        }
    }
    for (const auto& id : r.devices) {
        const auto v = w.device(id);
        if (id == "bob" || v->incoming.protocol != IncomingProtocol::pop3 || v->incoming.leave_on_server) continue;
        w.apply(CheckMail{id});
        settle(w, 2'000'000);
        INFO("POP3 device " << id << " error " << w.device(id)->last_error);
        CHECK(w.device(id)->last_error.empty());
        CHECK(server_folder(w, "INBOX") == "");
    }
}

std::string state_digest(const World& w) {
    std::string s = std::to_string(w.steps()) + "/" + std::to_string(w.now_us()) + "/" +
                    std::to_string(w.trace().size());
    if (!w.trace().empty()) s += w.trace().back().summary;
    for (const auto& d : w.devices()) {
        s += "|" + d.id + (d.online ? "+" : "-") + (d.connected ? "c" : "") + d.last_error +
             std::to_string(d.outbox_count) + "/" + std::to_string(d.pending_actions);
        for (const auto& f : d.folders) {
            s += ";" + f.name;
            for (const auto& m : f.messages) {
                s += "," + m.key + m.message_id;
                for (const auto& flag : m.flags) s += flag;
            }
        }
    }
    for (const auto& store : w.stores()) {
        for (const auto& a : store.accounts()) {
            for (const auto& f : a.folders) s += ":" + std::to_string(f.messages.size()) + "." + std::to_string(f.highest_modseq);
        }
    }
    return s;
}

}  // namespace

TEST_CASE("property: no message is lost, IMAP devices converge, POP3 empties the server") {
    const std::uint64_t n = seed_count();
    for (std::uint64_t seed = 1; seed <= n; ++seed) check_world(seed);
}

TEST_CASE("property: step back then step gives the same state across device actions") {
    const std::uint64_t n = std::max<std::uint64_t>(1, seed_count() / 10);
    for (std::uint64_t seed = 1; seed <= n; ++seed) {
        INFO("seed " << seed);
        Rng rng(seed * 104729 + 3);
        RandomWorld r = random_world(seed, rng);
        SimControl ctl(std::move(r.world), 32);
        for (int round = 0; round < 12; ++round) {
            const std::string& id = r.devices[rng.uniform(0, r.devices.size() - 1)];
            switch (rng.uniform(0, 4)) {
                case 0: ctl.apply(DeviceAction{SendMail{id, {"alice@example.test"}, {}, "s", "", false, 0, {}}}); break;
                case 1: ctl.apply(DeviceAction{CheckMail{id}}); break;
                case 2: ctl.apply(DeviceAction{FlagMessage{MessageRef{id, "INBOX", 1, ""}, true}}); break;
                case 3: ctl.apply(DeviceAction{rng.chance(0.5) ? DeviceAction{GoOffline{id}} : DeviceAction{GoOnline{id}}}); break;
                default: ctl.apply(DeviceAction{CrashDevice{id}}); break;
            }
            const auto steps = rng.uniform(1, 120);
            for (std::uint64_t i = 0; i < steps && ctl.step(); ++i) {
            }
            const std::string here = state_digest(ctl.world());
            const std::uint64_t at = ctl.position();
            if (ctl.step_back()) {
                CHECK(ctl.position() == at - 1);
                REQUIRE(ctl.step());
                CHECK(state_digest(ctl.world()) == here);
            }
            // Far back and forward again: replays the logged device actions exactly.
            ctl.seek(at / 2);
            ctl.seek(at);
            CHECK(state_digest(ctl.world()) == here);
        }
    }
}
