/*
 * import.c - organisation list and ties into the store; see tsu_import.h.
 *
 * The flow: open both files (hash, encoding) -> stop early if they equal the
 * newest snapshot -> BEGIN -> organisations, record by record: validate,
 * insert the organisation, its tags and extra cells, remember its partners
 * -> resolve the partners cells -> ties file, row by row -> partner pairs
 * that no ties row states -> counts -> COMMIT.  Any error rolls back.
 */
#include "tsu_import.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tsu_csv.h"
#include "tsu_map.h"
#include "tsu_model.h"
#include "tsu_text.h"

#define MAX_ID_CHARS 64

enum role {
	R_ID, R_NAME, R_SECTOR, R_FIELDS, R_INTERESTS, R_OFFERS, R_NEEDS,
	R_AREA, R_LAT, R_LON, R_PARTNERS, R_COUNT
};

/* Column names after tsu_fold(), '|'-separated; the first is canonical. */
static const char *const org_columns[R_COUNT] = {
	[R_ID] = "id|団体id|番号",
	[R_NAME] = "name|団体名|名称|組織名",
	[R_SECTOR] = "sector|種別|セクター|主体",
	[R_FIELDS] = "fields|活動分野|分野",
	[R_INTERESTS] = "interests|関心|関心テーマ",
	[R_OFFERS] = "offers|resources|できること|提供できること|資源",
	[R_NEEDS] = "needs|困りごと|求めること|ニーズ",
	[R_AREA] = "area|地域|区|市区町村",
	[R_LAT] = "lat|緯度",
	[R_LON] = "lon|経度",
	[R_PARTNERS] = "partners|協働先|連携先",
};

static const int tag_roles[TSU_TAG_KIND_COUNT] = {
	[TSU_TAG_FIELD] = R_FIELDS,
	[TSU_TAG_INTEREST] = R_INTERESTS,
	[TSU_TAG_OFFER] = R_OFFERS,
	[TSU_TAG_NEED] = R_NEEDS,
};

enum tie_role { T_SOURCE, T_TARGET, T_WEIGHT, T_KIND, T_COUNT };

static const char *const tie_columns[T_COUNT] = {
	[T_SOURCE] = "source|from|元|連携元|団体1",
	[T_TARGET] = "target|to|先|連携先|相手|団体2",
	[T_WEIGHT] = "weight|重み|強さ",
	[T_KIND] = "kind|type|種類|種別|内容",
};

enum warn_kind { W_COLUMN, W_REPEATED, W_SELF, W_COUNT };

static const char *const warn_names[W_COUNT] = {
	"unknown column", "repeated item", "self-tie",
};

/* A partner named in an organisation's partners cell. */
struct partner_ref {
	size_t from;		/* index of the naming organisation */
	size_t key_off;		/* the named id, in import.ref_keys */
	size_t key_len;
	long line, col;
};

/* A tied pair of organisation indexes, lower index in the high half. */
struct pair {
	uint64_t key;
	long line;
};

struct import {
	struct tsu_store *st;
	const struct tsu_import_opts *o;
	struct tsu_import_result *res;
	int64_t snapshot;
	int64_t first_id;	/* store id of the organisation numbered 0 */
	const char *file;	/* file being read, for messages */

	/* the organisations file's header */
	size_t ncols;
	int *role;		/* per column: enum role, -1 for an extra one */
	char **colname;		/* per column: the header cell, trimmed, made
				   unique ("備考 #12") for the extra cells */
	char **colshow;		/* per column: a printable excerpt of it */
	int col_of[R_COUNT];	/* per role: its column, -1 if absent */
	int header_ja;		/* the header is in Japanese */

	/* organisations read so far */
	struct tsu_map ids;	/* id (NFKC) -> index */
	long *lines;		/* per index: the line of its record */
	size_t norgs, caplines;
	size_t n_ja_names;

	/* tags: kind byte + text -> tag id */
	struct tsu_map raw_tags;	/* spelling -> id << 1 | differs */
	struct tsu_map norm_tags;	/* folded form -> id */
	struct tsu_buf key;		/* scratch for map keys */
	struct tsu_map sectors;		/* sector cell as written -> sector */
	struct tsu_map area_ix;		/* area cell as written -> areas[i] */
	char **areas;			/* areas after NFKC, owned */
	size_t nareas, capareas;
	int64_t *org_tags;		/* the current organisation's tags */
	size_t *org_spell;		/* their spellings' offsets in spell, or -1 */
	struct tsu_buf spell;		/* spellings that differ from labels */
	const char **spellings;		/* org_spell resolved, for the store */
	size_t n_org_tags, cap_org_tags, cap_org_spell, cap_spellings;

	struct partner_ref *refs;
	size_t nrefs, caprefs;
	struct tsu_buf ref_keys;
	struct pair *ppairs, *tpairs;	/* from partners cells, ties file */
	size_t nppairs, capppairs, ntpairs, captpairs;

	/* the ties file's columns */
	int tcol[T_COUNT];
	size_t tncols;

	long warned[W_COUNT];
};

/* --- messages ----------------------------------------------------------- */

