/*
 * test_analyze.c - the collaboration graph and its analysis, on networks
 * whose answers are known: Zachary's karate club (igraph_famous), small
 * hand-built graphs, and properties that must hold on any graph.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsu_analyze.h"
#include "tsu_graph.h"

/*
 * Zachary (1977): the club split between the instructor, Mr. Hi, and the
 * officer.  1 = the member went with the officer (0-based vertices of
 * igraph_famous("Zachary")).
 */
static const int karate_officer[34] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0,
	0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static void load_famous(const char *name, struct tsu_graph *gr)
{
	struct tsu_error err = TSU_ERROR_INIT;
	igraph_t g;
	igraph_vector_int_t el;
	igraph_integer_t n;

	assert_int_equal(igraph_famous(&g, name), IGRAPH_SUCCESS);
	igraph_vector_int_init(&el, 0);
	igraph_get_edgelist(&g, &el, 0);
	n = igraph_vcount(&g);
	assert_int_equal(tsu_graph_from_edges(n, NULL, NULL,
					      (size_t)igraph_ecount(&g),
					      VECTOR(el), NULL, gr, &err),
			 TSU_OK);
	igraph_vector_int_destroy(&el);
	igraph_destroy(&g);
}

static void analyze_ok(const struct tsu_graph *gr,
		       const struct tsu_analyze_opts *o, struct tsu_analysis *a)
{
	struct tsu_error err = TSU_ERROR_INIT;
	int rc = tsu_analyze(gr, o, a, &err);

	if (rc)
		fail_msg("tsu_analyze: %s", err.msg);
}

static void karate_communities_nest_in_factions(void **state)
{
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_graph gr;
	struct tsu_analysis a;
	igraph_integer_t k, v, strays = 0;

	(void)state;
	load_famous("Zachary", &gr);
	o.runs = 10;
	analyze_ok(&gr, &o, &a);
	/* the best known modularity partition has Q = 0.4198 (4 groups) */
	assert_true(a.modularity > 0.41);
	assert_true(a.n_comm_multi >= 2 && a.n_comm_multi <= 5);
	assert_int_equal(a.n_components, 1);
	assert_int_equal(a.n_isolated, 0);
	/*
	 * Each community lies within one faction; modularity is known to
	 * place one or two boundary members (8 and 9 here, 0-based) with the
	 * other side, and no more.
	 */
	for (k = 0; k < a.n_communities; k++) {
		igraph_integer_t off = 0, size = 0;

		for (v = 0; v < a.n; v++)
			if (VECTOR(a.community)[v] == k) {
				size++;
				off += karate_officer[v];
			}
		strays += off < size - off ? off : size - off;
		assert_true((off < size - off ? off : size - off) <= 1);
	}
	assert_true(strays <= 2);
	/* the two leaders are in different communities */
	assert_int_not_equal(VECTOR(a.community)[0], VECTOR(a.community)[33]);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
}

/*
 * Sampling every organisation with a tie must give exactly igraph's own
 * betweenness (normalised), and the harmonic closeness its own.
 */
static void all_sources_equal_igraph_exact(void **state)
{
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_graph gr;
	struct tsu_analysis a;
	igraph_vector_t bet, harm;
	igraph_integer_t v, n;
	double pairs;

	(void)state;
	load_famous("Zachary", &gr);
	/* some weights, so that distances are 1/weight */
	for (v = 0; v < igraph_ecount(&gr.g); v++) {
		VECTOR(gr.weight)[v] = 1 + (double)(v % 4);
		VECTOR(gr.length)[v] = 1 / VECTOR(gr.weight)[v];
	}
	o.samples = 34;		/* every organisation: no scaling */
	o.runs = 1;
	analyze_ok(&gr, &o, &a);
	assert_int_equal(a.sources, 0);	/* reported as exact */
	n = a.n;
	igraph_vector_init(&bet, 0);
	igraph_vector_init(&harm, 0);
	igraph_betweenness(&gr.g, &bet, igraph_vss_all(), 0, &gr.length);
	igraph_harmonic_centrality(&gr.g, &harm, igraph_vss_all(), IGRAPH_ALL,
				   &gr.length, 1);
	pairs = (double)(n - 1) * (double)(n - 2) / 2;
	for (v = 0; v < n; v++) {
		assert_float_equal(VECTOR(a.betweenness)[v],
				   VECTOR(bet)[v] / pairs, 1e-9);
		assert_float_equal(VECTOR(a.harmonic)[v], VECTOR(harm)[v],
				   1e-9);
	}
	/* the average path length is in steps */
	{
		igraph_real_t apl;

		igraph_average_path_length(&gr.g, &apl, NULL, 0, 1);
		assert_float_equal(a.avg_path, apl, 1e-9);
	}
	igraph_vector_destroy(&bet);
	igraph_vector_destroy(&harm);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
}

