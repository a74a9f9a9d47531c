# Interop: mbsync (isync, a real IMAP synchronizer) against `postlab serve --imap`: the whole
# account (INBOX, Sent, a created folder) is synced to a local Maildir (files and content
# checked), then local changes go back: a message marked seen by renaming its Maildir file with
# the S flag becomes \Seen on the server (UID STORE), and a message dropped into a local folder's
# new/ is uploaded (APPEND), both checked with imaplib on the server side.
# Usage: serve_mbsync_test.py PATH/TO/postlab
import imaplib
import os
import smtplib
import sys
import tempfile
import textwrap
import time

from interop_util import Checks, need_binary, run, run_against_serve, start_serve

DOMAIN = "example.test"
ALICE = "alice@example.test"


def message(subject, body):
    return (f"From: Bob <bob@remote.test>\r\nTo: Alice <{ALICE}>\r\nSubject: {subject}\r\n"
            f"Message-ID: <{subject.replace(' ', '-')}@remote.test>\r\n\r\n{body}\r\n")


def write_config(tmp, port):
    local = os.path.join(tmp, "mail")
    os.makedirs(local)
    rc = os.path.join(tmp, "mbsyncrc")
    with open(rc, "w") as f:
        f.write(textwrap.dedent(f"""\
            IMAPAccount serve
            Host 127.0.0.1
            Port {port}
            User {ALICE}
            Pass secret
            SSLType None
            AuthMechs LOGIN
            Timeout 20

            IMAPStore serve-remote
            Account serve

            MaildirStore local
            Path {local}/
            Inbox {local}/INBOX
            SubFolders Verbatim

            Channel sync
            Far :serve-remote:
            Near :local:
            Patterns *
            Create Both
            SyncState *
            """))
    return rc, local


def maildir_files(folder):
    """{file name: bytes} of a Maildir folder's new/ and cur/ (LF line ends normalised)."""
    files = {}
    for sub in ("new", "cur"):
        path = os.path.join(folder, sub)
        for name in sorted(os.listdir(path)) if os.path.isdir(path) else []:
            with open(os.path.join(path, name), "rb") as f:
                files[os.path.join(sub, name)] = f.read().replace(b"\r\n", b"\n")
    return files


def mbsync(rc):
    return run(["mbsync", "-c", rc, "-V", "sync"], timeout=60, check=False)


def server_setup(ports):
    with smtplib.SMTP("127.0.0.1", ports["smtp"], timeout=10) as s:
        s.sendmail("bob@remote.test", [ALICE], message("first", "one").encode())
        s.sendmail("bob@remote.test", [ALICE], message("second", "two").encode())
    m = imaplib.IMAP4("127.0.0.1", ports["imap"], timeout=10)
    m.login(ALICE, "secret")
    m.append("Sent", "(\\Seen)", None, message("sent one", "I wrote this").encode())
    m.create("Projects")
    m.append("Projects", None, None, message("project plan", "the plan").encode())
    m.select("INBOX")
    m.store("1", "+FLAGS", "(\\Seen)")  # first is read, second is not
    m.logout()


def first_sync_checks(c, rc, local):
    p = mbsync(rc)
    c.equal(p.returncode, 0, "mbsync: first sync succeeds")
    inbox = maildir_files(os.path.join(local, "INBOX"))
    c.equal(len(inbox), 2, "INBOX: two messages synced")
    by_subject = {next((l for l in d.split(b"\n") if l.startswith(b"Subject:")), b""): (n, d)
                  for n, d in inbox.items()}
    first = by_subject.get(b"Subject: first")
    second = by_subject.get(b"Subject: second")
    c.check(first is not None and first[1].endswith(b"\n\none\n"), "INBOX: 'first' with its body")
    c.check(second is not None and second[1].endswith(b"\n\ntwo\n"),
            "INBOX: 'second' with its body")
    c.check(first is not None and first[0].split(":2,")[-1].count("S") == 1,
            f"'first' is seen locally (S in {first and first[0]})")
    c.check(second is not None and "S" not in second[0].split(":2,")[-1],
            f"'second' is unseen locally ({second and second[0]})")
    sent = maildir_files(os.path.join(local, "Sent"))
    c.check(len(sent) == 1 and list(sent.values())[0].endswith(b"\n\nI wrote this\n"),
            "Sent: the appended message synced")
    projects = maildir_files(os.path.join(local, "Projects"))
    c.check(len(projects) == 1 and b"Subject: project plan" in list(projects.values())[0],
            "Projects (created on the server): synced")
    c.check(os.path.isdir(os.path.join(local, "Trash")) and
            os.path.isdir(os.path.join(local, "Drafts")), "Drafts and Trash created locally")
    return second[0] if second else None


def local_changes(local, unseen_name):
    """Marks 'second' seen by renaming its Maildir file (flag S); drops a message in Projects."""
    inbox = os.path.join(local, "INBOX")
    old = os.path.join(inbox, unseen_name)
    base = os.path.basename(unseen_name).split(":2,")[0]
    flags = os.path.basename(unseen_name).split(":2,")[1] if ":2," in unseen_name else ""
    new_flags = "".join(sorted(flags + "S"))
    os.rename(old, os.path.join(inbox, "cur", f"{base}:2,{new_flags}"))
    name = f"{int(time.time())}.postlab-test.{os.getpid()}"
    with open(os.path.join(local, "Projects", "new", name), "wb") as f:
        f.write(message("local note", "written offline").replace("\r\n", "\n").encode())


def server_checks(c, ports):
    m = imaplib.IMAP4("127.0.0.1", ports["imap"], timeout=10)
    m.login(ALICE, "secret")
    m.select("INBOX", readonly=True)
    c.equal(m.search(None, "UNSEEN"), ("OK", [b""]), "server: nothing unseen in INBOX any more")
    typ, data = m.search(None, "SEEN", "SUBJECT", "second")
    c.equal((typ, data), ("OK", [b"2"]), "server: 'second' is \\Seen (synced from the Maildir)")
    m.select("Projects", readonly=True)
    typ, data = m.search(None, "SUBJECT", '"local note"')
    c.check(typ == "OK" and data[0] != b"", "server: the local message reached Projects")
    number = data[0].split()[-1].decode() if data[0] else "0"
    typ, fetched = m.fetch(number, "(BODY.PEEK[TEXT])")
    c.check(typ == "OK" and isinstance(fetched[0], tuple) and
            fetched[0][1] == b"written offline\r\n", "server: its body arrived (CRLF on the wire)")
    c.equal(m.select("Projects", readonly=True)[1], [b"2"], "server: Projects has 2 messages")
    m.logout()


def main():
    postlab = sys.argv[1]
    need_binary("mbsync")
    c = Checks()
    serve, ports = start_serve(postlab, DOMAIN, [f"{ALICE}:secret"], submission=False,
                               pop3=False, imap=True)

    def body():
        with tempfile.TemporaryDirectory(prefix="postlab-mbsync-") as tmp:
            server_setup(ports)
            rc, local = write_config(tmp, ports["imap"])
            unseen = first_sync_checks(c, rc, local)
            if unseen:
                local_changes(local, unseen)
                p = mbsync(rc)
                c.equal(p.returncode, 0, "mbsync: second sync (local changes up) succeeds")
                server_checks(c, ports)
                p = mbsync(rc)
                c.equal(p.returncode, 0, "mbsync: a third sync with nothing to do succeeds")
                c.equal(len(maildir_files(os.path.join(local, "Projects"))), 2,
                        "Projects: still 2 local messages (no duplicate after the upload)")

    return run_against_serve(c, serve, body)


if __name__ == "__main__":
    sys.exit(main())
