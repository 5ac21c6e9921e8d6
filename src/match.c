/* match.c - partner matching; see tsu_match.h. */
#include "tsu_match.h"

#include <stdlib.h>
#include <string.h>

#include "tsu_map.h"

static int oom(struct tsu_error *err)
{
	return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0, "out of memory");
}

/* --- profiles ------------------------------------------------------------ */

/* A growable array of (organisation, concept) links of one list. */
struct links {
	uint64_t *v;		/* organisation << 32 | concept */
	size_t n, cap;
};

struct loader {
	struct tsu_profiles *p;
	struct tsu_map concepts;	/* folded spelling -> concept id */
	uint32_t *tag_concept;		/* per tag id */
	size_t n_tags;
	size_t pool_len, pool_cap;
	struct links links[TSU_LIST_COUNT];
	struct tsu_error *err;
};

static int add_concept_label(struct loader *L, const char *label,
			     uint32_t c)
{
	struct tsu_profiles *p = L->p;
	size_t n = strlen(label) + 1;

	if ((c & (c - 1)) == 0) {	/* 0, 1, 2, 4, ...: grow */
		size_t *q = realloc(p->label, (c ? 2 * (size_t)c : 1) *
						      sizeof(*q));

		if (!q)
			return oom(L->err);
		p->label = q;
	}
	if (L->pool_cap - L->pool_len < n) {
		size_t cap = L->pool_cap ? L->pool_cap : 4096;
		char *q;

		while (cap - L->pool_len < n)
			cap *= 2;
		if (!(q = realloc(p->pool, cap)))
			return oom(L->err);
		p->pool = q;
		L->pool_cap = cap;
	}
	memcpy(p->pool + L->pool_len, label, n);
	p->label[c] = L->pool_len;
	L->pool_len += n;
	return TSU_OK;
}

static int on_tag(void *ctx, int64_t id, int kind, const char *norm,
		  const char *label)
{
	struct loader *L = ctx;
	int64_t c;

	(void)kind;
	if (id < 0 || id > UINT32_MAX)
		return tsu_error_set(L->err, TSU_ESTORE, NULL, 0, 0,
				     "store is damaged: tag id %lld",
				     (long long)id);
	if ((size_t)id >= L->n_tags) {
		size_t n = L->n_tags ? L->n_tags : 256;
		uint32_t *q;

		while (n <= (size_t)id)
			n *= 2;
		if (!(q = realloc(L->tag_concept, n * sizeof(*q))))
			return oom(L->err);
		memset(q + L->n_tags, 0xff, (n - L->n_tags) * sizeof(*q));
		L->tag_concept = q;
		L->n_tags = n;
	}
	if (!tsu_map_get(&L->concepts, norm, strlen(norm), &c)) {
		c = L->p->n_concepts;
		if (tsu_map_put(&L->concepts, norm, strlen(norm), c) < 0 ||
		    add_concept_label(L, label, (uint32_t)c))
			return oom(L->err);
		L->p->n_concepts++;
	}
	L->tag_concept[id] = (uint32_t)c;
	return TSU_OK;
}

static int on_link(void *ctx, int64_t org, int64_t tag, int kind)
{
	struct loader *L = ctx;
	int64_t v = org - L->p->first_org;
	int l = kind == TSU_TAG_OFFER ? TSU_LIST_OFFER :
		kind == TSU_TAG_NEED  ? TSU_LIST_NEED :
					TSU_LIST_THEME;
	struct links *k = &L->links[l];

	if (v < 0 || v >= L->p->n || tag < 0 || (size_t)tag >= L->n_tags ||
	    L->tag_concept[tag] == UINT32_MAX)
		return tsu_error_set(L->err, TSU_ESTORE, NULL, 0, 0,
				     "store is damaged: a tag link names an "
				     "unknown organisation or tag");
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 4096;
		uint64_t *q = realloc(k->v, cap * sizeof(*q));

		if (!q)
			return oom(L->err);
		k->v = q;
		k->cap = cap;
	}
	k->v[k->n++] = (uint64_t)v << 32 | L->tag_concept[tag];
	return TSU_OK;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return (a > b) - (a < b);
}

/* Sorts, removes repeats (a field and an interest of one concept) and
 * builds list l's CSR arrays and document frequencies. */
static int build_list(struct loader *L, int l)
{
	struct tsu_profiles *p = L->p;
	struct links *k = &L->links[l];
	size_t i, m = 0;
	int64_t v;

	if (k->n)
		qsort(k->v, k->n, sizeof(*k->v), cmp_u64);
	p->start[l] = calloc((size_t)p->n + 1, sizeof(*p->start[l]));
	p->ids[l] = malloc((k->n ? k->n : 1) * sizeof(*p->ids[l]));
	p->df[l] = calloc((size_t)p->n_concepts + 1, sizeof(*p->df[l]));
	if (!p->start[l] || !p->ids[l] || !p->df[l])
		return oom(L->err);
	for (i = 0; i < k->n; i++) {
		if (i && k->v[i] == k->v[i - 1])
			continue;
		v = (int64_t)(k->v[i] >> 32);
		p->ids[l][m++] = (uint32_t)k->v[i];
		p->start[l][v + 1]++;
		p->df[l][(uint32_t)k->v[i]]++;
	}
	for (v = 0; v < p->n; v++)
		p->start[l][v + 1] += p->start[l][v];
	return TSU_OK;
}

int tsu_profiles_load(struct tsu_store *st, const struct tsu_snapshot *snap,
		      struct tsu_profiles *out, struct tsu_error *err)
{
	struct loader L = { .p = out, .concepts = TSU_MAP_INIT, .err = err };
	int rc = TSU_OK, l;

	memset(out, 0, sizeof(*out));
	out->n = snap->n_orgs;
	out->first_org = snap->first_org;
	if ((rc = tsu_store_each_tag(st, on_tag, &L, err)) ||
	    (rc = tsu_store_each_link(st, snap, on_link, &L, err)))
		goto out;
	for (l = 0; l < TSU_LIST_COUNT && !rc; l++)
		rc = build_list(&L, l);
out:
	for (l = 0; l < TSU_LIST_COUNT; l++)
		free(L.links[l].v);
	free(L.tag_concept);
	tsu_map_release(&L.concepts);
	if (rc)
		tsu_profiles_release(out);
	return rc;
}

void tsu_profiles_release(struct tsu_profiles *p)
{
	int l;

	for (l = 0; l < TSU_LIST_COUNT; l++) {
		free(p->start[l]);
		free(p->ids[l]);
		free(p->df[l]);
	}
	free(p->label);
	free(p->pool);
	memset(p, 0, sizeof(*p));
}
