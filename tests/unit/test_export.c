/*
 * test_export.c - the network exports read back: GraphML and GML through
 * igraph's own readers give the same nodes, edges, weights, names and
 * attributes, awkward names included; GEXF and DOT escaping.
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

#include "tsu_export.h"
#include "tsu_graph.h"

static const char *const names[] = {
	"汐見市 まちづくり課",
	"Quote \"and\" <tag> & 'apos'",
	"back\\slash",
	"line1\nline2",
	"tab\there",
	"plain",
};
#define N 6

static void build(struct tsu_graph *g, struct tsu_org_metric *m)
{
	static const igraph_integer_t edges[] = { 0, 1, 1, 2, 2, 3, 0, 3, 4,
						  5, 1, 3 };
	static const double w[] = { 1, 2.5, 3, 1, 0.125, 7 };
	static const unsigned char sectors[N] = { 2, 0, 1, 3, 4, 5 };
	struct tsu_error err = TSU_ERROR_INIT;
	int v;

	assert_int_equal(tsu_graph_from_edges(N, names, sectors, 6, edges, w,
					      g, &err), TSU_OK);
	memset(m, 0, N * sizeof(*m));
	for (v = 0; v < N; v++) {
		m[v].component = v < 4 ? 1 : 2;
		m[v].community = v % 2 + 1;
		m[v].degree = v + 10;
		m[v].betweenness = 0.1 * v + 1.0 / 3;
		m[v].constraint = v == 5 ? NAN : 0.5;
	}
}

/* Writes format f into memory and reads it back with igraph. */
static void roundtrip(int f, igraph_t *out)
{
	struct tsu_graph g = { 0 };
	struct tsu_org_metric m[N];
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_export_info info = { "a <description> & more", "2026-12-04" };
	FILE *fp = tmpfile();

	assert_non_null(fp);
	build(&g, m);
	assert_int_equal(tsu_export_write(&g, m, &info, f, fp, &err), TSU_OK);
	rewind(fp);
	if (f == TSU_EXPORT_GRAPHML)
		assert_int_equal(igraph_read_graph_graphml(out, fp, 0),
				 IGRAPH_SUCCESS);
	else
		assert_int_equal(igraph_read_graph_gml(out, fp), IGRAPH_SUCCESS);
	fclose(fp);
	tsu_graph_release(&g);
}

static void check_readback(igraph_t *h, int gml)
{
	struct tsu_graph g = { 0 };
	struct tsu_org_metric m[N];
	igraph_integer_t e, from, to, eid;
	int v;

	build(&g, m);
	assert_int_equal(igraph_vcount(h), N);
	assert_int_equal(igraph_ecount(h), igraph_ecount(&g.g));
	for (e = 0; e < igraph_ecount(&g.g); e++) {
		igraph_edge(&g.g, e, &from, &to);
		igraph_get_eid(h, &eid, from, to, IGRAPH_UNDIRECTED, 0);
		assert_true(eid >= 0);
		assert_true(EAN(h, "weight", eid) == VECTOR(g.weight)[e]);
	}
	for (v = 0; v < N; v++) {
		const char *want = names[v];

		/* GraphML: XML turns a CR into LF, nothing here has one;
		   every name comes back to the byte */
		assert_string_equal(VAS(h, "name", v), want);
		assert_string_equal(VAS(h, "key", v), tsu_graph_key(&g, v));
		assert_string_equal(VAS(h, "sector", v),
				    tsu_sector_name(g.sector[v]));
		assert_true(VAN(h, "degree", v) == v + 10);
		assert_true(VAN(h, "community", v) == v % 2 + 1);
		/* igraph writes reals with 15 significant digits */
		assert_true(fabs(VAN(h, "betweenness", v) - m[v].betweenness) <=
			    1e-14 * m[v].betweenness);
	}
	if (!gml)	/* GML has no missing value: NaN is left out */
		assert_true(isnan(VAN(h, "constraint", 5)));
	tsu_graph_release(&g);
}

static void graphml_reads_back(void **state)
{
	igraph_attribute_table_t *old =
		igraph_set_attribute_table(&igraph_cattribute_table);
	igraph_t h;

	(void)state;
	roundtrip(TSU_EXPORT_GRAPHML, &h);
	check_readback(&h, 0);
	assert_string_equal(GAS(&h, "description"), "a <description> & more");
	igraph_destroy(&h);
	igraph_set_attribute_table(old);
}

static void gml_reads_back(void **state)
{
	igraph_attribute_table_t *old =
		igraph_set_attribute_table(&igraph_cattribute_table);
	igraph_t h;

	(void)state;
	roundtrip(TSU_EXPORT_GML, &h);
	check_readback(&h, 1);
	igraph_destroy(&h);
	igraph_set_attribute_table(old);
}

static const char *esc(struct tsu_buf *b, int (*fn)(struct tsu_buf *,
						    const char *),
		       const char *s)
{
	tsu_buf_reset(b);
	assert_int_equal(fn(b, s), 0);
	assert_int_equal(tsu_buf_add(b, "", 1), 0);
	return b->p;
}

static void text_escaping(void **state)
{
	struct tsu_buf b = TSU_BUF_INIT;

	(void)state;
	assert_string_equal(esc(&b, tsu_export_xml_escape, "a<b>&\"c'\t\n"),
			    "a&lt;b&gt;&amp;&quot;c&apos;&#9;&#10;");
	/* what XML cannot hold at all: a control character, invalid UTF-8 */
	assert_string_equal(esc(&b, tsu_export_xml_escape, "x\x01y\xff"),
			    "x\xEF\xBF\xBDy\xEF\xBF\xBD");
	assert_string_equal(esc(&b, tsu_export_dot_quote, "say \"hi\"\\\n"),
			    "\"say \\\"hi\\\"\\\\\\n\"");
	assert_string_equal(esc(&b, tsu_export_dot_quote, "汐見"),
			    "\"汐見\"");
	assert_int_equal(tsu_export_format_from_path("x/net.GEXF"),
			 TSU_EXPORT_GEXF);
	assert_int_equal(tsu_export_format_from_path("a.gv"), TSU_EXPORT_DOT);
	assert_int_equal(tsu_export_format_from_path("dir.gml/net"), -1);
	tsu_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(graphml_reads_back),
		cmocka_unit_test(gml_reads_back),
		cmocka_unit_test(text_escaping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
