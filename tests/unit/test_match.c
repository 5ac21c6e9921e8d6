/* test_match.c - matching profiles read back from a real store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
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

/* Imports `csv` (and `ties`, may be NULL) as a new snapshot of f's store
 * and loads its graph and profiles. */
static void load(struct fixture *f, const char *csv, const char *ties,
		 struct tsu_graph *gr, struct tsu_profiles *p)
{
	struct tsu_import_opts o = TSU_IMPORT_OPTS_INIT;
	struct tsu_import_result res;
	struct tsu_error err = TSU_ERROR_INIT;
	char tpath[128];
	FILE *fp;

	fp = fopen(f->orgs, "w");
	fputs(csv, fp);
	fclose(fp);
	o.orgs_path = f->orgs;
	if (ties) {
		snprintf(tpath, sizeof(tpath), "%s/ties.csv", f->dir);
		fp = fopen(tpath, "w");
		fputs(ties, fp);
		fclose(fp);
		o.ties_path = tpath;
	}
	tsu_snapshot_release(&f->snap);
	if (tsu_import(f->st, &o, &res, &err) ||
	    tsu_store_latest_snapshot(f->st, &f->snap, &err) ||
	    tsu_graph_load(f->st, &f->snap, gr, &err) ||
	    tsu_profiles_load(f->st, &f->snap, p, &err))
		fail_msg("load: %s", err.msg);
}

static void score(const struct tsu_graph *gr, const struct tsu_profiles *p,
		  int64_t a, int64_t b, struct tsu_parts *out)
{
	struct tsu_matcher m;
	struct tsu_error err = TSU_ERROR_INIT;

	assert_int_equal(tsu_matcher_init(&m, gr, p, NULL, &err), TSU_OK);
	tsu_match_pair(&m, a, b, out);
	tsu_matcher_release(&m);
}

/* The one organisation that offers exactly what another needs ranks first
 * on complement, and the exchange both ways beats one way. */
static void offer_meets_need(void **state)
{
	struct fixture *f = *state;
	struct tsu_graph gr;
	struct tsu_profiles p;
	struct tsu_matcher m;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_parts x, best = { 0 };
	int64_t v, top = -1;

	load(f, "id,name,sector,fields,offers,needs\n"
		"n,Needy,npo,環境,広報,会場\n"
		"h,Hall,business,環境,会場,広報\n"	/* both ways */
		"o,Other hall,business,環境,会場,\n"	/* one way */
		"p,Printer,business,環境,印刷,\n"
		"q,Nothing,community,環境,,\n", NULL, &gr, &p);
	assert_int_equal(tsu_matcher_init(&m, &gr, &p, NULL, &err), TSU_OK);
	for (v = 1; v < 5; v++) {
		tsu_match_pair(&m, 0, v, &x);
		if (x.score > best.score) {
			best = x;
			top = v;
		}
	}
	assert_int_equal(top, 1);		/* the hall that needs 広報 */
	/* n's one need is covered, at the rarity of 会場 (2 of 5 offer it:
	   idf ln(6/3) + 1 over the largest, ln(6/2) + 1) */
	assert_float_equal(best.cover_ba, (log(2) + 1) / (log(3) + 1), 1e-12);
	/* h's need 広報 only n offers: the rarest there is */
	assert_float_equal(best.cover_ab, 1, 1e-12);
	tsu_match_pair(&m, 0, 2, &x);
	assert_float_equal(x.cover_ba, best.cover_ba, 1e-12);	/* one way */
	assert_float_equal(x.cover_ab, 0, 0);
	assert_true(best.complement > x.complement);
	tsu_match_pair(&m, 0, 3, &x);
	assert_float_equal(x.complement, 0, 0);
	tsu_matcher_release(&m);
	tsu_profiles_release(&p);
	tsu_graph_release(&gr);
}

/* A rare shared theme counts more than a common one; removing it lowers
 * the themes part and the score. */
static void rare_theme_weighs_more(void **state)
{
	struct fixture *f = *state;
	struct tsu_graph gr;
	struct tsu_profiles p;
	struct tsu_parts with, without, common;

	load(f, "id,name,sector,fields\n"
		"a,A,npo,郷土史;防災\n"
		"b,B,npo,郷土史;防災\n"
		"c,C,npo,防災;子育て\n"
		"d,D,npo,防災;福祉\n"
		"e,E,npo,防災;環境\n", NULL, &gr, &p);
	score(&gr, &p, 0, 1, &with);
	score(&gr, &p, 2, 3, &common);	/* share only the common 防災 */
	assert_true(with.themes > common.themes);
	tsu_profiles_release(&p);
	tsu_graph_release(&gr);
	load(f, "id,name,sector,fields\n"
		"a,A,npo,防災\n"
		"b,B,npo,郷土史;防災\n"
		"c,C,npo,防災;子育て\n"
		"d,D,npo,防災;福祉\n"
		"e,E,npo,防災;環境\n", NULL, &gr, &p);
	score(&gr, &p, 0, 1, &without);
	assert_true(without.themes < with.themes);
	assert_true(without.score < with.score);
	tsu_profiles_release(&p);
	tsu_graph_release(&gr);
}

