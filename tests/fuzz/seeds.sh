#!/usr/bin/env bash
# Writes the fuzzing seeds into DIR: one file per case, as fuzz_import.c
# reads them (a mode byte, organisations.csv, "====", ties.csv, "====", a
# feedback file), from the bundled datasets, the golden error cases, the
# kept regressions and, when ../shared/tools/gen_orgs.py exists, a small
# generated list and every broken kind it writes (--bad KIND).
#
#   bash tests/fuzz/seeds.sh DIR
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: seeds.sh DIR}
gen=${TSU_GEN_ORGS:-$top/../shared/tools/gen_orgs.py}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

seed() { # seed NAME MODE ORGS [TIES [FEEDBACK]]
	{
		printf '%s' "$2"
		head -c 60000 "$3"
		if [ -n "${4:-}" ] && [ -e "$4" ]; then
			printf '\n====\n'
			head -c 30000 "$4"
			if [ -n "${5:-}" ]; then
				printf '\n====\n'
				cat "$5"
			fi
		fi
	} >"$out/$1"
}

printf 'org_id,partner_id,decision,date,note\nSM-0001,SM-0002,met,2026-01-02,ok\nSM-0003,SM-0001,辞退,,\n' >"$tmp/fb.csv"
for d in "$top"/datasets/*/; do
	[ -e "$d/organisations.csv" ] || continue
	n=$(basename "$d")
	seed "data-$n" 0 "$d/organisations.csv" "$d/ties.csv" "$tmp/fb.csv"
	seed "data-$n-small" 1 "$d/organisations.csv" "$d/ties.csv"
done
for c in "$top"/tests/cases/*/; do
	[ -e "$c/organisations.csv" ] || continue
	seed "case-$(basename "$c")" 0 "$c/organisations.csv" "$c/ties.csv"
done
cp "$top"/tests/fuzz/regress/* "$out/" 2>/dev/null || true
if [ -e "$gen" ]; then
	python3 "$gen" --orgs 40 --seed 5 --out "$tmp/ok" --lang mixed --quiet
	seed gen-ok 0 "$tmp/ok/organisations.csv" "$tmp/ok/ties.csv"
	for kind in dup-id missing-column unknown-sector bad-number unbalanced-quote \
		unknown-tie-id invalid-utf8 sjis nul-byte huge-cell; do
		python3 "$gen" --orgs 30 --seed 5 --out "$tmp/$kind" --lang ja \
			--bad "$kind" --quiet 2>/dev/null || continue
		seed "gen-$kind" 0 "$tmp/$kind/organisations.csv" "$tmp/$kind/ties.csv"
	done
fi
echo "fuzz seeds: $(ls "$out" | wc -l) in $out"
