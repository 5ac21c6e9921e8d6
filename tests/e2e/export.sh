# End-to-end tests of `tsunagu export`: the four formats on the bundled
# dataset, GEXF against the schema, counts against the store, hostile names
# read back literally, determinism, and the errors.
# Sourced by run.sh (uses run/check/q, $bin, $work, $top).  Needs xmllint
# (libxml2-utils) and python3.

echo "e2e: export"
xd=$work/export
mkdir -p "$xd"
xsd=$top/tests/data/gexf-1.3-subset.xsd
xdb=$xd/e.db
gexf_valid() { # gexf_valid XSD FILE: quiet when valid, the reasons when not
	local o
	o=$(xmllint --noout --schema "$1" "$2" 2>&1) || { echo "$o" | head -5; return 1; }
}
"$bin" import "$top/datasets/ja/organisations.csv" --ties "$top/datasets/ja/ties.csv" \
	--db "$xdb" -q >/dev/null 2>&1
run export --db "$xdb" --format gexf --out "$xd/pre.gexf"
check "export: an unanalysed snapshot is analysed now, and says so" sh -c \
	'[ $0 -eq 0 ] && grep -q "no stored analysis" "$1" && [ -s "$2" ]' $status "$work/err" "$xd/pre.gexf"
"$bin" analyze --db "$xdb" --out "$xd/an" -q >/dev/null 2>&1
n_orgs=$(q "$xdb" "SELECT count(*) FROM org")
n_ties=$(q "$xdb" "SELECT count(*) FROM (SELECT DISTINCT a, b FROM tie)")
for f in graphml gml gexf dot; do
	run export --db "$xdb" --format $f --out "$xd/net.$f"
	check "export $f: exit 0, a file" sh -c '[ $0 -eq 0 ] && [ -s "$1" ]' $status "$xd/net.$f"
done
check "export gexf: valid against the GEXF 1.3 schema (the part tsunagu writes)" \
	gexf_valid "$xsd" "$xd/net.gexf"
if [ -n "${TSU_GEXF_XSD:-}" ]; then
	check "export gexf: valid against the official schema ($TSU_GEXF_XSD)" \
		gexf_valid "$TSU_GEXF_XSD" "$xd/net.gexf"
fi
sed 's/version="1.3"/version="1.2"/' "$xd/net.gexf" >"$xd/bad1.gexf"
sed '0,/<edge id="0" source="[0-9]*"/s/ source="[0-9]*"//' "$xd/net.gexf" >"$xd/bad2.gexf"
sed 's#<nodes count#<nodez count#; s#</nodes>#</nodez>#' "$xd/net.gexf" >"$xd/bad3.gexf"
sed 's#xmlns="http://gexf.net/1.3"#xmlns="http://www.gexf.net/1.2draft"#' "$xd/net.gexf" >"$xd/bad4.gexf"
sed '0,/<edge id="0" source="[0-9]*"/s//<edge id="0" source="99999"/' "$xd/net.gexf" >"$xd/bad5.gexf"
sed '0,/<attvalue for="sector"/s//<attvalue for="sectr"/' "$xd/net.gexf" >"$xd/bad6.gexf"
check "export gexf: the broken copies differ from the good file" sh -c \
	'for b in 1 2 3 4 5 6; do cmp -s "$0/net.gexf" "$0/bad$b.gexf" && exit 1; done; exit 0' "$xd"
for b in 1 2 3 4 5 6; do
	check "export gexf: the schema refuses a broken copy ($b)" sh -c \
		'! xmllint --noout --schema "$0" "$1" 2>/dev/null' "$xsd" "$xd/bad$b.gexf"
done
check "export graphml: well-formed XML" xmllint --noout "$xd/net.graphml"
check "export: every format has the store's organisations ($n_orgs) and tied pairs ($n_ties)" \
	python3 - "$xd" "$n_orgs" "$n_ties" <<'PY'
