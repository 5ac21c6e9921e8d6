/* map.c - string-keyed open-addressing hash map; see tsu_map.h. */
#include "tsu_map.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (256 * 1024)

struct tsu__map_slot {
	const char *key;	/* NULL for an empty slot; points into blocks */
	size_t len;
	uint64_t hash;
	int64_t value;
};

/* FNV-1a, good enough for ids and tag spellings; never exposed. */
static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static struct tsu__map_slot *find(const struct tsu_map *m, const char *key,
				  size_t len, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);

	for (;;) {
		struct tsu__map_slot *s = &m->slots[i];

		if (!s->key)
			return s;
		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
			return s;
		i = (i + 1) & (m->cap - 1);
	}
}

int tsu_map_get(const struct tsu_map *m, const char *key, size_t len,
		int64_t *value)
{
	struct tsu__map_slot *s;

	if (!m->cap)
		return 0;
	s = find(m, key, len, hash_bytes(key, len));
	if (!s->key)
		return 0;
	if (value)
		*value = s->value;
	return 1;
}

static int grow(struct tsu_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 1024, i;
	struct tsu__map_slot *old = m->slots, *slots;
	size_t oldcap = m->cap;

	slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return -1;
	m->slots = slots;
	m->cap = cap;
	for (i = 0; i < oldcap; i++)
		if (old[i].key)
			*find(m, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
	return 0;
}

/* Copies a key into block storage; NULL on ENOMEM. */
static const char *store_key(struct tsu_map *m, const char *key, size_t len)
{
	char *dst;

	if (!m->nblocks || m->block_used + len + 1 > BLOCK_SIZE) {
		size_t size = len + 1 > BLOCK_SIZE ? len + 1 : BLOCK_SIZE;
		char **blocks = realloc(m->blocks,
					(m->nblocks + 1) * sizeof(*blocks));
		char *b;

		if (!blocks)
			return NULL;
		m->blocks = blocks;
		b = malloc(size);
		if (!b)
			return NULL;
		/* An oversized key gets a block of its own, already full. */
		m->blocks[m->nblocks++] = b;
		m->block_used = 0;
		if (size > BLOCK_SIZE) {
			memcpy(b, key, len);
			b[len] = '\0';
			m->block_used = BLOCK_SIZE;
			return b;
		}
	}
	dst = m->blocks[m->nblocks - 1] + m->block_used;
	memcpy(dst, key, len);
	dst[len] = '\0';
	m->block_used += len + 1;
	return dst;
}

int tsu_map_put(struct tsu_map *m, const char *key, size_t len, int64_t value)
{
	uint64_t h = hash_bytes(key, len);
	struct tsu__map_slot *s;

	if ((m->count + 1) * 2 > m->cap && grow(m) < 0)
		return -1;
	s = find(m, key, len, h);
	if (!s->key) {
		const char *copy = store_key(m, key, len);

		if (!copy)
			return -1;
		s->key = copy;
		s->len = len;
		s->hash = h;
		m->count++;
	}
	s->value = value;
	return 0;
}

void tsu_map_release(struct tsu_map *m)
{
	size_t i;

	for (i = 0; i < m->nblocks; i++)
		free(m->blocks[i]);
	free(m->blocks);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
