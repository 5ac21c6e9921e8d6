#!/usr/bin/env python3
"""Write tsunagu's bundled sample datasets (deterministic; Python 3 standard library only).

    python3 datasets/make_samples.py          # rewrites datasets/ja/ and datasets/en/

ja/  汐見市 (Shiomi City, fictional, 6 wards + city-wide), about 330 organisations, written the
     way Japanese Excel saves "CSV UTF-8": BOM, CRLF, Japanese headers, extra 備考 column.
en/  Hollin Bay (fictional English coastal town), about 80 organisations: plain UTF-8, LF.

The organisations, vocabularies and planted structure are in sample_data.py; this file does the
random part.  Each directory also gets expected.txt (counts for tests), planted.txt (ids of the planted
structure) and truth_communities.csv (id,community; -1 = no tie at all), and the part of
README.md between its "generated" markers is rewritten.  Every tie is stated exactly once:
either as a ties.csv row or in one endpoint's partners cell.
"""
import csv
import os
import random
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SECTORS = ["npo", "business", "government", "education", "community", "other"]
SHORT = {"npo": "npo", "biz": "business", "gov": "government", "edu": "education",
         "com": "community", "oth": "other"}


def fold(s):
    return unicodedata.normalize("NFKC", s).strip().casefold()


def pool(spec):
    """'a*3, b' -> ['a', 'a', 'a', 'b'] (a weighted pick list)."""
    out = []
    for part in spec.split(","):
        name, _, n = part.strip().partition("*")
        if name:
            out += [name.strip()] * (int(n) if n else 1)
    return out


def parse_block(text):
    """Lines 'sec|name|interest,interest|area|field,field' -> tuples (area, fields optional)."""
    rows = []
    for line in text.strip().splitlines():
        parts = [p.strip() for p in line.split("|")] + ["", "", ""]
        rows.append((SHORT[parts[0]], parts[1], [t for t in parts[2].split(",") if t], parts[3],
                     [t for t in parts[4].split(",") if t]))
    return rows


# --------------------------------------------------------------------------- the builder

