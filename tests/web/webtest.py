"""What the page tests and make screenshots share: searchd with its HTTP
side on a free loopback port, whether this searchd has one at all, and
plain HTTP requests to it (docs/WEB.md)."""
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "searchd"))
from sdtest import BIN, SLOW, Daemon, free_port, wait_connectable  # noqa: E402


def http_missing():
    """Why the page cannot be tried here, or None when it can: a searchd
    that serves HTTP lists --http in its --help."""
    searchd = os.path.join(BIN, "searchd")
    if not os.access(searchd, os.X_OK):
        return "no %s (build it with make)" % searchd
    r = subprocess.run([searchd, "--help"], capture_output=True, text=True, timeout=20 * SLOW)
    if "--http" not in r.stdout + r.stderr:
        return "%s has no --http yet (its --help does not list it)" % searchd
    return None


class WebDaemon(Daemon):
    """searchd --foreground with --http 127.0.0.1:PORT beside its socket."""

    def __init__(self, db, name="web", args=()):
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        super().__init__(db, ["--http", "127.0.0.1:%d" % self.port] + list(args), name=name)

    def start(self):
        super().start()

        def connect():
            return socket.create_connection(("127.0.0.1", self.port), timeout=2 * SLOW)
        if not wait_connectable(connect, 15 * SLOW):
            self.stop()
            raise RuntimeError("searchd answers no HTTP on %s: %s" % (self.base, self.stderr()))
        return self


def fetch(url, timeout=10 * SLOW):
    """(status, headers with lower-case names, body) of a GET, whatever
    the status."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()
