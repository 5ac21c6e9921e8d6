/* graph.c - the collaboration graph of a snapshot; see tsu_graph.h. */
#include "tsu_graph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsu_map.h"

/* A tie row on its way into the graph: vertex ends a < b, and its weight. */
struct pair {
	uint64_t ab;		/* a << 32 | b: sorts by (a, b) */
	double w;
};

struct loader {
	struct tsu_graph *gr;
	struct tsu_map areas;
	struct pair *pairs;
	size_t npairs, cap;
	struct tsu_error *err;
};

/* Copies s into the pool; returns its offset, or (size_t)-1 on ENOMEM. */
static size_t pool_add(struct tsu_graph *gr, const char *s)
{
	size_t n = strlen(s) + 1, off = gr->pool_len;

	if (gr->pool_cap - gr->pool_len < n) {
		size_t cap = gr->pool_cap ? gr->pool_cap : 4096;
		char *p;

		while (cap - gr->pool_len < n)
			cap *= 2;
		if (!(p = realloc(gr->pool, cap)))
			return (size_t)-1;
		gr->pool = p;
		gr->pool_cap = cap;
	}
	memcpy(gr->pool + off, s, n);
	gr->pool_len += n;
	return off;
}

static int add_org(void *ctx, const struct tsu_org_row *o)
{
	struct loader *L = ctx;
	struct tsu_graph *gr = L->gr;
	igraph_integer_t v = (igraph_integer_t)(o->id - gr->first_org);
	int64_t area;

	if (v < 0 || v >= gr->n)
		return tsu_error_set(L->err, TSU_ESTORE, NULL, 0, 0,
				     "store is damaged: organisation %lld is "
				     "outside its snapshot's range",
				     (long long)o->id);
	if ((gr->key[v] = pool_add(gr, o->key)) == (size_t)-1 ||
	    (gr->name[v] = pool_add(gr, o->name)) == (size_t)-1)
		return tsu_error_oom(L->err);
	gr->sector[v] = (unsigned char)o->sector;
	gr->lat[v] = o->has_coords ? o->lat : NAN;
	gr->lon[v] = o->has_coords ? o->lon : NAN;
	gr->area[v] = -1;
	if (!o->area)
		return TSU_OK;
	if (!tsu_map_get(&L->areas, o->area, strlen(o->area), &area)) {
		size_t *p = realloc(gr->area_name,
				    (gr->n_areas + 1) * sizeof(*p));

		if (!p)
			return tsu_error_oom(L->err);
		gr->area_name = p;
		area = (int64_t)gr->n_areas;
		if ((p[gr->n_areas] = pool_add(gr, o->area)) == (size_t)-1 ||
		    tsu_map_put(&L->areas, o->area, strlen(o->area), area) < 0)
			return tsu_error_oom(L->err);
		gr->n_areas++;
	}
	gr->area[v] = (int32_t)area;
	return TSU_OK;
}

static int add_pair(struct loader *L, int64_t a, int64_t b, double w)
{
	if (L->npairs == L->cap) {
		size_t cap = L->cap ? 2 * L->cap : 4096;
		struct pair *p = realloc(L->pairs, cap * sizeof(*p));

		if (!p)
			return tsu_error_oom(L->err);
		L->pairs = p;
		L->cap = cap;
	}
	L->pairs[L->npairs].ab = (uint64_t)a << 32 | (uint64_t)b;
	L->pairs[L->npairs].w = w;
	L->npairs++;
	return TSU_OK;
}

static int add_tie(void *ctx, int64_t a, int64_t b, double w)
{
	struct loader *L = ctx;
	struct tsu_graph *gr = L->gr;

	a -= gr->first_org;
	b -= gr->first_org;
	if (a < 0 || b < 0 || a >= gr->n || b >= gr->n || a == b ||
	    !(w > 0))
		return tsu_error_set(L->err, TSU_ESTORE, NULL, 0, 0,
				     "store is damaged: a tie names an "
				     "organisation outside its snapshot, or "
				     "has no positive weight");
	return add_pair(L, a < b ? a : b, a < b ? b : a, w);
}

