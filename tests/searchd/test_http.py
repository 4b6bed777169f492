"""searchd --http over real HTTP (http.client) against an index of corpus/:
the JSON API (GET and POST, statuses, ETag), the originals behind units,
the embedded static files, the page rendered by the daemon (docs/WEB.md),
its escaping, and a client that goes away mid-request.

What the corpus holds (docs/CORPUS.md): section 4.2 of the annual report
(b37db0b35496c229/4.2, "Legeforeningens arbeid med høringer", printed
pages 45–46 at PDF pages 47–48) answers "hvor mange høringer behandlet
legeforeningen i 2024"; the 2020 article "Utenforlandet Norge"
(72b1a67932f8cc3c/s1) is an HTML original.
"""
import http.client
import json
import os
import shutil
import signal
import socket
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdtest import (ROOT, SLOW, Daemon, build_index, check, check_eq,  # noqa: E402
                    error_code, run_tests, tmpdir)

D = None
DB = None
SECTION = "b37db0b35496c229/4.2"
ARTICLE = "72b1a67932f8cc3c/s1"
QUESTION = "hvor mange høringer behandlet legeforeningen i 2024"
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


class Reply:
    def __init__(self, r):
        self.status = r.status
        self.headers = {k.lower(): v for k, v in r.getheaders()}
        self.body = r.read()

    def json(self):
        return json.loads(self.body)

    def text(self):
        return self.body.decode()

    def header(self, name):
        return self.headers.get(name.lower())


def connect(d=None):
    host, port = (d or D).http
    return http.client.HTTPConnection(host, port, timeout=20 * SLOW)


def ask(method, path, body=None, headers=None, d=None, conn=None):
    """One request (on conn when given, kept open); the Reply."""
    c = conn or connect(d)
    if isinstance(body, (dict, list)):
        body = json.dumps(body, ensure_ascii=False).encode()
    elif isinstance(body, str):
        body = body.encode()
    c.request(method, path, body=body, headers=headers or {})
    r = Reply(c.getresponse())
    if not conn:
        c.close()
    return r


def get(path, **kw):
    return ask("GET", path, **kw)


def url(path, **params):
    return path + "?" + urllib.parse.urlencode(params, doseq=True)


def error_of(r):
    try:
        return r.json().get("error", {})
    except ValueError:
        return {}


# ---- the API ------------------------------------------------------------------

def test_search_get_and_post_agree():
    g = get(url("/api/search", q=QUESTION, limit=3))
    check_eq(g.status, 200, "GET /api/search")
    check_eq(g.header("content-type"), "application/json", "JSON")
    check_eq(g.json()["hits"][0]["id"], SECTION, "the answer first")
    p = ask("POST", "/api/search", {"q": QUESTION, "limit": 3})
    check_eq(p.status, 200, "POST /api/search")
    check_eq([h["id"] for h in p.json()["hits"]], [h["id"] for h in g.json()["hits"]],
             "GET and POST find the same")
    check_eq(p.header("etag"), g.header("etag"), "the same request has the same ETag")
    check_eq(g.header("cache-control"), "no-cache", "revalidated every time")
    p = ask("POST", "/api/search", {"op": "search", "q": QUESTION, "limit": 1})
    check_eq(p.status, 200, "op may be given when it names the path's")


def test_search_filters_and_facets():
    r = get(url("/api/search", q="", limit=0, facets="type,year",
                **{"filter.type": ["horingsinnspill", "artikkel"]}))
    check_eq(r.status, 200, "filter.type twice and facets")
    body = r.json()
    check_eq(body["total"], 9, "6 response sections and 3 articles")
    check_eq(body["facets"]["type"], [{"value": "horingsinnspill", "count": 6},
                                      {"value": "artikkel", "count": 3}], "type facet")
    r = get(url("/api/search", q="", limit=0, **{"filter.year": 2020}))
    check_eq(r.json()["total"], 1, "filter.year as a number: the 2020 article")
    r = get(url("/api/search", q="horinger", limit=1, spelling="false"))
    check_eq((r.json()["total"], r.json()["suggestion"]), (0, None),
             "spelling=false: the word as typed, no correction")
    r = get(url("/api/search", q="horinger", limit=1))
    check_eq(r.json()["suggestion"], "høringer", "and with spelling, corrected")


