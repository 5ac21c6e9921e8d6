/*
 * feedback.c - outcomes of suggestions, and which suggestions are new; see
 * tsu_feedback.h.
 */
#include "tsu_feedback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tsu_csv.h"
#include "tsu_map.h"
#include "tsu_text.h"

#define FEEDBACK_MAX_CELL (64 * 1024)
#define FEEDBACK_COLUMNS 5

static const struct {
	const char *word;
	int decision;
} decision_words[] = {
	{ "met", TSU_DECISION_MET },
	{ "partnered", TSU_DECISION_PARTNERED },
	{ "declined", TSU_DECISION_DECLINED },
	{ "skip", TSU_DECISION_SKIP },
	{ "面会", TSU_DECISION_MET },
	{ "会った", TSU_DECISION_MET },
	{ "連携", TSU_DECISION_PARTNERED },
	{ "協働", TSU_DECISION_PARTNERED },
	{ "辞退", TSU_DECISION_DECLINED },
	{ "お断り", TSU_DECISION_DECLINED },
	{ "見送り", TSU_DECISION_SKIP },
	{ "保留", TSU_DECISION_SKIP },
};

int tsu_decision_parse(const char *s, size_t n)
{
	size_t i;

	s = tsu_trim(s, &n);
	for (i = 0; i < sizeof(decision_words) / sizeof(decision_words[0]);
	     i++)
		if (strlen(decision_words[i].word) == n &&
		    strncasecmp(s, decision_words[i].word, n) == 0)
			return decision_words[i].decision;
	return -1;
}

