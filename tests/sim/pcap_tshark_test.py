#!/usr/bin/env python3
"""tshark judges the pcap writer and the TLS 1.3 wire bytes (sim/pcap_writer, sim/tls_wire).

Usage: pcap_tshark_test.py <pcap_tshark_capture program>. The program writes a capture with SMTP
STARTTLS on 25, POP3 over implicit TLS on 995, plaintext POP3 on 110 and plaintext IMAP on 143,
and a second capture with SMTP STARTTLS on 2525. Exits 77 (ctest: skipped) when tshark is missing.
"""
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print(f"FAIL: {message}")
    return condition


def tshark(path, *args):
    # -n: no name resolution, so the output does not depend on the machine's DNS.
    result = subprocess.run(["tshark", "-n", "-r", path, *args], capture_output=True,
                            text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"tshark {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def fields(path, *args):
    return [line.split("\t") for line in tshark(path, "-T", "fields", *args).splitlines()]


def protocols(path, *args):
    seen = set()
    for (stack,) in fields(path, *args, "-e", "frame.protocols"):
        seen.update(stack.split(":"))
    return seen


# Checksum validation is off by default in Wireshark; on, a bad checksum is an expert error.
VALIDATE = ["-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE"]


def expert_sections(path, *args):
    """Severity sections of `-z expert` ('Errors', 'Warns', 'Notes', 'Chats') and the text."""
    text = tshark(path, "-q", "-z", "expert", *args)
    sections = {line.split(" (")[0] for line in text.splitlines() if line.endswith(")")}
    return sections, text


def assert_clean(path, label, *args):
    """No malformed packet, no expert error or warning, every checksum verified good."""
    check(tshark(path, "-Y", "_ws.malformed", *args).strip() == "",
          f"{label}: tshark found malformed packets")
    sections, text = expert_sections(path, *VALIDATE, *args)
    check("Errors" not in sections and "Warns" not in sections,
          f"{label}: expert errors or warnings:\n{text}")
    check("Malformed" not in tshark(path, "-V", *args), f"{label}: 'Malformed' in -V output")
    statuses = fields(path, *VALIDATE, *args, "-e", "ip.checksum.status", "-e",
                      "tcp.checksum.status")
    check(statuses and all(row == ["1", "1"] for row in statuses),  # 1 = good
          f"{label}: checksum statuses not all good: {sorted(set(map(tuple, statuses)))}")
    # Two passes so each stream knows its whole history: 31 = SYN, SYN-ACK, ACK, data, FIN.
    completeness = fields(path, "-2", "-Y", "tcp.flags.fin == 1", *args,
                          "-e", "tcp.stream", "-e", "tcp.completeness")
    check(completeness and all(c == "31" for _, c in completeness),
          f"{label}: incomplete TCP conversations: {completeness}")


def assert_tls_handshakes(path, label, expected_sni, *args):
    """Client Hello and Server Hello per TLS port, SNI as given, TLS 1.3 selected."""
    hellos = fields(path, "-Y", "tls.handshake.type == 1", *args,
                    "-e", "tcp.dstport", "-e", "tls.handshake.extensions_server_name")
    check(sorted(map(tuple, hellos)) == sorted(expected_sni.items()),
          f"{label}: Client Hello SNIs {hellos}, expected {expected_sni}")
    servers = fields(path, "-Y", "tls.handshake.type == 2", *args, "-e", "tcp.srcport",
                     "-e", "tls.handshake.extensions.supported_version",
                     "-e", "tls.handshake.ciphersuite")
    check(sorted(map(tuple, servers)) ==
          sorted((port, "0x0304", "0x1301") for port in expected_sni),
          f"{label}: Server Hello fields {servers}")
    verbose = tshark(path, "-V", *args)
    n = len(expected_sni)
    check(verbose.count("Handshake Type: Client Hello (1)") == n,
          f"{label}: 'Client Hello (1)' not seen {n} times")
    check(verbose.count("Handshake Type: Server Hello (2)") == n,
          f"{label}: 'Server Hello (2)' not seen {n} times")
    for name in expected_sni.values():
        check(f"Server Name: {name}" in verbose, f"{label}: 'Server Name: {name}' not in -V")


def standard_capture(path):
    seen = protocols(path)
    for proto in ("smtp", "pop", "imap", "tls"):
        check(proto in seen, f"standard: '{proto}' not in frame.protocols {sorted(seen)}")
    assert_clean(path, "standard")
    assert_tls_handshakes(path, "standard", {"25": "mail.example.com", "995": "pop.example.com"})
    # The SMTP dissector saw STARTTLS and its 220 before handing the stream to TLS.
    # (Its smtp.req.command field holds only 4 characters, "STAR"; the command line is whole.)
    lines = [c for (c,) in fields(path, "-Y", "smtp.req", "-e", "smtp.command_line")]
    check(lines[-1:] == ["STARTTLS\\r\\n"], f"standard: last SMTP command lines {lines}")
    codes = [c for (c,) in fields(path, "-Y", "smtp.response", "-e", "smtp.response.code")]
    check(codes[-1:] == ["220"], f"standard: last SMTP reply codes {codes}")
    # Without keys, the encrypted records are attributed to the protocol by port.
    apps = {row[0]: row[1] for row in fields(path, "-Y", "tls.app_data_proto",
                                             "-e", "tcp.dstport", "-e", "tls.app_data_proto")}
    check("Post Office Protocol" in apps.get("995", ""), f"standard: 995 app data {apps}")
    check("Simple Mail Transfer Protocol" in apps.get("25", ""), f"standard: 25 app data {apps}")


def port2525_capture(path):
    check("smtp" not in protocols(path), "2525: smtp dissected even without -d (test is moot)")
    decode = ["-d", "tcp.port==2525,smtp"]
    seen = protocols(path, *decode)
    check({"smtp", "tls"} <= seen, f"2525 with -d: frame.protocols {sorted(seen)}")
    assert_clean(path, "2525", *decode)
    assert_tls_handshakes(path, "2525", {"2525": "mail.example.com"}, *decode)


def checks_can_fail(path, directory):
    """The clean verdicts above mean something: tshark does flag a broken copy."""
    data = bytearray(open(path, "rb").read())
    at = data.index(b"\x00\x10mail.example.com")  # the SNI host_name length (16)
    broken = bytearray(data)
    broken[at + 1] = 0x7f
    broken_path = os.path.join(directory, "broken_sni.pcap")
    open(broken_path, "wb").write(broken)
    sections, _ = expert_sections(broken_path)
    check("Errors" in sections, "a corrupted SNI length was not reported by tshark")
    at = data.index(b"a2 NOOP")
    broken = bytearray(data)
    broken[at] = ord("b")
    broken_path = os.path.join(directory, "broken_checksum.pcap")
    open(broken_path, "wb").write(broken)
    sections, text = expert_sections(broken_path, *VALIDATE)
    check("Errors" in sections and "Bad checksum" in text,
          "a changed payload byte did not give a bad TCP checksum")


def main():
    if shutil.which("tshark") is None:
        print("SKIP: tshark is not installed (scripts/install-deps installs it)")
        return SKIP
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as directory:
        standard = os.path.join(directory, "standard.pcap")
        port2525 = os.path.join(directory, "port2525.pcap")
        subprocess.run([sys.argv[1], standard, port2525], check=True, timeout=60)
        standard_capture(standard)
        port2525_capture(port2525)
        checks_can_fail(standard, directory)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        return 1
    print("tshark: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
