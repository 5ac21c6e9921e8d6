/* match.c - partner matching; see tsu_match.h. */
#include "tsu_match.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsu_map.h"

static int oom(struct tsu_error *err)
{
	return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0, "out of memory");
}

/* --- profiles ------------------------------------------------------------ */

/* A growable array of (organisation, concept) links of one list. */
struct links {
	uint64_t *v;		/* organisation << 32 | concept */
	size_t n, cap;
};

struct loader {
	struct tsu_profiles *p;
	struct tsu_map concepts;	/* folded spelling -> concept id */
	uint32_t *tag_concept;		/* per tag id */
	size_t n_tags;
	size_t pool_len, pool_cap;
	struct links links[TSU_LIST_COUNT];
	struct tsu_error *err;
};

static int add_concept_label(struct loader *L, const char *label,
			     uint32_t c)
{
	struct tsu_profiles *p = L->p;
	size_t n = strlen(label) + 1;

	if ((c & (c - 1)) == 0) {	/* 0, 1, 2, 4, ...: grow */
		size_t *q = realloc(p->label, (c ? 2 * (size_t)c : 1) *
						      sizeof(*q));

		if (!q)
			return oom(L->err);
		p->label = q;
	}
	if (L->pool_cap - L->pool_len < n) {
		size_t cap = L->pool_cap ? L->pool_cap : 4096;
		char *q;

		while (cap - L->pool_len < n)
			cap *= 2;
		if (!(q = realloc(p->pool, cap)))
			return oom(L->err);
		p->pool = q;
		L->pool_cap = cap;
	}
	memcpy(p->pool + L->pool_len, label, n);
	p->label[c] = L->pool_len;
	L->pool_len += n;
	return TSU_OK;
}

static int on_tag(void *ctx, int64_t id, int kind, const char *norm,
		  const char *label)
{
	struct loader *L = ctx;
	int64_t c;

	(void)kind;
	if (id < 0 || id > UINT32_MAX)
		return tsu_error_set(L->err, TSU_ESTORE, NULL, 0, 0,
				     "store is damaged: tag id %lld",
				     (long long)id);
	if ((size_t)id >= L->n_tags) {
		size_t n = L->n_tags ? L->n_tags : 256;
		uint32_t *q;

		while (n <= (size_t)id)
			n *= 2;
		if (!(q = realloc(L->tag_concept, n * sizeof(*q))))
			return oom(L->err);
		memset(q + L->n_tags, 0xff, (n - L->n_tags) * sizeof(*q));
		L->tag_concept = q;
		L->n_tags = n;
	}
	if (!tsu_map_get(&L->concepts, norm, strlen(norm), &c)) {
		c = L->p->n_concepts;
		if (tsu_map_put(&L->concepts, norm, strlen(norm), c) < 0 ||
		    add_concept_label(L, label, (uint32_t)c))
			return oom(L->err);
		L->p->n_concepts++;
	}
	L->tag_concept[id] = (uint32_t)c;
	return TSU_OK;
}

static int on_link(void *ctx, int64_t org, int64_t tag, int kind)
{
	struct loader *L = ctx;
	int64_t v = org - L->p->first_org;
	int l = kind == TSU_TAG_OFFER ? TSU_LIST_OFFER :
		kind == TSU_TAG_NEED  ? TSU_LIST_NEED :
					TSU_LIST_THEME;
	struct links *k = &L->links[l];

	if (v < 0 || v >= L->p->n || tag < 0 || (size_t)tag >= L->n_tags ||
	    L->tag_concept[tag] == UINT32_MAX)
		return tsu_error_set(L->err, TSU_ESTORE, NULL, 0, 0,
				     "store is damaged: a tag link names an "
				     "unknown organisation or tag");
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 4096;
		uint64_t *q = realloc(k->v, cap * sizeof(*q));

		if (!q)
			return oom(L->err);
		k->v = q;
		k->cap = cap;
	}
	k->v[k->n++] = (uint64_t)v << 32 | L->tag_concept[tag];
	return TSU_OK;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return (a > b) - (a < b);
}

/* Sorts, removes repeats (a field and an interest of one concept) and
 * builds list l's CSR arrays and document frequencies. */
static int build_list(struct loader *L, int l)
{
	struct tsu_profiles *p = L->p;
	struct links *k = &L->links[l];
	size_t i, m = 0;
	int64_t v;

	if (k->n)
		qsort(k->v, k->n, sizeof(*k->v), cmp_u64);
	p->start[l] = calloc((size_t)p->n + 1, sizeof(*p->start[l]));
	p->ids[l] = malloc((k->n ? k->n : 1) * sizeof(*p->ids[l]));
	p->df[l] = calloc((size_t)p->n_concepts + 1, sizeof(*p->df[l]));
	if (!p->start[l] || !p->ids[l] || !p->df[l])
		return oom(L->err);
	for (i = 0; i < k->n; i++) {
		if (i && k->v[i] == k->v[i - 1])
			continue;
		v = (int64_t)(k->v[i] >> 32);
		p->ids[l][m++] = (uint32_t)k->v[i];
		p->start[l][v + 1]++;
		p->df[l][(uint32_t)k->v[i]]++;
	}
	for (v = 0; v < p->n; v++)
		p->start[l][v + 1] += p->start[l][v];
	return TSU_OK;
}

