/* match.c - partner matching; see tsu_match.h. */
#include "tsu_match.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsu_map.h"
#include "tsu_pool.h"

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
			return tsu_error_oom(L->err);
		p->label = q;
	}
	if (L->pool_cap - L->pool_len < n) {
		size_t cap = L->pool_cap ? L->pool_cap : 4096;
		char *q;

		while (cap - L->pool_len < n)
			cap *= 2;
		if (!(q = realloc(p->pool, cap)))
			return tsu_error_oom(L->err);
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
			return tsu_error_oom(L->err);
		memset(q + L->n_tags, 0xff, (n - L->n_tags) * sizeof(*q));
		L->tag_concept = q;
		L->n_tags = n;
	}
	if (!tsu_map_get(&L->concepts, norm, strlen(norm), &c)) {
		c = L->p->n_concepts;
		if (tsu_map_put(&L->concepts, norm, strlen(norm), c) < 0 ||
		    add_concept_label(L, label, (uint32_t)c))
			return tsu_error_oom(L->err);
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
			return tsu_error_oom(L->err);
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
		return tsu_error_oom(L->err);
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
		     const struct tsu_match_config *cfg, struct tsu_error *err)
{
	struct tsu_match_config def;
	const struct tsu_match_weights *w;
	double sum;
	int64_t v;
	int l, s, t;

	memset(m, 0, sizeof(*m));
	if (!cfg) {
		tsu_match_config_defaults(&def);
		cfg = &def;
	}
	w = &cfg->w;
	sum = w->themes + w->complement + w->cross + w->proximity + w->mutual;
	if (w->themes < 0 || w->complement < 0 || w->cross < 0 ||
	    w->proximity < 0 || w->mutual < 0 || !(sum > 0) || !isfinite(sum))
		return tsu_error_set(err, TSU_EUSAGE, NULL, 0, 0,
				     "score weights must be 0 or more, and "
				     "not all 0");
	if (!(cfg->proximity_km > 0) || !isfinite(cfg->proximity_km))
		return tsu_error_set(err, TSU_EUSAGE, NULL, 0, 0,
				     "proximity_km must be above 0");
	for (s = 0; s < TSU_SECTOR_COUNT; s++)
		for (t = 0; t < TSU_SECTOR_COUNT; t++)
			if (!(cfg->cross[s][t] >= 0 && cfg->cross[s][t] <= 1) ||
			    cfg->cross[s][t] != cfg->cross[t][s])
				return tsu_error_set(err, TSU_EUSAGE, NULL, 0, 0,
						     "the sector-pair table must "
						     "be symmetric, values from "
						     "0 to 1");
	if (p->n != gr->n)
		return tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0,
				     "profiles and graph of different "
				     "snapshots");
	m->gr = gr;
	m->p = p;
	m->w = (struct tsu_match_weights){ w->themes / sum, w->complement / sum,
					   w->cross / sum, w->proximity / sum,
					   w->mutual / sum };
	m->proximity_km = cfg->proximity_km;
	m->idf_max = idf(p->n, 1);
	memcpy(m->cross, cfg->cross, sizeof(m->cross));
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
	m->lat = malloc(((size_t)p->n + 1) * sizeof(double));
	m->lon = malloc(((size_t)p->n + 1) * sizeof(double));
	m->coslat = malloc(((size_t)p->n + 1) * sizeof(double));
	m->inv_deg = calloc((size_t)p->n + 1, sizeof(double));
	if (!m->theme_norm || !m->need_mass || !m->lat || !m->lon ||
	    !m->coslat || !m->inv_deg)
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
	for (v = 0; v < p->n; v++) {
		igraph_integer_t d =
			igraph_vector_int_size(igraph_adjlist_get(&m->adj, v));
		int ok = !isnan(gr->lat[v]) && !isnan(gr->lon[v]);

		m->inv_deg[v] = d ? 1.0 / (double)d : 0;
		m->lat[v] = ok ? gr->lat[v] * (M_PI / 180) : NAN;
		m->lon[v] = ok ? gr->lon[v] * (M_PI / 180) : NAN;
		m->coslat[v] = ok ? cos(m->lat[v]) : NAN;
	}
	return TSU_OK;
nomem:
	tsu_matcher_release(m);
	return tsu_error_oom(err);
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
	free(m->lat);
	free(m->lon);
	free(m->coslat);
	free(m->inv_deg);
	free(m->fb_start);
	free(m->fb_other);
	free(m->fb_low);
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
	/* each covered need counts its share of b's needs times its rarity:
	   idf / the largest idf there can be (an offer only a has) */
	return overlap(o, no, nd, nn, m->idf[TSU_LIST_OFFER], 1) /
	       (m->need_mass[b] * m->idf_max);
}

/* Great-circle distance in km (haversine); radians, c = cos(lat). */
static double haversine(double lat1, double lon1, double c1, double lat2,
			double lon2, double c2)
{
	const double r = 6371.0088;
	double sa = sin((lat2 - lat1) / 2), so = sin((lon2 - lon1) / 2);
	double h = sa * sa + c1 * c2 * so * so;

	return 2 * r * asin(sqrt(h < 1 ? h : 1));
}

static double km_between(const struct tsu_matcher *m, int64_t a, int64_t b)
{
	return haversine(m->lat[a], m->lon[a], m->coslat[a], m->lat[b],
			 m->lon[b], m->coslat[b]);
}

/* The weighted sum, in one order everywhere, so equal parts give equal
   scores to the bit. */
