/*
 * cmd_history.c - the network over time: `tsunagu history` (the stored
 * snapshots), `tsunagu diff [A] [B]` (what changed) and `tsunagu feedback
 * FILE.csv` (what became of the suggestions).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tsu_feedback.h"
#include "tsu_graph.h"
#include "tsu_history.h"
#include "tsu_store.h"
#include "tsu_text.h"

void cmd_history_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu history [--db FILE] [--csv]\n"
		"\n"
		"Lists the stored snapshots, oldest first: number, when it was "
		"imported (UTC),\nthe file, organisations and tied pairs, and, "
		"for an analysed snapshot,\nisolated organisations, components, "
		"communities and modularity.\nThen the feedback recorded and the "
		"last match runs.\n"
		"\n"
		"Options:\n"
		"  -d, --db FILE   the store (default: $TSUNAGU_DB, else "
		"./tsunagu.db)\n"
		"      --csv       one CSV row per snapshot instead of a table\n"
		"  -h, --help      show this help\n");
}

void cmd_diff_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu diff [--db FILE] [--out DIR] [--limit N] "
		"[--lang ja|en] [A] [B]\n"
		"\n"
		"What changed from snapshot A to snapshot B (default: the last "
		"two; with one\nnumber, from it to the newest): organisations "
		"added and gone, ties formed\nand lost, organisations that left "
		"or entered isolation, the number of\ncomponents, density and "
		"modularity before and after, and how communities\nmoved, "
		"matched by overlap (continues, merged, split, new, "
		"dissolved).\nOrganisations are matched by their id in the "
		"file.  A snapshot that was\nanalysed keeps its stored "
		"communities; one that was not gets Leiden with\nthe defaults "
		"of 'tsunagu analyze'.\n"
		"\n"
		"Options:\n"
		"  -d, --db FILE     the store (default: $TSUNAGU_DB, else "
		"./tsunagu.db)\n"
		"  -o, --out DIR     also write diff_numbers.csv, diff_orgs.csv, "
		"diff_ties.csv,\n"
		"                    diff_isolation.csv and "
		"diff_communities.csv into DIR\n"
		"  -n, --limit N     lines per list on the terminal (default 20; "
		"0: all)\n"
		"  -l, --lang LANG   ja, en or auto (the data's)\n"
		"  -h, --help        show this help\n");
}

void cmd_feedback_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu feedback [--db FILE] FILE.csv\n"
		"       tsunagu feedback [--db FILE] --list\n"
		"\n"
		"Records what became of suggestions.  Each row of FILE.csv:\n"
		"  org_id,partner_id,decision[,date][,note]\n"
		"ids as in the organisation list (both in the newest snapshot); "
		"decision:\n"
		"  met        they met: not suggested again, counts as an "
		"introduction\n"
		"  partnered  they work together: the same\n"
		"  declined   either side said no: never suggested again\n"
		"  skip       not now: the pair is scored lower (x%.1f) in the "
		"next run only\n"
		"(Japanese: 面会/会った = met, 連携/協働 = partnered, 辞退/お断り "
		"= declined,\n見送り/保留 = skip.)  date: YYYY-MM-DD or "
		"YYYY/MM/DD.  A header row is allowed.\nEvery row is checked "
		"first: a bad one is an error naming FILE:LINE:COLUMN\nand "
		"nothing is recorded.  The next 'match', 'report' or 'run' "
		"applies it,\nand marks the suggestions that are new since the "
		"last run (column new).\n"
		"\n"
		"Options:\n"
		"  -d, --db FILE   the store (default: $TSUNAGU_DB, else "
		"./tsunagu.db)\n"
		"      --list      print the recorded feedback as CSV\n"
		"  -h, --help      show this help\n",
		TSU_SKIP_FACTOR);
}

/* --- history ------------------------------------------------------------- */

struct hist {
	struct tsu_store *st;
	int csv;
	struct tsu_error *err;
};

static void real_or_dash(double x, const char *fmt)
{
	if (isnan(x))
		printf(" %10s", "-");
	else
		printf(fmt, x);
}

