#!/usr/bin/env python3
"""tsunagu against the resource-allocation index on networks with ties only.

usage: linkpred.py TSUNAGU REAL_LINKPRED_RAW_DIR [NAME...] [--check]

For each network (default: all of USAir NS PB Yeast Celegans Power Router),
10% of the ties are held out (seed 1), the rest imported as an organisation
list with no tags, sectors or areas, and the held-out ties scored with
`tsunagu score` against as many random unlinked pairs.  Prints the AUC of
tsunagu's score and of RA computed here.  --check exits 1 when tsunagu
ranks worse than RA by more than 0.005 on any network.
"""
import csv
import os
import random
import subprocess
import sys
import tempfile

from match_quality import auc

FILES = {"USAir": "USAir.txt", "NS": "NS.txt", "PB": "PB.txt",
         "Yeast": "Yeast.txt", "Celegans": "Celegans.txt",
         "Power": "Power.txt", "Router": "Router.txt"}


def load(path):
    edges = set()
    for line in open(path, encoding="ascii"):
        f = line.split()
        if len(f) >= 2 and f[0] != f[1]:
            edges.add(tuple(sorted((int(f[0]), int(f[1])))))
    return sorted(edges)


def run(tsunagu, path, name, tmp):
    edges = load(path)
    nodes = sorted({v for e in edges for v in e})
    rng = random.Random(1)
    test = set(rng.sample(edges, len(edges) // 10))
    train = [e for e in edges if e not in test]
    adj = {v: set() for v in nodes}
    for a, b in train:
        adj[a].add(b)
        adj[b].add(a)
    every = set(edges)
    neg = set()
    while len(neg) < len(test):
        a, b = rng.sample(nodes, 2)
        e = tuple(sorted((a, b)))
        if e not in every:
            neg.add(e)
    test, neg = sorted(test), sorted(neg)
    orgs, ties = os.path.join(tmp, "orgs.csv"), os.path.join(tmp, "ties.csv")
    with open(orgs, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "sector"])
        for v in nodes:
            w.writerow([f"n{v}", f"node {v}", "other"])
    with open(ties, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source", "target"])
        for a, b in train:
            w.writerow([f"n{a}", f"n{b}"])
    pairs = os.path.join(tmp, "pairs.csv")
    with open(pairs, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source", "target"])
        for a, b in test + neg:
            w.writerow([f"n{a}", f"n{b}"])
    db, out = os.path.join(tmp, f"{name}.db"), os.path.join(tmp, "s.csv")
    subprocess.run([tsunagu, "import", orgs, "--ties", ties, "--db", db,
                    "-q"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([tsunagu, "score", pairs, "--db", db, "--out", out],
                   check=True)
    with open(out, encoding="utf-8-sig", newline="") as f:
        s = [float(r["score"] or 0) for r in csv.DictReader(f)]

    def ra(a, b):
        return sum(1 / len(adj[z]) for z in adj[a] & adj[b])

    r = [ra(a, b) for a, b in test + neg]
    n = len(test)
    return auc(s[:n], s[n:]), auc(r[:n], r[n:]), len(nodes), len(edges)


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv
    if len(args) < 2:
        sys.exit(__doc__)
    tsunagu, raw = args[0], args[1]
    names = args[2:] or list(FILES)
    bad = 0
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            a, r, n, m = run(tsunagu, os.path.join(raw, FILES[name]), name, tmp)
        print(f"linkpred {name:9} {n:5} nodes {m:6} ties  "
              f"auc_tsunagu {a:.4f}  auc_ra {r:.4f}")
        bad += a < r - 0.005
    sys.exit(1 if check and bad else 0)


if __name__ == "__main__":
    main()
