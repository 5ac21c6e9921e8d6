# End-to-end tests of `tsunagu history`, `diff` and `feedback`, of the
# "new" marks on suggestions and of the report's "since last time".
# Sourced by run.sh (uses its run/check/q/dump helpers, $bin, $work, $top).

hd=$work/hist
mkdir -p "$hd"
echo "e2e: history, diff, feedback"
for cmd in history diff feedback; do
	run "$cmd" --help
	check "$cmd --help exits 0 and prints usage" sh -c \
		'[ $0 -eq 0 ] && grep -q "^usage: tsunagu $1" "$2"' $status "$cmd" "$work/out"
done

# Two snapshots of a small region: two groups {a b c d} and {e f g}, h alone.
# Next time g has gone, i has come, h has met a, and e-f has ended.
cat >"$hd/orgs1.csv" <<'EOF'
id,name,sector,fields,interests,offers,needs,area,partners
a,Alpha Club,npo,food,health,venue,volunteers,north,b;c;d
b,Beta Corp,business,food,health,volunteers,venue,north,c;d
c,Gamma Office,government,food,safety,funding,venue,north,d
d,Delta School,education,health,food,venue,funding,north,
e,Echo Assoc,community,safety,elderly,volunteers,venue,south,f;g
f,Foxtrot NPO,npo,elderly,safety,venue,funding,south,g
g,Golf Ltd,business,elderly,safety,funding,volunteers,south,
h,Hotel Alone,business,food,elderly,venue,volunteers,east,
EOF
cat >"$hd/orgs2.csv" <<'EOF'
id,name,sector,fields,interests,offers,needs,area,partners
a,Alpha Club,npo,food,health,venue,volunteers,north,b;c;d;h
b,Beta Corp,business,food,health,volunteers,venue,north,c;d
c,Gamma Office,government,food,safety,funding,venue,north,d
d,Delta School,education,health,food,venue,funding,north,
e,Echo Assoc,community,safety,elderly,volunteers,venue,south,i
f,Foxtrot NPO,npo,elderly,safety,venue,funding,south,i
h,Hotel Alone,business,food,elderly,venue,volunteers,east,
i,India Coop,npo,elderly,food,funding,venue,south,
EOF
hdb=$hd/h.db
run run "$hd/orgs1.csv" --db "$hdb" --out "$hd/r1" --lang en
check "history: first run exits 0" test $status -eq 0
check "report: the first snapshot has nothing to compare" \
	grep -q 'first snapshot in the store' "$hd/r1/index.html"
check "matches.csv: a 'new' column, every suggestion new the first time" python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if r["partner_id"]]
sys.exit(0 if rows and all(r["new"] == "1" for r in rows) else 1)' "$hd/r1/matches.csv"
run diff --db "$hdb"
check "diff: one snapshot is exit 1, nothing to compare" sh -c \
	'[ $0 -eq 1 ] && grep -q "nothing to compare" "$1"' $status "$work/err"
run run "$hd/orgs2.csv" --db "$hdb" --out "$hd/r2" --lang en
check "history: second run exits 0" test $status -eq 0
run history --db "$hdb"
check "history: both snapshots, with their counts" sh -c \
	'grep -Eq "^ +1 .* 8 +9 " "$0" && grep -Eq "^ +2 .* 8 +9 " "$0"' "$work/out"
run history --db "$hdb" --csv
check "history --csv: BOM, header and one row per snapshot" python3 -c '
import csv, sys
t = open(sys.argv[1], encoding="utf-8").read()
rows = list(csv.DictReader(t.lstrip("\ufeff").splitlines()))
sys.exit(0 if t.startswith("\ufeff") and [r["snapshot"] for r in rows] == ["1", "2"]
         and rows[0]["isolated"] == "1" and rows[1]["isolated"] == "0" else 1)' "$work/out"
run diff --db "$hdb" --out "$hd/d" --lang en
check "diff: exit 0, says what was added and gone" sh -c \
	'[ $0 -eq 0 ] && grep -q "organisations added 1, gone 1" "$1" && grep -q "+ i  India Coop" "$1" && grep -q -- "- g  Golf Ltd" "$1"' \
	$status "$work/out"
check "diff: ties formed and lost (CSV)" python3 -c '
import csv, sys
rows = {(r["change"], frozenset((r["org_id"], r["partner_id"]))) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))}
want = {("formed", frozenset("ah")), ("formed", frozenset("ei")), ("formed", frozenset("fi")),
        ("lost", frozenset("ef")), ("lost", frozenset("eg")), ("lost", frozenset("fg"))}
