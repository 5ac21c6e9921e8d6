/*
 * plot.c - the pictures of tsu_plot.h, each written as a gnuplot script
 * whose data (and every piece of text from the data) sits in data blocks.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsu_out.h"
#include "tsu_plot.h"

/* Okabe-Ito colours, readable by colour-blind readers: one per sector. */
static const char *const sector_colour[TSU_SECTOR_COUNT] = {
	"#009E73", "#E69F00", "#0072B2", "#CC79A7", "#D55E00", "#999999",
};

static const char *const plot_name[TSU_PLOT_COUNT] = {
	"network", "communities", "mixing", "degree", "brokers", "scores",
};

static const char *const plot_title[TSU_PLOT_COUNT][2] = {
	{ "Collaboration network", "連携ネットワーク" },
	{ "Communities and the ties between them",
	  "コミュニティとそのつながり" },
	{ "Ties between sectors against random mixing",
	  "セクター間のつながり（ランダムな場合との比）" },
	{ "Degree distribution", "つながりの数の分布" },
	{ "Top brokers (betweenness)", "橋渡し役の上位（媒介中心性）" },
	{ "Match scores of the suggestions", "提案のマッチングスコア分布" },
};

const char *tsu_plot_name(int kind)
{
	return kind >= 0 && kind < TSU_PLOT_COUNT ? plot_name[kind] : NULL;
}

const char *tsu_plot_title(int kind, int lang)
{
	if (kind < 0 || kind >= TSU_PLOT_COUNT)
		return NULL;
	return plot_title[kind][lang == TSU_LANG_JA];
}

#define W(en, ja) (ja_ ? (ja) : (en))

struct pic {
	const struct tsu_plot_data *d;
	const struct tsu_plot_opts *o;
	struct tsu_gp gp;
	int ja;
};

static void term(char *buf, size_t len, const char *kind, int w, int h,
		 int font)
{
	snprintf(buf, len,
		 "%s size %d,%d font \"" TSU_PLOT_FONT ",%d\" noenhanced "
		 "background rgb \"white\"",
		 kind, w, h, font);
}

/* Both files of a picture: the plot commands in `body` run for the PNG,
   `replot` for the SVG. */
static int outputs_begin(struct pic *p, const char *dir, const char *name,
			 int w, int h, int font, struct tsu_error *err)
{
	char t[256], file[128];

	term(t, sizeof(t), "pngcairo", w, h, font);
	snprintf(file, sizeof(file), "%s.png", name);
	return tsu_gp_output(&p->gp, dir, file, t, err);
}

static int outputs_end(struct pic *p, const char *dir, const char *name,
		       int w, int h, int font, struct tsu_error *err)
{
	char t[256], file[128];
	int rc;

	term(t, sizeof(t), "svg", w, h, font);
	snprintf(file, sizeof(file), "%s.svg", name);
	if ((rc = tsu_gp_output(&p->gp, dir, file, t, err)))
		return rc;
	tsu_gp_printf(&p->gp, "replot\n");
	return TSU_OK;
}

/* A name cut to `cols` terminal columns, with "…" when cut. */
static void shorten(const char *s, size_t cols, char *buf, size_t len)
{
	size_t n = strlen(s), i = 0, w = 0;

	while (i < n) {
		size_t j = i + 1;

		while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
			j++;
		w += tsu_display_width(s + i, j - i);
		if (w > cols || j + 4 > len)
			break;
		i = j;
	}
	if (i == n) {
		snprintf(buf, len, "%s", s);
		return;
	}
	memcpy(buf, s, i);
	memcpy(buf + i, "…", sizeof("…"));
}

static void title(struct pic *p, const char *text)
{
	tsu_gp_printf(&p->gp, "set title ");
	tsu_gp_string(&p->gp, text);
	tsu_gp_printf(&p->gp, " font \"," "16\"\n");
}

static void sector_legend_entry(struct pic *p, int s)
{
	tsu_gp_string(&p->gp, tsu_sector_label(s, p->ja ? TSU_LANG_JA :
							   TSU_LANG_EN));
}

/* --- network ------------------------------------------------------------- */

static int cmp_betweenness(const void *x, const void *y, void *ctx)
{
	const struct tsu_analysis *an = ctx;
	igraph_integer_t u = *(const igraph_integer_t *)x;
	igraph_integer_t v = *(const igraph_integer_t *)y;
	double bu = VECTOR(an->betweenness)[u], bv = VECTOR(an->betweenness)[v];
	double su = VECTOR(an->strength)[u], sv = VECTOR(an->strength)[v];

	if (bu != bv)
		return bu > bv ? -1 : 1;
	if (su != sv)
		return su > sv ? -1 : 1;
	return (u > v) - (u < v);
}

/* The k strongest brokers (betweenness, then strength, then file order:
   the order of `tsunagu summary` and of the page's table)
   among those with a tie, into top[]; how many. */
static igraph_integer_t brokers(const struct tsu_analysis *an,
				const double *xy, igraph_integer_t k,
				igraph_integer_t *top)
{
	igraph_integer_t n = an->n, v, i, j, *all;

	if (!(all = malloc(((size_t)n + 1) * sizeof(*all))))
		return -1;
	for (v = 0, j = 0; v < n; v++)
		if (VECTOR(an->degree)[v] > 0 && (!xy || !isnan(xy[2 * v])))
			all[j++] = v;
	qsort_r(all, (size_t)j, sizeof(*all), cmp_betweenness, (void *)an);
	for (i = 0; i < j && i < k; i++)
		top[i] = all[i];
	free(all);
	return i;
}

static double node_size(const struct tsu_layout *l, igraph_integer_t deg)
{
	if (deg == 0)	/* the ones the meeting is about: plainly visible */
		return l->detail ? 1.3 : 0.5;
	return l->detail ? fmin(4.0, 0.7 + 0.45 * sqrt((double)deg)) :
			   fmin(2.0, 0.25 + 0.12 * sqrt((double)deg));
}

