#!/usr/bin/env bash
# End-to-end tests of the tsunagu command line.
#
#   TSUNAGU=build/rel/tsunagu bash tests/e2e/run.sh
#
# Each check prints "ok" or "FAIL"; the script exits non-zero if any failed.
# Uses sqlite3 (dumps before and after a refused import), iconv, gnuplot,
# strace and chromium (report.sh), and - when
# ../shared/tools/gen_orgs.py exists - the shared generator for broken files.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${TSUNAGU:-$top/tsunagu}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
gen=${TSU_GEN_ORGS:-$top/../shared/tools/gen_orgs.py}
work=$(mktemp -d /tmp/tsunagu-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0
passed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "  FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok; else fail "$what"; fi
}

# Runs tsunagu with stdout and stderr kept in $work/out and $work/err.
run() {
	"$bin" "$@" >"$work/out" 2>"$work/err"
	status=$?
}

dump() { sqlite3 "$1" .dump; }

value() { # value FILE KEY: a key=value line
	sed -n "s/^$2=//p" "$1"
}

q() { # q DB SQL
	sqlite3 "$1" "$2"
}

# --- the command line itself -------------------------------------------------
echo "e2e: command line"
run --help
check "--help exits 0" test $status -eq 0
check "--help lists import" grep -q '^  import' "$work/out"
check "--help documents exit statuses" grep -q 'Exit status' "$work/out"
run --version
check "--version" grep -q '^tsunagu [0-9]' "$work/out"
for cmd in import summary analyze help; do
	run "$cmd" --help
	check "$cmd --help exits 0" test $status -eq 0
	check "$cmd --help prints usage" grep -q "^usage: tsunagu $cmd" "$work/out"
	run help "$cmd"
	check "help $cmd" grep -q "^usage: tsunagu $cmd" "$work/out"
done
run frobnicate
check "unknown command exits 2" test $status -eq 2
run import
check "import without a file exits 2" test $status -eq 2
check "usage error says what" grep -q 'name the organisation list' "$work/err"
run import --bogus x.csv
check "unknown option exits 2" test $status -eq 2
run import --max-cell lots x.csv
check "bad --max-cell exits 2" test $status -eq 2
run summary --lang fr
check "bad --lang exits 2" test $status -eq 2
run import "$work/missing.csv" --db "$work/none.db"
check "missing input exits 3" test $status -eq 3
check "missing input names the file" grep -q "missing.csv': cannot open" "$work/err"
check "failed import into a new store leaves no file" test ! -e "$work/none.db"
run summary --db "$work/none.db"
check "summary without a store exits 1" test $status -eq 1

