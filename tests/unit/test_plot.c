/*
 * test_plot.c - what the pictures and the report are made of: the escaping
 * of data text for gnuplot and for HTML, and the layouts (determinism, the
 * bands that keep cut-off organisations visible).  The pictures themselves
 * are drawn by gnuplot in the end-to-end tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsu_analyze.h"
#include "tsu_graph.h"
#include "tsu_plot.h"
#include "tsu_report.h"

static const char *datum(struct tsu_buf *b, const char *s)
{
	tsu_buf_reset(b);
	assert_int_equal(tsu_gp_quote_datum(b, s), 0);
	assert_int_equal(tsu_buf_add(b, "", 1), 0);
	return b->p;
}

static void gnuplot_datum_escaping(void **state)
{
	struct tsu_buf b = TSU_BUF_INIT;

	(void)state;
	assert_string_equal(datum(&b, "plain"), "\"plain\"");
	/* the two characters gnuplot reads inside "...": both escaped */
	assert_string_equal(datum(&b, "a\"b\\c"), "\"a\\\"b\\\\c\"");
	assert_string_equal(datum(&b, "\\\""), "\"\\\\\\\"\"");
	/* a newline would end the data line; tabs and CR split it too */
	assert_string_equal(datum(&b, "line1\nline2\tx\ry"),
			    "\"line1 line2 x y\"");
	/* backticks, macros and system() are not read inside data blocks:
	   they stay as they are */
	assert_string_equal(datum(&b, "`touch x` @m system(\"ls\")"),
			    "\"`touch x` @m system(\\\"ls\\\")\"");
	/* UTF-8 passes untouched; "EOD" inside a quoted field ends nothing */
	assert_string_equal(datum(&b, "汐見市 協働推進課"),
			    "\"汐見市 協働推進課\"");
	assert_string_equal(datum(&b, "EOD"), "\"EOD\"");
	assert_string_equal(datum(&b, ""), "\"\"");
	tsu_buf_release(&b);
}

static const char *html(struct tsu_buf *b, const char *s)
{
	tsu_buf_reset(b);
	assert_int_equal(tsu_html_escape(b, s), 0);
	assert_int_equal(tsu_buf_add(b, "", 1), 0);
	return b->p;
}

static void html_escaping(void **state)
{
	struct tsu_buf b = TSU_BUF_INIT;

	(void)state;
	assert_string_equal(html(&b, "<script>alert(1)</script>"),
			    "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_string_equal(html(&b, "\"onerror=x' & y"),
			    "&quot;onerror=x&#39; &amp; y");
	assert_string_equal(html(&b, "&amp;"), "&amp;amp;");
	assert_string_equal(html(&b, "みなと子ども食堂"), "みなと子ども食堂");
	tsu_buf_release(&b);
}

/*
 * 0-1-2-3-4-5 a main network with a cycle and a tail; 6-7-8 a separate
 * group; 9 and 10 isolated.
 */
static void small_network(struct tsu_graph *gr, struct tsu_analysis *a)
{
	static const igraph_integer_t el[] = { 0, 1, 1, 2, 2, 0, 2, 3,
					       3, 4, 4, 5, 6, 7, 7, 8 };
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;

	assert_int_equal(tsu_graph_from_edges(11, NULL, NULL,
					      sizeof(el) / sizeof(el[0]) / 2,
					      el, NULL, gr, &err),
			 TSU_OK);
	assert_int_equal(tsu_analyze(gr, &o, a, &err), TSU_OK);
}

