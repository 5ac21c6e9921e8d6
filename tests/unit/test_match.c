/* test_match.c - matching profiles read back from a real store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tsu_import.h"
#include "tsu_match.h"
#include "tsu_store.h"

struct fixture {
	char dir[64], db[96], orgs[96];
	struct tsu_store *st;
	struct tsu_snapshot snap;
};

static const char orgs_csv[] =
	"id,name,sector,fields,interests,offers,needs\n"
	/* 会場 as an offer and as a need; 防災 as field and interest */
	"a,Hall,npo,防災,防災;子育て支援,会場,広報\n"
	"b,Shop,business,ＩＴ,防災,広報;ＩＴ支援,会場\n"
	"c,Club,community,,,,\n"
	"d,School,education,子育て支援,,会場;会場,\n";

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct tsu_import_opts o = TSU_IMPORT_OPTS_INIT;
	struct tsu_import_result res;
	struct tsu_error err = TSU_ERROR_INIT;
	FILE *fp;

	strcpy(f->dir, "/tmp/tsu-match-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	snprintf(f->orgs, sizeof(f->orgs), "%s/orgs.csv", f->dir);
	fp = fopen(f->orgs, "w");
	fputs(orgs_csv, fp);
	fclose(fp);
	o.orgs_path = f->orgs;
	if (tsu_store_open(f->db, 0, &f->st, NULL, &err) ||
	    tsu_import(f->st, &o, &res, &err) ||
	    tsu_store_latest_snapshot(f->st, &f->snap, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	tsu_snapshot_release(&f->snap);
	tsu_store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	free(f);
	return system(cmd) == 0 ? 0 : -1;
}

/* The labels of organisation v's list l, "x|y|z" in concept-id order. */
static void labels(const struct tsu_profiles *p, int64_t v, int l, char *buf,
		   size_t len)
{
	const uint32_t *ids;
	size_t n = tsu_profile_list(p, v, l, &ids), i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strncat(buf, "|", len - strlen(buf) - 1);
		strncat(buf, tsu_concept_label(p, ids[i]), len - strlen(buf) - 1);
		if (i)
			assert_true(ids[i] > ids[i - 1]);	/* sorted, once */
	}
}

static uint32_t concept(const struct tsu_profiles *p, const char *label)
{
	uint32_t c;

	for (c = 0; c < p->n_concepts; c++)
		if (strcmp(tsu_concept_label(p, c), label) == 0)
			return c;
	fail_msg("no concept '%s'", label);
	return 0;
}

static void concepts_meet_across_kinds(void **state)
{
	struct fixture *f = *state;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_profiles p;
	const uint32_t *x, *y;
	char buf[256];

	assert_int_equal(tsu_profiles_load(f->st, &f->snap, &p, &err), TSU_OK);
	assert_int_equal(p.n, 4);
	/* a's offer 会場 is the very concept of b's need 会場 */
	assert_int_equal(tsu_profile_list(&p, 0, TSU_LIST_OFFER, &x), 1);
	assert_int_equal(tsu_profile_list(&p, 1, TSU_LIST_NEED, &y), 1);
	assert_int_equal(x[0], y[0]);
	/* and b's offer 広報 meets a's need */
	labels(&p, 0, TSU_LIST_NEED, buf, sizeof(buf));
	assert_string_equal(buf, "広報");
	/* field and interest 防災 count once among a's themes */
	assert_int_equal(tsu_profile_list(&p, 0, TSU_LIST_THEME, &x), 2);
	/* full-width ＩＴ folds to the concept "IT" (first spelling kept) */
	labels(&p, 1, TSU_LIST_THEME, buf, sizeof(buf));
	assert_non_null(strstr(buf, "ＩＴ"));
	/* an organisation with nothing has empty lists */
	assert_int_equal(tsu_profile_list(&p, 2, TSU_LIST_THEME, &x), 0);
	assert_int_equal(tsu_profile_list(&p, 2, TSU_LIST_OFFER, &x), 0);
	/* document frequencies: organisations, not mentions */
	assert_int_equal(p.df[TSU_LIST_THEME][concept(&p, "防災")], 2);
	assert_int_equal(p.df[TSU_LIST_THEME][concept(&p, "子育て支援")], 2);
	assert_int_equal(p.df[TSU_LIST_OFFER][concept(&p, "会場")], 2);
	assert_int_equal(p.df[TSU_LIST_NEED][concept(&p, "会場")], 1);
	tsu_profiles_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(concepts_meet_across_kinds,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
