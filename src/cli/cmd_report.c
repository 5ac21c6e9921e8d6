/*
 * cmd_report.c - the whole job and its outputs: `tsunagu run` (import,
 * analyze, match, plot, report), `tsunagu report` and `tsunagu plot`.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tsu_analyze.h"
#include "tsu_feedback.h"
#include "tsu_history.h"
#include "tsu_import.h"
#include "tsu_match.h"
#include "tsu_out.h"
#include "tsu_plot.h"
#include "tsu_report.h"

#define PLOT_DIR "plots"

/* What run, report and plot share: parsed options, then the job. */
struct job {
	const char *cmd;
	const char *db, *out, *orgs, *ties, *config, *org;
	size_t snapshot;
	int lang, quiet, workers, fresh, out_set;
	uint64_t seed;
	struct tsu_import_opts imp;
	/* the work */
	struct cli_matcher c;
	struct tsu_analysis an;
	struct tsu_matches res;
	struct tsu_loose loose;
	struct cli_progress prog;
	struct tsu_error err;
	int analysed_now;	/* report: not in the store, analysed here */
	/* since last time */
	struct tsu_runs runs;
	int64_t introduced;
	int64_t prev_id;		/* the snapshot before, 0: none */
	struct tsu_snapshot prev;
	struct tsu_graph prev_gr;
	struct tsu_diff diff;
	int have_diff;
	struct tsu_trend_point *trend;	/* analysed snapshots up to this */
	size_t n_trend;
	int trend_ok;
};

static void usage_common(FILE *fp)
{
	fprintf(fp,
		"  -d, --db FILE       the store (default: $TSUNAGU_DB, else "
		"./tsunagu.db)\n"
		"  -l, --lang LANG     language of the report and pictures: ja, "
		"en or auto\n"
		"                      (default: the language of the data)\n"
		"  -j, --jobs N        worker processes (default: the CPUs)\n"
		"  -q, --quiet         no progress on stderr\n"
		"  -h, --help          show this help\n");
}

static void outputs_help(FILE *fp)
{
	fprintf(fp,
		"Writes into DIR (default reports/):\n"
		"  index.html          the report: headline numbers, pictures, "
		"who is cut off\n"
		"                      and why, loose ties, the strongest "
		"suggestions, brokers;\n"
		"                      one self-contained page (pictures "
		"embedded, no network),\n"
		"                      printable on A4\n"
		"  plots/NAME.png|svg  network, communities, mixing, degree, "
		"brokers, scores\n"
		"  matches.csv, loose_ties.csv, isolated_groups.csv, "
		"groups.csv,\n"
		"  centrality.csv, communities.csv, bridges.csv, mixing.csv, "
		"network.csv\n"
		"                      as 'tsunagu match' and 'tsunagu analyze' "
		"write them\n"
		"                      (UTF-8 with a BOM, so Excel reads Japanese "
		"text)\n"
		"Pictures need gnuplot (gnuplot-nox) and fonts-noto-cjk; "
		"$TSUNAGU_GNUPLOT names\nanother program. Without gnuplot "
		"everything else is still written, the page\nsays what is "
		"missing, and the exit status is 3.\n");
}

void cmd_run_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu run ORGS.csv [--ties TIES.csv] [--out DIR] "
		"[--db FILE]\n"
		"                   [--config FILE] [--seed N] [--lang ja|en] "
		"[-j N] [--quiet]\n"
		"\n"
		"The whole job in one command: imports the organisation list "
		"(and ties) into\nthe store as 'tsunagu import' does, analyses "
		"the network and keeps the\nanalysis in the store, suggests "
		"partners and loose ties, draws the pictures\nand writes the "
		"report for the planning meeting.\n\n");
	outputs_help(fp);
	fprintf(fp,
		"\nOptions:\n"
		"  -t, --ties FILE     the ties file (see 'tsunagu import')\n"
		"  -o, --out DIR       where to write (default reports)\n"
		"  -c, --config FILE   match settings (see 'tsunagu match')\n"
		"  -S, --seed N        random seed of communities and layouts "
		"(default 1)\n");
	usage_common(fp);
}

void cmd_report_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu report [--out DIR] [--db FILE] [--snapshot N] "
		"[--config FILE]\n"
		"                      [--lang ja|en] [-j N] [--quiet]\n"
		"\n"
		"The report of a stored snapshot (the newest, or --snapshot N): "
		"its analysis\nwith the settings 'tsunagu analyze' stored "
		"(defaults if it was not analysed),\nthe suggestions, the "
		"pictures and the page.\n\n");
	outputs_help(fp);
	fprintf(fp,
		"\nOptions:\n"
		"  -o, --out DIR       where to write (default reports)\n"
		"  -s, --snapshot N    the snapshot (default: the newest)\n"
		"  -c, --config FILE   match settings (see 'tsunagu match')\n");
	usage_common(fp);
}

