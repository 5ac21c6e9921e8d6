/*
 * csv.c - streaming CSV input over libcsv, with line numbers, hashing and
 * Shift_JIS conversion; see tsu_csv.h.
 */
#include "tsu_csv.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tsu_text.h"

struct tsu_csv {
	char *path;
	FILE *fp;
	iconv_t cd;		/* (iconv_t)-1 unless converting from CP932 */
	char sha256[2 * SHA256_DIGEST_SIZE + 1];
	const char *encoding;	/* static string */
	int skip_bom;		/* 1 until the BOM has been dropped */
	size_t max_cell;
	FILE *progress;		/* NULL: no progress display */
	long long size;		/* raw bytes in the file */
	long long done;		/* raw bytes read so far */
	time_t last_shown;

	/* CP932 input read but not yet converted (a character split by a read) */
	char raw[TSU_CSV_CHUNK];
	size_t raw_len;
	int raw_eof;
	long out_lines;		/* line breaks converted so far */

	/* the parse; fields and bytes of records not yet handed out */
	struct csv_parser p;
	int p_ready;
	long line;		/* physical line being fed, 1-based */
	struct tsu_buf data;
	struct tsu_csv_field *fields;
	size_t nfields, capfields;
	size_t rec_first;	/* first field of the record being read */
	size_t *ends;		/* one past the last field of each full record */
	size_t nends, capends;
	size_t nrecords;	/* records handed to the caller */

	/* the raw bytes hashed again as they are parsed: a file that changes
	   between the two reads is refused, not stored under the wrong hash */
	struct sha256_ctx reread;

	/* an error seen inside a libcsv callback, reported after csv_parse */
	int cb_code;		/* TSU_ELIMIT or TSU_ENOMEM */
	const char *cb_what;	/* which limit */
	long cb_line, cb_col;
};

/* --- opening: hash and encoding ----------------------------------------- */

/*
 * Signs that CP932 bytes p[0..n) (all of which iconv converted) are Japanese
 * rather than Latin-1 or Windows-1252 read as CP932: three double-byte
 * characters with a lead byte 0x81-0x9F (JIS symbols, full-width letters,
 * kana, level-1 kanji: as Latin-1 those bytes are C1 controls, and the
 * Windows-1252 quotes there are soon followed by a byte no CP932 trail can
 * be), or a run of three half-width katakana (Latin-1 capitals with accents
 * come one at a time).  Accented small letters only make level-2 kanji.
 */
static int japanese_evidence(const unsigned char *p, size_t n)
{
	size_t i = 0, level1 = 0, run = 0;

	while (i < n) {
		unsigned char b = p[i];

		if ((b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC)) {
			level1 += b <= 0x9F;
			run = 0;
			i += 2;
			continue;
		}
		run = b >= 0xA1 && b <= 0xDF ? run + 1 : 0;
		if (run >= 3 || level1 >= 3)
			return 1;
		i++;
	}
	return level1 >= 3;
}

/*
 * Decides whether the start of a file is Shift_JIS/CP932 rather than UTF-8.
 * Counts well-formed and malformed UTF-8 sequences: a UTF-8 file with one bad
 * byte still has far more good ones (and is reported as bad UTF-8 with its
 * line), while Shift_JIS Japanese text is nearly all malformed as UTF-8.  To
 * call it CP932 the bytes up to the first byte iconv refuses (if any; it is
 * then reported with its line) must show japanese_evidence(), so that a
 * Latin-1 or Windows-1252 file is not taken for CP932.
 */
static int looks_cp932(const unsigned char *p, size_t n, int complete)
{
	size_t i = 0, good = 0, bad = 0;
	iconv_t cd;
	char *out, *in, *o;
	size_t inleft, outleft;

	while (i < n) {
		size_t bad_at;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (tsu_utf8_check((const char *)p + i,
				   n - i < 4 ? n - i : 4, &bad_at, NULL, 0) == 0 ||
		    bad_at > 0) {
			good++;
			i += p[i] >= 0xF0 ? 4 : p[i] >= 0xE0 ? 3 : 2;
		} else {
			if (!complete && n - i < 4)
				break;	/* maybe cut by the window */
			bad++;
			i++;
		}
	}
	if (bad == 0 || good >= 2 * bad)
		return 0;
	cd = iconv_open("UTF-8", "CP932");
	out = malloc(3 * n + 16);
	if (cd == (iconv_t)-1 || !out) {
		if (cd != (iconv_t)-1)
			iconv_close(cd);
		free(out);
		return 0;
	}
	in = (char *)p;
	inleft = n;
	o = out;
	outleft = 3 * n + 16;
	iconv(cd, &in, &inleft, &o, &outleft);	/* stops at a bad byte */
	iconv_close(cd);
	free(out);
	return japanese_evidence(p, (size_t)((unsigned char *)in - p));
}

