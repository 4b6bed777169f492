"""Positions, timelines, kinds and citations, over a real socket against
an index of corpus/.

What the corpus holds (read off it once; docs/CORPUS.md):
- 148 sections: 139 of the annual report (arsmelding, published
  2025-03-14 but speaking for 2024), 6 of the consultation response to
  Meld. St. 19 (2023-2024) (horingsinnspill, 2024-02-26, year 2024: its
  session's last year) and 3 articles (2020, 2024 and 2026);
- 54 positions (stances Legeforeningen takes): 38 in the annual report,
  14 in the response, one in each of the 2020 and 2024 articles.
So by the year a unit speaks for: 2020 has 1 article section and 1
position, 2024 has 139 + 6 + 1 sections and 38 + 14 + 1 = 53 positions,
2026 has 1 article section and no position.
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdtest import (BIN, SLOW, Daemon, build_index, check, check_eq,  # noqa: E402
                    error_code, error_message, run_tests, tmpdir)

D = None

SECTIONS, POSITIONS = 148, 54
REPORT, RESPONSE = "b37db0b35496c229", "9f6d713236803287"
RESPONSE_TITLE = ("Legeforeningens innspill til Meld. St. 19 (2023-2024) Profesjonsnære "
                  "utdanningar over heile landet")
LIS1_REQUEST = ("Legeforeningen ber Stortinget: Anmode regjeringen om å øke antall "
                "LIS1-stillinger i tråd med helsetjenestens behov.")
POSITION_KEYS = ["id", "quote", "stance", "speaker", "addressee", "matter", "doc_id",
                 "doc_title", "type", "date", "year", "section", "pages", "citation", "of",
                 "score"]


def request(c, op, **kw):
    req = {"op": op}
    req.update(kw)
    return c.request(req)


def all_positions(c, **kw):
    return request(c, "positions", limit=100, **kw)


# ---- kinds in search ----------------------------------------------------------

def test_search_finds_sections_unless_asked():
    c = D.client()
    r = request(c, "search", q="", limit=100, facets=["type"])
    check_eq(r.get("total"), SECTIONS, "no filter.kind: sections only")
    check_eq({h["kind"] for h in r["hits"]}, {"section"}, "every hit a section")
    r = request(c, "search", q="", limit=100, facets=["type"], filter={"kind": "position"})
    check_eq(r.get("total"), POSITIONS, "filter.kind position: the positions")
    check_eq({h["kind"] for h in r["hits"]}, {"position"}, "and nothing else")
    check_eq(r["facets"]["type"], [{"value": "arsmelding", "count": 38},
                                   {"value": "horingsinnspill", "count": 14},
                                   {"value": "artikkel", "count": 2}], "positions per type")
    hit = r["hits"][0]
    check(hit.get("position", {}).get("stance") in ("ber", "krever", "går_imot", "støtter",
                                                    "anbefaler", "mener"),
          "a position hit carries its position", hit.get("position"))
    check("text" not in hit, "and leaves its text to get", hit.get("id"))
    r = request(c, "search", q="", limit=0, facets=["type"],
                filter={"kind": ["section", "position"]})
    check_eq(r.get("total"), SECTIONS + POSITIONS, "both kinds")
    # a word a position repeats from its section: found twice only when asked
    one = request(c, "search", q="LIS1-stillinger", limit=100)
    both = request(c, "search", q="LIS1-stillinger", limit=100,
                   filter={"kind": ["section", "position"]})
    check(both["total"] > one["total"], "positions add hits only when asked",
          (one["total"], both["total"]))
    c.close()


def test_ar_2024_finds_the_annual_report():
    # år: is the year a document speaks for; the report for 2024 was
    # published in 2025, and år:2025 no longer finds it
    c = D.client()
    r = request(c, "search", q="år:2024 ventetider", limit=10)
    check(r.get("total", 0) >= 1, "år:2024 ventetider has hits", r.get("total"))
    check_eq({(h["doc_title"], h["year"]) for h in r.get("hits", [])},
             {("Årsmelding 2024", 2024)}, "from the 2024 annual report, of year 2024")
    check_eq(r["hits"][0]["title"] if r.get("hits") else None, "Ventetidsløftet",
             "section 4.4 first")
    check_eq(request(c, "search", q="år:2025 ventetider", limit=0).get("total"), 0,
             "år:2025 is not the report's year")
    r = request(c, "search", q="", limit=0, facets=["year"])
    check_eq(r["facets"]["year"], [{"value": 2026, "count": 1}, {"value": 2024, "count": 146},
                                   {"value": 2020, "count": 1}], "the year facet")
    r = request(c, "search", q="ventetider", limit=0, filter={"year": 2024})
    check_eq(r.get("total"), 5, "filter.year as år:")
    c.close()


def test_hits_carry_their_citation():
    # one hit of each type, its citation exactly as staff read it out
    c = D.client()
    cases = [
        ("hvor mange høringer behandlet legeforeningen i 2024", "arsmelding",
         "Den norske legeforening: Årsmelding 2024, 4.2 Legeforeningens arbeid med høringer, "
         "s. 45–46"),
        ("Antall LIS1-stillinger må økes", "horingsinnspill",
         RESPONSE_TITLE + ", 26.02.2024, s. 1"),
        ("utenforlandet", "artikkel", "Hermansen M. Utenforlandet Norge. Tidsskr Nor Legeforen 2020"),
        ("et godt legeliv starter på medisinstudiet", "artikkel",
         "Rime AK. Et godt legeliv starter på medisinstudiet. Tidsskr Nor Legeforen 2024; "
         "doi:10.4045/tidsskr.24.09.11"),
    ]
    for q, type_, citation in cases:
        r = request(c, "search", q=q, limit=1, filter={"type": type_})
        hit = r["hits"][0] if r.get("hits") else {}
        check_eq(hit.get("citation"), citation, "the citation of a %s hit" % type_)
        check_eq(hit.get("position", "absent"), None, "a section's position is null")
        check("period" in hit, "hits carry their period", sorted(hit))
    r = request(c, "search", q="Antall LIS1-stillinger må økes", limit=1,
                filter={"type": "horingsinnspill"})
    check_eq(r["hits"][0].get("period"), {"from": 2023, "to": 2024, "source": "session"},
             "the response's period: its session")
    c.close()


# ---- positions ---------------------------------------------------------------------

def test_positions_for_lis1():
    c = D.client()
    r = request(c, "positions", q="LIS1", limit=20)
    check(r.get("ok"), "positions ok", r)
    got = r.get("positions", [])
    check_eq(r.get("total"), len(got), "every one on the page")
    check(all(set(p) == set(POSITION_KEYS) for p in got), "each with its fields",
          [sorted(p) for p in got[:1]])
    dates = [p["date"] for p in got]
    check_eq(dates, sorted(dates, reverse=True), "newest first")
    plain = [p["quote"].replace("<b>", "").replace("</b>", "") for p in got]
    check(LIS1_REQUEST in plain, "the response's request to increase LIS1 posts", plain)
    ask = got[plain.index(LIS1_REQUEST)] if LIS1_REQUEST in plain else {}
    check_eq((ask.get("stance"), ask.get("speaker"), ask.get("addressee"), ask.get("matter"),
              ask.get("date"), ask.get("year"), ask.get("type")),
             ("ber", "Legeforeningen", "Stortinget", "Meld. St. 19 (2023-2024)", "2024-02-26",
              2024, "horingsinnspill"), "its stance, speaker, addressee, matter and date")
    check_eq(ask.get("quote"), LIS1_REQUEST.replace("LIS1", "<b>LIS1</b>"),
             "the whole quote, the matched word marked")
    check_eq((ask.get("doc_id"), ask.get("doc_title"), ask.get("of")),
             (RESPONSE, RESPONSE_TITLE, RESPONSE + "/s2"), "its document and section")
    check_eq(ask.get("citation"), RESPONSE_TITLE + ", 26.02.2024, s. 1", "its citation")
    check_eq(ask.get("section", {}).get("title"), "Antall LIS1-stillinger må økes",
             "the section it stands in")
    check_eq(ask.get("pages", {}).get("first"), "1", "its page")
    check_eq(got[0]["doc_title"], "Årsmelding 2024", "the report (2025-03-14) comes first")
    unit = request(c, "get", unit=ask.get("id", "")).get("unit", {})
    check_eq((unit.get("kind"), unit.get("text")), ("position", LIS1_REQUEST),
             "get returns the position unit")
    c.close()


def test_positions_filters_and_sorts():
    c = D.client()
    r = all_positions(c)
    check_eq(r.get("total"), POSITIONS, "no q: every position")
    check(all(p["quote"] and "<b>" not in p["quote"] for p in r["positions"]),
          "nothing to mark", r["positions"][:1])
    # the five requests: two in the annual report, three in the response
    r = all_positions(c, filter={"stance": "ber"})
    check_eq([(p["id"], p["addressee"]) for p in r["positions"]],
             [(REPORT + "/3.5.5:p3", "Helse- og omsorgsdepartementet"),
              (REPORT + "/4.3.1:p2", "Stortinget"), (RESPONSE + "/s1:p3", "Stortinget"),
              (RESPONSE + "/s2:p3", "Stortinget"), (RESPONSE + "/s4:p3", "Stortinget")],
             "filter.stance ber, newest first")
    r = all_positions(c, filter={"stance": ["Går imot", "ber"]})
    check_eq(sorted({p["stance"] for p in r["positions"]}), ["ber", "går_imot"],
             "a list of stances, written as people write them")
    check_eq(r.get("total"), 8, "5 requests and 3 objections")
    r = all_positions(c, sort="oldest", filter={"type": "artikkel"})
    check_eq([(p["date"], p["year"]) for p in r["positions"]],
             [("2020-03-16", 2020), ("2024-08-19", 2024)], "oldest first, of the articles")
    r = all_positions(c, filter={"from": "2024-01-01", "to": "2024-12-31"})
    check_eq(r.get("total"), 15, "dates: the response's 14 and an article's one")
    r = all_positions(c, filter={"year": 2020})
    check_eq([p["citation"] for p in r["positions"]],
             ["Hermansen M. Utenforlandet Norge. Tidsskr Nor Legeforen 2020"], "filter.year")
    r = request(c, "positions", q="LIS1-stillinger Stortinget", sort="relevance", limit=3)
    scores = [p["score"] for p in r["positions"]]
    check_eq(scores, sorted(scores, reverse=True), "by relevance when asked")
    full = [p["id"] for p in all_positions(c)["positions"]]
    page = [p["id"] for p in request(c, "positions", limit=10, offset=20)["positions"]]
    check_eq(page, full[20:30], "paging")
    r = request(c, "positions", q="horinger", limit=1)
    check_eq(r.get("suggestion"), "høringer", "a misspelt word searched as its correction")
    check(r.get("total", 0) > 0, "and found", r.get("total"))
    check(isinstance(r.get("took_ms"), float), "took_ms", r)
    c.close()


# ---- timeline --------------------------------------------------------------------

def years(reply):
    return [(y["year"], y["units"], y["positions"]) for y in reply.get("years", [])]


def test_timeline_over_the_corpus():
    c = D.client()
    r = request(c, "timeline", q="", by="year")
    check(r.get("ok"), "timeline ok", r)
    check_eq(years(r), [(2020, {"artikkel": 1}, 1),
                        (2024, {"arsmelding": 139, "horingsinnspill": 6, "artikkel": 1}, 53),
                        (2026, {"artikkel": 1}, 0)],
             "per year, oldest first: sections per type and positions")
    check_eq((r.get("total"), r.get("positions")), (SECTIONS, POSITIONS), "the totals")
    best = [y["best"] for y in r.get("years", [])]
    check_eq([b["type"] for b in best], ["artikkel", "arsmelding", "artikkel"],
             "the best section of each year")
    check_eq(best[0], {"id": "72b1a67932f8cc3c/s1", "title": "Utenforlandet Norge",
                       "doc_title": "Utenforlandet Norge", "type": "artikkel",
                       "citation": "Hermansen M. Utenforlandet Norge. Tidsskr Nor Legeforen 2020",
                       "pages": None}, "with what to cite it by")
    r = request(c, "timeline", q="LIS1")
    # LIS1 stands in 5 sections of the report, 2 of the response and the
    # 2024 article, and the 2020 and 2026 articles name it too; the 5
    # positions are one of the report's, the article's, and the response's
    # heading, opinion and request under "Antall LIS1-stillinger må økes"
    check_eq(years(r), [(2020, {"artikkel": 1}, 0),
                        (2024, {"arsmelding": 5, "artikkel": 1, "horingsinnspill": 2}, 5),
                        (2026, {"artikkel": 1}, 0)], "LIS1 through the years")
    check_eq(r["years"][1]["best"]["id"] if len(r.get("years", [])) > 1 else None,
             REPORT + "/2.3.1", "2024's best section for LIS1")
    r = request(c, "timeline", q="ventetider")
    check_eq(years(r), [(2024, {"arsmelding": 5}, 1)], "a year with no match is left out")
    check_eq(r["years"][0]["best"]["title"], "Ventetidsløftet", "its best section")
    r = request(c, "timeline", q="", filter={"type": "artikkel"})
    check_eq(years(r), [(2020, {"artikkel": 1}, 1), (2024, {"artikkel": 1}, 1),
                        (2026, {"artikkel": 1}, 0)], "filtered to the articles")
    r = request(c, "timeline", q="zebrafjordqqq")
    check_eq((r.get("years"), r.get("total"), r.get("positions")), ([], 0, 0), "nothing")
    c.close()


# ---- bin/kilde against it -----------------------------------------------------

def kilde(*args):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "KILDE_SOCKET")}
    env["COLUMNS"] = "100"
    p = subprocess.run([os.path.join(BIN, "kilde"), "--socket", D.socket] + list(args),
                       capture_output=True, text=True, env=env, timeout=60 * SLOW)
    return p.returncode, p.stdout, p.stderr


def test_the_client_reads_them():
    rc, out, err = kilde("positions", "--stance", "ber", "LIS1-stillinger")
    check_eq((rc, err), (0, ""), "kilde positions: exit 0")
    quote, _, rest = out.partition("\n  ")
    check_eq(quote.replace("\n", " "), "«" + LIS1_REQUEST + "»", "the quote (wrapped)")
    check_eq("  " + rest[:rest.index("\n\n") + 2],
             "  ber · Legeforeningen → Stortinget · Meld. St. 19 (2023-2024)\n"
             "  " + RESPONSE_TITLE + ", 26.02.2024, s. 1\n"
             "  " + RESPONSE + "/s2:p3\n\n", "who asks whom about what, the citation, the id")
    check(out.endswith(" ms\n") and "\n1 standpunkt · søket tok" in out, "one position", out)
    rc, out, err = kilde("timeline")
    lines = out.splitlines()
    check_eq((rc, len(lines)), (0, 5), "kilde timeline: a legend, 3 years, the totals")
    check_eq([line[:5] for line in lines[1:4]], ["2020 ", "2024 ", "2026 "], "oldest first")
    check("139 årsmelding, 6 høringsinnspill, 1 artikkel · 53 standpunkter · Fra presidenten "
          "(Årsmelding 2024)" in lines[2], "2024's counts and best hit", lines[2])
    check(lines[4].startswith("148 treff i 3 år · 54 standpunkter"), "the totals", lines[4])


# ---- errors --------------------------------------------------------------------

BAD = [  # (request, code, words the message must hold)
    ({"op": "search", "filter": {"kind": "posisjon"}}, "bad_request",
     "unknown kind 'posisjon' in filter.kind — did you mean 'position'? (kinds: section, "
     "position)"),
    ({"op": "search", "filter": {"kind": []}}, "bad_request", "filter.kind must be a kind"),
    ({"op": "search", "filter": {"stance": "ber"}}, "bad_request",
     "unknown field 'stance' in filter"),
    ({"op": "search", "filter": {"year": "2024"}}, "bad_request", "filter.year must be a year"),
    ({"op": "positions", "filter": {"stance": "berr"}}, "bad_request",
     "unknown stance 'berr' in filter.stance — did you mean 'ber'? (stances: ber, krever, "
     "går_imot, støtter, anbefaler, mener)"),
    ({"op": "positions", "filter": {"stance": [1]}}, "bad_request",
     "filter.stance lists strings only"),
    ({"op": "positions", "filter": {"stance": "x" * 300}}, "bad_request", "unknown stance"),
    ({"op": "positions", "filter": {"kind": "section"}}, "bad_request",
     "unknown field 'kind' in filter"),
    ({"op": "positions", "sort": "newst"}, "bad_request", "did you mean 'newest'?"),
    ({"op": "positions", "limit": 101}, "bad_request", "'limit' must be a whole number"),
    ({"op": "positions", "facets": ["type"]}, "bad_request",
     "unknown field 'facets' in positions"),
    ({"op": "positions", "q": "(lis1"}, "bad_query", "is never closed"),
    ({"op": "timeline", "by": "month"}, "bad_request",
     "unknown 'by' 'month' (a timeline goes by: year)"),
    ({"op": "timeline", "by": 1}, "bad_request", "'by' must be a string"),
    ({"op": "timeline", "filter": {"stance": "ber"}}, "bad_request",
     "unknown field 'stance' in filter"),
    ({"op": "timeline", "limit": 5}, "bad_request", "unknown field 'limit' in timeline"),
    ({"op": "timline"}, "bad_request", "did you mean 'timeline'?"),
]


def test_bad_requests():
    c = D.client()
    for req, code, words in BAD:
        r = c.request(req)
        check_eq(error_code(r), code, "code for %r" % (req,))
        check(words in error_message(r), "message for %r says %r" % (req, words),
              error_message(r))
    check(c.request({"op": "ping"}).get("ok"), "the connection outlives its mistakes")
    c.close()


def test_clean_exit():
    D.finish()


def main():
    global D
    work = tmpdir("history")
    db = os.path.join(work, "index")
    build_index(db)
    D = Daemon(db, ["--workers", "2"]).start()
    tests = [test_search_finds_sections_unless_asked, test_ar_2024_finds_the_annual_report,
             test_hits_carry_their_citation, test_positions_for_lis1,
             test_positions_filters_and_sorts, test_timeline_over_the_corpus,
             test_the_client_reads_them, test_bad_requests, test_clean_exit]
    try:
        rc = run_tests(tests)
    finally:
        D.stop()
        shutil.rmtree(work, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
