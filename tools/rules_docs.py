"""Small rule examples for tests/data/producers/rules/ (python3 stdlib
only), made by tools/producer_docs.py, which calls setup() with itself.

Each example is a few pages from one producer and shows one thing an
extractor has to get right: a running header on page 2 only, a heading that
wraps, a numbered list item that is not a heading, a caption right under a
heading, real and soft hyphens at line ends, page numbers in many forms,
no page numbers at all, headings that only the PDF outline tells apart, and
footnotes between the two halves of a sentence.
"""
import os
import re

P = None            # the producer_docs module
DOCS = []


def setup(mod):
    global P
    P = mod


def doc(fn):
    DOCS.append(fn)
    return fn


def out(name):
    return os.path.join(P.OUTDIR, "rules", name)


def src_path(name, ext):
    return os.path.join(P.WORK, "rules-" + os.path.splitext(name)[0] + ext)


def excerpt(rep, first, stop=None, with_chapter=True):
    """Blocks of the report from heading `first` up to (not including)
    heading `stop` (or the end of the chapter).  Returns (chapter, blocks)."""
    chno = first.split(".")[0]
    ch = next(c for c in rep["chapters"] if c["number"] == chno)
    blocks = ch["blocks"]
    if first == chno:
        start = 0
    else:
        start = next(i for i, b in enumerate(blocks) if b[0] == "h" and b[2] == first)
    end = len(blocks)
    if stop:
        end = next(i for i, b in enumerate(blocks) if b[0] == "h" and b[2] == stop)
    return ch, blocks[start:end]


def headings_of(ch, blocks, with_chapter=True):
    hs = []
    if with_chapter:
        hs.append(("1", ch["number"], ch["title"]))
    for b in blocks:
        if b[0] == "h":
            hs.append((str(b[1]), b[2], b[3]))
    return hs


def locate(text, hs, labels):
    text.pos = 0
    res = []
    for lvl, num, title in hs:
        p = text.find("%s %s" % (num, title))
        res.append(dict(number=num, title=title, level=int(lvl), physical_page=p,
                        printed_page=labels[p - 1]))
    return res


def words_of(ch, blocks, extra=()):
    texts = [ch["title"]] + list(extra)
    for b in blocks:
        texts.extend(str(v) for v in b[1:])
    return P.source_words(texts)


def entry(name, producer, what, pdf, **kw):
    e = P.base_entry("rules/" + name, producer, "rule-example", kw.pop("seed", "004"), pdf)
    e["exercises"] = what
    e.update(kw)
    if "visible_title" not in e and e.get("sections"):
        s0 = e["sections"][0]
        e["visible_title"] = "%s %s" % (s0["number"], s0["title"])
    return e


LO = "LibreOffice 7.4 Writer (soffice --convert-to pdf, writer_pdf_Export)"
CH = "Chromium 156 headless --print-to-pdf --no-pdf-header-footer"
GR = "groff 1.22.4 (groff -k -ms -Tpdf, gropdf)"


def simple_fodt(font, size, justify=False, heading_sizes=(16, 13, 11), heading_bold=True,
                heading_break=False, spacing="0.2cm"):
    d = P.Fodt(font, size)
    d.base_styles(justify=justify, spacing=spacing, heading_sizes=heading_sizes,
                  heading_bold=heading_bold, heading_break=heading_break)
    return d


def html_page(css, body, title=None):
    t = "<title>%s</title>" % P.h(title) if title else ""
    return ('<!DOCTYPE html>\n<html lang="nb"><head><meta charset="utf-8">%s<style>%s</style></head>'
            '<body>\n%s\n</body></html>\n' % (t, css, body))


def write(path, s):
    with open(path, "w", encoding="utf-8") as f:
        f.write(s)


def read_back(pdf, soft=False):
    raw = P.pages_text(pdf)
    lay = P.pages_text(pdf, layout=True)
    return raw, lay, P.Text(raw, soft)


# ---------------------------------------------------------------------------
# (1) two-page letter, running header on page 2 only (Chromium)

@doc
def r_letter_header(rep, c):
    name = "brev-topptekst-bare-side-2.pdf"
    css = """@page { size: A4; margin: 25mm 25mm 25mm 25mm;
  @top-left { content: "Den norske legeforening"; font: 9pt "Caladea"; }
  @bottom-right { content: counter(page) "/" counter(pages); font: 9pt "Caladea"; } }
@page :first { @top-left { content: none; } }
body { font-family: "Caladea"; font-size: 11.5pt; line-height: 1.45; margin: 0; }
.to { margin: 0; } .date { text-align: right; margin: 0 0 8mm 0; }
h1 { font-size: 14pt; margin: 0 0 5mm 0; }
h2 { font-size: 11.5pt; margin: 5mm 0 1mm 0; }
p { margin: 0 0 3mm 0; }"""
    body = ['<p class="to">Stortingets utdannings- og forskningskomité</p>',
            '<p class="date">Oslo, 26. februar 2024</p>', "<h1>%s</h1>" % P.h(c["title"])]
    stop = "En nasjonal ordning for finansiering"
    for b in c["blocks"]:
        if b[0] == "h" and b[1].startswith(stop):
            break
        if b[0] == "h":
            body.append("<h2>%s</h2>" % P.h(b[1]))
        elif b[0] in ("p", "ask"):
            body.append("<p>%s</p>" % P.h(b[1].replace(P.NOTE, "")))
        elif b[0] == "bullet":
            body.append("<ul><li>%s</li></ul>" % P.h(b[1]))
    src = src_path(name, ".html")
    write(src, html_page(css, "\n".join(body)))
    pdf = out(name)
    P.chromium(src, pdf)
    raw, lay, text = read_back(pdf)
    n = len(raw)
    if n != 2:
        raise P.Fail("%s: %d pages, want 2" % (name, n))
    labels = [str(i) for i in range(1, n + 1)]
    P.check_labels(lay, labels, "footer-right", "{n}/{m}", total=n)
    P.check_running(lay, P.LETTER_HEADER, [2])
    if not re.search(P.pat(c["title"]), raw[0]):
        raise P.Fail("title not on page 1")
    return entry(name, CH, "running header 'Den norske legeforening' on page 2 only (@page :first without "
                 "it); the letter's title is the third line of page 1, after recipient and date", pdf,
                 seed="002", layout=dict(body_font="Caladea", body_size_pt=11.5, page="A4"),
                 visible_title=c["title"],
                 printed_pages={str(i + 1): l for i, l in enumerate(labels)},
                 page_number=dict(where="footer-right", format="{n}/{m}"),
                 running_header=dict(text=P.LETTER_HEADER, where="header-left", pages=[2]))


