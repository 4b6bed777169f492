"""searchd over a real socket against an index of corpus/: every operation,
the query language, filters, sorting and facets with exact counts, every
client error with its message, pipelining, 16 concurrent clients, abuse
(malformed JSON, binary noise, oversized lines, abrupt disconnects) after
which other clients are still served, TCP, SIGHUP and SIGTERM.

Expected numbers were read off the corpus once (docs/CORPUS.md):
139 sections of the annual report (arsmelding, dated 2025-03-14 by its
PDF but speaking for 2024: its year, år: and the year facet say 2024), 6
of the consultation response (horingsinnspill, 2024) and 3 articles (2020,
2024, 2026): 148 sections in 5 documents.  Besides them the index holds 54
positions (units of kind position, 38 + 14 + 2 of the three types); a
search without filter.kind finds sections only, so every search count
here is of sections.  tests/searchd/test_history.py tests the positions.
"""
import os
import shutil
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdtest import (Client, Daemon, build_index, check, check_eq, error_code,  # noqa: E402
                    error_message, free_port, ping_ok, run_tests, tmpdir, ROOT, SLOW)

UNITS, DOCUMENTS = 148, 5  # sections; search's default kind
POSITIONS = 54
TYPES = [{"value": "arsmelding", "count": 139}, {"value": "horingsinnspill", "count": 6},
         {"value": "artikkel", "count": 3}]
# the annual report's 139 speak for 2024, with the response's 6 and an article
YEARS = [{"value": 2026, "count": 1}, {"value": 2024, "count": 146},
         {"value": 2020, "count": 1}]
TARGET_QUERY = "hvor mange høringer behandlet legeforeningen i 2024"
TARGET_TITLE = "Legeforeningens arbeid med høringer"
HIT_KEYS = ("id", "doc_id", "title", "doc_title", "type", "date", "section", "pages", "score",
            "snippet", "source", "url")

D = None       # the daemon every test here talks to
D_DB = None    # its index
TCP_PORT = None


def search(c, q="", **kw):
    req = {"op": "search", "q": q}
    req.update(kw)
    return c.request(req)


def ids(reply):
    return [h["id"] for h in reply.get("hits", [])]


# ---- operations ------------------------------------------------------------

def test_ping_echoes_any_id():
    c = D.client()
    for ident in (1, "abc", {"k": [1, 2]}, [None], None, 2.5):
        r = c.request({"op": "ping", "id": ident})
        check(r["ok"] and r["version"] == 1, "ping ok with protocol version 1", r)
        check_eq(r.get("id", "absent"), ident, "the id comes back as sent")
    r = c.request({"op": "ping"})
    check("id" not in r, "no id asked, none echoed", r)
    c.close()


def test_search_finds_the_section_that_answers():
    c = D.client()
    r = search(c, TARGET_QUERY, limit=5)
    check(r["ok"], "search ok", r)
    top = r["hits"][0] if r.get("hits") else {}
    check_eq(top.get("title"), TARGET_TITLE, "the first hit is section 4.2")
    check_eq(top.get("section", {}).get("number"), "4.2", "its section number")
    check_eq(top.get("section", {}).get("path"),
             ["4 HELSEPOLITIKK", "4.2 Legeforeningens arbeid med høringer"], "its heading path")
    check_eq(top.get("pages"), {"first": "45", "last": "46", "printed": True, "first_index": 47,
                                "last_index": 48}, "its pages as printed")
    check_eq(top.get("doc_title"), "Årsmelding 2024", "its document")
    check_eq(top.get("source"), "corpus/arsmelding-2024.pdf", "its source")
    check("<b>høringer</b>" in top.get("snippet", ""), "matched words marked in the snippet",
          top.get("snippet"))
    check("behandlet" in top.get("snippet", ""), "the snippet is the answering passage",
          top.get("snippet"))
    check("<b>I</b>" not in top.get("snippet", "") and "<b>i</b>" not in top.get("snippet", ""),
          "stop words the query left out are not marked", top.get("snippet"))
    check("<b>Legeforeningens</b>" in top.get("snippet", ""),
          "inflections of a query word are marked", top.get("snippet"))
    check(isinstance(r.get("took_ms"), float), "took_ms is a number", r.get("took_ms"))
    for h in r["hits"]:
        missing = [k for k in HIT_KEYS if k not in h]
        check(not missing, "hit %s has every field" % h.get("id"), missing)
        check("text" not in h, "hits leave the full text to get", h.get("id"))
    c.close()


