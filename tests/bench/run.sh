#!/usr/bin/env bash
# Import, analysis, matching and whole-run benchmark of tsunagu on generated
# lists.
#
#   bash tests/bench/run.sh [TSUNAGU]          (make bench runs it on ./tsunagu)
#
# For each size it imports DIR/organisations.csv + DIR/ties.csv into a fresh
# store, imports the identical files again (a no-op that must be fast), and
# runs `tsunagu analyze` (stage by stage, and how well its communities
# recover the generator's planted ones: NMI), `tsunagu match` (matches.csv
# and loose_ties.csv) and `tsunagu summary` on the result, each under
# /usr/bin/time, and prints one table of figures; then `tsunagu run` (the
# whole job to the pictures and the page) on the bundled dataset and on each
# size.  Then the quality of the
# matches: on lists generated with 10% of their ties hidden, the AUC of
# `tsunagu score` on hidden against random untied pairs and the share of
# hidden ties in the top-10 lists (tests/bench/match_quality.py), the same
# with every tag removed (ties only, against the resource-allocation index),
# and on the standard link-prediction networks of ../shared/real when
# present (tests/bench/linkpred.py).  The 1M import has a target (< 20 s wall, < 2 GiB peak
# RSS); it is shown as PASS or MISS and never fails the run.  The exit status
# is non-zero only when tsunagu itself fails (an error exit or a crash), or
# the script is misused.
#
# Environment:
#   TSU_BENCH_SIZES  organisation counts to run (default "10000 100000
#                    1000000"; TSU_BENCH_SIZES=100000 for a quick run)
#   TSU_BENCH_QUALITY  sizes of the match-quality runs on lists with 10% of
#                    their ties hidden (default "10000 100000"; "" for none)
#   TSU_BENCH_DIR    cache of generated lists (default build/bench-data in the
#                    repo; build/ is git-ignored).  Each list is generated once
#                    by ../shared/tools/gen_orgs.py and reused while the
#                    generator is unchanged (about 4 s for 100k, 40 s for 1M).
#   TSU_GEN_ORGS     path of gen_orgs.py (default: ../shared/tools/ beside the
#                    repo); when it is absent the benchmark is skipped, exit 0.
#
# Needs GNU time as /usr/bin/time: the Debian package `time`
# (apt-get install -y time; it is in the Makefile's DEB_TEST).  When it is
# missing and we are root with apt-get, it is installed here.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null) ||
	top=$(cd "$here/../.." && pwd)

bin=${1:-$top/tsunagu}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
gen=${TSU_GEN_ORGS:-$top/../shared/tools/gen_orgs.py}
cache=${TSU_BENCH_DIR:-$top/build/bench-data}
sizes=${TSU_BENCH_SIZES:-10000 100000 1000000}
qsizes=${TSU_BENCH_QUALITY-10000 100000}
seed=7
lang=mixed

# Target for the 1M import.
target_n=1000000
target_s=20
target_mib=2048

say() { echo "bench: $*"; }
die() { echo "bench: error: $*" >&2; exit 1; }

# --- preconditions --------------------------------------------------------------
[ -x "$bin" ] || { echo "bench: usage: run.sh [TSUNAGU]: '$bin' is not an executable" >&2; exit 2; }
for n in $sizes; do
	if ! [[ $n =~ ^[0-9]+$ ]] || [ "$n" -lt 20 ]; then
		echo "bench: usage: TSU_BENCH_SIZES: '$n' is not a count >= 20" >&2
		exit 2
	fi
done
if [ ! -f "$gen" ]; then
	say "skipped: generator not found ($gen; set TSU_GEN_ORGS)"
	exit 0
fi
command -v python3 >/dev/null || { say "skipped: python3 not found"; exit 0; }
if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		say "installing the Debian package 'time' for /usr/bin/time"
		if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends time >/dev/null; }; then
			die "could not install the Debian package 'time'"
		fi
	else
		say "skipped: /usr/bin/time not found (apt-get install -y time)"
		exit 0
	fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# --- datasets -------------------------------------------------------------------
