#!/usr/bin/env python3
"""`postlab gui` under Xvfb (Mesa llvmpipe): screenshots judged by png_check, shortcuts sent by
xdotool and confirmed by the log line the GUI prints for each handled shortcut, --bench-frames
output, and the no-display / bad-argument exits. Exit 77 (skip) with the reason when xvfb-run or
xdotool is missing (scripts/install-deps installs them).

usage: gui_xvfb_test.py MODE VARIANT POSTLAB PNG_CHECK
  MODE: screenshot (VARIANT dark|light|presenter), shortcuts, bench, no-display,
        lessons (VARIANT: the build directory, installed with `cmake --install` into a temp dir)
"""
import glob
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
XVFB_SERVER_ARGS = "-screen 0 1600x1000x24"
TIMEOUT_S = 60


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print(f"ok: {message}")


def need(tool):
    if shutil.which(tool) is None:
        print(f"SKIP: {tool} is not installed (scripts/install-deps installs it)")
        sys.exit(SKIP)


def under_xvfb(args):
    return ["xvfb-run", "-a", "-s", XVFB_SERVER_ARGS] + args


def luminance(hex_rgb):
    def linear(c):
        c = c / 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_rgb[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def screenshot(postlab, png_check, directory, name, extra):
    out = os.path.join(directory, f"{name}.png")
    run = subprocess.run(under_xvfb([postlab, "gui", "--screenshot", out, "--size", "1600x900"] + extra),
                         capture_output=True, text=True, timeout=TIMEOUT_S)
    print(run.stdout + run.stderr, end="")
    check(run.returncode == 0, f"{name}: postlab gui --screenshot exits 0")
    match = re.search(r"background #([0-9a-f]{6})", run.stdout)
    check(match is not None, f"{name}: the GUI reports its background colour")
    background = match.group(1)
    judged = subprocess.run([png_check, out, background], capture_output=True, text=True,
                            timeout=TIMEOUT_S)
    print(judged.stdout + judged.stderr, end="")
    check(judged.returncode == 0, f"{name}: the PNG decodes")
    facts = dict(line.split(" ", 1) for line in judged.stdout.splitlines())
    check(facts["size"] == "1600x900", f"{name}: PNG is 1600x900")
    check(int(facts["distinct_colours"]) >= 40, f"{name}: not blank (many distinct colours)")
    check(int(facts["background_pixels"]) >= 5000,
          f"{name}: the theme background #{background} shows between the panels")
    return background, int(facts["first_background_row"])


def test_screenshot(variant, postlab, png_check):
    need("xvfb-run")
    with tempfile.TemporaryDirectory() as directory:
        if variant == "dark":
            background, _ = screenshot(postlab, png_check, directory, "dark", [])
            check(luminance(background) < 0.05, "dark theme background is dark")
        elif variant == "light":
            background, _ = screenshot(postlab, png_check, directory, "light", ["--theme", "light"])
            check(luminance(background) > 0.6, "light theme background is light")
        else:
            normal_bg, normal_top = screenshot(postlab, png_check, directory, "dark", [])
            bg, top = screenshot(postlab, png_check, directory, "presenter", ["--presenter"])
            check(luminance(bg) <= luminance(normal_bg), "presenter background is at least as dark")
            check(bg != normal_bg, "presenter uses the high-contrast variant")
            check(0 < normal_top < top, f"presenter top bar is taller ({top} > {normal_top} px)")


class Gui:
    """A running `postlab gui` whose stdout lines are collected by a thread."""

    def __init__(self, postlab, args):
        self.proc = subprocess.Popen([postlab, "gui"] + args, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            print(f"  gui> {line}", end="")
            self.lines.put(line.rstrip("\n"))

    def expect(self, pattern, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if re.search(pattern, line):
                return line
        fail(f"no line matching {pattern!r} within {timeout}s")


def xdotool(*args):
    run = subprocess.run(["xdotool"] + list(args), capture_output=True, text=True, timeout=TIMEOUT_S)
    if run.returncode != 0:
        fail(f"xdotool {' '.join(args)}: {run.stderr.strip()}")
    return run.stdout.strip()


def press(key):
    # ImGui 1.86 can lose a press and release inside one frame: hold the key across frames.
    xdotool("keydown", key)
    time.sleep(0.1)
    xdotool("keyup", key)


def shortcuts_inner(postlab):
    gui = Gui(postlab, ["--size", "1200x800"])  # opens the default lesson
    gui.expect(r"^postlab gui: ready$")
    window = xdotool("search", "--sync", "--onlyvisible", "--name", "^PostLab").splitlines()[0]
    xdotool("mousemove", "--window", window, "300", "300")
    xdotool("windowfocus", "--sync", window)
    press("space")
    gui.expect(r"key space: play$")
    print("ok: space is handled (the default lesson is loaded, so it plays)")
    press("F11")
    gui.expect(r"key F11: presenter on")
    gui.expect(r"fonts rebuilt at 26px")
    print("ok: F11 turns presenter mode on and the fonts are rebuilt large")
    press("t")
    gui.expect(r"key T: theme light")
    print("ok: T switches the theme")
    press("F11")
    gui.expect(r"key F11: presenter off")
    press("ctrl+q")
    gui.expect(r"key ctrl\+Q: quit")
    check(gui.proc.wait(timeout=15) == 0, "Ctrl+Q quits with exit code 0")

    second = Gui(postlab, ["--size", "800x600", "--lesson", __file__, "--goto", "2"])
    second.expect(r"^postlab gui: ready$")
    title = xdotool("search", "--sync", "--onlyvisible", "--name", "^PostLab")
    name = xdotool("getwindowname", title.splitlines()[0])
    check("gui_xvfb_test.py" in name and "did not load" in name,
          f"a file that is not a lesson is named in the title as not loaded: {name!r}")
    second.proc.send_signal(signal.SIGTERM)
    check(second.proc.wait(timeout=15) == 0, "SIGTERM closes the window with exit code 0")


def test_shortcuts(postlab):
    need("xvfb-run")
    need("xdotool")
    run = subprocess.run(under_xvfb([sys.executable, __file__, "shortcuts-inner", "x", postlab, "x"]),
                         timeout=TIMEOUT_S * 2)
    sys.exit(run.returncode)


def test_bench(postlab):
    need("xvfb-run")
    run = subprocess.run(under_xvfb([postlab, "gui", "--bench-frames", "120", "--size", "1600x900"]),
                         capture_output=True, text=True, timeout=TIMEOUT_S * 2)
    print(run.stdout + run.stderr, end="")
    check(run.returncode == 0, "--bench-frames exits 0")
    check("frames: 120" in run.stdout, "120 frames were measured")
    for label in ("cpu build", "total frame"):
        m = re.search(label + r"[^:]*: p50 ([0-9.]+) ms, p99 ([0-9.]+) ms", run.stdout)
        check(m is not None and 0 < float(m.group(1)) <= float(m.group(2)), f"{label} p50 <= p99")
    m = re.search(r"vertices per frame: p50 (\d+), max (\d+)", run.stdout)
    check(m is not None and 0 < int(m.group(1)) <= int(m.group(2)), "vertices per frame reported")
    # Without --goto the benchmark plays the whole lesson, so the picture changes (packets move,
    # rows are added): the most vertices exceed the median by far (a fixed state varies by a few).
    played = re.search(r"played: the whole lesson \((\d+) steps, (\d+) events\)", run.stdout)
    check(played is not None and int(played.group(1)) > 0 and int(played.group(2)) > 0,
          "the whole lesson was played")
    check(m is not None and int(m.group(2)) > 1.05 * int(m.group(1)), "the picture changed while playing")
    m = re.search(r"time to first frame[^:]*: ([0-9.]+) ms", run.stdout)
    check(m is not None and float(m.group(1)) > 0, "time to first frame reported")


def test_no_display(postlab):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    for args in (["gui"], []):
        run = subprocess.run([postlab] + args, capture_output=True, text=True, env=env,
                             timeout=TIMEOUT_S)
        label = "postlab " + " ".join(args) if args else "postlab (no subcommand)"
        check(run.returncode == 3, f"{label} without a display exits 3")
        check("no display" in run.stderr and "postlab run LESSON" in run.stderr and
              "xvfb-run" in run.stderr, f"{label} says what to do instead")
    run = subprocess.run([postlab, "--help"], capture_output=True, text=True, env=env)
    check(run.returncode == 0 and "gui" in run.stdout, "postlab --help still prints help")
    for bad in (["--size", "10x10"], ["--size", "wide"], ["--theme", "blue"],
                ["--bench-frames", "0"], ["--lesson", "/nonexistent/lesson.toml"]):
        run = subprocess.run([postlab, "gui"] + bad, capture_output=True, text=True, env=env)
        check(run.returncode == 2, f"postlab gui {' '.join(bad)} is a bad argument (exit 2)")


def default_lesson_run(postlab, cwd, env_lessons, directory):
    """`postlab gui --screenshot` without --lesson from `cwd`: the lesson and picker lines."""
    env = {k: v for k, v in os.environ.items() if k != "POSTLAB_LESSONS"}
    if env_lessons is not None:
        env["POSTLAB_LESSONS"] = env_lessons
    out = os.path.join(directory, "default.png")
    run = subprocess.run(under_xvfb([postlab, "gui", "--screenshot", out, "--size", "800x600"]),
                         capture_output=True, text=True, timeout=TIMEOUT_S, cwd=cwd, env=env)
    print(run.stdout + run.stderr, end="")
    check(run.returncode == 0, f"postlab gui from {cwd} exits 0")
    lesson = re.search(r"^postlab gui: lesson (.*): step 0/\d+$", run.stdout, re.M)
    picker = re.search(r"^postlab gui: lesson picker: (\d+) lessons in (.*)$", run.stdout, re.M)
    check(lesson is not None and picker is not None, "the default lesson loads and the picker is filled")
    check(os.path.dirname(lesson.group(1)) == picker.group(2), "the picker lists the lesson's own directory")
    return lesson.group(1), int(picker.group(1))


def test_lessons(build_dir, postlab):
    """The default lesson is found as an installed tool finds it, from a directory without lessons."""
    need("xvfb-run")
    source_lessons = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lessons"))
    count = len(glob.glob(os.path.join(source_lessons, "*.toml")))
    with tempfile.TemporaryDirectory() as tmp:
        cwd = os.path.join(tmp, "elsewhere")
        os.makedirs(cwd)
        # The build tree's executable: no install next to it, so the source tree's lessons.
        lesson, listed = default_lesson_run(postlab, cwd, None, tmp)
        check(lesson == os.path.join(source_lessons, "pop3-two-devices.toml"),
              "the build's executable finds the source tree's lessons from another directory")
        check(listed == count, f"the picker lists the {count} lessons there")
        prefix = os.path.join(tmp, "prefix")
        run = subprocess.run(["cmake", "--install", build_dir, "--prefix", prefix], capture_output=True,
                             text=True, timeout=TIMEOUT_S * 2)
        print(run.stdout + run.stderr, end="")
        check(run.returncode == 0, f"cmake --install {build_dir} --prefix {prefix}")
        installed = os.path.join(prefix, "bin", "postlab")
        share = os.path.join(prefix, "share", "postlab", "lessons")
        lesson, listed = default_lesson_run(installed, cwd, None, tmp)
        check(lesson == os.path.join(share, "pop3-two-devices.toml"),
              "the installed executable finds <prefix>/share/postlab/lessons before the source tree")
        check(listed == count, "all lessons were installed")
        mine = os.path.join(tmp, "mine")
        os.makedirs(mine)
        shutil.copy(os.path.join(source_lessons, "pop3-two-devices.toml"), mine)
        lesson, listed = default_lesson_run(installed, cwd, "../mine", tmp)
        check(lesson == os.path.join(mine, "pop3-two-devices.toml") and listed == 1,
              "$POSTLAB_LESSONS (relative to the current directory) comes first")
        lesson, _ = default_lesson_run(installed, cwd, cwd, tmp)
        check(lesson == os.path.join(share, "pop3-two-devices.toml"),
              "a $POSTLAB_LESSONS without the lesson is passed over")


def main():
    if len(sys.argv) != 5:
        print(__doc__)
        return 2
    mode, variant, postlab, png_check = sys.argv[1:]
    if mode == "screenshot":
        test_screenshot(variant, postlab, png_check)
    elif mode == "shortcuts":
        test_shortcuts(postlab)
    elif mode == "shortcuts-inner":
        shortcuts_inner(postlab)
    elif mode == "bench":
        test_bench(postlab)
    elif mode == "no-display":
        test_no_display(postlab)
    elif mode == "lessons":
        test_lessons(variant, postlab)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
