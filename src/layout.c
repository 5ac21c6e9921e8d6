/*
 * layout.c - where each organisation goes on the network map (tsu_plot.h).
 *
 * The main area is the unit square; bands of separate groups and of
 * isolated organisations are stacked below it (y < 0), so that whatever is
 * cut off shows as such and never hides in the middle of the picture.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsu_plot.h"

#define GOLDEN_ANGLE 2.39996322972865332
#define BAND_GAP 0.08

struct pair_w {
	uint64_t key;		/* (a << 32) | b, a < b */
	double w;
};

static int cmp_pair(const void *x, const void *y)
{
	uint64_t a = ((const struct pair_w *)x)->key;
	uint64_t b = ((const struct pair_w *)y)->key;

	return (a > b) - (a < b);
}

static int fail_igraph(struct tsu_error *err, igraph_error_t e)
{
	if (e == IGRAPH_ENOMEM)
		return tsu_error_oom(err);
	return tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0,
			     "layout failed: %s", igraph_strerror(e));
}

/*
 * Fruchterman-Reingold of n vertices with edges el[0..2m) and weights w
 * (NULL: 1), seeded; the result scaled into [0,1]^2, aspect kept, into
 * out[2i], out[2i+1].
 */
static int fr(igraph_integer_t n, const igraph_integer_t *el, size_t m,
	      const double *w, uint64_t seed, double *out,
	      struct tsu_error *err)
{
	igraph_t g;
	igraph_vector_int_t edges;
	igraph_vector_t weights;
	igraph_matrix_t res;
	igraph_error_t e;
	double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
	double span;
	igraph_integer_t i;

	memset(&edges, 0, sizeof(edges));
	memset(&weights, 0, sizeof(weights));
	if (n == 1) {
		out[0] = out[1] = 0.5;
		return TSU_OK;
	}
	igraph_vector_int_view(&edges, el, (igraph_integer_t)(2 * m));
	if ((e = igraph_create(&g, &edges, n, IGRAPH_UNDIRECTED)))
		return fail_igraph(err, e);
	if (w)
		igraph_vector_view(&weights, w, (igraph_integer_t)m);
	if ((e = igraph_matrix_init(&res, 0, 0))) {
		igraph_destroy(&g);
		return fail_igraph(err, e);
	}
	igraph_rng_seed(igraph_rng_default(), seed);
	e = igraph_layout_fruchterman_reingold(&g, &res, 0, 500,
					       sqrt((double)n),
					       IGRAPH_LAYOUT_AUTOGRID,
					       w ? &weights : NULL, NULL, NULL,
					       NULL, NULL);
	igraph_destroy(&g);
	if (e) {
		igraph_matrix_destroy(&res);
		return fail_igraph(err, e);
	}
	for (i = 0; i < n; i++) {
		double x = MATRIX(res, i, 0), y = MATRIX(res, i, 1);

		x0 = fmin(x0, x);
		x1 = fmax(x1, x);
		y0 = fmin(y0, y);
		y1 = fmax(y1, y);
	}
	span = fmax(x1 - x0, y1 - y0);
	if (!(span > 0))
		span = 1;
	for (i = 0; i < n; i++) {
		out[2 * i] = (MATRIX(res, i, 0) - x0) / span +
			     (1 - (x1 - x0) / span) / 2;
		out[2 * i + 1] = (MATRIX(res, i, 1) - y0) / span +
				 (1 - (y1 - y0) / span) / 2;
	}
	igraph_matrix_destroy(&res);
	return TSU_OK;
}

/* Members of each component / community: CSR by group. */
struct groups {
	igraph_integer_t k;
	igraph_integer_t *start, *verts;
};