/* Parts: sectors, areas, distance, common partners. */
static void other_parts(void **state)
{
	struct fixture *f = *state;
	struct tsu_graph gr;
	struct tsu_profiles p;
	struct tsu_parts x;

	load(f, "id,name,sector,area,lat,lon\n"
		"a,A,npo,中区,35.0,139.0\n"
		"b,B,business,中区,,\n"
		"c,C,npo,南区,35.0,139.1\n"
		"z,Z,government,,,\n",
	     "source,target\na,z\nc,z\n", &gr, &p);
	score(&gr, &p, 0, 1, &x);		/* same area, two sectors */
	assert_float_equal(x.proximity, 1, 0);
	assert_float_equal(x.cross, 1, 0);
	assert_float_equal(x.mutual, 0, 0);
	score(&gr, &p, 0, 2, &x);		/* 9.1 km apart, one sector */
	assert_float_equal(x.km, 9.12, 0.05);
	assert_float_equal(x.proximity, exp(-x.km / 5), 1e-12);
	assert_float_equal(x.cross, 0, 0);
	/* z, their common partner, has two partners: RA = 1/2 */
	assert_float_equal(x.mutual, 1 - exp(-1.0), 1e-12);
	tsu_profiles_release(&p);
	tsu_graph_release(&gr);
}

/* On the bundled English list: every part and the score in [0, 1], and
 * the same both ways. */
static void parts_bounded_and_symmetric(void **state)
{
	struct fixture *f = *state;
	struct tsu_import_opts o = TSU_IMPORT_OPTS_INIT;
	struct tsu_import_result res;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_graph gr;
	struct tsu_profiles p;
	struct tsu_matcher m;
	struct tsu_parts x, y;
	int64_t a, b;
	int nonzero = 0;

	o.orgs_path = "datasets/en/organisations.csv";
	o.ties_path = "datasets/en/ties.csv";
	tsu_snapshot_release(&f->snap);
	assert_int_equal(tsu_import(f->st, &o, &res, &err), TSU_OK);
	assert_int_equal(tsu_store_latest_snapshot(f->st, &f->snap, &err),
			 TSU_OK);
	assert_int_equal(tsu_graph_load(f->st, &f->snap, &gr, &err), TSU_OK);
	assert_int_equal(tsu_profiles_load(f->st, &f->snap, &p, &err), TSU_OK);
	assert_int_equal(tsu_matcher_init(&m, &gr, &p, NULL, &err), TSU_OK);
	for (a = 0; a < gr.n; a++)
		for (b = 0; b < gr.n; b++) {
			if (a == b)
				continue;
			tsu_match_pair(&m, a, b, &x);
			tsu_match_pair(&m, b, a, &y);
			assert_true(x.score >= 0 && x.score <= 1);
			assert_true(x.themes >= 0 && x.themes <= 1);
			assert_true(x.complement >= 0 && x.complement <= 1);
			assert_true(x.proximity >= 0 && x.proximity <= 1);
			assert_true(x.mutual >= 0 && x.mutual <= 1);
			assert_float_equal(x.score, y.score, 1e-12);
			assert_float_equal(x.themes, y.themes, 1e-12);
			assert_float_equal(x.complement, y.complement, 1e-12);
			assert_float_equal(x.cover_ab, y.cover_ba, 1e-12);
			assert_float_equal(x.mutual, y.mutual, 1e-12);
			nonzero += x.themes > 0 && x.complement > 0;
		}
	assert_true(nonzero > 100);	/* the data exercises the parts */
	tsu_matcher_release(&m);
	tsu_profiles_release(&p);
	tsu_graph_release(&gr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(concepts_meet_across_kinds,
						setup, teardown),
		cmocka_unit_test_setup_teardown(offer_meets_need, setup,
						teardown),
		cmocka_unit_test_setup_teardown(rare_theme_weighs_more, setup,
						teardown),
		cmocka_unit_test_setup_teardown(other_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(parts_bounded_and_symmetric,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
