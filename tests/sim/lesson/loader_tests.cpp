// The lesson loader reads every key of the format (lessons/README.md) into the model, with
// defaults where keys are omitted and the line:col of what the trainer wrote.
#include <catch2/catch.hpp>

#include "sim/lesson/loader.hpp"
#include "sim/lesson/writer.hpp"
#include "tests/sim/lesson/lesson_summary.hpp"

using namespace postlab::lesson;

namespace {

// Every key of the format at least once. Line numbers matter: the tests below check positions.
const char* const k_full = R"toml([lesson]
id = "every-key"
title = "Every key"
minutes = 20
summary = "Uses each key of the format once."
seed = 42
level = "advanced"
default_password = "pw"

[[domain]]
name = "example.test"
services = ["smtp", "submission", "submissions", "pop3", "pop3s", "imap", "imaps"]
users = ["alice", { name = "carol", password = "hunter2" }]
certificate_name = "wrong.example.test"
quota_kb = 512

[[domain]]
name = "remote.test"
services = ["smtp", "submission"]
users = ["bob@remote.test"]

[network]
isp_blocks_port_25 = true
latency_ms = 40
bandwidth_kbps = 2000

[[device]]
id = "laptop"
name = "Alice's laptop"
kind = "desktop"
owner = "alice@example.test"
password = "typo"
incoming = { protocol = "pop3", host = "mail.example.test", port = 995, security = "ssl-tls", auth = "plain", leave_on_server = true, remove_after_days = 14, check_interval_minutes = 10 }
outgoing = { host = "mail.example.test", port = 465, security = "ssl-tls", auth = "login" }

[[device]]
id = "phone"
kind = "phone"
owner = "carol@example.test"
incoming = { protocol = "imap", host = "mail.example.test", security = "starttls", push = true }
outgoing = { host = "mail.example.test", security = "starttls", auth = false }

[[device]]
id = "web"
kind = "webmail"
owner = "bob@remote.test"

[[fault]]
certificate_mismatch = "mail.example.test"

[[fault]]
block_port_25 = true

[[step]]
title = "Everything a user does"
say = "Narration."
ask = "Which?"
choices = ["a", "b"]
answer = "b"
explain = "Because."
do = [{ device = "laptop", send = { to = ["bob@remote.test", "carol@example.test"], cc = "alice@example.test", subject = "Hi", body = "Hello", attachment = { name = "a.pdf", size_kb = 300 } } },
      { device = "laptop", check_mail = true },
      { device = "laptop", read = { subject = "Hi" } },
      { device = "phone", flag = { index = 2, folder = "Archive" } },
      { device = "phone", unflag = { index = 1 } },
      { device = "phone", move = { subject = "Hi", to = "Archive" } },
      { device = "phone", delete = { index = 1 } },
      { device = "phone", create_folder = "Archive" },
      { device = "phone", go_offline = true },
      { device = "phone", go_online = true },
      { device = "phone", crash = true },
      { device = "phone", change_setting = { setting = "incoming.port", value = 993 } }]
until = "time +90s"
highlight = ["mailbox:laptop", "mailbox:alice@example.test", "device:phone", "link:laptop-isp", "link:isp-mail.remote.test", "host:mail.example.test"]
check = ["laptop.inbox.count == 1", "trace.count(tcp, to_port = 25) > 0"]

[[step]]
say = "Every fault."
do = [{ link_down = "laptop-isp" }, { link_up = "laptop-isp" },
      { latency = { link = "phone-isp", ms = 300 } }, { bandwidth = { link = "isp-mail.example.test", kbps = 56 } },
      { block_port_25 = true }, { unblock_port_25 = true },
      { server_down = "mail.remote.test" }, { server_up = "mail.remote.test" },
      { certificate_mismatch = "mail.remote.test" }, { wrong_password = "phone" },
      { over_quota = "alice@example.test" }, { wait = { minutes = 5 } }, { wait = { seconds = 30 } }]
until = "phone.connected and laptop.outbox.count == 0"
check = "web.inbox.count == 0"

[[step]]
say = "Your turn."
exercise = { device = "laptop", setting = "incoming.leave_on_server", goal = "phone.inbox.count == 2" }
)toml";