class Dataset:
    def __init__(self, cfg):
        self.cfg = cfg
        self.rng = random.Random(cfg["seed"])
        self.orgs = []          # dicts, see add()
        self.by_name = {}
        self.edges = {}         # frozenset({i, j}) -> None, insertion ordered

    def add(self, sector, name, interests, area, comm, role, fields=()):
        assert name not in self.by_name, "duplicate name " + name
        o = dict(idx=len(self.orgs), sector=sector, name=name, fixed=list(interests), ffixed=list(fields),
                 area=area, comm=comm, role=role, deg=0, partners=[],
                 offers=None, needs=None, hub=False)
        self.orgs.append(o)
        self.by_name[name] = o
        return o

    def edge(self, a, b):
        key = frozenset((a["idx"], b["idx"]))
        if a is b or key in self.edges or key in self.forbidden:
            return False
        self.edges[key] = None
        a["deg"] += 1
        b["deg"] += 1
        return True

    # -- 1. who is in the list
    def populate(self):
        cfg = self.cfg
        self.members = {}
        for c in cfg["communities"]:
            mem = []
            for sec, name, ints, area, fields in parse_block(c["orgs"]):
                mem.append(self.add(sec, name, ints, area or c["area"], c["key"], "member", fields))
            for town in c.get("towns", []):
                mem.append(self.add("community", cfg["assoc_name"](town, self.rng), [], c["area"],
                                    c["key"], "member"))
            for o in mem[: c["hubs"]]:
                o["hub"] = True
            self.members[c["key"]] = mem
        for role in ("broker", "isolate", "pair", "triangle"):
            for sec, name, ints, area, fields in parse_block(cfg[role + "s"]):
                o = self.add(sec, name, ints, area, None, role, fields)
                if role == "broker":
                    o["links"] = cfg["broker_links"][name]
                    o["comm"] = o["links"][0]
        self.forbidden = {frozenset((self.by_name[a]["idx"], self.by_name[b]["idx"]))
                          for a, b, _, _ in cfg["matches"]}

    # -- 2. what each organisation says about itself
    def describe(self):
        cfg, rng = self.cfg, self.rng
        comms = {c["key"]: c for c in cfg["communities"]}
        for o in self.orgs:
            c = comms.get(o["comm"], cfg["loose"])
            pf = c["fields"]
            # the field follows from what the organisation is about, else from its community
            fields = o["ffixed"] + [f for t in o["fixed"] for k, f in cfg["field_keywords"] if k in t]
            p_more = 0.2 if fields else 0.5
            if not fields:
                fields = [pf[0]] if rng.random() < 0.6 else [rng.choice(pf)]
            if o["role"] == "member" and len(uniq(fields)) < 2 and rng.random() < p_more:
                fields.append(rng.choice(pf + c["fields_extra"]))
            ints = o["fixed"] + rng.sample(c["interests"], rng.choice([0, 1, 1, 2] if o["fixed"] else [1, 2, 2, 3]))
            if o["sector"] == "education":                  # schools think in terms of the curriculum
                ints = o["fixed"] + rng.sample(c["interests"], 1) + rng.sample(cfg["interests_school"], 1)
            if rng.random() < 0.3:
                ints.append(rng.choice(cfg["interests_any"]))
            if not o["fixed"] and rng.random() < 0.05:
                ints = []                                   # left blank by the coordinator
            o["fields"], o["interests"] = uniq(fields)[:3], uniq(ints)
            offers, needs = pool(cfg["offers"][o["sector"]]), pool(cfg["needs"][o["sector"]])
            if o["sector"] in ("npo", "community", "other", "business"):
                offers += pool(c["offers"])                 # what this neighbourhood trades in
            if o["sector"] in ("npo", "community", "other"):
                needs += pool(c["needs"])
            o["offers"] = uniq(rng.choice(offers) for _ in range(rng.choice([1, 2, 2, 3, 3])))
            o["needs"] = [n for n in uniq(rng.choice(needs) for _ in range(rng.choice([0, 1, 2, 2, 3])))
                          if n not in o["offers"]]
            if o["sector"] == "business" and rng.random() < 0.3:
                o["needs"] = []
            o["cell"] = cfg["sector_cell"](o["sector"], o["name"], rng)
            o["coords"] = self.place(o)
            o["notes"] = self.note(o)
        for name, (offers, needs) in cfg["profiles"].items():
            self.by_name[name]["offers"], self.by_name[name]["needs"] = offers.split("; "), needs.split("; ")
        for name, text in cfg["notes_by_name"].items():
            self.by_name[name]["notes"] = text
        for offer_name, need_name, offers, needs in cfg["matches"]:
            self.by_name[offer_name]["offers"] = offers
            self.by_name[need_name]["needs"] = needs

    def place(self, o):
        cfg, rng = self.cfg, self.rng
        if o["name"] in cfg["fixed_coords"]:
            return cfg["fixed_coords"][o["name"]]
        if o["area"] not in cfg["areas"]:
            return None
        if not o["hub"] and rng.random() < cfg["p_nocoord"](o["cell"]):
            return None
        lat0, lon0, sd = cfg["areas"][o["area"]]
        lat = lat0 + max(-2.5, min(2.5, rng.gauss(0, 1))) * sd
        lon = lon0 + max(-2.5, min(2.5, rng.gauss(0, 1))) * sd * 1.2
        return cfg["on_land"](lat, lon)

    def note(self, o):
        rng, notes = self.rng, self.cfg["notes"]
        r = rng.random()
        if r < 0.45:
            return ""
        if r < 0.52 and o["sector"] != "government":
            return notes["special"].pop(0) if notes["special"] else ""
        return rng.choice(notes[o["sector"]] + notes["any"])

    # -- 3. who already works with whom
    def connect(self):
        rng, cfg = self.rng, self.cfg
        for key, mem in self.members.items():
            order = mem[: 3] + rng.sample(mem[3:], len(mem) - 3)
            for i in range(1, len(order)):
                earlier = order[:i]
                for _ in range(1 + (rng.random() < 0.45) + (rng.random() < 0.1)):
                    w = [1 + e["deg"] + 5 * e["hub"] for e in earlier]
                    self.edge(order[i], rng.choices(earlier, weights=w)[0])
                if order[i]["deg"] == 0:          # only forbidden targets were drawn
                    self.edge(order[i], earlier[0])
        for o in self.orgs:
            if o["role"] == "broker":
                for key in o["links"]:
                    mem = self.members[key]
                    for p in rng.sample(mem, rng.randint(2, 4)):
                        self.edge(o, p)
        brokers = [o for o in self.orgs if o["role"] == "broker"]
        for a, b in zip(brokers, brokers[1:] + brokers[:1]):
            self.edge(a, b)
        keys = list(self.members)
        for _ in range(cfg["cross_ties"]):
            ka, kb = rng.sample(keys, 2)
            self.edge(rng.choice(self.members[ka]), rng.choice(self.members[kb]))
        pair = [o for o in self.orgs if o["role"] == "pair"]
        tri = [o for o in self.orgs if o["role"] == "triangle"]
        self.edge(*pair)
        self.edge(tri[0], tri[1]), self.edge(tri[1], tri[2]), self.edge(tri[0], tri[2])

    def unplant_accidental_matches(self):
        """Only the planted offer/need pairs may match exactly without a tie."""
        planted = {(self.by_name[a]["idx"], self.by_name[b]["idx"]) for a, b, _, _ in self.cfg["matches"]}
        extra = pool(self.cfg["needs_extra"])
        while True:
            by_offers = {}
            for o in self.orgs:
                by_offers.setdefault(frozenset(map(fold, o["offers"])), []).append(o)
            bad = [(a, b) for b in self.orgs if b["needs"]
                   for a in by_offers.get(frozenset(map(fold, b["needs"])), [])
                   if a is not b and (a["idx"], b["idx"]) not in planted
                   and frozenset((a["idx"], b["idx"])) not in self.edges]
            if not bad:
                return
            a, b = bad[0]
            victim, field = (a, "offers") if any(b["idx"] == j for _, j in planted) else (b, "needs")
            victim[field] = victim[field] + [x for x in extra if fold(x) not in map(fold, victim[field])][:1]

    # -- 4. registration numbers, and who writes which tie where
    def number(self):
        rng, cfg = self.rng, self.cfg
        late = [o for o in self.orgs if o["role"] == "isolate"]       # newly registered, no ties yet
        order = rng.sample([o for o in self.orgs if o not in late], len(self.orgs) - len(late))
        for o in late:
            order.insert(rng.randint(len(order) - len(order) // 8, len(order)), o)
        nums = sorted(rng.sample(range(1, len(order) + cfg["id_gaps"] + 1), len(order)))
        for o, n in zip(order, nums):
            o["id"] = cfg["id_format"] % n
        self.orgs.sort(key=lambda o: o["id"])
        self.rows = []
        for key in self.edges:
            a, b = sorted((self.orgs_by_idx[i] for i in key), key=lambda o: o["id"])
            if rng.random() < cfg["p_partners"]:
                # the smaller organisation usually lists the bigger one as its partner
                first, second = sorted((a, b), key=lambda o: (o["deg"], rng.random()))
                for holder, other in ((first, second), (second, first)):
                    if len(holder["partners"]) < 4:
                        holder["partners"].append(other["id"])
                        break
                else:
                    self.rows.append(self.tie_row(a, b))
            else:
                self.rows.append(self.tie_row(a, b))
        self.rows.sort()

    def tie_row(self, a, b):
        rank = "government other business education npo community".split()
        src, dst = sorted((a, b), key=lambda o: (rank.index(o["sector"]), o["id"]))
        kinds = self.cfg["tie_kinds"]
        key = "-".join(sorted((src["sector"], dst["sector"])))
        kind = self.rng.choice(kinds.get(key) or kinds[src["sector"]])
        lo, hi = self.cfg["tie_weight"][kind]
        return (src["id"], dst["id"], str(self.rng.randint(lo, hi)), kind)

    # -- 5. the files
    def cell(self, items, ids=False):
        rng, cfg = self.rng, self.cfg
        if not items:
            return ""
        out = []
        for it in items:
            if not ids and it in cfg["variants"] and rng.random() < 0.2:
                it = cfg["variants"][it]
            out.append(it)
        if not ids and len(out) > 1 and rng.random() < 0.04:
            out.append(out[0])                                  # typed twice
        if rng.random() < 0.03:
            out.append("")                                      # trailing separator
        sep = rng.choice(cfg["separators"])
        s = sep.join(out)
        return " " + s if rng.random() < 0.03 else s

    def write(self):
        cfg = self.cfg
        d = os.path.join(HERE, cfg["dir"])
        os.makedirs(d, exist_ok=True)
        enc, eol = ("utf-8-sig", "\r\n") if cfg["bom_crlf"] else ("utf-8", "\n")
        with open(os.path.join(d, "organisations.csv"), "w", encoding=enc, newline="") as f:
            w = csv.writer(f, lineterminator=eol)
            w.writerow(cfg["header"])
            for o in self.orgs:
                lat, lon = ("", "") if o["coords"] is None else map(num, o["coords"])
                w.writerow([o["id"], o["name"], o["cell"], self.cell(o["fields"]),
                            self.cell(o["interests"]), self.cell(o["offers"]), self.cell(o["needs"]),
                            o["area"], lat, lon, self.cell(o["partners"], ids=True), o["notes"]])
        with open(os.path.join(d, "ties.csv"), "w", encoding=enc, newline="") as f:
            w = csv.writer(f, lineterminator=eol)
            w.writerow(["source", "target", "weight", "kind"])
            w.writerows(self.rows)
        counts = {s: 0 for s in SECTORS}
        for o in self.orgs:
            counts[o["sector"]] += 1
        no_tie = [o["id"] for o in self.orgs if o["deg"] == 0]
        expected = [("orgs", len(self.orgs)), ("ties_rows", len(self.rows)),
                    ("tie_pairs", len(self.edges)), ("no_tie", len(no_tie)),
                    ("areas", len({fold(o["area"]) for o in self.orgs if o["area"]}))]
        expected += [("sector_" + s, counts[s]) for s in SECTORS]
        with open(os.path.join(d, "expected.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.writelines("%s=%d\n" % kv for kv in expected)
        ids = lambda role: " ".join(sorted(o["id"] for o in self.orgs if o["role"] == role))
        match = lambda a, b: self.by_name[a]["id"] + ">" + self.by_name[b]["id"]
        planted = [("isolates", " ".join(no_tie)), ("pair", ids("pair")), ("triangle", ids("triangle")),
                   ("brokers", ids("broker")),
                   ("matches", " ".join(match(a, b) for a, b, _, _ in cfg["matches"]))]
        for c in cfg["communities"]:
            planted.append(("community_" + c["key"],
                            " ".join(sorted(o["id"] for o in self.members[c["key"]]))))
        with open(os.path.join(d, "planted.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.writelines("%s=%s\n" % kv for kv in planted)
        with open(os.path.join(d, "truth_communities.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["id", "community"])
            for o in self.orgs:
                w.writerow([o["id"], "-1" if o["deg"] == 0 else o["role"] if o["role"] in ("pair", "triangle")
                            else o["comm"]])
        self.counts = dict(expected)
        with open(os.path.join(d, "organisations.csv"), encoding=enc, newline="") as f:
            self.lines = sum(1 for _ in f)

    def run(self):
        self.populate()
        self.orgs_by_idx = list(self.orgs)
        self.describe()
        self.connect()
        self.unplant_accidental_matches()
        self.number()
        self.write()
        return self

    def components(self):
        parent = list(range(len(self.orgs_by_idx)))

        def find(x):
            while parent[x] != x:
                x = parent[x]
            return x
        for key in self.edges:
            a, b = key
            parent[find(a)] = find(b)
        sizes = {}
        for i in range(len(parent)):
            sizes[find(i)] = sizes.get(find(i), 0) + 1
        return sorted(sizes.values(), reverse=True)

    def markdown(self):
        """The data-dependent part of README.md for this dataset."""
        cfg, ja = self.cfg, self.cfg["dir"] == "ja"
        show = lambda o: "%s %s (%s)" % (o["id"], o["name"], o["cell"])
        role = lambda r: [o for o in self.orgs if o["role"] == r]
        sizes = self.components()
        out = ["### `%s/`: %d organisations, ids %s … %s" % (cfg["dir"], len(self.orgs), self.orgs[0]["id"],
                                                           self.orgs[-1]["id"]), "",
               "| key | community | size |", "|---|---|---|"]
        out += ["| `%s` | %s | %d |" % (c["key"], c["label"], len(self.members[c["key"]]))
                for c in cfg["communities"]]
        both = [k for k in self.edges if all(self.orgs_by_idx[i]["role"] == "member" for i in k)]
        inside = sum(1 for k in both if len({self.orgs_by_idx[i]["comm"] for i in k}) == 1)
        out += ["", "- %d of the %d ties (%d %%) join two members of the same community; %d further random "
                "ties join members of different communities." % (inside, len(self.edges),
                                                                  round(100 * inside / len(self.edges)),
                                                                  len(both) - inside),
                "- **Brokers** (each tied into several communities and to the next broker):"]
        out += ["  - %s: %s" % (show(o), ", ".join("`%s`" % k for k in o["links"])) for o in role("broker")]
        out += ["- **No tie at all (%d):** %s" % (len(role("isolate")), "; ".join(map(show, role("isolate")))),
                "- **Disconnected pair:** %s" % " – ".join(map(show, role("pair"))),
                "- **Disconnected triangle:** %s" % "; ".join(map(show, role("triangle"))),
                "- **Exact offer/need matches without a tie** (offers of the first = needs of the second, "
                "as sets after folding; the only such pairs in the file):"]
        for a, b, offers, needs in cfg["matches"]:
            out.append("  - %s > %s: offers `%s`, needs `%s`" % (show(self.by_name[a]), show(self.by_name[b]),
                                                                 "; ".join(offers), "; ".join(needs)))
        partner_mentions = sum(len(o["partners"]) for o in self.orgs)
        out += ["- %d connected components: a giant one of %d, the triangle, the pair and the %d isolates."
                % (len(sizes), sizes[0], len(role("isolate"))),
                "- %d ties are written in partners cells (%d %%), %d as ties.csv rows. organisations.csv has "
                "%d physical lines for %d records (header included): some notes span lines."
                % (partner_mentions, round(100 * partner_mentions / len(self.edges)), len(self.rows),
                   self.lines, len(self.orgs) + 1), ""]
        return out


def write_readme(ja, en):
    meaning = {"orgs": "organisations (records of organisations.csv)", "ties_rows": "data rows of ties.csv",
               "tie_pairs": "distinct undirected tied pairs, ties.csv rows and partners mentions together "
                            "(every tie is stated once here, so = ties_rows + partners mentions)",
               "no_tie": "organisations with no tie in either place",
               "areas": "distinct non-empty area values (trimmed, NFKC, case-folded)",
               "sector_npo": "organisations per canonical sector"}
    out = ["<!-- generated by make_samples.py: do not edit by hand -->", ""]
    out += ja.markdown() + en.markdown()
    out += ["### Counts for tests", "", "Also in `ja/expected.txt` and `en/expected.txt`.", "",
            "| key | ja | en | meaning |", "|---|---|---|---|"]
    out += ["| `%s` | %d | %d | %s |" % (k, v, en.counts[k], meaning.get(k, "")) for k, v in ja.counts.items()]
    path = os.path.join(HERE, "README.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, rest = text.split("<!-- begin generated -->\n", 1)
    _, tail = rest.split("<!-- end generated -->", 1)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(head + "<!-- begin generated -->\n" + "\n".join(out) + "\n<!-- end generated -->" + tail)


def uniq(items):
    out = []
    for it in items:
        if it not in out:
            out.append(it)
    return out


def num(x):
    """A decimal as Excel writes it: no trailing zeros."""
    return ("%.6f" % x).rstrip("0").rstrip(".")


def main():
    sys.dont_write_bytecode = True                    # keep datasets/ free of __pycache__
    from sample_data import EN, JA
    ja, en = Dataset(JA).run(), Dataset(EN).run()
    write_readme(ja, en)
    for d in (ja, en):
        print("%s: %s" % (d.cfg["dir"], ", ".join("%s=%d" % kv for kv in d.counts.items())))


if __name__ == "__main__":
    main()
