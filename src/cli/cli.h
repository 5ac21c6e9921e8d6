/*
 * cli.h - what the subcommands share: the command table, option helpers and
 * the store-path rule.  Internal to src/cli/.
 *
 * Each subcommand is `int cmd_x(int argc, char **argv)` returning an exit
 * status (enum tsu_exit); it parses its own options with getopt_long, prints
 * --help to stdout, and reports errors through cli_fail().
 */
#ifndef TSU_CLI_H
#define TSU_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "tsu_error.h"

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	void (*usage)(FILE *fp);
	const char *summary;	/* one line for `tsunagu --help` */
};

extern const struct cli_command cli_commands[];
const struct cli_command *cli_find(const char *name);

int cmd_import(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_score(int argc, char **argv);
void cmd_explain_usage(FILE *fp);
void cmd_score_usage(FILE *fp);
void cmd_match_usage(FILE *fp);
void cmd_import_usage(FILE *fp);
void cmd_analyze_usage(FILE *fp);
void cmd_summary_usage(FILE *fp);

/* The store to use: --db, else $TSUNAGU_DB, else ./tsunagu.db. */
const char *cli_db_path(const char *opt);

struct tsu_store;
struct tsu_snapshot;

/*
 * Opens the store `db` (tsu_store_open flags) and reads snapshot
 * `snapshot` (0: the newest) into *snap; TSU_EINPUT when there is none.
 * On failure *st may be open: the caller closes it.
 */
int cli_open_snapshot(const char *db, int flags, size_t snapshot,
		      struct tsu_store **st, struct tsu_snapshot *snap,
		      struct tsu_error *err);

/*
 * Progress of a long command on stderr: "CMD: stage 42%" redrawn on one
 * line when stderr is a terminal (and not --quiet); with $TSUNAGU_TIMING
 * set, each stage's seconds, one line each.  cli_progress() fits the
 * progress callbacks of tsu_analyze_opts and tsu_match_opts.
 */
struct cli_progress {
	const char *cmd;
	int on, shown, timing;
	const char *stage;
	double start;
};
void cli_progress_init(struct cli_progress *p, const char *cmd, int quiet);
void cli_progress(void *ctx, const char *stage, double done);
void cli_progress_end(struct cli_progress *p);	/* clears the line */

/* Prints `err` for command `cmd` and returns its exit status. */
int cli_fail(const char *cmd, const struct tsu_error *err);

/* Prints "tsunagu: CMD: MSG" and "try 'tsunagu CMD --help'"; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Parses a count or a size with an optional K, M or G suffix (powers of
 * 1024) into *out; -1 when it is not a positive number.
 */
int cli_parse_size(const char *s, size_t *out);

/* Parses --lang: "ja", "en" or "auto"; -2 when invalid. */
int cli_parse_lang(const char *s);

/*
 * What match, explain and score share: a snapshot's graph, profiles and
 * matcher, and organisation lookup by id.
 */
#include "tsu_graph.h"
#include "tsu_map.h"
#include "tsu_match.h"
#include "tsu_store.h"

struct cli_matcher {
	struct tsu_store *st;
	struct tsu_snapshot snap;
	struct tsu_graph gr;
	struct tsu_profiles prof;
	struct tsu_matcher m;
	struct tsu_map keys;
	int keys_ready;
};

/* Settings: defaults, then the file `config` (may be NULL), then each
   "KEY=VALUE" of `sets` (the --weight flags). */
int cli_match_settings(const char *config, char **sets, int nsets,
		       struct tsu_match_config *cfg, struct tsu_error *err);
int cli_matcher_open(const char *db, int flags, size_t snapshot,
		     const struct tsu_match_config *cfg, struct cli_matcher *c,
		     struct tsu_error *err);
void cli_matcher_close(struct cli_matcher *c);	/* zeroed or opened */
/* The vertex of organisation id `id` (NFKC, trimmed, as imported); -1 when
   there is none, -2 when out of memory. */
int64_t cli_matcher_find(struct cli_matcher *c, const char *id, size_t len);

/*
 * Feedback (tsu_feedback.h): reads the earlier runs into *runs and applies
 * the recorded feedback to c->m; *introduced (may be NULL) gets the pairs
 * introduced.  Then, once the outputs are written, cli_runs_record()
 * records the run, only warning when the store cannot be written.
 */
struct tsu_runs;
struct tsu_matches;
struct tsu_loose;
struct tsu_graph;
int cli_feedback_apply(struct cli_matcher *c, struct tsu_runs *runs,
		       int64_t *introduced, struct tsu_error *err);
void cli_runs_record(const char *cmd, const char *db,
		     const struct tsu_runs *runs, const struct tsu_graph *gr,
		     const struct tsu_matches *m, const struct tsu_loose *l);

/*
 * The groups loose ties read: the snapshot's stored communities when it
 * was analysed, else Leiden with analyze's defaults (groups only).
 */
struct tsu_analysis;
int cli_loose_groups(struct cli_matcher *c, int workers,
		     struct cli_progress *p, struct tsu_analysis *an,
		     struct tsu_error *err);

/* Stores an analysis (headline and per-organisation metrics), as
   `tsunagu analyze` does, in one transaction. */
int cli_save_analysis(struct tsu_store *st, const struct tsu_snapshot *snap,
		      const struct tsu_graph *gr, const struct tsu_analysis *a,
		      struct tsu_error *err);

/* A number from 0 (decimal digits only); -1 when it is not one. */
int cli_parse_u64(const char *s, uint64_t *out);

int cmd_run(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_plot(int argc, char **argv);
void cmd_run_usage(FILE *fp);
void cmd_report_usage(FILE *fp);
void cmd_plot_usage(FILE *fp);
int cmd_history(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_feedback(int argc, char **argv);
void cmd_history_usage(FILE *fp);
void cmd_diff_usage(FILE *fp);
void cmd_feedback_usage(FILE *fp);
int cmd_export(int argc, char **argv);
void cmd_export_usage(FILE *fp);

/* Flushes stdout and reports a write error (a full disk, a closed pipe). */
int cli_finish_stdout(const char *cmd, int status);

#endif