LessonSpec load_full() {
    auto result = load_lesson(k_full, "full.toml");
    for (const auto& d : result.diagnostics) UNSCOPED_INFO(format(d));
    REQUIRE(result.ok());
    CHECK(result.diagnostics.empty());
    return std::move(*result.lesson);
}

}  // namespace

TEST_CASE("the [lesson] header, domains and network are read with positions") {
    const auto spec = load_full();
    CHECK(spec.file_name == "full.toml");
    CHECK(spec.id.value == "every-key");
    CHECK(spec.id.pos == SourcePos{2, 6});
    CHECK(spec.title.value == "Every key");
    CHECK(spec.minutes.value == 20);
    CHECK(spec.summary.value == "Uses each key of the format once.");
    CHECK(spec.seed.value == 42);
    REQUIRE(spec.level);
    CHECK(spec.level->value == Level::advanced);
    CHECK(spec.default_password.value == "pw");

    REQUIRE(spec.domains.size() == 2);
    const auto& d = spec.domains[0];
    CHECK(d.name.value == "example.test");
    CHECK(d.host() == "mail.example.test");
    CHECK(d.pos == SourcePos{10, 1});
    CHECK(d.services.size() == 7);
    CHECK(d.offers(Service::pop3s));
    CHECK(d.services[6].pos == SourcePos{12, 75});
    REQUIRE(d.accounts.size() == 2);
    CHECK(d.accounts[0].address.value == "alice@example.test");
    CHECK(d.accounts[0].password.value == "pw");
    CHECK(d.accounts[1].address.value == "carol@example.test");
    CHECK(d.accounts[1].password.value == "hunter2");
    CHECK(d.certificate_name.value == "wrong.example.test");
    REQUIRE(d.quota_kb);
    CHECK(d.quota_kb->value == 512);
    CHECK(spec.domains[1].certificate_name.value == "mail.remote.test");
    CHECK_FALSE(spec.domains[1].certificate_name.pos.known());
    CHECK(spec.domains[1].accounts[0].address.value == "bob@remote.test");
    CHECK_FALSE(spec.domains[1].offers(Service::imap));

    CHECK(spec.network.isp_blocks_port_25.value);
    CHECK(spec.network.latency_ms.value == 40);
    CHECK(spec.network.bandwidth_kbps.value == 2000);
    CHECK(spec.find_account("carol@example.test") != nullptr);
    CHECK(spec.find_account("dave@example.test") == nullptr);
}

TEST_CASE("devices are read with their incoming and outgoing settings and defaults") {
    const auto spec = load_full();
    REQUIRE(spec.devices.size() == 3);
    const auto& laptop = spec.devices[0];
    CHECK(laptop.id.value == "laptop");
    CHECK(laptop.name.value == "Alice's laptop");
    CHECK(laptop.kind.value == DeviceKind::desktop);
    CHECK(laptop.owner.value == "alice@example.test");
    CHECK(laptop.password.value == "typo");
    REQUIRE(laptop.incoming);
    const auto& in = *laptop.incoming;
    CHECK(in.protocol.value == IncomingProtocol::pop3);
    CHECK(in.host.value == "mail.example.test");
    CHECK(in.port.value == 995);
    CHECK(in.port.pos == SourcePos{33, 68});
    CHECK(in.security.value == Security::ssl_tls);
    CHECK(in.auth.value == AuthMethod::plain);
    CHECK(in.leave_on_server.value);
    REQUIRE(in.remove_after_days);
    CHECK(in.remove_after_days->value == 14);
    CHECK(in.check_interval_minutes.value == 10);
    CHECK_FALSE(in.push.value);
    REQUIRE(laptop.outgoing);
    CHECK(laptop.outgoing->port.value == 465);
    CHECK(laptop.outgoing->auth.value == AuthMethod::login);

    const auto& phone = spec.devices[1];
    CHECK(phone.name.value == "phone");
    CHECK(phone.password.value == "hunter2");  // the account's
    REQUIRE(phone.incoming);
    CHECK(phone.incoming->port.value == 143);  // imap + starttls
    CHECK_FALSE(phone.incoming->port.pos.known());
    CHECK(phone.incoming->auth.value == AuthMethod::password);
    CHECK(phone.incoming->push.value);
    REQUIRE(phone.outgoing);
    CHECK(phone.outgoing->port.value == 587);
    CHECK(phone.outgoing->auth.value == AuthMethod::none);

    const auto& web = spec.devices[2];
    CHECK(web.kind.value == DeviceKind::webmail);
    CHECK(web.password.value == "pw");
    CHECK_FALSE(web.incoming);
    CHECK_FALSE(web.outgoing);
}

