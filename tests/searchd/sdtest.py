"""Helpers for searchd's socket tests (imported by tests/searchd/test_*.py).

Every test talks to a real bin/searchd over a real socket: the index is
built from corpus/ at test time with $KILDE_BIN/indexer into a temporary
folder, the daemon runs in the foreground on a temporary socket and is
always stopped (and its stderr checked for sanitizer reports) at the end.
Like tests/testhelp.h, a file ends by printing "N passed, N failed".
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("KILDE_BIN") or os.path.join(ROOT, "bin")
# The sanitizer build is 3-5x slower: every wait scales with it.
SLOW = 4.0 if os.environ.get("KILDE_SANITIZED") else 1.0
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")

_passed = 0
_failed = 0


def check(cond, what, detail=""):
    """Counts a claim; on failure prints what was expected beside what came."""
    global _passed, _failed
    if cond:
        _passed += 1
    else:
        _failed += 1
        frames = [f for f in traceback.extract_stack()[:-1]
                  if f.name not in ("check", "check_eq")]
        caller = frames[-1]
        print("FAIL %s (line %d): %s%s" % (caller.name, caller.lineno, what,
                                            ("\n  " + str(detail)[:900]) if detail else ""),
              file=sys.stderr)
    return cond


def check_eq(actual, expected, what):
    return check(actual == expected, what,
                 "expected: %r\n  actual:   %r" % (expected, actual))


def run_tests(tests):
    """Runs each test function; an exception fails that test only."""
    for t in tests:
        try:
            t()
        except Exception:
            check(False, "%s raised" % t.__name__, traceback.format_exc())
    print("%d passed, %d failed" % (_passed, _failed))
    return 1 if _failed else 0


def tmpdir(name):
    return tempfile.mkdtemp(prefix="kilde-%s." % name)


def build_index(db, paths=("corpus",), env=None):
    """Indexes paths (relative to the repository, as make demo does) into db."""
    r = subprocess.run([os.path.join(BIN, "indexer"), "--db", db] + list(paths), cwd=ROOT,
                       capture_output=True, text=True, env=env, timeout=120 * SLOW)
    if r.returncode != 0:
        raise RuntimeError("indexer failed (%d): %s" % (r.returncode, r.stderr[-2000:]))
    return r


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_connectable(connect, timeout):
    end = time.time() + timeout
    while time.time() < end:
        try:
            s = connect()
            s.close()
            return True
        except OSError:
            time.sleep(0.02)
    return False


class Daemon:
    """bin/searchd --foreground on a temporary socket."""

    def __init__(self, dbs, args=(), name="sd", foreground=True, env=None, http=None):
        """http: an address for --http ("127.0.0.1" takes a free port there)."""
        self.env = env
        self.http = None
        if http:
            self.http = (http, free_port())
            args = list(args) + ["--http", "%s:%d" % self.http]
        self.dir = tmpdir(name)
        self.socket = os.path.join(self.dir, "searchd.sock")
        self.errpath = os.path.join(self.dir, "stderr")
        cmd = [os.path.join(BIN, "searchd"), "--socket", self.socket]
        for db in ([dbs] if isinstance(dbs, str) else dbs):
            cmd += ["--db", db]
        if foreground:
            cmd.append("--foreground")
        self.cmd = cmd + list(args)
        self.proc = None
        self.exit_code = None

    def start(self, wait=True):
        self.err = open(self.errpath, "wb")
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=self.err, env=self.env)
        if wait and not wait_connectable(self.unix, 15 * SLOW):
            self.stop()
            raise RuntimeError("searchd did not come up: " + self.stderr())
        if wait and self.http and not wait_connectable(
                lambda: socket.create_connection(self.http, timeout=10 * SLOW), 15 * SLOW):
            self.stop()
            raise RuntimeError("searchd's HTTP did not come up: " + self.stderr())
        return self

    def unix(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10 * SLOW)
        s.connect(self.socket)
        return s

    def client(self):
        return Client(self.unix())

    def stderr(self):
        try:
            with open(self.errpath, "r", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def send_signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, sig=signal.SIGTERM):
        """Stops the daemon (SIGKILL if it hangs); returns its exit code."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=20 * SLOW)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.exit_code = self.proc.returncode
            self.err.close()
        return self.exit_code

    def finish(self):
        """Stops it and checks a clean exit: status 0, no sanitizer report."""
        code = self.stop()
        log = self.stderr()
        check_eq(code, 0, "searchd exit status (%s)" % " ".join(self.cmd[-3:]))
        bad = [m for m in SANITIZER_MARKS if m in log]
        check(not bad, "searchd stderr has no sanitizer report", log[-3000:])
        shutil.rmtree(self.dir, ignore_errors=True)
        return log


class Client:
    """One connection: JSON Lines in, JSON Lines out."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, obj):
        self.sock.sendall(json.dumps(obj, ensure_ascii=False).encode() + b"\n")

    def recv_line(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                if self.buf:
                    raise ConnectionError("EOF inside a reply: %r" % self.buf[:200])
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line

    def recv(self):
        line = self.recv_line()
        return None if line is None else json.loads(line)

    def request(self, obj):
        self.send(obj)
        return self.recv()

    def closed_by_server(self):
        """True when the server has closed: EOF (or reset) with no more lines."""
        try:
            return self.recv_line() is None
        except (ConnectionError, OSError):
            return True

    def close(self):
        self.sock.close()


def error_code(reply):
    return (reply or {}).get("error", {}).get("code")


def error_message(reply):
    return (reply or {}).get("error", {}).get("message", "")


def rss_mb(pid):
    """A process's resident memory in MB (/proc)."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def ping_ok(daemon):
    """A fresh client is served: the check after every kind of abuse."""
    c = daemon.client()
    try:
        r = c.request({"op": "ping", "id": "after"})
        return bool(r and r.get("ok") and r.get("id") == "after")
    finally:
        c.close()
