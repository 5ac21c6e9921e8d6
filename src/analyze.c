/* analyze.c - network analysis of a snapshot; see tsu_analyze.h. */
#include "tsu_analyze.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsu_pool.h"

/* Path sources per task: small enough that two workers share the work. */
#define SOURCE_CHUNK 8

struct paths_acc;

struct ctx {
	const struct tsu_graph *gr;
	const igraph_t *g;
	const struct tsu_analyze_opts *o;
	struct tsu_analysis *a;
	struct tsu_error *err;
	/* the largest component as a graph of its own */
	igraph_t lcc;
	igraph_vector_t lcc_weight;
	igraph_integer_t *lcc_of;	/* vertex -> index in lcc, or -1 */
	int lcc_ready;
	igraph_vector_int_t sources;	/* path sources */
	int chunks;			/* tasks over them */
	struct paths_acc *acc;		/* what the tasks add up to */
};

static int ig_fail(igraph_error_t e, struct tsu_error *err, const char *what)
{
	if (e == IGRAPH_ENOMEM)
		return tsu_error_oom(err);
	return tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0, "%s: %s", what,
			     igraph_strerror(e));
}

#define IG(call, what)                                                        \
	do {                                                                  \
		igraph_error_t e_ = (call);                                   \
		if (e_)                                                       \
			return ig_fail(e_, c->err, what);                     \
	} while (0)

static void progress(struct ctx *c, const char *stage, double done)
{
	if (c->o->progress)
		c->o->progress(c->o->progress_ctx, stage, done);
}

/* --- renumbering: 0 = the largest group, ties by first member ----------- */

struct grp {
	igraph_integer_t size, first, old;
};

static int cmp_grp(const void *x, const void *y)
{
	const struct grp *p = x, *q = y;

	if (p->size != q->size)
		return p->size > q->size ? -1 : 1;
	return (p->first > q->first) - (p->first < q->first);
}

/*
 * Renumbers membership (values 0..k-1) so that group 0 is the largest, ties
 * going to the group whose first member comes first; fills sizes (k).
 */
static int renumber(igraph_vector_int_t *memb, igraph_integer_t k,
		    igraph_vector_int_t *sizes, struct tsu_error *err)
{
	igraph_integer_t n = igraph_vector_int_size(memb), v, i;
	struct grp *gs = malloc(((size_t)k + 1) * sizeof(*gs));
	igraph_integer_t *map = malloc(((size_t)k + 1) * sizeof(*map));

	if (!gs || !map || igraph_vector_int_resize(sizes, k)) {
		free(gs);
		free(map);
		return tsu_error_oom(err);
	}
	for (i = 0; i < k; i++)
		gs[i] = (struct grp){ 0, n, i };
	for (v = 0; v < n; v++) {
		struct grp *p = &gs[VECTOR(*memb)[v]];

		if (p->size++ == 0)
			p->first = v;
	}
	qsort(gs, (size_t)k, sizeof(*gs), cmp_grp);
	for (i = 0; i < k; i++) {
		map[gs[i].old] = i;
		VECTOR(*sizes)[i] = gs[i].size;
	}
	for (v = 0; v < n; v++)
		VECTOR(*memb)[v] = map[VECTOR(*memb)[v]];
	free(gs);
	free(map);
	return TSU_OK;
}

/* --- components, coreness, degrees ------------------------------------- */

static int basics(struct ctx *c)
{
	struct tsu_analysis *a = c->a;
	igraph_integer_t v, k;
	igraph_vector_int_t csize;

	progress(c, "components", 0);
	IG(igraph_degree(c->g, &a->degree, igraph_vss_all(), IGRAPH_ALL,
			 IGRAPH_NO_LOOPS), "degree");
	IG(igraph_strength(c->g, &a->strength, igraph_vss_all(), IGRAPH_ALL,
			   IGRAPH_NO_LOOPS, &c->gr->weight), "strength");
	IG(igraph_coreness(c->g, &a->coreness, IGRAPH_ALL), "coreness");
	IG(igraph_vector_int_init(&csize, 0), "components");
	if (igraph_connected_components(c->g, &a->component, &csize, &k,
					IGRAPH_WEAK)) {
		igraph_vector_int_destroy(&csize);
		return tsu_error_oom(c->err);
	}
	igraph_vector_int_destroy(&csize);
	if (renumber(&a->component, k, &a->comp_size, c->err))
		return TSU_ENOMEM;
	a->n_components = k;
	a->largest = k ? VECTOR(a->comp_size)[0] : 0;
	for (v = 0; v < a->n; v++) {
		if (VECTOR(a->degree)[v] == 0)
			a->n_isolated++;
		a->total_weight += VECTOR(a->strength)[v];
	}
	a->total_weight /= 2;
	a->n_tied = a->n - a->n_isolated;
	a->density = a->n > 1 ? 2.0 * (double)a->m /
					((double)a->n * (double)(a->n - 1)) :
				NAN;
	return TSU_OK;
}

/* --- communities --------------------------------------------------------- */

/* Co-assignment of each organisation with its reference community mates. */
struct coassign {
	uint64_t key;		/* reference community << 32 | run community */
	igraph_integer_t v;
};

static int cmp_coassign(const void *x, const void *y)
{
	const struct coassign *p = x, *q = y;

	if (p->key != q->key)
		return p->key < q->key ? -1 : 1;
	return (p->v > q->v) - (p->v < q->v);
}

/*
 * stability[v] += fraction of v's reference mates that share v's community
 * in `run` (a vertex alone in its reference community gets 1).
 */
static int add_coassignment(struct ctx *c, const igraph_vector_int_t *ref,
			    const igraph_vector_int_t *run)
{
	struct tsu_analysis *a = c->a;
	igraph_integer_t n = a->n, v, i, j;
	struct coassign *ca = malloc(((size_t)n + 1) * sizeof(*ca));

	if (!ca)
		return tsu_error_oom(c->err);
	for (v = 0; v < n; v++) {
		ca[v].key = (uint64_t)VECTOR(*ref)[v] << 32 |
			    (uint64_t)VECTOR(*run)[v];
		ca[v].v = v;
	}
	qsort(ca, (size_t)n, sizeof(*ca), cmp_coassign);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && ca[j].key == ca[i].key; j++)
			;
		for (igraph_integer_t t = i; t < j; t++) {
			igraph_integer_t u = ca[t].v;
			igraph_integer_t size = a->comm[VECTOR(*ref)[u]].size;

			VECTOR(a->stability)[u] +=
				size > 1 ? (double)(j - i - 1) / (double)(size - 1) :
					   1.0;
		}
	}
	free(ca);
	return TSU_OK;
}

