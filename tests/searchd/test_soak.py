"""The soak's short version (tests/soak/soak.py; make soak runs the long
one): 48 clients on the Unix socket, TCP and HTTP, well-behaved and not,
for 15 seconds while the indexer commits; afterwards searchd is alive,
leaked no descriptors, grew little, and answered every well-formed query
as a quiet daemon did.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "soak"))
from sdtest import check, run_tests  # noqa: E402
import soak  # noqa: E402


def test_short_soak():
    claims, figures = soak.soak(15, 48)
    for ok, what, detail in claims:
        check(ok, what, detail)
    if "requests" in figures:
        soak.report(figures)


if __name__ == "__main__":
    sys.exit(run_tests([test_short_soak]))