# --- the bundled datasets ----------------------------------------------------
echo "e2e: datasets"
check "datasets pass their own independent check" python3 "$top/datasets/check_samples.py" >/dev/null 2>&1
for lang in ja en; do
	d=$top/datasets/$lang
	db=$work/$lang.db
	exp=$d/expected.txt
	run import "$d/organisations.csv" --ties "$d/ties.csv" --db "$db"
	check "$lang dataset imports" test $status -eq 0
	check "$lang organisations" test "$(q "$db" 'SELECT count(*) FROM org')" = "$(value "$exp" orgs)"
	check "$lang ties rows" test "$(q "$db" "SELECT count(*) FROM tie WHERE origin='ties'")" = "$(value "$exp" ties_rows)"
	check "$lang tied pairs" test "$(q "$db" 'SELECT count(*) FROM (SELECT DISTINCT a, b FROM tie)')" = "$(value "$exp" tie_pairs)"
	check "$lang areas" test "$(q "$db" 'SELECT count(DISTINCT area) FROM org')" = "$(value "$exp" areas)"
	for s in npo business government education community other; do
		check "$lang sector $s" test "$(q "$db" "SELECT count(*) FROM org WHERE sector='$s'")" = "$(value "$exp" "sector_$s")"
	done
	check "$lang store: foreign keys hold" test -z "$(q "$db" 'PRAGMA foreign_key_check')"
	check "$lang store: integrity" test "$(q "$db" 'PRAGMA integrity_check')" = ok
	run summary --db "$db"
	check "$lang summary" test $status -eq 0
	# The summary's most common field and its count, against plain SQL.
	top_field=$(q "$db" "SELECT t.label || ' ' || count(*) FROM org_tag ot JOIN tag t ON t.id = ot.tag
		WHERE t.kind = 'field' GROUP BY t.id ORDER BY count(*) DESC, t.norm LIMIT 1")
	shown=$(awk '/(活動分野|fields)/ { getline; print; exit }' "$work/out" |
		sed -E 's/^ +//; s/ +([0-9]+)$/ \1/')
	check "$lang summary: top field '$top_field'" test -n "$shown" -a "$top_field" = "$shown"
	no_tie=$(value "$exp" no_tie)
	if [ $lang = ja ]; then
		check "ja summary is in Japanese" grep -q "^つながりのない団体: $no_tie\$" "$work/out"
		check "ja summary lists sectors" grep -q '地縁団体 *89' "$work/out"
	else
		check "en summary is in English" grep -q "^Organisations with no tie at all: $no_tie\$" "$work/out"
	fi
	before=$(dump "$db")
	run import "$d/organisations.csv" --ties "$d/ties.csv" --db "$db"
	check "$lang re-import exits 0" test $status -eq 0
	check "$lang re-import says unchanged" grep -q '^unchanged' "$work/out"
	check "$lang re-import changes nothing" test "$before" = "$(dump "$db")"
done
run summary --db "$work/ja.db" --lang en
check "--lang en overrides the data's language" grep -q '^Organisations: 324$' "$work/out"
TSUNAGU_DB=$work/ja.db "$bin" summary >"$work/out" 2>&1
check "TSUNAGU_DB names the store" grep -q '^団体数: 324$' "$work/out"

# A changed file is a new snapshot; the old one stays.
head -n 100 "$top/datasets/en/organisations.csv" >"$work/en-part.csv"
run import "$work/en-part.csv" --db "$work/en.db"
check "changed file imports" test $status -eq 0
check "changed file is snapshot 2" grep -q 'imported snapshot 2' "$work/out"
check "snapshot 1 is kept" test "$(q "$work/en.db" 'SELECT count(*) FROM org WHERE snapshot=1')" = 80
run summary --db "$work/en.db" --snapshot 1
check "summary of an older snapshot" grep -q '^Organisations: 80$' "$work/out"

# Stores that are not ours, or newer, are refused without being touched.
sqlite3 "$work/other.db" 'CREATE TABLE people (name TEXT)'
run import "$top/datasets/en/organisations.csv" --db "$work/other.db"
check "foreign database refused with exit 4" test $status -eq 4
check "foreign database: says why" grep -q 'not a tsunagu store' "$work/err"
check "foreign database untouched" test "$(q "$work/other.db" 'SELECT count(*) FROM sqlite_schema')" = 1
cp "$work/en.db" "$work/newer.db"
sqlite3 "$work/newer.db" 'PRAGMA user_version = 99'
run summary --db "$work/newer.db"
check "newer store refused with exit 4" test $status -eq 4
check "newer store: says upgrade" grep -q 'newer than this tsunagu' "$work/err"

# A pipe is refused plainly (the file is read twice: hash, then parse).
run import <(cat "$top/datasets/en/organisations.csv") --db "$work/pipe.db"
check "a pipe is refused with exit 1" test $status -eq 1
check "a pipe: says why" grep -q 'not a regular file' "$work/err"

mkfifo "$work/fifo"
timeout 10 "$bin" import "$work/fifo" --db "$work/fifo.db" >/dev/null 2>"$work/err"
status=$?
check "a FIFO with no writer is refused at once, not waited on" test $status -eq 1
check "a FIFO leaves no store" test ! -e "$work/fifo.db"

# Terminal control sequences in the data are shown as '?', never sent.
printf 'id,name,sector,fields,area,note\033]0;pwned\007\033[2J\n' >"$work/esc.csv"
printf 'A,a,npo,\033[31mred,\033[5mWard,x\n' >>"$work/esc.csv"
run import "$work/esc.csv" --db "$work/esc.db"
check "control characters: import works" test $status -eq 0
check "control characters: none in the warnings" test -z "$(tr -d '\n' <"$work/err" | tr -dc '\033\007')"
check "control characters: shown as ?" grep -q "unknown column 'note?]0;pwned??\[2J'" "$work/err"
run summary --db "$work/esc.db"
check "control characters: none in the summary" test -z "$(tr -dc '\033\007' <"$work/out")"
check "control characters: summary shows ?[31mred" grep -q '?\[31mred' "$work/out"

# Two imports creating one new store at once: whatever the order, the good
# one succeeds or fails cleanly, the bad one fails, and nothing is lost.
printf 'id,name,sector\nX,x,ngo\n' >"$work/bad-sector.csv"
lost=0
for i in 1 2 3 4 5 6 7 8; do
	rm -f "$work/race.db"
	"$bin" import "$top/datasets/en/organisations.csv" --db "$work/race.db" -q \
		>/dev/null 2>"$work/race-good.err" &
	good_pid=$!
	"$bin" import "$work/bad-sector.csv" --db "$work/race.db" -q >/dev/null 2>&1
	bad_status=$?
	wait $good_pid
	good_status=$?
	[ $bad_status -eq 1 ] || lost=$((lost + 1))
	if [ $good_status -eq 0 ]; then
		[ "$(q "$work/race.db" 'SELECT count(*) FROM org' 2>/dev/null)" = 80 ] || lost=$((lost + 1))
	else
		grep -q 'run again\|locked' "$work/race-good.err" || lost=$((lost + 1))
	fi
done
check "concurrent imports into a new store: no loss, clear failures" test $lost -eq 0

# --- Shift_JIS twin ----------------------------------------------------------
echo "e2e: Shift_JIS"
tail -c +4 "$top/datasets/ja/organisations.csv" | iconv -f UTF-8 -t CP932 >"$work/sjis.csv"
tail -c +4 "$top/datasets/ja/ties.csv" | iconv -f UTF-8 -t CP932 >"$work/sjis-ties.csv"
run import "$work/sjis.csv" --ties "$work/sjis-ties.csv" --db "$work/sjis.db"
check "Shift_JIS file imports" test $status -eq 0
check "Shift_JIS notice" grep -q "Shift_JIS (CP932)" "$work/err"
"$bin" summary --db "$work/sjis.db" | tail -n +2 >"$work/sjis.sum"
"$bin" summary --db "$work/ja.db" --snapshot 1 | tail -n +2 >"$work/utf8.sum"
check "Shift_JIS summary equals the UTF-8 one" cmp -s "$work/sjis.sum" "$work/utf8.sum"
check "Shift_JIS names equal UTF-8 names" test \
	"$(q "$work/sjis.db" 'SELECT group_concat(name, "|") FROM (SELECT name FROM org ORDER BY key)')" = \
	"$(q "$work/ja.db" 'SELECT group_concat(name, "|") FROM (SELECT name FROM org WHERE snapshot=1 ORDER BY key)')"

# --- golden error cases ------------------------------------------------------
echo "e2e: golden cases"
run import "$top/datasets/en/organisations.csv" --db "$work/base.db" -q
base=$(dump "$work/base.db")
for c in "$top"/tests/cases/*/; do
	c=${c%/}
	name=$(basename "$c")
	[ -f "$c/expected.err" ] || continue
	args=()
	[ -f "$c/args" ] && read -ra args <"$c/args"
	[ -f "$c/ties.csv" ] && args+=(--ties "$c/ties.csv")
	(cd "$c" && "$bin" import organisations.csv "${args[@]/#$c\//}" --db "$work/base.db" -q) \
		>"$work/out" 2>"$work/err"
	status=$?
	check "$name: exit 1" test $status -eq 1
	check "$name: message" diff -u "$c/expected.err" "$work/err"
	check "$name: store unchanged" test "$base" = "$(dump "$work/base.db")"
done

# A cell of 10 MB against the default 1 MiB limit: refused, memory bounded.
{
	echo 'id,name,sector,fields'
	echo '1,x,npo,a'
	printf '2,y,npo,'
	head -c 10485760 /dev/zero | tr '\0' 'x'
	echo
} >"$work/huge.csv"
/usr/bin/env time -f '%M' -o "$work/rss" "$bin" import "$work/huge.csv" --db "$work/base.db" -q \
	>"$work/out" 2>"$work/err" || true
check "10 MB cell refused at its line and column" grep -q "huge.csv':3:4: cell is larger than the limit of 1048576 bytes" "$work/err"
# (Sanitizer runtimes add their own shadow memory: the figure means nothing there.)
if [ -s "$work/rss" ] && [ -z "${TSU_SANITIZED:-}" ]; then
	check "10 MB cell: peak memory under 64 MB" test "$(tail -n 1 "$work/rss")" -lt 65536
fi
check "10 MB cell: store unchanged" test "$base" = "$(dump "$work/base.db")"
# tags of one organisation, all columns together; the size of a file
printf 'id,name,sector,fields,interests,offers,needs\n1,x,npo,a;b,c,d,\n2,y,npo,a;b,c;f,d,e\n' >"$work/tags.csv"
run import "$work/tags.csv" --db "$work/base.db" --max-tags 4
check "--max-tags: five tags refused at the cell that passes four, exit 1" sh -c \
	'[ $0 -eq 1 ] && grep -q "tags.csv.:3:6: more than 4 tags for one organisation" "$1"' $status "$work/err"
check "--max-tags: store unchanged" test "$base" = "$(dump "$work/base.db")"
run import "$work/huge.csv" --db "$work/base.db" --max-input 1M
check "--max-input: a 10 MB file refused before it is read, exit 1" sh -c \
	'[ $0 -eq 1 ] && grep -q "huge.csv.: the file is 10.0 MiB, over the limit of 1.0 MiB" "$1"' $status "$work/err"
run import "$work/tags.csv" --db "$work/base.db" --max-input 0
check "--max-input 0 is a usage error" test $status -eq 2

# --- broken files from the shared generator ----------------------------------
if [ -f "$gen" ]; then
	echo "e2e: generated broken files"
	for kind in dup-id missing-column unknown-sector bad-number unbalanced-quote \
		unknown-tie-id invalid-utf8 nul-byte huge-cell sjis; do
		for seed in 3 11; do
			d=$work/gen-$kind-$seed
			# sjis at 2000 rows: conversion crosses the 64 KiB read pieces
			n=200
			[ $kind = sjis ] && n=2000
			python3 "$gen" --orgs $n --seed $seed --out "$d" --bad $kind --quiet 2>"$d.where"
			where=$(cat "$d.where")
			if [ $kind = sjis ]; then
				# Fresh stores: tag labels are the first spelling a store saw.
				run import "$d/organisations.csv" --ties "$d/ties.csv" --db "$d.db" -q
				check "gen $kind/$seed imports" test $status -eq 0
				python3 "$gen" --orgs $n --seed $seed --out "$d-utf8" --quiet 2>/dev/null
				"$bin" import "$d-utf8/organisations.csv" --ties "$d-utf8/ties.csv" \
					--db "$d-utf8.db" -q >/dev/null 2>&1
				"$bin" summary --db "$d.db" | tail -n +2 >"$work/a.sum"
				"$bin" summary --db "$d-utf8.db" | tail -n +2 >"$work/b.sum"
				check "gen $kind/$seed equals its UTF-8 twin" cmp -s "$work/a.sum" "$work/b.sum"
				continue
			fi
			run import "$d/organisations.csv" --ties "$d/ties.csv" --db "$work/base.db" -q
			# "FILE line N ..., column M ..." before any later "line" in the text
			file=$(sed -n "s/^gen_orgs: --bad $kind: \([a-z]*\.csv\).*/\1/p" <<<"$where")
			line=$(sed -n 's/^gen_orgs: --bad [^:]*: [a-z]*\.csv line \([0-9]*\).*/\1/p' <<<"$where")
			col=$(sed -n 's/^gen_orgs: --bad [^:]*: [a-z]*\.csv line [0-9]*[^,]*, column \([0-9]*\).*/\1/p' <<<"$where")
			want="$file':$line:${col:+$col:}"
			check "gen $kind/$seed: exit status 1" test $status -eq 1
			if ! grep -q "$want" "$work/err"; then
				fail "gen $kind/$seed: want '$want' from: $where; got: $(cat "$work/err")"
			else
				ok
			fi
			check "gen $kind/$seed: store unchanged" test "$base" = "$(dump "$work/base.db")"
		done
	done
else
	echo "e2e: generator not found at $gen; generated broken files skipped"
fi

# --- network analysis --------------------------------------------------------
echo "e2e: analyze"
real=$top/../shared/real/classic
checker=$top/tests/e2e/check_analysis.py
db=$work/an.db
"$bin" import "$top/datasets/ja/organisations.csv" --ties "$top/datasets/ja/ties.csv" \
	--db "$db" -q >/dev/null 2>&1
run summary --db "$db"
check "summary before analyze says to run it" grep -q "tsunagu analyze" "$work/out"
run analyze --db "$db" --out "$work/an1"
check "analyze exits 0" test $status -eq 0
check "analyze says what it found" grep -q "324 団体" "$work/out"
check "analyze is quiet on a pipe" test ! -s "$work/err"
check "analyze files: headers, BOM, rows, counts" python3 "$checker" files "$work/an1"
check "analyze finds the planted structure" python3 "$checker" planted "$work/an1" \
	"$top/datasets/ja/planted.txt" "$top/datasets/ja/truth_communities.csv"
check "no temporary files are left" test -z "$(ls -A "$work/an1" | grep '^\.')"
run analyze --db "$db" --out "$work/an2"
check "same input and seed: identical files" diff -r "$work/an1" "$work/an2"
TSUNAGU_JOBS=1 "$bin" analyze --db "$db" --out "$work/an3" >/dev/null 2>&1
check "one worker or several: identical files" diff -r "$work/an1" "$work/an3"
"$bin" analyze --db "$db" --out "$work/an4" --seed 7 --runs 3 >/dev/null 2>&1
check "another seed still analyses" python3 "$checker" files "$work/an4"
check "network.csv records the seed" grep -q '^"seed",7' "$work/an4/network.csv"
run summary --db "$db" --lang en
check "summary shows components" grep -q "Components: 11 (largest 311)" "$work/out"
check "summary shows isolated organisations" grep -q "Isolated organisations: 8" "$work/out"
check "summary shows the top broker" grep -q " 1\. .*(SM-0060)" "$work/out"
run analyze --db "$db" --out "$work/an-en" --lang en
check "reasons follow --lang" grep -q "no tie to any other organisation" "$work/an-en/isolated_groups.csv"
run analyze --help
check "analyze --help says how weights are read" grep -q "distance of 1/weight" "$work/out"
run analyze --db "$work/none.db"
check "analyze without a store exits 1" test $status -eq 1
check "... and makes no store" test ! -e "$work/none.db"
run analyze --db "$db" --resolution -1
check "bad --resolution exits 2" test $status -eq 2
run analyze --db "$db" --snapshot 9
check "unknown snapshot exits 1" test $status -eq 1
before=$(q "$db" "SELECT seed FROM analysis")
touch "$work/afile"
run analyze --db "$db" --out "$work/afile/sub" --seed 99
check "unwritable --out exits 3" test $status -eq 3
check "... naming the folder" grep -q "afile" "$work/err"
check "... and the stored analysis is unchanged" test "$(q "$db" "SELECT seed FROM analysis")" = "$before"
# a failure while writing leaves the previous set of files whole
cp -r "$work/an1" "$work/an-set"
rm "$work/an-set/communities.csv"
mkdir "$work/an-set/communities.csv"
run analyze --db "$db" --out "$work/an-set" --seed 99
check "a file that cannot be replaced exits 3" test $status -eq 3
check "... and no file of the set is replaced" diff -r -x communities.csv "$work/an1" "$work/an-set"
check "... and no temporary file is left" test -z "$(ls -A "$work/an-set" | grep '^\.')"
# a store from the first version (no analysis tables) is read and upgraded
cp "$db" "$work/v1.db"
q "$work/v1.db" "DROP TABLE analysis; DROP TABLE org_metric; DROP TABLE feedback; DROP TABLE match_run; PRAGMA user_version = 1"
run summary --db "$work/v1.db"
check "summary reads a version-1 store" test $status -eq 0
run analyze --db "$work/v1.db" --out "$work/an-v1"
check "analyze upgrades a version-1 store" test "$(q "$work/v1.db" "PRAGMA user_version")" = 3
check "... and its results are the same" diff -r "$work/an1" "$work/an-v1"
check "the analysed store passes its checks" test "$(q "$db" "PRAGMA foreign_key_check")" = ""
# hostile names: text stays text in every CSV
printf 'id,name,sector\nh1,"=HYPERLINK(""http://x"",""y"")",npo\nh2,"say ""hi""\nnext line",business\nh3,@cmd,npo\n' \
	>"$work/hostile.csv"
printf 'source,target\nh1,h2\nh2,h3\n' >"$work/hostile-ties.csv"
"$bin" import "$work/hostile.csv" --ties "$work/hostile-ties.csv" --db "$work/h.db" -q >/dev/null 2>&1
run analyze --db "$work/h.db" --out "$work/an-h"
check "hostile names analyse" test $status -eq 0
check "a formula is written as text" python3 -c '
import csv, sys
r = {x["org_id"]: x["name"] for x in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))}
assert r["h1"] == "'"'"'=HYPERLINK(\"http://x\",\"y\")", r
assert r["h2"] == "say \"hi\"\nnext line", r
assert r["h3"] == "'"'"'@cmd", r
' "$work/an-h/groups.csv"
# hand-built: a main group, two isolates, a pair and a triangle
{
	echo 'id,name,sector,area'
	for i in 1 2 3 4 5 6; do echo "m$i,Main $i,npo,North"; done
	echo 'i1,Alone One,business,North'
	echo 'i2,Alone Two,community,South'
	echo 'p1,Pair One,education,South'
	echo 'p2,Pair Two,npo,South'
	echo 't1,Tri One,government,East'
	echo 't2,Tri Two,npo,East'
	echo 't3,Tri Three,business,East'
} >"$work/hb.csv"
printf 'source,target\nm1,m2\nm2,m3\nm3,m4\nm4,m5\nm5,m6\nm6,m1\nm1,m4\np1,p2\nt1,t2\nt2,t3\nt3,t1\n' \
	>"$work/hb-ties.csv"
"$bin" import "$work/hb.csv" --ties "$work/hb-ties.csv" --db "$work/hb.db" -q >/dev/null 2>&1
run analyze --db "$work/hb.db" --out "$work/an-hb" --lang en
check "hand-built: each group is reported as cut off with its reason" python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
got = sorted((r["kind"], r["org_ids"], r["reason"]) for r in rows)
want = sorted([
    ("isolated", "i1", "no tie to any other organisation"),
    ("isolated", "i2", "no tie to any other organisation"),
    ("component", "p1; p2", "small group: 2 organisations tied only among themselves (1 tie); no tie to the main network of 6"),
    ("component", "t1; t2; t3", "small group: 3 organisations tied only among themselves (3 ties); no tie to the main network of 6"),
    ("area", "m1; m2; m3; m4; m5; m6; i1", "no organisation in this area has a tie to another area (7 ties within)"),
    ("area", "i2; p1; p2", "no organisation in this area has a tie to another area (1 tie within)"),
    ("sector", "i2", "the only Neighbourhood association organisation has no tie"),
    ("area", "t1; t2; t3", "no organisation in this area has a tie to another area (3 ties within)"),
    ("community", "m1; m2; m3; m4; m5; m6", "a community of 6 organisations, all NPO / civic group, with no tie to another sector (7 ties among them)"),
])
assert got == want, "\n".join(map(str, got))
' "$work/an-hb/isolated_groups.csv"

# Padgett's Florentine families: the literature's answers
if [ -f "$real/flo_marriage_nodes.csv" ]; then
	python3 - "$real" "$work/flo" <<'PY'
import csv, os, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
with open(f"{out}/organisations.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "name", "sector"])
    for r in csv.DictReader(open(f"{src}/flo_marriage_nodes.csv")):
        w.writerow([r["id"], r["name"], "other"])
with open(f"{out}/ties.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["source", "target"])
    for r in csv.DictReader(open(f"{src}/flo_marriage_edges.csv")):
        w.writerow([r["source"], r["target"]])
PY
	"$bin" import "$work/flo/organisations.csv" --ties "$work/flo/ties.csv" \
		--db "$work/flo.db" -q >/dev/null 2>&1
	run analyze --db "$work/flo.db" --out "$work/flo/out"
	check "Florentine families: the literature's answers" python3 "$checker" florentine "$work/flo/out"
else
	echo "e2e: $real not found; the Florentine check is skipped"
fi

# --- matching ----------------------------------------------------------------
echo "e2e: match"
run match --db "$db" --out "$work/match/matches.csv"
check "match exits 0" test $status -eq 0
sqlite3 -separator , "$db" "SELECT x.key, y.key FROM tie t JOIN org x ON x.id = t.a JOIN org y ON y.id = t.b WHERE t.snapshot = (SELECT max(id) FROM snapshot)" >"$work/match/ties.txt"
check "match: lists, partners, spread, planted pairs" python3 - "$work/match/matches.csv" "$work/match/ties.txt" "$top/datasets/ja/planted.txt" <<'PY'
import csv, sys
from collections import Counter, defaultdict
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
ties = {tuple(l.strip().split(",")) for l in open(sys.argv[2]) if l.strip()}
lists = defaultdict(list)
for r in rows:
    if r["partner_id"]:
        lists[r["org_id"]].append(r)
bad = []
for a, l in lists.items():
    if len(l) > 10: bad.append(f"{a}: {len(l)} suggestions, K is 10")
    if [int(r["rank"]) for r in l] != list(range(1, len(l) + 1)): bad.append(f"{a}: ranks")
    sc = [float(r["score"]) for r in l]
    if sc != sorted(sc, reverse=True): bad.append(f"{a}: not best first")
    for r in l:
        b = r["partner_id"]
        if (a, b) in ties or (b, a) in ties: bad.append(f"existing partners suggested: {a} {b}")
        if b == a: bad.append(f"{a} suggested to itself")
        if not r["why"]: bad.append(f"{a}-{b}: no reason")
        for part in ("score", "themes", "complement", "cross", "proximity", "mutual"):
            if not 0 <= float(r[part]) <= 1: bad.append(f"{a}-{b}: {part} out of [0, 1]")
spread = Counter(r["partner_id"] for r in rows if r["partner_id"])
if max(spread.values()) > 20: bad.append(f"one partner in {max(spread.values())} lists, spread is 20")
planted = [l.split("=", 1)[1].split() for l in open(sys.argv[3], encoding="utf-8") if l.startswith("matches=")][0]
for pair in planted:
    a, b = pair.split(">")
    ranks = [int(r["rank"]) for r in lists[a] if r["partner_id"] == b]
    if not ranks or ranks[0] > 5: bad.append(f"planted match {a} > {b} not in the top 5 ({ranks})")
    elif "提供でき" not in [r for r in lists[a] if r["partner_id"] == b][0]["why"]:
        bad.append(f"planted match {a} > {b}: the reason does not name the offer")
if len(lists) != 324: bad.append(f"{len(lists)} organisations with suggestions, want all 324")
bad and print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
run match --db "$db" --out "$work/match/again.csv"
check "match twice: identical files" cmp -s "$work/match/matches.csv" "$work/match/again.csv"
TSUNAGU_JOBS=1 "$bin" match --db "$db" --out "$work/match/one.csv" -q >/dev/null 2>&1
check "match with one worker: identical file" cmp -s "$work/match/matches.csv" "$work/match/one.csv"
run match --db "$db" --weight nonsense=1
check "match: a bad --weight exits 2" test $status -eq 2
cp "$work/match/loose_ties.csv" "$work/loose1.csv"
TSUNAGU_JOBS=1 "$bin" match --db "$db" --out "$work/match1/m.csv" -q >/dev/null 2>&1
check "loose ties with one worker: identical file" cmp -s "$work/loose1.csv" "$work/match1/loose_ties.csv"
run match --db "$work/hb.db" --out "$work/match-hb/hb.csv" --lang en
check "match: the hand-built list matches" test $status -eq 0

# --- loose ties ---------------------------------------------------------------
echo "e2e: loose ties"
check "loose ties: beside matches.csv" test -s "$work/match/loose_ties.csv"
check "loose ties: isolates, small groups, community pairs, reasons" python3 - "$work/match/loose_ties.csv" "$work/match/ties.txt" "$top/datasets/ja/planted.txt" "$work/an1/groups.csv" <<'PY'
import csv, sys
from collections import Counter, defaultdict
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
ties = {tuple(l.strip().split(",")) for l in open(sys.argv[2]) if l.strip()}
planted = dict(l.strip().split("=", 1) for l in open(sys.argv[3], encoding="utf-8") if "=" in l)
groups = {r["org_id"]: r for r in csv.DictReader(open(sys.argv[4], encoding="utf-8-sig"))}
bad = []
by_group = defaultdict(list)
for r in rows:
    by_group[(r["kind"], r["group"])].append(r)
iso = {g for k, g in by_group if k == "isolated"}
for v in planted["isolates"].split():
    if v not in iso: bad.append(f"isolate {v} has no loose-tie row")
comps = {g for k, g in by_group if k == "component"}
for v in planted["pair"].split() + planted["triangle"].split():
    if groups[v]["component"] not in comps: bad.append(f"the small group of {v} has no loose-tie row")
if not any(k == "component" for k, g in by_group): bad.append("no small group listed")
if not any(k == "communities" for k, g in by_group): bad.append("no community pair listed")
for (k, g), l in by_group.items():
    ranked = [r for r in l if r["rank"]]
    if len(ranked) > 3: bad.append(f"{k} {g}: {len(ranked)} introductions, want at most 3")
    if [int(r["rank"]) for r in ranked] != list(range(1, len(ranked) + 1)): bad.append(f"{k} {g}: ranks")
    for r in l:
        if not r["why"]: bad.append(f"{k} {g}: no reason")
    for r in ranked:
        a, b = r["org_id"], r["partner_id"]
        if (a, b) in ties or (b, a) in ties: bad.append(f"{a}-{b} are partners already")
        if abs(float(r["score"]) - float(r["compatibility"]) * float(r["bridging"])) > 2e-6:
            bad.append(f"{a}-{b}: score is not compatibility x bridging")
        if int(r["reach"]) < 2: bad.append(f"{a}-{b}: reach {r['reach']}")
        if k == "isolated" and a != g: bad.append(f"isolated {g}: row for {a}")
        if k == "component" and groups[a]["component"] == groups[b]["component"]:
            bad.append(f"component {g}: {b} is inside it")
        if k == "communities":
            c1, c2 = g.split("-")
            if groups[a]["community"] != c1 or groups[b]["community"] != c2:
                bad.append(f"communities {g}: {a} in {groups[a]['community']}, {b} in {groups[b]['community']} (numbers as communities.csv)")
        if "つなぐ" not in r["why"]: bad.append(f"{a}-{b}: the reason does not say what it joins")
partners = Counter(r["partner_id"] for r in rows if r["partner_id"])
if partners and max(partners.values()) > 3: bad.append(f"one partner in {max(partners.values())} loose ties, spread is 3")
bad and print("\n".join(bad[:20]))
sys.exit(1 if bad else 0)
PY
check "loose ties: the hand-built isolates have no data to match on" \
	grep -q '"isolated","i1",1,,"i1","Alone One",.*not enough data' "$work/match-hb/loose_ties.csv"
"$bin" import "$top/datasets/ja/organisations.csv" --ties "$top/datasets/ja/ties.csv" --db "$work/fresh.db" -q >/dev/null 2>&1
"$bin" match --db "$work/fresh.db" --out "$work/fresh1/m.csv" -q >/dev/null 2>&1
"$bin" analyze --db "$work/fresh.db" --out "$work/fresh-an" -q >/dev/null 2>&1
"$bin" match --db "$work/fresh.db" --out "$work/fresh2/m.csv" -q >/dev/null 2>&1
check "loose ties: the stored communities give what Leiden gives unstored" \
	cmp -s "$work/fresh1/loose_ties.csv" "$work/fresh2/loose_ties.csv"
run match --db "$db" --out "$work/col/loose_ties.csv"
check "match: --out named loose_ties.csv is a usage error, nothing written" \
	sh -c '[ $0 -eq 2 ] && [ ! -e "$1" ]' $status "$work/col/loose_ties.csv"
mkdir -p "$work/match0"
run match --db "$db" --out "$work/match0/m.csv" --loose 0 -q
check "match --loose 0: no loose_ties.csv" test $status -eq 0 -a -s "$work/match0/m.csv" -a ! -e "$work/match0/loose_ties.csv"

# --- explain and score ---------------------------------------------------------
echo "e2e: explain and score"
run explain --db "$db" SM-0278 SM-0330 --lang en
check "explain exits 0" test $status -eq 0
check "explain: names, parts, reason, candidate rank" \
	sh -c 'grep -q "SM-0278" "$1" && grep -q "complement" "$1" && grep -q "^why: .*offers" "$1" && grep -q "^Rank [0-9]* of [0-9]* among SM-0278" "$1"' - "$work/out"
tied=$(head -1 "$work/match/ties.txt")
run explain --db "$db" "${tied%,*}" "${tied#*,}"
check "explain: a tied pair says so" grep -q "すでに協働先" "$work/out"
run explain --db "$db" SM-0278 NOPE
check "explain: an unknown id exits 1 and names it" sh -c '[ $0 -eq 1 ] && grep -q "NOPE" "$1"' $status "$work/err"
run explain --db "$db" SM-0278
check "explain: one id is a usage error" test $status -eq 2
run explain --db "$db" SM-0278 SM-0278
check "explain: the same id twice is a usage error" test $status -eq 2
printf 'note,source,target\nx,SM-0278,SM-0330\ny,SM-0225,SM-0115\nz,%s,%s\n' "${tied%,*}" "${tied#*,}" >"$work/pairs.csv"
run score "$work/pairs.csv" --db "$db"
check "score exits 0" test $status -eq 0
check "score: rows, tied flag, same scores as matches.csv" python3 - "$work/out" "$work/match/matches.csv" <<'PY'
import csv, io, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
bad = []
if [r["source"] for r in rows][:2] != ["SM-0278", "SM-0225"] or len(rows) != 3: bad.append(f"rows {[r['source'] for r in rows]}")
if [r["tied"] for r in rows] != ["0", "0", "1"]: bad.append(f"tied {[r['tied'] for r in rows]}")
m = {(r["org_id"], r["partner_id"]): r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))}
for r in rows[:2]:
    x = m.get((r["source"], r["target"]))
    if not x: bad.append(f"{r['source']}-{r['target']} not in matches.csv"); continue
    for k in ("score", "themes", "complement", "cross", "proximity", "mutual", "why"):
        if x[k] != r[k]: bad.append(f"{k}: {x[k]} != {r[k]}")
if not rows[2]["why"]: bad.append("the tied pair has no reason")
bad and print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
run score "$work/pairs.csv" --db "$db" --out "$work/scored/s.csv"
check "score --out: a file with a BOM" sh -c 'head -c 3 "$1" | od -An -tx1 | grep -q "ef bb bf"' - "$work/scored/s.csv"
printf 'source,target\nSM-0278,SM-0330\nSM-0001,GHOST\n' >"$work/pairs-bad.csv"
run score "$work/pairs-bad.csv" --db "$db" --out "$work/scored/bad.csv"
check "score: an unknown id is FILE:3:2, nothing written" \
	sh -c '[ $0 -eq 1 ] && grep -q "pairs-bad.csv.*:3:2" "$1" && grep -q GHOST "$1" && [ ! -e "$2" ]' $status "$work/err" "$work/scored/bad.csv"
printf 'from,to\nSM-0278,SM-0330\n' >"$work/pairs-hdr.csv"
run score "$work/pairs-hdr.csv" --db "$db"
check "score: a header without source and target is refused" test $status -eq 1
if [ -d "$top/../shared/real/linkpred/raw" ]; then
	check "ties only: ranks the held-out USAir and C. elegans ties as well as RA" \
		python3 "$top/tests/bench/linkpred.py" "$bin" "$top/../shared/real/linkpred/raw" USAir Celegans --check
else
	echo "e2e: ../shared/real/linkpred not found; the link-prediction check is skipped"
fi

# --- configuration -------------------------------------------------------------
printf '# themes only\nthemes = 1\ncomplement = 0\ncross=0\nproximity = 0\nmutual = 0\ntop = 3\n' >"$work/themes.conf"
run match --db "$db" --config "$work/themes.conf" --out "$work/conf/m.csv" --loose 0
check "match --config: scores are the themes part, 3 a list" python3 - "$work/conf/m.csv" <<'PY'
import csv, sys
from collections import Counter
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if r["partner_id"]]
ok = rows and all(r["score"] == r["themes"] for r in rows)
ok = ok and max(Counter(r["org_id"] for r in rows).values()) == 3
sys.exit(0 if ok else 1)
PY
run match --db "$db" --config "$work/themes.conf" -w themes=1 -w mutual=1 --top 4 --out "$work/conf/m2.csv" --loose 0
check "match: flags override the config file" python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if r["partner_id"]]
sys.exit(0 if any(r["score"] != r["themes"] for r in rows) and max(int(r["rank"]) for r in rows) == 4 else 1)' "$work/conf/m2.csv"
printf 'themes = 1\nthemes: 2\n' >"$work/bad.conf"
run match --db "$db" --config "$work/bad.conf" --out "$work/conf/m3.csv"
check "match: a bad config line is FILE:2:1, exit 1" sh -c '[ $0 -eq 1 ] && grep -q "bad.conf.*:2:1" "$1"' $status "$work/err"
run match --db "$db" --config "$work/none.conf"
check "match: a missing config file exits 3" test $status -eq 3

# --- pictures and the report ----------------------------------------------------
. "$top/tests/e2e/report.sh"

# --- history, diff, feedback ----------------------------------------------------
. "$top/tests/e2e/history.sh"

# --- exports -------------------------------------------------------------------
. "$top/tests/e2e/export.sh"

# --- crash safety --------------------------------------------------------------
. "$top/tests/e2e/safety.sh"

. "$top/tests/e2e/install.sh"
echo "e2e: $passed passed, $failed failed"
[ $failed -eq 0 ]