void cmd_plot_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu plot [--org ID] [--out PATH] [--db FILE] "
		"[--snapshot N]\n"
		"                    [--lang ja|en] [-j N] [--quiet]\n"
		"\n"
		"Draws the pictures of a stored snapshot with gnuplot, each as "
		"PNG and SVG, into\nPATH (default reports/plots): network, "
		"communities, mixing, degree, brokers,\nscores.\n"
		"\n"
		"With --org ID, the ego map of one organisation instead, a "
		"handout for a\none-to-one meeting: its partners (solid), its "
		"suggested partners (dashed,\nnumbered) and the reason for each; "
		"written as PATH.png and PATH.svg (default\n"
		"reports/ego-ID, the id's characters other than letters, digits, "
		"- and _ as _).\n"
		"\n"
		"Options:\n"
		"  -g, --org ID        one organisation's ego map\n"
		"  -o, --out PATH      where to write (see above)\n"
		"  -s, --snapshot N    the snapshot (default: the newest)\n"
		"  -c, --config FILE   match settings (see 'tsunagu match')\n");
	usage_common(fp);
}

static const struct option options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "ties", required_argument, NULL, 't' },
	{ "out", required_argument, NULL, 'o' },
	{ "org", required_argument, NULL, 'g' },
	{ "config", required_argument, NULL, 'c' },
	{ "seed", required_argument, NULL, 'S' },
	{ "snapshot", required_argument, NULL, 's' },
	{ "lang", required_argument, NULL, 'l' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Parses the options `allowed` (short letters) of j->cmd; 1 after --help,
   0 when fine, else an exit status. */
static int parse(struct job *j, int argc, char **argv, const char *allowed,
		 void (*usage)(FILE *))
{
	size_t num;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:t:o:g:c:S:s:l:j:qh", options,
				NULL)) != -1) {
		if (c != '?' && c != ':' && !strchr(allowed, c))
			return cli_usage_error(j->cmd, "'%s' is not an option "
					       "of %s", argv[optind - 1],
					       j->cmd);
		switch (c) {
		case 'd': j->db = optarg; break;
		case 't': j->ties = optarg; break;
		case 'c': j->config = optarg; break;
		case 'g': j->org = optarg; break;
		case 'o':
			if (!*optarg)
				return cli_usage_error(j->cmd, "--out needs a "
						       "path");
			j->out = optarg;
			j->out_set = 1;
			break;
		case 'S':
			if (cli_parse_u64(optarg, &j->seed) < 0)
				return cli_usage_error(j->cmd, "--seed takes a "
						       "number from 0, not "
						       "'%s'", optarg);
			break;
		case 's':
		case 'j':
			if (cli_parse_size(optarg, &num) < 0 ||
			    num > 100000000)
				return cli_usage_error(j->cmd, "'%s' is not a "
						       "positive number",
						       optarg);
			if (c == 's')
				j->snapshot = num;
			else
				j->workers = num > 64 ? 64 : (int)num;
			break;
		case 'l':
			j->lang = cli_parse_lang(optarg);
			if (j->lang == -2)
				return cli_usage_error(j->cmd, "--lang takes ja, "
						       "en or auto, not '%s'",
						       optarg);
			break;
		case 'q': j->quiet = 1; break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			return cli_usage_error(j->cmd, "unknown option or "
					       "missing value: '%s'",
					       argv[optind - 1]);
		}
	}
	return 0;
}

/* The analysis: fresh with j->seed (run, saved to the store), else the
   stored settings (or the defaults when there are none). */
static int analyse(struct job *j)
{
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_headline h;
	int found = 0, rc;

	o.workers = j->workers;
	o.progress = cli_progress;
	o.progress_ctx = &j->prog;
	if (j->fresh) {
		o.seed = j->seed;
	} else {
		if ((rc = tsu_store_headline(j->c.st, j->c.snap.id, &h, &found,
					     &j->err)))
			return rc;
		if (found) {
			o.seed = h.seed;
			o.resolution = h.resolution;
			o.runs = h.runs > 0 ? h.runs : 1;
			o.samples = h.sources > 0 ?
					    (igraph_integer_t)h.sources : -1;
		}
		j->analysed_now = !found;
	}
	if ((rc = tsu_analyze(&j->c.gr, &o, &j->an, &j->err)))
		return rc;
	if (j->fresh) {
		cli_progress(&j->prog, "saving the analysis", 0);
		return cli_save_analysis(j->c.st, &j->c.snap, &j->c.gr, &j->an,
					 &j->err);
	}
	return TSU_OK;
}

