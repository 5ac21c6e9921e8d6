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

#include "tsu_error.h"
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

#endif
