#!/usr/bin/env python3
"""Synthetic Norwegian documents for the benchmark corpus (python3 stdlib).

  synth_text.py [--seeds DIR] [--pages N] [--seed S] OUTDIR

Trains a word-level Markov chain (order 2) on the seed texts
(tests/data/seeds/*.txt: Legeforeningen's annual report, a consultation
response and Tidsskriftet articles) and writes documents shaped like them
into OUTDIR:

  NNN.txt   the text, one output line per line, a form feed per page
  NNN.args  NUL-separated arguments for tools/build/mkpdf (metadata,
            running header and footer, page labels, input and output)

Two kinds alternate: annual-report-like ("Årsmelding 20xx": a foreword on
roman-numbered pages, chapters "3 UTDANNING …", numbered headings "3.2 …")
and consultation-like ("Høringsinnspill …": section headings, "Legeforeningen
ber Stortinget:" with bullets, footnotes and a link list at page ends).
Paragraph lines are 60-100 characters, some ending in a hyphenated word
("represen-" / "tanter").  Every page holds exactly 50 lines, so the page
count is exact: the documents add up to N pages (default 2000).
Deterministic: the same seeds and --seed give the same files.
"""
import argparse
import glob
import os
import random
import re
import sys

LINES_PER_PAGE = 50
END = re.compile(r"[.!?]$")


# ---------------------------------------------------------------- training
def load_sentences(paths):
    """Running text of the seeds, de-hyphenated, cut into sentences."""
    sentences = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            raw = f.read()
        lines = [l.strip() for l in raw.replace("\f", "\n").split("\n")]
        text = []
        for l in lines:
            if (not l or l.startswith(("http://", "https://", "#", "---", "[", "**", "•"))
                    or re.match(r"^\d{1,2}(\.\d{1,2})*\.?\s+[A-ZÆØÅ]", l) and not END.search(l)):
                # blank, links, Markdown, bullets and headings break the text
                text.append("\n")
                continue
            text.append(l)
        # Join: a line ending in "letter-" followed by a lowercase word is a
        # hyphenated word; otherwise lines join with a space.
        parts = []
        for l in text:
            last = parts[-1] if parts else "\n"
            if l == "\n":
                parts.append("\n")
            elif len(last) > 1 and last[-1] == "-" and last[-2].isalpha() and l[:1].islower():
                parts[-1] = last[:-1] + l
            else:
                if last != "\n":
                    parts.append(" ")
                parts.append(l)
        for para in "".join(parts).split("\n"):
            for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"])", para):
                words = s.split()
                if len(words) < 5 or not END.search(words[-1]):
                    continue
                if any("\ufffd" in w or "http" in w or "@" in w for w in words):
                    continue  # keep the synthetic text free of PDF damage and links
                sentences.append(words)
    return sentences


CHAPTER_RE = re.compile(r"^\s*\d{1,2} ([A-ZÆØÅ][A-ZÆØÅ ,–-]{3,}?)\s*$")
SECTION_RE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2}){1,2}\.?\s+([A-ZÆØÅ].{3,70}?)\s*$")


def load_headings(paths):
    """Chapter and section titles of the seeds (the annual report's)."""
    chapters, sections = set(), set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = CHAPTER_RE.match(line)
                if m:
                    chapters.add(m.group(1))
                    continue
                m = SECTION_RE.match(line)
                if m and not END.search(m.group(1)) and "\ufffd" not in line:
                    sections.add(m.group(1))
    return sorted(chapters), sorted(sections)


class Markov:
    def __init__(self, sentences):
        self.next = {}
        self.starts = []
        for words in sentences:
            seq = ["<s>", "<s>"] + words + ["</s>"]
            self.starts.append(tuple(seq[1:3]))
            for a, b, c in zip(seq, seq[1:], seq[2:]):
                self.next.setdefault((a, b), []).append(c)
        # Sorted keys so that iteration order never depends on hashing.
        self.keys = sorted(self.next)

    def sentence(self, rng, lo=8, hi=34):
        for _ in range(20):
            a, b = "<s>", rng.choice(self.starts)[1]
            out = [b]
            while len(out) < hi:
                nxt = self.next.get((a, b))
                if not nxt:
                    break
                c = rng.choice(nxt)
                if c == "</s>":
                    break
                out.append(c)
                a, b = b, c
            if len(out) >= lo and END.search(out[-1]):
                return out
        out[-1] = out[-1].rstrip(",;:") + "."
        return out

    def heading(self, rng):
        """A section heading: a real one from the seeds or a generated one."""
        if self.sections and rng.random() < 0.5:
            return rng.choice(self.sections)
        return self.phrase(rng)

    def phrase(self, rng, lo=2, hi=7):
        """A heading: the start of a sentence, no end punctuation."""
        for _ in range(50):
            words = self.sentence(rng, lo=lo)
            n = rng.randint(lo, hi)
            words = words[:n]
            while words:
                words[-1] = re.sub(r"\W+$", "", words[-1])
                if words[-1] and words[-1][-1].isalnum():
                    break
                words.pop()
            if words and re.match(r"^(og|i|på|til|for|av|med|som|at|en|et|om|er|de|den|det)$",
                                  words[-1]):
                words.pop()         # a heading does not end in a function word
            if len(words) >= lo and len(" ".join(words)) <= 70:
                words[0] = words[0][:1].upper() + words[0][1:]
                return " ".join(words)
        return "Legeforeningens arbeid"


