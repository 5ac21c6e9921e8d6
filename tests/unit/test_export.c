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

/* The whole of `fp` as a string (caller frees). */
static char *slurp(FILE *fp)
{
	long n;
	char *p;

	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, fp), (size_t)n);
	p[n] = '\0';
	return p;
}

/*
 * A small well-formedness check, enough for what the GEXF writer emits:
 * tags balance and nest, attribute values are quoted and hold no < or raw
 * quote, every & starts one of the five entities or a character reference,
 * and no byte below 0x20 but tab and LF appears.  xmllint does the full
 * check (and the schema) in the end-to-end tests.
 */
static int well_formed(const char *x)
{
	const char *stack[64];
	size_t stack_len[64];
	int depth = 0;
	const char *p = x;

	if (strncmp(p, "<?xml ", 6) != 0 || !(p = strstr(p, "?>")))
		return 0;
	for (p += 2; *p; p++) {
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
			return 0;
		if (*p == '&') {
			static const char *const ent[] = { "&amp;", "&lt;",
							   "&gt;", "&quot;",
							   "&apos;", "&#" };
			size_t k;

			for (k = 0; k < 6; k++)
				if (!strncmp(p, ent[k], strlen(ent[k])))
					break;
			if (k == 6 || !strchr(p, ';'))
				return 0;
		}
		if (*p == '>')
			return 0;	/* a > outside a tag: we always escape */
		if (*p != '<')
			continue;
		if (p[1] == '/') {	/* end tag */
			size_t n = strcspn(p + 2, ">");

			if (!depth || n != stack_len[depth - 1] ||
			    strncmp(p + 2, stack[depth - 1], n))
				return 0;
			depth--;
			p += 2 + n;
			continue;
		}
		if (depth == 64)
			return 0;
		stack[depth] = p + 1;
		stack_len[depth] = strcspn(p + 1, " />");
		for (p += 1 + stack_len[depth]; *p != '>' && *p != '/'; p++) {
			if (*p == '<' || !*p)
				return 0;
			if (*p == '=') {	/* a quoted value */
				if (p[1] != '"')
					return 0;
				for (p += 2; *p != '"'; p++)
					if (!*p || *p == '<' || *p == '\n' ||
					    *p == '\t')
						return 0;
			}
		}
		if (*p == '/') {	/* empty element */
			if (p[1] != '>')
				return 0;
			p++;
		} else {
			depth++;
		}
	}
	return depth == 0;
}

static char *write_to_string(int f, const struct tsu_export_info *info)
{
	struct tsu_graph g = { 0 };
	struct tsu_org_metric m[N];
	struct tsu_error err = TSU_ERROR_INIT;
	FILE *fp = tmpfile();
	char *text;

	assert_non_null(fp);
	build(&g, m);
	assert_int_equal(tsu_export_write(&g, m, info, f, fp, &err), TSU_OK);
	text = slurp(fp);
	fclose(fp);
	tsu_graph_release(&g);
	return text;
}

static void gexf_escaped_and_well_formed(void **state)
{
	struct tsu_export_info info = { "ctl\x01 & <more>", "2026-12-04 10:00:00" };
	char *x = write_to_string(TSU_EXPORT_GEXF, &info), *again, *node5;

	(void)state;
	/* the checker can fail */
	assert_false(well_formed("<?xml ?><a x=\"<\"/>"));
	assert_false(well_formed("<?xml ?><a><b></a></b>"));
	assert_false(well_formed("<?xml ?><a>&nbsp;</a>"));
	assert_false(well_formed("<?xml ?><a>\x01</a>"));
	assert_true(well_formed(x));
	assert_non_null(strstr(x, "<gexf xmlns=\"http://gexf.net/1.3\""));
	assert_non_null(strstr(x, " version=\"1.3\">"));
	assert_non_null(strstr(x, "<meta lastmodifieddate=\"2026-12-04\">"));
	assert_non_null(strstr(x, "<description>ctl\xEF\xBF\xBD &amp; "
				  "&lt;more&gt;</description>"));
	assert_non_null(strstr(x, "<graph defaultedgetype=\"undirected\" "
				  "mode=\"static\">"));
	/* every awkward name, escaped, as the label */
	assert_non_null(strstr(x, "label=\"汐見市 まちづくり課\""));
	assert_non_null(strstr(x, "label=\"Quote &quot;and&quot; &lt;tag&gt; "
				  "&amp; &apos;apos&apos;\""));
	assert_non_null(strstr(x, "label=\"back\\slash\""));
	assert_non_null(strstr(x, "label=\"line1&#10;line2\""));
	assert_non_null(strstr(x, "label=\"tab&#9;here\""));
	/* ends a < b, the weight in its shortest form; an undefined
	   constraint left out */
	assert_non_null(strstr(x, "<edge id=\"5\" source=\"4\" target=\"5\" "
				  "weight=\"0.125\"/>"));
	assert_non_null(strstr(x, "<attvalue for=\"betweenness\" "
				  "value=\"0.333333333333333\"/>") ||
			strstr(x, "<attvalue for=\"betweenness\" "
				  "value=\"0.33333333333333331\"/>"));
	node5 = strstr(x, "<node id=\"5\"");
	assert_non_null(node5);
	assert_null(strstr(node5, "constraint\" value"));
	assert_non_null(strstr(x, "for=\"constraint\" value=\"0.5\""));
	/* the same input, the same bytes */
	again = write_to_string(TSU_EXPORT_GEXF, &info);
	assert_string_equal(x, again);
	free(again);
	free(x);
}

static void dot_quoted(void **state)
{
	struct tsu_export_info info = { "a \"b\"", NULL };
	char *x = write_to_string(TSU_EXPORT_DOT, &info);

	(void)state;
	assert_true(strncmp(x, "// ", 3) == 0);
	assert_non_null(strstr(x, "graph tsunagu {\n"));
	assert_non_null(strstr(x, "\tgraph [comment=\"a \\\"b\\\"\"];\n"));
	assert_non_null(strstr(x, "\tn1 [label=\"Quote \\\"and\\\" <tag> & "
				  "'apos'\", key=\"2\""));
	assert_non_null(strstr(x, "\tn2 [label=\"back\\\\slash\""));
	assert_non_null(strstr(x, "\tn3 [label=\"line1\\nline2\""));
	assert_non_null(strstr(x, "\tn4 -- n5 [weight=0.125];\n"));
	assert_null(strstr(x, "->"));
	free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(graphml_reads_back),
		cmocka_unit_test(gml_reads_back),
		cmocka_unit_test(text_escaping),
		cmocka_unit_test(gexf_escaped_and_well_formed),
		cmocka_unit_test(dot_quoted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