import re, sys, xml.etree.ElementTree as ET
d, n, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
g = "{http://gexf.net/1.3}"
x = ET.parse(d + "/net.gexf").getroot()
counts = {"gexf": (len(x.findall(f".//{g}node")), len(x.findall(f".//{g}edge")))}
gm = "{http://graphml.graphdrawing.org/xmlns}"
x = ET.parse(d + "/net.graphml").getroot()
counts["graphml"] = (len(x.findall(f".//{gm}node")), len(x.findall(f".//{gm}edge")))
t = open(d + "/net.gml", encoding="utf-8").read()
counts["gml"] = (len(re.findall(r"^\s*node\s*\[", t, re.M)), len(re.findall(r"^\s*edge\s*\[", t, re.M)))
t = open(d + "/net.dot", encoding="utf-8").read()
counts["dot"] = (len(re.findall(r"^\tn\d+ \[label=", t, re.M)), len(re.findall(r"^\tn\d+ -- n\d+", t, re.M)))
bad = {k: v for k, v in counts.items() if v != (n, m)}
sys.exit(0 if not bad else print(bad) or 1)
PY
check "export: the attributes are the stored analysis (community, degree of each)" \
	python3 - "$xd/net.gexf" "$xd/an/centrality.csv" <<'PY'
import csv, sys, xml.etree.ElementTree as ET
g = "{http://gexf.net/1.3}"
got = {}
for node in ET.parse(sys.argv[1]).getroot().iter(g + "node"):
    a = {v.get("for"): v.get("value") for v in node.iter(g + "attvalue")}
    got[a["key"]] = (a["community"], a["degree"])
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")))
want = {r["org_id"]: (r["community"], r["degree"]) for r in rows}
sys.exit(0 if got == want else 1)
PY
run export --db "$xdb" --format gml
check "export: stdout gives the same bytes as --out" cmp -s "$work/out" "$xd/net.gml"
run export --db "$xdb" --out "$xd/again.gexf"
check "export: --format taken from the extension, and the same bytes again" cmp -s "$xd/again.gexf" "$xd/net.gexf"
run export --db "$xdb" --format pajek
check "export: an unknown format is a usage error" sh -c '[ $0 -eq 2 ] && grep -q "graphml, gml, gexf or dot" "$1"' \
	$status "$work/err"
run export --db "$xdb"
check "export: no format at all is a usage error" test $status -eq 2
touch "$xd/afile"
run export --db "$xdb" --format dot --out "$xd/afile/net.dot"
check "export: an unwritable --out exits 3, nothing written" sh -c \
	'[ $0 -eq 3 ] && [ -z "$(ls -A "$1" | grep -v "^afile$\|^an$\|^net\.\|^pre\.\|^bad.\.\|^again\.\|^e\.db")" ]' $status "$xd"
run export --db "$xd/none.db" --format dot
check "export: no store is exit 1, none made" sh -c '[ $0 -ne 0 ] && [ ! -e "$1" ]' $status "$xd/none.db"