static double weighted(const struct tsu_matcher *m, const struct tsu_parts *p)
{
	return m->w.themes * p->themes + m->w.complement * p->complement +
	       m->w.cross * p->cross + m->w.proximity * p->proximity +
	       m->w.mutual * p->mutual;
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
	if (!isnan(m->lat[a]) && !isnan(m->lat[b])) {
		out->km = km_between(m, a, b);
		out->proximity = exp(-out->km / m->proximity_km);
	}
	if (gr->area[a] >= 0 && gr->area[a] == gr->area[b])
		out->proximity = 1;
	/* mutual partners: resource allocation over sorted neighbour lists */
	na = igraph_adjlist_get(&m->adj, a);
	nb = igraph_adjlist_get(&m->adj, b);
	{
		const igraph_integer_t *u = VECTOR(*na), *w = VECTOR(*nb);
		size_t nu = (size_t)igraph_vector_int_size(na);
		size_t nw = (size_t)igraph_vector_int_size(nb);

		while (i < nu && j < nw) {
			if (u[i] < w[j]) {
				i++;
			} else if (u[i] > w[j]) {
				j++;
			} else {
				ra += m->inv_deg[u[i]];
				i++;
				j++;
			}
		}
	}
	out->mutual = 1 - exp(-2 * ra);
	out->score = weighted(m, out);
}

/* --- candidates and suggestions ------------------------------------------ */

/* A proposal: partner b for organisation a, as the pool passes it round. */
struct prop {
	int32_t a, b;
	double score;
};

/*
 * What scoring reads of one organisation, in one cache line: candidates
 * are scattered, and one miss per candidate is what the scoring costs.
 * Its themes, offers and needs follow each other in engine.cids from off.
 */
struct card {
	double theme_norm, need_mass, lat, lon, coslat;
	uint32_t off, nt, no, nn;
	int32_t area;
	int32_t sector;
};

/* igraph_vector_int_size(), inline: it is called in the inner loops. */
static size_t adj_len(const igraph_vector_int_t *v)
{
	return (size_t)(v->end - v->stor_begin);
}

/* Holders of each concept, per list, sorted by (area, organisation). */
struct inverted {
	size_t *start;		/* n_concepts + 1 */
	uint32_t *orgs;
};

struct want {
	uint32_t df, concept;
	int list;		/* the inverted list to look in */
};

struct engine {
	const struct tsu_matcher *m;
	const struct tsu_match_opts *o;
	struct inverted inv[TSU_LIST_COUNT];
	struct card *card;	/* per organisation */
	uint32_t *cids;		/* themes, offers, needs of each in turn */
	int pool;		/* proposals kept per organisation */
	int64_t chunk;		/* organisations per task */
	struct prop *props;	/* consumed proposals, in task order */
	size_t nprops;
	int64_t candidates;
	/* per worker: */
	int64_t *stamp;		/* per organisation: last a + 1 that saw it */
	int64_t *lower;		/* per organisation: a + 1 when feedback
				   lowers the pair (a, it) */
	size_t nlower;		/* such pairs of the current a: 0 spares
				   the lookup per candidate */
	int64_t *cand;
	size_t ncand;
	struct want *wants;	/* room for any organisation's concepts */
	struct tsu_candidate *scored;	/* per candidate, for tsu_finder */
	/* organisation a's marks (see mark()), 0 elsewhere */
	double *mark_theme;	/* per concept: theme idf^2 */
	double *mark_offer;	/* per concept: offer idf^2 of a's offers */
	double *mark_need;	/* per concept: offer idf^2 of a's needs */
	double *mark_partner;	/* per organisation: 1 / degree, a's partners */
	double *ra;		/* per organisation: its RA index with a */
	int ra_ready;		/* ra[] holds a's two-step neighbourhood */
};

/* Partners of partners walked to sum the RA index of all of them at once;
   above that (a partner is a hub) it is summed per candidate. */
#define RA_WALK_MAX 50000

static const struct tsu_graph *G(const struct engine *e)
{
	return e->m->gr;
}

static int cmp_area_org(const void *x, const void *y, void *ctx)
{
	const struct tsu_graph *gr = ctx;
	uint32_t u = *(const uint32_t *)x, v = *(const uint32_t *)y;
	int32_t au = gr->area[u], av = gr->area[v];

	if (au != av)
		return au < av ? -1 : 1;
	return (u > v) - (u < v);
}

static int build_inverted(struct engine *e, struct tsu_error *err)
{
	const struct tsu_profiles *p = e->m->p;
	int l;

	for (l = 0; l < TSU_LIST_COUNT; l++) {
		struct inverted *iv = &e->inv[l];
		size_t *fill;
		uint32_t c;
		int64_t v;

		iv->start = calloc((size_t)p->n_concepts + 2, sizeof(size_t));
		iv->orgs = malloc((p->start[l][p->n] + 1) * sizeof(uint32_t));
		fill = calloc((size_t)p->n_concepts + 1, sizeof(size_t));
		if (!iv->start || !iv->orgs || !fill) {
			free(fill);
			return tsu_error_oom(err);
		}
		for (c = 0; c < p->n_concepts; c++)
			iv->start[c + 1] = iv->start[c] + p->df[l][c];
		for (v = 0; v < p->n; v++) {
			const uint32_t *ids;
			size_t k = tsu_profile_list(p, v, l, &ids), i;

			for (i = 0; i < k; i++)
				iv->orgs[iv->start[ids[i]] + fill[ids[i]]++] =
					(uint32_t)v;
		}
		free(fill);
		for (c = 0; c < p->n_concepts; c++)
			qsort_r(iv->orgs + iv->start[c], p->df[l][c],
				sizeof(uint32_t), cmp_area_org,
				(void *)e->m->gr);
	}
	return TSU_OK;
}

