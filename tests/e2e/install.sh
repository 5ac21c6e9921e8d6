# End-to-end tests of `make install` and `make uninstall`, the man page
# tsunagu(1) and the bash completion, and that both stay in step with the
# binary: every command of `tsunagu --help` has its section in the man page
# and is completed, and every long option of `tsunagu CMD --help` is in
# that section and is completed.
# Sourced by run.sh (uses its run/check/ok/fail helpers, $bin, $work, $top).
#
# Needs groff and man (groff-base, man-db: make deps-test installs them).
# `make install` is left to the plain build: under the sanitizers it would
# copy the instrumented binary to ./tsunagu.

echo "e2e: install, man page and completion"
man_src=$top/doc/tsunagu.1
compl=$top/completion/tsunagu.bash
inst=$work/inst
cdir=$work/compl
mkdir -p "$cdir/sub"
: >"$cdir/a.csv"
: >"$cdir/B.CSV"
: >"$cdir/c.txt"

# comp [-u] WORD...: what <TAB> offers for the last word of "tsunagu WORD...",
# one a line: the script sourced in a fresh bash, its function (as
# registered with complete) called as bash calls it.  -u: under set -u.
comp() {
	local nounset=
	if [ "$1" = -u ]; then nounset='set -u;'; shift; fi
	(cd "$cdir" && bash -c "$nounset"'
		. "$1" || exit 1
		shift
		f=$(complete -p tsunagu | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
		[ -n "$f" ] || exit 1
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		"$f" tsunagu "${COMP_WORDS[COMP_CWORD]}" \
			"${COMP_WORDS[COMP_CWORD - 1]}" || exit 1
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$compl" tsunagu "$@")
}
words() { sort | paste -sd ' ' -; }
comp_eq() { # comp_eq DESCRIPTION "EXPECTED WORDS" WORD...
	local what=$1 want got
	want=$(printf '%s\n' $2 | words)
	shift 2
	got=$(comp "$@" 2>"$work/comp.err" | words)
	if [ "$got" = "$want" ] && [ ! -s "$work/comp.err" ]; then
		ok
	else
		fail "$what: got '$got'$(head -c 300 "$work/comp.err")"
	fi
}

# The long options a command's --help lists in its option lines.
help_options() {
	"$bin" "$1" --help 2>/dev/null |
		grep -oE '^ +(-[A-Za-z], +)?--[a-z][a-z0-9-]*' |
		grep -oE -- '--[a-z][a-z0-9-]*' | sort -u
}
# The man page's section of a command (.SS NAME), escapes and fonts removed.
man_section() {
	awk -v c="$1" '/^\.S[HS]/ { on = $1 == ".SS" && $2 == c; next } on' \
		"$man_src" | sed 's/\\-/-/g; s/\\f[BIRP]//g'
}

# --- the man page --------------------------------------------------------------
check "man: groff -ww has nothing to warn about" sh -c \
	'[ -z "$(groff -k -man -Tutf8 -ww -z "$0" 2>&1)" ]' "$man_src"
LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$man_src" >"$work/man.txt" 2>"$work/man.err"
check "man: man -l renders it without a message" \
	test $? -eq 0 -a -s "$work/man.txt" -a ! -s "$work/man.err"
missing=
for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS ENVIRONMENT FILES \
	'EXIT STATUS' EXAMPLES 'SEE ALSO'; do
	grep -q "^$s\$" "$work/man.txt" || missing="$missing '$s'"
done
check "man: every section is there ($missing)" test -z "$missing"
check "man: the examples run the Japanese dataset" \
	grep -q 'tsunagu run datasets/ja/organisations.csv' "$work/man.txt"
missing=
for v in $(grep -ohE 'getenv\("[A-Z_]+"\)' "$top"/src/*.c "$top"/src/cli/*.c |
	grep -oE '[A-Z_]{2,}' | sort -u); do
	grep -q "^\.B $v\$" "$man_src" || missing="$missing $v"
done
check "man: ENVIRONMENT names every variable the code reads ($missing)" test -z "$missing"
run --help
sed -n '/^Exit status:/,$s/^  \([0-9]*\) .*/\1/p' "$work/out" | words >"$work/st.help"
sed -n '/^\.SH EXIT STATUS/,/^\.SH/s/^\.B \([0-9]*\)$/\1/p' "$man_src" | words >"$work/st.man"
check "man: EXIT STATUS lists the statuses of --help ($(cat "$work/st.help"))" \
	cmp -s "$work/st.help" "$work/st.man"

# --- the completion --------------------------------------------------------------
comp_eq "completion: tsunagu ex<TAB>" "explain export" ex
comp_eq "completion: tsunagu expo<TAB>" "export" expo
comp_eq "completion: tsunagu -<TAB>" "--help --version" -
comp_eq "completion: export --format <TAB>" "graphml gml gexf dot" export --format ''
comp_eq "completion: export --format=g<TAB> (split at =)" "graphml gml gexf" \
	export --format = g
comp_eq "completion: export --format=g<TAB> (one word)" \
	"--format=graphml --format=gml --format=gexf" export --format=g
comp_eq "completion: run --l<TAB>" "--lang" run --l
comp_eq "completion: summary --lang <TAB>" "ja en auto" summary --lang ''
comp_eq "completion: import <TAB> offers CSV files and folders" "a.csv B.CSV sub" import ''
comp_eq "completion: run x.csv --ties <TAB>" "a.csv B.CSV sub" run x.csv --ties ''
comp_eq "completion: match --db <TAB> offers every file" "a.csv B.CSV c.txt sub" \
	match --db ''
comp_eq "completion: analyze --out <TAB> offers folders" "sub" analyze --out ''
comp_eq "completion: match --top <TAB> offers nothing" "" match --top ''
comp_eq "completion: help ex<TAB>" "explain export" help ex
got=$(comp -u run --l 2>&1 | words)
check "completion: works under set -u (got '$got')" test "$got" = "--lang"
check "completion: leaves no variable, IFS or shell option behind" bash -c '
	. "$1"
	COMP_WORDS=(tsunagu import --ties "")
	COMP_CWORD=3
	COMPREPLY=()
	before=$(compgen -v | grep -v "^before$"; shopt -p; set +o; printf %q "$IFS")
	_tsunagu tsunagu "" --ties
	_tsunagu tsunagu "" --ties
	COMP_WORDS=(tsunagu export --format=g); COMP_CWORD=2
	_tsunagu tsunagu --format=g export
	after=$(compgen -v | grep -v "^before$"; shopt -p; set +o; printf %q "$IFS")
	[ "$before" = "$after" ]' _ "$compl"

# --- in step with the binary ------------------------------------------------------
run --help
commands=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$work/out")
check "--help lists commands" test -n "$commands"
completed=$(comp '' | words)
man_cmds=$(sed -n 's/^\.SS \([a-z][a-z-]*\)$/\1/p' "$man_src" | words)
check "completion and man page list the same commands ($completed | $man_cmds)" \
	test "$completed" = "$man_cmds"
not_yet=
for c in $completed; do
	case " $(echo $commands) " in *" $c "*) ;; *) not_yet="$not_yet $c" ;; esac
done
[ -z "$not_yet" ] ||
	echo "e2e: install: not in the binary yet (documented, completed, not checked):$not_yet"
for c in $commands; do
	check "man: a section for '$c'" sh -c 'grep -q "^\.SS $0\$" "$1"' "$c" "$man_src"
	case " $completed " in *" $c "*) ok ;; *) fail "completion: command '$c'" ;; esac
	opts=$(help_options "$c")
	[ "$c" = help ] || [ -n "$opts" ] || fail "'$c --help' lists no long option"
	man_section "$c" >"$work/sect"
	copts=" $(comp "$c" -- | words) "
	missing_man= missing_comp=
	for o in $opts; do
		grep -qE -- "$o([^a-z0-9-]|\$)" "$work/sect" || missing_man="$missing_man $o"
		case $copts in *" $o "*) ;; *) missing_comp="$missing_comp $o" ;; esac
	done
	check "man: the '$c' section has every long option of '$c --help' ($missing_man)" \
		test -z "$missing_man"
	check "completion: '$c --' offers every long option of '$c --help' ($missing_comp)" \
		test -z "$missing_comp"
