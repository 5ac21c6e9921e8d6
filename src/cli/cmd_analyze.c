/* cmd_analyze.c - `tsunagu analyze`: the network analysis of a snapshot. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tsu_analyze.h"
#include "tsu_graph.h"
#include "tsu_store.h"

void cmd_analyze_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu analyze [--db FILE] [--out DIR] [--seed N] "
		"[--resolution R]\n"
		"                       [--runs N] [--snapshot N] [--lang ja|en] "
		"[--quiet]\n"
		"\n"
		"Analyses the collaboration network of the newest snapshot "
		"(or --snapshot N):\nwho is cut off, the communities, the "
		"brokers, the ties that hold the network\ntogether. Writes into "
		"DIR (default reports/):\n"
		"  groups.csv           per organisation: component, community, "
		"coreness,\n"
		"                       isolated and peripheral flags\n"
		"  isolated_groups.csv  what is cut off, and why: isolated "
		"organisations,\n"
		"                       separate groups, one-sector communities, "
		"sectors and\n"
		"                       areas with no tie to the others\n"
		"  centrality.csv       degree, strength, betweenness, harmonic, "
		"eigenvector,\n"
		"                       Burt's constraint and effective size, "
		"articulation;\n"
		"                       the strongest brokers first\n"
		"  bridges.csv          ties whose loss splits the network, "
		"with both sides\n"
		"  communities.csv      each community: size, weights, its share "
		"of modularity\n"
		"  mixing.csv           ties between sectors against random "
		"mixing\n"
		"  network.csv          the headline numbers\n"
		"and keeps the headline numbers in the store for 'tsunagu "
		"summary'.\n"
		"\n"
		"How weights are read: a tie's weight is its strength for "
		"communities,\nstrength, eigenvector centrality and constraint; "
		"for betweenness and\nharmonic closeness it is read as a "
		"distance of 1/weight, so a strong tie is\na short path. "
		"Degree, coreness, components and path lengths count ties.\n"
		"\n"
		"Communities: Leiden on modularity, run --runs times with seeds "
		"N, N+1, ...;\nthe partition of highest modularity is kept, and "
		"each organisation's\nstability says how often its community "
		"mates stayed with it in the others.\n"
		"Betweenness, harmonic closeness and the average path length "
		"follow the\nshortest paths from every organisation with a tie. "
		"On a large network that\nis too much work: they are then "
		"estimated from a sample of sources drawn\nwith the seed, "
		"4,000,000 / (organisations + ties) of them (16 at least;\n"
		"network.csv says how many). --samples N takes N sources; "
		"--exact takes all.\nSame input and seed: identical files.\n"
		"\n"
		"Options:\n"
		"  -d, --db FILE         the store (default: $TSUNAGU_DB, else "
		"./tsunagu.db)\n"
		"  -o, --out DIR         where to write (default reports)\n"
		"  -S, --seed N          random seed (default 1)\n"
		"  -r, --resolution R    modularity resolution (default 1; "
		"higher gives\n"
		"                        smaller communities)\n"
		"  -R, --runs N          Leiden runs (default 5)\n"
		"      --small N         a separate group of fewer than N is "
		"'small' (default 5)\n"
		"      --samples N       path sources to sample (default: from "
		"the size)\n"
		"      --exact           every organisation with a tie is a "
		"source\n"
		"  -j, --jobs N          worker processes, at most 8 (default: "
		"the CPUs, or\n"
		"                        $TSUNAGU_JOBS); results do not depend "
		"on it\n"
		"  -s, --snapshot N      snapshot to analyse (default: the "
		"newest)\n"
		"  -l, --lang LANG       language of reasons and notes: ja, en "
		"or auto\n"
		"  -q, --quiet           no progress on stderr\n"
		"  -h, --help            show this help\n");
}

enum { OPT_SMALL = 256, OPT_EXACT, OPT_SAMPLES };

static const struct option options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "out", required_argument, NULL, 'o' },
	{ "seed", required_argument, NULL, 'S' },
	{ "resolution", required_argument, NULL, 'r' },
	{ "runs", required_argument, NULL, 'R' },
	{ "small", required_argument, NULL, OPT_SMALL },
	{ "exact", no_argument, NULL, OPT_EXACT },
	{ "jobs", required_argument, NULL, 'j' },
	{ "samples", required_argument, NULL, OPT_SAMPLES },
	{ "snapshot", required_argument, NULL, 's' },
	{ "lang", required_argument, NULL, 'l' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int cli_save_analysis(struct tsu_store *st, const struct tsu_snapshot *snap,
		const struct tsu_graph *gr, const struct tsu_analysis *a,
		struct tsu_error *err)
{
	struct tsu_headline h = {
		.snapshot = snap->id,
		.seed = a->seed,
		.resolution = a->resolution,
		.runs = a->runs,
		.sources = a->sources,
		.n_components = a->n_components,
		.largest = a->largest,
		.n_isolated = a->n_isolated,
		.n_communities = a->n_comm_multi,
		.modularity = a->modularity,
		.density = a->density,
		.centralization = a->centralization,
		.avg_path = a->avg_path,
		.assortativity = a->assortativity,
	};
	igraph_integer_t v;
	int rc;

	if ((rc = tsu_store_begin(st, err)))
		return rc;
	if ((rc = tsu_store_save_analysis(st, snap, &h, err)))
		goto fail;
	for (v = 0; v < a->n; v++) {
		struct tsu_org_metric m = {
			.org = gr->first_org + v,
			.component = VECTOR(a->component)[v] + 1,
			.community = VECTOR(a->community)[v] + 1,
			.coreness = VECTOR(a->coreness)[v],
			.degree = VECTOR(a->degree)[v],
			.peripheral = a->peripheral[v],
			.articulation = a->articulation[v],
			.strength = VECTOR(a->strength)[v],
			.betweenness = VECTOR(a->betweenness)[v],
			.harmonic = VECTOR(a->harmonic)[v],
			.eigenvector = VECTOR(a->eigenvector)[v],
			.constraint = VECTOR(a->constraint)[v],
			.effective_size = VECTOR(a->effective_size)[v],
			.stability = VECTOR(a->stability)[v],
		};

		if ((rc = tsu_store_add_metric(st, &m, err)))
			goto fail;
	}
	if ((rc = tsu_store_commit(st, err)))
		goto fail;
	return TSU_OK;
fail:
	tsu_store_rollback(st);
	return rc;
}

int cli_parse_u64(const char *s, uint64_t *out)
{
	return parse_u64(s, out);
}

int cmd_analyze(int argc, char **argv)
{
	struct tsu_analyze_opts opts = TSU_ANALYZE_OPTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_snapshot snap = TSU_SNAPSHOT_INIT;
	struct tsu_graph gr;
	struct tsu_analysis a;
	struct tsu_store *st = NULL;
	struct cli_progress prog;
	const char *db = NULL, *out = "reports";
	size_t snapshot = 0, num;
	int c, lang = TSU_LANG_AUTO, quiet = 0, rc;
	char *end;

	memset(&gr, 0, sizeof(gr));
	memset(&a, 0, sizeof(a));
	cli_progress_init(&prog, "analyze", 1);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:o:S:r:R:s:l:j:qh", options,
				NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'o':
			if (!*optarg)
				return cli_usage_error("analyze", "--out needs "
						       "a folder");
			out = optarg;
			break;
		case 'S':
			if (parse_u64(optarg, &opts.seed) < 0)
				return cli_usage_error("analyze", "--seed takes "
						       "a number from 0, not "
						       "'%s'", optarg);
			break;
		case 'r':
			errno = 0;
			opts.resolution = strtod(optarg, &end);
			if (errno || end == optarg || *end ||
			    !(opts.resolution > 0) || !isfinite(opts.resolution))
				return cli_usage_error("analyze", "--resolution "
						       "takes a positive "
						       "number, not '%s'",
						       optarg);
			break;
		case OPT_EXACT:
			opts.samples = -1;
			break;
		case 'R':
		case 'j':
		case OPT_SMALL:
		case OPT_SAMPLES:
		case 's':
			if (cli_parse_size(optarg, &num) < 0 ||
			    num > 100000000)
				return cli_usage_error("analyze", "'%s' is not "
						       "a positive number",
						       optarg);
			if (c == 'R')
				opts.runs = num > 1000 ? 1000 : (int)num;
			else if (c == OPT_SMALL)
				opts.small = (igraph_integer_t)num;
			else if (c == 'j')
				opts.workers = num > 64 ? 64 : (int)num;
			else if (c == OPT_SAMPLES)
				opts.samples = (igraph_integer_t)num;
			else
				snapshot = num;
			break;
		case 'l':
			lang = cli_parse_lang(optarg);
			if (lang == -2)
				return cli_usage_error("analyze", "--lang takes "
						       "ja, en or auto, not "
						       "'%s'", optarg);
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			cmd_analyze_usage(stdout);
			return cli_finish_stdout("analyze", TSU_EXIT_OK);
		default:
			return cli_usage_error("analyze", "unknown option or "
					       "missing value: '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("analyze", "unexpected argument '%s'",
				       argv[optind]);
	cli_progress_init(&prog, "analyze", quiet);
	opts.progress = cli_progress;
	opts.progress_ctx = &prog;
	db = cli_db_path(db);
	if ((rc = cli_open_snapshot(db, TSU_STORE_EXISTING, snapshot, &st,
				    &snap, &err)))
		goto fail;
	if (lang == TSU_LANG_AUTO)
		lang = snap.lang;
	cli_progress(&prog, "loading the graph", 0);
	if ((rc = tsu_graph_load(st, &snap, &gr, &err)) ||
	    (rc = tsu_analyze(&gr, &opts, &a, &err)))
		goto fail;
	cli_progress(&prog, "writing", 0);
	if ((rc = tsu_analysis_write(&gr, &a, out, lang, &err)))
		goto fail;
	cli_progress(&prog, "saving to the store", 0);
	if ((rc = cli_save_analysis(st, &snap, &gr, &a, &err)))
		goto fail;
	cli_progress_end(&prog);
	printf(lang == TSU_LANG_JA ?
		       "スナップショット %lld: %lld 団体、%lld 組のつながり。"
		       "まとまり %lld（最大 %lld 団体）、孤立 %lld、"
		       "コミュニティ %lld（モジュラリティ %.3f）。%s/ に書き出し"
		       "ました\n" :
		       "snapshot %lld: %lld organisations, %lld tied pairs: "
		       "%lld components (largest %lld), %lld isolated, %lld "
		       "communities (modularity %.3f); wrote %s/\n",
	       (long long)snap.id, (long long)a.n, (long long)a.m,
	       (long long)a.n_components, (long long)a.largest,
	       (long long)a.n_isolated, (long long)a.n_comm_multi, a.modularity,
	       out);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
	tsu_snapshot_release(&snap);
	tsu_store_close(st);
	return cli_finish_stdout("analyze", TSU_EXIT_OK);
fail:
	cli_progress_end(&prog);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
	tsu_snapshot_release(&snap);
	tsu_store_close(st);
	return cli_fail("analyze", &err);
}
