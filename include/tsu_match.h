/*
 * tsu_match.h - partner matching: what each organisation works on, offers
 * and needs, and (in later parts) the scores between organisations.
 *
 * Profiles.  A *concept* is one folded spelling (tsu_fold) across tag
 * kinds: the offer "会場" meets the need "会場", and the field "防災" is the
 * same theme as the interest "防災".  Each organisation has three sorted,
 * duplicate-free lists of concept ids: its themes (fields and interests),
 * its offers and its needs.  Document frequencies count organisations per
 * concept and list, for IDF weights.
 *
 * Ownership: a loaded `struct tsu_profiles` owns all its arrays and its
 * label pool; tsu_profiles_release() frees them.
 */
#ifndef TSU_MATCH_H
#define TSU_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include <igraph.h>

#include "tsu_analyze.h"
#include "tsu_error.h"
#include "tsu_graph.h"
#include "tsu_out.h"
#include "tsu_store.h"
#include "tsu_text.h"

enum tsu_list {
	TSU_LIST_THEME,		/* fields and interests */
	TSU_LIST_OFFER,
	TSU_LIST_NEED,
	TSU_LIST_COUNT
};

struct tsu_profiles {
	int64_t n;			/* organisations; index = vertex */
	int64_t first_org;		/* store id of organisation 0 */
	uint32_t n_concepts;
	size_t *label;			/* per concept: offset in pool */
	char *pool;
	/* per list: CSR over organisations, and document frequencies */
	size_t *start[TSU_LIST_COUNT];	/* n + 1 offsets into ids[] */
	uint32_t *ids[TSU_LIST_COUNT];	/* concept ids, sorted per org */
	uint32_t *df[TSU_LIST_COUNT];	/* per concept: organisations */
};

int tsu_profiles_load(struct tsu_store *st, const struct tsu_snapshot *snap,
		      struct tsu_profiles *out, struct tsu_error *err);
void tsu_profiles_release(struct tsu_profiles *p);	/* zeroed or loaded */

/* The concepts of organisation v in list l: *ids, count returned. */
static inline size_t tsu_profile_list(const struct tsu_profiles *p, int64_t v,
				      int l, const uint32_t **ids)
{
	*ids = p->ids[l] + p->start[l][v];
	return p->start[l][v + 1] - p->start[l][v];
}

static inline const char *tsu_concept_label(const struct tsu_profiles *p,
					    uint32_t c)
{
	return p->pool + p->label[c];
}

/*
 * Scores.  Each part is in [0, 1]; the score is their weighted sum with
 * weights that add up to 1 (see tsu_match_weights):
 *   themes      IDF-weighted cosine of the two theme lists: the sum over
 *               shared themes of idf^2 over the product of the lists'
 *               norms.  idf(c) = ln((1 + n) / (1 + df)) + 1, so a theme few
 *               organisations have says more than a common one.
 *   complement  cover(a->b): each of b's needs that a offers counts its
 *               share of b's needs (IDF-weighted) times its rarity, the
 *               offer's idf over the largest idf there can be (an offer
 *               only one organisation makes): a venue half the region
 *               offers meets a need less specially than a rare skill.
 *               The part is 1 - (1 - cover(a->b)) (1 - cover(b->a)): an
 *               exchange both ways scores above the same offer one way.
 *   cross       from a sector-pair table: 1 across sectors, 0 within one,
 *               0.5 with "other" (configurable).
 *   proximity   1 in the same area; else exp(-km / proximity_km) when
 *               both have coordinates; else 0.
 *   mutual      1 - exp(-2 RA), RA the resource-allocation index: the sum
 *               over common partners z of 1 / degree(z) - someone who can
 *               introduce them, the more so if they have few partners.
 * All parts are symmetric in a and b; so is the score.  Default weights:
 * themes 0.25, complement 0.25, cross 0.05, proximity 0.10, mutual 0.35.
 * On a generated list of 10k organisations with 10% of its ties hidden
 * they put 28% of the hidden ties in the top-10 lists (themes 0.30 and
 * complement 0.35 found 9%), and keep the bundled dataset's planted
 * offer-meets-need pairs in the top 5.
 */
struct tsu_match_weights {
	double themes, complement, cross, proximity, mutual;
};
#define TSU_MATCH_WEIGHTS_INIT { 0.25, 0.25, 0.05, 0.10, 0.35 }

