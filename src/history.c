/*
 * history.c - what changed between two snapshots; see tsu_history.h.
 */
#include "tsu_history.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsu_map.h"
#include "tsu_out.h"
#include "tsu_text.h"

static int push(void **arr, size_t *n, size_t *cap, size_t size,
		const void *item)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 64;
		void *p = realloc(*arr, c * size);

		if (!p)
			return -1;
		*arr = p;
		*cap = c;
	}
	memcpy((char *)*arr + *n * size, item, size);
	(*n)++;
	return 0;
}

static void head_of(const struct tsu_graph *gr, const struct tsu_analysis *an,
		    struct tsu_diff_head *h)
{
	h->orgs = gr->n;
	h->ties = (int64_t)igraph_ecount(&gr->g);
	h->components = an->n_components;
	h->largest = an->largest;
	h->isolated = an->n_isolated;
	h->communities = an->n_comm_multi;
	h->density = an->density;
	h->modularity = an->modularity;
}

/* The other side's vertex of each vertex of `from`, -1 when absent. */
static int map_vertices(const struct tsu_graph *from,
			const struct tsu_graph *to, int64_t *out)
{
	struct tsu_map keys = TSU_MAP_INIT;
	int64_t v;

	for (v = 0; v < to->n; v++) {
		const char *k = tsu_graph_key(to, v);

		if (tsu_map_put(&keys, k, strlen(k), v) < 0) {
			tsu_map_release(&keys);
			return -1;
		}
	}
	for (v = 0; v < from->n; v++) {
		const char *k = tsu_graph_key(from, v);

		if (!tsu_map_get(&keys, k, strlen(k), &out[v]))
			out[v] = -1;
	}
	tsu_map_release(&keys);
	return 0;
}

/* 1 when the graph has the edge u-v (u, v vertices of it). */
static int has_edge(const struct tsu_graph *gr, int64_t u, int64_t v)
{
	igraph_integer_t eid;

	igraph_get_eid(&gr->g, &eid, u, v, IGRAPH_UNDIRECTED, 0);
	return eid >= 0;
}

/* Ties of `g` whose ends are not both in `other`, or not tied there. */
static int ties_missing(const struct tsu_graph *g, const int64_t *to,
			const struct tsu_graph *other, struct tsu_diff_tie **out,
			size_t *n)
{
	igraph_integer_t e, m = igraph_ecount(&g->g);
	size_t cap = 0;

	for (e = 0; e < m; e++) {
		int64_t u = IGRAPH_FROM(&g->g, e), v = IGRAPH_TO(&g->g, e);
		struct tsu_diff_tie t = { u < v ? u : v, u < v ? v : u,
					  VECTOR(g->weight)[e] };

		if (to[u] >= 0 && to[v] >= 0 && has_edge(other, to[u], to[v]))
			continue;
		if (push((void **)out, n, &cap, sizeof(t), &t) < 0)
			return -1;
	}
	return 0;
}

