#!/usr/bin/env python3
"""Finds abbreviations that a text spells out, as candidates for
schemas/synonyms.conf.

    tools/find-abbreviations.py [--min N] [FILE...]

FILEs default to tests/data/seeds/*.txt and *.md.  Four patterns are
recognised, over the text with PDF line breaks joined (a blank line ends a
paragraph; "helse-\\nforetakene" is read as "helseforetakene"):

  Norsk medisinstudentforening (Nmf)        name (ABBR)
  LEFO (Legeforskningsinstituttet)          ABBR (name)
  distriktspsykiatriske sentre - DPS        name - ABBR   (also inside parentheses)
  Lefo – Legeforskningsinstituttet          ABBR – name

How many words before "(ABBR)" belong to the name is decided by matching
the abbreviation's letters, in order, against the words: the first letter
must start the name's first word, and each further letter either follows
the previous one directly (LEfo), starts a word or a hyphenated part
(Helse- Og omsorgsDepartementet), or starts a guessed compound part inside
a word (LegeFOrskningsinstituttet, overlegeForeningen).  A name may leave
at most one word other than short function words (i, og, for, av, ...)
without a letter, never its first.  Of the runs of words up to a
punctuation mark that match, the one with fewest such words wins, then the
one with fewest guessed compound parts, then the shortest.
"Oslo universitetssykehus HF (OUS)" drops the trailing "HF".

Output: one line per abbreviation in the synonyms.conf format, every long
form seen joined by " = ", after a comment with the number of occurrences,
the patterns and the files.  The candidates need a person's review before
they go into schemas/synonyms.conf: person names in parentheses, plain words
("hel", "aks") and loose spellings all come out here.
"""

import argparse
import collections
import glob
import os
import re
import signal
import sys
import unicodedata

# Words that may sit in a name without giving the abbreviation a letter.
FUNCTION_WORDS = {
    "i", "og", "for", "av", "til", "med", "om", "på", "fra", "et", "en", "ei", "mer", "mot",
    "ved", "under", "den", "det", "de", "der", "des", "du", "la", "le", "of", "the", "and", "in",
}
MAX_NAME_WORDS = 12
MAX_JUMP_SHARE = 0.5  # at most this share of the letters may start a guessed compound part

DASHES = {"-", "–", "—"}
# Characters that end a name when they end (or start) a word to its left.
BOUNDARY_END = set(",.;:!?»«\"“”()[]/•|")
EDGE_PUNCT = "\"'«»“”‘’()[]{}.,;:!?*•|"


def is_abbreviation(tok):
    """ABBR-like: 2-10 characters, an upper-case first letter, letters, digits
    and hyphens; either two or more capitals or at most five characters."""
    if not 2 <= len(tok) <= 10:
        return False
    if not tok[0].isalpha() or not tok[0].isupper():
        return False
    if not all(c.isalnum() or c == "-" for c in tok) or tok.endswith("-"):
        return False
    letters = [c for c in tok if c.isalpha()]
    if len(letters) < 2:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper >= 2 or len(tok) <= 5


def fold(s):
    return unicodedata.normalize("NFC", s).lower()


def strip_base(c):
    """'é' -> 'e', for matching "Européens" against an E."""
    d = unicodedata.normalize("NFD", c)
    return d[0] if d else c


class Word:
    def __init__(self, text):
        self.text = text
        self.low = "".join(strip_base(c) for c in fold(text))
        # positions that start a hyphenated part: "nord-norge" -> 0, 5
        self.part_starts = {0}
        for i, c in enumerate(self.low):
            if c == "-" and i + 1 < len(self.low):
                self.part_starts.add(i + 1)
        self.function = self.low.strip("-") in FUNCTION_WORDS


