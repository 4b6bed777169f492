"""searchd shares itself fairly: work a client abandoned is dropped, a
burst on one connection does not hold up another's single request, blank
lines do not keep a connection alive, a full daemon makes room by closing
its longest-idle connection, and a request's "\\r\\n" does not count
against the line limit.  Each on its own daemon over the corpus.
"""
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdtest import (SLOW, Daemon, build_index, check, check_eq, error_code,  # noqa: E402
                    ping_ok, rss_mb, run_tests, tmpdir)

WORK = tmpdir("fairness")
DB = os.path.join(WORK, "index")
SD_LINE_MAX = 64 * 1024
# What a careless script sends: 26 prefixes OR'd, 100 hits, facets.
HEAVY = json.dumps({"op": "search", "q": " OR ".join("%s*" % chr(c) for c in range(97, 123)),
                    "limit": 100, "facets": ["type", "year"]}).encode() + b"\n"


def stats(d):
    c = d.client()
    try:
        return c.request({"op": "stats"})
    finally:
        c.close()


def test_abandoned_work_is_dropped():
    """20 connections pipeline 32 heavy searches each and close: the daemon
    runs hardly any of the 640, and the next ping is answered."""
    d = Daemon(DB, name="abandon").start()
    before = stats(d)["queries"]
    for _ in range(20):
        c = d.client()
        c.send_raw(HEAVY * 32)
        c.close()
    check(ping_ok(d), "a ping after the abandoned bursts is answered")
    time.sleep(0.5 * SLOW)  # let anything still running finish
    ran = stats(d)["queries"] - before
    check(ran < 160, "at most a quarter of the 640 abandoned searches ran", ran)
    d.finish()


def test_burst_does_not_delay_a_single_request():
    """Six connections pipeline 32 heavy searches and read their replies; a
    seventh's ping then waits for about one job per busy connection and
    worker, not for the whole queue."""
    d = Daemon(DB, ["--workers", "2"], name="turns").start()
    bursts = [d.client() for _ in range(6)]
    arrivals = []
    lock = threading.Lock()

    def read_all(c):
        for _ in range(32):
            r = c.recv()
            with lock:
                arrivals.append((time.monotonic(), bool(r and r.get("ok"))))

    for c in bursts:
        c.send_raw(HEAVY * 32)
    readers = [threading.Thread(target=read_all, args=(c,)) for c in bursts]
    for t in readers:
        t.start()
    time.sleep(0.05 * SLOW)
    single = d.client()
    with lock:
        done_before = len(arrivals)
    sent = time.monotonic()
    r = single.request({"op": "ping", "id": "single"})
    answered = time.monotonic()
    for t in readers:
        t.join(60 * SLOW)
    check(r and r.get("ok") and r.get("id") == "single", "the single request is answered", r)
    check_eq(len(arrivals), 6 * 32, "every burst request answered")
    check(all(ok for _, ok in arrivals), "and answered ok")
    remaining = 6 * 32 - done_before
    overtaking = sum(1 for t, _ in arrivals if sent < t < answered)
    check(remaining >= 100, "the bursts still had most of their work queued (the test can "
          "tell FIFO from fair turns)", remaining)
    check(overtaking <= 6 + 2 + 4, "burst replies finished while the ping waited: about one "
          "per connection and worker", overtaking)
    single.close()
    for c in bursts:
        c.close()
    d.finish()


def test_blank_lines_are_not_activity():
    d = Daemon(DB, ["--idle-timeout", "1", "--debug"], name="blank").start()
    c = d.client()
    check(c.request({"op": "ping"})["ok"], "served")
    closed = False
    end = time.monotonic() + 4 * SLOW
    while time.monotonic() < end:
        try:
            c.send_raw(b"\n")
        except OSError:
            closed = True
            break
        time.sleep(0.25)
        c.sock.settimeout(0.01)
        try:
            if c.sock.recv(1) == b"":
                closed = True
                break
        except (BlockingIOError, TimeoutError, OSError) as e:
            if not isinstance(e, (BlockingIOError, TimeoutError)):
                closed = True
                break
        finally:
            c.sock.settimeout(10 * SLOW)
    check(closed, "a client sending only blank lines is closed after the idle timeout")
    c.close()
    check(ping_ok(d), "others served")
    log = d.finish()
    check("idle timeout (blank lines only)" in log, "logged at --debug", log[-600:])


def test_full_daemon_closes_longest_idle():
    d = Daemon(DB, ["--max-connections", "3", "--debug"], name="evict").start()
    time.sleep(0.2)  # start() probed the socket: let that connection go
    clients = []
    for i in range(3):
        c = d.client()
        check(c.request({"op": "ping", "id": i})["ok"], "client %d served" % i)
        clients.append(c)
        time.sleep(0.1)
    time.sleep(1.3)  # all three idle past the grace
    check(clients[2].request({"op": "ping"})["ok"], "the third asks again: no longer idle")
    new = d.client()
    r = new.request({"op": "ping", "id": "new"})
    check(r and r.get("ok"), "a fourth client is served, not busy", r)
    check(clients[0].closed_by_server(), "the longest-idle client was closed to make room")
    check(clients[2].request({"op": "ping"})["ok"], "the active client keeps its place")
    for c in clients + [new]:
        c.close()
    log = d.finish()
    check("idle longest, closed to make room" in log, "logged at --debug", log[-600:])