sys.exit(0 if rows == want else print(rows) or 1)' "$hd/d/diff_ties.csv"
check "diff: h left isolation" grep -q '^"left_isolation","h","Hotel Alone"' "$hd/d/diff_isolation.csv"
check "diff: numbers before and after (isolated 1 -> 0, components 3 -> 2)" sh -c \
	'grep -q "^\"isolated\",1,0,-1$" "$0" && grep -q "^\"components\",3,2,-1$" "$0"' "$hd/d/diff_numbers.csv"
check "diff: the north group continues, the south one too (matched by overlap)" python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
st = sorted((r["status"], r["shared"]) for r in rows)
sys.exit(0 if st == [("continues", "2"), ("continues", "4")] else print(st) or 1)' "$hd/d/diff_communities.csv"
run diff 1 2 --db "$hdb" --lang en
cp "$work/out" "$hd/d12.txt"
run diff --db "$hdb" --lang en
check "diff 1 2 is the default (the last two)" cmp -s "$work/out" "$hd/d12.txt"
run diff 1 9 --db "$hdb"
check "diff: an unknown snapshot is exit 1" sh -c \
	'[ $0 -eq 1 ] && grep -q "no snapshot 9" "$1"' $status "$work/err"
run diff x --db "$hdb"
check "diff: a bad number is a usage error" test $status -eq 2
check "report: the trend picture beside the others, embedded in the page" sh -c \
	'[ -s "$0/plots/trend.png" ] && [ -s "$0/plots/trend.svg" ] && grep -q "id=\"fig-trend\"" "$0/index.html"' "$hd/r2"
check "report: no trend picture with one snapshot" test ! -e "$hd/r1/plots/trend.png"
check "report: the trend's labels in the SVG" grep -q "Organisations and ties" "$hd/r2/plots/trend.svg"
check "report: since last time, numbers before and after" python3 -c '
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
i = s.index("id=\"since\"")
part = re.sub("<[^>]+>", " ", s[i:s.index("<h2", i + 5)])
sys.exit(0 if "Compared with snapshot 1" in part and "India Coop" in part and "Golf Ltd" in part
         and "Hotel Alone" in part and "Alpha Club — Hotel Alone" in part else print(part) or 1)' \
	"$hd/r2/index.html"

# --- feedback --------------------------------------------------------------------
run match --db "$hdb" --out "$hd/m0/m.csv" --lang en
check "match after run on the same data: a repeat, the same new marks" \
	cmp -s "$hd/m0/m.csv" "$hd/r2/matches.csv"
read -r fa fb fscore <<<"$(python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if r["partner_id"]]
rows.sort(key=lambda r: (-float(r["score"]), r["org_id"], r["partner_id"]))
print(rows[0]["org_id"], rows[0]["partner_id"], rows[0]["score"])' "$hd/m0/m.csv")"
read -r ma mb <<<"$(python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if r["partner_id"]]
pairs = sorted({tuple(sorted((r["org_id"], r["partner_id"]))) for r in rows})
skip = tuple(sorted((sys.argv[2], sys.argv[3])))
print(*[p for p in pairs if p != skip][0])' "$hd/m0/m.csv" "$fa" "$fb")"
before=$(dump "$hdb")
n=0
for bad in 'a,zz,met|1:2|no organisation with id' 'a,b,maybe|1:3|decision must be' \
	'a,b,met,2026-02-30|1:4|date must be' 'a,a,met|1:2|own partner' \
	'a,b,met,,note,extra|1:6|more than 5 cells' 'org_id,partner_id,decision
a,b,met
a,b|3:3|missing decision' 'a,"b|1:2|quote'; do
	n=$((n + 1))
	printf '%s\n' "${bad%%|*}" >"$hd/bad$n.csv"
	rest=${bad#*|}
	run feedback --db "$hdb" "$hd/bad$n.csv"
	check "feedback: bad row $n is FILE:${rest%%|*} (${rest#*|}), exit 1" sh -c \
		'[ $0 -eq 1 ] && grep -q "bad$1.csv.:$2: .*$3" "$4"' $status $n "${rest%%|*}" "${rest#*|}" "$work/err"
done
check "feedback: refused files leave the store as it was" test "$(dump "$hdb")" = "$before"
printf 'org_id,partner_id,decision,date,note\n%s,%s,辞退,2026/11/30,"=HYPERLINK(""x"") <script>"\n%s,%s,skip,,\n' \
	"$fb" "$fa" "$ma" "$mb" >"$hd/fb1.csv"
run feedback --db "$hdb" "$hd/fb1.csv"
check "feedback: two rows recorded (Japanese decision, a header, Excel date)" sh -c \
	'[ $0 -eq 0 ] && grep -q "recorded 2 feedback rows" "$1"' $status "$work/out"
run feedback --db "$hdb" --list
check "feedback --list: declined, the date normalised, a formula neutralised" \
	grep -q "^\"$fb\",\"$fa\",\"declined\",\"2026-11-30\",\"'=HYPERLINK(\"\"x\"\") <script>\"" "$work/out"
run match --db "$hdb" --out "$hd/m1/m.csv" --lang en
pair_rows() { # FILE A B: the rows of the pair, either way
	python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if {r["org_id"], r["partner_id"]} == {sys.argv[2], sys.argv[3]}]
print(len(rows), " ".join(sorted({r["score"] for r in rows})), " ".join(sorted({r["new"] for r in rows})))' "$@"
}
check "feedback: a declined pair is not suggested" test "$(pair_rows "$hd/m1/m.csv" "$fa" "$fb" | cut -d' ' -f1)" = 0
run explain --db "$hdb" "$fa" "$fb" --lang en
check "explain: says a declined pair is never suggested again" sh -c \
	'[ $0 -eq 0 ] && grep -q "never suggested again" "$1"' $status "$work/out"