static int groups_build(struct groups *gs, const igraph_vector_int_t *of,
			igraph_integer_t k, igraph_integer_t n)
{
	igraph_integer_t v, *fill;

	gs->k = k;
	gs->start = calloc((size_t)k + 1, sizeof(*gs->start));
	gs->verts = malloc(((size_t)n + 1) * sizeof(*gs->verts));
	fill = calloc((size_t)k + 1, sizeof(*fill));
	if (!gs->start || !gs->verts || !fill) {
		free(fill);
		return -1;
	}
	for (v = 0; v < n; v++)
		gs->start[VECTOR(*of)[v] + 1]++;
	for (v = 0; v < k; v++)
		gs->start[v + 1] += gs->start[v];
	for (v = 0; v < n; v++) {
		igraph_integer_t g = VECTOR(*of)[v];

		gs->verts[gs->start[g] + fill[g]++] = v;
	}
	free(fill);
	return 0;
}

static void groups_release(struct groups *gs)
{
	free(gs->start);
	free(gs->verts);
}

/* Most ties first, then file order. */
static int cmp_degree(const void *x, const void *y, void *ctx)
{
	const struct tsu_analysis *an = ctx;
	igraph_integer_t u = *(const igraph_integer_t *)x;
	igraph_integer_t v = *(const igraph_integer_t *)y;
	igraph_integer_t du = VECTOR(an->degree)[u];
	igraph_integer_t dv = VECTOR(an->degree)[v];

	if (du != dv)
		return du > dv ? -1 : 1;
	return (u > v) - (u < v);
}

/* Members verts[0..k) on a sunflower spiral of radius r around (cx, cy),
   the most connected in the middle; every `stride`-th only. */
static igraph_integer_t spiral(const struct tsu_analysis *an,
			       igraph_integer_t *verts, igraph_integer_t k,
			       double cx, double cy, double r,
			       igraph_integer_t stride, double *xy)
{
	igraph_integer_t i, drawn = 0, shown = (k + stride - 1) / stride;

	qsort_r(verts, (size_t)k, sizeof(*verts), cmp_degree, (void *)an);
	for (i = 0; i < k; i++) {
		igraph_integer_t v = verts[i], j = i / stride;
		double rad, ang;

		if (i % stride) {
			xy[2 * v] = xy[2 * v + 1] = NAN;
			continue;
		}
		rad = shown > 1 ? r * sqrt((j + 0.5) / (double)shown) : 0;
		ang = (double)j * GOLDEN_ANGLE;
		xy[2 * v] = cx + rad * cos(ang);
		xy[2 * v + 1] = cy + rad * sin(ang);
		drawn++;
	}
	return drawn;
}

/*
 * Aggregates the ties between groups: group[v] (or -1 to skip v), into
 * sorted pairs with summed weights.
 */
static int group_edges(const struct tsu_graph *gr, const igraph_integer_t *grp,
		       struct pair_w **out, size_t *n_out)
{
	igraph_integer_t m = igraph_ecount(&gr->g), e;
	struct pair_w *p = malloc(((size_t)m + 1) * sizeof(*p));
	size_t n = 0, i, j;

	if (!p)
		return -1;
	for (e = 0; e < m; e++) {
		igraph_integer_t a = grp[IGRAPH_FROM(&gr->g, e)];
		igraph_integer_t b = grp[IGRAPH_TO(&gr->g, e)];

		if (a < 0 || b < 0 || a == b)
			continue;
		if (a > b) {
			igraph_integer_t t = a;

			a = b;
			b = t;
		}
		p[n].key = ((uint64_t)a << 32) | (uint64_t)b;
		p[n++].w = VECTOR(gr->weight)[e];
	}
	qsort(p, n, sizeof(*p), cmp_pair);
	for (i = 0, j = 0; i < n; i++) {
		if (j && p[j - 1].key == p[i].key)
			p[j - 1].w += p[i].w;
		else
			p[j++] = p[i];
	}
	*out = p;
	*n_out = j;
	return 0;
}

/*
 * Lays out the groups listed in ids[0..k) (indices into gs) with
 * Fruchterman-Reingold on their ties: pos[2i], pos[2i+1] in [0,1]^2.
 * idx[] is scratch of gs->k entries.
 */