def test_other_operations():
    r = get(url("/api/get", unit=SECTION))
    check_eq((r.status, r.json()["unit"]["id"]), (200, SECTION), "get by unit=")
    r = ask("POST", "/api/get", {"unit": SECTION, "q": "høringer"})
    check("<b>høringer</b>" in r.json()["unit"].get("marked", ""), "get with q marks the text")
    r = get(url("/api/suggest", prefix="legeforeningens hør", limit=3))
    check_eq(r.status, 200, "suggest")
    check(r.json()["completions"][0]["text"].startswith("legeforeningens hør"), "completes")
    r = get("/api/stats")
    check_eq((r.status, r.json()["units"]), (200, 202), "stats")
    check(r.header("etag") is None, "stats changes with every request: no ETag")
    r = get(url("/api/positions", q="LIS1", **{"filter.stance": "ber"}))
    check_eq((r.status, r.json()["total"]), (200, 1), "positions with filter.stance")
    r = ask("POST", "/api/positions", {"q": "LIS1", "filter": {"stance": "ber"}})
    check_eq(r.json()["total"], 1, "positions by POST")
    r = get(url("/api/timeline", q="LIS1"))
    check_eq([y["year"] for y in r.json()["years"]], [2020, 2024, 2026], "timeline")
    r = ask("POST", "/api/timeline", {"q": "LIS1"})
    check_eq(r.json()["total"], 10, "timeline by POST")


def test_api_errors():
    cases = [
        (get(url("/api/search", limit="many")), 400, "bad_request", "limit"),
        (get(url("/api/search", qq="x")), 400, "bad_request", "did you mean 'q'"),
        (ask("POST", "/api/search", "{\"q\": "), 400, "bad_request", "malformed JSON"),
        (ask("POST", "/api/search", "[1]"), 400, "bad_request", "JSON object"),
        (ask("POST", "/api/search", {"op": "get"}), 400, "bad_request", "names search"),
        (get(url("/api/search", q="(høringer")), 400, "bad_query", ""),
        (get(url("/api/get", unit="b37db0b35496c229/99")), 404, "not_found", "no unit"),
        (get("/api/serch"), 404, "not_found", "did you mean 'search'"),
        (get("/api/ping"), 404, "not_found", "no API operation"),
        (get("/api/source?unit=" + SECTION), 404, "not_found", "no API operation"),
        (ask("POST", "/api/search", {"q": "x" * 70000}), 413, None, ""),
    ]
    for r, status, code, words in cases:
        check_eq(r.status, status, "status for %s" % words)
        if code:
            check_eq(error_of(r).get("code"), code, "error code (%s)" % words)
            check(words in error_of(r).get("message", ""), "message says %r" % words, r.body[:300])
    r = ask("POST", "/api/search", {"op": "source", "unit": SECTION})
    check_eq(r.status, 400, "the internal source operation is not the API's")
    c = D.client()
    r = c.request({"op": "source", "unit": SECTION})
    c.close()
    check_eq(error_code(r), "bad_request", "nor the socket's: only the daemon asks it")
    check("unknown op" in r["error"]["message"], "it is unknown there", r)


def test_etag_revalidation():
    path = url("/api/search", q="legeliv", limit=2)
    r = get(path)
    tag = r.header("etag")
    check(tag and tag.startswith('"r'), "an ETag from the revision", r.headers)
    again = get(path, headers={"If-None-Match": tag})
    check_eq((again.status, again.body), (304, b""), "304 with no body while unchanged")
    other = get(url("/api/search", q="legeliv", limit=3), headers={"If-None-Match": tag})
    check_eq(other.status, 200, "another request is not the same resource")
    check(other.header("etag") != tag, "and has its own ETag")
    stale = get(path, headers={"If-None-Match": '"r0-0000000000000000"'})
    check_eq(stale.status, 200, "a stale tag gets the reply")


def test_head_requests():
    for path in ["/api/stats", url("/api/search", q="høringer"), "/static/style.css",
                 url("/", q="høringer")]:
        g, h = get(path), ask("HEAD", path)
        check_eq(h.status, 200, "HEAD %s" % path)
        check_eq(h.body, b"", "HEAD %s: no body" % path)
        check_eq(h.header("content-type"), g.header("content-type"), "HEAD's type as GET's")
        if "/api/" not in path:  # a reply's took_ms varies in length
            check_eq(int(h.header("content-length")), len(g.body), "HEAD's length as GET's")
        else:
            check(int(h.header("content-length")) > 10, "HEAD tells a length")


# ---- originals ----------------------------------------------------------------

