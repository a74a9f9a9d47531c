// LessonSession; see lesson_session.hpp. The step-start Mailboxes come from seeking the run's
// SimControl to the step's start position and back (exact: the World is deterministic), so no
// second World is kept.
#include "ui/lesson_session.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <system_error>

#include "sim/lesson/loader.hpp"

#ifndef POSTLAB_SOURCE_DIR
#define POSTLAB_SOURCE_DIR ""
#endif

namespace postlab::ui {
namespace fs = std::filesystem;
namespace {

constexpr auto k_poll_interval = std::chrono::seconds(1);
constexpr const char* k_default_lesson = "lessons/pop3-two-devices.toml";

std::optional<fs::file_time_type> mtime_of(const std::string& path) {
    std::error_code ec;
    const auto t = fs::last_write_time(path, ec);
    if (ec) return std::nullopt;
    return t;
}

}  // namespace

std::string default_lesson_path() {
    std::error_code ec;
    if (fs::is_regular_file(k_default_lesson, ec)) return k_default_lesson;
    const fs::path in_source = fs::path(POSTLAB_SOURCE_DIR) / k_default_lesson;
    if (std::string_view(POSTLAB_SOURCE_DIR).size() > 0 && fs::is_regular_file(in_source, ec)) {
        return in_source.string();
    }
    return "";
}

std::vector<LessonFile> list_lessons(const fs::path& dir) {
    std::vector<LessonFile> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir.empty() ? fs::path(".") : dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() != ".toml" || !it->is_regular_file(ec)) continue;
        LessonFile file{it->path().string(), it->path().filename().string(), false};
        const auto loaded = lesson::load_lesson_file(file.path);
        if (loaded.ok()) {
            file.title = loaded.lesson->title.value;
            file.ok = true;
        }
        out.push_back(std::move(file));
    }
    std::sort(out.begin(), out.end(), [](const LessonFile& a, const LessonFile& b) { return a.path < b.path; });
    return out;
}

MailboxesSnapshot mailboxes_of(const sim::World& world) {
    MailboxesSnapshot snapshot;
    add_server_columns(snapshot, world.stores());
    add_device_columns(snapshot, world.devices());
    return snapshot;
}

void LessonSession::open(const std::string& path, std::optional<int> goto_step) {
    m_path = path;
    m_note.clear();
    m_lessons = list_lessons(fs::path(path).parent_path());
    load(goto_step ? static_cast<std::size_t>(std::max(0, *goto_step)) : 0);
}

void LessonSession::load(std::size_t steps) {
    m_run.reset();
    m_step_start.reset();
    m_error.clear();
    m_wanted_steps = steps;
    m_mtime = mtime_of(m_path);
    auto loaded = lesson::load_lesson_file(m_path);
    const std::size_t errors = loaded.error_count();
    m_diagnostics = std::move(loaded.diagnostics);
    if (!loaded.ok()) {
        m_error = fmt::format("{} error(s)", errors);
        for (const lesson::Diagnostic& d : m_diagnostics) {
            if (d.severity != lesson::Severity::error) continue;
            m_error += ", the first: " + d.message;
            break;
        }
        replaced();
        return;
    }
    auto created = sim::LessonRun::create(std::move(*loaded.lesson));
    if (auto* error = std::get_if<std::string>(&created)) {
        m_error = *error;
        replaced();
        return;
    }
    m_run.emplace(std::move(std::get<sim::LessonRun>(created)));
    go_to_step(steps);
}

void LessonSession::replaced() { ++m_generation; }

void LessonSession::go_to_step(std::size_t n) {
    m_wanted_steps = n;
    if (!m_run) return;
    n = std::min(n, m_run->step_count());
    m_run->run_to_step(n);
    m_step_start.reset();
    if (n > 0 && m_run->outcomes().size() >= n) {
        sim::SimControl& control = m_run->control();
        const std::uint64_t here = control.position();
        control.seek(m_run->outcomes()[n - 1].start_position);
        m_step_start = mailboxes_of(control.world());
        control.seek(here);
    }
    replaced();
}

void LessonSession::next_step() {
    if (m_run && m_run->steps_done() < m_run->step_count()) go_to_step(m_run->steps_done() + 1);
}

void LessonSession::previous_step() {
    if (m_run && m_run->steps_done() > 0) go_to_step(m_run->steps_done() - 1);
}

std::string LessonSession::apply_settings(const std::string& device, const std::vector<SettingChange>& changes) {
    if (!m_run) return "no lesson is loaded";
    if (changes.empty()) return "nothing changed";
    std::string applied;
    for (const SettingChange& c : changes) {
        if (auto error = m_run->change_setting(device, c.path, c.value); !error.empty()) {
            m_note = fmt::format("{} = {}: {}", c.path, c.value, error);
            go_to_step(m_run->steps_done());
            return m_note;
        }
        applied += fmt::format("{}{} = {}", applied.empty() ? "" : ", ", c.path, c.value);
    }
    go_to_step(m_run->steps_done());
    m_note = m_run->steps_done() > 0
                 ? fmt::format("Replayed from step 1 with the new setting ({}: {}).", device, applied)
                 : fmt::format("New setting ({}: {}); it applies from step 1.", device, applied);
    return "";
}

std::optional<AccountForm> LessonSession::form_for(const std::string& device) const {
    if (!m_run) return std::nullopt;
    const lesson::Device* d = m_run->spec().find_device(device);
    if (d == nullptr) return std::nullopt;
    return form_from_lesson(*d);
}

bool LessonSession::poll_file(std::chrono::steady_clock::time_point now) {
    if (m_path.empty() || now - m_last_poll < k_poll_interval) return false;
    m_last_poll = now;
    const auto t = mtime_of(m_path);
    if (t == m_mtime) return false;
    // A file that failed to load has no steps done: keep the step shown before it broke.
    const std::size_t steps = m_run ? steps_done() : m_wanted_steps;
    m_note = "Reloaded: the lesson file changed on disk.";
    load(steps);
    m_lessons = list_lessons(fs::path(m_path).parent_path());
    return true;
}

}  // namespace postlab::ui
