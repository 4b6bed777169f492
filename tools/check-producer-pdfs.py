#!/usr/bin/env python3
"""Check tests/data/producers/expected.json against the PDFs next to it,
with pdftotext, pdfinfo and qpdf only (no producer needed), so the ground
truth is known to be right.  python3 stdlib only.

  tools/check-producer-pdfs.py [DIR]        default tests/data/producers

Checks, per file: the page count and metadata title; that each page shows
its printed page number where page_number says (first or last line of the
page), and that pages whose printed_pages value is null show none; the
running header on its pages; every section heading on its physical page, in
order; footnote texts on their pages; the visible title on page 1; the
facts of the rule examples (line-end hyphens, wrapped headings, outline,
list items that are not headings, the caption under a heading, the sentence
over a page break, table of contents lines).  And, for every PDF in DIR
whether listed or not, that no text is printed over other text: on no page
may two words' boxes (pdftotext -bbox) overlap by more than 30% of the
smaller box (overprint: a column set twice in the same place, a heading on
body text).  Prints one line per file and exits 1 on any mismatch.
"""
import html
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(*cmd):
    return subprocess.run(cmd, capture_output=True, check=True).stdout


def pages(pdf, layout):
    n = int(re.search(rb"Pages:\s+(\d+)", sh("pdfinfo", pdf)).group(1))
    t = sh("pdftotext", "-enc", "UTF-8", "-layout" if layout else "-raw", pdf, "-").decode("utf-8")
    return (t.split("\f") + [""] * n)[:n]


def pat(s, soft=False):
    parts = []
    for tok in re.split(r"(\s+)", s.strip()):
        if not tok:
            continue
        if tok.isspace():
            parts.append(r"\s+")
            continue
        out = ""
        for i, ch in enumerate(tok):
            out += re.escape(ch).replace(r"\-", r"-\s*").replace("/", r"/\s*")
            if soft and i + 1 < len(tok) and ch.isalpha() and tok[i + 1].isalpha():
                out += r"(?:-\n)?"
        parts.append(out)
    return "".join(parts)


def lines(page):
    return [re.sub(r"\s+", " ", l).strip() for l in page.splitlines() if l.strip()]


def nospace(s):
    return re.sub(r"\s+", "", s or "")


WORD_RX = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')
OVERLAP = 0.30


def overprints(pdf, share=OVERLAP):
    """Pages on which words are printed over other words: a list of
    (physical page, number of overlapping pairs, one pair as an example).
    Two words overlap when their boxes' intersection is more than share of
    the smaller box's area.  The words are swept top to bottom, so only
    boxes that overlap vertically are compared."""
    out = []
    t = sh("pdftotext", "-enc", "UTF-8", "-bbox", pdf, "-").decode("utf-8")
    for k, page in enumerate(t.split("<page ")[1:], 1):
        ws = sorted(((float(a), float(b), float(c), float(d_), html.unescape(w))
                     for a, b, c, d_, w in WORD_RX.findall(page)), key=lambda w: w[1])
        pairs = []
        for i, (x0, y0, x1, y1, w) in enumerate(ws):
            a = (x1 - x0) * (y1 - y0)
            for X0, Y0, X1, Y1, W in ws[i + 1:]:
                if Y0 >= y1:
                    break
                ix = min(x1, X1) - max(x0, X0)
                iy = min(y1, Y1) - max(y0, Y0)
                if ix <= 0 or iy <= 0:
                    continue
                small = min(a, (X1 - X0) * (Y1 - Y0))
                if small > 0 and ix * iy > share * small:
                    pairs.append((w, W))
        if pairs:
            out.append((k, len(pairs), pairs[0]))
    return out


def overprint_errors(pdf):
    return ["page %d: %d overprinted word pairs, e.g. %r on %r" % (k, n, a, b)
            for k, n, (a, b) in overprints(pdf)]


