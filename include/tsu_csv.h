/*
 * tsu_csv.h - streaming CSV input with line numbers and encoding handling.
 *
 * Every CSV the engine reads (organisations, ties, and later pair lists and
 * feedback) goes through here.  libcsv does the parsing, in strict RFC 4180
 * mode; this layer adds what libcsv leaves to its caller:
 *
 *  - the physical line where each cell starts (line breaks inside quoted
 *    cells counted), and its field number, for FILE:LINE:COLUMN errors;
 *  - a SHA-256 of the raw bytes, computed when the file is opened, so an
 *    import can tell an unchanged file without parsing it;
 *  - the encoding: a UTF-8 BOM is skipped; a file that does not start as
 *    UTF-8 but reads as Shift_JIS/CP932 is converted through iconv;
 *  - bounded memory: input is fed to libcsv in pieces of at most
 *    TSU_CSV_CHUNK bytes, and a cell longer than `max_cell` bytes, a record
 *    of more than TSU_CSV_MAX_CELLS cells or of more than 4 * max_cell
 *    bytes stops the read (TSU_ELIMIT) before it is buffered further;
 *  - only regular files (they are read twice), and the bytes parsed must
 *    hash to what they hashed to when opened.
 *
 * Records are handed to a callback one at a time; the record and its cells
 * are only valid during the call.  Cells are NUL-terminated but are not
 * checked here for UTF-8 or NUL bytes: that is the caller's validation
 * (see tsu_utf8_check()), so it can name the column.
 */
#ifndef TSU_CSV_H
#define TSU_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "tsu_error.h"

#define TSU_CSV_CHUNK (64 * 1024)
#define TSU_CSV_MAX_CELLS 4096	/* cells in one record */

struct tsu_csv_field {
	size_t off;	/* offset of the cell in the record's `base` */
	size_t len;	/* bytes, without the terminating NUL */
	long line;	/* physical line the cell starts on */
};

struct tsu_csv_record {
	const char *base;
	const struct tsu_csv_field *f;
	size_t n;		/* number of cells */
	long line;		/* line of the first cell */
	size_t index;		/* 0 for the first record (the header) */
};

static inline const char *tsu_csv_cell(const struct tsu_csv_record *r,
				       size_t i, size_t *len)
{
	*len = r->f[i].len;
	return r->base + r->f[i].off;
}

struct tsu_csv;	/* an open input, opaque */

/*
 * Opens `path` (the name used in messages too), hashes it and settles its
 * encoding.  `max_cell` caps one cell in bytes.  `progress`, when not
 * NULL, receives a percentage line now and then (pass a terminal only).
 */
int tsu_csv_open(const char *path, size_t max_cell, FILE *progress,
		 struct tsu_csv **out, struct tsu_error *err);
void tsu_csv_close(struct tsu_csv *c);	/* NULL is fine */

const char *tsu_csv_sha256(const struct tsu_csv *c);	/* 64 hex digits */
const char *tsu_csv_encoding(const struct tsu_csv *c);	/* "UTF-8", "CP932" */
const char *tsu_csv_path(const struct tsu_csv *c);

/*
 * Reads every record, calling fn(ctx, record, err) for each; a non-zero
 * return from fn stops the read and is returned.  Parse errors (a quote not
 * closed, a stray quote, a cell over the limit) are reported with their
 * line and column.  Call once per open.
 */
typedef int (*tsu_csv_record_fn)(void *ctx, const struct tsu_csv_record *r,
				 struct tsu_error *err);
int tsu_csv_read(struct tsu_csv *c, tsu_csv_record_fn fn, void *ctx,
		 struct tsu_error *err);

#endif
