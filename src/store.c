/* store.c - the SQLite store; see tsu_store.h for the schema and contract. */
#include "tsu_store.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tsu_text.h"

static const char schema_v1[] =
	"CREATE TABLE snapshot ("
	" id INTEGER PRIMARY KEY,"
	" imported_at TEXT NOT NULL,"
	" orgs_file TEXT NOT NULL,"
	" orgs_sha256 TEXT NOT NULL,"
	" ties_file TEXT,"
	" ties_sha256 TEXT,"
	" encoding TEXT NOT NULL,"
	" lang TEXT NOT NULL DEFAULT 'en',"
	" n_orgs INTEGER NOT NULL DEFAULT 0,"
	" n_ties INTEGER NOT NULL DEFAULT 0,"
	" n_tie_rows INTEGER NOT NULL DEFAULT 0,"
	" n_links INTEGER NOT NULL DEFAULT 0,"
	" n_warnings INTEGER NOT NULL DEFAULT 0,"
	" first_org INTEGER,"
	" last_org INTEGER);"
	"CREATE TABLE org ("
	" id INTEGER PRIMARY KEY,"
	" snapshot INTEGER NOT NULL REFERENCES snapshot(id),"
	" key TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" sector TEXT NOT NULL,"
	" sector_text TEXT NOT NULL,"
	" area TEXT,"
	" lat REAL,"
	" lon REAL,"
	" line INTEGER NOT NULL,"
	" UNIQUE (snapshot, key));"
	"CREATE TABLE tag ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL CHECK (kind IN ('field','interest','offer','need')),"
	" norm TEXT NOT NULL,"
	" label TEXT NOT NULL,"
	" UNIQUE (kind, norm));"
	"CREATE TABLE org_tag ("
	" org INTEGER NOT NULL REFERENCES org(id),"
	" tag INTEGER NOT NULL REFERENCES tag(id),"
	" spelling TEXT,"
	" PRIMARY KEY (org, tag)) WITHOUT ROWID;"
	"CREATE TABLE tie ("
	" id INTEGER PRIMARY KEY,"
	" snapshot INTEGER NOT NULL REFERENCES snapshot(id),"
	" a INTEGER NOT NULL REFERENCES org(id),"
	" b INTEGER NOT NULL REFERENCES org(id),"
	" weight REAL NOT NULL CHECK (weight > 0),"
	" kind TEXT,"
	" origin TEXT NOT NULL CHECK (origin IN ('ties','partners')),"
	" line INTEGER,"
	" CHECK (a < b));"
	"CREATE INDEX tie_by_snapshot ON tie (snapshot);"
	"CREATE TABLE org_extra ("
	" org INTEGER NOT NULL REFERENCES org(id),"
	" name TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" PRIMARY KEY (org, name)) WITHOUT ROWID;";

/* Version 2: the results of `tsunagu analyze`, one analysis per snapshot. */
static const char schema_v2[] =
	"CREATE TABLE analysis ("
	" snapshot INTEGER PRIMARY KEY REFERENCES snapshot(id),"
	" analysed_at TEXT NOT NULL,"
	" seed INTEGER NOT NULL,"
	" resolution REAL NOT NULL,"
	" runs INTEGER NOT NULL,"
	" sources INTEGER NOT NULL,"
	" n_components INTEGER NOT NULL,"
	" largest INTEGER NOT NULL,"
	" n_isolated INTEGER NOT NULL,"
	" n_communities INTEGER NOT NULL,"
	" modularity REAL,"
	" density REAL,"
	" centralization REAL,"
	" avg_path REAL,"
	" assortativity REAL);"
	"CREATE TABLE org_metric ("
	" org INTEGER PRIMARY KEY REFERENCES org(id),"
	" component INTEGER NOT NULL,"
	" community INTEGER NOT NULL,"
	" coreness INTEGER NOT NULL,"
	" degree INTEGER NOT NULL,"
	" peripheral INTEGER NOT NULL,"
	" articulation INTEGER NOT NULL,"
	" strength REAL NOT NULL,"
	" betweenness REAL NOT NULL,"
	" harmonic REAL NOT NULL,"
	" eigenvector REAL NOT NULL,"
	" burt_constraint REAL,"
	" effective_size REAL,"
	" stability REAL);";

/*
 * Version 3: what became of the suggestions (`tsunagu feedback`), and the
 * pairs each match run suggested, to mark those that are new.  Feedback
 * names organisations by their ids in the file (org.key), so it holds
 * across snapshots.  A run's pairs are a sorted array of 64-bit hashes of
 * the (unordered) pair of keys, little-endian, see tsu_pair_hash().
 */
static const char schema_v3[] =
	"CREATE TABLE feedback ("
	" id INTEGER PRIMARY KEY,"
	" org TEXT NOT NULL,"
	" partner TEXT NOT NULL,"
	" decision TEXT NOT NULL"
	"  CHECK (decision IN ('met','partnered','declined','skip')),"
	" date TEXT,"
	" note TEXT,"
	" recorded_at TEXT NOT NULL,"
	" file TEXT NOT NULL,"
	" line INTEGER NOT NULL,"
	" CHECK (org <> partner));"
	"CREATE TABLE match_run ("
	" id INTEGER PRIMARY KEY,"
	" run_at TEXT NOT NULL,"
	" snapshot INTEGER NOT NULL REFERENCES snapshot(id),"
	" feedback_upto INTEGER NOT NULL,"
	" n_pairs INTEGER NOT NULL,"
	" pairs BLOB NOT NULL);";

/* Prepared once, on first use, and kept until close. */
enum stmt_id {
	S_LATEST,
	S_SNAPSHOT,
	S_ADD_SNAPSHOT,
	S_UPDATE_SNAPSHOT,
	S_NEXT_ORG,
	S_ADD_EXTRA,
	S_EACH_TAG,
	S_ADD_TAG,
	S_COUNT
};

#define SNAPSHOT_COLS                                                        \
	"id, imported_at, orgs_file, orgs_sha256, ties_file, ties_sha256,"  \
	" encoding, lang, n_orgs, n_ties, n_tie_rows, n_links, n_warnings,"  \
	" first_org, last_org"

static const char *const stmt_sql[S_COUNT] = {
	[S_LATEST] = "SELECT " SNAPSHOT_COLS
		     " FROM snapshot ORDER BY id DESC LIMIT 1",
	[S_SNAPSHOT] = "SELECT " SNAPSHOT_COLS " FROM snapshot WHERE id = ?1",
	[S_ADD_SNAPSHOT] =
		"INSERT INTO snapshot (imported_at, orgs_file, orgs_sha256,"
		" ties_file, ties_sha256, encoding, lang)"
		" VALUES (strftime('%Y-%m-%d %H:%M:%S','now'), ?1, ?2, ?3, ?4,"
		" ?5, ?6)",
	[S_UPDATE_SNAPSHOT] =
		"UPDATE snapshot SET lang = ?2, n_orgs = ?3, n_ties = ?4,"
		" n_tie_rows = ?5, n_links = ?6, n_warnings = ?7,"
		" first_org = ?8, last_org = ?9 WHERE id = ?1",
	[S_NEXT_ORG] = "SELECT coalesce(max(id), 0) + 1 FROM org",
	[S_ADD_EXTRA] = "INSERT INTO org_extra (org, name, value)"
			" VALUES (?1, ?2, ?3)",
	[S_EACH_TAG] = "SELECT id, kind, norm, label FROM tag ORDER BY id",
	[S_ADD_TAG] = "INSERT INTO tag (kind, norm, label) VALUES (?1, ?2, ?3)",
};