# ---------------------------------------------------------------------------
# (2) a heading that wraps over two lines (LibreOffice)

@doc
def r_heading_two_lines(rep, c):
    name = "overskrift-over-to-linjer.pdf"
    d = simple_fodt("Noto Sans", 10, heading_sizes=(18, 14, 12))
    d.page_layout("pm1", margins=("2cm", "2cm", "2.2cm", "2.2cm"), footer=True)
    d.master("Standard", "pm1", footer='<text:p text:style-name="Footer">%s</text:p>' % P.field_page())
    ch, blocks = excerpt(rep, "3.1.6", "3.2")
    ch9, blocks9 = excerpt(rep, "9.2.1", "9.2.4")
    d.hd("Heading_20_1", 1, "%s %s" % (ch["number"], ch["title"]))
    P.report_blocks_fodt(d, blocks, iter(()), photos=False)
    d.hd("Heading_20_1", 1, "%s %s" % (ch9["number"], ch9["title"]))
    P.report_blocks_fodt(d, blocks9, iter(()), photos=False)
    src = src_path(name, ".fodt")
    d.write(src)
    pdf = out(name)
    P.soffice(src, pdf)
    raw, lay, text = read_back(pdf)
    n = len(raw)
    labels = [str(i) for i in range(1, n + 1)]
    P.check_labels(lay, labels, "footer-center", "{n}")
    hs = headings_of(ch, blocks) + headings_of(ch9, blocks9)
    secs = locate(text, hs, labels)
    wrapped = []
    for s in secs:
        full = "%s %s" % (s["number"], s["title"])
        m = re.search(P.pat(full), raw[s["physical_page"] - 1])
        lines = [P.norm(l) for l in m.group(0).split("\n")]
        s["lines_in_pdf"] = len(lines)
        if len(lines) > 1:
            wrapped.append(dict(number=s["number"], title=s["title"], full_title=full, lines=lines,
                                physical_page=s["physical_page"]))
    if not any(w["number"] == "3.1.7" and len(w["lines"]) == 2 for w in wrapped):
        raise P.Fail("3.1.7 does not wrap over two lines")
    return entry(name, LO, "numbered headings (Heading 3 style, Noto Sans 12 pt bold) that wrap: 3.1.7 over "
                 "two lines, 9.2.2 over more; the heading is the whole text, not its first line", pdf,
                 layout=dict(body_font="Noto Sans", body_size_pt=10, heading_font="Noto Sans bold",
                             heading_sizes_pt=[18, 14, 12], page="A4", outline_bookmarks=True),
                 printed_pages={str(i + 1): l for i, l in enumerate(labels)},
                 page_number=dict(where="footer-center", format="{n}"),
                 sections=secs, wrapped_headings=wrapped)


# ---------------------------------------------------------------------------
# (3) numbered heading vs numbered list item (Chromium)

@doc
def r_heading_vs_list(rep, c):
    name = "nummerert-overskrift-og-listepunkt.pdf"
    ch, blocks = excerpt(rep, "1", "1.3")
    css = """@page { size: A4; margin: 20mm 20mm 22mm 20mm; @bottom-center { content: counter(page); font: 9pt "DejaVu Sans"; } }
body { font-family: "DejaVu Sans"; font-size: 10pt; line-height: 1.4; margin: 0; }
h1 { font-size: 17pt; margin: 0 0 5mm 0; }
h2 { font-size: 13pt; margin: 6mm 0 2mm 0; }
p { margin: 0 0 2.5mm 0; }
p.label { font-weight: bold; margin-bottom: 1mm; }
p.item { margin: 0 0 1mm 0; }
ul { margin: 0 0 2.5mm 0; }"""
    body = "<h1>%s %s</h1>\n%s" % (P.h(ch["number"]), P.h(ch["title"]),
                                   P.report_blocks_html(blocks, iter(rep["notes"][:2]), None, photos=False))
    src = src_path(name, ".html")
    write(src, html_page(css, body, title="nummerert"))
    pdf = out(name)
    P.chromium(src, pdf)
    raw, lay, text = read_back(pdf)
    n = len(raw)
    labels = [str(i) for i in range(1, n + 1)]
    P.check_labels(lay, labels, "footer-center", "{n}")
    secs = locate(text, headings_of(ch, blocks), labels)
    items = []
    text.pos = 0
    for b in blocks:
        if b[0] == "item" and "." in b[1].rstrip("."):
            s = "%s %s" % (b[1], b[2])
            items.append(dict(text=s, physical_page=text.find(s), style="body text (p.item, 10 pt regular)"))
    # the list item "1.2 Foreslå ..." comes before the heading "1.2 Helseberedskap"
    li = next(i for i in items if i["text"].startswith("1.2 "))
    return entry(name, CH, "a styled numbered heading '1.2 Helseberedskap' (h2, 13 pt bold) after a numbered "
                 "list item '1.2 Foreslå nye politiske løsninger for finansiering av sykehusbygg' in body "
                 "style inside section 1.1 (under 'MÅLOMRÅDE 1'); only the first is a heading", pdf,
                 layout=dict(body_font="DejaVu Sans", body_size_pt=10, heading_sizes_pt=[17, 13], page="A4"),
                 printed_pages={str(i + 1): l for i, l in enumerate(labels)},
                 page_number=dict(where="footer-center", format="{n}"),
                 sections=secs, list_items_not_headings=items,
                 list_item_before_heading=dict(item=li["text"], heading="1.2 Helseberedskap"))