struct tsu_parts {
	double themes, complement, cross, proximity, mutual;
	double cover_ab, cover_ba;	/* the two directions of complement */
	double km;			/* distance, NaN when unknown */
	double score;
};

/* What scoring reads: borrows the graph and the profiles. */
struct tsu_matcher {
	const struct tsu_graph *gr;
	const struct tsu_profiles *p;
	struct tsu_match_weights w;	/* normalised to add up to 1 */
	double cross[TSU_SECTOR_COUNT][TSU_SECTOR_COUNT];
	double proximity_km;
	double idf_max;			/* idf of a concept only one has */
	double *idf[TSU_LIST_COUNT];	/* per concept */
	double *theme_norm;		/* per organisation */
	double *need_mass;		/* per organisation: sum of its needs'
					   offer-IDF */
	double *lat, *lon, *coslat;	/* per organisation, radians; NaN
					   when not given */
	double *inv_deg;		/* per organisation: 1 / partners */
	igraph_adjlist_t adj;		/* sorted neighbour lists */
	/* feedback (tsu_matcher_feedback): per organisation, CSR */
	int64_t *fb_start;		/* NULL: none; else n + 1 offsets */
	int64_t *fb_other;		/* the other organisation */
	unsigned char *fb_low;		/* 1 lowered, 0 never suggested */
	int ready;
};

/*
 * What can be configured (--config FILE, see tsu_match_config_load(), and
 * flags): the weights, the sector-pair table of the cross part, the
 * distance scale of proximity, and the command's limits.
 */
struct tsu_match_config {
	struct tsu_match_weights w;
	double cross[TSU_SECTOR_COUNT][TSU_SECTOR_COUNT];	/* symmetric */
	double proximity_km;		/* 5 */
	int top, spread, budget;	/* 10, 0 (= 2 top), 150 */
	int loose;			/* loose ties per group, 3; 0 none */
};

void tsu_match_config_defaults(struct tsu_match_config *c);

/*
 * Sets one key ("themes", "complement", "cross", "proximity", "mutual",
 * "proximity_km", "top", "spread", "budget", "loose", or "cross.A.B" with A
 * and B sector names, which sets both A.B and B.A) from text.  Returns 0,
 * -1 for an unknown key, -2 for a value out of range.
 */
int tsu_match_config_set(struct tsu_match_config *c, const char *key,
			 const char *value);

/*
 * Reads a configuration file: UTF-8 lines "key = value"; '#' starts a
 * comment; blank lines are skipped.  An error names the file, line and
 * column (TSU_EINPUT; TSU_EIO when unreadable), and leaves `c` as it was.
 */
int tsu_match_config_load(const char *path, struct tsu_match_config *c,
			  struct tsu_error *err);

/* `cfg` NULL: the defaults.  Weights must be >= 0 and not all 0. */
int tsu_matcher_init(struct tsu_matcher *m, const struct tsu_graph *gr,
		     const struct tsu_profiles *p,
		     const struct tsu_match_config *cfg, struct tsu_error *err);
void tsu_matcher_release(struct tsu_matcher *m);

void tsu_match_pair(const struct tsu_matcher *m, int64_t a, int64_t b,
		    struct tsu_parts *out);

/*
 * Suggestions for every organisation.  No all-pairs loop: each
 * organisation's candidates come, up to a budget, from
 *   1. its two-step neighbourhood (partners of its partners),
 *   2. the organisations whose offers meet its needs, and whose needs its
 *      offers meet, rarest concept first,
 *   3. the organisations sharing a theme with it, rarest first;
 * a concept held by more organisations than the budget has left gives the
 * ones in the same area first (then the others), starting at a place
 * fixed by the organisation's number, so that common concepts do not
 * always give the same few.  Existing partners and the organisation
 * itself are never candidates.  Every candidate is scored in full, and
 * the best `pool` (3 K) kept, highest score first, then file order.
 *
 * Fair spread: the lists are then filled in one pass over all those
 * proposals from the highest score down (ties: file order of the
 * organisation, then of the partner); a proposal is taken when the
 * organisation's list has fewer than K and the partner appears in fewer
 * than `spread` lists (default 2 K).  So a popular hub cannot fill every
 * list, and a list may have fewer than K when its candidates are all
 * taken.
 */