/* Sampled sources: an estimate, scaled so that it stays near the truth. */
static void sampled_betweenness_estimates(void **state)
{
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_graph gr;
	struct tsu_analysis exact, est;

	(void)state;
	load_famous("Zachary", &gr);
	o.runs = 1;
	o.samples = -1;
	analyze_ok(&gr, &o, &exact);
	o.samples = 24;
	analyze_ok(&gr, &o, &est);
	assert_int_equal(est.sources, 24);
	/* the two leaders stay the top two brokers */
	assert_true(VECTOR(est.betweenness)[0] > 0.25);
	assert_true(VECTOR(est.betweenness)[33] > 0.15);
	assert_float_equal(VECTOR(est.betweenness)[0],
			   VECTOR(exact.betweenness)[0], 0.15);
	assert_float_equal(est.avg_path, exact.avg_path, 0.3);
	tsu_analysis_release(&exact);
	tsu_analysis_release(&est);
	tsu_graph_release(&gr);
}

/*
 * A main component (a 6-cycle with a chord and a tail), two isolated
 * organisations, one pair and one triangle.
 */
static const igraph_integer_t cut_edges[] = {
	0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 0, 0, 3, 5, 6,	/* main: 0..6 */
	9, 10,						/* pair */
	11, 12, 12, 13, 13, 11,				/* triangle */
};

static void hand_built_cut_off_groups(void **state)
{
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_graph gr;
	struct tsu_analysis a;
	size_t i;
	int isolated = 0, pair = 0, triangle = 0;

	(void)state;
	assert_int_equal(tsu_graph_from_edges(14, NULL, NULL,
					      sizeof(cut_edges) /
						      sizeof(*cut_edges) / 2,
					      cut_edges, NULL, &gr, &err),
			 TSU_OK);
	analyze_ok(&gr, &o, &a);
	assert_int_equal(a.n_isolated, 2);	/* 7 and 8 */
	assert_int_equal(a.n_components, 5);
	assert_int_equal(a.largest, 7);
	assert_int_equal(VECTOR(a.component)[0], 0);
	for (i = 0; i < a.n_cutoffs; i++) {
		const struct tsu_cutoff *c = &a.cutoffs[i];

		if (c->kind == TSU_CUT_ISOLATED) {
			assert_true(c->group == 7 || c->group == 8);
			isolated++;
		} else if (c->kind == TSU_CUT_COMPONENT && c->size == 2) {
			assert_int_equal(c->group, VECTOR(a.component)[9]);
			assert_int_equal(c->ties, 1);
			assert_true(c->small);
			pair++;
		} else if (c->kind == TSU_CUT_COMPONENT && c->size == 3) {
			assert_int_equal(c->group, VECTOR(a.component)[11]);
			assert_int_equal(c->ties, 3);
			triangle++;
		} else {
			fail_msg("unexpected cut-off group of kind %d", c->kind);
		}
	}
	assert_int_equal(isolated, 2);
	assert_int_equal(pair, 1);
	assert_int_equal(triangle, 1);
	/* flags: isolated ones are not "peripheral"; the pair is */
	assert_int_equal(a.peripheral[7], 0);
	assert_int_equal(a.peripheral[9], 1);
	assert_int_equal(a.peripheral[0], 0);
	/* the tail 5-6 and the pair 9-10 are bridges; 5 is a cut vertex */
	assert_int_equal(a.n_bridges, 2);
	assert_true(a.articulation[5]);
	assert_false(a.articulation[0]);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
}

