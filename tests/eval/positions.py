#!/usr/bin/env python3
"""Scores the positions extractor against the hand-labelled list.

Indexes seeds 002 (a consultation response) and 004 (the 2024 annual report)
with the indexer into a temporary folder, reads every unit of kind
`position`, and compares them with tests/eval/positions-truth.jsonl, written
by hand before the extractor existed (positions-truth.md): all of 002, and
sections 2.9, 3.5 and 4.3 of 004 (positions found elsewhere in 004 are not
scored).  A found position matches a labelled one when their quotes are the
same statement: one starts the other, or they share most of their words.

Prints precision, recall and the share of matched positions whose stance is
right, then what was missed and what was found that is no position.
    tests/eval/positions.py [--bin DIR] [--json] [--with-implicit]
        [--floor-precision P] [--floor-recall R] [--floor-stance S]
Exit status: 0 scored (and above the floors given), 1 below a floor, 2 could
not run.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SEEDS = {"002": "tests/data/seeds/002_ef68639c3f68f381.txt",
         "004": "tests/data/seeds/004_ac36838eb8c602ae.txt"}
SECTIONS_004 = ("2.9", "3.5", "4.3")


def words(text):
    return re.findall(r"\w+", text.lower())


def same_statement(a, b):
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    head = min(len(wa), len(wb), 12)
    if wa[:head] == wb[:head]:
        return True
    sa, sb = set(wa), set(wb)
    return len(sa & sb) / len(sa | sb) >= 0.6


def in_scope(seed, section):
    if seed == "002":
        return True
    return bool(section) and any(section == s or section.startswith(s + ".")
                                 for s in SECTIONS_004)


def index_positions(bindir, work):
    db = os.path.join(work, "index")
    cmd = [os.path.join(bindir, "indexer"), "--db", db] + \
          [os.path.join(ROOT, p) for p in SEEDS.values()]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise SystemExit("positions: the indexer failed: " + r.stderr[-2000:])
    listing = subprocess.run(["xapian-delve", "-t", "XKposition", db],
                             capture_output=True, text=True).stdout
    ids = listing.split(":", 1)[1].split() if ":" in listing else []
    found = []
    for docid in ids:
        out = subprocess.run(["xapian-delve", "-r", docid, "-d", db],
                             capture_output=True, text=True).stdout.split("\n")
        unit = json.loads(out[1]) if len(out) > 1 and out[1].startswith("{") else None
        if not unit:
            continue
        seed = next((s for s, p in SEEDS.items() if unit["source"].endswith(os.path.basename(p))),
                    None)
        section = (unit.get("section") or {}).get("number")
        if seed and in_scope(seed, section):
            found.append({"seed": seed, "section": section, "quote": unit["text"],
                          "stance": unit["position"]["stance"],
                          "addressee": unit["position"]["addressee"]})
    return found


def score(truth, found):
    matched, used = [], set()
    for t in truth:
        for k, f in enumerate(found):
            if k not in used and f["seed"] == t["seed"] and same_statement(t["quote"], f["quote"]):
                matched.append((t, f))
                used.add(k)
                break
    hit = {id(t) for t, _ in matched}
    missed = [t for t in truth if id(t) not in hit]
    extra = [f for k, f in enumerate(found) if k not in used]
    stance_right = sum(1 for t, f in matched if t["stance"] == f["stance"])
    return {
        "labelled": len(truth), "found": len(found), "matched": len(matched),
        "precision": len(matched) / len(found) if found else 0.0,
        "recall": len(matched) / len(truth) if truth else 0.0,
        "stance": stance_right / len(matched) if matched else 0.0,
        "missed": missed, "extra": extra,
        "wrong_stance": [(t, f) for t, f in matched if t["stance"] != f["stance"]],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "bin"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--floor-precision", type=float)
    ap.add_argument("--floor-recall", type=float)
    ap.add_argument("--floor-stance", type=float)
    ap.add_argument("--with-implicit", action="store_true",
                    help="count the speakerless stances (positions-truth-implicit.jsonl) too")
    a = ap.parse_args()
    truth = []
    for name in ["positions-truth.jsonl"] + (["positions-truth-implicit.jsonl"]
                                             if a.with_implicit else []):
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            truth += [json.loads(line) for line in f if line.strip()]
    work = tempfile.mkdtemp(prefix="kilde-positions.")
    try:
        found = index_positions(a.bin, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    s = score(truth, found)
    if a.json:
        print(json.dumps({k: s[k] for k in ("labelled", "found", "matched", "precision",
                                             "recall", "stance")}))
    else:
        print("positions: precision %.3f (%d of %d found), recall %.3f (%d of %d labelled), "
              "stance right %.3f" % (s["precision"], s["matched"], s["found"], s["recall"],
                                     s["matched"], s["labelled"], s["stance"]))
        for t in s["missed"]:
            print("  missed  %s %-6s %-9s %s" % (t["seed"], t["section"] and t["section"][:6],
                                                 t["stance"], t["quote"][:110]))
        for f in s["extra"]:
            print("  extra   %s %-6s %-9s %s" % (f["seed"], f["section"] and f["section"][:6],
                                                 f["stance"], f["quote"][:110]))
        for t, f in s["wrong_stance"]:
            print("  stance  %s %-6s %s, labelled %s: %s" % (t["seed"], (t["section"] or "")[:6],
                                                            f["stance"], t["stance"],
                                                            t["quote"][:90]))
        if not a.with_implicit:
            with open(os.path.join(HERE, "positions-truth-implicit.jsonl"), encoding="utf-8") as f:
                broad = score(truth + [json.loads(line) for line in f if line.strip()], found)
            print("  with the %d speakerless stances labelled apart (not positions by the "
                  "definition): recall %.3f; the voice rules of positions.conf take them"
                  % (broad["labelled"] - s["labelled"], broad["recall"]))
    floors = [(a.floor_precision, s["precision"]), (a.floor_recall, s["recall"]),
              (a.floor_stance, s["stance"])]
    return 1 if any(fl is not None and v < fl for fl, v in floors) else 0


if __name__ == "__main__":
    sys.exit(main())
