/*
 * tsu_error.h - error codes, error details and exit status.
 *
 * Every module returns an `int` code from the list below (0 is success) and,
 * when the caller passes a `struct tsu_error *`, fills it with the detail a
 * person needs: which file, which line and column, and what is wrong.  Only
 * main() turns a code into an exit status (tsu_exit_status()).
 *
 * Codes from SQLite, libcsv, igraph and the C library are translated into
 * these at the module boundary; nothing above a module sees a foreign code.
 *
 * The detail struct is plain caller memory: TSU_ERROR_INIT clears it,
 * nothing in it needs freeing, and the first error recorded wins (a cleanup
 * path that fails later does not overwrite the original cause).
 */
#ifndef TSU_ERROR_H
#define TSU_ERROR_H

#include <stdio.h>

/*
 * X(name, exit status, description).  The exit statuses are documented in
 * README.md and in `tsunagu --help`; keep the three in step.
 */
#define TSU_ERRNO_MAP(X)                                                   \
	X(OK, 0, "success")                                                \
	X(EINPUT, 1, "bad input")                                          \
	X(EUSAGE, 2, "usage error")                                        \
	X(EIO, 3, "input/output error")                                    \
	X(ESTORE, 4, "store error")                                        \
	X(ENOMEM, 5, "out of memory")                                      \
	X(ELIMIT, 1, "input exceeds a limit")                              \
	X(EINTERNAL, 70, "internal error")

enum tsu_errcode {
#define TSU__ENUM(name, status, text) TSU_##name,
	TSU_ERRNO_MAP(TSU__ENUM)
#undef TSU__ENUM
	TSU__ERRCODE_COUNT
};

/* Exit statuses main() uses; a code maps to one of them. */
enum tsu_exit {
	TSU_EXIT_OK = 0,
	TSU_EXIT_INPUT = 1,	/* the data was refused; nothing was stored */
	TSU_EXIT_USAGE = 2,	/* bad command line */
	TSU_EXIT_IO = 3,	/* a file could not be read or written */
	TSU_EXIT_STORE = 4,	/* the SQLite store failed (locked, corrupt) */
	TSU_EXIT_NOMEM = 5,
	TSU_EXIT_INTERNAL = 70,
};

#define TSU_ERROR_MSG_MAX 320
#define TSU_ERROR_FILE_MAX 256

struct tsu_error {
	int code;			/* enum tsu_errcode, TSU_OK when clear */
	char file[TSU_ERROR_FILE_MAX];	/* file the problem is in, "" if none */
	long line;			/* 1-based physical line, 0 if none */
	long column;			/* 1-based CSV field number, 0 if none */
	char msg[TSU_ERROR_MSG_MAX];	/* lower case, no full stop */
};

#define TSU_ERROR_INIT { 0, "", 0, 0, "" }

const char *tsu_strerror(int code);
int tsu_exit_status(int code);

/*
 * Records an error in `err` (which may be NULL) unless one is already there,
 * and returns `code` so that callers can write `return tsu_error_set(...)`.
 * `file` may be NULL; `line` and `column` may be 0.
 */
int tsu_error_set(struct tsu_error *err, int code, const char *file,
		  long line, long column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Clears `err` so that it can be reused. */
void tsu_error_clear(struct tsu_error *err);

/* Records "out of memory" (TSU_ENOMEM) and returns TSU_ENOMEM. */
int tsu_error_oom(struct tsu_error *err);

/*
 * Prints `tsunagu: CMD: 'FILE':LINE:COLUMN: MESSAGE` (the parts that are
 * known) on one line to `fp`.
 */
void tsu_error_print(FILE *fp, const char *cmd, const struct tsu_error *err);

#endif
