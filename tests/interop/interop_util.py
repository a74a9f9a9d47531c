# Shared helpers for the interop tests (Python 3 stdlib only): free ports, waiting for a port,
# starting and always killing peer processes, and the SKIP convention (exit 77 with a reason,
# which ctest reports as skipped, never as passed).
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

SKIP = 77


def skip(reason):
    print(f"SKIP: {reason}", flush=True)
    sys.exit(SKIP)


def need_binary(name):
    path = shutil.which(name) or (f"/usr/sbin/{name}" if os.path.exists(f"/usr/sbin/{name}") else None)
    if not path:
        skip(f"'{name}' is not installed (scripts/install-deps installs it)")
    return path


def free_port():
    """A port that was free a moment ago (bind port 0 and let the kernel choose)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10.0, host="127.0.0.1"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with socket.create_connection((host, port), timeout=1.0):
                return True
        time.sleep(0.05)
    return False


def wait_until(predicate, timeout=10.0, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def run(cmd, timeout=30, check=True, **kwargs):
    """Runs a command with a timeout; prints it and its output; raises on failure if check."""
    print("$ " + " ".join(str(c) for c in cmd), flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    if p.stdout:
        print(p.stdout.rstrip(), flush=True)
    if p.stderr:
        print(p.stderr.rstrip(), flush=True)
    if check and p.returncode != 0:
        raise AssertionError(f"command failed with exit code {p.returncode}: {cmd[0]}")
    return p


class Serve:
    """`postlab serve` in the background; its output is collected line by line."""

    def __init__(self, postlab, args):
        self.lines = []
        self.proc = subprocess.Popen([postlab, "serve", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, bufsize=1)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self):
        return "\n".join(self.lines)

    def wait_for(self, text, timeout=10.0):
        return wait_until(lambda: any(text in line for line in self.lines), timeout, 0.05)

    def stop(self, timeout=10.0):
        """SIGTERM, then the exit code (SIGKILL if it does not exit in time)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(2)
        return self.proc.returncode


def start_serve(postlab, domain, users, smtp=True, submission=True, pop3=True, imap=False):
    """Starts `postlab serve` on free loopback ports; returns (serve, ports dict)."""
    ports = {}
    args = ["--domain", domain]
    for u in users:
        args += ["--user", u]
    for name, wanted in (("smtp", smtp), ("submission", submission), ("pop3", pop3),
                         ("imap", imap)):
        if wanted:
            ports[name] = free_port()
            args += [f"--{name}", f"127.0.0.1:{ports[name]}"]
    serve = Serve(postlab, args)
    if not serve.wait_for("ready", 10) or any(not wait_port(p, 5) for p in ports.values()):
        serve.stop()
        print(serve.output())
        raise AssertionError("postlab serve did not start")
    return serve, ports


class Checks:
    """Counts failed checks, so one run reports every failure instead of the first."""

    def __init__(self):
        self.failures = 0

    def check(self, condition, what):
        print(("ok   " if condition else "FAIL ") + what, flush=True)
        if not condition:
            self.failures += 1
        return condition

    def equal(self, actual, expected, what):
        ok = actual == expected
        self.check(ok, what if ok else f"{what}: expected {expected!r}, got {actual!r}")
        return ok

    def guarded(self, body):
        """Runs body(); an exception counts as a failed check, so cleanup still happens."""
        try:
            body()
        except Exception as e:
            self.check(False, f"unexpected exception: {type(e).__name__}: {e}")

    def result(self, log_title=None, log=None):
        """The test's exit code; on failure prints the server log that explains it."""
        if self.failures:
            if log is not None:
                print(f"----- {log_title} -----\n{log}")
            print(f"{self.failures} check(s) failed")
            return 1
        print("all checks passed")
        return 0


def run_against_serve(c, serve, body):
    """Runs body() against a started `postlab serve`, always stops it, and reports."""
    try:
        c.guarded(body)
    finally:
        code = serve.stop()
    c.equal(code, 0, "serve exits 0 on SIGTERM")
    return c.result("postlab serve output", serve.output())
