"""A soak of searchd: hundreds of clients on the Unix socket, TCP and HTTP,
well-behaved and not, while the indexer commits every few seconds.

Well-behaved clients search the corpus in turn and every answer is
compared with the one a quiet daemon gave before the soak; the others
pipeline bursts, abandon bursts, send half a line and go, idle, send lines
past the limit, send binary noise, disconnect abruptly or try TCP without
the token.  Afterwards the daemon must be alive, have as many descriptors
open as before, not have grown in memory past a margin, and have answered
every well-formed query correctly.  Prints the figures; exits 1 when a
claim fails.

    python3 tests/soak/soak.py [--bin DIR] [--seconds N] [--clients N]

make soak runs it for ten minutes with 256 clients; make check runs a
short one (tests/searchd/test_soak.py).  SOAK_DEBUG=FILE runs searchd with
--debug and keeps its log (a line per request and per close, with why) in
FILE.
"""
import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "searchd"))
from sdtest import ROOT, SLOW, Daemon, build_index, free_port, rss_mb, tmpdir  # noqa: E402

PROBES = ["hvor mange høringer behandlet legeforeningen i 2024", "LIS1", "fastlegeordningen",
          "Stortinget", "spesialistutdanning", "legeforeningen ber regjeringen",
          "kjønnskvoter medisinstudiet", "helseplattformen"]
HEAVY = {"op": "search", "q": " OR ".join("%s*" % chr(c) for c in range(97, 123)), "limit": 100,
         "facets": ["type", "year"]}
TOKEN = "soak-token-0123456789abcdef"
LINE_MAX = 64 * 1024
# The mix of a soak's clients: (behaviour, share of the clients).
MIX = [("good_unix", 0.05), ("good_tcp", 0.03), ("good_http", 0.03), ("burst", 0.08),
       ("abandon", 0.12), ("half_line", 0.1), ("idle", 0.2), ("oversized", 0.05),
       ("noise", 0.12), ("abrupt", 0.12), ("no_token", 0.1)]


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100.0 * len(values)))]


def open_fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def top_ids(reply):
    return [h["id"] for h in reply.get("hits", [])[:5]] if reply and reply.get("ok") else None