run explain --db "$hdb" "$ma" "$mb" --lang en
check "explain: says a skipped pair is ranked lower in the next run" \
	grep -q "Skipped last time" "$work/out"
python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if {r["org_id"], r["partner_id"]} == {sys.argv[2], sys.argv[3]}]
print(rows[0]["score"] if rows else "")' "$hd/m0/m.csv" "$ma" "$mb" >"$hd/skip0"
check "feedback: a skipped pair is lowered (half its score) or drops out this run" python3 -c '
import csv, sys
old = float(open(sys.argv[4]).read())
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if {r["org_id"], r["partner_id"]} == {sys.argv[2], sys.argv[3]}]
sys.exit(0 if all(abs(float(r["score"]) - old / 2) < 2e-6 for r in rows) else print(rows, old) or 1)' \
	"$hd/m1/m.csv" "$ma" "$mb" "$hd/skip0"
run match --db "$hdb" --out "$hd/m2/m.csv" --lang en
check "feedback: a repeat run gives the same lists and marks" cmp -s "$hd/m1/m.csv" "$hd/m2/m.csv"
printf '%s,%s,partnered,2026-12-01,\n' "$mb" "$fb" >"$hd/fb2.csv"
run feedback --db "$hdb" "$hd/fb2.csv"
run match --db "$hdb" --out "$hd/m3/m.csv" --lang en
check "feedback: the skip held for one run only: back at full score" python3 -c '
import csv, sys
old = float(open(sys.argv[4]).read())
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if {r["org_id"], r["partner_id"]} == {sys.argv[2], sys.argv[3]}]
sys.exit(0 if rows and all(abs(float(r["score"]) - old) < 2e-6 for r in rows) else print(rows, old) or 1)' \
	"$hd/m3/m.csv" "$ma" "$mb" "$hd/skip0"
check "feedback: new marks against the last run (the skipped pair new only if it had dropped out)" python3 -c '
import csv, sys
def rows(f):
    return [r for r in csv.DictReader(open(f, encoding="utf-8-sig")) if r["partner_id"]]
def key(r):
    return frozenset((r["org_id"], r["partner_id"]))
last = {key(r) for r in rows(sys.argv[2])}
now = rows(sys.argv[1])
bad = [r for r in now if r["new"] != ("0" if key(r) in last else "1")]
sys.exit(0 if now and not bad and any(r["new"] == "0" for r in now) else print(bad) or 1)' \
	"$hd/m3/m.csv" "$hd/m2/m.csv"
check "feedback: a partnered pair is not suggested" test "$(pair_rows "$hd/m3/m.csv" "$mb" "$fb" | cut -d' ' -f1)" = 0
run report --db "$hdb" --out "$hd/r3" --lang en
check "report: introductions made counted from feedback" \
	grep -q "Introductions made so far (feedback: met or partnered): <b>1</b>" "$hd/r3/index.html"
run history --db "$hdb"
check "history: feedback and match runs listed" sh -c \
	'grep -q "feedback: 0 met, 1 partnered, 1 declined, 1 skip" "$0" && grep -q "^match run" "$0"' "$work/out"
# a version-2 store (no feedback, no runs) is read as it is, and upgraded by
# the first run that records
cp "$hdb" "$hd/v2.db"
q "$hd/v2.db" "DROP TABLE feedback; DROP TABLE match_run; PRAGMA user_version = 2"
run history --db "$hd/v2.db"
check "history reads a version-2 store" sh -c '[ $0 -eq 0 ] && grep -q "feedback: 0 met" "$1"' $status "$work/out"
run match --db "$hd/v2.db" --out "$hd/v2m/m.csv" --lang en
check "match upgrades a version-2 store to 3 and records the run" sh -c \
	'[ $0 -eq 0 ] && [ "$(sqlite3 "$1" "PRAGMA user_version; SELECT count(*) FROM match_run")" = "3