/* Bridges report the organisations left on each side. */
static void bridge_sides(void **state)
{
	/* 0-1-2-3 path, with a triangle 3-4-5 hanging off 3 */
	static const igraph_integer_t e[] = { 0, 1, 1, 2, 2, 3, 3, 4, 4, 5,
					      5, 3 };
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_graph gr;
	struct tsu_analysis a;
	size_t i;

	(void)state;
	assert_int_equal(tsu_graph_from_edges(6, NULL, NULL, 6, e, NULL, &gr,
					      &err), TSU_OK);
	analyze_ok(&gr, &o, &a);
	assert_int_equal(a.n_bridges, 3);
	/* largest smaller side first: 2-3 splits 3 | 3, then 1-2 (2 | 4) */
	assert_int_equal(a.bridges[0].a, 2);
	assert_int_equal(a.bridges[0].b, 3);
	assert_int_equal(a.bridges[1].a, 1);
	assert_int_equal(a.bridges[1].b, 2);
	assert_int_equal(a.bridges[1].side_a, 2);
	assert_int_equal(a.bridges[1].side_b, 4);
	for (i = 0; i < a.n_bridges; i++) {
		const struct tsu_bridge *b = &a.bridges[i];

		assert_int_equal(b->side_a + b->side_b, 6);
		if (b->a == 0) {
			assert_int_equal(b->side_a, 1);
			assert_int_equal(b->side_b, 5);
		}
		if (b->a == 2) {
			assert_int_equal(b->b, 3);
			assert_int_equal(b->side_a, 3);
			assert_int_equal(b->side_b, 3);
		}
	}
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
}

/*
 * Burt's effective size: unweighted it is degree - 2t/degree (t ties among
 * the neighbours); weighted, a star's centre keeps its degree whatever the
 * weights, and a triangle's members count less than two.
 */
static void effective_size_matches_burt(void **state)
{
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_graph gr;
	struct tsu_analysis a;
	igraph_vector_t cc;
	igraph_integer_t v;

	(void)state;
	load_famous("Zachary", &gr);
	o.runs = 1;
	analyze_ok(&gr, &o, &a);
	igraph_vector_init(&cc, 0);
	igraph_transitivity_local_undirected(&gr.g, &cc, igraph_vss_all(),
					     IGRAPH_TRANSITIVITY_ZERO);
	for (v = 0; v < a.n; v++) {
		double d = (double)VECTOR(a.degree)[v];
		double t = VECTOR(cc)[v] * d * (d - 1) / 2;

		assert_float_equal(VECTOR(a.effective_size)[v], d - 2 * t / d,
				   1e-9);
	}
	igraph_vector_destroy(&cc);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
}

static void effective_size_weighted(void **state)
{
	/* triangle 0-1-2 with weights 1, 2, 3, and a leaf 3 on 0 (weight 2) */
	static const igraph_integer_t e[] = { 0, 1, 1, 2, 2, 0, 0, 3 };
	static const double w[] = { 1, 2, 3, 2 };
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_graph gr;
	struct tsu_analysis a;
	double p01, p02, m12, m21, want;

	(void)state;
	assert_int_equal(tsu_graph_from_edges(4, NULL, NULL, 4, e, w, &gr,
					      &err), TSU_OK);
	o.runs = 1;
	analyze_ok(&gr, &o, &a);
	/*
	 * Vertex 0: strength 6 (1 + 3 + 2).  Neighbour 1: redundant through
	 * 2 by p02 * m12 with m12 = w12 / max(w10, w12) = 2/2; neighbour 2:
	 * through 1 by p01 * m21 with m21 = w21 / max(w20, w21) = 2/3;
	 * neighbour 3 has no other tie.
	 */
	p01 = 1.0 / 6;
	p02 = 3.0 / 6;
	m12 = 2.0 / 2;
	m21 = 2.0 / 3;
	want = (1 - p02 * m12) + (1 - p01 * m21) + 1;
	assert_float_equal(VECTOR(a.effective_size)[0], want, 1e-12);
	assert_float_equal(VECTOR(a.effective_size)[3], 1, 1e-12);
	/* constraint: defined for tied ones only */
	assert_false(isnan(VECTOR(a.constraint)[0]));
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
}