static void warn(struct import *im, int kind, long line, long col,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void warn(struct import *im, int kind, long line, long col,
		 const char *fmt, ...)
{
	va_list ap;

	im->res->n_warnings++;
	if (!im->o->warn || im->warned[kind]++ >= im->o->warn_shown)
		return;
	fprintf(im->o->warn, "tsunagu: import: warning: '%s':", im->file);
	if (line > 0)
		fprintf(im->o->warn, "%ld:", line);
	if (line > 0 && col > 0)
		fprintf(im->o->warn, "%ld:", col);
	fputc(' ', im->o->warn);
	va_start(ap, fmt);
	vfprintf(im->o->warn, fmt, ap);
	va_end(ap);
	fputc('\n', im->o->warn);
}

static void warn_totals(struct import *im)
{
	int k;

	for (k = 0; k < W_COUNT; k++)
		if (im->o->warn && im->warned[k] > im->o->warn_shown)
			fprintf(im->o->warn,
				"tsunagu: import: warning: %ld more '%s' "
				"warnings not shown\n",
				im->warned[k] - im->o->warn_shown,
				warn_names[k]);
}

/* An error about cell `col` (0-based) of record `r`. */
static int cell_error(struct import *im, const struct tsu_csv_record *r,
		      size_t col, int code, struct tsu_error *err,
		      const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int cell_error(struct import *im, const struct tsu_csv_record *r,
		      size_t col, int code, struct tsu_error *err,
		      const char *fmt, ...)
{
	char msg[TSU_ERROR_MSG_MAX];
	va_list ap;
	long line = col < r->n ? r->f[col].line : r->line;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return tsu_error_set(err, code, im->file, line, (long)col + 1, "%s",
			     msg);
}

static int nomem(struct import *im, struct tsu_error *err)
{
	return tsu_error_set(err, TSU_ENOMEM, im->file, 0, 0, "out of memory");
}

#define EXCERPT(buf, s, n) tsu_excerpt(buf, sizeof(buf), s, n, 40)

/* --- helpers ------------------------------------------------------------ */

/* 1 if the folded text is one of the '|'-separated names. */
static int name_matches(const char *folded, const char *names)
{
	size_t n = strlen(folded);

	while (*names) {
		const char *bar = strchr(names, '|');
		size_t len = bar ? (size_t)(bar - names) : strlen(names);

		if (len == n && memcmp(folded, names, n) == 0)
			return 1;
		names += len + (bar != NULL);
	}
	return 0;
}

static int match_column(const char *const *table, int count, const char *folded)
{
	int i;

	for (i = 0; i < count; i++)
		if (name_matches(folded, table[i]))
			return i;
	return -1;
}

/* The canonical name of a role: the first of its names. */
static void canonical(char *dst, size_t n, const char *names)
{
	size_t len = strcspn(names, "|");

	snprintf(dst, n, "%.*s", (int)len, names);
}

/* An id as stored and compared: NFKC, trimmed, inner spaces collapsed. */
static char *id_key(const char *s, size_t n, size_t *outlen)
{
	return tsu_nfkc(s, n, outlen);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n;
	void *q;

	if (need <= *cap)
		return 0;
	n = *cap ? *cap : 64;
	while (n < need)
		n *= 2;
	q = realloc(*p, n * size);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

/* Every cell must be well-formed UTF-8 with no NUL byte. */
static int check_cells(struct import *im, const struct tsu_csv_record *r,
		       struct tsu_error *err)
{
	size_t i, bad;
	char why[64];

	for (i = 0; i < r->n; i++) {
		size_t len;
		const char *s = tsu_csv_cell(r, i, &len);

		if (tsu_utf8_check(s, len, &bad, why, sizeof(why)) < 0) {
			size_t chars = tsu_utf8_len(s, bad);

			return cell_error(im, r, i, TSU_EINPUT, err,
					  "%s after the first %zu characters "
					  "of the cell%s",
					  why, chars,
					  strcmp(why, "NUL byte") == 0 ? "" :
					  " (invalid UTF-8: save the file "
					  "as \"CSV UTF-8\")");
		}
	}
	return TSU_OK;
}

static int record_blank(const struct tsu_csv_record *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		size_t len;
		const char *s = tsu_csv_cell(r, i, &len);

		tsu_trim(s, &len);
		if (len)
			return 0;
	}
	return 1;
}

/*
 * A record whose cell count differs from the header's, reported where the
 * count goes wrong: the first extra cell, or the last cell present.  A
 * quoted cell holding a line break followed by a comma is the likely cause
 * (an opening quote closed a row too late), so it is named instead.
 */
static int count_error(struct import *im, const struct tsu_csv_record *r,
		       size_t ncols, struct tsu_error *err)
{
	size_t i, col = r->n > ncols ? ncols : r->n - 1;

	for (i = 0; i < r->n; i++) {
		const char *cell = r->base + r->f[i].off;
		const char *nl = memchr(cell, '\n', r->f[i].len);
		long lines;

		if (!nl || !memchr(nl, ',', r->f[i].len - (size_t)(nl - cell)))
			continue;
		lines = (long)tsu_count_newlines(cell, r->f[i].len);
		return cell_error(im, r, i, TSU_EINPUT, err,
				  "record has %zu cells but the header has %zu;"
				  " this cell runs from line %ld to %ld: is a "
				  "quote unbalanced?",
				  r->n, ncols, r->f[i].line, r->f[i].line + lines);
	}
	return cell_error(im, r, col, TSU_EINPUT, err,
			  "record has %zu cells but the header has %zu",
			  r->n, ncols);
}

/* --- the organisations file --------------------------------------------- */

/*
 * 1 if `name` is the stored name of an earlier column or, when `any_header`,
 * the header of any other column (a made-up name must not take a name a
 * later column has as its own).
 */
static int name_taken(const struct import *im, const struct tsu_csv_record *r,
		      size_t i, const char *name, int any_header)
{
	size_t k, len = strlen(name);

	for (k = 0; k < r->n; k++) {
		size_t n;
		const char *s = tsu_csv_cell(r, k, &n);

		s = tsu_trim(s, &n);
		if ((k < i && strcmp(im->colname[k], name) == 0) ||
		    (any_header && k != i && n == len &&
		     memcmp(s, name, len) == 0))
			return 1;
	}
	return 0;
}

/*
 * Names column i after its header cell: colname for storing its cells (a
 * name an earlier column has gets " #N", N its column number, and more if
 * that too is taken, so no cell is lost) and colshow for messages.
 */
static int name_column(struct import *im, const struct tsu_csv_record *r,
		       size_t i, const char *s, size_t len)
{
	char show[160], *name;
	size_t n = len + 48, k;

	EXCERPT(show, s, len);
	if (!(im->colshow[i] = strdup(show)) || !(name = malloc(n)))
		return -1;
	snprintf(name, n, "%.*s", (int)len, s);
	for (k = 0; name_taken(im, r, i, name, k > 0); k++)
		snprintf(name, n, "%.*s #%zu%s%.0zu", (int)len, s, i + 1,
			 k ? "." : "", k);
	im->colname[i] = name;
	return 0;
}

static int org_header(struct import *im, const struct tsu_csv_record *r,
		      struct tsu_error *err)
{
	size_t i;
	int rc, role;
	char name[64];

	if ((rc = check_cells(im, r, err)))
		return rc;
	im->ncols = r->n;
	im->role = calloc(r->n, sizeof(*im->role));
	im->colname = calloc(r->n, sizeof(*im->colname));
	im->colshow = calloc(r->n, sizeof(*im->colshow));
	if (!im->role || !im->colname || !im->colshow)
		return nomem(im, err);
	for (role = 0; role < R_COUNT; role++)
		im->col_of[role] = -1;
	for (i = 0; i < r->n; i++) {
		size_t len;
		const char *s = tsu_csv_cell(r, i, &len);
		char *folded = tsu_fold(s, len, NULL);

		s = tsu_trim(s, &len);
		if (!folded || name_column(im, r, i, s, len) < 0) {
			free(folded);
			return nomem(im, err);
		}
		role = match_column(org_columns, R_COUNT, folded);
		free(folded);
		im->role[i] = role;
		if (tsu_has_japanese(s, len))
			im->header_ja = 1;
		if (role < 0) {
			warn(im, W_COLUMN, r->f[i].line, (long)i + 1,
			     "unknown column '%s': its cells are kept as extra "
			     "data", im->colshow[i]);
			continue;
		}
		if (im->col_of[role] >= 0)
			return cell_error(im, r, i, TSU_EINPUT, err,
					  "column '%s' means the same as column "
					  "%d '%s'",
					  im->colshow[i], im->col_of[role] + 1,
					  im->colshow[im->col_of[role]]);
		im->col_of[role] = (int)i;
	}
	for (role = R_ID; role <= R_SECTOR; role++) {
		if (im->col_of[role] >= 0)
			continue;
		char names[160], *bar;

		canonical(name, sizeof(name), org_columns[role]);
		snprintf(names, sizeof(names), "%s", org_columns[role]);
		while ((bar = strchr(names, '|')) != NULL)
			*bar = '/';
		return tsu_error_set(err, TSU_EINPUT, im->file, r->line, 0,
				     "required column '%s' is missing from the "
				     "header (it may be called %s)",
				     name, names);
	}
	if ((im->col_of[R_LAT] >= 0) != (im->col_of[R_LON] >= 0))
		return tsu_error_set(err, TSU_EINPUT, im->file, r->line, 0,
				     "the header has one of the columns lat "
				     "and lon but not the other");
	return TSU_OK;
}

/* The trimmed cell in column `col`; "" when col < 0 or the row lacks it. */
static const char *cell_at(const struct tsu_csv_record *r, int col,
			   size_t *len)
{
	const char *s;

	if (col < 0 || (size_t)col >= r->n) {
		*len = 0;
		return "";
	}
	s = tsu_csv_cell(r, (size_t)col, len);
	return tsu_trim(s, len);
}

static const char *role_cell(const struct import *im,
			     const struct tsu_csv_record *r, int role,
			     size_t *len)
{
	return cell_at(r, im->col_of[role], len);
}

/* Sets im->key to the map key of a tag: its kind's letter, then the text. */
static int tag_key(struct import *im, int kind, const char *s, size_t len)
{
	tsu_buf_reset(&im->key);
	if (tsu_buf_add(&im->key, &"FION"[kind], 1) < 0 ||
	    tsu_buf_add(&im->key, s, len) < 0)
		return -1;
	return 0;
}

/*
 * Looks up or adds the tag for one item; *differs: spelling != label.
 * *id is -1 for an item that folds to nothing (it is dropped).
 */
static int tag_id(struct import *im, int kind, const char *item, size_t len,
		  int64_t *id, int *differs, struct tsu_error *err)
{
	int64_t v;
	char *norm, *label = NULL;
	size_t nlen;
	int rc = TSU_OK;

	if (tag_key(im, kind, item, len) < 0)
		return nomem(im, err);
	if (tsu_map_get(&im->raw_tags, im->key.p, im->key.len, &v)) {
		*id = v >> 1;
		*differs = (int)(v & 1);
		return TSU_OK;
	}
	if (!(norm = tsu_fold(item, len, &nlen)))
		return nomem(im, err);
	*id = -1;	/* an item with nothing left after folding is dropped */
	*differs = 1;
	if (!nlen)
		goto out;
	if (tag_key(im, kind, norm, nlen) < 0) {
		rc = nomem(im, err);
		goto out;
	}
	if (!tsu_map_get(&im->norm_tags, im->key.p, im->key.len, id)) {
		if (!(label = strndup(item, len))) {
			rc = nomem(im, err);
			goto out;
		}
		if ((rc = tsu_store_add_tag(im->st, kind, norm, label, id, err)))
			goto out;
		if (tsu_map_put(&im->norm_tags, im->key.p, im->key.len, *id) < 0) {
			rc = nomem(im, err);
			goto out;
		}
		im->res->n_new_tags++;
		*differs = 0;
	}
	/* remember this spelling; im->key holds it again for the caller */
	if (tag_key(im, kind, item, len) < 0 ||
	    tsu_map_put(&im->raw_tags, im->key.p, im->key.len,
			*id << 1 | *differs) < 0)
		rc = nomem(im, err);
out:
	free(norm);
	free(label);
	return rc;
}

/*
 * Remembers a link of the current organisation; its spelling is in im->key
 * (kind byte + spelling) and is kept only when it differs from the label.
 */
static int keep_link(struct import *im, int64_t id, int differs,
		     struct tsu_error *err)
{
	size_t n = im->n_org_tags;

	if (grow((void **)&im->org_tags, &im->cap_org_tags, n + 1,
		 sizeof(*im->org_tags)) < 0 ||
	    grow((void **)&im->org_spell, &im->cap_org_spell, n + 1,
		 sizeof(*im->org_spell)) < 0)
		return nomem(im, err);
	im->org_tags[n] = id;
	im->org_spell[n] = (size_t)-1;
	if (differs) {
		im->org_spell[n] = im->spell.len;
		if (tsu_buf_add(&im->spell, im->key.p + 1, im->key.len) < 0)
			return nomem(im, err);	/* with its NUL */
	}
	im->n_org_tags++;
	return TSU_OK;
}

/* Writes the current organisation's links in one go. */
static int write_links(struct import *im, int64_t org, struct tsu_error *err)
{
	size_t i, n = im->n_org_tags;

	if (!n)
		return TSU_OK;
	if (grow((void **)&im->spellings, &im->cap_spellings, n,
		 sizeof(*im->spellings)) < 0)
		return nomem(im, err);
	for (i = 0; i < n; i++)
		im->spellings[i] = im->org_spell[i] == (size_t)-1 ?
					   NULL :
					   im->spell.p + im->org_spell[i];
	im->res->n_links += (int64_t)n;
	return tsu_store_add_org_tags(im->st, org, n, im->org_tags,
				      im->spellings, err);
}

static int org_tags(struct import *im, const struct tsu_csv_record *r,
		    int64_t org, struct tsu_error *err)
{
	int kind, rc;

	im->n_org_tags = 0;
	tsu_buf_reset(&im->spell);
	for (kind = 0; kind < TSU_TAG_KIND_COUNT; kind++) {
		int col = im->col_of[tag_roles[kind]];
		struct tsu_items it;
		const char *s, *item;
		size_t len, ilen, count = 0, k;

		if (col < 0)
			continue;
		s = tsu_csv_cell(r, (size_t)col, &len);
		tsu_items_init(&it, s, len);
		while (tsu_items_next(&it, &item, &ilen)) {
			int64_t id = 0;
			int differs = 0;
			char shown[160];

			if (++count > im->o->max_items)
				return cell_error(im, r, (size_t)col,
						  TSU_ELIMIT, err,
						  "more than %zu items in one "
						  "cell (raise the limit with "
						  "--max-items)",
						  im->o->max_items);
			if ((rc = tag_id(im, kind, item, ilen, &id, &differs,
					 err)))
				return rc;
			if (id < 0)
				continue;
			for (k = 0; k < im->n_org_tags && im->org_tags[k] != id; k++)
				;
			if (k < im->n_org_tags) {
				EXCERPT(shown, item, ilen);
				warn(im, W_REPEATED, r->f[col].line, col + 1,
				     "repeated item '%s' in column '%s' counts "
				     "once", shown, im->colshow[col]);
				continue;
			}
			if ((rc = keep_link(im, id, differs, err)))
				return rc;
			if (im->n_org_tags > im->o->max_tags)
				return cell_error(im, r, (size_t)col,
						  TSU_ELIMIT, err,
						  "more than %zu tags for one "
						  "organisation (raise the limit "
						  "with --max-tags)",
						  im->o->max_tags);
		}
	}
	return write_links(im, org, err);
}

static int org_partners(struct import *im, const struct tsu_csv_record *r,
			const char *own, size_t ownlen, struct tsu_error *err)
{
	int col = im->col_of[R_PARTNERS];
	size_t first = im->nrefs, len, ilen, k, count = 0;
	const char *s, *item;
	struct tsu_items it;

	if (col < 0)
		return TSU_OK;
	s = tsu_csv_cell(r, (size_t)col, &len);
	tsu_items_init(&it, s, len);
	while (tsu_items_next(&it, &item, &ilen)) {
		size_t klen;
		char *key;
		struct partner_ref *ref;
		char shown[160];

		if (++count > im->o->max_items)
			return cell_error(im, r, (size_t)col, TSU_ELIMIT, err,
					  "more than %zu items in one cell "
					  "(raise the limit with --max-items)",
					  im->o->max_items);
		key = id_key(item, ilen, &klen);
		if (!key)
			return nomem(im, err);
		if (klen == ownlen && memcmp(key, own, klen) == 0) {
			EXCERPT(shown, key, klen);
			warn(im, W_SELF, r->f[col].line, col + 1,
			     "organisation '%s' names itself as a partner; "
			     "ignored", shown);
			free(key);
			continue;
		}
		for (k = first; k < im->nrefs; k++)
			if (im->refs[k].key_len == klen &&
			    memcmp(im->ref_keys.p + im->refs[k].key_off, key,
				   klen) == 0)
				break;
		if (k < im->nrefs) {
			EXCERPT(shown, key, klen);
			warn(im, W_REPEATED, r->f[col].line, col + 1,
			     "repeated partner '%s' counts once", shown);
			free(key);
			continue;
		}
		if (grow((void **)&im->refs, &im->caprefs, im->nrefs + 1,
			 sizeof(*im->refs)) < 0) {
			free(key);
			return nomem(im, err);
		}
		ref = &im->refs[im->nrefs];
		ref->from = im->norgs - 1;
		ref->key_off = im->ref_keys.len;
		ref->key_len = klen;
		ref->line = r->f[col].line;
		ref->col = col + 1;
		if (tsu_buf_add(&im->ref_keys, key, klen) < 0) {
			free(key);
			return nomem(im, err);
		}
		free(key);
		im->nrefs++;
	}
	return TSU_OK;
}

static int org_extras(struct import *im, const struct tsu_csv_record *r,
		      int64_t org, struct tsu_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < r->n; i++) {
		size_t len;
		const char *s;
		char *value;

		if (im->role[i] >= 0)
			continue;
		s = tsu_csv_cell(r, i, &len);
		s = tsu_trim(s, &len);
		if (!len)
			continue;
		value = strndup(s, len);
		if (!value)
			return nomem(im, err);
		rc = tsu_store_add_extra(im->st, org, im->colname[i], value,
					 err);
		free(value);
		if (rc)
			return rc;
	}
	return TSU_OK;
}

/* Reads lat and lon: both or neither, numbers in range. */
static int org_coords(struct import *im, const struct tsu_csv_record *r,
		      struct tsu_org_row *o, struct tsu_error *err)
{
	static const struct {
		int role;
		double limit;
		const char *what;
	} axes[2] = { { R_LAT, 90, "latitude" }, { R_LON, 180, "longitude" } };
	double v[2];
	size_t len[2];
	const char *s[2];
	char shown[160];
	int k, bad;

	if (im->col_of[R_LAT] < 0)
		return TSU_OK;
	for (k = 0; k < 2; k++)
		s[k] = role_cell(im, r, axes[k].role, &len[k]);
	if (!len[0] && !len[1])
		return TSU_OK;
	for (k = 0; k < 2; k++) {
		size_t col = (size_t)im->col_of[axes[k].role];

		if (!len[k])
			return cell_error(im, r, col, TSU_EINPUT, err,
					  "%s is empty but %s is given: give "
					  "both or neither",
					  axes[k].what, axes[1 - k].what);
		bad = tsu_parse_number(s[k], len[k], &v[k]) < 0;
		if (!bad && v[k] >= -axes[k].limit && v[k] <= axes[k].limit)
			continue;
		EXCERPT(shown, s[k], len[k]);
		if (bad)
			return cell_error(im, r, col, TSU_EINPUT, err,
					  "malformed number '%s' in column '%s'",
					  shown, im->colshow[col]);
		return cell_error(im, r, col, TSU_EINPUT, err,
				  "%s %s is out of range (-%g to %g)",
				  axes[k].what, shown, axes[k].limit,
				  axes[k].limit);
	}
	o->has_coords = 1;
	o->lat = v[0];
	o->lon = v[1];
	return TSU_OK;
}

/* Checks the id cell and registers the id; *key is the caller's to free. */
static int org_id(struct import *im, const struct tsu_csv_record *r,
		  char **key, size_t *klen, struct tsu_error *err)
{
	size_t col = (size_t)im->col_of[R_ID], len;
	const char *s = role_cell(im, r, R_ID, &len);
	char shown[160];
	int64_t prev;

	if (!len)
		return cell_error(im, r, col, TSU_EINPUT, err, "empty id");
	*key = id_key(s, len, klen);
	if (!*key)
		return nomem(im, err);
	if (!*klen)
		return cell_error(im, r, col, TSU_EINPUT, err, "empty id");
	if (tsu_utf8_len(*key, *klen) > MAX_ID_CHARS) {
		EXCERPT(shown, *key, *klen);
		return cell_error(im, r, col, TSU_EINPUT, err,
				  "id '%s' is longer than %d characters",
				  shown, MAX_ID_CHARS);
	}
	if (memchr(*key, ';', *klen)) {
		EXCERPT(shown, *key, *klen);
		return cell_error(im, r, col, TSU_EINPUT, err,
				  "id '%s' contains ';', which separates ids "
				  "in a partners cell", shown);
	}
	if (tsu_map_get(&im->ids, *key, *klen, &prev)) {
		EXCERPT(shown, *key, *klen);
		return cell_error(im, r, col, TSU_EINPUT, err,
				  "duplicate id '%s' (first used on line %ld)",
				  shown, im->lines[prev]);
	}
	if (grow((void **)&im->lines, &im->caplines, im->norgs + 1,
		 sizeof(*im->lines)) < 0 ||
	    tsu_map_put(&im->ids, *key, *klen, (int64_t)im->norgs) < 0)
		return nomem(im, err);
	im->lines[im->norgs++] = r->f[col].line;
	return TSU_OK;
}

/* The sector of a cell, folded once per distinct spelling. */
static int org_sector(struct import *im, const struct tsu_csv_record *r,
		      int *sector, struct tsu_error *err)
{
	size_t col = (size_t)im->col_of[R_SECTOR], len;
	const char *s = role_cell(im, r, R_SECTOR, &len);
	char shown[160];
	char *folded;
	int64_t v;

	if (!len)
		return cell_error(im, r, col, TSU_EINPUT, err,
				  "empty sector (one of: %s)",
				  tsu_sector_accepted());
	if (tsu_map_get(&im->sectors, s, len, &v)) {
		*sector = (int)v;
		return TSU_OK;
	}
	folded = tsu_fold(s, len, NULL);
	if (!folded)
		return nomem(im, err);
	*sector = tsu_sector_from_folded(folded);
	free(folded);
	if (*sector < 0) {
		EXCERPT(shown, s, len);
		return cell_error(im, r, col, TSU_EINPUT, err,
				  "unknown sector '%s' (one of: %s)", shown,
				  tsu_sector_accepted());
	}
	if (tsu_map_put(&im->sectors, s, len, *sector) < 0)
		return nomem(im, err);
	return TSU_OK;
}

/* The area of a cell after NFKC, or NULL when empty; owned by `im`. */
static int org_area(struct import *im, const struct tsu_csv_record *r,
		    const char **area, struct tsu_error *err)
{
	size_t len;
	const char *s = role_cell(im, r, R_AREA, &len);
	int64_t v;
	char *norm;

	*area = NULL;
	if (!len)
		return TSU_OK;
	if (tsu_map_get(&im->area_ix, s, len, &v)) {
		*area = im->areas[v];
		return TSU_OK;
	}
	if (grow((void **)&im->areas, &im->capareas, im->nareas + 1,
		 sizeof(*im->areas)) < 0 ||
	    !(norm = tsu_nfkc(s, len, NULL)))
		return nomem(im, err);
	im->areas[im->nareas] = norm;
	if (tsu_map_put(&im->area_ix, s, len, (int64_t)im->nareas) < 0)
		return nomem(im, err);
	*area = im->areas[im->nareas++];
	return TSU_OK;
}

/* Validates one organisation and writes it with its tags and extras. */
static int org_row(struct import *im, const struct tsu_csv_record *r,
		   struct tsu_error *err)
{
	struct tsu_org_row o = { 0 };
	char *key = NULL, *name = NULL, *sector_text = NULL;
	const char *area;
	size_t klen, len;
	const char *s;
	int rc;

	if ((rc = org_id(im, r, &key, &klen, err)))
		goto out;
	s = role_cell(im, r, R_NAME, &len);
	if (!len) {
		rc = cell_error(im, r, (size_t)im->col_of[R_NAME], TSU_EINPUT,
				err, "empty name");
		goto out;
	}
	if (tsu_has_japanese(s, len))
		im->n_ja_names++;
	name = strndup(s, len);
	if ((rc = org_sector(im, r, &o.sector, err)))
		goto out;
	s = role_cell(im, r, R_SECTOR, &len);
	sector_text = strndup(s, len);
	if ((rc = org_area(im, r, &area, err)))
		goto out;
	if (!name || !sector_text) {
		rc = nomem(im, err);
		goto out;
	}
	if ((rc = org_coords(im, r, &o, err)))
		goto out;
	o.id = im->first_id + (int64_t)im->norgs - 1;
	o.snapshot = im->snapshot;
	o.key = key;
	o.name = name;
	o.sector_text = sector_text;
	o.area = area;
	o.line = r->line;
	if ((rc = tsu_store_add_org(im->st, &o, err)) ||
	    (rc = org_tags(im, r, o.id, err)) ||
	    (rc = org_partners(im, r, key, klen, err)) ||
	    (rc = org_extras(im, r, o.id, err)))
		goto out;
out:
	free(key);
	free(name);
	free(sector_text);
	return rc;
}

static int org_record(void *ctx, const struct tsu_csv_record *r,
		      struct tsu_error *err)
{
	struct import *im = ctx;
	int rc;

	if (r->index == 0)
		return org_header(im, r, err);
	if (record_blank(r))
		return TSU_OK;
	if (r->n != im->ncols)
		return count_error(im, r, im->ncols, err);
	if ((rc = check_cells(im, r, err)))
		return rc;
	if (im->norgs >= im->o->max_rows)
		return tsu_error_set(err, TSU_ELIMIT, im->file, r->line, 0,
				     "more than %zu organisations (raise the "
				     "limit with --max-rows)",
				     im->o->max_rows);
	return org_row(im, r, err);
}

/* --- partners cells and the ties file ----------------------------------- */

static int push_pair(struct pair **pairs, size_t *n, size_t *cap, size_t a,
		     size_t b, long line)
{
	if (grow((void **)pairs, cap, *n + 1, sizeof(**pairs)) < 0)
		return -1;
	if (a > b) {
		size_t t = a;

		a = b;
		b = t;
	}
	(*pairs)[*n].key = (uint64_t)a << 32 | (uint64_t)b;
	(*pairs)[*n].line = line;
	(*n)++;
	return 0;
}

static int cmp_pair(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->line > b->line) - (a->line < b->line);
}