1" ]' $status "$hd/v2.db"
chmod a-w "$hd/v2.db"
run match --db "$hd/v2.db" --out "$hd/v2m/m2.csv" --lang en
if [ "$(id -u)" != 0 ]; then
	check "match on a read-only store: lists written, a warning that the run was not recorded" sh -c \
		'[ $0 -eq 0 ] && [ -s "$1" ] && grep -q "not recorded" "$2"' $status "$hd/v2m/m2.csv" "$work/err"
fi
chmod u+w "$hd/v2.db"

# feedback reaches the loose ties between communities too
led=$hd/loose
mkdir -p "$led"
"$bin" import "$top/datasets/en/organisations.csv" --ties "$top/datasets/en/ties.csv" \
	--db "$led/l.db" -q >/dev/null 2>&1
run match --db "$led/l.db" --out "$led/m1/m.csv" --lang en
read -r la lb <<<"$(python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if r["kind"] == "communities" and r["partner_id"]]
print(rows[0]["org_id"], rows[0]["partner_id"])' "$led/m1/loose_ties.csv")"
printf '%s,%s,declined\n' "$la" "$lb" >"$led/fb.csv"
run feedback --db "$led/l.db" "$led/fb.csv"
run match --db "$led/l.db" --out "$led/m2/m.csv" --lang en
check "feedback: a declined pair is not suggested as a loose tie between communities either" python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if {r["org_id"], r["partner_id"]} == {sys.argv[2], sys.argv[3]}]
sys.exit(0 if not rows else 1)' "$led/m2/loose_ties.csv" "$la" "$lb"

# ids written with full-width spaces or spaces inside quotes are found; a
# first row with a missing id is an error, not a header
printf '\343\200\200a,"  b ",skip\n' >"$hd/trim.csv"
run feedback --db "$hdb" "$hd/trim.csv"
check "feedback: ids trimmed of full-width and quoted spaces" sh -c \
	'[ $0 -eq 0 ] && grep -q "recorded 1 feedback rows" "$1"' $status "$work/out"
printf 'a,,met\na,c,skip\n' >"$hd/first.csv"
run feedback --db "$hdb" "$hd/first.csv"
check "feedback: a first row without its partner is an error at 1:2" sh -c \
	'[ $0 -eq 1 ] && grep -q "first.csv.:1:2: missing partner_id" "$1"' $status "$work/err"
printf 'a,c,met,2024-+1-05\n' >"$hd/sign.csv"
run feedback --db "$hdb" "$hd/sign.csv"
check "feedback: a date with a sign in it is refused at 1:4" sh -c \
	'[ $0 -eq 1 ] && grep -q "sign.csv.:1:4: date must be" "$1"' $status "$work/err"

# a refused feedback file leaves an older store byte for byte as it was
cp "$hd/v2.db" "$hd/v2b.db"
q "$hd/v2b.db" "DROP TABLE IF EXISTS feedback; DROP TABLE IF EXISTS match_run; PRAGMA user_version = 2"
sum=$(sha256sum <"$hd/v2b.db")
printf 'a,zz,met\n' >"$hd/bad-v2.csv"
run feedback --db "$hd/v2b.db" "$hd/bad-v2.csv"
check "feedback: refused on a version-2 store, which stays as it was (not upgraded)" sh -c \
	'[ $0 -eq 1 ] && [ "$(sha256sum <"$1")" = "$2" ]' $status "$hd/v2b.db" "$sum"

# diff shows the modularity analyze stored, at the resolution it used
rdb=$hd/res.db
"$bin" import "$hd/orgs1.csv" --db "$rdb" -q >/dev/null 2>&1
"$bin" analyze --db "$rdb" --resolution 2 --out "$hd/ra1" -q >/dev/null 2>&1
"$bin" import "$hd/orgs2.csv" --db "$rdb" -q >/dev/null 2>&1
"$bin" analyze --db "$rdb" --resolution 2 --out "$hd/ra2" -q >/dev/null 2>&1
run diff --db "$rdb" --out "$hd/rd" --lang en
check "diff: modularity as analyze stored it (resolution 2)" python3 -c '
import csv, subprocess, sys
stored = [float(x) for x in subprocess.check_output(["sqlite3", sys.argv[2], "SELECT modularity FROM analysis ORDER BY snapshot"], text=True).split()]
row = next(r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if r["measure"] == "modularity")
sys.exit(0 if abs(float(row["before"]) - stored[0]) < 1e-5 and abs(float(row["after"]) - stored[1]) < 1e-5 else print(row, stored) or 1)' \
	"$hd/rd/diff_numbers.csv" "$rdb"
