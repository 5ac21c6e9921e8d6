/* loose.c - loose ties: light introductions that join groups now apart;
 * see tsu_match.h. */
#include "tsu_match.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A proposal: a in group g meets b; value = compatibility x bridging. */
struct lprop {
	int32_t g;		/* group index, in output order */
	int32_t a, b;
	double compat, value;
};

struct lgroup {
	int kind;
	int64_t group, group2, size;
};

struct loose {
	const struct tsu_matcher *m;
	const struct tsu_analysis *an;
	const struct tsu_loose_opts *o;
	struct tsu_finder *finder;
	struct lgroup *groups;
	size_t ngroups;
	struct lprop *props;
	size_t nprops, capprops;
	int64_t *stamp;		/* per organisation, for reach() */
	int64_t tick;
	/* members by component and by community (CSR) */
	size_t *comp_start, *comm_start;
	int64_t *comp_members, *comm_members;
	struct tsu_error *err;
};

static size_t degree(const struct tsu_matcher *m, int64_t v)
{
	return (size_t)igraph_vector_int_size(igraph_adjlist_get(&m->adj, v));
}

/* --- reach and bridging value ------------------------------------------- */

/* Marks v's closed neighbourhood, and its partners' when the walk is not
   longer than `limit` (a hub's two steps are most of the network). */
static void mark_two_steps(struct loose *L, int64_t v, size_t limit)
{
	igraph_vector_int_t *nv = igraph_adjlist_get(&L->m->adj, v);
	igraph_integer_t i, j;
	size_t walk = 0;

	L->stamp[v] = L->tick;
	for (i = 0; i < igraph_vector_int_size(nv); i++) {
		L->stamp[VECTOR(*nv)[i]] = L->tick;
		walk += degree(L->m, VECTOR(*nv)[i]);
	}
	if (walk > limit)
		return;
	for (i = 0; i < igraph_vector_int_size(nv); i++) {
		igraph_vector_int_t *nz =
			igraph_adjlist_get(&L->m->adj, VECTOR(*nv)[i]);

		for (j = 0; j < igraph_vector_int_size(nz); j++)
			L->stamp[VECTOR(*nz)[j]] = L->tick;
	}
}

/* v and its partners not marked: who comes within two steps of the other
   end through the new tie. */
static int64_t unmarked(struct loose *L, int64_t v)
{
	igraph_vector_int_t *nv = igraph_adjlist_get(&L->m->adj, v);
	igraph_integer_t i;
	int64_t n = L->stamp[v] != L->tick;

	for (i = 0; i < igraph_vector_int_size(nv); i++)
		n += L->stamp[VECTOR(*nv)[i]] != L->tick;
	return n;
}

/*
 * Organisations that come within two steps of a or b with a tie a-b: b and
 * its partners for a, a and its partners for b, less those already within
 * two steps.  Across components nobody is: 2 + degree(a) + degree(b).
 */
static int64_t reach(struct loose *L, int64_t a, int64_t b)
{
	const igraph_vector_int_t *comp = &L->an->component;
	int64_t r;

	if (VECTOR(*comp)[a] != VECTOR(*comp)[b])
		return 2 + (int64_t)degree(L->m, a) + (int64_t)degree(L->m, b);
	L->tick++;
	mark_two_steps(L, a, 20000);
	r = unmarked(L, b);
	L->tick++;
	mark_two_steps(L, b, 20000);
	return r + unmarked(L, a);
}

double tsu_loose_bridging(const struct tsu_analysis *an, int64_t a, int64_t b,
			  int64_t reach)
{
	double kind = VECTOR(an->component)[a] != VECTOR(an->component)[b] ?
			      1.0 :
		      VECTOR(an->community)[a] != VECTOR(an->community)[b] ?
			      0.5 :
			      0.25;

	return kind * (1 - exp(-(double)reach / TSU_LOOSE_REACH_SCALE));
}