/* Sorts pairs and keeps the first (lowest line) of each; returns the count. */
static size_t sort_unique(struct pair *p, size_t n)
{
	size_t i, o = 0;

	if (n == 0)
		return 0;	/* p may be NULL then, which qsort must not see */
	qsort(p, n, sizeof(*p), cmp_pair);
	for (i = 0; i < n; i++)
		if (o == 0 || p[o - 1].key != p[i].key)
			p[o++] = p[i];
	return o;
}

/* Turns every partners-cell reference into a pair; unknown ids are errors. */
static int resolve_partners(struct import *im, struct tsu_error *err)
{
	size_t i;

	for (i = 0; i < im->nrefs; i++) {
		const struct partner_ref *ref = &im->refs[i];
		const char *key = im->ref_keys.p + ref->key_off;
		int64_t to;
		char shown[160];

		if (!tsu_map_get(&im->ids, key, ref->key_len, &to)) {
			EXCERPT(shown, key, ref->key_len);
			return tsu_error_set(err, TSU_EINPUT, im->file,
					     ref->line, ref->col,
					     "unknown id '%s' in column '%s'",
					     shown,
					     im->colshow[ref->col - 1]);
		}
		if (push_pair(&im->ppairs, &im->nppairs, &im->capppairs,
			      ref->from, (size_t)to, ref->line) < 0)
			return nomem(im, err);
	}
	im->nppairs = sort_unique(im->ppairs, im->nppairs);
	return TSU_OK;
}

