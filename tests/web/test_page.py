"""The search page in a real browser, as a person uses it (docs/WEB.md).

searchd serves an index of corpus/ with --http on a loopback port; headless
chromium (tests/web/cdp.py) types into the search box with key events,
clicks, follows links, copies a citation, goes back, looks at the page on
a phone, in the dark and without JavaScript.  What the page should show is
read off the same daemon's socket (the protocol), so the page is held to
the index, not to numbers written down here.

Until searchd has --http (its --help lists it) every scenario is skipped
with that reason; from then on they run, and a page that is missing
fails them.

The page's own markup beyond docs/WEB.md that the scenarios rely on: the
search box is input[name=q]; suggestions are a [role=listbox] of
[role=option]s, the active one aria-selected="true" or named by the box's
aria-activedescendant; the chart of /historikk is an svg with a rect per
bar.
"""
import html
import json
import os
import re
import shutil
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "searchd"))
import cdp  # noqa: E402
from sdtest import SLOW, build_index, check, check_eq, run_tests, tmpdir  # noqa: E402
from webtest import WebDaemon, fetch, http_missing  # noqa: E402

QUERY = "hvor mange høringer behandlet legeforeningen i 2024"
UNIT_TITLE = "4.2 Legeforeningens arbeid med høringer"
UNIT_PATH = "4 HELSEPOLITIKK"
PAGES = "s. 45–46"
CITATION = ("Den norske legeforening: Årsmelding 2024, 4.2 Legeforeningens arbeid med "
            "høringer, s. 45–46")
PDF_LINK_TEXT = "Åpne PDF på side 45"
LIS1_REQUEST = ("Legeforeningen ber Stortinget: Anmode regjeringen om å øke antall "
                "LIS1-stillinger i tråd med helsetjenestens behov.")
LIS1_CITATION = ("Legeforeningens innspill til Meld. St. 19 (2023-2024) Profesjonsnære "
                 "utdanningar over heile landet, 26.02.2024, s. 1")
SCRIPT_QUERY = "<script>window.__x=1</script>"
ATTRIBUTE_QUERY = '"><img src=x onerror="window.__y=1">'
MARKUP_TITLE = "Om <img src=x onerror=window.__z=1> i titler"
MARKUP_DOC = """---
title: %s
date: 2024-05-01
---

Zebrafinker synger om morgenen & kvelden, og denne teksten prøver at
markup i en tittel vises som tekst og aldri kjøres.
""" % MARKUP_TITLE

SEARCH_BOX = "input[name=q]"
HITS = "section.results ol.hits li.hit"
# Each hit as the page shows it: what a failure message prints.
HITS_JS = """Array.from(document.querySelectorAll('%s')).map(li => {
  const text = s => { const e = li.querySelector(s);
                      return e ? e.textContent.replace(/\\s+/g, ' ').trim() : null; };
  const a = li.querySelector('.hit-title a'), src = li.querySelector('a.source');
  return {title: text('.hit-title'), href: a && a.getAttribute('href'),
          meta: text('.hit-meta'), path: text('.hit-path'), snippet: text('.hit-snippet'),
          cite: text('.hit-cite cite'), copy: !!li.querySelector('.hit-cite button.copy'),
          source: src && {text: src.textContent.replace(/\\s+/g, ' ').trim(),
                          href: src.getAttribute('href')}};
})""" % HITS
TEXT_JS = "document.body ? document.body.innerText.replace(/\\s+/g, ' ') : ''"
STATE_JS = """({url: location.pathname + location.search, box: (document.querySelector('%s') || {}).value,
  text: (document.body ? document.body.innerText : '').replace(/\\s+/g, ' ').slice(0, 600)})""" % SEARCH_BOX

D = None        # searchd on corpus/, with --http
B = None        # the browser
C = None        # a socket client of D: what the page should show
PAGES_OPEN = []


# ---- helpers -------------------------------------------------------------------

def norm(s):
    return " ".join((s or "").split())


