"""A small Chrome DevTools Protocol client for the browser tests.

Starts Debian's chromium headless with a throwaway profile, speaks CDP over
one WebSocket (Debian's python3-websocket) and gives a test what a person
does with a page: load it, type with real key events, press keys, click
with the mouse, read the clipboard, take a screenshot, look at it narrow
or dark or without JavaScript; and what the page complained about (console
errors, uncaught exceptions, failed loads, Content-Security-Policy
violations), so a test can demand there was nothing.

Every call has a time limit (a hung browser fails the test in seconds),
and chromium, its child processes and its profile are gone after close(),
which also runs at exit and on SIGTERM whatever happened before.

    with cdp.Browser() as browser:
        page = browser.new_page()
        page.goto("http://127.0.0.1:8080/")
        page.type_text("input[name=q]", "høringer")
        page.press("Enter")
        page.wait_for("document.querySelector('ol.hits')", what="the hits")
"""
import atexit
import base64
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

try:
    import websocket
except ImportError:
    # Debian's python3-websocket is installed for the system Python; a
    # python3 from elsewhere ahead of it on PATH (pyenv, a venv) does not
    # look there, and the package is pure Python.
    sys.path.append("/usr/lib/python3/dist-packages")
    import websocket

# The sanitizer build's daemon is 3-5x slower: every wait scales with it.
SLOW = 4.0 if os.environ.get("KILDE_SANITIZED") else 1.0
TIMEOUT = 10.0 * SLOW
CHROMIUM = os.environ.get("KILDE_CHROMIUM", "chromium")
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
    "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
    "--force-color-profile=srgb", "--lang=nb", "--window-size=1280,900",
]


class CDPError(Exception):
    """The browser refused a command, or a page's script threw."""


class Timeout(CDPError):
    """Something awaited did not happen in time."""