static int tie_header(struct import *im, const struct tsu_csv_record *r,
		      int *is_header, struct tsu_error *err)
{
	size_t i;
	int role;
	char *folded;

	for (role = 0; role < T_COUNT; role++)
		im->tcol[role] = -1;
	*is_header = 0;
	if (r->n >= 2) {
		size_t len;
		const char *s = tsu_csv_cell(r, 0, &len);

		if (!(folded = tsu_fold(s, len, NULL)))
			return nomem(im, err);
		*is_header = match_column(tie_columns, T_COUNT, folded) >= 0;
		free(folded);
	}
	if (!*is_header) {
		/*
		 * No header: the columns are source, target, weight, kind, by
		 * position; a row may stop after any of them from target on.
		 */
		for (role = 0; role < T_COUNT; role++)
			im->tcol[role] = role;
		im->tncols = 0;
		return TSU_OK;
	}
	im->tncols = r->n;
	for (i = 0; i < r->n; i++) {
		size_t len;
		const char *s = tsu_csv_cell(r, i, &len);

		if (!(folded = tsu_fold(s, len, NULL)))
			return nomem(im, err);
		role = match_column(tie_columns, T_COUNT, folded);
		free(folded);
		if (role < 0) {
			char shown[160];

			s = tsu_trim(s, &len);
			EXCERPT(shown, s, len);
			warn(im, W_COLUMN, r->f[i].line, (long)i + 1,
			     "unknown column '%s' ignored", shown);
		} else if (im->tcol[role] < 0) {
			im->tcol[role] = (int)i;
		}
	}
	if (im->tcol[T_SOURCE] < 0 || im->tcol[T_TARGET] < 0)
		return tsu_error_set(err, TSU_EINPUT, im->file, r->line, 0,
				     "the header must name the columns source "
				     "and target (source,target[,weight]"
				     "[,kind])");
	return TSU_OK;
}

