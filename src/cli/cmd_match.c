/* cmd_match.c - `tsunagu match`: the partners each organisation should meet. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tsu_analyze.h"
#include "tsu_feedback.h"
#include "tsu_graph.h"
#include "tsu_map.h"
#include "tsu_match.h"
#include "tsu_out.h"
#include "tsu_store.h"

void cmd_match_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu match [--db FILE] [--top K] [--out FILE] "
		"[--config FILE]\n"
		"                     [--weight PART=W]... [--spread N] "
		"[--budget N] [--loose N]\n"
		"                     [--snapshot N] [--lang ja|en] [-j N] "
		"[--quiet]\n"
		"\n"
		"For every organisation, the K best partners it does not already "
		"work with, and\nwhy, written to matches.csv (default "
		"reports/matches.csv):\n"
		"  org_id, org_name, rank, partner_id, partner_name, "
		"partner_sector, score,\n"
		"  themes, complement, cross, proximity, mutual, why, new\n"
		"and beside it loose_ties.csv: a few light introductions for "
		"each group that is\ncut off (isolated organisations, groups "
		"apart from the main network, one-sector\ncommunities, sectors "
		"and areas with no tie outside) and for each pair of the 12\n"
		"largest communities with no tie between them:\n"
		"  kind, group, group_size, rank, org_id, org_name, partner_id, "
		"partner_name,\n"
		"  partner_sector, joins, reach, compatibility, bridging, score, "
		"why, new\n"
		"new is 1 for a pair the previous run did not suggest (see "
		"'tsunagu feedback\n--help'); pairs declined, met or partnered "
		"are left out, skipped ones lowered.\n"
		"\n"
		"The score is a weighted sum of five parts, each from 0 to 1:\n"
		"  themes      shared fields and interests, a rare one counting "
		"more (IDF cosine)\n"
		"  complement  what each offers that the other needs, a rare "
		"offer counting\n"
		"              more; both ways beats one way\n"
		"  cross       across sectors (1), with 'other' (0.5), within "
		"one (0); a table\n"
		"  proximity   same area (1), else exp(-km / 5) from "
		"coordinates\n"
		"  mutual      partners in common: 1 - exp(-2 RA), RA the "
		"resource-allocation\n"
		"              index (common partners with few partners count "
		"more)\n"
		"Default weights: themes 0.25, complement 0.25, cross 0.05, "
		"proximity 0.10,\nmutual 0.35 (scaled to add up to 1).  A loose "
		"tie's score is compatibility (the\nmatch score) x bridging: 1 "
		"when it joins two components, 0.5 two communities,\n0.25 "
		"otherwise, times 1 - exp(-reach / 5), reach = organisations that "
		"come within\ntwo steps of either end.\n"
		"\n"
		"Candidates are not all pairs: partners of partners, then those "
		"whose offers\nmeet a need or whose needs meet an offer, then "
		"shared themes, rarest first,\nup to --budget per organisation "
		"(for a tag held by more than what the budget\nhas left: the "
		"same area first, from a place set by the organisation).\n"
		"Fair spread: lists are filled from the best proposals down; one "
		"organisation\nappears in at most --spread lists (default 2 K), "
		"and in at most 3 loose ties.\nAn organisation with no fields, "
		"interests, offers, needs or ties gets one\n'not enough data' "
		"row.\n"
		"\n"
		"--config FILE: lines 'key = value' ('#' comments): themes, "
		"complement, cross,\nproximity, mutual (weights), proximity_km, "
		"top, spread, budget, loose, and\ncross.SECTOR.SECTOR = 0..1 "
		"(both orders; sectors npo, business, government,\neducation, "
		"community, other).  Flags override the file.\n"
		"\n"
		"Options:\n"
		"  -d, --db FILE        the store (default: $TSUNAGU_DB, else "
		"./tsunagu.db)\n"
		"  -k, --top K          partners per organisation (default 10)\n"
		"  -o, --out FILE       where to write matches.csv (default "
		"reports/matches.csv)\n"
		"      --config FILE    settings, as above\n"
		"  -w, --weight P=W     weight of part P (themes, complement, "
		"cross,\n"
		"                       proximity, mutual), or any config key\n"
		"      --spread N       lists one organisation may appear in "
		"(default 2 K)\n"
		"      --budget N       candidates scored per organisation "
		"(default 150)\n"
		"      --loose N        introductions per group (default 3; 0: "
		"no loose_ties.csv)\n"
		"  -s, --snapshot N     snapshot to use (default: the newest)\n"
		"  -l, --lang LANG      language of the reasons: ja, en or "
		"auto\n"
		"  -j, --jobs N         worker processes (default: the CPUs)\n"
		"  -q, --quiet          no progress on stderr\n"
		"  -h, --help           show this help\n");
}

enum { OPT_SPREAD = 256, OPT_BUDGET, OPT_LOOSE, OPT_CONFIG };

static const struct option options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "top", required_argument, NULL, 'k' },
	{ "out", required_argument, NULL, 'o' },
	{ "weight", required_argument, NULL, 'w' },
	{ "spread", required_argument, NULL, OPT_SPREAD },
	{ "budget", required_argument, NULL, OPT_BUDGET },
	{ "loose", required_argument, NULL, OPT_LOOSE },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "snapshot", required_argument, NULL, 's' },
	{ "lang", required_argument, NULL, 'l' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cli_matcher_open(const char *db, int flags, size_t snapshot,
		     const struct tsu_match_config *cfg, struct cli_matcher *c,
		     struct tsu_error *err)
{
	int rc;

	memset(c, 0, sizeof(*c));
	c->snap = (struct tsu_snapshot)TSU_SNAPSHOT_INIT;
	if ((rc = cli_open_snapshot(db, flags, snapshot, &c->st,
				    &c->snap, err)) ||
	    (rc = tsu_graph_load(c->st, &c->snap, &c->gr, err)) ||
	    (rc = tsu_profiles_load(c->st, &c->snap, &c->prof, err)) ||
	    (rc = tsu_matcher_init(&c->m, &c->gr, &c->prof, cfg, err)))
		return rc;
	return TSU_OK;
}

void cli_matcher_close(struct cli_matcher *c)
{
	tsu_map_release(&c->keys);
	tsu_matcher_release(&c->m);
	tsu_profiles_release(&c->prof);
	tsu_graph_release(&c->gr);
	tsu_snapshot_release(&c->snap);
	tsu_store_close(c->st);
	memset(c, 0, sizeof(*c));
}

int cli_feedback_apply(struct cli_matcher *c, struct tsu_runs *runs,
		       int64_t *introduced, struct tsu_error *err)
{
	struct tsu_fb_pair *pairs = NULL;
	size_t n = 0;
	int rc;

	if (introduced)
		*introduced = 0;
	if ((rc = tsu_runs_load(c->st, c->snap.id, runs, err)) ||
	    !runs->feedback_upto)	/* no feedback at all */
		return rc;
	if (!(rc = tsu_feedback_pairs(c->st, &c->gr, runs->skip_after, &pairs,
				      &n, introduced, err)))
		rc = tsu_matcher_feedback(&c->m, pairs, n, err);
	free(pairs);
	return rc;
}