# Prints the directory holding the list of $1 organisations, generating it
# first unless a complete one made by the same generator is cached.  A list is
# written to a temporary directory and renamed, so an interrupted generation
# never looks complete.
dataset() { # dataset N [SEED LANG HIDE]
	local n=$1 s=${2:-$seed} l=${3:-$lang} hide=${4:-} dir stamp
	dir=$cache/orgs-$n-s$s-$l${hide:+-hide$hide}
	stamp=$(sha256sum "$gen" | cut -c1-16)
	if [ -f "$dir/organisations.csv" ] && [ -f "$dir/ties.csv" ] &&
		[ "$(cat "$dir/.generator" 2>/dev/null)" = "$stamp" ]; then
		echo "$dir"
		return
	fi
	say "generating $n organisations into $dir" >&2
	mkdir -p "$cache"
	rm -rf "$dir" "$dir.tmp"
	python3 "$gen" --orgs "$n" --seed "$s" --out "$dir.tmp" --lang "$l" \
		${hide:+--hide "$hide"} --quiet ||
		die "generator failed for --orgs $n"
	echo "$stamp" >"$dir.tmp/.generator"
	mv "$dir.tmp" "$dir"
	echo "$dir"
}

# --- measuring ------------------------------------------------------------------
# timed NAME CMD...: runs CMD under /usr/bin/time with its stdout and stderr in
# $work/NAME.out and $work/NAME.err; sets wall and cpu (user + system, s) and
# rss (MiB).  tsunagu failing or crashing ends the benchmark with its message
# and a non-zero exit.
timed() {
	local name=$1 rc=0
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" \
		>"$work/$name.out" 2>"$work/$name.err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "bench: error: '$*' exited with status $rc" >&2
		grep -v '^[0-9. ]*$' "$work/$name.time" >&2 || true # "Command terminated by signal N"
		tail -n 20 "$work/$name.err" >&2
		exit "$rc"
	fi
	read -r wall cpu rss < <(awk 'END { printf "%s %.2f %.1f\n", $1, $2 + $3, $4 / 1024 }' \
		"$work/$name.time")
}

verdict() { # verdict SECONDS: the last timed run against SECONDS and 8 GiB
	local miss
	miss=$(awk -v s="$wall" -v m="$rss" -v ts="$1" \
		'BEGIN { w = ""; if (s >= ts) w = "wall"; if (m >= 8192) w = w (w ? "+" : "") "RSS"; print w }')
	echo "<$1 s, <8 GiB: ${miss:+MISS ($miss)}${miss:-PASS}"
}

mb() { # mb FILE...: total size in MB (10^6 bytes) of the files that exist
	local f total=0
	for f in "$@"; do
		[ -f "$f" ] && total=$((total + $(stat -c %s "$f")))
	done
	awk -v b="$total" 'BEGIN { printf "%.1f", b / 1e6 }'
}

row() { # size step input-MB wall-s cpu-s peak-MiB store-MB orgs/s target
	printf '%-9s %-10s %9s %8s %8s %9s %9s %10s  %s\n' "$@"
}

# --- the runs -------------------------------------------------------------------
say "tsunagu import and analyze on gen_orgs.py lists (--seed $seed --lang $lang), $("$bin" --version | head -n 1)"
say "repo at $(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)," \
	"$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
	"load $(cut -d' ' -f1 /proc/loadavg); cache $cache"

