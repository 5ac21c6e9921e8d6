/*
 * cmd_pairs.c - `tsunagu explain A B` (one pair's full breakdown) and
 * `tsunagu score PAIRS.csv` (the score of each listed pair).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "tsu_csv.h"
#include "tsu_feedback.h"
#include "tsu_out.h"

void cmd_explain_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu explain [--db FILE] [--config FILE] "
		"[--weight PART=W]... [--snapshot N]\n"
		"                       [--lang ja|en] ORG_ID ORG_ID\n"
		"\n"
		"The full breakdown of one pair's match score, whether or not "
		"it is in a top\nlist: each part, its weight and what it adds, "
		"the concrete items behind it\n(rarest first), whether they "
		"are partners already, and where the partner\nstands among "
		"the first organisation's candidates.  Settings as for "
		"'tsunagu match'.\n"
		"\n"
		"Options:\n"
		"  -d, --db FILE        the store (default: $TSUNAGU_DB, else "
		"./tsunagu.db)\n"
		"  -c, --config FILE    match settings (see 'tsunagu match "
		"--help')\n"
		"  -w, --weight P=W     weight of part P\n"
		"  -s, --snapshot N     snapshot to use (default: the newest)\n"
		"  -l, --lang LANG      ja, en or auto (the data's)\n"
		"  -h, --help           show this help\n");
}

void cmd_score_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu score [--db FILE] [--out FILE] [--config FILE] "
		"[--weight PART=W]...\n"
		"                     [--snapshot N] [--lang ja|en] PAIRS.csv\n"
		"\n"
		"Scores the pairs of PAIRS.csv: a header with 'source' and "
		"'target' columns\n(ids as in the organisation list; other "
		"columns are ignored), one pair a row.\nWrites CSV to stdout, "
		"or to FILE with --out (UTF-8 with a BOM, written whole):\n"
		"  source, target, score, themes, complement, cross, proximity, "
		"mutual, tied, why\n"
		"tied is 1 when they are partners already (such pairs are "
		"scored too).\nAn unknown id is an error naming its line and "
		"column; nothing is written then.\n"
		"\n"
		"Options:\n"
		"  -d, --db FILE        the store (default: $TSUNAGU_DB, else "
		"./tsunagu.db)\n"
		"  -o, --out FILE       write here instead of stdout\n"
		"  -c, --config FILE    match settings (see 'tsunagu match "
		"--help')\n"
		"  -w, --weight P=W     weight of part P\n"
		"  -s, --snapshot N     snapshot to use (default: the newest)\n"
		"  -l, --lang LANG      language of the reasons: ja, en or "
		"auto\n"
		"  -h, --help           show this help\n");
}

static const struct option options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "out", required_argument, NULL, 'o' },
	{ "config", required_argument, NULL, 'c' },
	{ "weight", required_argument, NULL, 'w' },
	{ "snapshot", required_argument, NULL, 's' },
	{ "lang", required_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct pair_args {
	const char *db, *out, *config;
	char *sets[64];
	int nsets, lang;
	size_t snapshot;
};

/* Options shared by explain and score; -1 done (help), >0 an exit status,
   0 go on. */
static int parse(const char *cmd, int argc, char **argv, struct pair_args *a,
		 void (*usage)(FILE *))
{
	size_t num;
	int c;

	memset(a, 0, sizeof(*a));
	a->lang = TSU_LANG_AUTO;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:o:c:w:s:l:h", options,
				NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db = optarg;
			break;
		case 'o':
			if (strcmp(cmd, "score") != 0 || !*optarg)
				return cli_usage_error(cmd, "unknown option or "
						       "missing value: '%s'",
						       argv[optind - 1]);
			a->out = optarg;
			break;
		case 'c':
			a->config = optarg;
			break;
		case 'w':
			if (a->nsets == 64)
				return cli_usage_error(cmd, "too many --weight");
			a->sets[a->nsets++] = optarg;
			break;
		case 's':
			if (cli_parse_size(optarg, &num) < 0)
				return cli_usage_error(cmd, "'%s' is not a "
						       "positive number",
						       optarg);
			a->snapshot = num;
			break;
		case 'l':
			a->lang = cli_parse_lang(optarg);
			if (a->lang == -2)
				return cli_usage_error(cmd, "--lang takes ja, "
						       "en or auto, not '%s'",
						       optarg);
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			return cli_usage_error(cmd, "unknown option or "
					       "missing value: '%s'",
					       argv[optind - 1]);
		}
	}
	return 0;
}

/* --- explain ------------------------------------------------------------- */