static int place_groups(const struct tsu_graph *gr, const struct groups *gs,
			const igraph_vector_int_t *of, const igraph_integer_t *ids,
			igraph_integer_t k, uint64_t seed, double *pos,
			struct tsu_layout *l, struct tsu_error *err)
{
	igraph_integer_t *idx = NULL, *vg = NULL, *el = NULL, i, v;
	double *w = NULL;
	struct pair_w *pw = NULL;
	size_t np = 0, e;
	int rc = TSU_OK;

	idx = malloc(((size_t)gs->k + 1) * sizeof(*idx));
	vg = malloc(((size_t)gr->n + 1) * sizeof(*vg));
	if (!idx || !vg) {
		rc = tsu_error_oom(err);
		goto out;
	}
	for (i = 0; i < gs->k; i++)
		idx[i] = -1;
	for (i = 0; i < k; i++)
		idx[ids[i]] = i;
	for (v = 0; v < gr->n; v++)
		vg[v] = idx[VECTOR(*of)[v]];
	if (group_edges(gr, vg, &pw, &np) < 0) {
		rc = tsu_error_oom(err);
		goto out;
	}
	el = malloc((2 * np + 1) * sizeof(*el));
	w = malloc((np + 1) * sizeof(*w));
	if (!el || !w) {
		rc = tsu_error_oom(err);
		goto out;
	}
	for (e = 0; e < np; e++) {
		el[2 * e] = (igraph_integer_t)(pw[e].key >> 32);
		el[2 * e + 1] = (igraph_integer_t)(pw[e].key & 0xffffffffu);
		/* a heavy link pulls, but not so hard that it swallows the
		   picture */
		w[e] = log1p(pw[e].w);
	}
	if ((rc = fr(k, el, np, w, seed, pos, err)))
		goto out;
	if (l) {
		l->n_cedges = (igraph_integer_t)np;
		l->cedge = el;
		l->cweight = w;
		for (e = 0; e < np; e++)
			w[e] = pw[e].w;
		el = NULL;
		w = NULL;
	}
out:
	free(idx);
	free(vg);
	free(pw);
	free(el);
	free(w);
	return rc;
}

/* Rows of boxes below `*y`: each box has side sides[i]; returns centres. */
static void pack_rows(const double *sides, igraph_integer_t k, double *y,
		      double *cx, double *cy)
{
	double x = 0, row_h = 0, top = *y;
	igraph_integer_t i;

	for (i = 0; i < k; i++) {
		double s = sides[i];

		if (x > 0 && x + s > 1) {
			top -= row_h;
			x = 0;
			row_h = 0;
		}
		cx[i] = x + s / 2;
		cy[i] = top - s / 2;
		x += s;
		row_h = fmax(row_h, s);
	}
	*y = top - row_h;
}

int tsu_layout_network(const struct tsu_graph *gr,
		       const struct tsu_analysis *an, uint64_t seed,
		       struct tsu_layout *l, struct tsu_error *err)
{
	struct groups comps = { 0 }, comms = { 0 };
	igraph_integer_t n = gr->n, v, c, i, k, *ids = NULL, n_iso = 0;
	igraph_integer_t stride = 1, *el = NULL, *loc = NULL;
	double *pos = NULL, *sides = NULL, *cx = NULL, *cy = NULL, y;
	int rc = TSU_OK;

	memset(l, 0, sizeof(*l));
	l->n = n;
	l->band_y[0] = l->band_y[1] = NAN;
	l->detail = n <= TSU_PLOT_FR_MAX;
	if (n > TSU_PLOT_MAX_POINTS)
		stride = (n + TSU_PLOT_MAX_POINTS - 1) / TSU_PLOT_MAX_POINTS;
	if (!(l->xy = malloc(2 * ((size_t)n + 1) * sizeof(*l->xy))))
		return tsu_error_oom(err);
	for (v = 0; v < 2 * n; v++)
		l->xy[v] = NAN;
	if (groups_build(&comps, &an->component, an->n_components, n) < 0 ||
	    groups_build(&comms, &an->community, an->n_communities, n) < 0 ||
	    !(ids = calloc((size_t)an->n_communities + an->n_components + 1,
			   sizeof(*ids))) ||
	    !(pos = malloc(2 * ((size_t)an->n_communities + an->n_components +
				1) * sizeof(*pos))) ||
	    !(sides = malloc(((size_t)an->n_components + 1) *
			     sizeof(*sides))) ||
	    !(cx = malloc(((size_t)an->n_components + 1) * sizeof(*cx))) ||
	    !(cy = malloc(((size_t)an->n_components + 1) * sizeof(*cy))) ||
	    !(loc = malloc(((size_t)n + 1) * sizeof(*loc)))) {
		rc = tsu_error_oom(err);
		goto out;
	}

