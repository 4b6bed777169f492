#!/usr/bin/env python3
"""Relevance of searchd's ranking over judged queries (tests/eval/README.md).

Sends every query of the judged files to a running searchd, takes the top
10 units, fetches each unit's full cleaned text with `get`, and judges a
unit relevant when its normalised text holds one of the query's answers
(normalised the same way) and the text is at most 8,000 characters long.
Prints MRR@10, success@1, success@10, the queries with no hits, the
figures per `needs` tag, and every query whose first relevant unit is not
at rank 1, with what came back first.

Exit status: 0 done (and at or above the floors given), 1 below a floor,
2 could not run (no socket, a searchd error, a malformed query file).

usage: tests/eval/run.py --socket PATH [--queries FILE]... [--json]
                         [--floor-mrr X] [--floor-s10 Y]
Standard library only.
"""
import argparse
import collections
import glob
import html
import json
import os
import re
import socket
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = 10              # units judged per query
MAX_TEXT = 8000       # a unit longer than this (characters) never counts
WINDOW = 16           # requests in flight on the connection (searchd allows 32)
KINDS = ("fact", "position", "history", "navigational", "numeric")
TAGS = ("stem", "compound", "synonym", "ligature", "hyphen", "nynorsk", "number",
        "typo", "ascii-folding", "phrase", "date")


class CannotRun(Exception):
    """Anything that makes the figures meaningless: exit 2 with this text."""


# ---- the relevance rule -----------------------------------------------------

_HYPHEN_BREAK = re.compile(r"-[^\S\n]*\n\s*")
_SPACES = re.compile(r"\s+")


def normalise(text):
    """Lower-case, join line-break hyphenation (a '-', optional spaces, a
    newline and the white space after it go), one space per white-space run."""
    text = text.lower()
    text = _HYPHEN_BREAK.sub("", text)
    return _SPACES.sub(" ", text)


def relevant(text, answers_norm):
    if text is None or len(text) > MAX_TEXT:
        return False
    t = normalise(text)
    return any(a in t for a in answers_norm)


# ---- query files ------------------------------------------------------------

def load_queries(paths):
    """Reads the JSON Lines files; a malformed line raises CannotRun naming
    the file and line."""
    queries, seen = [], {}
    for path in paths:
        try:
            f = open(path, encoding="utf-8")
        except OSError as e:
            raise CannotRun("cannot read query file %s: %s" % (path, e.strerror))
        with f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = "%s:%d" % (path, n)
                try:
                    q = json.loads(line)
                except ValueError as e:
                    raise CannotRun("%s: not JSON: %s" % (where, e))
                problem = _query_problem(q)
                if problem:
                    raise CannotRun("%s: %s" % (where, problem))
                if q["id"] in seen:
                    raise CannotRun("%s: id %r already used at %s" % (where, q["id"], seen[q["id"]]))
                seen[q["id"]] = where
                q["_file"] = os.path.basename(path)
                queries.append(q)
    if not queries:
        raise CannotRun("no queries in %s" % ", ".join(paths))
    return queries


def _query_problem(q):
    if not isinstance(q, dict):
        return "not a JSON object"
    for field in ("id", "q"):
        if not isinstance(q.get(field), str) or not q[field].strip():
            return "%r must be a non-empty string" % field
    a = q.get("answers")
    if not isinstance(a, list) or not a or not all(isinstance(s, str) and s.strip() for s in a):
        return "'answers' must be a non-empty list of non-empty strings"
    needs = q.get("needs", [])
    if not isinstance(needs, list) or not all(isinstance(t, str) for t in needs):
        return "'needs' must be a list of strings"
    unknown = [t for t in needs if t not in TAGS]
    if unknown:
        return "unknown needs tag %r (tags: %s)" % (unknown[0], ", ".join(TAGS))
    if "kind" in q and q["kind"] not in KINDS:
        return "unknown kind %r (kinds: %s)" % (q["kind"], ", ".join(KINDS))
    return None


# ---- searchd ----------------------------------------------------------------