static const char *tie_cell(const struct import *im,
			    const struct tsu_csv_record *r, int role,
			    size_t *len)
{
	return cell_at(r, im->tcol[role], len);
}

/* The organisation index named in tie cell `role`. */
static int tie_end(struct import *im, const struct tsu_csv_record *r,
		   int role, size_t *idx, struct tsu_error *err)
{
	size_t col = (size_t)im->tcol[role], len, klen;
	const char *s = tie_cell(im, r, role, &len);
	char *key = id_key(s, len, &klen);
	char shown[160];
	int64_t v;
	int found;

	if (!key)
		return nomem(im, err);
	found = tsu_map_get(&im->ids, key, klen, &v);
	if (!found)
		EXCERPT(shown, key, klen);
	free(key);
	if (!klen)
		return cell_error(im, r, col, TSU_EINPUT, err,
				  "empty %s id", role == T_SOURCE ? "source" :
								    "target");
	if (!found)
		return cell_error(im, r, col, TSU_EINPUT, err,
				  "unknown id '%s' in column '%s'%s", shown,
				  role == T_SOURCE ? "source" : "target",
				  r->index == 0 ?
					  " (if line 1 is a header, name its "
					  "columns source,target,weight,kind)" :
					  "");
	*idx = (size_t)v;
	return TSU_OK;
}

