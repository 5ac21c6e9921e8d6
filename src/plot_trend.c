/*
 * plot_trend.c - the headline numbers across snapshots (trend.png/svg),
 * for the report's "since last time"; see tsu_plot.h.
 */
#include <stdio.h>
#include <string.h>

#include "tsu_out.h"
#include "tsu_plot.h"

/* The four panels, drawn once per output file (multiplot has no replot). */
static void panels(struct tsu_gp *gp, int ja, size_t n)
{
	static const struct {
		const char *title[2];
		const char *series[2][2];
		int col[2];
		const char *colour[2];
	} panel[4] = {
		{ { "Organisations and ties", "団体とつながり" },
		  { { "organisations", "団体" }, { "tied pairs", "つながり" } },
		  { 2, 3 }, { "#0072B2", "#009E73" } },
		{ { "Isolated and separate parts", "孤立とまとまりの数" },
		  { { "isolated", "孤立している団体" },
		    { "separate parts", "まとまりの数" } },
		  { 4, 5 }, { "#D55E00", "#E69F00" } },
		{ { "Communities", "コミュニティ" },
		  { { "communities", "コミュニティ" }, { NULL, NULL } },
		  { 6, 0 }, { "#CC79A7", NULL } },
		{ { "Modularity (how much groups keep to themselves)",
		    "モジュラリティ（グループの閉じ具合）" },
		  { { "modularity", "モジュラリティ" }, { NULL, NULL } },
		  { 7, 0 }, { "#56B4E9", NULL } },
	};
	int k, s;

	tsu_gp_printf(gp, "set multiplot layout 2,2 title ");
	tsu_gp_string(gp, ja ? "前回からの推移（スナップショットごと）" :
			       "The network over time (one point per snapshot)");
	tsu_gp_printf(gp, " font \",15\"\n");
	for (k = 0; k < 4; k++) {
		tsu_gp_printf(gp, "set title ");
		tsu_gp_string(gp, panel[k].title[ja]);
		tsu_gp_printf(gp, "\nset key below\nset grid\n"
				  "set xrange [0.5:%zu.5]\nset xtics rotate by "
				  "-30 font \",9\"\nset yrange [0:*]\n",
			      n);
		tsu_gp_printf(gp, "plot ");
		for (s = 0; s < 2 && panel[k].col[s]; s++) {
			tsu_gp_printf(gp, "%s$T using 1:%d:xticlabels(8) with "
					  "linespoints lw 2 pt 7 lc rgb \"%s\" "
					  "title ",
				      s ? ", " : "", panel[k].col[s],
				      panel[k].colour[s]);
			tsu_gp_string(gp, panel[k].series[s][ja]);
		}
		tsu_gp_printf(gp, "\n");
	}
	tsu_gp_printf(gp, "unset multiplot\n");
}

int tsu_plot_trend(const struct tsu_trend_point *pt, size_t n,
		   const struct tsu_plot_opts *o, const char *dir,
		   struct tsu_error *err)
{
	static const char *const ext[2] = { "png", "svg" };
	struct tsu_gp gp;
	char label[64], t[256], file[32];
	size_t i;
	int rc, k, ja = o->lang == TSU_LANG_JA;

	if ((rc = tsu_mkdir_p(dir, err)) ||
	    (rc = tsu_gp_open(&gp, o->gnuplot, err)))
		return rc;
	tsu_gp_printf(&gp, "$T << EOD\n");
	for (i = 0; i < n; i++) {
		/* "#3 2026-12-04": the snapshot and its import date, which the
		   store writes itself; quoted as data all the same, last */
		snprintf(label, sizeof(label), "#%lld %.10s",
			 (long long)pt[i].snapshot, pt[i].date);
		tsu_gp_printf(&gp, "%zu\t%lld\t%lld\t%lld\t%lld\t%lld\t%.6f\t",
			      i + 1, (long long)pt[i].orgs,
			      (long long)pt[i].ties, (long long)pt[i].isolated,
			      (long long)pt[i].components,
			      (long long)pt[i].communities, pt[i].modularity);
		tsu_gp_datum(&gp, label);
		tsu_gp_printf(&gp, "\n");
	}
	tsu_gp_printf(&gp, "EOD\n");
	for (k = 0; k < 2; k++) {
		snprintf(t, sizeof(t),
			 "%s size 1400,900 font \"" TSU_PLOT_FONT ",11\" "
			 "noenhanced background rgb \"white\"",
			 k ? "svg" : "pngcairo");
		snprintf(file, sizeof(file), "trend.%s", ext[k]);
		if ((rc = tsu_gp_output(&gp, dir, file, t, err))) {
			tsu_gp_cancel(&gp);
			return rc;
		}
		panels(&gp, ja, n);
	}
	return tsu_gp_close(&gp, err);
}