/* Prints s left-aligned in `width` terminal columns (CJK count two). */
static void pad(const char *s, size_t width)
{
	size_t w = tsu_display_width(s, strlen(s));

	printf("%s%*s", s, (int)(width > w ? width - w : 0), "");
}

static void describe(const struct cli_matcher *c, int64_t v, int ja)
{
	const char *area = tsu_graph_area(&c->gr, v);

	printf("%s %s（%s%s%s）\n", tsu_graph_key(&c->gr, v),
	       tsu_graph_name(&c->gr, v),
	       tsu_sector_label(c->gr.sector[v], ja ? TSU_LANG_JA : TSU_LANG_EN),
	       area ? (ja ? "・" : ", ") : "", area ? area : "");
}

static int explain(struct cli_matcher *c, int64_t a, int64_t b, int lang,
		   const struct tsu_match_config *cfg, struct tsu_error *err)
{
	const struct tsu_matcher *m = &c->m;
	int ja = lang == TSU_LANG_JA;
	struct tsu_parts p;
	struct tsu_buf why = TSU_BUF_INIT;
	struct tsu_finder *f;
	const struct tsu_candidate *cand;
	size_t n, i, above = 0;
	int found = 0, rc;
	const char *names[] = { "themes", "complement", "cross", "proximity",
				"mutual" };
	const char *names_ja[] = { "共通テーマ", "補完性", "セクター横断",
				   "近さ", "共通の協働先" };
	double val[5], w[5];

	tsu_match_pair(m, a, b, &p);
	val[0] = p.themes;
	val[1] = p.complement;
	val[2] = p.cross;
	val[3] = p.proximity;
	val[4] = p.mutual;
	w[0] = m->w.themes;
	w[1] = m->w.complement;
	w[2] = m->w.cross;
	w[3] = m->w.proximity;
	w[4] = m->w.mutual;
	describe(c, a, ja);
	describe(c, b, ja);
	printf(ja ? "\nスコア %.4f（0〜1）\n" : "\nscore %.4f (0 to 1)\n",
	       p.score);
	printf("  ");
	pad(ja ? "要素" : "part", 14);
	pad(ja ? "値" : "value", 9);
	pad(ja ? "重み" : "weight", 9);
	pad(ja ? "寄与" : "adds", 0);
	printf("\n");
	for (i = 0; i < 5; i++) {
		printf("  ");
		pad(ja ? names_ja[i] : names[i], 14);
		printf("%-8.4f %-8.4f %.4f\n", val[i], w[i], val[i] * w[i]);
	}
	printf(ja ? "  補完性の内訳：%s → %s %.4f、%s → %s %.4f\n" :
		    "  complement: %s -> %s %.4f, %s -> %s %.4f\n",
	       tsu_graph_key(&c->gr, a), tsu_graph_key(&c->gr, b), p.cover_ab,
	       tsu_graph_key(&c->gr, b), tsu_graph_key(&c->gr, a), p.cover_ba);
	if (!isnan(p.km))
		printf(ja ? "  距離：%.1f km（%.1f km で 1/e）\n" :
			    "  distance: %.1f km (1/e at %.1f km)\n",
		       p.km, cfg->proximity_km);
	if (tsu_match_why(m, a, b, &p, lang, &why) < 0) {
		tsu_buf_release(&why);
		return tsu_error_oom(err);
	}
	printf(ja ? "\n理由：%s\n" : "\nwhy: %s\n",
	       why.len ? why.p : (ja ? "（共通点なし）" : "(nothing shared)"));
	tsu_buf_release(&why);
	if (tsu_match_tied(m, a, b)) {
		printf(ja ? "すでに協働先です（提案には出ません）。\n" :
			    "They are partners already (never suggested).\n");
		return TSU_OK;
	}
	switch (tsu_match_feedback_of(m, a, b)) {
	case 1:
		printf(ja ? "フィードバック（面会・連携・辞退）があるため、もう提案"
			    "しません。\n" :
			    "Feedback says they met, partnered or declined: "
			    "never suggested again.\n");
		return TSU_OK;
	case 2:
		p.score *= TSU_SKIP_FACTOR;
		printf(ja ? "前回「見送り」だったため、次の実行ではスコア %.4f "
			    "で順位をつけます。\n" :
			    "Skipped last time: the next run ranks it at "
			    "%.4f.\n", p.score);
		break;
	}
	if ((rc = tsu_finder_new(m, cfg->budget, &f, err)))
		return rc;
	n = tsu_finder_run(f, a, &cand);
	for (i = 0; i < n; i++) {
		if (cand[i].b == b)
			found = 1;
		else if (cand[i].score > p.score ||
			 (cand[i].score == p.score && cand[i].b < b))
			above++;
	}
	if (found && ja)
		printf("%s の候補 %zu 件中 %zu 位（公平配分の前）。\n",
		       tsu_graph_key(&c->gr, a), n, above + 1);
	else if (found)
		printf("Rank %zu of %zu among %s's candidates (before the "
		       "fair spread).\n", above + 1, n,
		       tsu_graph_key(&c->gr, a));
	else
		printf(ja ? "%s の候補（%d 件まで）には入りません：共有する"
			    "テーマ・提供・ニーズ・協働先が他より少ない。\n" :
			    "Not among %s's candidates (up to %d): others "
			    "share more themes, offers, needs or partners.\n",
		       tsu_graph_key(&c->gr, a), cfg->budget);
	tsu_finder_free(f);
	return TSU_OK;
}

