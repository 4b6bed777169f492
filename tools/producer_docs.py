#!/usr/bin/env python3
"""Test PDFs made by real producers (LibreOffice, Chromium, groff) from the
seed texts, and the ground truth about them (python3 stdlib only).

  tools/producer_docs.py [--out DIR] [--work DIR] [--only NAME ...]

Writes the source files (.fodt, .html, .ms) into the work directory, runs
the producers on them, writes the PDFs into DIR (tests/data/producers/ by
default) and DIR/expected.json.  Every fact in expected.json is computed
from what this script laid out and then checked against the PDF that came
out (pdftotext per page): on which physical page each heading landed, what
the page number printed on that page is, where the footnotes went.  If a
producer put something elsewhere than the script expects, it stops with an
error instead of writing a wrong truth.  tools/check-producer-pdfs.py checks
expected.json against the PDFs again, without the producers.

Run through tools/make-producer-pdfs.sh (make producer-pdfs), which sets the
environment (SOURCE_DATE_EPOCH, TZ, fixed work directory for Chromium).
See tests/data/producers/README.md for what each file exercises.
"""
import argparse
import bisect
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seedmodel  # noqa: E402
from seedmodel import NOTE  # noqa: E402

ROOT = seedmodel.ROOT
OUT = os.path.join(ROOT, "tests", "data", "producers")
RUNNING_HEADER = "Den norske legeforening – Årsmelding 2024"


class Fail(Exception):
    pass


# ---------------------------------------------------------------------------
# Running the producers

def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, **kw)
    if r.returncode != 0:
        raise Fail("%s failed (%d): %s" % (cmd[0], r.returncode,
                                          r.stderr.decode("utf-8", "replace")[-2000:]))
    return r


def soffice(src, pdf, export=None):
    """LibreOffice Writer: src (.fodt) -> pdf.  export: writer_pdf_Export
    options as a dict name -> (type, value)."""
    outdir = os.path.dirname(src)
    conv = "pdf"
    if export:
        conv = "pdf:writer_pdf_Export:" + json.dumps(
            {k: {"type": t, "value": v} for k, (t, v) in export.items()})
    profile = "file://" + os.path.join(WORK, "lo-profile")
    run(["soffice", "-env:UserInstallation=" + profile, "--headless", "--norestore",
         "--convert-to", conv, "--outdir", outdir, src])
    made = os.path.splitext(src)[0] + ".pdf"
    shutil.move(made, pdf)


def chromium(src, pdf, header_footer=False, outline=False):
    """Chromium headless print-to-pdf: src (.html) -> pdf."""
    udd = tempfile.mkdtemp(prefix="chromium-", dir=WORK)
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--user-data-dir=" + udd, "--lang=nb",
           "--print-to-pdf=" + pdf]
    if not header_footer:
        cmd.append("--no-pdf-header-footer")
    if outline:
        cmd.append("--generate-pdf-document-outline")
    cmd.append(src)
    run(cmd, timeout=300)
    shutil.rmtree(udd, ignore_errors=True)
    if not os.path.exists(pdf):
        raise Fail("chromium wrote no " + pdf)


def groff(src, pdf, args=()):
    """groff -k -ms -Tpdf: src (.ms) -> pdf."""
    r = run(["groff", "-k", "-ms", "-Tpdf"] + list(args) + [src])
    with open(pdf, "wb") as f:
        f.write(r.stdout)


# ---------------------------------------------------------------------------
# Reading the PDFs back

def pdfinfo(pdf):
    out = run(["pdfinfo", pdf]).stdout.decode("utf-8", "replace")
    info = {}
    for line in out.splitlines():
        k, _, v = line.partition(":")
        info[k.strip()] = v.strip()
    return info


def pages_text(pdf, layout=False):
    n = int(pdfinfo(pdf)["Pages"])
    # -raw: content stream order, lines and line-end hyphens kept as they are
    # (the default mode joins "ikke-" / "kliniske" into "ikkekliniske")
    args = ["pdftotext", "-enc", "UTF-8", "-layout" if layout else "-raw", pdf, "-"]
    pages = run(args).stdout.decode("utf-8").split("\f")
    return (pages + [""] * n)[:n]


def outline_titles(pdf):
    """Titles of the PDF outline (bookmarks), in order, with their depth."""
    j = json.loads(run(["qpdf", "--json", pdf]).stdout)
    objs = j.get("objects") or j.get("qpdf", [None, {}])[1]
    def get(ref):
        o = objs.get(ref) or objs.get("obj:" + ref)
        if isinstance(o, dict) and "value" in o:
            o = o["value"]
        return o
    trailer = get("trailer")
    root = get(trailer["/Root"])
    out = []
    if "/Outlines" not in root:
        return out
    def walk(ref, depth):
        while ref:
            o = get(ref)
            t = o.get("/Title", "")
            t = t[2:] if t.startswith(("u:", "b:")) else t
            out.append((depth, t))
            if "/First" in o:
                walk(o["/First"], depth + 1)
            ref = o.get("/Next")
    walk(get(root["/Outlines"]).get("/First"), 1)
    return out


def has_page_labels(pdf):
    j = json.loads(run(["qpdf", "--json", "--json-key=pagelabels", pdf]).stdout)
    return bool(j.get("pagelabels"))


def pat(s, soft=False):
    """Regex for s as pdftotext writes it: any run of white space may be a
    line break, and a line may break after a hyphen.  soft: the producer
    hyphenates words (groff), so a word may be split by "-" and a line break
    between any two letters."""
    parts = []
    for tok in re.split(r"(\s+)", s.strip()):
        if not tok:
            continue
        if tok.isspace():
            parts.append(r"\s+")
        elif soft:
            out = ""
            for i, ch in enumerate(tok):
                out += re.escape(ch).replace(r"\-", r"-\s*").replace("/", r"/\s*")
                if i + 1 < len(tok) and ch.isalpha() and tok[i + 1].isalpha():
                    out += r"(?:-\n)?"
            parts.append(out)
        else:
            parts.append(re.escape(tok).replace(r"\-", r"-\s*").replace("/", r"/\s*"))
    return "".join(parts)


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


class Text:
    """The raw text of all pages, for finding things in reading order."""

    def __init__(self, pages, soft=False):
        self.soft = soft
        self.pages = pages
        self.offsets = []
        buf = []
        n = 0
        for p in pages:
            self.offsets.append(n)
            buf.append(p + "\n")
            n += len(p) + 1
        self.text = "".join(buf)
        self.pos = 0

    def page_of(self, offset):
        return bisect.bisect_right(self.offsets, offset)

    def find(self, s, from_pos=None, regex=None):
        """Physical page (1-based) of the next occurrence of s."""
        rx = re.compile(regex or pat(s, self.soft))
        m = rx.search(self.text, self.pos if from_pos is None else from_pos)
        if not m:
            raise Fail("not found in the PDF text: %r" % s)
        self.pos = m.end()
        return self.page_of(m.start())

    def on_page(self, page, s):
        return re.search(pat(s, self.soft), self.pages[page - 1]) is not None


def first_line(page_layout):
    ls = [norm(l) for l in page_layout.splitlines() if l.strip()]
    return ls[0] if ls else ""


def last_line(page_layout):
    ls = [norm(l) for l in page_layout.splitlines() if l.strip()]
    return ls[-1] if ls else ""


def nospace(s):
    return re.sub(r"\s+", "", s or "")


