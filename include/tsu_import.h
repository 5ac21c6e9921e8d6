/*
 * tsu_import.h - reads an organisation list (and optionally a ties file)
 * into the store, as one transaction.
 *
 * Input contract: ../shared/spec/input-format.md, summarised in README.md.
 * Parsing is streaming (libcsv, fed at most TSU_IMPORT_CHUNK bytes at a
 * time), so memory is bounded by the limits below and by the per-import
 * lookup tables (ids and tag spellings), not by the file size.
 *
 * Encoding: UTF-8, with or without a BOM.  A file whose start is not UTF-8
 * but reads as Shift_JIS/CP932 (what Japanese Excel saves) is converted on
 * the fly with iconv and a notice goes to the warning stream.
 *
 * Guarantees:
 *  - all or nothing: on any error the transaction is rolled back and the
 *    store is exactly as before;
 *  - the first error stops the import and is reported in `err` with the
 *    file, the physical line (counting line breaks inside quoted cells) and
 *    the 1-based column (field number) where it applies;
 *  - importing files whose contents equal the newest snapshot's changes
 *    nothing (res->unchanged is set);
 *  - warnings (unknown column, repeated item, self-partner, ...) never stop
 *    the import; the first few of each kind are printed, all are counted.
 */
#ifndef TSU_IMPORT_H
#define TSU_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "tsu_error.h"
#include "tsu_store.h"

#define TSU_IMPORT_CHUNK (64 * 1024)

/* Defaults of the adjustable limits; see README.md "Limits". */
#define TSU_DEFAULT_MAX_CELL (1024 * 1024)	/* bytes in one cell */
#define TSU_DEFAULT_MAX_ROWS 5000000		/* data rows in one file */
#define TSU_DEFAULT_MAX_ITEMS 500		/* items in one multi-valued cell */
#define TSU_DEFAULT_MAX_TAGS 1000		/* tags of one organisation, all
						   kinds together */
#define TSU_DEFAULT_MAX_INPUT ((size_t)4 << 30)	/* bytes of one input file */
#define TSU_DEFAULT_WARN_SHOWN 5		/* warnings printed per kind */

struct tsu_import_opts {
	const char *orgs_path;	/* required */
	const char *ties_path;	/* NULL: no ties file */
	size_t max_cell;
	size_t max_rows;
	size_t max_items;
	size_t max_tags;	/* distinct tags of one organisation */
	size_t max_input;	/* bytes of one input file */
	int warn_shown;		/* warnings printed per kind; the rest counted */
	FILE *warn;		/* notices and warnings; NULL discards them */
	int progress;		/* 1: show progress on `warn` (a terminal) */
};
#define TSU_IMPORT_OPTS_INIT                                               \
	{ NULL, NULL, TSU_DEFAULT_MAX_CELL, TSU_DEFAULT_MAX_ROWS,          \
	  TSU_DEFAULT_MAX_ITEMS, TSU_DEFAULT_MAX_TAGS,                      \
	  TSU_DEFAULT_MAX_INPUT, TSU_DEFAULT_WARN_SHOWN, NULL, 0 }

struct tsu_import_result {
	int64_t snapshot;	/* the new snapshot, or the unchanged newest one */
	int unchanged;		/* 1: the files equal the newest snapshot's */
	int64_t n_orgs;
	int64_t n_tie_rows;	/* rows read from the ties file */
	int64_t n_ties;		/* distinct tied pairs (ties file + partners) */
	int64_t n_links;	/* organisation-tag links */
	int64_t n_new_tags;	/* tags new to the vocabulary */
	int64_t n_warnings;
	int cp932;		/* 1: some input was converted from CP932 */
	int lang;		/* language the data was found to be in */
};

/*
 * Imports into `st`, which must be open read-write and not inside a
 * transaction.  Returns TSU_OK or an error code with `err` filled in; on
 * error nothing was written.  (A store file created just for a failed import
 * is the caller's to remove.)
 */
int tsu_import(struct tsu_store *st, const struct tsu_import_opts *opts,
	       struct tsu_import_result *res, struct tsu_error *err);

#endif
