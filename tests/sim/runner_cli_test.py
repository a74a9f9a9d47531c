#!/usr/bin/env python3
"""`postlab run` and `postlab export` from the outside (app/run_command, app/export_command).

Usage: runner_cli_test.py <postlab> <lessons dir> <test data dir> <mode>
  exit_codes   a passing lesson exits 0, a failing check 1 (with its explanation), a lesson that
               does not load 2 (file:line:col diagnostics); --quiet prints only check results
  determinism  each lesson run twice with the same seed prints byte-identical text and Markdown
  tshark       each starter lesson's exported pcap is decoded by tshark: TLS handshakes and the
               SMTP relay on port 25 dissected, no malformed packets, no TCP retransmissions
               (only SYNs dropped by an ISP port-25 block are resent) (exit 77 without tshark)
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}")


def postlab(*args):
    return subprocess.run([sys.argv[1], *args], capture_output=True, text=True, timeout=600)


def lessons():
    return sorted(glob.glob(os.path.join(sys.argv[2], "*.toml")))


def exit_codes(data):
    ok = postlab("run", os.path.join(sys.argv[2], "pop3-two-devices.toml"))
    check(ok.returncode == 0, f"pop3-two-devices exits 0 (got {ok.returncode}): {ok.stdout[-400:]}")
    check("PASS  trace.has(pop3, command = 'DELE')" in ok.stdout, "a PASS line per check")
    check("C: DELE 1" in ok.stdout and "(RFC 1939 §5)" in ok.stdout, "the transcript shows DELE and its RFC")
    check("🔒" in ok.stdout, "encrypted lines carry a lock")
    bad = postlab("run", os.path.join(data, "failing-check.toml"))
    check(bad.returncode == 1, f"a failing check exits 1 (got {bad.returncode})")
    check("FAIL  server('bob@example.test').inbox.count == 3" in bad.stdout, "the failing check is named")
    check("server('bob@example.test').inbox.count is 1, expected == 3" in bad.stdout, "and explained")
    check("failing-check: 1/2 checks passed (FAILED)" in bad.stdout, "the summary counts it")
    broken = postlab("run", os.path.join(data, "broken.toml"))
    check(broken.returncode == 2, f"a lesson that does not load exits 2 (got {broken.returncode})")
    check("broken.toml:16:9: error: owner" in broken.stderr,
          f"diagnostics as postlab check prints them: {broken.stderr!r}")
    quiet = postlab("run", "--quiet", os.path.join(data, "failing-check.toml"))
    lines = [line for line in quiet.stdout.splitlines() if line]
    check(quiet.returncode == 1, "--quiet keeps the exit code")
    check(len(lines) == 3 and lines[0].startswith("failing-check step 1: PASS")
          and lines[1].startswith("failing-check step 1: FAIL"), f"--quiet prints only checks: {lines}")


def determinism(_data):
    for lesson in lessons():
        for fmt in ("text", "markdown"):
            a = postlab("run", "--format", fmt, lesson)
            b = postlab("run", "--format", fmt, lesson)
            name = os.path.basename(lesson)
            check(a.returncode == b.returncode, f"{name} {fmt}: same exit code")
            check(a.stdout == b.stdout and len(a.stdout) > 1000, f"{name} {fmt}: byte-identical output")
        c = postlab("run", "--seed", "12345", lesson)
        check(c.stdout != a.stdout, f"{os.path.basename(lesson)}: another seed gives another run")


def tshark(path, *args):
    result = subprocess.run(["tshark", "-n", "-r", path, *args], capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"tshark {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def export_tshark(_data):
    if shutil.which("tshark") is None:
        print("SKIP: tshark is not installed (scripts/install-deps installs it)")
        return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        for lesson in lessons():
            name = os.path.basename(lesson)[:-5]
            pcap = os.path.join(tmp, name + ".pcap")
            md = os.path.join(tmp, name + ".md")
            r = postlab("export", lesson, "--pcap", pcap, "--transcript", md)
            check(r.returncode == 0, f"{name}: export exits 0 ({r.stderr})")
            check(os.path.getsize(pcap) > 1000, f"{name}: pcap written")
            with open(md, encoding="utf-8") as f:
                check(f.read().startswith("# "), f"{name}: Markdown transcript written")
            malformed = tshark(pcap, "-Y", "_ws.malformed")
            check(malformed.strip() == "", f"{name}: no malformed packets: {malformed[:400]}")
            hellos = tshark(pcap, "-Y", "tls.handshake.type == 1", "-T", "fields", "-e", "frame.number")
            check(len(hellos.split()) >= 1, f"{name}: TLS ClientHellos dissected")
            smtp = tshark(pcap, "-Y", "smtp.req.command", "-T", "fields", "-e", "smtp.req.command")
            check("EHLO" in smtp.upper(), f"{name}: SMTP dissected on port 25 ({smtp[:200]!r})")
            # No lesson configures loss: a retransmission would teach something false (RFC 6298
            # §5, RFC 5681 §3.1). The one exception: SYNs to port 25 that an ISP block drops.
            resent = tshark(pcap, "-Y", "tcp.analysis.retransmission && !(tcp.flags.syn == 1 && tcp.dstport == 25)")
            check(resent.strip() == "", f"{name}: no TCP retransmissions: {resent[:400]}")
            with open(lesson, encoding="utf-8") as f:
                blocks_25 = "isp_blocks_port_25 = true" in f.read()
            if not blocks_25:
                syns = tshark(pcap, "-Y", "tcp.analysis.retransmission")
                check(syns.strip() == "", f"{name}: no SYN retransmissions without a port-25 block: {syns[:400]}")
    return 0


def main():
    mode = sys.argv[4]
    data = sys.argv[3]
    result = {"exit_codes": exit_codes, "determinism": determinism, "tshark": export_tshark}[mode](data)
    if result == SKIP:
        return SKIP
    print("ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