static int on_snapshot(void *ctx, const struct tsu_snapshot *s)
{
	struct hist *h = ctx;
	struct tsu_headline hd;
	char file[200];
	int found, rc;

	if ((rc = tsu_store_headline(h->st, s->id, &hd, &found, h->err)))
		return rc;
	tsu_excerpt(file, sizeof(file), s->orgs_file, strlen(s->orgs_file),
		    h->csv ? 200 : 40);
	if (h->csv) {
		struct tsu_out o = TSU_OUT_INIT;
		struct tsu_buf b = TSU_BUF_INIT;

		tsu_out_memory(&o, &b);
		tsu_out_int(&o, s->id);
		tsu_out_text(&o, s->imported_at);
		tsu_out_text(&o, s->orgs_file);
		tsu_out_text(&o, s->ties_file);
		tsu_out_int(&o, s->n_orgs);
		tsu_out_int(&o, s->n_ties);
		if (found) {
			tsu_out_int(&o, hd.n_isolated);
			tsu_out_int(&o, hd.n_components);
			tsu_out_int(&o, hd.n_communities);
			tsu_out_real(&o, hd.modularity);
			tsu_out_real(&o, hd.density);
		} else {
			for (int i = 0; i < 5; i++)
				tsu_out_text(&o, NULL);
		}
		tsu_out_end(&o);
		if (o.bad) {
			tsu_buf_release(&b);
			return tsu_error_oom(h->err);
		}
		fwrite(b.p, 1, b.len, stdout);
		tsu_buf_release(&b);
		return TSU_OK;
	}
	printf("%4lld  %s  %8lld %8lld", (long long)s->id, s->imported_at,
	       (long long)s->n_orgs, (long long)s->n_ties);
	if (found) {
		printf(" %8lld %8lld %8lld", (long long)hd.n_isolated,
		       (long long)hd.n_components, (long long)hd.n_communities);
		real_or_dash(hd.modularity, " %10.4f");
	} else {
		printf(" %8s %8s %8s %10s", "-", "-", "-", "-");
	}
	printf("  %s\n", file);
	return TSU_OK;
}

struct fb_count {
	int64_t n[TSU_DECISION_COUNT];
};

static int count_feedback(void *ctx, const struct tsu_feedback *f)
{
	struct fb_count *c = ctx;

	c->n[f->decision]++;
	return TSU_OK;
}

static const struct option history_options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "csv", no_argument, NULL, 'c' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_history(int argc, char **argv)
{
	struct tsu_error err = TSU_ERROR_INIT;
	struct hist h = { .err = &err };
	struct fb_count fc = { { 0 } };
	struct tsu_match_run runs[2];
	const char *db = NULL;
	int c, rc, nruns = 0, i;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", history_options, NULL)) !=
	       -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'c':
			h.csv = 1;
			break;
		case 'h':
			cmd_history_usage(stdout);
			return cli_finish_stdout("history", TSU_EXIT_OK);
		default:
			return cli_usage_error("history", "unknown option or "
					       "missing value: '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("history", "unexpected argument '%s'",
				       argv[optind]);
	if ((rc = tsu_store_open(cli_db_path(db), TSU_STORE_READONLY, &h.st,
				 NULL, &err)))
		goto out;
	if (h.csv)
		printf("\xEF\xBB\xBFsnapshot,imported_at,orgs_file,ties_file,"
		       "organisations,ties,isolated,components,communities,"
		       "modularity,density\n");
	else
		printf("   #  imported (UTC)        orgs     ties isolated "
		       "  compon.   commun. modularity  file\n");
	if ((rc = tsu_store_each_snapshot(h.st, on_snapshot, &h, &err)))
		goto out;
	if (!h.csv) {
		if ((rc = tsu_store_each_feedback(h.st, count_feedback, &fc,
						  &err)) ||
		    (rc = tsu_store_match_runs(h.st, runs, &nruns, &err)))
			goto out;
		printf("\nfeedback: %lld met, %lld partnered, %lld declined, "
		       "%lld skip\n",
		       (long long)fc.n[TSU_DECISION_MET],
		       (long long)fc.n[TSU_DECISION_PARTNERED],
		       (long long)fc.n[TSU_DECISION_DECLINED],
		       (long long)fc.n[TSU_DECISION_SKIP]);
		for (i = 0; i < nruns; i++) {
			printf("match run %lld: %s on snapshot %lld, %zu pairs "
			       "suggested\n",
			       (long long)runs[i].id, runs[i].run_at,
			       (long long)runs[i].snapshot, runs[i].n);
			tsu_match_run_release(&runs[i]);
		}
	}
out:
	tsu_store_close(h.st);
	if (rc)
		return cli_fail("history", &err);
	return cli_finish_stdout("history", TSU_EXIT_OK);
}

/* --- diff ---------------------------------------------------------------- */