# ---------------------------------------------------------------------------
# (4) caption right under a numbered heading (groff)

@doc
def r_caption_under_heading(rep, c):
    name = "bildetekst-under-overskrift.pdf"
    ch, blocks = excerpt(rep, "8")
    lines = [".nr PS 10", ".nr VS 12.5", ".ds FAM H", ".nr GROWPS 3", ".nr PSINCR 2p",
             ".SH 1", P.roff_nohyph("%s %s" % (ch["number"], ch["title"])),
             P.report_blocks_ms(blocks, iter(()), False)]
    src = src_path(name, ".ms")
    write(src, "\n".join(lines) + "\n")
    pdf = out(name)
    P.groff(src, pdf)
    raw, lay, text = read_back(pdf, soft=True)
    n = len(raw)
    labels = [None] + [str(i) for i in range(2, n + 1)]
    P.check_labels(lay, labels, "header-center", "-{n}-")
    secs = locate(text, headings_of(ch, blocks), labels)
    cap = next(b[1] for b in blocks if b[0] == "caption")
    # the caption must come right after heading 8.1 in reading order
    m = re.search(P.pat("8.1 Legepanelet – en unik datakilde") + r"\s+" + P.pat(cap[:40], True), text.text)
    if not m:
        raise P.Fail("caption does not follow heading 8.1")
    text.pos = 0
    cp = text.find(cap[:40])
    return entry(name, GR, "a photo caption ('KUNNSKAPSDELING: ... Foto: Legeforeningen', italic, 1 pt "
                 "smaller, indented .QP) directly under heading 8.1, then more numbered subsections "
                 "8.2-8.10; the caption is neither a heading nor part of the heading", pdf,
                 layout=dict(body_font="Helvetica (base-14, not embedded)",
                             body_size_pt=10, page="US letter",
                             hyphenation="groff default (English patterns)"),
                 printed_pages={str(i + 1): l for i, l in enumerate(labels)},
                 page_number=dict(where="header-center", format="- {n} -"),
                 sections=secs,
                 caption=dict(text=cap, after_heading="8.1", physical_page=cp),
                 line_end_hyphens=P.line_end_hyphens(raw, words_of(ch, blocks)))


# ---------------------------------------------------------------------------
# (5) hyphens at line ends: real ones and soft ones (LibreOffice)

# Each paragraph is given line by line (manual line breaks in a justified
# paragraph, so every line but the last is set full width, as a producer
# that hyphenates would set it).  A line that ends in "-" is a hyphen break:
# "real" when the hyphen belongs to the word, "soft" when it only splits the
# word at the line end.  The text is the seeds' (002, 004), except the
# sentence with "ikke-medlemmer", which the seeds do not have.
HYPHEN_PARAS = [
    (["I løpet av 2024 hadde tidsskriftet.no 10,2 millioner sidevisninger,",
      "som er et lite fall fra 2023 (10,5 millioner). Rundt halvparten av",
      "trafikken på tidsskriftet.no kommer via brukersøk på Google. Facebook-",
      "brukere klikket seg til Tidsskriftet 455 000 ganger, et stort fall fra",
      "855 000 i 2023."], ["real"]),
    (["En økning i antallet studieplasser forutsetter også flere LIS1-",
      "stillinger. Legeforeningen mener at et for lavt antall LIS1-stillinger",
      "over tid er en viktig årsak til at stadig flere spesialiteter opplever",
      "rekrutteringsutfordringer."], ["real"]),
    (["Konferansesenteret i Legenes hus kan leies av både medlemmer og ikke-",
      "medlemmer av Legeforeningen."], ["real"]),
    (["Det er nedsatt en arbeidsgruppe bestående av Ståle Clementsen, Tobias",
      "Iveland og Yngvild Skåtun Hannestad fra sentralstyret, samt represen-",
      "tanter fra Helsepolitisk avdeling, Kommunikasjonsavdelingen, Medisinsk",
      "fagavdeling og Avdeling for Jus og arbeidsliv i sekretariatet."], ["soft"]),
    (["Prosjektgruppen har bestått av Ingeborg Henriksen, Marie Skontorp og",
      "Hans-Christian Myklestul fra sentralstyret samt representanter fra",
      "Helsepolitisk avdeling, Kommunikasjonsavdelingen, Medisinsk fag-",
      "avdeling og Avdeling for Jus og arbeidsliv i sekretariatet."], ["soft"]),
]


