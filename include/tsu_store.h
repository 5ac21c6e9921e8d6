/*
 * tsu_store.h - the SQLite store: one file holds every imported snapshot.
 *
 * Schema (version TSU_STORE_VERSION in PRAGMA user_version):
 *   snapshot  one row per import that changed something: file names, SHA-256
 *             of each input, time, encoding, language, counts
 *   org       one row per organisation per snapshot; `key` is the id from
 *             the file, unique within a snapshot; `id` is the store's own,
 *             and a snapshot's ids are one range (snapshot.first_org to
 *             last_org), in the order of the file
 *   tag       the vocabulary: (kind, folded form) is unique, `label` is the
 *             first spelling seen, for display
 *   org_tag   organisation-tag links; `spelling` holds the organisation's own
 *             spelling when it differs from the tag's label, else NULL
 *   tie       existing collaborations as imported: one row per ties.csv row
 *             (origin 'ties') or per pair named only in a partners cell
 *             (origin 'partners', weight 1); always a < b; a pair's rows add up
 *   org_extra cells of columns the input contract does not know, kept as text
 *   analysis  (version 2) the headline numbers of the last `tsunagu analyze`
 *             of a snapshot, with the parameters that produced them
 *   org_metric (version 2) per organisation of an analysed snapshot: its
 *             component, community, coreness and centrality scores
 *   feedback  (version 3) outcomes of suggestions, one row per row of the
 *             files given to `tsunagu feedback`, by organisation id (key)
 *   match_run (version 3) each recorded match run: snapshot, the newest
 *             feedback it saw, and the pairs it suggested (hashes), so the
 *             next run can mark what is new
 *
 * An older store is upgraded in place when opened for writing; opened
 * read-only it is read as it is (it simply has no analysis).
 *
 * Ownership: a `struct tsu_store` owns the sqlite3 handle and its prepared
 * statements; tsu_store_close() releases all of them.  Every SQL statement is
 * prepared with bound parameters; no text from the data is ever spliced into
 * SQL.  Writers wrap their work in tsu_store_begin()/commit(); rollback()
 * leaves the file exactly as it was.  A second writer waits up to
 * TSU_STORE_BUSY_MS for the first, then fails with TSU_ESTORE.
 */
#ifndef TSU_STORE_H
#define TSU_STORE_H

#include <stdint.h>

#include "tsu_error.h"
#include "tsu_model.h"

#define TSU_STORE_VERSION 3
#define TSU_STORE_BUSY_MS 10000
#define TSU_STORE_DEFAULT "tsunagu.db"

struct tsu_store;

enum tsu_store_flags {
	TSU_STORE_READONLY = 1,	/* fail if the file does not exist */
	TSU_STORE_EXISTING = 2,	/* read-write, but fail if it does not exist */
};

/* What a snapshot row holds.  Strings belong to the struct (see release). */
struct tsu_snapshot {
	int64_t id;		/* 0 when there is no snapshot */
	char *imported_at;	/* UTC, "YYYY-MM-DD HH:MM:SS" */
	char *orgs_file;
	char *orgs_sha256;	/* 64 lower-case hex digits */
	char *ties_file;	/* NULL when imported without a ties file */
	char *ties_sha256;
	char *encoding;		/* "UTF-8" or "CP932" */
	int lang;		/* TSU_LANG_EN or TSU_LANG_JA */
	int64_t n_orgs;
	int64_t n_ties;		/* distinct tied pairs */
	int64_t n_tie_rows;	/* rows of ties.csv */
	int64_t n_links;	/* organisation-tag links */
	int64_t n_warnings;
	int64_t first_org;	/* the snapshot's organisations are the store */
	int64_t last_org;	/* ids first_org..last_org, all of them */
};
#define TSU_SNAPSHOT_INIT { 0 }
void tsu_snapshot_release(struct tsu_snapshot *s);

/* One organisation as the import hands it to the store. */
struct tsu_org_row {
	int64_t id;		/* store id, from tsu_store_next_org_id() + n */
	int64_t snapshot;
	const char *key;	/* id from the file, NFKC */
	const char *name;
	int sector;		/* enum tsu_sector */
	const char *sector_text;/* as written */
	const char *area;	/* NULL when empty */
	int has_coords;
	double lat, lon;
	long line;		/* line of the record in the input file */
};

