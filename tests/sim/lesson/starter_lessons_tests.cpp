// The starter lessons in lessons/ load without errors or warnings, say what they promise, and
// every check in them round-trips through its canonical text.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "sim/lesson/loader.hpp"
#include "sim/lesson/writer.hpp"
#include "tests/sim/lesson/lesson_summary.hpp"

using namespace postlab::lesson;

namespace {

LessonSpec load_starter(const std::string& name) {
    const auto result = load_lesson_file(std::string(POSTLAB_LESSONS_DIR) + "/" + name);
    for (const auto& d : result.diagnostics) UNSCOPED_INFO(format(d));
    REQUIRE(result.ok());
    CHECK(result.diagnostics.empty());
    return *result.lesson;
}

std::vector<const Check*> all_checks(const LessonSpec& spec) {
    std::vector<const Check*> out;
    for (const auto& step : spec.steps) {
        for (const auto& c : step.checks) out.push_back(&c);
        if (step.exercise) out.push_back(&step.exercise->goal);
    }
    return out;
}

bool has_action(const LessonSpec& spec, std::string_view device, std::string_view verb) {
    for (const auto& step : spec.steps) {
        for (const auto& a : step.actions) {
            if (a.device.value == device && a.verb == verb) return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("starter lessons round-trip through write_lesson and the loader") {
    for (const char* name : {"pop3-two-devices.toml", "imap-two-devices.toml",
                             "smtp-submission-587.toml"}) {
        INFO(name);
        const auto original = load_starter(name);
        const auto written = write_lesson(original);
        const auto reloaded = load_lesson(written, std::string("written-") + name);
        for (const auto& d : reloaded.diagnostics) UNSCOPED_INFO(format(d));
        UNSCOPED_INFO(written);
        REQUIRE(reloaded.ok());
        CHECK(reloaded.diagnostics.empty());
        CHECK(test::summary(*reloaded.lesson) == test::summary(original));
        auto again = *reloaded.lesson;
        again.file_name = original.file_name;
        CHECK(write_lesson(again) == written);
    }
}

TEST_CASE("every check of every starter lesson round-trips through to_text") {
    for (const char* name : {"pop3-two-devices.toml", "imap-two-devices.toml",
                             "smtp-submission-587.toml"}) {
        const auto spec = load_starter(name);
        const auto checks = all_checks(spec);
        CHECK(checks.size() >= 3);
        for (const auto* c : checks) {
            const auto canonical = to_text(c->expr);
            const auto again = parse_check(canonical);
            INFO(name << ": " << c->text.value << " -> " << canonical);
            REQUIRE(again.expr);
            CHECK(to_text(*again.expr) == canonical);
            CHECK(again.expr->nodes.size() == c->expr.nodes.size());
        }
    }
}

TEST_CASE("pop3-two-devices: POP3 without leave-on-server, and the exercise to fix it") {
    const auto spec = load_starter("pop3-two-devices.toml");
    CHECK(spec.id.value == "pop3-two-devices");
    const auto* laptop = spec.find_device("laptop");
    REQUIRE(laptop);
    REQUIRE(laptop->incoming);
    CHECK(laptop->incoming->protocol.value == IncomingProtocol::pop3);
    CHECK(laptop->incoming->port.value == 995);
    CHECK_FALSE(laptop->incoming->leave_on_server.value);
    CHECK(has_action(spec, "laptop", "check_mail"));
    CHECK(has_action(spec, "phone", "check_mail"));
    REQUIRE(spec.steps.back().exercise);
    CHECK(spec.steps.back().exercise->setting.value == "incoming.leave_on_server");
    CHECK(spec.steps[1].question->answer.value == "0");
}

TEST_CASE("imap-two-devices: both devices use IMAP; read, flag and move happen on the laptop") {
    const auto spec = load_starter("imap-two-devices.toml");
    for (const char* id : {"laptop", "phone"}) {
        const auto* d = spec.find_device(id);
        REQUIRE(d);
        REQUIRE(d->incoming);
        CHECK(d->incoming->protocol.value == IncomingProtocol::imap);
        CHECK(d->incoming->port.value == 993);
    }
    CHECK(spec.find_device("phone")->incoming->push.value);
    for (const char* verb : {"read", "flag", "move", "create_folder"}) {
        CHECK(has_action(spec, "laptop", verb));
    }
}

TEST_CASE("smtp-submission-587: 587 STARTTLS, port 25 behind a blocking ISP, no TLS, 465") {
    const auto spec = load_starter("smtp-submission-587.toml");
    CHECK(spec.network.isp_blocks_port_25.value);
    struct Expect {
        const char* id;
        std::int64_t port;
        Security security;
    };
    for (const auto& e : {Expect{"laptop", 587, Security::starttls}, Expect{"old_pc", 25, Security::none},
                          Expect{"tablet", 587, Security::none}, Expect{"phone", 465, Security::ssl_tls}}) {
        const auto* d = spec.find_device(e.id);
        REQUIRE(d);
        REQUIRE(d->outgoing);
        CHECK(d->outgoing->port.value == e.port);
        CHECK(d->outgoing->security.value == e.security);
        CHECK(has_action(spec, e.id, "send"));
    }
    REQUIRE(spec.steps.back().exercise);
    CHECK(spec.steps.back().exercise->device.value == "tablet");
}

TEST_CASE("the complete example in lessons/README.md loads without diagnostics") {
    std::ifstream in(std::string(POSTLAB_LESSONS_DIR) + "/README.md");
    REQUIRE(in);
    const std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto begin = readme.find("```toml\n");
    REQUIRE(begin != std::string::npos);
    const auto end = readme.find("```", begin + 8);
    REQUIRE(end != std::string::npos);
    const auto result = load_lesson(readme.substr(begin + 8, end - begin - 8), "README.md");
    for (const auto& d : result.diagnostics) UNSCOPED_INFO(format(d));
    REQUIRE(result.ok());
    CHECK(result.diagnostics.empty());
    CHECK(result.lesson->steps.size() == 3);
    CHECK(result.lesson->faults.size() == 1);
}
