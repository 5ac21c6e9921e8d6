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

#include "tsu_error.h"
#include "tsu_graph.h"
#include "tsu_store.h"

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
 *   complement  cover(a->b) = what a offers that b needs, as a share of
 *               b's needs, each need weighted by the IDF of the offer
 *               (a rare offer is worth more); the part is
 *               1 - (1 - cover(a->b)) (1 - cover(b->a)): an exchange both
 *               ways scores above the same offer one way.
 *   cross       from a sector-pair table: 1 across sectors, 0 within one,
 *               0.5 with "other" (configurable).
 *   proximity   1 in the same area; else exp(-km / proximity_km) when
 *               both have coordinates; else 0.
 *   mutual      1 - exp(-2 RA), RA the resource-allocation index: the sum
 *               over common partners z of 1 / degree(z) - someone who can
 *               introduce them, the more so if they have few partners.
 * All parts are symmetric in a and b; so is the score.
 */
struct tsu_match_weights {
	double themes, complement, cross, proximity, mutual;
};
#define TSU_MATCH_WEIGHTS_INIT { 0.30, 0.35, 0.10, 0.10, 0.15 }

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
	double *idf[TSU_LIST_COUNT];	/* per concept */
	double *theme_norm;		/* per organisation */
	double *need_mass;		/* per organisation: sum of its needs'
					   offer-IDF */
	igraph_adjlist_t adj;		/* sorted neighbour lists */
	int ready;
};

/* `w` NULL: the defaults.  Weights must be >= 0 and not all 0. */
int tsu_matcher_init(struct tsu_matcher *m, const struct tsu_graph *gr,
		     const struct tsu_profiles *p,
		     const struct tsu_match_weights *w, struct tsu_error *err);
void tsu_matcher_release(struct tsu_matcher *m);

void tsu_match_pair(const struct tsu_matcher *m, int64_t a, int64_t b,
		    struct tsu_parts *out);

#endif