struct tsu_match_opts {
	int k;				/* suggestions per organisation */
	int spread;			/* lists one partner may appear in;
					   0 = 2 k */
	int budget;			/* candidates per organisation */
	int workers;			/* 0 = tsu_pool_workers() */
	void (*progress)(void *ctx, const char *stage, double done);
	void *progress_ctx;
};
#define TSU_MATCH_OPTS_INIT { 10, 0, 150, 0, NULL, NULL }

struct tsu_suggestion {
	int64_t a, b;			/* organisations (vertices) */
	double score;
};

struct tsu_matches {
	int64_t n;
	size_t *start;			/* n + 1 offsets into list[] */
	struct tsu_suggestion *list;	/* per organisation, best first */
	int64_t candidates;		/* pairs scored in all */
	unsigned char *fresh;		/* per list entry: 1 new since the
					   last run (tsu_runs_mark); NULL:
					   not known, the column is empty */
};

/*
 * Appends to `out` the reason for suggesting b to a, one sentence in `lang`
 * naming the concrete items (rarest first, at most three of each): what
 * each offers that the other needs, the themes they share, the sectors,
 * the area or the distance, and common partners.
 */
int tsu_match_why(const struct tsu_matcher *m, int64_t a, int64_t b,
		  const struct tsu_parts *parts, int lang, struct tsu_buf *out);

/*
 * Feedback on earlier suggestions (see tsu_feedback.h): pairs of
 * organisations (vertices) never to suggest again (lowered = 0: declined,
 * met, partnered) or to lower this time (lowered = 1: skip), their score
 * multiplied by TSU_SKIP_FACTOR wherever candidates are scored
 * (tsu_match_all, tsu_finder, hence loose ties).  Symmetric; a pair both
 * blocked and lowered is blocked.  tsu_match_pair() is unchanged: explain
 * and score show a pair's own score.  Replaces any earlier call's pairs.
 */
#define TSU_SKIP_FACTOR 0.5
struct tsu_fb_pair {
	int64_t a, b;
	int lowered;
};
int tsu_matcher_feedback(struct tsu_matcher *m, const struct tsu_fb_pair *p,
			 size_t n, struct tsu_error *err);
/* 0: no feedback on (a, b); 1: never suggested; 2: lowered. */
int tsu_match_feedback_of(const struct tsu_matcher *m, int64_t a, int64_t b);

/* 1 when a and b are partners already. */
int tsu_match_tied(const struct tsu_matcher *m, int64_t a, int64_t b);

/* 1 when v has no theme, offer, need or tie: nothing to match on. */
int tsu_match_no_data(const struct tsu_matcher *m, int64_t v);

int tsu_match_all(const struct tsu_matcher *m, const struct tsu_match_opts *o,
		  struct tsu_matches *out, struct tsu_error *err);
void tsu_matches_release(struct tsu_matches *r);

/*
 * One organisation's candidates, found and scored as tsu_match_all() does
 * (for loose ties and other searches): tsu_finder_run() returns those of
 * score > 0, in the order found, in an array the finder owns until its
 * next call.  Builds the inverted index once; not shared across processes
 * while running (each forked worker has its own copy).
 */
struct tsu_finder;
struct tsu_candidate {
	int64_t b;
	double score;		/* tsu_match_pair()'s score, to the bit */
};

int tsu_finder_new(const struct tsu_matcher *m, int budget,
		   struct tsu_finder **out, struct tsu_error *err);
size_t tsu_finder_run(struct tsu_finder *f, int64_t a,
		      const struct tsu_candidate **out);
void tsu_finder_free(struct tsu_finder *f);	/* NULL is fine */

/*
 * Loose ties (loose.c): a few light introductions for each group that is
 * cut off, and for the large communities that have no tie between them.
 *
 * Groups: every cut-off group of the analysis (isolated_groups.csv:
 * isolated organisations, components apart from the main one, one-sector
 * communities, sectors and areas with no tie outside), and each pair of
 * the `communities` largest communities of `small` or more members with
 * no tie between them ("communities").  Candidates: for a cut-off group,
 * those tsu_finder finds for its members (all of a group of up to
 * `members`, else the `members` with most partners), kept when they are
 * outside the group (a one-sector community: in another sector); for a
 * pair, the `members` of each community with most for the other (themes
 * they share, offers the other needs, needs the other offers, by idf^2),
 * every pair of them scored.
 *
 * value = compatibility x bridging, compatibility = the match score, and
 *   bridging = kind x (1 - exp(-reach / TSU_LOOSE_REACH_SCALE)),
 * kind 1 when the tie would join two components, 0.5 two communities,
 * 0.25 otherwise; reach = the organisations that come within two steps of
 * either end (the other end and its partners, less those already there).
 *
 * Choice: from the best value down, a proposal is taken while its group
 * has fewer than `per_group`, neither end already meets someone for this
 * group (an isolated organisation meets several), and the partner is in
 * fewer than `spread` loose ties in all; a group with no candidate gets
 * one row that says why (b = -1).  Output: groups in the order above,
 * each ranked by value.
 */