static int draw_network(struct pic *p, const char *dir, struct tsu_error *err)
{
	const struct tsu_graph *gr = p->d->gr;
	const struct tsu_analysis *an = p->d->an;
	const struct tsu_loose *lo = p->d->loose;
	struct tsu_gp *gp = &p->gp;
	struct tsu_layout l;
	igraph_integer_t m = igraph_ecount(&gr->g), e, v, stride, shown = 0;
	igraph_integer_t top[TSU_PLOT_LABELS], ntop, i;
	int s, has[TSU_SECTOR_COUNT] = { 0 }, n_loose = 0, ja_ = p->ja;
	char buf[256];
	int rc;

	if (p->o->progress)
		p->o->progress(p->o->progress_ctx, "plots: laying out", 0);
	if ((rc = tsu_layout_network(gr, an, p->o->seed, &l, err)))
		return rc;
	/* ties: all of them on a detailed map; else an even sample between
	   organisations drawn */
	stride = l.detail || m <= 30000 ? 1 : (m + 29999) / 30000;
	tsu_gp_printf(gp, "$E << EOD\n");
	for (e = 0; e < m; e += stride) {
		igraph_integer_t a = IGRAPH_FROM(&gr->g, e);
		igraph_integer_t b = IGRAPH_TO(&gr->g, e);

		if (isnan(l.xy[2 * a]) || isnan(l.xy[2 * b]))
			continue;
		tsu_gp_printf(gp, "%.5f\t%.5f\t%.5f\t%.5f\n", l.xy[2 * a],
			      l.xy[2 * a + 1], l.xy[2 * b] - l.xy[2 * a],
			      l.xy[2 * b + 1] - l.xy[2 * a + 1]);
		shown++;
	}
	tsu_gp_printf(gp, "EOD\n");
	for (s = 0; s < TSU_SECTOR_COUNT; s++) {
		tsu_gp_printf(gp, "$N%d << EOD\n", s);
		for (v = 0; v < gr->n; v++) {
			if (gr->sector[v] != s || isnan(l.xy[2 * v]))
				continue;
			has[s] = 1;
			tsu_gp_printf(gp, "%.5f\t%.5f\t%.3f\n", l.xy[2 * v],
				      l.xy[2 * v + 1],
				      node_size(&l, VECTOR(an->degree)[v]));
		}
		tsu_gp_printf(gp, "EOD\n");
	}
	tsu_gp_printf(gp, "$T << EOD\n");
	for (i = 0; lo && (size_t)i < lo->n && n_loose < TSU_PLOT_LOOSE_DRAWN;
	     i++) {
		const struct tsu_loose_tie *t = &lo->list[i];

		if (t->b < 0 || t->rank != 1 || isnan(l.xy[2 * t->a]) ||
		    isnan(l.xy[2 * t->b]))
			continue;
		tsu_gp_printf(gp, "%.5f\t%.5f\t%.5f\t%.5f\n", l.xy[2 * t->a],
			      l.xy[2 * t->a + 1], l.xy[2 * t->b] - l.xy[2 * t->a],
			      l.xy[2 * t->b + 1] - l.xy[2 * t->a + 1]);
		n_loose++;
	}
	tsu_gp_printf(gp, "EOD\n$L << EOD\n");
	if ((ntop = brokers(an, l.xy, TSU_PLOT_LABELS, top)) < 0) {
		rc = tsu_error_oom(err);
		goto out;
	}
	for (i = 0; i < ntop; i++) {
		shorten(tsu_graph_name(gr, top[i]), 24, buf, sizeof(buf));
		tsu_gp_printf(gp, "%.5f\t%.5f\t", l.xy[2 * top[i]],
			      l.xy[2 * top[i] + 1]);
		tsu_gp_datum(gp, buf);
		tsu_gp_printf(gp, "\n");
	}
	tsu_gp_printf(gp, "EOD\n");

	if ((rc = outputs_begin(p, dir, "network", 1600, 1200, 11, err)))
		goto out;
	if (l.drawn < gr->n)
		snprintf(buf, sizeof(buf),
			 W("%s: %lld organisations, %lld ties (1 in %lld "
			   "drawn)", "%s：%lld 団体、%lld 本のつながり"
			   "（%lld 団体に 1 つを表示）"),
			 tsu_plot_title(TSU_PLOT_NETWORK, ja_),
			 (long long)gr->n, (long long)m,
			 (long long)((gr->n + TSU_PLOT_MAX_POINTS - 1) /
				     TSU_PLOT_MAX_POINTS));
	else if (stride > 1)
		snprintf(buf, sizeof(buf),
			 W("%s: %lld organisations, %lld ties (1 tie in %lld "
			   "drawn)", "%s：%lld 団体、%lld 本のつながり"
			   "（つながりは %lld 本に 1 本を表示）"),
			 tsu_plot_title(TSU_PLOT_NETWORK, ja_),
			 (long long)gr->n, (long long)m, (long long)stride);
	else
		snprintf(buf, sizeof(buf),
			 W("%s: %lld organisations, %lld ties",
			   "%s：%lld 団体、%lld 本のつながり"),
			 tsu_plot_title(TSU_PLOT_NETWORK, ja_),
			 (long long)gr->n, (long long)m);
	title(p, buf);
	tsu_gp_printf(gp, "unset border; unset tics; set key outside right "
			  "top vertical box opaque\n");
	tsu_gp_printf(gp, "set xrange [%.4f:%.4f]; set yrange [%.4f:%.4f]\n",
		      l.xmin, l.xmax, l.ymin, l.ymax);
	if (!isnan(l.band_y[0])) {
		snprintf(buf, sizeof(buf),
			 W("separate groups (not tied to the main network)",
			   "独立したグループ（最大のまとまりとつながっていない）"));
		tsu_gp_printf(gp, "set label 1 ");
		tsu_gp_string(gp, buf);
		tsu_gp_printf(gp, " at %.4f,%.4f left font \",12\" tc rgb "
				  "\"#444444\"\n", 0.0, l.band_y[0] + 0.02);
		tsu_gp_printf(gp, "set arrow 1 from %.4f,%.4f to %.4f,%.4f "
				  "nohead dt 3 lc rgb \"#bbbbbb\"\n", l.xmin,
			      l.band_y[0] + 0.045, l.xmax,
			      l.band_y[0] + 0.045);
	}
	if (!isnan(l.band_y[1])) {
		long long iso = 0;

		for (v = 0; v < gr->n; v++)
			iso += VECTOR(an->degree)[v] == 0;
		snprintf(buf, sizeof(buf),
			 W("isolated organisations (no tie): %lld",
			   "孤立している団体（つながりなし）：%lld"), iso);
		tsu_gp_printf(gp, "set label 2 ");
		tsu_gp_string(gp, buf);
		tsu_gp_printf(gp, " at %.4f,%.4f left font \",12\" tc rgb "
				  "\"#444444\"\n", 0.0, l.band_y[1] + 0.02);
		tsu_gp_printf(gp, "set arrow 2 from %.4f,%.4f to %.4f,%.4f "
				  "nohead dt 3 lc rgb \"#bbbbbb\"\n", l.xmin,
			      l.band_y[1] + 0.045, l.xmax,
			      l.band_y[1] + 0.045);
	}
	tsu_gp_printf(gp, "plot ");
	if (shown)
		tsu_gp_printf(gp, "$E using 1:2:3:4 with vectors nohead lc rgb "
				  "\"#%s\" lw %s notitle, ",
			      l.detail ? "aaaaaa" : "e0aaaaaa",
			      l.detail ? "0.8" : "0.4");
	for (s = 0; s < TSU_SECTOR_COUNT; s++) {
		if (!has[s])
			continue;
		tsu_gp_printf(gp, "$N%d using 1:2:3 with points pt 7 ps "
				  "variable lc rgb \"%s\" title ", s,
			      sector_colour[s]);
		sector_legend_entry(p, s);
		tsu_gp_printf(gp, ", ");
	}
	if (n_loose) {
		tsu_gp_printf(gp, "$T using 1:2:3:4 with vectors nohead dt 2 "
				  "lw 2 lc rgb \"#C00000\" title ");
		tsu_gp_string(gp, W("suggested loose tie",
				    "提案する「ゆるいつながり」"));
		tsu_gp_printf(gp, ", ");
	}
	tsu_gp_printf(gp, "$L using 1:2:3 with labels offset 0,1.2 font "
			  "\",11\" tc rgb \"#111111\" notitle\n");
	rc = outputs_end(p, dir, "network", 1600, 1200, 11, err);
out:
	tsu_layout_release(&l);
	return rc;
}

