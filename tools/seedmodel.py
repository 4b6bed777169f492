"""Structured reading of the seed texts for tools/producer_docs.py
(python3 stdlib only).

The seeds are text extracted from real PDFs: one line per printed line,
paragraphs separated by blank lines (mostly), line-end hyphenation, link
lists at page ends.  This module turns them back into documents - headings,
paragraphs, captions, lists, footnotes - that the producers (LibreOffice,
Chromium, groff) lay out again.  It follows tools/prepare-seed.py (chapter
headings, where the foreword of the annual report is split) and
tools/make-html.py (the Tidsskriftet articles), which it imports.

  report()        seed 004, the annual report (Årsmelding 2024); line-end
                  hyphens are joined (kept where they belong to the word),
                  the per-page link lists dropped, three hyphens the
                  extraction left inside words removed (SEED004_FIXES)
  consultation()  seed 002, the consultation response, with the words the
                  original PDF lost to ligatures (U+FFFD, "Dete") repaired
  article(path)   seed 000 / 003, a Tidsskriftet article (via make-html.py)

Block kinds in a report chapter (tuples, first item the kind):
  ("h", level, number, title)   numbered heading, level = parts of number
  ("p", text)                   body paragraph; NOTE marks a footnote
  ("sub", text)                 unnumbered subheading (a short line that
                                opens a paragraph in the seed)
  ("label", text)               "MÅLOMRÅDE 1", "HOVEDMÅL", "DELMÅL" ...
  ("bullet", text)              "• ..." or "- ..." list item
  ("item", marker, text)        numbered list item: "1." or "1.1" (the
                                MÅLOMRÅDE goals: numbered like headings,
                                but they are NOT headings)
  ("caption", text)             photo caption ("KUNNSKAPSDELING: ... Foto: ...")
"""
import glob
import importlib.util
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.environ.get("SEEDS") or os.path.join(ROOT, "tests", "data", "seeds")

NOTE = "\ue000"          # in a paragraph: footnote marker, the note is in order


def _load(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "tools", file))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


prepare_seed = _load("prepare_seed", "prepare-seed.py")
make_html = _load("make_html", "make-html.py")


def seed_path(num):
    files = sorted(glob.glob(os.path.join(SEEDS, num + "_*")))
    if len(files) != 1:
        sys.exit("seedmodel: want exactly one %s/%s_*" % (SEEDS, num))
    return files[0]


def read_seed(num):
    with open(seed_path(num), encoding="utf-8") as f:
        return f.read()


def clean(s):
    """One line of seed text: odd spaces to plain ones, runs collapsed."""
    s = s.replace("\u202f", " ").replace("\u00a0", " ").replace("\u200f", "")
    return re.sub(r"[ \t]+", " ", s).strip()


# ---------------------------------------------------------------------------
# Joining lines: line-end hyphens

def join_hyphen(before, after, corpus):
    """The seed line `before` ends with "-" and `after` follows.  Return the
    joined text: the hyphen is kept when it is a real one (LIS1-stilling,
    ikke-kliniske, Anne-Karin, "barne- og"), dropped when it only split the
    word at the line end (Kommunikasjons-avdelingen)."""
    m = re.search(r"(\S+)-$", before)
    w = m.group(1) if m else ""
    n = after.split(" ")[0] if after else ""
    core_w = w.strip("(«\"")
    core_n = re.sub(r"[.,;:)»\"]+$", "", n)
    keep = False
    if not n or not core_n:
        keep = True
    elif core_n[0].isupper() or core_n[0].isdigit():
        keep = True                       # Anne-Karin, Midt-Norge
    elif core_n in ("og", "eller", "til"):
        return before + " " + after       # "barne- og", suspended hyphen
    elif core_w.lower() == "ikke" or re.search(r"[A-ZÆØÅ0-9]$", core_w) and re.search(r"[A-ZÆØÅ0-9]{2}", core_w):
        keep = True                       # ikke-kliniske, LIS1-, IA-, EPJ-
    elif (core_w + "-" + core_n) in corpus and (core_w + core_n) not in corpus:
        keep = True                       # written with a hyphen elsewhere
    elif "/" in core_n or "/" in core_w or "://" in before:
        keep = "://" in before            # URLs keep their hyphens
    if keep:
        return before + after
    return before[:-1] + after


