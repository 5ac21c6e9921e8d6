/*
 * tsu_plot.h - the pictures: network maps and charts drawn by gnuplot.
 *
 * gnuplot runs as a child process (gnuplot.c), told through a pipe to
 * load the script we wrote for it into a private folder.  It is started
 * without a shell (posix_spawnp of the program name, with no argument),
 * and nothing from the data is ever part of a gnuplot command: names,
 * tags and reasons travel only inside inline data
 * blocks ($d << EOD ... EOD), as quoted fields (tsu_gp_datum) of
 * tab-separated rows, in which gnuplot expands no backquote, macro or
 * function call, and drawn only `with labels` (tic labels from data,
 * ytic(), would cut a name at a quote).  Every terminal is `noenhanced`,
 * so ^ _ @ & { } in a name print as themselves.
 * Our own words (titles, axis labels, the sector names) and file paths go
 * into commands as single-quoted strings (tsu_gp_string), in which gnuplot
 * substitutes nothing either.
 *
 * Each picture is written as NAME.png (pngcairo) and NAME.svg into a
 * folder, each first to a temporary name and renamed only when gnuplot
 * exits with status 0 and the file is whole: a failing or missing gnuplot
 * or a full disk leaves no half file and no older picture replaced by a
 * broken one.  Text is set in
 * TSU_PLOT_FONT (Noto Sans CJK JP from fonts-noto-cjk), which has the
 * Japanese glyphs; the words of axes and legends follow `lang`.
 *
 * The pictures (tsu_plot_all), one gnuplot process each, run side by side
 * (each gnuplot draws while the next picture's script is made):
 *   network      the organisations and their ties.  Up to TSU_PLOT_FR_MAX
 *                organisations: each component laid out by igraph's
 *                Fruchterman-Reingold (weighted, seeded), the largest in
 *                the middle, separate groups and isolated organisations
 *                each in their own labelled band below it.  Above that: a
 *                map of communities (Fruchterman-Reingold on the graph of
 *                communities, each community's members around its place,
 *                the most connected nearest the centre), ties between
 *                communities as lines, bands as before; more than
 *                TSU_PLOT_MAX_POINTS organisations are thinned to an even
 *                sample, said in the title.  Colour = sector, size =
 *                degree; the most central (betweenness) are named;
 *                suggested loose ties are dashed.
 *   communities  one disc per community of two or more (the largest
 *                TSU_PLOT_MAX_COMMUNITIES), area ~ members, colour = its
 *                largest sector, line width ~ ties between communities.
 *   mixing       ties between sectors against random mixing: a heat map of
 *                log2(observed / expected), each cell with both numbers.
 *   degree       the degree distribution, log-log (isolated ones counted
 *                in the title).
 *   brokers      the TSU_PLOT_TOP_BROKERS highest betweenness, as bars.
 *   scores       the distribution of suggestion scores: all listed, and
 *                each organisation's best.
 * tsu_plot_ego() draws one organisation's partners and suggested partners,
 * with the reason for each suggestion beside the picture.
 *
 * Determinism: the layouts use igraph's RNG seeded with opts.seed; the same
 * inputs and seed give the same files (up to gnuplot's own rendering).
 */
#ifndef TSU_PLOT_H
#define TSU_PLOT_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <igraph.h>

#include "tsu_analyze.h"
#include "tsu_error.h"
#include "tsu_graph.h"
#include "tsu_match.h"
#include "tsu_text.h"

#define TSU_PLOT_FONT "Noto Sans CJK JP"
#define TSU_PLOT_FR_MAX 3000		/* whole-graph layout up to this */
#define TSU_PLOT_MAX_POINTS 200000	/* organisations drawn at most */
#define TSU_PLOT_MAX_COMMUNITIES 60	/* discs in the community map */
#define TSU_PLOT_TOP_BROKERS 15
#define TSU_PLOT_LABELS 12		/* names on the network map */
#define TSU_PLOT_LOOSE_DRAWN 150	/* loose ties dashed, best first */

enum tsu_plot_kind {
	TSU_PLOT_NETWORK,
	TSU_PLOT_COMMUNITIES,
	TSU_PLOT_MIXING,
	TSU_PLOT_DEGREE,
	TSU_PLOT_BROKERS,
	TSU_PLOT_SCORES,
	TSU_PLOT_COUNT
};