/*
 * Burt's constraint is computed here (igraph's is quadratic in a hub's
 * degree): it must equal igraph_constraint, weighted, on graphs with hubs,
 * triangles, leaves and isolated organisations.
 */
static void constraint_equals_igraph(void **state)
{
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_graph gr;
	struct tsu_analysis a;
	igraph_vector_t want;
	igraph_vector_int_t el;
	igraph_t g;
	igraph_integer_t v, round;

	(void)state;
	o.runs = 1;
	for (round = 0; round < 3; round++) {
		if (round == 0) {
			load_famous("Zachary", &gr);
		} else {
			/* a seeded random graph with a hub and isolated ones */
			double *w;
			size_t k, m;

			igraph_rng_seed(igraph_rng_default(), 42 + (uint64_t)round);
			igraph_erdos_renyi_game_gnm(&g, 200, 300, 0, 0);
			igraph_vector_int_init(&el, 0);
			igraph_get_edgelist(&g, &el, 0);
			for (v = 1; v < 120; v += 2) {	/* vertex 0 is a hub */
				igraph_vector_int_push_back(&el, 0);
				igraph_vector_int_push_back(&el, v);
			}
			m = (size_t)igraph_vector_int_size(&el) / 2;
			w = malloc(m * sizeof(*w));
			for (k = 0; k < m; k++)
				w[k] = 1 + (double)(k % 5);
			assert_int_equal(tsu_graph_from_edges(205, NULL, NULL, m,
							      VECTOR(el), w, &gr,
							      &err), TSU_OK);
			free(w);
			igraph_vector_int_destroy(&el);
			igraph_destroy(&g);
		}
		if (round == 2) {	/* weights other than 1..5 */
			for (v = 0; v < igraph_ecount(&gr.g); v++)
				VECTOR(gr.weight)[v] = 0.5 + (double)(v % 7) / 3;
		}
		analyze_ok(&gr, &o, &a);
		igraph_vector_init(&want, 0);
		igraph_constraint(&gr.g, &want, igraph_vss_all(), &gr.weight);
		for (v = 0; v < a.n; v++) {
			if (isnan(VECTOR(want)[v])) {
				assert_true(isnan(VECTOR(a.constraint)[v]));
				continue;
			}
			assert_float_equal(VECTOR(a.constraint)[v],
					   VECTOR(want)[v], 1e-12);
		}
		igraph_vector_destroy(&want);
		tsu_analysis_release(&a);
		tsu_graph_release(&gr);
	}
}

