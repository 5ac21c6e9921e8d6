# End-to-end tests of `tsunagu run`, `report` and `plot`: the pictures, the
# page, hostile names, a missing or failing gnuplot, and a real browser.
# Sourced by run.sh (uses its run/check/q helpers, $bin, $work, $top).
#
# Needs gnuplot, python3, strace and chromium (make deps-test installs them);
# the browser checks are left to the plain build: the page is the same under
# the sanitizers and a browser adds nothing there but time.

chk() { python3 "$top/tests/e2e/check_report.py" "$@"; }
pictures="network communities mixing degree brokers scores"
rd=$work/rep
mkdir -p "$rd"

# --- the whole job on the bundled dataset --------------------------------------
echo "e2e: run, plots and report"
for cmd in run report plot; do
	run "$cmd" --help
	check "$cmd --help exits 0 and prints usage" sh -c \
		'[ $0 -eq 0 ] && grep -q "^usage: tsunagu $1" "$2"' $status "$cmd" "$work/out"
done
run run "$top/datasets/ja/organisations.csv" --ties "$top/datasets/ja/ties.csv" \
	--db "$rd/t.db" --out "$rd/out"
check "run: exit 0" test $status -eq 0
check "run: says where the report is, all six pictures" \
	grep -q "$rd/out/index.html を書き出しました（図 6/6" "$work/out"
check "run: no progress lines when stderr is not a terminal" \
	sh -c '! grep -q "%" "$0"' "$work/err"
missing=
for p in $pictures; do
	for ext in png svg; do
		[ -s "$rd/out/plots/$p.$ext" ] || missing="$missing $p.$ext"
	done
done
check "run: every picture as PNG and SVG ($missing)" test -z "$missing"
check "run: no temporary file left beside the pictures" \
	sh -c '[ -z "$(ls -A "$0" | grep "^\.")" ]' "$rd/out/plots"
check "run: pictures readable as the umask allows" \
	sh -c '[ "$(stat -c %a "$0")" = "$(printf %o $((0666 & ~$(umask))))" ]' \
	"$rd/out/plots/network.png"