@doc
def r_hyphens(rep, c):
    name = "bindestrek-ved-linjeslutt.pdf"
    d = simple_fodt("Liberation Serif", 11, justify=True)
    d.page_layout("pm1", width="14.8cm", height="21cm", margins=("2cm", "2cm", "1.6cm", "1.6cm"), footer=True)
    d.master("Standard", "pm1", footer='<text:p text:style-name="Footer">%s</text:p>' % P.field_page())
    d.hd("Heading_20_2", 2, "Bindestreker ved linjeslutt")
    breaks = []
    all_lines = ["Bindestreker ved linjeslutt"]
    for lines, kinds in HYPHEN_PARAS:
        d.p("Text_20_body", "<text:line-break/>".join(P.x(l) for l in lines), raw=True)
        all_lines.extend(lines)
        k = 0
        for i, l in enumerate(lines[:-1]):
            if not l.endswith("-"):
                continue
            a = l.split()[-1]
            b = lines[i + 1].split()[0].rstrip(",.")
            kind = kinds[k]
            k += 1
            breaks.append(dict(line_end=a, next=b, kind=kind,
                               reads=(a + b) if kind == "real" else (a[:-1] + b)))
    src = src_path(name, ".fodt")
    d.write(src)
    pdf = out(name)
    P.soffice(src, pdf)
    raw, lay, text = read_back(pdf)
    got = [P.norm(l) for l in raw[0].splitlines() if l.strip()][:len(all_lines)]
    if got != all_lines:
        raise P.Fail("%s: lines differ from the design: %r" % (name, [g for g, w in zip(got, all_lines) if g != w]))
    n = len(raw)
    labels = [str(i) for i in range(1, n + 1)]
    P.check_labels(lay, labels, "footer-center", "{n}")
    return entry(name, LO, "justified text where a line ends in a hyphen: real hyphens that stay "
                 "(Facebook-brukere, LIS1-stillinger, ikke-medlemmer) and hyphens that only split a word at "
                 "the line end and go when the lines are joined (representanter, fagavdeling); every line "
                 "is set full width (manual line breaks in justified paragraphs)", pdf,
                 layout=dict(body_font="Liberation Serif", body_size_pt=11, page="A5", justified=True),
                 visible_title="Bindestreker ved linjeslutt",
                 printed_pages={str(i + 1): l for i, l in enumerate(labels)},
                 page_number=dict(where="footer-center", format="{n}"),
                 lines=all_lines,
                 hyphen_breaks=breaks,
                 hyphenated_words=[b["reads"] for b in breaks if b["kind"] == "real"],
                 joined_words=[b["reads"] for b in breaks if b["kind"] == "soft"])


# ---------------------------------------------------------------------------
# (6) page numbers in many forms

def lo_excerpt_doc(name, rep, first, stop, font, size, footer_xml, where, fmt, labels_fn,
                   start=None, front=None, what="", total=None, justify=False):
    d = simple_fodt(font, size, justify=justify)
    d.page_layout("pm1", margins=("2cm", "2cm", "2.4cm", "2.4cm"), footer=True)
    d.master("Standard", "pm1", footer=footer_xml)
    if front:
        d.page_layout("pmFront", margins=("2cm", "2cm", "2.4cm", "2.4cm"), footer=True, num_format="i")
        d.master("Front", "pmFront", footer=footer_xml)
        d.master("Main", "pm1", footer=footer_xml)
    ch, blocks = excerpt(rep, first, stop)
    hs = headings_of(ch, blocks, with_chapter=(first == ch["number"]))
    if front:
        fw = rep["foreword"]
        d.hd(d.auto_pstyle("Heading_20_1", master="Front", page_number=1), 1, fw["title"])
        brk = d.auto_pstyle("Text_20_body", para='fo:break-before="page"')
        for k, half in enumerate(fw["pages"]):
            for j, para in enumerate(half):
                d.p(brk if (k == 1 and j == 0) else "Text_20_body", para)
        st = d.auto_pstyle("Heading_20_1", master="Main", page_number=1, para='fo:break-before="page"')
    elif start is not None:
        st = d.auto_pstyle("Heading_20_1", master="Standard", page_number=start)
    else:
        st = "Heading_20_1"
    if first == ch["number"]:
        d.hd(st, 1, "%s %s" % (ch["number"], ch["title"]))
        P.report_blocks_fodt(d, blocks, iter(()), photos=False)
    else:
        b0 = blocks[0]
        d.hd(d.auto_pstyle("Heading_20_%d" % b0[1], master="Standard", page_number=start)
             if start is not None else "Heading_20_%d" % b0[1], b0[1], "%s %s" % (b0[2], b0[3]))
        P.report_blocks_fodt(d, blocks[1:], iter(()), photos=False)
    src = src_path(name, ".fodt")
    d.write(src)
    pdf = out(name)
    P.soffice(src, pdf)
    raw, lay, text = read_back(pdf)
    n = len(raw)
    labels = labels_fn(n, text)
    P.check_labels(lay, labels, where, fmt, total=n if total is None else total)
    secs = locate(text, hs, labels)
    extra = dict(visible_title=rep["foreword"]["title"], front_matter=dict(
        title=rep["foreword"]["title"], pages=[i + 1 for i, l in enumerate(labels) if l and not l.isdigit()])) \
        if front else {}
    return entry(name, LO, what, pdf, **extra,
                 layout=dict(body_font=font, body_size_pt=size, page="A4"),
                 printed_pages={str(i + 1): l for i, l in enumerate(labels)},
                 page_number=dict(where=where, format=fmt.replace("{m}", str(total)) if total else fmt),
                 sections=secs)


@doc
def r_pages_side_n_av_m(rep, c):
    return lo_excerpt_doc(
        "sidetall-side-n-av-m.pdf", rep, "2.1", "2.4", "Caladea", 11,
        '<text:p text:style-name="Footer_right">Side %s av %s</text:p>' % (P.field_page(), P.field_count()),
        "footer-right", "Side {n} av {m}", lambda n, t: [str(i) for i in range(1, n + 1)],
        what="page numbers 'Side N av M' at the right of the footer (LibreOffice page number and page "
             "count fields)")


@doc
def r_pages_40_av_65(rep, c):
    e = lo_excerpt_doc(
        "sidetall-40-av-65.pdf", rep, "5", None, "Carlito", 11,
        '<text:p text:style-name="Footer">%s av 65</text:p>' % P.field_page(),
        "footer-center", "{n} av 65", lambda n, t: [str(40 + i) for i in range(n)], start=40,
        what="pages cut from a longer document: the first page is numbered 40 (page number offset, "
             "style:page-number=40 on the first paragraph), the footer says 'N av 65' (65 is fixed text: "
             "the whole document had 65 pages)", total=65)
    return e


