/*
 * tsu_model.h - the vocabulary every stage shares: sectors, tag kinds and
 * the language of labels.
 *
 * Sectors are a closed set (the input contract lists them); tags are open
 * and live in the store.  Canonical names ("npo", "field") are what the
 * store and the CSV outputs hold; labels are for people, in English or
 * Japanese.
 */
#ifndef TSU_MODEL_H
#define TSU_MODEL_H

#include <stddef.h>

enum tsu_sector {
	TSU_SECTOR_NPO,
	TSU_SECTOR_BUSINESS,
	TSU_SECTOR_GOVERNMENT,
	TSU_SECTOR_EDUCATION,
	TSU_SECTOR_COMMUNITY,
	TSU_SECTOR_OTHER,
	TSU_SECTOR_COUNT
};

enum tsu_tag_kind {
	TSU_TAG_FIELD,		/* activity field (活動分野) */
	TSU_TAG_INTEREST,	/* theme it wants to work on (関心) */
	TSU_TAG_OFFER,		/* what it can give (提供できること) */
	TSU_TAG_NEED,		/* what it looks for (困りごと) */
	TSU_TAG_KIND_COUNT
};

enum tsu_lang {
	TSU_LANG_EN,
	TSU_LANG_JA,
	TSU_LANG_AUTO = -1	/* follow the data */
};

/* "npo", "business", ...; NULL for an out-of-range value. */
const char *tsu_sector_name(int sector);
/* "NPO" / "NPO・市民活動団体", ... */
const char *tsu_sector_label(int sector, int lang);
/* Sector from the folded text of a cell (see tsu_fold()), -1 if unknown. */
int tsu_sector_from_folded(const char *folded);
/* Sector from its canonical name, -1 if unknown. */
int tsu_sector_from_name(const char *name);
/* The accepted spellings, for an error message: "npo, business, ...". */
const char *tsu_sector_accepted(void);

const char *tsu_tag_kind_name(int kind);	/* "field", "interest", ... */
const char *tsu_tag_kind_label(int kind, int lang);
int tsu_tag_kind_from_name(const char *name);	/* -1 if unknown */

/* TSU_LANG_EN or TSU_LANG_JA from "en"/"ja"; -1 otherwise. */
int tsu_lang_from_name(const char *name);
const char *tsu_lang_name(int lang);

#endif