/* --- communities --------------------------------------------------------- */

enum { EDGE_CLASSES = 4 };

/* Width class 0..3 of a tie bundle: square root of its share of the
 * heaviest, so one dominant pair does not flatten the rest. */
static int edge_class(double w, double maxw)
{
	int k = (int)(EDGE_CLASSES * sqrt(w / maxw));

	return k >= EDGE_CLASSES ? EDGE_CLASSES - 1 : k < 0 ? 0 : k;
}

static int draw_communities(struct pic *p, const char *dir,
			    struct tsu_error *err)
{
	const struct tsu_graph *gr = p->d->gr;
	const struct tsu_analysis *an = p->d->an;
	struct tsu_gp *gp = &p->gp;
	struct tsu_layout l;
	igraph_integer_t c, v, e, placed = 0, multi = 0, maxsize = 1;
	int (*count)[TSU_SECTOR_COUNT] = NULL;
	int *major = NULL, s, k, has[TSU_SECTOR_COUNT] = { 0 }, ja_ = p->ja;
	int has_e[EDGE_CLASSES] = { 0 };
	double maxw = 0;
	char buf[256];
	int rc;

	if ((rc = tsu_layout_communities(an, gr, TSU_PLOT_MAX_COMMUNITIES,
					 p->o->seed, &l, err)))
		return rc;
	count = calloc((size_t)an->n_communities + 1, sizeof(*count));
	major = calloc((size_t)an->n_communities + 1, sizeof(*major));
	if (!count || !major) {
		rc = tsu_error_oom(err);
		goto out;
	}
	for (v = 0; v < gr->n; v++)
		count[VECTOR(an->community)[v]][gr->sector[v]]++;
	for (c = 0; c < an->n_communities; c++) {
		for (s = 1; s < TSU_SECTOR_COUNT; s++)
			if (count[c][s] > count[c][major[c]])
				major[c] = s;
		if (an->comm[c].size > 1)
			multi++;
		if (!isnan(l.comm_xy[2 * c])) {
			placed++;
			if (an->comm[c].size > maxsize)
				maxsize = an->comm[c].size;
		}
	}
	for (e = 0; e < l.n_cedges; e++)
		maxw = fmax(maxw, l.cweight[e]);
	/* gnuplot 5.4 has no "lw variable" for vectors: four width classes */
	for (k = 0; k < EDGE_CLASSES; k++) {
		tsu_gp_printf(gp, "$E%d << EOD\n", k);
		for (e = 0; e < l.n_cedges; e++) {
			igraph_integer_t a = l.cedge[2 * e];
			igraph_integer_t b = l.cedge[2 * e + 1];

			if (edge_class(l.cweight[e], maxw) != k)
				continue;
			has_e[k] = 1;
			tsu_gp_printf(gp, "%.5f\t%.5f\t%.5f\t%.5f\n",
				      l.comm_xy[2 * a], l.comm_xy[2 * a + 1],
				      l.comm_xy[2 * b] - l.comm_xy[2 * a],
				      l.comm_xy[2 * b + 1] -
				      l.comm_xy[2 * a + 1]);
		}
		tsu_gp_printf(gp, "EOD\n");
	}
	for (s = 0; s < TSU_SECTOR_COUNT; s++) {
		tsu_gp_printf(gp, "$C%d << EOD\n", s);
		for (c = 0; c < an->n_communities; c++) {
			if (major[c] != s || isnan(l.comm_xy[2 * c]))
				continue;
			has[s] = 1;
			snprintf(buf, sizeof(buf), "%lld (%lld)",
				 (long long)c + 1, (long long)an->comm[c].size);
			tsu_gp_printf(gp, "%.5f\t%.5f\t%.3f\t", l.comm_xy[2 * c],
				      l.comm_xy[2 * c + 1],
				      1.5 + 7 * sqrt((double)an->comm[c].size /
						     (double)maxsize));
			tsu_gp_datum(gp, buf);
			tsu_gp_printf(gp, "\n");
		}
		tsu_gp_printf(gp, "EOD\n");
	}
	if ((rc = outputs_begin(p, dir, "communities", 1200, 900, 11, err)))
		goto out;
	if (placed < multi)
		snprintf(buf, sizeof(buf),
			 W("%s (the %lld largest of %lld)",
			   "%s（%lld 件中、大きい %lld 件）"),
			 tsu_plot_title(TSU_PLOT_COMMUNITIES, ja_),
			 ja_ ? (long long)multi : (long long)placed,
			 ja_ ? (long long)placed : (long long)multi);
	else
		snprintf(buf, sizeof(buf), W("%s: %lld communities",
					     "%s：%lld 件"),
			 tsu_plot_title(TSU_PLOT_COMMUNITIES, ja_),
			 (long long)multi);
	title(p, buf);
	tsu_gp_printf(gp, "unset border; unset tics; set key outside right top "
			  "box opaque\nset offsets graph 0.08, graph 0.08, "
			  "graph 0.08, graph 0.08\n");
	if (!isnan(l.band_y[0])) {
		tsu_gp_printf(gp, "set label 3 ");
		tsu_gp_string(gp, W("communities not tied to the main network",
				    "最大のまとまりとつながっていないコミュニティ"));
		tsu_gp_printf(gp, " at %.4f,%.4f left font \",12\" tc rgb "
				  "\"#444444\"\nset arrow 3 from %.4f,%.4f to "
				  "%.4f,%.4f nohead dt 3 lc rgb \"#bbbbbb\"\n",
			      0.0, l.band_y[0] + 0.02, -0.05,
			      l.band_y[0] + 0.045, 1.05, l.band_y[0] + 0.045);
	}
	tsu_gp_printf(gp, "set label 1 ");
	tsu_gp_string(gp, W("disc: community (number and members); line: "
			    "ties between them; colour: its largest sector",
			    "円：コミュニティ（番号と団体数）、線：コミュニティ間の"
			    "つながり、色：最も多いセクター"));
	tsu_gp_printf(gp, " at screen 0.02,0.02 left tc rgb \"#555555\"\n");
	if (!placed) {
		tsu_gp_printf(gp, "set label 2 ");
		tsu_gp_string(gp, W("no community of two or more",
				    "2 団体以上のコミュニティはありません"));
		tsu_gp_printf(gp, " at graph 0.5,0.5 center\nplot [0:1][0:1] "
				  "NaN notitle\n");
		rc = outputs_end(p, dir, "communities", 1200, 900, 11, err);
		goto out;
	}
	tsu_gp_printf(gp, "plot ");
	for (k = 0; k < EDGE_CLASSES; k++)
		if (has_e[k])
			tsu_gp_printf(gp, "$E%d using 1:2:3:4 with vectors nohead "
					  "lw %.1f lc rgb \"#80777777\" notitle, ",
				      k, 0.8 + 2.0 * k);
	for (s = 0; s < TSU_SECTOR_COUNT; s++) {
		if (!has[s])
			continue;
		tsu_gp_printf(gp, "$C%d using 1:2:3 with points pt 7 ps "
				  "variable lc rgb \"%s\" title ", s,
			      sector_colour[s]);
		sector_legend_entry(p, s);
		tsu_gp_printf(gp, ", $C%d using 1:2:4 with labels offset 0,0 "
				  "font \",9\" notitle, ", s);
	}
	tsu_gp_printf(gp, "NaN notitle\n");
	rc = outputs_end(p, dir, "communities", 1200, 900, 11, err);
out:
	free(count);
	free(major);
	tsu_layout_release(&l);
	return rc;
}

