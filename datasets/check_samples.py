#!/usr/bin/env python3
"""Independent check of the bundled sample datasets (Python 3 standard library only).

    python3 datasets/check_samples.py            # checks datasets/ja and datasets/en

Reads the files with the csv module exactly as the input contract describes them
(docs: /work/shared/spec/input-format.md) and checks, without using make_samples.py:
file encoding and line endings, field counts, ids, sectors, lat/lon, multi-valued cells,
partner and tie ids, that every tie is stated once, the planted structure in planted.txt,
and every count in expected.txt and in README.md.  Exit status 1 on any failure.
"""
import collections
import csv
import io
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ALIASES = {"id": "id 団体id 番号", "name": "name 団体名 名称 組織名", "sector": "sector 種別 セクター 主体",
           "fields": "fields 活動分野 分野", "interests": "interests 関心 関心テーマ",
           "offers": "offers resources できること 提供できること 資源", "needs": "needs 困りごと 求めること ニーズ",
           "area": "area 地域 区 市区町村", "lat": "lat 緯度", "lon": "lon 経度", "partners": "partners 協働先 連携先"}
SECTOR = {"npo": "npo", "npo法人": "npo", "市民活動団体": "npo", "business": "business", "企業": "business",
          "事業者": "business", "株式会社": "business", "government": "government", "行政": "government",
          "自治体": "government", "education": "education", "教育": "education", "大学": "education",
          "学校": "education", "community": "community", "地縁": "community", "自治会": "community",
          "町内会": "community", "other": "other", "その他": "other"}
SECTORS = ["npo", "business", "government", "education", "community", "other"]
FORMAT = {"ja": dict(bom=True, eol="\r\n", lat=(35.25, 35.50), lon=(139.80, 140.05)),
          "en": dict(bom=False, eol="\n", lat=(52.88, 52.94), lon=(1.25, 1.38))}


def fold(s):
    return unicodedata.normalize("NFKC", s).strip().casefold()


def items(cell):
    out, seen = [], set()
    for it in cell.replace("；", ";").split(";"):
        if it.strip() and fold(it) not in seen:
            seen.add(fold(it))
            out.append(it.strip())
    return out


def load(path, fmt, errors):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf") != fmt["bom"]:
        errors.append("%s: BOM expected %s" % (path, fmt["bom"]))
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    # record terminators: outside quoted cells every newline must be fmt["eol"]
    in_q, i = False, 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            in_q = not in_q
        elif not in_q and ch in "\r\n":
            if not text.startswith(fmt["eol"], i):
                errors.append("%s: bad line ending at offset %d" % (path, i))
                break
            i += len(fmt["eol"]) - 1
        elif in_q and ch == "\r":
            errors.append("%s: CR inside a quoted cell at offset %d" % (path, i))
        i += 1
    if not text.endswith(fmt["eol"]):
        errors.append("%s: last record not terminated" % path)
    return rows