TEST_CASE("faults at start and every user action are read") {
    const auto spec = load_full();
    REQUIRE(spec.faults.size() == 2);
    CHECK(std::get<CertificateMismatchFault>(spec.faults[0].body).host.value == "mail.example.test");
    CHECK(std::holds_alternative<BlockPort25Fault>(spec.faults[1].body));
    CHECK(spec.faults[1].pos == SourcePos{51, 1});

    REQUIRE(spec.steps.size() == 3);
    const auto& step = spec.steps[0];
    CHECK(step.title.value == "Everything a user does");
    CHECK(step.say.value == "Narration.");
    REQUIRE(step.question);
    CHECK(step.question->ask.value == "Which?");
    REQUIRE(step.question->choices.size() == 2);
    CHECK(step.question->answer.value == "b");
    CHECK(step.question->explain.value == "Because.");

    REQUIRE(step.actions.size() == 12);
    const auto& send = std::get<SendAction>(step.actions[0].body);
    CHECK(step.actions[0].device.value == "laptop");
    CHECK(step.actions[0].verb == "send");
    CHECK(step.actions[0].pos == SourcePos{61, 7});
    REQUIRE(send.to.size() == 2);
    CHECK(send.to[1].value == "carol@example.test");
    REQUIRE(send.cc.size() == 1);
    CHECK(send.subject.value == "Hi");
    CHECK(send.body.value == "Hello");
    REQUIRE(send.attachment);
    CHECK(send.attachment->size_kb.value == 300);
    CHECK(std::holds_alternative<CheckMailAction>(step.actions[1].body));
    CHECK(std::get<ReadAction>(step.actions[2].body).message.subject->value == "Hi");
    const auto& flag = std::get<FlagAction>(step.actions[3].body);
    CHECK(flag.message.index->value == 2);
    CHECK(flag.message.folder.value == "Archive");
    CHECK(std::get<UnflagAction>(step.actions[4].body).message.folder.value == "INBOX");
    CHECK(std::get<MoveAction>(step.actions[5].body).to.value == "Archive");
    CHECK(std::holds_alternative<DeleteAction>(step.actions[6].body));
    CHECK(std::get<CreateFolderAction>(step.actions[7].body).folder.value == "Archive");
    CHECK(std::holds_alternative<GoOfflineAction>(step.actions[8].body));
    CHECK(std::holds_alternative<GoOnlineAction>(step.actions[9].body));
    CHECK(std::holds_alternative<CrashAction>(step.actions[10].body));
    const auto& change = std::get<ChangeSettingAction>(step.actions[11].body);
    CHECK(change.setting.value == "incoming.port");
    CHECK(std::get<std::int64_t>(change.value.value) == 993);

    CHECK(step.until.kind == UntilKind::time);
    CHECK(step.until.duration_us == 90'000'000);
    CHECK(step.highlight.size() == 6);
    REQUIRE(step.checks.size() == 2);
    CHECK(step.checks[1].text.value == "trace.count(tcp, to_port = 25) > 0");
    CHECK(step.checks[1].expr.root().kind == CheckNodeKind::compare);
}