static int tie_row(struct import *im, const struct tsu_csv_record *r,
		   struct tsu_error *err)
{
	size_t a, b, len;
	double weight = 1;
	char *kind = NULL;
	const char *s;
	char shown[160];
	int rc;

	if ((rc = tie_end(im, r, T_SOURCE, &a, err)) ||
	    (rc = tie_end(im, r, T_TARGET, &b, err)))
		return rc;
	s = tie_cell(im, r, T_WEIGHT, &len);
	if (len) {
		size_t col = (size_t)im->tcol[T_WEIGHT];

		int bad = tsu_parse_number(s, len, &weight) < 0;

		if (bad || !(weight > 0)) {
			EXCERPT(shown, s, len);
			return cell_error(im, r, col, TSU_EINPUT, err,
					  bad ? "malformed number '%s' in column "
						"'weight'" :
						"weight must be a positive "
						"number, not '%s'",
					  shown);
		}
	}
	if (a == b) {
		warn(im, W_SELF, r->line, 0, "tie of an organisation with "
		     "itself ignored");
		return TSU_OK;
	}
	s = tie_cell(im, r, T_KIND, &len);
	if (len && !(kind = strndup(s, len)))
		return nomem(im, err);
	rc = tsu_store_add_tie(im->st, im->snapshot, im->first_id + (int64_t)a,
			       im->first_id + (int64_t)b, weight, kind, 0,
			       r->line, err);
	free(kind);
	if (rc)
		return rc;
	im->res->n_tie_rows++;
	if (push_pair(&im->tpairs, &im->ntpairs, &im->captpairs, a, b,
		      r->line) < 0)
		return nomem(im, err);
	return TSU_OK;
}