int cmd_explain(int argc, char **argv)
{
	struct pair_args pa;
	struct tsu_match_config cfg;
	struct tsu_error err = TSU_ERROR_INIT;
	struct cli_matcher c;
	int64_t v[2];
	int rc, i, lang;

	memset(&c, 0, sizeof(c));
	if ((rc = parse("explain", argc, argv, &pa, cmd_explain_usage)))
		return rc < 0 ? cli_finish_stdout("explain", TSU_EXIT_OK) : rc;
	if (argc - optind != 2)
		return cli_usage_error("explain", "needs two organisation ids");
	if ((rc = cli_match_settings(pa.config, pa.sets, pa.nsets, &cfg,
				     &err)) ||
	    (rc = cli_matcher_open(cli_db_path(pa.db), TSU_STORE_READONLY, pa.snapshot, &cfg, &c,
				   &err)))
		goto out;
	{
		struct tsu_runs runs;

		rc = cli_feedback_apply(&c, &runs, NULL, &err);
		tsu_runs_release(&runs);
		if (rc)
			goto out;
	}
	for (i = 0; i < 2; i++) {
		v[i] = cli_matcher_find(&c, argv[optind + i],
					strlen(argv[optind + i]));
		if (v[i] == -2) {
			rc = tsu_error_oom(&err);
			goto out;
		}
		if (v[i] < 0) {
			rc = tsu_error_set(&err, TSU_EINPUT, NULL, 0, 0,
					   "no organisation with id '%s' in "
					   "snapshot %lld", argv[optind + i],
					   (long long)c.snap.id);
			goto out;
		}
	}
	if (v[0] == v[1]) {
		rc = tsu_error_set(&err, TSU_EUSAGE, NULL, 0, 0,
				   "give two different organisations");
		goto out;
	}
	lang = pa.lang == TSU_LANG_AUTO ? c.snap.lang : pa.lang;
	rc = explain(&c, v[0], v[1], lang, &cfg, &err);
out:
	cli_matcher_close(&c);
	return rc ? cli_fail("explain", &err) :
		    cli_finish_stdout("explain", TSU_EXIT_OK);
}

/* --- score --------------------------------------------------------------- */

struct score_read {
	struct cli_matcher *c;
	const char *path;
	size_t col_source, col_target;
	int64_t *pairs;		/* 2 per row */
	size_t n, cap;
};

static int find_column(const struct tsu_csv_record *r, const char *name,
		       size_t *col)
{
	size_t i, len;

	for (i = 0; i < r->n; i++) {
		const char *s = tsu_csv_cell(r, i, &len);

		s = tsu_trim(s, &len);
		if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			len -= 3;
		}
		if (len == strlen(name) && strncasecmp(s, name, len) == 0) {
			*col = i;
			return 1;
		}
	}
	return 0;
}

static int on_pair(void *ctx, const struct tsu_csv_record *r,
		   struct tsu_error *err)
{
	struct score_read *sr = ctx;
	size_t cols[2] = { sr->col_source, sr->col_target }, i, len;
	int64_t v[2];