/*
 * The reference partition: the run of highest modularity (earliest on a
 * tie), renumbered; then each organisation's stability over the others.
 * runs[r] holds run r's membership.
 */
static int communities(struct ctx *c, igraph_vector_int_t *runs,
		       const double *mods, int nruns)
{
	struct tsu_analysis *a = c->a;
	igraph_vector_int_t sizes;
	igraph_integer_t nb = 0, v;
	int r, best = 0, rc = TSU_OK;

	a->modularity = a->modularity_min = a->modularity_max = NAN;
	for (r = 0; r < nruns; r++) {
		if (mods[r] > mods[best])
			best = r;
		if (r == 0 || mods[r] < a->modularity_min)
			a->modularity_min = mods[r];
		if (r == 0 || mods[r] > a->modularity_max)
			a->modularity_max = mods[r];
	}
	a->modularity = mods[best];
	for (v = 0; v < a->n; v++)
		if (VECTOR(runs[best])[v] >= nb)
			nb = VECTOR(runs[best])[v] + 1;
	if (igraph_vector_int_init(&sizes, 0))
		return tsu_error_oom(c->err);
	if (igraph_vector_int_update(&a->community, &runs[best]) ||
	    renumber(&a->community, nb, &sizes, c->err) ||
	    !(a->comm = calloc((size_t)nb + 1, sizeof(*a->comm)))) {
		igraph_vector_int_destroy(&sizes);
		return tsu_error_oom(c->err);
	}
	a->n_communities = nb;
	for (v = 0; v < nb; v++) {
		a->comm[v].size = VECTOR(sizes)[v];
		if (a->comm[v].size > 1)
			a->n_comm_multi++;
	}
	igraph_vector_int_destroy(&sizes);
	if (nruns == 1) {
		igraph_vector_fill(&a->stability, NAN);
		return TSU_OK;
	}
	for (r = 0; r < nruns; r++)
		if (r != best &&
		    (rc = add_coassignment(c, &a->community, &runs[r])))
			return rc;
	for (v = 0; v < a->n; v++)
		VECTOR(a->stability)[v] /= (double)(nruns - 1);
	return TSU_OK;
}

/* Weights inside and between communities, each one's share of Q. */
static int community_weights(struct ctx *c)
{
	struct tsu_analysis *a = c->a;
	igraph_integer_t e, v;
	double W = a->total_weight, *deg;

	if (!(deg = calloc((size_t)a->n_communities + 1, sizeof(*deg))))
		return tsu_error_oom(c->err);
	for (v = 0; v < a->n; v++) {
		igraph_integer_t k = VECTOR(a->community)[v];

		deg[k] += VECTOR(a->strength)[v];
		if (!isnan(VECTOR(a->stability)[v]))
			a->comm[k].stability += VECTOR(a->stability)[v] /
						(double)a->comm[k].size;
		else
			a->comm[k].stability = NAN;
	}
	for (e = 0; e < a->m; e++) {
		igraph_integer_t x = VECTOR(a->community)[IGRAPH_FROM(c->g, e)];
		igraph_integer_t y = VECTOR(a->community)[IGRAPH_TO(c->g, e)];
		double w = VECTOR(c->gr->weight)[e];

		if (x == y) {
			a->comm[x].internal_weight += w;
		} else {
			a->comm[x].external_weight += w;
			a->comm[y].external_weight += w;
		}
	}
	for (v = 0; v < a->n_communities; v++)
		a->comm[v].modularity =
			W > 0 ? a->comm[v].internal_weight / W -
					c->o->resolution * (deg[v] / (2 * W)) *
						(deg[v] / (2 * W)) :
				NAN;
	free(deg);
	return TSU_OK;
}

/* --- the largest component as its own graph ------------------------------ */

static int make_lcc(struct ctx *c)
{
	struct tsu_analysis *a = c->a;
	igraph_vector_int_t edges;
	igraph_integer_t v, e, k = 0;
	igraph_error_t err;

	if (!(c->lcc_of = malloc(((size_t)a->n + 1) * sizeof(*c->lcc_of))))
		return tsu_error_oom(c->err);
	for (v = 0; v < a->n; v++)
		c->lcc_of[v] = VECTOR(a->component)[v] == 0 ? k++ : -1;
	IG(igraph_vector_int_init(&edges, 0), "largest component");
	if (igraph_vector_init(&c->lcc_weight, 0)) {
		igraph_vector_int_destroy(&edges);
		return tsu_error_oom(c->err);
	}
	for (e = 0; e < a->m; e++) {
		igraph_integer_t x = IGRAPH_FROM(c->g, e), y = IGRAPH_TO(c->g, e);

		if (c->lcc_of[x] < 0)
			continue;
		if (igraph_vector_int_push_back(&edges, c->lcc_of[x]) ||
		    igraph_vector_int_push_back(&edges, c->lcc_of[y]) ||
		    igraph_vector_push_back(&c->lcc_weight,
					    VECTOR(c->gr->weight)[e])) {
			igraph_vector_int_destroy(&edges);
			igraph_vector_destroy(&c->lcc_weight);
			return tsu_error_oom(c->err);
		}
	}
	err = igraph_create(&c->lcc, &edges, k, IGRAPH_UNDIRECTED);
	igraph_vector_int_destroy(&edges);
	if (err) {
		igraph_vector_destroy(&c->lcc_weight);
		return ig_fail(err, c->err, "largest component");
	}
	c->lcc_ready = 1;
	return TSU_OK;
}

/* --- the parallel stage: eigenvector, Leiden runs, path sources --------- */

/*
 * Tasks, run on worker processes (tsu_pool.h) and combined here in task
 * order: first one per chunk of SOURCE_CHUNK path sources (the longest
 * work, so it starts first), then the eigenvector centrality of the
 * largest component, then the Leiden runs.
 */

/*
 * Sources for the path measures: each costs two Dijkstras and a BFS over
 * the whole graph, some 0.7 us per organisation and tie on one core here.
 * TSU_ANALYZE_PATH_WORK visits in all keep 100k organisations near a
 * second on two cores; when every organisation with a tie fits, the
 * measures are exact.
 */
