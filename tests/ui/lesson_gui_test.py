#!/usr/bin/env python3
"""`postlab gui --lesson` under Xvfb: every lesson in lessons/ opened at every step (screenshots
judged by png_check: size, not blank, the theme background, the ok colour of passing checks, the
fail colour of a failing check and of a lesson that does not load), the keyboard driven by
xdotool (space / right / left / shift+right / shift+left, confirmed by the GUI's log lines) and
the reload when the lesson file changes on disk. Exit 77 (skip) when xvfb-run/xdotool is missing.

usage: lesson_gui_test.py MODE POSTLAB PNG_CHECK LESSONS_DIR
  MODE: smoke | keys | reload
"""
import glob
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gui_xvfb_test as gx  # noqa: E402  (shared helpers: check, fail, Gui, press, xdotool)

check = gx.check
TIMEOUT_S = gx.TIMEOUT_S


def colour_pixels(png_check, png, hex_rgb):
    """How many pixels of the PNG have exactly this colour (png_check's background count)."""
    run = subprocess.run([png_check, png, hex_rgb], capture_output=True, text=True, timeout=TIMEOUT_S)
    check(run.returncode == 0, f"{os.path.basename(png)}: the PNG decodes")
    facts = dict(line.split(" ", 1) for line in run.stdout.splitlines())
    return facts, int(facts["background_pixels"])


def shoot(postlab, png_check, out, lesson, goto):
    args = [postlab, "gui", "--screenshot", out, "--size", "1600x900", "--lesson", lesson]
    if goto is not None:
        args += ["--goto", str(goto)]
    run = subprocess.run(gx.under_xvfb(args), capture_output=True, text=True, timeout=TIMEOUT_S)
    print(run.stdout + run.stderr, end="")
    check(run.returncode == 0, f"{os.path.basename(out)}: postlab gui --screenshot exits 0")
    colours = dict(re.findall(r"(ok|fail|warn|accent|background) #([0-9a-f]{6})", run.stdout))
    check(len(colours) == 5, f"{os.path.basename(out)}: the GUI reports its colours")
    facts, background = colour_pixels(png_check, out, colours["background"])
    check(facts["size"] == "1600x900", f"{os.path.basename(out)}: PNG is 1600x900")
    check(int(facts["distinct_colours"]) >= 40, f"{os.path.basename(out)}: not blank")
    check(background >= 5000, f"{os.path.basename(out)}: the theme background shows between panels")
    return run.stdout, colours


def test_smoke(postlab, png_check, lessons_dir):
    gx.need("xvfb-run")
    lessons = sorted(glob.glob(os.path.join(lessons_dir, "*.toml")))
    check(len(lessons) >= 3, f"{len(lessons)} lessons in {lessons_dir}")
    with tempfile.TemporaryDirectory() as tmp:
        for lesson in lessons:
            name = os.path.splitext(os.path.basename(lesson))[0]
            first = os.path.join(tmp, f"{name}-0.png")
            log, colours = shoot(postlab, png_check, first, lesson, 0)
            m = re.search(r"step 0/(\d+)", log)
            check(m is not None, f"{name}: loads (step 0/N in the log)")
            _, ok_before = colour_pixels(png_check, first, colours["ok"])
            for step in range(1, int(m.group(1)) + 1):
                out = os.path.join(tmp, f"{name}-{step}.png")
                log, colours = shoot(postlab, png_check, out, lesson, step)
                check(f"step {step}/{m.group(1)}" in log, f"{name}: --goto {step} runs steps 1..{step}")
                _, ok = colour_pixels(png_check, out, colours["ok"])
                check(ok >= ok_before + 10,
                      f"{name} step {step}: passing checks are drawn in the ok colour ({ok} px, {ok_before} before step 1)")
        failing_check(postlab, png_check, lessons_dir, tmp)
        bad_lesson(postlab, png_check, tmp)


def failing_check(postlab, png_check, lessons_dir, tmp):
    """The same lesson with one check made false: the fail colour appears where it did not."""
    source = os.path.join(lessons_dir, "pop3-two-devices.toml")
    text = open(source, encoding="utf-8").read()
    broken = text.replace("check = [\"laptop.folder('INBOX').count == 2\"",
                          "check = [\"laptop.folder('INBOX').count == 5\"", 1)
    check(broken != text, "made a failing variant of pop3-two-devices.toml")
    path = os.path.join(tmp, "failing.toml")
    open(path, "w", encoding="utf-8").write(broken)
    good_png, bad_png = os.path.join(tmp, "good-2.png"), os.path.join(tmp, "failing-2.png")
    _, colours = shoot(postlab, png_check, good_png, source, 2)
    shoot(postlab, png_check, bad_png, path, 2)
    _, fail_good = colour_pixels(png_check, good_png, colours["fail"])
    _, fail_bad = colour_pixels(png_check, bad_png, colours["fail"])
    check(fail_bad >= fail_good + 20,
          f"a failing check is drawn in the fail colour ({fail_bad} px vs {fail_good} px when passing)")