def roman(n):
    out = ""
    for v, r in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                 (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out += r
            n -= v
    return out


def check_labels(layout_pages, labels, where, fmt, total=None):
    """Check that each page shows its printed page label.  labels: list
    (index = physical page - 1) of str or None.  where: header-center,
    header-right, footer-center, footer-right (the first / last line of the
    page; for *-right the end of that line).  fmt: "{n}", "Side {n} av {m}"..."""
    for i, lab in enumerate(labels):
        page = layout_pages[i]
        line = first_line(page) if where.startswith("header") else last_line(page)
        if lab is None:
            # nothing that looks like a page number where it would stand
            for cand in (first_line(page), last_line(page)):
                if re.fullmatch(r"[-–\s]*([0-9]+|[ivxlc]+)[-–\s]*", cand or "x"):
                    raise Fail("page %d should show no page number: %r" % (i + 1, cand))
            continue
        want = fmt.format(n=lab, m=total)
        ok = nospace(line).endswith(nospace(want)) if where.endswith("right") \
            else nospace(line) == nospace(want)
        if where.endswith("center") and not ok:
            ok = nospace(line) == nospace(want)
        if not ok:
            raise Fail("page %d: expected page number %r at %s, found line %r"
                       % (i + 1, want, where, line))


def check_running(layout_pages, text, pages, where="header", absent=True):
    for p in pages:
        line = first_line(layout_pages[p - 1]) if where == "header" else last_line(layout_pages[p - 1])
        if nospace(text) not in nospace(line):
            raise Fail("page %d: running %s %r not in %r" % (p, where, text, line))
    for p in range(1, len(layout_pages) + 1):
        if p in pages or not absent:
            continue
        line = first_line(layout_pages[p - 1]) if where == "header" else last_line(layout_pages[p - 1])
        if nospace(text) in nospace(line):
            raise Fail("page %d: running %s %r should not be there" % (p, where, text))


def source_words(texts):
    words = set()
    for t in texts:
        for w in re.findall(r"[^\s«»\"“”()\[\],.;:!?]+", t.replace(NOTE, " ")):
            words.add(w)
    return words


def line_end_hyphens(raw_pages, words):
    """Lines that end with a hyphen after a word, and how the words read
    when joined: 'real' = the hyphen belongs to the word (LIS1-stillinger),
    'soft' = the producer hyphenated the word (Kommunikasjon-savdelingen)."""
    out = []
    for i, page in enumerate(raw_pages):
        lines = [l.strip() for l in page.splitlines()]
        for k, l in enumerate(lines):
            m = re.search(r"(?:^|\s)([^\s]*[A-Za-zÆØÅæøåé0-9])-$", l)
            if not m:
                continue
            nxt = next((x for x in lines[k + 1:] if x), "")
            n = re.match(r"([A-Za-zÆØÅæøåé0-9][^\s]*)", nxt)
            if not n:
                continue
            a = m.group(1).lstrip("«(\"“")
            b = re.sub(r"[.,;:!?)»\"”]+$", "", n.group(1))
            real = a + "-" + b
            soft = a + b
            if (a + "-") in words and b in ("og", "eller", "til"):
                kind, reads = "suspended", a + "- " + b
            elif real in words and soft not in words:
                kind, reads = "real", real
            elif soft in words and real not in words:
                kind, reads = "soft", soft
            elif real in words and soft in words:
                kind, reads = "ambiguous", real
            else:
                continue
            out.append(dict(page=i + 1, line_end=a + "-", next=b, reads=reads, kind=kind))
    return out


# ---------------------------------------------------------------------------
# Escaping

def x(s):
    """XML text for ODF."""
    return html.escape(s, quote=False)


def xa(s):
    return html.escape(s, quote=True)


def h(s):
    return html.escape(s, quote=False)


def roff(s):
    s = s.replace("\\", "\\e")
    if s[:1] in (".", "'"):
        s = "\\&" + s
    return s


def roff_nohyph(s):
    """Words of a heading, protected from hyphenation."""
    return " ".join("\\%" + w for w in roff(s).split(" "))


# ---------------------------------------------------------------------------
# LibreOffice: flat ODT

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"')

GENERIC = {"Carlito": "swiss", "Caladea": "roman", "Liberation Serif": "roman",
           "Liberation Sans": "swiss", "DejaVu Sans": "swiss", "DejaVu Serif": "roman",
           "Noto Sans": "swiss", "Noto Serif": "roman"}


class Fodt:
    """A flat ODT document: named styles, page layouts, master pages and
    the body, written as one XML file for soffice --convert-to pdf."""

    def __init__(self, font, size, heading_font=None, lang=("nb", "NO")):
        self.fonts = {font}
        self.font, self.size = font, size
        self.heading_font = heading_font or font
        self.fonts.add(self.heading_font)
        self.lang = lang
        self.styles = []        # office:styles entries
        self.auto = []          # office:automatic-styles entries
        self.masters = []
        self.body = []
        self.title = None
        self.n_auto = 0
        self.n_notes = 0

    # -- styles
    def pstyle(self, name, parent="Standard", para=None, text=None, display=None,
               next_style=None, outline=None, cls="text"):
        attrs = 'style:name="%s" style:family="paragraph"' % name
        if display:
            attrs += ' style:display-name="%s"' % xa(display)
        if parent:
            attrs += ' style:parent-style-name="%s"' % parent
        if next_style:
            attrs += ' style:next-style-name="%s"' % next_style
        if outline:
            attrs += ' style:default-outline-level="%d"' % outline
        attrs += ' style:class="%s"' % cls
        inner = ""
        if para:
            inner += "<style:paragraph-properties %s/>" % para
        if text:
            inner += "<style:text-properties %s/>" % text
        self.styles.append("<style:style %s>%s</style:style>" % (attrs, inner))

    def auto_pstyle(self, parent, master=None, page_number=None, para="", text=""):
        self.n_auto += 1
        name = "P%d" % self.n_auto
        attrs = 'style:name="%s" style:family="paragraph" style:parent-style-name="%s"' % (name, parent)
        if master:
            attrs += ' style:master-page-name="%s"' % master
        pp = para
        if page_number is not None:
            pp += ' style:page-number="%s"' % page_number
        inner = ""
        if pp.strip():
            inner += "<style:paragraph-properties %s/>" % pp
        if text:
            inner += "<style:text-properties %s/>" % text
        self.auto.append("<style:style %s>%s</style:style>" % (attrs, inner))
        return name

    def page_layout(self, name, width="21cm", height="29.7cm", margins=("2cm", "2.2cm", "2.2cm", "2.2cm"),
                    num_format="1", header=False, footer=False, columns=None):
        top, bottom, left, right = margins
        hs = ('<style:header-style><style:header-footer-properties fo:min-height="0.5cm" '
              'fo:margin-bottom="0.5cm"/></style:header-style>') if header else "<style:header-style/>"
        fs = ('<style:footer-style><style:header-footer-properties fo:min-height="0.5cm" '
              'fo:margin-top="0.5cm"/></style:footer-style>') if footer else "<style:footer-style/>"
        self.auto.append(
            '<style:page-layout style:name="%s"><style:page-layout-properties fo:page-width="%s" '
            'fo:page-height="%s" style:num-format="%s" style:print-orientation="portrait" '
            'fo:margin-top="%s" fo:margin-bottom="%s" fo:margin-left="%s" fo:margin-right="%s" '
            'style:writing-mode="lr-tb">'
            '<style:footnote-sep style:width="0.018cm" style:distance-before-sep="0.1cm" '
            'style:distance-after-sep="0.1cm" style:line-style="solid" style:adjustment="left" '
            'style:rel-width="25%%" style:color="#000000"/>'
            '</style:page-layout-properties>%s%s</style:page-layout>'
            % (name, width, height, num_format, top, bottom, left, right, hs, fs))

    def master(self, name, layout, header=None, footer=None, next_style=None):
        attrs = 'style:name="%s" style:page-layout-name="%s"' % (name, layout)
        if next_style:
            attrs += ' style:next-style-name="%s"' % next_style
        inner = ""
        if header is not None:
            inner += "<style:header>%s</style:header>" % header
        if footer is not None:
            inner += "<style:footer>%s</style:footer>" % footer
        self.masters.append("<style:master-page %s>%s</style:master-page>" % (attrs, inner))

    def base_styles(self, justify=False, spacing="0.21cm", line_height=None, heading_sizes=(18, 14, 12),
                    heading_break=True, heading_bold=True, caption_size=None):
        f, s = self.font, self.size
        lh = ' fo:line-height="%s"' % line_height if line_height else ""
        self.styles.append(
            '<style:default-style style:family="paragraph"><style:paragraph-properties '
            'style:tab-stop-distance="1.25cm" style:writing-mode="page"/>'
            '<style:text-properties style:font-name="%s" fo:font-size="%gpt" fo:language="%s" '
            'fo:country="%s" fo:hyphenate="false"/></style:default-style>' % (f, s, self.lang[0], self.lang[1]))
        self.pstyle("Standard", parent=None)
        self.pstyle("Text_20_body", display="Text body",
                    para='fo:margin-top="0cm" fo:margin-bottom="%s" fo:text-align="%s" '
                         'fo:orphans="2" fo:widows="2"%s' % (spacing, "justify" if justify else "start", lh))
        hw = 'fo:font-weight="bold" ' if heading_bold else ""
        self.pstyle("Heading", next_style="Text_20_body",
                    para='fo:margin-top="0.42cm" fo:margin-bottom="0.21cm" fo:keep-with-next="always"',
                    text='style:font-name="%s" %s' % (self.heading_font, hw.strip()))
        for lvl, size in enumerate(heading_sizes, 1):
            para = 'fo:break-before="page"' if (lvl == 1 and heading_break) else ""
            self.pstyle("Heading_20_%d" % lvl, parent="Heading", display="Heading %d" % lvl,
                        next_style="Text_20_body", outline=lvl, para=para or None,
                        text='fo:font-size="%gpt"' % size)
        cs = caption_size or max(s - 2, 7)
        self.pstyle("Caption", parent="Standard", cls="extra",
                    para='fo:margin-top="0.1cm" fo:margin-bottom="0.3cm"',
                    text='fo:font-size="%gpt" fo:font-style="italic"' % cs)
        self.pstyle("Footnote", parent="Standard", cls="extra",
                    para='fo:margin-left="0.4cm" fo:text-indent="-0.4cm"',
                    text='fo:font-size="%gpt"' % max(s - 2, 7))
        self.pstyle("Header", parent="Standard", cls="extra",
                    para='fo:text-align="center"', text='fo:font-size="%gpt"' % max(s - 2, 7))
        self.pstyle("Footer", parent="Standard", cls="extra",
                    para='fo:text-align="center"', text='fo:font-size="%gpt"' % max(s - 1, 7))
        self.pstyle("Footer_right", parent="Footer", display="Footer right", cls="extra",
                    para='fo:text-align="end"')
        self.pstyle("Header_right", parent="Header", display="Header right", cls="extra",
                    para='fo:text-align="end"')
        self.pstyle("Subheading", parent="Text_20_body", display="Subheading",
                    para='fo:keep-with-next="always" fo:margin-bottom="0.1cm"', text='fo:font-weight="bold"')
        self.pstyle("Label", parent="Text_20_body", display="Label",
                    para='fo:keep-with-next="always" fo:margin-top="0.2cm" fo:margin-bottom="0.1cm"',
                    text='fo:font-weight="bold" fo:letter-spacing="0.03cm"')
        self.pstyle("List_20_Bullet", parent="Text_20_body", display="List Bullet",
                    para='fo:margin-bottom="0.1cm"')
        self.pstyle("List_20_Number", parent="Text_20_body", display="List Number",
                    para='fo:margin-left="1.25cm" fo:text-indent="-1cm" fo:margin-bottom="0.1cm"')
        self.pstyle("Photo", parent="Standard", display="Photo",
                    para='fo:margin-top="0.2cm" fo:keep-with-next="always"')
        self.styles.append(
            '<text:list-style style:name="Bullets"><text:list-level-style-bullet text:level="1" '
            'text:bullet-char="•"><style:list-level-properties '
            'text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment '
            'text:label-followed-by="listtab" text:list-tab-stop-position="0.9cm" fo:text-indent="-0.5cm" '
            'fo:margin-left="0.9cm"/></style:list-level-properties></text:list-level-style-bullet>'
            '</text:list-style>')
        self.styles.append(
            '<text:outline-style style:name="Outline">%s</text:outline-style>' % "".join(
                '<text:outline-level-style text:level="%d" style:num-format=""/>' % k for k in range(1, 11)))
        self.styles.append(
            '<style:style style:name="Footnote_20_anchor" style:display-name="Footnote anchor" '
            'style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>')
        self.styles.append(
            '<style:style style:name="Footnote_20_Symbol" style:display-name="Footnote Symbol" '
            'style:family="text"/>')
        self.styles.append(
            '<text:notes-configuration text:note-class="footnote" text:citation-style-name="Footnote_20_Symbol" '
            'text:citation-body-style-name="Footnote_20_anchor" style:num-format="1" text:start-value="0" '
            'text:footnotes-position="page" text:start-numbering-at="document"/>')
        self.auto.append(
            '<style:style style:name="gr1" style:family="graphic"><style:graphic-properties '
            'draw:stroke="none" draw:fill="solid" draw:fill-color="#c8ccd0" '
            'style:vertical-pos="top" style:vertical-rel="baseline"/></style:style>')

    # -- body
    def inline(self, text, notes=None):
        """Paragraph text with footnotes where NOTE stands (notes: iterator
        of note texts)."""
        out = []
        parts = text.split(NOTE)
        for k, part in enumerate(parts):
            out.append(x(part))
            if k < len(parts) - 1:
                self.n_notes += 1
                n = self.n_notes
                out.append('<text:note text:id="ftn%d" text:note-class="footnote"><text:note-citation>%d'
                           '</text:note-citation><text:note-body><text:p text:style-name="Footnote">%s'
                           '</text:p></text:note-body></text:note>' % (n, n, x(next(notes))))
        return "".join(out)

    def p(self, style, text, notes=None, raw=False):
        self.body.append('<text:p text:style-name="%s">%s</text:p>'
                         % (style, text if raw else self.inline(text, notes)))

    def hd(self, style, level, text):
        self.body.append('<text:h text:style-name="%s" text:outline-level="%d">%s</text:h>'
                         % (style, level, x(text)))

    def bullets(self, items, style="List_20_Bullet"):
        self.body.append('<text:list text:style-name="Bullets">%s</text:list>' % "".join(
            '<text:list-item><text:p text:style-name="%s">%s</text:p></text:list-item>' % (style, x(t))
            for t in items))

    def photo(self, width="7cm", height="4cm"):
        self.n_auto += 1
        self.body.append('<text:p text:style-name="Photo"><draw:rect draw:style-name="gr1" '
                         'draw:name="Foto%d" text:anchor-type="as-char" svg:width="%s" svg:height="%s" '
                         'draw:z-index="0"/></text:p>' % (self.n_auto, width, height))

    def xml(self):
        meta = "<meta:generator>kilde tools/producer_docs.py</meta:generator>"
        if self.title:
            meta += "<dc:title>%s</dc:title>" % x(self.title)
        fonts = "".join('<style:font-face style:name="%s" svg:font-family="\'%s\'" '
                        'style:font-family-generic="%s" style:font-pitch="variable"/>'
                        % (f, f, GENERIC.get(f, "system")) for f in sorted(self.fonts))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<office:document %s office:version="1.3" '
                'office:mimetype="application/vnd.oasis.opendocument.text">\n'
                '<office:meta>%s</office:meta>\n'
                '<office:font-face-decls>%s</office:font-face-decls>\n'
                '<office:styles>\n%s\n</office:styles>\n'
                '<office:automatic-styles>\n%s\n</office:automatic-styles>\n'
                '<office:master-styles>\n%s\n</office:master-styles>\n'
                '<office:body><office:text>\n%s\n</office:text></office:body></office:document>\n'
                % (NS, meta, fonts, "\n".join(self.styles), "\n".join(self.auto),
                   "\n".join(self.masters), "\n".join(self.body)))

    def write(self, path):
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.xml())


