#!/usr/bin/env python3
"""Quality of tsunagu's matching on a generated list with hidden ties.

usage: match_quality.py TSUNAGU GEN_DIR DB MATCHES.csv [--no-tags DB2 MATCHES2.csv]

GEN_DIR is a gen_orgs.py output made with --hide: truth_hidden_ties.csv
holds ties removed from the list.  Prints, as `key value` lines:
  auc            hidden pairs against as many random untied pairs, scored
                 by `tsunagu score` (Mann-Whitney, ties count half)
  auc_ra         the same pairs ranked by the resource-allocation index
                 alone, computed here from the observed ties
  auc_aa         the same by Adamic-Adar
  top10_share    hidden ties that appear in a top-10 list of matches.csv
With --no-tags, the same for a store imported without any tags (ties
only), where tsunagu must rank at least as well as RA.
"""
import csv
import math
import os
import random
import subprocess
import sys
import tempfile


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def auc(pos, neg):
    """Mann-Whitney AUC; equal scores count half."""
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    rank_sum, i = 0.0, 0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        r = (i + j + 1) / 2  # mean 1-based rank of the run
        rank_sum += r * sum(1 for k in range(i, j) if allv[k][1])
        i = j
    npos, nneg = len(pos), len(neg)
    return (rank_sum - npos * (npos + 1) / 2) / (npos * nneg)


def observed_graph(gen_dir):
    """Ties as tsunagu sees them: ties.csv and the partners column."""
    adj = {}

    def add(a, b):
        if a and b and a != b:
            adj.setdefault(a, set()).add(b)
            adj.setdefault(b, set()).add(a)

    for r in read_csv(os.path.join(gen_dir, "ties.csv")):
        add(r["source"], r["target"])
    orgs = read_csv(os.path.join(gen_dir, "organisations.csv"))
    pcol = [c for c in orgs[0] if c in ("partners", "既存の協働先", "協働先")]
    idcol = [c for c in orgs[0] if c in ("id", "団体ID", "ID")][0]
    for r in orgs:
        if pcol:
            for p in r[pcol[0]].replace("|", ";").replace("、", ";").split(";"):
                add(r[idcol], p.strip())
    return [r[idcol] for r in orgs], adj


def evaluate(tsunagu, gen_dir, db, matches, label, rng_seed=1):
    ids, adj = observed_graph(gen_dir)
    hidden = [(r["source"], r["target"]) for r in
              read_csv(os.path.join(gen_dir, "truth_hidden_ties.csv"))]
    hidden_set = {frozenset(p) for p in hidden}
    rng = random.Random(rng_seed)
    neg = []
    while len(neg) < len(hidden):
        a, b = rng.sample(ids, 2)
        if frozenset((a, b)) in hidden_set or b in adj.get(a, ()):
            continue
        neg.append((a, b))
    with tempfile.TemporaryDirectory() as tmp:
        pairs = os.path.join(tmp, "pairs.csv")
        with open(pairs, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["source", "target", "hidden"])
            for a, b in hidden:
                w.writerow([a, b, 1])
            for a, b in neg:
                w.writerow([a, b, 0])
        out = os.path.join(tmp, "scored.csv")
        subprocess.run([tsunagu, "score", pairs, "--db", db, "--out", out],
                       check=True)
        rows = read_csv(out)
    n = len(hidden)
    scores = [float(r["score"] or 0) for r in rows]
    tied = sum(int(r["tied"] or 0) for r in rows)

    def ra(a, b, aa=False):
        s = 0.0
        for z in adj.get(a, set()) & adj.get(b, set()):
            d = len(adj[z])
            s += 1 / math.log(d) if aa else 1 / d
        return s

    allp = hidden + neg
    ras = [ra(a, b) for a, b in allp]
    aas = [ra(a, b, True) for a, b in allp]
    print(f"{label}pairs {n} hidden + {len(neg)} random untied ({tied} tied)")
    print(f"{label}auc {auc(scores[:n], scores[n:]):.4f}")
    print(f"{label}auc_ra {auc(ras[:n], ras[n:]):.4f}")
    print(f"{label}auc_aa {auc(aas[:n], aas[n:]):.4f}")
    listed = {frozenset((r["org_id"], r["partner_id"]))
              for r in read_csv(matches) if r["partner_id"] and r["rank"]
              and int(r["rank"]) <= 10}
    found = sum(1 for p in hidden_set if p in listed)
    print(f"{label}top10_share {found / len(hidden_set):.4f}")


def main():
    args = sys.argv[1:]
    if len(args) not in (4, 7) or (len(args) == 7 and args[4] != "--no-tags"):
        sys.exit(__doc__)
    tsunagu, gen_dir, db, matches = args[:4]
    evaluate(tsunagu, gen_dir, db, matches, "")
    if len(args) == 7:
        evaluate(tsunagu, gen_dir, args[5], args[6], "ties_only_")


if __name__ == "__main__":
    main()