	/* the main network: component 0 when it has a tie */
	if (an->n_components > 0 && VECTOR(an->comp_size)[0] > 1) {
		igraph_integer_t *mv = comps.verts + comps.start[0];
		igraph_integer_t mk = comps.start[1] - comps.start[0];

		if (l->detail) {
			igraph_integer_t m = igraph_ecount(&gr->g), e, ne = 0;
			double *w;

			for (i = 0; i < mk; i++)
				loc[mv[i]] = i;
			el = malloc(2 * ((size_t)m + 1) * sizeof(*el));
			w = malloc(((size_t)m + 1) * sizeof(*w));
			if (!el || !w) {
				free(w);
				rc = tsu_error_oom(err);
				goto out;
			}
			for (e = 0; e < m; e++) {
				igraph_integer_t a = IGRAPH_FROM(&gr->g, e);
				igraph_integer_t b = IGRAPH_TO(&gr->g, e);

				if (VECTOR(an->component)[a] != 0)
					continue;
				el[2 * ne] = loc[a];
				el[2 * ne + 1] = loc[b];
				w[ne++] = VECTOR(gr->weight)[e];
			}
			free(pos);
			pos = malloc(2 * ((size_t)mk + 1) * sizeof(*pos));
			if (!pos) {
				free(w);
				rc = tsu_error_oom(err);
				goto out;
			}
			rc = fr(mk, el, (size_t)ne, w, seed, pos, err);
			free(w);
			if (rc)
				goto out;
			for (i = 0; i < mk; i++) {
				l->xy[2 * mv[i]] = pos[2 * i];
				l->xy[2 * mv[i] + 1] = pos[2 * i + 1];
			}
			l->drawn += mk;
		} else {
			/* communities of the main network, placed by their
			   ties; members around each */
			double total = (double)mk;

			for (c = 0, k = 0; c < an->n_communities; c++) {
				igraph_integer_t first;

				if (comms.start[c + 1] == comms.start[c])
					continue;
				first = comms.verts[comms.start[c]];
				if (VECTOR(an->component)[first] == 0)
					ids[k++] = c;
			}
			if ((rc = place_groups(gr, &comms, &an->community, ids,
					       k, seed, pos, NULL, err)))
				goto out;
			for (i = 0; i < k; i++) {
				igraph_integer_t cc = ids[i];
				igraph_integer_t sz = comms.start[cc + 1] -
						      comms.start[cc];
				double r = 0.3 * sqrt((double)sz / total);

				l->drawn += spiral(an, comms.verts +
							       comms.start[cc],
						   sz, 0.06 + 0.88 * pos[2 * i],
						   0.06 + 0.88 * pos[2 * i + 1],
						   r, stride, l->xy);
			}
		}
	}

