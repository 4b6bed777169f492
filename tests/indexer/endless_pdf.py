"""Writes a small PDF that poppler would read for ever: its page draws a
form that draws the next form twice, DEPTH levels deep, so that one line
of text is drawn 2**DEPTH times (depth 16 takes pdftotext 90 s here; the
tests use 40).  Each form is valid on its own; only the fan-out is hostile,
as in the "billion laughs" of XML.

    python3 tests/indexer/endless_pdf.py OUT.pdf [DEPTH]
"""
import sys

from minipdf import pdf_file

FIRST_FORM = 10


def stream(dictionary, body):
    return dictionary[:-2] + b" /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


def form(level, depth):
    fonts = b"/Font << /F1 4 0 R >>"
    if level + 1 < depth:
        resources = fonts + b" /XObject << /X0 %d 0 R >>" % (FIRST_FORM + level + 1)
        body = b"/X0 Do /X0 Do"
    else:
        resources = fonts
        body = b"BT /F1 10 Tf 50 100 Td (Legeforeningen) Tj ET"
    return stream(b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << "
                  + resources + b" >> >>", body)


def build(depth):
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
           b"/Resources << /Font << /F1 4 0 R >> /XObject << /X0 %d 0 R >> >> >>" % FIRST_FORM,
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        5: stream(b"<< >>", b"BT /F1 10 Tf 50 700 Td (Uendelig skjema) Tj ET\n/X0 Do"),
    }
    for level in range(depth):
        objs[FIRST_FORM + level] = form(level, depth)
    return pdf_file(objs)


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as f:
        f.write(build(int(sys.argv[2]) if len(sys.argv) > 2 else 40))