/* --- mixing -------------------------------------------------------------- */

static int draw_mixing(struct pic *p, const char *dir, struct tsu_error *err)
{
	const struct tsu_analysis *an = p->d->an;
	struct tsu_gp *gp = &p->gp;
	int idx[TSU_SECTOR_COUNT], k = 0, s, t, ja_ = p->ja;
	char buf[96];
	int rc;

	for (s = 0; s < TSU_SECTOR_COUNT; s++)
		if (an->sector_size[s] > 0)
			idx[k++] = s;
	tsu_gp_printf(gp, "$M << EOD\n");
	for (s = 0; s < k; s++)
		for (t = 0; t < k; t++) {
			/* kept for s <= t only: ties have no direction */
			int a = idx[s < t ? s : t], b = idx[s < t ? t : s];
			double o = an->mix_obs[a][b];
			double x = an->mix_exp[a][b];
			double r = x > 0 ? log2(fmax(o, 0.25) / x) : NAN;

			snprintf(buf, sizeof(buf), "%.0f / %.1f", o, x);
			tsu_gp_printf(gp, "%d\t%d\t%.4f\t", t, s,
				      isnan(r) ? 0.0 : fmax(-3, fmin(3, r)));
			tsu_gp_datum(gp, buf);
			tsu_gp_printf(gp, "\n");
		}
	tsu_gp_printf(gp, "EOD\n");
	if ((rc = outputs_begin(p, dir, "mixing", 1000, 800, 11, err)))
		return rc;
	title(p, tsu_plot_title(TSU_PLOT_MIXING, ja_));
	tsu_gp_printf(gp, "set xrange [-0.5:%d.5]; set yrange [%d.5:-0.5]\n",
		      k - 1, k - 1);
	tsu_gp_printf(gp, "set xtics (");
	for (s = 0; s < k; s++) {
		tsu_gp_printf(gp, s ? ", " : "");
		sector_legend_entry(p, idx[s]);
		tsu_gp_printf(gp, "\t%d", s);
	}
	tsu_gp_printf(gp, ") scale 0\nset ytics (");
	for (s = 0; s < k; s++) {
		tsu_gp_printf(gp, s ? ", " : "");
		sector_legend_entry(p, idx[s]);
		tsu_gp_printf(gp, "\t%d", s);
	}
	tsu_gp_printf(gp, ") scale 0\nset palette defined (-3 \"#2166AC\", 0 "
			  "\"#F7F7F7\", 3 \"#B2182B\")\nset cbrange [-3:3]\n"
			  "set cblabel ");
	tsu_gp_string(gp, W("log2(observed / expected): red = more ties than "
			    "chance", "log2(実際 / 期待値)：赤はランダムより多い"));
	tsu_gp_printf(gp, "\nset xlabel ");
	tsu_gp_string(gp, W("each cell: ties observed / expected at random",
			    "各マス：実際のつながり数 / ランダムな場合の期待値"));
	tsu_gp_printf(gp, "\nunset key\nplot $M using 1:2:3 with image, $M "
			  "using 1:2:4 with labels font \",12\"\n");
	return outputs_end(p, dir, "mixing", 1000, 800, 11, err);
}