/* The value of a meeting b: its match score times the bridging value. */
static double value_of(struct loose *L, int64_t a, int64_t b, double score)
{
	return score * tsu_loose_bridging(L->an, a, b, reach(L, a, b));
}

static int push(struct loose *L, int32_t g, int64_t a, int64_t b,
		double score, double v)
{
	struct lprop *x;

	if (!(v > 0))
		return TSU_OK;
	if (L->nprops == L->capprops) {
		size_t cap = L->capprops ? 2 * L->capprops : 1024;
		struct lprop *q = realloc(L->props, cap * sizeof(*q));

		if (!q)
			return tsu_error_oom(L->err);
		L->props = q;
		L->capprops = cap;
	}
	x = &L->props[L->nprops++];
	*x = (struct lprop){ g, (int32_t)a, (int32_t)b, score, v };
	return TSU_OK;
}

/* --- groups ------------------------------------------------------------- */

static int index_by(const igraph_vector_int_t *of, int64_t n, int64_t k,
		    size_t **start, int64_t **members)
{
	size_t *fill;
	int64_t v;

	*start = calloc((size_t)k + 2, sizeof(**start));
	*members = malloc(((size_t)n + 1) * sizeof(**members));
	fill = calloc((size_t)k + 1, sizeof(*fill));
	if (!*start || !*members || !fill) {
		free(fill);
		return -1;
	}
	for (v = 0; v < n; v++)
		(*start)[VECTOR(*of)[v] + 1]++;
	for (v = 0; v < k; v++)
		(*start)[v + 1] += (*start)[v];
	for (v = 0; v < n; v++) {
		int64_t c = VECTOR(*of)[v];

		(*members)[(*start)[c] + fill[c]++] = v;
	}
	free(fill);
	return 0;
}

/* Does b lie outside group g, where a meeting would take a's group? */
static int outside(const struct loose *L, const struct lgroup *g, int64_t b)
{
	const struct tsu_analysis *an = L->an;
	const struct tsu_graph *gr = L->m->gr;

	switch (g->kind) {
	case TSU_CUT_ISOLATED:
		return b != g->group;
	case TSU_CUT_COMPONENT:
		return VECTOR(an->component)[b] != g->group;
	case TSU_CUT_COMMUNITY:	/* a tie to another sector, outside */
		return VECTOR(an->community)[b] != g->group &&
		       gr->sector[b] != gr->sector[L->comm_members
							  [L->comm_start
							       [g->group]]];
	case TSU_CUT_SECTOR:
		return gr->sector[b] != g->group;
	case TSU_CUT_AREA:
		return gr->area[b] >= 0 && gr->area[b] != g->group;
	}
	return 0;
}

/* The members of a cut-off group that get candidates: all of a small one,
   else the `members` with the most partners (file order on a tie). */
static int cmp_degree(const void *x, const void *y, void *ctx)
{
	const struct tsu_matcher *m = ctx;
	int64_t u = *(const int64_t *)x, v = *(const int64_t *)y;
	size_t du = degree(m, u), dv = degree(m, v);

	if (du != dv)
		return du > dv ? -1 : 1;
	return (u > v) - (u < v);
}

