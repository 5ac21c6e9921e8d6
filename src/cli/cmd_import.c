/* cmd_import.c - `tsunagu import ORGS.csv [--ties TIES.csv] [--db FILE]` */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tsu_import.h"
#include "tsu_store.h"

void cmd_import_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu import ORGS.csv [--ties TIES.csv] [--db FILE] "
		"[options]\n"
		"\n"
		"Reads an organisation list (and optionally a ties file) into "
		"the store as a\nnew snapshot.  The whole import is one "
		"transaction: on any error nothing is\nstored.  Importing the "
		"same files again changes nothing.\n"
		"\n"
		"ORGS.csv columns (English or Japanese names, any order): id, "
		"name, sector\n(required); fields, interests, offers, needs, "
		"area, lat, lon, partners.\nMulti-valued cells separate items "
		"with ';' or '；'.  UTF-8 (with or without a\nBOM); a Shift_JIS "
		"(CP932) file from Excel is converted.\n"
		"TIES.csv: source,target[,weight][,kind], one collaboration "
		"per row.\n"
		"\n"
		"Options:\n"
		"  -t, --ties FILE      existing collaborations\n"
		"  -d, --db FILE        the store (default: $TSUNAGU_DB, else "
		"./tsunagu.db)\n"
		"      --max-cell SIZE  largest cell accepted (default 1M; K, "
		"M, G suffixes)\n"
		"      --max-rows N     most rows accepted per file (default "
		"%d)\n"
		"      --max-items N    most items in one multi-valued cell "
		"(default %d)\n"
		"      --max-tags N     most tags of one organisation, all "
		"columns (default %d)\n"
		"      --max-input SIZE largest input file (default 4G)\n"
		"      --warnings N     warnings printed per kind (default %d; "
		"all are counted)\n"
		"  -q, --quiet          no progress, notices or warnings on "
		"stderr\n"
		"  -h, --help           show this help\n"
		"\n"
		"Errors name the file, line and column: "
		"'orgs.csv':42:3: unknown sector 'NGO'.\n"
		"Exit status: 0 imported or unchanged, 1 bad input, 2 usage, "
		"3 I/O error,\n4 store error.\n",
		TSU_DEFAULT_MAX_ROWS, TSU_DEFAULT_MAX_ITEMS,
		TSU_DEFAULT_MAX_TAGS, TSU_DEFAULT_WARN_SHOWN);
}

enum { OPT_MAX_CELL = 256, OPT_MAX_ROWS, OPT_MAX_ITEMS, OPT_MAX_TAGS,
       OPT_MAX_INPUT, OPT_WARNINGS };

static const struct option options[] = {
	{ "ties", required_argument, NULL, 't' },
	{ "db", required_argument, NULL, 'd' },
	{ "max-cell", required_argument, NULL, OPT_MAX_CELL },
	{ "max-rows", required_argument, NULL, OPT_MAX_ROWS },
	{ "max-items", required_argument, NULL, OPT_MAX_ITEMS },
	{ "max-tags", required_argument, NULL, OPT_MAX_TAGS },
	{ "max-input", required_argument, NULL, OPT_MAX_INPUT },
	{ "warnings", required_argument, NULL, OPT_WARNINGS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_options(int argc, char **argv, struct tsu_import_opts *o,
			 const char **db)
{
	int c;
	size_t n;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "t:d:qh", options, NULL)) != -1) {
		switch (c) {
		case 't':
			o->ties_path = optarg;
			break;
		case 'd':
			*db = optarg;
			break;
		case 'q':
			o->warn = NULL;
			break;
		case 'h':
			cmd_import_usage(stdout);
			return -1;
		case OPT_MAX_CELL:
		case OPT_MAX_ROWS:
		case OPT_MAX_ITEMS:
		case OPT_MAX_TAGS:
		case OPT_MAX_INPUT:
		case OPT_WARNINGS:
			if (cli_parse_size(optarg, &n) < 0)
				return cli_usage_error("import",
						       "'%s' is not a positive "
						       "number", optarg);
			if (c == OPT_MAX_CELL)
				o->max_cell = n;
			else if (c == OPT_MAX_ROWS)
				o->max_rows = n > 0xFFFFFFF0u ? 0xFFFFFFF0u : n;
			else if (c == OPT_MAX_ITEMS)
				o->max_items = n;
			else if (c == OPT_MAX_TAGS)
				o->max_tags = n;
			else if (c == OPT_MAX_INPUT)
				o->max_input = n;
			else
				o->warn_shown = (int)(n > 1000000 ? 1000000 : n);
			break;
		default:
			return cli_usage_error("import", "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("import", "name the organisation list "
						 "to import");
	if (optind + 1 < argc)
		return cli_usage_error("import", "one organisation list at a "
						 "time (use --ties for ties)");
	o->orgs_path = argv[optind];
	return 0;
}

static void report(const struct tsu_import_opts *o,
		   const struct tsu_import_result *r, const char *db)
{
	if (r->unchanged) {
		printf("unchanged: '%s'%s%s%s is the same as snapshot %lld "
		       "in '%s'; nothing to do\n",
		       o->orgs_path, o->ties_path ? " with '" : "",
		       o->ties_path ? o->ties_path : "",
		       o->ties_path ? "'" : "", (long long)r->snapshot, db);
		return;
	}
	printf("imported snapshot %lld into '%s': %lld organisations, %lld "
	       "tied pairs (%lld rows from the ties file), %lld tag links, "
	       "%lld new tags",
	       (long long)r->snapshot, db, (long long)r->n_orgs,
	       (long long)r->n_ties, (long long)r->n_tie_rows,
	       (long long)r->n_links, (long long)r->n_new_tags);
	if (r->n_warnings)
		printf(", %lld warnings", (long long)r->n_warnings);
	printf("\n");
}

int cmd_import(int argc, char **argv)
{
	struct tsu_import_opts o = TSU_IMPORT_OPTS_INIT;
	struct tsu_import_result res;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_store *st = NULL;
	const char *db = NULL;
	int rc, created = 0;

	o.warn = stderr;
	if ((rc = parse_options(argc, argv, &o, &db)) != 0)
		return rc < 0 ? cli_finish_stdout("import", TSU_EXIT_OK) : rc;
	db = cli_db_path(db);
	o.progress = o.warn && isatty(fileno(stderr));
	if ((rc = tsu_store_open(db, 0, &st, &created, &err)))
		return cli_fail("import", &err);
	rc = tsu_import(st, &o, &res, &err);
	if (rc && created)
		tsu_store_discard_new(st);	/* leave no empty store behind */
	tsu_store_close(st);
	if (rc)
		return cli_fail("import", &err);
	report(&o, &res, db);
	return cli_finish_stdout("import", TSU_EXIT_OK);
}
