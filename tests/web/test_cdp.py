"""The browser harness (tests/web/cdp.py) proven on pages it serves itself.

A tiny site from Python's http.server in a thread: a search box, a copy
button, a history entry made by the script, a page that complains, one
under a Content-Security-Policy.  Each test drives the real headless
chromium through the harness and checks what the page itself saw (its
own key and mouse events, its clipboard, its console), so a harness that
only pretended would fail.
"""
import http.server
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "searchd"))
import cdp  # noqa: E402
from sdtest import check, check_eq, run_tests, tmpdir  # noqa: E402

COPIED = "Den norske legeforening: Årsmelding 2024, 4.2 Legeforeningens arbeid med høringer, s. 45–46"

INDEX = """<!doctype html>
<html lang="nb"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Harness</title>
<style>
  body { background: #ffffff; color: #111111; margin: 0; }
  @media (prefers-color-scheme: dark) { body { background: #101418; color: #e8e8e8; } }
</style></head>
<body>
<form id="f"><input name="q" id="q" autocomplete="off"><button id="go">Søk</button></form>
<p class="hit-cite"><cite>%(cite)s</cite> <button type="button" class="copy">Kopier</button></p>
<p id="out"></p>
<a id="next" href="/second">Neste side</a>
<button type="button" id="fetch">Hent</button>
<script>
  window.keys = []; window.inputs = 0; window.clicks = [];
  const q = document.getElementById('q');
  q.addEventListener('keydown', e => window.keys.push(e.key));
  q.addEventListener('input', () => window.inputs++);
  document.getElementById('f').addEventListener('submit', e => {
    e.preventDefault();
    history.pushState({q: q.value}, '', '/?q=' + encodeURIComponent(q.value));
    document.getElementById('out').textContent = 'søkte: ' + q.value;
  });
  window.addEventListener('popstate', () => {
    document.getElementById('out').textContent = 'tilbake: ' + location.search;
  });
  document.addEventListener('keydown', e => {
    if (e.key === '/' && document.activeElement !== q) { e.preventDefault(); q.focus(); }
  });
  document.getElementById('fetch').addEventListener('click', () =>
    fetch('/slow').then(r => r.text()).then(t => {
      document.getElementById('out').textContent = t; }));
  document.querySelector('button.copy').addEventListener('click', e => {
    window.clicks.push(e.isTrusted);
    const text = document.querySelector('.hit-cite cite').textContent;
    navigator.clipboard.writeText(text).then(
      () => { e.target.textContent = 'Kopiert'; },
      err => { e.target.textContent = 'Feil: ' + err; });
  });
</script>
</body></html>
""" % {"cite": COPIED}

SECOND = """<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>To</title></head>
<body><p style="height: 3000px">En lang side.</p></body></html>"""

COMPLAINS = """<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Feil</title></head>
<body><img src="/missing.png" alt="">
<script>console.error('noe gikk galt', 42); setTimeout(() => { null.x; }, 0);</script>
</body></html>"""

# An inline script and a stylesheet from elsewhere, both refused by the policy.
GUARDED = """<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>CSP</title>
<link rel="stylesheet" href="data:text/css,body{color:red}"></head>
<body><script>window.__inline = 1;</script></body></html>"""

ROUTES = {
    "/": (INDEX, {}),
    "/second": (SECOND, {}),
    "/complains": (COMPLAINS, {}),
    "/guarded": (GUARDED, {"Content-Security-Policy": "default-src 'self'"}),
    "/favicon.ico": ("", {}),
}