def join_lines(lines, corpus):
    out = ""
    for ln in lines:
        ln = clean(ln)
        if not ln:
            continue
        if not out:
            out = ln
        elif out.endswith("-") and not out.endswith(" -") and not out.endswith("--"):
            out = join_hyphen(out, ln, corpus)
        else:
            out = out + " " + ln
    return out


# ---------------------------------------------------------------------------
# Seed 004: the annual report

CHAPTER = prepare_seed.CHAPTER
SECTION = re.compile(r"^(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\s+(\S.*)$")
ITEM = re.compile(r"^(\d{1,2}\.)\s+([A-ZÆØÅ«\"].*)$")
BULLET = re.compile(r"^[•▪·-]\s+(.*)$")
CAPTION = re.compile(r"^(?!NOU )[A-ZÆØÅ][A-ZÆØÅ0-9 -]+[A-ZÆØÅ0-9]:\s")
STOPWORDS = set("og i av til for med at en et å som på om fra er den det de ved eller".split())
LABEL = re.compile(r"^(MÅLOMRÅDE \d|MÅLOMRÅDER|HOVEDMÅL|DELMÅL)$")
URL = re.compile(r"^https?://\S+$")
END = re.compile(r"[.!?:;»\")]$")

# Report footnotes (the seed has none as footnotes: two of these are the
# seed's own links, which the original printed as link text).
REPORT_NOTES = [
    # (number of the section, text the marker follows, note text)
    ("1.2", "Helseberedskap (legeforeningen.no).",
     "Emnesiden Helseberedskap: https://www.legeforeningen.no/politikk-og-samfunn/helseberedskap/"),
    ("1.2", "samarbeide tettere (forsvaretsforum.no).",
     "Kronikken i Forsvarets Forum: https://www.forsvaretsforum.no/forsvarets-sanitet-helse-lege/forsvaret-og-helsetjenesten-ma-samarbeide-tettere/383709"),
    ("4.2", "107 eksterne høringer ble avvist.",
     "Avviste høringer er høringer som Legeforeningen har mottatt, men ikke besvart, fordi temaet ligger utenfor foreningens interesseområder."),
]

# Seed line numbers are 1-based; the MÅLOMRÅDE blocks are the only places
# where numbered lines look like headings but are list items.


def _section_key(num):
    return tuple(int(x) for x in num.split("."))


def _expected_next(prev):
    """Numbers a heading may have after heading `prev` (a tuple)."""
    nxt = {prev + (1,)}
    for k in range(1, len(prev) + 1):
        nxt.add(prev[:k - 1] + (prev[k - 1] + 1,))
    return nxt


# Words the extraction of the original left with a hyphen inside a line
# (a narrow column's line-end hyphen, joined without removing it).
SEED004_FIXES = {"sykepleierfor-bund": "sykepleierforbund", "helse-vesen": "helsevesen",
                 "kurs-refusjon": "kursrefusjon"}