declare -a rows stages mstages quality
for n in $sizes; do
	dir=$(dataset "$n")
	orgs=$dir/organisations.csv
	ties=$dir/ties.csv
	db=$work/bench-$n.db
	input=$(mb "$orgs" "$ties")

	timed "import-$n" "$bin" import "$orgs" --ties "$ties" --db "$db" -q
	store=$(mb "$db" "$db-wal" "$db-journal")
	rate=$(awk -v n="$n" -v s="$wall" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
	target=-
	if [ "$n" -eq "$target_n" ]; then
		miss=$(awk -v s="$wall" -v m="$rss" -v ts="$target_s" -v tm="$target_mib" \
			'BEGIN { w = ""; if (s >= ts) w = "wall"; if (m >= tm) w = w (w ? "+" : "") "RSS"; print w }')
		target="<${target_s} s, <2 GiB: ${miss:+MISS ($miss)}"
		[ -n "$miss" ] || target+="PASS"
	fi
	rows+=("$(row "$n" import "$input" "$wall" "$cpu" "$rss" "$store" "$rate" "$target")")

	timed "reimport-$n" "$bin" import "$orgs" --ties "$ties" --db "$db" -q
	note=-
	grep -q '^unchanged' "$work/reimport-$n.out" "$work/reimport-$n.err" ||
		note="NOT a no-op: $(head -c 120 "$work/reimport-$n.out")"
	rows+=("$(row "" re-import "$input" "$wall" "$cpu" "$rss" "$(mb "$db" "$db-wal")" - "$note")")

	# analyze: targets 100k < 4 s; 1M < 90 s and < 8 GiB
	TSUNAGU_TIMING=1 timed "analyze-$n" "$bin" analyze --db "$db" --out "$work/an-$n" -q
	rate=$(awk -v n="$n" -v s="$wall" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
	case $n in 100000) target=$(verdict 4) ;; 1000000) target=$(verdict 90) ;; *) target=- ;; esac
	rows+=("$(row "" analyze - "$wall" "$cpu" "$rss" - "$rate" "$target")")
	stages+=("$n organisations: $(awk '/^analyze: .* s$/ {
			sub(/^analyze: /, ""); sub(/ +s$/, ""); t = $NF; sub(/ +[0-9.]+$/, "")
			printf "%s%s %s", (n++ ? "; " : ""), $0, t }' "$work/analyze-$n.err")")
	sources=$(sed -n 's/^"betweenness_sources",\([0-9]*\),.*/\1/p' "$work/an-$n/network.csv")
	nmi=-
	[ -f "$dir/truth_communities.csv" ] &&
		nmi=$(python3 "$top/tests/e2e/check_analysis.py" nmi "$work/an-$n/groups.csv" \
			"$dir/truth_communities.csv")
	quality+=("$n organisations: NMI against the generator's communities $nmi; modularity $(sed -n 's/^"modularity",\([0-9.]*\),.*/\1/p' "$work/an-$n/network.csv"); path sources ${sources:-?} (0 = exact)")

	# match: targets 100k < 5 s; 1M < 120 s; both < 8 GiB
	TSUNAGU_TIMING=1 timed "match-$n" "$bin" match --db "$db" --out "$work/m-$n/matches.csv" -q
	rate=$(awk -v n="$n" -v s="$wall" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
	case $n in 100000) target=$(verdict 5) ;; 1000000) target=$(verdict 120) ;; *) target=- ;; esac
	rows+=("$(row "" match - "$wall" "$cpu" "$rss" "$(mb "$work/m-$n/matches.csv" "$work/m-$n/loose_ties.csv")" "$rate" "$target")")
	mstages+=("$n organisations: $(awk '/^match: .* s$/ {
			sub(/^match: /, ""); sub(/ +s$/, ""); t = $NF; sub(/ +[0-9.]+$/, "")
			printf "%s%s %s", (n++ ? "; " : ""), $0, t }' "$work/match-$n.err"); $(head -n 2 "$work/match-$n.out" | tr '\n' ' ')")
	rm -rf "$work/m-$n"

	timed "summary-$n" "$bin" summary --db "$db"
	rows+=("$(row "" summary - "$wall" "$cpu" "$rss" - - -)")
	rm -rf "$work/an-$n"
	rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
done

