# Interop: curl (libcurl's IMAP, RFC 5092 URLs) against `postlab serve --imap`: list mailboxes,
# upload a message (APPEND), fetch messages by UID (byte-exact), SEARCH and CREATE/EXAMINE with
# -X custom requests; mail sent with `curl smtp://` read back with `curl imap://`.
# Usage: serve_curl_imap_test.py PATH/TO/postlab
import os
import re
import subprocess
import sys
import tempfile

from interop_util import Checks, need_binary, run, run_against_serve, start_serve

DOMAIN = "example.test"
ALICE = "alice@example.test"

SMTP_MESSAGE = (
    "From: Bob <bob@remote.test>\r\n"
    "To: Alice <alice@example.test>\r\n"
    "Subject: sent with curl smtp\r\n"
    "\r\n"
    "Hello over SMTP, read over IMAP.\r\n"
    ".a dot line\r\n"
)
UPLOAD = (
    "From: Alice <alice@example.test>\r\n"
    "To: Alice <alice@example.test>\r\n"
    "Subject: uploaded with curl imap\r\n"
    "\r\n"
    "An IMAP APPEND by curl.\r\n"
)


def curl(url, *args):
    """curl with a timeout; (exit code, stdout bytes). Bytes: CRs must survive."""
    cmd = ["curl", "-sS", "--max-time", "20", "-u", f"{ALICE}:secret", url, *args]
    print("$ " + " ".join(cmd), flush=True)
    p = subprocess.run(cmd, capture_output=True, timeout=30)
    if p.stderr:
        print(p.stderr.decode(errors="replace").rstrip(), flush=True)
    return p.returncode, p.stdout


def scenario(c, ports, tmp):
    base = f"imap://127.0.0.1:{ports['imap']}"
    path = os.path.join(tmp, "smtp.eml")
    with open(path, "wb") as f:
        f.write(SMTP_MESSAGE.encode())
    p = run(["curl", "-sS", "--max-time", "20", f"smtp://127.0.0.1:{ports['smtp']}",
             "--mail-from", "bob@remote.test", "--mail-rcpt", ALICE, "--upload-file", path],
            check=False)
    c.equal(p.returncode, 0, "curl smtp:// delivered to alice")

    code, out = curl(base + "/")
    text = out.decode(errors="replace")
    print(text)
    c.equal(code, 0, "curl imap:// lists mailboxes")
    for name in ("INBOX", "Sent", "Drafts", "Trash"):
        c.check(re.search(rf'^\* LIST \(.*\) "/" "?{name}"?\r?$', text, re.M) is not None,
                f"LIST shows {name}")

    upload = os.path.join(tmp, "upload.eml")
    with open(upload, "wb") as f:
        f.write(UPLOAD.encode())
    code, _ = curl(base + "/INBOX", "-T", upload)
    c.equal(code, 0, "curl -T uploads into INBOX (APPEND)")

    code, out = curl(base + "/INBOX", "-X", "UID SEARCH UNSEEN")
    # curl APPENDs with the (\Seen) flag; the SMTP mail is new.
    c.equal((code, out.decode().strip()), (0, "* SEARCH 1"), "-X UID SEARCH UNSEEN: the SMTP mail")
    code, out = curl(base + "/INBOX;UID=1")
    c.equal(code, 0, "curl fetches INBOX;UID=1")
    c.check(out.startswith(b"Received: ") and out.endswith(SMTP_MESSAGE.encode()),
            "UID 1 is the SMTP message, byte-exact after our Received: header")
    code, out = curl(base + "/INBOX;UID=2")
    c.equal((code, out), (0, UPLOAD.encode()), "UID 2 is the uploaded message, byte-exact")
    code, out = curl(base + "/INBOX;UID=2/;SECTION=HEADER.FIELDS%20(SUBJECT)")
    c.equal((code, out.strip()), (0, b"Subject: uploaded with curl imap"),
            "SECTION=HEADER.FIELDS (SUBJECT) of UID 2")

    code, out = curl(base + "/INBOX", "-X", 'SEARCH SUBJECT "curl imap"')
    c.equal((code, out.decode().strip()), (0, "* SEARCH 2"), "-X SEARCH SUBJECT finds message 2")
    code, out = curl(base + "/INBOX", "-X", "SEARCH ALL")
    c.equal(out.decode().strip(), "* SEARCH 1 2", "-X SEARCH ALL")
    # curl fetches with BODY[] (not BODY.PEEK[]), which sets \Seen (RFC 9051 §6.4.5).
    code, out = curl(base + "/INBOX", "-X", "SEARCH SEEN")
    c.equal(out.decode().strip(), "* SEARCH 1 2", "-X SEARCH SEEN: both fetched messages")

    code, _ = curl(base + "/", "-X", "CREATE Projects")
    c.equal(code, 0, "-X CREATE Projects")
    code, out = curl(base + "/", "-X", "EXAMINE Projects")
    text = out.decode(errors="replace")
    c.check(code == 0 and "* 0 EXISTS" in text and "UIDVALIDITY" in text,
            "-X EXAMINE Projects: empty, with UIDVALIDITY")
    code, out = curl(base + "/")
    c.check(b'"/" Projects' in out, "the created folder is listed")
    code, out = curl(base + "/INBOX;UID=99")
    c.check(code != 0 or out == b"", "fetching a UID that does not exist returns nothing")


def main():
    postlab = sys.argv[1]
    need_binary("curl")
    c = Checks()
    serve, ports = start_serve(postlab, DOMAIN, [f"{ALICE}:secret"], submission=False,
                               pop3=False, imap=True)

    def body():
        with tempfile.TemporaryDirectory(prefix="postlab-curl-imap-") as tmp:
            scenario(c, ports, tmp)

    return run_against_serve(c, serve, body)


if __name__ == "__main__":
    sys.exit(main())