static int group_members(struct loose *L, const struct lgroup *g,
			 int64_t **out, size_t *n)
{
	const struct tsu_graph *gr = L->m->gr;
	int64_t v, *list;
	size_t k = 0, cap;

	*out = NULL;
	*n = 0;
	switch (g->kind) {
	case TSU_CUT_ISOLATED:
		cap = 1;
		break;
	case TSU_CUT_COMPONENT:
		cap = L->comp_start[g->group + 1] - L->comp_start[g->group];
		break;
	case TSU_CUT_COMMUNITY:
		cap = L->comm_start[g->group + 1] - L->comm_start[g->group];
		break;
	default:
		cap = (size_t)g->size;
	}
	if (!(list = malloc((cap + 1) * sizeof(*list))))
		return tsu_error_oom(L->err);
	switch (g->kind) {
	case TSU_CUT_ISOLATED:
		list[k++] = g->group;
		break;
	case TSU_CUT_COMPONENT:
		memcpy(list, L->comp_members + L->comp_start[g->group],
		       cap * sizeof(*list));
		k = cap;
		break;
	case TSU_CUT_COMMUNITY:
		memcpy(list, L->comm_members + L->comm_start[g->group],
		       cap * sizeof(*list));
		k = cap;
		break;
	default:
		for (v = 0; v < gr->n && k < cap; v++)
			if (g->kind == TSU_CUT_SECTOR ?
				    gr->sector[v] == g->group :
				    gr->area[v] == g->group)
				list[k++] = v;
	}
	if (k > (size_t)L->o->members) {
		qsort_r(list, k, sizeof(*list), cmp_degree, (void *)L->m);
		k = (size_t)L->o->members;
	}
	*out = list;
	*n = k;
	return TSU_OK;
}

