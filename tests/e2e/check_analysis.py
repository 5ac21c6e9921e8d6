#!/usr/bin/env python3
"""Checks the files of `tsunagu analyze` against what is known of the input.

    check_analysis.py planted DIR PLANTED.txt TRUTH.csv
        the bundled dataset: planted isolates, pair, triangle and brokers,
        and the planted communities (normalised mutual information)
    check_analysis.py florentine DIR
        Padgett's Florentine marriage network: the literature's answers
    check_analysis.py files DIR
        every file: BOM, header, one row per organisation where it should
    check_analysis.py nmi GROUPS.csv TRUTH.csv
        prints the NMI of groups.csv against a generator's truth

Prints one line per failed check and exits 1 if any failed.
"""
import csv
import math
import sys
from collections import Counter

failures = []


def check(what, cond):
    if not cond:
        failures.append(what)


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def nmi(a, b):
    n = len(a)
    ca, cb, cab = Counter(a), Counter(b), Counter(zip(a, b))

    def h(c):
        return -sum(v / n * math.log(v / n) for v in c.values())

    mi = sum(v / n * math.log(v * n / (ca[x] * cb[y])) for (x, y), v in cab.items())
    ha, hb = h(ca), h(cb)
    return 2 * mi / (ha + hb) if ha + hb > 0 else 1.0


def groups_nmi(groups_csv, truth_csv):
    groups = {r["org_id"]: r["community"] for r in rows(groups_csv)}
    truth = {r["id"]: r["community"] for r in rows(truth_csv)}
    keys = [k for k in truth if k in groups and truth[k] != "-1"]
    return nmi([groups[k] for k in keys], [truth[k] for k in keys])


HEADERS = {
    "groups.csv": "org_id,name,sector,component,component_size,community,"
    "community_size,coreness,isolated,peripheral,community_stability",
    "isolated_groups.csv": "kind,group,size,ties,org_ids,names,reason",
    "centrality.csv": "org_id,name,sector,degree,strength,betweenness,harmonic,"
    "eigenvector,constraint,effective_size,articulation,community",
    "bridges.csv": "org_id_a,name_a,org_id_b,name_b,weight,component,side_a,side_b",
    "communities.csv": "community,size,component,internal_weight,external_weight,"
    "modularity,stability,sectors,top_org_ids,top_names",
    "mixing.csv": "sector_a,sector_b,label_a,label_b,observed,expected,ratio",
    "network.csv": "metric,value,note",
}


def files(d):
    for name, header in HEADERS.items():
        with open(f"{d}/{name}", "rb") as f:
            data = f.read()
        check(f"{name} starts with a UTF-8 BOM", data.startswith(b"\xef\xbb\xbf"))
        first = data[3:].split(b"\n", 1)[0].decode()
        check(f"{name} header is '{header}' (got '{first}')", first == header)
    g, c = rows(f"{d}/groups.csv"), rows(f"{d}/centrality.csv")
    net = {r["metric"]: r["value"] for r in rows(f"{d}/network.csv")}
    n = int(net["organisations"])
    check("groups.csv has a row per organisation", len(g) == n)
    check("centrality.csv has a row per organisation", len(c) == n)
    check("centrality.csv: same organisations", {r["org_id"] for r in g} == {r["org_id"] for r in c})
    bet = [float(r["betweenness"]) for r in c]
    check("centrality.csv is sorted by betweenness", bet == sorted(bet, reverse=True))
    iso = sum(r["isolated"] == "1" for r in g)
    check("network.csv counts the isolated", iso == int(net["isolated"]))
    check("isolated organisations have degree 0",
          all(r["degree"] == "0" for r in c if r["org_id"] in {x["org_id"] for x in g if x["isolated"] == "1"}))
    comps = {r["component"] for r in g}
    check("network.csv counts the components", len(comps) == int(net["components"]))
    sizes = Counter(r["component"] for r in g)
    check("component_size is the component's size",
          all(int(r["component_size"]) == sizes[r["component"]] for r in g))
    check("component 1 is the largest", sizes["1"] == max(sizes.values()) == int(net["largest_component"]))
    for b in rows(f"{d}/bridges.csv"):
        check("bridge sides add up to the component",
              int(b["side_a"]) + int(b["side_b"]) == sizes[b["component"]])


