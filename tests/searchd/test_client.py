#!/usr/bin/env python3
"""bin/kilde against a fake searchd: a Unix (or TCP) socket that answers
canned JSON lines, so the client's arguments, requests, output and exit
codes are tested without the daemon or an index.

Runs $KILDE_BIN/kilde (default bin/) from the repository root.  Each claim
prints expected beside actual when it fails; the last line is
"N passed, N failed", and the exit status is 1 when anything failed."""
import json
import os
import pty
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

KILDE = os.path.abspath(os.path.join(os.environ.get("KILDE_BIN", "bin"), "kilde"))
# Under the sanitizers the client is slower to start; nothing here waits long.
RUN_TIMEOUT = 60

HIT_42 = {
    "id": "b37db0b35496c229/4.2", "doc_id": "b37db0b35496c229",
    "title": "Legeforeningens arbeid med høringer", "doc_title": "Årsmelding 2024",
    "type": "arsmelding", "date": "2025-03-14",
    "section": {"number": "4.2", "title": "Legeforeningens arbeid med høringer",
                "path": ["4 HELSEPOLITIKK", "4.2 Legeforeningens arbeid med høringer"]},
    "pages": {"first": "45", "last": "46"}, "score": 13.32,
    "snippet": "I 2024 <b>behandlet</b> Legeforeningen 187\n<b>høringer</b> fra "
               "departementer, direktorater og Stortinget",
    "source": "corpus/arsmelding-2024.pdf", "url": None,
    "citation": "Den norske legeforening: Årsmelding 2024, 4.2 Legeforeningens arbeid med "
                "høringer, s. 45–46",
}
# HIT_LIS1 has no citation, as from an index written before citations.
HIT_LIS1 = {
    "id": "9f6d713236803287/s2", "doc_id": "9f6d713236803287",
    "title": "Antall LIS1-stillinger må økes",
    "doc_title": "Legeforeningens innspill til Meld. St. 19 (2023-2024)",
    "type": "horingsinnspill", "date": "2024-02-26",
    "section": {"number": None, "title": "Antall LIS1-stillinger må økes",
                "path": ["Antall LIS1-stillinger må økes"]},
    "pages": {"first": "1", "last": "1", "printed": False}, "score": 11.02,
    "snippet": "et for lavt antall <b>LIS1-stillinger</b> over tid er en viktig årsak "
               "&amp; &lt;mer&gt;…",
    "source": "corpus/horingsinnspill-meld-st-19-2023-2024.pdf",
    "url": "https://www.legeforeningen.no/horinger/meld-st-19",
}
# A document may hold anything; escape sequences must not reach a terminal.
HIT_ESCAPES = dict(HIT_LIS1, id="0000000000000000/s1", title="Tittel \x1b[2Jmed\x9b31m styretegn",
                   snippet="tekst \x1b]0;kapret\x07 her")
# An article unit knows less: no section, no pages, no date.
HIT_BARE = {"id": "1111222233334444/s1", "doc_id": "1111222233334444", "title": None,
            "doc_title": "Et godt legeliv", "type": "artikkel", "date": None, "section": None,
            "pages": None, "score": 1.5, "snippet": None, "source": "corpus/a.html", "url": None}
UNIT_42 = dict(HIT_42, date_source="pdf-creation-date", year=2025, lang="nb",
               authors=[{"name": "Den norske legeforening", "role": None, "email": None}],
               doi=None, format="pdf", part=None, captions=["Foto: Legeforeningen"],
               footnotes=["1 Avviste høringer er høringer som ikke ble besvart"],
               pages={"first": "45", "last": "46", "first_index": 47, "last_index": 48},
               text="4.2 Legeforeningens arbeid med høringer\nI 2024 behandlet "
                    "Legeforeningen 187 høringer.\n\nDet er flere enn året før.")
del UNIT_42["snippet"], UNIT_42["score"]

RESPONSE_TITLE = ("Legeforeningens innspill til Meld. St. 19 (2023-2024) Profesjonsnære "
                  "utdanningar over heile landet")
POSITION_ASK = {
    "id": "9f6d713236803287/s2:p3",
    "quote": "Legeforeningen ber Stortinget: Anmode regjeringen om å øke antall "
             "<b>LIS1</b>-stillinger i tråd med helsetjenestens behov &amp; mer.",
    "stance": "ber", "speaker": "Legeforeningen", "addressee": "Stortinget",
    "matter": "Meld. St. 19 (2023-2024)", "doc_id": "9f6d713236803287",
    "doc_title": RESPONSE_TITLE, "type": "horingsinnspill", "date": "2024-02-26", "year": 2024,
    "section": {"number": None, "title": "Antall LIS1-stillinger må økes",
                "path": ["Antall LIS1-stillinger må økes"]},
    "pages": {"first": "1", "last": "1", "printed": True},
    "citation": RESPONSE_TITLE + ", 26.02.2024, s. 1", "of": "9f6d713236803287/s2",
    "score": 4.5}