/*
 * Opens a regular file only: the file is read twice (hash, then parse), and
 * a FIFO must be refused, not waited on (hence O_NONBLOCK until checked).
 */
static int open_regular(struct tsu_csv *c, struct tsu_error *err)
{
	struct stat sb;
	int fd = open(c->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), flags;

	if (fd < 0)
		return tsu_error_set(err, TSU_EIO, c->path, 0, 0,
				     "cannot open: %s", strerror(errno));
	if (fstat(fd, &sb) < 0) {
		close(fd);
		return tsu_error_set(err, TSU_EIO, c->path, 0, 0,
				     "cannot read: %s", strerror(errno));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		if (S_ISDIR(sb.st_mode))
			return tsu_error_set(err, TSU_EIO, c->path, 0, 0,
					     "is a folder, not a file");
		return tsu_error_set(err, TSU_EINPUT, c->path, 0, 0,
				     "not a regular file (a pipe or device): "
				     "save the data to a file first");
	}
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ||
	    !(c->fp = fdopen(fd, "rb"))) {
		close(fd);
		return tsu_error_set(err, TSU_EIO, c->path, 0, 0,
				     "cannot open: %s", strerror(errno));
	}
	return TSU_OK;
}

/* The digest of `h` as lower-case hex into hex[0..64], NUL-terminated. */
static void digest_hex(struct sha256_ctx *h, char *hex)
{
	unsigned char digest[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_digest(h, sizeof(digest), digest);
	for (i = 0; i < sizeof(digest); i++)
		sprintf(hex + 2 * i, "%02x", digest[i]);
}

static int hash_file(struct tsu_csv *c, unsigned char *head, size_t *headlen,
		     struct tsu_error *err)
{
	struct sha256_ctx h;
	char buf[TSU_CSV_CHUNK];
	size_t n;

	sha256_init(&h);
	*headlen = 0;
	while ((n = fread(buf, 1, sizeof(buf), c->fp)) > 0) {
		sha256_update(&h, n, (const uint8_t *)buf);
		if (*headlen < TSU_CSV_CHUNK) {
			size_t k = TSU_CSV_CHUNK - *headlen;

			k = k < n ? k : n;
			memcpy(head + *headlen, buf, k);
			*headlen += k;
		}
		c->size += (long long)n;
	}
	if (ferror(c->fp))
		return tsu_error_set(err, TSU_EIO, c->path, 0, 0,
				     "cannot read: %s", strerror(errno));
	digest_hex(&h, c->sha256);
	if (fseek(c->fp, 0, SEEK_SET) != 0)
		return tsu_error_set(err, TSU_EIO, c->path, 0, 0,
				     "cannot read it twice: %s",
				     strerror(errno));
	return TSU_OK;
}

int tsu_csv_open(const char *path, size_t max_cell, FILE *progress,
		 struct tsu_csv **out, struct tsu_error *err)
{
	struct tsu_csv *c;
	unsigned char *head = NULL;
	size_t headlen;
	int rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	head = malloc(TSU_CSV_CHUNK);
	if (!c || !head || !(c->path = strdup(path))) {
		free(c);
		free(head);
		return tsu_error_set(err, TSU_ENOMEM, path, 0, 0,
				     "out of memory");
	}
	c->cd = (iconv_t)-1;
	c->max_cell = max_cell;
	c->progress = progress;
	c->encoding = "UTF-8";
	if ((rc = open_regular(c, err)) ||
	    (rc = hash_file(c, head, &headlen, err)))
		goto fail;
	if (memchr(head, '\r', headlen) && !memchr(head, '\n', headlen) &&
	    headlen > 0) {
		rc = tsu_error_set(err, TSU_EINPUT, path, 0, 0,
				   "lines end with CR only (the old Mac "
				   "format): save the file as \"CSV UTF-8\" "
				   "or with LF or CRLF line ends");
		goto fail;
	}
	if (headlen >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) {
		c->skip_bom = 1;
	} else if (looks_cp932(head, headlen, headlen == (size_t)c->size)) {
		c->cd = iconv_open("UTF-8", "CP932");
		if (c->cd == (iconv_t)-1) {
			rc = tsu_error_set(err, TSU_EINPUT, path, 0, 0,
					   "file is Shift_JIS (CP932) and this "
					   "system cannot convert it: save it "
					   "as \"CSV UTF-8\" in Excel");
			goto fail;
		}
		c->encoding = "CP932";
	}
	free(head);
	*out = c;
	return TSU_OK;
fail:
	free(head);
	tsu_csv_close(c);
	return rc;
}

void tsu_csv_close(struct tsu_csv *c)
{
	if (!c)
		return;
	if (c->fp)
		fclose(c->fp);
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	if (c->p_ready)
		csv_free(&c->p);
	tsu_buf_release(&c->data);
	free(c->fields);
	free(c->ends);
	free(c->path);
	free(c);
}

const char *tsu_csv_sha256(const struct tsu_csv *c)
{
	return c->sha256;
}

const char *tsu_csv_encoding(const struct tsu_csv *c)
{
	return c->encoding;
}

const char *tsu_csv_path(const struct tsu_csv *c)
{
	return c->path;
}

/* --- reading: raw bytes to UTF-8 ---------------------------------------- */

static int read_utf8(struct tsu_csv *c, char *out, size_t cap, size_t *got,
		     struct tsu_error *err)
{
	size_t n = fread(out, 1, cap, c->fp);

	if (ferror(c->fp))
		return tsu_error_set(err, TSU_EIO, c->path, 0, 0,
				     "cannot read: %s", strerror(errno));
	sha256_update(&c->reread, n, (const uint8_t *)out);
	c->done += (long long)n;
	if (c->skip_bom && n >= 3) {
		memmove(out, out + 3, n - 3);
		n -= 3;
		c->skip_bom = 0;
	}
	*got = n;
	return TSU_OK;
}

/* Converts buffered CP932 input; returns bytes produced in *got (0 at EOF). */
static int read_cp932(struct tsu_csv *c, char *out, size_t cap, size_t *got,
		      struct tsu_error *err)
{
	*got = 0;
	while (*got == 0) {
		char *in = c->raw, *o = out;
		size_t inleft, outleft = cap, r;

		if (!c->raw_eof && c->raw_len < sizeof(c->raw)) {
			size_t n = fread(c->raw + c->raw_len, 1,
					 sizeof(c->raw) - c->raw_len, c->fp);

			if (ferror(c->fp))
				return tsu_error_set(err, TSU_EIO, c->path, 0, 0,
						     "cannot read: %s",
						     strerror(errno));
			sha256_update(&c->reread, n,
				      (const uint8_t *)c->raw + c->raw_len);
			c->raw_eof = n == 0;
			c->raw_len += n;
			c->done += (long long)n;
		}
		if (c->raw_len == 0)
			return TSU_OK;	/* end of file */
		inleft = c->raw_len;
		r = iconv(c->cd, &in, &inleft, &o, &outleft);
		*got = (size_t)(o - out);
		if (r == (size_t)-1 && errno == EILSEQ)
			return tsu_error_set(
				err, TSU_EINPUT, c->path,
				c->out_lines + 1 + (long)tsu_count_newlines(out, *got), 0,
				"byte %02X is not valid Shift_JIS (CP932) here "
				"although the file starts as Shift_JIS: save "
				"it as \"CSV UTF-8\" in Excel",
				(unsigned char)*in);
		if (r == (size_t)-1 && errno == EINVAL && c->raw_eof)
			return tsu_error_set(err, TSU_EINPUT, c->path,
					     c->out_lines + 1, 0,
					     "file ends inside a Shift_JIS "
					     "character");
		memmove(c->raw, in, inleft);
		c->raw_len = inleft;
		c->out_lines += (long)tsu_count_newlines(out, *got);
	}
	return TSU_OK;
}

static void show_progress(struct tsu_csv *c, int last)
{
	time_t now;
	const char *base;

	if (!c->progress)
		return;
	if (last) {
		fprintf(c->progress, "\r%60s\r", "");
		fflush(c->progress);
		return;
	}
	now = time(NULL);
	if (now == c->last_shown)
		return;
	c->last_shown = now;
	base = strrchr(c->path, '/');
	fprintf(c->progress, "\rtsunagu: reading %s: %3d%%",
		base ? base + 1 : c->path,
		c->size ? (int)(100 * c->done / c->size) : 100);
	fflush(c->progress);
}

/* --- parsing ------------------------------------------------------------ */

/*
 * Which limit one more cell of `len` bytes would break, or NULL: the caps on
 * a cell, and on a record's cells and bytes, so that a line of a million
 * commas cannot take the memory either.
 */
static const char *over_limit(const struct tsu_csv *c, size_t len)
{
	size_t cells = c->nfields - c->rec_first;
	/* the record's bytes so far, without the NUL kept after each cell */
	size_t bytes = cells ? c->data.len - c->fields[c->rec_first].off - cells :
			       0;

	if (len > c->max_cell)
		return "cell";
	if (cells >= TSU_CSV_MAX_CELLS)
		return "cells";
	if (bytes + len > 4 * c->max_cell)
		return "record";
	return NULL;
}

static void on_field(void *s, size_t len, void *data)
{
	struct tsu_csv *c = data;
	long line = c->line - (long)tsu_count_newlines(s, len);
	struct tsu_csv_field *f;

	if (c->cb_code)
		return;
	if ((c->cb_what = over_limit(c, len)) != NULL) {
		c->cb_code = TSU_ELIMIT;
		c->cb_line = line;
		c->cb_col = (long)(c->nfields - c->rec_first + 1);
		return;
	}
	if (c->nfields == c->capfields) {
		size_t cap = c->capfields ? 2 * c->capfields : 64;

		f = realloc(c->fields, cap * sizeof(*f));
		if (!f) {
			c->cb_code = TSU_ENOMEM;
			return;
		}
		c->fields = f;
		c->capfields = cap;
	}
	f = &c->fields[c->nfields];
	f->off = c->data.len;
	f->len = len;
	f->line = line;
	if (tsu_buf_add(&c->data, s, len) < 0 ||
	    tsu_buf_add(&c->data, "", 1) < 0) {
		c->cb_code = TSU_ENOMEM;
		return;
	}
	c->nfields++;
}

static void on_record(int term, void *data)
{
	struct tsu_csv *c = data;

	(void)term;
	if (c->cb_code)
		return;
	if (c->nends == c->capends) {
		size_t cap = c->capends ? 2 * c->capends : 16;
		size_t *e = realloc(c->ends, cap * sizeof(*e));

		if (!e) {
			c->cb_code = TSU_ENOMEM;
			return;
		}
		c->ends = e;
		c->capends = cap;
	}
	c->ends[c->nends++] = c->nfields;
	c->rec_first = c->nfields;
}

static int callback_error(struct tsu_csv *c, struct tsu_error *err)
{
	if (c->cb_code == TSU_ELIMIT && strcmp(c->cb_what, "cells") == 0)
		return tsu_error_set(err, TSU_ELIMIT, c->path, c->cb_line,
				     c->cb_col,
				     "record has more than %d cells",
				     TSU_CSV_MAX_CELLS);
	if (c->cb_code == TSU_ELIMIT && strcmp(c->cb_what, "record") == 0)
		return tsu_error_set(err, TSU_ELIMIT, c->path, c->cb_line,
				     c->cb_col,
				     "record is larger than %zu bytes, four "
				     "times the cell limit (raise it with "
				     "--max-cell)",
				     4 * c->max_cell);
	if (c->cb_code == TSU_ELIMIT)
		return tsu_error_set(err, TSU_ELIMIT, c->path, c->cb_line,
				     c->cb_col,
				     "cell is larger than the limit of %zu "
				     "bytes (raise it with --max-cell)",
				     c->max_cell);
	if (c->cb_code)
		return tsu_error_set(err, c->cb_code, c->path, 0, 0,
				     "out of memory");
	return TSU_OK;
}

/* Line and column where the cell libcsv is still reading began. */
static void open_cell(const struct tsu_csv *c, long *line, long *col)
{
	*line = c->line - (long)tsu_count_newlines(c->p.entry_buf, c->p.entry_pos);
	*col = (long)(c->nfields - c->rec_first + 1);
}

static int parse_error(struct tsu_csv *c, struct tsu_error *err)
{
	long line, col;

	if (csv_error(&c->p) != CSV_EPARSE)
		return tsu_error_set(err, TSU_ENOMEM, c->path, 0, 0,
				     "out of memory");
	open_cell(c, &line, &col);
	if (!c->p.quoted)
		return tsu_error_set(err, TSU_EINPUT, c->path, c->line, col,
				     "stray '\"' in an unquoted cell (quote "
				     "the whole cell and double the '\"')");
	if (line != c->line)
		return tsu_error_set(err, TSU_EINPUT, c->path, line, col,
				     "unbalanced quote: the quoted cell that "
				     "opens here runs on to line %ld, where a "
				     "'\"' is followed by other text",
				     c->line);
	return tsu_error_set(err, TSU_EINPUT, c->path, line, col,
			     "unbalanced quote: a '\"' inside the quoted cell "
			     "is followed by other text (a missing closing "
			     "quote, or a quote not doubled)");
}

/* Hands complete records to fn, then keeps only the partial record. */
static int flush(struct tsu_csv *c, tsu_csv_record_fn fn, void *ctx,
		 struct tsu_error *err)
{
	size_t k, start = 0, nrem, boff, i;
	int rc;

	for (k = 0; k < c->nends; k++) {
		struct tsu_csv_record r;

		r.base = c->data.p;
		r.f = c->fields + start;
		r.n = c->ends[k] - start;
		r.line = r.n ? r.f[0].line : c->line;
		r.index = c->nrecords++;
		if ((rc = fn(ctx, &r, err)))
			return rc;
		start = c->ends[k];
	}
	c->nends = 0;
	if (start == 0)
		return TSU_OK;
	nrem = c->nfields - start;
	boff = nrem ? c->fields[start].off : c->data.len;
	memmove(c->data.p, c->data.p + boff, c->data.len - boff);
	c->data.len -= boff;
	memmove(c->fields, c->fields + start, nrem * sizeof(*c->fields));
	for (i = 0; i < nrem; i++)
		c->fields[i].off -= boff;
	c->nfields = nrem;
	c->rec_first -= start;
	return TSU_OK;
}

/*
 * Feeds one buffer to libcsv a line at a time, so that the line number is
 * known whenever libcsv reports a cell, and checks the cell being read
 * against the size limit after every piece.
 */
static int feed(struct tsu_csv *c, const char *buf, size_t n,
		tsu_csv_record_fn fn, void *ctx, struct tsu_error *err)
{
	size_t i = 0;
	int rc;

	while (i < n) {
		const char *nl = memchr(buf + i, '\n', n - i);
		size_t seg = nl ? (size_t)(nl - (buf + i)) + 1 : n - i;

		if (csv_parse(&c->p, buf + i, seg, on_field, on_record, c) !=
		    seg)
			return parse_error(c, err);
		if ((rc = callback_error(c, err)))
			return rc;
		if (c->p.entry_pos > c->max_cell) {
			long line, col;

			open_cell(c, &line, &col);
			return tsu_error_set(err, TSU_ELIMIT, c->path, line,
					     col,
					     "cell is larger than the limit of "
					     "%zu bytes (raise it with "
					     "--max-cell)",
					     c->max_cell);
		}
		if (nl)
			c->line++;
		if ((rc = flush(c, fn, ctx, err)))
			return rc;
		i += seg;
	}
	return TSU_OK;
}

/* The bytes parsed must be the bytes hashed when the file was opened. */
static int check_reread(struct tsu_csv *c, struct tsu_error *err)
{
	char hex[2 * SHA256_DIGEST_SIZE + 1];

	digest_hex(&c->reread, hex);
	if (strcmp(hex, c->sha256) != 0)
		return tsu_error_set(err, TSU_EIO, c->path, 0, 0,
				     "file changed while it was being read: "
				     "run again once it is saved");
	return TSU_OK;
}

int tsu_csv_read(struct tsu_csv *c, tsu_csv_record_fn fn, void *ctx,
		 struct tsu_error *err)
{
	char *buf = malloc(TSU_CSV_CHUNK);
	size_t n = 0;
	int rc = TSU_OK;

	if (!buf || csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI |
					    CSV_APPEND_NULL) != 0) {
		free(buf);
		return tsu_error_set(err, TSU_ENOMEM, c->path, 0, 0,
				     "out of memory");
	}
	c->p_ready = 1;
	csv_set_blk_size(&c->p, 4096);
	sha256_init(&c->reread);
	c->line = 1;
	for (;;) {
		rc = c->cd == (iconv_t)-1 ?
			     read_utf8(c, buf, TSU_CSV_CHUNK, &n, err) :
			     read_cp932(c, buf, TSU_CSV_CHUNK, &n, err);
		if (rc || n == 0)
			break;
		if ((rc = feed(c, buf, n, fn, ctx, err)))
			break;
		show_progress(c, 0);
	}
	show_progress(c, 1);
	free(buf);
	if (rc)
		return rc;
	if (csv_fini(&c->p, on_field, on_record, c) != 0) {
		long line, col;

		open_cell(c, &line, &col);
		return tsu_error_set(err, TSU_EINPUT, c->path, line, col,
				     "unbalanced quote: the quoted cell that "
				     "opens here is never closed");
	}
	if ((rc = callback_error(c, err)) || (rc = flush(c, fn, ctx, err)))
		return rc;
	return check_reread(c, err);
}