/* What the pictures show; the analysis is required, the rest optional. */
struct tsu_plot_data {
	const struct tsu_graph *gr;
	const struct tsu_analysis *an;
	const struct tsu_matcher *m;		/* NULL: no reasons */
	const struct tsu_matches *matches;	/* NULL: no score chart */
	const struct tsu_loose *loose;		/* NULL: no dashed ties */
};

struct tsu_plot_opts {
	int lang;		/* TSU_LANG_EN or TSU_LANG_JA */
	uint64_t seed;		/* layouts; default 1 */
	const char *gnuplot;	/* program; NULL: $TSUNAGU_GNUPLOT, else
				   "gnuplot" (looked up in PATH) */
	void (*progress)(void *ctx, const char *stage, double done);
	void *progress_ctx;
};
#define TSU_PLOT_OPTS_INIT { TSU_LANG_EN, 1, NULL, NULL, NULL }

/* "network", "communities", ...: the file stem of a picture. */
const char *tsu_plot_name(int kind);
/* Its title in `lang`. */
const char *tsu_plot_title(int kind, int lang);

/*
 * Draws every picture into `dir` (created if missing) as NAME.png and
 * NAME.svg.  ok[kind] (may be NULL) is set to 1 for each picture written.
 * A picture that fails does not stop the others (unless gnuplot cannot
 * be run at all); the first failure is returned (TSU_EIO with gnuplot's
 * last line of complaint, or "gnuplot not found"; TSU_ENOMEM).
 */
int tsu_plot_all(const struct tsu_plot_data *d, const struct tsu_plot_opts *o,
		 const char *dir, int ok[TSU_PLOT_COUNT], struct tsu_error *err);

/*
 * The ego map of organisation v: its partners (solid, by tie weight), its
 * suggestions (dashed, numbered, from d->matches, which must be set) and,
 * beside them, the reason for each; written as PATH.png and PATH.svg
 * (`path` without the extension; its folder is created if missing).
 */
int tsu_plot_ego(const struct tsu_plot_data *d, int64_t v,
		 const struct tsu_plot_opts *o, const char *path,
		 struct tsu_error *err);

/* --- the gnuplot process (gnuplot.c) ------------------------------------ */

/*
 * One gnuplot child.  Commands are written with tsu_gp_printf() (our own
 * text and numbers only), data with tsu_gp_datum(); tsu_gp_output() points
 * the next picture at a temporary file in a private folder in DIR,
 * renamed to DIR/NAME by tsu_gp_close() when gnuplot succeeded.
 *
 * What is written is kept in memory until tsu_gp_run() (or close): then it
 * goes whole into a file in the private folder, and gnuplot is told
 * through its pipe to `load` it.  gnuplot reads its standard input one
 * byte per read(2): fed through the pipe, the 100,000 points of a large
 * network map took it 6 s to read, loaded from a file 0.05 s.  The
 * script is the same either way (the data still in inline data blocks).
 * Writing to a gnuplot that died is not fatal (SIGPIPE is ignored while
 * any is open); tsu_gp_close() reports it.
 */
#define TSU_GP_MAX_OUTPUTS 4
struct tsu_gp {
	pid_t pid;
	FILE *in;			/* the script in memory; after
					   tsu_gp_run(), gnuplot's input */
	FILE *pipe;			/* gnuplot's standard input */
	char *script;			/* the script (open_memstream) */
	size_t script_len;
	char *script_path;		/* in tmpdir, once written */
	int ran, cancelled;
	int werr;			/* errno of a failed write to gnuplot */
	FILE *errf;			/* its standard error, a temporary file */
	int n_out;
	char *tmp[TSU_GP_MAX_OUTPUTS], *final[TSU_GP_MAX_OUTPUTS];
	char *tmpdir;			/* private folder of the outputs */
	char *outdir;			/* the folder it is in */
};

/* After a failed open, gp->pid is TSU_GP_CANNOT_RUN when the program could
   not be run at all (missing, not executable): no use trying again. */
#define TSU_GP_CANNOT_RUN (-2)
int tsu_gp_open(struct tsu_gp *gp, const char *program,
		struct tsu_error *err);