def match_cost(abbr, words):
    """Matches the letters of abbr against words.  Returns (jumps, uncovered)
    of the best assignment, or None when there is none.  jumps: letters that
    start a guessed compound part; uncovered: content words given no letter."""
    letters = [strip_base(c) for c in fold(abbr) if c.isalnum()]
    if not letters or not words:
        return None
    ws = [Word(w) for w in words]
    if not ws[0].low or ws[0].low[0] != letters[0]:
        return None
    n = len(ws)
    memo = {}

    def skipped_cost(a, b):
        """Content words strictly between a and b get no letter."""
        return sum(1 for k in range(a + 1, b) if not ws[k].function)

    def best(i, w, c):
        """Letters [i:] to place; the previous letter sat at ws[w].low[c-1]."""
        if i == len(letters):
            # words after w get no letter ("Sykehjelps- og pensjonsordningen for leger")
            return (0, skipped_cost(w, n))
        key = (i, w, c)
        if key in memo:
            return memo[key]
        a = letters[i]
        options = []
        low = ws[w].low
        # the next character of the same word
        if c < len(low) and low[c] == a:
            r = best(i + 1, w, c + 1)
            if r:
                options.append(r)
        # further on in the same word: a hyphenated part, or a guessed compound part
        for p in range(c + 1, len(low)):
            if low[p] == a:
                r = best(i + 1, w, p + 1)
                if r:
                    jump = 0 if p in ws[w].part_starts else 1
                    options.append((r[0] + jump, r[1]))
        # a later word
        for v in range(w + 1, n):
            lv = ws[v].low
            skip = skipped_cost(w, v)
            for p in range(len(lv)):
                if lv[p] == a:
                    r = best(i + 1, v, p + 1)
                    if r:
                        jump = 0 if p in ws[v].part_starts else 1
                        options.append((r[0] + jump, r[1] + skip))
        res = min(options, key=lambda t: (t[1], t[0])) if options else None
        memo[key] = res
        return res

    r = best(1, 0, 1)
    if not r:
        return None
    jumps, uncovered = r
    if uncovered > 1:
        return None
    if jumps > max(1, int(len(letters) * MAX_JUMP_SHARE)):
        return None
    if sum(len(w.low) for w in ws) <= len(letters):
        return None  # no longer than the abbreviation: not a spelling-out
    return r


def clean_token(tok):
    return tok.strip(EDGE_PUNCT)


def trailing_boundary(tok):
    return tok and (tok[-1] in BOUNDARY_END or tok in DASHES)


def best_of(candidates):
    """The run whose letters fit best: fewest words without a letter, then
    fewest guessed compound parts, then the shortest."""
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c[0][1], c[0][0], len(c[1])))[1]


def name_before(tokens, abbr):
    """The run of tokens ending the list that best spells out abbr."""
    # trailing "HF", "RHF", "AS": an organisation's form, not part of the letters
    while tokens and re.fullmatch(r"R?HF|AS|ASA", tokens[-1]):
        tokens = tokens[:-1]
    if not tokens or trailing_boundary(tokens[-1]) or tokens[-1][:1] in BOUNDARY_END:
        return None
    words, found = [], []
    for tok in reversed(tokens):
        if words and (trailing_boundary(tok) or tok[:1] in BOUNDARY_END):
            break
        words.insert(0, tok)
        if len(words) > MAX_NAME_WORDS:
            break
        cw = [clean_token(w) for w in words]
        if not all(cw):
            break
        cost = match_cost(abbr, cw)
        if cost:
            found.append((cost, cw))
    best = best_of(found)
    return " ".join(best) if best else None


def name_after(tokens, abbr):
    """The run of tokens starting the list that best spells out abbr."""
    words, found = [], []
    for tok in tokens:
        if tok in DASHES or tok[:1] in BOUNDARY_END:
            break
        words.append(tok)
        if len(words) > MAX_NAME_WORDS:
            break
        cw = [clean_token(w) for w in words]
        if not all(cw):
            break
        cost = match_cost(abbr, cw)
        if cost:
            found.append((cost, cw))
        if trailing_boundary(tok):
            break
    best = best_of(found)
    return " ".join(best) if best else None


def paragraphs(text):
    text = text.replace("\r\n", "\n").replace("\u00a0", " ")
    # line-end hyphenation, but not "Helse- og" / "helse- eller"
    text = re.sub(r"(\w)-[ \t]*\n[ \t]*(?!og\b|eller\b)([a-zæøå])", r"\1\2", text)
    for para in re.split(r"\n[ \t]*\n", text):
        yield " ".join(para.split())


PAREN = re.compile(r"\(([^()]{1,120})\)")