/* --- degree -------------------------------------------------------------- */

static int draw_degree(struct pic *p, const char *dir, struct tsu_error *err)
{
	const struct tsu_analysis *an = p->d->an;
	struct tsu_gp *gp = &p->gp;
	igraph_integer_t v, maxd = 0, *cnt, iso = 0, k, points = 0;
	char buf[200];
	int rc, ja_ = p->ja;

	for (v = 0; v < an->n; v++)
		if (VECTOR(an->degree)[v] > maxd)
			maxd = VECTOR(an->degree)[v];
	if (!(cnt = calloc((size_t)maxd + 1, sizeof(*cnt))))
		return tsu_error_oom(err);
	for (v = 0; v < an->n; v++)
		cnt[VECTOR(an->degree)[v]]++;
	iso = cnt[0];
	tsu_gp_printf(gp, "$D << EOD\n");
	for (k = 1; k <= maxd; k++)
		if (cnt[k]) {
			tsu_gp_printf(gp, "%lld\t%lld\n", (long long)k,
				      (long long)cnt[k]);
			points++;
		}
	tsu_gp_printf(gp, "EOD\n");
	free(cnt);
	if ((rc = outputs_begin(p, dir, "degree", 1000, 700, 11, err)))
		return rc;
	snprintf(buf, sizeof(buf), W("%s (%lld isolated, not shown)",
				     "%s（孤立 %lld 団体は表示外）"),
		 tsu_plot_title(TSU_PLOT_DEGREE, ja_), (long long)iso);
	title(p, buf);
	tsu_gp_printf(gp, "set xlabel ");
	tsu_gp_string(gp, W("ties (degree)", "つながりの数（次数）"));
	tsu_gp_printf(gp, "\nset ylabel ");
	tsu_gp_string(gp, W("organisations", "団体数"));
	tsu_gp_printf(gp, "\nunset key\nset grid\n");
	if (!points) {
		tsu_gp_printf(gp, "set label 1 ");
		tsu_gp_string(gp, W("no ties", "つながりがありません"));
		tsu_gp_printf(gp, " at graph 0.5,0.5 center\nplot [1:10][1:10] "
				  "NaN\n");
	} else {
		tsu_gp_printf(gp, "set logscale xy\nset offsets graph 0.05, "
				  "graph 0.05, graph 0.05, graph 0.05\n"
				  "plot $D using 1:2 with points pt 7 ps 1.2 "
				  "lc rgb \"#0072B2\"\n");
	}
	return outputs_end(p, dir, "degree", 1000, 700, 11, err);
}

/* --- brokers ------------------------------------------------------------- */

static int draw_brokers(struct pic *p, const char *dir, struct tsu_error *err)
{
	const struct tsu_graph *gr = p->d->gr;
	const struct tsu_analysis *an = p->d->an;
	struct tsu_gp *gp = &p->gp;
	igraph_integer_t top[TSU_PLOT_TOP_BROKERS], k, i, shown = 0;
	char buf[256];
	int rc, ja_ = p->ja;

	if ((k = brokers(an, NULL, TSU_PLOT_TOP_BROKERS, top)) < 0)
		return tsu_error_oom(err);
	tsu_gp_printf(gp, "$B << EOD\n");
	for (i = 0; i < k; i++) {
		igraph_integer_t v = top[i];

		if (!(VECTOR(an->betweenness)[v] > 0))
			break;
		shorten(tsu_graph_name(gr, v), 30, buf, sizeof(buf));
		tsu_gp_printf(gp, "%lld\t%.6g\t%d\t", (long long)(k - i),
			      VECTOR(an->betweenness)[v], gr->sector[v]);
		tsu_gp_datum(gp, buf);
		tsu_gp_printf(gp, "\n");
		shown++;
	}
	tsu_gp_printf(gp, "EOD\n");
	if ((rc = outputs_begin(p, dir, "brokers", 1000, 700, 11, err)))
		return rc;
	title(p, tsu_plot_title(TSU_PLOT_BROKERS, ja_));
	tsu_gp_printf(gp, "set xlabel ");
	tsu_gp_string(gp, W("betweenness (share of shortest paths through it)",
			    "媒介中心性（最短経路がその団体を通る割合）"));
	tsu_gp_printf(gp, "\nunset key\nset grid x\nset style fill solid 0.8 "
			  "border -1\nset xrange [0:*]\nunset ytics\n"
			  "set lmargin 34\n");
	if (!shown) {
		tsu_gp_printf(gp, "set label 1 ");
		tsu_gp_string(gp, W("no broker: no organisation lies between "
				    "others", "橋渡し役はいません"));
		tsu_gp_printf(gp, " at graph 0.5,0.5 center\nplot [0:1][0:1] "
				  "NaN\n");
	} else {
		tsu_gp_printf(gp, "set yrange [%lld:%lld.6]\n",
			      (long long)(k - shown) , (long long)k);
		tsu_gp_printf(gp, "sc(s) = s == 0 ? 0x009E73 : s == 1 ? "
				  "0xE69F00 : s == 2 ? 0x0072B2 : s == 3 ? "
				  "0xCC79A7 : s == 4 ? 0xD55E00 : 0x999999\n"
				  "plot $B using (0):1:(0):2:($1-0.4):($1+0.4):"
				  "(sc($3)) with boxxyerror lc rgb variable, "
				  /* names as labels: ytic() cuts a name at
				     a double quote */
				  "$B using (0):1:4 with labels right offset "
				  "char -1,0\n");
	}
	return outputs_end(p, dir, "brokers", 1000, 700, 11, err);
}

