# Interop with HTTP peers nobody here wrote (RFC 9112):
#  1. Python's http.client reads the responses our writer makes (Content-Length, chunked with a
#     trailer, 401 with a challenge, a redirect, 204, HEAD, and a final "Connection: close") over
#     one kept-alive connection to a local socket.
#  2. Our parser reads the requests Python's http.client and curl send: their bytes are captured
#     from a local socket (127.0.0.1, port 0) and fed to the helper on stdin.
# Usage: http_interop_test.py PATH/TO/http_interop_helper. Exits 77 with a reason without curl.
import http.client
import json
import shutil
import socket
import subprocess
import sys
import threading

helper = sys.argv[1]
failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    failures += 0 if ok else 1


def listener():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(4)
    s.settimeout(20)
    return s


def read_head(conn):
    """Reads one request head (the requests sent to our responses have no body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    return data


# ---- 1. http.client reads our responses ------------------------------------------------------
RESPONSES = 7
accepted = []


def serve_our_responses(sock):
    conn, _ = sock.accept()
    accepted.append(conn)
    with conn:
        for n in range(RESPONSES):
            if read_head(conn) is None:
                return
            conn.sendall(subprocess.run([helper, "write-response", str(n)], capture_output=True, check=True).stdout)


sock = listener()
server = threading.Thread(target=serve_our_responses, args=(sock,), daemon=True)
server.start()
client = http.client.HTTPConnection("127.0.0.1", sock.getsockname()[1], timeout=20)
expected = [("GET", 200), ("GET", 200), ("GET", 401), ("GET", 302), ("GET", 204), ("HEAD", 200), ("GET", 200)]
bodies = []
for n, (method, status) in enumerate(expected):
    client.request(method, f"/r{n}")
    r = client.getresponse()
    body = r.read()
    bodies.append(body)
    check(r.status == status, f"response {n}: status {status} (got {r.status})")
    if n == 1:
        check(r.chunked, "response 1 is chunked")
        check(body == b"c" * 40000, "response 1: 40000-byte chunked body reassembled")
    if n == 2:
        check(r.getheader("WWW-Authenticate") == 'Basic realm="PostLab", charset="UTF-8"', "401 carries the challenge")
    if n == 3:
        check(r.getheader("Location") == "https://mail.example.test/autodiscover/autodiscover.xml", "302 Location")
    if n == 5:
        check(body == b"" and r.getheader("Content-Length") == "25", "HEAD: Content-Length without a body")
    check(r.will_close == (n == RESPONSES - 1), f"response {n}: will_close={r.will_close}")
check(bodies[0] == b"hello from postlab\n", "response 0 body")
check(bodies[4] == b"", "204 has no body")
server.join(20)
check(len(accepted) == 1, "all seven responses over one kept-alive connection")
client.close()
sock.close()


# ---- 2. our parser reads requests from http.client and curl -----------------------------------
def capture(send, responses=1):
    """Runs send(port), answering each request with an empty 200; returns the bytes it got."""
    sock = listener()
    got = []

    def serve():
        conn, _ = sock.accept()
        conn.settimeout(0.5)
        with conn:
            answered = 0
            while True:
                try:
                    chunk = conn.recv(65536)
                except socket.timeout:
                    # The client went quiet: its request is complete; answer and keep the line.
                    if answered < responses and got:
                        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                        answered += 1
                    continue
                if not chunk:
                    return
                got.append(chunk)

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    send(sock.getsockname()[1])
    t.join(20)
    sock.close()
    return b"".join(got)


def parse(raw):
    out = subprocess.run([helper, "parse-requests"], input=raw, capture_output=True, check=True).stdout
    return json.loads(out)


def check_parsed(who, result, count):
    check(result["error"] == "no error", f"{who}: parsed without error ({result['error']})")
    check(len(result["requests"]) == count, f"{who}: {count} request(s) (got {len(result['requests'])})")
    check(result["leftover"] == 0, f"{who}: nothing left over")
    check(result["bytewise_same"], f"{who}: one byte at a time gives the same requests")
    check(result["frames"] == count, f"{who}: the framer cuts {count} frame(s)")


def python_requests(port):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    c.request("GET", "/path?q=1", headers={"X-Test": "yes"})
    c.getresponse().read()
    c.request("POST", "/autodiscover/autodiscover.xml", body=b"<xml/>",
              headers={"Authorization": "Basic YWxpY2U6czNjcmV0", "Content-Type": "text/xml"})
    c.getresponse().read()
    c.request("POST", "/chunked", body=iter([b"abc", b"defg"]), encode_chunked=True)
    c.getresponse().read()
    c.close()


raw = capture(python_requests, responses=3)
result = parse(raw)
check_parsed("http.client", result, 3)
if len(result["requests"]) == 3:
    get, post, chunked = result["requests"]
    check(get["method"] == "GET" and get["target"] == "/path?q=1", "http.client GET line")
    check(["X-Test", "yes"] in get["headers"], "http.client custom header")
    check(post["body"] == "<xml/>" and post["basic"] == ["alice", "s3cret"], "http.client POST body and Basic")
    check(chunked["body"] == "abcdefg", "http.client chunked body decoded")

curl = shutil.which("curl")
if not curl:
    print("SKIP: curl is not installed")
    sys.exit(1 if failures else 77)


def run_curl(args):
    return lambda port: subprocess.run([curl, "-s", "-o", "/dev/null", "--max-time", "10", *args(port)], check=False)


raw = capture(run_curl(lambda p: ["-u", "alice:s3cret", "-d", "x=1&y=2", f"http://127.0.0.1:{p}/form"]))
result = parse(raw)
check_parsed("curl POST", result, 1)
if result["requests"]:
    r = result["requests"][0]
    check(r["method"] == "POST" and r["body"] == "x=1&y=2", "curl form body")
    check(r["basic"] == ["alice", "s3cret"], "curl Basic credentials decoded")

raw = capture(run_curl(lambda p: ["-H", "Transfer-Encoding: chunked", "--data-binary", "hello chunked",
                                  f"http://127.0.0.1:{p}/up"]))
result = parse(raw)
check_parsed("curl chunked", result, 1)
if result["requests"]:
    check(result["requests"][0]["body"] == "hello chunked", "curl chunked body decoded")

raw = capture(run_curl(lambda p: [f"http://127.0.0.1:{p}/a", f"http://127.0.0.1:{p}/b"]), responses=2)
result = parse(raw)
check_parsed("curl keep-alive", result, 2)
check([r["target"] for r in result["requests"]] == ["/a", "/b"], "curl reused the connection for /a and /b")
sys.exit(1 if failures else 0)