static int tie_record(void *ctx, const struct tsu_csv_record *r,
		      struct tsu_error *err)
{
	struct import *im = ctx;
	int rc, is_header;

	if ((rc = check_cells(im, r, err)))
		return rc;
	if (r->index == 0) {
		if ((rc = tie_header(im, r, &is_header, err)) || is_header)
			return rc;
	}
	if (record_blank(r))
		return TSU_OK;
	/* weight and kind are optional in each row, with or without header */
	if (r->n < 2 || r->n > (im->tncols ? im->tncols : T_COUNT))
		return cell_error(im, r, r->n < 2 ? r->n - 1 :
				  im->tncols ? im->tncols : T_COUNT,
				  TSU_EINPUT, err,
				  "row has %zu cells; a ties row has 2 to %zu "
				  "(source,target[,weight][,kind]%s)",
				  r->n, im->tncols ? im->tncols : T_COUNT,
				  im->tncols ? " and this file's other columns" :
					       "");
	if ((size_t)im->res->n_tie_rows >= im->o->max_rows)
		return tsu_error_set(err, TSU_ELIMIT, im->file, r->line, 0,
				     "more than %zu ties (raise the limit "
				     "with --max-rows)",
				     im->o->max_rows);
	return tie_row(im, r, err);
}

/*
 * Stores the partner pairs that no ties row states, and counts the distinct
 * pairs of both kinds.  A partners mention and a ties row for one pair are
 * one collaboration: the ties row carries its weight and kind.
 */
static int partner_ties(struct import *im, struct tsu_error *err)
{
	size_t i = 0, j = 0;
	int rc;

	im->ntpairs = sort_unique(im->tpairs, im->ntpairs);
	im->res->n_ties = (int64_t)im->ntpairs;
	for (i = 0; i < im->nppairs; i++) {
		const struct pair *p = &im->ppairs[i];

		while (j < im->ntpairs && im->tpairs[j].key < p->key)
			j++;
		if (j < im->ntpairs && im->tpairs[j].key == p->key)
			continue;
		rc = tsu_store_add_tie(im->st, im->snapshot,
				       im->first_id + (int64_t)(p->key >> 32),
				       im->first_id +
					       (int64_t)(p->key & 0xFFFFFFFFu),
				       1.0, NULL, 1, p->line, err);
		if (rc)
			return rc;
		im->res->n_ties++;
	}
	return TSU_OK;
}

/* --- the whole import --------------------------------------------------- */

/* Preloads a stored tag so that the import reuses it. */
static int warm_tag(void *ctx, int64_t id, int kind, const char *norm,
		    const char *label)
{
	struct import *im = ctx;

	if (kind < 0)
		return TSU_OK;
	if (tag_key(im, kind, norm, strlen(norm)) < 0 ||
	    tsu_map_put(&im->norm_tags, im->key.p, im->key.len, id) < 0 ||
	    tag_key(im, kind, label, strlen(label)) < 0 ||
	    tsu_map_put(&im->raw_tags, im->key.p, im->key.len, id << 1) < 0)
		return TSU_ENOMEM;
	return TSU_OK;
}

static void import_release(struct import *im)
{
	size_t i;

	for (i = 0; im->colname && i < im->ncols; i++) {
		free(im->colname[i]);
		free(im->colshow[i]);
	}
	free(im->colname);
	free(im->colshow);
	free(im->role);
	tsu_map_release(&im->ids);
	tsu_map_release(&im->raw_tags);
	tsu_map_release(&im->norm_tags);
	tsu_buf_release(&im->key);
	tsu_map_release(&im->sectors);
	tsu_map_release(&im->area_ix);
	for (i = 0; i < im->nareas; i++)
		free(im->areas[i]);
	free(im->areas);
	tsu_buf_release(&im->ref_keys);
	free(im->lines);
	free(im->org_tags);
	free(im->org_spell);
	free(im->spellings);
	tsu_buf_release(&im->spell);
	free(im->refs);
	free(im->ppairs);
	free(im->tpairs);
}