@doc
def r_pages_dash(rep, c):
    name = "sidetall-strek.pdf"
    ch, blocks = excerpt(rep, "2.12", "2.13")
    lines = [".nr PS 11", ".nr VS 13.5", ".nr GROWPS 3", ".nr PSINCR 2p",
             P.report_blocks_ms(blocks, iter(()), False)]
    src = src_path(name, ".ms")
    write(src, "\n".join(lines) + "\n")
    pdf = out(name)
    P.groff(src, pdf)
    raw, lay, text = read_back(pdf, soft=True)
    n = len(raw)
    labels = [None] + [str(i) for i in range(2, n + 1)]
    P.check_labels(lay, labels, "header-center", "-{n}-")
    secs = locate(text, headings_of(ch, blocks, with_chapter=False), labels)
    return entry(name, GR, "ms's default page header '- N -' centred at the top of pages 2 and on; page 1 "
                 "has no number", pdf,
                 layout=dict(body_font="Times (base-14, not embedded)", body_size_pt=11, page="US letter"),
                 printed_pages={str(i + 1): l for i, l in enumerate(labels)},
                 page_number=dict(where="header-center", format="- {n} -"),
                 sections=secs, line_end_hyphens=P.line_end_hyphens(raw, words_of(ch, blocks)))


@doc
def r_pages_header_right(rep, c):
    name = "sidetall-topp-hoyre.pdf"
    ch, blocks = excerpt(rep, "7")
    css = """@page { size: A4; margin: 22mm 22mm 20mm 22mm; @top-right { content: counter(page); font: 10pt "Liberation Serif"; } }
body { font-family: "Liberation Serif"; font-size: 11pt; line-height: 1.4; margin: 0; }
h1 { font-size: 16pt; } h2 { font-size: 12.5pt; margin: 5mm 0 1.5mm 0; break-after: avoid; }
p { margin: 0 0 2.5mm 0; text-align: justify; }
p.sub { margin-bottom: 1mm; }
figcaption { font-size: 9pt; font-style: italic; }"""
    body = "<h1>%s %s</h1>\n%s" % (P.h(ch["number"]), P.h(ch["title"]),
                                   P.report_blocks_html(blocks, iter(()), None, photos=False))
    src = src_path(name, ".html")
    write(src, html_page(css, body, title="Kapittel 7"))
    pdf = out(name)
    P.chromium(src, pdf)
    raw, lay, text = read_back(pdf)
    n = len(raw)
    labels = [str(i) for i in range(1, n + 1)]
    P.check_labels(lay, labels, "header-right", "{n}")
    secs = locate(text, headings_of(ch, blocks), labels)
    return entry(name, CH, "a bare page number at the top right (@page @top-right counter(page)), no other "
                 "header or footer", pdf,
                 layout=dict(body_font="Liberation Serif", body_size_pt=11, page="A4", justified=True),
                 printed_pages={str(i + 1): l for i, l in enumerate(labels)},
                 page_number=dict(where="header-right", format="{n}"),
                 sections=secs)


@doc
def r_pages_roman_arabic(rep, c):
    def labels_fn(n, text):
        text.pos = 0
        m = text.find("6 " + next(ch["title"] for ch in rep["chapters"] if ch["number"] == "6"))
        return [P.roman(i) for i in range(1, m)] + [str(i) for i in range(1, n - m + 2)]
    return lo_excerpt_doc(
        "sidetall-romertall-og-arabiske.pdf", rep, "6", None, "DejaVu Serif", 10,
        '<text:p text:style-name="Footer_right">%s</text:p>' % P.field_page(),
        "footer-right", "{n}", labels_fn, front=True,
        what="front matter (the foreword 'Fra presidenten') numbered i, ii in lower-case roman numerals, then "
             "the main part numbered from 1 (a second page style with a page number restart); no PDF page "
             "labels, so only the printed numbers tell")


# ---------------------------------------------------------------------------
# (7) no page numbers at all (Chromium)

@doc
def r_no_page_numbers(rep, c):
    name = "uten-sidetall.pdf"
    ch, blocks = excerpt(rep, "4", "4.4")
    css = """@page { size: A4; margin: 20mm; }
body { font-family: "Noto Serif"; font-size: 11pt; line-height: 1.45; margin: 0; }
h1 { font: bold 18pt "Noto Sans"; } h2 { font: bold 13pt "Noto Sans"; margin: 5mm 0 1.5mm 0; break-after: avoid; }
h3 { font: bold 11pt "Noto Sans"; margin: 4mm 0 1mm 0; break-after: avoid; }
p { margin: 0 0 2.5mm 0; }
figcaption { font-size: 9pt; font-style: italic; }"""
    body = "<h1>%s %s</h1>\n%s" % (P.h(ch["number"]), P.h(ch["title"]),
                                   P.report_blocks_html(blocks, iter(rep["notes"][2:]), None, photos=False))
    src = src_path(name, ".html")
    write(src, html_page(css, body, title="Helsepolitikk"))
    pdf = out(name)
    P.chromium(src, pdf)
    raw, lay, text = read_back(pdf)
    n = len(raw)
    labels = [None] * n
    P.check_labels(lay, labels, "footer-center", "{n}")
    if P.has_page_labels(pdf):
        raise P.Fail("uten-sidetall.pdf has page labels")
    secs = locate(text, headings_of(ch, blocks), labels)
    return entry(name, CH, "no page number printed anywhere and no PDF page labels: printed pages are "
                 "all null", pdf,
                 layout=dict(body_font="Noto Serif", body_size_pt=11, heading_font="Noto Sans bold", page="A4"),
                 printed_pages={str(i + 1): None for i in range(n)},
                 page_number=None, sections=secs)


# ---------------------------------------------------------------------------
# (8) headings that look like body text; only the outline tells