/*
 * Bulk rows (organisations, links, ties) are buffered and written up to
 * BATCH_ROWS to one multi-row INSERT: SQLite's cost per statement run is
 * several times its cost per row, and an import writes millions of rows.
 * A batch is written when full, before COMMIT, and before any read.
 * OR ROLLBACK: a failing row ends the whole transaction (the import is all
 * or nothing anyway), so SQLite keeps no statement journal for them, which
 * would otherwise cost a quarter of a large import in temporary-file writes.
 */
#define BATCH_ROWS 64
#define BATCH_MAX_COLS 14

enum { B_ORG, B_LINK, B_TIE, B_METRIC, B_COUNT };

static const struct {
	const char *insert;	/* up to VALUES */
	int ncols;
} batch_tables[B_COUNT] = {
	[B_ORG] = { "INSERT OR ROLLBACK INTO org (id, snapshot, key, name, sector,"
		    " sector_text, area, lat, lon, line) VALUES ", 10 },
	[B_LINK] = { "INSERT OR ROLLBACK INTO org_tag (org, tag, spelling) VALUES ", 3 },
	[B_TIE] = { "INSERT OR ROLLBACK INTO tie (snapshot, a, b, weight, kind, origin,"
		    " line) VALUES ", 7 },
	[B_METRIC] = { "INSERT OR ROLLBACK INTO org_metric (org, component,"
		       " community, coreness, degree, peripheral, articulation,"
		       " strength, betweenness, harmonic, eigenvector,"
		       " burt_constraint, effective_size, stability) VALUES ", 14 },
};

struct value {
	enum { V_NULL, V_INT, V_REAL, V_TEXT } type;
	int64_t i;
	double d;
	size_t off;		/* V_TEXT: NUL-terminated, in batch.text */
};

struct batch {
	size_t nvals;		/* values buffered, ncols per row */
	struct value vals[BATCH_ROWS * BATCH_MAX_COLS];
	struct tsu_buf text;
	sqlite3_stmt *stmt[BATCH_ROWS + 1];	/* [k]: inserts k rows */
};

struct tsu_store {
	sqlite3 *db;
	char *path;
	int version;		/* schema version of the file */
	sqlite3_stmt *stmt[S_COUNT];
	struct batch batch[B_COUNT];
};

/* Records the SQLite error of `db` as a TSU_ESTORE in `err`. */
static int db_error(struct tsu_store *st, struct tsu_error *err,
		    const char *what)
{
	int rc = sqlite3_errcode(st->db);
	const char *msg = sqlite3_errmsg(st->db);

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return tsu_error_set(err, TSU_ESTORE, st->path, 0, 0,
				     "store is locked by another tsunagu "
				     "(waited %d s): %s",
				     TSU_STORE_BUSY_MS / 1000, what);
	if (rc == SQLITE_NOMEM)
		return tsu_error_set(err, TSU_ENOMEM, st->path, 0, 0,
				     "out of memory: %s", what);
	if (rc == SQLITE_FULL || rc == SQLITE_IOERR || rc == SQLITE_CANTOPEN ||
	    rc == SQLITE_READONLY)
		return tsu_error_set(err, TSU_EIO, st->path, 0, 0, "%s: %s",
				     what, msg);
	return tsu_error_set(err, TSU_ESTORE, st->path, 0, 0, "%s: %s", what,
			     msg);
}

static int flush_all(struct tsu_store *st, struct tsu_error *err);

static sqlite3_stmt *get_stmt(struct tsu_store *st, enum stmt_id id,
			      struct tsu_error *err)
{
	/* Buffered rows go first, so that reads see them. */
	if ((id == S_LATEST || id == S_SNAPSHOT || id == S_NEXT_ORG ||
	     id == S_EACH_TAG) && flush_all(st, err))
		return NULL;
	if (!st->stmt[id] &&
	    sqlite3_prepare_v3(st->db, stmt_sql[id], -1,
			       SQLITE_PREPARE_PERSISTENT, &st->stmt[id],
			       NULL) != SQLITE_OK) {
		db_error(st, err, "cannot prepare a statement");
		return NULL;
	}
	sqlite3_reset(st->stmt[id]);
	sqlite3_clear_bindings(st->stmt[id]);
	return st->stmt[id];
}

/* Runs SQL without results; `what` names it in an error. */
static int exec_as(struct tsu_store *st, const char *sql, const char *what,
		   struct tsu_error *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(st, err, what);
	return TSU_OK;
}

static int exec(struct tsu_store *st, const char *sql, struct tsu_error *err)
{
	return exec_as(st, sql, sql, err);
}

/* Runs a statement that returns no rows. */
static int step_done(struct tsu_store *st, sqlite3_stmt *s,
		     struct tsu_error *err, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_error(st, err, what);
	return TSU_OK;
}

static int bind_text(sqlite3_stmt *s, int i, const char *text)
{
	if (!text)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, text, -1, SQLITE_STATIC);
}

/* --- batched rows ------------------------------------------------------ */

static int put(struct batch *b, struct value v)
{
	b->vals[b->nvals++] = v;
	return 0;
}

static int put_null(struct batch *b)
{
	return put(b, (struct value){ .type = V_NULL });
}

static int put_int(struct batch *b, int64_t i)
{
	return put(b, (struct value){ .type = V_INT, .i = i });
}

static int put_real(struct batch *b, double d)
{
	return put(b, (struct value){ .type = V_REAL, .d = d });
}

/* Copies `text` (NULL for SQL NULL); -1 on ENOMEM. */
static int put_text(struct batch *b, const char *text)
{
	size_t off = b->text.len;

	if (!text)
		return put_null(b);
	if (tsu_buf_add(&b->text, text, strlen(text) + 1) < 0)
		return -1;
	return put(b, (struct value){ .type = V_TEXT, .off = off });
}

/* The statement inserting k rows of table t, prepared on first use. */
static sqlite3_stmt *batch_stmt(struct tsu_store *st, int t, size_t k,
				struct tsu_error *err)
{
	struct batch *b = &st->batch[t];
	struct tsu_buf sql = TSU_BUF_INIT;
	size_t i;
	int c, ok;

	if (b->stmt[k])
		return b->stmt[k];
	ok = tsu_buf_addstr(&sql, batch_tables[t].insert) == 0;
	for (i = 0; ok && i < k; i++) {
		ok = tsu_buf_addstr(&sql, i ? ",(" : "(") == 0;
		for (c = 0; ok && c < batch_tables[t].ncols; c++)
			ok = tsu_buf_addstr(&sql, c ? ",?" : "?") == 0;
		ok = ok && tsu_buf_addstr(&sql, ")") == 0;
	}
	if (!ok) {
		tsu_buf_release(&sql);
		tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	if (sqlite3_prepare_v3(st->db, sql.p, -1, SQLITE_PREPARE_PERSISTENT,
			       &b->stmt[k], NULL) != SQLITE_OK)
		db_error(st, err, "cannot prepare a statement");
	tsu_buf_release(&sql);
	return b->stmt[k];
}

/* Writes the buffered rows of table t. */
static int flush(struct tsu_store *st, int t, struct tsu_error *err)
{
	struct batch *b = &st->batch[t];
	size_t k = b->nvals / (size_t)batch_tables[t].ncols, i;
	sqlite3_stmt *s;
	int rc;

	if (k == 0)
		return TSU_OK;
	if (!(s = batch_stmt(st, t, k, err)))
		return err && err->code ? err->code : TSU_ESTORE;
	for (i = 0; i < b->nvals; i++) {
		const struct value *v = &b->vals[i];
		int col = (int)i + 1;

		if (v->type == V_INT)
			sqlite3_bind_int64(s, col, v->i);
		else if (v->type == V_REAL)
			sqlite3_bind_double(s, col, v->d);
		else if (v->type == V_TEXT)
			sqlite3_bind_text(s, col, b->text.p + v->off, -1,
					  SQLITE_STATIC);
		else
			sqlite3_bind_null(s, col);
	}
	rc = step_done(st, s, err, "cannot write to the store");
	sqlite3_clear_bindings(s);
	b->nvals = 0;
	tsu_buf_reset(&b->text);
	return rc;
}

static int flush_all(struct tsu_store *st, struct tsu_error *err)
{
	int t, rc;

	for (t = 0; t < B_COUNT; t++)
		if ((rc = flush(st, t, err)))
			return rc;
	return TSU_OK;
}

/* Ends a row of table t, writing the batch when it is full. */
static int row_done(struct tsu_store *st, int t, struct tsu_error *err)
{
	if (st->batch[t].nvals < BATCH_ROWS * (size_t)batch_tables[t].ncols)
		return TSU_OK;
	return flush(st, t, err);
}

static int user_version(struct tsu_store *st, int *out, struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) !=
	    SQLITE_OK)
		return db_error(st, err, "cannot read the schema version");
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_error(st, err, "cannot read the schema version");
	return TSU_OK;
}