/*
 * One pass over the snapshots up to this one: the newest older one's id
 * (j->prev_id) and, for the trend, the headline of each analysed one.
 */
static int add_trend(void *ctx, const struct tsu_snapshot *s)
{
	struct job *j = ctx;
	struct tsu_trend_point *pt, *q;
	struct tsu_headline h;
	int found, rc;

	if (s->id > j->c.snap.id)
		return 0;
	if (s->id < j->c.snap.id)
		j->prev_id = s->id;
	if ((rc = tsu_store_headline(j->c.st, s->id, &h, &found, &j->err)))
		return rc;
	if (!found && s->id != j->c.snap.id)
		return 0;
	if (!(q = realloc(j->trend, (j->n_trend + 1) * sizeof(*q))))
		return tsu_error_oom(&j->err);
	j->trend = q;
	pt = &q[j->n_trend++];
	memset(pt, 0, sizeof(*pt));
	pt->snapshot = s->id;
	snprintf(pt->date, sizeof(pt->date), "%s", s->imported_at);
	pt->orgs = s->n_orgs;
	pt->ties = s->n_ties;
	if (s->id == j->c.snap.id) {	/* as analysed for this report */
		pt->isolated = j->an.n_isolated;
		pt->components = j->an.n_components;
		pt->communities = j->an.n_comm_multi;
		pt->modularity = j->an.modularity;
	} else {
		pt->isolated = h.n_isolated;
		pt->components = h.n_components;
		pt->communities = h.n_communities;
		pt->modularity = h.modularity;
	}
	return 0;
}

/*
 * What changed since the previous snapshot, for the report: that one is
 * analysed with its stored communities and resolution (so its modularity
 * is the stored one); this one's is the analysis the report has made.
 */
static int since_last_time(struct job *j)
{
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_analysis prev_an = { 0 };
	struct tsu_headline h;
	int64_t *prev_comm = NULL;
	int rc, found, hfound = 0;

	cli_progress(&j->prog, "since last time", 0);
	if ((rc = tsu_store_each_snapshot(j->c.st, add_trend, j, &j->err)) ||
	    !j->prev_id)
		return rc;
	if ((rc = tsu_store_get_snapshot(j->c.st, j->prev_id, &j->prev,
					 &j->err)) ||
	    (rc = tsu_graph_load(j->c.st, &j->prev, &j->prev_gr, &j->err)))
		return rc;
	if (!(prev_comm = malloc(((size_t)j->prev_gr.n + 1) *
				 sizeof(*prev_comm))))
		return tsu_error_oom(&j->err);
	o.workers = j->workers;
	o.seed = j->an.seed;
	if (!(rc = tsu_store_communities(j->c.st, &j->prev, prev_comm, &found,
					 &j->err)) &&
	    found &&
	    !(rc = tsu_store_headline(j->c.st, j->prev.id, &h, &hfound,
				      &j->err)) &&
	    hfound) {
		o.seed = h.seed;
		o.resolution = h.resolution;
	}
	if (!rc && !(rc = tsu_diff_analyze(&j->prev_gr, found ? prev_comm : NULL,
					   &o, &prev_an, &j->err)) &&
	    !(rc = tsu_diff(&j->prev_gr, &prev_an, &j->c.gr, &j->an, &j->diff,
			    &j->err)))
		j->have_diff = 1;
	tsu_analysis_release(&prev_an);
	free(prev_comm);
	return rc;
}

static int suggest(struct job *j, const struct tsu_match_config *cfg)
{
	struct tsu_match_opts mo = TSU_MATCH_OPTS_INIT;
	struct tsu_loose_opts lo = TSU_LOOSE_OPTS_INIT;
	int rc;

	mo.k = cfg->top;
	mo.spread = cfg->spread;
	mo.budget = lo.budget = cfg->budget;
	mo.workers = j->workers;
	lo.per_group = cfg->loose;
	mo.progress = lo.progress = cli_progress;
	mo.progress_ctx = lo.progress_ctx = &j->prog;
	if ((rc = tsu_match_all(&j->c.m, &mo, &j->res, &j->err)))
		return rc;
	if (lo.per_group > 0)
		return tsu_loose_ties(&j->c.m, &j->an, &lo, &j->loose, &j->err);
	return TSU_OK;
}