uint64_t tsu_pair_hash(const char *a, const char *b)
{
	uint64_t h = 0xcbf29ce484222325u;	/* FNV-1a, then a mix */
	const char *p;

	if (strcmp(a, b) > 0) {
		p = a;
		a = b;
		b = p;
	}
	for (p = a; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3u;
	h = (h ^ 0xff) * 0x100000001b3u;	/* 0xff never occurs in UTF-8 */
	for (p = b; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3u;
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebu;
	return h ^ (h >> 31);
}

/* --- reading a feedback file ---------------------------------------------- */

struct fb_read {
	const char *path;
	const struct tsu_graph *gr;
	struct tsu_map keys;
	struct tsu_feedback *rows;
	size_t n, cap;
	struct tsu_buf text;	/* the rows' strings, at offsets */
	size_t (*off)[4];	/* per row: org, partner, date, note (+1) */
};

/* Appends s[0..n) and a NUL to r->text; returns its offset + 1. */
static size_t keep(struct fb_read *r, const char *s, size_t n, int *oom)
{
	size_t at = r->text.len;

	if (tsu_buf_add(&r->text, s, n) < 0 || tsu_buf_add(&r->text, "", 1) < 0)
		*oom = 1;
	return at + 1;
}

/* 1 when every cell (trimmed) is empty. */
static int blank_row(const char *const *cell, const size_t *len)
{
	int i;

	for (i = 0; i < FEEDBACK_COLUMNS; i++)
		if (cell[i] && len[i])
			return 0;
	return 1;
}

/* The vertex of id s[0..n) (trimmed): -1 none, -2 out of memory. */
static int64_t find_key(struct fb_read *r, const char *s, size_t n,
			char **norm, size_t *normlen)
{
	int64_t v;

	if (!(*norm = tsu_nfkc(s, n, normlen)))
		return -2;
	if (!tsu_map_get(&r->keys, *norm, *normlen, &v))
		v = -1;
	return v;
}

static int days_in(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* "YYYY-MM-DD" or "YYYY/MM/DD" (NFKC) into out[11]; -1 when not a date. */
static int parse_date(const char *s, size_t n, char out[11])
{
	char *t = tsu_nfkc(s, n, &n);
	int y, m, d, used = 0, rc = -1;
	char sep1, sep2;

	if (!t)
		return -1;
	for (used = 0; t[used]; used++)	/* digits and separators only */
		if (!(t[used] >= '0' && t[used] <= '9') && t[used] != '-' &&
		    t[used] != '/')
			break;
	if (t[used] || (t[0] < '0' || t[0] > '9')) {
		free(t);
		return -1;
	}
	used = 0;
	if (sscanf(t, "%4d%c%2d%c%2d%n", &y, &sep1, &m, &sep2, &d, &used) ==
		    5 &&
	    (size_t)used == n && sep1 == sep2 && (sep1 == '-' || sep1 == '/') &&
	    y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in(y, m)) {
		snprintf(out, 11, "%04d-%02d-%02d", y % 10000, (m % 100 + 100) % 100,
			 (d % 100 + 100) % 100);
		rc = 0;
	}
	free(t);
	return rc;
}

static int cell_error(struct fb_read *r, const struct tsu_csv_record *rec,
		      size_t i, struct tsu_error *err, const char *what,
		      const char *s, size_t n)
{
	char ex[120];

	tsu_excerpt(ex, sizeof(ex), s, n, 40);
	return tsu_error_set(err, TSU_EINPUT, r->path,
			     i < rec->n ? rec->f[i].line : rec->line,
			     (long)i + 1, "%s '%s'", what, ex);
}

static int on_row(void *ctx, const struct tsu_csv_record *rec,
		  struct tsu_error *err)
{
	struct fb_read *r = ctx;
	struct tsu_feedback f = { 0 };
	const char *cell[FEEDBACK_COLUMNS] = { 0 };
	size_t len[FEEDBACK_COLUMNS] = { 0 }, i, nlen[2];
	int64_t v[2];
	char *norm[2] = { NULL, NULL }, date[11];
	int oom = 0, rc = TSU_OK;

	if (rec->n == 1 && rec->f[0].len == 0)
		return TSU_OK;	/* a blank line */
	for (i = 0; i < rec->n && i < FEEDBACK_COLUMNS; i++) {
		char why[64];
		size_t bad;

		cell[i] = tsu_csv_cell(rec, i, &len[i]);
		if (rec->index == 0 && i == 0 && len[0] >= 3 &&
		    memcmp(cell[0], "\xEF\xBB\xBF", 3) == 0) {
			cell[0] += 3;
			len[0] -= 3;
		}
		if (tsu_utf8_check(cell[i], len[i], &bad, why, sizeof(why)))
			return tsu_error_set(err, TSU_EINPUT, r->path,
					     rec->f[i].line, (long)i + 1,
					     "invalid UTF-8 at byte %zu of the "
					     "cell: %s", bad + 1, why);
	}
	for (i = FEEDBACK_COLUMNS; i < rec->n; i++) {
		size_t extra;
		const char *s = tsu_csv_cell(rec, i, &extra);

		if (tsu_trim(s, &extra) && extra)
			return tsu_error_set(err, TSU_EINPUT, r->path,
					     rec->f[i].line, (long)i + 1,
					     "more than %d cells: expected "
					     "org_id,partner_id,decision"
					     "[,date][,note]",
					     FEEDBACK_COLUMNS);
	}
	for (i = 0; i < FEEDBACK_COLUMNS; i++)
		if (cell[i])
			cell[i] = tsu_trim(cell[i], &len[i]);
	if (blank_row(cell, len))
		goto out;	/* a row of empty cells, as Excel leaves */
	f.decision = cell[2] ? tsu_decision_parse(cell[2], len[2]) : -1;
	for (i = 0; i < 2; i++) {
		v[i] = -1;
		if (!cell[i] || !len[i])
			continue;
		v[i] = find_key(r, cell[i], len[i], &norm[i], &nlen[i]);
		if (v[i] == -2) {
			rc = tsu_error_oom(err);
			goto out;
		}
	}
	/* a header: a first row whose first cell is no id and whose third
	   is no decision */
	if (rec->index == 0 && v[0] < 0 && f.decision < 0 && cell[0] &&
	    len[0])
		goto out;
	for (i = 0; i < 2; i++)
		if (!cell[i] || !len[i]) {
			rc = tsu_error_set(err, TSU_EINPUT, r->path,
					   i < rec->n ? rec->f[i].line :
							rec->line,
					   (long)i + 1, "missing %s",
					   i ? "partner_id" : "org_id");
			goto out;
		}
	for (i = 0; i < 2; i++)
		if (v[i] < 0) {
			rc = cell_error(r, rec, i, err, "no organisation with id",
					cell[i], len[i]);
			goto out;
		}
	if (v[0] == v[1]) {
		rc = cell_error(r, rec, 1, err, "an organisation cannot be its "
				"own partner:", cell[1], len[1]);
		goto out;
	}
	if (!cell[2]) {
		rc = tsu_error_set(err, TSU_EINPUT, r->path, rec->line, 3,
				   "missing decision (met, partnered, declined "
				   "or skip)");
		goto out;
	}
	if (f.decision < 0) {
		rc = cell_error(r, rec, 2, err, "decision must be met, "
				"partnered, declined or skip, not",
				cell[2], len[2]);
		goto out;
	}
	if (cell[3] && len[3] && parse_date(cell[3], len[3], date) < 0) {
		rc = cell_error(r, rec, 3, err, "date must be YYYY-MM-DD, not",
				cell[3], len[3]);
		goto out;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct tsu_feedback *p = realloc(r->rows, cap * sizeof(*p));
		size_t (*q)[4];

		if (!p) {
			rc = tsu_error_oom(err);
			goto out;
		}
		r->rows = p;
		if (!(q = realloc(r->off, cap * sizeof(*q)))) {
			rc = tsu_error_oom(err);
			goto out;
		}
		r->off = q;
		r->cap = cap;
	}
	f.line = rec->line;
	r->off[r->n][0] = keep(r, norm[0], nlen[0], &oom);
	r->off[r->n][1] = keep(r, norm[1], nlen[1], &oom);
	r->off[r->n][2] = cell[3] && len[3] ? keep(r, date, 10, &oom) : 0;
	r->off[r->n][3] = cell[4] && len[4] ? keep(r, cell[4], len[4], &oom) : 0;
	if (oom) {
		rc = tsu_error_oom(err);
		goto out;
	}
	r->rows[r->n++] = f;
out:
	free(norm[0]);
	free(norm[1]);
	return rc;
}

int tsu_feedback_import(const char *db, const char *path,
			const struct tsu_graph *gr, size_t *rows,
			struct tsu_error *err)
{
	struct fb_read r = { .path = path, .gr = gr, .keys = TSU_MAP_INIT,
			     .text = TSU_BUF_INIT };
	struct tsu_store *st = NULL;
	struct tsu_csv *in = NULL;
	int64_t v;
	size_t i;
	int rc;

	*rows = 0;
	for (v = 0; v < gr->n; v++) {
		const char *k = tsu_graph_key(gr, v);

		if (tsu_map_put(&r.keys, k, strlen(k), v) < 0) {
			rc = tsu_error_oom(err);
			goto out;
		}
	}
	if ((rc = tsu_csv_open(path, FEEDBACK_MAX_CELL, NULL, &in, err)) ||
	    (rc = tsu_csv_read(in, on_row, &r, err)))
		goto out;
	/* every row checked: only now is the store opened for writing
	   (which upgrades an older one) */
	if ((rc = tsu_store_open(db, TSU_STORE_EXISTING, &st, NULL, err)) ||
	    (rc = tsu_store_begin(st, err)))
		goto out;
	for (i = 0; i < r.n && !rc; i++) {
		struct tsu_feedback *f = &r.rows[i];

		f->org = r.text.p + r.off[i][0] - 1;
		f->partner = r.text.p + r.off[i][1] - 1;
		f->date = r.off[i][2] ? r.text.p + r.off[i][2] - 1 : NULL;
		f->note = r.off[i][3] ? r.text.p + r.off[i][3] - 1 : NULL;
		rc = tsu_store_add_feedback(st, path, f, err);
	}
	if (!rc)
		rc = tsu_store_commit(st, err);
	if (rc)
		tsu_store_rollback(st);
	else
		*rows = r.n;
out:
	tsu_store_close(st);
	tsu_csv_close(in);
	tsu_map_release(&r.keys);
	tsu_buf_release(&r.text);
	free(r.rows);
	free(r.off);
	return rc;
}

/* --- feedback as pairs ---------------------------------------------------- */

struct fb_pairs {
	const struct tsu_graph *gr;
	struct tsu_map keys;
	int64_t skip_after;
	struct tsu_fb_pair *p;
	size_t n, cap;
	uint64_t *intro;	/* hashes of met/partnered pairs */
	size_t nintro, capintro;
};

static int on_feedback(void *ctx, const struct tsu_feedback *f)
{
	struct fb_pairs *c = ctx;
	int64_t a, b;
	int lowered = f->decision == TSU_DECISION_SKIP;

	if (lowered && f->id <= c->skip_after)
		return TSU_OK;
	if (!tsu_map_get(&c->keys, f->org, strlen(f->org), &a) ||
	    !tsu_map_get(&c->keys, f->partner, strlen(f->partner), &b) ||
	    a == b)
		return TSU_OK;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct tsu_fb_pair *p = realloc(c->p, cap * sizeof(*p));

		if (!p)
			return TSU_ENOMEM;
		c->p = p;
		c->cap = cap;
	}
	c->p[c->n++] = (struct tsu_fb_pair){ a, b, lowered };
	if (f->decision == TSU_DECISION_MET ||
	    f->decision == TSU_DECISION_PARTNERED) {
		if (c->nintro == c->capintro) {
			size_t cap = c->capintro ? 2 * c->capintro : 64;
			uint64_t *p = realloc(c->intro, cap * sizeof(*p));

			if (!p)
				return TSU_ENOMEM;
			c->intro = p;
			c->capintro = cap;
		}
		c->intro[c->nintro++] = tsu_pair_hash(f->org, f->partner);
	}
	return TSU_OK;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return (a > b) - (a < b);
}

int tsu_feedback_pairs(struct tsu_store *st, const struct tsu_graph *gr,
		       int64_t skip_after, struct tsu_fb_pair **pairs,
		       size_t *n, int64_t *introduced, struct tsu_error *err)
{
	struct fb_pairs c = { .gr = gr, .keys = TSU_MAP_INIT,
			      .skip_after = skip_after };
	int64_t v;
	size_t i, distinct = 0;
	int rc = TSU_OK;

	*pairs = NULL;
	*n = 0;
	if (introduced)
		*introduced = 0;
	for (v = 0; v < gr->n && !rc; v++) {
		const char *k = tsu_graph_key(gr, v);

		if (tsu_map_put(&c.keys, k, strlen(k), v) < 0)
			rc = tsu_error_oom(err);
	}
	if (!rc && (rc = tsu_store_each_feedback(st, on_feedback, &c, err)) ==
			   TSU_ENOMEM)
		rc = tsu_error_oom(err);
	tsu_map_release(&c.keys);
	if (rc) {
		free(c.p);
		free(c.intro);
		return rc;
	}
	if (c.nintro)
		qsort(c.intro, c.nintro, sizeof(*c.intro), cmp_u64);
	for (i = 0; i < c.nintro; i++)
		distinct += i == 0 || c.intro[i] != c.intro[i - 1];
	free(c.intro);
	if (introduced)
		*introduced = (int64_t)distinct;
	*pairs = c.p;
	*n = c.n;
	return TSU_OK;
}

/* --- runs: what is new ---------------------------------------------------- */

int tsu_runs_load(struct tsu_store *st, int64_t snapshot, struct tsu_runs *r,
		  struct tsu_error *err)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->snapshot = snapshot;
	if ((rc = tsu_store_feedback_upto(st, &r->feedback_upto, err)) ||
	    (rc = tsu_store_match_runs(st, r->last, &r->count, err)))
		return rc;
	r->repeat = r->count > 0 && r->last[0].snapshot == snapshot &&
		    r->last[0].feedback_upto == r->feedback_upto;
	if (!r->repeat && r->count > 0)
		r->base = &r->last[0];
	else if (r->repeat && r->count > 1)
		r->base = &r->last[1];
	r->skip_after = r->base ? r->base->feedback_upto : 0;
	return TSU_OK;
}

void tsu_runs_release(struct tsu_runs *r)
{
	tsu_match_run_release(&r->last[0]);
	tsu_match_run_release(&r->last[1]);
	memset(r, 0, sizeof(*r));
}

int tsu_runs_is_new(const struct tsu_runs *r, const struct tsu_graph *gr,
		    int64_t a, int64_t b)
{
	uint64_t h;

	if (!r->base)
		return 1;
	h = tsu_pair_hash(tsu_graph_key(gr, a), tsu_graph_key(gr, b));
	return !bsearch(&h, r->base->pairs, r->base->n, sizeof(h), cmp_u64);
}

int tsu_runs_mark(const struct tsu_runs *r, const struct tsu_graph *gr,
		  struct tsu_matches *m, struct tsu_loose *l,
		  struct tsu_error *err)
{
	size_t i, n = m->start ? m->start[m->n] : 0;

	free(m->fresh);
	if (!(m->fresh = malloc(n + 1)))
		return tsu_error_oom(err);
	for (i = 0; i < n; i++)
		m->fresh[i] = (unsigned char)tsu_runs_is_new(
			r, gr, m->list[i].a, m->list[i].b);
	if (!l)
		return TSU_OK;
	free(l->fresh);
	if (!(l->fresh = malloc(l->n + 1)))
		return tsu_error_oom(err);
	for (i = 0; i < l->n; i++)
		l->fresh[i] = l->list[i].b >= 0 &&
			      (unsigned char)tsu_runs_is_new(r, gr, l->list[i].a,
							     l->list[i].b);
	return TSU_OK;
}

/* Sorts v[0..n) ascending: four passes of 16 bits (millions of hashes; a
   comparison sort costs ten times as much).  -1 when out of memory. */
static int sort_u64(uint64_t *v, size_t n)
{
	uint64_t *tmp, *src = v, *dst;
	size_t *count, i;
	int pass;

	if (n < 2)
		return 0;
	tmp = malloc(n * sizeof(*tmp));
	count = malloc(65536 * sizeof(*count));
	if (!tmp || !count) {
		free(tmp);
		free(count);
		return -1;
	}
	dst = tmp;
	for (pass = 0; pass < 4; pass++) {
		int shift = 16 * pass;
		size_t sum = 0;

		memset(count, 0, 65536 * sizeof(*count));
		for (i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xffff]++;
		for (i = 0; i < 65536; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xffff]++] = src[i];
		src = dst;
		dst = src == v ? tmp : v;
	}
	/* four passes: the result is back in v */
	free(tmp);
	free(count);
	return 0;
}