echo
row size step "input MB" "wall s" "cpu s" "peak MiB" "store MB" "orgs/s" target
printf '%s\n' "${rows[@]}"
echo "(cpu s = user + system; wall well above cpu means the machine was busy or"
echo " the run waited on I/O: compare runs only when both columns agree."
echo " analyze forks worker processes: cpu s counts them, and peak MiB is the"
echo " largest single process; workers share the parent's pages copy-on-write.)"
echo
echo "analyze stages (wall s):"
printf '  %s\n' "${stages[@]}"
echo "analyze quality:"
printf '  %s\n' "${quality[@]}"
echo "match stages (wall s; store MB above = matches.csv + loose_ties.csv):"
printf '  %s\n' "${mstages[@]}"

# --- the whole job: tsunagu run ----------------------------------------------------
# Import, analysis, suggestions, CSVs, the six pictures and the page, on the
# bundled dataset and on each size.  Targets: bundled < 3 s; 100k < 15 s with
# the pictures < 5 s; 1M < 5 min.  "plots s" is the drawing alone (layout and
# gnuplot, from TSUNAGU_TIMING); peak MiB is tsunagu's own process (each
# gnuplot is a separate, smaller one).
plots_s() { # plots_s ERRFILE: seconds of the "run: plots..." stages
	awk '/^run: plots.* s$/ { t += $(NF - 1) } END { printf "%.2f", t }' "$1"
}
runrow() { # what wall-s cpu-s peak-MiB plots-s page-MB target
	printf '%-22s %8s %8s %9s %8s %8s  %s\n' "$@"
}
declare -a runrows
TSUNAGU_TIMING=1 timed run-bundled "$bin" run "$top/datasets/ja/organisations.csv" \
	--ties "$top/datasets/ja/ties.csv" --db "$work/run-bundled.db" --out "$work/run-bundled" -q
runrows+=("$(runrow "datasets/ja ($(($(wc -l <"$top/datasets/ja/organisations.csv") - 1)))" \
	"$wall" "$cpu" "$rss" "$(plots_s "$work/run-bundled.err")" \
	"$(mb "$work/run-bundled/index.html")" "$(verdict 3)")")
rm -rf "$work/run-bundled" "$work/run-bundled.db"
for n in $sizes; do
	dir=$(dataset "$n")
	TSUNAGU_TIMING=1 timed "run-$n" "$bin" run "$dir/organisations.csv" --ties "$dir/ties.csv" \
		--db "$work/run-$n.db" --out "$work/run-$n" -q
	p=$(plots_s "$work/run-$n.err")
	case $n in
	100000) target="$(verdict 15); plots <5 s: $(awk -v p="$p" 'BEGIN { print (p < 5 ? "PASS" : "MISS") }')" ;;
	1000000) target=$(verdict 300) ;;
	*) target=- ;;
	esac
	runrows+=("$(runrow "$n" "$wall" "$cpu" "$rss" "$p" "$(mb "$work/run-$n/index.html")" "$target")")
	rm -rf "$work/run-$n" "$work/run-$n.db" "$work/run-$n.db-wal" "$work/run-$n.db-shm"
done
echo
echo "tsunagu run (import, analyze, match, CSVs, six pictures, index.html):"
runrow organisations "wall s" "cpu s" "peak MiB" "plots s" "page MB" target
printf '%s\n' "${runrows[@]}"

# --- limits: 1 GB inputs --------------------------------------------------------------
# Memory stays bounded by the limits, not by the size of the file: a 1 GB
# file that is one unclosed quoted cell (refused at the cell limit), and a
# 1 GB file of 5.5M short rows (refused at the row limit, 5M).  Both are
# refused with exit 1; peak MiB is what the import held.  TSU_BENCH_BIG=""
# skips this (the files are made once, 2 GB, in the cache).
if [ -n "${TSU_BENCH_BIG-1}" ]; then
	big=$cache/big-inputs
	mkdir -p "$big"
	if [ ! -s "$big/one-cell.csv" ]; then
		{ printf 'id,name,sector\n1,"'; head -c 1073741824 /dev/zero | tr '\0' 'x'; } \
			>"$big/one-cell.csv"
	fi
	if [ ! -s "$big/rows.csv" ]; then
		python3 - "$big/rows.csv" <<'PY'