def test_units_with_all_words_come_first():
    c = D.client()
    both = set(ids(search(c, "+høringer +statsbudsjettet", limit=100)))
    r = search(c, "høringer statsbudsjettet", limit=100)
    check(len(both) >= 2, "some units hold both words", both)
    check(r["total"] > len(both), "units with one of the words still come back", r["total"])
    check_eq(set(ids(r)[:len(both)]), both, "the units holding both words rank first")
    c.close()


def test_query_language():
    c = D.client()
    cases = [  # (query, expected total, a claim on the hits)
        ('"profesjonsnære utdanningar"', 6, lambda h: all(x["type"] == "horingsinnspill" for x in h)),
        # a phrase's words in their bokmål and stemmed forms, in order:
        # "utdanningar over heile landet" (the response's nynorsk title)
        ('"utdanninger over hele landet"', 6, lambda h: all(x["type"] == "horingsinnspill" for x in h)),
        ('"utdanninger hele over landet"', 0, None),
        # the compound first; then units holding both its parts apart
        # ("møter for medlemmer"), all of them, never one alone
        ("medlemsmøter", 11, lambda h: all("edlemsmøter" in x["title"] for x in h[:2])),
        ("medlemsmøter -kielce", 10, lambda h: "edlemsmøter" in h[0]["title"]),
        ("utenforlandet OR medlemsmøter", 3, None),
        ("tittel:medlemsmøter", 2, None),
        ("Tittel:utenforlandet", 1, lambda h: h[0]["title"] == "Utenforlandet Norge"),
        ("forfatter:hermansen", 1, lambda h: h[0]["title"] == "Utenforlandet Norge"),
        ("type:artikkel", 3, lambda h: all(x["type"] == "artikkel" for x in h)),
        ("type:høringsinnspill", 6, None),
        # år: is the year a document speaks for: the annual report for
        # 2024 is 2024 (published 2025-03-14), with the response and an article
        ("år:2024", 146, lambda h: all(x["year"] == 2024 for x in h)),
        ("År:2020", 1, None),
        ("år:2019..2024", 147, None),
        ("år:2025..", 1, lambda h: h[0]["date"] == "2026-04-20"),
        ("NOT type:arsmelding", 9, None),
        ("legeforeningen type:artikkel år:2024", 1, None),
    ]
    for q, total, claim in cases:
        r = search(c, q, limit=20)
        check(r.get("ok"), "query %r is read" % q, r)
        check_eq(r.get("total"), total, "total for %r" % q)
        if claim and r.get("hits"):
            check(claim(r["hits"]), "hits of %r" % q, ids(r))
    # stop words are left out of plain queries only: an operator keeps its operands
    check_eq(search(c, "i OR og")["total"], search(c, "i og")["total"],
             "i OR og searches the stop words, as i og does")
    check(search(c, "i dag OR zebrafjordqqq")["total"] > search(c, "dag")["total"],
          "i dag OR x: the i is searched too (more units hold i than dag)")
    r = search(c, "hør*", limit=3)
    check(r["ok"] and r["total"] >= 20, "hør* expands", r.get("total"))
    check(TARGET_TITLE in [h["title"] for h in r["hits"]], "hør* finds høringer", ids(r))
    r = search(c, "a*", limit=1)
    check(r["ok"], "a one-letter prefix* is bounded, not refused", r)
    c.close()