static int build_cards(struct engine *e, struct tsu_error *err)
{
	const struct tsu_matcher *m = e->m;
	const struct tsu_profiles *p = m->p;
	size_t total = 0, off = 0;
	int64_t v;
	int l;

	for (l = 0; l < TSU_LIST_COUNT; l++)
		total += p->start[l][p->n];
	if (total >= UINT32_MAX)
		return tsu_error_set(err, TSU_EINPUT, NULL, 0, 0,
				     "too many tags in all to match (%zu)",
				     total);
	e->card = aligned_alloc(64, ((size_t)p->n + 1) * sizeof(*e->card));
	e->cids = malloc((total + 1) * sizeof(*e->cids));
	if (!e->card || !e->cids)
		return tsu_error_oom(err);
	for (v = 0; v < p->n; v++) {
		struct card *c = &e->card[v];
		uint32_t *n[TSU_LIST_COUNT] = { &c->nt, &c->no, &c->nn };

		c->theme_norm = m->theme_norm[v];
		c->need_mass = m->need_mass[v];
		c->lat = m->lat[v];
		c->lon = m->lon[v];
		c->coslat = m->coslat[v];
		c->area = m->gr->area[v];
		c->sector = m->gr->sector[v];
		c->off = (uint32_t)off;
		for (l = 0; l < TSU_LIST_COUNT; l++) {
			const uint32_t *ids;
			size_t k = tsu_profile_list(p, v, l, &ids);

			memcpy(e->cids + off, ids, k * sizeof(*ids));
			off += k;
			*n[l] = (uint32_t)k;
		}
	}
	return TSU_OK;
}

/* Adds v as a candidate of a unless seen, a itself or a partner. */
static void add_cand(struct engine *e, int64_t a, int64_t v)
{
	if (v == a || e->stamp[v] == a + 1 || e->stamp[v] == -(a + 1))
		return;
	e->stamp[v] = a + 1;
	e->cand[e->ncand++] = v;
	__builtin_prefetch(&e->card[v]);	/* read when it is scored */
}

/*
 * Takes candidates from list[0..n) until the budget is spent: all of them
 * if they fit, else those from [alo, ahi) (the same area) first, each run
 * starting at a place fixed by a.
 */
static void take(struct engine *e, int64_t a, const uint32_t *list, size_t n,
		 size_t alo, size_t ahi)
{
	size_t budget = (size_t)e->o->budget, i, len, off;

	if (e->ncand >= budget)
		return;
	if (n <= budget - e->ncand) {
		for (i = 0; i < n; i++)
			add_cand(e, a, list[i]);
		return;
	}
	len = ahi - alo;	/* the same area, rotated */
	off = len ? (size_t)((uint64_t)a * 2654435761u % len) : 0;
	for (i = 0; i < len && e->ncand < budget; i++)
		add_cand(e, a, list[alo + (off + i) % len]);
	len = n - (ahi - alo);	/* then the rest, rotated */
	off = len ? (size_t)((uint64_t)a * 2654435761u % len) : 0;
	for (i = 0; i < len && e->ncand < budget; i++) {
		size_t j = (off + i) % len;

		add_cand(e, a, list[j < alo ? j : j + (ahi - alo)]);
	}
}

/* The range of holders in list[0..n) (sorted by area) in area ar. */
static void area_range(const struct tsu_graph *gr, const uint32_t *list,
		       size_t n, int32_t ar, size_t *lo, size_t *hi)
{
	size_t l = 0, h = n;

	if (ar < 0) {
		*lo = *hi = 0;
		return;
	}
	while (l < h) {		/* first with area >= ar */
		size_t mid = l + (h - l) / 2;

		if (gr->area[list[mid]] < ar)
			l = mid + 1;
		else
			h = mid;
	}
	*lo = l;
	h = n;
	while (l < h) {		/* first with area > ar */
		size_t mid = l + (h - l) / 2;

		if (gr->area[list[mid]] <= ar)
			l = mid + 1;
		else
			h = mid;
	}
	*hi = l;
}

static int cmp_want(const void *x, const void *y)
{
	const struct want *p = x, *q = y;

	if (p->df != q->df)
		return p->df < q->df ? -1 : 1;
	if (p->list != q->list)
		return p->list - q->list;
	return (p->concept > q->concept) - (p->concept < q->concept);
}

static void gather(struct engine *e, int64_t a, struct want *wants)
{
	const struct tsu_matcher *m = e->m;
	const struct tsu_profiles *p = m->p;
	const struct tsu_graph *gr = G(e);
	igraph_vector_int_t *na = igraph_adjlist_get(&m->adj, a);
	size_t nw = 0, i, j, half = (size_t)e->o->budget / 2;
	/* look in: for a's needs, who offers; for its offers, who needs */
	static const int look[TSU_LIST_COUNT] = {
		[TSU_LIST_THEME] = TSU_LIST_THEME,
		[TSU_LIST_OFFER] = TSU_LIST_NEED,
		[TSU_LIST_NEED] = TSU_LIST_OFFER,
	};
	int l;

	e->ncand = 0;
	e->nlower = 0;
	for (i = 0; i < adj_len(na); i++)
		e->stamp[VECTOR(*na)[i]] = -(a + 1);	/* partners: never */
	if (m->fb_start)	/* feedback: never, or lowered */
		for (j = (size_t)m->fb_start[a]; j < (size_t)m->fb_start[a + 1];
		     j++) {
			if (m->fb_low[j]) {
				e->lower[m->fb_other[j]] = a + 1;
				e->nlower++;
			} else {
				e->stamp[m->fb_other[j]] = -(a + 1);
			}
		}
	/* 1. partners of partners, up to half the budget */
	for (i = 0; i < adj_len(na) && e->ncand < half;
	     i++) {
		igraph_vector_int_t *nz =
			igraph_adjlist_get(&m->adj, VECTOR(*na)[i]);
		size_t k = adj_len(nz);
		size_t off = k ? (size_t)((uint64_t)a * 2654435761u % k) : 0;

		for (j = 0; j < k && e->ncand < half; j++)
			add_cand(e, a, VECTOR(*nz)[(off + j) % k]);
	}
	/* 2, 3. complement first, then themes; rarest concept first */
	for (l = TSU_LIST_COUNT - 1; l >= 0; l--) {
		const uint32_t *ids;
		size_t k = tsu_profile_list(p, a, l, &ids);

		for (i = 0; i < k; i++) {
			int in = look[l];

			wants[nw++] = (struct want){
				p->df[in][ids[i]] + (l == TSU_LIST_THEME ?
							     (uint32_t)1 << 31 : 0),
				ids[i], in };
		}
	}
	qsort(wants, nw, sizeof(*wants), cmp_want);
	for (i = 0; i < nw && e->ncand < (size_t)e->o->budget; i++) {
		const struct inverted *iv = &e->inv[wants[i].list];
		const uint32_t *list = iv->orgs + iv->start[wants[i].concept];
		size_t n = iv->start[wants[i].concept + 1] -
			   iv->start[wants[i].concept], lo, hi;

		area_range(gr, list, n, gr->area[a], &lo, &hi);
		take(e, a, list, n, lo, hi);
	}
}