def plain(fragment):
    """A protocol HTML fragment (snippet, quote) as the text a page shows."""
    return norm(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def url(path, **params):
    """A page address; params as a list repeat (stance=ber&stance=mener)."""
    return D.base + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")


def request(op, **kw):
    kw["op"] = op
    r = C.request(kw)
    if not r or not r.get("ok"):
        raise RuntimeError("searchd refused %s: %r" % (json.dumps(kw, ensure_ascii=False), r))
    return r


def open_page(path="/", width=1280, height=900, javascript=True, **params):
    page = B.new_page(width, height)
    PAGES_OPEN.append(page)
    if not javascript:
        page.disable_javascript()
    page.goto(url(path, **params))
    return page


def close_pages():
    while PAGES_OPEN:
        try:
            PAGES_OPEN.pop().close()
        except cdp.CDPError:
            pass


def hits(page):
    return page.evaluate(HITS_JS) or []


def query_of(page):
    return page.evaluate("new URLSearchParams(location.search).get('q')")


def wait(page, expression, what, show=STATE_JS, timeout=None):
    """Waits for expression; on time-out fails with what the page had."""
    try:
        return page.wait_for(expression, timeout=timeout, what=what)
    except cdp.Timeout as e:
        try:
            had = page.evaluate(show)
        except cdp.CDPError as e2:
            had = "(cannot read the page: %s)" % e2
        check(False, "%s: %s" % (what, e), "the page had: %s" % json.dumps(
            had, ensure_ascii=False)[:1500])
        return None


def search_by_typing(page, words):
    """Types words into the search box with key events, presses Enter,
    waits for the address to carry them and for the answer to be shown."""
    page.type_text(SEARCH_BOX, words)
    page.press("Enter")
    done = wait(page, "new URLSearchParams(location.search).get('q') === %s && "
                      "document.querySelector('%s').value === %s" % (
                          json.dumps(words), SEARCH_BOX, json.dumps(words)),
                "the address after Enter on %r" % words)
    page.settle()
    return done


def hit_title(h):
    """A protocol hit's title as the page shows it (docs/WEB.md)."""
    title = h["title"] or h["doc_title"]
    number = (h.get("section") or {}).get("number")
    return "%s %s" % (number, title) if number else title


def searchd_titles(words, **kw):
    """The titles of searchd's first page of hits for words."""
    return [hit_title(h) for h in request("search", q=words, **kw)["hits"]]


def wait_for_hits(page, titles, what):
    """Waits until the page shows exactly these hits (not the last ones)."""
    found = wait(page, "JSON.stringify((%s).map(h => h.title)) === %s && (%s)" % (
        HITS_JS, json.dumps(json.dumps(titles, ensure_ascii=False, separators=(",", ":"))), HITS_JS),
        what, show=HITS_JS)
    return found


def find_hit(found, title):
    return next((h for h in found if h["title"] == title), None)


def hit_index(page, title):
    """The 1-based place of the hit titled title, for an nth-of-type selector."""
    for i, h in enumerate(hits(page)):
        if h["title"] == title:
            return i + 1
    return None


def no_problems(page, scenario, allow=None):
    """Scenario 13: the page logged no console error, uncaught exception,
    failed load or CSP violation."""
    found = page.problems(allow)
    check(not found, "%s: the page logged no errors or CSP violations" % scenario,
          "\n  ".join(repr(p) for p in found))


def bad_status(p):
    """A load the scenario provoked: a query searchd refuses answers 400."""
    return p.source == "network" and "status of 400" in p.text


def luminance(css_color):
    """Relative luminance (WCAG) of rgb()/rgba(), and its alpha."""
    nums = [float(x) for x in re.findall(r"[\d.]+", css_color)]
    if len(nums) < 3:
        return None, 0.0
    alpha = nums[3] if len(nums) > 3 else 1.0

    def channel(c):
        c /= 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in nums[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b, alpha


# ---- 1. a search typed and sent with Enter -------------------------------------

def test_search_by_typing_and_back():
    page = open_page("/")
    page.evaluate("window.__marker = 'loaded once'")
    before = searchd_titles("legeforeningen")
    if not search_by_typing(page, "legeforeningen") or \
            not wait_for_hits(page, before, "searchd's hits for legeforeningen"):
        return
    want = searchd_titles(QUERY)
    check(UNIT_TITLE in want, "searchd finds 4.2 for %r" % QUERY, want)
    if not search_by_typing(page, QUERY):
        return
    found = wait_for_hits(page, want, "searchd's hits for %r, 4.2 among them" % QUERY)
    hit = find_hit(found or [], UNIT_TITLE)
    check(hit and PAGES in (hit["meta"] or ""), "4.2's meta line gives %s" % PAGES, hit)
    check_eq(query_of(page), QUERY, "the address carries the query (?q=)")
    check_eq(page.evaluate("window.__marker"), "loaded once",
             "the search ran in the page, without reloading it")
    page.back()
    if wait(page, "new URLSearchParams(location.search).get('q') === 'legeforeningen'",
            "back returns to the address of the search for legeforeningen"):
        wait_for_hits(page, before, "back shows the hits for legeforeningen again")
        check_eq(page.evaluate("document.querySelector('%s').value" % SEARCH_BOX),
                 "legeforeningen", "and its words in the box")
        check_eq(page.evaluate("window.__marker"), "loaded once", "in the same document")
    no_problems(page, "search by typing")


# ---- 2. suggestions while typing -------------------------------------------------

OPTIONS_JS = """Array.from(document.querySelectorAll('[role=listbox] [role=option]'))
  .filter(o => o.getClientRects().length > 0)
  .map(o => ({text: o.textContent.replace(/\\s+/g, ' ').trim(), id: o.id,
              selected: o.getAttribute('aria-selected') === 'true'}))"""


def test_suggestions():
    page = open_page("/")
    page.type_text(SEARCH_BOX, "høri")
    options = wait(page, "(%s).length > 0 && (%s)" % (OPTIONS_JS, OPTIONS_JS),
                   "a listbox of suggestions while typing 'høri'")
    if not options:
        return
    check(all("høri" in o["text"].lower() for o in options),
          "every suggestion continues 'høri'", options)
    page.press("ArrowDown")
    active = page.evaluate("""(() => {
        const box = document.querySelector('%s');
        const opts = (%s);
        const named = box.getAttribute('aria-activedescendant');
        return opts.findIndex(o => o.selected || (named && o.id === named));
    })()""" % (SEARCH_BOX, OPTIONS_JS))
    check_eq(active, 0, "arrow down makes the first suggestion the active one "
                        "(aria-selected or aria-activedescendant)")
    first = options[0]["text"]
    page.press("Enter")
    picked = wait(page, """(() => {
        if (location.pathname.startsWith('/enhet/')) return location.pathname;
        const q = new URLSearchParams(location.search).get('q');
        return q && q !== 'høri' && q === document.querySelector('%s').value
               && document.querySelector('section.results') && q;
    })()""" % SEARCH_BOX, "Enter on the suggestion %r searches it (or opens it)" % first)
    if picked and not picked.startswith("/enhet/"):
        check(first.lower().startswith(picked.lower()),
              "the search is the suggestion picked", (first, picked))
        page.settle()
        wait_for_hits(page, searchd_titles(picked), "searchd's hits for %r" % picked)
        check_eq(page.evaluate("(%s).length" % OPTIONS_JS), 0, "and the listbox is closed")
    no_problems(page, "suggestions")


# ---- 3. the unit page, and its PDF ---------------------------------------------------

def test_unit_page_and_its_pdf():
    page = open_page("/", q=QUERY)
    index = hit_index(page, UNIT_TITLE)
    if not check(index, "4.2 is among the server's hits for %r" % QUERY, hits(page)):
        return
    href = hits(page)[index - 1]["href"] or ""
    m = re.match(r"^/enhet/([0-9a-f]{16})/4\.2\?(.*)$", href)
    if not check(m, "the title links to /enhet/DOCID/4.2?q=…", href):
        return
    doc = m.group(1)
    check_eq(urllib.parse.parse_qs(m.group(2)).get("q"), [QUERY], "the link carries the query")
    page.click("%s:nth-of-type(%d) .hit-title a" % (HITS, index))
    # the unit's own article, not the hit list it replaces (which holds
    # the same citation)
    if not wait(page, "location.pathname === '/enhet/%s/4.2' && document.readyState === "
                      "'complete' && !document.querySelector('%s') && "
                      "(document.querySelector('article.unit') || {innerText: ''})"
                      ".innerText.includes(%s)" % (doc, HITS, json.dumps(CITATION)),
                "the unit page of 4.2 after clicking its title"):
        return
    text = norm(page.evaluate(TEXT_JS))
    unit = request("get", unit=doc + "/4.2")["unit"]
    body = unit["text"].split("\n", 1)[1]  # its first line is the heading
    sentences = [s for s in re.split(r"(?<=\.)\s", norm(body)) if len(s) > 20]
    for s in (sentences[0], sentences[-1]):
        check(s in text, "the page shows the unit's whole text: %r" % s, text[:1500])
    marks = page.evaluate("Array.from(document.querySelectorAll('mark'))"
                          ".map(m => m.textContent.toLowerCase())")
    check("høringer" in marks and "behandlet" in marks, "the query's words are marked",
          marks)
    check(UNIT_PATH in text and UNIT_TITLE in text, "the heading path is shown", text[:600])
    check(CITATION in text, "the citation is shown", text[:1500])
    link = page.evaluate("""(() => {
        const a = Array.from(document.querySelectorAll('a')).find(
            a => a.textContent.replace(/\\s+/g, ' ').trim() === %s);
        return a ? new URL(a.href).pathname + new URL(a.href).hash : null;
    })()""" % json.dumps(PDF_LINK_TEXT))
    check_eq(link, "/kilde/%s/4.2/pdf#page=47" % doc, "%r links to the PDF's page" % PDF_LINK_TEXT)
    status, headers, body = fetch(D.base + "/kilde/%s/4.2/pdf" % doc)
    check_eq(status, 200, "the PDF link answers")
    check(body.startswith(b"%PDF-"), "with a PDF", body[:40])
    check(headers.get("content-type", "").startswith("application/pdf"),
          "as application/pdf", headers.get("content-type"))
    with open(os.path.join(HERE, "..", "..", "corpus", "arsmelding-2024.pdf"), "rb") as f:
        check(body == f.read(), "the original file, byte for byte", len(body))
    no_problems(page, "the unit page")


# ---- 4. copying a citation ------------------------------------------------------

def test_copy_citation():
    page = open_page("/", q=QUERY)
    page.grant_clipboard(D.base)
    page.evaluate("navigator.clipboard.writeText('noe annet')", user_gesture=True)
    wait(page, "document.readyState === 'complete'", "the page loaded")
    index = hit_index(page, UNIT_TITLE)
    if not check(index, "4.2 is among the hits", hits(page)):
        return
    page.click("%s:nth-of-type(%d) .hit-cite button.copy" % (HITS, index))
    copied = wait(page, "navigator.clipboard.readText().then(t => t !== 'noe annet' && t)",
                  "the clipboard after clicking Kopier")
    check_eq(copied, CITATION, "the clipboard holds exactly the citation")
    no_problems(page, "copying a citation")


# ---- 5. positions ---------------------------------------------------------------

def test_positions():
    every = request("positions", q="LIS1", limit=100)["positions"]
    quotes = [plain(p["quote"]) for p in every]
    others = [plain(p["quote"]) for p in every if p["stance"] != "ber"]
    check(LIS1_REQUEST in quotes and others, "the index holds the request and other stances",
          quotes)
    page = open_page("/standpunkter", q="LIS1")
    text = wait(page, "(%s).includes(%s) && (%s)" % (TEXT_JS, json.dumps(LIS1_REQUEST), TEXT_JS),
                "the request to Stortinget on /standpunkter?q=LIS1", show=TEXT_JS)
    if not text:
        return
    text = norm(text)
    at = [text.find(q) for q in quotes]
    check(all(i >= 0 for i in at), "every position on LIS1 is listed",
          [q for q, i in zip(quotes, at) if i < 0])
    check(at == sorted(at), "newest first, as searchd orders them", list(zip(at, quotes)))
    after = text[text.find(LIS1_REQUEST):]
    check(LIS1_CITATION in after[:len(LIS1_REQUEST) + 600],
          "the request is listed with its citation", after[:800])
    no_problems(page, "positions")
    page.goto(url("/standpunkter", q="LIS1", stance="ber"))
    text = wait(page, "(%s).includes(%s) && (%s)" % (TEXT_JS, json.dumps(LIS1_REQUEST), TEXT_JS),
                "the request still listed with stance=ber", show=TEXT_JS)
    if text:
        text = norm(text)
        check(not [q for q in others if q in text], "the other stances are filtered out",
              [q for q in others if q in text])
    no_problems(page, "positions filtered by stance")


# ---- 6. the timeline --------------------------------------------------------------

def test_timeline_chart():
    years = request("timeline", q="legeforeningen")["years"]
    bars = sum(len(y["units"]) for y in years)
    check_eq([y["year"] for y in years], [2020, 2024, 2026], "the index's years for legeforeningen")
    page = open_page("/historikk", q="legeforeningen")
    rects = wait(page, "document.querySelectorAll('svg rect').length",
                 "an svg chart on /historikk?q=legeforeningen")
    if not rects:
        return
    check(rects >= bars, "a bar per year and type (%d)" % bars, rects)
    shown = page.evaluate("document.body.textContent")
    links = page.evaluate("""Array.from(document.querySelectorAll('a')).map(a => {
        const u = new URL(a.getAttribute('href') || a.getAttribute('xlink:href') || '',
                          location.href);
        return [u.pathname, u.searchParams.get('q'), u.searchParams.get('year')];
    })""")
    for y in years:
        year = str(y["year"])
        check(year in shown, "year %s is on the chart" % year)
        check(["/", "legeforeningen", year] in links,
              "year %s links to /?q=legeforeningen&year=%s" % (year, year),
              [lk for lk in links if lk[0] == "/"])
    no_problems(page, "the timeline")
    page.goto(url("/", q="legeforeningen", year="2020"))
    found = wait(page, "(%s).length > 0 && (%s)" % (HITS_JS, HITS_JS),
                 "hits for legeforeningen in 2020", show=HITS_JS)
    if found:
        check_eq([h["title"] for h in found],
                 searchd_titles("legeforeningen", filter={"year": 2020}),
                 "the year's link finds that year's units")
    no_problems(page, "a year of the timeline")


# ---- 7. status ------------------------------------------------------------------

def test_status():
    stats = request("stats")
    check_eq(stats["documents"], 5, "the corpus is 5 documents")
    page = open_page("/status")
    text = wait(page, "document.querySelector('.status-table') && (%s)" % TEXT_JS,
                "the status page's table of types", show=TEXT_JS)
    text = norm(text)
    check(re.search(r"\b5\s+dokument|dokument\w*\W{0,20}5\b", text, re.I),
          "the status says 5 documents", text[:1500])
    sections = request("search", q="", limit=0, facets=["type"])["facets"]["type"]
    units = request("search", q="", limit=0, facets=["type"],
                    filter={"kind": ["section", "position"]})["facets"]["type"]
    names = {"arsmelding": "årsmelding", "horingsinnspill": "høringsinnspill",
             "artikkel": "artikkel", "annet": "annet"}
    rows = page.evaluate("""Array.from(document.querySelectorAll('body *'))
        .filter(e => e.children.length < 12)
        .map(e => (e.innerText || e.textContent).replace(/\\s+/g, ' ').trim().toLowerCase())
        .filter(t => t.length < 160)""")
    for f in sections:
        counts = {str(f["count"])} | {str(u["count"]) for u in units if u["value"] == f["value"]}
        word = names.get(f["value"], f["value"])
        check(any(word in r and counts & set(re.findall(r"\d+", r)) for r in rows),
              "the status gives the units of type %s (%s)" % (word, " or ".join(sorted(counts))),
              [r for r in rows if word in r][:8])
    no_problems(page, "status")


# ---- 8. markup in queries and titles is shown, never run ---------------------------------

INJECTED_JS = """({x: typeof window.__x, y: typeof window.__y, z: typeof window.__z,
  imgs: document.querySelectorAll('img[src="x"]').length,
  scripts: Array.from(document.scripts).filter(s => s.textContent.includes('window.__')).length,
  box: (document.querySelector('%s') || {}).value})""" % SEARCH_BOX


def check_inert(page, words, where):
    got = page.evaluate(INJECTED_JS)
    check_eq((got["x"], got["y"], got["z"]), ("undefined",) * 3,
             "%s: no injected script ran (%s)" % (where, words))
    check_eq((got["imgs"], got["scripts"]), (0, 0),
             "%s: no element was made from the markup (%s)" % (where, words))
    check_eq(got["box"], words, "%s: the search box shows it literally" % where)


def test_markup_in_queries_is_text():
    for words in (SCRIPT_QUERY, ATTRIBUTE_QUERY):
        page = open_page("/", q=words)
        page.settle()
        check_inert(page, words, "served by the daemon")
        no_problems(page, "the query %r from the address" % words, allow=bad_status)
        page = open_page("/")
        search_by_typing(page, words)
        check_inert(page, words, "built by the script")
        no_problems(page, "the query %r typed" % words, allow=bad_status)


def test_markup_in_titles_is_text():
    work = tmpdir("web-markup")
    daemon = None
    try:
        os.makedirs(os.path.join(work, "docs"))
        with open(os.path.join(work, "docs", "tittel.md"), "w") as f:
            f.write(MARKUP_DOC)
        build_index(os.path.join(work, "index"), [os.path.join(work, "docs")])
        daemon = WebDaemon(os.path.join(work, "index"), name="web-markup").start()
        for javascript in (False, True):
            page = B.new_page()
            PAGES_OPEN.append(page)
            how = "built by the script" if javascript else "served by the daemon"
            if javascript:
                page.goto(daemon.base + "/")
                search_by_typing(page, "zebrafinker")
            else:
                page.disable_javascript()
                page.goto(daemon.base + "/?q=zebrafinker")
            found = wait(page, "(%s).length > 0 && (%s)" % (HITS_JS, HITS_JS),
                         "the hit for zebrafinker (%s)" % how, show=HITS_JS)
            if not found:
                continue
            check_eq(found[0]["title"], MARKUP_TITLE, "%s: the title shows as text" % how)
            check(MARKUP_TITLE in (found[0]["cite"] or ""), "%s: so does the citation" % how,
                  found[0])
            check("morgenen & kvelden" in (found[0]["snippet"] or ""),
                  "%s: the snippet's &amp; reads & (escaped once, not twice)" % how, found[0])
            got = page.evaluate(INJECTED_JS)
            check_eq((got["z"], got["imgs"]), ("undefined", 0), "%s: nothing ran" % how)
            if javascript:
                page.click("%s .hit-title a" % HITS)
                title = wait(page, "location.pathname.startsWith('/enhet/') && "
                                   "document.readyState === 'complete' && "
                                   "document.body.innerText.includes(%s)" % json.dumps(MARKUP_TITLE),
                             "the unit page shows the title as text")
                got = page.evaluate(INJECTED_JS)
                check(title and (got["z"], got["imgs"]) == ("undefined", 0),
                      "the unit page: nothing ran", got)
            no_problems(page, "a title with markup (%s)" % how)
    finally:
        if daemon:
            daemon.finish()
        shutil.rmtree(work, ignore_errors=True)


# ---- 9. without JavaScript ------------------------------------------------------------

def test_without_javascript():
    page = open_page("/", javascript=False, q="høringer")
    found = hits(page)
    check_eq([h["title"] for h in found], searchd_titles("høringer"),
             "the daemon renders searchd's hits")
    hit = find_hit(found, UNIT_TITLE)
    if not check(hit, "4.2 among them", found):
        return
    check_eq(hit["cite"], CITATION, "with its citation")
    check(PAGES in (hit["meta"] or ""), "and its pages", hit)
    unit = re.sub(r"^/enhet/([^?]*).*", r"\1", hit["href"] or "")
    check_eq(hit["source"], {"text": PDF_LINK_TEXT, "href": "/kilde/%s/pdf#page=47" % unit},
             "and the link to its PDF page")
    total = request("search", q="høringer", limit=0)["total"]
    summary = norm(page.evaluate("(document.querySelector('p.summary') || {}).textContent"))
    check_eq(summary, "Viser 1–%d av %d treff" % (min(10, total), total), "the summary line")
    check_eq(page.evaluate("document.querySelector('section.results ol.hits').getAttribute('start')"),
             "1", "the list starts at 1")
    # the form itself works: a new search is a plain GET of /?q=
    page.type_text(SEARCH_BOX, "LIS1")
    page.press("Enter")
    found = wait(page, "new URLSearchParams(location.search).get('q') === 'LIS1' && "
                       "document.readyState === 'complete' && (%s).length > 0 && (%s)" % (
                           HITS_JS, HITS_JS), "the form's own search for LIS1", show=HITS_JS)
    if found:
        check_eq([h["title"] for h in found], searchd_titles("LIS1"),
                 "the daemon's page holds searchd's hits for LIS1")
    no_problems(page, "without JavaScript")


# ---- 10. the script's markup is the server's --------------------------------------------

PARTS_JS = """(() => {
  const r = document.querySelector('section.results');
  const part = s => { const e = r && r.querySelector(s); return e ? e.outerHTML : null; };
  return {hits: part('ol.hits'), summary: part('p.summary'), suggestion: part('p.suggestion')};
})()"""


def canonical(markup):
    if markup is None:
        return None
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", markup)).strip()


def first_difference(a, b):
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    return "at %d:\n  server: …%s…\n  script: …%s…" % (i, a[max(0, i - 80):i + 120],
                                                      b[max(0, i - 80):i + 120])


def test_script_builds_the_servers_markup():
    # "horinger" is answered with the hits for "høringer" and a suggestion
    for words in ("høringer", "horinger"):
        server = open_page("/", javascript=False, q=words).evaluate(PARTS_JS)
        check(server["hits"], "the daemon renders hits for %r" % words, server)
        page = open_page("/")
        if not search_by_typing(page, words):
            continue
        wait_for_hits(page, searchd_titles(words), "the script's hits for %r" % words)
        script = page.evaluate(PARTS_JS)
        for part in ("hits", "summary", "suggestion"):
            a, b = canonical(server[part]), canonical(script[part])
            check(a == b, "%r: the script's %s equals the server's" % (words, part),
                  first_difference(a or "(none)", b or "(none)"))
        no_problems(page, "the script's markup for %r" % words)


# ---- 11. the keyboard ------------------------------------------------------------

def test_keyboard():
    page = open_page("/", q="høringer")
    wait(page, "document.readyState === 'complete' && document.querySelector('%s')" % HITS,
         "the hits for høringer")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.press("/")
    check(page.evaluate("document.activeElement.matches('%s')" % SEARCH_BOX),
          "'/' focuses the search box", page.evaluate("document.activeElement.outerHTML"))
    check_eq(page.evaluate("document.querySelector('%s').value" % SEARCH_BOX), "høringer",
             "and is not typed into it")
    target = "%s:first-of-type .hit-title a" % HITS
    visited = []
    for _ in range(40):
        page.press("Tab")
        here = page.evaluate("(() => { const e = document.activeElement; return [e.matches(%s),"
                             " e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 40)];"
                             " })()" % json.dumps(target))
        visited.append(here[1])
        if here[0]:
            break
    if not check(visited and here[0], "Tab reaches the first hit's link", visited):
        return
    ring = page.evaluate("""(() => { const s = getComputedStyle(document.activeElement);
        return {outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow}; })()""")
    visible = (not ring["outline"].startswith("none") and not ring["outline"].endswith(" 0px")) \
        or ring["shadow"] != "none"
    check(visible, "the focused link shows its focus (outline or box-shadow)", ring)
    no_problems(page, "the keyboard")


# ---- 12. a phone, and the dark ----------------------------------------------------------

def views(doc):
    """Each route with what shows it has rendered (a script may fill it in
    after the load event)."""
    return [("/", {"q": QUERY}, "document.querySelector('%s')" % HITS),
            ("/enhet/%s/4.2" % doc, {"q": "høringer"},
             "document.body.innerText.includes(%s)" % json.dumps(CITATION)),
            ("/standpunkter", {"q": "LIS1"},
             "document.body.innerText.includes('LIS1-stillinger')"),
            ("/historikk", {"q": "legeforeningen"}, "document.querySelector('svg rect')"),
            ("/status", {}, "/dokument/i.test(document.body.innerText)")]


def test_phone_width():
    doc = request("search", q=QUERY, limit=1)["hits"][0]["doc_id"]
    page = B.new_page(375, 812)
    PAGES_OPEN.append(page)
    page.set_viewport(375, 812, mobile=True)
    for path, params, shown in views(doc):
        page.goto(url(path, **params))
        if not wait(page, shown, "%s rendered on a phone" % path):
            continue
        page.settle()
        width = page.evaluate("document.scrollingElement.scrollWidth")
        wide = page.evaluate("""Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > 376)
            .slice(0, 5).map(e => e.tagName + '.' + e.className)""")
        check(width <= 375, "%s scrolls no wider than a 375 px phone" % path,
              "scrollWidth %s; too wide: %s" % (width, wide))
    no_problems(page, "a phone")


def test_dark_scheme():
    page = B.new_page()
    PAGES_OPEN.append(page)
    page.emulate_color_scheme("dark")
    page.goto(url("/", q="høringer"))
    wait(page, "document.querySelector('%s')" % HITS, "the hits in the dark")
    page.settle()
    colors = page.evaluate("""(() => {
        const b = getComputedStyle(document.body), h = getComputedStyle(document.documentElement);
        return {body: b.backgroundColor, root: h.backgroundColor, text: b.color,
                scheme: h.colorScheme};
    })()""")
    bg, alpha = luminance(colors["body"])
    if not alpha:
        bg, alpha = luminance(colors["root"])
    if not alpha:  # both transparent: the canvas follows color-scheme
        bg = 0.0 if "dark" in (colors["scheme"] or "") else 1.0
    fg, _ = luminance(colors["text"])
    check(bg is not None and bg < 0.1, "the background is dark", colors)
    check(fg is not None and bg is not None and fg > bg + 0.3,
          "and the text light on it", colors)
    no_problems(page, "the dark scheme")


def test_clean_exit():
    close_pages()
    B.close()
    C.close()
    D.finish()


SCENARIOS = [
    test_search_by_typing_and_back, test_suggestions, test_unit_page_and_its_pdf,
    test_copy_citation, test_positions, test_timeline_chart, test_status,
    test_markup_in_queries_is_text, test_markup_in_titles_is_text, test_without_javascript,
    test_script_builds_the_servers_markup, test_keyboard, test_phone_width, test_dark_scheme,
]


def main():
    global D, B, C
    reason = http_missing()
    if reason:
        print("test_page: skipped: %s; the browser scenarios run once it serves HTTP" % reason)
        print("0 passed, 0 failed, %d skipped" % len(SCENARIOS))
        return 0
    work = tmpdir("web")
    with cdp.Watchdog(600 * SLOW):
        try:
            build_index(os.path.join(work, "index"))
            D = WebDaemon(os.path.join(work, "index")).start()
            C = D.client()
            B = cdp.Browser().start()
            rc = run_tests(SCENARIOS + [test_clean_exit])
        finally:
            if B:
                B.close()
            if D:
                D.stop()
            shutil.rmtree(work, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