done

# --- make install, make uninstall ---------------------------------------------------
if [ -z "${TSU_SANITIZED:-}" ]; then
	# The flags of the make that runs the tests come in MAKEFLAGS, so this
	# finds the build up to date rather than rebuilding it.
	make -C "$top" --no-print-directory install DESTDIR="$inst" PREFIX=/usr \
		>"$work/make.log" 2>&1
	status=$?
	check "make install DESTDIR=... PREFIX=/usr exits 0" test $status -eq 0
	[ $status -eq 0 ] || sed 's/^/    /' "$work/make.log"
	mode() { stat -c %a "$1" 2>/dev/null; }
	ib=$inst/usr/bin/tsunagu
	im=$inst/usr/share/man/man1/tsunagu.1
	ic=$inst/usr/share/bash-completion/completions/tsunagu
	check "install: usr/bin/tsunagu, mode 755" test "$(mode "$ib")" = 755
	check "install: usr/share/man/man1/tsunagu.1, mode 644" test "$(mode "$im")" = 644
	check "install: usr/share/bash-completion/completions/tsunagu, mode 644" \
		test "$(mode "$ic")" = 644
	check "install: the page and the completion are the ones checked above" \
		sh -c 'cmp -s "$0" "$1" && cmp -s "$2" "$3"' "$man_src" "$im" "$compl" "$ic"
	check "install: the installed binary runs --version" \
		sh -c '"$0" --version | grep -q "^tsunagu [0-9]"' "$ib"
	check "install: man -l renders the installed page" sh -c \
		'LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$0" 2>&1 | grep -q "^EXIT STATUS"' "$im"
	make -C "$top" --no-print-directory uninstall DESTDIR="$inst" PREFIX=/usr \
		>"$work/make.log" 2>&1
	check "make uninstall exits 0" test $? -eq 0
	check "uninstall: the three files are gone" \
		test ! -e "$ib" -a ! -e "$im" -a ! -e "$ic"
else
	echo "e2e: install: make install is tested in the plain build only"
fi