TEST_CASE("every fault, a condition for until, a single check and the exercise are read") {
    const auto spec = load_full();
    const auto& step = spec.steps[1];
    REQUIRE(step.actions.size() == 13);
    CHECK(std::get<LinkDownFault>(step.actions[0].body).link.value == "laptop-isp");
    CHECK(std::holds_alternative<LinkUpFault>(step.actions[1].body));
    const auto& latency = std::get<LatencyFault>(step.actions[2].body);
    CHECK(latency.link.value == "phone-isp");
    CHECK(latency.ms.value == 300);
    CHECK(std::get<BandwidthFault>(step.actions[3].body).kbps.value == 56);
    CHECK(std::holds_alternative<BlockPort25Fault>(step.actions[4].body));
    CHECK(std::holds_alternative<UnblockPort25Fault>(step.actions[5].body));
    CHECK(std::get<ServerDownFault>(step.actions[6].body).host.value == "mail.remote.test");
    CHECK(std::holds_alternative<ServerUpFault>(step.actions[7].body));
    CHECK(std::holds_alternative<CertificateMismatchFault>(step.actions[8].body));
    CHECK(std::get<WrongPasswordFault>(step.actions[9].body).device.value == "phone");
    CHECK(std::get<OverQuotaFault>(step.actions[10].body).account.value == "alice@example.test");
    CHECK(std::get<WaitFault>(step.actions[11].body).duration_us.value == 300'000'000);
    CHECK(std::get<WaitFault>(step.actions[12].body).duration_us.value == 30'000'000);
    CHECK(step.actions[0].device.value.empty());

    CHECK(step.until.kind == UntilKind::condition);
    REQUIRE(step.until.condition);
    CHECK(step.until.condition->root().kind == CheckNodeKind::all_of);
    REQUIRE(step.checks.size() == 1);
    CHECK(step.checks[0].text.value == "web.inbox.count == 0");

    const auto& last = spec.steps[2];
    CHECK(last.until.kind == UntilKind::idle);
    CHECK_FALSE(last.until.text.pos.known());
    REQUIRE(last.exercise);
    CHECK(last.exercise->device.value == "laptop");
    CHECK(last.exercise->setting.value == "incoming.leave_on_server");
    CHECK(last.exercise->goal.text.value == "phone.inbox.count == 2");
}

TEST_CASE("optional keys take their documented defaults") {
    const char* minimal = R"toml([lesson]
id = "minimal"
title = "Minimal"
minutes = 1
summary = "s"

[[domain]]
name = "example.test"
services = ["imaps"]
users = ["alice"]

[[device]]
id = "phone"
kind = "phone"
owner = "alice@example.test"
incoming = { protocol = "imap", host = "mail.example.test", security = "ssl-tls" }

[[step]]
say = "Hi."
)toml";
    const auto result = load_lesson(minimal, "minimal.toml");
    REQUIRE(result.ok());
    CHECK(result.diagnostics.empty());
    const auto& spec = *result.lesson;
    CHECK(spec.seed.value == 1);
    CHECK_FALSE(spec.level);
    CHECK(spec.default_password.value == "secret");
    CHECK(spec.domains[0].accounts[0].password.value == "secret");
    CHECK(spec.domains[0].certificate_name.value == "mail.example.test");
    CHECK_FALSE(spec.network.isp_blocks_port_25.value);
    CHECK(spec.network.latency_ms.value == 20);
    const auto& in = *spec.devices[0].incoming;
    CHECK(in.port.value == 993);
    CHECK_FALSE(in.leave_on_server.value);
    CHECK(in.check_interval_minutes.value == 0);
    CHECK(spec.steps[0].until.kind == UntilKind::idle);
    CHECK(spec.steps[0].actions.empty());
}

TEST_CASE("a lesson using every key round-trips through write_lesson") {
    const auto original = load_full();
    const auto written = write_lesson(original);
    const auto reloaded = load_lesson(written, "written.toml");
    for (const auto& d : reloaded.diagnostics) UNSCOPED_INFO(format(d));
    UNSCOPED_INFO(written);
    REQUIRE(reloaded.ok());
    CHECK(reloaded.diagnostics.empty());
    CHECK(test::summary(*reloaded.lesson) == test::summary(original));
    auto again = *reloaded.lesson;
    again.file_name = original.file_name;
    CHECK(write_lesson(again) == written);
}