int tsu_profiles_load(struct tsu_store *st, const struct tsu_snapshot *snap,
		      struct tsu_profiles *out, struct tsu_error *err)
{
	struct loader L = { .p = out, .concepts = TSU_MAP_INIT, .err = err };
	int rc = TSU_OK, l;

	memset(out, 0, sizeof(*out));
	out->n = snap->n_orgs;
	out->first_org = snap->first_org;
	if ((rc = tsu_store_each_tag(st, on_tag, &L, err)) ||
	    (rc = tsu_store_each_link(st, snap, on_link, &L, err)))
		goto out;
	for (l = 0; l < TSU_LIST_COUNT && !rc; l++)
		rc = build_list(&L, l);
out:
	for (l = 0; l < TSU_LIST_COUNT; l++)
		free(L.links[l].v);
	free(L.tag_concept);
	tsu_map_release(&L.concepts);
	if (rc)
		tsu_profiles_release(out);
	return rc;
}

void tsu_profiles_release(struct tsu_profiles *p)
{
	int l;

	for (l = 0; l < TSU_LIST_COUNT; l++) {
		free(p->start[l]);
		free(p->ids[l]);
		free(p->df[l]);
	}
	free(p->label);
	free(p->pool);
	memset(p, 0, sizeof(*p));
}

/* --- scores -------------------------------------------------------------- */

static double idf(int64_t n, uint32_t df)
{
	return log((1.0 + (double)n) / (1.0 + (double)df)) + 1.0;
}

int tsu_matcher_init(struct tsu_matcher *m, const struct tsu_graph *gr,
		     const struct tsu_profiles *p,
		     const struct tsu_match_weights *w, struct tsu_error *err)
{
	struct tsu_match_weights def = TSU_MATCH_WEIGHTS_INIT;
	double sum;
	int64_t v;
	int l, s, t;

	memset(m, 0, sizeof(*m));
	if (!w)
		w = &def;
	sum = w->themes + w->complement + w->cross + w->proximity + w->mutual;
	if (w->themes < 0 || w->complement < 0 || w->cross < 0 ||
	    w->proximity < 0 || w->mutual < 0 || !(sum > 0) || !isfinite(sum))
		return tsu_error_set(err, TSU_EUSAGE, NULL, 0, 0,
				     "score weights must be 0 or more, and "
				     "not all 0");
	if (p->n != gr->n)
		return tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0,
				     "profiles and graph of different "
				     "snapshots");
	m->gr = gr;
	m->p = p;
	m->w = (struct tsu_match_weights){ w->themes / sum, w->complement / sum,
					   w->cross / sum, w->proximity / sum,
					   w->mutual / sum };
	m->proximity_km = 5.0;
	for (s = 0; s < TSU_SECTOR_COUNT; s++)
		for (t = 0; t < TSU_SECTOR_COUNT; t++)
			m->cross[s][t] = s == t ? 0.0 :
					 s == TSU_SECTOR_OTHER ||
							 t == TSU_SECTOR_OTHER ?
						  0.5 :
						  1.0;
	for (l = 0; l < TSU_LIST_COUNT; l++) {
		uint32_t c;

		if (!(m->idf[l] = malloc(((size_t)p->n_concepts + 1) *
					 sizeof(double))))
			goto nomem;
		for (c = 0; c < p->n_concepts; c++)
			m->idf[l][c] = idf(p->n, p->df[l][c]);
	}
	m->theme_norm = calloc((size_t)p->n + 1, sizeof(double));
	m->need_mass = calloc((size_t)p->n + 1, sizeof(double));
	if (!m->theme_norm || !m->need_mass)
		goto nomem;
	for (v = 0; v < p->n; v++) {
		const uint32_t *ids;
		size_t k = tsu_profile_list(p, v, TSU_LIST_THEME, &ids), i;
		double ss = 0;

		for (i = 0; i < k; i++)
			ss += m->idf[TSU_LIST_THEME][ids[i]] *
			      m->idf[TSU_LIST_THEME][ids[i]];
		m->theme_norm[v] = sqrt(ss);
		k = tsu_profile_list(p, v, TSU_LIST_NEED, &ids);
		for (i = 0; i < k; i++)
			m->need_mass[v] += m->idf[TSU_LIST_OFFER][ids[i]];
	}
	if (igraph_adjlist_init(&gr->g, &m->adj, IGRAPH_ALL, IGRAPH_NO_LOOPS,
				IGRAPH_NO_MULTIPLE))
		goto nomem;
	m->ready = 1;
	return TSU_OK;
