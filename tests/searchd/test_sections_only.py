"""A search without filter.kind finds sections only, checked by the match on
its best candidates (kx_enquire_require_term) rather than filtered along
every section: over the corpus, every judged query (tests/eval/) and more
must answer exactly as filter.kind "section" (a filter query) answers them,
hit for hit with the same scores and totals, and never with a position.
"""
import glob
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdtest import ROOT, Daemon, build_index, check, check_eq, run_tests, tmpdir  # noqa: E402

D = None
EXTRA = ["legeforeningen", "høringer legeforeningen", "LIS1 stillinger", "\"lege i spesialisering\"",
         "sykehus økonomi", "NOT type:annet", "", "fastleg*", "pensjon OR lønn"]
VARIANTS = [{}, {"limit": 30}, {"facets": ["type", "year"], "limit": 5}, {"sort": "newest"},
            {"collapse": True}, {"offset": 5, "limit": 5},
            {"filter": {"type": ["arsmelding", "artikkel"]}}, {"spelling": False}]


def judged_queries():
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "eval", "queries-*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            out += [json.loads(line)["q"] for line in f if line.strip()]
    return out


def ask(c, q, variant, kind):
    req = {"op": "search", "q": q}
    req.update(json.loads(json.dumps(variant)))
    if kind:
        req.setdefault("filter", {})["kind"] = "section"
    return c.request(req)


def test_default_answers_as_the_section_filter():
    c = D.client()
    queries = judged_queries() + EXTRA
    check(len(queries) > 60, "the judged queries are there", len(queries))
    alike = 0
    for q in queries:
        for v in VARIANTS:
            fast, plain = ask(c, q, v, False), ask(c, q, v, True)
            what = "%s %s" % (json.dumps(q, ensure_ascii=False), json.dumps(v))
            same_hits = [(h["id"], round(h["score"], 9)) for h in fast.get("hits", [])] == \
                [(h["id"], round(h["score"], 9)) for h in plain.get("hits", [])]
            exact = plain.get("total", 0) <= 200 or "facets" in v
            same = fast.get("ok") and same_hits and fast.get("facets") == plain.get("facets") \
                and (not exact or fast.get("total") == plain.get("total"))
            if not same:
                check(False, "default answers as filter.kind section: " + what,
                      (fast.get("total"), plain.get("total"), fast.get("hits", [])[:3],
                       plain.get("hits", [])[:3]))
                continue
            alike += 1
            kinds = {h["kind"] for h in fast.get("hits", [])}
            if kinds - {"section"}:
                check(False, "sections only: " + what, kinds)
    check_eq(alike, len(queries) * len(VARIANTS), "every search answered alike")
    c.close()


def test_positions_stay_out_of_totals():
    c = D.client()
    every = c.request({"op": "search", "q": "", "limit": 0, "facets": ["type"]})
    stats = c.request({"op": "stats"})
    check_eq(every.get("total"), stats.get("kinds", {}).get("section"),
             "an empty query counts the sections, not the positions")
    check(stats.get("kinds", {}).get("position", 0) > 0, "the corpus has positions to leave out")
    c.close()


def test_searchd_stops_cleanly():
    D.finish()


def main():
    global D
    work = tmpdir("sections")
    db = os.path.join(work, "index")
    try:
        build_index(db)
        D = Daemon(db).start()
        return run_tests([test_default_answers_as_the_section_filter,
                          test_positions_stay_out_of_totals, test_searchd_stops_cleanly])
    finally:
        if D and D.proc.poll() is None:
            D.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