/*
 * Opens (creating if needed, unless TSU_STORE_READONLY) the store at `path`
 * and brings its schema up to date.  *created tells whether this call made
 * the file and its schema (may be NULL).  A file that is not a tsunagu store, or
 * one from a newer version, is refused with TSU_ESTORE.
 */
int tsu_store_open(const char *path, int flags, struct tsu_store **out,
		   int *created, struct tsu_error *err);
void tsu_store_close(struct tsu_store *st);	/* NULL is fine */
const char *tsu_store_sqlite_version(void);

/*
 * BEGIN IMMEDIATE: takes the write lock now, waiting for another writer.
 * Fails with TSU_ESTORE if, meanwhile, the file was removed or replaced
 * (see tsu_store_discard_new()).
 */
int tsu_store_begin(struct tsu_store *st, struct tsu_error *err);

/*
 * For a store that tsu_store_open() created for an import that then
 * failed: removes the file, under an exclusive lock, if it still holds no
 * snapshot.  Returns 1 when it did.  Close the store afterwards.
 */
int tsu_store_discard_new(struct tsu_store *st);
int tsu_store_commit(struct tsu_store *st, struct tsu_error *err);
void tsu_store_rollback(struct tsu_store *st);

/* The newest snapshot (id 0 if the store is empty), or snapshot `id`. */
int tsu_store_latest_snapshot(struct tsu_store *st, struct tsu_snapshot *out,
			      struct tsu_error *err);
int tsu_store_get_snapshot(struct tsu_store *st, int64_t id,
			   struct tsu_snapshot *out, struct tsu_error *err);

/* Adds a snapshot row from `s` (its id is ignored) and sets s->id. */
int tsu_store_add_snapshot(struct tsu_store *st, struct tsu_snapshot *s,
			   struct tsu_error *err);
/* Writes the counts and language of `s` into its row. */
int tsu_store_update_snapshot(struct tsu_store *st,
			      const struct tsu_snapshot *s,
			      struct tsu_error *err);

/* The first free organisation id; the import numbers its rows from it. */
int tsu_store_next_org_id(struct tsu_store *st, int64_t *out,
			  struct tsu_error *err);
int tsu_store_add_org(struct tsu_store *st, const struct tsu_org_row *o,
		      struct tsu_error *err);
int tsu_store_add_extra(struct tsu_store *st, int64_t org, const char *name,
			const char *value, struct tsu_error *err);

/*
 * Calls `fn` for every tag in the vocabulary (to warm a lookup cache); stops
 * and returns fn's code if it returns non-zero.
 */
int tsu_store_each_tag(struct tsu_store *st,
		       int (*fn)(void *ctx, int64_t id, int kind,
				 const char *norm, const char *label),
		       void *ctx, struct tsu_error *err);
/* Adds a new tag; the caller has checked that (kind, norm) is absent. */
int tsu_store_add_tag(struct tsu_store *st, int kind, const char *norm,
		      const char *label, int64_t *id, struct tsu_error *err);
/*
 * Links organisation `org` to tags[0..n); spellings[i] is the organisation's
 * own spelling of tag i, NULL when it equals the tag's label.
 */
int tsu_store_add_org_tags(struct tsu_store *st, int64_t org, size_t n,
			   const int64_t *tags, const char *const *spellings,
			   struct tsu_error *err);
/* `kind` may be NULL; `line` 0 for ties from a partners cell. */
int tsu_store_add_tie(struct tsu_store *st, int64_t snapshot, int64_t a,
		      int64_t b, double weight, const char *kind,
		      int from_partners, long line, struct tsu_error *err);

/*
 * Reading a snapshot back, in store-id order (the order of the file): one
 * call per organisation (`o->id` is the store id; `o->key`, `o->name`,
 * `o->area` live until the callback returns; `o->sector_text` is NULL) and
 * one per tie row (a < b; a pair's rows add up).  A non-zero return from
 * `fn` stops the walk and is returned.
 */