def check_file(d, e):
    errs = []
    pdf = os.path.join(d, e["file"])
    if not os.path.exists(pdf):
        return ["missing"]
    errs += overprint_errors(pdf)
    info = sh("pdfinfo", pdf).decode("utf-8", "replace")
    title = re.search(r"^Title:\s*(.*)$", info, re.M)
    title = title.group(1).strip() if title else None
    raw = pages(pdf, False)
    lay = pages(pdf, True)
    n = len(raw)
    soft = e["producer"].startswith("groff")
    if e["pages"] != n:
        errs.append("pages %d != %d" % (e["pages"], n))
    if (e.get("metadata_title") or None) != (title or None):
        errs.append("metadata title %r != %r" % (e.get("metadata_title"), title))
    labels_json = json.loads(sh("qpdf", "--json", "--json-key=pagelabels", pdf))
    if bool(labels_json.get("pagelabels")) != e["pdf_page_labels"]:
        errs.append("pdf_page_labels")

    # printed page numbers
    pn = e.get("page_number")
    pp = e.get("printed_pages", {})
    if len(pp) != n:
        errs.append("printed_pages has %d pages" % len(pp))
    for k in range(1, n + 1):
        lab = pp.get(str(k))
        ls = lines(lay[k - 1])
        first, last = (ls[0], ls[-1]) if ls else ("", "")
        if lab is None:
            for cand in (first, last):
                if re.fullmatch(r"[-–\s]*([0-9]+|[ivxlc]+)[-–\s]*", cand or "x"):
                    errs.append("page %d: number %r printed, expected none" % (k, cand))
            continue
        if not pn:
            errs.append("page %d: label without page_number" % k)
            continue
        fmt = pn["format"]
        m_total = str(n)
        mm = re.search(r"av (\d+)$", fmt)
        if "{m}" not in fmt and mm:
            m_total = mm.group(1)
        want = fmt.format(n=lab, m=m_total)
        line = first if pn["where"].startswith("header") else last
        ok = nospace(line).endswith(nospace(want)) if pn["where"].endswith("right") else nospace(line) == nospace(want)
        if not ok:
            errs.append("page %d: want %r at %s, line %r" % (k, want, pn["where"], line))

    # running header
    rh = e.get("running_header")
    if rh:
        want = rh.get("left") or rh["text"]
        for k in rh["pages"]:
            ls = lines(lay[k - 1])
            if not ls or nospace(want) not in nospace(ls[0]):
                errs.append("page %d: running header %r missing" % (k, want))
        for k in range(1, n + 1):
            if k not in rh["pages"]:
                ls = lines(lay[k - 1])
                if ls and nospace(want) in nospace(ls[0]) and rh.get("left") is None:
                    errs.append("page %d: running header %r not expected" % (k, want))
        for k, hl in zip(rh["pages"], rh.get("lines", [])):
            if nospace(lines(lay[k - 1])[0]) != nospace(hl):
                errs.append("page %d: header line %r" % (k, hl))
    rf = e.get("running_footer")
    if rf:
        for k in rf["pages"]:
            if nospace(rf["text"]) not in nospace(lines(lay[k - 1])[-1]):
                errs.append("page %d: running footer %r missing" % (k, rf["text"]))

    # visible title
    if e.get("visible_title") and not re.search(pat(e["visible_title"], soft), raw[0]):
        errs.append("visible title not on page 1")
    if e.get("doi_line") and not re.search(pat(e["doi_line"], soft), raw[e.get("doi_page", 1) - 1]):
        errs.append("DOI line not on its page")

    # sections, in order, each on its physical page
    last_page = 0
    for s in e.get("sections", []):
        p = s["physical_page"]
        if p < last_page:
            errs.append("section %s out of order" % s["number"])
        last_page = p
        if not re.search(pat("%s %s" % (s["number"], s["title"]), soft), raw[p - 1]):
            errs.append("section %s not on page %d" % (s["number"], p))
        if s["printed_page"] != pp.get(str(p)):
            errs.append("section %s printed page %r != %r" % (s["number"], s["printed_page"], pp.get(str(p))))
    for s in e.get("subheadings", []):
        if isinstance(s, dict) and not re.search(pat(s["title"], soft), raw[s["physical_page"] - 1]):
            errs.append("subheading %r not on page %d" % (s["title"], s["physical_page"]))

    # footnotes
    for f in e.get("footnotes", []):
        p = f["physical_page"]
        if not re.search(pat(f["text40"], soft), raw[p - 1]):
            errs.append("footnote %d not on page %d" % (f["n"], p))
        if not re.search(pat(f["marker_after"], soft) + r"\s*" + str(f["n"]), raw[f["marker_page"] - 1]):
            errs.append("footnote marker %d not on page %d" % (f["n"], f["marker_page"]))

    # list items that look like headings
    for it in e.get("list_items_not_headings", []):
        if not re.search(pat(it["text"], soft), raw[it["physical_page"] - 1]):
            errs.append("list item %r not on page %d" % (it["text"][:30], it["physical_page"]))

    # line-end hyphens
    for hy in e.get("line_end_hyphens", []) + [dict(h, page=None) for h in e.get("hyphen_breaks", [])]:
        pgs = [raw[hy["page"] - 1]] if hy.get("page") else raw
        ok = False
        for pg in pgs:
            ls = [l.strip() for l in pg.splitlines() if l.strip()]
            for i in range(len(ls) - 1):
                if ls[i].endswith(hy["line_end"]) and ls[i + 1].startswith(hy["next"]):
                    ok = True
        if not ok:
            errs.append("no line break %r / %r" % (hy["line_end"], hy["next"]))
    if e.get("lines"):
        got = lines(raw[0])[:len(e["lines"])]
        if got != e["lines"]:
            errs.append("lines differ")

    # wrapped headings
    for w in e.get("wrapped_headings", []):
        ls = lines(raw[w["physical_page"] - 1])
        k = next((i for i, l in enumerate(ls) if l == w["lines"][0]), None)
        if k is None or ls[k:k + len(w["lines"])] != w["lines"]:
            errs.append("heading %s not on lines %r" % (w["number"], w["lines"]))

    # outline
    if "outline" in e:
        got = outline(pdf)
        want = [(o["depth"], o["title"]) for o in e["outline"]]
        if got != want:
            errs.append("outline differs")

    # table of contents lines: number, title, dot leaders, the page shown
    for t in e.get("toc_entries", []):
        rx = r"(?m)" + pat("%s %s" % (t["number"], t["title"]), soft) + r"[ .…]*" + re.escape(t["page_shown"]) + r"\s*$"
        if not re.search(rx, raw[t["physical_page"] - 1]):
            errs.append("TOC entry %s not on page %d" % (t["number"], t["physical_page"]))
        sec = next((x for x in e["sections"] if x["number"] == t["number"]), None)
        if not sec or sec["printed_page"] != t["page_shown"]:
            errs.append("TOC entry %s shows %s, the heading is on %r" % (t["number"], t["page_shown"],
                                                                       sec and sec["printed_page"]))

    # caption right under a heading
    cap = e.get("caption")
    if cap:
        hd = next(s for s in e["sections"] if s["number"] == cap["after_heading"])
        rx = pat("%s %s" % (hd["number"], hd["title"]), soft) + r"\s+" + pat(cap["text"][:40], soft)
        if not re.search(rx, raw[cap["physical_page"] - 1]):
            errs.append("caption not right under %s" % cap["after_heading"])

    # sentences over page breaks
    for b in e.get("page_breaks", []):
        a = b["after_page"]
        if not re.search(pat(b["last_words"], soft), raw[a - 1]) or \
                not re.search(pat(b["next_words"], soft), raw[a]):
            errs.append("page break after %d: words not found" % a)
    sb = e.get("sentence_over_page_break")
    if sb:
        a = sb["after_page"]
        body_end = [l for l in lines(raw[a - 1])]
        if not any(l.endswith(sb["before"].split()[-1]) and sb["before"].split()[-2] in l for l in body_end):
            errs.append("sentence: %r not at a line end on page %d" % (sb["before"], a))
        if not any(l.startswith(sb["after"].split()[0]) for l in lines(raw[a])):
            errs.append("sentence: %r not at a line start on page %d" % (sb["after"], a + 1))
    return errs


