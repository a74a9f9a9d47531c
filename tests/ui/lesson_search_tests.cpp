// Where `postlab gui` finds its default lesson (ui/gui_app.hpp): the candidate directories in the
// order an installed tool uses, and the first one holding the lesson, or an error naming them all.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <unistd.h>

#include "ui/gui_app.hpp"

using namespace postlab::ui;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system temp directory, removed at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("postlab-lesson-search-" + std::to_string(::getpid()));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

void touch(const fs::path& file) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << "[lesson]\n";
}

}  // namespace

TEST_CASE("lesson directories: env, installed share, next to the exe, source tree, cwd") {
    const auto dirs = lesson_dir_candidates("/opt/lessons", "/usr/local/bin/postlab", "/src/postlab", "/home/t");
    const std::vector<fs::path> expected{"/opt/lessons", "/usr/local/share/postlab/lessons",
                                         "/usr/local/bin/lessons", "/src/postlab/lessons", "/home/t/lessons"};
    CHECK(dirs == expected);
    // A relative $POSTLAB_LESSONS is relative to the current directory; empty inputs are skipped.
    const auto relative = lesson_dir_candidates("my/lessons", "/x/bin/postlab", "", "/home/t");
    const std::vector<fs::path> expected_relative{"/home/t/my/lessons", "/x/share/postlab/lessons",
                                                  "/x/bin/lessons", "/home/t/lessons"};
    CHECK(relative == expected_relative);
    CHECK(lesson_dir_candidates("", "", "", "/w") == std::vector<fs::path>{"/w/lessons"});
}

TEST_CASE("this process's lesson directories start with $POSTLAB_LESSONS and use /proc/self/exe") {
    ::setenv("POSTLAB_LESSONS", "/somewhere/lessons", 1);
    const auto with_env = lesson_dir_candidates();
    ::unsetenv("POSTLAB_LESSONS");
    const auto without = lesson_dir_candidates();
    REQUIRE(with_env.size() == without.size() + 1);
    CHECK(with_env.front() == "/somewhere/lessons");
    const fs::path exe_dir = fs::read_symlink("/proc/self/exe").parent_path();
    CHECK(without[0] == (exe_dir / "../share/postlab/lessons").lexically_normal());
    CHECK(without[1] == exe_dir / "lessons");
    CHECK(without.back() == fs::current_path() / "lessons");
    // The build's source tree is compiled in and has the default lesson.
    CHECK_FALSE(find_lesson(without).path.empty());
}

TEST_CASE("the first directory holding the lesson wins; none: an error naming every place") {
    TempDir tmp;
    const fs::path empty = tmp.path / "empty", second = tmp.path / "second", third = tmp.path / "third";
    fs::create_directories(empty);
    fs::create_directories(tmp.path / "dir-not-file" / k_default_lesson_file);  // not a file: skipped
    touch(second / k_default_lesson_file);
    touch(third / k_default_lesson_file);
    const auto found = find_lesson({empty, tmp.path / "dir-not-file", tmp.path / "missing", second, third});
    CHECK(found.path == (second / k_default_lesson_file).string());
    CHECK(found.error.empty());
    const auto none = find_lesson({empty, tmp.path / "missing"});
    CHECK(none.path.empty());
    const auto at_empty = none.error.find((empty / k_default_lesson_file).string());
    const auto at_missing = none.error.find((tmp.path / "missing" / k_default_lesson_file).string());
    CHECK(at_empty != std::string::npos);
    CHECK(at_missing != std::string::npos);
    CHECK(at_empty < at_missing);
    CHECK(none.error.find("POSTLAB_LESSONS") != std::string::npos);
    CHECK(find_lesson({second}, "other.toml").path.empty());
}