def test_filters_sort_and_facets():
    c = D.client()
    r = search(c, "", limit=0, facets=["type", "year"])
    check_eq(r["total"], UNITS, "every unit")
    check_eq(r["facets"]["type"], TYPES, "type facet counts")
    check_eq(r["facets"]["year"], YEARS, "year facet, newest first")
    cases = [  # (filter, total, type facet)
        ({"from": "2024-01-01", "to": "2024-12-31"}, 7,
         [{"value": "horingsinnspill", "count": 6}, {"value": "artikkel", "count": 1}]),
        ({"type": ["artikkel", "horingsinnspill"]}, 9,
         [{"value": "horingsinnspill", "count": 6}, {"value": "artikkel", "count": 3}]),
        ({"type": "Artikkel"}, 3, [{"value": "artikkel", "count": 3}]),
        ({"author": "Marit Hermansen"}, 1, [{"value": "artikkel", "count": 1}]),
        ({"author": "rime"}, 1, [{"value": "artikkel", "count": 1}]),
        ({"from": "2025-01-01"}, 140, None),
        ({"from": "2024-02", "to": "2024-02"}, 6, None),
        ({"to": "2020"}, 1, None),
        ({"type": ["arsmelding"], "from": "2026-01-01"}, 0, []),
    ]
    for flt, total, types in cases:
        r = search(c, "", limit=0, filter=flt, facets=["type"])
        check_eq(r.get("total"), total, "total for filter %r" % flt)
        if types is not None:
            check_eq(r.get("facets", {}).get("type"), types, "types for filter %r" % flt)
    # 28, not the 15 units holding the word itself: compounds such as
    # "spesialistutdanningen" are indexed with their parts
    check_eq(search(c, "utdanning", limit=0)["total"], 28, "a ranked query")
    r = search(c, "utdanning", limit=10, filter={"type": "horingsinnspill"})
    check(r["total"] == 6 and all(h["type"] == "horingsinnspill" for h in r["hits"]),
          "a filter narrows a ranked query", ids(r))
    newest = search(c, "", limit=20, sort="newest")["hits"]
    oldest = search(c, "", limit=20, sort="oldest")["hits"]
    check_eq(newest[0]["date"], "2026-04-20", "newest first")
    check_eq(oldest[0]["date"], "2020-03-16", "oldest first")
    dates = [h["date"] for h in newest]
    check_eq(dates, sorted(dates, reverse=True), "newest: dates never rise")
    dates = [h["date"] for h in oldest]
    check_eq(dates, sorted(dates), "oldest: dates never fall")
    c.close()


def test_collapse_keeps_one_unit_per_document():
    c = D.client()
    r = search(c, "legeforeningen", limit=10, collapse=True)
    docs = [h["doc_id"] for h in r["hits"]]
    check_eq(len(docs), DOCUMENTS, "one hit per document")
    check_eq(len(set(docs)), len(docs), "no document twice")
    check_eq(sum(h["collapsed"] for h in r["hits"]) + len(docs), UNITS,
             "collapsed counts add up to every unit")
    c.close()


def test_paging():
    c = D.client()
    ten = ids(search(c, "høringer", limit=10))
    check_eq(ids(search(c, "høringer", limit=5, offset=5)), ten[5:], "offset 5 is the second page")
    check_eq(search(c, "høringer", limit=0)["hits"], [], "limit 0: counts only")
    # several words: the first hits are reordered by how close the words
    # stand, and every page must still be a slice of the same list
    q = "legeforeningen høringer stortinget"
    full = search(c, q, limit=60)
    scores = [h["score"] for h in full["hits"]]
    check_eq(scores, sorted(scores, reverse=True), "hits in order of their scores")
    for offset, limit in ((5, 5), (25, 10), (30, 10), (28, 20)):
        check_eq(ids(search(c, q, limit=limit, offset=offset)), ids(full)[offset:offset + limit],
                 "page at offset %d of a several-word query" % offset)
    check_eq(len(search(c, "", limit=100)["hits"]), 100, "limit 100 is allowed")
    c.close()


def test_spelling_suggestion():
    c = D.client()
    r = search(c, "horinger")
    check_eq(r.get("suggestion"), "høringer", "horinger → høringer")
    check_eq(r.get("total"), search(c, "høringer").get("total"),
             "an unknown word is searched as its correction")
    check_eq(search(c, "2025 horinger").get("suggestion"), "2025 høringer",
             "a number is never corrected")
    r = search(c, "legeforeningens horinger")
    check_eq(r.get("suggestion"), "legeforeningens høringer", "only the unknown word changes")
    check_eq(search(c, "høringer").get("suggestion"), None, "known words: no suggestion")
    # a keyboard without æ, ø and å
    check_eq(search(c, "hoeringer").get("suggestion"), "høringer", "oe → ø")
    check_eq(search(c, "Radet for legeetikk").get("suggestion"), "rådet for legeetikk",
             "a → å, the known words kept")
    r = search(c, "sykehusokonomi", limit=3)
    check(r["total"] > 0 and "sykehusøkonomi" in r["hits"][0]["snippet"].replace("<b>", "")
          .replace("</b>", "").lower(), "sykehusokonomi finds sykehusøkonomi", ids(r))
    check_eq(search(c, "for").get("suggestion"), None, "for stays for, never før")
    # words of the language are right as typed, though the index lacks them
    for q in ("hva foreslo Grimstad-utvalget", "korleis gjekk det med fastlegeordninga",
              "nettsted for jobbsøkende leger"):
        check_eq(search(c, q).get("suggestion"), None, "%s: searched as typed" % q)
    check_eq(search(c, "legforeningen").get("suggestion"), "legeforeningen",
             "a word no dictionary knows: the index's closest")
    c.close()