def test_source_pdf():
    r = get("/kilde/%s/pdf" % SECTION)
    check_eq(r.status, 200, "the unit's PDF")
    check_eq(r.header("content-type"), "application/pdf", "as a PDF")
    check(r.header("content-disposition", ).startswith("inline"), "shown inline")
    with open(os.path.join(ROOT, "corpus", "arsmelding-2024.pdf"), "rb") as f:
        check(r.body == f.read(), "the bytes of corpus/arsmelding-2024.pdf", len(r.body))
    again = get("/kilde/%s/pdf" % SECTION, headers={"If-None-Match": r.header("etag")})
    check_eq(again.status, 304, "revalidated")


def test_source_html_is_sandboxed():
    r = get("/kilde/%s/pdf" % ARTICLE)
    check_eq(r.status, 200, "an HTML original")
    check_eq(r.header("content-type"), "text/html; charset=utf-8", "as HTML")
    check_eq(r.header("content-security-policy"), "sandbox", "sandboxed: no script of ours")
    with open(os.path.join(ROOT, "corpus", "tidsskriftet-2020-utenforlandet-norge.html"),
              "rb") as f:
        check(r.body == f.read(), "its bytes")


def raw_status(path):
    """The status of a GET of path sent exactly as written (no client
    normalising it), or 0 when the server closes without a reply."""
    s = socket.create_connection(D.http, timeout=20 * SLOW)
    s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path).encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    first = data.split(b"\r\n", 1)[0].split()
    return (int(first[1]) if len(first) > 1 else 0), data


def test_path_traversal_refused():
    for path in ["/kilde/../../etc/passwd/pdf", "/kilde/%2e%2e/%2e%2e/etc/passwd/pdf",
                 "/kilde/b37db0b35496c229%2F..%2F..%2F..%2Fetc%2Fpasswd/pdf",
                 "/kilde/b37db0b35496c229/..%2F..%2Fetc%2Fpasswd/pdf",
                 "/kilde/b37db0b35496c229/../pdf", "/kilde//etc/passwd/pdf",
                 "/kilde/%2Fetc%2Fpasswd/pdf", "/kilde/b37db0b35496c229/4.2%00/pdf",
                 "/static/../index.html", "/static/%2e%2e%2fMakefile", "/../../etc/passwd"]:
        status, data = raw_status(path)
        check(status in (400, 404), "%s refused (%d)" % (path, status), data[:200])
        check(b"root:" not in data, "%s reaches no file" % path)
    check_eq(raw_status("/kilde/b37db0b35496c229/99/pdf")[0], 404, "an unknown unit: 404")


# ---- static files -------------------------------------------------------------

def test_static_files():
    types = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8",
             "icon.svg": "image/svg+xml"}
    for name, ctype in types.items():
        r = get("/static/" + name)
        check_eq(r.status, 200, "/static/" + name)
        check_eq(r.header("content-type"), ctype, name + "'s type")
        with open(os.path.join(ROOT, "web", name), "rb") as f:
            check(r.body == f.read(), name + ": the bytes of web/" + name)
        check(r.header("cache-control", ).startswith("max-age="), "kept a while")
        check_eq(get("/static/" + name, headers={"If-None-Match": r.header("etag")}).status, 304,
                 name + " revalidated")
    check_eq(get("/static/nope.js").status, 404, "no such file")
    check_eq(get("/static/index.html").status, 404, "the shell is served only filled in")


# ---- the page -----------------------------------------------------------------

HTML_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "content-type": "text/html; charset=utf-8",
}


def check_html(r, what):
    for k, v in HTML_HEADERS.items():
        check_eq(r.header(k), v, "%s: %s" % (what, k))


