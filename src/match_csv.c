/* match_csv.c - matches.csv and the score rows; see tsu_match.h. */
#include "tsu_match.h"

#include <errno.h>
#include <string.h>

#include "tsu_pool.h"

void tsu_match_cells(struct tsu_out *o, const struct tsu_parts *p)
{
	tsu_out_unit(o, p->score);
	tsu_out_unit(o, p->themes);
	tsu_out_unit(o, p->complement);
	tsu_out_unit(o, p->cross);
	tsu_out_unit(o, p->proximity);
	tsu_out_unit(o, p->mutual);
}

const char *tsu_match_empty_reason(const struct tsu_matcher *m, int64_t v,
				   int lang)
{
	if (tsu_match_no_data(m, v))
		return lang == TSU_LANG_JA ?
			"データ不足：分野・関心・提供できること・ニーズ・"
			"つながりのどれもない" :
			"not enough data: no fields, interests, offers, needs "
			"or ties";
	return lang == TSU_LANG_JA ?
		"候補なし：テーマ・提供・ニーズ・協働先を共有する団体が"
		"見つからない" :
		"no suggestion: no organisation shares a theme, an offer, a "
		"need or a partner with it";
}

/* The rows of organisations [from, to) of matches.csv. */
static int match_rows(const struct tsu_matcher *m, const struct tsu_matches *r,
		      int lang, int64_t from, int64_t to, struct tsu_out *o)
{
	const struct tsu_graph *gr = m->gr;
	struct tsu_buf why = TSU_BUF_INIT;
	int64_t a;
	int i;

	for (a = from; a < to && !o->bad; a++) {
		size_t k, n = r->start[a + 1] - r->start[a];

		if (n == 0) {
			tsu_out_text(o, tsu_graph_key(gr, a));
			tsu_out_text(o, tsu_graph_name(gr, a));
			for (i = 0; i < 10; i++)
				tsu_out_text(o, NULL);
			tsu_out_text(o, tsu_match_empty_reason(m, a, lang));
			tsu_out_text(o, NULL);
			tsu_out_end(o);
			continue;
		}
		for (k = 0; k < n; k++) {
			const struct tsu_suggestion *s =
				&r->list[r->start[a] + k];
			struct tsu_parts p;

			tsu_match_pair(m, a, s->b, &p);
			tsu_buf_reset(&why);
			if (tsu_match_why(m, a, s->b, &p, lang, &why) < 0)
				o->bad = ENOMEM;
			if (tsu_match_feedback_of(m, a, s->b) == 2) {
				/* skipped last time: ranked at the lower score */
				p.score *= TSU_SKIP_FACTOR;
				if (tsu_buf_addstr(&why, lang == TSU_LANG_JA ?
						   "（前回「見送り」のため今回は"
						   "スコアを半分に）" :
						   " (score halved this time: "
						   "skipped last time)") < 0)
					o->bad = ENOMEM;
			}
			tsu_out_text(o, tsu_graph_key(gr, a));
			tsu_out_text(o, tsu_graph_name(gr, a));
			tsu_out_int(o, (int64_t)k + 1);
			tsu_out_text(o, tsu_graph_key(gr, s->b));
			tsu_out_text(o, tsu_graph_name(gr, s->b));
			tsu_out_text(o, tsu_sector_name(gr->sector[s->b]));
			tsu_match_cells(o, &p);
			tsu_out_text(o, why.len ? why.p : NULL);
			if (r->fresh)
				tsu_out_int(o, r->fresh[r->start[a] + k]);
			else
				tsu_out_text(o, NULL);
			tsu_out_end(o);
		}
	}
	tsu_buf_release(&why);
	return o->bad;
}

struct row_job {
	const struct tsu_matcher *m;
	const struct tsu_matches *r;
	int lang;
	int64_t chunk;
	struct tsu_out *out;
};

static int task_rows(void *ctx, int i, struct tsu_buf *out,
		     struct tsu_error *err)
{
	struct row_job *j = ctx;
	int64_t from = (int64_t)i * j->chunk, to = from + j->chunk;
	struct tsu_out o;
	int bad;

	if (to > j->r->n)
		to = j->r->n;
	tsu_out_memory(&o, out);
	bad = match_rows(j->m, j->r, j->lang, from, to, &o);
	tsu_out_abort(&o);
	return bad ? tsu_error_oom(err) : TSU_OK;
}

static int consume_rows(void *ctx, int i, const struct tsu_buf *b,
			struct tsu_error *err)
{
	struct row_job *j = ctx;

	(void)i;
	(void)err;
	tsu_out_write(j->out, b->p, b->len);
	return TSU_OK;	/* a write error shows at tsu_out_close() */
}

int tsu_match_write(struct tsu_out *o, const struct tsu_matcher *m,
		    const struct tsu_matches *r, int lang, int workers,
		    struct tsu_error *err)
{
	struct row_job j = { m, r, lang, 0, o };
	int ntasks;

	if (workers <= 0)
		workers = tsu_pool_workers();
	j.chunk = r->n / (8 * (int64_t)workers) + 1;
	if (j.chunk < 512)
		j.chunk = 512;
	ntasks = (int)((r->n + j.chunk - 1) / j.chunk);
	tsu_out_header(o, "org_id,org_name,rank,partner_id,partner_name,"
			  "partner_sector," TSU_MATCH_PART_COLUMNS ",why,new");
	return tsu_pool_run(ntasks, workers, task_rows, consume_rows, &j, NULL,
			    err);
}
