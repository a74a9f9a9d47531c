# Interop: Python's smtplib and poplib (real, independent client implementations) against
# `postlab serve`: relay and submission (AUTH) delivery, the open-relay refusal (RFC 5321 §3.6.1,
# 554), and POP3 STAT/LIST/UIDL/RETR (byte-exact, with a dot-stuffed line)/DELE/QUIT and the
# maildrop lock (RFC 1939 §8, RFC 2449 [IN-USE]).
# Usage: serve_python_test.py PATH/TO/postlab
import poplib
import smtplib
import socket
import sys

from interop_util import Checks, start_serve

DOMAIN = "example.test"
ALICE = "alice@example.test"

MESSAGE_1 = (
    "From: Bob <bob@remote.test>\r\n"
    "To: Alice <alice@example.test>\r\n"
    "Subject: relay test\r\n"
    "\r\n"
    "Hello Alice,\r\n"
    ".a line that starts with a dot (RFC 5321 4.5.2 dot-stuffing)\r\n"
    "..and one with two dots\r\n"
    ".\r\n"  # a lone dot inside the body: must not end DATA
    "Bye.\r\n"
)
MESSAGE_2 = (
    "From: Alice <alice@example.test>\r\n"
    "To: Alice <alice@example.test>\r\n"
    "Subject: submission test\r\n"
    "\r\n"
    "Sent through submission after AUTH.\r\n"
)


def smtp_checks(c, ports):
    # 1. Plain relay to a local user, unauthenticated: allowed (port 25 role).
    with smtplib.SMTP("127.0.0.1", ports["smtp"], timeout=10) as s:
        code, _ = s.ehlo("client.remote.test")
        c.equal(code, 250, "relay: EHLO 250")
        refused = s.sendmail("bob@remote.test", [ALICE], MESSAGE_1.encode())
        c.equal(refused, {}, "relay: message to alice accepted")
    # 2. Open-relay attempt: a foreign recipient without AUTH must be refused with 554.
    with smtplib.SMTP("127.0.0.1", ports["smtp"], timeout=10) as s:
        s.ehlo("client.remote.test")
        try:
            s.sendmail("spammer@remote.test", ["bob@remote.test"], b"Subject: spam\r\n\r\nx\r\n")
            c.check(False, "open relay: sendmail to bob@remote.test must be refused")
        except smtplib.SMTPRecipientsRefused as e:
            code = e.recipients["bob@remote.test"][0]
            c.equal(code, 554, "open relay: RCPT to bob@remote.test refused with 554")
    # 3. Submission: MAIL without AUTH is refused (RFC 6409 §4.3), then login() and send.
    with smtplib.SMTP("127.0.0.1", ports["submission"], timeout=10) as s:
        s.ehlo("laptop.example.test")
        c.check(s.has_extn("auth"), "submission: EHLO offers AUTH")
        code, _ = s.mail(ALICE)
        c.equal(code, 530, "submission: MAIL before AUTH gets 530")
        try:
            s.login(ALICE, "wrong")
            c.check(False, "submission: wrong password must fail")
        except smtplib.SMTPAuthenticationError as e:
            c.equal(e.smtp_code, 535, "submission: wrong password gets 535")
        code, _ = s.login(ALICE, "secret")
        c.equal(code, 235, "submission: login() succeeds with 235")
        refused = s.sendmail(ALICE, [ALICE, "bob@remote.test"], MESSAGE_2.encode())
        c.equal(refused, {}, "submission: alice and (authenticated) bob@remote.test accepted")


def raw_violation_check(c, ports):
    """A bare LF command line (RFC 5321 §2.3.8) is refused and logged as a violation."""
    with socket.create_connection(("127.0.0.1", ports["smtp"]), timeout=10) as s:
        f = s.makefile("rb")
        c.check(f.readline().startswith(b"220"), "raw: greeting 220")
        s.sendall(b"NOOP\n")
        c.check(f.readline()[:3] == b"500", "raw: a bare-LF command line gets 500")
        s.sendall(b"QUIT\r\n")
        c.check(f.readline().startswith(b"221"), "raw: QUIT still works after it")