/* Reads the schema version; one newer than this program's is refused. */
static int read_version(struct tsu_store *st, int *version,
			struct tsu_error *err)
{
	int rc;

	if ((rc = user_version(st, version, err)))
		return rc;
	if (*version > TSU_STORE_VERSION)
		return tsu_error_set(err, TSU_ESTORE, st->path, 0, 0,
				     "store has schema version %d, newer than "
				     "this tsunagu (%d): upgrade tsunagu",
				     *version, TSU_STORE_VERSION);
	return TSU_OK;
}

/*
 * A store opened read-only must already have a schema; an older version is
 * read as it is (what it lacks reads as empty).
 */
static int check_version(struct tsu_store *st, struct tsu_error *err)
{
	int version, rc;

	if ((rc = read_version(st, &version, err)))
		return rc;
	if (version < 1)
		return tsu_error_set(err, TSU_ESTORE, st->path, 0, 0,
				     "not a tsunagu store (schema version %d)",
				     version);
	st->version = version;
	return TSU_OK;
}

/*
 * Creates the schema in a fresh file, or checks an existing one; *made says
 * this call created it.  The version is read again under the write lock, so
 * two runs creating one new store do not both try.
 */
static int migrate(struct tsu_store *st, int *made, struct tsu_error *err)
{
	int version, rc, tables = 0;
	sqlite3_stmt *s = NULL;

	*made = 0;
	if ((rc = read_version(st, &version, err)))
		return rc;
	st->version = version;
	if (version == TSU_STORE_VERSION)
		return TSU_OK;
	if ((rc = exec(st, "BEGIN IMMEDIATE", err)))
		return rc;
	if ((rc = read_version(st, &version, err)) ||
	    version == TSU_STORE_VERSION)
		goto out;
	if (version >= 1)
		goto upgrade;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_schema",
			       -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		rc = db_error(st, err, "not a readable SQLite database");
		goto out;
	}
	tables = sqlite3_column_int(s, 0);
	if (tables > 0) {
		rc = tsu_error_set(err, TSU_ESTORE, st->path, 0, 0,
				   "not a tsunagu store (it holds other "
				   "tables): choose another --db file");
		goto out;
	}
	if ((rc = exec_as(st, schema_v1, "cannot create the schema", err)))
		goto out;
	*made = 1;
	version = 1;
upgrade:
	if (version < 2 && (rc = exec_as(st, schema_v2, "cannot upgrade the "
					 "schema to version 2", err)))
		goto out;
	if (version < 3 && (rc = exec_as(st, schema_v3, "cannot upgrade the "
					 "schema to version 3", err)))
		goto out;
	if ((rc = exec(st, "PRAGMA user_version = 3", err)))
		goto out;
	version = TSU_STORE_VERSION;
out:
	sqlite3_finalize(s);
	if (rc) {
		*made = 0;
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	st->version = version;
	return exec(st, "COMMIT", err);
}

int tsu_store_open(const char *path, int flags, struct tsu_store **out,
		   int *created, struct tsu_error *err)
{
	struct tsu_store *st;
	struct stat sb;
	int exists = stat(path, &sb) == 0;
	/* One connection, used by one thread: SQLite's mutexes buy nothing. */
	int made = 0;
	int oflags = SQLITE_OPEN_NOMUTEX |
		     (flags & TSU_STORE_READONLY ?
			      SQLITE_OPEN_READONLY :
			      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	int rc;

	*out = NULL;
	if (created)
		*created = 0;
	if (!exists && (flags & (TSU_STORE_READONLY | TSU_STORE_EXISTING)))
		return tsu_error_set(err, TSU_EINPUT, path, 0, 0,
				     "store not found: run 'tsunagu import' "
				     "first, or name the store with --db");
	st = calloc(1, sizeof(*st));
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
				     "out of memory");
	}
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		rc = db_error(st, err, "cannot open the store");
		tsu_store_close(st);
		return rc == TSU_ESTORE ? TSU_EIO : rc;
	}
	sqlite3_extended_result_codes(st->db, 0);
	sqlite3_busy_timeout(st->db, TSU_STORE_BUSY_MS);
	/*
	 * The REFERENCES clauses document the schema; enforcing them would
	 * look up two parents for every link and tie and cost a third of the
	 * import time.  The import writes only ids it has just created, and
	 * the tests run PRAGMA foreign_key_check on every store they make.
	 */
	if ((rc = exec(st, "PRAGMA foreign_keys = OFF", err)) ||
	    (rc = exec(st, "PRAGMA cache_size = -262144", err)) ||
	    (rc = exec(st, "PRAGMA temp_store = MEMORY", err)) ||
	    (rc = flags & TSU_STORE_READONLY ? check_version(st, err) :
					       migrate(st, &made, err))) {
		tsu_store_close(st);
		/* an empty file this call made for nothing */
		if (!exists && stat(path, &sb) == 0 && sb.st_size == 0)
			unlink(path);
		return rc;
	}
	if (created)
		*created = !exists && made;
	*out = st;
	return TSU_OK;
}

void tsu_store_close(struct tsu_store *st)
{
	int i;

	if (!st)
		return;
	for (i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	for (i = 0; i < B_COUNT; i++) {
		int k;

		for (k = 0; k <= BATCH_ROWS; k++)
			sqlite3_finalize(st->batch[i].stmt[k]);
		tsu_buf_release(&st->batch[i].text);
	}
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

const char *tsu_store_sqlite_version(void)
{
	return sqlite3_libversion();
}

int tsu_store_begin(struct tsu_store *st, struct tsu_error *err)
{
	int moved = 0, rc = exec(st, "BEGIN IMMEDIATE", err);

	if (rc)
		return rc;
	/*
	 * While we waited, a failed import may have removed the file it made
	 * (tsu_store_discard_new()): SQLite knows whether the file it holds
	 * open is still the one at its path.
	 */
	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_HAS_MOVED,
				 &moved) != SQLITE_OK ||
	    moved) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return tsu_error_set(err, TSU_ESTORE, st->path, 0, 0,
				     "the store file was removed or replaced "
				     "while this run waited for it: run again");
	}
	return TSU_OK;
}