def report():
    """Return dict(cover, foreword=dict(title, pages=[[para]...]),
    chapters=[dict(number, title, blocks)], notes=[text], headings=[...],
    not_headings=[line ...])."""
    text = read_seed("004")
    for a, b in SEED004_FIXES.items():
        text = text.replace(a, b)
    corpus = re.sub(r"\s+", " ", text)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    chapters_at = [i for i, l in enumerate(lines) if CHAPTER.match(l)]
    first = chapters_at[0]

    # Foreword: split where prepare-seed.py splits it (the blank line nearest
    # its middle), so the two halves are the corpus PDF's pages i and ii.
    blanks = [i for i in range(1, first - 1) if not lines[i].strip()]
    mid = min(blanks, key=lambda i: abs(i - first / 2))
    fw_title = clean(lines[0])
    halves = []
    for part in (lines[1:mid], lines[mid + 1:first]):
        paras, cur = [], []
        for l in part:
            if l.strip():
                cur.append(l)
            elif cur:
                paras.append(join_lines(cur, corpus))
                cur = []
        if cur:
            paras.append(join_lines(cur, corpus))
        halves.append(paras)

    # Classify every line after the foreword.
    chapters = []
    prev_num = None
    not_headings = []
    i = first
    blocks = None
    cur = None            # open block: [kind, lines, extra]
    prev_nonblank_kind = None

    def close():
        nonlocal cur
        if cur is None:
            return
        kind, ls, extra = cur
        cur = None
        t = join_lines(ls, corpus)
        if not t:
            return
        if kind == "p":
            blocks.append(("p", t))
        elif kind == "caption":
            blocks.append(("caption", t))
        elif kind == "bullet":
            blocks.append(("bullet", t))
        elif kind == "item":
            blocks.append(("item", extra, t))

    blank_run = 0
    last_line_kind = None      # kind of the previous non-blank line
    while i < len(lines):
        raw = lines[i]
        s = clean(raw)
        if not s:
            blank_run += 1
            # a blank line ends a paragraph, except a list item or paragraph
            # that obviously runs on (checked when the next line comes)
            i += 1
            continue
        after_blank = blank_run > 0
        blank_run = 0

        # Link lists at page ends: URL lines after a blank line, or after
        # a dropped URL line.  URLs inside a paragraph stay.
        if URL.match(s) and (after_blank or last_line_kind in ("url", None) or cur is None):
            close()
            last_line_kind = "url"
            i += 1
            continue

        m = CHAPTER.match(raw)
        if m:
            close()
            num, title = s.split(" ", 1)
            blocks = []
            chapters.append(dict(number=num, title=title, blocks=blocks))
            prev_num = (int(num),)
            last_line_kind = "h"
            i += 1
            continue

        m = SECTION.match(s)
        if m and m.group(2)[0].isupper():
            num = m.group(1)
            key = _section_key(num)
            ok = key in _expected_next(prev_num) and last_line_kind != "item"
            if ok:
                close()
                title = m.group(2)
                # continuation lines of a long heading are indented deeply
                j = i + 1
                while j < len(lines) and re.match(r"^[ \u202f\u00a0]{8,}\S", lines[j]):
                    title = join_lines([title, lines[j]], corpus)
                    j += 1
                blocks.append(("h", len(key), num, clean(title)))
                prev_num = key
                last_line_kind = "h"
                i = j
                continue
            # a numbered list item ("1.1 Bidra til ...", MÅLOMRÅDE goals)
            close()
            not_headings.append(s)
            cur = ["item", [m.group(2)], num]
            last_line_kind = "item"
            i += 1
            continue

        if LABEL.match(s):
            close()
            blocks.append(("label", s))
            last_line_kind = "label"
            i += 1
            continue

        if CAPTION.match(s):
            close()
            cap = [s]
            j = i + 1
            if "foto" not in s.lower():
                while j < len(lines) and clean(lines[j]) \
                        and not SECTION.match(clean(lines[j])) and not CHAPTER.match(lines[j]) \
                        and not CAPTION.match(clean(lines[j])):
                    cap.append(lines[j])
                    j += 1
                    if "foto" in lines[j - 1].lower():
                        break
            blocks.append(("caption", join_lines(cap, corpus)))
            last_line_kind = "caption"
            i = j
            continue

        m = BULLET.match(s)
        if m and (s[0] == "•" or after_blank or last_line_kind in ("bullet", "p", "sub", "h", None)):
            close()
            cur = ["bullet", [m.group(1)], None]
            last_line_kind = "bullet"
            i += 1
            continue

        m = ITEM.match(s)
        if m:
            close()
            cur = ["item", [m.group(2)], m.group(1)]
            last_line_kind = "item"
            i += 1
            continue

        # Plain text line.
        if cur is not None and after_blank:
            # a paragraph (or item) the seed broke with a blank line runs on
            # when it stopped without end punctuation and this line starts
            # in lower case
            prev_text = cur[1][-1].rstrip() if cur[1] else ""
            if not (s[0].islower() and not END.search(prev_text)):
                close()
        if cur is None:
            # a short line without end punctuation, followed by a line
            # opening with a capital letter: an unnumbered subheading
            nxt = clean(lines[i + 1]) if i + 1 < len(lines) else ""
            if (len(s) <= 70 and not END.search(s) and not s.endswith(",")
                    and s[0].isupper() and nxt and (nxt[0].isupper() or nxt[0] == "«")
                    and not CAPTION.match(nxt) and not SECTION.match(nxt)
                    and not CHAPTER.match(lines[i + 1]) and not s.endswith("-")
                    and len(s.split()) <= 10 and not re.search(r"\d\s*$", s)
                    and len(nxt) >= 60 and s.split()[-1] not in STOPWORDS
                    and "," not in s and s.count("(") == s.count(")")):
                blocks.append(("sub", s))
                last_line_kind = "sub"
                i += 1
                continue
            cur = ["p", [], None]
        cur[1].append(s)
        last_line_kind = "p" if cur[0] == "p" else cur[0]
        i += 1
    close()

    # Footnotes into the paragraphs.
    notes = []
    for sec, anchor, note in REPORT_NOTES:
        ch = next(c for c in chapters if c["number"] == sec.split(".")[0])
        in_sec = False
        done = False
        for k, b in enumerate(ch["blocks"]):
            if b[0] == "h":
                in_sec = b[2] == sec
                continue
            if in_sec and b[0] == "p" and anchor in b[1] and not done:
                ch["blocks"][k] = ("p", b[1].replace(anchor, anchor + NOTE, 1))
                notes.append(note)
                done = True
        if not done:
            sys.exit("seedmodel: footnote anchor not found: " + anchor)

    headings = []
    for ch in chapters:
        headings.append(dict(level=1, number=ch["number"], title=ch["title"]))
        for b in ch["blocks"]:
            if b[0] == "h":
                headings.append(dict(level=b[1], number=b[2], title=b[3]))
    return dict(
        cover=dict(title="Årsmelding 2024", subtitle="Den norske legeforening"),
        foreword=dict(title=fw_title, pages=halves),
        chapters=chapters, notes=notes, headings=headings,
        not_headings=not_headings)