nomem:
	tsu_matcher_release(m);
	return oom(err);
}

void tsu_matcher_release(struct tsu_matcher *m)
{
	int l;

	if (m->ready)
		igraph_adjlist_destroy(&m->adj);
	for (l = 0; l < TSU_LIST_COUNT; l++)
		free(m->idf[l]);
	free(m->theme_norm);
	free(m->need_mass);
	memset(m, 0, sizeof(*m));
}

/* Sum of weight[c] over the concepts both sorted lists hold. */
static double overlap(const uint32_t *x, size_t nx, const uint32_t *y,
		      size_t ny, const double *weight, int squared)
{
	size_t i = 0, j = 0;
	double sum = 0;

	while (i < nx && j < ny) {
		if (x[i] < y[j]) {
			i++;
		} else if (x[i] > y[j]) {
			j++;
		} else {
			sum += squared ? weight[x[i]] * weight[x[i]] :
					 weight[x[i]];
			i++;
			j++;
		}
	}
	return sum;
}

/* What a offers that b needs, as a share of b's needs (offer IDF). */
static double cover(const struct tsu_matcher *m, int64_t a, int64_t b)
{
	const uint32_t *o, *nd;
	size_t no = tsu_profile_list(m->p, a, TSU_LIST_OFFER, &o);
	size_t nn = tsu_profile_list(m->p, b, TSU_LIST_NEED, &nd);

	if (!no || !nn || !(m->need_mass[b] > 0))
		return 0;
	return overlap(o, no, nd, nn, m->idf[TSU_LIST_OFFER], 0) /
	       m->need_mass[b];
}

/* Great-circle distance in km (haversine). */
static double km_between(double lat1, double lon1, double lat2, double lon2)
{
	const double r = 6371.0088, rad = M_PI / 180;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double h = sin(dlat / 2) * sin(dlat / 2) +
		   cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) *
			   sin(dlon / 2);

	return 2 * r * asin(sqrt(h < 1 ? h : 1));
}

void tsu_match_pair(const struct tsu_matcher *m, int64_t a, int64_t b,
		    struct tsu_parts *out)
{
	const struct tsu_graph *gr = m->gr;
	const uint32_t *x, *y;
	size_t nx, ny, i = 0, j = 0;
	igraph_vector_int_t *na, *nb;
	double ra = 0;

	memset(out, 0, sizeof(*out));
	/* themes */
	nx = tsu_profile_list(m->p, a, TSU_LIST_THEME, &x);
	ny = tsu_profile_list(m->p, b, TSU_LIST_THEME, &y);
	if (m->theme_norm[a] > 0 && m->theme_norm[b] > 0)
		out->themes = overlap(x, nx, y, ny, m->idf[TSU_LIST_THEME], 1) /
			      (m->theme_norm[a] * m->theme_norm[b]);
	if (out->themes > 1)	/* rounding */
		out->themes = 1;
	/* complement, both ways */
	out->cover_ab = cover(m, a, b);
	out->cover_ba = cover(m, b, a);
	out->complement = 1 - (1 - out->cover_ab) * (1 - out->cover_ba);
	/* sectors */
	out->cross = m->cross[gr->sector[a]][gr->sector[b]];
	/* proximity */
	out->km = NAN;
	if (!isnan(gr->lat[a]) && !isnan(gr->lat[b])) {
		out->km = km_between(gr->lat[a], gr->lon[a], gr->lat[b],
				     gr->lon[b]);
		out->proximity = exp(-out->km / m->proximity_km);
	}
	if (gr->area[a] >= 0 && gr->area[a] == gr->area[b])
		out->proximity = 1;
	/* mutual partners: resource allocation over sorted neighbour lists */
	na = igraph_adjlist_get(&m->adj, a);
	nb = igraph_adjlist_get(&m->adj, b);
	while (i < (size_t)igraph_vector_int_size(na) &&
	       j < (size_t)igraph_vector_int_size(nb)) {
		igraph_integer_t u = VECTOR(*na)[i], w = VECTOR(*nb)[j];

		if (u < w) {
			i++;
		} else if (u > w) {
			j++;
		} else {
			ra += 1.0 / (double)igraph_vector_int_size(
					    igraph_adjlist_get(&m->adj, u));
			i++;
			j++;
		}
	}
	out->mutual = 1 - exp(-2 * ra);
	out->score = m->w.themes * out->themes +
		     m->w.complement * out->complement +
		     m->w.cross * out->cross +
		     m->w.proximity * out->proximity +
		     m->w.mutual * out->mutual;
}