static igraph_integer_t auto_samples(igraph_integer_t tied, igraph_integer_t n,
				     igraph_integer_t m)
{
	double k = TSU_ANALYZE_PATH_WORK / ((double)n + (double)m + 1);

	if (k >= (double)tied)
		return tied;
	k = SOURCE_CHUNK * floor(k / SOURCE_CHUNK);
	if (k < 16)
		k = 16;
	return (igraph_integer_t)k < tied ? (igraph_integer_t)k : tied;
}

/*
 * c->sources: every organisation with a tie (exact), or `k` of them drawn
 * with the seed (partial Fisher-Yates), in vertex order.
 */
static int plan_sources(struct ctx *c, igraph_integer_t k)
{
	struct tsu_analysis *a = c->a;
	igraph_vector_int_t *pool = &c->sources;
	igraph_integer_t v, i, t = 0;

	IG(igraph_vector_int_resize(pool, a->n_tied), "sampling");
	for (v = 0; v < a->n; v++)
		if (VECTOR(a->degree)[v] > 0)
			VECTOR(*pool)[t++] = v;
	if (k >= t)
		return TSU_OK;
	igraph_rng_seed(igraph_rng_default(), c->o->seed);
	for (i = 0; i < k; i++) {
		igraph_integer_t j = igraph_rng_get_integer(igraph_rng_default(),
							    i, t - 1);
		igraph_integer_t x = VECTOR(*pool)[i];

		VECTOR(*pool)[i] = VECTOR(*pool)[j];
		VECTOR(*pool)[j] = x;
	}
	IG(igraph_vector_int_resize(pool, k), "sampling");
	igraph_vector_int_sort(pool);
	return TSU_OK;
}

static int put_bytes(struct tsu_buf *out, const void *p, size_t n,
		     struct tsu_error *err)
{
	return tsu_buf_add(out, p, n) < 0 ? tsu_error_oom(err) : TSU_OK;
}

static int task_eigen(struct ctx *c, struct tsu_buf *out, struct tsu_error *err)
{
	igraph_vector_t ev;
	igraph_arpack_options_t ao;
	igraph_real_t value;
	igraph_error_t e;
	int rc;

	if (c->o->groups_only || igraph_ecount(&c->lcc) == 0)
		return TSU_OK;
	if (igraph_vector_init(&ev, 0))
		return tsu_error_oom(err);
	igraph_arpack_options_init(&ao);
	ao.tol = 1e-9;
	e = igraph_eigenvector_centrality(&c->lcc, &ev, &value, 0, 1,
					  &c->lcc_weight, &ao);
	rc = e ? ig_fail(e, err, "eigenvector centrality") :
		 put_bytes(out, VECTOR(ev), (size_t)igraph_vector_size(&ev) *
						    sizeof(double), err);
	igraph_vector_destroy(&ev);
	return rc;
}

static int task_leiden(struct ctx *c, int r, struct tsu_buf *out,
		       struct tsu_error *err)
{
	struct tsu_analysis *a = c->a;
	igraph_vector_int_t memb;
	igraph_integer_t nb, v;
	igraph_real_t quality, q = NAN;
	igraph_error_t e = IGRAPH_SUCCESS;
	int rc = TSU_OK;

	if (igraph_vector_int_init(&memb, a->n))
		return tsu_error_oom(err);
	if (a->m == 0) {	/* no ties: everyone on their own */
		for (v = 0; v < a->n; v++)
			VECTOR(memb)[v] = v;
	} else {
		igraph_rng_seed(igraph_rng_default(), c->o->seed + (uint64_t)r);
		e = igraph_community_leiden(c->g, &c->gr->weight, &a->strength,
					    c->o->resolution /
						    (2.0 * a->total_weight),
					    0.01, 0, -1, &memb, &nb, &quality);
		if (!e)
			e = igraph_modularity(c->g, &memb, &c->gr->weight,
					      c->o->resolution, 0, &q);
	}
	if (e)
		rc = ig_fail(e, err, "community detection");
	if (!rc)
		rc = put_bytes(out, &q, sizeof(q), err);
	for (v = 0; !rc && v < a->n; v++) {
		int32_t x = (int32_t)VECTOR(memb)[v];

		rc = put_bytes(out, &x, sizeof(x), err);
	}
	igraph_vector_int_destroy(&memb);
	return rc;
}

/*
 * One chunk of sources: [hops, pairs, sources in the largest component],
 * then n betweenness partials, then n harmonic partials (sums of 1/d).
 */
static int task_paths(struct ctx *c, int chunk, struct tsu_buf *out,
		      struct tsu_error *err)
{
	struct tsu_analysis *a = c->a;
	igraph_integer_t k = igraph_vector_int_size(&c->sources);
	igraph_integer_t from = (igraph_integer_t)chunk * SOURCE_CHUNK;
	igraph_integer_t to = from + SOURCE_CHUNK < k ? from + SOURCE_CHUNK : k;
	/* zeroed, so that destroying one never initialised is harmless */
	igraph_vector_int_t src = { 0 }, lsrc = { 0 };
	igraph_vector_t part = { 0 };
	igraph_matrix_t dist = { 0 };
	igraph_integer_t j, v, n = a->n;
	double head[3] = { 0, 0, 0 }, *harm = NULL;
	igraph_error_t e;
	int rc = TSU_OK;