int tsu_runs_record(const char *db, const struct tsu_runs *r,
		    const struct tsu_graph *gr, const struct tsu_matches *m,
		    const struct tsu_loose *l, struct tsu_error *err)
{
	struct tsu_match_run run = { 0 };
	struct tsu_store *st = NULL;
	size_t n = m->start ? m->start[m->n] : 0, k = 0, i, u;
	int rc;

	if (!(run.pairs = malloc((n + (l ? l->n : 0) + 1) * sizeof(uint64_t))))
		return tsu_error_oom(err);
	for (i = 0; i < n; i++)
		run.pairs[k++] = tsu_pair_hash(tsu_graph_key(gr, m->list[i].a),
					       tsu_graph_key(gr, m->list[i].b));
	for (i = 0; l && i < l->n; i++)
		if (l->list[i].b >= 0 && l->list[i].a >= 0)
			run.pairs[k++] = tsu_pair_hash(
				tsu_graph_key(gr, l->list[i].a),
				tsu_graph_key(gr, l->list[i].b));
	if (sort_u64(run.pairs, k) < 0) {
		free(run.pairs);
		return tsu_error_oom(err);
	}
	for (i = 0, u = 0; i < k; i++)
		if (i == 0 || run.pairs[i] != run.pairs[u - 1])
			run.pairs[u++] = run.pairs[i];
	run.n = u;
	run.snapshot = r->snapshot;
	run.feedback_upto = r->feedback_upto;
	if (!(rc = tsu_store_open(db, TSU_STORE_EXISTING, &st, NULL, err)) &&
	    !(rc = tsu_store_begin(st, err))) {
		rc = tsu_store_save_match_run(st, &run,
					      r->repeat ? r->last[0].id : 0,
					      err);
		if (!rc)
			rc = tsu_store_commit(st, err);
		if (rc)
			tsu_store_rollback(st);
	}
	tsu_store_close(st);
	free(run.pairs);
	return rc;
}