#define TSU_LOOSE_PAIR 5	/* kind after enum tsu_cutoff_kind's */
#define TSU_LOOSE_REACH_SCALE 5.0

struct tsu_loose_opts {
	int per_group;		/* introductions per group (3) */
	int spread;		/* loose ties one partner may be in (3) */
	int members;		/* members of a group searched from (40) */
	int communities;	/* largest communities paired (12) */
	int budget;		/* candidates per member (150) */
	void (*progress)(void *ctx, const char *stage, double done);
	void *progress_ctx;
};
#define TSU_LOOSE_OPTS_INIT { 3, 3, 40, 12, 150, NULL, NULL }

struct tsu_loose_tie {
	int kind;		/* enum tsu_cutoff_kind, or TSU_LOOSE_PAIR */
	int64_t group, group2;	/* as in isolated_groups.csv, 0-based;
				   group2: a pair's second community */
	int64_t size;		/* organisations in the group(s) */
	int32_t gi;		/* group number, in output order */
	int rank;		/* 1 = best for the group */
	int64_t a, b;		/* a in the group meets b; b = -1: none */
	int64_t reach;
	double compatibility, bridging, value;
};

struct tsu_loose {
	struct tsu_loose_tie *list;
	size_t n;
	unsigned char *fresh;	/* per tie, as tsu_matches.fresh */
};

int tsu_loose_ties(const struct tsu_matcher *m, const struct tsu_analysis *an,
		   const struct tsu_loose_opts *o, struct tsu_loose *out,
		   struct tsu_error *err);
void tsu_loose_release(struct tsu_loose *l);
double tsu_loose_bridging(const struct tsu_analysis *an, int64_t a, int64_t b,
			  int64_t reach);
/* "component 7 (3) ↔ the main network (950)" and the like, in lang. */
void tsu_loose_joins(const struct tsu_analysis *an,
		     const struct tsu_loose_tie *t, int lang, char *buf,
		     size_t len);
/* The match reason, then what the tie would join and its reach. */
int tsu_loose_why(const struct tsu_matcher *m, const struct tsu_analysis *an,
		  const struct tsu_loose_tie *t, int lang, struct tsu_buf *out);
/* loose_ties.csv's header and rows to `o`; the errno of a failure, or 0. */
int tsu_loose_write(struct tsu_out *o, const struct tsu_matcher *m,
		    const struct tsu_analysis *an, const struct tsu_loose *l,
		    int lang);

/* --- CSV (match_csv.c) --------------------------------------------------- */

/* The score and its parts, as columns, in the order tsu_match_cells()
   writes them: numbers in [0, 1] with six decimals (tsu_out_unit). */
#define TSU_MATCH_PART_COLUMNS "score,themes,complement,cross,proximity,mutual"
void tsu_match_cells(struct tsu_out *o, const struct tsu_parts *p);

/* Why organisation v has no suggestion, in `lang`: "not enough data" when
   it has nothing to match on, else "no suggestion". */
const char *tsu_match_empty_reason(const struct tsu_matcher *m, int64_t v,
				   int lang);

/*
 * Writes matches.csv's header and rows to `o`: per organisation in file
 * order, its suggestions best first (org_id, org_name, rank, partner_id,
 * partner_name, partner_sector, the parts, why, new), or one row with only
 * the empty reason.  new is 1 for a suggestion new since the last run, 0
 * for one suggested then too (see tsu_feedback.h), empty when not known.
 * A pair lowered by feedback (skip) shows the lowered score it was ranked
 * by, and says so at the end of its reason; its parts are its own.  Rows are formatted on `workers` processes and written in
 * order; the caller closes `o`.
 */
int tsu_match_write(struct tsu_out *o, const struct tsu_matcher *m,
		    const struct tsu_matches *r, int lang, int workers,
		    struct tsu_error *err);

#endif
