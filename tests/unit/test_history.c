/*
 * test_history.c - what `tsunagu diff` says changed: organisations and ties
 * added and lost, isolation, and communities matched by overlap (continues,
 * merged, split, new, dissolved); and the pair hash the "new" marks use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tsu_feedback.h"
#include "tsu_graph.h"
#include "tsu_history.h"

static void build(struct tsu_graph *g, igraph_integer_t n, size_t m,
		  const igraph_integer_t *edges)
{
	struct tsu_error err = TSU_ERROR_INIT;

	assert_int_equal(tsu_graph_from_edges(n, NULL, NULL, m, edges, NULL,
					      g, &err), TSU_OK);
}

static const struct tsu_diff_comm *find(const struct tsu_diff *d, int status,
					int64_t b_size, int64_t a_size)
{
	for (size_t i = 0; i < d->n_comm; i++)
		if (d->comm[i].status == status && d->comm[i].b_size == b_size &&
		    d->comm[i].a_size == a_size)
			return &d->comm[i];
	return NULL;
}

static void diff_changes(void **state)
{
	/* A: 1-2-3 path, 4 alone, 5-6; B: 1-2, 3 alone now, 4-1 (left
	   isolation), 5-6 kept, 7 new (alone); nobody gone */
	static const igraph_integer_t ea[] = { 0, 1, 1, 2, 4, 5 };
	static const igraph_integer_t eb[] = { 0, 1, 3, 0, 4, 5 };
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_graph ga = { 0 }, gb = { 0 };
	struct tsu_analysis aa = { 0 }, ab = { 0 };
	struct tsu_diff d;

	(void)state;
	build(&ga, 6, 3, ea);
	build(&gb, 7, 3, eb);
	o.workers = 1;
	assert_int_equal(tsu_diff_analyze(&ga, NULL, &o, &aa, &err), TSU_OK);
	assert_int_equal(tsu_diff_analyze(&gb, NULL, &o, &ab, &err), TSU_OK);
	assert_int_equal(tsu_diff(&ga, &aa, &gb, &ab, &d, &err), TSU_OK);
	assert_int_equal(d.n_added, 1);
	assert_string_equal(tsu_graph_key(&gb, d.added[0]), "7");
	assert_int_equal(d.n_gone, 0);
	assert_int_equal(d.n_formed, 1);	/* 1-4 */
	assert_string_equal(tsu_graph_key(&gb, d.formed[0].a), "1");
	assert_string_equal(tsu_graph_key(&gb, d.formed[0].b), "4");
	assert_int_equal(d.n_lost, 1);		/* 2-3 */
	assert_string_equal(tsu_graph_key(&ga, d.lost[0].a), "2");
	assert_string_equal(tsu_graph_key(&ga, d.lost[0].b), "3");
	assert_int_equal(d.n_left, 1);
	assert_string_equal(tsu_graph_key(&gb, d.left[0]), "4");
	assert_int_equal(d.n_entered, 1);	/* 3 lost its only tie */
	assert_string_equal(tsu_graph_key(&gb, d.entered[0]), "3");
	assert_int_equal(d.head[0].isolated, 1);
	assert_int_equal(d.head[1].isolated, 2);	/* 3 and the new 7 */
	assert_int_equal(d.head[0].ties, 3);
	assert_int_equal(d.head[1].orgs, 7);
	tsu_diff_release(&d);
	tsu_analysis_release(&aa);
	tsu_analysis_release(&ab);
	tsu_graph_release(&ga);
	tsu_graph_release(&gb);
}

static void diff_communities(void **state)
{
	/*
	 * A (14): P = 1-4, Q = 5-7, R = 8-9, S = 10-13, 14 alone.
	 * B (16): P splits into 1-2 and 3-4; Q and R merge into 5-9; S loses
	 * three of its four to singletons (dissolved); 15-16 are a new pair.
	 */
	static const int64_t ca[14] = { 0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 3,
					4 };
	static const int64_t cb[16] = { 0, 0, 1, 1, 2, 2, 2, 2, 2, 3, 4, 5, 6,
					7, 8, 8 };
	static const igraph_integer_t ea[] = { 0, 1, 1, 2, 2, 3, 4, 5, 5, 6,
					       7, 8, 9, 10, 10, 11, 11, 12 };
	static const igraph_integer_t eb[] = { 0, 1, 2, 3, 4, 5, 5, 6, 6, 7,
					       7, 8, 14, 15 };
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_graph ga = { 0 }, gb = { 0 };
	struct tsu_analysis aa = { 0 }, ab = { 0 };
	const struct tsu_diff_comm *c;
	struct tsu_diff d;

	(void)state;
	build(&ga, 14, 9, ea);
	build(&gb, 16, 7, eb);
	o.workers = 1;
	assert_int_equal(tsu_diff_analyze(&ga, ca, &o, &aa, &err), TSU_OK);
	assert_int_equal(tsu_diff_analyze(&gb, cb, &o, &ab, &err), TSU_OK);
	assert_int_equal(tsu_diff(&ga, &aa, &gb, &ab, &d, &err), TSU_OK);
	c = find(&d, TSU_COMM_MERGED, 5, 3);	/* 5-9 from Q (3 shared) */
	assert_non_null(c);
	assert_int_equal(c->shared, 3);
	assert_true(c->jaccard > 0.59 && c->jaccard < 0.61);	/* 3 / 5 */
	/* P's halves: one continues it, the other split off */
	assert_non_null(find(&d, TSU_COMM_CONTINUES, 2, 4));
	assert_non_null(find(&d, TSU_COMM_SPLIT, 2, 4));
	assert_non_null(find(&d, TSU_COMM_NEW, 2, 0));		/* 15-16 */
	c = find(&d, TSU_COMM_DISSOLVED, 0, 4);		/* S */
	assert_non_null(c);
	assert_true(c->b < 0);
	tsu_diff_release(&d);
	tsu_analysis_release(&aa);
	tsu_analysis_release(&ab);
	tsu_graph_release(&ga);
	tsu_graph_release(&gb);
}

static void pair_hash(void **state)
{
	(void)state;
	/* unordered, and the boundary between the two ids counts */
	assert_true(tsu_pair_hash("a", "b") == tsu_pair_hash("b", "a"));
	assert_true(tsu_pair_hash("ab", "c") != tsu_pair_hash("a", "bc"));
	assert_true(tsu_pair_hash("団体1", "団体2") !=
		    tsu_pair_hash("団体1", "団体3"));
}

static void decision_words(void **state)
{
	(void)state;
	assert_int_equal(tsu_decision_parse(" Met ", 5), TSU_DECISION_MET);
	assert_int_equal(tsu_decision_parse("辞退", strlen("辞退")),
			 TSU_DECISION_DECLINED);
	assert_int_equal(tsu_decision_parse("見送り", strlen("見送り")),
			 TSU_DECISION_SKIP);
	assert_int_equal(tsu_decision_parse("maybe", 5), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(diff_changes),
		cmocka_unit_test(diff_communities),
		cmocka_unit_test(pair_hash),
		cmocka_unit_test(decision_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