/* Ties against random mixing: counts per sector pair and the expectation. */
static void sector_mixing(void **state)
{
	/* 0,1 npo; 2,3 business: ties 0-1 (npo-npo), 0-2, 1-3 (npo-business) */
	static const igraph_integer_t e[] = { 0, 1, 0, 2, 1, 3 };
	static const unsigned char sec[] = { TSU_SECTOR_NPO, TSU_SECTOR_NPO,
					     TSU_SECTOR_BUSINESS,
					     TSU_SECTOR_BUSINESS };
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_graph gr;
	struct tsu_analysis a;
	const int N = TSU_SECTOR_NPO, B = TSU_SECTOR_BUSINESS;

	(void)state;
	assert_int_equal(tsu_graph_from_edges(4, NULL, sec, 3, e, NULL, &gr,
					      &err), TSU_OK);
	analyze_ok(&gr, &o, &a);
	assert_float_equal(a.mix_obs[N][N], 1, 0);
	assert_float_equal(a.mix_obs[N][B], 2, 0);
	assert_float_equal(a.mix_obs[B][B], 0, 0);
	/* degrees: npo 2 + 2 = 4, business 1 + 1 = 2; m = 3 */
	assert_float_equal(a.mix_exp[N][N], 4.0 * 4 / 12, 1e-12);
	assert_float_equal(a.mix_exp[N][B], 4.0 * 2 / 6, 1e-12);
	assert_float_equal(a.mix_exp[B][B], 2.0 * 2 / 12, 1e-12);
	assert_int_equal(a.sector_size[N], 2);
	/* business has a tie out; no sector is listed as cut off */
	for (size_t i = 0; i < a.n_cutoffs; i++)
		assert_int_not_equal(a.cutoffs[i].kind, TSU_CUT_SECTOR);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
}

/* One-sector community and sector with no tie to the others. */
static void one_sector_groups(void **state)
{
	/* 0-1-2 npo triangle; 3-4-5 business triangle; 5-6 business-gov */
	static const igraph_integer_t e[] = { 0, 1, 1, 2, 2, 0, 3, 4, 4, 5,
					      5, 3, 5, 6, 2, 3 };
	static const unsigned char sec[] = {
		TSU_SECTOR_NPO, TSU_SECTOR_NPO, TSU_SECTOR_NPO,
		TSU_SECTOR_BUSINESS, TSU_SECTOR_BUSINESS, TSU_SECTOR_BUSINESS,
		TSU_SECTOR_GOVERNMENT,
	};
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_graph gr;
	struct tsu_analysis a;
	size_t i;
	int sectors = 0;

	(void)state;
	assert_int_equal(tsu_graph_from_edges(7, NULL, sec, 8, e, NULL, &gr,
					      &err), TSU_OK);
	analyze_ok(&gr, &o, &a);
	/* the npo triangle ties to business through 2-3: no sector cut off */
	for (i = 0; i < a.n_cutoffs; i++)
		if (a.cutoffs[i].kind == TSU_CUT_SECTOR)
			sectors++;
	assert_int_equal(sectors, 0);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);

	/* without 2-3 the npo triangle is a separate component, and npo a
	   sector with no tie to the others */
	assert_int_equal(tsu_graph_from_edges(7, NULL, sec, 7, e, NULL, &gr,
					      &err), TSU_OK);
	analyze_ok(&gr, &o, &a);
	for (i = 0; i < a.n_cutoffs; i++)
		if (a.cutoffs[i].kind == TSU_CUT_SECTOR) {
			assert_int_equal(a.cutoffs[i].sector, TSU_SECTOR_NPO);
			assert_int_equal(a.cutoffs[i].ties, 3);
			sectors++;
		}
	assert_int_equal(sectors, 1);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
}

/* Same graph and seed: the same numbers, whatever the number of workers. */
static void reproducible_across_workers(void **state)
{
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_graph gr;
	struct tsu_analysis one, two;
	size_t n;

	(void)state;
	load_famous("Zachary", &gr);
	o.samples = 16;		/* sampled, several path tasks */
	o.workers = 1;
	analyze_ok(&gr, &o, &one);
	o.workers = 2;
	analyze_ok(&gr, &o, &two);
	n = (size_t)one.n;
	assert_memory_equal(VECTOR(one.betweenness), VECTOR(two.betweenness),
			    n * sizeof(double));
	assert_memory_equal(VECTOR(one.harmonic), VECTOR(two.harmonic),
			    n * sizeof(double));
	assert_memory_equal(VECTOR(one.eigenvector), VECTOR(two.eigenvector),
			    n * sizeof(double));
	assert_memory_equal(VECTOR(one.community), VECTOR(two.community),
			    n * sizeof(igraph_integer_t));
	assert_memory_equal(VECTOR(one.stability), VECTOR(two.stability),
			    n * sizeof(double));
	assert_true(one.modularity == two.modularity);
	tsu_analysis_release(&one);
	tsu_analysis_release(&two);
	tsu_graph_release(&gr);
}