class Browser:
    """One headless chromium and one DevTools connection to it."""

    def __init__(self, timeout=TIMEOUT):
        self.timeout = timeout
        self.dir = None
        self.proc = None
        self.ws = None
        self.next_id = 0
        self.replies = {}
        self.pages = {}

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    def start(self):
        if shutil.which(CHROMIUM) is None:
            raise CDPError("%s not found: scripts/install-deps.sh installs Debian's chromium"
                           % CHROMIUM)
        self.dir = tempfile.mkdtemp(prefix="kilde-chromium.")
        profile = os.path.join(self.dir, "profile")
        self.log_path = os.path.join(self.dir, "chromium.log")
        _live.add(self)
        with open(self.log_path, "wb") as log:
            # setpriv: chromium dies with this process even if it is killed
            # and close() never runs; its own session, so close() can kill
            # the zygote and renderers with it.
            self.proc = subprocess.Popen(
                ["setpriv", "--pdeathsig", "KILL", "--", CHROMIUM] + FLAGS +
                ["--user-data-dir=" + profile, "about:blank"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        try:
            self.ws = websocket.create_connection(self._endpoint(profile), timeout=self.timeout,
                                                  suppress_origin=True)
        except Exception:
            self.close()
            raise
        return self

    def _endpoint(self, profile):
        """The browser's WebSocket address, from the file chromium writes
        once it listens (port on line 1, path on line 2)."""
        port_file = os.path.join(profile, "DevToolsActivePort")
        end = time.time() + 3 * self.timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                raise CDPError("chromium exited with status %d before listening:\n%s"
                               % (self.proc.returncode, self.log_tail()))
            try:
                with open(port_file) as f:
                    lines = f.read().split("\n")
                if len(lines) >= 2 and lines[1]:
                    return "ws://127.0.0.1:%s%s" % (lines[0].strip(), lines[1].strip())
            except OSError:
                pass
            time.sleep(0.05)
        raise Timeout("chromium wrote no DevToolsActivePort within %.0f s:\n%s"
                      % (3 * self.timeout, self.log_tail()))

    def log_tail(self, n=2000):
        try:
            with open(self.log_path, "r", errors="replace") as f:
                return f.read()[-n:]
        except (OSError, AttributeError):
            return ""

    def close(self):
        """Ends chromium and everything it started, removes its profile.
        Safe to call twice, and after a failed start."""
        _live.discard(self)
        if self.ws is not None:
            try:
                self.send("Browser.close", timeout=2)
            except Exception:
                pass  # it is killed below in any case
            try:
                self.ws.close()
            except Exception:
                pass
            self.ws = None
        if self.proc is not None:
            try:
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
            self.proc = None
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    # ---- the protocol ----------------------------------------------------

    def send(self, method, params=None, session=None, timeout=None):
        """Sends one command and returns its result; CDPError if refused."""
        if self.ws is None:
            raise CDPError("the browser is closed (%s)" % method)
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        msg_id = self.next_id
        self.pump(lambda: msg_id in self.replies, timeout or self.timeout,
                  "a reply to %s" % method)
        reply = self.replies.pop(msg_id)
        if "error" in reply:
            raise CDPError("%s: %s" % (method, reply["error"].get("message")))
        return reply.get("result", {})

    def pump(self, done, timeout, what):
        """Reads messages until done() holds; Timeout after timeout s."""
        end = time.time() + timeout
        while not done():
            left = end - time.time()
            if left <= 0:
                raise Timeout("no %s within %.1f s" % (what, timeout))
            # short slices, so done() is asked again while nothing arrives
            self.ws.settimeout(min(left, 0.1))
            try:
                raw = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            except (websocket.WebSocketException, OSError) as e:
                raise CDPError("the DevTools connection broke waiting for %s: %s\n%s"
                               % (what, e, self.log_tail()))
            self._dispatch(json.loads(raw))

    def drain(self, seconds=0.2):
        """Reads what the browser has sent meanwhile (events only)."""
        try:
            self.pump(lambda: False, seconds, "")
        except Timeout:
            pass

    def _dispatch(self, msg):
        if "id" in msg:
            self.replies[msg["id"]] = msg
        elif msg.get("sessionId") in self.pages:
            self.pages[msg["sessionId"]].on_event(msg["method"], msg.get("params", {}))

    def new_page(self, width=1280, height=900):
        """A tab in a browser context of its own (no shared storage)."""
        context = self.send("Target.createBrowserContext")["browserContextId"]
        target = self.send("Target.createTarget",
                           {"url": "about:blank", "browserContextId": context})["targetId"]
        session = self.send("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target, context)
        self.pages[session] = page
        page.setup(width, height)
        return page


# Key definitions as a US keyboard sends them (keyCode, code, key, text).
KEYS = {
    "Enter": (13, "Enter", "Enter", "\r"),
    "Tab": (9, "Tab", "Tab", ""),
    "Escape": (27, "Escape", "Escape", ""),
    "Backspace": (8, "Backspace", "Backspace", ""),
    "ArrowDown": (40, "ArrowDown", "ArrowDown", ""),
    "ArrowUp": (38, "ArrowUp", "ArrowUp", ""),
    "ArrowLeft": (37, "ArrowLeft", "ArrowLeft", ""),
    "ArrowRight": (39, "ArrowRight", "ArrowRight", ""),
    "Home": (36, "Home", "Home", ""),
    "End": (35, "End", "End", ""),
    "/": (191, "Slash", "/", "/"),
    " ": (32, "Space", " ", " "),
}
MODIFIERS = {"Alt": 1, "Control": 2, "Meta": 4, "Shift": 8}

class Problem:
    """One complaint of a page: source is console, exception, network,
    security (a Content-Security-Policy violation), javascript, …"""

    def __init__(self, source, text, url):
        self.source, self.text, self.url = source, text, url or ""

    def __repr__(self):
        return "%s: %s%s" % (self.source, self.text, " [%s]" % self.url if self.url else "")


class Page:
    """One tab: what a test does with it and what the page complained of."""

    def __init__(self, browser, session, target, context):
        self.browser = browser
        self.session = session
        self.target = target
        self.context = context
        self.lifecycle = []      # (loaderId, name) as the frame reports them
        self.main_frame = None
        self.problem_log = []    # Problems, in order
        self.in_flight = set()   # requests sent and not yet answered
        self.last_network = time.time()

    def send(self, method, params=None, timeout=None):
        return self.browser.send(method, params, self.session, timeout)

    def close(self):
        """Closes the tab and forgets its context (storage, permissions)."""
        self.browser.pages.pop(self.session, None)
        self.browser.send("Target.closeTarget", {"targetId": self.target})
        self.browser.send("Target.disposeBrowserContext", {"browserContextId": self.context})

    def setup(self, width, height):
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(domain + ".enable")
        self.send("Page.setLifecycleEventsEnabled", {"enabled": True})
        # a headless tab has no window focus; the clipboard API needs it
        self.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
        self.main_frame = self.send("Page.getFrameTree")["frameTree"]["frame"]["id"]
        self.set_viewport(width, height)

    # ---- what the page complains of -----------------------------------------

    def on_event(self, method, params):
        if method == "Page.lifecycleEvent" and params.get("frameId") == self.main_frame:
            self.lifecycle.append((params.get("loaderId"), params.get("name")))
        elif method == "Network.requestWillBeSent":
            self.in_flight.add(params["requestId"])
            self.last_network = time.time()
        elif method in ("Network.loadingFinished", "Network.loadingFailed"):
            self.in_flight.discard(params["requestId"])
            self.last_network = time.time()
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = " ".join(_remote_text(a) for a in params.get("args", []))
            frames = (params.get("stackTrace") or {}).get("callFrames") or [{}]
            self.problem_log.append(Problem("console", "console.%s: %s" % (params["type"], args),
                                            frames[0].get("url")))
        elif method == "Runtime.exceptionThrown":
            d = params.get("exceptionDetails", {})
            text = d.get("exception", {}).get("description") or d.get("text", "")
            self.problem_log.append(Problem("exception", "uncaught: %s (line %s)"
                                            % (text, d.get("lineNumber", "?")), d.get("url")))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            # failed loads (source network) and Content-Security-Policy
            # violations (source security) arrive here
            e = params["entry"]
            self.problem_log.append(Problem(e.get("source", "log"), e.get("text", ""),
                                            e.get("url")))

    def problems(self, allow=None):
        """What the page complained of since the last clear_problems(),
        less those allow(problem) excuses."""
        self.browser.drain()
        return [p for p in self.problem_log if not (allow and allow(p))]

    def clear_problems(self):
        self.browser.drain()
        self.problem_log = []

    # ---- loading -------------------------------------------------------------

    def goto(self, url, timeout=None):
        """Loads url and waits for its load event (CDPError if it fails)."""
        timeout = timeout or self.browser.timeout
        r = self.send("Page.navigate", {"url": url}, timeout)
        if r.get("errorText"):
            raise CDPError("cannot load %s: %s" % (url, r["errorText"]))
        loader = r.get("loaderId")
        if loader:  # else a same-document navigation (a #fragment)
            self.browser.pump(lambda: (loader, "load") in self.lifecycle, timeout,
                              "load event for %s" % url)
        return self

    def reload(self, timeout=None):
        return self.goto(self.url(), timeout)

    def url(self):
        return self.evaluate("location.href")

    def back(self):
        """The browser's back button (a history entry, same document or not)."""
        h = self.send("Page.getNavigationHistory")
        i = h["currentIndex"]
        if i == 0:
            raise CDPError("no history entry to go back to")
        self.send("Page.navigateToHistoryEntry", {"entryId": h["entries"][i - 1]["id"]})

    def settle(self, quiet=0.3, timeout=None):
        """Waits until no request has been in flight for quiet seconds and
        the page has painted once more: a script's fetch answered and
        shown. Returns the page."""
        # a request the page is about to make (a click's fetch) has quiet
        # seconds to show up
        self.last_network = max(self.last_network, time.time())
        self.browser.pump(lambda: not self.in_flight and
                          time.time() - self.last_network >= quiet,
                          timeout or self.browser.timeout,
                          "a quiet network (%d requests in flight)" % len(self.in_flight))
        self.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
        return self

    # ---- scripts ---------------------------------------------------------------

    def evaluate(self, expression, user_gesture=False, timeout=None):
        """The value of a JavaScript expression in the page (promises are
        awaited; the value comes back as JSON). CDPError if it throws."""
        r = self.send("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True,
            "userGesture": user_gesture}, timeout)
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise CDPError("evaluating %s: %s" % (
                expression[:200], d.get("exception", {}).get("description") or d.get("text")))
        return r.get("result", {}).get("value")

    def wait_for(self, expression, timeout=None, what=None):
        """Waits until the expression is truthy and returns its value.
        A script error (the page still loading) counts as not yet."""
        timeout = timeout or self.browser.timeout
        end = time.time() + timeout
        last = None
        while True:
            try:
                # truthiness is JavaScript's: an element or {} counts,
                # though it comes back as a Python dict that is empty;
                # a promise counts by what it resolves to
                got = self.evaluate(
                    "(async () => { const v = await (%s); return {truthy: !!v, "
                    "value: v instanceof Node ? true : v}; })()" % expression,
                    timeout=max(0.5, end - time.time()))
                if got and got.get("truthy"):
                    return got.get("value")
                last = got.get("value") if got else got
            except Timeout:
                last = "no answer from the page"
            except CDPError as e:
                last = str(e)
            if time.time() >= end:
                raise Timeout("waited %.1f s for %s; last: %r"
                              % (timeout, what or expression[:200], last))
            self.browser.drain(0.05)

    # ---- a person's hands ----------------------------------------------------

    def focus(self, selector):
        self._element(selector, "el.focus()")

    def type_text(self, selector, text, clear=True):
        """Focuses the element and types text a key at a time (keydown,
        keypress/input, keyup as a keyboard makes them); clear first
        selects what it holds and deletes it with Backspace."""
        self.focus(selector)
        if clear:
            self._element(selector, "el.select && el.select()")
            self.press("Backspace")
        self.type_keys(text)

    def type_keys(self, text):
        """Types into whatever has the focus."""
        for ch in text:
            if ch in KEYS:
                self.press(ch)
                continue
            self.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": ch, "text": ch,
                                                 "unmodifiedText": ch})
            self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": ch})

    def press(self, key, modifiers=()):
        """One key: a name in KEYS ("Enter", "Tab", "ArrowDown", "/") or a character."""
        code, name, keyname, text = KEYS.get(key, (0, "", key, key))
        mods = sum(MODIFIERS[m] for m in modifiers)
        down = {"type": "keyDown" if text else "rawKeyDown", "key": keyname, "code": name,
                "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code,
                "modifiers": mods}
        if text and not mods:
            down.update(text=text, unmodifiedText=text)
        self.send("Input.dispatchKeyEvent", down)
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": keyname, "code": name,
                                             "windowsVirtualKeyCode": code,
                                             "nativeVirtualKeyCode": code, "modifiers": mods})

    def click(self, selector):
        """A mouse click in the middle of the element (scrolled into view):
        a real user gesture, as the clipboard API wants."""
        x, y = self._element(selector, """
            el.scrollIntoView({block: 'center', inline: 'center'});
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) return 'invisible';
            return [r.left + r.width / 2, r.top + r.height / 2];""", "invisible")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y,
                                                   "button": "left", "clickCount": 1})

    def _element(self, selector, body, bad=None):
        """Runs body with el bound to the first element matching selector."""
        value = self.evaluate("""(() => {
            const el = document.querySelector(%s);
            if (!el) return '__missing__';
            %s
        })()""" % (json.dumps(selector), body))
        if value == "__missing__":
            raise CDPError("no element %s on %s" % (selector, self.url()))
        if bad is not None and value == bad:
            raise CDPError("element %s is %s on %s" % (selector, bad, self.url()))
        return value

    # ---- how it is seen ------------------------------------------------------

    def set_viewport(self, width, height, mobile=False, scale=1):
        """The window's CSS size; mobile lays the page out as a phone does
        (honouring its viewport meta tag)."""
        self.viewport = (width, height)
        self.send("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile})
        self.send("Emulation.setTouchEmulationEnabled", {"enabled": mobile})

    def emulate_color_scheme(self, scheme):
        """'dark' or 'light' for prefers-color-scheme; '' for the default."""
        features = [{"name": "prefers-color-scheme", "value": scheme}] if scheme else []
        self.send("Emulation.setEmulatedMedia", {"features": features})

    def disable_javascript(self, disabled=True):
        """The page's own scripts stop running (from the next load on);
        evaluate() still works, as DevTools' own."""
        self.send("Emulation.setScriptExecutionDisabled", {"value": disabled})

    def screenshot(self, path, full_page=False):
        """Writes a PNG of the viewport, or of the whole page."""
        params = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params.update(captureBeyondViewport=True, clip={
                "x": 0, "y": 0, "width": self.viewport[0],
                "height": max(size["height"], self.viewport[1]), "scale": 1})
        data = base64.b64decode(self.send("Page.captureScreenshot", params,
                                          timeout=3 * self.browser.timeout)["data"])
        with open(path, "wb") as f:
            f.write(data)
        return path

    # ---- the clipboard -------------------------------------------------------

    def grant_clipboard(self, origin):
        """Lets pages of origin (http://127.0.0.1:PORT) read and write it."""
        self.browser.send("Browser.grantPermissions", {
            "origin": origin, "browserContextId": self.context,
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})

    def read_clipboard(self):
        return self.evaluate("navigator.clipboard.readText()", user_gesture=True)


def png_size(path):
    """(width, height) of a PNG file; ValueError if it is not one."""
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError("%s is not a PNG (starts %r)" % (path, head[:8]))
    return struct.unpack(">II", head[16:24])


def _remote_text(obj):
    if "value" in obj:
        return str(obj["value"])
    return obj.get("description") or obj.get("type", "?")


# Every browser still open: closed at exit, and on SIGTERM (make check's
# runner killed, a timeout) before the process dies.
_live = set()


def close_all():
    for b in list(_live):
        b.close()


def _on_sigterm(signum, frame):
    close_all()
    sys.exit(128 + signum)


atexit.register(close_all)
if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
    signal.signal(signal.SIGTERM, _on_sigterm)


class Watchdog:
    """Fails a whole test file that runs past its limit instead of letting
    it hang make check: SIGALRM raises Timeout in the main thread, so the
    finally blocks and close() still run."""

    def __init__(self, seconds):
        self.seconds = int(seconds)

    def __enter__(self):
        def expire(signum, frame):
            raise Timeout("the test ran past its limit of %d s" % self.seconds)
        signal.signal(signal.SIGALRM, expire)
        signal.alarm(self.seconds)
        return self

    def __exit__(self, *exc):
        signal.alarm(0)
