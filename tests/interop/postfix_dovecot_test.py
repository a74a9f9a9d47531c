# Interop, the other direction: OUR clients against real servers. A private Postfix receives
# mail from our smtp::Client and delivers it to a Maildir; a private Dovecot serves that Maildir
# over POP3 to our pop3::Client, which downloads (byte check), deletes, and finds nothing after.
# Needs root (Postfix runs its daemons as the postfix user) and the postfix/dovecot binaries.
# Usage: postfix_dovecot_test.py PATH/TO/postlab_peer_client
import os
import shutil
import sys
import tempfile

from interop_util import Checks, need_binary, run, skip, wait_until
from mail_servers import MailServers

DOMAIN = "example.test"
MESSAGE = (
    "From: Bob <bob@remote.test>\r\n"
    "To: Alice <alice@example.test>\r\n"
    "Subject: through Postfix and Dovecot\r\n"
    "Message-ID: <interop-1@remote.test>\r\n"
    "\r\n"
    "Hello Alice, this went through a real MTA.\r\n"
    ".a dot-stuffed line both ways\r\n"
    "Bye.\r\n"
)


def peer(client, *args):
    return run([client, *args], timeout=60, check=False)


def fetch(c, client, servers, out_dir):
    return peer(client, "pop3-fetch", "--port", str(servers.pop3_port),
                "--user", f"alice@{DOMAIN}", "--password", "secret", "--out-dir", out_dir)


def scenario(c, client, servers, tmp):
    message_file = os.path.join(tmp, "message.eml")
    with open(message_file, "wb") as f:
        f.write(MESSAGE.encode())
    # As an MTA relays: opportunistic STARTTLS (RFC 3207 §4). This Postfix offers no STARTTLS
    # (smtpd_tls_security_level = none), so the client must go on in plaintext, not give up.
    p = peer(client, "smtp-send", "--port", str(servers.smtp_port), "--from", "bob@remote.test",
             "--to", f"alice@{DOMAIN}", "--file", message_file, "--starttls-if-offered")
    c.equal(p.returncode, 0, "our smtp::Client (opportunistic TLS, none offered) sent through Postfix")
    c.check("event TLS requested" not in p.stdout and "event result: message delivered" in p.stdout,
            "no STARTTLS attempted where none was offered")
    c.check(f"recipient alice@{DOMAIN}: 250" in p.stdout, "Postfix accepted RCPT alice (250)")
    delivered = wait_until(lambda: os.path.isdir(servers.maildir_new("alice")) and
                           len(os.listdir(servers.maildir_new("alice"))) > 0, 20)
    if not c.check(delivered, "Postfix delivered into alice's Maildir"):
        return
    first = os.path.join(tmp, "first")
    os.makedirs(first)
    p = fetch(c, client, servers, first)
    c.equal(p.returncode, 0, "our pop3::Client fetched from Dovecot")
    c.check("downloaded: 1, deleted: 1" in p.stdout, "one message downloaded and deleted")
    path = os.path.join(first, "1.eml")
    data = open(path, "rb").read() if os.path.exists(path) else b""
    c.check(b"Subject: through Postfix and Dovecot\r\n" in data, "Subject arrived byte-exact")
    body = MESSAGE.split("\r\n\r\n", 1)[1].encode()
    c.check(data.endswith(b"\r\n\r\n" + body), "the body arrived byte-exact (dot line un-stuffed)")
    c.check(b"Received: " in data and b"by mx.example.test (Postfix)" in data,
            "Postfix added its Received: header")
    second = os.path.join(tmp, "second")
    os.makedirs(second)
    p = fetch(c, client, servers, second)
    c.equal(p.returncode, 0, "second fetch succeeded")
    c.check("downloaded: 0, deleted: 0" in p.stdout, "second fetch finds nothing (DELE committed)")


def main():
    client = sys.argv[1]
    if os.geteuid() != 0:
        skip("not root: a private Postfix instance needs root to start its daemons")
    need_binary("postfix")
    need_binary("dovecot")
    c = Checks()
    tmp = tempfile.mkdtemp(prefix="postlab-interop-")
    servers = MailServers(os.path.join(tmp, "servers"), DOMAIN, {"alice": "secret"})
    os.makedirs(servers.root)
    os.chmod(tmp, 0o755)  # the postfix and mail users must reach the tree inside
    try:
        # Root and both binaries are here, so a server that does not start is a failure of this
        # harness, not a reason to skip.
        servers.start()
        scenario(c, client, servers, tmp)
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