static int cmp_tie(const void *x, const void *y)
{
	const struct tsu_diff_tie *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

/* Communities: overlap counts between A's and B's (sizes >= 2 only). */
struct overlap {
	int64_t a, b, n;
};

static int cmp_overlap(const void *x, const void *y)
{
	const struct overlap *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

static int communities(struct tsu_diff *d, const struct tsu_analysis *aa,
		       const struct tsu_analysis *ab, const int64_t *ba)
{
	int64_t na = aa->n_communities, nb = ab->n_communities, v;
	struct overlap *ov = NULL, x;
	size_t nov = 0, cap = 0, i, j;
	int64_t *best_a = NULL, *best_a_n = NULL;	/* per B community */
	int64_t *best_b = NULL, *best_b_n = NULL;	/* per A community */
	int64_t *pred_of = NULL;	/* per A: B communities choosing it */
	int64_t *chosen = NULL;		/* per B: A communities choosing it */
	size_t capc = 0;
	int rc = -1;

	/* each organisation of B in a community of 2+, and in one in A */
	for (v = 0; v < d->gb->n; v++) {
		int64_t cb = VECTOR(ab->community)[v], u = ba[v], ca;

		if (u < 0 || ab->comm[cb].size < 2)
			continue;
		ca = VECTOR(aa->community)[u];
		if (aa->comm[ca].size < 2)
			continue;
		x = (struct overlap){ ca, cb, 1 };
		if (push((void **)&ov, &nov, &cap, sizeof(x), &x) < 0)
			goto out;
	}
	if (nov)
		qsort(ov, nov, sizeof(*ov), cmp_overlap);
	for (i = 0, j = 0; i < nov; i++) {	/* count runs */
		if (j && ov[j - 1].a == ov[i].a && ov[j - 1].b == ov[i].b)
			ov[j - 1].n++;
		else
			ov[j++] = ov[i];
	}
	nov = j;
	best_a = malloc((size_t)(nb + 1) * sizeof(*best_a));
	best_a_n = calloc((size_t)nb + 1, sizeof(*best_a_n));
	best_b = malloc((size_t)(na + 1) * sizeof(*best_b));
	best_b_n = calloc((size_t)na + 1, sizeof(*best_b_n));
	pred_of = calloc((size_t)na + 1, sizeof(*pred_of));
	chosen = calloc((size_t)nb + 1, sizeof(*chosen));
	if (!best_a || !best_a_n || !best_b || !best_b_n || !pred_of ||
	    !chosen)
		goto out;
	for (v = 0; v < nb; v++)
		best_a[v] = -1;
	for (v = 0; v < na; v++)
		best_b[v] = -1;
	/* ties: the larger community, then the lower number; communities
	   are numbered largest first, so the lower number wins both */
	for (i = 0; i < nov; i++) {
		if (ov[i].n > best_a_n[ov[i].b] ||
		    (ov[i].n == best_a_n[ov[i].b] && ov[i].a < best_a[ov[i].b])) {
			best_a[ov[i].b] = ov[i].a;
			best_a_n[ov[i].b] = ov[i].n;
		}
		if (ov[i].n > best_b_n[ov[i].a] ||
		    (ov[i].n == best_b_n[ov[i].a] && ov[i].b < best_b[ov[i].a])) {
			best_b[ov[i].a] = ov[i].b;
			best_b_n[ov[i].a] = ov[i].n;
		}
	}
	for (v = 0; v < na; v++)
		if (best_b[v] >= 0)
			pred_of[v] = 0;
	for (v = 0; v < nb; v++)
		if (best_a[v] >= 0)
			pred_of[best_a[v]]++;
	for (v = 0; v < na; v++)
		if (best_b[v] >= 0)
			chosen[best_b[v]]++;
	for (v = 0; v < nb; v++) {
		struct tsu_diff_comm c = { .b = v, .b_size = ab->comm[v].size,
					   .a = best_a[v], .shared = best_a_n[v] };

		if (c.b_size < 2)
			continue;
		if (c.a < 0) {
			c.status = TSU_COMM_NEW;
			c.a_size = 0;
		} else {
			c.a_size = aa->comm[c.a].size;
			c.jaccard = (double)c.shared /
				    (double)(c.a_size + c.b_size - c.shared);
			if (chosen[v] >= 2)
				c.status = TSU_COMM_MERGED;
			else if (best_b[c.a] == v)
				c.status = TSU_COMM_CONTINUES;
			else
				c.status = TSU_COMM_SPLIT;
		}
		if (push((void **)&d->comm, &d->n_comm, &capc, sizeof(c), &c) <
		    0)
			goto out;
	}
	for (v = 0; v < na; v++) {
		struct tsu_diff_comm c = { .status = TSU_COMM_DISSOLVED,
					   .b = best_b[v], .b_size = 0, .a = v,
					   .a_size = aa->comm[v].size,
					   .shared = best_b_n[v] };

		if (c.a_size < 2 || pred_of[v] > 0 || 2 * c.shared >= c.a_size)
			continue;
		if (c.b >= 0) {
			c.b_size = ab->comm[c.b].size;
			c.jaccard = (double)c.shared /
				    (double)(c.a_size + c.b_size - c.shared);
		}
		if (push((void **)&d->comm, &d->n_comm, &capc, sizeof(c), &c) <
		    0)
			goto out;
	}
	rc = 0;
out:
	free(ov);
	free(best_a);
	free(best_a_n);
	free(best_b);
	free(best_b_n);
	free(pred_of);
	free(chosen);
	return rc;
}

int tsu_diff_analyze(const struct tsu_graph *g, const int64_t *membership,
		     const struct tsu_analyze_opts *o, struct tsu_analysis *out,
		     struct tsu_error *err)
{
	struct tsu_analyze_opts opts = *o;

	opts.groups_only = 1;
	opts.membership = membership;
	return tsu_analyze(g, &opts, out, err);
}

int tsu_diff(const struct tsu_graph *ga, const struct tsu_analysis *aa,
	     const struct tsu_graph *gb, const struct tsu_analysis *ab,
	     struct tsu_diff *out, struct tsu_error *err)
{
	int64_t *ab_map = NULL, *ba_map = NULL, v;
	size_t cap[4] = { 0 };
	int rc = TSU_OK;

	memset(out, 0, sizeof(*out));
	out->ga = ga;
	out->gb = gb;
	head_of(ga, aa, &out->head[0]);
	head_of(gb, ab, &out->head[1]);
	ab_map = malloc(((size_t)ga->n + 1) * sizeof(*ab_map));
	ba_map = malloc(((size_t)gb->n + 1) * sizeof(*ba_map));
	if (!ab_map || !ba_map || map_vertices(ga, gb, ab_map) < 0 ||
	    map_vertices(gb, ga, ba_map) < 0)
		goto oom;
	for (v = 0; v < gb->n; v++) {
		int64_t u = ba_map[v];
		int iso_b = VECTOR(ab->degree)[v] == 0, iso_a;

		if (u < 0) {
			if (push((void **)&out->added, &out->n_added, &cap[0],
				 sizeof(v), &v) < 0)
				goto oom;
			continue;
		}
		iso_a = VECTOR(aa->degree)[u] == 0;
		if (iso_b && !iso_a &&
		    push((void **)&out->entered, &out->n_entered, &cap[2],
			 sizeof(v), &v) < 0)
			goto oom;
		if (!iso_b && iso_a &&
		    push((void **)&out->left, &out->n_left, &cap[3],
			 sizeof(v), &v) < 0)
			goto oom;
	}
	for (v = 0; v < ga->n; v++)
		if (ab_map[v] < 0 &&
		    push((void **)&out->gone, &out->n_gone, &cap[1], sizeof(v),
			 &v) < 0)
			goto oom;
	if (ties_missing(gb, ba_map, ga, &out->formed, &out->n_formed) < 0 ||
	    ties_missing(ga, ab_map, gb, &out->lost, &out->n_lost) < 0 ||
	    communities(out, aa, ab, ba_map) < 0)
		goto oom;
	if (out->n_formed)
		qsort(out->formed, out->n_formed, sizeof(*out->formed),
		      cmp_tie);
	if (out->n_lost)
		qsort(out->lost, out->n_lost, sizeof(*out->lost), cmp_tie);
	goto done;
oom:
	rc = tsu_error_oom(err);
done:
	free(ab_map);
	free(ba_map);
	if (rc)
		tsu_diff_release(out);
	return rc;
}

void tsu_diff_release(struct tsu_diff *d)
{
	free(d->added);
	free(d->gone);
	free(d->formed);
	free(d->lost);
	free(d->entered);
	free(d->left);
	free(d->comm);
	memset(d, 0, sizeof(*d));
}

const char *tsu_comm_status_name(int status, int lang)
{
	static const char *const en[] = { "new", "continues", "merged",
					  "split", "dissolved" };
	static const char *const ja[] = { "新しい", "継続", "合流", "分かれた",
					  "解散" };

	if (status < 0 || status > TSU_COMM_DISSOLVED)
		return "?";
	return lang == TSU_LANG_JA ? ja[status] : en[status];
}

/* --- text ----------------------------------------------------------------- */

static void org_line(FILE *fp, const struct tsu_graph *gr, int64_t v,
		     const char *mark)
{
	char key[120], name[240];
	const char *k = tsu_graph_key(gr, v), *nm = tsu_graph_name(gr, v);

	tsu_excerpt(key, sizeof(key), k, strlen(k), 30);
	tsu_excerpt(name, sizeof(name), nm, strlen(nm), 60);
	fprintf(fp, "  %s %s  %s\n", mark, key, name);
}

static void pair_line(FILE *fp, const struct tsu_graph *gr,
		      const struct tsu_diff_tie *t, const char *mark)
{
	char a[240], b[240];
	const char *na = tsu_graph_name(gr, t->a), *nb = tsu_graph_name(gr, t->b);

	tsu_excerpt(a, sizeof(a), na, strlen(na), 40);
	tsu_excerpt(b, sizeof(b), nb, strlen(nb), 40);
	fprintf(fp, "  %s %s — %s\n", mark, a, b);
}

static void more(FILE *fp, size_t n, size_t limit, int ja)
{
	if (limit && n > limit)
		fprintf(fp, ja ? "  …ほか %zu 件（--out の CSV に全件）\n" :
				 "  ... and %zu more (all of them with --out)\n",
			n - limit);
}

/* `real`: decimals of a ratio, 0 for a count. */
static void number_row(FILE *fp, const char *label, double a, double b,
		       int real)
{
	size_t w = tsu_display_width(label, strlen(label));

	fprintf(fp, "  %s%*s", label, w < 22 ? (int)(22 - w) : 0, "");
	if (real)
		fprintf(fp, " %10.*f %10.*f %+10.*f\n", real, a, real, b, real,
			b - a);
	else
		fprintf(fp, " %10.0f %10.0f %+10.0f\n", a, b, b - a);
}

int tsu_diff_print(FILE *fp, const struct tsu_diff *d,
		   const struct tsu_snapshot *sa, const struct tsu_snapshot *sb,
		   int lang, size_t limit)
{
	int ja = lang == TSU_LANG_JA;
	const struct tsu_diff_head *h = d->head;
	size_t i, n;

	fprintf(fp, ja ? "スナップショット %lld（%s）→ %lld（%s）\n\n" :
			 "snapshot %lld (%s) -> %lld (%s)\n\n",
		(long long)sa->id, sa->imported_at, (long long)sb->id,
		sb->imported_at);
	fprintf(fp, "  %22s %*s %*s %*s\n", "", ja ? 11 : 10,
		ja ? "前" : "before", ja ? 11 : 10, ja ? "後" : "after",
		ja ? 11 : 10, ja ? "差" : "change");
	number_row(fp, ja ? "団体" : "organisations", (double)h[0].orgs,
		   (double)h[1].orgs, 0);
	number_row(fp, ja ? "つながり" : "ties", (double)h[0].ties,
		   (double)h[1].ties, 0);
	number_row(fp, ja ? "孤立した団体" : "isolated", (double)h[0].isolated,
		   (double)h[1].isolated, 0);
	number_row(fp, ja ? "連結成分" : "components",
		   (double)h[0].components, (double)h[1].components, 0);
	number_row(fp, ja ? "最大の成分" : "largest component",
		   (double)h[0].largest, (double)h[1].largest, 0);
	number_row(fp, ja ? "コミュニティ" : "communities",
		   (double)h[0].communities, (double)h[1].communities, 0);
	number_row(fp, ja ? "密度" : "density", h[0].density, h[1].density, 6);
	number_row(fp, ja ? "モジュラリティ" : "modularity", h[0].modularity,
		   h[1].modularity, 4);

	fprintf(fp, ja ? "\n加わった団体 %zu、いなくなった団体 %zu\n" :
			 "\norganisations added %zu, gone %zu\n",
		d->n_added, d->n_gone);
	for (i = 0, n = d->n_added; i < n && (!limit || i < limit); i++)
		org_line(fp, d->gb, d->added[i], "+");
	more(fp, n, limit, ja);
	for (i = 0, n = d->n_gone; i < n && (!limit || i < limit); i++)
		org_line(fp, d->ga, d->gone[i], "-");
	more(fp, n, limit, ja);

	fprintf(fp, ja ? "\n生まれたつながり %zu、なくなったつながり %zu\n" :
			 "\nties formed %zu, lost %zu\n",
		d->n_formed, d->n_lost);
	for (i = 0, n = d->n_formed; i < n && (!limit || i < limit); i++)
		pair_line(fp, d->gb, &d->formed[i], "+");
	more(fp, n, limit, ja);
	for (i = 0, n = d->n_lost; i < n && (!limit || i < limit); i++)
		pair_line(fp, d->ga, &d->lost[i], "-");
	more(fp, n, limit, ja);

	fprintf(fp, ja ? "\n孤立を抜けた団体 %zu、孤立した団体 %zu\n" :
			 "\nleft isolation %zu, entered isolation %zu\n",
		d->n_left, d->n_entered);
	for (i = 0, n = d->n_left; i < n && (!limit || i < limit); i++)
		org_line(fp, d->gb, d->left[i], "+");
	more(fp, n, limit, ja);
	for (i = 0, n = d->n_entered; i < n && (!limit || i < limit); i++)
		org_line(fp, d->gb, d->entered[i], "!");
	more(fp, n, limit, ja);

	fprintf(fp, ja ? "\nコミュニティの動き（重なりで対応づけ）\n" :
			 "\ncommunities (matched by overlap)\n");
	for (i = 0, n = d->n_comm; i < n && (!limit || i < limit); i++) {
		const struct tsu_diff_comm *c = &d->comm[i];
		const char *st = tsu_comm_status_name(c->status, lang);

		if (c->status == TSU_COMM_DISSOLVED)
			fprintf(fp, ja ? "  前の %lld（%lld 団体）: %s\n" :
					 "  before %lld (%lld): %s\n",
				(long long)c->a + 1, (long long)c->a_size, st);
		else if (c->a < 0)
			fprintf(fp, ja ? "  %lld（%lld 団体）: %s\n" :
					 "  %lld (%lld): %s\n",
				(long long)c->b + 1, (long long)c->b_size, st);
		else
			fprintf(fp, ja ? "  %lld（%lld 団体）← 前の %lld（%lld "
					 "団体）: %s、共通 %lld、Jaccard %.2f\n" :
					 "  %lld (%lld) <- before %lld (%lld): %s, "
					 "%lld shared, Jaccard %.2f\n",
				(long long)c->b + 1, (long long)c->b_size,
				(long long)c->a + 1, (long long)c->a_size, st,
				(long long)c->shared, c->jaccard);
	}
	more(fp, n, limit, ja);
	return ferror(fp) ? EIO : 0;
}

/* --- CSV ------------------------------------------------------------------ */

static void csv_org(struct tsu_out *o, const char *change,
		    const struct tsu_graph *gr, int64_t v)
{
	tsu_out_text(o, change);
	tsu_out_text(o, tsu_graph_key(gr, v));
	tsu_out_text(o, tsu_graph_name(gr, v));
	tsu_out_text(o, tsu_sector_name(gr->sector[v]));
	tsu_out_text(o, tsu_graph_area(gr, v));
	tsu_out_end(o);
}

static void csv_tie(struct tsu_out *o, const char *change,
		    const struct tsu_graph *gr, const struct tsu_diff_tie *t)
{
	tsu_out_text(o, change);
	tsu_out_text(o, tsu_graph_key(gr, t->a));
	tsu_out_text(o, tsu_graph_name(gr, t->a));
	tsu_out_text(o, tsu_graph_key(gr, t->b));
	tsu_out_text(o, tsu_graph_name(gr, t->b));
	tsu_out_real(o, t->weight);
	tsu_out_end(o);
}

static void csv_number(struct tsu_out *o, const char *name, double a,
		       double b)
{
	tsu_out_text(o, name);
	tsu_out_real(o, a);
	tsu_out_real(o, b);
	tsu_out_real(o, b - a);
	tsu_out_end(o);
}

int tsu_diff_write(const struct tsu_diff *d, const char *dir, int lang,
		   struct tsu_error *err)
{
	static const char *const names[5] = {
		"diff_numbers.csv", "diff_orgs.csv", "diff_ties.csv",
		"diff_isolation.csv", "diff_communities.csv"
	};
	struct tsu_out f[5];
	const struct tsu_diff_head *h = d->head;
	size_t i;
	int k, rc = TSU_OK;

	(void)lang;
	for (k = 0; k < 5; k++)
		f[k] = (struct tsu_out)TSU_OUT_INIT;
	if ((rc = tsu_mkdir_p(dir, err)))
		return rc;
	for (k = 0; k < 5 && !rc; k++)
		rc = tsu_out_open(&f[k], dir, names[k], 1, err);
	if (rc)
		goto out;
	tsu_out_header(&f[0], "measure,before,after,change");
	csv_number(&f[0], "organisations", (double)h[0].orgs, (double)h[1].orgs);
	csv_number(&f[0], "ties", (double)h[0].ties, (double)h[1].ties);
	csv_number(&f[0], "isolated", (double)h[0].isolated,
		   (double)h[1].isolated);
	csv_number(&f[0], "components", (double)h[0].components,
		   (double)h[1].components);
	csv_number(&f[0], "largest_component", (double)h[0].largest,
		   (double)h[1].largest);
	csv_number(&f[0], "communities", (double)h[0].communities,
		   (double)h[1].communities);
	csv_number(&f[0], "density", h[0].density, h[1].density);
	csv_number(&f[0], "modularity", h[0].modularity, h[1].modularity);

	tsu_out_header(&f[1], "change,org_id,org_name,sector,area");
	for (i = 0; i < d->n_added; i++)
		csv_org(&f[1], "added", d->gb, d->added[i]);
	for (i = 0; i < d->n_gone; i++)
		csv_org(&f[1], "gone", d->ga, d->gone[i]);

	tsu_out_header(&f[2], "change,org_id,org_name,partner_id,partner_name,"
			      "weight");
	for (i = 0; i < d->n_formed; i++)
		csv_tie(&f[2], "formed", d->gb, &d->formed[i]);
	for (i = 0; i < d->n_lost; i++)
		csv_tie(&f[2], "lost", d->ga, &d->lost[i]);

	tsu_out_header(&f[3], "change,org_id,org_name,sector,area");
	for (i = 0; i < d->n_left; i++)
		csv_org(&f[3], "left_isolation", d->gb, d->left[i]);
	for (i = 0; i < d->n_entered; i++)
		csv_org(&f[3], "entered_isolation", d->gb, d->entered[i]);

	tsu_out_header(&f[4], "status,community,size,before,size_before,"
			      "shared,jaccard");
	for (i = 0; i < d->n_comm; i++) {
		const struct tsu_diff_comm *c = &d->comm[i];

		tsu_out_text(&f[4], tsu_comm_status_name(c->status,
							 TSU_LANG_EN));
		if (c->status == TSU_COMM_DISSOLVED || c->b < 0) {
			tsu_out_text(&f[4], NULL);
			tsu_out_text(&f[4], NULL);
		} else {
			tsu_out_int(&f[4], c->b + 1);
			tsu_out_int(&f[4], c->b_size);
		}
		if (c->a < 0) {
			tsu_out_text(&f[4], NULL);
			tsu_out_text(&f[4], NULL);
			tsu_out_text(&f[4], NULL);
			tsu_out_text(&f[4], NULL);
		} else {
			tsu_out_int(&f[4], c->a + 1);
			tsu_out_int(&f[4], c->a_size);
			tsu_out_int(&f[4], c->shared);
			tsu_out_unit(&f[4], c->jaccard);
		}
		tsu_out_end(&f[4]);
	}
	for (k = 0; k < 5 && !rc; k++)
		rc = tsu_out_close(&f[k], err);
	if (!rc)
		rc = tsu_out_publish_all(f, 5, err);
out:
	for (k = 0; k < 5; k++)
		tsu_out_abort(&f[k]);
	return rc;
}
