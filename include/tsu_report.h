/*
 * tsu_report.h - the planning-meeting report: one HTML page.
 *
 * tsu_report_write() writes DIR/index.html: the headline numbers, what
 * changed since the previous snapshot (numbers, organisations and ties
 * added and lost, isolation, communities; introductions made), the
 * pictures, the groups that are cut off and why, the suggested loose ties
 * and matches with their reasons, and the brokers.  The page is
 * self-contained: the PNG pictures are embedded (data: URIs), the style is
 * inline, there is no script and nothing is fetched from the network, so it
 * can be mailed, opened offline and projected.  A print stylesheet lays it
 * out on A4.  Every piece of text from the data is HTML-escaped
 * (& < > " ' become entities), so a name holding markup shows as text.
 * Long lists are cut (TSU_REPORT_ROWS rows) with a pointer to the CSV file
 * that has them all.  The file is written to a temporary name and renamed:
 * a reader never sees half a page.
 */
#ifndef TSU_REPORT_H
#define TSU_REPORT_H

#include "tsu_analyze.h"
#include "tsu_error.h"
#include "tsu_graph.h"
#include "tsu_history.h"
#include "tsu_match.h"
#include "tsu_plot.h"
#include "tsu_store.h"

#define TSU_REPORT_ROWS 100	/* rows of each table at most */
#define TSU_REPORT_TOP_MATCHES 50	/* strongest suggestions listed */

struct tsu_report_data {
	const struct tsu_snapshot *snap;
	const struct tsu_graph *gr;
	const struct tsu_analysis *an;
	const struct tsu_matcher *m;		/* required when matches or
						   loose is set: the reasons */
	const struct tsu_matches *matches;
	const struct tsu_loose *loose;
	/* pictures: which were drawn into plot_dir (tsu_plot_all's ok[]),
	   and why the others were not (NULL: all drawn) */
	const int *plot_ok;
	const char *plot_dir;		/* as the page links it: "plots" */
	const char *plot_error;
	const char *csv_note;		/* NULL, or which CSVs are beside it */
	/* since last time: the change from the previous snapshot (NULL:
	   this is the first), the pairs introduced (feedback met or
	   partnered), and whether matches->fresh / loose->fresh compare
	   with an earlier run (else no suggestion is marked new) */
	const struct tsu_diff *diff;
	const struct tsu_snapshot *prev;
	int64_t introduced;
	int compared;
	int trend;			/* <plot_dir>/trend.png was drawn */
};

/*
 * Writes DIR/index.html in `lang`.  Pictures are read from
 * DIR/<plot_dir>/NAME.png.  TSU_EIO when the page cannot be written.
 */
int tsu_report_write(const struct tsu_report_data *d, const char *dir,
		     int lang, struct tsu_error *err);

/* `s` HTML-escaped into `b` (for tests and the page); -1 on ENOMEM. */
int tsu_html_escape(struct tsu_buf *b, const char *s);

#endif