class Site(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow":
            # answers late, as a busy daemon would: settle() must wait for it
            time.sleep(0.5)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            self.wfile.write("svar fra tjeneren".encode())
            return
        route = ROUTES.get(self.path.split("?")[0])
        if route is None:
            self.send_error(404)
            return
        body, headers = route
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8" if body else "image/x-icon")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


SERVER = None
BASE = None
B = None
LAST = None


def raised(fn, kind=cdp.CDPError):
    """The exception of kind that fn() raised, or None."""
    try:
        fn()
    except kind as e:
        return e
    return None


def fresh_page(width=1280, height=900):
    """The site's first page in a new tab; the tab before it is closed."""
    global LAST
    if LAST is not None:
        LAST.close()
    page = LAST = B.new_page(width, height)
    page.goto(BASE + "/")
    return page


def test_evaluate_returns_values_and_raises_script_errors():
    page = fresh_page()
    check_eq(page.evaluate("[1 + 1, 'æøå', null, {a: true}]"), [2, "æøå", None, {"a": True}],
             "values come back as JSON")
    check_eq(page.evaluate("new Promise(r => setTimeout(() => r('later'), 10))"), "later",
             "a promise is awaited")
    check_eq(page.evaluate("document.title"), "Harness", "the served page is loaded")
    e = raised(lambda: page.evaluate("nosuchname.x"))
    check(e and "nosuchname" in str(e), "a script error raises CDPError naming it", e)


def test_typing_sends_real_key_events():
    page = fresh_page()
    text = "høringer «æøå» <b>&"
    page.type_text("#q", text)
    check_eq(page.evaluate("document.getElementById('q').value"), text, "the box holds the text")
    check_eq(page.evaluate("window.keys"), ["Backspace"] + list(text),
             "a keydown per character (after the Backspace that clears)")
    check_eq(page.evaluate("window.inputs"), len(text), "an input event per character")
    page.press("Enter")
    out = page.wait_for("document.getElementById('out').textContent", what="the form's submit")
    check_eq(out, "søkte: " + text, "Enter submitted the form")
    check_eq(page.evaluate("new URLSearchParams(location.search).get('q')"), text,
             "the script's pushState shows in the address")
    page.type_text("#q", "ny", clear=True)
    check_eq(page.evaluate("document.getElementById('q').value"), "ny", "clear empties the box first")
    page.type_text("#q", "tt", clear=False)
    check_eq(page.evaluate("document.getElementById('q').value"), "nytt", "or types after it")


def test_keys_move_the_focus():
    page = fresh_page()
    page.evaluate("document.activeElement.blur()")
    page.press("/")
    check_eq(page.evaluate("document.activeElement.id"), "q", "'/' reached the page's shortcut")
    check_eq(page.evaluate("document.getElementById('q').value"), "",
             "and was not typed (the page prevented it)")
    page.press("Tab")
    check_eq(page.evaluate("document.activeElement.id"), "go", "Tab moves to the next control")
    page.press("Tab", modifiers=["Shift"])
    check_eq(page.evaluate("document.activeElement.id"), "q", "Shift+Tab moves back")


def test_click_is_a_trusted_mouse_event_and_copies():
    page = fresh_page()
    page.grant_clipboard(BASE)
    page.click("button.copy")
    page.wait_for("document.querySelector('button.copy').textContent !== 'Kopier'",
                  what="the copy button's answer")
    check_eq(page.evaluate("document.querySelector('button.copy').textContent"), "Kopiert",
             "the page's writeText succeeded")
    check_eq(page.evaluate("window.clicks"), [True], "one click, a trusted (real) event")
    check_eq(page.read_clipboard(), COPIED, "the clipboard holds the citation exactly")
    e = raised(lambda: page.click("#nothing"))
    check(e and "#nothing" in str(e), "clicking a missing element raises, naming it", e)


def test_navigation_history_and_back():
    page = fresh_page()
    page.evaluate("window.marker = 'samme dokument'")
    page.type_text("#q", "første")
    page.press("Enter")
    page.wait_for("location.search === '?q=' + encodeURIComponent('første')", what="first search")
    page.type_text("#q", "andre")
    page.press("Enter")
    page.wait_for("location.search === '?q=andre'", what="second search")
    page.back()
    page.wait_for("location.search === '?q=' + encodeURIComponent('første')",
                  what="back to the first search")
    check_eq(page.evaluate("window.marker"), "samme dokument", "back stayed in the document")
    check(page.evaluate("document.getElementById('out').textContent").startswith("tilbake"),
          "the page saw popstate")
    page.click("#next")
    page.wait_for("location.pathname === '/second' && document.readyState === 'complete'",
                  what="the linked page")
    check_eq(page.evaluate("window.marker"), None, "a followed link loads a new document")
    page.back()
    page.wait_for("location.pathname === '/' && document.readyState === 'complete'",
                  what="back from the linked page")
    e = raised(lambda: page.goto("http://127.0.0.1:1/"))
    check(e and "ERR_" in str(e), "an unreachable address raises chromium's error", e)


def test_complaints_are_collected():
    page = fresh_page()
    page.type_text("#q", "x")
    check_eq([str(p) for p in page.problems()], [], "a clean page has nothing to complain of")
    page.goto(BASE + "/complains")
    page.wait_for("document.readyState === 'complete'")
    page.browser.drain(0.5)
    found = page.problems()
    sources = sorted(p.source for p in found)
    check(sources == ["console", "exception", "network"],
          "console.error, the uncaught TypeError and the 404", found)
    check(any("noe gikk galt 42" in p.text for p in found), "console arguments kept", found)
    check(any(p.source == "network" and p.url.endswith("/missing.png") for p in found),
          "the failed load names its address", found)
    check_eq(page.problems(allow=lambda p: p.source != "exception")[0].source, "exception",
             "allow() excuses what a test expects")
    page.clear_problems()
    check_eq(page.problems(), [], "clear_problems() starts afresh")
    page.goto(BASE + "/guarded")
    page.wait_for("document.readyState === 'complete'")
    page.browser.drain(0.3)
    found = page.problems()
    check(len(found) >= 2 and all(p.source == "security" for p in found),
          "the blocked inline script and stylesheet are CSP violations", found)
    check_eq(page.evaluate("window.__inline"), None, "and the script was indeed refused")


def test_screenshots_are_pngs_of_the_viewport():
    d = tmpdir("cdp-shot")
    try:
        page = fresh_page()
        path = page.screenshot(os.path.join(d, "desk.png"))
        check_eq(cdp.png_size(path), (1280, 900), "the viewport's size")
        page.set_viewport(375, 667, mobile=True)
        page.goto(BASE + "/")
        check_eq(page.evaluate("innerWidth"), 375, "a phone's layout width")
        check_eq(cdp.png_size(page.screenshot(os.path.join(d, "phone.png"))), (375, 667),
                 "a phone screenshot")
        page.set_viewport(800, 600)
        page.goto(BASE + "/second")
        w, h = cdp.png_size(page.screenshot(os.path.join(d, "full.png"), full_page=True))
        check(w == 800 and h >= 3000, "a full page is as tall as its content", (w, h))
        with open(os.path.join(d, "bad.png"), "wb") as f:
            f.write(b"GIF89a....")
        check(raised(lambda: cdp.png_size(os.path.join(d, "bad.png")), ValueError),
              "png_size refuses what is not a PNG")
    finally:
        subprocess.run(["rm", "-rf", d])


def background(page):
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_dark_scheme_and_no_javascript():
    page = fresh_page()
    check_eq(background(page), "rgb(255, 255, 255)", "light by default")
    page.emulate_color_scheme("dark")
    check_eq(page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches"), True,
             "the page sees a dark preference")
    check_eq(background(page), "rgb(16, 20, 24)", "and its dark rule applies")
    page.emulate_color_scheme("")
    check_eq(background(page), "rgb(255, 255, 255)", "back to the default")
    page = fresh_page()
    page.disable_javascript()
    page.reload()
    check_eq(page.evaluate("typeof window.keys"), "undefined", "the page's script did not run")
    check_eq(page.evaluate("document.querySelector('cite').textContent"), COPIED,
             "yet the markup is there to read")


def test_settle_waits_for_the_scripts_requests():
    page = fresh_page()
    page.settle()
    page.click("#fetch")
    page.settle()
    check_eq(page.evaluate("document.getElementById('out').textContent"), "svar fra tjeneren",
             "after settle() the script's fetch is answered and shown")
    check_eq(page.in_flight, set(), "nothing in flight")


def test_wait_for_gives_up_with_what_it_saw():
    page = fresh_page()
    e = raised(lambda: page.wait_for("document.title === 'aldri'", timeout=0.5,
                                     what="a title that never comes"), cdp.Timeout)
    check(e and "a title that never comes" in str(e) and "False" in str(e),
          "wait_for raises Timeout saying what it waited for and the last value", e)


def test_wait_for_takes_javascripts_truth():
    """An element, an empty object and a promise are truthy in the page,
    though an element and {} come back to Python as an empty dict."""
    page = fresh_page()
    check_eq(page.wait_for("document.querySelector('body')", timeout=2, what="an element"),
             True, "an element counts as found")
    check_eq(page.wait_for("({})", timeout=2, what="an empty object"), {},
             "an empty object counts")
    check_eq(page.wait_for("Promise.resolve('svar')", timeout=2, what="a promise"), "svar",
             "a promise counts by what it resolves to")
    e = raised(lambda: page.wait_for("Promise.resolve(0)", timeout=0.5, what="a zero"),
               cdp.Timeout)
    check(e is not None, "a promise of 0 does not", e)


def chromium_processes(profile_dir):
    """Processes whose command line names this profile (chromium's own and
    each child it started pass it on)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if profile_dir.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def test_close_leaves_nothing_behind():
    b = cdp.Browser().start()
    d = b.dir
    page = b.new_page()
    page.goto(BASE + "/")
    check(len(chromium_processes(d)) >= 2, "chromium runs with its helpers", chromium_processes(d))
    b.close()
    check_eq(chromium_processes(d), [], "no chromium process left")
    check(not os.path.exists(d), "its profile is removed", d)
    b.close()  # twice is harmless

    b = cdp.Browser().start()
    d = b.dir
    page = b.new_page()
    subprocess.run(["kill", "-KILL", str(b.proc.pid)])
    check(raised(lambda: page.goto(BASE + "/")), "a dead browser fails the next command")
    b.close()
    check_eq(chromium_processes(d), [], "a crashed chromium's helpers are killed too")
    check(not os.path.exists(d), "and its profile removed", d)


def main():
    global SERVER, BASE, B
    SERVER = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=SERVER.serve_forever, daemon=True).start()
    BASE = "http://127.0.0.1:%d" % SERVER.server_address[1]
    with cdp.Watchdog(180 * cdp.SLOW):
        B = cdp.Browser().start()
        try:
            status = run_tests([
                test_evaluate_returns_values_and_raises_script_errors,
                test_typing_sends_real_key_events,
                test_keys_move_the_focus,
                test_click_is_a_trusted_mouse_event_and_copies,
                test_navigation_history_and_back,
                test_complaints_are_collected,
                test_screenshots_are_pngs_of_the_viewport,
                test_dark_scheme_and_no_javascript,
                test_settle_waits_for_the_scripts_requests,
                test_wait_for_gives_up_with_what_it_saw,
                test_wait_for_takes_javascripts_truth,
                test_close_leaves_nothing_behind,
            ])
        finally:
            B.close()
            SERVER.shutdown()
    return status


if __name__ == "__main__":
    sys.exit(main())
