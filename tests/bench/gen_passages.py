#!/usr/bin/env python3
"""Writes N plain-text passages of about 1 KB each (a heading line, then
Norwegian prose from the Markov chain of synth_text.py trained on the seed
texts), 1,000 to a folder: the benchmark's many-small-files set.
Deterministic: the same N gives the same files.
usage: tests/bench/gen_passages.py OUTDIR [N]     (N default 10000)"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
import synth_text  # noqa: E402

PASSAGE_BYTES = 1000
PER_FOLDER = 1000


def passage(model, rng):
    lines = [model.heading(rng), ""]
    size = len(lines[0].encode())
    while size < PASSAGE_BYTES:
        words = model.sentence(rng)
        lines.append(" ".join(words))
        size += len(lines[-1].encode()) + 1
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    seeds = os.path.join(os.path.dirname(__file__), "..", "data", "seeds")
    paths = sorted(os.path.join(seeds, f) for f in os.listdir(seeds))
    model = synth_text.Markov(synth_text.load_sentences(paths))
    model.sections = synth_text.load_headings(paths)[1]
    rng = random.Random(2024)
    total = 0
    for i in range(count):
        folder = os.path.join(outdir, f"{i // PER_FOLDER:03d}")
        os.makedirs(folder, exist_ok=True)
        text = passage(model, rng)
        with open(os.path.join(folder, f"p{i:06d}.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode())
    print(f"gen_passages: {count} passages, {total / 1e6:.1f} MB in {outdir}")


if __name__ == "__main__":
    main()
