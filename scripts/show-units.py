#!/usr/bin/env python3
"""Prints the best unit for each query as a reader would cite it:
title, section path, printed pages, source.  Uses Xapian's own `quest`
(searchd replaces this in the next step).
usage: scripts/show-units.py DB QUERY..."""
import json
import subprocess
import sys


def best_unit(db, query):
    out = subprocess.run(["quest", "-s", "norwegian", "-d", db, "-m", "1", query],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    return None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    db = sys.argv[1]
    for query in sys.argv[2:]:
        u = best_unit(db, query)
        print(f"\n» {query}")
        if not u:
            print("  (no match)")
            continue
        pages = u.get("pages")
        where = f"p. {pages['first']}" if pages else "no pages"
        if pages and pages["last"] != pages["first"]:
            where = f"pp. {pages['first']}–{pages['last']}"
        section = u.get("section") or {}
        print(f"  {u['doc_title']} ({u['type']}, {u['date'] or 'date unknown'})")
        print(f"  {' › '.join(section.get('path') or [u['title']])}   [{where}]")
        print(f"  id {u['id']}   source {u['source']}")
        text = " ".join(u["text"].split())
        print(f"  {text[:220]}…")


if __name__ == "__main__":
    main()