class Soak:
    def __init__(self, daemon, tcp_port, http_port, reference, deadline):
        self.d, self.tcp_port, self.http_port = daemon, tcp_port, http_port
        self.reference, self.deadline = reference, deadline
        self.counts = {}
        self.wrong = []        # well-formed queries answered wrongly or not at all
        self.latency = []      # the well-behaved Unix clients' round trips, ms
        self.rng = random.Random(20261204)

    def count(self, what):
        self.counts[what] = self.counts.get(what, 0) + 1

    def running(self):
        return time.monotonic() < self.deadline

    async def open(self, tcp=False):
        if tcp:
            return await asyncio.open_connection("127.0.0.1", self.tcp_port, limit=1 << 22)
        return await asyncio.open_unix_connection(self.d.socket, limit=1 << 22)

    @staticmethod
    async def ask(reader, writer, obj):
        writer.write(json.dumps(obj, ensure_ascii=False).encode() + b"\n")
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), 30 * SLOW)
        return json.loads(line) if line else None

    async def searches(self, reader, writer, kind, timed):
        q = self.rng.choice(PROBES)
        t0 = time.monotonic()
        r = await self.ask(reader, writer, {"op": "search", "q": q, "id": kind})
        if timed:
            self.latency.append((time.monotonic() - t0) * 1000)
        if top_ids(r) != self.reference[q] or r.get("id") != kind:
            self.wrong.append((kind, q, (r or {}).get("error")))
        self.count(kind)

    async def good_unix(self):
        reader, writer = await self.open()
        while self.running():
            await self.searches(reader, writer, "good_unix", True)
        writer.close()

    async def good_tcp(self):
        reader, writer = await self.open(tcp=True)
        r = await self.ask(reader, writer, {"op": "auth", "token": TOKEN})
        if not (r and r.get("ok")):
            self.wrong.append(("good_tcp", "auth", r))
            return
        while self.running():
            await self.searches(reader, writer, "good_tcp", False)
        writer.close()

    async def good_http(self):
        reader, writer = await asyncio.open_connection("127.0.0.1", self.http_port)
        while self.running():
            q = self.rng.choice(PROBES)
            path = "/api/search?q=" + "+".join(
                "".join("%%%02X" % b for b in w.encode()) for w in q.split())
            writer.write(("GET %s HTTP/1.1\r\nHost: soak\r\nAuthorization: Bearer %s\r\n\r\n"
                          % (path, TOKEN)).encode())
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30 * SLOW)
            length = int([h.split(b":")[1] for h in head.split(b"\r\n")
                          if h.lower().startswith(b"content-length")][0])
            body = json.loads(await reader.readexactly(length))
            if top_ids(body) != self.reference[q]:
                self.wrong.append(("good_http", q, body.get("error")))
            self.count("good_http")
        writer.close()

    async def burst(self):
        reader, writer = await self.open()
        writer.write(b"".join(json.dumps({"op": "search", "q": q, "id": i}).encode() + b"\n"
                              for i, q in enumerate(PROBES * 4)))
        await writer.drain()
        for i, q in enumerate(PROBES * 4):
            try:
                line = await asyncio.wait_for(reader.readline(), 60 * SLOW)
            except (ConnectionError, OSError) as e:
                self.wrong.append(("burst", "after %d replies" % i, repr(e)[:200]))
                return
            r = json.loads(line) if line else None
            # a full queue turns away the requests of a connection that
            # already has some waiting (PROTOCOL.md): busy, in its place in
            # the order of replies, without the id (the line is not read)
            if r and r.get("id", i) == i and (r.get("error") or {}).get("code") == "busy":
                self.count("burst (busy: the queue was full)")
            elif top_ids(r) != self.reference[q] or (r or {}).get("id") != i:
                self.wrong.append(("burst", q, (r or {}).get("error")))
        self.count("burst")
        writer.close()

    async def abandon(self):
        _, writer = await self.open()
        writer.write((json.dumps(HEAVY) + "\n").encode() * 32)
        await writer.drain()
        writer.close()
        self.count("abandon")

    async def half_line(self):
        _, writer = await self.open(tcp=self.rng.random() < 0.5)
        writer.write(b'{"op":"search","q":"legefor')
        await writer.drain()
        await asyncio.sleep(self.rng.random())
        writer.close()
        self.count("half_line")

    async def idle(self):
        _, writer = await self.open()
        for _ in range(self.rng.randint(2, 10)):
            if not self.running():
                break
            writer.write(b"\n")
            await writer.drain()
            await asyncio.sleep(1.0)
        writer.close()
        self.count("idle")

    async def oversized(self):
        reader, writer = await self.open()
        writer.write(b'{"op":"ping","id":"' + b"x" * (LINE_MAX + 100) + b'"}\n')
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), 30 * SLOW)
        if b"too_large" not in line:
            self.wrong.append(("oversized", "", line[:100]))
        writer.close()
        self.count("oversized")

    async def noise(self):
        reader, writer = await self.open(tcp=self.rng.random() < 0.3)
        writer.write(bytes(self.rng.getrandbits(8) for _ in range(self.rng.randint(1, 4096))))
        writer.write(b"\n")
        await writer.drain()
        await asyncio.wait_for(reader.read(65536), 30 * SLOW)
        writer.close()
        self.count("noise")

    async def abrupt(self):
        _, writer = await self.open(tcp=self.rng.random() < 0.5)
        writer.write(json.dumps(HEAVY).encode() + b"\n")
        sock = writer.get_extra_info("socket")
        if sock is not None and sock.family != socket.AF_UNIX:  # TCP: a reset, not a FIN
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                            b"\x01\x00\x00\x00\x00\x00\x00\x00")
        writer.transport.abort()
        self.count("abrupt")

    async def no_token(self):
        reader, writer = await self.open(tcp=True)
        r = await self.ask(reader, writer, {"op": "search", "q": "LIS1"})
        if not r or r.get("error", {}).get("code") != "unauthorized":
            self.wrong.append(("no_token", "LIS1", r))
        writer.close()
        self.count("no_token")

    async def client(self, behaviour):
        fn = getattr(self, behaviour)
        while self.running():
            try:
                await fn()
            except (ConnectionError, OSError, asyncio.TimeoutError, asyncio.IncompleteReadError,
                    json.JSONDecodeError, ValueError) as e:
                if behaviour.startswith("good") or behaviour == "burst":
                    self.wrong.append((behaviour, "exception", repr(e)[:200]))
                else:
                    self.count(behaviour + " (dropped by the daemon)")
            await asyncio.sleep(0.01)

    async def run(self, n_clients):
        kinds = []
        for behaviour, share in MIX:
            kinds += [behaviour] * max(1, round(share * n_clients))
        await asyncio.gather(*(self.client(b) for b in kinds[:max(n_clients, len(MIX))]))


def write_note(db, live, n):
    """Rewrites the one note and indexes it: a commit that replaces a unit.
    One note of the same length each time, so the index's statistics (unit
    count, average length) stay those the reference answers were made on:
    with a note added each time, a probe's top five reordered after some
    150 commits."""
    with open(os.path.join(live, "notat.md"), "w") as f:
        f.write("# Soaknotat %06d\n\nKvitrefugl%06d og blåbærsyltetøy i notat %06d.\n" % (n, n, n))
    subprocess.run([os.path.join(BIN, "indexer"), "--db", db, live], cwd=ROOT,
                   capture_output=True, timeout=120 * SLOW)


def index_commits(db, live, stop_at, counter):
    """Rewrites the note and runs the indexer every few seconds (another
    process); counter holds the last note's number."""
    n = counter[0]
    while time.monotonic() < stop_at:
        n += 1
        write_note(db, live, n)
        counter[0] = n
        time.sleep(3)


async def quiet_latency(d, seconds):
    reader, writer = await asyncio.open_unix_connection(d.socket)
    times, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        t0 = time.monotonic()
        await Soak.ask(reader, writer, {"op": "search", "q": random.choice(PROBES)})
        times.append((time.monotonic() - t0) * 1000)
    writer.close()
    return times