def test_search_page_without_javascript():
    r = get(url("/", q=QUESTION))
    check_eq(r.status, 200, "the search page")
    check_html(r, "the search page")
    page = r.text()
    check("{{" not in page, "every placeholder filled")
    check('<section class="results" data-q="%s" data-rendered="server">' % QUESTION in page,
          "the results, rendered by the daemon", page[:2000])
    check('value="%s"' % QUESTION in page, "the query in the search box")
    check("<title>%s – kilde</title>" % QUESTION in page, "the title names the query")
    first = page.split('<li class="hit">')[1]
    check('<a href="/enhet/%s?q=' % SECTION in first, "the first hit is 4.2", first[:500])
    check("4.2 Legeforeningens arbeid med høringer</a>" in first, "its title")
    check('<p class="hit-meta">Årsmelding 2024 · årsmelding · 2025-03-14 · s. 45–46</p>' in first,
          "its meta line with s. 45–46", first[:800])
    check('<a class="source" href="/kilde/%s/pdf#page=47">Åpne PDF på side 45</a>' % SECTION
          in first, "the link to the PDF at its page")
    check("<mark>høringer</mark>" in first, "the words marked")
    check('<p class="summary">Viser 1–10 av ' in page, "the summary")
    check('<nav class="facets" aria-label="Filtre">' in page, "facets")
    check('type=arsmelding">årsmelding <span class="count">139</span></a>' in page,
          "a type facet with its count")
    check('<nav class="pages" aria-label="Sider">' in page and "side=2" in page, "paging")


def test_search_page_facets_and_paging():
    r = get(url("/", q="", type="horingsinnspill"))
    page = r.text()
    check('aria-current="true">høringsinnspill <span class="count">6</span>' in page,
          "the active facet", page[:3000])
    check_eq(page.count('<li class="hit">'), 6, "the six sections of the response")
    r = get(url("/", q="høringer", side=2))
    check('<ol class="hits" start="11">' in r.text(), "page 2 starts at 11")
    r = get(url("/", q="høringer", year="2019..2024"))
    check_eq(r.status, 200, "a year range")
    for bad in [{"side": "0"}, {"side": "x"}, {"year": "20x4"}, {"type": "bok"}]:
        r = get(url("/", q="høringer", **bad))
        check_eq(r.status, 400, "bad %s" % bad)
        check_html(r, "an error page")
    r = get(url("/", q="horinger"))
    check('<p class="suggestion">Søkte etter «høringer». <a href="/?q=horinger&amp;exact=1">'
          'Søk i stedet etter «horinger»</a></p>' in r.text(), "the suggestion", r.text()[-3000:])
    r = get(url("/", q="horinger", exact="1"))
    check('<p class="summary">Ingen treff</p>' in r.text(), "exact=1 searches as typed",
          r.text()[-1500:])
    check('<ol class="hits"' not in r.text(), "and shows no list")
    before, results = get(url("/", q="hvor mange høringer")).text().split(
        '<section class="results"')
    inside, after = results.split("</section>", 1)
    check('<nav class="facets"' in before and '<nav class="sort"' in before,
          "the filters and sort before the results")
    check('<nav class="pages"' in after and '<nav' not in inside, "the pager after them")


def test_unit_page():
    r = get(url("/enhet/" + SECTION, q="høringer"))
    check_eq(r.status, 200, "the unit's page")
    check_html(r, "the unit's page")
    page = r.text()
    check('<article class="unit"' in page, "an article", page[-3000:])
    check('<h1 class="view-title unit-title" tabindex="-1">4.2 Legeforeningens arbeid med høringer</h1>' in page, "title")
    check("I 2024 behandlet Legeforeningen totalt 92 <mark>høringer</mark>." in page,
          "the text with the query's words marked")
    check('<button type="button" class="copy">Kopier</button>' in page, "the copy button")
    check("Åpne PDF på side 45</a>" in page, "the PDF link")
    text = page.split('<div class="unit-text">')[1]
    check("Legeforeningens arbeid med" not in text.split("<p>")[1],
          "the heading the text opens with is the title already", text[:300])
    r = get(url("/enhet/9f6d713236803287/s2:p1", q="LIS1"))
    check('<p class="position-who">krever · Legeforeningen · Meld. St. 19 (2023-2024)</p>'
          in r.text(), "a position's page says who takes which stance", r.text()[-2500:])
    check('<a href="/enhet/9f6d713236803287/s2?q=LIS1">Les hele seksjonen</a>' in r.text(),
          "and links to its section")
    check("<p>Antall <mark>LIS1</mark>-stillinger må økes</p>" in r.text(),
          "its text, though it is all its heading", r.text()[-800:])
    check_eq(get("/enhet/b37db0b35496c229/99").status, 404, "an unknown unit")
    check_eq(get("/enhet/..%2F..%2Fetc").status, 404, "not an id")


