/*
 * cmd_export.c - `tsunagu export`: the collaboration network of a snapshot
 * for Gephi, Cytoscape or Graphviz (GraphML, GML, GEXF 1.3, DOT).
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tsu_analyze.h"
#include "tsu_export.h"
#include "tsu_graph.h"
#include "tsu_out.h"
#include "tsu_store.h"

void cmd_export_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu export --format graphml|gml|gexf|dot "
		"[--out FILE] [--db FILE]\n"
		"                      [--snapshot N]\n"
		"\n"
		"Writes the collaboration network of the newest snapshot (or "
		"--snapshot N)\nfor other tools: one node per organisation with "
		"its id (key), name,\nsector, area, lat/lon when given, and its "
		"analysis results: component,\ncommunity, degree, strength, "
		"coreness, betweenness, harmonic, eigenvector\nand constraint; "
		"one undirected edge per tied pair, with its weight.\n"
		"\n"
		"Formats:\n"
		"  graphml   GraphML (Cytoscape, Gephi, yEd, igraph, NetworkX)\n"
		"  gml       GML (Gephi, Cytoscape, igraph, NetworkX)\n"
		"  gexf      GEXF 1.3 (Gephi)\n"
		"  dot       Graphviz DOT (neato, sfdp, dot)\n"
		"\n"
		"The results are the snapshot's stored analysis ('tsunagu "
		"analyze'); a\nsnapshot that was never analysed is analysed now "
		"with the defaults (seed 1),\nnothing is stored, and a note on "
		"stderr says so.  Without --out the network\ngoes to stdout; "
		"with --out it is written to a temporary file and renamed.\n"
		"--format may be left out when FILE ends in .graphml, .gml, "
		".gexf, .dot or .gv.\n"
		"\n"
		"Options:\n"
		"  -f, --format F     graphml, gml, gexf or dot\n"
		"  -o, --out FILE     where to write (default: stdout)\n"
		"  -d, --db FILE      the store (default: $TSUNAGU_DB, else "
		"./tsunagu.db)\n"
		"  -s, --snapshot N   snapshot to export (default: the newest)\n"
		"  -h, --help         show this help\n");
}

static const struct option options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "out", required_argument, NULL, 'o' },
	{ "db", required_argument, NULL, 'd' },
	{ "snapshot", required_argument, NULL, 's' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct export_job {
	const char *db, *out;
	int format;
	size_t snapshot;
	struct tsu_store *st;
	struct tsu_snapshot snap;
	struct tsu_graph gr;
	struct tsu_org_metric *metrics;	/* per vertex */
	char *description;		/* malloc'd */
	struct tsu_error err;
};

/* Parses the command line into j; an exit status when done (--help or a
   usage error), else -1. */