static int cmp_lprop(const void *x, const void *y)
{
	const struct lprop *p = x, *q = y;

	if (p->value != q->value)
		return p->value > q->value ? -1 : 1;
	if (p->g != q->g)
		return p->g < q->g ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

static int cutoff_group(struct loose *L, int32_t gi)
{
	const struct lgroup *g = &L->groups[gi];
	int64_t *members;
	size_t n, i, j;
	int rc;

	size_t first = L->nprops, keep = (size_t)L->o->budget;

	if ((rc = group_members(L, g, &members, &n)))
		return rc;
	for (i = 0; i < n && !rc; i++) {
		const struct tsu_candidate *c;
		size_t k = tsu_finder_run(L->finder, members[i], &c);

		for (j = 0; j < k && !rc; j++)
			if (outside(L, g, c[j].b))
				rc = push(L, gi, members[i], c[j].b,
					  c[j].score,
					  value_of(L, members[i], c[j].b,
						   c[j].score));
	}
	free(members);
	/* the group's best `budget`: room enough for the choice to pass over
	   partners that `spread` other groups have taken */
	if (!rc && L->nprops - first > keep) {
		qsort(L->props + first, L->nprops - first, sizeof(*L->props),
		      cmp_lprop);
		L->nprops = first + keep;
	}
	return rc;
}

/* --- pairs of communities with no tie between them ----------------------- */

struct relevance {
	int64_t v;
	double r;
};

static int cmp_relevance(const void *x, const void *y)
{
	const struct relevance *p = x, *q = y;

	if (p->r != q->r)
		return p->r > q->r ? -1 : 1;
	return (p->v > q->v) - (p->v < q->v);
}

/*
 * How much u has for community `to`: its themes the others share, its
 * offers they need, its needs they offer, each weighted by idf^2 and the
 * number of `to`'s members holding it.
 */
static double relevance(const struct loose *L, int64_t u,
			const uint32_t *counts, size_t nc)
{
	const struct tsu_matcher *m = L->m;
	static const int look[TSU_LIST_COUNT] = {
		[TSU_LIST_THEME] = TSU_LIST_THEME,
		[TSU_LIST_OFFER] = TSU_LIST_NEED,
		[TSU_LIST_NEED] = TSU_LIST_OFFER,
	};
	double r = 0;
	int l;

	for (l = 0; l < TSU_LIST_COUNT; l++) {
		const uint32_t *ids;
		size_t k = tsu_profile_list(m->p, u, l, &ids), i;
		const double *w = m->idf[l == TSU_LIST_THEME ? TSU_LIST_THEME :
							      TSU_LIST_OFFER];

		for (i = 0; i < k; i++)
			r += (double)counts[(size_t)look[l] * nc + ids[i]] *
			     w[ids[i]] * w[ids[i]];
	}
	return r;
}

/* The `members` of community `from` with the most for community `to`. */
static int top_for(struct loose *L, int64_t from, const uint32_t *counts,
		   struct relevance **out, size_t *n)
{
	size_t lo = L->comm_start[from], hi = L->comm_start[from + 1], i;
	size_t nc = (size_t)L->m->p->n_concepts + 1;
	struct relevance *r = malloc((hi - lo + 1) * sizeof(*r));

	if (!r)
		return tsu_error_oom(L->err);
	for (i = lo; i < hi; i++)
		r[i - lo] = (struct relevance){
			L->comm_members[i],
			relevance(L, L->comm_members[i], counts, nc) };
	qsort(r, hi - lo, sizeof(*r), cmp_relevance);
	*out = r;
	*n = hi - lo < (size_t)L->o->members ? hi - lo : (size_t)L->o->members;
	return TSU_OK;
}

/* Per listed community, how many of its members hold each concept. */
static uint32_t *concept_counts(struct loose *L, int64_t c)
{
	const struct tsu_profiles *p = L->m->p;
	size_t nc = (size_t)p->n_concepts + 1, i;
	uint32_t *counts = calloc(TSU_LIST_COUNT * nc, sizeof(*counts));
	int l;

	if (!counts)
		return NULL;
	for (i = L->comm_start[c]; i < L->comm_start[c + 1]; i++)
		for (l = 0; l < TSU_LIST_COUNT; l++) {
			const uint32_t *ids;
			size_t k = tsu_profile_list(p, L->comm_members[i], l,
						    &ids), j;

			for (j = 0; j < k; j++)
				counts[(size_t)l * nc + ids[j]]++;
		}
	return counts;
}

/* The communities the pairs come from: the largest `communities` with at
   least `small` members (community 0 is the largest). */
static int64_t pair_communities(const struct loose *L)
{
	const struct tsu_analysis *an = L->an;
	int64_t k = 0;

	while (k < an->n_communities && k < L->o->communities &&
	       an->comm[k].size >= an->small)
		k++;
	return k;
}

static int pair_groups(struct loose *L, int64_t k, unsigned char *apart)
{
	const struct tsu_analysis *an = L->an;
	igraph_integer_t e;
	int64_t x, y;

	for (e = 0; e < igraph_ecount(&L->m->gr->g); e++) {
		x = VECTOR(an->community)[IGRAPH_FROM(&L->m->gr->g, e)];
		y = VECTOR(an->community)[IGRAPH_TO(&L->m->gr->g, e)];
		if (x < k && y < k)
			apart[x * k + y] = apart[y * k + x] = 0;
	}
	for (x = 0; x < k; x++)
		for (y = x + 1; y < k; y++) {
			struct lgroup *g;

			if (!apart[x * k + y])
				continue;
			if (!(g = realloc(L->groups, (L->ngroups + 1) *
							     sizeof(*g))))
				return tsu_error_oom(L->err);
			L->groups = g;
			L->groups[L->ngroups++] = (struct lgroup){
				TSU_LOOSE_PAIR, x, y,
				an->comm[x].size + an->comm[y].size };
		}
	return TSU_OK;
}

struct pair_cand {
	double compat;
	int64_t a, b;
};

static int cmp_pair_cand(const void *x, const void *y)
{
	const struct pair_cand *p = x, *q = y;

	if (p->compat != q->compat)
		return p->compat > q->compat ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

/*
 * Every pair of the two top lists is scored; the reach, which walks two
 * steps, only for the most compatible, until no pair left could enter the
 * best 8 per_group + spread values (bridging is at most 0.5 within a
 * component).
 */
static int pair_props(struct loose *L, int32_t gi, uint32_t **counts)
{
	const struct lgroup *g = &L->groups[gi];
	struct relevance *ra = NULL, *rb = NULL;
	struct pair_cand *pc = NULL;
	size_t na, nb, i, j, n = 0, kept = 0;
	size_t keep = 8 * (size_t)L->o->per_group + (size_t)L->o->spread;
	double *best = NULL;
	int rc;

	if ((rc = top_for(L, g->group, counts[g->group2], &ra, &na)) ||
	    (rc = top_for(L, g->group2, counts[g->group], &rb, &nb)))
		goto out;
	pc = malloc((na * nb + 1) * sizeof(*pc));
	best = malloc((keep + 1) * sizeof(*best));
	if (!pc || !best) {
		rc = tsu_error_oom(L->err);
		goto out;
	}
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++) {
			struct tsu_parts p;
			int fb = tsu_match_feedback_of(L->m, ra[i].v, rb[j].v);

			if (fb == 1)	/* declined, met or partnered */
				continue;
			tsu_match_pair(L->m, ra[i].v, rb[j].v, &p);
			if (fb == 2)	/* skipped last time */
				p.score *= TSU_SKIP_FACTOR;
			if (p.score > 0)
				pc[n++] = (struct pair_cand){ p.score, ra[i].v,
							      rb[j].v };
		}
	qsort(pc, n, sizeof(*pc), cmp_pair_cand);
	for (i = 0; i < n && !rc; i++) {
		double v, bound = pc[i].compat *
				  (VECTOR(L->an->component)[pc[i].a] !=
						   VECTOR(L->an->component)[pc[i].b] ?
					   1.0 :
					   0.5);
		size_t k;

		if (kept == keep && !(bound > best[keep - 1]))
			break;
		v = value_of(L, pc[i].a, pc[i].b, pc[i].compat);
		for (k = kept < keep ? kept++ : keep - 1;
		     k > 0 && best[k - 1] < v; k--)
			best[k] = best[k - 1];
		best[k] = v;
		rc = push(L, gi, pc[i].a, pc[i].b, pc[i].compat, v);
	}
out:
	free(pc);
	free(best);
	free(ra);
	free(rb);
	return rc;
}

/* --- choosing ------------------------------------------------------------ */

static int cmp_chosen(const void *x, const void *y)
{
	const struct tsu_loose_tie *p = x, *q = y;

	if (p->gi != q->gi)
		return p->gi < q->gi ? -1 : 1;
	return p->rank - q->rank;
}

/*
 * From the best value down: a proposal is taken while its group has fewer
 * than per_group, neither end already meets someone for this group, and
 * the partner is in fewer than `spread` loose ties in all.  Groups left
 * without any get one row with b = -1.
 */
static int choose(struct loose *L, struct tsu_loose *out)
{
	const struct tsu_loose_opts *o = L->o;
	int64_t n = L->m->p->n;
	size_t per = (size_t)o->per_group;
	int32_t *taken = calloc(L->ngroups + 1, sizeof(*taken));
	int32_t *as_partner = calloc((size_t)n + 1, sizeof(*as_partner));
	size_t *picked = malloc((L->ngroups * per + 1) * sizeof(*picked));
	size_t i, cap = L->ngroups * per + 1;
	int rc = TSU_OK;

	out->list = malloc(cap * sizeof(*out->list));
	if (!taken || !as_partner || !picked || !out->list) {
		rc = tsu_error_oom(L->err);
		goto out;
	}
	if (L->nprops)
		qsort(L->props, L->nprops, sizeof(*L->props), cmp_lprop);
	for (i = 0; i < L->nprops; i++) {
		const struct lprop *x = &L->props[i];
		const struct lgroup *g = &L->groups[x->g];
		struct tsu_loose_tie *t;
		int32_t j;
		int dup = 0;

		if (taken[x->g] >= o->per_group || as_partner[x->b] >= o->spread)
			continue;
		for (j = 0; j < taken[x->g] && !dup; j++) {
			const struct tsu_loose_tie *y =
				&out->list[picked[(size_t)x->g * per +
						  (size_t)j]];

			dup = y->b == x->b ||
			      (y->a == x->a && g->kind != TSU_CUT_ISOLATED);
		}
		if (dup)
			continue;
		picked[(size_t)x->g * per + (size_t)taken[x->g]] = out->n;
		t = &out->list[out->n++];
		memset(t, 0, sizeof(*t));
		t->gi = x->g;
		t->a = x->a;
		t->b = x->b;
		t->rank = ++taken[x->g];
		t->compatibility = x->compat;
		t->value = x->value;
		as_partner[x->b]++;
	}
	for (i = 0; i < L->ngroups; i++) {	/* groups with nothing */
		struct tsu_loose_tie *t;

		if (taken[i])
			continue;
		if (out->n == cap) {
			struct tsu_loose_tie *q =
				realloc(out->list, 2 * cap * sizeof(*q));

			if (!q) {
				rc = tsu_error_oom(L->err);
				goto out;
			}
			out->list = q;
			cap *= 2;
		}
		t = &out->list[out->n++];
		memset(t, 0, sizeof(*t));
		t->gi = (int32_t)i;
		t->a = L->groups[i].kind == TSU_CUT_ISOLATED ?
			       L->groups[i].group : -1;
		t->b = -1;
	}
	qsort(out->list, out->n, sizeof(*out->list), cmp_chosen);
	for (i = 0; i < out->n; i++) {
		struct tsu_loose_tie *t = &out->list[i];
		const struct lgroup *g = &L->groups[t->gi];

		t->kind = g->kind;
		t->group = g->group;
		t->group2 = g->group2;
		t->size = g->size;
		if (t->b < 0)
			continue;
		t->reach = reach(L, t->a, t->b);
		t->bridging = tsu_loose_bridging(L->an, t->a, t->b, t->reach);
	}
out:
	free(picked);
	free(taken);
	free(as_partner);
	return rc;
}

int tsu_loose_ties(const struct tsu_matcher *m, const struct tsu_analysis *an,
		   const struct tsu_loose_opts *o, struct tsu_loose *out,
		   struct tsu_error *err)
{
	struct loose L = { .m = m, .an = an, .o = o, .err = err };
	uint32_t **counts = NULL;
	unsigned char *apart = NULL;
	int64_t k = 0, c;
	size_t i;
	int rc = TSU_OK;

	memset(out, 0, sizeof(*out));
	if (o->per_group < 1 || o->spread < 1 || o->members < 1 ||
	    o->communities < 0)
		return tsu_error_set(err, TSU_EUSAGE, NULL, 0, 0,
				     "loose-tie limits must be positive");
	if (an->n != m->p->n)
		return tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0,
				     "analysis and profiles of different "
				     "snapshots");
	L.stamp = calloc((size_t)an->n + 1, sizeof(*L.stamp));
	L.groups = malloc((an->n_cutoffs + 1) * sizeof(*L.groups));
	if (!L.stamp || !L.groups ||
	    index_by(&an->component, an->n, an->n_components, &L.comp_start,
		     &L.comp_members) ||
	    index_by(&an->community, an->n, an->n_communities, &L.comm_start,
		     &L.comm_members)) {
		rc = tsu_error_oom(err);
		goto out;
	}
	for (i = 0; i < an->n_cutoffs; i++)
		L.groups[L.ngroups++] = (struct lgroup){
			an->cutoffs[i].kind, an->cutoffs[i].group, -1,
			an->cutoffs[i].size };
	if ((rc = tsu_finder_new(m, o->budget, &L.finder, err)))
		goto out;
	for (i = 0; i < L.ngroups && !rc; i++) {
		rc = cutoff_group(&L, (int32_t)i);
		if (o->progress && i % 1024 == 0)
			o->progress(o->progress_ctx, "loose ties",
				    (double)i / (double)L.ngroups);
	}
	tsu_finder_free(L.finder);
	L.finder = NULL;
	if (rc)
		goto out;
	/* pairs of the largest communities with no tie between them */
	k = pair_communities(&L);
	if (k > 1) {
		size_t first = L.ngroups;

		if (!(apart = malloc((size_t)(k * k))) ||
		    !(counts = calloc((size_t)k, sizeof(*counts)))) {
			rc = tsu_error_oom(err);
			goto out;
		}
		memset(apart, 1, (size_t)(k * k));
		for (c = 0; c < k; c++)
			if (!(counts[c] = concept_counts(&L, c))) {
				rc = tsu_error_oom(err);
				goto out;
			}
		if ((rc = pair_groups(&L, k, apart)))
			goto out;
		for (i = first; i < L.ngroups && !rc; i++)
			rc = pair_props(&L, (int32_t)i, counts);
		if (rc)
			goto out;
	}
	rc = choose(&L, out);
out:
	tsu_finder_free(L.finder);
	for (c = 0; counts && c < k; c++)
		free(counts[c]);
	free(counts);
	free(apart);
	free(L.props);
	free(L.groups);
	free(L.stamp);
	free(L.comp_start);
	free(L.comp_members);
	free(L.comm_start);
	free(L.comm_members);
	if (rc)
		tsu_loose_release(out);
	return rc;
}