	/* separate groups: components after the first that have a tie */
	y = -BAND_GAP;
	for (c = 1, k = 0; c < an->n_components; c++)
		if (VECTOR(an->comp_size)[c] > 1)
			ids[k++] = c;
	if (an->n_components > 0 && VECTOR(an->comp_size)[0] == 1)
		k = 0;	/* no tie anywhere: all are isolated */
	if (k > 0) {
		double area = 0, scale;

		for (i = 0; i < k; i++)
			area += (double)VECTOR(an->comp_size)[ids[i]];
		/* the band takes about a fifth of the main area's height */
		scale = fmin(0.06, sqrt(0.25 / area));
		for (i = 0; i < k; i++)
			sides[i] = scale *
				   (1.2 + sqrt((double)VECTOR(an->comp_size)[ids[i]]));
		l->band_y[0] = y;
		pack_rows(sides, k, &y, cx, cy);
		for (i = 0; i < k; i++) {
			igraph_integer_t cc = ids[i];
			igraph_integer_t *mv = comps.verts + comps.start[cc];
			igraph_integer_t mk = comps.start[cc + 1] -
					      comps.start[cc];
			double half = sides[i] * 0.4;

			if (l->detail) {
				igraph_integer_t m = igraph_ecount(&gr->g), e;
				igraph_integer_t ne = 0;
				double *p2;

				/* the component's own ties, FR inside its box */
				for (v = 0; v < mk; v++)
					loc[mv[v]] = v;
				if (!el)
					el = malloc(2 * ((size_t)m + 1) *
						    sizeof(*el));
				p2 = malloc(2 * ((size_t)mk + 1) * sizeof(*p2));
				if (!el || !p2) {
					free(p2);
					rc = tsu_error_oom(err);
					goto out;
				}
				for (e = 0; e < m; e++) {
					igraph_integer_t a =
						IGRAPH_FROM(&gr->g, e);

					if (VECTOR(an->component)[a] != cc)
						continue;
					el[2 * ne] = loc[a];
					el[2 * ne + 1] =
						loc[IGRAPH_TO(&gr->g, e)];
					ne++;
				}
				rc = fr(mk, el, (size_t)ne, NULL, seed + (uint64_t)cc,
					p2, err);
				if (rc) {
					free(p2);
					goto out;
				}
				for (v = 0; v < mk; v++) {
					l->xy[2 * mv[v]] = cx[i] - half +
							   2 * half * p2[2 * v];
					l->xy[2 * mv[v] + 1] =
						cy[i] - half +
						2 * half * p2[2 * v + 1];
				}
				l->drawn += mk;
				free(p2);
			} else {
				l->drawn += spiral(an, mv, mk, cx[i], cy[i],
						   half, stride, l->xy);
			}
		}
		y -= BAND_GAP;
	}

	/* isolated organisations: a grid, in file order */
	for (v = 0; v < n; v++)
		n_iso += VECTOR(an->degree)[v] == 0;
	if (n_iso > 0) {
		igraph_integer_t shown = (n_iso + stride - 1) / stride, j = 0;
		igraph_integer_t cols = (igraph_integer_t)ceil(sqrt(
			(double)shown * 8));
		double step;

		if (cols < 1)
			cols = 1;
		step = fmin(0.06, 1.0 / (double)cols);
		cols = (igraph_integer_t)(1.0 / step);
		if (cols < 1)
			cols = 1;
		l->band_y[1] = y;
		for (v = 0, i = 0; v < n; v++) {
			if (VECTOR(an->degree)[v] != 0)
				continue;
			if (i++ % stride)
				continue;
			l->xy[2 * v] = step / 2 + step * (double)(j % cols);
			l->xy[2 * v + 1] = y - step / 2 -
					   step * (double)(j / cols);
			j++;
		}
		l->drawn += shown;
		y -= step * (double)((shown + cols - 1) / cols);
	}
	l->xmin = -0.03;
	l->xmax = 1.03;
	l->ymax = 1.03;
	l->ymin = y - 0.05;
out:
	groups_release(&comps);
	groups_release(&comms);
	free(ids);
	free(pos);
	free(sides);
	free(cx);
	free(cy);
	free(el);
	free(loc);
	if (rc)
		tsu_layout_release(l);
	return rc;
}

/* Largest first, then the lower number. */
static int cmp_comm_size(const void *x, const void *y, void *ctx)
{
	const struct tsu_analysis *an = ctx;
	igraph_integer_t a = *(const igraph_integer_t *)x;
	igraph_integer_t b = *(const igraph_integer_t *)y;
	igraph_integer_t sa = an->comm[a].size, sb = an->comm[b].size;

	if (sa != sb)
		return sa > sb ? -1 : 1;
	return (a > b) - (a < b);
}

