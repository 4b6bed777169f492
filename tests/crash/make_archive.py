#!/usr/bin/env python3
"""Writes a folder shaped like a real archive for the crash loop
(tests/crash/crashloop.sh, tests/crash/test_crashloop.sh).

    make_archive.py [--files N] [--seed S] OUTDIR

N files (default 3000) in nested folders, made from the seed texts of
tests/data/seeds/ (Tidsskriftet articles, a consultation response and an
annual report), the PDFs of corpus/ and tests/data/producers/, and
tests/indexer/minipdf.py:

  notater/YYYY/*.txt      plain text: a slice of a seed or a collage of its
                          sentences, with or without a heading line
  notater/YYYY/md/*.md    Markdown: a title, ##/### headings, lists
  artikler/YYYY/MM/*.html three page layouts (a journal article with
                          citation_* meta and <article>; a news page with
                          meta author/date and <h1>/<h2>; a bare page)
  hoeringer/*.xml         records in kilde's ingest format (schemas/record.rng)
  rapporter/*.pdf         a handful: committed PDFs copied under other names,
                          and small PDFs written by minipdf.py
  innboks/                what a real batch also holds: an empty file, a
                          truncated PDF, text that is not UTF-8, a record
                          the schema refuses

Some files are versions of others (overlapping slices of one seed), and a
few are the same text twice, so kinship (duplicates, versions) is part of
every run.  Deterministic: the same --seed and --files give the same bytes.
"""
import argparse
import glob
import html
import os
import random
import re
import shutil
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "indexer"))
import minipdf  # noqa: E402

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"])")
AUTHORS = ["Anne-Karin Rime", "Marit Hermansen", "Ole Nordmann", "Kari Nordli",
           "Sentralstyret", "Sekretariatet", "Jon Olav Berg", "Ingrid Haugen"]
TYPES = ["artikkel", "horingsinnspill", "arsmelding", "annet"]


def load_seeds():
    """Each seed as its lines (running text, blank lines kept) and sentences."""
    seeds = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "data", "seeds", "*"))):
        with open(path, encoding="utf-8") as f:
            text = f.read().replace("\f", "\n")
        lines = [ln.rstrip() for ln in text.split("\n")]
        flat = " ".join(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))
        sentences = [s.strip() for s in SENTENCE_END.split(flat) if len(s.strip()) > 20]
        seeds.append({"name": os.path.basename(path), "lines": lines, "sentences": sentences})
    return seeds