int tsu_store_discard_new(struct tsu_store *st)
{
	sqlite3_stmt *s = NULL;
	int empty = 0;
	char side[4096];

	if (sqlite3_exec(st->db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return 0;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM snapshot", -1, &s,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		empty = sqlite3_column_int64(s, 0) == 0;
	sqlite3_finalize(s);
	if (empty) {
		/* under the exclusive lock: no one else is writing it */
		unlink(st->path);
		snprintf(side, sizeof(side), "%s-journal", st->path);
		unlink(side);
	}
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return empty;
}

int tsu_store_commit(struct tsu_store *st, struct tsu_error *err)
{
	int rc = flush_all(st, err);

	return rc ? rc : exec(st, "COMMIT", err);
}

void tsu_store_rollback(struct tsu_store *st)
{
	int i;

	for (i = 0; i < B_COUNT; i++) {
		st->batch[i].nvals = 0;
		tsu_buf_reset(&st->batch[i].text);
	}
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

void tsu_snapshot_release(struct tsu_snapshot *s)
{
	free(s->imported_at);
	free(s->orgs_file);
	free(s->orgs_sha256);
	free(s->ties_file);
	free(s->ties_sha256);
	free(s->encoding);
	memset(s, 0, sizeof(*s));
}

static char *column_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? strdup((const char *)t) : NULL;
}

static void read_snapshot(sqlite3_stmt *s, struct tsu_snapshot *out)
{
	const unsigned char *lang;

	out->id = sqlite3_column_int64(s, 0);
	out->imported_at = column_dup(s, 1);
	out->orgs_file = column_dup(s, 2);
	out->orgs_sha256 = column_dup(s, 3);
	out->ties_file = column_dup(s, 4);
	out->ties_sha256 = column_dup(s, 5);
	out->encoding = column_dup(s, 6);
	lang = sqlite3_column_text(s, 7);
	out->lang = lang && strcmp((const char *)lang, "ja") == 0 ?
			    TSU_LANG_JA : TSU_LANG_EN;
	out->n_orgs = sqlite3_column_int64(s, 8);
	out->n_ties = sqlite3_column_int64(s, 9);
	out->n_tie_rows = sqlite3_column_int64(s, 10);
	out->n_links = sqlite3_column_int64(s, 11);
	out->n_warnings = sqlite3_column_int64(s, 12);
	out->first_org = sqlite3_column_int64(s, 13);
	out->last_org = sqlite3_column_int64(s, 14);
}

static int fetch_snapshot(struct tsu_store *st, sqlite3_stmt *s,
			  struct tsu_snapshot *out, struct tsu_error *err)
{
	int rc = sqlite3_step(s);

	memset(out, 0, sizeof(*out));
	if (rc == SQLITE_ROW)
		read_snapshot(s, out);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(st, err, "cannot read snapshots");
	if (rc == SQLITE_ROW && (!out->imported_at || !out->orgs_file ||
				 !out->orgs_sha256 || !out->encoding)) {
		tsu_snapshot_release(out);
		return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
				     "out of memory");
	}
	return TSU_OK;
}

int tsu_store_latest_snapshot(struct tsu_store *st, struct tsu_snapshot *out,
			      struct tsu_error *err)
{
	sqlite3_stmt *s = get_stmt(st, S_LATEST, err);

	if (!s)
		return TSU_ESTORE;
	return fetch_snapshot(st, s, out, err);
}

int tsu_store_get_snapshot(struct tsu_store *st, int64_t id,
			   struct tsu_snapshot *out, struct tsu_error *err)
{
	sqlite3_stmt *s = get_stmt(st, S_SNAPSHOT, err);

	if (!s)
		return TSU_ESTORE;
	sqlite3_bind_int64(s, 1, id);
	return fetch_snapshot(st, s, out, err);
}

int tsu_store_add_snapshot(struct tsu_store *st, struct tsu_snapshot *snap,
			   struct tsu_error *err)
{
	sqlite3_stmt *s = get_stmt(st, S_ADD_SNAPSHOT, err);
	int rc;

	if (!s)
		return TSU_ESTORE;
	bind_text(s, 1, snap->orgs_file);
	bind_text(s, 2, snap->orgs_sha256);
	bind_text(s, 3, snap->ties_file);
	bind_text(s, 4, snap->ties_sha256);
	bind_text(s, 5, snap->encoding);
	bind_text(s, 6, tsu_lang_name(snap->lang));
	if ((rc = step_done(st, s, err, "cannot add a snapshot")))
		return rc;
	snap->id = sqlite3_last_insert_rowid(st->db);
	return TSU_OK;
}

int tsu_store_update_snapshot(struct tsu_store *st,
			      const struct tsu_snapshot *snap,
			      struct tsu_error *err)
{
	sqlite3_stmt *s = get_stmt(st, S_UPDATE_SNAPSHOT, err);

	if (!s)
		return TSU_ESTORE;
	sqlite3_bind_int64(s, 1, snap->id);
	bind_text(s, 2, tsu_lang_name(snap->lang));
	sqlite3_bind_int64(s, 3, snap->n_orgs);
	sqlite3_bind_int64(s, 4, snap->n_ties);
	sqlite3_bind_int64(s, 5, snap->n_tie_rows);
	sqlite3_bind_int64(s, 6, snap->n_links);
	sqlite3_bind_int64(s, 7, snap->n_warnings);
	sqlite3_bind_int64(s, 8, snap->first_org);
	sqlite3_bind_int64(s, 9, snap->last_org);
	return step_done(st, s, err, "cannot update a snapshot");
}

int tsu_store_next_org_id(struct tsu_store *st, int64_t *out,
			  struct tsu_error *err)
{
	sqlite3_stmt *s = get_stmt(st, S_NEXT_ORG, err);
	int rc;

	if (!s)
		return TSU_ESTORE;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? TSU_OK :
				  db_error(st, err, "cannot read organisations");
}

int tsu_store_add_org(struct tsu_store *st, const struct tsu_org_row *o,
		      struct tsu_error *err)
{
	struct batch *b = &st->batch[B_ORG];

	if (put_int(b, o->id) || put_int(b, o->snapshot) ||
	    put_text(b, o->key) || put_text(b, o->name) ||
	    put_text(b, tsu_sector_name(o->sector)) ||
	    put_text(b, o->sector_text) || put_text(b, o->area) ||
	    (o->has_coords ? put_real(b, o->lat) || put_real(b, o->lon) :
			     put_null(b) || put_null(b)) ||
	    put_int(b, o->line))
		return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
				     "out of memory");
	return row_done(st, B_ORG, err);
}

int tsu_store_add_extra(struct tsu_store *st, int64_t org, const char *name,
			const char *value, struct tsu_error *err)
{
	sqlite3_stmt *s = get_stmt(st, S_ADD_EXTRA, err);

	if (!s)
		return TSU_ESTORE;
	sqlite3_bind_int64(s, 1, org);
	bind_text(s, 2, name);
	bind_text(s, 3, value);
	return step_done(st, s, err, "cannot add an extra cell");
}

