# Interop: curl (libcurl's SMTP and POP3) and swaks against `postlab serve`: mail sent with
# `curl smtp://` and with swaks (plain relay, and AUTH PLAIN / LOGIN on submission), then read
# back with `curl pop3://` (LIST, RETR by number) and checked for content.
# Usage: serve_curl_swaks_test.py PATH/TO/postlab
import os
import subprocess
import sys
import tempfile

from interop_util import Checks, need_binary, run, run_against_serve, start_serve

DOMAIN = "example.test"
ALICE = "alice@example.test"

CURL_MESSAGE = (
    "From: Bob <bob@remote.test>\r\n"
    "To: Alice <alice@example.test>\r\n"
    "Subject: sent with curl\r\n"
    "\r\n"
    "Hello from curl.\r\n"
    ".this line starts with a dot\r\n"
)


def send_all(c, ports, tmp):
    path = os.path.join(tmp, "curl.eml")
    with open(path, "wb") as f:
        f.write(CURL_MESSAGE.encode())
    p = run(["curl", "-sS", "--max-time", "20", f"smtp://127.0.0.1:{ports['smtp']}",
             "--mail-from", "bob@remote.test", "--mail-rcpt", ALICE, "--upload-file", path],
            check=False)
    c.equal(p.returncode, 0, "curl smtp:// upload to alice")
    swaks = ["swaks", "--timeout", "20", "--to", ALICE]
    p = run(swaks + ["--server", f"127.0.0.1:{ports['smtp']}", "--from", "carol@remote.test",
                     "--header", "Subject: swaks plain", "--body", "plain relay body"],
            check=False)
    c.equal(p.returncode, 0, "swaks plain relay to alice")
    for mech in ("PLAIN", "LOGIN"):
        p = run(swaks + ["--server", f"127.0.0.1:{ports['submission']}", "--from", ALICE,
                         "--auth", mech, "--auth-user", ALICE, "--auth-password", "secret",
                         "--header", f"Subject: swaks auth {mech}",
                         "--body", f"submitted with AUTH {mech}"], check=False)
        c.equal(p.returncode, 0, f"swaks --auth {mech} on submission")
        c.check("235 " in p.stdout, f"swaks --auth {mech}: 235 authentication succeeded")
    p = run(swaks + ["--server", f"127.0.0.1:{ports['submission']}", "--from", ALICE,
                     "--auth", "PLAIN", "--auth-user", ALICE, "--auth-password", "nope"],
            check=False)
    c.check(p.returncode != 0 and "535 " in p.stdout, "swaks with a wrong password gets 535")


def read_all(c, ports):
    pop3 = f"pop3://127.0.0.1:{ports['pop3']}"
    user = ["-u", f"{ALICE}:secret"]
    p = run(["curl", "-sS", "--max-time", "20", pop3 + "/", *user], check=False)
    c.equal(p.returncode, 0, "curl pop3:// LIST")
    listing = [line.split() for line in p.stdout.splitlines() if line.strip()]
    c.equal([int(n) for n, _ in listing], [1, 2, 3, 4], "curl pop3:// LIST shows four messages")
    expected = {1: ["Subject: sent with curl", "Hello from curl.",
                    "\n.this line starts with a dot"],
                2: ["Subject: swaks plain", "plain relay body"],
                3: ["Subject: swaks auth PLAIN", "submitted with AUTH PLAIN"],
                4: ["Subject: swaks auth LOGIN", "submitted with AUTH LOGIN"]}
    for n, needles in expected.items():
        # Bytes, not text: universal newlines would hide CR and change the size.
        p = subprocess.run(["curl", "-sS", "--max-time", "20", f"{pop3}/{n}", *user],
                           capture_output=True, timeout=30)
        c.equal(p.returncode, 0, f"curl pop3:// RETR {n}")
        text = p.stdout.decode(errors="replace").replace("\r\n", "\n")
        c.check(text.startswith("Received: "), f"RETR {n} starts with our Received: header")
        for needle in needles:
            c.check(needle in text, f"RETR {n} contains {needle!r}")
        size = next((int(s) for m, s in listing if int(m) == n), -1)
        c.equal(len(p.stdout), size, f"RETR {n} has the size LIST announced")


def main():
    postlab = sys.argv[1]
    need_binary("curl")
    need_binary("swaks")
    c = Checks()
    serve, ports = start_serve(postlab, DOMAIN, [f"{ALICE}:secret"])

    def body():
        with tempfile.TemporaryDirectory(prefix="postlab-curl-") as tmp:
            send_all(c, ports, tmp)
            read_all(c, ports)

    return run_against_serve(c, serve, body)


if __name__ == "__main__":
    sys.exit(main())
