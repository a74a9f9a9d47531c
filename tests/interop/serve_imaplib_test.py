# Interop: Python's imaplib (a real, independent IMAP client) against `postlab serve --imap`:
# LOGIN, LIST (RFC 6154 special-use), SELECT, FETCH (FLAGS, BODY.PEEK[], BODY[HEADER.FIELDS],
# BODYSTRUCTURE, ENVELOPE), STORE, SEARCH, APPEND (RFC 4315 APPENDUID), COPY, MOVE (RFC 6851),
# EXPUNGE; IDLE (RFC 2177) over a raw socket woken by another session's changes and by SMTP
# delivery; and one message sent with smtplib read over IMAP and over POP3 from the same account,
# whose POP3 deletion an IMAP session in IDLE sees as EXPUNGE.
# Usage: serve_imaplib_test.py PATH/TO/postlab
import imaplib
import poplib
import re
import smtplib
import socket
import sys
import time

from interop_util import Checks, start_serve

DOMAIN = "example.test"
ALICE = "alice@example.test"

SIMPLE = (
    "From: Bob <bob@remote.test>\r\n"
    "To: Alice <alice@example.test>\r\n"
    "Subject: relay test\r\n"
    "Message-ID: <simple-1@remote.test>\r\n"
    "\r\n"
    "Hello Alice,\r\n"
    ".a dot line\r\n"
    "Bye.\r\n"
)
MULTIPART = (
    "From: Carol <carol@remote.test>\r\n"
    "To: alice@example.test\r\n"
    "Subject: with attachment\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n"
    "\r\n"
    "--XYZ\r\n"
    "Content-Type: text/plain; charset=us-ascii\r\n"
    "\r\n"
    "See attached.\r\n"
    "--XYZ\r\n"
    "Content-Type: application/octet-stream; name=\"a.bin\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "AAECAwQ=\r\n"
    "--XYZ--\r\n"
)
BOTH = (
    "From: Dave <dave@remote.test>\r\n"
    "To: alice@example.test\r\n"
    "Subject: read by both protocols\r\n"
    "\r\n"
    "One copy in the store, seen over IMAP and POP3.\r\n"
)


def send(ports, message):
    with smtplib.SMTP("127.0.0.1", ports["smtp"], timeout=10) as s:
        return s.sendmail("bob@remote.test", [ALICE], message.encode())


def login(ports):
    m = imaplib.IMAP4("127.0.0.1", ports["imap"], timeout=10)
    m.login(ALICE, "secret")
    return m


def fetch_one(m, message_set, items):
    """The (header, literal) of a FETCH with one literal, or (line, None)."""
    typ, data = m.fetch(message_set, items)
    if typ != "OK" or not data or data[0] is None:
        return typ, None
    first = data[0]
    return (first[0].decode(), first[1]) if isinstance(first, tuple) else (first.decode(), None)


def mailbox_checks(c, m):
    typ, boxes = m.list()
    c.equal(typ, "OK", "LIST OK")
    text = b"\n".join(boxes).decode()
    for name in ("INBOX", "Sent", "Drafts", "Trash"):
        c.check(re.search(rf'"/" "?{name}"?$', text, re.M) is not None, f"LIST shows {name}")
    c.check(re.search(r"\\Sent\b.*Sent", text) is not None,
            "LIST marks Sent with \\Sent (RFC 6154)")
    typ, data = m.select("INBOX")
    c.equal((typ, data), ("OK", [b"2"]), "SELECT INBOX: 2 messages")


def fetch_checks(c, m):
    typ, data = m.fetch("1", "(FLAGS)")
    c.check(typ == "OK" and b"\\Seen" not in data[0], f"FETCH FLAGS: new mail is unseen ({data})")
    head, body = fetch_one(m, "1", "(BODY.PEEK[])")
    c.check(body is not None and body.endswith(SIMPLE.encode()), "BODY.PEEK[] is byte-exact")
    c.check(body is not None and body.startswith(b"Received: "), "serve added a Received: header")
    typ, data = m.fetch("1", "(FLAGS)")
    c.check(b"\\Seen" not in data[0], "BODY.PEEK[] left \\Seen alone")
    head, body = fetch_one(m, "1", "(BODY[HEADER.FIELDS (SUBJECT)])")
    c.equal(body, b"Subject: relay test\r\n\r\n", "BODY[HEADER.FIELDS (SUBJECT)]")
    typ, data = m.fetch("1", "(FLAGS)")
    c.check(b"\\Seen" in data[0], "BODY[...] (not PEEK) set \\Seen (RFC 9051 6.4.5)")
    typ, data = m.fetch("2", "(BODYSTRUCTURE)")
    bs = data[0].decode().upper() if typ == "OK" else ""
    c.check('("TEXT" "PLAIN" ("CHARSET" "US-ASCII")' in bs, f"BODYSTRUCTURE text part ({bs})")
    c.check('"APPLICATION" "OCTET-STREAM" ("NAME" "A.BIN")' in bs and '"BASE64"' in bs,
            "BODYSTRUCTURE attachment part")
    c.check('"MIXED" ("BOUNDARY" "XYZ")' in bs, "BODYSTRUCTURE multipart/mixed with its boundary")
    typ, data = m.fetch("1", "(ENVELOPE)")
    env = data[0].decode() if typ == "OK" else ""
    c.check('"relay test"' in env and '"<simple-1@remote.test>"' in env, f"ENVELOPE ({env})")
    c.check('("Bob" NIL "bob" "remote.test")' in env, "ENVELOPE from address")