def check(lang):
    d = os.path.join(HERE, lang)
    fmt, errors = FORMAT[lang], []
    rows = load(os.path.join(d, "organisations.csv"), fmt, errors)
    head = rows[0]
    col = {}
    for i, h in enumerate(head):
        for c, al in ALIASES.items():
            if fold(h) in al.split():
                col[c] = i
    missing = [c for c in ALIASES if c not in col]
    if missing:
        return ["organisations.csv: columns not found: %s" % missing], {}
    orgs, sectors, areas = {}, collections.Counter(), set()
    partner_pairs = []
    for n, row in enumerate(rows[1:], 2):
        where = "organisations.csv record %d" % n
        if len(row) != len(head):
            errors.append("%s: %d fields, header has %d" % (where, len(row), len(head)))
            continue
        oid = row[col["id"]]
        if not 1 <= len(oid) <= 64 or oid != oid.strip() or oid in orgs:
            errors.append("%s: bad or duplicate id %r" % (where, oid))
        if not row[col["name"]].strip():
            errors.append("%s: empty name" % where)
        sec = SECTOR.get(fold(row[col["sector"]]))
        if sec is None:
            errors.append("%s: unknown sector %r" % (where, row[col["sector"]]))
        sectors[sec] += 1
        la, lo = row[col["lat"]].strip(), row[col["lon"]].strip()
        if bool(la) != bool(lo):
            errors.append("%s: lat/lon not both given" % where)
        elif la:
            try:
                x, y = float(la), float(lo)
                if not (fmt["lat"][0] <= x <= fmt["lat"][1] and fmt["lon"][0] <= y <= fmt["lon"][1]):
                    errors.append("%s: lat/lon %s,%s outside the town" % (where, la, lo))
            except ValueError:
                errors.append("%s: malformed lat/lon" % where)
        if row[col["area"]].strip():
            areas.add(fold(row[col["area"]]))
        orgs[oid] = {c: row[i] for c, i in col.items()}
        partner_pairs += [(oid, p, where) for p in items(row[col["partners"]])]
    # ties
    stated = collections.Counter()
    adj = collections.defaultdict(set)

    def tie(a, b, where):
        if a not in orgs or b not in orgs:
            errors.append("%s: unknown id %r or %r" % (where, a, b))
        elif a == b:
            errors.append("%s: self tie %r" % (where, a))
        else:
            stated[frozenset((a, b))] += 1
            adj[a].add(b)
            adj[b].add(a)
    for a, b, where in partner_pairs:
        tie(a, b, where + " partners")
    trows = load(os.path.join(d, "ties.csv"), fmt, errors)
    if trows[0] != ["source", "target", "weight", "kind"]:
        errors.append("ties.csv: header %r" % trows[0])
    kinds = collections.Counter()
    for n, row in enumerate(trows[1:], 2):
        if len(row) != 4 or not row[3].strip() or not re.fullmatch(r"[1-5]", row[2]):
            errors.append("ties.csv line %d: bad row %r" % (n, row))
            continue
        kinds[row[3]] += 1
        tie(row[0], row[1], "ties.csv line %d" % n)
    twice = [sorted(p) for p, k in stated.items() if k > 1]
    if twice:
        errors.append("ties stated more than once: %s" % twice[:5])
    no_tie = sorted(i for i in orgs if not adj[i])
    got = {"orgs": len(orgs), "ties_rows": len(trows) - 1, "tie_pairs": len(stated), "no_tie": len(no_tie),
           "areas": len(areas)}
    got.update(("sector_" + s, sectors[s]) for s in SECTORS)
    expected = dict(line.strip().split("=") for line in open(os.path.join(d, "expected.txt")))
    if list(expected) != list(got) or any(int(expected[k]) != v for k, v in got.items()):
        errors.append("expected.txt %s != counted %s" % (expected, got))
    # components and the planted structure
    comp, seen = [], set()
    for i in orgs:
        if i not in seen:
            stack, part = [i], []
            seen.add(i)
            while stack:
                x = stack.pop()
                part.append(x)
                for y in adj[x] - seen:
                    seen.add(y)
                    stack.append(y)
            comp.append(sorted(part))
    planted = dict(line.rstrip("\n").split("=", 1) for line in open(os.path.join(d, "planted.txt")))
    if planted["isolates"].split() != no_tie:
        errors.append("isolates %s != organisations without a tie %s" % (planted["isolates"], no_tie))
    for key, size, n_edges in (("pair", 2, 1), ("triangle", 3, 3)):
        ids = sorted(planted[key].split())
        if ids not in comp or len(ids) != size or sum(len(adj[i]) for i in ids) != 2 * n_edges:
            errors.append("%s %s is not a separate component of %d ties" % (key, ids, n_edges))
    small = sorted(len(c) for c in comp if len(c) > 1)[:-1]
    if small != [2, 3]:
        errors.append("components besides the giant one: sizes %s" % small)
    giant = max(comp, key=len)
    for b in planted["brokers"].split():
        if b not in giant:
            errors.append("broker %s not in the giant component" % b)
    offers = {i: frozenset(map(fold, items(o["offers"]))) for i, o in orgs.items()}
    needs = {i: frozenset(map(fold, items(o["needs"]))) for i, o in orgs.items()}
    exact = sorted(a + ">" + b for a in orgs for b in orgs
                   if a != b and needs[b] and offers[a] == needs[b] and b not in adj[a])
    if exact != sorted(planted["matches"].split()):
        errors.append("untied exact offer/need matches %s != planted %s" % (exact, planted["matches"]))
    member = {}
    for k, v in planted.items():
        if k.startswith("community_"):
            member.update((i, k[10:]) for i in v.split())
    inside = sum(1 for p in stated if len({member.get(i) for i in p} - {None}) == 1
                 and all(i in member for i in p))
    # README lists the same counts
    readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
    for k, v in got.items():
        m = re.search(r"^\| `%s` \| (\d+) \| (\d+) \|" % k, readme, re.M)
        if not m or int(m.group(1 if lang == "ja" else 2)) != v:
            errors.append("README.md: row for %s does not say %d" % (k, v))
    for k in ("isolates", "pair", "triangle", "brokers", "matches"):
        for i in planted[k].replace(">", " ").split():
            if i not in readme:
                errors.append("README.md does not mention %s %s" % (k, i))
    info = dict(got, components=len(comp), giant=len(giant), inside_community=inside,
                with_coords=sum(1 for o in orgs.values() if o["lat"].strip()),
                with_partners=sum(1 for o in orgs.values() if o["partners"].strip()),
                partner_mentions=len(partner_pairs),
                notes_multiline=sum(1 for r in rows[1:] if "\n" in "".join(r)),
                notes_quote=sum(1 for r in rows[1:] if '"' in "".join(r)),
                kinds=dict(kinds.most_common()))
    return errors, info


def main():
    failed = False
    for lang in ("ja", "en"):
        errors, info = check(lang)
        for e in errors[:30]:
            print("%s: ERROR %s" % (lang, e))
        print("%s: %s" % (lang, info))
        print("%s: %s" % (lang, "FAILED (%d errors)" % len(errors) if errors else "OK"))
        failed |= bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
