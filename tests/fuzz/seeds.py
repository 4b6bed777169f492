#!/usr/bin/env python3
"""Writes the fuzz targets' seed inputs into tests/fuzz/corpus/NAME/ from
the repository's own material: corpus/, the seeds, the fixtures and the
broken inputs of tests/data/, the judged queries and the protocol's
documented requests.  Run from anywhere; it only adds files (seed-*), so
inputs a fuzzer found and were committed (crash-*, …) stay.

    python3 tests/fuzz/seeds.py
"""
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
TEXT_CAP = 6000  # bytes of a long text taken as a seed: the fuzzer mutates small inputs faster


def write(target, name, data):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(OUT, target, "seed-" + name), "wb") as f:
        f.write(data)


def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


def slices(data, n, cap=TEXT_CAP):
    """n pieces of at most cap bytes spread over data (cut at line ends)."""
    if len(data) <= cap:
        return [data]
    out = []
    step = max(1, (len(data) - cap) // max(1, n - 1))
    for i in range(n):
        start = data.rfind(b"\n", 0, i * step) + 1
        out.append(data[start:start + cap])
    return out


def queries():
    qs = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/eval/queries-*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            qs += [json.loads(line)["q"] for line in f if line.strip()]
    return qs


QUERY_LANGUAGE = [
    'Tittel:årsmelding høringer', 'title:"et godt legeliv"', 'type:Høringsinnspill',
    'år:2019..2024 -ord +krav', '(a OR b) NOT c', '"to ord" hør*',
    'Høringer NEAR/3 Legeforeningen ADJ x', 'tittel:Årsmelding NEAR/x',
    '"høringer legeforeningen', '(høringer', 'a)', '()', 'a AND', 'OR a', 'æøå "x',
    'IA-avtale 5.204 31.12.2024 41 276 000 kroner', '-(a b) c', 'a OR -b', '%',
    'forfatter:"Hermansen" overskrift:lis1 year:2024..', 'a XOR b AND NOT c',
    '((((((((a))))))))', 'NEAR/0 a', 'a NEAR/999999999999 b', 'type:', ':', '""',
    'medlemmer ved utgangen av 2024', 'nmf medlemmer', 'ﬁnansiering ﬂyktninger',
]


def seed_query():
    for i, q in enumerate(queries()[:40] + QUERY_LANGUAGE):
        write("query", "%03d" % i, q)


def protocol_lines(unit):
    return [
        {"op": "ping", "id": 1},
        {"op": "search", "q": "hvor mange høringer behandlet legeforeningen i 2024", "limit": 1, "id": 2},
        {"op": "search", "q": "", "limit": 0, "filter": {"type": ["horingsinnspill", "artikkel"],
         "from": "2023-01-01", "to": "2024-12-31"}, "facets": ["type", "year"], "id": 3},
        {"op": "search", "q": "", "limit": 0, "filter": {"kind": "position"}, "facets": ["type"]},
        {"op": "search", "q": "medlemsmøter", "sort": "newest", "limit": 2, "collapse": True},
        {"op": "search", "q": "horinger", "spelling": True},
        {"op": "search", "q": "medisinstudenter NEAR/5 leger", "offset": 1, "limit": 3},
        {"op": "search", "q": "tittel:medlemsmøter -norge", "sort": "oldest"},
        {"op": "get", "unit": unit, "id": 10},
        {"op": "get", "unit": "b37db0b35496c229/99", "id": 11},
        {"op": "suggest", "prefix": "legeforeningens hør", "limit": 3},
        {"op": "suggest", "prefix": "Årsm"},
        {"op": "stats", "id": 8},
        {"op": "positions", "q": "LIS1", "filter": {"stance": "ber"}, "id": 12},
        {"op": "positions", "filter": {"kind": "section"}},
        {"op": "timeline", "q": "LIS1", "id": 13},
        {"op": "timeline", "by": "month"},
        {"op": "source", "unit": unit},
        {"op": "auth", "token": "x"},
    ]


BAD_LINES = [
    b'{"op":"ping","op":"stats"}', b'{"op":"serch"}', b'{"op":"search","qq":"x"}',
    b'{"op":"search","q":5}', b'{"op":"search","limit":101}', b'{"op":"search","offset":-1}',
    b'{"op":"search","facets":["tpye"]}', b'{"op":"search","filter":{"from":"2024-13-01"}}',
    b'{"op":"get","unit":"x\\u0000y"}', b'{"op":"search","q":"\xff\xfe"}', b'[1,2]', b'null',
    b'{"op":"search","q":"' + b"x" * 2001 + b'"}', b'{"op":', b'\x00\x01\x02',
    b'{"op":"search","filter":{"type":[]}}', b'{"op":"search","filter":{"author":" - "}}',
]


def first_unit():
    """A unit id of the index the protocol target builds (bin/indexer)."""
    db = "/tmp/kilde-fuzz-seeds-db"
    subprocess.run(["rm", "-rf", db])
    docs = ["corpus/tidsskriftet-2026-medlemsmoter-med-fremtidens-leger.html",
            "corpus/tidsskriftet-2020-utenforlandet-norge.html"]
    r = subprocess.run([os.path.join(ROOT, "bin", "indexer"), "--db", db] + docs, cwd=ROOT,
                       capture_output=True)
    terms = subprocess.run(["xapian-delve", "-a", db], capture_output=True, text=True).stdout
    subprocess.run(["rm", "-rf", db])
    ids = [t[1:] for t in terms.split() if t.startswith("Q")]
    return ids[0] if r.returncode == 0 and ids else "72b1a67932f8cc3c/s1"


def seed_protocol(unit):
    lines = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in protocol_lines(unit)]
    for i, line in enumerate(lines + BAD_LINES):
        write("protocol", "%03d" % i, line)
    write("protocol", "pipelined", b"\n".join(lines[:6]) + b"\n\n\n")
    write("protocol", "crlf", b"\r\n".join(lines[:3]))
    # the target takes the lines after the first as searchd's own: source is one
    write("protocol", "internal-source", lines[0] + b"\n" + json.dumps(
        {"op": "source", "unit": unit}).encode() + b"\n" + b'{"op":"source","unit":"x/y"}')


