/*
 * main.c - the `tsunagu` command: dispatches to subcommands in git's manner
 * (`tsunagu import`, `tsunagu help import`, `tsunagu import --help`).
 */
#include <errno.h>
#include <signal.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <igraph.h>

#include "cli.h"
#include "tsu_model.h"
#include "tsu_out.h"
#include "tsu_store.h"

#ifndef TSU_VERSION
#define TSU_VERSION "0.1.0"
#endif

static int cmd_help(int argc, char **argv);
static void cmd_help_usage(FILE *fp);

const struct cli_command cli_commands[] = {
	{ "import", cmd_import, cmd_import_usage,
	  "read an organisation list (and ties) into the store" },
	{ "summary", cmd_summary, cmd_summary_usage,
	  "show what the store holds: sectors, areas, tags, ties" },
	{ "analyze", cmd_analyze, cmd_analyze_usage,
	  "find isolated groups, communities, brokers and bridges" },
	{ "match", cmd_match, cmd_match_usage,
	  "suggest partners for every organisation, and loose ties" },
	{ "explain", cmd_explain, cmd_explain_usage,
	  "show the full score breakdown of one pair" },
	{ "score", cmd_score, cmd_score_usage,
	  "score the pairs listed in a CSV file" },
	{ "run", cmd_run, cmd_run_usage,
	  "the whole job: import, analyze, match, plot and report" },
	{ "report", cmd_report, cmd_report_usage,
	  "write the meeting report: page, pictures and CSV files" },
	{ "plot", cmd_plot, cmd_plot_usage,
	  "draw the pictures, or one organisation's ego map" },
	{ "history", cmd_history, cmd_history_usage,
	  "list the stored snapshots, feedback and match runs" },
	{ "diff", cmd_diff, cmd_diff_usage,
	  "what changed between two snapshots" },
	{ "feedback", cmd_feedback, cmd_feedback_usage,
	  "record what became of suggestions (met, declined, ...)" },
	{ "export", cmd_export, cmd_export_usage,
	  "write the network for Gephi, Cytoscape or Graphviz" },
	{ "help", cmd_help, cmd_help_usage, "show help for a command" },
	{ NULL, NULL, NULL, NULL },
};