def test_a_slow_reader_is_not_idle():
    """A client whose burst's replies are still being written to it is owed
    them: a full daemon makes room by closing an idle client, not it (the
    soak's bursts were reset part-way by that)."""
    d = Daemon(DB, ["--max-connections", "2", "--debug"], name="owed").start()
    time.sleep(0.2)
    slow = d.client()
    line = json.dumps({"op": "search", "q": "legeforeningen", "limit": 100}).encode() + b"\n"
    slow.send_raw(line * 40)  # megabytes of replies, not read yet
    wait_until_idle(d.proc.pid)  # every reply made: the slow reader's last activity
    idle = d.client()
    check(idle.request({"op": "ping"})["ok"], "an idle client is served")
    time.sleep(1.3)  # both past the grace, the slow reader longest
    new = d.client()
    r = new.request({"op": "ping", "id": "new"})
    check(r and r.get("ok"), "a third client is served, not busy", r)
    check(idle.closed_by_server(), "the idle client made room")
    answered = 0
    try:
        while answered < 40 and (slow.recv() or {}).get("ok"):
            answered += 1
    except (ConnectionError, OSError) as e:
        check(False, "the slow reader keeps its connection", repr(e))
    check(answered == 40, "the slow reader gets every reply", answered)
    for c in (slow, idle, new):
        c.close()
    d.finish()


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_idle(pid, quiet=0.5, limit=60.0):
    """Until the process has used no CPU for `quiet` seconds: every reply
    it would make is made."""
    end = time.monotonic() + limit * SLOW
    last = cpu_seconds(pid)
    while time.monotonic() < end:
        time.sleep(quiet * SLOW)
        now = cpu_seconds(pid)
        if now - last < 0.02:
            return
        last = now


PIPELINE_MAX, OUT_HIGH_MB = 32, 4  # searchd.h, conn.c


def test_slow_readers_cannot_swell_the_daemon():
    """Eight clients ask for gigabytes of replies and read none: the daemon
    stops reading each once its replies reach a few megabytes (at most
    OUT_HIGH written and PIPELINE_MAX waiting), so once it has made all it
    will make, it has grown by about that much per client; others are
    still served meanwhile."""
    env = dict(os.environ)  # ASan's quarantine would hide what is bounded
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=8"
    d = Daemon(DB, name="slow", env=env).start()
    line = json.dumps({"op": "search", "q": "legeforeningen", "limit": 100}).encode() + b"\n"
    probe = d.client()
    reply_mb = len(json.dumps(probe.request(json.loads(line))).encode()) / 1e6
    probe.close()
    before = rss_mb(d.proc.pid)
    asked = 0
    clients = [d.client() for _ in range(8)]
    block = line * 4000  # one write: the socket's buffer holds many lines
    for c in clients:
        c.sock.settimeout(0.5 * SLOW)
        sent = 0
        try:
            while sent < len(block):
                sent += c.sock.send(block[sent:])
        except (TimeoutError, OSError):
            pass  # the daemon stopped reading: what back-pressure is
        asked += sent // len(line)
    wait_until_idle(d.proc.pid)
    grown = rss_mb(d.proc.pid) - before
    bound = len(clients) * (OUT_HIGH_MB + PIPELINE_MAX * reply_mb) * 1.5 + 64
    check(asked * reply_mb > 4 * bound, "the clients asked for far more than the bound",
          (asked, reply_mb, bound))
    check(grown < bound, "the daemon grew by less than %.0f MB" % bound,
          "%.0f MB for %.0f MB asked" % (grown, asked * reply_mb))
    check(ping_ok(d), "another client is served meanwhile")
    for c in clients:
        c.close()
    check(ping_ok(d), "and after they go")
    d.finish()


def test_crlf_does_not_count_against_the_limit():
    d = Daemon(DB, name="crlf").start()
    c = d.client()
    pad = SD_LINE_MAX - len(b'{"op":"ping","id":""}')
    exact = b'{"op":"ping","id":"' + b"x" * pad + b'"}'
    check_eq(len(exact), SD_LINE_MAX, "a request of exactly the limit")
    c.send_raw(exact + b"\r\n")
    r = c.recv()
    check(r and r.get("ok"), "ending in \\r\\n, it is served", (r or {}).get("error"))
    c.send_raw(exact[:-2] + b'x"}' + b"\r\n")
    check_eq(error_code(c.recv()), "too_large", "one byte more is too_large, \\r\\n or not")
    c.close()
    d.finish()


def main():
    build_index(DB)
    return run_tests([test_abandoned_work_is_dropped, test_burst_does_not_delay_a_single_request,
                      test_blank_lines_are_not_activity, test_full_daemon_closes_longest_idle,
                      test_a_slow_reader_is_not_idle,
                      test_slow_readers_cannot_swell_the_daemon,
                      test_crlf_does_not_count_against_the_limit])


if __name__ == "__main__":
    sys.exit(main())