def outline(pdf):
    j = json.loads(sh("qpdf", "--json", pdf))
    objs = j["qpdf"][1] if "qpdf" in j else j["objects"]

    def get(ref):
        o = objs.get("obj:" + ref) or objs.get(ref)
        return o.get("value", o) if isinstance(o, dict) else o

    root = get(get("trailer")["/Root"])
    out = []

    def walk(ref, depth):
        while ref:
            o = get(ref)
            t = o.get("/Title", "")
            out.append((depth, t[2:] if t.startswith(("u:", "b:")) else t))
            if "/First" in o:
                walk(o["/First"], depth + 1)
            ref = o.get("/Next")
    if "/Outlines" in root:
        walk(get(root["/Outlines"]).get("/First"), 1)
    return out


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "data", "producers")
    with open(os.path.join(d, "expected.json"), encoding="utf-8") as f:
        exp = json.load(f)
    bad = 0
    listed = set()
    for e in exp["files"]:
        listed.add(e["file"])
        errs = check_file(d, e)
        print("%-60s %3d pages  %s" % (e["file"], e["pages"], "ok" if not errs else "FAIL"))
        for x in errs[:20]:
            print("    " + x)
        bad += bool(errs)
    for dp, _, fs in os.walk(d):
        for f in fs:
            rel = os.path.relpath(os.path.join(dp, f), d)
            if rel.endswith(".pdf") and rel not in listed:
                print("%-60s not in expected.json" % rel)
                for x in overprint_errors(os.path.join(dp, f))[:20]:
                    print("    " + x)
                bad += 1
    print("check-producer-pdfs: %d files, %s" % (len(exp["files"]), "all ok" if not bad else "%d bad" % bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