/*
 * The scores of a against many candidates, faster than tsu_match_pair():
 * a's themes, offers, needs and partners are marked in dense arrays once,
 * and each candidate's sorted lists are summed against the marks instead
 * of merged with a's.  The shared items are added in the same order (the
 * candidate's list order, and a mark of 0 adds nothing), so the score is
 * tsu_match_pair()'s to the bit; a unit test holds them equal.
 */
static void mark(struct engine *e, int64_t a, int on)
{
	const struct tsu_matcher *m = e->m;
	const struct tsu_profiles *p = m->p;
	double *marks[TSU_LIST_COUNT] = { e->mark_theme, e->mark_offer,
					  e->mark_need };
	const double *w[TSU_LIST_COUNT] = { m->idf[TSU_LIST_THEME],
					    m->idf[TSU_LIST_OFFER],
					    m->idf[TSU_LIST_OFFER] };
	igraph_vector_int_t *na = igraph_adjlist_get(&m->adj, a);
	igraph_integer_t i;
	int l;

	for (l = 0; l < TSU_LIST_COUNT; l++) {
		const uint32_t *ids;
		size_t k = tsu_profile_list(p, a, l, &ids), j;

		for (j = 0; j < k; j++)
			marks[l][ids[j]] = on ? w[l][ids[j]] * w[l][ids[j]] : 0;
	}
	if (on) {
		igraph_integer_t walk = 0;

		for (i = 0; i < (igraph_integer_t)adj_len(na); i++)
			walk += (igraph_integer_t)adj_len(
				igraph_adjlist_get(&m->adj, VECTOR(*na)[i]));
		e->ra_ready = walk <= RA_WALK_MAX;
	}
	/* partners z in increasing order, so each sum adds its terms in the
	   order the merge in tsu_match_pair() does */
	for (i = 0; i < (igraph_integer_t)adj_len(na); i++) {
		igraph_integer_t z = VECTOR(*na)[i], j;
		igraph_vector_int_t *nz = igraph_adjlist_get(&m->adj, z);

		if (!e->ra_ready) {
			e->mark_partner[z] = on ? m->inv_deg[z] : 0;
			continue;
		}
		for (j = 0; j < (igraph_integer_t)adj_len(nz); j++) {
			if (on)
				e->ra[VECTOR(*nz)[j]] += m->inv_deg[z];
			else
				e->ra[VECTOR(*nz)[j]] = 0;
		}
	}
}

static double sum_marks(const double *mark, const uint32_t *ids, size_t k)
{
	double sum = 0;
	size_t j;

	for (j = 0; j < k; j++)
		sum += mark[ids[j]];
	return sum;
}

/* Candidates are scattered in memory: ask early for the lists their cards
   point to. */
#define PREFETCH 8

static void prefetch(const struct engine *e, const int64_t *cand, size_t c,
		     size_t n)
{
	size_t i;

	if (c == 0)	/* the cards were asked for as they were found */
		for (i = 0; i <= PREFETCH && i < n; i++)
			__builtin_prefetch(e->cids + e->card[cand[i]].off);
	else if (c + PREFETCH < n)
		__builtin_prefetch(e->cids + e->card[cand[c + PREFETCH]].off);
}

static double fast_score(const struct engine *e, int64_t a, int64_t b)
{
	const struct tsu_matcher *m = e->m;
	const struct card *ca = &e->card[a], *cb = &e->card[b];
	const uint32_t *ids = e->cids + cb->off;
	struct tsu_parts x;
	double ra = 0;

	x.themes = x.complement = x.proximity = 0;
	if (ca->theme_norm > 0 && cb->theme_norm > 0)
		x.themes = sum_marks(e->mark_theme, ids, cb->nt) /
			   (ca->theme_norm * cb->theme_norm);
	if (x.themes > 1)
		x.themes = 1;
	/* cover(a->b): b's needs against a's offers; (b->a) the reverse */
	x.cover_ab = x.cover_ba = 0;
	if (cb->nn && cb->need_mass > 0 && ca->no)
		x.cover_ab = sum_marks(e->mark_offer, ids + cb->nt + cb->no,
				       cb->nn) /
			     (cb->need_mass * m->idf_max);
	if (cb->no && ca->need_mass > 0)
		x.cover_ba = sum_marks(e->mark_need, ids + cb->nt, cb->no) /
			     (ca->need_mass * m->idf_max);
	x.complement = 1 - (1 - x.cover_ab) * (1 - x.cover_ba);
	x.cross = m->cross[ca->sector][cb->sector];
	if (ca->area >= 0 && ca->area == cb->area)
		x.proximity = 1;
	else if (!isnan(ca->lat) && !isnan(cb->lat))
		x.proximity = exp(-haversine(ca->lat, ca->lon, ca->coslat,
					     cb->lat, cb->lon, cb->coslat) /
				  m->proximity_km);
	/* common partners in increasing order, as the merge adds them */
	if (e->ra_ready) {
		ra = e->ra[b];
	} else {
		igraph_vector_int_t *na = igraph_adjlist_get(&m->adj, a);
		igraph_vector_int_t *nb = igraph_adjlist_get(&m->adj, b);
		size_t da = adj_len(na), db = adj_len(nb), i;

		if (db <= 4 * da + 16) {
			for (i = 0; i < db; i++)
				ra += e->mark_partner[VECTOR(*nb)[i]];
		} else {	/* a hub: look a's few partners up in it */
			for (i = 0; i < da; i++) {
				igraph_integer_t u = VECTOR(*na)[i];

				if (igraph_vector_int_binsearch2(nb, u))
					ra += m->inv_deg[u];
			}
		}
	}
	x.mutual = 1 - exp(-2 * ra);
	return weighted(m, &x);
}