def planted(d, planted_txt, truth):
    p = {}
    for line in open(planted_txt, encoding="utf-8"):
        if "=" in line:
            k, v = line.strip().split("=", 1)
            p[k] = v.split()
    g = {r["org_id"]: r for r in rows(f"{d}/groups.csv")}
    iso = sorted(k for k, r in g.items() if r["isolated"] == "1")
    check(f"isolated organisations are the planted ones ({iso})", iso == sorted(p["isolates"]))
    cut = rows(f"{d}/isolated_groups.csv")
    listed = sorted(r["group"] for r in cut if r["kind"] == "isolated")
    check("each isolated organisation is listed as cut off", listed == sorted(p["isolates"]))
    check("isolated rows say why", all(r["reason"] for r in cut))
    comps = {tuple(sorted(r["org_ids"].split("; "))): r for r in cut if r["kind"] == "component"}
    for name in ("pair", "triangle"):
        key = tuple(sorted(p[name]))
        check(f"the planted {name} is listed as a separate group", key in comps)
        if key in comps:
            check(f"the {name} is called small, with its size",
                  comps[key]["size"] == str(len(key)) and "小さなグループ" in comps[key]["reason"])
            check(f"the {name}'s members are peripheral", all(g[k]["peripheral"] == "1" for k in key))
    top = [r["org_id"] for r in rows(f"{d}/centrality.csv")[:10]]
    hits = [b for b in p["brokers"] if b in top]
    check(f"planted brokers rank among the top 10 ({hits} of {p['brokers']})", len(hits) >= 4)
    score = groups_nmi(f"{d}/groups.csv", truth)
    check(f"communities recover the planted ones (NMI {score:.3f})", score > 0.65)


def florentine(d):
    c = rows(f"{d}/centrality.csv")
    by = {r["name"]: r for r in c}
    check("the Medici are the strongest broker", c[0]["name"] == "Medici")
    check(f"Medici betweenness is 0.522 (got {by['Medici']['betweenness']})",
          abs(float(by["Medici"]["betweenness"]) - 0.5220) < 5e-4)
    arts = sorted(r["name"] for r in c if r["articulation"] == "1")
    check(f"articulation points are Albizzi, Guadagni, Medici, Salviati ({arts})",
          arts == ["Albizzi", "Guadagni", "Medici", "Salviati"])
    br = sorted(tuple(sorted((r["name_a"], r["name_b"]))) for r in rows(f"{d}/bridges.csv"))
    want = sorted([("Acciaiuoli", "Medici"), ("Albizzi", "Ginori"), ("Guadagni", "Lamberteschi"),
                   ("Medici", "Salviati"), ("Pazzi", "Salviati")])
    check(f"bridges are the literature's five ({br})", br == want)
    sal = [r for r in rows(f"{d}/bridges.csv") if {r["name_a"], r["name_b"]} == {"Medici", "Salviati"}]
    check("Medici-Salviati leaves 13 | 2", sal and sorted((int(sal[0]["side_a"]), int(sal[0]["side_b"]))) == [2, 13])
    g = {r["name"]: r for r in rows(f"{d}/groups.csv")}
    check("Pucci is isolated", g["Pucci"]["isolated"] == "1")
    cut = rows(f"{d}/isolated_groups.csv")
    check("Pucci is listed as cut off", any(r["kind"] == "isolated" and r["names"] == "Pucci" for r in cut))


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd = sys.argv[1]
    if cmd == "files":
        files(sys.argv[2])
    elif cmd == "planted":
        planted(*sys.argv[2:5])
    elif cmd == "florentine":
        florentine(sys.argv[2])
    elif cmd == "nmi":
        print(f"{groups_nmi(sys.argv[2], sys.argv[3]):.4f}")
        return 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for f in failures:
        print(f"  {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