int tsu_store_each_org(struct tsu_store *st, const struct tsu_snapshot *snap,
		       int (*fn)(void *ctx, const struct tsu_org_row *o),
		       void *ctx, struct tsu_error *err);
int tsu_store_each_tie(struct tsu_store *st, int64_t snapshot,
		       int (*fn)(void *ctx, int64_t a, int64_t b,
				 double weight),
		       void *ctx, struct tsu_error *err);

/*
 * Every organisation-tag link of a snapshot, in (organisation, tag) order,
 * with the tag's kind (enum tsu_tag_kind).
 */
int tsu_store_each_link(struct tsu_store *st, const struct tsu_snapshot *snap,
			int (*fn)(void *ctx, int64_t org, int64_t tag, int kind),
			void *ctx, struct tsu_error *err);

/* The headline numbers of an analysis (one per snapshot, the latest). */
struct tsu_headline {
	int64_t snapshot;
	char analysed_at[20];	/* UTC, "YYYY-MM-DD HH:MM:SS"; set on read */
	uint64_t seed;
	double resolution;
	int runs;		/* Leiden runs (seeds seed, seed+1, ...) */
	int64_t sources;	/* sampled path sources; 0 = exact */
	int64_t n_components;	/* counting isolated organisations */
	int64_t largest;	/* organisations in the largest component */
	int64_t n_isolated;
	int64_t n_communities;	/* of two or more organisations */
	double modularity;
	double density;
	double centralization;	/* degree centralisation, 0..1 */
	double avg_path;	/* steps, in the largest component */
	double assortativity;	/* nominal, by sector; NaN if undefined */
};

/* The headline of snapshot `snapshot`'s analysis; *found = 0 if none. */
int tsu_store_headline(struct tsu_store *st, int64_t snapshot,
		       struct tsu_headline *h, int *found,
		       struct tsu_error *err);

/*
 * Each organisation's stored community (0-based: 0 = the largest) in
 * community[0 .. n_orgs); *found = 1 when the snapshot's analysis holds
 * every organisation, else 0 (and community[] is partly written).
 */
int tsu_store_communities(struct tsu_store *st, const struct tsu_snapshot *snap,
			  int64_t *community, int *found,
			  struct tsu_error *err);

/* One organisation's analysis results (NaN for "not defined"). */
struct tsu_org_metric {
	int64_t org;		/* store id */
	int64_t component, community;	/* 1 = the largest */
	int64_t coreness, degree;
	int peripheral, articulation;
	double strength, betweenness, harmonic, eigenvector;
	double constraint, effective_size, stability;
};

/*
 * Replaces the analysis of h->snapshot (inside a transaction): the headline,
 * then tsu_store_add_metric() for each organisation.
 */
int tsu_store_save_analysis(struct tsu_store *st, const struct tsu_snapshot *snap,
			    const struct tsu_headline *h,
			    struct tsu_error *err);
int tsu_store_add_metric(struct tsu_store *st, const struct tsu_org_metric *m,
			 struct tsu_error *err);

/* A broker for the summary: name, id, normalised betweenness. */
struct tsu_broker {
	char *key;
	char *name;
	double betweenness;
	int64_t degree;
};

/* A label with a count, for the summary tables. */
struct tsu_count {
	char *label;
	int64_t n;
};

/* What `tsunagu summary` shows of one snapshot; see tsu_store_summary(). */
struct tsu_summary {
	struct tsu_snapshot snap;
	int64_t by_sector[TSU_SECTOR_COUNT];
	struct tsu_count *areas;	/* most organisations first */
	size_t n_areas;			/* distinct areas, all of them */
	int64_t no_area;		/* organisations with no area */
	struct tsu_count *top[TSU_TAG_KIND_COUNT];	/* most used first */
	size_t n_top[TSU_TAG_KIND_COUNT];
	int64_t n_distinct[TSU_TAG_KIND_COUNT];	/* distinct tags used */
	int64_t tie_pairs;		/* distinct tied pairs */
	double tie_weight;		/* sum of tie weights */
	int64_t no_tie;			/* organisations with no tie at all */
	int analysed;			/* 1 when `head` and `brokers` are set */
	struct tsu_headline head;
	struct tsu_broker *brokers;	/* highest betweenness first (then
					   strength, file order), only > 0 */
	size_t n_brokers;
};
#define TSU_SUMMARY_INIT { 0 }