@doc
def r_outline_lo(rep, c):
    name = "bokmerker-overskrifter-som-brodtekst-libreoffice.pdf"
    ch, blocks = excerpt(rep, "7")
    d = simple_fodt("Liberation Sans", 10, heading_sizes=(10, 10, 10), heading_bold=False, spacing="0.2cm")
    # headings exactly like body text: same font, size, weight, spacing
    d.styles = [s.replace('fo:margin-top="0.42cm" fo:margin-bottom="0.21cm"',
                          'fo:margin-top="0cm" fo:margin-bottom="0.2cm"') for s in d.styles]
    d.page_layout("pm1", margins=("2cm", "2cm", "2.4cm", "2.4cm"), footer=True)
    d.master("Standard", "pm1", footer='<text:p text:style-name="Footer">%s</text:p>' % P.field_page())
    d.hd("Heading_20_1", 1, "%s %s" % (ch["number"], ch["title"]))
    P.report_blocks_fodt(d, [b if b[0] != "sub" else ("p", b[1]) for b in blocks], iter(()), photos=False)
    src = src_path(name, ".fodt")
    d.write(src)
    pdf = out(name)
    P.soffice(src, pdf)
    return outline_entry(name, LO, pdf, ch, blocks, "LibreOffice: Heading 1/2 paragraph styles set to the "
                         "body font, size and weight (Liberation Sans 10 pt regular), bookmarks exported "
                         "(the default)", "Liberation Sans", 10)


@doc
def r_outline_chromium(rep, c):
    name = "bokmerker-overskrifter-som-brodtekst-chromium.pdf"
    ch, blocks = excerpt(rep, "5")
    css = """@page { size: A4; margin: 20mm; @bottom-center { content: counter(page); font: 9.5pt "DejaVu Serif"; } }
body { font-family: "DejaVu Serif"; font-size: 9.5pt; line-height: 1.4; margin: 0; }
h1, h2, h3, p { font: inherit; margin: 0 0 2.5mm 0; }
figcaption { font: inherit; } ul { margin: 0 0 2.5mm 0; }"""
    body = "<h1>%s %s</h1>\n%s" % (P.h(ch["number"]), P.h(ch["title"]),
                                   P.report_blocks_html([b if b[0] != "sub" else ("p", b[1]) for b in blocks],
                                                        iter(()), None, photos=False))
    body = body.replace("<strong>", "").replace("</strong>", "")
    src = src_path(name, ".html")
    write(src, html_page(css, body, title="Kommunikasjonsarbeid"))
    pdf = out(name)
    P.chromium(src, pdf, outline=True)
    return outline_entry(name, CH + " --generate-pdf-document-outline", pdf, ch, blocks,
                         "Chromium: h1/h2 with font: inherit and the margins of p, outline generated from the "
                         "headings (--generate-pdf-document-outline)", "DejaVu Serif", 9.5)


def outline_entry(name, producer, pdf, ch, blocks, how, font, size):
    raw, lay, text = read_back(pdf)
    n = len(raw)
    labels = [str(i) for i in range(1, n + 1)]
    P.check_labels(lay, labels, "footer-center", "{n}")
    secs = locate(text, headings_of(ch, blocks), labels)
    ol = P.outline_titles(pdf)
    want = ["%s %s" % (s["number"], s["title"]) for s in secs]
    got = [t for _, t in ol]
    if [P.norm(t) for t in got] != [P.norm(t) for t in want]:
        raise P.Fail("%s: outline %r != headings %r" % (name, got[:5], want[:5]))
    return entry(name, producer, "headings set exactly like body text (same font, size, weight, spacing); "
                 "only the PDF outline (bookmarks) says which lines are headings. " + how, pdf,
                 layout=dict(body_font=font, body_size_pt=size, heading_font=font + " (same as body)",
                             heading_size_pt=size, page="A4", outline_bookmarks=True),
                 printed_pages={str(i + 1): l for i, l in enumerate(labels)},
                 page_number=dict(where="footer-center", format="{n}"),
                 sections=secs, outline=[dict(depth=dp, title=t) for dp, t in ol])


# ---------------------------------------------------------------------------
# (9) footnotes between the halves of a sentence (LibreOffice)