/* Keeps the best `pool` of a's candidates: highest score, then file order. */
static int better(const struct prop *x, const struct prop *y)
{
	if (x->score != y->score)
		return x->score > y->score;
	return x->b < y->b;
}

static int task_match(void *ctx, int i, struct tsu_buf *out,
		      struct tsu_error *err)
{
	struct engine *e = ctx;
	const struct tsu_profiles *p = e->m->p;
	int64_t from = (int64_t)i * e->chunk, to = from + e->chunk, a;
	struct prop *best;
	int rc = TSU_OK;

	if (to > p->n)
		to = p->n;
	if (!(best = malloc(((size_t)e->pool + 1) * sizeof(*best))))
		return tsu_error_oom(err);
	for (a = from; a < to && !rc; a++) {
		int32_t nb = 0, j;
		int64_t scored;
		size_t c;

		gather(e, a, e->wants);
		scored = (int64_t)e->ncand;
		mark(e, a, 1);
		for (c = 0; c < e->ncand; c++) {
			double score;
			struct prop x;

			prefetch(e, e->cand, c, e->ncand);
			score = fast_score(e, a, e->cand[c]);
			if (e->nlower && e->lower[e->cand[c]] == a + 1)
				score *= TSU_SKIP_FACTOR;
			if (!(score > 0))
				continue;
			x = (struct prop){ (int32_t)a, (int32_t)e->cand[c],
					   score };
			if (nb == e->pool && !better(&x, &best[nb - 1]))
				continue;
			for (j = nb < e->pool ? nb++ : nb - 1;
			     j > 0 && better(&x, &best[j - 1]); j--)
				best[j] = best[j - 1];
			best[j] = x;
		}
		mark(e, a, 0);
		if (tsu_buf_add(out, &nb, sizeof(nb)) < 0 ||
		    tsu_buf_add(out, &scored, sizeof(scored)) < 0 ||
		    tsu_buf_add(out, best, (size_t)nb * sizeof(*best)) < 0)
			rc = tsu_error_oom(err);
	}
	free(best);
	return rc;
}

static int consume_match(void *ctx, int i, const struct tsu_buf *b,
			 struct tsu_error *err)
{
	struct engine *e = ctx;
	const char *s = b->p, *end = b->p + b->len;

	(void)i;
	while (s < end) {
		int32_t nb;
		int64_t scored;

		if ((size_t)(end - s) < sizeof(nb) + sizeof(scored))
			goto bad;
		memcpy(&nb, s, sizeof(nb));
		memcpy(&scored, s + sizeof(nb), sizeof(scored));
		s += sizeof(nb) + sizeof(scored);
		if (nb < 0 || nb > e->pool ||
		    (size_t)(end - s) < (size_t)nb * sizeof(struct prop))
			goto bad;
		memcpy(e->props + e->nprops, s, (size_t)nb * sizeof(struct prop));
		e->nprops += (size_t)nb;
		e->candidates += scored;
		s += (size_t)nb * sizeof(struct prop);
	}
	return TSU_OK;
bad:
	return tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0,
			     "a worker returned a damaged result");
}

static void match_done(void *ctx, int completed, int total)
{
	struct engine *e = ctx;

	if (e->o->progress)
		e->o->progress(e->o->progress_ctx, "candidates",
			       (double)completed / total);
}

/*
 * Sorts proposals by score, highest first, keeping the order they came in
 * among equal scores: organisation, then partner (each organisation's come
 * best first, then in file order).  A stable LSD radix sort on the bits of
 * the score (positive doubles order as their bits do), 16 bits a pass,
 * passes where every key has the same digit skipped: 3 million proposals
 * (100k organisations) in a few hundredths of a second.
 */
static int sort_props(struct prop *v, size_t n)
{
	struct prop *tmp, *src = v, *dst;
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
		size_t sum = 0;
		int shift = 16 * pass;

		memset(count, 0, 65536 * sizeof(*count));
		for (i = 0; i < n; i++) {
			uint64_t key;

			memcpy(&key, &src[i].score, sizeof(key));
			count[(~key >> shift) & 0xffff]++;
		}
		if (count[0] == n || count[65535] == n) {	/* one digit */
			uint64_t key;

			memcpy(&key, &src[0].score, sizeof(key));
			if (count[(~key >> shift) & 0xffff] == n)
				continue;
		}
		for (i = 0; i < 65536; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++) {
			uint64_t key;

			memcpy(&key, &src[i].score, sizeof(key));
			dst[count[(~key >> shift) & 0xffff]++] = src[i];
		}
		dst = src;
		src = src == v ? tmp : v;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
	free(tmp);
	free(count);
	return 0;
}

