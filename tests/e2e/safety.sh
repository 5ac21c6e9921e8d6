# End-to-end tests of crash safety: an import killed with SIGKILL halfway
# leaves the store exactly as before, and it still opens; two imports into
# one existing store at once: the second waits or fails clearly, never
# corrupts.  Sourced by run.sh (uses run/check/q/dump, $bin, $work, $top).

echo "e2e: crash safety"
sd=$work/safety
mkdir -p "$sd"
# a list big enough that its import takes a few seconds (no tool needed)
python3 - "$sd/big.csv" <<'PY'
import sys
sectors = ["npo", "business", "government", "education", "community", "other"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("id,name,sector,fields,interests,offers,needs,area,partners\n")
    for i in range(300000):
        f.write(f"B{i},Org {i},{sectors[i % 6]},f{i % 97};f{i % 89},i{i % 83},"
                f"o{i % 79},n{i % 73},a{i % 50},B{(i * 7 + 1) % 300000}\n")
PY
sdb=$sd/s.db
"$bin" import "$top/datasets/en/organisations.csv" --db "$sdb" -q >/dev/null 2>&1
before=$(dump "$sdb")
killed=0
for attempt in 1 2 3; do
	"$bin" import "$sd/big.csv" --db "$sdb" -q >/dev/null 2>&1 &
	pid=$!
	# wait until the import is writing (SQLite's rollback journal exists)
	for _ in $(seq 1 400); do
		[ -e "$sdb-journal" ] && break
		sleep 0.01
	done
	sleep 0.3
	if kill -0 $pid 2>/dev/null && [ -e "$sdb-journal" ]; then
		kill -KILL $pid
		wait $pid 2>/dev/null
		killed=1
		break
	fi
	wait $pid 2>/dev/null
	"$bin" import "$top/datasets/en/organisations.csv" --db "$sdb" -q >/dev/null 2>&1
done
check "SIGKILL: the import was killed while writing" test $killed -eq 1
check "SIGKILL: the store is exactly as before (dump)" test "$(dump "$sdb")" = "$before"
check "SIGKILL: the store passes integrity_check" test "$(q "$sdb" 'PRAGMA integrity_check')" = ok
run summary --db "$sdb"
check "SIGKILL: the store still opens (summary)" test $status -eq 0
run import "$top/datasets/ja/organisations.csv" --ties "$top/datasets/ja/ties.csv" --db "$sdb" -q
check "SIGKILL: the next import works" sh -c '[ $0 -eq 0 ] && [ "$(sqlite3 "$1" "SELECT count(*) FROM snapshot")" = 2 ]' \
	$status "$sdb"

# two imports into one existing store at once
cp "$sdb" "$sd/two.db"
before=$(q "$sd/two.db" 'SELECT count(*) FROM snapshot')
"$bin" import "$sd/big.csv" --db "$sd/two.db" -q >/dev/null 2>"$sd/a.err" &
pa=$!
for _ in $(seq 1 400); do
	[ -e "$sd/two.db-journal" ] && break
	sleep 0.01
done
"$bin" import "$top/datasets/en/organisations.csv" --ties "$top/datasets/en/ties.csv" \
	--db "$sd/two.db" -q >/dev/null 2>"$sd/b.err"
sb=$?
wait $pa
sa=$?
after=$(q "$sd/two.db" 'SELECT count(*) FROM snapshot')
check "two imports at once: the first succeeds" test $sa -eq 0
check "two imports at once: the second waited and succeeded, or failed saying the store is locked" sh -c \
	'if [ $0 -eq 0 ]; then [ $1 -eq $(($2 + 2)) ]; else [ $0 -eq 4 ] && grep -q "locked" "$3" && [ $1 -eq $(($2 + 1)) ]; fi' \
	$sb "$after" "$before" "$sd/b.err"
check "two imports at once: the store passes integrity_check" \
	test "$(q "$sd/two.db" 'PRAGMA integrity_check')" = ok

# out of memory (address space capped): exit 5, a clear message, the store
# as it was.  Plain build only: the sanitizers reserve terabytes of address
# space up front.
if [ -z "${TSU_SANITIZED:-}" ]; then
	cp "$sd/two.db" "$sd/oom.db"
	before=$(dump "$sd/oom.db")
	(ulimit -v 60000; exec "$bin" import "$sd/big.csv" --db "$sd/oom.db" -q) \
		>"$work/out" 2>"$work/err"
	status=$?
	check "out of memory: exit 5, said so" sh -c \
		'[ $0 -eq 5 ] && grep -q "out of memory" "$1"' $status "$work/err"
	check "out of memory: the store as it was" test "$(dump "$sd/oom.db")" = "$before"
fi

# valgrind memcheck on the whole job: one process (-j 1) with no leak of any
# kind and no invalid access; with forked workers (-j 2), no invalid access
# and nothing definitely lost in any process (a worker ends with _exit and
# leaves its copy of the parent's caches, which memcheck calls "possibly
# lost").  Plain build only: valgrind and the sanitizers do not mix.
if [ -z "${TSU_SANITIZED:-}" ] && command -v valgrind >/dev/null; then
	echo "e2e: valgrind memcheck"
	for j in 1 2; do
		if [ $j = 1 ]; then kinds=definite,indirect,possible; else kinds=definite; fi
		valgrind --leak-check=full --show-leak-kinds=$kinds --errors-for-leak-kinds=$kinds \
			--error-exitcode=9 "$bin" run "$top/datasets/ja/organisations.csv" \
			--ties "$top/datasets/ja/ties.csv" --db "$sd/vg$j.db" --out "$sd/vg$j" -j $j \
			>/dev/null 2>"$sd/vg$j.err"
		vs=$?
		check "valgrind: run -j $j exits 0, no error in any process" sh -c \
			'[ $0 -eq 0 ] && grep -q "ERROR SUMMARY" "$1" && ! grep "ERROR SUMMARY" "$1" | grep -vq " 0 errors"' \
			$vs "$sd/vg$j.err"
	done
fi

# text that spreadsheets would run as a formula stays text in every CSV the
# job writes; SQL text is stored as text
echo "e2e: hostile text in every CSV"
cat >"$sd/f.csv" <<'CSV'
id,name,sector,fields,interests,offers,needs,area,partners
=1+1,"=HYPERLINK(""http://x"",""y"")",npo,+食育,-防災,@会場,=cmd|' /C calc'!A0,=area,+2
+2,+SUM(A1),business,+食育,-防災,=会場,@会場,=area,=1+1
-3,-3+3,government,+食育,子育て,@会場,=会場,-area,+2
@4,@x,education,+食育,-防災,会場,@会場,@area,-3
5,"'; DROP TABLE org;--",community,+食育,-防災,会場,=会場,=area,@4
CSV
run run "$sd/f.csv" --db "$sd/f.db" --out "$sd/fout" --lang en
check "formulas: the job runs" test $status -eq 0
check "formulas: no CSV cell starts with = + - @ (each is written as text, with a leading ')" \
	python3 - "$sd/fout" <<'PY'
import csv, glob, sys
bad, seen = [], 0
for f in sorted(glob.glob(sys.argv[1] + "/*.csv")):
    for row in csv.reader(open(f, encoding="utf-8-sig")):
        for c in row:
            if c[:1] in ("=", "+", "-", "@") and not c.lstrip("+-").replace(".", "", 1).replace("e-", "", 1).isdigit():
                bad.append((f, c))
            if c.startswith("'=") or c.startswith("'@") or c.startswith("'+") or c.startswith("'-"):
                seen += 1
sys.exit(0 if not bad and seen > 0 else print(bad[:5], seen) or 1)
PY
check "SQL text: the store holds the five, the name as text" sh -c \
	'[ "$(sqlite3 "$0" "SELECT count(*) FROM org")" = 5 ] && sqlite3 "$0" "SELECT name FROM org" | grep -qF "DROP TABLE org"' \
	"$sd/f.db"

# a full disk while the report is written (files capped with ulimit -f):
# exit 3 with the reason, the earlier report kept whole, nothing half
# written presented as done, no temporary left, the store intact
"$bin" run "$top/datasets/ja/organisations.csv" --ties "$top/datasets/ja/ties.csv" \
	--db "$sd/fd.db" --out "$sd/fd" >/dev/null 2>&1
cp -r "$sd/fd" "$sd/fd0"
(ulimit -f 200; exec "$bin" report --db "$sd/fd.db" --out "$sd/fd") >"$work/out" 2>"$work/err"
status=$?
check "full disk: exit 3, the file and the reason named" sh -c \
	'[ $0 -eq 3 ] && grep -q "File too large" "$1"' $status "$work/err"
check "full disk: the earlier report and CSVs kept whole" sh -c \
	'for f in index.html matches.csv loose_ties.csv centrality.csv plots/network.png; do cmp -s "$0/$f" "$1/$f" || exit 1; done' \
	"$sd/fd0" "$sd/fd"
check "full disk: no temporary file left" sh -c \
	'[ -z "$(ls -A "$0" "$0/plots" | grep "^\.")" ]' "$sd/fd"
check "full disk: the store intact" test "$(q "$sd/fd.db" 'PRAGMA integrity_check')" = ok