def field_page():
    return '<text:page-number text:select-page="current">1</text:page-number>'


def field_count():
    return '<text:page-count>1</text:page-count>'


# ---------------------------------------------------------------------------
# The report in each producer's language

def report_blocks_fodt(d, ch_blocks, notes, photos=True):
    """Chapter blocks into a Fodt body."""
    k = 0
    blocks = ch_blocks
    while k < len(blocks):
        b = blocks[k]
        kind = b[0]
        if kind == "h":
            d.hd("Heading_20_%d" % b[1], b[1], "%s %s" % (b[2], b[3]))
        elif kind == "p":
            d.p("Text_20_body", b[1], notes)
        elif kind == "sub":
            d.p("Subheading", b[1])
        elif kind == "label":
            d.p("Label", b[1])
        elif kind == "caption":
            if photos:
                d.photo()
            d.p("Caption", b[1])
        elif kind == "item":
            d.p("List_20_Number", "%s<text:tab/>%s" % (x(b[1]), x(b[2])), raw=True)
        elif kind == "bullet":
            items = []
            while k < len(blocks) and blocks[k][0] == "bullet":
                items.append(blocks[k][1])
                k += 1
            d.bullets(items)
            continue
        k += 1


def report_text_for_words(rep):
    texts = []
    for half in rep["foreword"]["pages"]:
        texts.extend(half)
    for ch in rep["chapters"]:
        texts.append(ch["title"])
        for b in ch["blocks"]:
            texts.extend(str(v) for v in b[1:])
    texts.extend(rep["notes"])
    return texts


def sections_truth(rep, text, labels):
    """Locate every numbered heading in order; returns the sections list."""
    out = []
    text.pos = 0
    for hd in rep["headings"]:
        full = "%s %s" % (hd["number"], hd["title"])
        p = text.find(full)
        out.append(dict(number=hd["number"], title=hd["title"], level=hd["level"],
                        physical_page=p, printed_page=labels[p - 1]))
    return out


def notes_truth(rep_notes, anchors, text, labels):
    """Footnotes: where the marker is and where the note text is."""
    out = []
    for n, (note, anchor) in enumerate(zip(rep_notes, anchors), 1):
        text.pos = 0
        mp = text.find(anchor + str(n), regex=pat(anchor) + r"\s*" + str(n))
        text.pos = 0
        p = text.find(note[:40])
        out.append(dict(n=n, text40=note[:40], text=note, physical_page=p, printed_page=labels[p - 1],
                        marker_page=mp, marker_after=anchor[-40:]))
    return out


def base_entry(name, producer, kind, seed, pdf):
    info = pdfinfo(pdf)
    return dict(file=name, producer=producer, kind=kind, seed=seed,
                pages=int(info["Pages"]),
                metadata_title=info.get("Title") or None,
                pdf_producer=info.get("Producer"),
                pdf_page_labels=has_page_labels(pdf))


# ---------------------------------------------------------------------------
# (a) LibreOffice annual report