class Writer:
    def __init__(self, out, rng, seeds):
        self.out, self.rng, self.seeds = out, rng, seeds
        self.written = []
        # the annual report is the big one: slices of it are most varied
        self.weights = [max(1, len(s["lines"]) // 40) for s in seeds]

    def seed(self):
        return self.rng.choices(self.seeds, weights=self.weights)[0]

    def path(self, rel):
        full = os.path.join(self.out, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        self.written.append(rel)
        return full

    def paragraphs(self, lo, hi):
        """A slice of a seed's lines as paragraphs (versions of one another
        when slices overlap), or a collage of sentences from all seeds."""
        r = self.rng
        if r.random() < 0.5:
            s = self.seed()
            n = r.randint(lo * 4, hi * 4)
            start = r.randrange(max(1, len(s["lines"]) - n))
            paras, cur = [], []
            for ln in s["lines"][start:start + n]:
                if ln.strip():
                    cur.append(ln.strip())
                elif cur:
                    paras.append(" ".join(cur))
                    cur = []
            if cur:
                paras.append(" ".join(cur))
            # long runs without blank lines (the annual report) cut into paragraphs
            out = []
            for p in paras:
                words = p.split()
                while len(words) > 120:
                    cut = r.randint(40, 120)
                    out.append(" ".join(words[:cut]))
                    words = words[cut:]
                if words:
                    out.append(" ".join(words))
            if out:
                return out
        pool = [x for s in self.seeds for x in s["sentences"]]
        return [" ".join(r.sample(pool, r.randint(2, 7))) for _ in range(r.randint(lo, hi))]

    def heading(self):
        words = self.rng.choice(self.seeds[self.rng.randrange(len(self.seeds))]["sentences"]).split()
        n = self.rng.randint(2, 7)
        return " ".join(words[:n]).rstrip(",.:;")

    def date(self, year):
        return "%04d-%02d-%02d" % (year, self.rng.randint(1, 12), self.rng.randint(1, 28))


def write_txt(w, i, year):
    r = w.rng
    paras = w.paragraphs(6, 40)
    body = []
    if r.random() < 0.6:
        body += [w.heading(), ""]
    if r.random() < 0.3:
        body += ["Saksnummer %d/%05d" % (year, i), ""]
    for p in paras:
        if r.random() < 0.15:
            body += [w.heading(), ""]
        # some files keep the seed's broken lines, others one line a paragraph
        body += ([p] if r.random() < 0.5 else wrap(p, r.randint(60, 100))) + [""]
    with open(w.path("notater/%d/notat-%05d.txt" % (year, i)), "w", encoding="utf-8") as f:
        f.write("\n".join(body))


def wrap(text, width):
    lines, cur = [], ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = cur + " " + word if cur else word
    return lines + [cur] if cur else lines


def write_md(w, i, year):
    r = w.rng
    body = ["# " + w.heading(), ""]
    if r.random() < 0.5:
        body += ["*%s, %s*" % (r.choice(AUTHORS), w.date(year)), ""]
    for n, p in enumerate(w.paragraphs(8, 36)):
        if n and r.random() < 0.3:
            body += [("## " if r.random() < 0.6 else "### ") + w.heading(), ""]
        if r.random() < 0.12:
            body += ["- " + s for s in SENTENCE_END.split(p)[:4]] + [""]
        else:
            body += [p, ""]
    with open(w.path("notater/%d/md/notat-%05d.md" % (year, i)), "w", encoding="utf-8") as f:
        f.write("\n".join(body))


def write_html(w, i, year):
    r = w.rng
    title = w.heading()
    author = r.choice(AUTHORS)
    date = w.date(year)
    paras = w.paragraphs(8, 36)
    e = html.escape
    layout = r.randrange(3)
    if layout == 0:  # a journal article: citation_* meta, <article>, <h2>s
        head = ('<meta name="citation_title" content="%s">\n<meta name="citation_author" content="%s">\n'
                '<meta name="citation_publication_date" content="%s">\n'
                % (e(title), e(author), date.replace("-", "/")))
        parts = ["<header><nav><a href=\"/\">Forsiden</a> | <a href=\"/arkiv\">Arkiv</a></nav></header>",
                 "<article>", "<h1>%s</h1>" % e(title), '<p class="byline">%s</p>' % e(author)]
        for n, p in enumerate(paras):
            if n and r.random() < 0.3:
                parts.append("<h2>%s</h2>" % e(w.heading()))
            parts.append("<p>%s</p>" % e(p))
        parts += ["</article>", "<footer>© Tidsskrift for Den norske legeforening</footer>"]
    elif layout == 1:  # a news page: meta author and date, <h1>/<h2>, an aside
        head = '<meta name="author" content="%s">\n<meta name="date" content="%s">\n' % (e(author), date)
        parts = ['<div id="page"><main>', "<h1>%s</h1>" % e(title)]
        for n, p in enumerate(paras):
            if n % 3 == 2:
                parts.append("<h2>%s</h2>" % e(w.heading()))
            parts.append("<p>%s</p>" % e(p))
        parts += ["</main>", "<aside><h3>Les også</h3><ul><li><a href=\"/a\">%s</a></li></ul></aside>"
                  % e(w.heading()), "</div>"]
    else:  # a bare page: title only, paragraphs and line breaks
        head = ""
        parts = ["<p>%s</p>" % "<br>\n".join(e(x) for x in wrap(p, 90)) for p in paras]
    page = ('<!DOCTYPE html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">\n<title>%s</title>\n%s'
            '</head>\n<body>\n%s\n</body>\n</html>\n' % (e(title), head, "\n".join(parts)))
    with open(w.path("artikler/%d/%02d/side-%05d.html" % (year, r.randint(1, 12), i)), "w",
              encoding="utf-8") as f:
        f.write(page)


def write_xml(w, i, year, record_id=None):
    r = w.rng
    e = lambda s: html.escape(s, quote=True)  # noqa: E731
    kind = r.choice(TYPES)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<record xmlns="urn:kilde:record:1" id="%s" type="%s" date="%s" lang="%s">'
           % (record_id or "sak-%d-%05d" % (year, i), kind, w.date(year), r.choice(["nb", "nb", "nn"])),
           "  <title>%s</title>" % e(w.heading())]
    if r.random() < 0.7:
        out.append('  <authors><author role="Sekretariatet" email="post@legeforeningen.no">%s</author></authors>'
                   % e(r.choice(AUTHORS)))
    if r.random() < 0.5:
        out.append("  <url>https://www.legeforeningen.no/horinger/%d/%05d/</url>" % (year, i))
    page = 1
    for n, p in enumerate(w.paragraphs(6, 24)):
        attrs = ' page="%d"' % page
        if n and r.random() < 0.6:
            attrs = ' number="%d" title="%s" level="1"%s' % (n, e(w.heading()), attrs)
        out.append("  <section%s>\n%s\n  </section>" % (attrs, e(p)))
        page += r.random() < 0.4
    out.append("</record>")
    with open(w.path("hoeringer/%d/sak-%05d.xml" % (year, i)), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


PDF_SOURCES = sorted(glob.glob(os.path.join(ROOT, "corpus", "*.pdf")) +
                     [os.path.join(ROOT, "tests", "data", "producers", n) for n in
                      ("groff-horingsinnspill.pdf", "libreoffice-horingsinnspill.pdf",
                       "chromium-tidsskriftet-medlemsmoter.pdf")])


def cp1252(line):
    """minipdf writes WinAnsi: the consultation seed's lost "ti" ligature
    (U+FFFD) back as the letters, anything else unwritable as '?'."""
    return line.replace("\ufffd", "ti").encode("cp1252", "replace").decode("cp1252")


def write_pdf(w, i, year):
    r = w.rng
    if r.random() < 0.5:  # a committed PDF under another name
        shutil.copyfile(r.choice(PDF_SOURCES), w.path("rapporter/%d/rapport-%05d.pdf" % (year, i)))
        return
    pages = []
    for _ in range(r.randint(1, 4)):
        lines = [w.heading().upper(), ""]
        for p in w.paragraphs(2, 5):
            lines += wrap(p, 90) + [""]
        pages.append([cp1252(x) for x in lines[:60]])
    spec = {"pages": pages, "info": {"Title": w.heading(), "Author": r.choice(AUTHORS)}}
    with open(w.path("rapporter/%d/rapport-%05d.pdf" % (year, i)), "wb") as f:
        f.write(minipdf.build(spec))


def write_broken(w):
    """What a batch also holds; each is reported (or warned about) and the
    run goes on."""
    open(w.path("innboks/tom.txt"), "w").close()
    with open(os.path.join(ROOT, "corpus", "horingsinnspill-meld-st-19-2023-2024.pdf"), "rb") as f:
        data = f.read()
    with open(w.path("innboks/avkuttet.pdf"), "wb") as f:
        f.write(data[: len(data) // 3])
    with open(w.path("innboks/latin1.txt"), "wb") as f:
        f.write("Høringssvar fra Legeforeningen om fastlegeordningen, sendt på nytt.\n"
                "Særlig viktig er økt rekruttering.\n".encode("latin-1"))
    with open(w.path("innboks/ugyldig-post.xml"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<record xmlns="urn:kilde:record:1" '
                'id="" type="ukjent"><section>Uten tittel</section></record>\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("out")
    a = ap.parse_args()
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    os.makedirs(a.out)
    w = Writer(a.out, random.Random(a.seed), load_seeds())
    write_broken(w)
    # about one file in 150 a PDF (poppler is the slow part), at least three
    n_pdf = max(3, a.files // 150)
    kinds = [write_txt] * 40 + [write_md] * 18 + [write_html] * 27 + [write_xml] * 15
    i = 0
    for _ in range(n_pdf):
        write_pdf(w, i, w.rng.randint(2018, 2026))
        i += 1
    copies = 0
    while len(w.written) < a.files:
        year = w.rng.randint(2018, 2026)
        kind = w.rng.choice(kinds)
        kind(w, i, year)
        i += 1
        # now and then the same file filed twice, elsewhere
        if w.rng.random() < 0.01 and len(w.written) < a.files:
            src = os.path.join(a.out, w.written[-1])
            shutil.copyfile(src, w.path("kopier/%d-%s" % (copies, os.path.basename(src))))
            copies += 1
    total = sum(os.path.getsize(os.path.join(a.out, p)) for p in w.written)
    print("%d files, %.1f MB, in %s" % (len(w.written), total / 1e6, a.out))


if __name__ == "__main__":
    main()