/* matches.csv and loose_ties.csv into j->out, replaced together. */
static int write_matches(struct job *j)
{
	struct tsu_out f[2] = { TSU_OUT_INIT, TSU_OUT_INIT };
	int rc;

	if ((rc = tsu_out_open(&f[0], j->out, "matches.csv", 1, &j->err)) ||
	    (rc = tsu_out_open(&f[1], j->out, "loose_ties.csv", 1, &j->err)) ||
	    (rc = tsu_match_write(&f[0], &j->c.m, &j->res, j->lang, j->workers,
				  &j->err)) ||
	    (rc = tsu_out_close(&f[0], &j->err)))
		goto out;
	tsu_loose_write(&f[1], &j->c.m, &j->an, &j->loose, j->lang);
	if ((rc = tsu_out_close(&f[1], &j->err)) ||
	    (rc = tsu_out_publish_all(f, 2, &j->err)))
		goto out;
out:
	tsu_out_abort(&f[0]);
	tsu_out_abort(&f[1]);
	return rc;
}

static void plot_opts(struct job *j, struct tsu_plot_opts *po)
{
	*po = (struct tsu_plot_opts)TSU_PLOT_OPTS_INIT;
	po->lang = j->lang;
	po->seed = j->an.seed;
	po->progress = cli_progress;
	po->progress_ctx = &j->prog;
}

/*
 * Everything after the store holds the snapshot: analysis, suggestions,
 * CSVs, pictures, page.  A failure to draw is reported after the rest is
 * written.
 */
static int produce(struct job *j)
{
	struct tsu_match_config cfg;
	struct tsu_plot_opts po;
	struct tsu_plot_data pd;
	struct tsu_report_data rd;
	struct tsu_error perr = TSU_ERROR_INIT;
	char *plots = NULL, note[512], where[300];
	int ok[TSU_PLOT_COUNT], rc, prc, k, drawn = 0;

	if ((rc = cli_match_settings(j->config, NULL, 0, &cfg, &j->err)))
		return rc;
	/* the folder first: a bad --out is told before the work */
	if ((rc = tsu_mkdir_p(j->out, &j->err)))
		return rc;
	if (access(j->out, W_OK) < 0)
		return tsu_error_set(&j->err, TSU_EIO, j->out, 0, 0,
				     "cannot write in this folder: %s",
				     strerror(errno));
	cli_progress(&j->prog, "loading", 0);
	if ((rc = cli_matcher_open(cli_db_path(j->db), j->fresh ?
				   TSU_STORE_EXISTING : TSU_STORE_READONLY,
				   j->snapshot, &cfg, &j->c, &j->err)))
		return rc;
	if (j->lang == TSU_LANG_AUTO)
		j->lang = j->c.snap.lang;
	if ((rc = cli_feedback_apply(&j->c, &j->runs, &j->introduced,
				     &j->err)) ||
	    (rc = analyse(j)) || (rc = suggest(j, &cfg)) ||
	    (rc = tsu_runs_mark(&j->runs, &j->c.gr, &j->res, &j->loose,
				&j->err)) ||
	    (rc = since_last_time(j)))
		return rc;
	cli_progress(&j->prog, "writing the CSV files", 0);
	if ((rc = tsu_analysis_write(&j->c.gr, &j->an, j->out, j->lang,
				     &j->err)) ||
	    (rc = write_matches(j)))
		return rc;
	if (!(plots = malloc(strlen(j->out) + sizeof("/" PLOT_DIR))))
		return tsu_error_oom(&j->err);
	sprintf(plots, "%s/%s", j->out, PLOT_DIR);
	plot_opts(j, &po);
	pd = (struct tsu_plot_data){ &j->c.gr, &j->an, &j->c.m, &j->res,
				     &j->loose };
	prc = tsu_plot_all(&pd, &po, plots, ok, &perr);
	if (j->n_trend >= 2) {
		struct tsu_error terr = TSU_ERROR_INIT;

		cli_progress(&j->prog, "plots: trend", 0);
		j->trend_ok = tsu_plot_trend(j->trend, j->n_trend, &po, plots,
					     &terr) == TSU_OK;
		if (!j->trend_ok && !prc) {
			prc = terr.code;
			perr = terr;
		}
	}
	free(plots);
	for (k = 0; k < TSU_PLOT_COUNT; k++)
		drawn += ok[k];
	cli_progress(&j->prog, "writing the report", 0);
	snprintf(note, sizeof(note),
		 j->lang == TSU_LANG_JA ?
			 "同じフォルダーにある CSV ファイル（UTF-8、BOM 付き"
			 "で Excel でそのまま開けます）：" :
			 "The CSV files beside this page (UTF-8 with a BOM: "
			 "Excel opens them as they are):");
	rd = (struct tsu_report_data){
		&j->c.snap, &j->c.gr, &j->an, &j->c.m, &j->res, &j->loose, ok,
		PLOT_DIR, prc ? perr.msg : NULL, note,
		j->have_diff ? &j->diff : NULL, j->have_diff ? &j->prev : NULL,
		j->introduced, j->runs.base != NULL, j->trend_ok,
	};
	if ((rc = tsu_report_write(&rd, j->out, j->lang, &j->err)))
		return rc;
	cli_progress(&j->prog, "recording the run", 0);
	cli_runs_record(j->cmd, cli_db_path(j->db), &j->runs, &j->c.gr,
			&j->res, &j->loose);
	cli_progress_end(&j->prog);
	snprintf(where, sizeof(where), "%s/index.html", j->out);
	printf(j->lang == TSU_LANG_JA ?
		       "%s を書き出しました（図 %d/%d、提案 %lld 件、CSV は "
		       "%s/）\n" :
		       "wrote %s (%d of %d pictures, %lld suggestions; CSV "
		       "files in %s/)\n",
	       where, drawn, TSU_PLOT_COUNT,
	       (long long)j->res.start[j->res.n], j->out);
	if (j->analysed_now)
		fprintf(stderr, "tsunagu: %s: snapshot %lld had no stored "
				"analysis: analysed with the defaults (run "
				"'tsunagu analyze' to keep one)\n",
			j->cmd, (long long)j->c.snap.id);
	if (prc) {
		j->err = perr;
		return prc;
	}
	return TSU_OK;
}

