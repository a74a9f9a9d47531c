#!/usr/bin/env python3
"""tshark judges a capture exported from a whole simulated world (sim/pcap_export.hpp).

Usage: sim_world_capture_test.py <sim_world_capture program>. Checks that tshark decodes the
SMTP commands before STARTTLS but never the AUTH after it, the TLS ClientHello's SNI, plaintext
POP3 AUTH PLAIN on 110, and flags the model's retransmissions. Exits 77 (ctest: skipped) when
tshark is missing.
"""
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def tshark(path, *args):
    # -n: no name resolution, so the output does not depend on the machine's DNS.
    result = subprocess.run(["tshark", "-n", "-r", path, *args], capture_output=True, text=True,
                            timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"tshark {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def field_values(path, display_filter, field):
    # Several occurrences in one frame come comma-separated (pipelined SMTP commands).
    out = tshark(path, "-Y", display_filter, "-T", "fields", "-e", field)
    return [value for line in out.splitlines() for value in line.split(",") if value]


def main():
    if shutil.which("tshark") is None:
        print("SKIP: tshark is not installed (scripts/install-deps installs it)")
        return SKIP
    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)
            print(f"FAIL: {message}")

    with tempfile.TemporaryDirectory() as tmp:
        capture = os.path.join(tmp, "world.pcap")
        subprocess.run([sys.argv[1], capture], check=True, timeout=120)
        commands = {c.upper() for c in field_values(capture, "smtp.req", "smtp.req.command")}
        # tshark 4.0 keeps only the first four letters of STARTTLS in smtp.req.command.
        for expected in ("EHLO", "STAR", "MAIL", "RCPT", "DATA", "QUIT"):
            check(expected in commands, f"SMTP command {expected} decoded (got {sorted(commands)})")
        check("AUTH" not in commands, "AUTH stays inside TLS")
        sni = field_values(capture, "tls.handshake.type == 1", "tls.handshake.extensions_server_name")
        check(len(sni) >= 2, f"two ClientHellos (587 after STARTTLS, 995), got {sni}")
        check(all(name == "mail.example.test" for name in sni), f"SNI is mail.example.test: {sni}")
        pop = {c.upper() for c in field_values(capture, "pop.request", "pop.request.command")}
        check({"CAPA", "AUTH", "RETR", "QUIT"} <= pop, f"plaintext POP3 on 110 decoded: {sorted(pop)}")
        # The eavesdropper's lesson: without TLS the AUTH PLAIN credentials are on the wire.
        params = field_values(capture, "pop.request.command == \"AUTH\"", "pop.request.parameter")
        check(any(p.startswith("PLAIN ") for p in params), f"AUTH PLAIN readable on 110: {params}")
        retransmissions = field_values(capture, "tcp.analysis.retransmission", "frame.number")
        check(len(retransmissions) > 0, "tshark sees the model's retransmissions")
        malformed = field_values(capture, "_ws.malformed", "frame.number")
        check(not malformed, f"no malformed frames: {malformed[:10]}")
    if failures:
        return 1
    print("sim world capture: tshark agrees")
    return 0


if __name__ == "__main__":
    sys.exit(main())