check "run: every CSV starts with a UTF-8 BOM" chk bom "$rd"/out/*.csv
check "run: CSVs beside the page" test -s "$rd/out/matches.csv" -a -s "$rd/out/loose_ties.csv" \
	-a -s "$rd/out/isolated_groups.csv" -a -s "$rd/out/centrality.csv"
check "run: the page is self-contained, six embedded PNGs, A4 print style" \
	chk page "$rd/out/index.html" 6
check "run: the network map is 1600x1200 and not blank" \
	chk png "$rd/out/plots/network.png" 1600 1200
n_orgs=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))))' \
	"$top/datasets/ja/organisations.csv")
check "run: the page's first headline is the number of organisations ($n_orgs)" \
	grep -q "<div class=\"card\"><b>$n_orgs</b>団体</div>" "$rd/out/index.html"
# the strongest broker with a short name, from the CSV: named on the chart,
# in the page, in Japanese
broker=$(python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
rows.sort(key=lambda r: -float(r["betweenness"]))
print(next(r["name"] for r in rows if len(r["name"]) <= 12))' "$rd/out/centrality.csv")
check "run: the broker chart names '$broker'" chk svgtext "$rd/out/plots/brokers.svg" "$broker"
check "run: the page names '$broker'" chk html-has "$rd/out/index.html" "$broker"
check "run: Japanese titles and the CJK font in the SVG" sh -c \
	'grep -q "連携ネットワーク" "$0" && grep -q "Noto Sans CJK JP" "$0"' "$rd/out/plots/network.svg"

# the same store, the same seed: the same suggestions and pictures
run report --db "$rd/t.db" --out "$rd/again"
check "report: exit 0 on the stored snapshot" test $status -eq 0
check "report: reuses the stored analysis (no note about defaults)" \
	sh -c '! grep -q "no stored analysis" "$0"' "$work/err"
same=1
for f in matches.csv loose_ties.csv centrality.csv index.html plots/network.svg plots/communities.svg; do
	cmp -s "$rd/out/$f" "$rd/again/$f" || { same=0; echo "    differs: $f"; }
done
check "report: the same files as run (matches, pictures, page)" test $same -eq 1

# the CJK font is the one gnuplot opens to set Japanese text
cat >"$rd/gp-strace" <<EOF
#!/bin/sh
exec strace -f -qq -e trace=openat -o "$rd/strace.\$\$" gnuplot "\$@"
EOF
chmod +x "$rd/gp-strace"
TSUNAGU_GNUPLOT=$rd/gp-strace run plot --db "$rd/t.db" --out "$rd/traced"
check "plot: exit 0 under strace" test $status -eq 0
check "plot: gnuplot opened Noto Sans CJK to draw Japanese labels" \
	sh -c 'cat "$0"/strace.* | grep -v ENOENT | grep -q "NotoSansCJK"' "$rd"
check "plot: the Japanese labels are in the picture" \
	chk svgtext "$rd/traced/brokers.svg" "$broker"
check "plot: says how many pictures" grep -q "図 6/6" "$work/out"
# gnuplot reads its standard input one byte per read(2): the data goes in
# a script file it loads, only `load` and `set output` through the pipe
cat >"$rd/gp-tee" <<EOF
#!/bin/sh
tee "$rd/stdin.\$\$" | gnuplot "\$@"
EOF
chmod +x "$rd/gp-tee"
TSUNAGU_GNUPLOT=$rd/gp-tee run plot --db "$rd/t.db" --out "$rd/teed"
check "plot: gnuplot loads a script file; its pipe carries 2 lines" sh -c \
	'[ $0 -eq 0 ] && [ -s "$1/network.svg" ] && [ $(ls "$2"/stdin.* | wc -l) -eq 6 ] &&
	 for f in "$2"/stdin.*; do
		[ $(wc -l <"$f") -eq 2 ] && grep -q "^load .*/\.tsunagu-plot\.[^/]*/script\.gp.$" "$f" || exit 1
	 done' $status "$rd/teed" "$rd"

run plot --db "$rd/t.db" --out "$rd/en" --lang en
check "plot --lang en: English titles and legends" sh -c \
	'grep -q "Collaboration network: $1 organisations" "$0" && grep -q "Neighbourhood association" "$0"' \
	"$rd/en/network.svg" "$n_orgs"