	if (igraph_vector_int_init(&src, 0) || igraph_vector_int_init(&lsrc, 0) ||
	    igraph_vector_init(&part, 0) || igraph_matrix_init(&dist, 0, 0) ||
	    !(harm = calloc((size_t)n + 1, sizeof(*harm)))) {
		rc = tsu_error_oom(err);
		goto out;
	}
	for (j = from; j < to; j++) {
		igraph_integer_t s = VECTOR(c->sources)[j];

		if (igraph_vector_int_push_back(&src, s) ||
		    (c->lcc_of[s] >= 0 &&
		     igraph_vector_int_push_back(&lsrc, c->lcc_of[s]))) {
			rc = tsu_error_oom(err);
			goto out;
		}
	}
	e = igraph_betweenness_subset(c->g, &part, igraph_vss_all(), 0,
				      igraph_vss_vector(&src), igraph_vss_all(),
				      &c->gr->length);
	if (e) {
		rc = ig_fail(e, err, "betweenness");
		goto out;
	}
	e = igraph_distances_dijkstra(c->g, &dist, igraph_vss_vector(&src),
				      igraph_vss_all(), &c->gr->length,
				      IGRAPH_ALL);
	if (e) {
		rc = ig_fail(e, err, "harmonic centrality");
		goto out;
	}
	for (v = 0; v < n; v++)
		for (j = 0; j < igraph_matrix_nrow(&dist); j++) {
			double d = MATRIX(dist, j, v);

			if (d > 0 && isfinite(d))
				harm[v] += 1.0 / d;
		}
	if (igraph_vector_int_size(&lsrc) > 0) {
		e = igraph_distances(&c->lcc, &dist, igraph_vss_vector(&lsrc),
				     igraph_vss_all(), IGRAPH_ALL);
		if (e) {
			rc = ig_fail(e, err, "average path length");
			goto out;
		}
		for (j = 0; j < igraph_matrix_nrow(&dist); j++)
			for (v = 0; v < igraph_matrix_ncol(&dist); v++) {
				double d = MATRIX(dist, j, v);

				if (d > 0 && isfinite(d)) {
					head[0] += d;
					head[1] += 1;
				}
			}
		head[2] = (double)igraph_vector_int_size(&lsrc);
	}
	if ((rc = put_bytes(out, head, sizeof(head), err)) ||
	    (rc = put_bytes(out, VECTOR(part), (size_t)n * sizeof(double),
			    err)) ||
	    (rc = put_bytes(out, harm, (size_t)n * sizeof(double), err)))
		goto out;
out:
	free(harm);
	igraph_vector_int_destroy(&src);
	igraph_vector_int_destroy(&lsrc);
	igraph_vector_destroy(&part);
	igraph_matrix_destroy(&dist);
	return rc;
}

static int run_task(void *vc, int i, struct tsu_buf *out,
		    struct tsu_error *err)
{
	struct ctx *c = vc;

	if (i < c->chunks)
		return task_paths(c, i, out, err);
	if (i == c->chunks)
		return task_eigen(c, out, err);
	return task_leiden(c, i - c->chunks - 1, out, err);
}

static void task_done(void *vc, int completed, int total)
{
	struct ctx *c = vc;

	progress(c, c->a->sources ? "communities and centrality (sampled)" :
				    "communities and centrality",
		 (double)completed / total);
}

/* Checks that a task returned the bytes its merger will read. */
static int check_len(struct ctx *c, const struct tsu_buf *b, size_t want)
{
	if (b->len != want)
		return tsu_error_set(c->err, TSU_EINTERNAL, NULL, 0, 0,
				     "a worker returned %zu bytes, not %zu",
				     b->len, want);
	return TSU_OK;
}

/* Running sums of the path tasks, folded in task order. */
struct paths_acc {
	double hops, pairs;
	igraph_vector_int_t *runs;	/* per Leiden run: its membership */
	double *mods;			/* per run: its modularity */
};

static int consume_paths(struct ctx *c, struct paths_acc *acc,
			 const struct tsu_buf *b)
{
	struct tsu_analysis *a = c->a;
	igraph_integer_t v, n = a->n;
	double head[3];
	const double *bet, *harm;
	int rc;

	if ((rc = check_len(c, b, (3 + 2 * (size_t)n) * sizeof(double))))
		return rc;
	memcpy(head, b->p, sizeof(head));
	bet = (const double *)(void *)(b->p + sizeof(head));
	harm = bet + n;
	acc->hops += head[0];
	acc->pairs += head[1];
	a->path_sources += (igraph_integer_t)head[2];
	for (v = 0; v < n; v++) {
		VECTOR(a->betweenness)[v] += bet[v];
		VECTOR(a->harmonic)[v] += harm[v];
	}
	return TSU_OK;
}

/* The largest component's eigenvector scores, 0 elsewhere. */
static int consume_eigen(struct ctx *c, const struct tsu_buf *b)
{
	struct tsu_analysis *a = c->a;
	const double *ev = (const double *)(void *)b->p;
	igraph_integer_t v;
	int rc;

	if (!b->len)
		return TSU_OK;
	if ((rc = check_len(c, b, (size_t)igraph_vcount(&c->lcc) *
					  sizeof(double))))
		return rc;
	for (v = 0; v < a->n; v++)
		if (c->lcc_of[v] >= 0)
			VECTOR(a->eigenvector)[v] = fabs(ev[c->lcc_of[v]]);
	return TSU_OK;
}

static int consume_leiden(struct ctx *c, struct paths_acc *acc, int r,
			  const struct tsu_buf *b)
{
	struct tsu_analysis *a = c->a;
	igraph_integer_t v;
	int rc;

	if ((rc = check_len(c, b, sizeof(double) +
					  (size_t)a->n * sizeof(int32_t))))
		return rc;
	if (igraph_vector_int_init(&acc->runs[r], a->n))
		return tsu_error_oom(c->err);
	memcpy(&acc->mods[r], b->p, sizeof(double));
	for (v = 0; v < a->n; v++) {
		int32_t x;

		memcpy(&x, b->p + sizeof(double) + (size_t)v * sizeof(x),
		       sizeof(x));
		VECTOR(acc->runs[r])[v] = x;
	}
	return TSU_OK;
}

static int consume_task(void *vc, int i, const struct tsu_buf *b,
			struct tsu_error *err)
{
	struct ctx *c = vc;

	(void)err;
	if (i < c->chunks)
		return consume_paths(c, c->acc, b);
	if (i == c->chunks)
		return consume_eigen(c, b);
	return consume_leiden(c, c->acc, i - c->chunks - 1, b);
}

/* Communities given by the caller (a stored analysis): one "run". */
static int given_membership(struct ctx *c, struct paths_acc *acc)
{
	struct tsu_analysis *a = c->a;
	igraph_integer_t v;
	igraph_error_t e;

	if (igraph_vector_int_init(&acc->runs[0], a->n))
		return tsu_error_oom(c->err);
	for (v = 0; v < a->n; v++) {
		if (c->o->membership[v] < 0 || c->o->membership[v] >= a->n)
			return tsu_error_set(c->err, TSU_EINTERNAL, NULL, 0, 0,
					     "community %lld out of range",
					     (long long)c->o->membership[v]);
		VECTOR(acc->runs[0])[v] = c->o->membership[v];
	}
	acc->mods[0] = NAN;
	if (a->m > 0 &&
	    (e = igraph_modularity(c->g, &acc->runs[0], &c->gr->weight,
				   c->o->resolution, 0, &acc->mods[0])))
		return ig_fail(e, c->err, "modularity");
	return TSU_OK;
}