# ---------------------------------------------------------------- layout
VOWELS = set("aeiouyæøåAEIOUYÆØÅ")


def hyphenate(word, rng):
    """Split a long plain word before a syllable, or None."""
    if len(word) < 9 or not word.isalpha():
        return None
    # Before a consonant that opens a syllable: "utdan-nings", "opple-velse".
    cuts = [i for i in range(4, len(word) - 3)
            if word[i] not in VOWELS and word[i + 1] in VOWELS]
    if not cuts:
        return None
    i = rng.choice(cuts)
    return word[:i] + "-", word[i:]


def fill(words, rng, width):
    """Break a paragraph into lines of about `width` (60-100) characters,
    hyphenating now and then, as word processors do."""
    lines, cur = [], ""
    i = 0
    while i < len(words):
        w = words[i]
        cand = (cur + " " + w) if cur else w
        if len(cand) <= width:
            cur = cand
            i += 1
            continue
        parts = hyphenate(w, rng) if cur and rng.random() < 0.45 else None
        if parts and len(cur) + 1 + len(parts[0]) <= width:
            lines.append(cur + " " + parts[0])
            cur = ""
            words = words[:i] + [parts[1]] + words[i + 1:]
            continue
        if not cur:          # a single word longer than the line
            lines.append(w)
            i += 1
            continue
        lines.append(cur)
        cur = ""
    if cur:
        lines.append(cur)
    return lines


def paragraph(model, rng, width):
    n = rng.randint(2, 6)
    words = []
    for _ in range(n):
        words += model.sentence(rng)
    return fill(words, rng, width)


# ---------------------------------------------------------------- documents
class Pager:
    """Collects lines into pages of exactly LINES lines."""

    def __init__(self, lines_per_page):
        self.n = lines_per_page
        self.pages = [[]]

    def room(self):
        return self.n - len(self.pages[-1])

    def add(self, lines, keep=False):
        """Add lines; with keep, move to a new page if they do not fit."""
        if keep and len(lines) > self.room() and self.pages[-1]:
            self.new_page()
        for l in lines:
            if self.room() == 0:
                self.new_page()
            self.pages[-1].append(l)

    def new_page(self):
        if self.pages[-1]:
            self.pages[-1] += [""] * self.room()
            self.pages.append([])

    def finish(self, npages):
        """Pad or cut to exactly npages pages."""
        if not self.pages[-1]:
            self.pages.pop()
        self.pages = self.pages[:npages]
        for p in self.pages:
            p += [""] * (self.n - len(p))
        return self.pages


def annual_report(model, rng, npages, year):
    width = rng.randint(85, 100)
    pg = Pager(LINES_PER_PAGE)
    roman = 2 if npages >= 6 else 0
    # Foreword on the roman-numbered pages.
    if roman:
        pg.add(["Fra presidenten", ""])
        while True:
            para = paragraph(model, rng, width) + [""]
            if len(pg.pages) == roman and len(para) + 1 > pg.room():
                break
            pg.add(para)
        pg.add(["Tusen takk for innsatsen!"])
        pg.new_page()
    chapter = 0
    while len(pg.pages) - 1 < npages + 1:
        chapter += 1
        if pg.pages[-1]:
            pg.new_page()
        title = (rng.choice(model.chapters) if model.chapters and rng.random() < 0.7
                 else model.phrase(rng, 2, 5).upper())
        pg.add([" %d %s" % (chapter, title)])
        for sec in range(1, rng.randint(3, 7)):
            pg.add(["", "%d.%d %s" % (chapter, sec, model.heading(rng)), ""], keep=True)
            for _ in range(rng.randint(1, 3)):
                if rng.random() < 0.35:
                    sub = rng.randint(1, 4)
                    pg.add(["%d.%d.%d %s" % (chapter, sec, sub, model.heading(rng)), ""],
                           keep=True)
                for _ in range(rng.randint(1, 4)):
                    pg.add(paragraph(model, rng, width) + [""])
            if len(pg.pages) > npages + 1:
                break
    pages = pg.finish(npages)
    meta = {
        "title": "Årsmelding %d" % year,
        "header": "Den norske legeforening – Årsmelding %d" % year,
        "footer": "%p",
        "roman": roman,
        "created": "%d-03-%02dT09:00:00+01:00" % (year + 1, rng.randint(1, 28)),
    }
    return pages, meta