/* --- scores -------------------------------------------------------------- */

#define SCORE_BINS 50

static int draw_scores(struct pic *p, const char *dir, struct tsu_error *err)
{
	const struct tsu_matches *r = p->d->matches;
	struct tsu_gp *gp = &p->gp;
	long long all[SCORE_BINS] = { 0 }, best[SCORE_BINS] = { 0 }, total = 0;
	int64_t a;
	size_t i;
	int b, rc, ja_ = p->ja;

	for (a = 0; r && a < r->n; a++)
		for (i = r->start[a]; i < r->start[a + 1]; i++) {
			double s = r->list[i].score;

			b = (int)(s * SCORE_BINS);
			b = b < 0 ? 0 : b >= SCORE_BINS ? SCORE_BINS - 1 : b;
			all[b]++;
			if (i == r->start[a])
				best[b]++;
			total++;
		}
	tsu_gp_printf(gp, "$S << EOD\n");
	for (b = 0; b < SCORE_BINS; b++)
		tsu_gp_printf(gp, "%.4f\t%lld\t%lld\n", (b + 0.5) / SCORE_BINS,
			      all[b], best[b]);
	tsu_gp_printf(gp, "EOD\n");
	if ((rc = outputs_begin(p, dir, "scores", 1000, 700, 11, err)))
		return rc;
	title(p, tsu_plot_title(TSU_PLOT_SCORES, ja_));
	tsu_gp_printf(gp, "set xlabel ");
	tsu_gp_string(gp, W("score (0 to 1)", "スコア（0〜1）"));
	tsu_gp_printf(gp, "\nset ylabel ");
	tsu_gp_string(gp, W("suggestions", "提案の数"));
	tsu_gp_printf(gp, "\nset xrange [0:1]\nset yrange [0:*]\nset grid y\n"
			  "set boxwidth %.4f absolute\nset style fill solid "
			  "0.6 border -1\nset key top right\n",
		      1.0 / SCORE_BINS);
	if (!total) {
		tsu_gp_printf(gp, "set label 1 ");
		tsu_gp_string(gp, W("no suggestion", "提案はありません"));
		tsu_gp_printf(gp, " at graph 0.5,0.5 center\nset yrange [0:1]\n"
				  "plot NaN notitle\n");
	} else {
		tsu_gp_printf(gp, "plot $S using 1:2 with boxes lc rgb "
				  "\"#56B4E9\" title ");
		tsu_gp_string(gp, W("all suggestions", "すべての提案"));
		tsu_gp_printf(gp, ", $S using 1:3 with boxes lc rgb "
				  "\"#D55E00\" title ");
		tsu_gp_string(gp, W("each organisation's best",
				    "各団体の第 1 候補"));
		tsu_gp_printf(gp, "\n");
	}
	return outputs_end(p, dir, "scores", 1000, 700, 11, err);
}

/* --- all ----------------------------------------------------------------- */

typedef int (*draw_fn)(struct pic *, const char *, struct tsu_error *);

static const draw_fn draw[TSU_PLOT_COUNT] = {
	draw_network, draw_communities, draw_mixing, draw_degree, draw_brokers,
	draw_scores,
};

int tsu_plot_all(const struct tsu_plot_data *d, const struct tsu_plot_opts *o,
		 const char *dir, int ok[TSU_PLOT_COUNT], struct tsu_error *err)
{
	struct pic pics[TSU_PLOT_COUNT];
	int k, rc = TSU_OK, started[TSU_PLOT_COUNT] = { 0 };

	if (ok)
		memset(ok, 0, TSU_PLOT_COUNT * sizeof(*ok));
	if ((rc = tsu_mkdir_p(dir, err)))
		return rc;
	for (k = 0; k < TSU_PLOT_COUNT; k++) {
		struct tsu_error e1 = TSU_ERROR_INIT;
		int r;

		pics[k].d = d;
		pics[k].o = o;
		pics[k].ja = o->lang == TSU_LANG_JA;
		if (o->progress)
			o->progress(o->progress_ctx, "plots", (double)k /
							      TSU_PLOT_COUNT);
		if ((r = tsu_gp_open(&pics[k].gp, o->gnuplot, &e1))) {
			if (!rc)
				rc = tsu_error_set(err, r, NULL, 0, 0, "%s",
						   e1.msg);
			if (pics[k].gp.pid == TSU_GP_CANNOT_RUN)
				break;	/* no use trying the others */
			continue;
		}
		started[k] = 1;
		/* gnuplot draws this one while the next one is made */
		if (!(r = draw[k](&pics[k], dir, &e1)))
			r = tsu_gp_run(&pics[k].gp, &e1);
		if (r && !rc)
			rc = tsu_error_set(err, r, e1.file[0] ? e1.file : NULL,
					   0, 0, "%s: %s", plot_name[k],
					   e1.msg);
		if (r)
			started[k] = 2;		/* close, and count as failed */
	}
	for (k = 0; k < TSU_PLOT_COUNT; k++) {
		struct tsu_error e1 = TSU_ERROR_INIT;
		int r;

		if (!started[k])
			continue;
		if (started[k] == 2)
			tsu_gp_cancel(&pics[k].gp);
		r = tsu_gp_close(&pics[k].gp, &e1);
		if (r && !rc)
			rc = tsu_error_set(err, r, NULL, 0, 0, "%s: %s",
					   plot_name[k], e1.msg);
		if (!r && started[k] == 1 && ok)
			ok[k] = 1;
	}
	return rc;
}