static int same_text(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * Sets res->unchanged (and the newest snapshot's figures) when the inputs
 * are byte for byte those of the newest snapshot.
 */
static int check_unchanged(struct tsu_store *st, struct tsu_csv *orgs,
			   struct tsu_csv *ties, struct tsu_import_result *res,
			   struct tsu_error *err)
{
	struct tsu_snapshot s = TSU_SNAPSHOT_INIT;
	int rc = tsu_store_latest_snapshot(st, &s, err);

	if (!rc && s.id && same_text(s.orgs_sha256, tsu_csv_sha256(orgs)) &&
	    same_text(s.ties_sha256, ties ? tsu_csv_sha256(ties) : NULL)) {
		res->unchanged = 1;
		res->snapshot = s.id;
		res->n_orgs = s.n_orgs;
		res->n_ties = s.n_ties;
		res->n_tie_rows = s.n_tie_rows;
		res->n_links = s.n_links;
		res->lang = s.lang;
	}
	tsu_snapshot_release(&s);
	return rc;
}

static void notice_encoding(struct import *im, struct tsu_csv *c)
{
	if (!c || strcmp(tsu_csv_encoding(c), "CP932") != 0)
		return;
	im->res->cp932 = 1;
	if (im->o->warn)
		fprintf(im->o->warn,
			"tsunagu: import: notice: '%s' is Shift_JIS (CP932), "
			"not UTF-8: converting it\n",
			tsu_csv_path(c));
}

/* Reads both files into the open transaction. */
static int import_files(struct import *im, struct tsu_csv *orgs,
			struct tsu_csv *ties, struct tsu_error *err)
{
	int rc;

	im->file = tsu_csv_path(orgs);
	if ((rc = tsu_store_next_org_id(im->st, &im->first_id, err)) ||
	    (rc = tsu_store_each_tag(im->st, warm_tag, im, err)) ||
	    (rc = tsu_csv_read(orgs, org_record, im, err)))
		return rc == TSU_ENOMEM ? nomem(im, err) : rc;
	if (!im->ncols)
		return tsu_error_set(err, TSU_EINPUT, im->file, 0, 0,
				     "empty file: a header row is required");
	if (!im->norgs)
		return tsu_error_set(err, TSU_EINPUT, im->file, 0, 0,
				     "no organisations after the header");
	if ((rc = resolve_partners(im, err)))
		return rc;
	if (ties) {
		im->file = tsu_csv_path(ties);
		if ((rc = tsu_csv_read(ties, tie_record, im, err)))
			return rc;
	}
	im->file = tsu_csv_path(orgs);
	return partner_ties(im, err);
}

/* An input larger than `max` bytes is refused before it is read. */
static int check_size(const char *path, size_t max, struct tsu_error *err)
{
	struct stat sb;

	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uint64_t)sb.st_size > (uint64_t)max)
		return tsu_error_set(err, TSU_ELIMIT, path, 0, 0,
				     "the file is %.1f MiB, over the limit of "
				     "%.1f MiB (raise it with --max-input)",
				     (double)sb.st_size / 1048576.0,
				     (double)max / 1048576.0);
	return TSU_OK;	/* anything else is tsu_csv_open()'s to report */
}

int tsu_import(struct tsu_store *st, const struct tsu_import_opts *o,
	       struct tsu_import_result *res, struct tsu_error *err)
{
	struct import im;
	struct tsu_csv *orgs = NULL, *ties = NULL;
	struct tsu_snapshot snap = TSU_SNAPSHOT_INIT;	/* borrows strings */
	FILE *progress = o->progress ? o->warn : NULL;
	int rc, began = 0;

	memset(&im, 0, sizeof(im));
	memset(res, 0, sizeof(*res));
	im.st = st;
	im.o = o;
	im.res = res;
	if ((rc = check_size(o->orgs_path, o->max_input, err)) ||
	    (o->ties_path && (rc = check_size(o->ties_path, o->max_input, err))))
		goto out;
	if ((rc = tsu_csv_open(o->orgs_path, o->max_cell, progress, &orgs,
			       err)) ||
	    (o->ties_path && (rc = tsu_csv_open(o->ties_path, o->max_cell,
						progress, &ties, err))) ||
	    (rc = check_unchanged(st, orgs, ties, res, err)) || res->unchanged)
		goto out;
	notice_encoding(&im, orgs);
	notice_encoding(&im, ties);
	snap.orgs_file = (char *)o->orgs_path;
	snap.orgs_sha256 = (char *)tsu_csv_sha256(orgs);
	snap.ties_file = (char *)o->ties_path;
	snap.ties_sha256 = ties ? (char *)tsu_csv_sha256(ties) : NULL;
	snap.encoding = (char *)(res->cp932 ? "CP932" : "UTF-8");
	if ((rc = tsu_store_begin(st, err)))
		goto out;
	began = 1;
	/* Again under the write lock: an import that ran while we waited. */
	if ((rc = check_unchanged(st, orgs, ties, res, err)) ||
	    res->unchanged) {
		tsu_store_rollback(st);
		goto out;
	}
	if ((rc = tsu_store_add_snapshot(st, &snap, err)))
		goto out;
	im.snapshot = snap.id;
	if ((rc = import_files(&im, orgs, ties, err)))
		goto out;
	res->n_orgs = (int64_t)im.norgs;
	res->lang = im.header_ja || im.n_ja_names * 5 >= im.norgs ?
			    TSU_LANG_JA : TSU_LANG_EN;
	snap.lang = res->lang;
	snap.n_orgs = res->n_orgs;
	snap.n_ties = res->n_ties;
	snap.n_tie_rows = res->n_tie_rows;
	snap.n_links = res->n_links;
	snap.n_warnings = res->n_warnings;
	snap.first_org = im.first_id;
	snap.last_org = im.first_id + (int64_t)im.norgs - 1;
	if ((rc = tsu_store_update_snapshot(st, &snap, err)) ||
	    (rc = tsu_store_commit(st, err)))
		goto out;
	res->snapshot = snap.id;
	warn_totals(&im);
out:
	if (rc && began)
		tsu_store_rollback(st);
	tsu_csv_close(orgs);
	tsu_csv_close(ties);
	import_release(&im);
	return rc;
}
