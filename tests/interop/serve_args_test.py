# `postlab serve` refuses bad arguments with a clear message and exit code 2, never a crash:
# malformed addresses and users, non-loopback addresses without --allow-public, a port in use.
# Usage: serve_args_test.py PATH/TO/postlab
import socket
import subprocess
import sys

from interop_util import Checks, free_port


def serve(postlab, *args):
    p = subprocess.run([postlab, "serve", *args], capture_output=True, text=True, timeout=10)
    print(f"$ postlab serve {' '.join(args)}\n  exit {p.returncode}: {p.stderr.strip()}")
    return p


def main():
    postlab = sys.argv[1]
    c = Checks()
    user = ["--domain", "example.test", "--user", "alice@example.test:secret"]
    cases = [
        (["--smtp", "127.0.0.1"], "ADDRESS:PORT"),
        (["--smtp", "127.0.0.1:99999"], "port"),
        (["--smtp", "mail.example.test:25"], "numeric"),
        (["--pop3", "0.0.0.0:1110"], "loopback"),
        (["--pop3", "192.0.2.1:1110"], "loopback"),
        (["--imap", "0.0.0.0:1143"], "loopback"),
        (["--imap", "127.0.0.1"], "ADDRESS:PORT"),
        ([], "nothing to serve"),
    ]
    for extra, needle in cases:
        p = serve(postlab, *user, *extra)
        c.equal(p.returncode, 2, f"{extra}: exit code 2")
        c.check(needle in p.stderr, f"{extra}: the message mentions {needle!r}")
    port = free_port()
    for bad_user in ("alice", "alice@example.test", "alice@other.test:pw", ":pw"):
        p = serve(postlab, "--domain", "example.test", "--user", bad_user,
                  "--smtp", f"127.0.0.1:{port}")
        c.equal(p.returncode, 2, f"--user {bad_user!r}: exit code 2")
        c.check("--user" in p.stderr, f"--user {bad_user!r}: the message names --user")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        p = serve(postlab, *user, "--smtp", f"127.0.0.1:{taken}")
        c.equal(p.returncode, 2, "port in use: exit code 2")
        c.check("in use" in p.stderr, "port in use: the message says so")
    p = serve(postlab, "--user", "alice@example.test:secret", "--smtp", f"127.0.0.1:{port}")
    c.equal(p.returncode, 2, "missing --domain: exit code 2")
    p = subprocess.run([postlab, "serve", "--help"], capture_output=True, text=True, timeout=10)
    c.equal(p.returncode, 0, "serve --help exits 0")
    c.check("no outbound relay" in p.stdout.lower() and "RFC 8314" in p.stdout,
            "serve --help explains the missing relay and the plaintext setup")
    c.check("--imap" in p.stdout and "IDLE" in p.stdout, "serve --help documents --imap and IDLE")
    p = subprocess.run([postlab, "--help"], capture_output=True, text=True, timeout=10)
    c.check("serve" in p.stdout, "postlab --help lists serve")
    if c.failures:
        print(f"{c.failures} check(s) failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