def test_other_pages():
    for path, words in [(url("/standpunkter", q="LIS1"), '<section class="positions"'),
                        (url("/historikk", q="LIS1"), '<section class="timeline"'),
                        ("/status", '<section class="status"'), ("/", '<main id="main"')]:
        r = get(path)
        check_eq(r.status, 200, path)
        check_html(r, path)
        check(words in r.text(), "%s shows %s" % (path, words), r.text()[-1500:])
    page = get(url("/standpunkter", q="LIS1", stance="ber")).text()
    check_eq(page.count('<li class="position"'), 1, "one position asks (ber) about LIS1")
    check("Anmode regjeringen om å øke antall <mark>LIS1</mark>-stillinger" in page,
          "its quote, marked", page[-2000:])
    check('<a class="context" href="/enhet/9f6d713236803287/s2?q=LIS1">Les i sammenheng</a>'
          in page, "a link to it in context")
    page = get(url("/historikk", q="LIS1")).text()
    check_eq(page.count('<tr><th scope="row">'), 3, "three years: 2020, 2024, 2026")
    check('class="results"' not in get("/").text(), "/ without a query: nothing to render")
    r = get("/nowhere")
    check_eq(r.status, 404, "an unknown page")
    check_html(r, "the 404 page")
    check("no page at /nowhere" in r.text(), "says so")
    r = ask("POST", "/", "q=x")
    check_eq(r.status, 405, "POST to a page")


def test_escaping():
    for text in HOSTILE:
        r = get(url("/", q=text))
        page = r.text()
        check(text not in page and "<img src=x" not in page and "<script>alert" not in page,
              "a query %r comes back escaped" % text, page[:1500])
        check("&lt;" in page and ("&quot;" in page or "&#34;" in page or "&#x22;" in page or
                                  "&lt;script" in page), "as entities")
    r = get(url("/enhet/" + SECTION, q=HOSTILE[1]))
    check(HOSTILE[1] not in r.text(), "a unit's page escapes its q too")


def test_escaping_document_text():
    """A document whose text holds markup comes back escaped, on the
    results page and on its own page."""
    work = tmpdir("http-hostile")
    folder = os.path.join(work, "docs")
    os.mkdir(folder)
    doc = os.path.join(folder, "farlig.txt")
    with open(doc, "w") as f:
        f.write("Farlig tekst om legevakt\n\nLegevakten skrev %s og %s i teksten.\n" % tuple(HOSTILE))
    db = os.path.join(work, "index")
    build_index(db, [folder])
    d = Daemon(db, name="http-hostile", http="127.0.0.1").start()
    try:
        page = get(url("/", q="legevakt"), d=d).text()
        check("<li class=\"hit\">" in page, "the document is found", page[-1500:])
        check("<script>alert" not in page and "<img src=x" not in page,
              "its text escaped in the results", page[-2000:])
        unit = get("/api/search?q=legevakt", d=d).json()["hits"][0]["id"]
        page = get(url("/enhet/" + unit, q="legevakt"), d=d).text()
        check("<script>alert" not in page and "<img src=x" not in page,
              "and on its page", page[-2000:])
        check("&lt;script&gt;alert(1)&lt;/script&gt;" in page, "as text", page[-2000:])
        r = get("/kilde/%s/pdf" % unit, d=d)
        check_eq((r.status, r.header("content-type")), (200, "text/plain; charset=utf-8"),
                 "a text original as text")
        check_eq(r.header("content-security-policy"), "sandbox", "sandboxed")
        os.unlink(doc)
        r = get("/kilde/%s/pdf" % unit, d=d)
        check_eq(r.status, 410, "the original gone since indexing")
        check("is gone" in r.text(), "says so", r.body[:400])
        check(get("/api/stats", d=d).status == 200, "and the daemon serves on")
        d.finish()
    finally:
        d.stop()
        shutil.rmtree(work, ignore_errors=True)


# ---- abuse --------------------------------------------------------------------

def test_client_gone_mid_request():
    for _ in range(5):
        s = socket.create_connection(D.http, timeout=20 * SLOW)
        path = url("/api/search", q="hør* leg* stat*", limit=100)
        s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path).encode())
        s.close()
    s = socket.create_connection(D.http, timeout=20 * SLOW)
    s.sendall(b"GET /kilde/%s/pdf HTTP/1.1\r\nHost: x\r\n\r\n" % SECTION.encode())
    s.recv(100)  # the reply has begun; the rest is never read
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    s.close()
    s = socket.create_connection(D.http, timeout=20 * SLOW)
    s.sendall(b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"q\":")
    s.close()  # a body cut short
    r = get(url("/api/search", q=QUESTION, limit=1))
    check_eq((r.status, r.json()["hits"][0]["id"]), (200, SECTION), "others are answered")