/* The fair-spread pass (see tsu_match.h) and the lists it leaves. */
static int spread(struct engine *e, struct tsu_matches *out,
		  struct tsu_error *err)
{
	int64_t n = e->m->p->n, v;
	int spread_max = e->o->spread > 0 ? e->o->spread : 2 * e->o->k;
	int32_t *in_lists = calloc((size_t)n + 1, sizeof(*in_lists));
	int32_t *len = calloc((size_t)n + 1, sizeof(*len));
	size_t i, kept = 0;

	if (!in_lists || !len) {
		free(in_lists);
		free(len);
		return tsu_error_oom(err);
	}
	if (sort_props(e->props, e->nprops) < 0) {
		free(in_lists);
		free(len);
		return tsu_error_oom(err);
	}
	for (i = 0; i < e->nprops; i++) {
		struct prop *x = &e->props[i];

		if (len[x->a] < e->o->k && in_lists[x->b] < spread_max) {
			len[x->a]++;
			in_lists[x->b]++;
			e->props[kept++] = *x;
		}
	}
	out->start = calloc((size_t)n + 1, sizeof(*out->start));
	out->list = malloc((kept + 1) * sizeof(*out->list));
	if (!out->start || !out->list) {
		free(in_lists);
		free(len);
		return tsu_error_oom(err);
	}
	for (v = 0; v < n; v++)
		out->start[v + 1] = out->start[v] + (size_t)len[v];
	memset(len, 0, (size_t)n * sizeof(*len));
	for (i = 0; i < kept; i++) {	/* in score order: best first */
		const struct prop *x = &e->props[i];

		out->list[out->start[x->a] + (size_t)len[x->a]++] =
			(struct tsu_suggestion){ x->a, x->b, x->score };
	}
	free(in_lists);
	free(len);
	return TSU_OK;
}

static void engine_release(struct engine *e)
{
	int l;

	for (l = 0; l < TSU_LIST_COUNT; l++) {
		free(e->inv[l].start);
		free(e->inv[l].orgs);
	}
	free(e->stamp);
	free(e->lower);
	free(e->cand);
	free(e->wants);
	free(e->scored);
	free(e->props);
	free(e->mark_theme);
	free(e->mark_offer);
	free(e->mark_need);
	free(e->mark_partner);
	free(e->ra);
	free(e->card);
	free(e->cids);
	memset(e, 0, sizeof(*e));
}

/* The index and the scratch arrays; `o` must outlive the engine. */
static int engine_init(struct engine *e, const struct tsu_matcher *m,
		       const struct tsu_match_opts *o, struct tsu_error *err)
{
	const struct tsu_profiles *p = m->p;
	int64_t n = p->n, v;
	size_t maxw = 0, nc = (size_t)p->n_concepts + 1;
	int rc;

	memset(e, 0, sizeof(*e));
	e->m = m;
	e->o = o;
	if (o->budget < 1 || n > INT32_MAX)
		return tsu_error_set(err, TSU_EUSAGE, NULL, 0, 0,
				     "the candidate budget must be positive");
	for (v = 0; v < n; v++) {
		size_t w = 0;
		int l;

		for (l = 0; l < TSU_LIST_COUNT; l++)
			w += p->start[l][v + 1] - p->start[l][v];
		if (w > maxw)
			maxw = w;
	}
	e->stamp = calloc((size_t)n + 1, sizeof(*e->stamp));
	e->lower = calloc((size_t)n + 1, sizeof(*e->lower));
	e->cand = malloc(((size_t)o->budget + 1) * sizeof(*e->cand));
	e->scored = malloc(((size_t)o->budget + 1) * sizeof(*e->scored));
	e->wants = malloc((maxw + 1) * sizeof(*e->wants));
	e->mark_theme = calloc(nc, sizeof(double));
	e->mark_offer = calloc(nc, sizeof(double));
	e->mark_need = calloc(nc, sizeof(double));
	e->mark_partner = calloc((size_t)n + 1, sizeof(double));
	e->ra = calloc((size_t)n + 1, sizeof(double));
	if (!e->stamp || !e->lower || !e->cand || !e->scored || !e->wants ||
	    !e->mark_theme || !e->mark_offer || !e->mark_need ||
	    !e->mark_partner || !e->ra)
		rc = tsu_error_oom(err);
	else if (!(rc = build_inverted(e, err)))
		rc = build_cards(e, err);
	if (rc)
		engine_release(e);
	return rc;
}

int tsu_match_all(const struct tsu_matcher *m, const struct tsu_match_opts *o,
		  struct tsu_matches *out, struct tsu_error *err)
{
	struct engine e;
	int64_t n = m->p->n;
	int workers = o->workers > 0 ? o->workers : tsu_pool_workers();
	int ntasks, rc;

	memset(out, 0, sizeof(*out));
	out->n = n;
	if (o->k < 1)
		return tsu_error_set(err, TSU_EUSAGE, NULL, 0, 0,
				     "--top must be positive");
	if (o->progress)
		o->progress(o->progress_ctx, "candidates", 0);
	if ((rc = engine_init(&e, m, o, err)))
		return rc;
	e.pool = 3 * o->k;
	e.chunk = n / (8 * (int64_t)workers) + 1;
	if (e.chunk < 256)
		e.chunk = 256;
	ntasks = (int)((n + e.chunk - 1) / e.chunk);
	if (!(e.props = malloc(((size_t)n * (size_t)e.pool + 1) *
			       sizeof(*e.props)))) {
		rc = tsu_error_oom(err);
		goto out;
	}
	if ((rc = tsu_pool_run(ntasks, workers, task_match, consume_match, &e,
			       match_done, err)))
		goto out;
	if (o->progress)
		o->progress(o->progress_ctx, "fair spread", 0);
	out->candidates = e.candidates;
	rc = spread(&e, out, err);
out:
	engine_release(&e);
	if (rc)
		tsu_matches_release(out);
	return rc;
}

/* --- one organisation's candidates (tsu_finder) -------------------------- */