void cli_runs_record(const char *cmd, const char *db,
		     const struct tsu_runs *runs, const struct tsu_graph *gr,
		     const struct tsu_matches *m, const struct tsu_loose *l)
{
	struct tsu_error err = TSU_ERROR_INIT;

	if (tsu_runs_record(db, runs, gr, m, l, &err) == TSU_OK)
		return;
	fprintf(stderr, "tsunagu: %s: warning: this run's suggestions were "
		"not recorded, so the next run will mark new ones against an "
		"older run: %s\n", cmd,
		err.msg[0] ? err.msg : tsu_strerror(err.code));
}

int64_t cli_matcher_find(struct cli_matcher *c, const char *id, size_t len)
{
	int64_t v;
	size_t n;
	char *key;

	if (!c->keys_ready) {
		for (v = 0; v < c->gr.n; v++) {
			const char *k = tsu_graph_key(&c->gr, v);

			if (tsu_map_put(&c->keys, k, strlen(k), v) < 0)
				return -2;
		}
		c->keys_ready = 1;
	}
	id = tsu_trim(id, &len);
	if (!(key = tsu_nfkc(id, len, &n)))
		return -2;
	if (!tsu_map_get(&c->keys, key, n, &v))
		v = -1;
	free(key);
	return v;
}

/* Reads --config FILE then applies -w/--weight and the other flags. */
int cli_match_settings(const char *config, char **sets, int nsets,
		       struct tsu_match_config *cfg, struct tsu_error *err)
{
	int i;

	tsu_match_config_defaults(cfg);
	if (config) {
		int rc = tsu_match_config_load(config, cfg, err);

		if (rc)
			return rc;
	}
	for (i = 0; i < nsets; i++) {
		char *eq = strchr(sets[i], '=');
		int r;

		if (!eq)
			return tsu_error_set(err, TSU_EUSAGE, NULL, 0, 0,
					     "--weight takes PART=W, not '%s'",
					     sets[i]);
		*eq = '\0';
		r = tsu_match_config_set(cfg, sets[i], eq + 1);
		*eq = '=';
		if (r < 0)
			return tsu_error_set(err, TSU_EUSAGE, NULL, 0, 0,
					     "--weight takes PART=W with PART "
					     "one of themes, complement, cross, "
					     "proximity, mutual (or a config "
					     "key) and W >= 0, not '%s'",
					     sets[i]);
	}
	return TSU_OK;
}

