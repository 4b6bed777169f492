#!/usr/bin/env python3
"""Put page breaks (form feeds) into a seed text before tools/build/mkpdf
renders it; the text itself is passed through unchanged, only blank lines at
a page boundary are dropped.

  prepare-seed.py consultation  < 002.txt > 002.paged.txt
  prepare-seed.py annual-report < 004.txt > 004.paged.txt

consultation (the høringsinnspill, seed 002): the extracted text shows where
the three original pages ended.  Page 1 ends with its footnotes and the list
of their links ("https://…" lines), so a page ends after each block of link
lines; page 2 ends at the run of five blank lines before "Legebestanden må
speile befolkningen" (a run of 5+ blank lines marks a page end).

annual-report (årsmelding, seed 004): the president's foreword "Fra
presidenten" (everything before chapter 1) fills two pages (it is split at the
paragraph break nearest its middle: in the printed report half a page is a
portrait), and every chapter ("1 LEGEFORENINGENS SATSINGSOMRÅDER 2024-2025",
"4 HELSEPOLITIKK", …) starts on a new page.  mkpdf --lines-per-page breaks
the chapters into pages.
"""
import re
import sys

FF = "\f"


def blank(line):
    return line.strip() == ""


def consultation(lines):
    out = []
    pending = []          # blank lines not yet written
    prev_url = False      # last non-blank line was a link line
    for line in lines:
        if blank(line):
            pending.append(line)
            continue
        is_url = line.lstrip().startswith(("http://", "https://"))
        if (prev_url and not is_url) or len(pending) >= 5:
            out.append(FF)            # page break; the blanks around it go
        else:
            out.extend(pending)
        pending = []
        out.append(line)
        prev_url = is_url
    out.extend(pending)
    return out


CHAPTER = re.compile(r"^\s*\d{1,2} [A-ZÆØÅ][A-ZÆØÅ0-9 ,–-]{3,}\s*$")


def annual_report(lines):
    chapters = [i for i, l in enumerate(lines) if CHAPTER.match(l)]
    if not chapters:
        sys.exit("prepare-seed: no chapter headings found")
    first = chapters[0]
    # Foreword: lines[0:first], split at the blank line nearest the middle.
    blanks = [i for i in range(1, first - 1) if blank(lines[i])]
    if not blanks:
        sys.exit("prepare-seed: cannot split the foreword")
    mid = min(blanks, key=lambda i: abs(i - first / 2))
    out = lines[:mid] + [FF] + lines[mid + 1:first]
    starts = set(chapters)
    for i in range(first, len(lines)):
        if i in starts:
            while out and blank(out[-1]):
                out.pop()
            out.append(FF)
        out.append(lines[i])
    return out


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("consultation", "annual-report"):
        sys.exit("usage: prepare-seed.py consultation|annual-report < in > out")
    text = sys.stdin.buffer.read().decode("utf-8")
    lines = text.split("\n")
    trailing_nl = text.endswith("\n")
    if trailing_nl:
        lines.pop()
    out = consultation(lines) if sys.argv[1] == "consultation" else annual_report(lines)
    sys.stdout.buffer.write(("\n".join(out) + ("\n" if trailing_nl else "")).encode("utf-8"))


if __name__ == "__main__":
    main()