int tsu_store_each_tag(struct tsu_store *st,
		       int (*fn)(void *ctx, int64_t id, int kind,
				 const char *norm, const char *label),
		       void *ctx, struct tsu_error *err)
{
	sqlite3_stmt *s = get_stmt(st, S_EACH_TAG, err);
	int rc;

	if (!s)
		return TSU_ESTORE;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int kind = tsu_tag_kind_from_name(
			(const char *)sqlite3_column_text(s, 1));
		int r = fn(ctx, sqlite3_column_int64(s, 0), kind,
			   (const char *)sqlite3_column_text(s, 2),
			   (const char *)sqlite3_column_text(s, 3));

		if (r) {
			sqlite3_reset(s);
			return r;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? TSU_OK :
				   db_error(st, err, "cannot read the tags");
}

int tsu_store_add_tag(struct tsu_store *st, int kind, const char *norm,
		      const char *label, int64_t *id, struct tsu_error *err)
{
	sqlite3_stmt *s = get_stmt(st, S_ADD_TAG, err);
	int rc;

	if (!s)
		return TSU_ESTORE;
	bind_text(s, 1, tsu_tag_kind_name(kind));
	bind_text(s, 2, norm);
	bind_text(s, 3, label);
	if ((rc = step_done(st, s, err, "cannot add a tag")))
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	return TSU_OK;
}

int tsu_store_add_org_tags(struct tsu_store *st, int64_t org, size_t n,
			   const int64_t *tags, const char *const *spellings,
			   struct tsu_error *err)
{
	struct batch *b = &st->batch[B_LINK];
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (put_int(b, org) || put_int(b, tags[i]) ||
		    put_text(b, spellings[i]))
			return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
					     "out of memory");
		if ((rc = row_done(st, B_LINK, err)))
			return rc;
	}
	return TSU_OK;
}

int tsu_store_add_tie(struct tsu_store *st, int64_t snapshot, int64_t a,
		      int64_t b, double weight, const char *kind,
		      int from_partners, long line, struct tsu_error *err)
{
	struct batch *t = &st->batch[B_TIE];

	if (put_int(t, snapshot) || put_int(t, a < b ? a : b) ||
	    put_int(t, a < b ? b : a) || put_real(t, weight) ||
	    put_text(t, kind) ||
	    put_text(t, from_partners ? "partners" : "ties") ||
	    (line > 0 ? put_int(t, line) : put_null(t)))
		return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
				     "out of memory");
	return row_done(st, B_TIE, err);
}


/* --- reading a snapshot back -------------------------------------------- */

static int prepare(struct tsu_store *st, const char *sql, sqlite3_stmt **s,
		   struct tsu_error *err);

int tsu_store_each_org(struct tsu_store *st, const struct tsu_snapshot *snap,
		       int (*fn)(void *ctx, const struct tsu_org_row *o),
		       void *ctx, struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = flush_all(st, err)) ||
	    (rc = prepare(st, "SELECT id, key, name, sector, area, lat, lon,"
			      " line FROM org WHERE id BETWEEN ?1 AND ?2"
			      " ORDER BY id", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, snap->first_org);
	sqlite3_bind_int64(s, 2, snap->last_org);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct tsu_org_row o = {
			.id = sqlite3_column_int64(s, 0),
			.snapshot = snap->id,
			.key = (const char *)sqlite3_column_text(s, 1),
			.name = (const char *)sqlite3_column_text(s, 2),
			.sector = tsu_sector_from_name(
				(const char *)sqlite3_column_text(s, 3)),
			.area = (const char *)sqlite3_column_text(s, 4),
			.has_coords = sqlite3_column_type(s, 5) != SQLITE_NULL &&
				      sqlite3_column_type(s, 6) != SQLITE_NULL,
			.lat = sqlite3_column_double(s, 5),
			.lon = sqlite3_column_double(s, 6),
			.line = (long)sqlite3_column_int64(s, 7),
		};
		int r;

		if (!o.key || !o.name) {
			sqlite3_finalize(s);
			return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
					     "out of memory");
		}
		if (o.sector < 0)
			o.sector = TSU_SECTOR_OTHER;
		if ((r = fn(ctx, &o))) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? TSU_OK :
				   db_error(st, err, "cannot read the "
					    "organisations");
}

int tsu_store_each_tie(struct tsu_store *st, int64_t snapshot,
		       int (*fn)(void *ctx, int64_t a, int64_t b,
				 double weight),
		       void *ctx, struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = flush_all(st, err)) ||
	    (rc = prepare(st, "SELECT a, b, weight FROM tie"
			      " WHERE snapshot = ?1 ORDER BY id", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, snapshot);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int r = fn(ctx, sqlite3_column_int64(s, 0),
			   sqlite3_column_int64(s, 1),
			   sqlite3_column_double(s, 2));

		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? TSU_OK :
				   db_error(st, err, "cannot read the ties");
}

int tsu_store_each_link(struct tsu_store *st, const struct tsu_snapshot *snap,
			int (*fn)(void *ctx, int64_t org, int64_t tag, int kind),
			void *ctx, struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = flush_all(st, err)) ||
	    (rc = prepare(st, "SELECT l.org, l.tag, t.kind FROM org_tag l"
			      " JOIN tag t ON t.id = l.tag"
			      " WHERE l.org BETWEEN ?1 AND ?2"
			      " ORDER BY l.org, l.tag", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, snap->first_org);
	sqlite3_bind_int64(s, 2, snap->last_org);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int kind = tsu_tag_kind_from_name(
			(const char *)sqlite3_column_text(s, 2));
		int r;

		if (kind < 0) {
			sqlite3_finalize(s);
			return tsu_error_set(err, TSU_ESTORE, st->path, 0, 0,
					     "store is damaged: a tag of an "
					     "unknown kind");
		}
		r = fn(ctx, sqlite3_column_int64(s, 0),
		       sqlite3_column_int64(s, 1), kind);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? TSU_OK :
				   db_error(st, err, "cannot read the tags of "
					    "the organisations");
}

/* --- analysis results ---------------------------------------------------- */

static int bind_real_or_null(sqlite3_stmt *s, int i, double d)
{
	return isfinite(d) ? sqlite3_bind_double(s, i, d) :
			     sqlite3_bind_null(s, i);
}

