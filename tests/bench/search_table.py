#!/usr/bin/env python3
"""The search benchmark's table (tests/bench/search.sh): a row per build
from searchbench's lines in DIR (LABEL.MODE.ROUND files), each figure the
median over the rounds, and the goals beneath.
usage: search_table.py DIR UNITS SHARDS LABEL..."""
import os
import re
import statistics
import sys

LINE = re.compile(r"requests (\d+)\s+p50 ([\d.]+) ms\s+p99 ([\d.]+) ms\s+(\d+) requests/s")


def runs(folder, label, mode):
    """(p50, p99, requests/s) of each round of one mode."""
    out = []
    for name in sorted(os.listdir(folder)):
        if name.startswith(f"{label}.{mode}."):
            with open(os.path.join(folder, name)) as f:
                m = LINE.search(f.read())
            if m:
                out.append((float(m.group(2)), float(m.group(3)), float(m.group(4))))
    return out


CPU = re.compile(r"cpu\s+p50 ([\d.]+) ms\s+p99 ([\d.]+) ms")


def cpu_runs(folder, label):
    """(p50, p99) of the in-process handler's CPU time, per round."""
    out = []
    for name in sorted(os.listdir(folder)):
        if name.startswith(f"{label}.inproc."):
            with open(os.path.join(folder, name)) as f:
                m = CPU.search(f.read())
            if m:
                out.append((float(m.group(1)), float(m.group(2))))
    return out


def median(values):
    return statistics.median(values) if values else None


def figure(folder, label, mode, k):
    return median([r[k] for r in runs(folder, label, mode)])


def fmt(v, spec="%.2f", suffix=""):
    return "-" if v is None else (spec % v) + suffix


def row(folder, label, units, shards):
    f = lambda mode, k: figure(folder, label, mode, k)
    one, four = f("socket1", 2), f("socket4", 2)
    sock50, in50 = f("socket1", 0), f("inproc", 0)
    rss = None
    try:
        with open(os.path.join(folder, f"{label}.rss")) as fh:
            rss = int(fh.read().strip()) / 1024
    except (OSError, ValueError):
        pass
    return [label, f"{units:,}", str(shards), fmt(sock50), fmt(f("socket1", 1)),
            fmt(four / one if one and four else None, suffix="x"),
            fmt(in50), fmt(f("inproc", 1)),
            fmt(median([r[0] for r in cpu_runs(folder, label)])),
            fmt(median([r[1] for r in cpu_runs(folder, label)])),
            fmt(sock50 / in50 if sock50 and in50 else None, suffix="x"),
            fmt(f("http1", 0)), fmt(f("http1", 1)), fmt(f("http4", 0)), fmt(f("http4", 1)),
            fmt(rss, "%.0f")]


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    folder, units, shards, labels = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    head = [["build", "units", "shards", "socket p50", "socket p99", "4 clients",
             "in-process p50", "in-process p99", "its CPU p50", "its CPU p99",
             "socket/in-process", "HTTP p50", "HTTP p99",
             "HTTP 4 cl. p50", "HTTP 4 cl. p99", "peak RSS"]]
    units_row = ["", "", "", "ms", "ms", "speed-up", "ms", "ms", "ms", "ms", "p50", "ms", "ms",
                 "ms", "ms", "MB"]
    goals = ["goal", "", "", "<= 1.5", "<= 10", ">= 1.8x", "", "", "", "", "<= 1.3x", "", "", "",
             "", "<= 64"]
    head.append(units_row)
    rows = head + [row(folder, label, units, shards) for label in labels] + [goals]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head[0]))]
    for r in rows:
        print("   " + "  ".join(c.rjust(w) if i > 0 else c.ljust(w)
                                for i, (c, w) in enumerate(zip(r, widths))).rstrip())


if __name__ == "__main__":
    main()