/*
 * The groups the loose ties read: the communities of the snapshot's stored
 * analysis when it was analysed (the ones communities.csv lists), else
 * Leiden with analyze's defaults.
 */
int cli_loose_groups(struct cli_matcher *c, int workers, struct cli_progress *p,
		  struct tsu_analysis *an, struct tsu_error *err)
{
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_headline h;
	int64_t *memb = NULL;
	int found, stored = 0, rc;

	if ((rc = tsu_store_headline(c->st, c->snap.id, &h, &found, err)))
		return rc;
	if (found) {
		o.seed = h.seed;
		o.resolution = h.resolution;
		o.runs = h.runs > 0 ? h.runs : 1;
		if (!(memb = malloc(((size_t)c->snap.n_orgs + 1) *
				    sizeof(*memb))))
			return tsu_error_oom(err);
		if ((rc = tsu_store_communities(c->st, &c->snap, memb, &stored,
						err))) {
			free(memb);
			return rc;
		}
	}
	o.membership = stored ? memb : NULL;
	o.groups_only = 1;
	o.workers = workers;
	o.progress = cli_progress;
	o.progress_ctx = p;
	rc = tsu_analyze(&c->gr, &o, an, err);
	free(memb);
	return rc;
}

/* DIR/loose_ties.csv beside `out`. */
static char *beside(const char *out, const char *name)
{
	const char *slash = strrchr(out, '/');
	size_t dlen = slash ? (size_t)(slash - out) + 1 : 0;
	char *p = malloc(dlen + strlen(name) + 1);

	if (p) {
		memcpy(p, out, dlen);
		strcpy(p + dlen, name);
	}
	return p;
}