/* Stability: 1 for a partition every run agrees on. */
static void stability_of_clear_communities(void **state)
{
	/* two 4-cliques joined by one tie */
	static const igraph_integer_t e[] = {
		0, 1, 0, 2, 0, 3, 1, 2, 1, 3, 2, 3,
		4, 5, 4, 6, 4, 7, 5, 6, 5, 7, 6, 7, 3, 4,
	};
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_graph gr;
	struct tsu_analysis a;
	igraph_integer_t v;

	(void)state;
	assert_int_equal(tsu_graph_from_edges(8, NULL, NULL, 13, e, NULL, &gr,
					      &err), TSU_OK);
	analyze_ok(&gr, &o, &a);
	assert_int_equal(a.n_communities, 2);
	for (v = 0; v < 8; v++)
		assert_float_equal(VECTOR(a.stability)[v], 1.0, 0);
	/* each community's share of modularity adds up to Q */
	assert_float_equal(a.comm[0].modularity + a.comm[1].modularity,
			   a.modularity, 1e-12);
	assert_float_equal(a.comm[0].internal_weight, 6, 0);
	assert_float_equal(a.comm[0].external_weight, 1, 0);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
}

/* No ties at all: everyone isolated, nothing undefined is made up. */
static void no_ties(void **state)
{
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_graph gr;
	struct tsu_analysis a;

	(void)state;
	assert_int_equal(tsu_graph_from_edges(3, NULL, NULL, 0, NULL, NULL, &gr,
					      &err), TSU_OK);
	analyze_ok(&gr, &o, &a);
	assert_int_equal(a.n_isolated, 3);
	assert_int_equal(a.n_components, 3);
	assert_int_equal(a.n_comm_multi, 0);
	assert_true(isnan(a.modularity));
	assert_true(isnan(a.avg_path));
	assert_int_equal(a.n_cutoffs, 3);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
}

/* Repeated pairs add up; loops and unknown ends are refused. */
static void graph_from_edges_sums_and_refuses(void **state)
{
	static const igraph_integer_t e[] = { 1, 0, 0, 1, 1, 2 };
	static const double w[] = { 2, 3, 1 };
	static const igraph_integer_t loop[] = { 1, 1 };
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_graph gr;

	(void)state;
	assert_int_equal(tsu_graph_from_edges(3, NULL, NULL, 3, e, w, &gr,
					      &err), TSU_OK);
	assert_int_equal(igraph_ecount(&gr.g), 2);
	assert_float_equal(VECTOR(gr.weight)[0], 5, 0);
	assert_float_equal(VECTOR(gr.length)[0], 0.2, 1e-15);
	tsu_graph_release(&gr);
	assert_int_equal(tsu_graph_from_edges(3, NULL, NULL, 1, loop, NULL, &gr,
					      &err), TSU_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(karate_communities_nest_in_factions),
		cmocka_unit_test(all_sources_equal_igraph_exact),
		cmocka_unit_test(sampled_betweenness_estimates),
		cmocka_unit_test(hand_built_cut_off_groups),
		cmocka_unit_test(bridge_sides),
		cmocka_unit_test(effective_size_matches_burt),
		cmocka_unit_test(effective_size_weighted),
		cmocka_unit_test(constraint_equals_igraph),
		cmocka_unit_test(sector_mixing),
		cmocka_unit_test(one_sector_groups),
		cmocka_unit_test(reproducible_across_workers),
		cmocka_unit_test(stability_of_clear_communities),
		cmocka_unit_test(no_ties),
		cmocka_unit_test(graph_from_edges_sums_and_refuses),
	};

	igraph_set_error_handler(igraph_error_handler_printignore);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