# one organisation's ego map, a handout
ego=$(python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if r["partner_id"]]
print(rows[0]["org_id"], rows[0]["partner_name"], sep="\t")' "$rd/out/matches.csv")
ego_id=${ego%%$'\t'*}
ego_first=${ego#*$'\t'}
run plot --db "$rd/t.db" --org "$ego_id" --out "$rd/ego"
check "plot --org: exit 0, PNG and SVG" sh -c '[ $0 -eq 0 ] && [ -s "$1.png" ] && [ -s "$1.svg" ]' \
	$status "$rd/ego"
check "plot --org: 1600x900, not blank" chk png "$rd/ego.png" 1600 900
check "plot --org: the first suggestion is named in the reasons panel" \
	chk svgtext "$rd/ego.svg" "1. $ego_first  ($(python3 -c '
import csv, sys
r = next(r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if r["partner_id"])
print("%.2f" % float(r["score"]))' "$rd/out/matches.csv"))"
(cd "$rd" && "$bin" plot --db t.db --org "$ego_id" -q >/dev/null 2>&1)
check "plot --org: default path reports/ego-ID" test -s "$rd/reports/ego-$ego_id.png"
run plot --db "$rd/t.db" --org "no such id" --out "$rd/none"
check "plot --org: an unknown id exits 1 and says so" sh -c \
	'[ $0 -eq 1 ] && grep -q "no organisation .no such id." "$1"' $status "$work/err"

# progress on a terminal only, and never with --quiet
if command -v script >/dev/null; then
	script -qec "$bin report --db $rd/t.db --out $rd/tty" /dev/null >"$rd/tty.log" 2>&1
	check "report: progress on a terminal" grep -q "report: communities and centrality" "$rd/tty.log"
	script -qec "$bin report --db $rd/t.db --out $rd/tty --quiet" /dev/null >"$rd/tty.log" 2>&1
	check "report --quiet: no progress on a terminal" sh -c '! grep -q "report: " "$0"' "$rd/tty.log"
fi

# --- hostile names -------------------------------------------------------------
echo "e2e: hostile names in pictures and the page"
hz=$rd/hostile
mkdir -p "$hz"
cat >"$hz/orgs.csv" <<'EOF'
id,name,sector,fields,interests,offers,needs,area,partners
h1,"q""uo\te",npo,子育て,食育,会場,ボランティア,北区,h2;h3;h4;h5
h2,"line1
line2",business,子育て,食育,ボランティア,会場,北区,h1;h6
h3,`touch pw1`,government,子育て,防災,広報,会場,北区,h1;h7
h4,"system(""touch pw2"")",education,防災,食育,会場,広報,南区,h1;h8
h5,<script>alert(1)</script>,community,子育て,防災,会場,ボランティア,南区,h1;h9
h6,"""onerror=""x",npo,食育,子育て,広報,会場,北区,h2
h7,"'; DROP TABLE org;--",npo,防災,子育て,ボランティア,広報,北区,h3
h8,@{system('touch pw3')},business,子育て,食育,会場,広報,南区,h4
h9,"EOD"" x \""",npo,食育,防災,広報,会場,南区,h5
h10,ひとり,npo,子育て,食育,会場,広報,北区,
EOF
(cd "$hz" && "$bin" run orgs.csv --db h.db --out out >"$work/out" 2>"$work/err")
status=$?
check "hostile: run exits 0 with all six pictures" sh -c '[ $0 -eq 0 ] && grep -q "6 of 6" "$1"' \
	$status "$work/out"
(cd "$hz" && "$bin" plot --db h.db --org h1 --out ego >/dev/null 2>&1)
check "hostile: nothing ran (no file made by a backtick or system())" \
	sh -c '[ -z "$(ls "$0" | grep "^pw")" ] && [ ! -e "$0/out/pw1" ]' "$hz"
check "hostile: the store still holds all ten" test "$(q "$hz/h.db" 'select count(*) from org')" = 10
check "hostile: names on the broker chart, literally" chk svgtext "$hz/out/plots/brokers.svg" \
	'q"uo\te' 'line1 line2' '`touch pw1`' 'system("touch pw2")' '<script>alert(1)</script>'
check "hostile: names on the network map, literally" chk svgtext "$hz/out/plots/network.svg" \
	'"onerror="x' "'; DROP TABLE org;--" "@{system('touch pw3')}" 'EOD" x \"'
check "hostile: the ego map's centre name, literally" chk svgtext "$hz/ego.svg" 'q"uo\te'
check "hostile: the page shows the names as text, no element or handler from them" \
	chk html-has "$hz/out/index.html" '<script>alert(1)</script>' '"onerror="x' \
	'system("touch pw2")' "@{system('touch pw3')}"
check "hostile: the page escapes them" sh -c \
	'grep -q "&lt;script&gt;alert(1)&lt;/script&gt;" "$0" && ! grep -q "<script" "$0" && ! grep -q "\"onerror=" "$0"' \
	"$hz/out/index.html"

# --- gnuplot missing or failing ------------------------------------------------
echo "e2e: without gnuplot"
TSUNAGU_GNUPLOT=$rd/no-gnuplot run report --db "$rd/t.db" --out "$rd/nogp"
check "no gnuplot: exit 3" test $status -eq 3
check "no gnuplot: says what to install" sh -c \
	'grep -q "gnuplot not found" "$0" && grep -q "gnuplot-nox" "$0"' "$work/err"
check "no gnuplot: the CSVs and the page are still written" \
	test -s "$rd/nogp/matches.csv" -a -s "$rd/nogp/index.html" -a -s "$rd/nogp/centrality.csv"
check "no gnuplot: the page says the pictures are missing, embeds none" sh -c \
	'grep -q "gnuplot not found" "$0" && python3 "$1" page "$0" 0' \
	"$rd/nogp/index.html" "$top/tests/e2e/check_report.py"
check "no gnuplot: says 0 of 6 pictures" grep -q "図 0/6" "$work/out"

# a gnuplot that draws everything and then fails: nothing it wrote is kept,
# and the pictures of the last good run are not replaced
cp -r "$rd/out" "$rd/fail"
cat >"$rd/gp-fail" <<'EOF'
#!/bin/sh
gnuplot "$@"
exit 1
EOF
chmod +x "$rd/gp-fail"
TSUNAGU_GNUPLOT=$rd/gp-fail run report --db "$rd/t.db" --out "$rd/fail"
check "failing gnuplot: exit 3 and the reason" sh -c \
	'[ $0 -eq 3 ] && grep -q "gnuplot failed (status 1)" "$1"' $status "$work/err"
check "failing gnuplot: no temporary file left" \
	sh -c '[ -z "$(ls -A "$0" | grep "^\.")" ]' "$rd/fail/plots"
check "failing gnuplot: earlier pictures kept as they were" \
	cmp -s "$rd/out/plots/network.png" "$rd/fail/plots/network.png"
check "failing gnuplot: the page embeds no picture" chk page "$rd/fail/index.html" 0
TSUNAGU_GNUPLOT=false run plot --db "$rd/t.db" --org "$ego_id" --out "$rd/ego-fail"
check "failing gnuplot: plot --org exits 3, leaves nothing" sh -c \
	'[ $0 -eq 3 ] && [ ! -e "$1.png" ] && [ -z "$(ls -A "$2" | grep "^\.ego-fail")" ]' \
	$status "$rd/ego-fail" "$rd"

# a gnuplot that exits 0 but leaves its pictures unfinished (as on a full
# disk, where gnuplot does not notice its failed writes): not kept
cp -r "$rd/out" "$rd/trunc"
cat >"$rd/gp-trunc" <<'EOF'
#!/bin/sh
# writes 10 bytes to every "set output '...'" of the script it is told to
# load, then says ok
sed -n "s/^load '\(.*\)'$/\1/p" | while IFS= read -r s; do
	sed -n "s/^set output '\(.*\)'$/\1/p" "$s" | while IFS= read -r f; do
		printf 'truncated\n' >"$f"
	done
done
exit 0
EOF
chmod +x "$rd/gp-trunc"
TSUNAGU_GNUPLOT=$rd/gp-trunc run plot --db "$rd/t.db" --out "$rd/trunc/plots"
check "unfinished pictures: exit 3, said so" sh -c \
	'[ $0 -eq 3 ] && grep -q "did not finish the picture" "$1"' $status "$work/err"
check "unfinished pictures: the earlier ones kept, no temporary left" sh -c \
	'cmp -s "$0/network.png" "$1/network.png" && cmp -s "$0/degree.svg" "$1/degree.svg" && [ -z "$(ls -A "$1" | grep "^\.")" ]' \
	"$rd/out/plots" "$rd/trunc/plots"
# a real failed write: gnuplot limited to files of 40 KiB (EFBIG, as on a
# full disk) still exits 0; the network map is bigger and not kept
cp -r "$rd/out" "$rd/full"
cat >"$rd/gp-full" <<'EOF'
#!/bin/bash
trap '' XFSZ
ulimit -f 40 && exec gnuplot "$@"
EOF
chmod +x "$rd/gp-full"
TSUNAGU_GNUPLOT=$rd/gp-full run plot --db "$rd/t.db" --out "$rd/full/plots"
check "full disk: exit 3, the network map said unfinished, the earlier one kept" sh -c \
	'[ $0 -eq 3 ] && grep -q "network: gnuplot did not finish the picture" "$1" &&
	 cmp -s "$2/network.png" "$3/network.png" && [ -z "$(ls -A "$3" | grep "^\.")" ]' \
	$status "$work/err" "$rd/out/plots" "$rd/full/plots"
# SIGCHLD inherited as ignored: gnuplot's failure is still seen
(trap '' CHLD; TSUNAGU_GNUPLOT=false "$bin" plot --db "$rd/t.db" --out "$rd/chld" \
	>"$work/out" 2>"$work/err")
status=$?
check "SIGCHLD ignored: a failing gnuplot is still a failure (exit 3, no picture)" sh -c \
	'[ $0 -eq 3 ] && [ -z "$(ls -A "$1" 2>/dev/null | grep -v "^\.")" ]' $status "$rd/chld"
# an output folder whose name holds a tab: refused, nothing written elsewhere
mkdir -p "$rd/x y"
run plot --db "$rd/t.db" --out "$rd/x	y"
check "a tab in the folder's name: exit 3, a clear reason, nothing in a look-alike folder" sh -c \
	'[ $0 -eq 3 ] && grep -q "control character" "$1" && [ -z "$(ls -A "$2")" ]' $status "$work/err" "$rd/x y"
# interrupted while drawing: the private folder of temporaries is removed
left=0
for attempt in 1 2 3 4 5; do
	"$bin" plot --db "$rd/t.db" --out "$rd/int" >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 1 200); do
		ls -A "$rd/int" 2>/dev/null | grep -q "^\." && break	# drawing
		sleep 0.005
	done
	kill -TERM $pid 2>/dev/null
	wait $pid 2>/dev/null
	sleep 0.2	# the gnuplots see their input close and end
	ls -A "$rd/int" 2>/dev/null | grep -q "^\." && left=$((left + 1))
done
check "interrupted: no temporary picture or folder left" test $left -eq 0

# --- where the report cannot go ------------------------------------------------
run report --db "$rd/t.db" --out /proc/tsunagu-report
check "unwritable folder: exit 3, names it" sh -c \
	'[ $0 -eq 3 ] && grep -q "/proc/tsunagu-report" "$1"' $status "$work/err"
: >"$rd/a-file"
run report --db "$rd/t.db" --out "$rd/a-file"
check "a file in place of the folder: exit 3" test $status -eq 3

# --- a real browser ------------------------------------------------------------
if [ -z "${TSU_SANITIZED:-}" ]; then
	echo "e2e: the report in headless Chromium"
	br=$rd/browser
	mkdir -p "$br"
	# a copy with a probe: the title says how many images loaded
	python3 - "$rd/out/index.html" "$br/probe.html" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
probe = ('<script>addEventListener("load", () => { const i = [...document.images]; '
         'document.title = "IMAGES " + i.filter(x => x.complete && x.naturalWidth > 0).length '
         '+ "/" + i.length; });</script></body>')
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", probe))
PY
	chrome() {
		timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
			--user-data-dir="$br/profile" --hide-scrollbars "$@" 2>>"$br/chromium.log"
	}
	chrome --dump-dom "file://$br/probe.html" >"$br/dom.html"
	check "browser: every image of the page loads" \
		grep -q "<title>IMAGES 6/6</title>" "$br/dom.html"
	chrome --window-size=1280,1600 --screenshot="$br/shot.png" "file://$rd/out/index.html" >/dev/null
	check "browser: the screenshot is 1280x1600 and not blank" chk png "$br/shot.png" 1280 1600
	chrome --no-pdf-header-footer --print-to-pdf="$br/page.pdf" "file://$rd/out/index.html" >/dev/null
	check "browser: printed on A4 pages" python3 -c '
import re, sys
pdf = open(sys.argv[1], "rb").read()
boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
ok = boxes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes)
sys.exit(0 if ok and pages >= 2 else 1)' "$br/page.pdf"
fi
