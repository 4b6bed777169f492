"""Versions over the socket: a consultation response and its revision a
year later are both indexed (a policy history needs both), each hit says
which family it belongs to and the revision which document it revises,
and `collapse` shows one hit per family, not per file.
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdtest import Daemon, build_index, check, check_eq, run_tests, tmpdir  # noqa: E402

FIRST = "corpus/horingsinnspill-meld-st-19-2023-2024.pdf"
REVISED = "tests/data/identity/horingsinnspill-meld-st-19-revidert-2025.txt"
OTHER = "corpus/tidsskriftet-2020-utenforlandet-norge.html"
D = None


def search(c, q, **kw):
    req = {"op": "search", "q": q, "limit": 50}
    req.update(kw)
    return c.request(req)


def by_source(reply):
    out = {}
    for h in reply.get("hits", []):
        out.setdefault(h["source"], []).append(h)
    return out


def test_both_versions_are_found():
    c = D.client()
    hits = by_source(search(c, "legeforeningen ber stortinget"))
    check(FIRST in hits and REVISED in hits, "hits from both versions", list(hits))
    first, revised = hits.get(FIRST, [{}])[0], hits.get(REVISED, [{}])[0]
    check(first.get("doc_id") != revised.get("doc_id"), "two documents", (first, revised))
    check_eq(revised.get("version_of"), first.get("doc_id"), "the revision names the first")
    check_eq(revised.get("family"), first.get("doc_id"), "the revision is of the first's family")
    check_eq(first.get("family"), first.get("doc_id"), "the first heads its family")
    check_eq(first.get("version_of"), None, "the first is a version of nothing")
    only_new = by_source(search(c, '"øremerke midler"'))
    check_eq(list(only_new), [REVISED], "the new demand is found in the revision only")
    r = c.request({"op": "get", "unit": revised.get("id", "")})
    check_eq(r.get("unit", {}).get("version_of"), first.get("doc_id"), "get tells it too")
    c.close()


def test_collapse_shows_one_hit_per_family():
    c = D.client()
    full = search(c, "legeforeningen")
    r = search(c, "legeforeningen", collapse=True)
    families = [h["family"] for h in r.get("hits", [])]
    check(len(families) == len(set(families)), "no family twice", families)
    check(len(families) == 2, "the response's family and the article", families)
    sources = {h["source"] for h in r.get("hits", [])}
    check(OTHER in sources, "the unrelated article keeps its own hit", sources)
    check_eq(sum(h["collapsed"] for h in r["hits"]) + len(families), full.get("total"),
             "the collapsed units of both versions add up to every matching unit")
    c.close()


def test_searchd_stops_cleanly():
    D.finish()


def main():
    global D
    work = tmpdir("versions")
    db = os.path.join(work, "index")
    try:
        r = build_index(db, [FIRST, REVISED, OTHER])
        check("a version of" in r.stderr, "the indexer notes the version", r.stderr)
        D = Daemon(db).start()
        return run_tests([test_both_versions_are_found, test_collapse_shows_one_hit_per_family,
                          test_searchd_stops_cleanly])
    finally:
        if D and D.proc.poll() is None:
            D.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