@doc
def r_footnotes_mid_sentence(rep, c):
    name = "fotnoter-midt-i-setning.pdf"
    split_after = "faglig innhold i"
    d = simple_fodt("Liberation Serif", 11, justify=True, spacing="0.25cm")
    d.styles = [s.replace('fo:orphans="2"', 'fo:line-height="118%" fo:orphans="2"') for s in d.styles]
    d.pstyle("Letter_20_Title", display="Letter Title", parent="Text_20_body",
             para='fo:margin-bottom="0.3cm"', text='fo:font-size="13pt" fo:font-weight="bold"')
    d.pstyle("Letter_20_Heading", display="Letter Heading", parent="Text_20_body",
             para='fo:margin-top="0.2cm" fo:margin-bottom="0.05cm" fo:keep-with-next="always"',
             text='fo:font-weight="bold"')
    margins = ("1.8cm", "1.6cm", "2.2cm", "2.2cm")
    d.page_layout("pmFirst", margins=margins, footer=True)
    d.page_layout("pmNext", margins=margins, header=True, footer=True)
    footer = '<text:p text:style-name="Footer_right">Side %s av %s</text:p>' % (P.field_page(), P.field_count())
    d.master("Standard", "pmNext", header='<text:p text:style-name="Header_right">%s</text:p>'
             % P.x(P.LETTER_HEADER), footer=footer)
    d.master("First_20_Page", "pmFirst", footer=footer, next_style="Standard")
    notes = iter(c["notes"])
    d.p(d.auto_pstyle("Letter_20_Title", master="First_20_Page"), c["title"])
    # the end of page 1: the paragraph with the sentence is cut in two
    # paragraphs, the first with its last line justified, the second on a
    # new page, so the sentence runs over the page break below the notes
    last_full = d.auto_pstyle("Text_20_body", para='fo:text-align="justify" fo:text-align-last="justify" '
                                                   'fo:margin-bottom="0cm"')
    cont = d.auto_pstyle("Text_20_body", para='fo:break-before="page"')
    for b in c["blocks"]:
        if b[0] == "h":
            d.p("Letter_20_Heading", b[1])
        elif b[0] == "ask":
            d.p("Text_20_body", b[1])
        elif b[0] == "bullet":
            d.bullets([b[1]])
        elif b[0] == "p" and split_after in b[1]:
            k = b[1].index(split_after) + len(split_after)
            d.p(last_full, b[1][:k], notes)
            d.p(cont, b[1][k:].lstrip(), notes)
        elif b[0] == "p":
            d.p("Text_20_body", b[1], notes)
        if b[0] == "h" and b[1].startswith("En nasjonal ordning"):
            break
    # the rest of the letter is left out: two pages are enough
    d.body = d.body[:-1]
    src = src_path(name, ".fodt")
    d.write(src)
    pdf = out(name)
    P.soffice(src, pdf)
    raw, lay, text = read_back(pdf)
    n = len(raw)
    labels = [str(i) for i in range(1, n + 1)]
    P.check_labels(lay, labels, "footer-right", "Side {n} av {m}", total=n)
    P.check_running(lay, P.LETTER_HEADER, list(range(2, n + 1)))
    notes_t = P.consultation_notes(c, text, labels)
    paras = [b[1] for b in c["blocks"] if b[0] == "p"]
    paras = paras[:next(i for i, p in enumerate(paras) if split_after in p) + 1]
    breaks = P.page_breaks(raw, paras)
    br = next((b for b in breaks if b["last_words"].endswith(split_after)), None)
    if not br or not br["next_words"].startswith("utdanningene"):
        raise P.Fail("%s: the page break is not after %r: %r" % (name, split_after, breaks))
    if not all(nt["physical_page"] == br["after_page"] for nt in notes_t):
        raise P.Fail("%s: footnotes not all on page %d" % (name, br["after_page"]))
    return entry(name, LO, "a sentence ('... essensielt at faglig innhold i | utdanningene er "
                 "forskningsbasert ...') runs over the page break; between its halves the text stream has "
                 "the four footnotes of page 1, the footer 'Side 1 av 2' and the header of page 2", pdf,
                 seed="002",
                 layout=dict(body_font="Liberation Serif", body_size_pt=11, page="A4", justified=True),
                 visible_title=c["title"],
                 printed_pages={str(i + 1): l for i, l in enumerate(labels)},
                 page_number=dict(where="footer-right", format="Side {n} av {m}"),
                 running_header=dict(text=P.LETTER_HEADER, pages=list(range(2, n + 1))),
                 footnotes=notes_t, page_breaks=breaks,
                 sentence_over_page_break=dict(before=br["last_words"], after=br["next_words"],
                                               phrase="faglig innhold i utdanningene",
                                               after_page=br["after_page"]))


# ---------------------------------------------------------------------------
# (10) a table of contents: numbered lines with page numbers that are not
# headings (LibreOffice, two passes: the page numbers are filled in after
# the first pass has shown where the headings landed)