def seed_http(unit):
    calls = [
        "GET search?q=h%C3%B8ringer&limit=3", "GET search?q=lege&filter.type=artikkel&filter.type=horingsinnspill&facets=type,year",
        "GET search?q=lege&collapse=true&spelling=0&sort=newest&offset=1",
        "GET search?q=x&q=y", "GET search?filter=x", "GET search?filter.=x", "GET search?op=get",
        "GET search?q=%ff", "GET search?q=%zz&limit=99999999999", "GET get?unit=" + unit,
        "GET suggest?prefix=legeforeningens+h%C3%B8r&limit=3", "GET stats", "GET stats?",
        "GET positions?q=LIS1&filter.stance=ber", "GET timeline?q=LIS1&by=month",
        "GET search?filter.year=2024&filter.from=2023-01-01",
        "POST search\n{\"q\":\"høringer\",\"limit\":2}", "POST search?q=x\n{}",
        "POST search\n{\"op\":\"get\"}", "POST search\n[1]", "POST search\n{\"q\":",
        "POST get\n{\"unit\":\"" + unit + "\"}", "POST stats\n", "POST timeline\n{\"by\":\"year\"}",
        "POST search\n{\"q\":\"a\",\"q\":\"b\"}",
    ]
    for i, call in enumerate(calls):
        write("http", "%03d" % i, call)


def seed_lines(unit):
    lines = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in protocol_lines(unit)]
    write("lines", "one", lines[0] + b"\n")
    write("lines", "no-newline", lines[1])
    write("lines", "pipelined", b"\n".join(lines[:8]) + b"\n")
    write("lines", "pipelined-40", b"\n".join([lines[0]] * 40) + b"\n")
    write("lines", "blank-and-crlf", b"\n\n\r\n" + lines[0] + b"\r\n\n" + lines[12] + b"\n")
    write("lines", "bad", b"\n".join(BAD_LINES[:10]) + b"\n")
    write("lines", "half-line", lines[0] + b"\n" + lines[1][:20])
    write("lines", "auth-first", b'{"op":"auth","token":"x","id":1}\n' + lines[0] + b"\n")
    # searchd's limit is 64 KiB a line: one over it is answered too_large, then closed
    write("lines", "too-large", b'{"op":"search","q":"' + b"x" * (64 * 1024) + b'"}\n' + lines[0])
    write("lines", "nul-bytes", b"\x00" * 100 + b"\n" + lines[0] + b"\n")


HTTP = "HTTP/1.1\r\nHost: localhost\r\n"


