#!/usr/bin/env python3
"""Runs `postlab check` on each broken lesson in a folder (tests/sim/lesson/bad/*.toml).

Each file starts with `# expect: <first line postlab check prints on stderr>` and may have a
`# args: <extra arguments>` line. The check must exit 1 and its first diagnostic line must be
exactly the expected one. Usage: check_bad_lessons.py POSTLAB BAD_DIR
"""
import pathlib
import subprocess
import sys


def expectations(path):
    expect, args = None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# expect: "):
            expect = line[len("# expect: "):]
        elif line.startswith("# args: "):
            args = line[len("# args: "):].split()
    return expect, args


def main():
    postlab, folder = sys.argv[1], pathlib.Path(sys.argv[2])
    files = sorted(folder.glob("*.toml"))
    if not files:
        print(f"no lesson files in {folder}")
        return 1
    failures = 0
    for path in files:
        expect, args = expectations(path)
        if not expect:
            print(f"FAIL {path.name}: no '# expect: ' line at the top")
            failures += 1
            continue
        run = subprocess.run([postlab, "check", *args, path.name], cwd=folder,
                             capture_output=True, text=True, timeout=30)
        first = run.stderr.splitlines()[0] if run.stderr else ""
        if run.returncode != 1 or first != expect or run.stdout:
            print(f"FAIL {path.name}: exit {run.returncode}\n  expected: {expect}\n"
                  f"  got:      {first}\n  stdout:   {run.stdout.strip()}")
            failures += 1
        else:
            print(f"ok   {path.name}: {first}")
    print(f"{len(files) - failures}/{len(files)} broken lessons rejected as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