def retr_bytes(p, n):
    _, lines, octets = p.retr(n)
    data = b"\r\n".join(lines) + b"\r\n"
    return data, octets


def pop3_checks(c, ports):
    p = poplib.POP3("127.0.0.1", ports["pop3"], timeout=10)
    c.check(p.getwelcome().startswith(b"+OK"), "pop3: greeting +OK")
    p.user(ALICE)
    p.pass_("secret")
    count, total = p.stat()
    c.equal(count, 2, "pop3: STAT shows the two messages delivered to alice")
    _, listing, _ = p.list()
    sizes = [int(line.split()[1]) for line in listing]
    c.equal(len(sizes), 2, "pop3: LIST has two entries")
    c.equal(sum(sizes), total, "pop3: LIST sizes add up to STAT")
    _, uidls, _ = p.uidl()
    ids = [line.split()[1] for line in uidls]
    c.check(len(ids) == 2 and len(set(ids)) == 2, f"pop3: UIDL gives two unique ids {ids}")
    first, octets = retr_bytes(p, 1)
    c.check(first.startswith(b"Received: "), "pop3: RETR 1 starts with our Received: header")
    c.check(first.endswith(MESSAGE_1.encode()), "pop3: RETR 1 ends with the exact bytes sent "
            "(dot lines un-stuffed, lone '.' line kept)")
    c.equal(len(first), sizes[0], "pop3: RETR 1 length equals its LIST size")
    second, _ = retr_bytes(p, 2)
    c.check(second.endswith(MESSAGE_2.encode()), "pop3: RETR 2 is the submitted message")

    # A second session while the first holds the maildrop lock (RFC 1939 §8, RFC 2449 §8.1.1).
    q = poplib.POP3("127.0.0.1", ports["pop3"], timeout=10)
    q.user(ALICE)
    try:
        q.pass_("secret")
        c.check(False, "pop3: a second session must not get the locked maildrop")
    except poplib.error_proto as e:
        c.check(b"[IN-USE]" in e.args[0], f"pop3: second session gets [IN-USE]: {e.args[0]!r}")
    q.close()

    p.dele(1)
    resp = p.quit()
    c.check(resp.startswith(b"+OK"), "pop3: QUIT +OK commits the deletion")

    r = poplib.POP3("127.0.0.1", ports["pop3"], timeout=10)
    r.user(ALICE)
    r.pass_("secret")
    count, _ = r.stat()
    c.equal(count, 1, "pop3: after DELE 1 + QUIT one message is left")
    left, _ = retr_bytes(r, 1)
    c.check(left.endswith(MESSAGE_2.encode()), "pop3: the one left is the submitted message")
    r.quit()


def main():
    postlab = sys.argv[1]
    c = Checks()
    serve, ports = start_serve(postlab, DOMAIN, [f"{ALICE}:secret"])
    code = None
    try:
        smtp_checks(c, ports)
        pop3_checks(c, ports)
        raw_violation_check(c, ports)
    except Exception as e:  # report, then still stop the server and show its log
        c.check(False, f"unexpected exception: {type(e).__name__}: {e}")
    finally:
        code = serve.stop()
    log = serve.output()
    c.equal(code, 0, "serve exits 0 on SIGTERM")
    c.check("message accepted" in log, "serve log: message accepted lines")
    c.check(f"delivered to {ALICE}" in log, "serve log: delivery to alice")
    c.check("bob@remote.test: not a local domain" in log and "no outbound relay" in log,
            "serve log: the authenticated remote recipient is logged as dropped")
    c.check("auth succeeded" in log and "auth failed" in log, "serve log: auth events")
    c.check("messages deleted" in log, "serve log: POP3 deletions")
    c.check("protocol violation" in log, "serve log: the bare-LF protocol violation")
    if c.failures:
        print("----- postlab serve output -----\n" + log)
        print(f"{c.failures} check(s) failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
