/* cmd_match.c - `tsunagu match`: the partners each organisation should meet. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tsu_graph.h"
#include "tsu_match.h"
#include "tsu_out.h"
#include "tsu_store.h"

void cmd_match_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu match [--db FILE] [--top K] [--out FILE] "
		"[--weight PART=W]...\n"
		"                     [--spread N] [--budget N] [--snapshot N] "
		"[--lang ja|en] [-j N]\n"
		"\n"
		"For every organisation, the K best partners it does not already "
		"work with, and\nwhy, written to matches.csv (default "
		"reports/matches.csv):\n"
		"  org_id, org_name, rank, partner_id, partner_name, "
		"partner_sector, score,\n"
		"  themes, complement, cross, proximity, mutual, why\n"
		"\n"
		"The score is a weighted sum of five parts, each from 0 to 1:\n"
		"  themes      shared fields and interests, a rare one counting "
		"more (IDF cosine)\n"
		"  complement  what each offers that the other needs, a rare "
		"offer counting\n"
		"              more; both ways beats one way\n"
		"  cross       across sectors (1), with 'other' (0.5), within "
		"one (0)\n"
		"  proximity   same area (1), else exp(-km / 5) from "
		"coordinates\n"
		"  mutual      partners in common: 1 - exp(-2 RA), RA the "
		"resource-allocation\n"
		"              index (common partners with few partners count "
		"more)\n"
		"Default weights: themes 0.25, complement 0.25, cross 0.05, "
		"proximity 0.10,\nmutual 0.35 (--weight PART=W changes one; "
		"they are scaled to add up to 1).\n"
		"Partners in common are the strongest sign of a tie to come; "
		"raise complement\nand cross to favour exchanges across "
		"sectors.\n"
		"\n"
		"Candidates are not all pairs: partners of partners, then those "
		"whose offers\nmeet a need or whose needs meet an offer, then "
		"shared themes, rarest first,\nup to --budget per organisation "
		"(same area first for common ones).\n"
		"Fair spread: lists are filled from the best proposals down; one "
		"organisation\nappears in at most --spread lists (default 2 K). "
		"An organisation with no\nfields, interests, offers, needs or "
		"ties gets one 'not enough data' row.\n"
		"\n"
		"Options:\n"
		"  -d, --db FILE        the store (default: $TSUNAGU_DB, else "
		"./tsunagu.db)\n"
		"  -k, --top K          partners per organisation (default 10)\n"
		"  -o, --out FILE       where to write (default "
		"reports/matches.csv)\n"
		"  -w, --weight P=W     weight of part P (themes, complement, "
		"cross,\n"
		"                       proximity, mutual)\n"
		"      --spread N       lists one organisation may appear in "
		"(default 2 K)\n"
		"      --budget N       candidates scored per organisation "
		"(default 150)\n"
		"  -s, --snapshot N     snapshot to use (default: the newest)\n"
		"  -l, --lang LANG      language of the reasons: ja, en or "
		"auto\n"
		"  -j, --jobs N         worker processes (default: the CPUs)\n"
		"  -q, --quiet          no progress on stderr\n"
		"  -h, --help           show this help\n");
}

enum { OPT_SPREAD = 256, OPT_BUDGET };

static const struct option options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "top", required_argument, NULL, 'k' },
	{ "out", required_argument, NULL, 'o' },
	{ "weight", required_argument, NULL, 'w' },
	{ "spread", required_argument, NULL, OPT_SPREAD },
	{ "budget", required_argument, NULL, OPT_BUDGET },
	{ "snapshot", required_argument, NULL, 's' },
	{ "lang", required_argument, NULL, 'l' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Parses PART=W into w; -1 when PART or W is not valid. */
static int parse_weight(const char *s, struct tsu_match_weights *w)
{
	static const char *names[] = { "themes", "complement", "cross",
				       "proximity", "mutual" };
	double *slot[] = { &w->themes, &w->complement, &w->cross,
			   &w->proximity, &w->mutual };
	const char *eq = strchr(s, '=');
	char *end;
	double v;
	size_t i;

	if (!eq)
		return -1;
	errno = 0;
	v = strtod(eq + 1, &end);
	if (errno || end == eq + 1 || *end || !(v >= 0) || !isfinite(v))
		return -1;
	for (i = 0; i < 5; i++)
		if (strlen(names[i]) == (size_t)(eq - s) &&
		    strncmp(names[i], s, (size_t)(eq - s)) == 0) {
			*slot[i] = v;
			return 0;
		}
	return -1;
}