static int parse(int argc, char **argv, struct export_job *j)
{
	int c;

	j->format = -1;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:d:s:h", options, NULL)) != -1) {
		switch (c) {
		case 'f':
			j->format = tsu_export_format_from_name(optarg);
			if (j->format < 0)
				return cli_usage_error("export", "--format takes "
						       "graphml, gml, gexf or "
						       "dot, not '%s'", optarg);
			break;
		case 'o':
			if (!*optarg)
				return cli_usage_error("export", "--out needs a "
						       "file");
			j->out = optarg;
			break;
		case 'd':
			j->db = optarg;
			break;
		case 's':
			if (cli_parse_size(optarg, &j->snapshot) < 0)
				return cli_usage_error("export", "--snapshot "
						       "takes a positive "
						       "number, not '%s'",
						       optarg);
			break;
		case 'h':
			cmd_export_usage(stdout);
			return cli_finish_stdout("export", TSU_EXIT_OK);
		default:
			return cli_usage_error("export", "unknown option or "
					       "missing value: '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("export", "unexpected argument '%s'",
				       argv[optind]);
	if (j->format < 0 && j->out)
		j->format = tsu_export_format_from_path(j->out);
	if (j->format < 0)
		return cli_usage_error("export", "say which format: --format "
				       "graphml, gml, gexf or dot");
	return -1;
}

/* printf into a new string; NULL when out of memory. */
static char *format_text(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static char *format_text(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(p = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/*
 * The metrics of every organisation: the stored analysis, else one run
 * now with analyze's defaults (kept in memory only), and the description
 * that says which.
 */
static int load_metrics(struct export_job *j)
{
	struct tsu_analyze_opts o = TSU_ANALYZE_OPTS_INIT;
	struct tsu_analysis a;
	struct tsu_headline h;
	int found = 0, have_head = 0, rc;
	char from[160];

	j->metrics = calloc((size_t)j->gr.n + 1, sizeof(*j->metrics));
	if (!j->metrics)
		return tsu_error_oom(&j->err);
	if ((rc = tsu_store_metrics(j->st, &j->snap, j->metrics, &found,
				    &j->err)))
		return rc;
	if (found && (rc = tsu_store_headline(j->st, j->snap.id, &h,
					      &have_head, &j->err)))
		return rc;
	if (found && have_head) {
		snprintf(from, sizeof(from), "the stored analysis of %s UTC "
			 "(seed %llu)", h.analysed_at,
			 (unsigned long long)h.seed);
	} else {
		memset(&a, 0, sizeof(a));
		if ((rc = tsu_analyze(&j->gr, &o, &a, &j->err))) {
			tsu_analysis_release(&a);
			return rc;
		}
		tsu_export_metrics_from_analysis(&j->gr, &a, j->metrics);
		tsu_analysis_release(&a);
		snprintf(from, sizeof(from), "an analysis at export with the "
			 "default settings (seed %llu), not stored",
			 (unsigned long long)o.seed);
		fprintf(stderr, "tsunagu: export: snapshot %lld has no stored "
				"analysis: analysed it now with the defaults "
				"(seed %llu), nothing stored; run 'tsunagu "
				"analyze' to keep one\n",
			(long long)j->snap.id, (unsigned long long)o.seed);
	}
	j->description = format_text(
		"tsunagu collaboration network, snapshot %lld ('%s', imported "
		"%s UTC): %lld organisations, %lld tied pairs, edge weight = "
		"summed tie strength; metrics from %s",
		(long long)j->snap.id,
		j->snap.orgs_file ? j->snap.orgs_file : "",
		j->snap.imported_at ? j->snap.imported_at : "?",
		(long long)j->gr.n, (long long)igraph_ecount(&j->gr.g), from);
	return j->description ? TSU_OK : tsu_error_oom(&j->err);
}

/* Writes to stdout, or to j->out whole or not at all. */
static int write_out(struct export_job *j)
{
	struct tsu_export_info info = { j->description, j->snap.imported_at };
	struct tsu_out o = TSU_OUT_INIT;
	int rc;

	if (!j->out)
		return tsu_export_write(&j->gr, j->metrics, &info, j->format,
					stdout, &j->err);
	if ((rc = tsu_out_open_path(&o, j->out, 0, &j->err)))
		return rc;
	rc = tsu_export_write(&j->gr, j->metrics, &info, j->format, o.fp,
			      &j->err);
	if (rc) {
		if (!j->err.file[0])
			snprintf(j->err.file, sizeof(j->err.file), "%s",
				 j->out);
		tsu_out_abort(&o);
		return rc;
	}
	return tsu_out_commit(&o, &j->err);
}

int cmd_export(int argc, char **argv)
{
	struct export_job j;
	int rc;

	memset(&j, 0, sizeof(j));
	if ((rc = parse(argc, argv, &j)) >= 0)
		return rc;
	j.db = cli_db_path(j.db);
	if (!(rc = cli_open_snapshot(j.db, TSU_STORE_READONLY, j.snapshot,
				     &j.st, &j.snap, &j.err)) &&
	    !(rc = tsu_graph_load(j.st, &j.snap, &j.gr, &j.err)) &&
	    !(rc = load_metrics(&j)))
		rc = write_out(&j);
	free(j.description);
	free(j.metrics);
	tsu_graph_release(&j.gr);
	tsu_snapshot_release(&j.snap);
	tsu_store_close(j.st);
	if (rc)
		return cli_fail("export", &j.err);
	return j.out ? TSU_EXIT_OK : cli_finish_stdout("export", TSU_EXIT_OK);
}