/*
 * Fills `out` for snapshot `id` (0 = latest), listing at most `top` tags of
 * each kind, all areas and, when the snapshot was analysed, the headline
 * numbers and the `top` strongest brokers.  TSU_EINPUT when there is no such snapshot.
 */
int tsu_store_summary(struct tsu_store *st, int64_t id, int top,
		      struct tsu_summary *out, struct tsu_error *err);
void tsu_summary_release(struct tsu_summary *s);

/* --- history, feedback and match runs (version 3) ------------------------ */

/* Every snapshot, oldest first; `s` and its strings live during the call. */
int tsu_store_each_snapshot(struct tsu_store *st,
			    int (*fn)(void *ctx, const struct tsu_snapshot *s),
			    void *ctx, struct tsu_error *err);

enum tsu_decision {
	TSU_DECISION_MET,		/* they met: not suggested again */
	TSU_DECISION_PARTNERED,		/* they work together now: ditto */
	TSU_DECISION_DECLINED,		/* either side said no: never again */
	TSU_DECISION_SKIP,		/* lowered for the next run only */
	TSU_DECISION_COUNT
};
const char *tsu_decision_name(int d);	/* "met", ..., "skip" */

/* One feedback row.  Strings are borrowed (NULL for an empty date/note). */
struct tsu_feedback {
	int64_t id;			/* set on read */
	const char *org, *partner;	/* ids as in the file (NFKC) */
	int decision;			/* enum tsu_decision */
	const char *date;		/* "YYYY-MM-DD" or NULL */
	const char *note;
	const char *recorded_at;	/* set on read */
	long line;			/* in the feedback file */
};

/* Adds one row (inside the caller's transaction). */
int tsu_store_add_feedback(struct tsu_store *st, const char *file,
			   const struct tsu_feedback *f, struct tsu_error *err);
/* Every row, oldest first; a non-zero return from fn stops and is returned. */
int tsu_store_each_feedback(struct tsu_store *st,
			    int (*fn)(void *ctx, const struct tsu_feedback *f),
			    void *ctx, struct tsu_error *err);
/* The id of the newest feedback row, 0 when there is none. */
int tsu_store_feedback_upto(struct tsu_store *st, int64_t *out,
			    struct tsu_error *err);

/* A recorded match run and the pairs it suggested. */
struct tsu_match_run {
	int64_t id;
	char run_at[20];		/* UTC, "YYYY-MM-DD HH:MM:SS" */
	int64_t snapshot;
	int64_t feedback_upto;		/* newest feedback id it saw */
	size_t n;
	uint64_t *pairs;		/* sorted tsu_pair_hash() values */
};
void tsu_match_run_release(struct tsu_match_run *r);

/* The newest two runs, newest first, into out[0..*count). */
int tsu_store_match_runs(struct tsu_store *st, struct tsu_match_run out[2],
			 int *count, struct tsu_error *err);
/*
 * Records run `r` (sets r->id), or overwrites run `replace` when it is not
 * 0.  Older runs keep their row but drop their pairs: only the last two are
 * ever compared.
 */
int tsu_store_save_match_run(struct tsu_store *st, struct tsu_match_run *r,
			     int64_t replace, struct tsu_error *err);

/*
 * Every organisation's stored analysis results, into out[v] for vertex
 * v = org - snap->first_org (out holds snap->n_orgs entries; NaN where the
 * store has NULL).  *found = 1 when the snapshot's analysis covers every
 * organisation, else 0 (out[] is then partly written).  A version-1 store
 * has none.  Used by `tsunagu export`.
 */
int tsu_store_metrics(struct tsu_store *st, const struct tsu_snapshot *snap,
		      struct tsu_org_metric *out, int *found,
		      struct tsu_error *err);

#endif
