#!/usr/bin/env python3
"""Independent checks of what `tsunagu run/report/plot` writes.

    check_report.py page INDEX.html N_IMAGES
        self-contained page: no script, no external resource, N embedded
        images that decode as PNGs, the lang attribute, a print stylesheet
    check_report.py png FILE.png WIDTH HEIGHT
        a PNG of that size that is not blank (several colours, ink)
    check_report.py svgtext FILE.svg TEXT...
        each TEXT appears as the content of one <text> element, literally
    check_report.py html-has INDEX.html TEXT...
        each TEXT appears in the page's visible text (HTML unescaped) and
        nothing in the page is an element or attribute made from it
    check_report.py bom FILE.csv...
        each starts with a UTF-8 BOM and is UTF-8

Only the Python standard library: the PNG decoder below is the few lines
the format needs (zlib + the five row filters), so the check depends on
nothing tsunagu or gnuplot share.
"""
import base64
import html
import html.parser
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib


def fail(msg):
    print(f"check_report: {msg}", file=sys.stderr)
    sys.exit(1)


def png_chunks(data):
    """IHDR fields and the joined IDAT of a PNG whose chunks all check."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]:
            fail(f"bad CRC in {kind!r}")
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + n
    if ihdr is None:
        fail("PNG without IHDR")
    return ihdr, idat


def png_decode(data):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB/RGBA/grey PNG."""
    (w, h, depth, ctype, _, _, interlace), idat = png_chunks(data)
    if depth != 8 or interlace or ctype not in (0, 2, 4, 6):
        fail(f"unsupported PNG: depth {depth} type {ctype} interlace {interlace}")
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 255
            elif f != 0:
                fail(f"bad PNG filter {f}")
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def not_blank(data, what):
    w, h, bpp, rows = png_decode(data)
    colours, ink, total = set(), 0, 0
    for y in range(0, h, 3):
        row = rows[y]
        for x in range(0, w, 3):
            px = row[x * bpp:x * bpp + min(bpp, 3)]
            colours.add(px)
            total += 1
            if min(px) < 200:
                ink += 1
    if len(colours) < 8 or ink < total * 0.005:
        fail(f"{what} looks blank: {len(colours)} colours, {ink}/{total} inked samples")
    return w, h


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text, self.imgs = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag == "img":
            self.imgs.append(dict(attrs))

    def handle_data(self, data):
        self.text.append(data)


def parse(path):
    p = Page()
    src = open(path, encoding="utf-8").read()
    p.feed(src)
    return src, p


def page(path, n_images):
    src, p = parse(path)
    if "script" in p.tags or "iframe" in p.tags or "object" in p.tags:
        fail("the page has a script, iframe or object")
    for name, value in p.attrs:
        if name.startswith("on"):
            fail(f"event handler attribute {name}")
        if name in ("src", "href") and value and re.match(r"(?i)\s*(https?:|//|javascript:)", value):
            fail(f"external resource {name}={value[:60]}")
    if re.search(r"(?i)<link[^>]+stylesheet", src) or re.search(r"(?i)@import|url\(\s*['\"]?https?:", src):
        fail("external stylesheet")
    if "@media print" not in src or "A4" not in src:
        fail("no A4 print stylesheet")
    imgs = [i for i in p.imgs if i.get("src", "").startswith("data:image/png;base64,")]
    if len(imgs) != n_images or len(p.imgs) != n_images:
        fail(f"{len(imgs)} embedded images of {len(p.imgs)}, expected {n_images}")
    for i in imgs:
        if not i.get("alt"):
            fail("an image without alt text")
        (w, h, *_), idat = png_chunks(base64.b64decode(i["src"].split(",", 1)[1], validate=True))
        if len(zlib.decompress(idat)) < h * (w + 1) or w < 100 or h < 100:
            fail(f"embedded image '{i['alt']}' is truncated or tiny")


def png(path, width, height):
    w, h = not_blank(open(path, "rb").read(), path)
    if (w, h) != (int(width), int(height)):
        fail(f"{path} is {w}x{h}, expected {width}x{height}")


def svgtext(path, texts):
    root = ET.parse(path).getroot()
    found = set()
    for el in root.iter():
        if el.tag.endswith("text"):
            found.add("".join(el.itertext()).strip())
    for t in texts:
        if t not in found:
            close = [f for f in found if t[:4] in f][:5]
            fail(f"{path}: no text element reads {t!r} (similar: {close})")


def html_has(path, texts):
    src, p = parse(path)
    visible = "".join(p.text)
    for t in texts:
        if t not in visible:
            fail(f"{path}: {t!r} is not in the page's text")
    if "script" in p.tags:
        fail(f"{path}: a <script> element")
    for name, _ in p.attrs:
        if name.startswith("on"):
            fail(f"{path}: an event handler attribute {name}")


def bom(paths):
    for path in paths:
        data = open(path, "rb").read()
        if not data.startswith(b"\xef\xbb\xbf"):
            fail(f"{path}: no UTF-8 BOM")
        data.decode("utf-8")


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "page":
        page(args[0], int(args[1]))
    elif cmd == "png":
        png(*args)
    elif cmd == "svgtext":
        svgtext(args[0], args[1:])
    elif cmd == "html-has":
        html_has(args[0], args[1:])
    elif cmd == "bom":
        bom(args)
    else:
        fail(f"unknown check {cmd}")


if __name__ == "__main__":
    main(sys.argv)