int tsu_store_save_analysis(struct tsu_store *st,
			    const struct tsu_snapshot *snap,
			    const struct tsu_headline *h,
			    struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (st->version < 2)
		return tsu_error_set(err, TSU_ESTORE, st->path, 0, 0,
				     "store has schema version %d: open it "
				     "for writing to upgrade it", st->version);
	if ((rc = flush_all(st, err)) ||
	    (rc = prepare(st, "DELETE FROM org_metric"
			      " WHERE org BETWEEN ?1 AND ?2", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, snap->first_org);
	sqlite3_bind_int64(s, 2, snap->last_org);
	rc = step_done(st, s, err, "cannot replace an analysis");
	sqlite3_finalize(s);
	if (rc || (rc = prepare(st, "INSERT OR REPLACE INTO analysis (snapshot,"
				    " analysed_at, seed, resolution, runs,"
				    " sources, n_components, largest,"
				    " n_isolated, n_communities, modularity,"
				    " density, centralization, avg_path,"
				    " assortativity) VALUES (?1,"
				    " strftime('%Y-%m-%d %H:%M:%S','now'), ?2,"
				    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
				    " ?13, ?14)", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, snap->id);
	/* SQLite integers are signed: the seed is kept as its bit pattern */
	sqlite3_bind_int64(s, 2, (int64_t)h->seed);
	sqlite3_bind_double(s, 3, h->resolution);
	sqlite3_bind_int(s, 4, h->runs);
	sqlite3_bind_int64(s, 5, h->sources);
	sqlite3_bind_int64(s, 6, h->n_components);
	sqlite3_bind_int64(s, 7, h->largest);
	sqlite3_bind_int64(s, 8, h->n_isolated);
	sqlite3_bind_int64(s, 9, h->n_communities);
	bind_real_or_null(s, 10, h->modularity);
	bind_real_or_null(s, 11, h->density);
	bind_real_or_null(s, 12, h->centralization);
	bind_real_or_null(s, 13, h->avg_path);
	bind_real_or_null(s, 14, h->assortativity);
	rc = step_done(st, s, err, "cannot save the analysis");
	sqlite3_finalize(s);
	return rc;
}

static int put_real_or_null(struct batch *b, double d)
{
	return isfinite(d) ? put_real(b, d) : put_null(b);
}

int tsu_store_add_metric(struct tsu_store *st, const struct tsu_org_metric *m,
			 struct tsu_error *err)
{
	struct batch *b = &st->batch[B_METRIC];

	put_int(b, m->org);
	put_int(b, m->component);
	put_int(b, m->community);
	put_int(b, m->coreness);
	put_int(b, m->degree);
	put_int(b, m->peripheral);
	put_int(b, m->articulation);
	put_real(b, m->strength);
	put_real(b, m->betweenness);
	put_real(b, m->harmonic);
	put_real(b, m->eigenvector);
	put_real_or_null(b, m->constraint);
	put_real_or_null(b, m->effective_size);
	put_real_or_null(b, m->stability);
	return row_done(st, B_METRIC, err);
}

static double column_real(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ?
		       NAN : sqlite3_column_double(s, i);
}

int tsu_store_headline(struct tsu_store *st, int64_t snapshot,
		       struct tsu_headline *h, int *found,
		       struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	const char *at;
	int rc;

	*found = 0;
	memset(h, 0, sizeof(*h));
	if (st->version < 2)
		return TSU_OK;
	if ((rc = prepare(st, "SELECT analysed_at, seed, resolution, runs,"
			      " sources, n_components, largest, n_isolated,"
			      " n_communities, modularity, density,"
			      " centralization, avg_path, assortativity"
			      " FROM analysis WHERE snapshot = ?1", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, snapshot);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*found = 1;
		h->snapshot = snapshot;
		at = (const char *)sqlite3_column_text(s, 0);
		snprintf(h->analysed_at, sizeof(h->analysed_at), "%s",
			 at ? at : "");
		h->seed = (uint64_t)sqlite3_column_int64(s, 1);
		h->resolution = sqlite3_column_double(s, 2);
		h->runs = sqlite3_column_int(s, 3);
		h->sources = sqlite3_column_int64(s, 4);
		h->n_components = sqlite3_column_int64(s, 5);
		h->largest = sqlite3_column_int64(s, 6);
		h->n_isolated = sqlite3_column_int64(s, 7);
		h->n_communities = sqlite3_column_int64(s, 8);
		h->modularity = column_real(s, 9);
		h->density = column_real(s, 10);
		h->centralization = column_real(s, 11);
		h->avg_path = column_real(s, 12);
		h->assortativity = column_real(s, 13);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(st, err, "cannot read the analysis");
	return TSU_OK;
}

int tsu_store_communities(struct tsu_store *st, const struct tsu_snapshot *snap,
			  int64_t *community, int *found,
			  struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int64_t seen = 0;
	int rc;

	*found = 0;
	if (st->version < 2)
		return TSU_OK;
	if ((rc = prepare(st, "SELECT org, community FROM org_metric"
			      " WHERE org BETWEEN ?1 AND ?2 ORDER BY org",
			      &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, snap->first_org);
	sqlite3_bind_int64(s, 2, snap->last_org);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t v = sqlite3_column_int64(s, 0) - snap->first_org;
		int64_t c = sqlite3_column_int64(s, 1);

		if (v < 0 || v >= snap->n_orgs || c < 1 || c > snap->n_orgs) {
			sqlite3_finalize(s);
			return tsu_error_set(err, TSU_ESTORE, NULL, 0, 0,
					     "store is damaged: a stored "
					     "community out of range");
		}
		community[v] = c - 1;
		seen++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_error(st, err, "cannot read the analysis");
	*found = seen == snap->n_orgs;
	return TSU_OK;
}

/* --- feedback and match runs (version 3) ---------------------------------- */

static const char *const decision_name[TSU_DECISION_COUNT] = {
	[TSU_DECISION_MET] = "met",
	[TSU_DECISION_PARTNERED] = "partnered",
	[TSU_DECISION_DECLINED] = "declined",
	[TSU_DECISION_SKIP] = "skip",
};

const char *tsu_decision_name(int d)
{
	return d >= 0 && d < TSU_DECISION_COUNT ? decision_name[d] : "?";
}

static int decision_parse(const char *s)
{
	int d;

	for (d = 0; s && d < TSU_DECISION_COUNT; d++)
		if (strcmp(s, decision_name[d]) == 0)
			return d;
	return -1;
}

int tsu_store_add_feedback(struct tsu_store *st, const char *file,
			   const struct tsu_feedback *f, struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = prepare(st, "INSERT INTO feedback (org, partner, decision,"
			      " date, note, recorded_at, file, line) VALUES"
			      " (?1, ?2, ?3, ?4, ?5,"
			      " strftime('%Y-%m-%d %H:%M:%S','now'), ?6, ?7)",
			  &s, err)))
		return rc;
	bind_text(s, 1, f->org);
	bind_text(s, 2, f->partner);
	bind_text(s, 3, tsu_decision_name(f->decision));
	bind_text(s, 4, f->date);
	bind_text(s, 5, f->note);
	bind_text(s, 6, file);
	sqlite3_bind_int64(s, 7, f->line);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? TSU_OK :
				   db_error(st, err, "cannot store feedback");
}

int tsu_store_each_feedback(struct tsu_store *st,
			    int (*fn)(void *ctx, const struct tsu_feedback *f),
			    void *ctx, struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (st->version < 3)
		return TSU_OK;
	if ((rc = prepare(st, "SELECT id, org, partner, decision, date, note,"
			      " recorded_at, line FROM feedback ORDER BY id",
			  &s, err)))
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct tsu_feedback f = {
			.id = sqlite3_column_int64(s, 0),
			.org = (const char *)sqlite3_column_text(s, 1),
			.partner = (const char *)sqlite3_column_text(s, 2),
			.decision = decision_parse(
				(const char *)sqlite3_column_text(s, 3)),
			.date = (const char *)sqlite3_column_text(s, 4),
			.note = (const char *)sqlite3_column_text(s, 5),
			.recorded_at = (const char *)sqlite3_column_text(s, 6),
			.line = (long)sqlite3_column_int64(s, 7),
		};
		int r;

		if (!f.org || !f.partner || f.decision < 0) {
			sqlite3_finalize(s);
			return tsu_error_set(err, TSU_ESTORE, st->path, 0, 0,
					     "damaged feedback row %lld",
					     (long long)f.id);
		}
		if ((r = fn(ctx, &f))) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? TSU_OK :
				   db_error(st, err, "cannot read feedback");
}

int tsu_store_feedback_upto(struct tsu_store *st, int64_t *out,
			    struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = 0;
	if (st->version < 3)
		return TSU_OK;
	if ((rc = prepare(st, "SELECT coalesce(max(id), 0) FROM feedback", &s,
			  err)))
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? TSU_OK :
				  db_error(st, err, "cannot read feedback");
}

void tsu_match_run_release(struct tsu_match_run *r)
{
	free(r->pairs);
	memset(r, 0, sizeof(*r));
}

int tsu_store_match_runs(struct tsu_store *st, struct tsu_match_run out[2],
			 int *count, struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*count = 0;
	memset(out, 0, 2 * sizeof(*out));
	if (st->version < 3)
		return TSU_OK;
	if ((rc = prepare(st, "SELECT id, run_at, snapshot, feedback_upto,"
			      " pairs FROM match_run ORDER BY id DESC LIMIT 2",
			  &s, err)))
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct tsu_match_run *r = &out[*count];
		const void *blob = sqlite3_column_blob(s, 4);
		size_t len = (size_t)sqlite3_column_bytes(s, 4);
		const char *at = (const char *)sqlite3_column_text(s, 1);

		r->id = sqlite3_column_int64(s, 0);
		snprintf(r->run_at, sizeof(r->run_at), "%s", at ? at : "");
		r->snapshot = sqlite3_column_int64(s, 2);
		r->feedback_upto = sqlite3_column_int64(s, 3);
		r->n = len / sizeof(uint64_t);
		if (r->n && !(r->pairs = malloc(r->n * sizeof(uint64_t)))) {
			sqlite3_finalize(s);
			tsu_match_run_release(&out[0]);
			tsu_match_run_release(&out[1]);
			*count = 0;
			return tsu_error_oom(err);
		}
		if (r->n)
			memcpy(r->pairs, blob, r->n * sizeof(uint64_t));
		(*count)++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		tsu_match_run_release(&out[0]);
		tsu_match_run_release(&out[1]);
		*count = 0;
		return db_error(st, err, "cannot read the last match runs");
	}
	return TSU_OK;
}

int tsu_store_save_match_run(struct tsu_store *st, struct tsu_match_run *r,
			     int64_t replace, struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t bytes = r->n * sizeof(uint64_t);
	int rc;

	if (bytes > (size_t)INT32_MAX)
		return tsu_error_set(err, TSU_ELIMIT, st->path, 0, 0,
				     "too many suggestions to record");
	if ((rc = prepare(st, replace ?
			  "UPDATE match_run SET run_at = strftime('%Y-%m-%d"
			  " %H:%M:%S','now'), snapshot = ?2,"
			  " feedback_upto = ?3, n_pairs = ?4, pairs = ?5"
			  " WHERE id = ?1" :
			  "INSERT INTO match_run (run_at, snapshot,"
			  " feedback_upto, n_pairs, pairs) VALUES"
			  " (strftime('%Y-%m-%d %H:%M:%S','now'), ?2, ?3, ?4,"
			  " ?5)", &s, err)))
		return rc;
	if (replace)
		sqlite3_bind_int64(s, 1, replace);
	sqlite3_bind_int64(s, 2, r->snapshot);
	sqlite3_bind_int64(s, 3, r->feedback_upto);
	sqlite3_bind_int64(s, 4, (int64_t)r->n);
	sqlite3_bind_blob(s, 5, r->pairs ? (const void *)r->pairs : "",
			  (int)bytes, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_error(st, err, "cannot record the match run");
	r->id = replace ? replace : sqlite3_last_insert_rowid(st->db);
	/* only the last two runs' pairs are ever read again */
	return exec(st, "UPDATE match_run SET pairs = x'' WHERE id <"
			" (SELECT min(id) FROM (SELECT id FROM match_run"
			" ORDER BY id DESC LIMIT 2)) AND length(pairs) > 0",
		    err);
}

int tsu_store_each_snapshot(struct tsu_store *st,
			    int (*fn)(void *ctx, const struct tsu_snapshot *s),
			    void *ctx, struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = prepare(st, "SELECT " SNAPSHOT_COLS " FROM snapshot"
			      " ORDER BY id", &s, err)))
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct tsu_snapshot snap;
		int r;

		read_snapshot(s, &snap);
		if (!snap.imported_at || !snap.orgs_file ||
		    !snap.orgs_sha256 || !snap.encoding) {
			tsu_snapshot_release(&snap);
			sqlite3_finalize(s);
			return tsu_error_oom(err);
		}
		r = fn(ctx, &snap);
		tsu_snapshot_release(&snap);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? TSU_OK :
				   db_error(st, err, "cannot read snapshots");
}

/* The analysis of the summary's snapshot, if there is one. */
static int summary_analysis(struct tsu_store *st, struct tsu_summary *out,
			    int top, struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = tsu_store_headline(st, out->snap.id, &out->head,
				     &out->analysed, err)))
		return rc;
	if (!out->analysed || top <= 0)
		return TSU_OK;
	if ((rc = prepare(st, "SELECT o.key, o.name, m.betweenness, m.degree"
			      " FROM org_metric m JOIN org o ON o.id = m.org"
			      " WHERE m.org BETWEEN ?1 AND ?2 AND m.betweenness > 0"
			      " ORDER BY m.betweenness DESC, m.strength DESC,"
			      " m.org LIMIT ?3", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, out->snap.first_org);
	sqlite3_bind_int64(s, 2, out->snap.last_org);
	sqlite3_bind_int(s, 3, top);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct tsu_broker *p = realloc(out->brokers,
					       (out->n_brokers + 1) *
						       sizeof(*p));
		if (!p)
			break;
		out->brokers = p;
		p += out->n_brokers;
		p->key = column_dup(s, 0);
		p->name = column_dup(s, 1);
		p->betweenness = sqlite3_column_double(s, 2);
		p->degree = sqlite3_column_int64(s, 3);
		out->n_brokers++;
		if (!p->key || !p->name)
			break;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
				     "out of memory");
	return rc == SQLITE_DONE ? TSU_OK :
				   db_error(st, err, "cannot read the brokers");
}

/* --- summary ------------------------------------------------------------ */

static int prepare(struct tsu_store *st, const char *sql, sqlite3_stmt **s,
		   struct tsu_error *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK)
		return db_error(st, err, "cannot prepare a query");
	return TSU_OK;
}

/* Appends (label, n) to a count list; -1 on ENOMEM. */
static int push_count(struct tsu_count **list, size_t *n, const char *label,
		      int64_t count)
{
	struct tsu_count *p = realloc(*list, (*n + 1) * sizeof(**list));

	if (!p)
		return -1;
	*list = p;
	p[*n].label = strdup(label ? label : "");
	p[*n].n = count;
	if (!p[*n].label)
		return -1;
	(*n)++;
	return 0;
}

static int summary_sectors(struct tsu_store *st, struct tsu_summary *out,
			   struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = prepare(st, "SELECT sector, count(*) FROM org"
			      " WHERE id BETWEEN ?1 AND ?2 GROUP BY sector",
			  &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, out->snap.first_org);
	sqlite3_bind_int64(s, 2, out->snap.last_org);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int sec = tsu_sector_from_name(
			(const char *)sqlite3_column_text(s, 0));

		if (sec >= 0)
			out->by_sector[sec] = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? TSU_OK :
				   db_error(st, err, "cannot count sectors");
}

static int summary_areas(struct tsu_store *st, struct tsu_summary *out,
			 struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = prepare(st, "SELECT area, count(*) FROM org"
			      " WHERE id BETWEEN ?1 AND ?2 GROUP BY area"
			      " ORDER BY area IS NULL, 2 DESC, area", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, out->snap.first_org);
	sqlite3_bind_int64(s, 2, out->snap.last_org);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *area = (const char *)sqlite3_column_text(s, 0);

		if (!area) {
			out->no_area = sqlite3_column_int64(s, 1);
		} else if (push_count(&out->areas, &out->n_areas, area,
				      sqlite3_column_int64(s, 1)) < 0) {
			sqlite3_finalize(s);
			return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
					     "out of memory");
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? TSU_OK :
				   db_error(st, err, "cannot count areas");
}

/* A tag in use, for ranking. */
struct tag_use {
	int64_t n;
	char *label;
	char *norm;
};

static int cmp_tag_use(const void *x, const void *y)
{
	const struct tag_use *a = x, *b = y;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->norm, b->norm);
}

/*
 * Counts the snapshot's links per tag in one pass over org_tag (its rows
 * for the snapshot are one key range), then ranks each kind in memory:
 * one scan instead of a join and a sort per kind.
 */
static int count_links(struct tsu_store *st, const struct tsu_summary *out,
		       int64_t **counts, int64_t *maxid, struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*counts = NULL;
	if ((rc = prepare(st, "SELECT coalesce(max(id), 0) FROM tag", &s, err)))
		return rc;
	rc = sqlite3_step(s);
	*maxid = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_error(st, err, "cannot read the tags");
	*counts = calloc((size_t)*maxid + 1, sizeof(**counts));
	if (!*counts)
		return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
				     "out of memory");
	if ((rc = prepare(st, "SELECT tag FROM org_tag"
			      " WHERE org BETWEEN ?1 AND ?2", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, out->snap.first_org);
	sqlite3_bind_int64(s, 2, out->snap.last_org);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t t = sqlite3_column_int64(s, 0);

		if (t >= 0 && t <= *maxid)
			(*counts)[t]++;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? TSU_OK :
				   db_error(st, err, "cannot count tags");
}

static int summary_tags(struct tsu_store *st, struct tsu_summary *out,
			int top, struct tsu_error *err)
{
	struct tag_use *uses[TSU_TAG_KIND_COUNT] = { NULL };
	size_t nuse[TSU_TAG_KIND_COUNT] = { 0 }, i;
	int64_t *counts = NULL, maxid = 0;
	sqlite3_stmt *s = NULL;
	int rc, kind;

	if ((rc = count_links(st, out, &counts, &maxid, err)) ||
	    (rc = prepare(st, "SELECT id, kind, label, norm FROM tag", &s, err)))
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		struct tag_use *u;

		kind = tsu_tag_kind_from_name(
			(const char *)sqlite3_column_text(s, 1));
		if (kind < 0 || id > maxid || !counts[id])
			continue;
		u = realloc(uses[kind], (nuse[kind] + 1) * sizeof(*u));
		if (!u) {
			rc = SQLITE_NOMEM;
			break;
		}
		uses[kind] = u;
		u += nuse[kind]++;
		u->n = counts[id];
		u->label = strdup((const char *)sqlite3_column_text(s, 2));
		u->norm = strdup((const char *)sqlite3_column_text(s, 3));
		if (!u->label || !u->norm) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	rc = rc == SQLITE_DONE ? TSU_OK :
	     rc == SQLITE_NOMEM ? tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
						"out of memory") :
				  db_error(st, err, "cannot read the tags");
	for (kind = 0; !rc && kind < TSU_TAG_KIND_COUNT; kind++) {
		if (nuse[kind])
			qsort(uses[kind], nuse[kind], sizeof(*uses[kind]),
			      cmp_tag_use);
		out->n_distinct[kind] = (int64_t)nuse[kind];
		for (i = 0; !rc && i < nuse[kind] && i < (size_t)top; i++)
			if (push_count(&out->top[kind], &out->n_top[kind],
				       uses[kind][i].label, uses[kind][i].n) < 0)
				rc = tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
						   "out of memory");
	}
out:
	sqlite3_finalize(s);
	for (kind = 0; kind < TSU_TAG_KIND_COUNT; kind++) {
		for (i = 0; i < nuse[kind]; i++) {
			free(uses[kind][i].label);
			free(uses[kind][i].norm);
		}
		free(uses[kind]);
	}
	free(counts);
	return rc;
}