static int parallel(struct ctx *c)
{
	struct tsu_analysis *a = c->a;
	const struct tsu_analyze_opts *o = c->o;
	struct paths_acc acc = { 0, 0, NULL, NULL };
	igraph_integer_t k = a->n_tied, v, n = a->n;
	double scale, pn;
	int ntasks, nruns, r, rc;

	if (o->samples > 0)
		k = o->samples < a->n_tied ? o->samples : a->n_tied;
	else if (o->samples == 0)
		k = auto_samples(a->n_tied, a->n, a->m);
	if (a->m == 0 || o->groups_only)
		k = 0;
	if ((rc = plan_sources(c, k)))
		return rc;
	a->sources = k < a->n_tied ? k : 0;
	c->chunks = (int)((k + SOURCE_CHUNK - 1) / SOURCE_CHUNK);
	nruns = o->membership ? 0 : o->runs;
	ntasks = c->chunks + 1 + nruns;
	acc.runs = calloc((size_t)o->runs + 1, sizeof(*acc.runs));
	acc.mods = calloc((size_t)o->runs + 1, sizeof(*acc.mods));
	if (!acc.runs || !acc.mods) {
		rc = tsu_error_oom(c->err);
		goto out;
	}
	c->acc = &acc;
	igraph_vector_null(&a->betweenness);
	igraph_vector_null(&a->harmonic);
	igraph_vector_null(&a->eigenvector);
	task_done(c, 0, ntasks);
	if ((rc = tsu_pool_run(ntasks, o->workers > 0 ? o->workers :
							 tsu_pool_workers(),
			       run_task, consume_task, c, task_done, c->err)))
		goto out;
	if (o->membership && (rc = given_membership(c, &acc)))
		goto out;
	if ((rc = communities(c, acc.runs, acc.mods, nruns ? nruns : 1)))
		goto out;
	scale = k > 0 ? (double)a->n_tied / (double)k : 0;
	pn = (double)(a->n_tied - 1) * (double)(a->n_tied - 2) / 2;
	for (v = 0; v < n; v++) {
		VECTOR(a->betweenness)[v] =
			pn > 0 ? VECTOR(a->betweenness)[v] * scale / pn : 0;
		VECTOR(a->harmonic)[v] *= n > 1 ? scale / (double)(n - 1) : 0;
	}
	a->avg_path = acc.pairs > 0 && igraph_vcount(&c->lcc) > 1 ?
			      acc.hops / acc.pairs : NAN;
out:
	c->acc = NULL;
	for (r = 0; acc.runs && r <= o->runs; r++)
		if (acc.runs[r].stor_begin)
			igraph_vector_int_destroy(&acc.runs[r]);
	free(acc.runs);
	free(acc.mods);
	return rc;
}

/* --- constraint, effective size ------------------------------------------ */

/*
 * Burt's structural holes, weighted, with p_iq = w_iq / strength(i):
 *   effective size: for each neighbour j of i, 1 minus the redundancy sum
 *     over their common neighbours q of p_iq m_jq, m_jq = w_jq / (j's
 *     heaviest tie).  Unweighted: degree - 2 * (ties among neighbours) /
 *     degree.
 *   constraint: the sum over neighbours j of (p_ij + sum over common
 *     neighbours q of p_iq p_qj)^2, as igraph_constraint() computes it.
 * igraph's constraint walks every neighbour's whole list, which costs the
 * sum of the degrees squared: one hub of 100k ties makes it 10^10 steps.
 * Here the common neighbours of i and j are found from the shorter side,
 * so the cost is the sum over ties of the smaller end's degree (times a
 * log).  The tests check both against igraph and NetworkX's definitions.
 */
static int structural_holes(struct ctx *c)
{
	struct tsu_analysis *a = c->a;
	const igraph_vector_t *w = &c->gr->weight;
	igraph_inclist_t il;
	double *p = NULL, *maxw = NULL;
	igraph_integer_t i, x, y;
	int rc = TSU_OK;

	progress(c, "constraint and effective size", 0);
	IG(igraph_inclist_init(c->g, &il, IGRAPH_ALL, IGRAPH_LOOPS_ONCE),
	   "effective size");
	p = calloc((size_t)a->n + 1, sizeof(*p));
	maxw = calloc((size_t)a->n + 1, sizeof(*maxw));
	if (!p || !maxw) {
		rc = tsu_error_oom(c->err);
		goto out;
	}
	for (i = 0; i < a->n; i++) {
		igraph_vector_int_t *inc = igraph_inclist_get(&il, i);

		for (x = 0; x < igraph_vector_int_size(inc); x++) {
			double wx = VECTOR(*w)[VECTOR(*inc)[x]];

			if (wx > maxw[i])
				maxw[i] = wx;
		}
	}
	for (i = 0; i < a->n; i++) {
		igraph_vector_int_t *inc = igraph_inclist_get(&il, i);
		igraph_integer_t deg = igraph_vector_int_size(inc);
		double s = VECTOR(a->strength)[i], es = 0, con = 0;

		if (deg == 0) {
			VECTOR(a->effective_size)[i] = NAN;
			VECTOR(a->constraint)[i] = NAN;
			continue;
		}
		for (x = 0; x < deg; x++) {
			igraph_integer_t e = VECTOR(*inc)[x];

			p[IGRAPH_OTHER(c->g, e, i)] = VECTOR(*w)[e] / s;
		}
		for (x = 0; x < deg; x++) {
			igraph_integer_t j = IGRAPH_OTHER(c->g, VECTOR(*inc)[x], i);
			igraph_vector_int_t *jinc = igraph_inclist_get(&il, j);
			double red = 0, ind = 0;

			/*
			 * The common neighbours of i and j, from the shorter
			 * side: j's ties against i's marks, or i's ties looked
			 * up among j's (a hub's list is never walked for each
			 * of its many leaves).
			 */
			if (igraph_vector_int_size(jinc) <= deg) {
				for (y = 0; y < igraph_vector_int_size(jinc); y++) {
					igraph_integer_t e = VECTOR(*jinc)[y];
					igraph_integer_t q = IGRAPH_OTHER(c->g, e, j);

					if (q != i && p[q] > 0) {
						red += p[q] * VECTOR(*w)[e] /
						       maxw[j];
						ind += p[q] * VECTOR(*w)[e] /
						       VECTOR(a->strength)[q];
					}
				}
			} else {
				for (y = 0; y < deg; y++) {
					igraph_integer_t q = IGRAPH_OTHER(
						c->g, VECTOR(*inc)[y], i);
					igraph_integer_t e = -1;

					if (q == j)
						continue;
					igraph_get_eid(c->g, &e, j, q, 0, 0);
					if (e >= 0) {
						red += p[q] * VECTOR(*w)[e] /
						       maxw[j];
						ind += p[q] * VECTOR(*w)[e] /
						       VECTOR(a->strength)[q];
					}
				}
			}
			es += 1 - red;
			con += (p[j] + ind) * (p[j] + ind);
		}
		for (x = 0; x < deg; x++)
			p[IGRAPH_OTHER(c->g, VECTOR(*inc)[x], i)] = 0;
		VECTOR(a->effective_size)[i] = es;
		VECTOR(a->constraint)[i] = con;
	}
out:
	free(p);
	free(maxw);
	igraph_inclist_destroy(&il);
	return rc;
}