# no addressee, no matter, and (an index from before citations) no citation
POSITION_AGAINST = {
    "id": "b37db0b35496c229/4.3.3:p4", "quote": "Legeforeningen leverte et kritisk høringssvar.",
    "stance": "går_imot", "speaker": "Legeforeningen", "addressee": None, "matter": None,
    "doc_id": "b37db0b35496c229", "doc_title": "Årsmelding 2024", "type": "arsmelding",
    "date": "2025-03-14", "year": 2024, "section": None, "pages": None, "citation": None,
    "of": "b37db0b35496c229/4.3.3", "score": 1.0}
TIMELINE = {"ok": True, "years": [
    {"year": 2020, "units": {"artikkel": 1}, "positions": 1,
     "best": {"id": "72b1a67932f8cc3c/s1", "title": "Utenforlandet Norge",
              "doc_title": "Utenforlandet Norge", "type": "artikkel",
              "citation": "Hermansen M. Utenforlandet Norge. Tidsskr Nor Legeforen 2020",
              "pages": None}},
    {"year": 2024, "units": {"arsmelding": 139, "horingsinnspill": 6, "artikkel": 1},
     "positions": 54,
     "best": {"id": "b37db0b35496c229/4.2", "title": "Legeforeningens arbeid med høringer",
              "doc_title": "Årsmelding 2024", "type": "arsmelding", "citation": "…",
              "pages": {"first": "45", "last": "46"}}},
    {"year": 2026, "units": {}, "positions": 2, "best": None}],
    "total": 147, "positions": 57, "suggestion": None, "took_ms": 1.25}


def error(code, message):
    return {"ok": False, "error": {"code": code, "message": message}}


def canned_reply(req):
    """What the fake daemon answers, chosen by the request."""
    op, q = req.get("op"), req.get("q", "")
    if op == "ping":
        return {"ok": True, "version": 1, "server": "kilde-searchd"}
    if op == "search" and "horinger" in q:
        return {"ok": True, "total": 0, "hits": [], "suggestion": "høringer", "took_ms": 0.41}
    if op == "search" and "forfattar:" in q:
        return error("bad_query", "unknown field 'forfattar' — did you mean 'forfatter'?")
    if op == "search" and "styretegn" in q:
        return {"ok": True, "total": 1, "hits": [HIT_ESCAPES], "took_ms": 1}
    if op == "search" and "legeliv" in q:
        return {"ok": True, "total": 31, "hits": [HIT_BARE], "took_ms": 12.6}
    if op == "search":
        return {"ok": True, "total": 2, "hits": [HIT_42, HIT_LIS1], "took_ms": 3.24,
                "facets": {"type": {"arsmelding": 1, "horingsinnspill": 1}}}
    if op == "positions" and "zebra" in q:
        return {"ok": True, "total": 0, "positions": [], "suggestion": None, "took_ms": 0.3}
    if op == "positions":
        return {"ok": True, "total": 12, "positions": [POSITION_ASK, POSITION_AGAINST],
                "suggestion": "lis1" if "lsi1" in q else None, "took_ms": 2.5}
    if op == "timeline" and "zebra" in q:
        return {"ok": True, "years": [], "total": 0, "positions": 0, "suggestion": None,
                "took_ms": 0.2}
    if op == "timeline":
        return dict(TIMELINE)
    if op == "get" and req.get("unit") == HIT_42["id"]:
        return {"ok": True, "unit": UNIT_42}
    if op == "get":
        return error("not_found", f"no unit '{req.get('unit')}' in the index")
    if op == "suggest" and req.get("prefix") == "legeforeningens hø":
        return {"ok": True, "completions": [
            {"text": "legeforeningens høringer", "word": "høringer", "count": 12},
            {"text": "legeforeningens høringsinnspill", "word": "høringsinnspill", "count": 3}],
            "titles": [{"id": HIT_42["id"], "title": HIT_42["title"],
                        "doc_title": HIT_42["doc_title"]}]}
    if op == "suggest":
        return {"ok": True, "completions": [], "titles": []}
    if op == "stats":
        return {"ok": True, "documents": 5, "units": 412, "uptime_s": 12,
                "latency_ms": {"p50": 0.4, "p99": 2.5}}
    return error("bad_request", f"unknown op '{op}'")


