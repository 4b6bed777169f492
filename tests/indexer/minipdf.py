"""Writes a small text PDF for the tests, with no PDF library: one line of
Helvetica per line of text, pages as given, and optionally an info
dictionary and an XMP metadata packet.

    python3 tests/indexer/minipdf.py OUT.pdf SPEC.json

SPEC: {"pages": [["line", …], …], "info": {"Title": "…", "Subject": "…"},
       "xmp": "<x:xmpmeta …>…</x:xmpmeta>"}
Text is written in WinAnsiEncoding (cp1252), so Norwegian letters work.
"""
import json
import sys


def pdf_string(s):
    raw = s.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def page_stream(lines):
    out = [b"BT /F1 10 Tf 14 TL 50 800 Td"]
    for line in lines:
        out.append(pdf_string(line) + b" Tj T*")
    out.append(b"ET")
    return b"\n".join(out)


def stream_object(body, extra=b""):
    return b"<< /Length %d%s >>\nstream\n" % (len(body), extra) + body + b"\nendstream"


def build(spec):
    pages = spec["pages"]
    objs = {}  # number -> bytes
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 info, 5 metadata, then page/content pairs
    first = 6
    kids = [first + 2 * i for i in range(n_pages)]
    catalog = b"<< /Type /Catalog /Pages 2 0 R"
    if spec.get("xmp"):
        catalog += b" /Metadata 5 0 R"
        objs[5] = stream_object(spec["xmp"].encode("utf-8"), b" /Type /Metadata /Subtype /XML")
    objs[1] = catalog + b" >>"
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), n_pages)
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    info = spec.get("info", {})
    objs[4] = b"<< " + b" ".join(b"/" + k.encode() + b" " + pdf_string(v)
                                 for k, v in info.items()) + b" >>"
    for i, lines in enumerate(pages):
        page, content = kids[i], kids[i] + 1
        objs[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                      b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        objs[content] = stream_object(page_stream(lines))
    return pdf_file(objs, b" /Info 4 0 R")


def pdf_file(objs, trailer=b""):
    """The file of numbered objects (1 the catalog), with its xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    size = max(objs) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[num]) if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, xref)
    return bytes(out)


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as f:
        spec = json.load(f)
    with open(sys.argv[1], "wb") as f:
        f.write(build(spec))