static void network_layout_bands(void **state)
{
	struct tsu_graph gr;
	struct tsu_analysis a;
	struct tsu_layout l, again, other;
	struct tsu_error err = TSU_ERROR_INIT;
	igraph_integer_t v;
	int moved = 0;

	(void)state;
	small_network(&gr, &a);
	assert_int_equal(tsu_layout_network(&gr, &a, 1, &l, &err), TSU_OK);
	assert_true(l.detail);
	assert_int_equal(l.drawn, 11);
	assert_false(isnan(l.band_y[0]));
	assert_false(isnan(l.band_y[1]));
	assert_true(l.band_y[1] < l.band_y[0] && l.band_y[0] < 0);
	for (v = 0; v < 11; v++) {
		double x = l.xy[2 * v], y = l.xy[2 * v + 1];

		assert_true(isfinite(x) && isfinite(y));
		assert_true(x >= l.xmin && x <= l.xmax);
		assert_true(y >= l.ymin && y <= l.ymax);
		if (v <= 5)		/* the main network: the unit square */
			assert_true(y >= 0 && y <= 1);
		else if (v <= 8)	/* the separate group's band */
			assert_true(y < l.band_y[0] && y > l.band_y[1]);
		else			/* isolated: the bottom band */
			assert_true(y < l.band_y[1]);
	}
	/* the same seed, the same picture; another seed, another one */
	assert_int_equal(tsu_layout_network(&gr, &a, 1, &again, &err), TSU_OK);
	assert_memory_equal(l.xy, again.xy, 22 * sizeof(double));
	assert_int_equal(tsu_layout_network(&gr, &a, 2, &other, &err), TSU_OK);
	for (v = 0; v <= 5; v++)
		moved |= l.xy[2 * v] != other.xy[2 * v];
	assert_true(moved);
	tsu_layout_release(&l);
	tsu_layout_release(&again);
	tsu_layout_release(&other);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
}

static void no_ties_all_isolated(void **state)
{
	struct tsu_graph gr;
	struct tsu_analysis a;
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_layout l;
	struct tsu_error err = TSU_ERROR_INIT;
	igraph_integer_t v;

	(void)state;
	assert_int_equal(tsu_graph_from_edges(5, NULL, NULL, 0, NULL, NULL,
					      &gr, &err),
			 TSU_OK);
	assert_int_equal(tsu_analyze(&gr, &o, &a, &err), TSU_OK);
	assert_int_equal(tsu_layout_network(&gr, &a, 1, &l, &err), TSU_OK);
	assert_true(isnan(l.band_y[0]));
	assert_false(isnan(l.band_y[1]));
	for (v = 0; v < 5; v++)
		assert_true(l.xy[2 * v + 1] < l.band_y[1]);
	tsu_layout_release(&l);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
}

static void community_layout(void **state)
{
	struct tsu_graph gr;
	struct tsu_analysis a;
	struct tsu_layout l;
	struct tsu_error err = TSU_ERROR_INIT;
	igraph_integer_t c, e, placed = 0, main_c = -1, sep_c = -1;

	(void)state;
	small_network(&gr, &a);
	assert_int_equal(tsu_layout_communities(&a, &gr, 60, 1, &l, &err),
			 TSU_OK);
	for (c = 0; c < a.n_communities; c++) {
		double x = l.comm_xy[2 * c], y = l.comm_xy[2 * c + 1];

		if (a.comm[c].size < 2) {	/* isolated: not drawn */
			assert_true(isnan(x));
			continue;
		}
		placed++;
		if (c == VECTOR(a.community)[0]) {
			main_c = c;
			assert_true(y >= 0 && y <= 1 && x >= 0 && x <= 1);
		}
		if (c == VECTOR(a.community)[6]) {
			sep_c = c;
			/* no tie to the main network: the row below */
			assert_false(isnan(l.band_y[0]));
			assert_true(y < l.band_y[0]);
		}
	}
	assert_true(main_c >= 0 && sep_c >= 0 && placed >= 2);
	/* ties between communities join placed ones, with positive weight */
	for (e = 0; e < l.n_cedges; e++) {
		assert_false(isnan(l.comm_xy[2 * l.cedge[2 * e]]));
		assert_false(isnan(l.comm_xy[2 * l.cedge[2 * e + 1]]));
		assert_true(l.cweight[e] > 0);
		assert_true(l.cedge[2 * e] != sep_c &&
			    l.cedge[2 * e + 1] != sep_c);
	}
	/* at most `max`: the largest kept */
	tsu_layout_release(&l);
	assert_int_equal(tsu_layout_communities(&a, &gr, 1, 1, &l, &err),
			 TSU_OK);
	for (c = 0, placed = 0; c < a.n_communities; c++)
		placed += !isnan(l.comm_xy[2 * c]);
	assert_int_equal(placed, 1);
	tsu_layout_release(&l);
	tsu_analysis_release(&a);
	tsu_graph_release(&gr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gnuplot_datum_escaping),
		cmocka_unit_test(html_escaping),
		cmocka_unit_test(network_layout_bands),
		cmocka_unit_test(no_ties_all_isolated),
		cmocka_unit_test(community_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