	if (r->index == 0) {
		if (!find_column(r, "source", &sr->col_source) ||
		    !find_column(r, "target", &sr->col_target))
			return tsu_error_set(err, TSU_EINPUT, sr->path, r->line,
					     0, "the header needs 'source' and "
					     "'target' columns");
		return TSU_OK;
	}
	if (r->n == 1 && r->f[0].len == 0)
		return TSU_OK;	/* a blank line */
	for (i = 0; i < 2; i++) {
		const char *s;

		if (cols[i] >= r->n)
			return tsu_error_set(err, TSU_EINPUT, sr->path, r->line,
					     (long)cols[i] + 1,
					     "missing %s id",
					     i ? "target" : "source");
		s = tsu_csv_cell(r, cols[i], &len);
		v[i] = cli_matcher_find(sr->c, s, len);
		if (v[i] == -2)
			return tsu_error_oom(err);
		if (v[i] < 0)
			return tsu_error_set(err, TSU_EINPUT, sr->path,
					     r->f[cols[i]].line,
					     (long)cols[i] + 1,
					     "no organisation with id '%.*s' in "
					     "snapshot %lld",
					     (int)(len > 80 ? 80 : len), s,
					     (long long)sr->c->snap.id);
	}
	if (sr->n == sr->cap) {
		size_t cap = sr->cap ? 2 * sr->cap : 1024;
		int64_t *q = realloc(sr->pairs, 2 * cap * sizeof(*q));

		if (!q)
			return tsu_error_oom(err);
		sr->pairs = q;
		sr->cap = cap;
	}
	sr->pairs[2 * sr->n] = v[0];
	sr->pairs[2 * sr->n + 1] = v[1];
	sr->n++;
	return TSU_OK;
}

static void score_rows(const struct cli_matcher *c, const struct score_read *sr,
		       int lang, struct tsu_out *o)
{
	struct tsu_buf why = TSU_BUF_INIT;
	size_t i;

	tsu_out_header(o, "source,target," TSU_MATCH_PART_COLUMNS ",tied,why");
	for (i = 0; i < sr->n && !o->bad; i++) {
		int64_t a = sr->pairs[2 * i], b = sr->pairs[2 * i + 1];
		struct tsu_parts p;

		tsu_out_text(o, tsu_graph_key(&c->gr, a));
		tsu_out_text(o, tsu_graph_key(&c->gr, b));
		if (a == b) {	/* nothing to say about one organisation */
			int k;

			for (k = 0; k < 7; k++)
				tsu_out_text(o, NULL);
			tsu_out_text(o, lang == TSU_LANG_JA ? "同じ団体" :
							      "the same "
							      "organisation");
			tsu_out_end(o);
			continue;
		}
		tsu_match_pair(&c->m, a, b, &p);
		tsu_match_cells(o, &p);
		tsu_out_int(o, tsu_match_tied(&c->m, a, b));
		tsu_buf_reset(&why);
		if (tsu_match_why(&c->m, a, b, &p, lang, &why) < 0)
			o->bad = ENOMEM;
		tsu_out_text(o, why.len ? why.p : NULL);
		tsu_out_end(o);
	}
	tsu_buf_release(&why);
}

int cmd_score(int argc, char **argv)
{
	struct pair_args pa;
	struct tsu_match_config cfg;
	struct tsu_error err = TSU_ERROR_INIT;
	struct cli_matcher c;
	struct score_read sr;
	struct tsu_csv *in = NULL;
	struct tsu_out o = TSU_OUT_INIT;
	struct tsu_buf mem = TSU_BUF_INIT;
	int rc, lang;

	memset(&c, 0, sizeof(c));
	memset(&sr, 0, sizeof(sr));
	if ((rc = parse("score", argc, argv, &pa, cmd_score_usage)))
		return rc < 0 ? cli_finish_stdout("score", TSU_EXIT_OK) : rc;
	if (argc - optind != 1)
		return cli_usage_error("score", "needs one PAIRS.csv file");
	sr.path = argv[optind];
	sr.c = &c;
	if ((rc = cli_match_settings(pa.config, pa.sets, pa.nsets, &cfg,
				     &err)) ||
	    (rc = cli_matcher_open(cli_db_path(pa.db), TSU_STORE_READONLY, pa.snapshot, &cfg, &c,
				   &err)) ||
	    (rc = tsu_csv_open(sr.path, 1 << 20, NULL, &in, &err)) ||
	    (rc = tsu_csv_read(in, on_pair, &sr, &err)))
		goto out;
	lang = pa.lang == TSU_LANG_AUTO ? c.snap.lang : pa.lang;
	if (pa.out) {
		if ((rc = tsu_out_open_path(&o, pa.out, 1, &err)))
			goto out;
		score_rows(&c, &sr, lang, &o);
		rc = tsu_out_commit(&o, &err);
	} else {
		tsu_out_memory(&o, &mem);
		score_rows(&c, &sr, lang, &o);
		if (o.bad)
			rc = tsu_error_oom(&err);
		else if (mem.len)
			fwrite(mem.p, 1, mem.len, stdout);
		tsu_out_abort(&o);
	}
out:
	tsu_out_abort(&o);
	tsu_buf_release(&mem);
	tsu_csv_close(in);
	free(sr.pairs);
	cli_matcher_close(&c);
	return rc ? cli_fail("score", &err) :
		    cli_finish_stdout("score", TSU_EXIT_OK);
}
