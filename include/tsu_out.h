/*
 * tsu_out.h - output files written whole or not at all, and CSV cells that
 * stay text.
 *
 * A file is written to a temporary name in its folder (".NAME.XXXXXX") and
 * renamed over NAME by tsu_out_commit() (or tsu_out_close(), then
 * tsu_out_publish(), to rename a set of files only once all are written),
 * after fsync: a reader never sees half a file, and an old file stays
 * until the new one is complete.  Write errors (a full disk) are
 * remembered and reported by tsu_out_close()/commit(), which then remove
 * the temporary file.  After tsu_out_cleanup_on_signals(), SIGINT, SIGTERM
 * and SIGHUP remove the temporary files that are open (SIGKILL cannot).
 *
 * CSV: UTF-8 with a byte-order mark, so that Excel reads Japanese text
 * correctly; LF line ends; text cells always quoted (libcsv's csv_write);
 * numbers bare.  A text cell that starts with = + - @ TAB or CR would be run
 * as a formula by spreadsheet programs: it is written with a leading
 * apostrophe ('=SUM(A1) shows as =SUM(A1) in Excel and executes nothing).
 */
#ifndef TSU_OUT_H
#define TSU_OUT_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "tsu_error.h"
#include "tsu_text.h"

struct tsu_out {
	FILE *fp;
	char *path;	/* the final name */
	char *tmp;	/* the temporary name while open */
	int col;	/* cells written in the current row */
	int bad;	/* errno of the first failed write, else 0 */
	struct tsu_buf cell;	/* a quoted cell on its way out */
	struct tsu_buf *mem;	/* tsu_out_memory(): rows go here */
};
#define TSU_OUT_INIT { NULL, NULL, NULL, 0, 0, TSU_BUF_INIT, NULL }

/* Creates `dir` and its parents as needed (mode 0777 less the umask). */
int tsu_mkdir_p(const char *dir, struct tsu_error *err);

/*
 * Rows into memory: the cell functions append to `b` (a worker formats a
 * share of a file's rows; the parent writes them with tsu_out_write()).
 * ENOMEM shows in o->bad; tsu_out_abort() frees what `o` holds, not `b`.
 */
void tsu_out_memory(struct tsu_out *o, struct tsu_buf *b);

/* Opens DIR/NAME for writing (to a temporary file); `bom`: start with one. */
int tsu_out_open(struct tsu_out *o, const char *dir, const char *name,
		 int bom, struct tsu_error *err);

void tsu_out_header(struct tsu_out *o, const char *line);	/* + "\n" */
void tsu_out_text(struct tsu_out *o, const char *s);	/* NULL: empty */
void tsu_out_int(struct tsu_out *o, int64_t v);
void tsu_out_u64(struct tsu_out *o, uint64_t v);
void tsu_out_real(struct tsu_out *o, double d);	/* %.6g; NaN: empty */
void tsu_out_real_digits(struct tsu_out *o, double d, int digits);
/* A score in [0, 1]: six decimals, trailing zeros dropped ("0.25", "1");
   faster than %g.  Other values as tsu_out_real(). */
void tsu_out_unit(struct tsu_out *o, double d);
void tsu_out_end(struct tsu_out *o);		/* ends the row */
/* Raw bytes, for non-CSV files. */
void tsu_out_write(struct tsu_out *o, const void *p, size_t n);

/* tsu_out_open() of a path "DIR/NAME" (or "NAME"), DIR created if missing. */
int tsu_out_open_path(struct tsu_out *o, const char *path, int bom,
		      struct tsu_error *err);

/* Finishes the file and renames it into place; TSU_EIO on any failure. */
int tsu_out_commit(struct tsu_out *o, struct tsu_error *err);
/* The two halves of tsu_out_commit(): flush, fsync and close; rename. */
int tsu_out_close(struct tsu_out *o, struct tsu_error *err);
int tsu_out_publish(struct tsu_out *o, struct tsu_error *err);
/*
 * Renames a set of closed files into place, with SIGINT, SIGTERM and SIGHUP
 * held back, after checking that no final name is a folder: the set is
 * replaced whole unless a rename itself fails.
 */
int tsu_out_publish_all(struct tsu_out *o, int n, struct tsu_error *err);
/* Removes the temporary file, if any; a zeroed or finished `o` is fine. */
void tsu_out_abort(struct tsu_out *o);

/*
 * Lists (on = 1) or unlists a temporary file or folder of the caller's for
 * removal on SIGINT, SIGTERM and SIGHUP, as tsu_out's own: files are
 * removed first, then folders (which must be empty by then).  `path` must
 * stay valid while listed.
 */
void tsu_out_live(char *path, int on);

/*
 * Installs the handlers that remove open temporary files on a signal
 * (signals inherited as ignored stay ignored).
 */
void tsu_out_cleanup_on_signals(void);

/*
 * Holds SIGINT, SIGTERM and SIGHUP back (block = 1, the old mask saved),
 * or lets them through again (block = 0): around a set of renames, and
 * around fork().
 */
void tsu_out_block_signals(int block, sigset_t *saved);

#endif