# hostile names: each comes back literally from every XML export
cat >"$xd/h.csv" <<'EOF'
id,name,sector,partners
x1,"q""uo\te 'a' & <b>",npo,x2;x3;x4;x5
x2,"line1
line2",business,
x3,<script>alert(1)</script>,government,
x4,]]><!-- x --><![CDATA[,community,
x5,"tab	in	name",education,
EOF
"$bin" import "$xd/h.csv" --db "$xd/h.db" -q >/dev/null 2>&1
"$bin" analyze --db "$xd/h.db" --out "$xd/han" -q >/dev/null 2>&1
for f in graphml gexf dot gml; do
	run export --db "$xd/h.db" --format $f --out "$xd/h.$f"
done
check "export hostile: the GEXF still validates" gexf_valid "$xsd" "$xd/h.gexf"
check "export hostile: names read back literally (GEXF, GraphML, DOT, GML)" \
	python3 - "$xd" <<'PY'
import re, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
want = {"q\"uo\\te 'a' & <b>", "line1\nline2", "<script>alert(1)</script>",
        "]]><!-- x --><![CDATA[", "tab\tin\tname"}
g = "{http://gexf.net/1.3}"
gexf = {n.get("label") for n in ET.parse(d + "/h.gexf").getroot().iter(g + "node")}
gm = "{http://graphml.graphdrawing.org/xmlns}"
root = ET.parse(d + "/h.graphml").getroot()
key = next(k.get("id") for k in root.iter(gm + "key") if k.get("attr.name") == "name" and k.get("for") == "node")
graphml = {dd.text for dd in root.iter(gm + "data") if dd.get("key") == key}
dot = set()
for m in re.finditer(r'^\tn\d+ \[label="((?:[^"\\]|\\.)*)"', open(d + "/h.dot", encoding="utf-8").read(), re.M):
    dot.add(re.sub(r'\\(.)', lambda x: "\n" if x.group(1) == "n" else x.group(1), m.group(1)))
gml = set()
for m in re.finditer(r'^\s*name "((?:[^"])*)"', open(d + "/h.gml", encoding="utf-8").read(), re.M):
    gml.add(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))
bad = {k: v ^ want for k, v in dict(gexf=gexf, graphml=graphml, dot=dot, gml=gml).items() if v != want}
sys.exit(0 if not bad else print(bad) or 1)
PY

# names holding what XML 1.0 cannot carry (control characters, U+FFFE):
# replaced by U+FFFD, so every format is still written and the GEXF valid
printf 'id,name,sector,partners\nc1,"esc\033[31m bell\007",npo,c2\nc2,"bad\xef\xbf\xbe char",npo,\n' >"$xd/c.csv"
"$bin" import "$xd/c.csv" --db "$xd/c.db" -q >/dev/null 2>&1
for f in graphml gexf dot gml; do
	run export --db "$xd/c.db" --format $f --out "$xd/c.$f"
	check "export $f: control characters in a name are replaced, exit 0" sh -c \
		'[ $0 -eq 0 ] && [ -s "$1" ] && [ -z "$(tr -d "\n\t" <"$1" | tr -dc "\001-\037")" ] && grep -q "esc�\[31m bell�" "$1"' \
		$status "$xd/c.$f"
done
check "export: control characters: the GEXF validates" gexf_valid "$xsd" "$xd/c.gexf"
check "export: control characters: the GraphML is well-formed" xmllint --noout "$xd/c.graphml"

run export --help
check "export --help: exit 0, usage, the four formats" sh -c \
	'[ $0 -eq 0 ] && grep -q "^usage: tsunagu export" "$1" && grep -q "gexf" "$1" && grep -q "dot" "$1"' \
	$status "$work/out"
run help export
check "help export" grep -q "^usage: tsunagu export" "$work/out"
run export --db "$xdb" --format gexf --out /proc/tsunagu-export.gexf
check "export: --out in /proc exits 3 and names the file" sh -c \
	'[ $0 -eq 3 ] && grep -q "/proc/tsunagu-export.gexf" "$1"' $status "$work/err"
run export --db "$xdb" --format gexf --snapshot 7
check "export: an unknown snapshot is exit 1" test $status -eq 1

# Graphviz itself, when it is installed (not a test dependency)
if command -v gvpr >/dev/null 2>&1; then
	check "export dot: Graphviz reads $n_orgs nodes and $n_ties edges" test \
		"$(gvpr 'BEG_G { printf("%d %d\n", nNodes($G), nEdges($G)) }' "$xd/net.dot")" = "$n_orgs $n_ties"
	check "export dot: Graphviz reads the hostile file (5 nodes, 4 edges)" test \
		"$(gvpr 'BEG_G { printf("%d %d\n", nNodes($G), nEdges($G)) }' "$xd/h.dot")" = "5 4"
else
	echo "e2e: Graphviz (gvpr) not installed; the DOT files are checked by the Python reader only"
fi