int cmd_match(int argc, char **argv)
{
	struct tsu_match_opts opts = TSU_MATCH_OPTS_INIT;
	struct tsu_match_weights weights = TSU_MATCH_WEIGHTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_snapshot snap = TSU_SNAPSHOT_INIT;
	struct tsu_graph gr;
	struct tsu_profiles prof;
	struct tsu_matcher m;
	struct tsu_matches res;
	struct tsu_out file = TSU_OUT_INIT;
	struct tsu_store *st = NULL;
	const char *db = NULL, *out = "reports/matches.csv";
	size_t snapshot = 0, num;
	struct cli_progress prog;
	int c, lang = TSU_LANG_AUTO, quiet = 0, rc;
	int64_t a, listed = 0, empty = 0;

	memset(&gr, 0, sizeof(gr));
	memset(&prof, 0, sizeof(prof));
	memset(&m, 0, sizeof(m));
	memset(&res, 0, sizeof(res));
	cli_progress_init(&prog, "match", 1);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:k:o:w:s:l:j:qh", options,
				NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'o':
			if (!*optarg)
				return cli_usage_error("match", "--out needs a "
						       "file");
			out = optarg;
			break;
		case 'w':
			if (parse_weight(optarg, &weights) < 0)
				return cli_usage_error("match", "--weight takes "
						       "PART=W with PART one of "
						       "themes, complement, "
						       "cross, proximity, "
						       "mutual and W >= 0, not "
						       "'%s'", optarg);
			break;
		case 'k':
		case 's':
		case 'j':
		case OPT_SPREAD:
		case OPT_BUDGET:
			if (cli_parse_size(optarg, &num) < 0 || num > 1000000)
				return cli_usage_error("match", "'%s' is not a "
						       "positive number",
						       optarg);
			if (c == 'k')
				opts.k = (int)num > 1000 ? 1000 : (int)num;
			else if (c == 's')
				snapshot = num;
			else if (c == 'j')
				opts.workers = num > 64 ? 64 : (int)num;
			else if (c == OPT_SPREAD)
				opts.spread = (int)num;
			else
				opts.budget = (int)num;
			break;
		case 'l':
			lang = cli_parse_lang(optarg);
			if (lang == -2)
				return cli_usage_error("match", "--lang takes "
						       "ja, en or auto, not "
						       "'%s'", optarg);
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			cmd_match_usage(stdout);
			return cli_finish_stdout("match", TSU_EXIT_OK);
		default:
			return cli_usage_error("match", "unknown option or "
					       "missing value: '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("match", "unexpected argument '%s'",
				       argv[optind]);
	cli_progress_init(&prog, "match", quiet);
	opts.progress = cli_progress;
	opts.progress_ctx = &prog;
	db = cli_db_path(db);
	if ((rc = cli_open_snapshot(db, TSU_STORE_READONLY, snapshot, &st,
				    &snap, &err)))
		goto out;
	if (lang == TSU_LANG_AUTO)
		lang = snap.lang;
	cli_progress(&prog, "loading", 0);
	if ((rc = tsu_graph_load(st, &snap, &gr, &err)) ||
	    (rc = tsu_profiles_load(st, &snap, &prof, &err)) ||
	    (rc = tsu_matcher_init(&m, &gr, &prof, &weights, &err)) ||
	    (rc = tsu_match_all(&m, &opts, &res, &err)))
		goto out;
	cli_progress(&prog, "writing", 0);
	if ((rc = tsu_out_open_path(&file, out, 1, &err)) ||
	    (rc = tsu_match_write(&file, &m, &res, lang, opts.workers, &err)) ||
	    (rc = tsu_out_close(&file, &err)) ||
	    (rc = tsu_out_publish_all(&file, 1, &err)))
		goto out;
	cli_progress_end(&prog);
	for (a = 0; a < res.n; a++) {
		listed += (int64_t)(res.start[a + 1] - res.start[a]);
		empty += res.start[a + 1] == res.start[a];
	}
	printf(lang == TSU_LANG_JA ?
		       "%lld 団体に %lld 件の提案（%lld 組を採点、提案なし %lld "
		       "団体）。%s に書き出しました\n" :
		       "%lld organisations, %lld suggestions (%lld pairs "
		       "scored; %lld without any); wrote %s\n",
	       (long long)res.n, (long long)listed, (long long)res.candidates,
	       (long long)empty, out);
out:
	cli_progress_end(&prog);
	tsu_out_abort(&file);
	tsu_matches_release(&res);
	tsu_matcher_release(&m);
	tsu_profiles_release(&prof);
	tsu_graph_release(&gr);
	tsu_snapshot_release(&snap);
	tsu_store_close(st);
	return rc ? cli_fail("match", &err) :
		    cli_finish_stdout("match", TSU_EXIT_OK);
}
