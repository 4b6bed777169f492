#!/usr/bin/env python3
"""Checks judged query files against the rules of tests/eval/README.md.

Each answer string: 3-8 words, verbatim on one line of one seed file and in
no other seed file, no U+FFFD, not ending in a hyphen; the file holding it
is the query's `doc` or one of its `alt_docs`.  With --socket, also that the
index searchd serves holds each answer (normalised as run.py does) in some
unit of at most 8,000 characters: an answer the indexer loses can never be
found, whatever the ranking.

usage: tests/eval/check_queries.py [--seeds DIR] [--socket PATH] [FILE...]
       (default: every tests/eval/queries-*.jsonl against tests/data/seeds)
Exit 0 when every rule holds, 1 when one does not, 2 when it cannot run.
"""
import argparse
import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402  (the same loader and normalisation as the eval)


def seed_key(name):
    """'001_ed5f4fd8ae0bcfe4.txt' and '…md' name the same seed."""
    return os.path.splitext(os.path.basename(name))[0]


def load_seeds(folder):
    seeds = {}
    for path in sorted(glob.glob(os.path.join(folder, "[0-9][0-9][0-9]_*"))):
        with open(path, encoding="utf-8") as f:
            seeds[seed_key(path)] = f.read().splitlines()
    return seeds


def answer_problems(q, answer, seeds):
    """The rules one answer string breaks (empty when none)."""
    out = []
    words = answer.split()
    if not 3 <= len(words) <= 8:
        out.append("has %d words (3-8 wanted)" % len(words))
    if "\ufffd" in answer:
        out.append("contains U+FFFD")
    if answer.rstrip().endswith("-"):
        out.append("ends in a hyphen")
    on_a_line = [k for k, lines in seeds.items() if any(answer in line for line in lines)]
    # Elsewhere even across a line break or in another case: as run.py sees it.
    norm = run.normalise(answer)
    anywhere = [k for k, lines in seeds.items() if norm in run.normalise("\n".join(lines))]
    if not on_a_line:
        out.append("is on no single line of any seed file")
    if len(anywhere) > 1:
        out.append("is in several seed files: %s" % ", ".join(anywhere))
    wanted = [seed_key(q.get("doc", ""))] + [seed_key(d) for d in q.get("alt_docs", [])]
    if on_a_line and on_a_line[0] not in wanted:
        out.append("is in %s, neither doc nor alt_docs" % on_a_line[0])
    return out


def all_units(conn):
    """Every unit's text in the index: paged match-all search, then get."""
    ids, offset = [], 0
    while True:
        r = conn.requests([{"op": "search", "q": "", "limit": 100, "offset": offset}])[0]
        if not r.get("ok"):
            raise run.CannotRun("match-all search failed: %s" % run._error(r))
        ids += [h["id"] for h in r["hits"]]
        if len(r["hits"]) < 100:
            break
        offset += 100
    texts = {}
    for uid, r in zip(ids, conn.requests([{"op": "get", "unit": u} for u in ids])):
        if not r.get("ok"):
            raise run.CannotRun("get %s failed: %s" % (uid, run._error(r)))
        texts[uid] = r["unit"].get("text", "")
    return texts


def index_problems(q, answer, units):
    a = run.normalise(answer)
    holders = [u for u, t in units.items() if a in run.normalise(t)]
    if not holders:
        return ["is in no unit of the index (the indexer loses it)"]
    if not any(len(units[u]) <= run.MAX_TEXT for u in holders):
        return ["is only in units longer than %d characters: %s" % (run.MAX_TEXT, ", ".join(holders))]
    return []


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--seeds", default=os.path.join(HERE, "..", "data", "seeds"))
    ap.add_argument("--socket", help="also check the answers against this searchd's index")
    args = ap.parse_args(argv)
    files = args.files or sorted(glob.glob(os.path.join(HERE, "queries-*.jsonl")))
    try:
        queries = run.load_queries(files)
        seeds = load_seeds(args.seeds)
        if not seeds:
            raise run.CannotRun("no seed files in %s" % args.seeds)
        units = None
        if args.socket:
            conn = run.Connection(args.socket, 60)
            try:
                units = all_units(conn)
            finally:
                conn.close()
    except run.CannotRun as e:
        print("check_queries: %s" % e, file=sys.stderr)
        return 2
    bad = 0
    for q in queries:
        for a in q["answers"]:
            problems = answer_problems(q, a, seeds)
            if units is not None:
                problems += index_problems(q, a, units)
            for p in problems:
                bad += 1
                print("%s (%s): answer %r %s" % (q["id"], q["_file"], a, p))
    print("%d queries, %d answers checked%s: %d problems" % (
        len(queries), sum(len(q["answers"]) for q in queries),
        " (seeds and index)" if units is not None else " (seeds)", bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