/* --- ego map ------------------------------------------------------------- */

/*
 * Breaks `s` into lines of at most `cols` terminal columns (at a space
 * when there is one late enough in the line, else between characters, as
 * Japanese is written), each passed to emit(); at most `max` lines, the
 * last ending in "…" when cut.
 */
/* Whether the character at s may not begin a line (closing punctuation). */
static int no_line_start(const char *s)
{
	static const char *const marks[] = {
		"。", "、", "，", "．", "）", "」", "』", "】", "〕", "！", "？",
		"：", "；", "・", "ー", "…", "ゃ", "ゅ", "ょ", "っ", "ャ", "ュ",
		"ョ", "ッ", ".", ",", ")", ":", ";", "!", "?"
	};
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (!strncmp(s, marks[i], strlen(marks[i])))
			return 1;
	return 0;
}

static int wrap(const char *s, size_t cols, int max, struct tsu_buf *lines,
		size_t *starts)
{
	size_t n = strlen(s), i = 0;
	int k = 0;

	tsu_buf_reset(lines);
	while (i < n && k < max) {
		size_t j = i, w = 0, brk = 0, end;

		while (j < n) {
			size_t c = j + 1;

			while (c < n && ((unsigned char)s[c] & 0xC0) == 0x80)
				c++;
			w += tsu_display_width(s + j, c - j);
			if (w > cols)
				break;
			if (s[j] == ' ')
				brk = j;
			j = c;
		}
		/* at the last space when it leaves the line half full */
		end = j < n && brk > i + (j - i) / 2 ? brk : j;
		/* kinsoku: a closing mark stays with the line it closes */
		while (end < n && end == j && no_line_start(s + end)) {
			size_t c = end + 1;

			while (c < n && ((unsigned char)s[c] & 0xC0) == 0x80)
				c++;
			end = j = c;
		}
		starts[k++] = lines->len;
		if (tsu_buf_add(lines, s + i, end - i) ||
		    (k == max && end < n && tsu_buf_addstr(lines, "…")) ||
		    tsu_buf_add(lines, "", 1))
			return -1;
		i = end;
		while (i < n && s[i] == ' ')
			i++;
	}
	return k;
}

static int cmp_weight(const void *x, const void *y, void *ctx)
{
	const double *w = ctx;
	const igraph_integer_t *a = x, *b = y;	/* {vertex, edge} */

	if (w[a[1]] != w[b[1]])
		return w[a[1]] > w[b[1]] ? -1 : 1;
	return (a[0] > b[0]) - (a[0] < b[0]);
}

#define EGO_PARTNERS 24
#define EGO_SUGGESTED 8

int tsu_plot_ego(const struct tsu_plot_data *d, int64_t v,
		 const struct tsu_plot_opts *o, const char *path,
		 struct tsu_error *err)
{
	const struct tsu_graph *gr = d->gr;
	const struct tsu_matches *r = d->matches;
	struct pic pic = { d, o, { 0 }, o->lang == TSU_LANG_JA };
	struct tsu_gp *gp = &pic.gp;
	igraph_vector_int_t inc;
	igraph_integer_t (*nb)[2] = NULL, k = 0, i;
	struct tsu_buf why = TSU_BUF_INIT, lines = TSU_BUF_INIT;
	size_t starts[4], first = r->start[v], ns = r->start[v + 1] - first;
	char *copy, *base;
	const char *dir = ".";
	char buf[256];
	double y;
	int rc, ja_ = pic.ja, nl, j, per_item;