@doc
def r_toc(rep, c):
    name = "innholdsfortegnelse.pdf"
    parts = [excerpt(rep, "6"), excerpt(rep, "7")]
    hs = []
    for ch, blocks in parts:
        hs += headings_of(ch, blocks)

    def build(numbers):
        d = simple_fodt("Carlito", 11, heading_sizes=(18, 13, 11.5), heading_break=True)
        footer = '<text:p text:style-name="Footer">%s</text:p>' % P.field_page()
        d.page_layout("pmFront", margins=("2.5cm", "2cm", "2.5cm", "2.5cm"), footer=True, num_format="i")
        d.page_layout("pmMain", margins=("2.5cm", "2cm", "2.5cm", "2.5cm"), footer=True)
        d.master("Standard", "pmMain", footer=footer)
        d.master("Front", "pmFront", footer=footer)
        d.master("Main", "pmMain", footer=footer)
        d.pstyle("Contents_20_Heading", display="Contents Heading", parent="Standard", cls="index",
                 para='fo:margin-bottom="0.5cm"', text='fo:font-size="18pt" fo:font-weight="bold"')
        for lvl, indent in ((1, "0cm"), (2, "0.5cm"), (3, "1cm")):
            d.pstyle("Contents_20_%d" % lvl, display="Contents %d" % lvl, parent="Standard", cls="index",
                     para='fo:margin-left="%s" fo:margin-top="%s" fo:margin-bottom="0.1cm"' % (
                         indent, "0.25cm" if lvl == 1 else "0cm"),
                     text='fo:font-weight="bold"' if lvl == 1 else None)
        # tab stops with dot leaders, written into the paragraph properties
        for k, s in enumerate(d.styles):
            m = re.match(r'(<style:style style:name="Contents_20_(\d)".*?<style:paragraph-properties [^>]*?)/>', s)
            if m:
                lvl = int(m.group(2))
                pos = {1: "16cm", 2: "15.5cm", 3: "15cm"}[lvl]
                d.styles[k] = s.replace(m.group(1) + "/>", m.group(1) + '><style:tab-stops><style:tab-stop '
                                        'style:position="%s" style:type="right" style:leader-style="dotted" '
                                        'style:leader-text="."/></style:tab-stops></style:paragraph-properties>'
                                        % pos, 1)
        d.p(d.auto_pstyle("Contents_20_Heading", master="Front", page_number=1), "Innhold")
        for (lvl, num, title), pg in zip(hs, numbers):
            d.p("Contents_20_%s" % lvl, "%s %s<text:tab/>%s" % (P.x(num), P.x(title), P.x(pg)), raw=True)
        first = True
        for ch, blocks in parts:
            st = d.auto_pstyle("Heading_20_1", master="Main", page_number=1) if first else "Heading_20_1"
            first = False
            d.hd(st, 1, "%s %s" % (ch["number"], ch["title"]))
            P.report_blocks_fodt(d, blocks, iter(()), photos=False)
        src = src_path(name, ".fodt")
        d.write(src)
        pdf = out(name)
        P.soffice(src, pdf)
        return pdf

    pdf = build(["00"] * len(hs))
    raw, lay, text = read_back(pdf)
    n = len(raw)
    chapter6 = "%s %s" % (parts[0][0]["number"], parts[0][0]["title"])
    main1 = next(i for i, pg in enumerate(raw) if re.search(r"(?m)^" + P.pat(chapter6) + r"\s*$", pg)) + 1
    labels = [P.roman(i) for i in range(1, main1)] + [str(i) for i in range(1, n - main1 + 2)]
    text.pos = P.Text(raw).offsets[main1 - 1]
    first_pass = [labels[text.find("%s %s" % (num, t)) - 1] for _, num, t in hs]
    pdf = build(first_pass)
    raw, lay, text = read_back(pdf)
    if len(raw) != n:
        raise P.Fail("%s: page count changed between the passes" % name)
    P.check_labels(lay, labels, "footer-center", "{n}")
    text.pos = text.offsets[main1 - 1]
    secs = []
    for (lvl, num, title), shown in zip(hs, first_pass):
        p = text.find("%s %s" % (num, title))
        if labels[p - 1] != shown:
            raise P.Fail("%s: %s moved in the second pass" % (name, num))
        secs.append(dict(number=num, title=title, level=int(lvl), physical_page=p, printed_page=labels[p - 1]))
    toc = []
    for (lvl, num, title), shown in zip(hs, first_pass):
        rx = P.pat("%s %s" % (num, title)) + r"[ .…]*" + re.escape(shown) + r"\s*$"
        pg = next((i + 1 for i in range(main1 - 1) if re.search(rx, raw[i], re.M)), None)
        if pg is None:
            raise P.Fail("%s: TOC entry %s not found" % (name, num))
        toc.append(dict(number=num, title=title, page_shown=shown, physical_page=pg))
    return entry(name, LO, "a table of contents ('Innhold', Contents 1-3 styles, dot leaders, page numbers at "
                 "the right) on a roman-numbered front page, then chapters 6 and 7 from page 1: the TOC lines "
                 "carry the headings' numbers and titles but are not headings; the numbers they show are the "
                 "headings' printed pages", pdf,
                 layout=dict(body_font="Carlito", body_size_pt=11, heading_sizes_pt=[18, 13, 11.5], page="A4",
                             outline_bookmarks=True),
                 visible_title="Innhold",
                 printed_pages={str(i + 1): l for i, l in enumerate(labels)},
                 page_number=dict(where="footer-center", format="{n}"),
                 sections=secs, toc_entries=toc)


# ---------------------------------------------------------------------------
# (11) heading numbers made by the producer (LibreOffice outline numbering)

@doc
def r_auto_numbered(rep, c):
    name = "automatisk-nummererte-overskrifter.pdf"
    ch, blocks = excerpt(rep, "9")
    d = simple_fodt("Liberation Sans", 10, heading_sizes=(16, 13, 11))
    d.page_layout("pm1", margins=("2cm", "2cm", "2.2cm", "2.2cm"), footer=True)
    d.master("Standard", "pm1", footer='<text:p text:style-name="Footer_right">%s</text:p>' % P.field_page())
    levels = []
    for lvl in range(1, 11):
        start = ' text:start-value="%s"' % ch["number"] if lvl == 1 else ""
        disp = ' text:display-levels="%d"' % lvl if lvl > 1 else ""
        levels.append('<text:outline-level-style text:level="%d" style:num-format="1"%s%s>'
                      '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
                      '<style:list-level-label-alignment text:label-followed-by="listtab" '
                      'text:list-tab-stop-position="1.4cm" fo:text-indent="-1.4cm" fo:margin-left="1.4cm"/>'
                      '</style:list-level-properties></text:outline-level-style>' % (lvl, start, disp))
    d.styles = [('<text:outline-style style:name="Outline">%s</text:outline-style>' % "".join(levels))
                if s.startswith("<text:outline-style") else s for s in d.styles]
    d.hd("Heading_20_1", 1, ch["title"])
    for b in blocks:
        if b[0] == "h":
            d.hd("Heading_20_%d" % b[1], b[1], b[3])
        else:
            P.report_blocks_fodt(d, [b], iter(()), photos=False)
    src = src_path(name, ".fodt")
    d.write(src)
    pdf = out(name)
    P.soffice(src, pdf)
    raw, lay, text = read_back(pdf)
    n = len(raw)
    labels = [str(i) for i in range(1, n + 1)]
    P.check_labels(lay, labels, "footer-right", "{n}")
    secs = locate(text, headings_of(ch, blocks), labels)
    ol = P.outline_titles(pdf)
    return entry(name, LO, "heading numbers generated by the producer (outline numbering, level 1 starting at 9, "
                 "number and title separated by a tab), not typed in the text; the PDF shows '9.2.1<gap>Title'; "
                 "the bookmarks have the numbers too", pdf,
                 layout=dict(body_font="Liberation Sans", body_size_pt=10, heading_sizes_pt=[16, 13, 11],
                             page="A4", outline_bookmarks=True),
                 printed_pages={str(i + 1): l for i, l in enumerate(labels)},
                 page_number=dict(where="footer-right", format="{n}"),
                 sections=secs, outline=[dict(depth=dp, title=t) for dp, t in ol])