def test_get():
    c = D.client()
    top = search(c, TARGET_QUERY, limit=1)["hits"][0]
    r = c.request({"op": "get", "unit": top["id"], "id": "g"})
    unit = r.get("unit", {})
    check(r["ok"] and r["id"] == "g", "get ok", r)
    check_eq(unit.get("id"), top["id"], "the unit asked for")
    check("I 2024 behandlet Legeforeningen totalt 92 høringer" in unit.get("text", ""),
          "its full text", unit.get("text", "")[:300])
    check_eq(unit.get("pages", {}).get("first"), "45", "its first page")
    for k in ("doc_title", "type", "date", "section", "source", "captions"):
        check(k in unit, "get returns %s" % k)
    check(all("\ufffd" not in x["from"] for x in unit.get("repairs", [])),
          "the annual report lost no ligatures: its repairs are line-end hyphens only",
          unit.get("repairs"))
    hit = search(c, "LIS1-stillinger Stortinget", limit=1, filter={"type": "horingsinnspill"})
    damaged = c.request({"op": "get", "unit": hit["hits"][0]["id"]}).get("unit", {})
    check("Legeforeningen ber Stortinget:" in damaged.get("text", ""),
          "the consultation's lost ligatures are repaired", damaged.get("text", "")[:200])
    check({"from": "Stor\ufffdnget", "to": "Stortinget"} in damaged.get("repairs", []),
          "and the extracted form is kept", damaged.get("repairs"))
    check("repairs" not in hit["hits"][0], "hits leave the repairs to get")
    r = c.request({"op": "get", "unit": top["id"][:-1] + "9"})
    check_eq(error_code(r), "not_found", "an unknown unit")
    check("no unit" in error_message(r), "not_found says what", r)
    c.close()


def test_suggest():
    c = D.client()
    r = c.request({"op": "suggest", "prefix": "hør"})
    words = [x["word"] for x in r.get("completions", [])]
    check(r["ok"] and words[:1] == ["høring"], "the most frequent completion first", words)
    counts = [x["count"] for x in r["completions"]]
    check_eq(counts, sorted(counts, reverse=True), "completions by frequency")
    # 15 sections and 4 positions: a completion counts units of either kind
    check_eq(r["completions"][0]["count"], 19,
             "høring stands in 19 units, on its own or in a compound")
    r = c.request({"op": "suggest", "prefix": "legeforeningens hør", "limit": 2})
    check_eq([x["text"] for x in r["completions"]],
             ["legeforeningens høring", "legeforeningens høringer"],
             "completions keep the words before")
    check(any(t["title"] == TARGET_TITLE for t in r["titles"]), "a heading that starts so",
          r["titles"])
    r = c.request({"op": "suggest", "prefix": "Årsm"})
    check_eq([t["title"] for t in r["titles"] if t["kind"] == "document"], ["Årsmelding 2024"],
             "a document title that starts so")
    c.close()


def test_stats():
    c = D.client()
    search(c, "høringer")
    r = c.request({"op": "stats"})
    check(r["ok"], "stats ok", r)
    check_eq((r["documents"], r["units"], r["shards"]), (DOCUMENTS, UNITS + POSITIONS, 1),
             "what is served: units of both kinds")
    check_eq(r.get("kinds"), {"section": UNITS, "position": POSITIONS}, "units per kind")
    check_eq(list(r.get("types", {}).items()),
             [(t["value"], t["count"]) for t in TYPES], "sections per type, most first")
    check_eq(r.get("documents_by_type"), {"arsmelding": 1, "horingsinnspill": 1, "artikkel": 3},
             "documents per type")
    run = r.get("last_run") or {}
    check_eq((run.get("paths"), run.get("files"), run.get("indexed"), run.get("failed"),
              run.get("failures")), (["corpus"], 5, 5, 0, []),
             "the indexer's run over corpus/: five files, none failed")
    check("last_runs" not in r, "one shard: no list of runs", r)
    check(isinstance(r["revision"], int) and r["revision"] >= 1, "index revision", r)
    check(r["index_time"].endswith("Z"), "index time", r["index_time"])
    check(r["queries"] >= 1 and r["requests"] > r["queries"], "counts requests and searches", r)
    lat = r["latency_ms"]
    check(0 < lat["p50"] <= lat["p90"] <= lat["p99"] and lat["samples"] == r["queries"],
          "latency percentiles", lat)
    check(r["uptime_s"] > 0 and r["workers"] == 2 and r["version"] == 1, "uptime, workers", r)
    c.close()