static int summary_ties(struct tsu_store *st, struct tsu_summary *out,
			struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int64_t tied = 0;
	int rc;

	if ((rc = prepare(st, "SELECT count(*), coalesce(sum(w), 0) FROM"
			      " (SELECT sum(weight) AS w FROM tie"
			      "  WHERE snapshot = ?1 GROUP BY a, b)", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, out->snap.id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->tie_pairs = sqlite3_column_int64(s, 0);
		out->tie_weight = sqlite3_column_double(s, 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_error(st, err, "cannot count ties");
	if ((rc = prepare(st, "SELECT count(*) FROM"
			      " (SELECT a FROM tie WHERE snapshot = ?1"
			      "  UNION SELECT b FROM tie WHERE snapshot = ?1)",
			  &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, out->snap.id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		tied = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_error(st, err, "cannot count ties");
	out->no_tie = out->snap.n_orgs - tied;
	return TSU_OK;
}

int tsu_store_summary(struct tsu_store *st, int64_t id, int top,
		      struct tsu_summary *out, struct tsu_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = flush_all(st, err)))
		return rc;
	rc = id ? tsu_store_get_snapshot(st, id, &out->snap, err) :
		  tsu_store_latest_snapshot(st, &out->snap, err);
	if (rc)
		return rc;
	if (!out->snap.id)
		return id ? tsu_error_set(err, TSU_EINPUT, st->path, 0, 0,
					  "no snapshot %lld in the store",
					  (long long)id) :
			    tsu_error_set(err, TSU_EINPUT, st->path, 0, 0,
					  "store is empty: run 'tsunagu "
					  "import' first");
	if ((rc = summary_sectors(st, out, err)) ||
	    (rc = summary_areas(st, out, err)) ||
	    (rc = summary_ties(st, out, err)) ||
	    (rc = summary_tags(st, out, top, err)) ||
	    (rc = summary_analysis(st, out, top, err)))
		tsu_summary_release(out);
	return rc;
}

static void free_counts(struct tsu_count *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i].label);
	free(list);
}

void tsu_summary_release(struct tsu_summary *s)
{
	int kind;
	tsu_snapshot_release(&s->snap);
	free_counts(s->areas, s->n_areas);
	size_t i;

	for (kind = 0; kind < TSU_TAG_KIND_COUNT; kind++)
		free_counts(s->top[kind], s->n_top[kind]);
	for (i = 0; i < s->n_brokers; i++) {
		free(s->brokers[i].key);
		free(s->brokers[i].name);
	}
	free(s->brokers);
	memset(s, 0, sizeof(*s));
}

/* --- every organisation's stored metrics (for `tsunagu export`) ---------- */

int tsu_store_metrics(struct tsu_store *st, const struct tsu_snapshot *snap,
		      struct tsu_org_metric *out, int *found,
		      struct tsu_error *err)
{
	sqlite3_stmt *s = NULL;
	int64_t seen = 0;
	int rc;

	*found = 0;
	if (st->version < 2)
		return TSU_OK;
	if ((rc = prepare(st, "SELECT org, component, community, coreness,"
			      " degree, peripheral, articulation, strength,"
			      " betweenness, harmonic, eigenvector,"
			      " burt_constraint, effective_size, stability"
			      " FROM org_metric WHERE org BETWEEN ?1 AND ?2"
			      " ORDER BY org", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, snap->first_org);
	sqlite3_bind_int64(s, 2, snap->last_org);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t v = sqlite3_column_int64(s, 0) - snap->first_org;
		struct tsu_org_metric *m;

		if (v < 0 || v >= snap->n_orgs) {
			sqlite3_finalize(s);
			return tsu_error_set(err, TSU_ESTORE, NULL, 0, 0,
					     "store is damaged: a stored "
					     "metric out of range");
		}
		m = &out[v];
		m->org = snap->first_org + v;
		m->component = sqlite3_column_int64(s, 1);
		m->community = sqlite3_column_int64(s, 2);
		m->coreness = sqlite3_column_int64(s, 3);
		m->degree = sqlite3_column_int64(s, 4);
		m->peripheral = sqlite3_column_int(s, 5);
		m->articulation = sqlite3_column_int(s, 6);
		m->strength = column_real(s, 7);
		m->betweenness = column_real(s, 8);
		m->harmonic = column_real(s, 9);
		m->eigenvector = column_real(s, 10);
		m->constraint = column_real(s, 11);
		m->effective_size = column_real(s, 12);
		m->stability = column_real(s, 13);
		seen++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_error(st, err, "cannot read the analysis");
	*found = seen == snap->n_orgs;
	return TSU_OK;
}