def lower_first(s):
    """Lower-case the first word unless it looks like a name or acronym."""
    w = s.split(" ", 1)[0]
    if len(w) > 1 and w[1:].islower() and w not in ("Legeforeningen", "Norge", "Stortinget"):
        return s[:1].lower() + s[1:]
    return s


def consultation(model, rng, npages, year):
    width = rng.randint(88, 100)
    pg = Pager(LINES_PER_PAGE)
    topic = model.phrase(rng, 3, 7)
    title = "Høringsinnspill – %s" % topic
    pg.add(["", "Legeforeningens høringsinnspill: %s" % topic, ""])
    footnote = 0
    while len(pg.pages) < npages + 1:
        pg.add([model.heading(rng)], keep=True)
        for _ in range(rng.randint(1, 3)):
            pg.add(paragraph(model, rng, width) + [""])
        if rng.random() < 0.5:
            bullets = ["• Anmode regjeringen om å %s." % lower_first(model.phrase(rng, 3, 8))
                       for _ in range(rng.randint(1, 3))]
            pg.add(["Legeforeningen ber Stortinget:", ""] + bullets + [""], keep=True)
        # Footnotes and their links at the bottom of some pages.
        if rng.random() < 0.3 and pg.room() > 10:
            k = rng.randint(1, 3)
            notes, links = [], []
            for _ in range(k):
                footnote += 1
                notes.append("%d %s" % (footnote, model.phrase(rng, 3, 9)))
                slug = re.sub(r"[^a-z0-9]+", "-", model.phrase(rng, 2, 5).lower()
                              .replace("æ", "ae").replace("ø", "o").replace("å", "a")).strip("-")
                links.append("https://www.legeforeningen.no/contentassets/%d/%s.pdf"
                             % (rng.randint(10 ** 9, 10 ** 10), slug))
            pad = pg.room() - (len(notes) + len(links) + 2)
            pg.add([""] * max(pad, 0) + notes + [""] + links + [""])
    pages = pg.finish(npages)
    meta = {
        "title": title,
        "header": "Den norske legeforening",
        "footer": "Side %p av %n",
        "roman": 0,
        "created": "%d-%02d-%02dT14:00:00+01:00" % (year, rng.randint(1, 12), rng.randint(1, 28)),
    }
    return pages, meta


def split_pages(total, rng):
    """Page counts of about 50 (20-80) adding up to total."""
    counts = []
    left = total
    while left > 0:
        n = rng.randint(20, 80)
        if left - n < 20:
            n = left if left <= 80 else left - 20
        counts.append(n)
        left -= n
    return counts


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default=os.path.join(here, "..", "data", "seeds"))
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("outdir")
    a = ap.parse_args()
    paths = sorted(glob.glob(os.path.join(a.seeds, "*.txt")))
    if not paths:
        sys.exit("synth_text: no seed texts in %s" % a.seeds)
    model = Markov(load_sentences(paths))
    model.chapters, model.sections = load_headings(paths)
    rng = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    for i, n in enumerate(split_pages(max(a.pages, 1), rng)):
        year = rng.randint(2018, 2025)
        if i % 2 == 0:
            pages, meta = annual_report(model, rng, n, year)
            name = "arsmelding-%03d" % i
        else:
            pages, meta = consultation(model, rng, n, year)
            name = "horingsinnspill-%03d" % i
        txt = os.path.join(a.outdir, name + ".txt")
        with open(txt, "w", encoding="utf-8") as f:
            f.write("\f".join("\n".join(p) + "\n" for p in pages))
        args = ["--title", meta["title"], "--author", "Den norske legeforening",
                "--created", meta["created"], "--header", meta["header"],
                "--footer", meta["footer"], "--lines-per-page", str(LINES_PER_PAGE),
                "--small", r"^\s*https?://", "--bold",
                r"^\s*(\d{1,2}(\.\d{1,2}){1,2} |\d{1,2} [A-ZÆØÅ]{2})|^Fra presidenten$"]
        if meta["roman"]:
            args += ["--roman-pages", str(meta["roman"])]
        args += [txt, os.path.join(a.outdir, name + ".pdf")]
        with open(os.path.join(a.outdir, name + ".args"), "wb") as f:
            f.write(b"\0".join(s.encode("utf-8") for s in args) + b"\0")


if __name__ == "__main__":
    main()