# ---- errors ----------------------------------------------------------------

BAD_REQUESTS = [  # (raw line, code, words the message must hold)
    (b'{"op":"ping"', "bad_request", "malformed JSON"),
    (b'[1,2]', "bad_request", "a request is a JSON object"),
    (b'{}', "bad_request", "missing field 'op'"),
    (b'{"op":1}', "bad_request", "'op' must be a string"),
    (b'{"op":"ping","op":"stats"}', "bad_request", "duplicate"),
    (b'{"op":"serch"}', "bad_request", "unknown op 'serch' \u2014 did you mean 'search'?"),
    (b'{"op":"search","qq":"x"}', "bad_request", "unknown field 'qq' in search \u2014 did you mean 'q'?"),
    (b'{"op":"ping","extra":1}', "bad_request", "unknown field 'extra' in ping"),
    (b'{"op":"search","q":5}', "bad_request", "'q' must be a string"),
    (b'{"op":"search","limit":101}', "bad_request", "'limit' must be a whole number from 0 to 100"),
    (b'{"op":"search","offset":-1}', "bad_request", "'offset' must be a whole number"),
    (b'{"op":"search","collapse":"yes"}', "bad_request", "'collapse' must be true or false"),
    (b'{"op":"search","sort":"newst"}', "bad_request", "did you mean 'newest'?"),
    (b'{"op":"search","facets":"type"}', "bad_request", "'facets' must be a list"),
    (b'{"op":"search","facets":["tpye"]}', "bad_request", "did you mean 'type'?"),
    (b'{"op":"search","filter":[]}', "bad_request", "'filter' must be an object"),
    (b'{"op":"search","filter":{"forfatter":"x"}}', "bad_request",
     "unknown field 'forfatter' in filter"),
    (b'{"op":"search","filter":{"type":["artikel"]}}', "bad_request",
     "unknown type 'artikel' in filter.type \u2014 did you mean 'artikkel'?"),
    (b'{"op":"search","filter":{"type":[]}}', "bad_request", "filter.type must be a type"),
    (b'{"op":"search","filter":{"from":"2024-13-01"}}', "bad_request",
     "filter.from must be a date"),
    (b'{"op":"search","filter":{"to":"24-01-01"}}', "bad_request", "filter.to must be a date"),
    (b'{"op":"search","filter":{"from":"2025-01-01","to":"2024-01-01"}}', "bad_request",
     "is after"),
    (b'{"op":"search","filter":{"author":" - "}}', "bad_request", "filter.author needs a name"),
    (b'{"op":"search","q":"' + b"x" * 2001 + b'"}', "bad_request", "longer than 2000 bytes"),
    (b'{"op":"get"}', "bad_request", "get needs 'unit'"),
    (b'{"op":"get","unit":""}', "bad_request", "get needs 'unit'"),
    (b'{"op":"suggest"}', "bad_request", "suggest needs 'prefix'"),
    (b'{"op":"suggest","prefix":"a","limit":0}', "bad_request", "'limit' must be"),
    (b'{"op":"get","unit":"x\\u0000y"}', "bad_request", "NUL"),
]

BAD_QUERIES = [  # (q, words the message must hold)
    ("forfattar:rime", "unknown field 'forfattar' at character 1 — did you mean 'forfatter'?"),
    ('"høringer legeforeningen', "unclosed quote: the '\"' at character 1"),
    ('høringer "legeforeningen', "at character 10"),
    ("(høringer", "the '(' at character 1 is never closed"),
    ("høringer)", "the ')' at character 9 closes nothing"),
    ("()", "empty parentheses at character 1"),
    ("høringer AND", "'AND' at character 10 needs a word on its right-hand side"),
    ("OR høringer", "'OR' at character 1 needs a word on its left-hand side"),
    ("høringer OR OR lege", "'OR' at character 10"),
    ("høringer NOT", "'NOT' at character 10 needs a word on its right side"),
    ("år:2x24", "år: at character 1 takes a year"),
    ("år:2024..20", "not '2024..20'"),
    ("type:artikel", "unknown type 'artikel' at character 1 — did you mean 'artikkel'?"),
    ("tittel:", "needs a value right after the colon"),
    ("*", "needs letters before it"),
    ("h*ring", "'*' works only at the end of a word"),
]