static int cmp_pair(const void *x, const void *y)
{
	const struct pair *p = x, *q = y;

	if (p->ab != q->ab)
		return p->ab < q->ab ? -1 : 1;
	return (p->w > q->w) - (p->w < q->w);
}

static int igraph_fail(igraph_error_t e, struct tsu_error *err,
		       const char *what)
{
	if (e == IGRAPH_ENOMEM)
		return tsu_error_oom(err);
	return tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0, "%s: %s", what,
			     igraph_strerror(e));
}

/*
 * Sorts the pairs by (a, b, weight), adds up the rows of a pair in that
 * order (so the sum does not depend on the order of the file), and makes
 * the igraph graph.
 */
static int build(struct loader *L)
{
	struct tsu_graph *gr = L->gr;
	igraph_vector_int_t edges;
	size_t i, j, m = 0;
	igraph_error_t e;

	if (L->npairs)
		qsort(L->pairs, L->npairs, sizeof(*L->pairs), cmp_pair);
	if (igraph_vector_int_init(&edges, 0) ||
	    igraph_vector_int_reserve(&edges, 2 * (igraph_integer_t)L->npairs)) {
		igraph_vector_int_destroy(&edges);
		return tsu_error_oom(L->err);
	}
	if (igraph_vector_init(&gr->weight, 0)) {
		igraph_vector_int_destroy(&edges);
		return tsu_error_oom(L->err);
	}
	for (i = 0; i < L->npairs; i = j) {
		double w = 0;

		for (j = i; j < L->npairs && L->pairs[j].ab == L->pairs[i].ab;
		     j++)
			w += L->pairs[j].w;
		igraph_vector_int_push_back(&edges,
					    (igraph_integer_t)(L->pairs[i].ab >> 32));
		igraph_vector_int_push_back(&edges,
					    (igraph_integer_t)(L->pairs[i].ab &
							       0xffffffffu));
		if (igraph_vector_push_back(&gr->weight, w)) {
			igraph_vector_int_destroy(&edges);
			igraph_vector_destroy(&gr->weight);
			return tsu_error_oom(L->err);
		}
		m++;
	}
	e = igraph_create(&gr->g, &edges, gr->n, IGRAPH_UNDIRECTED);
	igraph_vector_int_destroy(&edges);
	if (e) {
		igraph_vector_destroy(&gr->weight);
		return igraph_fail(e, L->err, "cannot build the graph");
	}
	if (igraph_vector_init(&gr->length, (igraph_integer_t)m)) {
		igraph_destroy(&gr->g);
		igraph_vector_destroy(&gr->weight);
		return tsu_error_oom(L->err);
	}
	for (i = 0; i < m; i++) {
		double w = VECTOR(gr->weight)[i];

		VECTOR(gr->length)[i] = 1.0 / (w > TSU_GRAPH_MIN_WEIGHT ?
						      w : TSU_GRAPH_MIN_WEIGHT);
	}
	gr->ready = 1;
	return TSU_OK;
}

static int alloc_vertices(struct tsu_graph *gr, igraph_integer_t n,
			  struct tsu_error *err)
{
	size_t k = n > 0 ? (size_t)n : 1;

	gr->n = n;
	gr->sector = calloc(k, sizeof(*gr->sector));
	gr->area = calloc(k, sizeof(*gr->area));
	gr->key = calloc(k, sizeof(*gr->key));
	gr->name = calloc(k, sizeof(*gr->name));
	gr->lat = malloc(k * sizeof(*gr->lat));
	gr->lon = malloc(k * sizeof(*gr->lon));
	if (!gr->sector || !gr->area || !gr->key || !gr->name || !gr->lat ||
	    !gr->lon)
		return tsu_error_oom(err);
	for (size_t i = 0; i < k; i++)
		gr->lat[i] = gr->lon[i] = NAN;
	return TSU_OK;
}