const struct cli_command *cli_find(const char *name)
{
	const struct cli_command *c;

	for (c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void usage(FILE *fp)
{
	const struct cli_command *c;

	fprintf(fp,
		"usage: tsunagu [--version] [--help] COMMAND [ARGS]\n"
		"\n"
		"Stakeholder matchmaking and network analysis for regional "
		"organisation lists.\n"
		"\n"
		"Commands:\n");
	for (c = cli_commands; c->name; c++)
		fprintf(fp, "  %-10s %s\n", c->name, c->summary);
	fprintf(fp,
		"\n"
		"'tsunagu help COMMAND' or 'tsunagu COMMAND --help' shows a "
		"command's options.\n"
		"\n"
		"The store is the SQLite file named by --db, else by the "
		"TSUNAGU_DB\nenvironment variable, else ./%s.\n"
		"\n"
		"Exit status:\n"
		"  0   success\n"
		"  1   bad input: the data was refused (or exceeds a limit); "
		"nothing stored\n"
		"  2   usage error on the command line\n"
		"  3   a file could not be read or written\n"
		"  4   the store failed (locked by another run, damaged, "
		"newer version)\n"
		"  5   out of memory\n"
		"  70  internal error (a bug: please report it)\n",
		"tsunagu.db");
}

static void cmd_help_usage(FILE *fp)
{
	fprintf(fp, "usage: tsunagu help [COMMAND]\n\n"
		    "Shows the help of COMMAND, or the list of commands.\n");
}

static int cmd_help(int argc, char **argv)
{
	const struct cli_command *c;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		if (argc >= 2)
			cmd_help_usage(stdout);
		else
			usage(stdout);
		return cli_finish_stdout("help", TSU_EXIT_OK);
	}
	if (argc > 2)
		return cli_usage_error("help", "too many arguments");
	c = cli_find(argv[1]);
	if (!c)
		return cli_usage_error("help", "unknown command '%s'", argv[1]);
	c->usage(stdout);
	return cli_finish_stdout("help", TSU_EXIT_OK);
}

const char *cli_db_path(const char *opt)
{
	const char *env;

	if (opt)
		return opt;
	env = getenv("TSUNAGU_DB");
	if (env && *env)
		return env;
	return "tsunagu.db";
}

int cli_open_snapshot(const char *db, int flags, size_t snapshot,
		      struct tsu_store **st, struct tsu_snapshot *snap,
		      struct tsu_error *err)
{
	int rc;

	if ((rc = tsu_store_open(db, flags, st, NULL, err)))
		return rc;
	rc = snapshot ? tsu_store_get_snapshot(*st, (int64_t)snapshot, snap,
					       err) :
			tsu_store_latest_snapshot(*st, snap, err);
	if (rc)
		return rc;
	if (!snap->id)
		return snapshot ? tsu_error_set(err, TSU_EINPUT, db, 0, 0,
						"no snapshot %zu in the store",
						snapshot) :
				  tsu_error_set(err, TSU_EINPUT, db, 0, 0,
						"store is empty: run 'tsunagu "
						"import' first");
	return TSU_OK;
}

void cli_progress_init(struct cli_progress *p, const char *cmd, int quiet)
{
	memset(p, 0, sizeof(*p));
	p->cmd = cmd;
	p->on = !quiet && isatty(STDERR_FILENO);
	p->timing = getenv("TSUNAGU_TIMING") != NULL;
}

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

void cli_progress(void *ctx, const char *stage, double done)
{
	struct cli_progress *p = ctx;

	if (p->timing && stage != p->stage) {
		double t = seconds();

		if (p->stage)
			fprintf(stderr, "%s: %-40s %8.3f s\n", p->cmd,
				p->stage, t - p->start);
		p->stage = stage;
		p->start = t;
	}
	if (!p->on)
		return;
	fprintf(stderr, "\r\033[K%s: %s", p->cmd, stage);
	if (done > 0)
		fprintf(stderr, " %3.0f%%", 100 * done);
	fflush(stderr);
	p->shown = 1;
}

void cli_progress_end(struct cli_progress *p)
{
	cli_progress(p, "", 0);
	if (p->shown)
		fprintf(stderr, "\r\033[K");
	p->shown = 0;
}

int cli_fail(const char *cmd, const struct tsu_error *err)
{
	tsu_error_print(stderr, cmd, err);
	return tsu_exit_status(err->code);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tsunagu: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\ntry 'tsunagu %s --help'\n", cmd);
	return TSU_EXIT_USAGE;
}

int cli_parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;
	unsigned long long mul = 1;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	if (*end == 'K' || *end == 'k')
		mul = 1024ULL;
	else if (*end == 'M' || *end == 'm')
		mul = 1024ULL * 1024;
	else if (*end == 'G' || *end == 'g')
		mul = 1024ULL * 1024 * 1024;
	else if (*end)
		return -1;
	if (mul > 1 && end[1])
		return -1;
	if (v == 0 || v > (unsigned long long)SIZE_MAX / mul)
		return -1;
	*out = (size_t)(v * mul);
	return 0;
}

int cli_parse_lang(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return TSU_LANG_AUTO;
	return tsu_lang_from_name(s) >= 0 ? tsu_lang_from_name(s) : -2;
}

int cli_finish_stdout(const char *cmd, int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "tsunagu: %s: cannot write the output: %s\n",
			cmd, strerror(errno));
		return status ? status : TSU_EXIT_IO;
	}
	return status;
}

int main(int argc, char **argv)
{
	const struct cli_command *c;

	igraph_set_error_handler(igraph_error_handler_printignore);
	tsu_out_cleanup_on_signals();
	/* a file over the size limit (ulimit -f) is a write error we report,
	   removing the temporary file, not a signal that kills us halfway */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return TSU_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return cli_finish_stdout("help", TSU_EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("tsunagu %s (igraph %s, SQLite %s)\n", TSU_VERSION,
		       IGRAPH_VERSION, tsu_store_sqlite_version());
		return cli_finish_stdout("version", TSU_EXIT_OK);
	}
	c = cli_find(argv[1]);
	if (!c) {
		fprintf(stderr, "tsunagu: '%s' is not a tsunagu command; see "
				"'tsunagu --help'\n", argv[1]);
		return TSU_EXIT_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}