def seed_httpd(unit):
    gets = ["/", "/?q=h%C3%B8ringer", "/?q=lege&type=artikkel&sort=newest&side=2",
            "/api/search?q=medlemsm%C3%B8ter&limit=2", "/api/serch", "/api/stats",
            "/api/get?unit=" + unit, "/static/app.js", "/static/style.css", "/static/../x",
            "/kilde/" + unit + "/pdf", "/kilde/x/pdf", "/enhet/" + unit, "/%00", "/%2e%2e/",
            "/api/timeline?q=LIS1", "/api/suggest?prefix=leg", "/api/positions?q=x&filter.stance=ber",
            "/posisjoner?q=LIS1", "/tidslinje", "/status", "//", "/api/search?q=%ZZ"]
    for i, path in enumerate(gets):
        write("httpd", "get-%03d" % i, "GET %s %s\r\n" % (path, HTTP))
    body = '{"q":"høringer","limit":1}'.encode()
    write("httpd", "post", b"POST /api/search " + HTTP.encode() + b"Content-Type: application/json\r\n"
          b"Content-Length: %d\r\n\r\n" % len(body) + body)
    write("httpd", "post-page", "POST / %s\r\n" % HTTP)
    write("httpd", "head", "HEAD /api/stats %s\r\n" % HTTP)
    write("httpd", "etag", "GET /api/search?q=lege %sIf-None-Match: \"x\"\r\n\r\n" % HTTP)
    write("httpd", "keep-alive", ("GET /api/stats %s\r\n" % HTTP) * 3 + "GET / HTTP/1.0\r\n\r\n")
    write("httpd", "chunked", b"POST /api/search " + HTTP.encode() +
          b"Transfer-Encoding: chunked\r\n\r\n5\r\n{\"q\":\r\n6\r\n\"lege\"\r\n1\r\n}\r\n0\r\n\r\n")
    write("httpd", "bearer", "GET /api/stats %sAuthorization: Bearer x\r\n\r\n" % HTTP)
    write("httpd", "garbage", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03")


def seed_text():
    texts = sorted(glob.glob(os.path.join(ROOT, "tests/data/seeds/*"))) + \
        sorted(glob.glob(os.path.join(ROOT, "tests/data/text/*"))) + \
        sorted(glob.glob(os.path.join(ROOT, "tests/data/identity/*")))
    n = 0
    for path in texts:
        markdown = path.endswith(".md")
        for piece in slices(read(path), 3):
            write("text", "%03d" % n, (b"\x01" if markdown else b"\x00") + piece)
            n += 1
    write("text", "invalid-utf8", b"\x00" + read("tests/data/bad/invalid-utf8.txt"))
    write("text", "ligatures", "\x00ﬁnansiering og ﬂyktninger, of-\nfentlig hel-\nse\u00ad"
          "vesen; Lege- og\nspesialist\u2010\nutdanning. 1 Innledning\n1.1 Bakgrunn\n")


def seed_html():
    paths = sorted(glob.glob(os.path.join(ROOT, "corpus/*.html"))) + \
        sorted(glob.glob(os.path.join(ROOT, "tests/data/html/*.html"))) + \
        ["tests/data/bad/cp1252-undeclared.html", "tests/data/layout/rotert-marg.html"]
    for path in paths:
        write("html", os.path.basename(path), read(path))
    nested = read("tests/data/bad/deeply-nested.html")
    write("html", "deeply-nested-start.html", nested[:20000])
    write("html", "meta-only.html", '<html><head><meta charset="iso-8859-1"><title>T\xe6</title>'
          '<meta name="citation_author" content="A"><meta name="citation_date" content="2024/13/40">'
          '</head></html>'.encode("latin-1"))


def seed_xml():
    for path in ["tests/data/xml/002-horingsinnspill.xml", "tests/data/bad/invalid-record.xml"]:
        write("xml", os.path.basename(path), read(path))
    record = read("tests/data/xml/002-horingsinnspill.xml")
    write("xml", "truncated.xml", record[:len(record) // 2])
    write("xml", "doctype.xml", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>')


def seed_pdf():
    paths = ["corpus/horingsinnspill-meld-st-19-2023-2024.pdf",
             "tests/data/producers/groff-horingsinnspill.pdf",
             "tests/data/producers/libreoffice-horingsinnspill.pdf",
             "tests/data/producers/chromium-tidsskriftet-medlemsmoter.pdf",
             "tests/data/layout/rotert-marg.pdf"] + \
        ["tests/data/bad/" + n for n in ["blank-scanned.pdf", "empty.pdf", "encrypted.pdf",
                                         "noise.pdf", "truncated.pdf"]]
    for path in paths:
        write("pdf", os.path.basename(path), read(path))
    spec = {"pages": [["1 Innledning", "Legeforeningen mener at of-", "fentlige leger ...", "1"],
                      ["2 Bakgrunn", "¹ Fotnote om høringen", "2"]],
            "info": {"Title": "Høringsinnspill", "Subject": "test"}}
    tmp = "/tmp/kilde-fuzz-seed"
    with open(tmp + ".json", "w", encoding="utf-8") as f:
        json.dump(spec, f)
    subprocess.run([sys.executable, os.path.join(ROOT, "tests/indexer/minipdf.py"), tmp + ".pdf",
                    tmp + ".json"], check=True)
    write("pdf", "minipdf.pdf", open(tmp + ".pdf", "rb").read())
    os.remove(tmp + ".pdf")
    os.remove(tmp + ".json")


def layout_of(lines, header, columns=1, outline=True):
    """A laid-out document as pdf_layout.c would give it (fuzz_pdf_roles.c's
    records): a running header and a page number on every page, headings
    larger and bold, a footnote at the foot of some pages."""
    import re
    out, pages = [], [lines[i:i + 40] for i in range(0, len(lines), 40)]
    for n, page in enumerate(pages, 1):
        out.append("P 595 842 %d" % columns)
        out.append("L 72 40 300 48 8 0 - %s" % header)
        for k, text in enumerate(page):
            col = k * columns // len(page)
            x = 72 + col * 260
            y = 80 + (k % (40 // columns)) * 17
            heading = re.match(r"^\d+(\.\d+)*\.? +\S", text) is not None
            size, bold = (14, 1) if heading else (10, 0)
            out.append("L %d %d %d %d %d %d %s %s" % (x, y, x + 230 * (2 - columns), y + size, size,
                                                    bold, "p" if heading else "-", text))
            if heading and outline:
                out.append("O %d %d %s" % (text.split()[0].count(".") + 1, n - 1, text))
        if n % 2:
            out.append("L 72 760 500 768 8 0 m ¹ Se Meld. St. 19 (2023–2024), side %d." % n)
        out.append("L 290 800 300 809 9 0 - %d" % n)
    return "\n".join(out) + "\n"


def seed_pdf_roles():
    texts = sorted(glob.glob(os.path.join(ROOT, "tests/data/seeds/*")))
    for i, path in enumerate(texts):
        lines = [l.strip()[:200] for l in read(path).decode("utf-8").splitlines() if l.strip()]
        write("pdf_roles", "%03d" % i, layout_of(lines[:160], "Legeforeningen %d" % i))
        write("pdf_roles", "%03d-two-columns" % i, layout_of(lines[:80], "Tidsskriftet", 2, False))
    write("pdf_roles", "empty-pages", "P 595 842 1\nP 595 842 1\nP 0 0 0\n")
    write("pdf_roles", "odd-numbers", "P nan inf 9\nL -1e308 1e308 nan 0 -5 2 mp 1\n"
          "O 0 -7 Tittel\nL 0 0 0 0 0 0 - \n")


def seed_words():
    lines = [line.split("\t")[0] for line in read("tests/data/compounds.tsv").decode().splitlines()
             if line and not line.startswith("#")]
    for i in range(0, min(len(lines), 400), 40):
        write("words", "compounds-%03d" % i, " ".join(lines[i:i + 40]))
    for i, s in enumerate(["31.12.2024 1.2.24 23.04 32.01.2024 12.345 1.2.3",
                           "41 276 000 kroner, 5.204 medlemmer, 12,5 % og 30 prosent",
                           "utgangen av 2024", "starten av 2025", "23. april 2024",
                           "1 041 276 000", "99.99.9999 0.0.00 %%%", "99 999 999 999 999 999 999"]):
        write("words", "numbers-%03d" % i, s)


def main():
    unit = first_unit()
    seed_query()
    seed_protocol(unit)
    seed_http(unit)
    seed_lines(unit)
    seed_httpd(unit)
    seed_text()
    seed_html()
    seed_xml()
    seed_pdf()
    seed_words()
    seed_pdf_roles()


if __name__ == "__main__":
    main()
