/*
 * tsu_feedback.h - what became of the suggestions, and which are new.
 *
 * Feedback file (`tsunagu feedback FILE.csv`): one row per outcome,
 *     org_id,partner_id,decision[,date][,note]
 * ids as in the organisation list (NFKC, trimmed; both must be in the
 * newest snapshot), decision one of met, partnered, declined, skip (any
 * case; the Japanese 面会 / 会った, 連携 / 協働, 辞退 / お断り, 見送り /
 * 保留 too), date YYYY-MM-DD or YYYY/MM/DD (full-width digits read), note
 * free text.  A first row whose first cell is not an organisation id and
 * whose third is not a decision is a header.  UTF-8 (a BOM is skipped) or
 * Excel's CP932, as tsu_csv reads.  Every row is checked before anything
 * is stored; the first bad one is an error naming FILE:LINE:COLUMN and the
 * store is left as it was.
 *
 * What it does to matching (tsu_feedback_pairs() then
 * tsu_matcher_feedback()): a pair declined by either side is never
 * suggested again; a pair that met or partnered is not suggested again
 * either and counts as introduced; a skipped pair's score is lowered
 * (TSU_SKIP_FACTOR) for the next run only: by runs whose baseline (see
 * below) saw no feedback newer than the skip.
 *
 * Runs and what is new.  A *run* is one computation of suggestions (match,
 * report, run) recorded in the store with the pairs it suggested (matches
 * and loose ties, as hashes of the unordered pair of ids).  A suggestion is
 * *new* when its pair is not in the baseline run's pairs.  The baseline is
 * the newest recorded run, unless that run was made on the same snapshot
 * with the same feedback (a repeat: report after run, match twice), in
 * which case it is the run before it and the repeat replaces the newest
 * record.  So a repeat gives the same marks and the same skips, bit for
 * bit, and "new since the last run" means since the data last changed.
 * With no baseline, every suggestion is new.
 */
#ifndef TSU_FEEDBACK_H
#define TSU_FEEDBACK_H

#include <stddef.h>
#include <stdint.h>

#include "tsu_error.h"
#include "tsu_graph.h"
#include "tsu_match.h"
#include "tsu_store.h"

/*
 * Reads and checks FILE against graph `gr` (the newest snapshot's); then,
 * and only then, opens the store at `db` for writing and stores every row
 * in one transaction.  *rows gets the number stored.
 */
int tsu_feedback_import(const char *db, const char *path,
			const struct tsu_graph *gr, size_t *rows,
			struct tsu_error *err);

/* The decision named by s[0..n) (see above), or -1. */
int tsu_decision_parse(const char *s, size_t n);

/*
 * Feedback as pairs of `gr`'s vertices for tsu_matcher_feedback(): every
 * declined, met or partnered pair, and skipped pairs whose feedback id is
 * above `skip_after`.  Rows naming an organisation not in `gr` are left
 * out.  *introduced (may be NULL) gets the distinct met or partnered pairs
 * of `gr`.  *pairs is malloc'd (NULL when there is none).
 */
int tsu_feedback_pairs(struct tsu_store *st, const struct tsu_graph *gr,
		       int64_t skip_after, struct tsu_fb_pair **pairs,
		       size_t *n, int64_t *introduced, struct tsu_error *err);

/* A 64-bit hash of the unordered pair of ids {a, b}. */
uint64_t tsu_pair_hash(const char *a, const char *b);

/* The earlier runs, as they bear on a run on snapshot `snapshot` now. */
struct tsu_runs {
	struct tsu_match_run last[2];	/* newest first */
	int count;
	int64_t snapshot;
	int64_t feedback_upto;		/* newest feedback now */
	int repeat;			/* last[0] is this run's repeat */
	const struct tsu_match_run *base;	/* NULL: none, all is new */
	int64_t skip_after;		/* skips newer than this apply */
};

int tsu_runs_load(struct tsu_store *st, int64_t snapshot, struct tsu_runs *r,
		  struct tsu_error *err);
void tsu_runs_release(struct tsu_runs *r);

/* 1 when the pair (a, b) of gr's vertices is new (see above). */
int tsu_runs_is_new(const struct tsu_runs *r, const struct tsu_graph *gr,
		    int64_t a, int64_t b);

/*
 * Marks each suggestion of `m` and each loose tie of `l` (may be NULL) new
 * or not: fills m->fresh and l->fresh (malloc'd, released with them).
 */
int tsu_runs_mark(const struct tsu_runs *r, const struct tsu_graph *gr,
		  struct tsu_matches *m, struct tsu_loose *l,
		  struct tsu_error *err);

/*
 * Records this run's pairs (suggestions and loose ties) in the store at
 * `db`, opened for writing, in its own transaction; a repeat replaces the
 * newest record.
 */
int tsu_runs_record(const char *db, const struct tsu_runs *r,
		    const struct tsu_graph *gr, const struct tsu_matches *m,
		    const struct tsu_loose *l, struct tsu_error *err);

#endif