	if (ns > EGO_SUGGESTED)
		ns = EGO_SUGGESTED;
	if (!(copy = strdup(path)))
		return tsu_error_oom(err);
	if ((base = strrchr(copy, '/'))) {
		*base++ = '\0';
		dir = copy;
	} else {
		base = copy;
	}
	if (!*base || strlen(base) > 100) {
		free(copy);
		return tsu_error_set(err, TSU_EUSAGE, path, 0, 0,
				     "a picture name of 1 to 100 bytes is "
				     "needed");
	}
	if (igraph_vector_int_init(&inc, 0)) {
		rc = tsu_error_oom(err);
		goto out;
	}
	if ((rc = tsu_mkdir_p(dir, err)))
		goto out;
	if (igraph_incident(&gr->g, &inc, (igraph_integer_t)v, IGRAPH_ALL) ||
	    !(nb = malloc(((size_t)igraph_vector_int_size(&inc) + 1) *
			  sizeof(*nb)))) {
		rc = tsu_error_oom(err);
		goto out;
	}
	for (i = 0; i < igraph_vector_int_size(&inc); i++) {
		igraph_integer_t e = VECTOR(inc)[i];

		nb[k][0] = IGRAPH_OTHER(&gr->g, e, (igraph_integer_t)v);
		nb[k++][1] = e;
	}
	qsort_r(nb, (size_t)k, sizeof(*nb), cmp_weight,
		(void *)VECTOR(gr->weight));
	if ((rc = tsu_gp_open(gp, o->gnuplot, err)))
		goto out;
	/* the nodes: v in the middle, partners around, suggestions further */
	tsu_gp_printf(gp, "$P << EOD\n");
	for (i = 0; i < k && i < EGO_PARTNERS; i++) {
		double ang = 2 * M_PI * (double)i /
			     (double)(k < EGO_PARTNERS ? k : EGO_PARTNERS);
		igraph_integer_t u = nb[i][0];

		shorten(tsu_graph_name(gr, u), 16, buf, sizeof(buf));
		tsu_gp_printf(gp, "%.4f\t%.4f\t%d\t", cos(ang), sin(ang),
			      gr->sector[u]);
		tsu_gp_datum(gp, buf);
		tsu_gp_printf(gp, "\n");
	}
	tsu_gp_printf(gp, "EOD\n$S << EOD\n");
	for (i = 0; i < (igraph_integer_t)ns; i++) {
		double ang = 2 * M_PI * ((double)i + 0.5) / (double)ns + 0.3;
		int64_t b = r->list[first + i].b;

		snprintf(buf, sizeof(buf), "%lld", (long long)i + 1);
		tsu_gp_printf(gp, "%.4f\t%.4f\t%d\t", 1.9 * cos(ang),
			      1.9 * sin(ang), gr->sector[b]);
		tsu_gp_datum(gp, buf);
		tsu_gp_printf(gp, "\n");
	}
	tsu_gp_printf(gp, "EOD\n$H << EOD\n");
	shorten(tsu_graph_name(gr, v), 40, buf, sizeof(buf));
	tsu_gp_printf(gp, "0\t0\t%d\t", gr->sector[v]);
	tsu_gp_datum(gp, buf);
	tsu_gp_printf(gp, "\nEOD\n$R << EOD\n");
	/* the text beside: each suggestion, its score and its reason, in
	   as many lines as the height shared among them allows (1 to 3) */
	y = 2.6;
	per_item = ns ? (int)((5.5 / (double)ns - 0.3) / 0.18) : 3;
	per_item = per_item < 1 ? 1 : per_item > 3 ? 3 : per_item;
	for (i = 0; i < (igraph_integer_t)ns; i++) {
		const struct tsu_suggestion *sg = &r->list[first + i];
		struct tsu_parts parts;

		shorten(tsu_graph_name(gr, sg->b), 36, buf + 64,
			sizeof(buf) - 64);
		snprintf(buf, 64, "%lld. ", (long long)i + 1);
		memmove(buf + strlen(buf), buf + 64, strlen(buf + 64) + 1);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			 "  (%.2f)", sg->score);
		tsu_gp_printf(gp, "%.3f\t%.3f\t1\t", 2.5, y);
		tsu_gp_datum(gp, buf);
		tsu_gp_printf(gp, "\n");
		y -= 0.2;
		tsu_buf_reset(&why);
		if (d->m) {
			tsu_match_pair(d->m, sg->a, sg->b, &parts);
			if (tsu_match_why(d->m, sg->a, sg->b, &parts, o->lang,
					  &why) < 0 ||
			    tsu_buf_add(&why, "", 1)) {
				rc = tsu_error_oom(err);
				goto close;
			}
			if ((nl = wrap(why.p, 78, per_item, &lines,
				       starts)) < 0) {
				rc = tsu_error_oom(err);
				goto close;
			}
			for (j = 0; j < nl; j++) {
				tsu_gp_printf(gp, "%.3f\t%.3f\t0\t", 2.7, y);
				tsu_gp_datum(gp, lines.p + starts[j]);
				tsu_gp_printf(gp, "\n");
				y -= 0.18;
			}
		}
		y -= 0.1;
	}
	tsu_gp_printf(gp, "EOD\n");
	if ((rc = outputs_begin(&pic, dir, base, 1600, 900, 11, err)))
		goto close;
	/* the base name ends in .png / .svg: outputs_* add them */
	title(&pic, W("Partners (solid) and suggested partners (dashed, "
		      "numbered)", "いまの連携先（実線）と提案する相手（点線・番号）"));
	tsu_gp_printf(gp, "unset border; unset tics; unset key\n"
			  "set xrange [-2.6:7.4]; set yrange [-3:3]\n"
			  "sc(s) = s == 0 ? 0x009E73 : s == 1 ? 0xE69F00 : "
			  "s == 2 ? 0x0072B2 : s == 3 ? 0xCC79A7 : s == 4 ? "
			  "0xD55E00 : 0x999999\n");
	if (!k && !ns) {
		tsu_gp_printf(gp, "set label 1 ");
		tsu_gp_string(gp, W("no partner and no suggestion",
				    "連携先も提案もありません"));
		tsu_gp_printf(gp, " at 0,-0.6 center\n");
	}
	tsu_gp_printf(gp, "plot ");
	if (k)
		tsu_gp_printf(gp, "$P using (0):(0):1:2 with vectors nohead "
				  "lw 1.5 lc rgb \"#888888\", ");
	if (ns)
		tsu_gp_printf(gp, "$S using (0):(0):1:2 with vectors nohead "
				  "dt 2 lw 1.5 lc rgb \"#C00000\", ");
	if (k)
		tsu_gp_printf(gp, "$P using 1:2:(sc($3)) with points pt 7 ps 2.2 "
				  "lc rgb variable, $P using 1:2:4 with labels "
				  "offset 0,1.3 font \",9\", ");
	if (ns)
		tsu_gp_printf(gp, "$S using 1:2:(sc($3)) with points pt 6 ps 3 "
				  "lw 2 lc rgb variable, $S using 1:2:4 with "
				  "labels font \",11\", ");
	tsu_gp_printf(gp, "$H using 1:2:(sc($3)) with points pt 7 ps 4 lc rgb "
			  "variable, $H using 1:2:4 with labels offset 0,-2 "
			  "font \",13\", $R using 1:2:4 with "
			  "labels left font \",10\" tc rgb \"#111111\"\n");
	rc = outputs_end(&pic, dir, base, 1600, 900, 11, err);
close:
	if (rc) {
		tsu_gp_cancel(gp);
		tsu_gp_close(gp, NULL);
	} else {
		rc = tsu_gp_close(gp, err);
	}
out:
	igraph_vector_int_destroy(&inc);
	tsu_buf_release(&why);
	tsu_buf_release(&lines);
	free(nb);
	free(copy);
	return rc;
}