class FakeSearchd:
    """Listens on a temporary Unix socket (or loopback TCP) and answers each
    request line.  `mode` changes how: answer, silent, close, garbage,
    nul, huge, wrong_id.  Records requests and the lines it sent."""

    def __init__(self, tcp=False):
        # A socket's path must fit in 108 bytes; a long $TMPDIR would not leave room.
        short = len(tempfile.gettempdir()) > 60
        self.dir = tempfile.mkdtemp(prefix="kilde-fake.", dir="/tmp" if short else None)
        self.mode = "answer"
        self.replies = {}  # op → the reply to send instead of canned_reply's
        self.requests, self.sent = [], []
        self.stop = threading.Event()
        if tcp:
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.sock.bind(("127.0.0.1", 0))
            self.address = "127.0.0.1:%d" % self.sock.getsockname()[1]
        else:
            self.address = os.path.join(self.dir, "searchd.sock")
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.bind(self.address)
        self.sock.listen(16)
        self.sock.settimeout(0.05)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn):
        conn.settimeout(None)
        with conn, conn.makefile("rb") as lines:
            try:
                for raw in lines:
                    req = json.loads(raw)
                    self.requests.append(req)
                    if not self._answer(conn, req):
                        return
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up on a reply, as it should

    def _answer(self, conn, req):
        """Sends the reply the mode calls for; False ends the connection."""
        if self.mode == "silent":
            return True
        if self.mode == "close":
            return False
        if self.mode == "garbage":
            line = "this is not json"
        elif self.mode == "nul":
            line = '{"ok":true}\0{"ok":false}'
        elif self.mode == "huge":
            line = '{"ok":true,"pad":"' + "x" * (17 * 1024 * 1024) + '"}'
        else:
            op = req.get("op")
            reply = dict(self.replies[op]) if op in self.replies else canned_reply(req)
            reply["id"] = 99 if self.mode == "wrong_id" else req.get("id")
            line = json.dumps(reply, ensure_ascii=False, separators=(",", ":"))
        self.sent.append(line)
        conn.sendall(line.encode() + b"\n")
        return True

    def close(self):
        self.stop.set()
        self.thread.join()
        self.sock.close()
        shutil.rmtree(self.dir, ignore_errors=True)


passed = failed = 0


def check(ok, what, expected=None, actual=None):
    global passed, failed
    if ok:
        passed += 1
        return
    failed += 1
    print(f"FAIL {what}", file=sys.stderr)
    if expected is not None or actual is not None:
        print(f"  expected: {expected!r}\n  actual:   {actual!r}", file=sys.stderr)


def check_eq(actual, expected, what):
    check(actual == expected, what, expected, actual)


def check_in(needle, hay, what):
    check(needle in hay, what, f"contains {needle!r}", hay[:1500])


def check_not_in(needle, hay, what):
    check(needle not in hay, what, f"no {needle!r}", hay[:1500])


class Result:
    def __init__(self, rc, out, err):
        self.rc, self.raw, self.out, self.err = rc, out, out.decode(errors="replace"), err


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("KILDE_SOCKET", "KILDE_TIMEOUT", "NO_COLOR", "COLUMNS")}
    env.update(extra)
    return env


def no_sanitizer_report(err, args):
    for marker in ("AddressSanitizer", "LeakSanitizer", "runtime error:"):
        check_not_in(marker, err, f"sanitizer report from kilde {' '.join(args)}")


def kilde(*args, env=None, cwd=None):
    p = subprocess.run([KILDE, *args], capture_output=True, env=env or clean_env(),
                       cwd=cwd, timeout=RUN_TIMEOUT, stdin=subprocess.DEVNULL)
    err = p.stderr.decode(errors="replace")
    no_sanitizer_report(err, args)
    return Result(p.returncode, p.stdout, err)


def kilde_tty(*args, env):
    """Runs kilde with a terminal as stdout, as a person would."""
    master, slave = pty.openpty()
    p = subprocess.Popen([KILDE, *args], stdout=slave, stderr=subprocess.PIPE, env=env,
                         stdin=subprocess.DEVNULL)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    err = p.stderr.read().decode(errors="replace")
    p.wait(timeout=RUN_TIMEOUT)
    os.close(master)
    no_sanitizer_report(err, args)
    return Result(p.returncode, out, err)


# --- the tests ---------------------------------------------------------------

