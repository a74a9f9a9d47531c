"""The topology, sequence, inspector and timeline views under Xvfb (Mesa llvmpipe): screenshots of
the built-in "mail" scene (bench/gui_scenes.hpp) at its parts, judged by png_check's count of
pixels of a colour, compared between parts so the test fails when a view stops drawing what a
part is about: part 2 (the laptop's blocked port 25) adds the fail colour (the ban mark on the
link, the red lost handshake in the ladder); part 1 (submission) shows SMTP-blue packets and
arrows that part 3's POP3-over-TLS frames do not have as much of. Skips (77) without xvfb-run."""
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
TIMEOUT_S = 120
FAIL = "e5534b"   # dark theme: theme.fail
SMTP = "5aa9ff"   # dark theme: SMTP
POP3 = "ffa64d"   # dark theme: POP3


def check(condition, message):
    print(("ok: " if condition else "FAILED: ") + message)
    if not condition:
        sys.exit(1)


def pixels(postlab, png_check, directory, part, colour):
    out = os.path.join(directory, f"part{part}.png")
    if not os.path.exists(out):
        run = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1600x900x24", postlab, "gui", "--demo-world",
                              "mail", "--goto", str(part), "--size", "1600x900", "--screenshot", out],
                             capture_output=True, text=True, timeout=TIMEOUT_S)
        print(run.stdout + run.stderr, end="")
        check(run.returncode == 0, f"part {part}: postlab gui --demo-world mail --screenshot exits 0")
    judged = subprocess.run([png_check, out, colour], capture_output=True, text=True, timeout=TIMEOUT_S)
    check(judged.returncode == 0, f"part {part}: the PNG decodes")
    facts = dict(line.split(" ", 1) for line in judged.stdout.splitlines())
    check(int(facts["distinct_colours"]) >= 40, f"part {part}: not blank")
    return int(facts["background_pixels"])


def main():
    postlab, png_check = sys.argv[1:]
    if shutil.which("xvfb-run") is None:
        print("SKIP: xvfb-run is not installed (scripts/install-deps installs it)")
        return SKIP
    with tempfile.TemporaryDirectory() as directory:
        fail1 = pixels(postlab, png_check, directory, 1, FAIL)
        fail2 = pixels(postlab, png_check, directory, 2, FAIL)
        print(f"fail-colour pixels: part 1 {fail1}, part 2 {fail2}")
        # Since the TCP model keeps RFC 6298's 1 s minimum RTO, one lost SYN (not several) is in
        # view at this point of part 2: measured +36 exact-colour pixels (antialiased lines count
        # little), so the margin is 25.
        check(fail2 >= fail1 + 25, "part 2 (blocked port 25) draws the blocked mark and the lost handshake in red")
        smtp1 = pixels(postlab, png_check, directory, 1, SMTP)
        smtp3 = pixels(postlab, png_check, directory, 3, SMTP)
        print(f"SMTP-blue pixels: part 1 {smtp1}, part 3 {smtp3}")
        check(smtp1 > smtp3 + 50, "part 1 (submission) draws SMTP packets and arrows")
        pop1 = pixels(postlab, png_check, directory, 1, POP3)
        pop3 = pixels(postlab, png_check, directory, 3, POP3)
        print(f"POP3-orange pixels: part 1 {pop1}, part 3 {pop3}")
        check(pop3 > pop1 + 50, "part 3 (POP3 over TLS) draws POP3 packets and arrows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