def lo_report(name, rep, two_columns=False):
    if two_columns:
        d = Fodt("Liberation Serif", 10, heading_font="Liberation Sans")
        d.base_styles(justify=True, spacing="0.15cm", heading_sizes=(16, 12, 10.5), caption_size=8.5)
    else:
        d = Fodt("Carlito", 11)
        d.base_styles(justify=False, spacing="0.25cm", heading_sizes=(20, 14, 12), caption_size=9)
    d.pstyle("Cover_20_Title", display="Cover Title", para='fo:margin-top="8cm" fo:margin-bottom="0.5cm"',
             text='fo:font-size="40pt" fo:font-weight="bold" style:font-name="%s"' % d.heading_font)
    d.pstyle("Cover_20_Sub", display="Cover Subtitle", text='fo:font-size="18pt"')
    header = '<text:p text:style-name="Header">%s</text:p>' % x(RUNNING_HEADER)
    if two_columns:
        # one page style, "Side N av M" at the right of the footer, no header
        d.page_layout("pm1", margins=("1.8cm", "1.8cm", "1.8cm", "1.8cm"), footer=True)
        d.master("Standard", "pm1", footer='<text:p text:style-name="Footer_right">Side %s av %s</text:p>'
                 % (field_page(), field_count()))
        d.auto.append('<style:style style:name="Sect1" style:family="section"><style:section-properties '
                      'text:dont-balance-text-columns="false"><style:columns fo:column-count="2" '
                      'fo:column-gap="0.7cm"><style:column style:rel-width="1*" fo:start-indent="0cm" '
                      'fo:end-indent="0.35cm"/><style:column style:rel-width="1*" fo:start-indent="0.35cm" '
                      'fo:end-indent="0cm"/></style:columns></style:section-properties></style:style>')
        d.title = "Årsmelding 2024"
    else:
        footer = '<text:p text:style-name="Footer">%s</text:p>' % field_page()
        d.page_layout("pmCover", margins=("2cm", "2cm", "2.5cm", "2.5cm"))
        d.page_layout("pmFront", margins=("2cm", "2cm", "2.5cm", "2.5cm"), num_format="i",
                      header=True, footer=True)
        d.page_layout("pmMain", margins=("2cm", "2cm", "2.5cm", "2.5cm"), header=True, footer=True)
        d.master("Standard", "pmMain", header=header, footer=footer)
        d.master("Cover", "pmCover", next_style="Front")
        d.master("Front", "pmFront", header=header, footer=footer)
        d.master("Main", "pmMain", header=header, footer=footer)
    notes = iter(rep["notes"])
    # cover
    if two_columns:
        d.p("Cover_20_Title", rep["cover"]["title"])
    else:
        d.p(d.auto_pstyle("Cover_20_Title", master="Cover"), rep["cover"]["title"])
    d.p("Cover_20_Sub", rep["cover"]["subtitle"])
    fw = rep["foreword"]
    if two_columns:
        d.hd("Heading_20_1", 1, fw["title"])
    else:
        d.hd(d.auto_pstyle("Heading_20_1", master="Front", page_number=1), 1, fw["title"])
    brk = d.auto_pstyle("Text_20_body", para='fo:break-before="page"')
    for half_no, half in enumerate(fw["pages"]):
        for k, para in enumerate(half):
            d.p(brk if (half_no == 1 and k == 0 and not two_columns) else "Text_20_body", para)
    main_first = None if two_columns else d.auto_pstyle("Heading_20_1", master="Main", page_number=1)
    for n, ch in enumerate(rep["chapters"]):
        d.hd(main_first if (n == 0 and main_first) else "Heading_20_1", 1, "%s %s" % (ch["number"], ch["title"]))
        if two_columns:
            d.body.append('<text:section text:style-name="Sect1" text:name="Kapittel%s">' % ch["number"])
        report_blocks_fodt(d, ch["blocks"], notes, photos=not two_columns)
        if two_columns:
            d.body.append("</text:section>")
    src = os.path.join(WORK, os.path.splitext(os.path.basename(name))[0] + ".fodt")
    d.write(src)
    pdf = os.path.join(OUTDIR, name)
    export = {"ExportBookmarks": ("boolean", "false")} if two_columns else None
    soffice(src, pdf, export)

    raw = pages_text(pdf)
    lay = pages_text(pdf, layout=True)
    n = len(raw)
    text = Text(raw)
    if two_columns:
        labels = [str(i) for i in range(1, n + 1)]
        check_labels(lay, labels, "footer-right", "Side {n} av {m}", total=n)
        header_pages = []
        number_fmt = "Side {n} av {m}"
        where = "footer-right"
    else:
        text.pos = 0
        main1 = text.find("1 " + rep["chapters"][0]["title"])
        front = main1 - 2
        labels = [None] + [roman(i) for i in range(1, front + 1)] + [str(i) for i in range(1, n - main1 + 2)]
        check_labels(lay, labels, "footer-center", "{n}")
        header_pages = list(range(2, n + 1))
        check_running(lay, RUNNING_HEADER, header_pages)
        if foreword_pages(rep, text) != list(range(2, main1)):
            raise Fail("the foreword is not on the pages before chapter 1")
        number_fmt = "{n}"
        where = "footer-center"
    if not text.on_page(1, rep["cover"]["title"]):
        raise Fail("cover title not on page 1")
    sections = sections_truth(rep, text, labels)
    anchors = [a for _, a, _ in seedmodel.REPORT_NOTES]
    notes_t = [] if two_columns else notes_truth(rep["notes"], anchors, text, labels)
    for nt in notes_t:
        if nt["physical_page"] != nt["marker_page"]:
            raise Fail("footnote %d: marker on page %d, text on page %d"
                       % (nt["n"], nt["marker_page"], nt["physical_page"]))
    # the MÅLOMRÅDE items are body text: make sure they are where expected
    text.pos = 0
    not_headings = []
    for s in rep["not_headings"]:
        p = text.find(s)
        not_headings.append(dict(text=s, physical_page=p))
    e = base_entry(name, "LibreOffice 7.4 Writer (soffice --convert-to pdf, writer_pdf_Export)",
                   "annual-report", "004", pdf)
    if two_columns:
        e.update(layout=dict(columns=2, column_mechanism="text:section fo:column-count=2 per chapter; "
                             "chapter heading (Heading 1) above the section, full width",
                             body_font="Liberation Serif", body_size_pt=10, heading_font="Liberation Sans",
                             heading_sizes_pt=[16, 12, 10.5], page="A4", justified=True,
                             chapter_starts_new_page=True, outline_bookmarks=False, photos=False))
    else:
        e.update(layout=dict(columns=1, body_font="Carlito", body_size_pt=11, heading_font="Carlito bold",
                             heading_sizes_pt=[20, 14, 12], caption_style="Caption, Carlito 9 pt italic",
                             page="A4", justified=False, chapter_starts_new_page=True,
                             outline_bookmarks=True,
                             photos="grey rectangles (vector, no text) above each caption"))
    e.update(visible_title=rep["cover"]["title"],
             printed_pages={str(i + 1): lab for i, lab in enumerate(labels)},
             page_number=dict(where=where, format=number_fmt),
             running_header=None if two_columns else dict(text=RUNNING_HEADER, pages=header_pages),
             running_footer=None,
             front_matter=dict(title=fw["title"], pages=foreword_pages(rep, text)),
             sections=sections, footnotes=notes_t, list_items_not_headings=not_headings,
             captions=count_captions(rep),
             line_end_hyphens=line_end_hyphens(raw, source_words(report_text_for_words(rep))))
    return e


def foreword_pages(rep, text):
    """Physical pages the foreword is on: from its title to its last paragraph."""
    fw = rep["foreword"]
    text.pos = 0
    first = text.find(fw["title"])
    last = text.find(fw["pages"][-1][-1][:40])
    return list(range(first, last + 1))


def count_captions(rep):
    caps = [b[1] for ch in rep["chapters"] for b in ch["blocks"] if b[0] == "caption"]
    return dict(count=len(caps), first=caps[0][:60] if caps else None)


# ---------------------------------------------------------------------------
# (c), (d) Chromium reports

CHROMIUM_PRODUCER = "Chromium 156 headless --print-to-pdf"


def report_blocks_html(blocks, notes, endnotes, photos):
    out = []
    k = 0
    while k < len(blocks):
        b = blocks[k]
        kind = b[0]
        if kind == "h":
            lvl = b[1]
            out.append("<h%d>%s %s</h%d>" % (lvl, h(b[2]), h(b[3]), lvl))
        elif kind == "p":
            t = b[1]
            parts = t.split(NOTE)
            s = h(parts[0])
            for part in parts[1:]:
                nt = next(notes)
                if endnotes is not None:
                    endnotes.append(nt)
                    s += '<sup class="fn">%d</sup>' % len(endnotes)
                s += h(part)
            out.append("<p>%s</p>" % s)
        elif kind == "sub":
            out.append('<p class="sub"><strong>%s</strong></p>' % h(b[1]))
        elif kind == "label":
            out.append('<p class="label">%s</p>' % h(b[1]))
        elif kind == "caption":
            fig = '<div class="photo"></div>' if photos else ""
            out.append('<figure>%s<figcaption>%s</figcaption></figure>' % (fig, h(b[1])))
        elif kind == "item":
            out.append('<p class="item"><span class="num">%s</span> %s</p>' % (h(b[1]), h(b[2])))
        elif kind == "bullet":
            items = []
            while k < len(blocks) and blocks[k][0] == "bullet":
                items.append("<li>%s</li>" % h(blocks[k][1]))
                k += 1
            out.append("<ul>%s</ul>" % "".join(items))
            continue
        k += 1
    return "\n".join(out)


def chromium_report(name, rep, two_columns=False):
    notes = iter(rep["notes"])
    fw = rep["foreword"]
    if two_columns:
        css = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm;
  @bottom-center { content: "- " counter(page) " -"; font: 9pt "DejaVu Serif"; } }
@page cover { @bottom-center { content: none; } }
.cover { page: cover; }
body { font-family: "DejaVu Serif"; font-size: 9pt; line-height: 1.35; margin: 0; }
.cover-title { font: bold 34pt "DejaVu Sans"; margin: 70mm 0 6mm 0; }
.cover-sub { font: 16pt "DejaVu Sans"; }
.chapter { column-count: 2; column-gap: 7mm; break-before: page; }
.chapter h1 { column-span: all; }
h1 { font: bold 17pt "DejaVu Sans"; margin: 0 0 5mm 0; }
h2 { font: bold 11pt "DejaVu Sans"; margin: 4mm 0 1.5mm 0; break-after: avoid; }
h3 { font: bold italic 9.5pt "DejaVu Sans"; margin: 3mm 0 1mm 0; break-after: avoid; }
p { margin: 0 0 2mm 0; text-align: justify; }
p.sub, p.label { break-after: avoid; margin-bottom: 1mm; }
p.label { font-weight: bold; letter-spacing: 0.05em; }
p.item { padding-left: 9mm; text-indent: -9mm; margin-bottom: 1mm; text-align: left; }
p.item .num { display: inline-block; width: 9mm; text-indent: 0; }
ul { margin: 0 0 2mm 0; padding-left: 5mm; }
figure { margin: 2mm 0 3mm 0; }
figcaption { font-size: 7.5pt; font-style: italic; }
.front { break-before: page; }
.front2 { break-before: page; }
"""
        title_tag = "<title>Dokument1</title>"
    else:
        css = """