static const struct option diff_options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "out", required_argument, NULL, 'o' },
	{ "limit", required_argument, NULL, 'n' },
	{ "lang", required_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct side {
	struct tsu_snapshot snap;
	struct tsu_graph gr;
	int64_t *comm;		/* stored communities, or NULL */
	struct tsu_analyze_opts o;	/* the stored analysis' settings */
};

static int load_side(struct tsu_store *st, int64_t id, struct side *s,
		     struct tsu_error *err)
{
	struct tsu_headline h;
	int rc, found;

	if ((rc = tsu_store_get_snapshot(st, id, &s->snap, err)))
		return rc;
	if (!s->snap.id)
		return tsu_error_set(err, TSU_EINPUT, NULL, 0, 0,
				     "no snapshot %lld in the store",
				     (long long)id);
	if ((rc = tsu_graph_load(st, &s->snap, &s->gr, err)))
		return rc;
	if (!(s->comm = malloc(((size_t)s->gr.n + 1) * sizeof(*s->comm))))
		return tsu_error_oom(err);
	if ((rc = tsu_store_communities(st, &s->snap, s->comm, &found, err)))
		return rc;
	if (!found) {
		free(s->comm);
		s->comm = NULL;
	}
	s->o = (struct tsu_analyze_opts)TSU_ANALYZE_OPTS_INIT;
	if ((rc = tsu_store_headline(st, s->snap.id, &h, &found, err)))
		return rc;
	if (found) {
		s->o.resolution = h.resolution;
		s->o.seed = h.seed;
	}
	return TSU_OK;
}

static void side_release(struct side *s)
{
	tsu_graph_release(&s->gr);
	tsu_snapshot_release(&s->snap);
	free(s->comm);
}

/* The newest two snapshot ids (0 when missing). */
static int last_two(void *ctx, const struct tsu_snapshot *s)
{
	int64_t *ids = ctx;

	ids[0] = ids[1];
	ids[1] = s->id;
	return 0;
}

int cmd_diff(int argc, char **argv)
{
	struct tsu_error err = TSU_ERROR_INIT;
	struct side sa = { 0 }, sb = { 0 };
	struct tsu_analysis aa = { 0 }, ab = { 0 };
	struct tsu_store *st = NULL;
	struct tsu_diff d = { 0 };
	const char *db = NULL, *out = NULL;
	int64_t ids[2] = { 0, 0 };
	size_t limit = 20, num;
	int c, rc, lang = TSU_LANG_AUTO, i;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:o:n:l:h", diff_options,
				NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'n':
			if (strcmp(optarg, "0") == 0)
				limit = 0;
			else if (cli_parse_size(optarg, &limit) < 0)
				return cli_usage_error("diff", "'%s' is not a "
						       "number", optarg);
			break;
		case 'l':
			lang = cli_parse_lang(optarg);
			if (lang == -2)
				return cli_usage_error("diff", "--lang takes ja, "
						       "en or auto, not '%s'",
						       optarg);
			break;
		case 'h':
			cmd_diff_usage(stdout);
			return cli_finish_stdout("diff", TSU_EXIT_OK);
		default:
			return cli_usage_error("diff", "unknown option or "
					       "missing value: '%s'",
					       argv[optind - 1]);
		}
	}
	if (argc - optind > 2)
		return cli_usage_error("diff", "at most two snapshots");
	for (i = 0; optind + i < argc; i++) {
		if (cli_parse_size(argv[optind + i], &num) < 0)
			return cli_usage_error("diff", "'%s' is not a snapshot "
					       "number", argv[optind + i]);
		ids[i] = (int64_t)num;
	}
	if ((rc = tsu_store_open(cli_db_path(db), TSU_STORE_READONLY, &st,
				 NULL, &err)))
		goto out;
	if (argc - optind < 2) {
		int64_t last[2] = { 0, 0 };

		if ((rc = tsu_store_each_snapshot(st, last_two, last, &err)))
			goto out;
		if (argc - optind == 1) {
			ids[1] = last[1];
		} else {
			ids[0] = last[0];
			ids[1] = last[1];
		}
		if (!ids[0] || !ids[1]) {
			rc = tsu_error_set(&err, TSU_EINPUT, cli_db_path(db), 0,
					   0, "the store holds %s snapshot: "
					   "nothing to compare yet",
					   last[1] ? "one" : "no");
			goto out;
		}
	}
	if ((rc = load_side(st, ids[0], &sa, &err)) ||
	    (rc = load_side(st, ids[1], &sb, &err)))
		goto out;
	if (lang == TSU_LANG_AUTO)
		lang = sb.snap.lang;
	if ((rc = tsu_diff_analyze(&sa.gr, sa.comm, &sa.o, &aa, &err)) ||
	    (rc = tsu_diff_analyze(&sb.gr, sb.comm, &sb.o, &ab, &err)) ||
	    (rc = tsu_diff(&sa.gr, &aa, &sb.gr, &ab, &d, &err)))
		goto out;
	if (out && (rc = tsu_diff_write(&d, out, lang, &err)))
		goto out;
	if (tsu_diff_print(stdout, &d, &sa.snap, &sb.snap, lang, limit))
		rc = tsu_error_set(&err, TSU_EIO, "stdout", 0, 0, "%s",
				   strerror(errno ? errno : EIO));