/* --- articulation points and bridges ------------------------------------ */

static int cmp_bridge(const void *x, const void *y)
{
	const struct tsu_bridge *p = x, *q = y;
	igraph_integer_t sp = p->side_a < p->side_b ? p->side_a : p->side_b;
	igraph_integer_t sq = q->side_a < q->side_b ? q->side_a : q->side_b;

	if (sp != sq)
		return sp > sq ? -1 : 1;
	return (p->edge > q->edge) - (p->edge < q->edge);
}

/*
 * The sides of each bridge: the blocks left when every bridge is removed
 * form a forest joined by the bridges; a bridge's lower side is the subtree
 * below it, the other side the rest of its component.
 */
static int bridges(struct ctx *c)
{
	struct tsu_analysis *a = c->a;
	/* zeroed, so that destroying one never initialised is harmless */
	igraph_vector_int_t br = { 0 }, ap = { 0 }, blk = { 0 }, bsize = { 0 };
	igraph_vector_int_t tedges = { 0 }, order = { 0 }, parents = { 0 };
	igraph_t rest, tree;
	igraph_integer_t nb, nbl, i, v;
	double *sub = NULL;
	int rc = TSU_OK, have_rest = 0, have_tree = 0;

	progress(c, "articulation points and bridges", 0);
	if (igraph_vector_int_init(&br, 0) || igraph_vector_int_init(&ap, 0) ||
	    igraph_vector_int_init(&blk, 0) ||
	    igraph_vector_int_init(&bsize, 0) ||
	    igraph_vector_int_init(&tedges, 0) ||
	    igraph_vector_int_init(&order, 0) ||
	    igraph_vector_int_init(&parents, 0) ||
	    igraph_articulation_points(c->g, &ap) || igraph_bridges(c->g, &br)) {
		rc = tsu_error_oom(c->err);
		goto out;
	}
	for (i = 0; i < igraph_vector_int_size(&ap); i++)
		a->articulation[VECTOR(ap)[i]] = 1;
	nb = igraph_vector_int_size(&br);
	if (nb == 0)
		goto out;
	igraph_vector_int_sort(&br);
	if (igraph_copy(&rest, c->g)) {
		rc = tsu_error_oom(c->err);
		goto out;
	}
	have_rest = 1;
	if (igraph_delete_edges(&rest, igraph_ess_vector(&br)) ||
	    igraph_connected_components(&rest, &blk, &bsize, &nbl,
					IGRAPH_WEAK) ||
	    igraph_vector_int_resize(&tedges, 2 * nb)) {
		rc = tsu_error_oom(c->err);
		goto out;
	}
	for (i = 0; i < nb; i++) {
		igraph_integer_t e = VECTOR(br)[i];

		VECTOR(tedges)[2 * i] = VECTOR(blk)[IGRAPH_FROM(c->g, e)];
		VECTOR(tedges)[2 * i + 1] = VECTOR(blk)[IGRAPH_TO(c->g, e)];
	}
	if (igraph_create(&tree, &tedges, nbl, IGRAPH_UNDIRECTED)) {
		rc = tsu_error_oom(c->err);
		goto out;
	}
	have_tree = 1;
	if (igraph_bfs(&tree, 0, NULL, IGRAPH_ALL, 1, NULL, &order, NULL,
		       &parents, NULL, NULL, NULL, NULL, NULL) ||
	    !(sub = calloc((size_t)nbl + 1, sizeof(*sub))) ||
	    !(a->bridges = calloc((size_t)nb, sizeof(*a->bridges)))) {
		rc = tsu_error_oom(c->err);
		goto out;
	}
	for (v = 0; v < nbl; v++)
		sub[v] = (double)VECTOR(bsize)[v];
	for (i = igraph_vector_int_size(&order) - 1; i >= 0; i--) {
		igraph_integer_t x = VECTOR(order)[i];

		if (x >= 0 && VECTOR(parents)[x] >= 0)
			sub[VECTOR(parents)[x]] += sub[x];
	}
	for (i = 0; i < nb; i++) {
		igraph_integer_t e = VECTOR(br)[i];
		igraph_integer_t x = IGRAPH_FROM(c->g, e), y = IGRAPH_TO(c->g, e);
		igraph_integer_t bx = VECTOR(blk)[x], by = VECTOR(blk)[y];
		igraph_integer_t total =
			VECTOR(a->comp_size)[VECTOR(a->component)[x]];
		struct tsu_bridge *b = &a->bridges[i];
		igraph_integer_t side_y;

		/* the side that hangs below the bridge in the BFS forest */
		if (VECTOR(parents)[by] == bx)
			side_y = (igraph_integer_t)sub[by];
		else
			side_y = total - (igraph_integer_t)sub[bx];
		b->edge = e;
		b->a = x < y ? x : y;
		b->b = x < y ? y : x;
		b->side_a = x < y ? total - side_y : side_y;
		b->side_b = total - b->side_a;
	}
	a->n_bridges = (size_t)nb;
	qsort(a->bridges, a->n_bridges, sizeof(*a->bridges), cmp_bridge);
out:
	free(sub);
	if (have_rest)
		igraph_destroy(&rest);
	if (have_tree)
		igraph_destroy(&tree);
	igraph_vector_int_destroy(&br);
	igraph_vector_int_destroy(&ap);
	igraph_vector_int_destroy(&blk);
	igraph_vector_int_destroy(&bsize);
	igraph_vector_int_destroy(&tedges);
	igraph_vector_int_destroy(&order);
	igraph_vector_int_destroy(&parents);
	return rc;
}

