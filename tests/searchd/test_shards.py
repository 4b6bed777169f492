"""An archive split across shards, searched as one: two local shards given
as two --db, then a stub file naming one local shard and one served by
xapian-tcpsrv on loopback.  Ids, facets, collapsing and get work across
them; a remote shard that dies gives `internal` (other clients are still
served), and once it is back searchd connects again by itself.

The split: the annual report (139 sections, 38 positions) in shard A, the
consultation response and the three articles (9 sections, 17 positions)
in shard B.  Each shard keeps its own indexer's last run, and stats lists
them all, a remote shard's too.  The positions and timeline operations count with Xapian's own
match spies, which a remote shard runs too: they must add up across it.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdtest import (SLOW, Daemon, build_index, check, check_eq, error_code,  # noqa: E402
                    error_message, free_port, ping_ok, run_tests, tmpdir, wait_connectable)

WORK = tmpdir("shards")
A = os.path.join(WORK, "a")
B = os.path.join(WORK, "b")
TYPES = [{"value": "arsmelding", "count": 139}, {"value": "horingsinnspill", "count": 6},
         {"value": "artikkel", "count": 3}]
A_PATHS = ["corpus/arsmelding-2024.pdf"]
B_PATHS = ["corpus/horingsinnspill-meld-st-19-2023-2024.pdf",
           "corpus/tidsskriftet-2020-utenforlandet-norge.html",
           "corpus/tidsskriftet-2024-et-godt-legeliv-starter-pa-medisinstudiet.html",
           "corpus/tidsskriftet-2026-medlemsmoter-med-fremtidens-leger.html"]
QUERY = "hvor mange høringer behandlet legeforeningen i 2024"
# as over one index (test_history.py): the annual report's year is 2024
TIMELINE = [(2020, {"artikkel": 1}, 1),
            (2024, {"arsmelding": 139, "horingsinnspill": 6, "artikkel": 1}, 53),
            (2026, {"artikkel": 1}, 0)]


def tcpsrv(port):
    """xapian-tcpsrv for shard B in its own process group: it signals its
    whole group on SIGTERM, and forks a child per connection, so it is
    stopped with SIGKILL to the group."""
    p = subprocess.Popen(["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(port), B],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    up = wait_connectable(lambda: socket.create_connection(("127.0.0.1", port), timeout=1),
                          10 * SLOW)
    if not up:
        kill_group(p)
        raise RuntimeError("xapian-tcpsrv did not come up on port %d" % port)
    return p


def kill_group(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    p.wait()


def check_merged(d, what):
    c = d.client()
    r = c.request({"op": "search", "q": "", "limit": 0, "facets": ["type"]})
    check_eq(r.get("total"), 148, "%s: every unit of both shards" % what)
    check_eq(r.get("facets", {}).get("type"), TYPES, "%s: facets across shards" % what)
    r = c.request({"op": "search", "q": QUERY, "limit": 3})
    top = r["hits"][0] if r.get("hits") else {}
    check_eq(top.get("title"), "Legeforeningens arbeid med høringer", "%s: ranking" % what)
    check_eq(top.get("pages", {}).get("first"), "45", "%s: its page" % what)
    r = c.request({"op": "search", "q": "legeforeningen", "limit": 10, "collapse": True})
    check_eq(len({h["doc_id"] for h in r.get("hits", [])}), 5, "%s: collapse across" % what)
    r = c.request({"op": "search", "q": "", "limit": 1, "filter": {"type": "artikkel"},
                   "sort": "oldest"})
    art = r["hits"][0]["id"] if r.get("hits") else ""
    r = c.request({"op": "get", "unit": art})
    check(r.get("ok") and r["unit"]["title"] == "Utenforlandet Norge",
          "%s: get a unit of shard B" % what, r.get("error"))
    r = c.request({"op": "get", "unit": top.get("id", "")})
    check(r.get("ok") and "92 høringer" in r["unit"]["text"], "%s: get a unit of A" % what)
    r = c.request({"op": "stats"})
    check_eq((r.get("documents"), r.get("units")), (5, 202), "%s: stats" % what)
    check_eq(r.get("kinds"), {"section": 148, "position": 54}, "%s: units per kind" % what)
    check_eq(r.get("types"), {"arsmelding": 139, "horingsinnspill": 6, "artikkel": 3},
             "%s: sections per type across shards" % what)
    check_eq(r.get("documents_by_type"), {"arsmelding": 1, "horingsinnspill": 1, "artikkel": 3},
             "%s: documents per type across shards" % what)
    runs = r.get("last_runs") or []
    check_eq([(run or {}).get("paths") for run in runs], [A_PATHS, B_PATHS],
             "%s: each shard's last run, in order" % what)
    check_eq([(run or {}).get("files") for run in runs], [1, 4], "%s: their counts" % what)
    newest = max(runs, key=lambda run: run["finished"]) if runs else None
    check_eq(r.get("last_run"), newest, "%s: last_run is the newest of them" % what)
    r = c.request({"op": "positions", "q": "LIS1-stillinger", "filter": {"stance": "ber"}})
    check_eq([p["addressee"] for p in r.get("positions", [])], ["Stortinget"],
             "%s: positions from shard B" % what)
    r = c.request({"op": "timeline", "q": ""})
    check_eq([(y["year"], y["units"], y["positions"]) for y in r.get("years", [])],
             TIMELINE, "%s: a timeline counts across shards" % what)
    r = c.request({"op": "suggest", "prefix": "utenfor"})
    check(r.get("ok") and r["completions"], "%s: suggest" % what, r)
    c.close()


def test_local_shards():
    d = Daemon([A, B], name="local").start()
    check_merged(d, "two --db")
    c = d.client()
    r = c.request({"op": "stats"})
    check_eq((r["shards"], r["revision"]), (2, None), "two shards, no single revision")
    c.close()
    d.finish()


def test_stub_with_remote_shard():
    port = free_port()
    srv = tcpsrv(port)
    stub = os.path.join(WORK, "archive.stub")
    with open(stub, "w") as f:
        f.write("auto %s\nremote 127.0.0.1:%d\n" % (A, port))
    d = Daemon(stub, name="stub").start()
    try:
        check_merged(d, "stub with a remote shard")
        kill_group(srv)
        c = d.client()
        r = c.request({"op": "search", "q": "høringer", "id": "x"})
        check_eq(error_code(r), "internal", "a dead shard is an internal error")
        check("remote shard" in error_message(r), "saying which part failed", r)
        check_eq(r.get("id"), "x", "with the id")
        check(ping_ok(d), "other clients are served")
        srv = tcpsrv(port)
        ok = False
        end = time.time() + 10 * SLOW
        while not ok and time.time() < end:
            ok = bool(c.request({"op": "search", "q": "høringer"}).get("ok"))
            time.sleep(0.1)
        check(ok, "searchd connects again once the shard is back")
        c.close()
    finally:
        kill_group(srv)
    log = d.finish()
    check("remote shard" in log or "index open again" in log, "the failure is logged",
          log[-600:])


def main():
    build_index(A, A_PATHS)
    build_index(B, B_PATHS)
    try:
        return run_tests([test_local_shards, test_stub_with_remote_shard])
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