def test_bad_requests():
    c = D.client()
    for line, code, words in BAD_REQUESTS:
        c.send_raw(line + b"\n")
        r = c.recv()
        check_eq(error_code(r), code, "code for %r" % line[:60])
        check(words in error_message(r), "message for %r says %r" % (line[:60], words),
              error_message(r))
        check(r.get("ok") is False, "ok is false", r)
    r = c.request({"op": "serch", "id": 7})
    check_eq(r.get("id"), 7, "an error echoes the id")
    check(c.request({"op": "ping"})["ok"], "the connection outlives its mistakes")
    c.close()


def test_bad_queries():
    c = D.client()
    for q, words in BAD_QUERIES:
        r = search(c, q)
        check_eq(error_code(r), "bad_query", "code for %r" % q)
        check(words in error_message(r), "message for %r says %r" % (q, words),
              error_message(r))
    for q in ("NOT type:annet", "a AND NOT b", "-høringer", "doi:10.1/x", "NB: høringer",
              "høringer,", "«høringer»"):
        check(search(c, q).get("ok"), "%r is read" % q)
    c.close()


def test_messages_survive_a_cut_inside_a_character():
    """Messages quote what the client sent, cut to a length: wherever the
    cut falls in a string of two-, three- and four-byte characters, the
    reply still carries a message (not null) that is valid UTF-8."""
    c = D.client()
    sites = {
        "op": lambda v: {"op": v},
        "field": lambda v: {"op": "search", "q": "lege", v: 1},
        "facet": lambda v: {"op": "search", "q": "lege", "facets": [v]},
        "filter.type": lambda v: {"op": "search", "q": "lege", "filter": {"type": [v]}},
        "filter.year": lambda v: {"op": "search", "q": "lege", "filter": {"year": v}},
        "query field": lambda v: {"op": "search", "q": v + ":lege"},
        "år:": lambda v: {"op": "search", "q": "år:" + v},
        "timeline by": lambda v: {"op": "timeline", "q": "lege", "by": v},
    }
    text = "æḁ𝒜" * 60  # letters of two, three and four bytes
    for name, make in sites.items():
        nulls = []
        for shift in range(len(text.encode()) // 60 + 4):
            value = "x" * shift + text
            r = c.request(make(value))
            if error_code(r) is None or not isinstance(r["error"].get("message"), str) \
                    or not r["error"]["message"]:
                nulls.append((shift, r))
        check(not nulls, "%s: every cut leaves a message" % name, nulls[:2])
    c.close()


def test_too_large_closes_only_that_connection():
    other = D.client()
    c = D.client()
    pad = SD_LINE_MAX - len(b'{"op":"ping","id":""}')
    exact = b'{"op":"ping","id":"' + b"x" * pad + b'"}'
    check_eq(len(exact), SD_LINE_MAX, "a line of exactly the limit")
    c.send_raw(exact + b"\n")
    r = c.recv()
    check(r and r.get("ok"), "is served", (r or {}).get("error"))
    c.send_raw(b'{"op":"ping","id":"' + b"x" * (pad + 1) + b'"}\n')
    r = c.recv()
    check_eq(error_code(r), "too_large", "one byte more is too_large")
    check("64" in error_message(r) or "65536" in error_message(r), "names the limit", r)
    check(c.closed_by_server(), "and the connection is closed")
    c.close()
    c = D.client()  # no newline at all, past the limit
    try:
        c.send_raw(b"x" * (SD_LINE_MAX + 10))
    except OSError:
        pass
    check_eq(error_code(c.recv()), "too_large", "an endless line is too_large")
    c.close()
    check(other.request({"op": "ping"})["ok"], "another client's connection stays up")
    other.close()
    check(ping_ok(D), "new clients are served")


SD_LINE_MAX = 64 * 1024


def test_pipelining_keeps_order():
    c = D.client()
    reqs = []
    for i in range(40):  # slow and fast requests mixed, so workers finish out of order
        kind = i % 4
        reqs.append({"op": "search", "q": "høringer legeforeningen", "limit": 20, "id": i}
                    if kind == 0 else {"op": "ping", "id": i} if kind == 1 else
                    {"op": "serch", "id": i} if kind == 2 else
                    {"op": "search", "q": "", "limit": 30, "facets": ["type"], "id": i})
    c.send_raw(b"".join(json_line(r) for r in reqs))
    got = [c.recv() for _ in reqs]
    check_eq([r.get("id") for r in got], list(range(40)), "replies in request order")
    check_eq([r.get("ok") for r in got], [i % 4 != 2 for i in range(40)], "each its own answer")
    c.send_raw(b'\n\r\n{"op":"ping","id":"crlf"}\r\n')
    check_eq(c.recv().get("id"), "crlf", "blank lines skipped, CRLF accepted")
    c.close()


def json_line(obj):
    import json
    return json.dumps(obj, ensure_ascii=False).encode() + b"\n"


def test_sixteen_concurrent_clients():
    errors = []
    queries = ["høringer", TARGET_QUERY, "medlemsmøter", "statsbudsjettet legeforeningen",
               "type:artikkel", "hør*"]

    def client(n):
        try:
            c = D.client()
            for i in range(12):
                q = queries[(n + i) % len(queries)]
                r = search(c, q, limit=10, id=[n, i])
                if not r.get("ok") or r.get("id") != [n, i] or not r.get("hits"):
                    errors.append((n, i, r))
            c.close()
        except Exception as e:  # noqa: BLE001 - reported as a failure below
            errors.append((n, repr(e)))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60 * SLOW)
    check_eq(errors, [], "16 clients at once, every reply right")


