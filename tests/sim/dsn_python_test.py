# Interop: the simulated MTA's bounces (RFC 3464 delivery status notifications inside RFC 6522
# multipart/report) as Python's email package reads them, a parser nobody here wrote: the report
# type, the human-readable part, the per-recipient fields, and a Diagnostic-Code whose type is
# "smtp" only when it carries an SMTP reply (RFC 3464 §2.3.6).
# Usage: dsn_python_test.py PATH/TO/dsn_print
import email
import email.policy
import subprocess
import sys

failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    failures += 0 if ok else 1


out = subprocess.run([sys.argv[1]], capture_output=True, check=True).stdout
messages = [m for m in out.split(b"=====\n") if m.strip()]
check(len(messages) == 3, "three bounces printed")
expected = [("5.2.2", "smtp; 552 5.2.2 mailbox full (over quota)"),
            ("4.4.7", "smtp; 451 4.3.0 try later"),
            ("4.4.7", "X-PostLab; gave up after 6 attempts over 240 minutes; last: connection refused")]
for raw, (status, diagnostic) in zip(messages, expected):
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    check(msg.get_content_type() == "multipart/report", "Content-Type multipart/report")
    check(msg.get_param("report-type") == "delivery-status", "report-type=delivery-status")
    check(msg.defects == [], f"no defects in the message ({msg.defects})")
    parts = msg.get_payload()
    check(isinstance(parts, list) and len(parts) == 2, "two parts: text and delivery-status")
    if not isinstance(parts, list) or len(parts) != 2:
        continue
    check(parts[0].get_content_type() == "text/plain", "first part text/plain")
    dsn = parts[1]
    check(dsn.get_content_type() == "message/delivery-status", "second part message/delivery-status")
    # Python reads a delivery-status body as a list of field blocks: per-message, then per-recipient.
    blocks = dsn.get_payload()
    check(isinstance(blocks, list) and len(blocks) == 2, "a per-message and a per-recipient block")
    if not isinstance(blocks, list) or len(blocks) != 2:
        continue
    check(blocks[0]["Reporting-MTA"] == "dns; mail.example.test", "Reporting-MTA")
    recipient = blocks[1]
    check(recipient["Final-Recipient"] == "rfc822; alice@remote.test", "Final-Recipient")
    check(recipient["Action"] == "failed", "Action: failed")
    check(recipient["Status"] == status, f"Status {status} (got {recipient['Status']})")
    check(recipient["Diagnostic-Code"] == diagnostic, f"Diagnostic-Code {diagnostic!r} (got {recipient['Diagnostic-Code']!r})")
sys.exit(1 if failures else 0)
