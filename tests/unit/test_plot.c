/*
 * test_plot.c - what the pictures and the report are made of: the escaping
 * of data text for gnuplot and for HTML, and the layouts (determinism, the
 * bands that keep cut-off organisations visible), and what tsu_gp_close()
 * keeps of what a (fake) gnuplot wrote.  The pictures themselves are drawn
 * by gnuplot in the end-to-end tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* --- the gnuplot process, with a fake gnuplot ------------------------- */

/*
 * A shell script standing in for gnuplot: it reads the `load '...'` line,
 * and writes `png` or `svg` (printf formats) to each `set output '...'` of
 * the script, then exits 0, as gnuplot does even when its writes failed.
 */
static void fake_gnuplot(const char *path, const char *png, const char *svg)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n"
		   "read l; s=${l#load \\'}; s=${s%%\\'}\n"
		   "sed -n \"s/^set output '\\(.*\\)'$/\\1/p\" \"$s\" |\n"
		   "while IFS= read -r f; do case $f in\n"
		   "*.png) printf '%s' >\"$f\";; *) printf '%s' >\"$f\";;\n"
		   "esac; done\ncat >/dev/null\nexit 0\n", png, svg);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0755), 0);
}

static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Entries of `dir` whose names start with a dot (temporaries). */
static int hidden_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] == '.' && strcmp(e->d_name, ".") &&
		     strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* Draws one picture, DIR/x.png and DIR/x.svg, with `program`. */
static int draw_with(const char *program, const char *dir,
		     struct tsu_error *err)
{
	struct tsu_gp gp;
	int rc;

	if ((rc = tsu_gp_open(&gp, program, err)))
		return rc;
	tsu_gp_printf(&gp, "$d << EOD\n1\t2\t");
	tsu_gp_datum(&gp, "a \"name\"");
	tsu_gp_printf(&gp, "\nEOD\n");
	if ((rc = tsu_gp_output(&gp, dir, "x.png", "pngcairo", err)) ||
	    (rc = tsu_gp_output(&gp, dir, "x.svg", "svg", err))) {
		tsu_gp_cancel(&gp);
		tsu_gp_close(&gp, NULL);
		return rc;
	}
	tsu_gp_printf(&gp, "plot $d using 1:2:3 with labels\n");
	return tsu_gp_close(&gp, err);
}

static void gnuplot_unfinished_pictures_refused(void **state)
{
	char dir[] = "/tmp/tsu-test-plot.XXXXXX", prog[64], png[64], svg[64];
	char buf[64];
	struct tsu_error err = TSU_ERROR_INIT;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(prog, sizeof(prog), "%s/gp", dir);
	snprintf(png, sizeof(png), "%s/x.png", dir);
	snprintf(svg, sizeof(svg), "%s/x.svg", dir);
	/* pictures of an earlier run */
	assert_non_null(f = fopen(png, "w"));
	fputs("old", f);
	fclose(f);
	assert_non_null(f = fopen(svg, "w"));
	fputs("old", f);
	fclose(f);

	/* cut short (a full disk): refused, the old ones kept */
	fake_gnuplot(prog, "\\211PNG\\r\\n", "<svg><g>");
	assert_int_equal(draw_with(prog, dir, &err), TSU_EIO);
	assert_non_null(strstr(err.msg, "did not finish the picture"));
	slurp(png, buf, sizeof(buf));
	assert_string_equal(buf, "old");
	slurp(svg, buf, sizeof(buf));
	assert_string_equal(buf, "old");
	assert_int_equal(hidden_entries(dir), 0);

	/* empty files: refused too */
	tsu_error_clear(&err);
	fake_gnuplot(prog, "", "");
	assert_int_equal(draw_with(prog, dir, &err), TSU_EIO);
	slurp(png, buf, sizeof(buf));
	assert_string_equal(buf, "old");

	/* whole: a PNG ending with IEND, an SVG with </svg> and a line
	   break; both replace the old ones */
	tsu_error_clear(&err);
	fake_gnuplot(prog, "\\211PNG\\0\\0\\0\\0IEND\\256B`\\202",
		     "<svg></svg>\\n");
	assert_int_equal(draw_with(prog, dir, &err), TSU_OK);
	slurp(svg, buf, sizeof(buf));
	assert_string_equal(buf + strlen(buf) - 7, "</svg>\n");
	assert_int_equal(hidden_entries(dir), 0);

	unlink(prog);
	unlink(png);
	unlink(svg);
	assert_int_equal(rmdir(dir), 0);
}

/* SIGCHLD ignored, as a shell's `trap '' CHLD` leaves it: a failing
   gnuplot is still a failure, not a success waitpid() could not see. */
static void gnuplot_failure_seen_with_sigchld_ignored(void **state)
{
	char dir[] = "/tmp/tsu-test-plot.XXXXXX", png[64];
	struct tsu_error err = TSU_ERROR_INIT;
	struct sigaction ign, old;

	(void)state;
	assert_non_null(mkdtemp(dir));
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGCHLD, &ign, &old);
	assert_int_equal(draw_with("false", dir, &err), TSU_EIO);
	sigaction(SIGCHLD, &old, NULL);
	snprintf(png, sizeof(png), "%s/x.png", dir);
	assert_int_equal(access(png, F_OK), -1);
	assert_int_equal(hidden_entries(dir), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gnuplot_datum_escaping),
		cmocka_unit_test(html_escaping),
		cmocka_unit_test(network_layout_bands),
		cmocka_unit_test(no_ties_all_isolated),
		cmocka_unit_test(community_layout),
		cmocka_unit_test(gnuplot_unfinished_pictures_refused),
		cmocka_unit_test(gnuplot_failure_seen_with_sigchld_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