def test_abuse_leaves_others_served():
    c = D.client()
    c.send_raw(b'{"op": "search", "q": \n')
    check_eq(error_code(c.recv()), "bad_request", "malformed JSON")
    check(c.request({"op": "ping"})["ok"], "same connection still served")
    check(ping_ok(D), "others served after malformed JSON")
    noise = bytes(b for b in os.urandom(8192) if b != 0x0A)
    c.send_raw(noise + b"\n")
    check_eq(error_code(c.recv()), "bad_request", "binary noise is a bad request")
    c.send_raw(b"\x00\x01\x02{\"op\":\"ping\"}\n")
    check_eq(error_code(c.recv()), "bad_request", "NUL bytes are a bad request")
    c.send_raw(b'{"op":"ping","id":"\xff\xfe"}\n')
    check_eq(error_code(c.recv()), "bad_request", "invalid UTF-8 is a bad request")
    check(c.request({"op": "ping"})["ok"], "same connection after noise")
    check(ping_ok(D), "others served after binary noise")
    c.close()
    # abrupt disconnects: mid-line, right after a request, and with a reset
    c = D.client()
    c.send_raw('{"op":"search","q":"hør'.encode())
    c.close()
    c = D.client()
    c.send_raw(json_line({"op": "search", "q": TARGET_QUERY, "limit": 100}) * 5)
    c.close()
    c = D.client()
    c.send_raw(json_line({"op": "search", "q": "høringer", "limit": 100}) * 5)
    c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    c.close()
    time.sleep(0.2)
    check(ping_ok(D), "others served after abrupt disconnects")


def test_half_close_still_answers():
    c = D.client()
    c.send_raw(json_line({"op": "ping", "id": 1}) + json_line({"op": "search", "q": "høringer",
                                                                 "id": 2}) +
               b'{"op":"ping","id":3}')  # the last line without its newline
    c.sock.shutdown(socket.SHUT_WR)
    got = [c.recv() for _ in range(3)]
    check_eq([r and r.get("id") for r in got], [1, 2, 3], "every request answered")
    check(c.closed_by_server(), "then closed")
    c.close()


def test_tcp():
    s = socket.create_connection(("127.0.0.1", TCP_PORT), timeout=10 * SLOW)
    c = Client(s)
    r = c.request({"op": "search", "q": TARGET_QUERY, "limit": 1})
    check(r["ok"] and r["hits"][0]["title"] == TARGET_TITLE, "search over TCP", r)
    c.close()


