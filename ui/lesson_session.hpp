// The lesson the GUI shows (`postlab gui --lesson FILE --goto STEP`, DESIGN.md §4): loads the file
// (diagnostics instead of a crash when it is bad), runs it with a LessonRun, moves between lesson
// steps, reloads when the file changes on disk, and keeps the Mailboxes snapshot taken at the
// current step's start (views, not the world) so the view can mark what the step changed.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/lesson/diagnostic.hpp"
#include "sim/lesson_runner.hpp"
#include "ui/views/mailboxes_model.hpp"
#include "ui/views/settings_model.hpp"

namespace postlab::ui {

struct LessonFile {
    std::string path;
    std::string title;  // the lesson's title, or the file name when it does not load
    bool ok = true;
};

// lessons/pop3-two-devices.toml from the current directory, else from the source tree the
// executable was built from; "" when neither exists.
std::string default_lesson_path();

// The *.toml files in `dir`, sorted by file name, with their titles.
std::vector<LessonFile> list_lessons(const std::filesystem::path& dir);

class LessonSession {
public:
    // Loads `path` and runs lesson steps 1..goto_step (none when 0 or unset). Never throws: a bad
    // file leaves run() empty and diagnostics()/error() filled.
    void open(const std::string& path, std::optional<int> goto_step);

    const std::string& path() const { return m_path; }
    bool loaded() const { return m_run.has_value(); }
    sim::LessonRun* run() { return m_run ? &*m_run : nullptr; }
    const sim::LessonRun* run() const { return m_run ? &*m_run : nullptr; }
    const std::vector<lesson::Diagnostic>& diagnostics() const { return m_diagnostics; }
    const std::string& error() const { return m_error; }  // a load or world-building error
    const std::vector<LessonFile>& lessons() const { return m_lessons; }  // the picker
    std::uint64_t generation() const { return m_generation; }  // bumped when the world is replaced

    // Lesson steps. go_to_step(n): steps 1..n done (0: none), remembering the Mailboxes at the
    // start of step n for the "changed in this step" marks.
    void go_to_step(std::size_t n);
    void next_step();
    void previous_step();
    std::size_t steps_done() const { return m_run ? m_run->steps_done() : 0; }

    // Apply in the settings dialog: every change goes through LessonRun::change_setting (which
    // replays the steps done so far). Empty on success, else the reason; note() says what happened.
    std::string apply_settings(const std::string& device, const std::vector<SettingChange>& changes);
    const std::string& note() const { return m_note; }

    // The settings form of a device as the run currently has it (after earlier changes).
    std::optional<AccountForm> form_for(const std::string& device) const;

    // The Mailboxes at the current step's start; null before step 1 ran.
    const MailboxesSnapshot* step_start_mailboxes() const {
        return m_step_start ? &*m_step_start : nullptr;
    }

    // Once a second at most: reloads when the file's modification time changed. True on reload.
    bool poll_file(std::chrono::steady_clock::time_point now);

private:
    void load(std::size_t steps);
    void replaced();

    std::string m_path;
    std::optional<sim::LessonRun> m_run;
    std::vector<lesson::Diagnostic> m_diagnostics;
    std::string m_error;
    std::string m_note;
    std::vector<LessonFile> m_lessons;
    std::optional<MailboxesSnapshot> m_step_start;
    std::optional<std::filesystem::file_time_type> m_mtime;
    std::chrono::steady_clock::time_point m_last_poll{};
    std::uint64_t m_generation = 0;
    std::size_t m_wanted_steps = 0;  // the step asked for, kept while the file does not load
};

// The Mailboxes view's input from a world: server accounts, then devices.
MailboxesSnapshot mailboxes_of(const sim::World& world);

}  // namespace postlab::ui