void tsu_gp_printf(struct tsu_gp *gp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* `s` as a single-quoted gnuplot string: ' doubled, control characters
   shown as spaces.  For our own words and paths in commands. */
void tsu_gp_string(struct tsu_gp *gp, const char *s);
/* `s` as a double-quoted field of a data block: \ and " escaped, control
   characters (newline, tab, ...) shown as spaces.  Data blocks are
   tab-separated (tsu_gp_open sets it): separate fields with '\t'.  Put a
   quoted field last on its row: gnuplot 5.4 reads an escaped quote right
   only there. */
void tsu_gp_datum(struct tsu_gp *gp, const char *s);
/* The same escaping into a buffer (for tests); -1 on ENOMEM. */
int tsu_gp_quote_datum(struct tsu_buf *b, const char *s);
/*
 * `set terminal TERM; set output '<temporary>'`.  TERM is our own text
 * ("pngcairo size 800,600 ...").  The temporary files are in a private
 * folder (mode 0700, made with mkdtemp in DIR, removed by tsu_gp_close()
 * and on SIGINT, SIGTERM, SIGHUP), so no one else can swap them while
 * gnuplot reopens them by name.  All outputs of one gnuplot go to one
 * DIR; a DIR whose name holds a control character is refused (gnuplot's
 * strings cannot carry one).
 */
int tsu_gp_output(struct tsu_gp *gp, const char *dir, const char *name,
		  const char *term, struct tsu_error *err);
/*
 * Hands the script written so far to gnuplot, which starts drawing while
 * the caller goes on (with the next picture's gnuplot); what is written
 * afterwards goes straight to gnuplot.  tsu_gp_close() runs it when not
 * done yet.  On failure gnuplot is told to stop; close as usual.
 */
int tsu_gp_run(struct tsu_gp *gp, struct tsu_error *err);
/* Gives the picture up: what gnuplot has not been handed is dropped, and
   tsu_gp_close() ends it with a failure, keeping no picture. */
void tsu_gp_cancel(struct tsu_gp *gp);
/*
 * Ends the input, waits for gnuplot, checks each output (not empty; a PNG
 * ends with its IEND chunk, an SVG with </svg>: gnuplot exits 0 even when
 * its writes failed, on a full disk), syncs it and renames it into place;
 * on any failure removes them all.  Always releases `gp`.
 */
int tsu_gp_close(struct tsu_gp *gp, struct tsu_error *err);

/* --- layouts (layout.c) -------------------------------------------------- */

/*
 * Positions for the network map: xy[2v], xy[2v+1] for each organisation
 * drawn (NaN for one left out of a thinned map); band_y[0..1]: the heights
 * of the bands of separate groups and isolated organisations (NaN when
 * empty).  `detail` is 1 when laid out organisation by organisation, 0 for
 * the map of communities.  Uses igraph's default RNG, seeded here.
 */
struct tsu_layout {
	double *xy;
	igraph_integer_t n, drawn;
	int detail;
	double band_y[2];
	double xmin, xmax, ymin, ymax;
	/* the community graph (map of communities and `communities`) */
	igraph_integer_t n_comm;	/* communities placed */
	double *comm_xy;		/* per community (0-based), NaN if not
					   placed */
	igraph_integer_t n_cedges;
	igraph_integer_t *cedge;	/* pairs of communities */
	double *cweight;		/* summed tie weight between them */
};

int tsu_layout_network(const struct tsu_graph *gr,
		       const struct tsu_analysis *an, uint64_t seed,
		       struct tsu_layout *out, struct tsu_error *err);
/* The largest `max` communities of two or more, placed by
   Fruchterman-Reingold on their tie weights (comm_xy, cedge, cweight):
   those of the main network in the unit square, the ones with no tie to
   it in a row below, under band_y[0] (NaN when there is none). */
int tsu_layout_communities(const struct tsu_analysis *an,
			   const struct tsu_graph *gr, igraph_integer_t max,
			   uint64_t seed, struct tsu_layout *out,
			   struct tsu_error *err);
void tsu_layout_release(struct tsu_layout *l);	/* zeroed or filled */

/* --- the network over time (plot_trend.c) -------------------------------- */

/* One analysed snapshot's headline numbers. */
struct tsu_trend_point {
	int64_t snapshot;
	char date[20];			/* imported_at, "YYYY-MM-DD ..." */
	int64_t orgs, ties, isolated, components, communities;
	double modularity;
};

/*
 * DIR/trend.png and trend.svg: four small panels (organisations and ties,
 * isolated and separate parts, communities, modularity), one point per
 * snapshot, oldest first, labelled "#N date".
 */
int tsu_plot_trend(const struct tsu_trend_point *pt, size_t n,
		   const struct tsu_plot_opts *o, const char *dir,
		   struct tsu_error *err);

#endif
