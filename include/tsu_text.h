/*
 * tsu_text.h - UTF-8 text helpers shared by every stage.
 *
 * The engine keeps text as UTF-8 byte strings with explicit lengths, the way
 * libcsv hands cells over.  Comparison of tags, sectors and column names is
 * always done on the *folded* form: Unicode NFKC (so ＮＰＯ and NPO, full-width
 * and half-width digits, U+3000 and ASCII space become one) followed by case
 * folding, with surrounding white space removed and inner runs of white space
 * collapsed to one ASCII space.  Folding uses utf8proc.  The original spelling
 * is never thrown away by these helpers; callers keep it for display.
 *
 * Memory: functions that return `char *` return malloc'd, NUL-terminated
 * strings the caller frees; `struct tsu_buf` owns its bytes until
 * tsu_buf_release().
 */
#ifndef TSU_TEXT_H
#define TSU_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer, always NUL-terminated once anything is added. */
struct tsu_buf {
	char *p;	/* NULL until the first append */
	size_t len;	/* bytes in use, excluding the terminating NUL */
	size_t cap;	/* bytes allocated */
};
#define TSU_BUF_INIT { NULL, 0, 0 }

int tsu_buf_grow(struct tsu_buf *b, size_t extra);	/* 0 or -1 on ENOMEM */
int tsu_buf_add(struct tsu_buf *b, const void *p, size_t n);
int tsu_buf_addstr(struct tsu_buf *b, const char *s);
void tsu_buf_reset(struct tsu_buf *b);			/* len = 0, keeps memory */
void tsu_buf_release(struct tsu_buf *b);

/*
 * Checks that s[0..n) is well-formed UTF-8 without NUL bytes.  Returns 0 if
 * so; otherwise -1, with the byte offset of the first bad byte in *bad_at and
 * a short description ("truncated sequence E3 81", "NUL byte") written to
 * why[0..whylen).  Either output may be NULL.
 */
int tsu_utf8_check(const char *s, size_t n, size_t *bad_at, char *why,
		   size_t whylen);

/* Number of '\n' bytes in s[0..n): the physical lines a cell spans, less one. */
size_t tsu_count_newlines(const void *s, size_t n);

/* Number of code points in well-formed UTF-8 s[0..n). */
size_t tsu_utf8_len(const char *s, size_t n);

/*
 * Trims Unicode white space (the space separators such as U+3000 and
 * U+00A0, tab, CR, LF, U+2028/2029, BOM) from both ends of s[0..*n):
 * returns the new start, updates *n.
 */
const char *tsu_trim(const char *s, size_t *n);

/*
 * The folded form of s[0..n) (see above): malloc'd, NUL-terminated, with its
 * length in *outlen when outlen is not NULL.  NULL on invalid UTF-8 or ENOMEM.
 */
char *tsu_fold(const char *s, size_t n, size_t *outlen);

/*
 * NFKC without case folding, trimmed: for ids and numbers, where case
 * matters but a full-width "１２" must read as "12".  Same ownership as
 * tsu_fold().
 */
char *tsu_nfkc(const char *s, size_t n, size_t *outlen);

/* 1 if s[0..n) holds any non-ASCII byte. */
int tsu_has_nonascii(const char *s, size_t n);

/* 1 if s[0..n) holds kana or CJK ideographs (a sign of Japanese text). */
int tsu_has_japanese(const char *s, size_t n);

/*
 * Iterates the items of a multi-valued cell: separated by ';' or the
 * full-width '；' (U+FF1B), each trimmed, empty ones skipped.  '・' and ','
 * are part of an item.
 *
 *	struct tsu_items it;
 *	tsu_items_init(&it, cell, len);
 *	while (tsu_items_next(&it, &item, &itemlen)) ...
 */
struct tsu_items {
	const char *p;	/* next byte to look at */
	const char *end;
};
void tsu_items_init(struct tsu_items *it, const char *s, size_t n);
int tsu_items_next(struct tsu_items *it, const char **item, size_t *len);

/*
 * Parses a decimal number (after NFKC, so full-width digits work; leading
 * and trailing space allowed).  Returns 0 and stores it in *out, or -1 when
 * the text is not one finite number.
 */
int tsu_parse_number(const char *s, size_t n, double *out);

/* Columns s[0..n) takes on a terminal: East Asian wide characters take 2. */
size_t tsu_display_width(const char *s, size_t n);

/*
 * Writes a short, printable excerpt of s[0..n) to dst for use in messages:
 * at most `maxchars` code points (then "…"), control characters (C0, C1,
 * bidirectional overrides, line separators) shown as '?', never cut inside
 * a UTF-8 sequence.  Always NUL-terminates dst.  Every piece of text from
 * the data that goes to a terminal goes through here.
 */
void tsu_excerpt(char *dst, size_t dstlen, const char *s, size_t n,
		 size_t maxchars);

#endif