class Connection:
    """One Unix-socket connection; requests are pipelined, at most WINDOW
    unanswered at a time, and replies are matched by position (searchd
    answers in order)."""

    def __init__(self, path, timeout):
        if not os.path.exists(path):
            raise CannotRun("no searchd socket at %s (is searchd running?)" % path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        try:
            self.sock.connect(path)
        except OSError as e:
            raise CannotRun("cannot connect to searchd at %s: %s" % (path, e))
        self.buf = b""

    def _recv(self):
        while b"\n" not in self.buf:
            try:
                chunk = self.sock.recv(1 << 16)
            except socket.timeout:
                raise CannotRun("searchd did not answer within %g s" % self.sock.gettimeout())
            except OSError as e:
                raise CannotRun("reading from searchd: %s" % e)
            if not chunk:
                raise CannotRun("searchd closed the connection before answering")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        try:
            reply = json.loads(line)
        except ValueError:
            raise CannotRun("searchd sent a line that is not JSON: %r" % line[:200])
        if not isinstance(reply, dict):
            raise CannotRun("searchd sent a reply that is not an object: %r" % line[:200])
        return reply

    def requests(self, reqs):
        """Sends reqs, returns their replies in the same order."""
        replies, sent = [], 0
        while len(replies) < len(reqs):
            while sent < len(reqs) and sent - len(replies) < WINDOW:
                data = json.dumps(reqs[sent], ensure_ascii=False).encode() + b"\n"
                try:
                    self.sock.sendall(data)
                except OSError as e:
                    raise CannotRun("writing to searchd: %s" % e)
                sent += 1
            replies.append(self._recv())
        return replies

    def close(self):
        self.sock.close()


def _error(reply):
    e = reply.get("error") or {}
    return "%s: %s" % (e.get("code", "?"), e.get("message", json.dumps(reply)[:300]))


def fetch(conn, queries):
    """Searches every query, then gets each unit that came back once.
    Returns (hits per query id, unit text per unit id)."""
    replies = conn.requests([{"op": "search", "q": q["q"], "limit": TOP} for q in queries])
    hits = {}
    for q, r in zip(queries, replies):
        if r.get("ok") is not True:
            raise CannotRun("searchd answered query %s (%r) with an error: %s" % (q["id"], q["q"], _error(r)))
        if not isinstance(r.get("hits"), list):
            raise CannotRun("searchd's reply to query %s has no hits list" % q["id"])
        hits[q["id"]] = r["hits"][:TOP]
    units = []
    for hs in hits.values():
        for h in hs:
            if h.get("id") not in units:
                units.append(h.get("id"))
    texts = {}
    for uid, r in zip(units, conn.requests([{"op": "get", "unit": u} for u in units])):
        if r.get("ok") is not True:
            raise CannotRun("searchd answered get %r with an error: %s" % (uid, _error(r)))
        text = (r.get("unit") or {}).get("text")
        if not isinstance(text, str):
            raise CannotRun("searchd's unit %r has no text" % uid)
        texts[uid] = text
    return hits, texts


# ---- figures ----------------------------------------------------------------

def judge(queries, hits, texts):
    """Per query: the rank (1..10) of the first relevant unit, or None."""
    results = []
    for q in queries:
        answers = [normalise(a) for a in q["answers"]]
        hs = hits[q["id"]]
        rank = None
        for i, h in enumerate(hs, 1):
            if relevant(texts.get(h.get("id")), answers):
                rank = i
                break
        results.append({"query": q, "rank": rank, "hits": hs})
    return results


def summarise(results):
    n = len(results)
    ranks = [r["rank"] for r in results]
    return {
        "queries": n,
        "mrr10": round(sum(1.0 / k for k in ranks if k) / n, 4) if n else 0.0,
        "s1": round(sum(1 for k in ranks if k == 1) / n, 4) if n else 0.0,
        "s10": round(sum(1 for k in ranks if k) / n, 4) if n else 0.0,
    }


def figures(results):
    out = summarise(results)
    out["replied"] = len(results)
    out["no_hits"] = sum(1 for r in results if not r["hits"])
    groups = collections.OrderedDict()
    for tag in TAGS + ("(none)",):
        rs = [r for r in results
              if (tag in r["query"].get("needs", [])) or (tag == "(none)" and not r["query"].get("needs"))]
        if rs:
            groups[tag] = summarise(rs)
    out["per_tag"] = groups
    kinds = collections.OrderedDict()
    for kind in KINDS:
        rs = [r for r in results if r["query"].get("kind") == kind]
        if rs:
            kinds[kind] = summarise(rs)
    out["per_kind"] = kinds
    files = collections.OrderedDict()
    for r in results:
        files.setdefault(r["query"]["_file"], []).append(r)
    out["per_file"] = collections.OrderedDict((f, summarise(rs)) for f, rs in files.items())
    out["missed"] = [missed(r) for r in results if r["rank"] != 1]
    out["ranks"] = collections.OrderedDict((r["query"]["id"], r["rank"]) for r in results)
    return out


def plain_snippet(s, width=100):
    s = re.sub(r"</?b>", "", s or "")
    s = html.unescape(s)
    return _SPACES.sub(" ", s).strip()[:width]


def missed(r):
    q = r["query"]
    first = r["hits"][0] if r["hits"] else None
    return {
        "id": q["id"], "q": q["q"], "rank": r["rank"], "needs": q.get("needs", []),
        "doc": q.get("doc"), "section": q.get("section"),
        "first": None if first is None else {
            "id": first.get("id"), "title": first.get("title"),
            "snippet": plain_snippet(first.get("snippet")),
        },
    }


def report(fig, floors):
    def line(label, s):
        return "%-22s %3d  %6.3f  %6.3f  %6.3f" % (label, s["queries"], s["mrr10"], s["s1"], s["s10"])

    print("kilde relevance: %d queries (%s)" % (fig["queries"], ", ".join(
        "%s %d" % (f, s["queries"]) for f, s in fig["per_file"].items())))
    print()
    print("%-22s %3s  %6s  %6s  %6s" % ("", "n", "MRR@10", "s@1", "s@10"))
    print(line("all", fig))
    for f, s in fig["per_file"].items():
        print(line("  " + f, s))
    print("by needs tag:")
    for tag, s in fig["per_tag"].items():
        print(line("  " + tag, s))
    print("by kind:")
    for kind, s in fig["per_kind"].items():
        print(line("  " + kind, s))
    print("queries with no hits: %d" % fig["no_hits"])
    if fig["missed"]:
        print()
        print("missed (first relevant unit not at rank 1): %d" % len(fig["missed"]))
        for m in fig["missed"]:
            where = "rank %d" % m["rank"] if m["rank"] else "not in top %d" % TOP
            tags = ",".join(m["needs"]) or "-"
            print("  %s [%s] %s: %s" % (m["id"], tags, where, m["q"]))
            print("      wanted: %s (%s)" % (m["section"] or "?", m["doc"] or "?"))
            if m["first"] is None:
                print("      first:  (no hits)")
            else:
                print("      first:  %s  %s" % (m["first"]["id"], m["first"]["title"]))
                print("              %s" % m["first"]["snippet"])
    for name, value, floor in floors:
        if floor is not None:
            print("%s %.3f %s floor %.3f" % (name, value, "below" if value < floor else ">=", floor))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--socket", required=True, help="searchd's Unix socket")
    ap.add_argument("--queries", action="append", metavar="FILE",
                    help="a judged query file (repeatable; default every tests/eval/queries-*.jsonl)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--floor-mrr", type=float, metavar="X", help="exit 1 when MRR@10 < X")
    ap.add_argument("--floor-s10", type=float, metavar="Y", help="exit 1 when success@10 < Y")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for a reply (60)")
    args = ap.parse_args(argv)

    paths = args.queries or sorted(glob.glob(os.path.join(HERE, "queries-*.jsonl")))
    try:
        if not paths:
            raise CannotRun("no query files: none given and no %s" % os.path.join(HERE, "queries-*.jsonl"))
        queries = load_queries(paths)
        conn = Connection(args.socket, args.timeout)
        try:
            hits, texts = fetch(conn, queries)
        finally:
            conn.close()
    except CannotRun as e:
        print("eval: %s" % e, file=sys.stderr)
        return 2

    fig = figures(judge(queries, hits, texts))
    floors = [("MRR@10", fig["mrr10"], args.floor_mrr), ("success@10", fig["s10"], args.floor_s10)]
    below = [name for name, value, floor in floors if floor is not None and value < floor]
    if args.json:
        fig["below_floor"] = below
        print(json.dumps(fig, ensure_ascii=False))
    else:
        report(fig, floors)
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