def store_search_checks(c, m):
    typ, data = m.store("2", "+FLAGS", "(\\Flagged $Work)")
    c.check(typ == "OK" and b"\\Flagged" in data[0] and b"$Work" in data[0],
            f"STORE +FLAGS ({data})")
    c.equal(m.search(None, "FLAGGED"), ("OK", [b"2"]), "SEARCH FLAGGED")
    c.equal(m.search(None, "UNSEEN"), ("OK", [b"2"]), "SEARCH UNSEEN")
    c.equal(m.search(None, "SUBJECT", '"relay"'), ("OK", [b"1"]), "SEARCH SUBJECT")
    c.equal(m.search(None, "FROM", "carol"), ("OK", [b"2"]), "SEARCH FROM")
    c.equal(m.search(None, "KEYWORD", "$Work"), ("OK", [b"2"]), "SEARCH KEYWORD")
    c.equal(m.search(None, "BODY", "attached"), ("OK", [b"2"]), "SEARCH BODY")
    c.equal(m.uid("SEARCH", None, "ALL"), ("OK", [b"1 2"]), "UID SEARCH ALL")


def append_copy_move_checks(c, m):
    draft = "From: alice@example.test\r\nSubject: draft\r\n\r\nunfinished\r\n"
    typ, data = m.append("Drafts", "(\\Draft)", None, draft.encode())
    c.check(typ == "OK" and b"APPENDUID" in data[0], f"APPEND Drafts with APPENDUID ({data})")
    c.equal(m.create("Archive")[0], "OK", "CREATE Archive")
    typ, data = m.copy("1", "Archive")
    c.check(typ == "OK" and b"COPYUID" in data[0], f"COPY 1 Archive ({data})")
    typ, data = m.uid("MOVE", "2", "Trash")
    c.equal(typ, "OK", f"UID MOVE 2 Trash ({data})")
    c.equal(m.select("INBOX")[1], [b"1"], "INBOX has 1 message after MOVE")
    m.store("1", "+FLAGS", "(\\Deleted)")
    typ, data = m.expunge()
    c.equal((typ, data), ("OK", [b"1"]), "EXPUNGE reports message 1")
    c.equal(m.select("INBOX")[1], [b"0"], "INBOX empty after EXPUNGE")
    typ, data = m.status("Archive", "(MESSAGES UIDNEXT)")
    c.check(typ == "OK" and b"MESSAGES 1" in data[0], f"STATUS Archive ({data})")
    m.select("Trash")
    typ, data = m.fetch("1", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    c.check(typ == "OK" and b"\\Flagged" in data[0][0] and b"with attachment" in data[0][1],
            "the moved message kept its flags in Trash")
    m.select("Drafts")
    typ, data = m.fetch("1", "(FLAGS BODY.PEEK[])")
    c.check(typ == "OK" and b"\\Draft" in data[0][0] and data[0][1] == draft.encode(),
            "the appended draft is byte-exact with \\Draft")


class Idler:
    """A raw IMAP session in IDLE (imaplib has no IDLE), reading lines with a deadline."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""
        self.read_line()
        self.command(b"a1 LOGIN alice@example.test secret")
        self.command(b"a2 SELECT INBOX")
        self.sock.sendall(b"a3 IDLE\r\n")
        self.continuation = self.read_line()

    def read_line(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while b"\r\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(4096)
            except socket.timeout:
                return None
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line.decode()

    def command(self, line):
        tag = line.split(b" ")[0].decode()
        self.sock.sendall(line + b"\r\n")
        lines = []
        while (l := self.read_line()) is not None:
            lines.append(l)
            if l.startswith(tag + " "):
                break
        return lines

    def expect(self, pattern, within=1.0):
        """The first line matching `pattern` that arrives within `within` seconds."""
        deadline = time.monotonic() + within
        while (left := deadline - time.monotonic()) > 0:
            line = self.read_line(left)
            if line is None:
                return None
            if re.fullmatch(pattern, line):
                return line
        return None

    def done(self):
        self.sock.sendall(b"DONE\r\n")
        return self.expect(r"a3 OK.*", 5)


def idle_checks(c, ports):
    idler = Idler(ports["imap"])
    c.check((idler.continuation or "").startswith("+ "), "IDLE: continuation")
    other = login(ports)
    other.append("INBOX", None, None, b"Subject: appended\r\n\r\nx\r\n")
    c.check(idler.expect(r"\* 1 EXISTS") is not None,
            "IDLE: APPEND by session 2 -> * 1 EXISTS within 1 s")
    other.select("INBOX")
    other.store("1", "+FLAGS", "(\\Flagged)")
    c.check(idler.expect(r"\* 1 FETCH \(.*FLAGS \(\\Flagged\).*\)") is not None,
            "IDLE: STORE by session 2 -> * 1 FETCH (FLAGS (\\Flagged)) within 1 s")
    send(ports, SIMPLE)
    c.check(idler.expect(r"\* 2 EXISTS") is not None,
            "IDLE: SMTP delivery -> * 2 EXISTS within 1 s")
    other.store("1", "+FLAGS", "(\\Deleted)")
    idler.expect(r"\* 1 FETCH .*", 1.0)
    other.expunge()
    c.check(idler.expect(r"\* 1 EXPUNGE") is not None,
            "IDLE: EXPUNGE by session 2 -> * 1 EXPUNGE within 1 s")
    c.check(idler.done() is not None, "IDLE: DONE -> tagged OK")
    other.logout()
    idler.sock.close()


def both_protocols_check(c, ports):
    send(ports, BOTH)
    m = login(ports)
    m.select("INBOX")
    typ, data = m.search(None, "SUBJECT", '"both protocols"')
    c.check(typ == "OK" and data[0], "IMAP finds the message sent by smtplib")
    number = data[0].split()[-1].decode() if data[0] else "0"
    head, over_imap = fetch_one(m, number, "(BODY.PEEK[])")
    m.logout()
    idler = Idler(ports["imap"])  # watches INBOX while POP3 downloads and deletes
    p = poplib.POP3("127.0.0.1", ports["pop3"], timeout=10)
    p.user(ALICE)
    p.pass_("secret")
    count, _ = p.stat()
    over_pop = None
    for i in range(1, count + 1):
        _, lines, _ = p.retr(i)
        data = b"\r\n".join(lines) + b"\r\n"
        if b"Subject: read by both protocols" in data:
            over_pop = data
            p.dele(i)
    p.quit()
    c.check(over_imap is not None and over_imap.endswith(BOTH.encode()), "IMAP: byte-exact")
    c.equal(over_pop, over_imap, "POP3 RETR returns the same bytes as IMAP BODY[]")
    # RFC 1939 §6: the deletion happens at QUIT; the IMAP session in IDLE learns it at once.
    c.check(idler.expect(rf"\* {number} EXPUNGE") is not None,
            f"IDLE: POP3 DELE + QUIT -> * {number} EXPUNGE within 1 s")
    c.check(idler.done() is not None, "IDLE: DONE after the POP3 deletion")
    idler.sock.close()


def main():
    postlab = sys.argv[1]
    c = Checks()
    serve, ports = start_serve(postlab, DOMAIN, [f"{ALICE}:secret"], submission=False, imap=True)
    try:
        c.equal(send(ports, SIMPLE), {}, "smtplib: simple message accepted")
        c.equal(send(ports, MULTIPART), {}, "smtplib: multipart message accepted")
        m = login(ports)
        mailbox_checks(c, m)
        fetch_checks(c, m)
        store_search_checks(c, m)
        append_copy_move_checks(c, m)
        m.logout()
        bad = imaplib.IMAP4("127.0.0.1", ports["imap"], timeout=10)
        try:
            bad.login(ALICE, "wrong")
            c.check(False, "a wrong password must fail")
        except imaplib.IMAP4.error as e:
            c.check("AUTHENTICATIONFAILED" in str(e) or "NO" in str(e).upper(),
                    f"a wrong password gets NO ({e})")
        bad.shutdown()
        idle_checks(c, ports)
        both_protocols_check(c, ports)
    finally:
        code = serve.stop()
    c.equal(code, 0, "serve exits 0 on SIGTERM")
    print(serve.output() if c.failures else "(serve log omitted)")
    print(f"{c.failures} failure(s)")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