static void job_init(struct job *j, const char *cmd)
{
	memset(j, 0, sizeof(*j));
	j->cmd = cmd;
	j->out = "reports";
	j->lang = TSU_LANG_AUTO;
	j->seed = 1;
	j->err = (struct tsu_error)TSU_ERROR_INIT;
	cli_progress_init(&j->prog, cmd, 1);
}

static int job_end(struct job *j, int rc)
{
	cli_progress_end(&j->prog);
	tsu_loose_release(&j->loose);
	tsu_matches_release(&j->res);
	tsu_diff_release(&j->diff);
	free(j->trend);
	tsu_graph_release(&j->prev_gr);
	tsu_snapshot_release(&j->prev);
	tsu_runs_release(&j->runs);
	tsu_analysis_release(&j->an);
	cli_matcher_close(&j->c);
	if (rc)
		return cli_fail(j->cmd, &j->err);
	return cli_finish_stdout(j->cmd, TSU_EXIT_OK);
}

int cmd_run(int argc, char **argv)
{
	struct tsu_import_opts o = TSU_IMPORT_OPTS_INIT;
	struct tsu_import_result res;
	struct tsu_store *st = NULL;
	struct job j;
	int rc, created = 0;

	job_init(&j, "run");
	if ((rc = parse(&j, argc, argv, "dtocSljqh", cmd_run_usage)))
		return rc == 1 ? cli_finish_stdout("run", TSU_EXIT_OK) : rc;
	if (optind >= argc)
		return cli_usage_error("run", "name the organisation list");
	if (optind + 1 < argc)
		return cli_usage_error("run", "unexpected argument '%s' (use "
				       "--ties for ties)", argv[optind + 1]);
	cli_progress_init(&j.prog, "run", j.quiet);
	j.fresh = 1;
	o.orgs_path = argv[optind];
	o.ties_path = j.ties;
	o.warn = j.quiet ? NULL : stderr;
	o.progress = !j.quiet && isatty(fileno(stderr));
	if ((rc = tsu_store_open(cli_db_path(j.db), 0, &st, &created, &j.err)))
		return job_end(&j, rc);
	rc = tsu_import(st, &o, &res, &j.err);
	if (rc && created)
		tsu_store_discard_new(st);
	tsu_store_close(st);
	if (rc)
		return job_end(&j, rc);
	j.snapshot = (size_t)res.snapshot;
	if (!j.quiet)
		fprintf(stderr, res.unchanged ?
				"run: '%s' is unchanged: snapshot %lld\n" :
				"run: imported '%s' as snapshot %lld\n",
			o.orgs_path, (long long)res.snapshot);
	return job_end(&j, produce(&j));
}