void tsu_loose_release(struct tsu_loose *l)
{
	free(l->list);
	free(l->fresh);
	memset(l, 0, sizeof(*l));
}

/* --- reasons and the CSV -------------------------------------------------- */

static const char *const kind_name[] = {
	[TSU_CUT_ISOLATED] = "isolated",   [TSU_CUT_COMPONENT] = "component",
	[TSU_CUT_COMMUNITY] = "community", [TSU_CUT_SECTOR] = "sector",
	[TSU_CUT_AREA] = "area",	   [TSU_LOOSE_PAIR] = "communities",
};

/* "component 7" / "community 3" of v, in lang; sizes in brackets. */
static void side(const struct tsu_analysis *an, int64_t v, int by_comp,
		 int ja, char *buf, size_t len)
{
	long long id = by_comp ? VECTOR(an->component)[v] :
				 VECTOR(an->community)[v];
	long long size = by_comp ? VECTOR(an->comp_size)[id] :
				   an->comm[id].size;

	if (VECTOR(an->degree)[v] == 0 && by_comp)
		snprintf(buf, len, ja ? "孤立した団体" : "an isolated "
					"organisation");
	else if (by_comp && id == 0)
		snprintf(buf, len, ja ? "最大のまとまり（%lld団体）" :
					"the main network (%lld)", size);
	else if (by_comp)
		snprintf(buf, len, ja ? "まとまり%lld（%lld団体）" :
					"component %lld (%lld)", id + 1, size);
	else
		snprintf(buf, len, ja ? "コミュニティ%lld（%lld団体）" :
					"community %lld (%lld)", id + 1, size);
}

