"""searchd's limits and start-up, each on its own daemon: the per-query time
limit (timeout), the connection limit (busy), the idle timeout, running as
a daemon with a pidfile, stale and live sockets, a missing index, an index
of another schema version, and bad options.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdtest import (BIN, ROOT, SANITIZER_MARKS, SLOW, Daemon, build_index, check, check_eq,  # noqa: E402
                    error_code, error_message, ping_ok, run_tests, tmpdir, wait_connectable)

WORK = tmpdir("limits")
DB = os.path.join(WORK, "index")


def start_fails(args, words, code=1):
    """searchd with these arguments exits `code` at once, saying `words`."""
    r = subprocess.run([os.path.join(BIN, "searchd")] + args, cwd=ROOT, capture_output=True,
                       text=True, timeout=30 * SLOW)
    check_eq(r.returncode, code, "exit status of searchd %s" % " ".join(args))
    check(words in r.stderr, "searchd %s says %r" % (" ".join(args), words), r.stderr[-600:])


def test_query_timeout():
    d = Daemon(DB, ["--query-timeout", "0.000001"], name="timeout").start()
    c = d.client()
    r = c.request({"op": "search", "q": "hør* leg* stat*", "id": 1})
    check_eq(error_code(r), "timeout", "a search past its time limit")
    check("longer than its limit of 1e-06 s" in error_message(r), "names the limit", r)
    check_eq(r.get("id"), 1, "the id still comes back")
    check(c.request({"op": "ping"})["ok"], "the connection stays up")
    r = c.request({"op": "stats"})
    check(r["ok"] and r["errors"] == 1, "other operations are not timed", r)
    c.close()
    check(ping_ok(d), "others served")
    log = d.finish()
    check("search timeout" in log, "a timeout is logged without --debug", log[-400:])


def wait_alone(c):
    """Until the daemon has seen every earlier client go: c is its only one."""
    for _ in range(int(100 * SLOW)):
        r = c.request({"op": "stats"})
        if r.get("ok") and r["connections"] == 1:
            return True
        time.sleep(0.02)
    return False


def test_max_connections_busy():
    d = Daemon(DB, ["--max-connections", "2"], name="busy").start()
    a = d.client()
    check(wait_alone(a), "start() probed the socket: that client is gone")
    b = d.client()
    check(a.request({"op": "ping"})["ok"] and b.request({"op": "ping"})["ok"], "two served")
    third = d.client()
    r = third.recv()
    check_eq(error_code(r), "busy", "the third is answered busy")
    check("maximum of 2 connections" in error_message(r), "says why", r)
    check(third.closed_by_server(), "and closed")
    third.close()
    check(a.request({"op": "search", "q": "høringer"})["ok"], "the first two keep working")
    a.close()
    ok = False
    for _ in range(int(50 * SLOW)):  # the server sees the close on its next loop turn
        c = d.client()
        r = c.request({"op": "ping"})
        c.close()
        if r and r.get("ok"):
            ok = True
            break
        time.sleep(0.05)
    check(ok, "a place freed is taken again")
    b.close()
    d.finish()


def test_full_queue_is_busy():
    """40 clients pipelining 32 searches each put 1,280 jobs before two
    workers: past 1,024 waiting, requests are answered busy, in order, and
    the connections stay up."""
    d = Daemon(DB, name="queue").start()
    clients = [d.client() for _ in range(40)]
    line = b'{"op":"search","q":"h\u00f8ringer legeforeningen","limit":3}\n'
    for c in clients:
        c.send_raw(line * 32)
    codes = {}
    for c in clients:
        for _ in range(32):
            r = c.recv()
            key = "ok" if r and r.get("ok") else error_code(r)
            codes[key] = codes.get(key, 0) + 1
            if key == "busy":
                check("too many requests waiting" in error_message(r), "busy says why", r)
    check_eq(sum(codes.values()), 40 * 32, "every request answered")
    check(codes.get("busy", 0) > 0 and codes.get("ok", 0) >= 1024, "past the queue: busy",
          codes)
    check(all(c.request({"op": "ping"})["ok"] for c in clients), "connections stay up")
    for c in clients:
        c.close()
    d.finish()


def test_idle_timeout():
    d = Daemon(DB, ["--idle-timeout", "1", "--debug"], name="idle").start()
    c = d.client()
    check(c.request({"op": "ping"})["ok"], "served")
    time.sleep(1.6)
    check(c.closed_by_server(), "a silent client is disconnected")
    c.close()
    check(ping_ok(d), "others served")
    log = d.finish()
    check("idle timeout" in log, "logged at --debug", log[-400:])


def test_daemon_and_pidfile():
    d = Daemon(DB, name="daemon", foreground=False)
    pidfile = os.path.join(d.dir, "searchd.pid")
    d.cmd += ["--pidfile", pidfile]
    with open(d.errpath, "wb") as err:  # the daemon keeps stderr: not a pipe to wait on
        r = subprocess.run(d.cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
                           timeout=30 * SLOW)
    check_eq(r.returncode, 0, "the starting process exits 0 once the daemon serves")
    try:
        with open(pidfile) as f:
            pid = int(f.read())
    except (OSError, ValueError) as e:
        check(False, "pidfile written", repr(e))
        return
    check(pid != os.getpid() and os.path.exists("/proc/%d" % pid), "the pidfile names it")
    check(wait_connectable(d.unix, 10 * SLOW) and ping_ok(d), "it serves")
    start_fails(d.cmd[1:], "already runs as process %d" % pid)
    os.kill(pid, signal.SIGTERM)
    for _ in range(int(200 * SLOW)):
        if not os.path.exists("/proc/%d" % pid):
            break
        time.sleep(0.05)
    check(not os.path.exists("/proc/%d" % pid), "SIGTERM stops it")
    check(not os.path.exists(pidfile), "the pidfile is removed")
    check(not os.path.exists(d.socket), "the socket is removed")
    log = d.stderr()
    check(not [m for m in SANITIZER_MARKS if m in log], "no sanitizer report", log[-2000:])
    shutil.rmtree(d.dir, ignore_errors=True)


def test_sockets_at_start():
    d = Daemon(DB, name="stale")
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(d.socket)
    stale.close()  # the file stays, nobody listens: a crashed daemon's leftover
    d.start()
    check(ping_ok(d), "a stale socket file is replaced")
    check_eq(os.stat(d.socket).st_mode & 0o777, 0o660, "the socket's mode is 0660")
    start_fails(d.cmd[1:], "another searchd answers there")
    check(ping_ok(d), "the first daemon is untouched")
    d.finish()
    plain = os.path.join(WORK, "not-a-socket")
    open(plain, "w").close()
    start_fails(["--db", DB, "--socket", plain, "--foreground"], "is not a socket")
    check(os.path.exists(plain), "a file that is not a socket is left alone")


def test_bad_starts():
    sock = os.path.join(WORK, "s.sock")
    start_fails(["--db", os.path.join(WORK, "nothing"), "--socket", sock, "--foreground"],
                "no index there")
    start_fails(["--db", DB, "--socket", sock, "--listen", "nonsense", "--foreground"],
                "--listen takes HOST:PORT")
    check(not os.path.exists(sock), "a failed start leaves no socket")
    start_fails(["--workers", "0"], "--workers takes a number from 1 to 64", code=2)
    start_fails(["--query-timeout", "x"], "--query-timeout takes a number", code=2)
    start_fails(["--bogus"], "usage: searchd", code=2)
    start_fails(["extra"], "unexpected argument 'extra'", code=2)
    r = subprocess.run([os.path.join(BIN, "searchd"), "--help"], capture_output=True, text=True)
    check(r.returncode == 0 and "--max-connections" in r.stdout, "--help", r.stdout[:200])


def test_other_schema_version_refused():
    schemas = os.path.join(WORK, "schemas99")
    shutil.copytree(os.path.join(ROOT, "schemas"), schemas)
    path = os.path.join(schemas, "index.json")
    with open(path) as f:
        schema = json.load(f)
    schema["version"] = 99
    with open(path, "w") as f:
        json.dump(schema, f)
    env = dict(os.environ, KILDE_SCHEMA_DIR=schemas)
    db99 = os.path.join(WORK, "index99")
    build_index(db99, ["corpus/tidsskriftet-2020-utenforlandet-norge.html"], env=env)
    start_fails(["--db", db99, "--socket", os.path.join(WORK, "v.sock"), "--foreground"],
                "was written with schema version 99, this program uses version 1")


def main():
    build_index(DB)
    try:
        return run_tests([test_query_timeout, test_max_connections_busy, test_full_queue_is_busy,
                          test_idle_timeout,
                          test_daemon_and_pidfile, test_sockets_at_start, test_bad_starts,
                          test_other_schema_version_refused])
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