def test_keep_alive_and_pipelining():
    c = connect()
    ids = []
    for q in ["høringer", "legeliv", "LIS1"]:
        r = ask("GET", url("/api/search", q=q, limit=1), conn=c)
        ids.append(r.status)
    c.close()
    check_eq(ids, [200, 200, 200], "three requests on one connection")
    s = socket.create_connection(D.http, timeout=20 * SLOW)
    s.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n"
              b"GET /api/search?q=legeliv HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    check_eq(data.count(b"HTTP/1.1 200 OK"), 2, "two pipelined requests, two replies")


def test_busy_and_timeout():
    busy = Daemon(DB, ["--max-connections", "1"], name="http-busy", http="127.0.0.1").start()
    try:
        a = connect(busy)
        check_eq(ask("GET", "/api/stats", conn=a).status, 200, "the first client")
        r = get("/api/stats", d=busy)
        check_eq(r.status, 503, "a second while the first stays: busy")
        check_eq(r.header("retry-after"), "1", "with Retry-After")
        check_eq(error_of(r).get("code"), "busy", "and the protocol's error")
        a.close()
        ok = False
        for _ in range(int(100 * SLOW)):
            if get("/api/stats", d=busy).status == 200:
                ok = True
                break
            time.sleep(0.02)
        check(ok, "served again once the first has gone")
        busy.finish()
    finally:
        busy.stop()
    slow = Daemon(DB, ["--query-timeout", "0.000001"], name="http-timeout",
                  http="127.0.0.1").start()
    try:
        r = get(url("/api/search", q="hør* leg* stat*"), d=slow)
        check_eq((r.status, error_of(r).get("code")), (504, "timeout"), "a search past its limit")
        r = get(url("/", q="hør* leg* stat*"), d=slow)
        check_eq(r.status, 504, "the page too")
        check("Søket tok for lang tid" in r.text(), "as a page")
        slow.finish()
    finally:
        slow.stop()


def test_non_loopback_asks_for_a_token():
    """0.0.0.0 only with --token-file (tests/searchd/test_auth.py has the
    rest); the log says the API is reachable from the network."""
    token = os.path.join(os.path.dirname(DB), "token")
    with open(token, "w") as f:
        f.write("a-token-of-twenty-four-b\n")
    d = Daemon(DB, ["--token-file", token], name="http-wide", http="0.0.0.0").start()
    try:
        check_eq(get("/api/stats", d=d).status, 401, "no token: 401")
        log = d.finish()
        check("(reachable from the network), token required" in log,
              "the log says what is exposed", log[-800:])
    finally:
        d.stop()
    check("(loopback: this machine only), no token" in D.stderr(), "127.0.0.1 said as such",
          D.stderr()[-400:])


def test_drain_on_sigterm():
    d = Daemon(DB, name="http-drain", http="127.0.0.1").start()
    try:
        c = connect(d)
        check_eq(ask("GET", "/api/stats", conn=c).status, 200, "a kept-alive client")
        s = socket.create_connection(d.http, timeout=20 * SLOW)
        s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" %
                   url("/api/search", q="hør* leg* stat*", limit=100)).encode())
        time.sleep(0.05)
        d.send_signal(signal.SIGTERM)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        c.close()
        check(data.startswith(b"HTTP/1.1 "), "a request in flight is answered", data[:200])
        check_eq(d.stop(), 0, "exit 0 with a kept-alive connection open")
    finally:
        d.stop()


def test_clean_exit():
    D.finish()


def main():
    global D, DB
    work = tmpdir("http")
    DB = os.path.join(work, "index")
    build_index(DB)
    D = Daemon(DB, ["--workers", "2"], http="127.0.0.1").start()
    tests = [test_search_get_and_post_agree, test_search_filters_and_facets,
             test_other_operations, test_api_errors, test_etag_revalidation, test_head_requests,
             test_source_pdf, test_source_html_is_sandboxed, test_path_traversal_refused,
             test_static_files, test_search_page_without_javascript,
             test_search_page_facets_and_paging, test_unit_page, test_other_pages, test_escaping,
             test_escaping_document_text, test_client_gone_mid_request,
             test_keep_alive_and_pipelining, test_busy_and_timeout, test_non_loopback_asks_for_a_token,
             test_drain_on_sigterm, test_clean_exit]
    try:
        rc = run_tests(tests)
    finally:
        D.stop()
        shutil.rmtree(work, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