def test_sighup_reopens_and_serves():
    D.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    check(ping_ok(D), "served after SIGHUP")
    c = D.client()
    check(search(c, "høringer")["ok"], "searches after SIGHUP")
    c.close()
    check("SIGHUP" in D.stderr(), "SIGHUP is logged", D.stderr()[-500:])


def until(read, done, seconds=20):
    """read() again until done(value) or the time is up (a loaded machine
    handles a signal late); the last value either way."""
    deadline = time.monotonic() + seconds * SLOW
    value = read()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.05)
        value = read()
    return value


def test_sighup_reads_synonyms_again():
    # staff edit schemas/synonyms.conf; SIGHUP applies it, a mistake in it is
    # refused and the synonyms in use stay
    schemas = tmpdir("syn")
    for name in os.listdir(os.path.join(ROOT, "schemas")):
        shutil.copy(os.path.join(ROOT, "schemas", name), schemas)
    conf = os.path.join(schemas, "synonyms.conf")
    env = dict(os.environ, KILDE_SCHEMA_DIR=schemas)
    d = Daemon(D_DB, name="syn", env=env).start()
    c = d.client()
    before = search(c, "zebrafjord", limit=0)["total"]
    with open(conf, "a", encoding="utf-8") as f:
        f.write("\nzebrafjord = Rådet for legeetikk\n")
    d.send_signal(signal.SIGHUP)
    after = until(lambda: search(c, "zebrafjord", limit=0)["total"], lambda n: n > 0)
    check(before == 0 and after > 0, "a synonym added to the file is used after SIGHUP",
          (before, after))
    with open(conf, "a", encoding="utf-8") as f:
        f.write("ensom\n")  # a group of one: a mistake
    d.send_signal(signal.SIGHUP)
    until(lambda: d.stderr(), lambda err: "keeping the synonyms in use" in err)
    check_eq(search(c, "zebrafjord", limit=0)["total"], after, "a broken file keeps the synonyms")
    check("keeping the synonyms in use" in d.stderr() and "synonyms.conf:" in d.stderr(),
          "and says where the mistake is", d.stderr()[-400:])
    c.close()
    d.finish()
    shutil.rmtree(schemas, ignore_errors=True)


def test_sigterm_drains_and_removes_socket():
    c = D.client()
    c.send_raw(json_line({"op": "search", "q": TARGET_QUERY, "id": 0}))
    check_eq(c.recv().get("id"), 0, "served before SIGTERM")
    c.send_raw(b"".join(json_line({"op": "search", "q": "høringer", "id": i})
                        for i in range(1, 20)))
    time.sleep(0.05)
    D.send_signal(signal.SIGTERM)
    got = []
    while True:
        try:
            r = c.recv()
        except (ConnectionError, OSError):
            break
        if r is None:
            break
        got.append(r)
    check_eq([r.get("id") for r in got], list(range(1, len(got) + 1)),
             "replies in flight arrive whole and in order before the close")
    check(all(r.get("ok") for r in got), "and are answers, not errors", got[-1:])
    c.close()
    log = D.finish()
    check(not os.path.exists(D.socket), "the socket file is removed")
    check("finishing requests in flight" in log, "SIGTERM is logged", log[-500:])


def main():
    global D, D_DB, TCP_PORT
    work = tmpdir("protocol")
    db = D_DB = os.path.join(work, "index")
    build_index(db)
    TCP_PORT = free_port()
    D = Daemon(db, ["--listen", "127.0.0.1:%d" % TCP_PORT, "--workers", "2"]).start()
    tests = [test_ping_echoes_any_id, test_search_finds_the_section_that_answers,
             test_units_with_all_words_come_first, test_query_language,
             test_filters_sort_and_facets, test_collapse_keeps_one_unit_per_document,
             test_paging, test_spelling_suggestion, test_get, test_suggest, test_stats,
             test_bad_requests, test_bad_queries, test_messages_survive_a_cut_inside_a_character,
             test_too_large_closes_only_that_connection,
             test_pipelining_keeps_order, test_sixteen_concurrent_clients,
             test_abuse_leaves_others_served, test_half_close_still_answers, test_tcp,
             test_sighup_reopens_and_serves, test_sighup_reads_synonyms_again,
             test_sigterm_drains_and_removes_socket]
    try:
        rc = run_tests(tests)
    finally:
        D.stop(signal.SIGKILL) if D.proc.poll() is None else None
        shutil.rmtree(work, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