# ---------------------------------------------------------------------------
# Seed 002: the consultation response

# U+FFFD stands for a lost ligature; nearly always "ti".  The others:
FFFD_WORDS = {
    "u\ufffdordring": "utfordring",
    "rekruteringsu\ufffdordringer": "rekrutteringsutfordringer",
    "skri\ufffdlig": "skriftlig",
    "ny\ufffdggjort": "nyttiggjort",
    "atrak\ufffdve": "attraktive",
}
# A lost "tt" ligature left a single t.
TT_WORDS = {
    "Dete": "Dette", "dete": "dette", "sit": "sitt", "ivaretat": "ivaretatt",
    "forutseter": "forutsetter", "Fortsat": "Fortsatt", "fortsat": "fortsatt",
    "oppretholde": "opprettholde", "setes": "settes", "knytet": "knyttet",
    "omfate": "omfatte", "ansetelse": "ansettelse", "bosat": "bosatt",
    "kompleterende": "kompletterende", "rete": "rette",
    "statsbudsjetet": "statsbudsjettet", "benytet": "benyttet",
    "støter": "støtter", "skrit": "skritt", "rekruteringen": "rekrutteringen",
}


def repair(text):
    def word(m):
        w = m.group(0)
        if w in FFFD_WORDS:
            return FFFD_WORDS[w]
        w = w.replace("\ufffd", "ti")
        return TT_WORDS.get(w, w)
    return re.sub(r"[\w\ufffd]+", word, text)


CONSULTATION_HEADINGS = (
    "Norge må utdanne flere leger i tråd",
    "Antall LIS1-stillinger må økes",
    "Kvaliteten i medisinsk grunnutdanning",
    "En nasjonal ordning for finansiering",
    "Kompletterende utdanning for leger",
    "Legebestanden må speile",
)