def soak(seconds, n_clients, bin_dir=None):
    """Runs the soak; returns (claims, figures): claims is [(ok, what, detail)]."""
    global BIN
    BIN = bin_dir or os.environ.get("KILDE_BIN") or os.path.join(ROOT, "bin")
    os.environ["KILDE_BIN"] = BIN
    work = tmpdir("soak")
    db, live = os.path.join(work, "index"), os.path.join(work, "live")
    os.makedirs(live)
    build_index(db)
    write_note(db, live, 0)  # before the reference answers
    with open(os.path.join(work, "token"), "w") as f:
        f.write(TOKEN + "\n")
    tcp_port = free_port()
    env = dict(os.environ)  # ASan's quarantine would hide what is bounded
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=8"
    d = Daemon(db, ["--listen", "0.0.0.0:%d" % tcp_port, "--token-file",
                    os.path.join(work, "token"), "--max-connections", "512"]
               + (["--debug"] if os.environ.get("SOAK_DEBUG") else []),
               name="soak", http="127.0.0.1", env=env).start()
    claims, figures = [], {}
    try:
        c = d.client()
        reference = {q: top_ids(c.request({"op": "search", "q": q})) for q in PROBES}
        c.close()
        idle_times = asyncio.run(quiet_latency(d, min(5.0, seconds / 4)))
        time.sleep(0.5)
        rss0, fds0 = rss_mb(d.proc.pid), open_fds(d.proc.pid)
        deadline = time.monotonic() + seconds
        commits = [0]
        indexer = threading.Thread(target=index_commits, args=(db, live, deadline, commits))
        indexer.start()
        s = Soak(d, tcp_port, d.http[1], reference, deadline)
        asyncio.run(s.run(n_clients))
        indexer.join()
        time.sleep(2.0 * SLOW)  # connections closing, the last jobs coming back
        alive = d.proc.poll() is None
        claims.append((alive, "searchd is alive after the soak", d.stderr()[-2000:]))
        if alive:
            rss1, fds1 = rss_mb(d.proc.pid), open_fds(d.proc.pid)
            c = d.client()
            found = c.request({"op": "search", "q": "kvitrefugl%06d" % commits[0]})
            c.close()
            claims.append((found and found.get("total") == 1,
                           "the last commit's note is found", found))
            figures.update(rss_start_mb=rss0, rss_end_mb=rss1, fds_start=fds0, fds_end=fds1)
            claims.append((fds1 <= fds0 + 2, "no descriptors leaked", (fds0, fds1)))
            margin = 250 if SLOW > 1 else 64
            claims.append((rss1 - rss0 < margin, "memory grew by less than %d MB" % margin,
                           (rss0, rss1)))
        claims.append((not s.wrong, "every well-formed query answered correctly",
                       s.wrong[:5]))
        claims.append((s.counts.get("good_unix", 0) > 0, "the well-behaved clients were served",
                       s.counts))
        figures.update(seconds=seconds, clients=n_clients, commits=commits[0],
                       requests=s.counts, wrong=len(s.wrong),
                       idle_p50_ms=percentile(idle_times, 50),
                       idle_p99_ms=percentile(idle_times, 99),
                       soak_p50_ms=percentile(s.latency, 50),
                       soak_p99_ms=percentile(s.latency, 99))
    finally:
        log = d.finish() if d.proc.poll() is None else d.stderr()
        if os.environ.get("SOAK_DEBUG"):
            with open(os.environ["SOAK_DEBUG"], "w") as f:
                f.write(log)
        bad = [m for m in ("ERROR: AddressSanitizer", "runtime error:", "LeakSanitizer")
               if m in log]
        claims.append((not bad, "no sanitizer report", log[-2000:]))
        shutil.rmtree(work, ignore_errors=True)
    return claims, figures


def report(figures):
    print("soak: %(seconds)d s, %(clients)d clients, %(commits)d indexer commits" % figures)
    print("  requests by kind: " + ", ".join("%s %d" % kv for kv in
                                             sorted(figures["requests"].items())))
    print("  well-behaved client: p50 %.2f ms, p99 %.2f ms during the soak; "
          "p50 %.2f ms, p99 %.2f ms on the idle daemon" % (
              figures["soak_p50_ms"], figures["soak_p99_ms"], figures["idle_p50_ms"],
              figures["idle_p99_ms"]))
    if "rss_start_mb" in figures:
        print("  searchd RSS %.1f MB → %.1f MB; open descriptors %d → %d" % (
            figures["rss_start_mb"], figures["rss_end_mb"], figures["fds_start"],
            figures["fds_end"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin")
    ap.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", 600)))
    ap.add_argument("--clients", type=int, default=256)
    a = ap.parse_args()
    claims, figures = soak(a.seconds, a.clients, a.bin)
    if "requests" in figures:
        report(figures)
    failed = [c for c in claims if not c[0]]
    for ok, what, detail in claims:
        print("  %s %s%s" % ("ok  " if ok else "FAIL", what,
                             "" if ok else ": " + str(detail)[:600]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
