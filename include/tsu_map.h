/*
 * tsu_map.h - a string-keyed hash map to int64 values.
 *
 * Used where the import needs a lookup on every cell and a round trip to
 * SQLite would dominate the run time: organisation ids to store rows, and a
 * tag's spelling to its vocabulary id.  Keys are copied into memory the map
 * owns; values are plain integers.  Open addressing with linear probing,
 * grown at 50% load.  No deletion: the import only ever adds.
 */
#ifndef TSU_MAP_H
#define TSU_MAP_H

#include <stddef.h>
#include <stdint.h>

struct tsu_map {
	struct tsu__map_slot *slots;	/* NULL until the first put */
	size_t cap;			/* slots allocated, a power of two */
	size_t count;			/* keys stored */
	char **blocks;			/* key storage, freed on release */
	size_t nblocks;
	size_t block_used;		/* bytes used in the last block */
};
#define TSU_MAP_INIT { NULL, 0, 0, NULL, 0, 0 }

/*
 * Looks `key[0..len)` up: returns 1 and stores its value in *value (may be
 * NULL) when present, 0 when absent.
 */
int tsu_map_get(const struct tsu_map *m, const char *key, size_t len,
		int64_t *value);

/*
 * Adds or replaces `key`.  Returns 0, or -1 when memory runs out (the map is
 * unchanged then).
 */
int tsu_map_put(struct tsu_map *m, const char *key, size_t len, int64_t value);

void tsu_map_release(struct tsu_map *m);

#endif
