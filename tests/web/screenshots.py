"""make screenshots: the search page as a person sees it, for the docs.

Indexes corpus/ into a temporary folder, starts searchd with --http on a
loopback port, and has headless chromium (tests/web/cdp.py) take each view
at 1280x900 and one search at a phone's 375x812 into OUT (docs/screenshots):

    sok.png            a search typed into the box and sent with Enter
    enhet.png          the unit page of section 4.2 of the annual report
    standpunkter.png   the positions taken on LIS1
    historikk.png      the chart of "legeforeningen" through the years
    sok-mobil.png      the search on a phone

While searchd has no --http it says so and writes nothing (exit 0).
    python3 tests/web/screenshots.py [BINDIR [OUT]]
"""
import os
import shutil
import sys

if len(sys.argv) > 1:
    os.environ["KILDE_BIN"] = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "searchd"))
os.environ.setdefault("KILDE_SCHEMA_DIR", os.path.join(ROOT, "schemas"))
import cdp  # noqa: E402
from sdtest import build_index, tmpdir  # noqa: E402
from webtest import WebDaemon, http_missing  # noqa: E402

QUERY = "hvor mange høringer behandlet legeforeningen i 2024"
DESK = (1280, 900)
PHONE = (375, 812)


def typed_search(page, base):
    page.goto(base + "/")
    page.type_text("input[name=q]", QUERY)
    page.press("Enter")
    page.wait_for("document.querySelector('section.results ol.hits li.hit')",
                  what="the hits for %r" % QUERY)


def view(path, shown):
    def load(page, base):
        page.goto(base + path)
        page.wait_for(shown, what=path)
    return load


def shots(unit):
    """(file, viewport, how to get there) for each picture."""
    return [
        ("sok.png", DESK, typed_search),
        ("enhet.png", DESK, view("/enhet/%s?q=h%%C3%%B8ringer" % unit,
                                 "document.querySelector('mark')")),
        ("standpunkter.png", DESK, view("/standpunkter?q=LIS1",
                                        "document.body.innerText.includes('LIS1-stillinger')")),
        ("historikk.png", DESK, view("/historikk?q=legeforeningen",
                                     "document.querySelector('svg rect')")),
        ("status.png", DESK, view("/status", "document.querySelector('.status-table')")),
        ("sok-mobil.png", PHONE, typed_search),
    ]


def main():
    out = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "docs",
                                                                              "screenshots"))
    reason = http_missing()
    if reason:
        print("screenshots: skipped: %s; nothing written" % reason)
        return 0
    work = tmpdir("screenshots")
    daemon = None
    try:
        build_index(os.path.join(work, "index"))
        daemon = WebDaemon(os.path.join(work, "index"), name="screenshots").start()
        c = daemon.client()
        unit = c.request({"op": "search", "q": QUERY, "limit": 1})["hits"][0]["id"]
        c.close()
        os.makedirs(out, exist_ok=True)
        with cdp.Watchdog(300 * cdp.SLOW), cdp.Browser() as browser:
            for name, (w, h), load in shots(unit):
                page = browser.new_page(w, h)
                page.set_viewport(w, h, mobile=(w, h) == PHONE)
                load(page, daemon.base)
                page.settle()
                path = page.screenshot(os.path.join(out, name))
                print("screenshots: %s (%dx%d)" % (os.path.relpath(path, ROOT),
                                                   *cdp.png_size(path)))
                page.close()
    finally:
        if daemon:
            daemon.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (cdp.CDPError, RuntimeError) as e:
        print("screenshots: %s" % e, file=sys.stderr)
        sys.exit(1)
