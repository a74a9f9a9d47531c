#!/usr/bin/env python3
"""`postlab gui --lesson` under Xvfb: every lesson in lessons/ opened at every step (screenshots
judged by png_check: size, not blank, the theme background, the ok colour of passing checks, the
fail colour of a failing check and of a lesson that does not load), the keyboard driven by
xdotool (space / right / left / shift+right / shift+left, confirmed by the GUI's log lines) and
the reload when the lesson file changes on disk, and a click on a trace check showing its message
(read back from the X server's screen). Exit 77 (skip) when xvfb-run/xdotool is missing.

usage: lesson_gui_test.py MODE POSTLAB PNG_CHECK LESSONS_DIR
  MODE: smoke | keys | reload | click
"""
import ctypes
import ctypes.util
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


class XImage(ctypes.Structure):  # Xlib's XImage, up to the fields read here
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_ubyte)), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int)]


def libx11():
    name = ctypes.util.find_library("X11")
    if name is None:
        print("SKIP: libX11 not found (the GUI's GLFW needs it too)")
        sys.exit(gx.SKIP)
    x11 = ctypes.CDLL(name)
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XGetImage.restype = ctypes.POINTER(XImage)
    x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
                              ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
    x11.XDestroyImage.argtypes = [ctypes.POINTER(XImage)]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    return x11


def grab_screen(x11, x, y, width, height):
    """The screen's pixels in a rectangle as rows of 0xRRGGBB (Xvfb's 24-bit visual: 32 bits per pixel)."""
    display = x11.XOpenDisplay(None)
    check(display is not None, "the test opens the X display")
    image = x11.XGetImage(display, x11.XDefaultRootWindow(display), x, y, width, height, 0xFFFFFFFF, 2)  # ZPixmap
    check(bool(image) and image.contents.bits_per_pixel == 32, "XGetImage reads the screen at 32 bits per pixel")
    stride = image.contents.bytes_per_line
    raw = ctypes.string_at(image.contents.data, stride * height)
    x11.XDestroyImage(image)
    x11.XCloseDisplay(display)
    return [[int.from_bytes(raw[r * stride + 4 * c:r * stride + 4 * c + 3], "little") for c in range(width)]
            for r in range(height)]


def check_rows(shot, ok_rgb):
    """The y of each check's status mark: runs of rows with pixels of the ok colour at the panel's left edge."""
    rows = [y for y in range(len(shot)) if any(p == ok_rgb for p in shot[y][:40])]
    runs = []
    for y in rows:
        if runs and y - runs[-1][-1] <= 2:
            runs[-1].append(y)
        else:
            runs.append([y])
    return [(r[0] + r[-1]) // 2 for r in runs]


def inspector_first_line_grey(shot):
    """The brightest grey level of the Inspector's first line under its title strip: its heading
    "Latest message (...)" is drawn in the dim text colour, a selected entry's summary in the text
    colour. The Inspector is the bottom-right panel."""
    height, width = len(shot), len(shot[0])
    lines = []
    for y in range(int(height * 0.6), height):
        level = max((((p >> 16) + ((p >> 8) & 255) + (p & 255)) // 3) for p in shot[y][int(width * 0.76):width - 8])
        if level < 0x60:
            continue
        if lines and y - lines[-1][1] <= 1:
            lines[-1][1], lines[-1][2] = y, max(lines[-1][2], level)
        else:
            lines.append([y, y, level])
    check(len(lines) >= 2, "the Inspector shows a title and a first line")
    return lines[1][2]


def click_at(window, x, y):
    gx.xdotool("mousemove", "--window", window, str(x), str(y))
    time.sleep(0.3)
    gx.xdotool("click", "1")
    time.sleep(0.3)
    gx.xdotool("mousemove", "--window", window, "800", "520")  # off the panels' items: no tooltip
    time.sleep(0.8)  # the GUI draws a few frames after input


def click_inner(postlab, lessons_dir):
    """pop3-leave-on-server step 5: the checks are trace.has DELE, trace.count DELE, trace.has QUIT,
    then two mailbox checks. Clicking a mailbox check changes nothing; clicking trace.has DELE
    selects its message: the Inspector's heading "Latest message" gives way to the message, and
    the row shows the selection."""
    x11 = libx11()
    lesson = os.path.join(lessons_dir, "pop3-leave-on-server.toml")
    gui = gx.Gui(postlab, ["--size", "1600x900", "--lesson", lesson, "--goto", "5"])
    gui.expect(r"pop3-leave-on-server.toml: step 5/\d+")
    focus(gui)
    window = gx.xdotool("search", "--sync", "--onlyvisible", "--name", "^PostLab").splitlines()[0]
    geometry = dict(re.findall(r"(\w+)=(\d+)", gx.xdotool("getwindowgeometry", "--shell", window)))
    origin = (int(geometry["X"]), int(geometry["Y"]))
    grab = lambda: grab_screen(x11, origin[0], origin[1], 1600, 900)  # noqa: E731
    time.sleep(0.8)
    shot = grab()
    rows = check_rows(shot, 0x4CC27A)  # dark theme: theme.ok
    check(len(rows) == 5, f"five passing checks drawn at step 5 (status marks at y = {rows})")
    row_bg = lambda s, y: s[y][330]  # noqa: E731  (right of the text, inside the row)
    check(inspector_first_line_grey(shot) < 0xC0, "before any click the Inspector follows the latest message (dim heading)")

    click_at(window, 120, rows[4])
    after_plain = grab()
    check(inspector_first_line_grey(after_plain) < 0xC0, "clicking a mailbox check selects nothing")
    check(row_bg(after_plain, rows[4]) == row_bg(shot, rows[4]), "the mailbox check's row is not highlighted")

    click_at(window, 120, rows[0])
    after = grab()
    check(inspector_first_line_grey(after) >= 0xC0,
          "clicking trace.has(pop3, command = 'DELE') shows its message in the Inspector (no 'Latest message' heading)")
    check(row_bg(after, rows[0]) != row_bg(shot, rows[0]), "the clicked check's row shows the selection")
    check(row_bg(after, rows[3]) == row_bg(shot, rows[3]), "a mailbox check's row does not")
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
    elif mode in ("keys", "reload", "click"):
        run_inner(mode, postlab, png_check, lessons_dir)
    elif mode == "keys-inner":
        keys_inner(postlab, lessons_dir)
    elif mode == "reload-inner":
        reload_inner(postlab, lessons_dir)
    elif mode == "click-inner":
        click_inner(postlab, lessons_dir)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
