#!/usr/bin/env python3
"""Whether two builds of searchd answer the same: every query of QUERIES
(one a line) asked of both over the same index, as a search with the given
extra fields, and the hits compared id by id, in order, with their scores
(to 1e-9), snippets and totals (exact up to 200 both ways; past that each
is Xapian's estimate and only printed).  For changes meant to make search
faster without changing what it finds.  Exit 1 when a hit differs.
usage: same_hits.py BEFORE_BINDIR AFTER_BINDIR DB QUERIES [JSON_FIELDS...]
  e.g. same_hits.py /work/main/bin bin build/bench/units-100000.db \\
       tests/bench/queries.txt '{"limit": 30}' '{"facets": ["type", "year"]}'"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time


def start(bindir, db, folder, name):
    path = os.path.join(folder, name + ".sock")
    proc = subprocess.Popen([os.path.join(bindir, "searchd"), "--foreground", "--db", db,
                             "--socket", path, "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        if os.path.exists(path):
            conn = socket.socket(socket.AF_UNIX)
            conn.connect(path)
            return proc, conn.makefile("rw", encoding="utf-8")
        time.sleep(0.05)
    proc.kill()
    sys.exit(f"same_hits: {name} searchd did not start")


def ask(stream, request):
    stream.write(json.dumps(request, ensure_ascii=False) + "\n")
    stream.flush()
    return json.loads(stream.readline())


def differences(a, b):
    """What differs between two replies, as lines; [] when they agree."""
    if a.get("ok") != b.get("ok"):
        return [f"ok {a.get('ok')} vs {b.get('ok')}"]
    out = []
    ta, tb = a.get("total"), b.get("total")
    if ta != tb and (min(ta or 0, tb or 0) <= 200 or "facets" in a):
        out.append(f"total {ta} vs {tb}")
    ha, hb = a.get("hits", []), b.get("hits", [])
    if [h["id"] for h in ha] != [h["id"] for h in hb]:
        out.append("ids " + " ".join(h["id"] for h in ha) + " | " + " ".join(h["id"] for h in hb))
    for x, y in zip(ha, hb):
        if abs(x["score"] - y["score"]) > 1e-9 * max(1, abs(x["score"])):
            out.append(f"{x['id']} score {x['score']} vs {y['score']}")
        for key in set(x) | set(y):
            if key != "score" and x.get(key) != y.get(key):
                out.append(f"{x['id']} {key} differs")
    if a.get("facets") != b.get("facets"):
        out.append("facets differ")
    return out


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    before, after, db, queries = sys.argv[1:5]
    extras = [json.loads(x) for x in sys.argv[5:]] or [{}]
    with open(queries, encoding="utf-8") as f:
        texts = [line.strip() for line in f if line.strip()]
    folder = tempfile.mkdtemp(prefix="same-hits.")
    pa, sa = start(before, db, folder, "before")
    pb, sb = start(after, db, folder, "after")
    bad = 0
    asked = 0
    try:
        for extra in extras:
            for q in texts:
                req = dict({"op": "search", "q": q}, **extra)
                diff = differences(ask(sa, req), ask(sb, req))
                asked += 1
                if diff:
                    bad += 1
                    print(f"DIFFERS {json.dumps(req, ensure_ascii=False)}")
                    for line in diff[:6]:
                        print("   " + line)
    finally:
        for p in (pa, pb):
            p.terminate()
            p.wait()
    print(f"same_hits: {asked - bad} of {asked} searches answered alike")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
