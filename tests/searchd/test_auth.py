"""Who may talk to searchd: a TCP or HTTP address others can reach is
refused without --token-file; with one, a TCP client must send
{"op":"auth","token":…} before anything else (a wrong token closes the
connection) and an HTTP client "Authorization: Bearer …" (else 401); the
Unix socket needs none; the daemon says at start-up what it exposes.
"""
import http.client
import os
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdtest import (BIN, ROOT, SLOW, Client, Daemon, build_index, check, check_eq,  # noqa: E402
                    error_code, error_message, free_port, run_tests, tmpdir)

WORK = tmpdir("auth")
DB = os.path.join(WORK, "index")
TOKEN = "k1lde-s3cret-token-0123456789abcdef"


def token_file(name, text, mode=0o600):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def start_fails(args, words):
    r = subprocess.run([os.path.join(BIN, "searchd"), "--db", DB, "--foreground",
                        "--socket", os.path.join(WORK, "refused.sock")] + args, cwd=ROOT,
                       capture_output=True, text=True, timeout=30 * SLOW)
    check(r.returncode != 0, "searchd %s does not start" % " ".join(args), r.stderr[-400:])
    check(words in r.stderr, "and says %r" % words, r.stderr[-600:])


def test_network_address_needs_a_token():
    start_fails(["--listen", "0.0.0.0:%d" % free_port()], "--token-file")
    start_fails(["--http", "0.0.0.0:%d" % free_port()], "reachable from other machines")


def test_bad_token_files():
    missing = os.path.join(WORK, "no-such-token")
    start_fails(["--token-file", missing], missing)
    start_fails(["--token-file", token_file("empty", "\n")], "empty")
    start_fails(["--token-file", token_file("short", "abc\n")], "16")
    start_fails(["--token-file", token_file("spaced", "abcdefgh ijklmnopq\n")], "white space")


def tcp_client(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10 * SLOW)
    return Client(s)


def test_tcp_asks_for_the_token():
    port = free_port()
    d = Daemon(DB, ["--listen", "0.0.0.0:%d" % port, "--token-file",
                    token_file("token", TOKEN + "\n")], name="auth-tcp").start()
    c = tcp_client(port)
    r = c.request({"op": "search", "q": "høringer", "id": 7})
    check_eq(error_code(r), "unauthorized", "a search before auth")
    check_eq(r.get("id"), 7, "the id comes back")
    check('"op":"auth"' in error_message(r), "the message says what to send", r)
    r = c.request({"op": "auth", "token": TOKEN, "id": "a"})
    check(r.get("ok") and r.get("id") == "a", "the right token is accepted", r)
    r = c.request({"op": "search", "q": "høringer", "limit": 1})
    check(r.get("ok") and r["hits"], "then searches are served", r)
    c.close()

    c = tcp_client(port)
    r = c.request({"op": "auth", "token": TOKEN[:-1] + "x"})
    check_eq(error_code(r), "unauthorized", "a wrong token")
    check(c.closed_by_server(), "closes the connection")
    c.close()
    c = tcp_client(port)
    r = c.request({"op": "auth", "token": TOKEN + "x"})
    check_eq(error_code(r), "unauthorized", "the token with a byte more is wrong too")
    c.close()
    c = tcp_client(port)
    r = c.request({"op": "auth"})
    check_eq(error_code(r), "unauthorized", "no token at all")
    c.close()

    def kilde(*args):
        return subprocess.run([os.path.join(BIN, "kilde"), "--connect", "127.0.0.1:%d" % port]
                              + list(args), capture_output=True, text=True, timeout=30 * SLOW)
    r = kilde("--token-file", os.path.join(WORK, "token"), "search", "høringer")
    check_eq(r.returncode, 0, "kilde --token-file searches over TCP")
    check("2024" in r.stdout, "and prints hits", r.stdout[:300] + r.stderr[-300:])
    r = kilde("ping")
    check_eq(r.returncode, 2, "kilde without the token fails")
    check("auth" in r.stderr, "saying a token is needed", r.stderr[-300:])
    r = kilde("--token-file", token_file("wrong", "x" * 20), "ping")
    check("refused the token" in r.stderr, "a wrong token is named as such", r.stderr[-300:])

    u = d.client()
    r = u.request({"op": "search", "q": "høringer", "limit": 1})
    check(r.get("ok"), "the Unix socket needs no token", r)
    r = u.request({"op": "auth", "token": TOKEN})
    check(r.get("ok") and r.get("token_required") is True, "auth there is answered too", r)
    u.close()
    log = d.finish()
    check("exposed: TCP 0.0.0.0:%d (reachable from the network), token required" % port in log,
          "start-up says what is exposed", log[-800:])
    check("exposed: Unix socket" in log, "the socket too", log[-800:])


def http_get(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10 * SLOW)
    try:
        conn.request("GET", path, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read().decode()
    finally:
        conn.close()


def test_http_asks_for_a_bearer_token():
    d = Daemon(DB, ["--token-file", token_file("token2", TOKEN)], name="auth-http",
               http="127.0.0.1").start()
    port = d.http[1]
    status, headers, body = http_get(port, "/api/search?q=h%C3%B8ringer")
    check_eq(status, 401, "no Authorization header: 401")
    check(headers.get("WWW-Authenticate", "").startswith("Bearer"), "says Bearer", headers)
    check('"unauthorized"' in body, "the protocol's error", body[:300])
    status, _, _ = http_get(port, "/api/search?q=x", {"Authorization": "Bearer wrong"})
    check_eq(status, 401, "a wrong token: 401")
    status, _, body = http_get(port, "/", {"Authorization": "Basic " + TOKEN})
    check_eq(status, 401, "another scheme: 401, the page too")
    status, _, body = http_get(port, "/api/search?q=h%C3%B8ringer",
                               {"Authorization": "Bearer " + TOKEN})
    check_eq(status, 200, "the right token: served")
    check('"hits"' in body, "with hits", body[:200])
    log = d.finish()
    check("(loopback: this machine only), token required" in log, "start-up says so",
          log[-800:])


def main():
    build_index(DB)
    return run_tests([test_network_address_needs_a_token, test_bad_token_files,
                      test_tcp_asks_for_the_token, test_http_asks_for_a_bearer_token])


if __name__ == "__main__":
    sys.exit(main())
