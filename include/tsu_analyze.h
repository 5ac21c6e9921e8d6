/*
 * tsu_analyze.h - network analysis of a snapshot's collaboration graph:
 * who is cut off, which groups keep to themselves, who brokers, which
 * single ties hold the network together.
 *
 * tsu_analyze() computes everything into a `struct tsu_analysis` from a
 * `struct tsu_graph` (see tsu_graph.h for how each measure reads weights);
 * tsu_analysis_write() writes the CSV files of `tsunagu analyze`.  Both are
 * deterministic: the same graph and options give the same numbers, bit for
 * bit, and the same bytes in every file.
 *
 * Measures and their igraph functions:
 *   components       igraph_connected_components; numbered 1 = largest,
 *                    ties broken by the first organisation in file order
 *   communities      igraph_community_leiden on modularity (node weights =
 *                    strength, resolution = R / 2W), run `runs` times with
 *                    seeds seed, seed+1, ...; the run of highest modularity
 *                    (earliest on a tie) is reported, numbered 1 = largest.
 *                    `stability` of an organisation: over the other runs,
 *                    the share of its community mates that stayed with it
 *                    (co-assignment frequency); 1 = always together.
 *   coreness         igraph_coreness (k-core shell)
 *   betweenness      on distance 1/weight (igraph_betweenness_subset over
 *                    every organisation with a tie as a source), normalised
 *                    by (n'-1)(n'-2)/2 with n' = organisations with a tie.
 *                    When n' x (n + m) exceeds TSU_ANALYZE_PATH_WORK it is
 *                    estimated from k = PATH_WORK / (n + m) sources (a
 *                    multiple of 8, at least 16) drawn with the seed,
 *                    scaled by n'/k; `samples` sets k instead.
 *   harmonic         sum of 1/distance to every other organisation over
 *                    n-1 (distance 1/weight, igraph_distances_dijkstra from
 *                    the same sources).
 *   eigenvector      igraph_eigenvector_centrality, weighted, within the
 *                    largest component (max 1); 0 elsewhere, since it is not
 *                    defined across components.
 *   constraint       Burt's constraint, weighted, as igraph_constraint
 *                    defines it; effective_size: Burt's effective size,
 *                    weighted (igraph has none), as Burt 1992 and NetworkX.
 *                    Both computed here, finding common neighbours from the
 *                    smaller side: igraph_constraint costs the sum of the
 *                    degrees squared, hours with one very large hub.
 *   articulation     igraph_articulation_points; bridges: igraph_bridges,
 *                    with the sizes of the two sides each would leave.
 *   average path     steps, in the largest component (igraph_distances from
 *                    the same sources).
 *   mixing           ties between each pair of sectors against the number
 *                    expected if ties joined ends at random with the same
 *                    degrees (D_s D_t / 2m; D_s^2 / 4m within a sector), and
 *                    nominal assortativity by sector.
 */
#ifndef TSU_ANALYZE_H
#define TSU_ANALYZE_H

#include <stdint.h>

#include <igraph.h>

#include "tsu_error.h"
#include "tsu_graph.h"
#include "tsu_model.h"

#define TSU_ANALYZE_PATH_WORK 4e6	/* sources x (organisations + ties) */

struct tsu_analyze_opts {
	uint64_t seed;			/* default 1 */
	double resolution;		/* > 0, default 1 */
	int runs;			/* Leiden runs, >= 1, default 5 */
	igraph_integer_t samples;	/* path sources: 0 = automatic (see
					   above), -1 = all (exact) */
	igraph_integer_t small;		/* "small" component: fewer members */
	int workers;			/* processes; 0 = tsu_pool_workers() */
	int groups_only;		/* components, communities, cut-off
					   groups, mixing and coreness only:
					   no paths, eigenvector, structural
					   holes or bridges (left 0) */
	const int64_t *membership;	/* NULL, or each organisation's
					   community (0-based), used instead
					   of running Leiden (a stored
					   analysis); stability is then NaN */
	/* called at each stage and during long ones; may be NULL */
	void (*progress)(void *ctx, const char *stage, double done);
	void *progress_ctx;
};
#define TSU_ANALYZE_OPTS_INIT                                                 \
	{ 1, 1.0, 5, 0, 5, 0, 0, NULL, NULL, NULL }