def find_in_paragraph(para):
    """Yields (abbr, name, pattern) for one paragraph."""
    for m in PAREN.finditer(para):
        inner = m.group(1).strip()
        before = para[: m.start()].split()
        inner_toks = inner.split()
        if len(inner_toks) == 1 and is_abbreviation(clean_token(inner)):
            abbr = clean_token(inner)
            name = name_before(before, abbr)
            if name:
                yield abbr, name, "name (ABBR)"
            continue
        # "(styreleder, Norsk forening for allmennmedisin - NFA)"
        if len(inner_toks) >= 3 and inner_toks[-2] in DASHES and is_abbreviation(inner_toks[-1]):
            abbr = inner_toks[-1]
            name = name_before(inner_toks[:-2], abbr)
            if name:
                yield abbr, name, "(name - ABBR)"
            continue
        # "LEFO (Legeforskningsinstituttet)": the whole parenthesis is the name
        last = before[-1] if before else ""
        if is_abbreviation(clean_token(last)) and not trailing_boundary(last):
            abbr = clean_token(last)
            words = [clean_token(t) for t in inner_toks]
            if all(words) and len(words) <= MAX_NAME_WORDS and match_cost(abbr, words):
                yield abbr, inner.strip(EDGE_PUNCT), "ABBR (name)"  # as written, commas and all
    # dashes in running text
    toks = para.split()
    for i, tok in enumerate(toks):
        if tok not in DASHES or i == 0 or i + 1 == len(toks):
            continue
        # "distriktspsykiatriske sentre - DPS.": the abbreviation ends a clause
        nxt = toks[i + 1]
        nxt_clean = nxt.rstrip(",.;:!?")
        ends = nxt != nxt_clean or i + 2 == len(toks) or toks[i + 2] in DASHES
        if is_abbreviation(nxt_clean) and ends:
            name = name_before(toks[:i], nxt_clean)
            if name:
                yield nxt_clean, name, "name - ABBR"
                continue
        # "Lefo – Legeforskningsinstituttet"
        prev = toks[i - 1]
        if is_abbreviation(prev):
            name = name_after(toks[i + 1:], prev)
            if name:
                yield prev, name, "ABBR - name"


def default_files(root):
    seeds = os.path.join(root, "tests", "data", "seeds")
    return sorted(glob.glob(os.path.join(seeds, "*.txt")) + glob.glob(os.path.join(seeds, "*.md")))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", help="text files (default: tests/data/seeds/*.txt, *.md)")
    ap.add_argument("--min", type=int, default=1, help="only abbreviations seen at least N times")
    args = ap.parse_args(argv)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = args.files or default_files(root)
    if not files:
        print("find-abbreviations: no files", file=sys.stderr)
        return 2

    # abbreviation (folded) -> long form (folded) -> counts
    spellings = collections.defaultdict(collections.Counter)  # abbr key -> written forms
    forms = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
    patterns = collections.defaultdict(collections.Counter)
    where = collections.defaultdict(set)
    for path in files:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError as e:
            print(f"find-abbreviations: {path}: {e.strerror}", file=sys.stderr)
            return 2
        for para in paragraphs(text):
            for abbr, name, pattern in find_in_paragraph(para):
                key = fold(abbr)
                spellings[key][abbr] += 1
                forms[key][fold(name)][name] += 1
                patterns[key][pattern] += 1
                where[key].add(os.path.basename(path))

    rows = []
    for key, by_name in forms.items():
        total = sum(sum(c.values()) for c in by_name.values())
        if total < args.min:
            continue
        rows.append((total, key))
    rows.sort(key=lambda r: (-r[0], r[1]))

    print(f"# find-abbreviations.py: {len(rows)} candidate groups from {len(files)} files.")
    print("# Review by hand before copying into schemas/synonyms.conf.")
    for total, key in rows:
        abbr = spellings[key].most_common(1)[0][0]
        names = sorted(forms[key].items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
        detail = "; ".join(f"{sum(c.values())}x {c.most_common(1)[0][0]}" for _, c in names)
        spelled = ", ".join(f"{s} {n}x" for s, n in spellings[key].most_common())
        pats = ", ".join(f"{p} {n}x" for p, n in patterns[key].most_common())
        print()
        files = ", ".join(sorted(where[key]))
        plural = "s" if total != 1 else ""
        print(f"# {total} occurrence{plural}: {spelled} | {pats} | {files}")
        if len(names) > 1:
            print(f"#   {detail}")
        print(" = ".join([abbr] + [c.most_common(1)[0][0] for _, c in names]))
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet under "| head"
    sys.exit(main(sys.argv[1:]))