out:
	tsu_diff_release(&d);
	tsu_analysis_release(&aa);
	tsu_analysis_release(&ab);
	side_release(&sa);
	side_release(&sb);
	tsu_store_close(st);
	if (rc)
		return cli_fail("diff", &err);
	return cli_finish_stdout("diff", TSU_EXIT_OK);
}

/* --- feedback ------------------------------------------------------------ */

static const struct option feedback_options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "list", no_argument, NULL, 'L' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int list_one(void *ctx, const struct tsu_feedback *f)
{
	struct tsu_out o = TSU_OUT_INIT;
	struct tsu_buf *b = ctx;

	tsu_out_memory(&o, b);
	tsu_out_text(&o, f->org);
	tsu_out_text(&o, f->partner);
	tsu_out_text(&o, tsu_decision_name(f->decision));
	tsu_out_text(&o, f->date);
	tsu_out_text(&o, f->note);
	tsu_out_text(&o, f->recorded_at);
	tsu_out_end(&o);
	if (o.bad)
		return TSU_ENOMEM;
	fwrite(b->p, 1, b->len, stdout);
	tsu_buf_reset(b);
	return TSU_OK;
}

int cmd_feedback(int argc, char **argv)
{
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_store *st = NULL;
	struct tsu_snapshot snap = TSU_SNAPSHOT_INIT;
	struct tsu_graph gr = { 0 };
	const char *db = NULL;
	int c, rc, list = 0;
	size_t rows = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", feedback_options, NULL)) !=
	       -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'L':
			list = 1;
			break;
		case 'h':
			cmd_feedback_usage(stdout);
			return cli_finish_stdout("feedback", TSU_EXIT_OK);
		default:
			return cli_usage_error("feedback", "unknown option or "
					       "missing value: '%s'",
					       argv[optind - 1]);
		}
	}
	if (list) {
		struct tsu_buf b = TSU_BUF_INIT;

		if (optind < argc)
			return cli_usage_error("feedback", "--list takes no "
					       "file");
		if (!(rc = tsu_store_open(cli_db_path(db), TSU_STORE_READONLY,
					  &st, NULL, &err))) {
			printf("\xEF\xBB\xBForg_id,partner_id,decision,date,"
			       "note,recorded_at\n");
			rc = tsu_store_each_feedback(st, list_one, &b, &err);
			if (rc == TSU_ENOMEM)
				rc = tsu_error_oom(&err);
		}
		tsu_buf_release(&b);
		tsu_store_close(st);
		if (rc)
			return cli_fail("feedback", &err);
		return cli_finish_stdout("feedback", TSU_EXIT_OK);
	}
	if (argc - optind != 1)
		return cli_usage_error("feedback", "give one FILE.csv (or "
				       "--list)");
	/* read-only until the file has been checked */
	if ((rc = cli_open_snapshot(cli_db_path(db), TSU_STORE_READONLY, 0,
				    &st, &snap, &err)) ||
	    (rc = tsu_graph_load(st, &snap, &gr, &err)))
		goto out;
	tsu_store_close(st);
	st = NULL;
	if ((rc = tsu_feedback_import(cli_db_path(db), argv[optind], &gr,
				      &rows, &err)))
		goto out;
	printf(snap.lang == TSU_LANG_JA ?
		       "%s: %zu 件のフィードバックを記録しました\n" :
		       "%s: recorded %zu feedback rows\n",
	       argv[optind], rows);
out:
	tsu_graph_release(&gr);
	tsu_snapshot_release(&snap);
	tsu_store_close(st);
	if (rc)
		return cli_fail("feedback", &err);
	return cli_finish_stdout("feedback", TSU_EXIT_OK);
}