def test_refused_connection_names_the_socket(fake):
    missing = os.path.join(fake.dir, "nobody.sock")
    r = kilde("--socket", missing, "ping")
    check_eq(r.rc, 2, "no socket file: exit 2")
    check_in(missing, r.err, "no socket file: the path is named")
    check_in("is searchd running?", r.err, "no socket file: the likely cause")
    check_eq(r.out, "", "no socket file: nothing on stdout")

    dead = os.path.join(fake.dir, "dead.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(dead)  # bound but never listening: connect() is refused
    try:
        r = kilde("--socket", dead, "search", "lis1")
    finally:
        s.close()
    check_eq(r.rc, 2, "refused: exit 2")
    check_in(f"cannot connect to searchd at {dead}: Connection refused", r.err,
             "refused: the socket and the reason")


def test_ping(fake):
    r = kilde("--socket", fake.address, "ping")
    check_eq(r.rc, 0, "ping: exit 0")
    check_in("kilde-searchd (protokoll 1) svarer på " + fake.address, r.out,
             "ping: server, protocol version and socket")
    check_eq(fake.requests[-1].get("op"), "ping", "ping: op")
    check("id" in fake.requests[-1], "ping: the request carries an id")
    r = kilde("--socket", fake.address, "ping", "--json")
    check_eq(r.raw, fake.sent[-1].encode() + b"\n", "ping --json: the reply line as sent")


def test_search_human_output(fake):
    r = kilde("--socket", fake.address, "search", "lis1", "stillinger")
    check_eq(r.rc, 0, "search with hits: exit 0")
    out = r.out
    for needle, what in [
        (" 1. 4.2 Legeforeningens arbeid med høringer", "first hit: rank, number and title"),
        ("Årsmelding 2024 · årsmelding · 2025-03-14 · s. 45–46", "first hit: document, type, "
                                                                 "date and pages"),
        ("4 HELSEPOLITIKK › 4.2 Legeforeningens arbeid med høringer", "first hit: heading path"),
        ("I 2024 behandlet Legeforeningen 187 høringer fra", "first hit: snippet on one line"),
        ("og Stortinget\n"
         "    Den norske legeforening: Årsmelding 2024, 4.2 Legeforeningens arbeid med høringer, "
         "s. 45–46\n    b37db0b35496c229/4.2 · corpus/arsmelding-2024.pdf",
         "first hit: its citation after the snippet, then id and source"),
        ("& <mer>…\n    9f6d713236803287/s2 · ", "second hit: no citation in the reply, no line"),
        (" 2. Antall LIS1-stillinger må økes", "second hit: rank and title"),
        ("høringsinnspill · 2024-02-26 · PDF-s. 1\n",
         "second hit: one page, which prints no number, cited by its place in the file"),
        ("lavt antall LIS1-stillinger over tid", "second hit: snippet"),
        ("viktig årsak & <mer>…\n", "snippet: HTML character references decoded"),
        ("https://www.legeforeningen.no/horinger/meld-st-19", "second hit: url before source"),
        ("2 treff · søket tok 3.2 ms", "total and took_ms"),
    ]:
        check_in(needle, out, what)
    check_not_in("<b>", out, "piped: markers removed")
    check_not_in("\x1b[", out, "piped: no colour")
    check_eq(r.err, "", "search: nothing on stderr")


def test_search_hit_with_nulls(fake):
    r = kilde("--socket", fake.address, "search", "-n", "1", "legeliv")
    check_eq(r.rc, 0, "hit without section, pages, date: exit 0")
    check_eq(r.out, " 1. Et godt legeliv\n    artikkel · udatert\n"
                    "    1111222233334444/s1 · corpus/a.html\n\n"
                    "Viser 1–1 av 31 treff · søket tok 13 ms\n",
             "nulls left out; the document's title stands in for the unit's")


def test_search_request_json(fake):
    r = kilde("--socket", fake.address, "search", "--type", "horingsinnspill",
              "--from", "2023-01-01", "-n", "5", "lis1", "stillinger")
    check_eq(r.rc, 0, "search with filters: exit 0")
    req = fake.requests[-1]
    check_eq(req.get("op"), "search", "request: op")
    check_eq(req.get("q"), "lis1 stillinger", "request: q")
    check_eq(req.get("limit"), 5, "request: limit")
    check_eq(req.get("filter"), {"type": ["horingsinnspill"], "from": "2023-01-01"},
             "request: filter.type list and filter.from")
    check("sort" not in req, "request: no sort unless asked", "absent", req.get("sort"))


def test_search_options_anywhere(fake):
    r = kilde("--socket", fake.address, "search", "høringer", "-legeforeningen", "--sort",
              "newest", "--to", "2024", "--type=artikkel,arsmelding", "--type", "annet",
              "-n10", "--", "--json")
    check_eq(r.rc, 0, "options after words: exit 0")
    req = fake.requests[-1]
    check_eq(req.get("q"), "høringer -legeforeningen --json",
             "a -word is a query word; after -- everything is")
    check_eq(req.get("sort"), "newest", "--sort")
    check_eq(req.get("limit"), 10, "-n10")
    check_eq(req.get("filter"), {"type": ["artikkel", "arsmelding", "annet"], "to": "2024-12-31"},
             "--type repeated and comma-separated; --to a year ends with its last day")
    kilde("--socket", fake.address, "search", "--from", "2024-02", "--to", "2024-02", "x")
    check_eq(fake.requests[-1].get("filter"), {"from": "2024-02-01", "to": "2024-02-29"},
             "a month: from its first day to its last (leap year)")


def test_search_json_is_the_line_as_sent(fake):
    r = kilde("--socket", fake.address, "search", "--json", "lis1", "stillinger")
    check_eq(r.rc, 0, "search --json: exit 0")
    check_eq(r.raw, fake.sent[-1].encode() + b"\n", "search --json: exactly the server's line")


def test_no_hits(fake):
    r = kilde("--socket", fake.address, "search", "horinger")
    check_eq(r.rc, 1, "no hits: exit 1")
    check_in("Ingen treff · søket tok 0.4 ms", r.out, "no hits: said so, with the time")
    check_in("Søkte etter «høringer» (ord indeksen ikke kjenner, rettet)", r.out,
             "the corrected query searched")
    r = kilde("--socket", fake.address, "search", "--json", "horinger")
    check_eq(r.rc, 1, "no hits --json: still exit 1")
    check_eq(r.raw, fake.sent[-1].encode() + b"\n", "no hits --json: the line as sent")


def test_error_reply(fake):
    r = kilde("--socket", fake.address, "search", "forfattar:rime")
    check_eq(r.rc, 2, "error reply: exit 2")
    check_in(f"searchd at {fake.address}: unknown field 'forfattar' — did you mean "
             f"'forfatter'? (bad_query)", r.err, "error reply: the server's message, socket, code")
    check_eq(r.out, "", "error reply: nothing on stdout")
    r = kilde("--socket", fake.address, "search", "--json", "forfattar:rime")
    check_eq(r.rc, 2, "error reply --json: exit 2")
    check_eq(r.raw, fake.sent[-1].encode() + b"\n", "error reply --json: the line as sent")


def test_get(fake):
    r = kilde("--socket", fake.address, "get", HIT_42["id"])
    check_eq(r.rc, 0, "get: exit 0")
    check_eq(fake.requests[-1].get("unit"), HIT_42["id"], "get: request names the unit")
    for needle in ["4.2 Legeforeningens arbeid med høringer\n", "Dokument:    Årsmelding 2024",
                   "Henvisning:  Den norske legeforening: Årsmelding 2024, 4.2 Legeforeningens "
                   "arbeid med høringer, s. 45–46\n",
                   "Type:        årsmelding", "Sider:       45–46",
                   "Dato:        2025-03-14 (PDF-ens opprettelsesdato, ikke publiseringsdato)",
                   "Seksjon:     4 HELSEPOLITIKK › 4.2 Legeforeningens arbeid med høringer",
                   "Forfattere:  Den norske legeforening", "Kilde:       corpus/arsmelding-2024.pdf (pdf)",
                   "\n\n4.2 Legeforeningens arbeid med høringer\nI 2024 behandlet Legeforeningen "
                   "187 høringer.\n\nDet er flere enn året før.\n",
                   "Bildetekster:\n  – Foto: Legeforeningen",
                   "Fotnoter:\n  – 1 Avviste høringer er høringer som ikke ble besvart"]:
        check_in(needle, r.out, "get: metadata and full text")
    r = kilde("--socket", fake.address, "get", "ffff/9.9")
    check_eq(r.rc, 1, "get unknown id: exit 1")
    check_in("no unit 'ffff/9.9' in the index (not_found)", r.err, "get unknown id: message")
    r = kilde("--socket", fake.address, "get", "--json", HIT_42["id"])
    check_eq(r.raw, fake.sent[-1].encode() + b"\n", "get --json: the line as sent")


def test_suggest_and_stats(fake):
    r = kilde("--socket", fake.address, "suggest", "legeforeningens", "hø")
    check_eq((r.rc, r.out), (0, "legeforeningens høringer\nlegeforeningens høringsinnspill\n"
                                "Titler:\n  Legeforeningens arbeid med høringer — Årsmelding 2024"
                                "  (b37db0b35496c229/4.2)\n"),
             "suggest: one completion a line, then the titles")
    check_eq(fake.requests[-1], {"op": "suggest", "prefix": "legeforeningens hø", "id": 1},
             "suggest: the words joined into one prefix")
    r = kilde("--socket", fake.address, "suggest", "qqq")
    check_eq(r.rc, 1, "suggest without completions: exit 1")
    r = kilde("--socket", fake.address, "stats")
    check_eq(r.rc, 0, "stats: exit 0")
    check_eq(r.out, "documents: 5\nunits: 412\nuptime_s: 12\nlatency_ms.p50: 0.4\n"
                    "latency_ms.p99: 2.5\n", "stats: figures in the server's order")


RUN_WITH_FAILURES = {
    "started": "2026-05-04T09:12:03Z", "finished": "2026-05-04T09:12:07Z", "seconds": 3.912,
    "paths": ["corpus", "innkommet"], "files": 9, "indexed": 5, "unchanged": 0, "removed": 1,
    "duplicates": 1, "versions": 0, "failed": 3, "warnings": 1,
    "failures": [{"path": "innkommet/brev.pdf", "stage": "extract",
                  "reason": "not a readable PDF: PDF document is damaged"},
                 {"path": "innkommet/tom\u001b[2J.txt", "stage": "extract", "reason": "empty file"}],
    "failures_truncated": True,
    "warnings_list": [{"path": "innkommet/skannet.pdf", "stage": "warning",
                       "reason": "no text found (a scanned PDF needs OCR first); "
                                 "indexed by its metadata only"}],
    "warnings_truncated": False, "indexer_version": 4}
CLEAN_RUN = {"started": "2026-05-03T20:00:00Z", "finished": "2026-05-03T20:00:01Z",
             "seconds": 0.5, "paths": ["arkiv"], "files": 1, "indexed": 0, "unchanged": 1,
             "removed": 0, "duplicates": 0, "versions": 0, "failed": 0, "warnings": 0,
             "failures": [], "failures_truncated": False, "warnings_list": [],
             "warnings_truncated": False, "indexer_version": 4}
STATS_HEAD = {"ok": True, "documents": 5, "units": 202, "kinds": {"section": 148, "position": 54},
              "types": {"arsmelding": 139, "horingsinnspill": 6, "artikkel": 3}, "shards": 1}
STATS_HEAD_TEXT = "documents: 5\nunits: 202\nkinds.section: 148\nkinds.position: 54\nshards: 1\n"
TYPES_TEXT = "\nSeksjoner per type:\n  årsmelding: 139\n  høringsinnspill: 6\n  artikkel: 3\n"


def test_stats_types_and_last_run(fake):
    fake.replies["stats"] = dict(STATS_HEAD, last_run=RUN_WITH_FAILURES, version=1)
    try:
        r = kilde("--socket", fake.address, "stats")
        check_eq(r.rc, 0, "stats with the last run: exit 0")
        check_eq(r.out, STATS_HEAD_TEXT + "version: 1\n" + TYPES_TEXT +
                 "\nSiste indeksering: 2026-05-04 09:12:03 UTC (3.9 s): corpus, innkommet\n"
                 "  9 filer: 5 indeksert, 0 uendret, 1 fjernet, 3 feilet, 1 duplikat, "
                 "0 versjoner, 1 advarsel\n"
                 "  Feilet (3):\n"
                 "    innkommet/brev.pdf: extract: not a readable PDF: PDF document is damaged\n"
                 "    innkommet/tom\ufffd[2J.txt: extract: empty file\n"
                 "    … og 1 til, ikke lagret i indeksen\n"
                 "  Advarsler (1):\n"
                 "    innkommet/skannet.pdf: warning: no text found (a scanned PDF needs OCR "
                 "first); indexed by its metadata only\n",
                 "stats: the figures, a line per type, the run, each failure and warning")
        r = kilde("--socket", fake.address, "stats", "--json")
        check_eq(r.raw, fake.sent[-1].encode() + b"\n", "stats --json: the line as sent")

        fake.replies["stats"] = dict(STATS_HEAD, last_run=None)
        r = kilde("--socket", fake.address, "stats")
        check_eq(r.out, STATS_HEAD_TEXT + TYPES_TEXT + "\nSiste indeksering: ikke registrert\n",
                 "stats of an index without a recorded run")

        fake.replies["stats"] = dict(STATS_HEAD, documents_by_type={
            "arsmelding": 1, "horingsinnspill": 1, "artikkel": 3}, last_run=None)
        r = kilde("--socket", fake.address, "stats")
        check_eq(r.out, STATS_HEAD_TEXT + "\nSeksjoner per type:\n  årsmelding: 139 i 1 dokument\n"
                 "  høringsinnspill: 6 i 1 dokument\n  artikkel: 3 i 3 dokumenter\n"
                 "\nSiste indeksering: ikke registrert\n",
                 "stats with documents per type: on the type's line")

        fake.replies["stats"] = dict(STATS_HEAD, shards=2, last_run=CLEAN_RUN,
                                     last_runs=[CLEAN_RUN, None])
        r = kilde("--socket", fake.address, "stats")
        check_eq(r.out, STATS_HEAD_TEXT.replace("shards: 1", "shards: 2") + TYPES_TEXT +
                 "\nSiste indeksering, del 1 av 2: 2026-05-03 20:00:00 UTC (0.5 s): arkiv\n"
                 "  1 fil: 0 indeksert, 1 uendret, 0 fjernet, 0 feilet, 0 duplikater, "
                 "0 versjoner, 0 advarsler\n"
                 "\nSiste indeksering, del 2 av 2: ikke registrert\n",
                 "stats over two shards: each shard's run")
    finally:
        del fake.replies["stats"]


def test_positions_human_output(fake):
    r = kilde("--socket", fake.address, "positions", "lis1", env=clean_env(COLUMNS="80"))
    check_eq(r.rc, 0, "positions: exit 0")
    check_eq(r.out,
             "«Legeforeningen ber Stortinget: Anmode regjeringen om å øke antall\n"
             "LIS1-stillinger i tråd med helsetjenestens behov & mer.»\n"
             "  ber · Legeforeningen → Stortinget · Meld. St. 19 (2023-2024)\n"
             "  " + RESPONSE_TITLE + ", 26.02.2024, s. 1\n"
             "  9f6d713236803287/s2:p3\n\n"
             "«Legeforeningen leverte et kritisk høringssvar.»\n"
             "  går imot · Legeforeningen\n"
             "  Årsmelding 2024\n"
             "  b37db0b35496c229/4.3.3:p4\n\n"
             "Viser 1–2 av 12 standpunkter · søket tok 2.5 ms\n",
             "positions: the quote, who asks whom about what, the citation, the id")
    check_eq(fake.requests[-1], {"op": "positions", "q": "lis1", "id": 1},
             "positions: the request, searchd's defaults left to it")
    r = kilde_tty("--socket", fake.address, "positions", "lis1", env=clean_env())
    check_in("antall\r\n\x1b[1;31mLIS1\x1b[0m-stillinger", r.out,
             "positions on a terminal: the matched word highlighted")
    r = kilde("--socket", fake.address, "positions", "lsi1")
    check_in("Søkte etter «lis1»", r.out, "positions: the corrected words said")


def test_positions_request_and_status(fake):
    r = kilde("--socket", fake.address, "positions", "--stance", "ber,går_imot", "--stance",
              "krever", "--type", "horingsinnspill", "--from", "2024", "--to", "2024-06",
              "--oldest", "-n", "3", "LIS1-stillinger", "-kbu")
    check_eq(r.rc, 0, "positions with options: exit 0")
    check_eq(fake.requests[-1], {"op": "positions", "q": "LIS1-stillinger -kbu", "limit": 3,
                                 "filter": {"type": ["horingsinnspill"],
                                            "stance": ["ber", "går_imot", "krever"],
                                            "from": "2024-01-01", "to": "2024-06-30"},
                                 "sort": "oldest", "id": 1},
             "positions: --stance repeated and comma-separated, --oldest, dates, -n")
    r = kilde("--socket", fake.address, "positions", "--stance", "ber")
    check_eq((r.rc, fake.requests[-1].get("q")), (0, ""), "positions without words: every one")
    r = kilde("--socket", fake.address, "positions", "zebra")
    check_eq((r.rc, r.out), (1, "Ingen standpunkter · søket tok 0.3 ms\n"),
             "no positions: exit 1, said so")
    r = kilde("--socket", fake.address, "positions", "--json", "lis1")
    check_eq(r.raw, fake.sent[-1].encode() + b"\n", "positions --json: the line as sent")


def test_timeline(fake):
    r = kilde("--socket", fake.address, "timeline", "--type", "artikkel,arsmelding", "--from",
              "2020", "høringer")
    check_eq(fake.requests[-1], {"op": "timeline", "q": "høringer",
                                 "filter": {"type": ["artikkel", "arsmelding"],
                                            "from": "2020-01-01"}, "id": 1},
             "timeline: the request")
    check_eq(r.rc, 0, "timeline: exit 0")
    # 139 of 146 fill 23 of the 24 columns; any count gets at least one
    check_eq(r.out,
             "     █ årsmelding  ▓ høringsinnspill  ▒ artikkel\n"
             "2020 ▒                          1 artikkel · 1 standpunkt · Utenforlandet Norge\n"
             "2024 ███████████████████████▓▒  139 årsmelding, 6 høringsinnspill, 1 artikkel"
             " · 54 standpunkter · Legeforeningens arbeid med høringer (Årsmelding 2024)\n"
             "2026                            ingen seksjoner · 2 standpunkter\n"
             "147 treff i 3 år · 57 standpunkter · søket tok 1.2 ms\n",
             "timeline: a legend, then a line per year: bar, counts, positions, best hit")
    r = kilde_tty("--socket", fake.address, "timeline", env=clean_env())
    check_in("\x1b[1m2024\x1b[0m ███", r.out, "timeline on a terminal: the year in bold")
    r = kilde("--socket", fake.address, "timeline", "zebra")
    check_eq((r.rc, r.out), (1, "Ingen treff · søket tok 0.2 ms\n"), "no years: exit 1")
    r = kilde("--socket", fake.address, "timeline", "--json")
    check_eq((r.rc, r.raw), (0, fake.sent[-1].encode() + b"\n"),
             "timeline --json: the line as sent")


def test_bad_arguments_send_nothing(fake):
    before = len(fake.requests)
    for args, message in [
        (["search"], "no WORDS"),
        (["search", "--sort", "sideways", "x"], "--sort takes relevance, newest or oldest"),
        (["search", "-n", "0", "x"], "-n takes a number from 1 to 100, not '0'"),
        (["search", "--from", "2023-13-01", "x"], "--from takes a date as YYYY-MM-DD"),
        (["search", "--from", "2024", "--to", "2023", "x"], "--from 2024-01-01 is after --to"),
        (["search", "--to", "2023-02-29", "x"], "--to takes a date as YYYY-MM-DD"),
        (["search", "--from", "+2023", "x"], "--from takes a date"),
        (["search", "--type", "", "x"], "--type takes type names"),
        (["search", "--colour", "x"], "unknown option --colour"),
        (["search", "x", "--type"], "--type needs a value"),
        (["get"], "needs an ID"),
        (["get", "a", "b"], "takes one argument, not 'b'"),
        (["stats", "now"], "takes no arguments"),
        (["ping", "-x"], "unknown option -x"),
        (["positions", "--stance", ",", "x"], "--stance takes stances separated by commas"),
        (["positions", "--sort", "newest", "x"], "unknown option --sort"),
        (["positions", "-n", "101"], "-n takes a number from 1 to 100"),
        (["positions", "--from", "2025", "--to", "2024"], "--from 2025-01-01 is after --to"),
        (["timeline", "--stance", "ber"], "unknown option --stance"),
        (["timeline", "--oldest"], "unknown option --oldest"),
        (["frobnicate"], "unknown command 'frobnicate'"),
        ([], "no COMMAND"),
    ]:
        r = kilde("--socket", fake.address, *args)
        check_eq(r.rc, 2, f"kilde {' '.join(args)}: exit 2")
        check_in(message, r.err, f"kilde {' '.join(args)}: message")
    r = kilde("--socket", fake.address, "--connect", "localhost:1", "ping")
    check_eq(r.rc, 2, "--socket and --connect together: exit 2")
    r = kilde("--connect", "localhost", "ping")
    check_in("--connect takes HOST:PORT", r.err, "--connect without a port")
    r = kilde("ping", env=clean_env(KILDE_TIMEOUT="soon"))
    check_in("KILDE_TIMEOUT takes seconds", r.err, "bad KILDE_TIMEOUT")
    check_eq(len(fake.requests), before, "bad arguments: nothing sent")
    r = kilde("search", "--help")
    check_eq(r.rc, 0, "search --help: exit 0")
    check_in("usage: kilde", r.out, "search --help: usage on stdout")


def test_colour_only_on_a_terminal(fake):
    env = clean_env()
    r = kilde_tty("--socket", fake.address, "search", "lis1", env=env)
    check_eq(r.rc, 0, "terminal: exit 0")
    check_in("\x1b[1;31mbehandlet\x1b[0m", r.out, "terminal: matched word highlighted")
    check_in("\x1b[1;31mLIS1-stillinger\x1b[0m", r.out, "terminal: second hit highlighted")
    check_in("\x1b[1m4.2 Legeforeningens arbeid med høringer\x1b[0m", r.out, "terminal: bold title")
    r = kilde_tty("--socket", fake.address, "search", "lis1", env=clean_env(NO_COLOR="1"))
    check_not_in("\x1b[", r.out, "NO_COLOR: no escape sequences on a terminal")
    check_in("I 2024 behandlet Legeforeningen", r.out, "NO_COLOR: plain snippet")


def test_wrapping(fake):
    r = kilde("--socket", fake.address, "search", "lis1", env=clean_env(COLUMNS="40"))
    snippet = [l for l in r.out.splitlines() if "behandlet" in l or l.startswith("    høringer")]
    check(len(snippet) >= 2 and all(len(l) <= 40 for l in snippet),
          "COLUMNS=40: the snippet wrapped at 40 columns", "<= 40 columns", snippet)
    check_in("    I 2024 behandlet Legeforeningen 187\n    høringer", r.out,
             "COLUMNS=40: wrapped lines keep the indent")


def test_control_characters_are_defused(fake):
    r = kilde_tty("--socket", fake.address, "search", "styretegn", env=clean_env())
    check_not_in("\x1b[2J", r.out, "title's escape sequence not passed to the terminal")
    check_not_in("\x1b]0;", r.out, "snippet's escape sequence not passed to the terminal")
    check_not_in("\xc2\x9b", r.raw.decode("latin-1"), "C1 CSI not passed to the terminal")
    check_in("Tittel \ufffd[2Jmed\ufffd31m styretegn", r.out, "control characters shown as U+FFFD")


def test_where_the_client_finds_searchd(fake):
    r = kilde("ping", env=clean_env(KILDE_SOCKET=fake.address))
    check_eq(r.rc, 0, "$KILDE_SOCKET: exit 0")
    os.makedirs(os.path.join(fake.dir, "var"), exist_ok=True)
    os.symlink(fake.address, os.path.join(fake.dir, "var", "searchd.sock"))
    r = kilde("ping", cwd=fake.dir)
    check_eq(r.rc, 0, "default var/searchd.sock: exit 0")
    r = kilde("ping", cwd=os.path.join(fake.dir, "var"))
    check_in("var/searchd.sock", r.err, "default socket missing: named in the message")
    check_eq(r.rc, 2, "default socket missing: exit 2")


def test_tcp():
    fake = FakeSearchd(tcp=True)
    try:
        r = kilde("--connect", fake.address, "search", "lis1")
        check_eq(r.rc, 0, "--connect: exit 0")
        check_in("2 treff", r.out, "--connect: the hits")
    finally:
        fake.close()
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    closed = "127.0.0.1:%d" % s.getsockname()[1]
    s.close()
    r = kilde("--connect", closed, "ping")
    check_eq(r.rc, 2, "--connect refused: exit 2")
    check_in(f"cannot connect to searchd at {closed}: Connection refused", r.err,
             "--connect refused: host and port named")


def test_broken_daemons(fake):
    cases = [
        ("silent", "no reply within 1 s"),
        ("close", "closed the connection without replying"),
        ("garbage", "sent a reply that is not JSON"),
        ("huge", "sent a line over 16 MiB"),
        ("nul", "a NUL byte"),
        ("wrong_id", "answered another request"),
    ]
    for mode, message in cases:
        fake.mode = mode
        t0 = time.monotonic()
        # Only the silent daemon is waited out; the others must be told apart
        # however slowly a loaded machine reads 17 MiB under the sanitizers.
        timeout = "1" if mode == "silent" else "60"
        r = kilde("--socket", fake.address, "search", "lis1", env=clean_env(KILDE_TIMEOUT=timeout))
        elapsed = time.monotonic() - t0
        check_eq(r.rc, 2, f"{mode}: exit 2")
        check_in(message, r.err, f"{mode}: message")
        check_in(fake.address, r.err, f"{mode}: socket named")
        check(elapsed < 60, f"{mode}: gave up in time", "< 60 s", elapsed)
    fake.mode = "answer"


def main():
    if not os.access(KILDE, os.X_OK):
        print(f"no client at {KILDE} (set KILDE_BIN)", file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    fake = FakeSearchd()
    try:
        for name, fn in list(globals().items()):
            if not name.startswith("test_"):
                continue
            before = failed
            try:
                fn(fake) if fn.__code__.co_argcount else fn()
            except Exception as e:  # a crash in one test must not hide the others
                check(False, f"{name}: {type(e).__name__}: {e}")
            if failed > before:
                print(f"  in {name}", file=sys.stderr)
    finally:
        fake.close()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
