# Interop, the other direction for IMAP: OUR imap::Client (through postlab_peer_client imap-sync)
# against a private Dovecot. Our client syncs the account (RFC 4549 order), then waits in IDLE
# (RFC 2177); a second Dovecot session (imaplib) changes a flag and appends a message, and our
# client must report both; our client's own actions (a keyword set, a MOVE per RFC 6851, an APPEND
# with a date-time, RFC 9051 §6.3.12, whose APPENDUID fills our cache) must reach Dovecot, checked
# with imaplib.
# Needs root (Dovecot switches to the mail user) and dovecot with its imap binary.
# Usage: dovecot_imap_client_test.py PATH/TO/postlab_peer_client
import imaplib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from interop_util import Checks, need_binary, skip, wait_until
from mail_servers import MailServers

DOMAIN = "example.test"
ALICE = f"alice@{DOMAIN}"
IDLE_SECONDS = 8
APPEND_DATE = 1_700_000_000  # 14-Nov-2023 22:13:20 +0000


def message(subject):
    return (f"From: Bob <bob@remote.test>\r\nTo: {ALICE}\r\nSubject: {subject}\r\n\r\n"
            f"Body of {subject}.\r\n").encode()


class Peer:
    """postlab_peer_client imap-sync in the background; its output collected line by line."""

    def __init__(self, client, port, actions):
        cmd = [client, "imap-sync", "--port", str(port), "--user", ALICE, "--password", "secret",
               "--idle-seconds", str(IDLE_SECONDS), "--timeout", "60"]
        for a in actions:
            cmd += ["--action", a]
        print("$ " + " ".join(cmd), flush=True)
        self.lines = []
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, bufsize=1)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern, timeout):
        return wait_until(lambda: any(re.search(pattern, l) for l in self.lines), timeout, 0.05)

    def finish(self, timeout):
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(2)
        return self.proc.returncode


def dovecot_session(servers):
    m = imaplib.IMAP4("127.0.0.1", servers.imap_port, timeout=10)
    m.login(ALICE, "secret")
    return m


def setup(servers):
    m = dovecot_session(servers)
    for subject in ("first", "second", "third"):
        m.append("INBOX", None, None, message(subject))
    m.create("Archive")
    m.logout()


def idle_checks(c, peer, servers):
    m = dovecot_session(servers)
    m.select("INBOX")
    m.uid("STORE", "3", "+FLAGS", "(\\Flagged)")
    t0 = time.monotonic()
    c.check(peer.wait_for(r'^update: message INBOX uid 3 flags \(\\Flagged\)', 5),
            "IDLE: our client reports the flag Dovecot's other session set")
    print(f"  (reported after {time.monotonic() - t0:.2f} s)")
    m.append("INBOX", None, None, message("pushed"))
    c.check(peer.wait_for(r'^update: message INBOX uid 4 flags \(\) size \d+ subject "pushed"', 5),
            "IDLE: our client fetches a message appended meanwhile")
    m.logout()


def server_checks(c, servers):
    m = dovecot_session(servers)
    m.select("INBOX", readonly=True)
    typ, data = m.uid("FETCH", "1:*", "(FLAGS)")
    text = b" ".join(d for d in data if isinstance(d, bytes)).decode()
    print(f"  INBOX on Dovecot: {text}")
    c.check(re.search(r"UID 1 FLAGS \([^)]*\$Important", text) is not None or
            re.search(r"FLAGS \([^)]*\$Important[^)]*\) UID 1\b", text) is not None,
            "Dovecot: our client's keyword $Important on UID 1")
    c.check(not re.search(r"\bUID 2\b", text), "Dovecot: UID 2 left INBOX (our MOVE)")
    m.select("Archive", readonly=True)
    typ, data = m.search(None, "SUBJECT", "second")
    c.check(typ == "OK" and data[0] != b"", "Dovecot: 'second' is in Archive")
    typ, data = m.search(None, "SUBJECT", '"filed with a date"')
    c.check(typ == "OK" and data[0] != b"", "Dovecot: our APPEND is in Archive")
    if typ == "OK" and data[0]:
        typ, fetched = m.fetch(data[0].split()[0], "(INTERNALDATE)")
        text = b" ".join(d for d in fetched if isinstance(d, bytes)).decode()
        print(f"  our APPEND on Dovecot: {text}")
        c.check('INTERNALDATE "14-Nov-2023 22:13:20 +0000"' in text,
                "Dovecot: the internal date is the date-time our APPEND gave")
    m.logout()


def scenario(c, client, servers):
    setup(servers)
    peer = Peer(client, servers.imap_port,
                ["add-flags:INBOX:1:$Important", "move:INBOX:2:Archive",
                 f"append:Archive:{APPEND_DATE}:filed with a date"])
    try:
        c.check(peer.wait_for(r"^synced: 3 fetched, 0 conflicts", 15),
                "our client synced 3 messages")
        for subject in ("first", "second", "third"):
            c.check(any(re.search(rf'^cache: message INBOX uid \d flags .*subject "{subject}"', l)
                        for l in peer.lines), f"cache holds '{subject}'")
        c.check(peer.wait_for(r"^actions: done, 0 conflicts", 15),
                "our client's actions were confirmed by Dovecot")
        c.check(peer.wait_for(r"^update: message Archive uid \d+ .*subject \"second\"", 5),
                "our client's cache shows 'second' in Archive")
        c.check(peer.wait_for(r"^update: message Archive uid \d+ flags \(\\Seen\) .*subject \"filed with a date\"", 5),
                "our client's cache shows its appended message in Archive")
        idle_checks(c, peer, servers)
    finally:
        code = peer.finish(IDLE_SECONDS + 30)
        print("\n".join(peer.lines))
    c.equal(code, 0, "imap-sync exits 0 (logged out cleanly)")
    c.check(any(l == "imap-sync: ok" for l in peer.lines), "imap-sync: ok")
    server_checks(c, servers)


def main():
    client = sys.argv[1]
    if os.geteuid() != 0:
        skip("not root: a private Dovecot instance needs root to switch to the mail user")
    need_binary("dovecot")
    if not os.path.exists("/usr/lib/dovecot/imap"):
        skip("Dovecot's IMAP server is not installed (dovecot-imapd; scripts/install-deps)")
    c = Checks()
    tmp = tempfile.mkdtemp(prefix="postlab-dovecot-imap-")
    servers = MailServers(os.path.join(tmp, "servers"), DOMAIN, {"alice": "secret"}, imap=True)
    os.makedirs(servers.root)
    os.chmod(tmp, 0o755)  # the mail user must reach the tree inside
    try:
        servers.start(postfix=False)
        scenario(c, client, servers)
    except Exception as e:
        c.check(False, f"unexpected exception: {type(e).__name__}: {e}")
    finally:
        servers.stop()
        if c.failures:
            servers.print_logs()
        shutil.rmtree(tmp, ignore_errors=True)
    return c.result()


if __name__ == "__main__":
    sys.exit(main())