def consultation():
    """Return dict(title, blocks, notes).  blocks: ("h", text), ("p", text),
    ("ask", text) for "Legeforeningen ber Stortinget:", ("bullet", text).
    Paragraph text carries NOTE where the four footnote markers were."""
    raw = repair(read_seed("002"))
    corpus = re.sub(r"\s+", " ", raw)
    lines = [l for l in raw.split("\n")]
    # footnote texts: the lines "1 Legeforeningens foreløpige ...", "4Noe ..."
    notes = {}
    body = []
    for l in lines:
        s = clean(l)
        m = re.match(r"^([1-4]) ?(\D.*)$", s)
        if m and (s.startswith("1 Legeforeningens") or s.startswith("2 OECD")
                  or s.startswith("3 User") or s.startswith("4Noe")):
            notes[int(m.group(1))] = m.group(2).strip()
            continue
        if URL.match(s):
            continue
        body.append(l)
    # blocks
    text_lines = [clean(l) for l in body]
    # title: the first two non-blank lines
    nb = [k for k, s in enumerate(text_lines) if s]
    title = join_lines([text_lines[nb[0]], text_lines[nb[1]]], corpus)
    blocks = []
    cur = []

    def flush():
        if cur:
            blocks.append(("p", join_lines(cur, corpus)))
            cur.clear()

    for s in text_lines[nb[1] + 1:]:
        if not s:
            if cur and (END.search(re.sub(r"(?<=\.)\d$", "", cur[-1]))
                        or cur[-1].endswith("hindringer")):
                flush()
            continue
        if s.startswith(CONSULTATION_HEADINGS):
            flush()
            blocks.append(("h", s))
            continue
        if s.startswith("Legeforeningen ber Stortinget"):
            flush()
            blocks.append(("ask", s))
            continue
        if s.startswith("•"):
            flush()
            cur.append(s[1:].strip())
            blocks.append(("bullet", None))      # filled at flush below
            continue
        cur.append(s)
    flush()
    # merge ("bullet", None) with the paragraph after it
    out = []
    k = 0
    while k < len(blocks):
        b = blocks[k]
        if b[0] == "bullet" and b[1] is None:
            nxt = blocks[k + 1]
            out.append(("bullet", nxt[1]))
            k += 2
            continue
        out.append(b)
        k += 1
    blocks = out
    # footnote markers: digits glued to the words in the seed
    marks = [("14. juni 2023. 1 ", "14. juni 2023." + NOTE + " "),
             ("Health at a glance 20232 ", "Health at a glance 2023" + NOTE + " "),
             ("helsepersonell.3", "helsepersonell." + NOTE),
             ("våren 20234.", "våren 2023" + NOTE + ".")]
    found = 0
    for k, b in enumerate(blocks):
        if b[0] != "p":
            continue
        t = b[1]
        for a, r in marks:
            if a in t or a.rstrip() == t[-len(a.rstrip()):]:
                t = t.replace(a, r) if a in t else t[:-len(a.rstrip())] + r.rstrip()
                found += 1
        blocks[k] = ("p", t)
    if found != 4 or sorted(notes) != [1, 2, 3, 4]:
        sys.exit("seedmodel: consultation footnotes: %d markers, notes %r" % (found, sorted(notes)))
    return dict(title=title, blocks=blocks, notes=[notes[n] for n in (1, 2, 3, 4)])


# ---------------------------------------------------------------------------
# Tidsskriftet articles (000, 003)

def article(num):
    path = seed_path(num)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    meta, blocks = make_html.parse(text, path.endswith(".md"))
    return meta, blocks


if __name__ == "__main__":
    import json
    what = sys.argv[1] if len(sys.argv) > 1 else "report"
    if what == "report":
        r = report()
        for ch in r["chapters"]:
            print("#", ch["number"], ch["title"])
            for b in ch["blocks"]:
                print("  ", b[0], "|", " | ".join(str(x) for x in b[1:])[:150])
        print(len(r["headings"]), "headings")
        print("not headings:", r["not_headings"])
    elif what == "consultation":
        c = consultation()
        print(json.dumps(c, ensure_ascii=False, indent=1))
    else:
        print(article(what))
