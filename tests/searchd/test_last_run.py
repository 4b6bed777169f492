"""stats shows the indexer's last run as the index records it (metadata
kilde:last_run): a run over a folder with a broken PDF, with that failure,
its stage and reason, and the sections of each type; then a clean run over
the mended folder replaces it (searchd sees the commit by itself); an
index without a record, or with one that is not JSON, says null.  bin/kilde
stats shows the failure to a person.
"""
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdtest import (BIN, ROOT, SLOW, Daemon, check, check_eq, run_tests,  # noqa: E402
                    tmpdir)

WORK = tmpdir("lastrun")
DB = os.path.join(WORK, "index")
FOLDER = os.path.join(WORK, "innkommet")
BROKEN = os.path.join(FOLDER, "brev.pdf")
RESPONSE = "horingsinnspill-meld-st-19-2023-2024.pdf"
FAILURE = {"path": BROKEN, "stage": "extract",
           "reason": "not a readable PDF: PDF document is damaged"}


def index(paths):
    """Runs the indexer as a person would; its exit status and stderr."""
    r = subprocess.run([os.path.join(BIN, "indexer"), "--db", DB] + paths, cwd=ROOT,
                       capture_output=True, text=True, timeout=120 * SLOW)
    return r.returncode, r.stderr


def set_record(value):
    """Writes kilde:last_run by hand (an empty value removes it)."""
    subprocess.run(["xapian-metadata", "set", DB, "kilde:last_run", value], check=True)


def stats_when(c, ready):
    """stats, once `ready` holds for it: searchd reopens the index by itself
    within a second of a commit (test_live.py holds it to that)."""
    end = time.time() + 10 * SLOW
    while True:
        r = c.request({"op": "stats"})
        if ready(r) or time.time() > end:
            return r
        time.sleep(0.05)


def kilde_stats(d):
    p = subprocess.run([os.path.join(BIN, "kilde"), "--socket", d.socket, "stats"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60 * SLOW)
    return p.returncode, p.stdout


def test_a_failed_file_then_a_clean_run():
    os.makedirs(FOLDER)
    shutil.copy(os.path.join(ROOT, "corpus", RESPONSE), FOLDER)
    shutil.copy(os.path.join(ROOT, "tests", "data", "bad", "truncated.pdf"), BROKEN)
    rc, err = index(["corpus", FOLDER])
    check_eq(rc, 1, "the indexer: exit 1 for the broken PDF")
    check(BROKEN + ": extract: not a readable PDF" in err, "and says so", err)
    d = Daemon(DB, name="lastrun").start()
    try:
        c = d.client()
        r = c.request({"op": "stats"})
        run = r.get("last_run") or {}
        check_eq(run.get("paths"), ["corpus", FOLDER], "the run's paths as given")
        check_eq((run.get("files"), run.get("indexed"), run.get("duplicates"), run.get("failed")),
                 (7, 6, 1, 1), "seven files: the response twice (indexed once), one failed")
        check_eq(run.get("failures"), [FAILURE], "the failure: the file, its stage and reason")
        check_eq(r.get("types"), {"arsmelding": 139, "horingsinnspill": 6, "artikkel": 3},
                 "sections per type: the duplicate adds none")
        rc, out = kilde_stats(d)
        check_eq(rc, 0, "kilde stats: exit 0")
        check(BROKEN + ": extract: not a readable PDF: PDF document is damaged\n" in out,
              "kilde stats shows the failure", out)
        check("7 filer: 6 indeksert, 0 uendret, 0 fjernet, 1 feilet, 1 duplikat" in out,
              "and the run's counts", out)
        check("  årsmelding: 139 i 1 dokument\n  høringsinnspill: 6 i 1 dokument\n"
              "  artikkel: 3 i 3 dokumenter\n" in out,
              "and a line per type", out)

        os.remove(BROKEN)
        rc, err = index(["corpus", FOLDER])
        check_eq((rc, err), (0, ""), "the mended folder: exit 0, nothing said")
        r = stats_when(c, lambda r: (r.get("last_run") or {}).get("failed") == 0)
        run = r.get("last_run") or {}
        check_eq((run.get("files"), run.get("unchanged"), run.get("failed"), run.get("failures")),
                 (6, 6, 0, []), "the clean run replaced the record")

        # each set is a commit of its own: stats is read once searchd is at it
        revision = r.get("revision")
        set_record("")
        r = stats_when(c, lambda r: r.get("revision") == revision + 1)
        check("last_run" in r and r["last_run"] is None, "no record: last_run null", r)
        check_eq(r.get("documents"), 5, "and the rest of stats as before")

        set_record("{not json")
        r = stats_when(c, lambda r: r.get("revision") == revision + 2)
        check_eq(r.get("revision"), revision + 2, "the hand-written record seen")
        check(r.get("ok") and r.get("last_run") is None, "a record that is not JSON: null", r)
        c.close()
    finally:
        log = d.finish()
    check("kilde:last_run is not a JSON object" in log, "and logged", log[-600:])


def main():
    try:
        return run_tests([test_a_failed_file_then_a_clean_run])
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