int tsu_graph_load(struct tsu_store *st, const struct tsu_snapshot *snap,
		   struct tsu_graph *out, struct tsu_error *err)
{
	struct loader L = { .gr = out, .areas = TSU_MAP_INIT, .err = err };
	int64_t n = snap->n_orgs;
	int rc;

	memset(out, 0, sizeof(*out));
	out->snapshot = snap->id;
	out->first_org = snap->first_org;
	out->lang = snap->lang;
	if (n < 0 || n > 0x7fffffff ||
	    (n > 0 && snap->last_org - snap->first_org + 1 != n))
		return tsu_error_set(err, TSU_ESTORE, NULL, 0, 0,
				     "store is damaged: snapshot %lld has %lld "
				     "organisations but ids %lld..%lld",
				     (long long)snap->id, (long long)n,
				     (long long)snap->first_org,
				     (long long)snap->last_org);
	if ((rc = alloc_vertices(out, (igraph_integer_t)n, err)) ||
	    (rc = tsu_store_each_org(st, snap, add_org, &L, err)) ||
	    (rc = tsu_store_each_tie(st, snap->id, add_tie, &L, err)) ||
	    (rc = build(&L))) {
		tsu_map_release(&L.areas);
		free(L.pairs);
		tsu_graph_release(out);
		return rc;
	}
	tsu_map_release(&L.areas);
	free(L.pairs);
	return TSU_OK;
}

int tsu_graph_from_edges(igraph_integer_t n, const char *const *names,
			 const unsigned char *sectors, size_t m,
			 const igraph_integer_t *edges, const double *weights,
			 struct tsu_graph *out, struct tsu_error *err)
{
	struct loader L = { .gr = out, .areas = TSU_MAP_INIT, .err = err };
	igraph_integer_t v;
	size_t k;
	int rc = TSU_OK;

	memset(out, 0, sizeof(*out));
	out->lang = TSU_LANG_EN;
	if ((rc = alloc_vertices(out, n, err)))
		goto fail;
	for (v = 0; v < n; v++) {
		char key[24];

		snprintf(key, sizeof(key), "%lld", (long long)v + 1);
		if ((out->key[v] = pool_add(out, key)) == (size_t)-1 ||
		    (out->name[v] = pool_add(out, names ? names[v] : key)) ==
			    (size_t)-1) {
			rc = tsu_error_oom(err);
			goto fail;
		}
		out->sector[v] = sectors ? sectors[v] : TSU_SECTOR_OTHER;
		out->area[v] = -1;
	}
	for (k = 0; k < m; k++) {
		igraph_integer_t a = edges[2 * k], b = edges[2 * k + 1];
		double w = weights ? weights[k] : 1.0;

		if (a < 0 || b < 0 || a >= n || b >= n || a == b || !(w > 0)) {
			rc = tsu_error_set(err, TSU_EINPUT, NULL, 0, 0,
					   "edge %zu (%lld-%lld) is a loop, out "
					   "of range or not positive", k,
					   (long long)a, (long long)b);
			goto fail;
		}
		if ((rc = add_pair(&L, a < b ? a : b, a < b ? b : a, w)))
			goto fail;
	}
	if ((rc = build(&L)))
		goto fail;
	free(L.pairs);
	return TSU_OK;
fail:
	free(L.pairs);
	tsu_graph_release(out);
	return rc;
}

void tsu_graph_release(struct tsu_graph *gr)
{
	if (gr->ready) {
		igraph_destroy(&gr->g);
		igraph_vector_destroy(&gr->weight);
		igraph_vector_destroy(&gr->length);
	}
	free(gr->sector);
	free(gr->area);
	free(gr->area_name);
	free(gr->key);
	free(gr->name);
	free(gr->lat);
	free(gr->lon);
	free(gr->pool);
	memset(gr, 0, sizeof(*gr));
}