/* --- network level: centralisation, mixing, cut-off groups --------------- */

static int push_cutoff(struct ctx *c, struct tsu_cutoff cut)
{
	struct tsu_analysis *a = c->a;
	struct tsu_cutoff *p;

	if ((a->n_cutoffs & (a->n_cutoffs + 1)) == 0) {	/* 0, 1, 3, 7, ... */
		p = realloc(a->cutoffs, (2 * a->n_cutoffs + 2) * sizeof(*p));
		if (!p)
			return tsu_error_oom(c->err);
		a->cutoffs = p;
	}
	a->cutoffs[a->n_cutoffs++] = cut;
	return TSU_OK;
}

static int network(struct ctx *c)
{
	struct tsu_analysis *a = c->a;
	const struct tsu_graph *gr = c->gr;
	igraph_vector_int_t types;
	double deg_sum[TSU_SECTOR_COUNT] = { 0 };
	igraph_integer_t v, e, s, t;
	igraph_real_t cent;

	progress(c, "mixing", 0);
	a->centralization = NAN;
	if (a->n > 2)
		IG(igraph_centralization_degree(c->g, NULL, IGRAPH_ALL, 0, &cent,
						NULL, 1), "centralisation");
	if (a->n > 2)
		a->centralization = cent;
	IG(igraph_vector_int_init(&types, a->n), "assortativity");
	for (v = 0; v < a->n; v++) {
		VECTOR(types)[v] = gr->sector[v];
		a->sector_size[gr->sector[v]]++;
		deg_sum[gr->sector[v]] += (double)VECTOR(a->degree)[v];
	}
	a->assortativity = NAN;
	if (a->m > 0 &&
	    igraph_assortativity_nominal(c->g, &types, &a->assortativity, 0,
					 1)) {
		igraph_vector_int_destroy(&types);
		return tsu_error_oom(c->err);
	}
	igraph_vector_int_destroy(&types);
	for (e = 0; e < a->m; e++) {
		s = gr->sector[IGRAPH_FROM(c->g, e)];
		t = gr->sector[IGRAPH_TO(c->g, e)];
		a->mix_obs[s < t ? s : t][s < t ? t : s] += 1;
	}
	for (s = 0; s < TSU_SECTOR_COUNT; s++)
		for (t = s; t < TSU_SECTOR_COUNT; t++)
			a->mix_exp[s][t] =
				a->m == 0 ? 0 :
				s == t ? deg_sum[s] * deg_sum[s] / (4.0 * (double)a->m) :
					 deg_sum[s] * deg_sum[t] / (2.0 * (double)a->m);
	return TSU_OK;
}

static int cutoffs(struct ctx *c)
{
	struct tsu_analysis *a = c->a;
	const struct tsu_graph *gr = c->gr;
	igraph_integer_t v, e, k, sectors = 0;
	igraph_integer_t *acount = NULL, *across = NULL, *aties = NULL;
	unsigned char *mixed = NULL;
	igraph_integer_t *ties_in = NULL, *first = NULL;
	igraph_integer_t scross[TSU_SECTOR_COUNT] = { 0 };
	int rc = TSU_OK;
	size_t ar;

	progress(c, "isolated groups", 0);
	for (v = 0; v < a->n; v++)
		if (VECTOR(a->degree)[v] == 0 &&
		    (rc = push_cutoff(c, (struct tsu_cutoff){
				.kind = TSU_CUT_ISOLATED, .group = v, .size = 1 })))
			return rc;
	ties_in = calloc((size_t)(a->n_components > a->n_communities ?
					  a->n_components : a->n_communities) + 1,
			 sizeof(*ties_in));
	mixed = calloc((size_t)a->n_communities + 1, 1);
	first = malloc(((size_t)a->n_communities + 1) * sizeof(*first));
	acount = calloc(gr->n_areas + 1, sizeof(*acount));
	across = calloc(gr->n_areas + 1, sizeof(*across));
	aties = calloc(gr->n_areas + 1, sizeof(*aties));
	if (!ties_in || !mixed || !first || !acount || !across || !aties) {
		rc = tsu_error_oom(c->err);
		goto out;
	}
	for (e = 0; e < a->m; e++)
		ties_in[VECTOR(a->component)[IGRAPH_FROM(c->g, e)]]++;
	for (k = 1; k < a->n_components; k++) {
		igraph_integer_t size = VECTOR(a->comp_size)[k];

		if (size < 2)
			continue;
		if ((rc = push_cutoff(c, (struct tsu_cutoff){
				.kind = TSU_CUT_COMPONENT, .group = k,
				.size = size, .ties = ties_in[k],
				.small = size < a->small })))
			goto out;
	}
	/* communities whose ties all stay within one sector */
	memset(ties_in, 0, ((size_t)a->n_communities + 1) * sizeof(*ties_in));
	for (e = 0; e < a->m; e++) {
		igraph_integer_t x = IGRAPH_FROM(c->g, e), y = IGRAPH_TO(c->g, e);
		igraph_integer_t cx = VECTOR(a->community)[x];
		igraph_integer_t cy = VECTOR(a->community)[y];

		if (gr->sector[x] != gr->sector[y]) {
			mixed[cx] = mixed[cy] = 1;
			scross[gr->sector[x]]++;
			scross[gr->sector[y]]++;
		}
		if (cx == cy)
			ties_in[cx]++;
		if (gr->area[x] >= 0 && gr->area[y] >= 0) {
			if (gr->area[x] != gr->area[y]) {
				across[gr->area[x]]++;
				across[gr->area[y]]++;
			} else {
				aties[gr->area[x]]++;
			}
		}
	}
	for (v = 0; v < a->n; v++) {
		igraph_integer_t k2 = VECTOR(a->community)[v];

		/* a community that is a whole small component is listed above */
		if (a->comm[k2].size ==
			    VECTOR(a->comp_size)[VECTOR(a->component)[v]] &&
		    VECTOR(a->component)[v] != 0)
			mixed[k2] = 1;
		if (gr->area[v] >= 0)
			acount[gr->area[v]]++;
	}
	for (v = a->n - 1; v >= 0; v--)
		first[VECTOR(a->community)[v]] = v;
	for (k = 0; k < TSU_SECTOR_COUNT; k++)
		sectors += a->sector_size[k] > 0;
	for (k = 0; sectors > 1 && k < a->n_communities; k++) {
		if (a->comm[k].size < 2 || mixed[k])
			continue;
		/* its first member's sector is everyone's */
		v = first[k];
		if ((rc = push_cutoff(c, (struct tsu_cutoff){
				.kind = TSU_CUT_COMMUNITY, .group = k,
				.size = a->comm[k].size, .ties = ties_in[k],
				.sector = gr->sector[v] })))
			goto out;
	}
	for (k = 0; sectors > 1 && k < TSU_SECTOR_COUNT; k++)
		if (a->sector_size[k] > 0 && scross[k] == 0 &&
		    (rc = push_cutoff(c, (struct tsu_cutoff){
				.kind = TSU_CUT_SECTOR, .group = k,
				.size = a->sector_size[k],
				.ties = (igraph_integer_t)a->mix_obs[k][k],
				.sector = (int)k })))
			goto out;
	for (ar = 0; gr->n_areas > 1 && ar < gr->n_areas; ar++)
		if (across[ar] == 0 &&
		    (rc = push_cutoff(c, (struct tsu_cutoff){
				.kind = TSU_CUT_AREA, .group = (igraph_integer_t)ar,
				.size = acount[ar], .ties = aties[ar] })))
			goto out;
out:
	free(ties_in);
	free(first);
	free(mixed);
	free(acount);
	free(across);
	free(aties);
	return rc;
}