void tsu_loose_joins(const struct tsu_analysis *an,
		     const struct tsu_loose_tie *t, int lang, char *buf,
		     size_t len)
{
	int ja = lang == TSU_LANG_JA;
	int by_comp = VECTOR(an->component)[t->a] !=
		      VECTOR(an->component)[t->b];
	char x[128], y[128];

	side(an, t->a, by_comp, ja, x, sizeof(x));
	side(an, t->b, by_comp, ja, y, sizeof(y));
	snprintf(buf, len, "%s ↔ %s", x, y);
}

int tsu_loose_why(const struct tsu_matcher *m, const struct tsu_analysis *an,
		  const struct tsu_loose_tie *t, int lang, struct tsu_buf *out)
{
	int ja = lang == TSU_LANG_JA;
	struct tsu_parts p;
	char joins[300], tail[400];

	if (t->b < 0) {
		const char *s =
			t->a >= 0 && tsu_match_no_data(m, t->a) ?
				(ja ? "データ不足：分野・関心・提供できること・"
				      "ニーズのどれもない" :
				      "not enough data: no fields, interests, "
				      "offers or needs") :
				(ja ? "紹介先なし：外の団体とテーマ・提供・ニーズを"
				      "共有していない" :
				      "no introduction found: nobody outside "
				      "shares a theme, an offer or a need "
				      "with it");

		return tsu_buf_addstr(out, s);
	}
	tsu_match_pair(m, t->a, t->b, &p);
	if (tsu_match_why(m, t->a, t->b, &p, lang, out) < 0)
		return -1;
	tsu_loose_joins(an, t, lang, joins, sizeof(joins));
	if (ja)
		snprintf(tail, sizeof(tail), "%sをつなぐ。2ステップ以内に"
			 "届く団体が%lld増える。", joins, (long long)t->reach);
	else
		snprintf(tail, sizeof(tail), "%swould join %s; %lld "
			 "organisations come within two steps",
			 out->len ? "; " : "", joins, (long long)t->reach);
	return tsu_buf_addstr(out, tail);
}