struct tsu_finder {
	struct engine e;
	struct tsu_match_opts o;
};

int tsu_finder_new(const struct tsu_matcher *m, int budget,
		   struct tsu_finder **out, struct tsu_error *err)
{
	struct tsu_finder *f = calloc(1, sizeof(*f));
	struct tsu_match_opts o = TSU_MATCH_OPTS_INIT;
	int rc;

	*out = NULL;
	if (!f)
		return tsu_error_oom(err);
	f->o = o;
	f->o.budget = budget;
	if ((rc = engine_init(&f->e, m, &f->o, err))) {
		free(f);
		return rc;
	}
	*out = f;
	return TSU_OK;
}

size_t tsu_finder_run(struct tsu_finder *f, int64_t a,
		      const struct tsu_candidate **out)
{
	struct engine *e = &f->e;
	size_t c, k = 0;

	gather(e, a, e->wants);
	mark(e, a, 1);
	for (c = 0; c < e->ncand; c++) {
		prefetch(e, e->cand, c, e->ncand);
		e->scored[k].b = e->cand[c];
		e->scored[k].score = fast_score(e, a, e->cand[c]);
		if (e->nlower && e->lower[e->cand[c]] == a + 1)
			e->scored[k].score *= TSU_SKIP_FACTOR;
		k += e->scored[k].score > 0;
	}
	mark(e, a, 0);
	/* forget a's marks, so that a later run for a finds them again */
	for (c = 0; c < e->ncand; c++)
		e->stamp[e->cand[c]] = 0;
	{
		igraph_vector_int_t *na = igraph_adjlist_get(&e->m->adj, a);

		for (c = 0; c < adj_len(na); c++)
			e->stamp[VECTOR(*na)[c]] = 0;
		if (e->m->fb_start)
			for (c = (size_t)e->m->fb_start[a];
			     c < (size_t)e->m->fb_start[a + 1]; c++)
				e->stamp[e->m->fb_other[c]] = 0;
	}
	*out = e->scored;
	return k;
}

void tsu_finder_free(struct tsu_finder *f)
{
	if (!f)
		return;
	engine_release(&f->e);
	free(f);
}

void tsu_matches_release(struct tsu_matches *r)
{
	free(r->start);
	free(r->list);
	free(r->fresh);
	memset(r, 0, sizeof(*r));
}

/* --- reasons ------------------------------------------------------------- */

int tsu_match_no_data(const struct tsu_matcher *m, int64_t v)
{
	int l;

	for (l = 0; l < TSU_LIST_COUNT; l++)
		if (m->p->start[l][v + 1] > m->p->start[l][v])
			return 0;
	return (igraph_integer_t)adj_len(igraph_adjlist_get(&m->adj, v)) == 0;
}

#define WHY_ITEMS 3

/*
 * The concepts both sorted lists hold: up to WHY_ITEMS of them in top[],
 * rarest (highest idf) first, earlier concept on a tie; returns how many
 * there are in all.
 */
static size_t common_items(const uint32_t *x, size_t nx, const uint32_t *y,
			   size_t ny, const double *idf, uint32_t *top)
{
	size_t i = 0, j = 0, n = 0, k, kept = 0;

	while (i < nx && j < ny) {
		uint32_t c;

		if (x[i] != y[j]) {
			x[i] < y[j] ? i++ : j++;
			continue;
		}
		c = x[i];
		i++;
		j++;
		n++;
		if (kept == WHY_ITEMS && !(idf[c] > idf[top[kept - 1]]))
			continue;
		k = kept < WHY_ITEMS ? kept++ : kept - 1;
		for (; k > 0 && idf[top[k - 1]] < idf[c]; k--)
			top[k] = top[k - 1];
		top[k] = c;
	}
	return n;
}

static int add_items(struct tsu_buf *out, const struct tsu_profiles *p,
		     const uint32_t *top, size_t n, const char *sep,
		     const char *last)
{
	size_t i, shown = n < WHY_ITEMS ? n : WHY_ITEMS;
	int rc = 0;

	for (i = 0; i < shown && !rc; i++) {
		if (i)
			rc = tsu_buf_addstr(out, i + 1 == shown && n <= WHY_ITEMS ?
							 last : sep);
		if (!rc)
			rc = tsu_buf_addstr(out, tsu_concept_label(p, top[i]));
	}
	return rc;
}