/* Why a group is listed as cut off (isolated_groups.csv). */
enum tsu_cutoff_kind {
	TSU_CUT_ISOLATED,	/* one organisation with no tie */
	TSU_CUT_COMPONENT,	/* a component other than the largest */
	TSU_CUT_COMMUNITY,	/* a community with no tie to another sector */
	TSU_CUT_SECTOR,		/* a sector with no tie to the others */
	TSU_CUT_AREA,		/* an area with no tie to the others */
};

struct tsu_cutoff {
	int kind;
	igraph_integer_t group;	/* vertex, component, community (0-based),
				   sector or area index */
	igraph_integer_t size;	/* organisations in the group */
	igraph_integer_t ties;	/* ties among its members */
	int sector;		/* TSU_CUT_COMMUNITY: the one sector */
	int small;		/* TSU_CUT_COMPONENT: size < opts.small */
};

struct tsu_bridge {
	igraph_integer_t edge, a, b;	/* a < b */
	igraph_integer_t side_a, side_b;	/* organisations left on each side */
};

struct tsu_community {
	igraph_integer_t size;
	double internal_weight;		/* sum of weights inside */
	double external_weight;		/* sum of weights to other communities */
	double modularity;		/* its share of the modularity */
	double stability;		/* mean of its members' stability */
};

struct tsu_analysis {
	igraph_integer_t n, m;		/* organisations, tied pairs */
	/* per organisation (vertex) */
	igraph_vector_int_t component, community, coreness, degree;
	igraph_vector_t strength, betweenness, harmonic, eigenvector;
	igraph_vector_t constraint, effective_size, stability;
	unsigned char *articulation, *peripheral;
	/* per component and community, 0-based (printed from 1) */
	igraph_vector_int_t comp_size;
	struct tsu_community *comm;
	igraph_integer_t n_components, n_communities, n_comm_multi;
	igraph_integer_t n_isolated, n_tied, largest;
	/* the whole network */
	double total_weight, density, centralization, avg_path;
	double assortativity, modularity, modularity_min, modularity_max;
	double resolution;
	uint64_t seed;
	int runs;
	igraph_integer_t sources;	/* sampled sources; 0 = exact */
	igraph_integer_t path_sources;	/* sources of the path estimate */
	igraph_integer_t small;
	double mix_obs[TSU_SECTOR_COUNT][TSU_SECTOR_COUNT];
	double mix_exp[TSU_SECTOR_COUNT][TSU_SECTOR_COUNT];
	igraph_integer_t sector_size[TSU_SECTOR_COUNT];
	struct tsu_bridge *bridges;	/* largest smaller side first */
	size_t n_bridges;
	struct tsu_cutoff *cutoffs;
	size_t n_cutoffs;
	int ready;
};

int tsu_analyze(const struct tsu_graph *gr, const struct tsu_analyze_opts *o,
		struct tsu_analysis *out, struct tsu_error *err);
void tsu_analysis_release(struct tsu_analysis *a);	/* zeroed or filled */

/*
 * Writes groups.csv, isolated_groups.csv, centrality.csv, bridges.csv,
 * communities.csv, mixing.csv and network.csv into `dir` (created if
 * missing).  Each file is written to a temporary name and renamed, so a
 * reader never sees half a file.  Text from the data is written as text:
 * cells starting with = + - @ TAB or CR are prefixed with ' (tsu_out.h).
 * Reasons and labels are in `lang` (TSU_LANG_EN or TSU_LANG_JA).
 */
int tsu_analysis_write(const struct tsu_graph *gr,
		       const struct tsu_analysis *a, const char *dir, int lang,
		       struct tsu_error *err);

/* isolated_groups.csv's words for cut-off group `c`: its kind ("isolated",
   "component", ...) and the sentence saying why it is cut off, in `lang`. */
const char *tsu_cutoff_kind_name(int kind);
void tsu_cutoff_why(const struct tsu_analysis *a, const struct tsu_cutoff *c,
		    int lang, char *buf, size_t len);

#endif