int cmd_match(int argc, char **argv)
{
	struct tsu_match_opts opts = TSU_MATCH_OPTS_INIT;
	struct tsu_loose_opts lopts = TSU_LOOSE_OPTS_INIT;
	struct tsu_match_config cfg;
	struct tsu_error err = TSU_ERROR_INIT;
	struct cli_matcher c;
	struct tsu_analysis an;
	struct tsu_matches res;
	struct tsu_loose loose;
	struct tsu_runs runs;
	struct tsu_out files[2] = { TSU_OUT_INIT, TSU_OUT_INIT };
	const char *db = NULL, *out = "reports/matches.csv", *config = NULL;
	char *sets[64], *loose_path = NULL;
	int nsets = 0, flag_top = 0, flag_spread = -1, flag_budget = 0;
	int flag_loose = -1;
	size_t snapshot = 0, num;
	struct cli_progress prog;
	int ch, lang = TSU_LANG_AUTO, quiet = 0, rc, nfiles;
	int64_t a, listed = 0, empty = 0, introductions = 0;

	memset(&c, 0, sizeof(c));
	memset(&an, 0, sizeof(an));
	memset(&res, 0, sizeof(res));
	memset(&loose, 0, sizeof(loose));
	memset(&runs, 0, sizeof(runs));
	cli_progress_init(&prog, "match", 1);
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "d:k:o:w:s:l:j:qh", options,
				 NULL)) != -1) {
		switch (ch) {
		case 'd':
			db = optarg;
			break;
		case 'o':
			if (!*optarg)
				return cli_usage_error("match", "--out needs a "
						       "file");
			out = optarg;
			break;
		case OPT_CONFIG:
			config = optarg;
			break;
		case 'w':
			if (nsets == (int)(sizeof(sets) / sizeof(*sets)))
				return cli_usage_error("match", "too many "
						       "--weight options");
			sets[nsets++] = optarg;
			break;
		case OPT_LOOSE:
			if (strcmp(optarg, "0") == 0) {
				flag_loose = 0;
				break;
			}
			/* fall through */
		case 'k':
		case 's':
		case 'j':
		case OPT_SPREAD:
		case OPT_BUDGET:
			if (cli_parse_size(optarg, &num) < 0 || num > 1000000)
				return cli_usage_error("match", "'%s' is not a "
						       "positive number",
						       optarg);
			if (ch == 'k')
				flag_top = (int)num > 1000 ? 1000 : (int)num;
			else if (ch == 's')
				snapshot = num;
			else if (ch == 'j')
				opts.workers = num > 64 ? 64 : (int)num;
			else if (ch == OPT_SPREAD)
				flag_spread = (int)num;
			else if (ch == OPT_LOOSE)
				flag_loose = num > 100 ? 100 : (int)num;
			else
				flag_budget = (int)num;
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
	if ((rc = cli_match_settings(config, sets, nsets, &cfg, &err)))
		goto out;
	opts.k = flag_top ? flag_top : cfg.top;
	opts.spread = flag_spread >= 0 ? flag_spread : cfg.spread;
	opts.budget = flag_budget ? flag_budget : cfg.budget;
	lopts.per_group = flag_loose >= 0 ? flag_loose : cfg.loose;
	lopts.budget = opts.budget;
	cli_progress_init(&prog, "match", quiet);
	opts.progress = lopts.progress = cli_progress;
	opts.progress_ctx = lopts.progress_ctx = &prog;
	db = cli_db_path(db);
	/* the output files first: a bad --out is told before the work */
	nfiles = lopts.per_group > 0 ? 2 : 1;
	if (nfiles == 2 && !(loose_path = beside(out, "loose_ties.csv"))) {
		rc = tsu_error_oom(&err);
		goto out;
	}
	if (nfiles == 2 && strcmp(loose_path, out) == 0) {
		rc = tsu_error_set(&err, TSU_EUSAGE, out, 0, 0,
				   "--out must not be named loose_ties.csv, "
				   "which is written beside it");
		goto out;
	}
	if ((rc = tsu_out_open_path(&files[0], out, 1, &err)) ||
	    (nfiles == 2 &&
	     (rc = tsu_out_open_path(&files[1], loose_path, 1, &err))))
		goto out;
	cli_progress(&prog, "loading", 0);
	if ((rc = cli_matcher_open(db, TSU_STORE_READONLY, snapshot, &cfg, &c, &err)) ||
	    (rc = cli_feedback_apply(&c, &runs, NULL, &err)))
		goto out;
	if (lang == TSU_LANG_AUTO)
		lang = c.snap.lang;
	if ((rc = tsu_match_all(&c.m, &opts, &res, &err)))
		goto out;
	if (nfiles == 2 &&
	    ((rc = cli_loose_groups(&c, opts.workers, &prog, &an, &err)) ||
	     (rc = tsu_loose_ties(&c.m, &an, &lopts, &loose, &err))))
		goto out;
	if ((rc = tsu_runs_mark(&runs, &c.gr, &res, &loose, &err)))
		goto out;
	cli_progress(&prog, "writing", 0);
	if ((rc = tsu_match_write(&files[0], &c.m, &res, lang, opts.workers,
				  &err)) ||
	    (rc = tsu_out_close(&files[0], &err)))
		goto out;
	if (nfiles == 2) {
		/* a failed write is kept in files[1].bad for tsu_out_close() */
		tsu_loose_write(&files[1], &c.m, &an, &loose, lang);
		if ((rc = tsu_out_close(&files[1], &err)))
			goto out;
	}
	if ((rc = tsu_out_publish_all(files, nfiles, &err)))
		goto out;
	cli_progress(&prog, "recording the run", 0);
	cli_runs_record("match", db, &runs, &c.gr, &res, &loose);
	cli_progress_end(&prog);
	for (a = 0; a < res.n; a++) {
		listed += (int64_t)(res.start[a + 1] - res.start[a]);
		empty += res.start[a + 1] == res.start[a];
	}
	for (num = 0; num < loose.n; num++)
		introductions += loose.list[num].b >= 0;
	printf(lang == TSU_LANG_JA ?
		       "%lld 団体に %lld 件の提案（%lld 組を採点、提案なし %lld "
		       "団体）。%s に書き出しました\n" :
		       "%lld organisations, %lld suggestions (%lld pairs "
		       "scored; %lld without any); wrote %s\n",
	       (long long)res.n, (long long)listed, (long long)res.candidates,
	       (long long)empty, out);
	if (nfiles == 2)
		printf(lang == TSU_LANG_JA ?
			       "ゆるいつながりの紹介 %lld 件（%lld グループ）。"
			       "%s に書き出しました\n" :
			       "%lld loose-tie introductions for %lld groups; "
			       "wrote %s\n",
		       (long long)introductions,
		       (long long)(loose.n ? loose.list[loose.n - 1].gi + 1 :
					     0),
		       loose_path);
out:
	cli_progress_end(&prog);
	tsu_out_abort(&files[0]);
	tsu_out_abort(&files[1]);
	free(loose_path);
	tsu_loose_release(&loose);
	tsu_analysis_release(&an);
	tsu_matches_release(&res);
	tsu_runs_release(&runs);
	cli_matcher_close(&c);
	return rc ? cli_fail("match", &err) :
		    cli_finish_stdout("match", TSU_EXIT_OK);
}
