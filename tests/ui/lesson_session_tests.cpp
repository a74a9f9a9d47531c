// Tests of the GUI's lesson wiring (ui/lesson_session.hpp) on the starter lesson: steps, the
// step-start Mailboxes, Apply in the settings dialog replaying the lesson, bad files, the picker.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "sim/world.hpp"
#include "ui/lesson_session.hpp"

using namespace postlab::ui;

namespace {

std::size_t inbox_count(const MailboxesSnapshot& s, const std::string& column) {
    for (const MailboxColumn& c : s.columns) {
        if (c.id != column) continue;
        for (const MailboxFolder& f : c.folders) {
            if (f.name == "INBOX") return f.messages.size();
        }
    }
    FAIL("no INBOX in " << column);
    return 0;
}

}  // namespace

TEST_CASE("the default lesson is found in the source tree", "[ui][lesson_session]") {
    const std::string path = default_lesson_path();
    REQUIRE_FALSE(path.empty());
    CHECK(std::filesystem::path(path).filename() == "pop3-two-devices.toml");
    const auto lessons = list_lessons(std::filesystem::path(path).parent_path());
    REQUIRE(lessons.size() >= 3);
    CHECK(std::is_sorted(lessons.begin(), lessons.end(), [](const LessonFile& a, const LessonFile& b) { return a.path < b.path; }));
    for (const LessonFile& f : lessons) {
        CHECK(f.ok);
        CHECK_FALSE(f.title.empty());
    }
}

TEST_CASE("goto (--goto N) runs the steps and keeps the mailboxes of the step's start", "[ui][lesson_session]") {
    LessonSession session;
    session.open(default_lesson_path(), 2);
    REQUIRE(session.loaded());
    CHECK(session.steps_done() == 2);
    const MailboxesSnapshot now = mailboxes_of(session.run()->control().world());
    CHECK(inbox_count(now, "laptop") == 2);
    CHECK(inbox_count(now, "server:alice@example.test") == 0);
    REQUIRE(session.step_start_mailboxes() != nullptr);
    CHECK(inbox_count(*session.step_start_mailboxes(), "laptop") == 0);
    CHECK(inbox_count(*session.step_start_mailboxes(), "server:alice@example.test") == 2);
    const auto rows = compute_mailbox_rows(now, session.step_start_mailboxes());
    std::size_t changes = 0;
    for (const ColumnRows& c : rows) changes += c.changes;
    CHECK(changes == 4);  // two arrived on the laptop, two left the server
    session.previous_step();
    CHECK(session.steps_done() == 1);
    session.next_step();
    session.next_step();
    CHECK(session.steps_done() == 3);
    session.go_to_step(0);
    CHECK(session.steps_done() == 0);
    CHECK(session.step_start_mailboxes() == nullptr);
}

TEST_CASE("Apply in the settings dialog replays the lesson with the new setting", "[ui][lesson_session]") {
    LessonSession session;
    session.open(default_lesson_path(), 3);
    REQUIRE(session.loaded());
    CHECK(inbox_count(mailboxes_of(session.run()->control().world()), "phone") == 0);
    const auto before = session.form_for("laptop");
    REQUIRE(before);
    AccountForm after = *before;
    after.leave_on_server = true;
    const auto generation = session.generation();
    CHECK(session.apply_settings("laptop", form_changes(*before, after)).empty());
    CHECK(session.note().find("Replayed from step 1") != std::string::npos);
    CHECK(session.generation() > generation);
    CHECK(session.steps_done() == 3);
    CHECK(inbox_count(mailboxes_of(session.run()->control().world()), "phone") == 2);
    CHECK(session.form_for("laptop")->leave_on_server);
    CHECK_FALSE(session.apply_settings("laptop", {{"incoming.port", "not-a-number"}}).empty());
    CHECK_FALSE(session.apply_settings("nobody", {{"incoming.port", "995"}}).empty());
    CHECK(session.loaded());
    CHECK(session.apply_settings("laptop", {}) == "nothing changed");
}

TEST_CASE("a bad lesson file gives diagnostics, not a crash", "[ui][lesson_session]") {
    const auto dir = std::filesystem::temp_directory_path() / "postlab_lesson_session_test";
    std::filesystem::create_directories(dir);
    const auto path = (dir / "bad.toml").string();
    std::ofstream(path) << "[lesson]\nid = \"bad\"\ntitle = \"Bad\"\nminutes = 0\n";
    LessonSession session;
    session.open(path, 2);
    CHECK_FALSE(session.loaded());
    CHECK(session.run() == nullptr);
    CHECK_FALSE(session.diagnostics().empty());
    CHECK(session.error().find("error(s)") != std::string::npos);
    session.next_step();  // harmless without a run
    CHECK(session.steps_done() == 0);
    REQUIRE(session.lessons().size() == 1);
    CHECK_FALSE(session.lessons()[0].ok);
    LessonSession missing;
    missing.open((dir / "missing.toml").string(), std::nullopt);
    CHECK_FALSE(missing.loaded());
    CHECK_FALSE(missing.diagnostics().empty());
    std::filesystem::remove_all(dir);
}