import sys
pad = "x" * 170
with open(sys.argv[1], "w") as f:
    f.write("id,name,sector\n")
    for i in range(5_600_000):
        f.write(f"R{i},{pad}{i},npo\n")
PY
	fi
	refused() { # refused NAME CMD...: like timed, but exit 1 is expected
		local name=$1 rc=0
		shift
		/usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" \
			>"$work/$name.out" 2>"$work/$name.err" || rc=$?
		if [ "$rc" -ne 1 ]; then
			echo "bench: error: '$*' exited with status $rc, not 1" >&2
			tail -n 5 "$work/$name.err" >&2
			exit 1
		fi
		read -r wall cpu rss < <(awk 'END { printf "%s %.2f %.1f\n", $1, $2 + $3, $4 / 1024 }' \
			"$work/$name.time")
	}
	echo
	echo "limits: 1 GB inputs (refused, exit 1):"
	printf '%-34s %8s %9s  %s\n' file "wall s" "peak MiB" "message"
	for f in one-cell rows; do
		rm -f "$work/big.db"
		refused "big-$f" "$bin" import "$big/$f.csv" --db "$work/big.db" -q
		printf '%-34s %8s %9s  %s\n' "$f.csv ($(mb "$big/$f.csv") MB)" "$wall" "$rss" \
			"$(head -c 100 "$work/big-$f.err")"
	done
	rm -f "$work/big.db"
fi

# --- match quality ----------------------------------------------------------------
# Lists with 10% of their ties hidden (gen_orgs.py --hide 0.1, seed 3, ja):
# does the score rank the hidden pairs above random untied ones (AUC), and
# do the top-10 lists find them?  Then the same list with every tag removed:
# ties only, where the score must rank at least as well as RA.
for n in $qsizes; do
	dir=$(dataset "$n" 3 ja 0.1)
	db=$work/q-$n.db
	"$bin" import "$dir/organisations.csv" --ties "$dir/ties.csv" --db "$db" -q >/dev/null 2>&1 ||
		die "import of the hidden-tie list failed"
	"$bin" match --db "$db" --out "$work/q-$n/matches.csv" --loose 0 -q >/dev/null ||
		die "match on the hidden-tie list failed"
	mkdir -p "$work/q-$n-notags"
	python3 - "$dir/organisations.csv" "$work/q-$n-notags/organisations.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
drop = {i for i, c in enumerate(rows[0]) if c in ("活動分野", "関心", "できること", "ニーズ", "fields", "interests", "offers", "needs")}
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    for r in rows:
        w.writerow([c for i, c in enumerate(r) if i not in drop])
PY
	cp "$dir/ties.csv" "$dir/truth_hidden_ties.csv" "$work/q-$n-notags/"
	"$bin" import "$work/q-$n-notags/organisations.csv" --ties "$dir/ties.csv" --db "$work/qn-$n.db" -q >/dev/null 2>&1 ||
		die "import of the tag-less list failed"
	"$bin" match --db "$work/qn-$n.db" --out "$work/q-$n-notags/matches.csv" --loose 0 -q >/dev/null ||
		die "match on the tag-less list failed"
	echo
	echo "match quality, $n organisations, 10% of ties hidden:"
	python3 "$here/match_quality.py" "$bin" "$dir" "$db" "$work/q-$n/matches.csv" \
		--no-tags "$work/qn-$n.db" "$work/q-$n-notags/matches.csv" | sed 's/^/  /'
	rm -rf "$work/q-$n" "$work/q-$n-notags" "$db" "$work/qn-$n.db"
done
real=$top/../shared/real/linkpred/raw
if [ -n "$qsizes" ] && [ -d "$real" ]; then
	echo
	echo "link prediction with ties only (10% held out), AUC against RA:"
	python3 "$here/linkpred.py" "$bin" "$real" | sed 's/^/  /'
fi
