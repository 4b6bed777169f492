"""searchd under a memory limit: a request that memory runs out for is
answered `busy`, the daemon stays up, and serves ping and searches after.

The daemon starts without a limit, answers a few searches (so its worker
threads' malloc arenas exist), and then gets an address-space limit
(RLIMIT_AS, set with prlimit on its pid) of what it maps then plus a
headroom that steps down until heavy requests — 100 hits with facets and
snippets, a query OR'ing many prefix expansions, pipelined — meet a
failed allocation.  Every reply must be a correct answer or `busy`; no
connection may drop.  The sanitizer build cannot run under RLIMIT_AS
(ASan reserves terabytes of shadow memory): there the limit part is
skipped, and says so.
"""
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdtest import (Daemon, build_index, check, check_eq, error_code, error_message,  # noqa: E402
                    ping_ok, run_tests, tmpdir)

WORK = tmpdir("memory")
DB = os.path.join(WORK, "index")
MB = 1024 * 1024
HEADROOMS_MB = (64, 32, 16, 8, 4, 2, 1, 0)  # stepped down until a busy comes
PIPELINE = 24  # heavy searches sent at once on each of two connections
PREFIXES = "a* b* d* e* f* g* h* i* k* l* m* n* o* p* r* s* t* u* v* å* ø*"
HEAVY = {"op": "search", "q": PREFIXES, "limit": 100, "facets": ["type", "year"],
         "filter": {"kind": ["section", "position"]}}
NORMAL = {"op": "search", "q": "høringer", "limit": 3}


def vm_size(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def set_limit(d, limit):
    """The soft limit only: lifting it again needs no privilege."""
    resource.prlimit(d.proc.pid, resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))


def answer_or_busy(r, what):
    """A reply under pressure: a whole answer, or busy saying memory ran out."""
    if r is None:
        return check(False, "%s: the connection stays open" % what)
    if r.get("ok"):
        return check("hits" in r and "total" in r and "facets" in r,
                     "%s: an answer is a whole one" % what, str(r)[:300])
    ok = check_eq(error_code(r), "busy", "%s: the only error memory gives" % what)
    return ok and check("memory" in error_message(r), "%s: busy says memory ran out" % what, r)


def pressure(d, reference):
    """Heavy requests, pipelined on two connections; the busy replies counted."""
    clients = [d.client(), d.client()]
    for c in clients:
        for i in range(PIPELINE):
            c.send(dict(HEAVY, id=i))
    busy = 0
    for n, c in enumerate(clients):
        for i in range(PIPELINE):
            r = c.recv()
            if not answer_or_busy(r, "heavy search %d.%d" % (n, i)):
                break
            # the static busy line (no memory even to make a reply) has no id
            check(r.get("id") == i or ("id" not in r and error_code(r) == "busy"),
                  "replies stay in order", r)
            if r.get("ok"):
                check_eq(r["total"], reference["total"], "an answer under pressure is right")
            else:
                busy += 1
        c.close()
    return busy


def test_busy_under_limit():
    if os.environ.get("KILDE_SANITIZED"):
        print("test_memory: the RLIMIT_AS part skipped in the sanitizer build "
              "(ASan's shadow memory needs an unlimited address space)")
        return
    env = dict(os.environ, MALLOC_ARENA_MAX="2")
    d = Daemon(DB, ["--workers", "2"], name="memory", env=env).start()
    c = d.client()
    reference = c.request(HEAVY)
    check(reference.get("ok"), "the heavy search works without a limit", str(reference)[:300])
    normal = c.request(NORMAL)
    c.close()
    base = vm_size(d.proc.pid)
    busy, limit = 0, 0
    for headroom in HEADROOMS_MB:
        limit = base + headroom * MB
        set_limit(d, limit)
        busy = pressure(d, reference)
        if not check(d.proc.poll() is None, "searchd alive at %d MB headroom" % headroom,
                     d.stderr()[-2000:]):
            return
        if busy:
            break
    print("test_memory: VmSize %.0f MB at start, limit %.0f MB: %d of %d heavy searches busy"
          % (base / MB, limit / MB, busy, 2 * PIPELINE))
    check(busy > 0, "a busy reply once memory runs out (down to %.0f MB)" % (limit / MB))
    after_pressure(d, normal)


def after_pressure(d, normal):
    """Ping and a normal search answered, right, while the limit holds; and
    with it lifted the heavy search works again: nothing was corrupted."""
    check(ping_ok(d), "ping answered after the pressure")
    c = d.client()
    r = c.request(NORMAL)
    check(r and r.get("ok") and r["total"] == normal["total"] and r["hits"] == normal["hits"],
          "a normal search answered, right, after the pressure", str(r)[:300])
    set_limit(d, resource.RLIM_INFINITY)
    r = c.request(HEAVY)
    check(r and r.get("ok"), "the heavy search works again with the limit lifted", str(r)[:300])
    c.close()
    check(d.proc.poll() is None, "searchd still alive")
    d.finish()


def test_huge_line():
    """A long legal request line on a starved daemon: an answer or busy."""
    if os.environ.get("KILDE_SANITIZED"):
        print("test_memory: the huge line under RLIMIT_AS skipped in the sanitizer build")
        return
    d = Daemon(DB, ["--workers", "2"], name="memory-line",
               env=dict(os.environ, MALLOC_ARENA_MAX="2")).start()
    c = d.client()
    c.request(NORMAL)
    base = vm_size(d.proc.pid)
    set_limit(d, base)
    q = " OR ".join("%s*" % chr(ord("a") + i % 26) for i in range(200))
    line = dict(HEAVY, q=q, id="pad" + "x" * 60000)
    r = c.request(line)
    check(r is not None and (r.get("ok") or error_code(r) in ("busy", "bad_query")),
          "a huge line under no headroom: answered (busy when memory ran out)", str(r)[:300])
    check(d.proc.poll() is None, "searchd alive after the huge line")
    set_limit(d, resource.RLIM_INFINITY)
    check(ping_ok(d), "ping answered after the huge line")
    c.close()
    d.finish()


if __name__ == "__main__":
    build_index(DB)
    sys.exit(run_tests([test_busy_under_limit, test_huge_line]))