int cmd_report(int argc, char **argv)
{
	struct job j;
	int rc;

	job_init(&j, "report");
	if ((rc = parse(&j, argc, argv, "doscljqh", cmd_report_usage)))
		return rc == 1 ? cli_finish_stdout("report", TSU_EXIT_OK) : rc;
	if (optind < argc)
		return cli_usage_error("report", "unexpected argument '%s'",
				       argv[optind]);
	cli_progress_init(&j.prog, "report", j.quiet);
	return job_end(&j, produce(&j));
}

/* "ego-" and the id with characters other than [A-Za-z0-9_-] as '_'. */
static char *ego_name(const char *id)
{
	size_t n = strlen(id), i;
	char *p = malloc(n + sizeof("reports/ego-"));

	if (!p)
		return NULL;
	strcpy(p, "reports/ego-");
	for (i = 0; i < n && i < 64; i++) {
		char c = id[i];

		p[12 + i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
					    (c >= '0' && c <= '9') || c == '-' ||
					    c == '_' ?
				    c :
				    '_';
	}
	p[12 + i] = '\0';
	return p;
}

int cmd_plot(int argc, char **argv)
{
	struct tsu_match_config cfg;
	struct tsu_plot_opts po;
	struct tsu_plot_data pd;
	struct job j;
	char *path = NULL;
	int64_t v = -1;
	int rc, ok[TSU_PLOT_COUNT], k, drawn = 0;

	job_init(&j, "plot");
	if ((rc = parse(&j, argc, argv, "dogscljqh", cmd_plot_usage)))
		return rc == 1 ? cli_finish_stdout("plot", TSU_EXIT_OK) : rc;
	if (optind < argc)
		return cli_usage_error("plot", "unexpected argument '%s'",
				       argv[optind]);
	cli_progress_init(&j.prog, "plot", j.quiet);
	if ((rc = cli_match_settings(j.config, NULL, 0, &cfg, &j.err)))
		return job_end(&j, rc);
	cli_progress(&j.prog, "loading", 0);
	if ((rc = cli_matcher_open(cli_db_path(j.db), TSU_STORE_READONLY,
				   j.snapshot, &cfg, &j.c, &j.err)))
		return job_end(&j, rc);
	if (j.lang == TSU_LANG_AUTO)
		j.lang = j.c.snap.lang;
	if (j.org) {
		if ((v = cli_matcher_find(&j.c, j.org, strlen(j.org))) < -1)
			return job_end(&j, tsu_error_oom(&j.err));
		if (v < 0) {
			char ex[96];

			tsu_excerpt(ex, sizeof(ex), j.org, strlen(j.org), 40);
			return job_end(&j, tsu_error_set(
				&j.err, TSU_EINPUT, NULL, 0, 0,
				"no organisation '%s' in snapshot %lld", ex,
				(long long)j.c.snap.id));
		}
	}
	if ((rc = analyse(&j)) || (rc = suggest(&j, &cfg)))
		return job_end(&j, rc);
	plot_opts(&j, &po);
	pd = (struct tsu_plot_data){ &j.c.gr, &j.an, &j.c.m, &j.res,
				     &j.loose };
	if (j.org) {
		if (!(path = j.out_set ? strdup(j.out) : ego_name(j.org)))
			return job_end(&j, tsu_error_oom(&j.err));
		cli_progress(&j.prog, "drawing", 0);
		rc = tsu_plot_ego(&pd, v, &po, path, &j.err);
		if (!rc) {
			cli_progress_end(&j.prog);
			printf(j.lang == TSU_LANG_JA ?
				       "%s.png と %s.svg を書き出しました\n" :
				       "wrote %s.png and %s.svg\n",
			       path, path);
		}
		free(path);
		return job_end(&j, rc);
	}
	if (!j.out_set)
		j.out = "reports/" PLOT_DIR;
	rc = tsu_plot_all(&pd, &po, j.out, ok, &j.err);
	cli_progress_end(&j.prog);
	for (k = 0; k < TSU_PLOT_COUNT; k++)
		drawn += ok[k];
	printf(j.lang == TSU_LANG_JA ? "図 %d/%d を %s/ に書き出しました\n" :
				       "wrote %d of %d pictures into %s/\n",
	       drawn, TSU_PLOT_COUNT, j.out);
	return job_end(&j, rc);
}
