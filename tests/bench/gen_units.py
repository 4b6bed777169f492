#!/usr/bin/env python3
"""Writes a synthetic archive of N units as kilde XML records (schemas/record.rng):
sectioned reports in Norwegian made with the Markov chain of synth_text.py,
trained on the seed texts.  For the search benchmark (100,000 units by default).
With SHARD_UNITS, the records go into OUTDIR/shard-0/, shard-1/, … of that
many units each, one folder per shard's index (the same records, in the
same order, as without it).
usage: tests/bench/gen_units.py OUTDIR [UNITS [SHARD_UNITS]]"""
import os
import random
import sys
from xml.sax.saxutils import escape, quoteattr

sys.path.insert(0, os.path.dirname(__file__))
import synth_text  # noqa: E402

SECTIONS_PER_RECORD = 50
TYPES = ["arsmelding", "horingsinnspill", "artikkel", "annet"]


def record(model, rng, index, nsections):
    year = rng.randint(2015, 2025)
    kind = TYPES[index % len(TYPES)]
    title = model.phrase(rng, 3, 7)
    out = [f'<record xmlns="urn:kilde:record:1" id="synth-{index:06d}" type="{kind}" '
           f'date="{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" lang="nb">',
           f"<title>{escape(title)}</title>"]
    page = 1
    for s in range(nsections):
        words = []
        for _ in range(rng.randint(6, 14)):
            words += model.sentence(rng)
        text = " ".join(words)
        out.append(f'<section number="{s // 10 + 1}.{s % 10 + 1}" title={quoteattr(model.phrase(rng))} '
                   f'page="{page}">{escape(text)}</section>')
        page += rng.randint(0, 2)
    out.append("</record>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    outdir, units = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    shard_units = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    if shard_units and shard_units % SECTIONS_PER_RECORD:
        sys.exit(f"gen_units: SHARD_UNITS must be a multiple of {SECTIONS_PER_RECORD}")
    here = os.path.dirname(__file__)
    seeds = os.path.join(here, "..", "data", "seeds")
    paths = sorted(os.path.join(seeds, f) for f in os.listdir(seeds))
    model = synth_text.Markov(synth_text.load_sentences(paths))
    model.sections = synth_text.load_headings(paths)
    rng = random.Random(2024)
    os.makedirs(outdir, exist_ok=True)
    made = 0
    index = 0
    while made < units:
        n = min(SECTIONS_PER_RECORD, units - made)
        folder = os.path.join(outdir, f"shard-{made // shard_units}") if shard_units else outdir
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"record-{index:06d}.xml"), "w", encoding="utf-8") as f:
            f.write(record(model, rng, index, n))
        made += n
        index += 1
    print(f"gen_units: {made} units in {index} records in {outdir}")


if __name__ == "__main__":
    main()