def bad_lesson(postlab, png_check, tmp):
    path = os.path.join(tmp, "bad.toml")
    open(path, "w", encoding="utf-8").write('[lesson]\nid = "bad"\ntitle = "Bad"\nminutes = 0\n')
    out = os.path.join(tmp, "bad.png")
    log, colours = shoot(postlab, png_check, out, path, 1)
    check("did not load" in log, "a bad lesson is reported, not fatal")
    _, fail = colour_pixels(png_check, out, colours["fail"])
    check(fail >= 20, f"its diagnostics are drawn in the fail colour ({fail} px)")


def focus(gui):
    gui.expect(r"^postlab gui: ready$")
    window = gx.xdotool("search", "--sync", "--onlyvisible", "--name", "^PostLab").splitlines()[0]
    gx.xdotool("mousemove", "--window", window, "600", "300")
    gx.xdotool("windowfocus", "--sync", window)


def keys_inner(postlab, lessons_dir):
    lesson = os.path.join(lessons_dir, "pop3-two-devices.toml")
    gui = gx.Gui(postlab, ["--size", "1200x800", "--lesson", lesson])
    gui.expect(r"lesson .*pop3-two-devices.toml: step 0/\d+")
    focus(gui)
    gx.press("shift+Right")
    gui.expect(r"key shift\+right: lesson step forward")
    gui.expect(r"pop3-two-devices.toml: step 1/\d+")
    gx.press("shift+Right")
    gui.expect(r"pop3-two-devices.toml: step 2/\d+")
    print("ok: shift+right runs the next lesson step")
    gx.press("shift+Left")
    gui.expect(r"key shift\+left: lesson step backward")
    gui.expect(r"pop3-two-devices.toml: step 1/\d+")
    print("ok: shift+left goes back one lesson step")
    gx.press("Left")
    gui.expect(r"key left: step backward$")
    gx.press("Right")
    gui.expect(r"key right: step forward$")
    print("ok: left / right step the simulation")
    gx.press("space")
    gui.expect(r"key space: play$")
    gx.press("space")
    gui.expect(r"key space: pause$")
    print("ok: space plays and pauses")
    gui.proc.send_signal(signal.SIGTERM)
    check(gui.proc.wait(timeout=15) == 0, "SIGTERM closes the window with exit code 0")


def reload_inner(postlab, lessons_dir):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "lesson.toml")
        text = open(os.path.join(lessons_dir, "imap-two-devices.toml"), encoding="utf-8").read()
        open(path, "w", encoding="utf-8").write(text)
        gui = gx.Gui(postlab, ["--size", "1200x800", "--lesson", path, "--goto", "1"])
        gui.expect(r"lesson .*lesson.toml: step 1/\d+")
        gui.expect(r"^postlab gui: ready$")
        time.sleep(1.2)  # a new modification time, whatever the file system's resolution
        open(path, "w", encoding="utf-8").write(text.replace("[[step]]", "[[step]]\n", 1))
        os.utime(path, None)
        gui.expect(r"reloaded lesson .*lesson.toml: step 1/\d+", timeout=10)
        print("ok: a changed lesson file is reloaded at the same step")
        time.sleep(1.2)
        open(path, "w", encoding="utf-8").write(text.replace("[lesson]", "[lesson]\nbogus_key = 1", 1))
        gui.expect(r"reloaded lesson .*lesson.toml did not load", timeout=10)
        print("ok: a broken edit is reported and the GUI keeps running")
        time.sleep(1.2)
        open(path, "w", encoding="utf-8").write(text)
        gui.expect(r"reloaded lesson .*lesson.toml: step 1/\d+", timeout=10)
        print("ok: fixing the file brings the lesson back")
        gui.proc.send_signal(signal.SIGTERM)
        check(gui.proc.wait(timeout=15) == 0, "SIGTERM closes the window with exit code 0")


def run_inner(mode, postlab, png_check, lessons_dir):
    gx.need("xvfb-run")
    gx.need("xdotool")
    run = subprocess.run(gx.under_xvfb([sys.executable, __file__, mode + "-inner", postlab, png_check, lessons_dir]),
                         timeout=TIMEOUT_S * 2)
    sys.exit(run.returncode)


def main():
    if len(sys.argv) != 5:
        print(__doc__)
        return 2
    mode, postlab, png_check, lessons_dir = sys.argv[1:]
    if mode == "smoke":
        test_smoke(postlab, png_check, lessons_dir)
    elif mode in ("keys", "reload"):
        run_inner(mode, postlab, png_check, lessons_dir)
    elif mode == "keys-inner":
        keys_inner(postlab, lessons_dir)
    elif mode == "reload-inner":
        reload_inner(postlab, lessons_dir)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
