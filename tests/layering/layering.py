#!/usr/bin/env python3
"""The layering of kilde's sources (docs/ARCHITECTURE.md, "Layering"), read
from their #include lines; prints each violation, one a line, and exits 1
when there is any.

  - lib/ includes only lib/ headers;
  - indexer/ includes only its own and lib/ headers, searchd/ likewise:
    neither includes the other's (nor the client's);
  - client/ includes only its own headers and lib/buf.h, lib/kerr.h;
  - no cycle among searchd's modules (a module is x.c with x.h, and
    x_internal.h when its files share one: protocol.c including ops.h
    while ops.h includes protocol.h is a cycle).

  layering.py [ROOT]   (the repository by default)
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
ALLOWED = {
    "lib": ["lib"],
    "indexer": ["indexer", "lib"],
    "searchd": ["searchd", "lib"],
    "client": ["client"],
}
CLIENT_LIB = {"buf.h", "kerr.h"}


def sources(root, folder):
    d = os.path.join(root, folder)
    for name in sorted(os.listdir(d)):
        if name.endswith((".c", ".h", ".cc")):
            yield name, open(os.path.join(d, name), encoding="utf-8", errors="replace").read()


def includes(text):
    return INCLUDE.findall(text)


def placement_violations(root):
    out = []
    for folder, allowed in ALLOWED.items():
        for name, text in sources(root, folder):
            for inc in includes(text):
                where = f"{folder}/{name} includes \"{inc}\""
                if "/" in inc:
                    out.append(f"{where}: a path reaches past the folder's include path")
                    continue
                if any(os.path.exists(os.path.join(root, f, inc)) for f in allowed):
                    continue
                if folder == "client" and inc in CLIENT_LIB:
                    continue
                owner = [f for f in ("lib", "indexer", "searchd", "client")
                         if os.path.exists(os.path.join(root, f, inc))]
                out.append(f"{where}: {', '.join(o + '/' for o in owner) or 'no folder'}"
                           f" is not {folder}/'s to include")
    return out


def module_of(name):
    stem = os.path.splitext(name)[0]
    return stem[: -len("_internal")] if stem.endswith("_internal") else stem


def module_cycles(root, folder):
    """Cycles among a folder's modules, each once, as "a → b → a"."""
    edges = {}
    for name, text in sources(root, folder):
        module = module_of(name)
        for inc in includes(text):
            target = module_of(inc)
            if target != module and os.path.exists(os.path.join(root, folder, inc)):
                edges.setdefault(module, set()).add(target)
    cycles, seen = [], set()

    def walk(node, path, on_path):
        for nxt in sorted(edges.get(node, ())):
            if nxt in on_path:
                cycle = path[path.index(nxt):]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    cycles.append(" → ".join(cycle + [nxt]))
            elif nxt not in done:
                walk(nxt, path + [nxt], on_path | {nxt})
        done.add(node)

    done = set()
    for start in sorted(edges):
        if start not in done:
            walk(start, [start], {start})
    return [f"{folder}: include cycle {c}" for c in cycles]


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    found = placement_violations(root) + module_cycles(root, "searchd")
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
