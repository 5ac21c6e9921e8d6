/*
 * tsu_graph.h - the collaboration graph of one snapshot, in igraph.
 *
 * One vertex per organisation, in the order of the file (vertex i is the
 * snapshot's i-th organisation, store id first_org + i); organisations with
 * no tie are vertices too.  One undirected edge per tied pair, whatever the
 * number of tie rows behind it, with weight = the pair's summed tie strength
 * (always > 0).  Edges are ordered by (a, b), so a snapshot always gives the
 * same graph, edge ids included.
 *
 * How the measures read the weights (said again in `tsunagu analyze --help`
 * and in the report): as *strength* for communities, strength, eigenvector
 * centrality and Burt's constraint (a heavier tie binds more); as
 * *distance = 1 / weight* for betweenness and harmonic closeness (a heavier
 * tie is a shorter path).  Degree, coreness, components, bridges and the
 * average path length count ties and steps, not weights.  A weight below
 * TSU_GRAPH_MIN_WEIGHT counts as that for distances, so that no distance
 * is infinite.
 *
 * Ownership: a loaded `struct tsu_graph` owns its igraph_t, its vectors and
 * its string pool; tsu_graph_release() frees all of them.  The strings are
 * NUL-terminated UTF-8 inside the pool; use tsu_graph_key() and friends.
 */
#ifndef TSU_GRAPH_H
#define TSU_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include <igraph.h>

#include "tsu_error.h"
#include "tsu_store.h"

#define TSU_GRAPH_MIN_WEIGHT 1e-9

struct tsu_graph {
	igraph_t g;			/* undirected, simple */
	igraph_vector_t weight;		/* per edge, > 0 */
	igraph_vector_t length;		/* per edge, 1 / weight (see above) */
	igraph_integer_t n;		/* organisations */
	int64_t snapshot;		/* 0 when built from an edge list */
	int64_t first_org;		/* store id of vertex 0 */
	int lang;			/* language of the data (TSU_LANG_*) */
	unsigned char *sector;		/* per vertex, enum tsu_sector */
	int32_t *area;			/* per vertex, index in areas, -1 none */
	size_t n_areas;
	size_t *area_name;		/* per area, offset in pool */
	double *lat, *lon;		/* per vertex; NaN when not given */
	size_t *key, *name;		/* per vertex, offsets in pool */
	char *pool;
	size_t pool_len, pool_cap;
	int ready;			/* g and the vectors are initialised */
};

/*
 * Builds the graph of snapshot `snap` (read from `st`).  A tie naming an
 * organisation outside the snapshot is a damaged store: TSU_ESTORE.
 */
int tsu_graph_load(struct tsu_store *st, const struct tsu_snapshot *snap,
		   struct tsu_graph *out, struct tsu_error *err);

/*
 * Builds a graph from memory, for tests and tools: n organisations named
 * names[i] (the key is "1", "2", ...), sectors[i] (NULL: all "other"),
 * no areas, and m edges edges[2k]-edges[2k+1] with weights[k] (NULL: 1).
 * Repeated pairs add up; self-loops and out-of-range ends are refused.
 */
int tsu_graph_from_edges(igraph_integer_t n, const char *const *names,
			 const unsigned char *sectors, size_t m,
			 const igraph_integer_t *edges, const double *weights,
			 struct tsu_graph *out, struct tsu_error *err);

void tsu_graph_release(struct tsu_graph *gr);	/* zeroed or loaded */

static inline const char *tsu_graph_key(const struct tsu_graph *gr,
					igraph_integer_t v)
{
	return gr->pool + gr->key[v];
}

static inline const char *tsu_graph_name(const struct tsu_graph *gr,
					 igraph_integer_t v)
{
	return gr->pool + gr->name[v];
}

/* The area's name, or NULL when the organisation has none. */
static inline const char *tsu_graph_area(const struct tsu_graph *gr,
					 igraph_integer_t v)
{
	return gr->area[v] < 0 ? NULL : gr->pool + gr->area_name[gr->area[v]];
}

#endif