@page { size: A4; margin: 22mm 20mm 22mm 20mm;
  @top-center { content: "%s"; font: 8.5pt "Liberation Sans"; color: #444; }
  @bottom-center { content: counter(page); font: 9.5pt "Liberation Sans"; } }
@page cover { counter-increment: page 0; @top-center { content: none; } @bottom-center { content: none; } }
@page front1 { counter-increment: page 0; @bottom-center { content: "i"; } }
@page front2 { counter-increment: page 0; @bottom-center { content: "ii"; } }
.cover { page: cover; } .front1 { page: front1; } .front2 { page: front2; }
body { font-family: "Liberation Sans"; font-size: 10.5pt; line-height: 1.4; margin: 0; }
.cover-title { font: bold 38pt "Liberation Sans"; margin: 80mm 0 8mm 0; color: #003a70; }
.cover-sub { font: 18pt "Liberation Sans"; }
.front1, .front2, .chapter { break-before: page; }
h1 { font: bold 19pt "Liberation Sans"; color: #003a70; margin: 0 0 6mm 0; }
h2 { font: bold 13.5pt "Liberation Sans"; color: #003a70; margin: 6mm 0 2mm 0; break-after: avoid; }
h3 { font: bold 11pt "Liberation Sans"; margin: 4mm 0 1.5mm 0; break-after: avoid; }
p { margin: 0 0 2.5mm 0; }
p.sub, p.label { break-after: avoid; margin-bottom: 1mm; }
p.label { font-weight: bold; text-transform: none; letter-spacing: 0.04em; }
p.item { padding-left: 10mm; text-indent: -10mm; margin-bottom: 1mm; }
p.item .num { display: inline-block; width: 10mm; text-indent: 0; }
ul { margin: 0 0 2.5mm 0; padding-left: 6mm; }
figure { margin: 3mm 0 4mm 0; break-inside: avoid; }
.photo { width: 70mm; height: 40mm; background: #c8ccd0; }
figcaption { font-size: 8.5pt; font-style: italic; margin-top: 1.5mm; }
sup.fn { font-size: 7pt; }
.endnotes { font-size: 8.5pt; border-top: 0.5pt solid #888; margin-top: 5mm; padding-top: 2mm; }
.endnotes p { margin: 0 0 1mm 0; }
""" % RUNNING_HEADER.replace('"', '\\"')
        title_tag = ""      # Chromium then writes the file name as the title
    parts = ['<!DOCTYPE html>\n<html lang="nb"><head><meta charset="utf-8">%s<style>%s</style></head><body>'
             % (title_tag, css)]
    parts.append('<section class="cover"><p class="cover-title">%s</p><p class="cover-sub">%s</p></section>'
                 % (h(rep["cover"]["title"]), h(rep["cover"]["subtitle"])))
    for k, half in enumerate(fw["pages"]):
        cls = "front1" if k == 0 else "front2"
        if two_columns:
            cls = "front" if k == 0 else "front2"
        head = '<h1 class="fw">%s</h1>' % h(fw["title"]) if k == 0 else ""
        parts.append('<section class="%s">%s%s</section>' % (cls, head, "".join("<p>%s</p>" % h(p) for p in half)))
    all_endnotes = []
    for ch in rep["chapters"]:
        endnotes = None if two_columns else []
        body = report_blocks_html(ch["blocks"], notes, endnotes, photos=not two_columns)
        en = ""
        if endnotes:
            start = len(all_endnotes)
            all_endnotes.extend(endnotes)
            en = '<div class="endnotes">%s</div>' % "".join(
                '<p>%d %s</p>' % (start + i + 1, h(t)) for i, t in enumerate(endnotes))
            # renumber the markers of this chapter
            for i in range(len(endnotes), 0, -1):
                body = body.replace('<sup class="fn">%d</sup>' % i, '<sup class="fn">%d</sup>' % (start + i))
        parts.append('<section class="chapter"><h1>%s %s</h1>\n%s%s</section>'
                     % (h(ch["number"]), h(ch["title"]), body, en))
    parts.append("</body></html>\n")
    src = os.path.join(WORK, os.path.splitext(os.path.basename(name))[0] + ".html")
    with open(src, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))
    pdf = os.path.join(OUTDIR, name)
    chromium(src, pdf)

    raw = pages_text(pdf)
    lay = pages_text(pdf, layout=True)
    n = len(raw)
    text = Text(raw)
    text.pos = 0
    main1 = text.find("1 " + rep["chapters"][0]["title"])
    text.pos = 0
    text.find(fw["title"])
    if two_columns:
        labels = [None] + [str(i) for i in range(2, n + 1)]
        check_labels(lay, labels, "footer-center", "- {n} -")
        header_pages = []
        fmt = "- {n} -"
    else:
        front = main1 - 2
        if front != 2:
            raise Fail("chromium report: foreword fills %d pages, the page styles assume 2" % front)
        labels = [None, "i", "ii"] + [str(i) for i in range(1, n - 2)]
        check_labels(lay, labels, "footer-center", "{n}")
        header_pages = list(range(2, n + 1))
        check_running(lay, RUNNING_HEADER, header_pages)
        fmt = "{n}"
    sections = sections_truth(rep, text, labels)
    notes_t = []
    if not two_columns:
        anchors = [a for _, a, _ in seedmodel.REPORT_NOTES]
        for k2, (note, anchor) in enumerate(zip(rep["notes"], anchors), 1):
            text.pos = 0
            mp = text.find(anchor, regex=pat(anchor) + r"\s*" + str(k2))
            text.pos = 0
            p = text.find(note[:40], regex=r"(?m)^" + str(k2) + r"\s+" + pat(note[:40]))
            notes_t.append(dict(n=k2, text40=note[:40], text=note, physical_page=p, printed_page=labels[p - 1],
                                marker_page=mp, marker_after=anchor[-40:], placement="end of chapter"))
    e = base_entry(name, CHROMIUM_PRODUCER + " --no-pdf-header-footer", "annual-report", "004", pdf)
    if two_columns:
        e.update(layout=dict(columns=2, column_mechanism="CSS column-count: 2 per chapter, h1 column-span: all",
                             body_font="DejaVu Serif", body_size_pt=9, heading_font="DejaVu Sans bold",
                             page="A4", justified=True, chapter_starts_new_page=True,
                             outline_bookmarks=False, photos=False,
                             html_title="Dokument1"))
        e.update(footnotes=[], footnotes_note="the report's three footnotes are left out (no markers)")
    else:
        e.update(layout=dict(columns=1, body_font="Liberation Sans", body_size_pt=10.5,
                             heading_font="Liberation Sans bold", heading_sizes_pt=[19, 13.5, 11],
                             page="A4", justified=False, chapter_starts_new_page=True, outline_bookmarks=False,
                             photos="grey boxes (no text) in <figure> above each <figcaption>",
                             html_title=None,
                             roman_front_matter="two named pages (@page front1/front2) print 'i' and 'ii' "
                                                "as fixed strings with counter-increment: page 0, so the page "
                                                "counter of the main part starts at 1"))
        e.update(footnotes=notes_t, footnotes_note="Chromium has no footnotes: the three notes are endnotes "
                                                   "at the end of their chapter, markers as <sup>")
    e.update(visible_title=rep["cover"]["title"],
             printed_pages={str(i + 1): lab for i, lab in enumerate(labels)},
             page_number=dict(where="footer-center", format=fmt),
             running_header=dict(text=RUNNING_HEADER, pages=header_pages) if header_pages else None,
             running_footer=None,
             front_matter=dict(title=fw["title"], pages=foreword_pages(rep, text)),
             sections=sections,
             captions=count_captions(rep),
             line_end_hyphens=line_end_hyphens(raw, source_words(report_text_for_words(rep))))
    return e


# ---------------------------------------------------------------------------
# (f) groff annual report, one or two columns

def report_blocks_ms(blocks, notes, two_columns):
    out = []
    for b in blocks:
        kind = b[0]
        if kind == "h":
            out.append(".SH %d\n%s" % (b[1], roff_nohyph("%s %s" % (b[2], b[3]))))
        elif kind == "p":
            parts = b[1].split(NOTE)
            s = ".PP\n" + roff(parts[0])
            for part in parts[1:]:
                s += "\\**\n.FS\n%s\n.FE\n%s" % (roff(next(notes)), roff(part.lstrip()) if part.strip() else "")
            out.append(s.rstrip("\n"))
        elif kind == "sub":
            out.append(".LP\n\\fB%s\\fP" % roff(b[1]))
        elif kind == "label":
            out.append(".LP\n\\fB%s\\fP" % roff(b[1]))
        elif kind == "caption":
            out.append(".QP\n\\s-1\\fI%s\\fP\\s0" % roff(b[1]))
        elif kind == "item":
            out.append(".IP %s 4n\n%s" % (roff(b[1]), roff(b[2])))
        elif kind == "bullet":
            out.append(".IP \\(bu 2n\n%s" % roff(b[1]))
    return "\n".join(out)


# ms (groff 1.22.4) leaves two-column mode with .1C, whose page break is a
# .bp.  When the left column is filled to the page bottom with the last line
# of a chapter, the column trap has already moved to the top of the right
# column and put it in no-space mode, in which .bp does nothing.  .1C then
# sets one column from there, at the right column's offset, and the .2C
# after the chapter heading sets both its columns at that offset: the
# chapter's first page was printed twice over itself in the right column
# (chapter 5 on page 28, after 4.7 had filled the left column of page 28).
# .new-chapter lifts no-space mode in any column but the first, so that
# .1C's .bp ends the page (the left column has text).  On a fresh page (the
# first column, in no-space mode) it leaves .1C alone, which then changes
# the column count without a break.
NEW_CHAPTER_2C = [
    ".de new-chapter",
    ".br",
    ".if \\\\n[pg@ncols]>1 .if \\\\n[pg*col-num]>0 .rs",
    ".1C",
    "..",
]


def groff_report(name, rep, two_columns=False):
    notes = iter(rep["notes"])
    fw = rep["foreword"]
    if two_columns:
        head = [".nr PS 9", ".nr VS 11", ".ds FAM H", ".nr GROWPS 3", ".nr PSINCR 2p",
                ".nr PI 2n", ".nr PD 0.3v", ".hla sv", ".hpf hyphen.sv",
                ".ds LH \\s-1Den norske legeforening\\s0", ".ds CH", ".ds RH \\s-1Årsmelding 2024\\s0",
                ".ds CF \\\\n(PN", ".nr FM 0.8i"] + NEW_CHAPTER_2C
    else:
        head = [".nr PS 11", ".nr VS 13.5", ".nr GROWPS 3", ".nr PSINCR 2p", ".nr PD 0.4v"]
    lines = head[:]
    lines += [".TL", roff(rep["cover"]["title"]), ".AU", roff(rep["cover"]["subtitle"])]
    # foreword
    lines += [".bp", ".SH 1", roff_nohyph(fw["title"])]
    for k, half in enumerate(fw["pages"]):
        if k == 1 and not two_columns:
            lines.append(".bp")
        for p in half:
            lines += [".PP", roff(p)]
    for ch in rep["chapters"]:
        if two_columns:
            lines += [".new-chapter"]  # new page, one column (see NEW_CHAPTER_2C)
        else:
            lines += [".bp"]
        lines += [".SH 1", roff_nohyph("%s %s" % (ch["number"], ch["title"]))]
        if two_columns:
            lines += [".2C"]
        lines.append(report_blocks_ms(ch["blocks"], notes, two_columns))
    src = os.path.join(WORK, os.path.splitext(os.path.basename(name))[0] + ".ms")
    with open(src, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    pdf = os.path.join(OUTDIR, name)
    groff(src, pdf, ["-dpaper=a4", "-P-pa4"] if two_columns else [])

    raw = pages_text(pdf)
    lay = pages_text(pdf, layout=True)
    n = len(raw)
    text = Text(raw, soft=True)
    labels = [None] + [str(i) for i in range(2, n + 1)]
    if two_columns:
        labels[0] = "1"           # ms prints the footer on page 1 too, not the header
        check_labels(lay, labels, "footer-center", "{n}")
        check_running(lay, "Den norske legeforening", list(range(2, n + 1)))
        check_running(lay, "Årsmelding 2024", list(range(2, n + 1)), absent=False)
        fmt, where = "{n}", "footer-center"
        rh = dict(text="Den norske legeforening (left) ... Årsmelding 2024 (right)", left="Den norske legeforening",
                  right="Årsmelding 2024", pages=list(range(2, n + 1)))
    else:
        check_labels(lay, labels, "header-center", "-{n}-")
        fmt, where = "- {n} -", "header-center"
        rh = None
    if not text.on_page(1, rep["cover"]["title"]):
        raise Fail("title not on page 1")
    text.pos = 0
    main1 = text.find("1 " + rep["chapters"][0]["title"])
    text.pos = 0
    text.find(fw["title"])
    sections = sections_truth(rep, text, labels)
    notes_t = []
    anchors = [a for _, a, _ in seedmodel.REPORT_NOTES]
    for k, (note, anchor) in enumerate(zip(rep["notes"], anchors), 1):
        text.pos = 0
        mp = text.find(anchor, regex=pat(anchor, text.soft) + r"\s*" + str(k))
        text.pos = 0
        p = text.find(note[:40])
        notes_t.append(dict(n=k, text40=note[:40], text=note, physical_page=p, printed_page=labels[p - 1],
                            marker_page=mp, marker_after=anchor[-40:]))
    e = base_entry(name, "groff 1.22.4 (groff -k -ms -Tpdf, gropdf)", "annual-report", "004", pdf)
    if two_columns:
        e.update(layout=dict(columns=2, column_mechanism="ms .2C; each chapter .new-chapter (.rs outside the first "
                                                         "column, then .1C: new page), .SH, .2C",
                             body_font="Helvetica (base-14, not embedded)", body_size_pt=9,
                             heading_font="Helvetica bold", page="A4 (groff -dpaper=a4 -P-pa4)", justified=True,
                             hyphenation="groff, Swedish patterns (.hla sv): soft hyphens at line ends",
                             chapter_starts_new_page="chapters 2-10 (.new-chapter breaks the page); chapter 1 "
                                                     "follows the one-column foreword on page 1",
                             outline_bookmarks=False))
    else:
        e.update(layout=dict(columns=1, body_font="Times (base-14, not embedded)", body_size_pt=11,
                             heading_font="Times bold (.SH, sizes grow by level)", page="US letter",
                             justified=True,
                             hyphenation="groff default (English patterns): soft hyphens at line ends "
                                         "split Norwegian words oddly (Kommunikasjon-savdelingen)",
                             chapter_starts_new_page=True, outline_bookmarks=False))
    e.update(visible_title=rep["cover"]["title"],
             printed_pages={str(i + 1): lab for i, lab in enumerate(labels)},
             page_number=dict(where=where, format=fmt),
             running_header=rh, running_footer=None,
             front_matter=dict(title=fw["title"], pages=foreword_pages(rep, text)),
             sections=sections, footnotes=notes_t, captions=count_captions(rep),
             line_end_hyphens=line_end_hyphens(raw, source_words(report_text_for_words(rep))))
    return e


# ---------------------------------------------------------------------------
# (b) consultation response, LibreOffice and groff

LETTER_HEADER = "Den norske legeforening"


def consultation_words(c):
    return source_words([c["title"]] + [b[1] for b in c["blocks"]] + c["notes"])


def pat_words(words, soft=False):
    """Regex for a run of words; a footnote marker (digits) may follow each."""
    return r"\d*\s+".join(pat(w, soft) for w in words)


def page_breaks(raw, paragraphs, soft=False):
    """For each paragraph that runs over a page break: the words before and
    after the break, and whether the break falls inside a sentence."""
    out = []
    for para in paragraphs:
        words = para.replace(NOTE, "").split()
        if any(re.search(pat_words(words, soft), pg) for pg in raw):
            continue                      # on one page
        for i in range(len(raw) - 1):
            k = next((k for k in range(len(words) - 1, 0, -1)
                      if re.search(pat_words(words[:k], soft) + r"\d*\s*$", raw[i], re.M)), 0)
            if k and re.search(pat_words(words[k:], soft), raw[i + 1]):
                before = " ".join(words[:k])
                out.append(dict(after_page=i + 1, last_words=" ".join(words[max(0, k - 6):k]),
                                next_words=" ".join(words[k:k + 6]),
                                mid_sentence=not re.search(r"[.!?:]$", before),
                                paragraph_start=" ".join(words[:8])))
                break
    return out


def lo_consultation(name, c, page=("14.8cm", "21cm"), font="Caladea", size=11):
    d = Fodt(font, size)
    d.base_styles(justify=False, spacing="0.2cm")
    d.title = c["title"]
    d.pstyle("Letter_20_Title", display="Letter Title", parent="Text_20_body",
             para='fo:margin-top="0.3cm" fo:margin-bottom="0.3cm"',
             text='fo:font-size="%gpt" fo:font-weight="bold"' % (size + 2))
    d.pstyle("Letter_20_Heading", display="Letter Heading", parent="Text_20_body",
             para='fo:margin-top="0.25cm" fo:margin-bottom="0.05cm" fo:keep-with-next="always"',
             text='fo:font-weight="bold"')
    d.pstyle("Letterhead", parent="Standard", text='fo:font-size="%gpt"' % (size - 1.5),
             para='fo:margin-bottom="0cm"')
    d.pstyle("Letterhead_right", parent="Letterhead", para='fo:text-align="end"')
    w, hgt = page
    margins = ("1.5cm", "1.5cm", "1.8cm", "1.8cm")
    d.page_layout("pmFirst", width=w, height=hgt, margins=margins, footer=True)
    d.page_layout("pmNext", width=w, height=hgt, margins=margins, header=True, footer=True)
    footer = '<text:p text:style-name="Footer_right">Side %s av %s</text:p>' % (field_page(), field_count())
    d.master("Standard", "pmNext", header='<text:p text:style-name="Header_right">%s</text:p>' % x(LETTER_HEADER),
             footer=footer)
    d.master("First_20_Page", "pmFirst", footer=footer, next_style="Standard")
    notes = iter(c["notes"])
    first = d.auto_pstyle("Letterhead", master="First_20_Page")
    d.p(first, "Stortingets utdannings- og forskningskomité")
    d.p("Letterhead_right", "Oslo, 26. februar 2024")
    d.p("Letter_20_Title", c["title"])
    for b in c["blocks"]:
        if b[0] == "h":
            d.p("Letter_20_Heading", b[1])
        elif b[0] == "p":
            d.p("Text_20_body", b[1], notes)
        elif b[0] == "ask":
            d.p("Text_20_body", b[1])
        elif b[0] == "bullet":
            d.bullets([b[1]])
    src = os.path.join(WORK, os.path.splitext(os.path.basename(name))[0] + ".fodt")
    d.write(src)
    pdf = os.path.join(OUTDIR, name)
    soffice(src, pdf)
    raw = pages_text(pdf)
    lay = pages_text(pdf, layout=True)
    n = len(raw)
    labels = [str(i) for i in range(1, n + 1)]
    check_labels(lay, labels, "footer-right", "Side {n} av {m}", total=n)
    check_running(lay, LETTER_HEADER, list(range(2, n + 1)))
    text = Text(raw)
    if not re.search(pat(c["title"]), raw[0]):
        raise Fail("letter title not on page 1")
    notes_t = consultation_notes(c, text, labels)
    breaks = page_breaks(raw, [b[1] for b in c["blocks"] if b[0] == "p"])
    e = base_entry(name, "LibreOffice 7.4 Writer (soffice --convert-to pdf, writer_pdf_Export)",
                   "consultation-response", "002", pdf)
    e.update(layout=dict(columns=1, body_font=font, body_size_pt=size, page="A5 (14.8 x 21 cm)",
                         headings="bold paragraphs (not Heading styles, so no bookmarks)",
                         justified=False, outline_bookmarks=False,
                         letterhead=["Stortingets utdannings- og forskningskomité", "Oslo, 26. februar 2024"]),
             visible_title=c["title"],
             printed_pages={str(i + 1): lab for i, lab in enumerate(labels)},
             page_number=dict(where="footer-right", format="Side {n} av {m}"),
             running_header=dict(text=LETTER_HEADER, pages=list(range(2, n + 1))),
             running_footer=None,
             headings=[b[1] for b in c["blocks"] if b[0] == "h"],
             footnotes=notes_t, page_breaks=breaks,
             line_end_hyphens=line_end_hyphens(raw, consultation_words(c)))
    if not any(pb["mid_sentence"] and any(nt["physical_page"] == pb["after_page"] for nt in notes_t)
               for pb in breaks):
        raise Fail("no sentence runs over a page break below footnotes")
    return e


def consultation_notes(c, text, labels):
    anchors = []
    for b in c["blocks"]:
        if b[0] != "p":
            continue
        parts = b[1].split(NOTE)
        for part in parts[:-1]:
            anchors.append(part.strip()[-30:])
    out = []
    for n, (note, anchor) in enumerate(zip(c["notes"], anchors), 1):
        text.pos = 0
        mp = text.find(anchor, regex=pat(anchor, text.soft) + r"\s*" + str(n))
        text.pos = 0
        p = text.find(note[:40])
        out.append(dict(n=n, text40=note[:40], text=note, physical_page=p, printed_page=labels[p - 1],
                        marker_page=mp, marker_after=anchor))
    return out


def groff_consultation(name, c):
    notes = iter(c["notes"])
    lines = [".nr PS 12", ".nr VS 14.5", ".nr PD 0.5v", ".nr PI 0", ".nr LL 6.1i", ".nr PO 1.1i",
             ".ds LH \\s-1%s\\s0" % roff(LETTER_HEADER), ".ds CH", ".ds RH \\s-1Side \\\\n(PN\\s0",
             ".TL", roff_nohyph(c["title"]), ".LP"]
    for b in c["blocks"]:
        if b[0] == "h":
            lines += [".SH", roff_nohyph(b[1])]
        elif b[0] == "p":
            parts = b[1].split(NOTE)
            s = ".PP\n" + roff(parts[0])
            for part in parts[1:]:
                s += "\\**\n.FS\n%s\n.FE\n%s" % (roff(next(notes)), roff(part.lstrip()) if part.strip() else "")
            lines.append(s.rstrip("\n"))
        elif b[0] == "ask":
            lines += [".PP", roff(b[1])]
        elif b[0] == "bullet":
            lines += [".IP \\(bu 3n", roff(b[1])]
    src = os.path.join(WORK, os.path.splitext(os.path.basename(name))[0] + ".ms")
    with open(src, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    pdf = os.path.join(OUTDIR, name)
    groff(src, pdf, ["-dpaper=a4", "-P-pa4"])
    raw = pages_text(pdf)
    lay = pages_text(pdf, layout=True)
    n = len(raw)
    labels = [None] + [str(i) for i in range(2, n + 1)]
    check_labels(lay, labels, "header-right", "Side {n}")
    check_running(lay, LETTER_HEADER, list(range(2, n + 1)))
    text = Text(raw, soft=True)
    if not re.search(pat(c["title"]), raw[0]):
        raise Fail("letter title not on page 1")
    notes_t = consultation_notes(c, text, labels)
    breaks = page_breaks(raw, [b[1] for b in c["blocks"] if b[0] == "p"], soft=True)
    e = base_entry(name, "groff 1.22.4 (groff -k -ms -Tpdf, gropdf)", "consultation-response", "002", pdf)
    e.update(layout=dict(columns=1, body_font="Times (base-14, not embedded)", body_size_pt=12,
                         page="A4 (groff -dpaper=a4 -P-pa4)", headings=".SH (bold)", justified=True,
                         hyphenation="groff default (English patterns)", outline_bookmarks=False),
             visible_title=c["title"],
             printed_pages={str(i + 1): lab for i, lab in enumerate(labels)},
             page_number=dict(where="header-right", format="Side {n}"),
             running_header=dict(text=LETTER_HEADER, pages=list(range(2, n + 1)), where="header-left"),
             running_footer=None,
             headings=[b[1] for b in c["blocks"] if b[0] == "h"],
             footnotes=notes_t, page_breaks=breaks,
             line_end_hyphens=line_end_hyphens(raw, consultation_words(c)))
    return e


# ---------------------------------------------------------------------------
# (e) Chromium articles

def article_html(meta, blocks, css, title, doi_line=None):
    out = ['<!DOCTYPE html>\n<html lang="nb"><head><meta charset="utf-8"><title>%s</title>'
           '<style>%s</style></head><body><article>' % (h(title), css)]
    if doi_line:
        out.append('<p class="citation">%s</p>' % h(doi_line))
    out.append('<p class="category">Aktuelt i foreningen</p>')
    out.append("<h1>%s</h1>" % h(meta["title"]))
    who = meta["author"] + (" · " + meta["email"] if meta.get("email") else "") + " · " + meta["role"]
    out.append('<p class="byline">%s</p>' % h(who))
    out.append('<p class="lead">%s</p>' % h(meta["lead"]))
    for kind, t in blocks:
        if kind == "h2":
            out.append("<h2>%s</h2>" % h(t))
        elif kind == "p":
            out.append("<p>%s</p>" % h(t))
        elif kind == "quote":
            out.append("<blockquote>%s</blockquote>" % h(t))
        elif kind == "figure":
            out.append('<figure><div class="photo"></div><figcaption>%s</figcaption></figure>' % h(t))
    out.append('<p class="published">%s</p>' % h(meta["published"]))
    out.append('<p class="copyright">%s</p>' % h(meta["copyright"]))
    out.append("</article></body></html>\n")
    return "\n".join(out)


def article_meta(num):
    meta, blocks = seedmodel.article(num)
    return meta, blocks


def chromium_article_default(name, num):
    meta, blocks = article_meta(num)
    title = "%s | Tidsskrift for Den norske legeforening" % meta["title"]
    css = """body { font-family: "Noto Serif"; font-size: 11pt; line-height: 1.5; max-width: 165mm; margin: 0 auto; }
h1 { font: bold 24pt "Noto Sans"; margin: 2mm 0 3mm 0; }
h2 { font: bold 13pt "Noto Sans"; margin: 5mm 0 1mm 0; }
.category { font: bold 9pt "Noto Sans"; text-transform: uppercase; color: #a00; margin: 0; }
.byline { font: 9.5pt "Noto Sans"; color: #444; }
.lead { font-weight: bold; }
blockquote { font-style: italic; margin: 4mm 10mm; }
figure { margin: 4mm 0; } .photo { height: 50mm; background: #c8ccd0; }
figcaption { font: 8.5pt "Noto Sans"; }
.published, .copyright { font: 8.5pt "Noto Sans"; color: #444; }"""
    src_dir = CHROMIUM_DIR
    os.makedirs(src_dir, exist_ok=True)
    src = os.path.join(src_dir, os.path.splitext(os.path.basename(name))[0] + ".html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(article_html(meta, blocks, css, title))
    pdf = os.path.join(OUTDIR, name)
    chromium(src, pdf, header_footer=True)
    raw = pages_text(pdf)
    lay = pages_text(pdf, layout=True)
    n = len(raw)
    url = "file://" + src
    headers, footers = [], []
    for i, pg in enumerate(lay):
        fl, ll = first_line(pg), last_line(pg)
        m = re.match(r"^(\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d{2} [AP]M) (.*)$", fl)
        if not m or nospace(m.group(2)) != nospace(title):
            raise Fail("%s page %d: header %r" % (name, i + 1, fl))
        headers.append(fl)
        want = "%s %d/%d" % (url, i + 1, n)
        if nospace(ll) != nospace(want):
            raise Fail("%s page %d: footer %r, want %r" % (name, i + 1, ll, want))
        footers.append(ll)
    date = re.match(r"^(\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d{2} [AP]M)", headers[0]).group(1)
    text = Text(raw)
    for kind, t in blocks:
        if kind == "h2":
            text.find(t)
    labels = [str(i) for i in range(1, n + 1)]
    e = base_entry(name, CHROMIUM_PRODUCER + " (default header and footer)", "article", num, pdf)
    e.update(layout=dict(columns=1, body_font="Noto Serif", body_size_pt=11, heading_font="Noto Sans bold",
                         page="Letter (Chromium default)", chromium_header_footer=True),
             visible_title=meta["title"],
             html_title=title,
             printed_pages={str(i + 1): lab for i, lab in enumerate(labels)},
             page_number=dict(where="footer-right", format="{n}/{m}",
                              note="Chromium's own footer: the file URL at the left, N/M at the right"),
             running_header=dict(text=title, where="header-center",
                                 date_left=date, date_format="M/D/YY, h:mm AM|PM (US English, the time "
                                                             "the PDF was made)",
                                 lines=headers, pages=list(range(1, n + 1))),
             running_footer=dict(text=url, where="footer-left", lines=footers, pages=list(range(1, n + 1))),
             subheadings=[t for k, t in blocks if k == "h2"],
             captions=[t for k, t in blocks if k == "figure"],
             doi=meta.get("doi"),
             line_end_hyphens=line_end_hyphens(raw, source_words([meta["lead"]] + [t for _, t in blocks])))
    return e


def chromium_article_doi(name, num):
    meta, blocks = article_meta(num)
    doi = meta.get("doi")
    if not doi:
        raise Fail("seed %s has no DOI" % num)
    m = re.match(r"Publisert: (\d{1,2})\. (\w+) (\d{4})", meta["published"])
    year = m.group(3)
    doi_line = "Tidsskr Nor Legeforen %s doi: %s" % (year, doi)
    css = """@page { size: A4; margin: 18mm 22mm 20mm 22mm;
  @bottom-left { content: "Tidsskr Nor Legeforen"; font: 8pt "Liberation Sans"; }
  @bottom-right { content: counter(page); font: 8pt "Liberation Sans"; } }
body { font-family: "Liberation Serif"; font-size: 10.5pt; line-height: 1.45; margin: 0; }
.citation { font: 8pt "Liberation Sans"; margin: 0 0 6mm 0; }
h1 { font: bold 22pt "Liberation Sans"; margin: 2mm 0 3mm 0; }
h2 { font: bold 12pt "Liberation Sans"; margin: 5mm 0 1mm 0; break-after: avoid; }
.category { font: bold 8.5pt "Liberation Sans"; text-transform: uppercase; margin: 0; }
.byline { font: 9pt "Liberation Sans"; }
.lead { font-weight: bold; }
p { margin: 0 0 2.5mm 0; text-align: justify; }
figure { margin: 4mm 0; break-inside: avoid; } .photo { height: 55mm; background: #c8ccd0; }
figcaption { font: 8pt "Liberation Sans"; margin-top: 1mm; }
.published, .copyright { font: 8pt "Liberation Sans"; }"""
    src = os.path.join(WORK, os.path.splitext(os.path.basename(name))[0] + ".html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(article_html(meta, blocks, css, meta["title"], doi_line=doi_line))
    pdf = os.path.join(OUTDIR, name)
    chromium(src, pdf)
    raw = pages_text(pdf)
    lay = pages_text(pdf, layout=True)
    n = len(raw)
    labels = [str(i) for i in range(1, n + 1)]
    check_labels(lay, labels, "footer-right", "{n}")
    if not re.search(pat(doi_line), raw[0]):
        raise Fail("DOI line not on page 1")
    if not re.search(pat(meta["title"]), raw[0]):
        raise Fail("title not on page 1")
    text = Text(raw)
    subs = []
    for kind, t in blocks:
        if kind == "h2":
            p = text.find(t)
            subs.append(dict(title=t, physical_page=p))
    e = base_entry(name, CHROMIUM_PRODUCER + " --no-pdf-header-footer", "article", num, pdf)
    e.update(layout=dict(columns=1, body_font="Liberation Serif", body_size_pt=10.5,
                         heading_font="Liberation Sans bold", page="A4"),
             visible_title=meta["title"], doi=doi, doi_line=doi_line, doi_page=1,
             printed_pages={str(i + 1): lab for i, lab in enumerate(labels)},
             page_number=dict(where="footer-right", format="{n}"),
             running_header=None,
             running_footer=dict(text="Tidsskr Nor Legeforen", where="footer-left", pages=list(range(1, n + 1))),
             subheadings=subs,
             captions=[t for k, t in blocks if k == "figure"],
             line_end_hyphens=line_end_hyphens(raw, source_words([meta["lead"]] + [t for _, t in blocks])))
    return e


# ---------------------------------------------------------------------------
# Driver

DOCS = []


def doc(fn):
    DOCS.append(fn)
    return fn


@doc
def d_lo_report(rep, c):
    return lo_report("libreoffice-arsmelding-2024.pdf", rep)


@doc
def d_lo_consultation(rep, c):
    return lo_consultation("libreoffice-horingsinnspill.pdf", c)


@doc
def d_chromium_report(rep, c):
    return chromium_report("chromium-arsmelding-2024.pdf", rep)


@doc
def d_chromium_report_2col(rep, c):
    return chromium_report("chromium-arsmelding-2024-tospaltet.pdf", rep, two_columns=True)


@doc
def d_chromium_article_default(rep, c):
    return chromium_article_default("chromium-tidsskriftet-utenforlandet-norge.pdf", "003")


@doc
def d_chromium_article_doi(rep, c):
    return chromium_article_doi("chromium-tidsskriftet-medlemsmoter.pdf", "000")


@doc
def d_groff_consultation(rep, c):
    return groff_consultation("groff-horingsinnspill.pdf", c)


@doc
def d_groff_report(rep, c):
    return groff_report("groff-arsmelding-2024.pdf", rep)


@doc
def d_lo_report_2col(rep, c):
    return lo_report("libreoffice-arsmelding-2024-tospaltet.pdf", rep, two_columns=True)


@doc
def d_groff_report_2col(rep, c):
    return groff_report("groff-arsmelding-2024-tospaltet.pdf", rep, two_columns=True)


def dump_json(obj, ind=0):
    """JSON with one line per list item or small object, so the file is
    easy to read and to diff."""
    one = json.dumps(obj, ensure_ascii=False)
    pad = " " * ind
    if len(one) <= 100 or not isinstance(obj, (dict, list)):
        return one
    if isinstance(obj, list):
        if all(not isinstance(v, (dict, list)) for v in obj):
            return one
        return "[\n" + ",\n".join(pad + " " + dump_json(v, ind + 1) for v in obj) + "\n" + pad + "]"
    if ind >= 3 or all(not isinstance(v, (dict, list)) for v in obj.values()) and ind >= 2:
        return one
    return "{\n" + ",\n".join(pad + " " + json.dumps(k, ensure_ascii=False) + ": " + dump_json(v, ind + 1)
                               for k, v in obj.items()) + "\n" + pad + "}"


def main():
    global WORK, OUTDIR, CHROMIUM_DIR
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--work", default=None)
    ap.add_argument("--only", nargs="*", default=None, help="file names (or parts of them) to make")
    args = ap.parse_args()
    OUTDIR = os.path.abspath(args.out)
    WORK = os.path.abspath(args.work or tempfile.mkdtemp(prefix="kilde-producers-"))
    CHROMIUM_DIR = os.environ.get("KILDE_CHROMIUM_DIR", os.path.join(WORK, "html"))
    os.makedirs(OUTDIR, exist_ok=True)
    os.makedirs(os.path.join(OUTDIR, "rules"), exist_ok=True)
    os.makedirs(WORK, exist_ok=True)
    rep = seedmodel.report()
    c = seedmodel.consultation()
    import rules_docs
    rules_docs.setup(sys.modules[__name__])
    all_docs = DOCS + rules_docs.DOCS
    exp_path = os.path.join(OUTDIR, "expected.json")
    old = {}
    if os.path.exists(exp_path):
        with open(exp_path, encoding="utf-8") as f:
            old = {e["file"]: e for e in json.load(f)["files"]}
    entries = dict(old) if args.only else {}
    if not args.only:             # a full run: no stale PDFs stay behind
        for dp, _, fs in os.walk(OUTDIR):
            for f in fs:
                if f.endswith(".pdf"):
                    os.remove(os.path.join(dp, f))
    for fn in all_docs:
        label = fn.__name__
        if args.only and not any(o in label or o in (fn.__doc__ or "") for o in args.only):
            continue
        print("producer_docs: %s" % label, file=sys.stderr, flush=True)
        try:
            e = fn(rep, c)
        except Fail as ex:
            sys.exit("producer_docs: %s: %s" % (label, ex))
        entries[e["file"]] = e
        print("producer_docs:   %s, %d pages" % (e["file"], e["pages"]), file=sys.stderr, flush=True)
    files = sorted(entries.values(), key=lambda e: (e["file"].startswith("rules/"), e["file"]))
    out = dict(
        about="Ground truth about the producer PDFs in this folder; see README.md. "
              "Pages are physical pages, 1-based. printed_pages maps each physical page to the page "
              "label printed on it (null: no number printed). Made by tools/producer_docs.py and "
              "checked against the PDFs by tools/check-producer-pdfs.py.",
        version=1,
        files=files)
    with open(exp_path, "w", encoding="utf-8") as f:
        f.write(dump_json(out) + "\n")


if __name__ == "__main__":
    main()