static void peripheral(struct ctx *c)
{
	struct tsu_analysis *a = c->a;
	igraph_integer_t v, lo = -1, hi = -1;

	for (v = 0; v < a->n; v++) {
		igraph_integer_t k = VECTOR(a->coreness)[v];

		if (VECTOR(a->degree)[v] == 0)
			continue;
		if (lo < 0 || k < lo)
			lo = k;
		if (k > hi)
			hi = k;
	}
	for (v = 0; v < a->n; v++) {
		igraph_integer_t size =
			VECTOR(a->comp_size)[VECTOR(a->component)[v]];

		if (VECTOR(a->degree)[v] == 0)
			continue;
		a->peripheral[v] = size < a->small ||
				   (hi > lo && VECTOR(a->coreness)[v] == lo);
	}
}

/* --- the whole analysis -------------------------------------------------- */

static int init_vectors(struct tsu_analysis *a, igraph_integer_t n)
{
	igraph_vector_int_t *iv[] = { &a->component, &a->community,
				      &a->coreness, &a->degree, &a->comp_size };
	igraph_vector_t *rv[] = { &a->strength, &a->betweenness, &a->harmonic,
				  &a->eigenvector, &a->constraint,
				  &a->effective_size, &a->stability };
	size_t i;

	for (i = 0; i < sizeof(iv) / sizeof(*iv); i++)
		if (igraph_vector_int_init(iv[i], iv[i] == &a->comp_size ? 0 : n))
			return -1;
	for (i = 0; i < sizeof(rv) / sizeof(*rv); i++)
		if (igraph_vector_init(rv[i], n))
			return -1;
	a->articulation = calloc((size_t)n + 1, 1);
	a->peripheral = calloc((size_t)n + 1, 1);
	return a->articulation && a->peripheral ? 0 : -1;
}

int tsu_analyze(const struct tsu_graph *gr, const struct tsu_analyze_opts *o,
		struct tsu_analysis *out, struct tsu_error *err)
{
	struct ctx c = { .gr = gr, .g = &gr->g, .o = o, .a = out, .err = err };
	int rc;

	memset(out, 0, sizeof(*out));
	if (o->runs < 1 || !(o->resolution > 0) || o->small < 1)
		return tsu_error_set(err, TSU_EUSAGE, NULL, 0, 0,
				     "runs, resolution and the small-component "
				     "size must be positive");
	out->n = igraph_vcount(&gr->g);
	out->m = igraph_ecount(&gr->g);
	out->seed = o->seed;
	out->resolution = o->resolution;
	out->runs = o->runs;
	out->small = o->small;
	out->ready = 1;
	if (init_vectors(out, out->n) ||
	    igraph_vector_int_init(&c.sources, 0)) {
		tsu_analysis_release(out);
		return tsu_error_oom(err);
	}
	if ((rc = basics(&c)) || (!o->groups_only && (rc = make_lcc(&c))) ||
	    (rc = parallel(&c)))
		goto out;
	if ((rc = community_weights(&c)))
		goto out;
	if (!o->groups_only &&
	    ((rc = structural_holes(&c)) || (rc = bridges(&c))))
		goto out;
	if ((rc = network(&c)) || (rc = cutoffs(&c)))
		goto out;
	peripheral(&c);
out:
	if (c.lcc_ready) {
		igraph_destroy(&c.lcc);
		igraph_vector_destroy(&c.lcc_weight);
	}
	free(c.lcc_of);
	igraph_vector_int_destroy(&c.sources);
	if (rc)
		tsu_analysis_release(out);
	return rc;
}

void tsu_analysis_release(struct tsu_analysis *a)
{
	if (a->ready) {
		igraph_vector_int_t *iv[] = { &a->component, &a->community,
					      &a->coreness, &a->degree,
					      &a->comp_size };
		igraph_vector_t *rv[] = { &a->strength, &a->betweenness,
					  &a->harmonic, &a->eigenvector,
					  &a->constraint, &a->effective_size,
					  &a->stability };
		size_t i;

		for (i = 0; i < sizeof(iv) / sizeof(*iv); i++)
			if (iv[i]->stor_begin)
				igraph_vector_int_destroy(iv[i]);
		for (i = 0; i < sizeof(rv) / sizeof(*rv); i++)
			if (rv[i]->stor_begin)
				igraph_vector_destroy(rv[i]);
	}
	free(a->articulation);
	free(a->peripheral);
	free(a->comm);
	free(a->bridges);
	free(a->cutoffs);
	memset(a, 0, sizeof(*a));
}