int tsu_match_why(const struct tsu_matcher *m, int64_t a, int64_t b,
		  const struct tsu_parts *parts, int lang, struct tsu_buf *out)
{
	const struct tsu_profiles *p = m->p;
	const struct tsu_graph *gr = m->gr;
	int ja = lang == TSU_LANG_JA, rc = 0, dir, parts_n = 0;
	const char *sep = ja ? "。" : "; ";
	uint32_t top[WHY_ITEMS];
	const uint32_t *x, *y;
	size_t nx, ny, n;
	char num[64];

#define PART() (parts_n++ ? tsu_buf_addstr(out, sep) : 0)
	for (dir = 0; dir < 2 && !rc; dir++) {	/* who offers what */
		int64_t giver = dir ? b : a, taker = dir ? a : b;

		nx = tsu_profile_list(p, giver, TSU_LIST_OFFER, &x);
		ny = tsu_profile_list(p, taker, TSU_LIST_NEED, &y);
		n = common_items(x, nx, y, ny, m->idf[TSU_LIST_OFFER], top);
		if (!n)
			continue;
		if (ja)
			rc = PART() ||
			     tsu_buf_addstr(out, tsu_graph_name(gr, giver)) ||
			     tsu_buf_addstr(out, "は") ||
			     add_items(out, p, top, n, "・", "・") ||
			     tsu_buf_addstr(out, "を提供でき、") ||
			     tsu_buf_addstr(out, tsu_graph_name(gr, taker)) ||
			     tsu_buf_addstr(out, "が必要としている");
		else
			rc = PART() ||
			     tsu_buf_addstr(out, tsu_graph_name(gr, giver)) ||
			     tsu_buf_addstr(out, " offers ") ||
			     add_items(out, p, top, n, ", ", " and ") ||
			     tsu_buf_addstr(out, ", which ") ||
			     tsu_buf_addstr(out, tsu_graph_name(gr, taker)) ||
			     tsu_buf_addstr(out, " needs");
	}
	nx = tsu_profile_list(p, a, TSU_LIST_THEME, &x);
	ny = tsu_profile_list(p, b, TSU_LIST_THEME, &y);
	n = common_items(x, nx, y, ny, m->idf[TSU_LIST_THEME], top);
	if (n && !rc)
		rc = PART() ||
		     tsu_buf_addstr(out, ja ? "共通のテーマ：" : "both work on ") ||
		     add_items(out, p, top, n, ja ? "、" : ", ",
			       ja ? "、" : " and ");
	if (parts->cross > 0 && !rc)
		rc = PART() ||
		     tsu_buf_addstr(out, tsu_sector_label(gr->sector[a], lang)) ||
		     tsu_buf_addstr(out, " × ") ||
		     tsu_buf_addstr(out, tsu_sector_label(gr->sector[b], lang));
	if (!rc && gr->area[a] >= 0 && gr->area[a] == gr->area[b]) {
		rc = PART() ||
		     tsu_buf_addstr(out, ja ? "同じ地域（" : "same area (") ||
		     tsu_buf_addstr(out, tsu_graph_area(gr, a)) ||
		     tsu_buf_addstr(out, ja ? "）" : ")");
	} else if (!rc && !isnan(parts->km)) {
		snprintf(num, sizeof(num), ja ? "約 %.1f km" : "%.1f km apart",
			 parts->km);
		rc = PART() || tsu_buf_addstr(out, num);
	}
	if (!rc && parts->mutual > 0) {	/* common partners, first few */
		igraph_vector_int_t *na = igraph_adjlist_get(&m->adj, a);
		igraph_vector_int_t *nb = igraph_adjlist_get(&m->adj, b);
		size_t i = 0, j = 0, shown = 0;

		rc = PART() ||
		     tsu_buf_addstr(out, ja ? "共通の協働先：" : "common partner: ");
		while (!rc && i < adj_len(na) &&
		       j < adj_len(nb) && shown < 2) {
			igraph_integer_t u = VECTOR(*na)[i], w = VECTOR(*nb)[j];

			if (u < w) {
				i++;
			} else if (u > w) {
				j++;
			} else {
				rc = (shown++ && tsu_buf_addstr(out, ja ? "、" :
								  ", ")) ||
				     tsu_buf_addstr(out, tsu_graph_name(gr, u));
				i++;
				j++;
			}
		}
	}
	if (!rc && ja && parts_n)
		rc = tsu_buf_addstr(out, "。");
#undef PART
	return rc ? -1 : 0;
}

/* --- feedback ------------------------------------------------------------ */

struct fb_entry {
	int64_t a, b;
	int low;
};

static int cmp_fb(const void *x, const void *y)
{
	const struct fb_entry *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return p->low - q->low;	/* blocked (0) first */
}

int tsu_matcher_feedback(struct tsu_matcher *m, const struct tsu_fb_pair *p,
			 size_t n, struct tsu_error *err)
{
	int64_t nv = m->p->n, v;
	struct fb_entry *e;
	size_t i, k = 0;

	free(m->fb_start);
	free(m->fb_other);
	free(m->fb_low);
	m->fb_start = NULL;
	m->fb_other = NULL;
	m->fb_low = NULL;
	if (!n)
		return TSU_OK;
	if (n > SIZE_MAX / 2 / sizeof(*e) || !(e = malloc(2 * n * sizeof(*e))))
		return tsu_error_oom(err);
	for (i = 0; i < n; i++) {
		if (p[i].a < 0 || p[i].b < 0 || p[i].a >= nv || p[i].b >= nv ||
		    p[i].a == p[i].b)
			continue;
		e[k++] = (struct fb_entry){ p[i].a, p[i].b, !!p[i].lowered };
		e[k++] = (struct fb_entry){ p[i].b, p[i].a, !!p[i].lowered };
	}
	qsort(e, k, sizeof(*e), cmp_fb);
	m->fb_start = calloc((size_t)nv + 1, sizeof(*m->fb_start));
	m->fb_other = malloc((k + 1) * sizeof(*m->fb_other));
	m->fb_low = malloc(k + 1);
	if (!m->fb_start || !m->fb_other || !m->fb_low) {
		free(e);
		return tsu_error_oom(err);
	}
	/* one entry per pair: blocked wins over lowered */
	for (i = 0, v = 0; i < k; i++) {
		if (i && e[i].a == e[i - 1].a && e[i].b == e[i - 1].b)
			continue;
		m->fb_other[v] = e[i].b;
		m->fb_low[v] = (unsigned char)e[i].low;
		m->fb_start[e[i].a + 1]++;
		v++;
	}
	for (v = 0; v < nv; v++)
		m->fb_start[v + 1] += m->fb_start[v];
	free(e);
	return TSU_OK;
}

int tsu_match_feedback_of(const struct tsu_matcher *m, int64_t a, int64_t b)
{
	int64_t i;

	if (!m->fb_start)
		return 0;
	for (i = m->fb_start[a]; i < m->fb_start[a + 1]; i++)
		if (m->fb_other[i] == b)
			return m->fb_low[i] ? 2 : 1;
	return 0;
}

int tsu_match_tied(const struct tsu_matcher *m, int64_t a, int64_t b)
{
	return igraph_vector_int_binsearch2(igraph_adjlist_get(&m->adj, a), b);
}
