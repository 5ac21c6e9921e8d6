# bash completion for tsunagu(1)                             -*- shell-script -*-
#
# Installed as share/bash-completion/completions/tsunagu; or source it from
# ~/.bashrc.  Needs nothing from the bash-completion package.
#
# The lists below are static: tests/e2e/install.sh checks that they hold
# every command of `tsunagu --help` and every long option of each
# `tsunagu CMD --help`, so keep them in step with the binary.  Only
# functions are defined; everything they use is local.

_tsunagu_commands()
{
	printf '%s\n' import summary analyze match explain score run report \
		plot history diff feedback export help
}

# The long options of command $1.
_tsunagu_options()
{
	case $1 in
	import)   echo --ties --db --max-cell --max-rows --max-items --max-tags --max-input --warnings \
		       --quiet --help ;;
	summary)  echo --db --snapshot --top --lang --help ;;
	analyze)  echo --db --out --seed --resolution --runs --small --samples \
		       --exact --jobs --snapshot --lang --quiet --help ;;
	match)    echo --db --top --out --config --weight --spread --budget \
		       --loose --snapshot --lang --jobs --quiet --help ;;
	explain)  echo --db --config --weight --snapshot --lang --help ;;
	score)    echo --db --out --config --weight --snapshot --lang --help ;;
	run)      echo --ties --out --db --config --seed --lang --jobs --quiet \
		       --help ;;
	report)   echo --out --db --snapshot --config --lang --jobs --quiet \
		       --help ;;
	plot)     echo --org --out --db --snapshot --config --lang --jobs \
		       --quiet --help ;;
	history)  echo --db --csv --help ;;
	diff)     echo --db --out --limit --lang --help ;;
	feedback) echo --db --list --help ;;
	export)   echo --format --out --db --snapshot --help ;;
	help)     echo --help ;;
	esac
}

# COMPREPLY: the lines that a command (compgen ...) prints.
_tsunagu_reply()
{
	local line
	COMPREPLY=()
	while IFS= read -r line; do
		COMPREPLY+=("$line")
	done < <("$@")
}

# Files (all, with $1 = any; CSV files and folders, with $1 = csv) or
# folders ($1 = dir) that start with $2.
_tsunagu_files()
{
	local kind=$1 cur=$2 line
	COMPREPLY=()
	compopt -o filenames 2>/dev/null
	case $kind in
	any) _tsunagu_reply compgen -f -- "$cur" ;;
	dir) _tsunagu_reply compgen -d -- "$cur" ;;
	csv)
		_tsunagu_reply compgen -d -- "$cur"
		while IFS= read -r line; do
			[ -d "$line" ] || COMPREPLY+=("$line")
		done < <(compgen -f -X '!*.[cC][sS][vV]' -- "$cur")
		;;
	esac
}

# Completes the value of option $2 of command $1 from $3; 1 when $2 takes
# no value.
_tsunagu_value()
{
	local cmd=$1 prev=$2 cur=$3
	case $prev in
	--format)
		_tsunagu_reply compgen -W 'graphml gml gexf dot' -- "$cur" ;;
	--lang|-l)
		_tsunagu_reply compgen -W 'ja en auto' -- "$cur" ;;
	--db|-d|--config|-c)
		_tsunagu_files any "$cur" ;;
	--ties|-t)
		_tsunagu_files csv "$cur" ;;
	--out|-o)
		case $cmd in
		analyze|run|report|diff) _tsunagu_files dir "$cur" ;;
		*) _tsunagu_files any "$cur" ;;
		esac ;;
	--top|-k|-n|--snapshot|-s|--seed|-S|--resolution|-r|--runs|-R|\
	--small|--samples|--jobs|-j|--weight|-w|--spread|--budget|--loose|\
	--org|-g|--limit|--max-cell|--max-rows|--max-items|--warnings)
		COMPREPLY=() ;;
	*)
		return 1 ;;
	esac
	return 0
}

_tsunagu()
{
	local cur prev pre cmd word i
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]-}
	prev=
	pre=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]-}

	# --opt=value: split by COMP_WORDBREAKS into "--opt" "=" "value", or
	# one word (then the replies keep the "--opt=" in front).
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]-}
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		pre=$prev=
		cur=${cur#*=}
	fi

	# The command: the first word after "tsunagu" that is not an option.
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]-}
		case $word in
		-*) ;;
		*) cmd=$word; break ;;
		esac
	done

	if [[ -z $cmd ]]; then
		case $cur in
		-*) _tsunagu_reply compgen -W '--help --version' -- "$cur" ;;
		*)  _tsunagu_reply compgen -W "$(_tsunagu_commands)" -- "$cur" ;;
		esac
		return 0
	fi

	if _tsunagu_value "$cmd" "$prev" "$cur"; then
		for i in "${!COMPREPLY[@]}"; do
			COMPREPLY[i]=$pre${COMPREPLY[i]}
		done
		return 0
	fi
	[[ -n $pre ]] && return 0

	if [[ $cur == -* ]]; then
		_tsunagu_reply compgen -W "$(_tsunagu_options "$cmd")" -- "$cur"
		return 0
	fi

	# Operands.
	case $cmd in
	import|run|score|feedback)
		_tsunagu_files csv "$cur" ;;
	help)
		if [[ $prev == help ]]; then
			_tsunagu_reply compgen -W "$(_tsunagu_commands)" -- "$cur"
		fi ;;
	esac
	return 0
}

complete -F _tsunagu tsunagu