int tsu_loose_write(struct tsu_out *o, const struct tsu_matcher *m,
		    const struct tsu_analysis *an, const struct tsu_loose *l,
		    int lang)
{
	const struct tsu_graph *gr = m->gr;
	struct tsu_buf why = TSU_BUF_INIT;
	char buf[300];
	size_t i;

	tsu_out_header(o, "kind,group,group_size,rank,org_id,org_name,"
			  "partner_id,partner_name,partner_sector,joins,"
			  "reach,compatibility,bridging,score,why,new");
	for (i = 0; i < l->n && !o->bad; i++) {
		const struct tsu_loose_tie *t = &l->list[i];

		tsu_out_text(o, kind_name[t->kind]);
		switch (t->kind) {
		case TSU_CUT_ISOLATED:
			tsu_out_text(o, tsu_graph_key(gr, t->group));
			break;
		case TSU_CUT_SECTOR:
			tsu_out_text(o, tsu_sector_name((int)t->group));
			break;
		case TSU_CUT_AREA:
			tsu_out_text(o, gr->pool + gr->area_name[t->group]);
			break;
		case TSU_LOOSE_PAIR:
			snprintf(buf, sizeof(buf), "%lld-%lld",
				 (long long)t->group + 1,
				 (long long)t->group2 + 1);
			tsu_out_text(o, buf);
			break;
		default:
			tsu_out_int(o, t->group + 1);
		}
		tsu_out_int(o, t->size);
		if (t->b < 0) {
			tsu_out_text(o, NULL);
			tsu_out_text(o, t->a >= 0 ? tsu_graph_key(gr, t->a) :
						    NULL);
			tsu_out_text(o, t->a >= 0 ? tsu_graph_name(gr, t->a) :
						    NULL);
			for (int c = 0; c < 8; c++)
				tsu_out_text(o, NULL);
		} else {
			tsu_out_int(o, t->rank);
			tsu_out_text(o, tsu_graph_key(gr, t->a));
			tsu_out_text(o, tsu_graph_name(gr, t->a));
			tsu_out_text(o, tsu_graph_key(gr, t->b));
			tsu_out_text(o, tsu_graph_name(gr, t->b));
			tsu_out_text(o, tsu_sector_name(gr->sector[t->b]));
			tsu_loose_joins(an, t, lang, buf, sizeof(buf));
			tsu_out_text(o, buf);
			tsu_out_int(o, t->reach);
			tsu_out_unit(o, t->compatibility);
			tsu_out_unit(o, t->bridging);
			tsu_out_unit(o, t->value);
		}
		tsu_buf_reset(&why);
		if (tsu_loose_why(m, an, t, lang, &why) < 0)
			o->bad = ENOMEM;
		tsu_out_text(o, why.len ? why.p : NULL);
		if (l->fresh && t->b >= 0)
			tsu_out_int(o, l->fresh[i]);
		else
			tsu_out_text(o, NULL);
		tsu_out_end(o);
	}
	tsu_buf_release(&why);
	return o->bad;
}