/* Whether community c lies in the main network (component 0, with ties). */
static int in_main(const struct tsu_analysis *an, const struct groups *comms,
		   igraph_integer_t c)
{
	igraph_integer_t first = comms->verts[comms->start[c]];

	return VECTOR(an->component)[first] == 0 &&
	       VECTOR(an->comp_size)[0] > 1;
}

int tsu_layout_communities(const struct tsu_analysis *an,
			   const struct tsu_graph *gr, igraph_integer_t max,
			   uint64_t seed, struct tsu_layout *l,
			   struct tsu_error *err)
{
	struct groups comms = { 0 };
	igraph_integer_t c, k = 0, *ids = NULL, i;
	double *pos = NULL;
	int rc = TSU_OK;

	memset(l, 0, sizeof(*l));
	l->n_comm = an->n_communities;
	l->comm_xy = malloc(2 * ((size_t)an->n_communities + 1) *
			    sizeof(*l->comm_xy));
	ids = malloc(((size_t)an->n_communities + 1) * sizeof(*ids));
	pos = malloc(2 * ((size_t)an->n_communities + 1) * sizeof(*pos));
	if (!l->comm_xy || !ids || !pos ||
	    groups_build(&comms, &an->community, an->n_communities, gr->n) < 0) {
		rc = tsu_error_oom(err);
		goto out;
	}
	for (c = 0; c < 2 * an->n_communities; c++)
		l->comm_xy[c] = NAN;
	for (c = 0; c < an->n_communities; c++)
		if (an->comm[c].size > 1)
			ids[k++] = c;
	qsort_r(ids, (size_t)k, sizeof(*ids), cmp_comm_size, (void *)an);
	if (k > max)
		k = max;
	if (k > 0 && (rc = place_groups(gr, &comms, &an->community, ids, k,
					seed, pos, l, err)))
		goto out;
	/*
	 * FR pushes communities with no tie to the rest far off and squeezes
	 * the connected ones into a corner: rescale those of the main network
	 * to the unit square and set the others in a row below it.
	 */
	{
		double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY;
		double y1 = -INFINITY, span;
		igraph_integer_t n_sep = 0, j = 0;

		for (i = 0; i < k; i++) {
			if (!in_main(an, &comms, ids[i])) {
				n_sep++;
				continue;
			}
			x0 = fmin(x0, pos[2 * i]);
			x1 = fmax(x1, pos[2 * i]);
			y0 = fmin(y0, pos[2 * i + 1]);
			y1 = fmax(y1, pos[2 * i + 1]);
		}
		span = fmax(x1 - x0, y1 - y0);
		if (!(span > 0))
			span = 1;
		l->band_y[0] = l->band_y[1] = NAN;
		l->ymin = 0;
		if (n_sep) {
			l->band_y[0] = -BAND_GAP;
			l->ymin = -2 * BAND_GAP - 0.1;
		}
		for (i = 0; i < k; i++) {
			double x, y;

			if (in_main(an, &comms, ids[i])) {
				x = (pos[2 * i] - x0) / span +
				    (1 - (x1 - x0) / span) / 2;
				y = (pos[2 * i + 1] - y0) / span +
				    (1 - (y1 - y0) / span) / 2;
			} else {
				x = ((double)j++ + 0.5) / (double)n_sep;
				y = -BAND_GAP - 0.1;
			}
			l->comm_xy[2 * ids[i]] = x;
			l->comm_xy[2 * ids[i] + 1] = y;
		}
	}
	/* edges are between positions in ids[]: map them back */
	for (i = 0; i < 2 * l->n_cedges; i++)
		l->cedge[i] = ids[l->cedge[i]];
out:
	groups_release(&comms);
	free(ids);
	free(pos);
	if (rc)
		tsu_layout_release(l);
	return rc;
}

void tsu_layout_release(struct tsu_layout *l)
{
	free(l->xy);
	free(l->comm_xy);
	free(l->cedge);
	free(l->cweight);
	memset(l, 0, sizeof(*l));
}
