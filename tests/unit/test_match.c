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

/* Imports a bundled dataset (DIR/organisations.csv and ties.csv) as a new
 * snapshot of f's store and loads its graph, profiles and matcher. */
static void load_bundled(struct fixture *f, const char *dir,
			 struct tsu_graph *gr, struct tsu_profiles *p,
			 struct tsu_matcher *m)
{
	struct tsu_import_opts o = TSU_IMPORT_OPTS_INIT;
	struct tsu_import_result res;
	struct tsu_error err = TSU_ERROR_INIT;
	char orgs[128], ties[128];

	snprintf(orgs, sizeof(orgs), "%s/organisations.csv", dir);
	snprintf(ties, sizeof(ties), "%s/ties.csv", dir);
	o.orgs_path = orgs;
	o.ties_path = ties;
	tsu_snapshot_release(&f->snap);
	assert_int_equal(tsu_import(f->st, &o, &res, &err), TSU_OK);
	assert_int_equal(tsu_store_latest_snapshot(f->st, &f->snap, &err),
			 TSU_OK);
	assert_int_equal(tsu_graph_load(f->st, &f->snap, gr, &err), TSU_OK);
	assert_int_equal(tsu_profiles_load(f->st, &f->snap, p, &err), TSU_OK);
	assert_int_equal(tsu_matcher_init(m, gr, p, NULL, &err), TSU_OK);
}

/* On the bundled English list: every part and the score in [0, 1], and
 * the same both ways. */
static void parts_bounded_and_symmetric(void **state)
{
	struct fixture *f = *state;
	struct tsu_graph gr;
	struct tsu_profiles p;
	struct tsu_matcher m;
	struct tsu_parts x, y;
	int64_t a, b;
	int nonzero = 0;

	load_bundled(f, "datasets/en", &gr, &p, &m);
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

/* The finder's fast scores are tsu_match_pair()'s to the bit, and it never
 * offers the organisation itself or a partner. */
static void finder_scores_are_pair_scores(void **state)
{
	struct fixture *f = *state;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_graph gr;
	struct tsu_profiles p;
	struct tsu_matcher m;
	struct tsu_finder *fd;
	const struct tsu_candidate *c;
	struct tsu_parts x;
	int64_t a;
	size_t n, i, total = 0;

	load_bundled(f, "datasets/ja", &gr, &p, &m);
	assert_int_equal(tsu_finder_new(&m, 60, &fd, &err), TSU_OK);
	for (a = 0; a < gr.n; a++) {
		n = tsu_finder_run(fd, a, &c);
		assert_true(n <= 60);
		for (i = 0; i < n; i++) {
			assert_true(c[i].b != a);
			assert_false(tsu_match_tied(&m, a, c[i].b));
			tsu_match_pair(&m, a, c[i].b, &x);
			assert_true(x.score == c[i].score);	/* exactly */
		}
		total += n;
	}
	assert_true(total > 1000);
	/* a second run for the same organisation finds the same */
	for (a = 0; a < 3; a++) {
		size_t first = tsu_finder_run(fd, a, &c);

		assert_true(first > 0);
		assert_int_equal(tsu_finder_run(fd, a, &c), first);
	}
	tsu_finder_free(fd);
	tsu_matcher_release(&m);
	tsu_profiles_release(&p);
	tsu_graph_release(&gr);
}

/* The lists: the one organisation that offers exactly what another needs
 * ranks first, partners never appear, K and the spread hold. */
static void lists_rank_and_spread(void **state)
{
	struct fixture *f = *state;
	struct tsu_graph gr;
	struct tsu_profiles p;
	struct tsu_matcher m;
	struct tsu_matches r;
	struct tsu_match_opts o = TSU_MATCH_OPTS_INIT;
	struct tsu_error err = TSU_ERROR_INIT;
	int64_t a, *in;
	size_t i;

	/* all alike but for what they offer; x is n's partner already */
	load(f, "id,name,sector,area,fields,offers,needs\n"
		"n,Needy,npo,東区,子育て;環境,広報,調理設備\n"
		"h,Hall,business,東区,子育て;環境,会場,\n"
		"k,Kitchen,business,東区,子育て;環境,調理設備,\n"
		"g,Grants,business,東区,子育て;環境,補助金,\n"
		"s,Staff,business,東区,子育て;環境,人手,\n"
		"x,Friend,business,東区,子育て;環境,調理設備,\n",
	     "source,target\nn,x\n", &gr, &p);
	assert_int_equal(tsu_matcher_init(&m, &gr, &p, NULL, &err), TSU_OK);
	o.k = 3;
	o.workers = 2;
	assert_int_equal(tsu_match_all(&m, &o, &r, &err), TSU_OK);
	assert_true(r.start[1] > r.start[0]);
	assert_int_equal(r.list[r.start[0]].b, 2);	/* n: the kitchen */
	in = calloc((size_t)gr.n, sizeof(*in));
	for (a = 0; a < gr.n; a++) {
		assert_true(r.start[a + 1] - r.start[a] <= 3);
		for (i = r.start[a]; i < r.start[a + 1]; i++) {
			assert_int_equal(r.list[i].a, a);
			assert_false(tsu_match_tied(&m, a, r.list[i].b));
			assert_true(r.list[i].b != a);
			if (i > r.start[a])
				assert_true(r.list[i].score <=
					    r.list[i - 1].score);
			in[r.list[i].b]++;
		}
	}
	tsu_matches_release(&r);
	/* spread 1: nobody in more than one list */
	o.spread = 1;
	assert_int_equal(tsu_match_all(&m, &o, &r, &err), TSU_OK);
	memset(in, 0, (size_t)gr.n * sizeof(*in));
	for (i = 0; i < r.start[gr.n]; i++)
		assert_true(++in[r.list[i].b] <= 1);
	tsu_matches_release(&r);
	free(in);
	tsu_matcher_release(&m);
	tsu_profiles_release(&p);
	tsu_graph_release(&gr);
}

/* A configuration file sets weights and the sector table; a bad line is
 * named and changes nothing. */
static void config_file(void **state)
{
	struct fixture *f = *state;
	struct tsu_match_config c, before;
	struct tsu_error err = TSU_ERROR_INIT;
	char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/match.conf", f->dir);
	fp = fopen(path, "w");
	fputs("\xEF\xBB\xBF# settings\n"
	      "themes = 0.5   # more on themes\n"
	      "\n"
	      "cross.npo.business = 0.25\n"
	      "proximity_km = 2\n"
	      "top = 5\n", fp);
	fclose(fp);
	tsu_match_config_defaults(&c);
	assert_int_equal(tsu_match_config_load(path, &c, &err), TSU_OK);
	assert_float_equal(c.w.themes, 0.5, 0);
	assert_float_equal(c.w.mutual, 0.35, 0);
	assert_float_equal(c.cross[TSU_SECTOR_NPO][TSU_SECTOR_BUSINESS], 0.25,
			   0);
	assert_float_equal(c.cross[TSU_SECTOR_BUSINESS][TSU_SECTOR_NPO], 0.25,
			   0);
	assert_float_equal(c.proximity_km, 2, 0);
	assert_int_equal(c.top, 5);
	before = c;
	fp = fopen(path, "w");
	fputs("mutual = 0.1\ncross.npo.bank = 1\n", fp);
	fclose(fp);
	assert_int_equal(tsu_match_config_load(path, &c, &err), TSU_EINPUT);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 1);
	assert_memory_equal(&c, &before, sizeof(c));	/* unchanged */
	tsu_error_clear(&err);
	fp = fopen(path, "w");
	fputs("themes = -1\n", fp);
	fclose(fp);
	assert_int_equal(tsu_match_config_load(path, &c, &err), TSU_EINPUT);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 10);
	tsu_error_clear(&err);
	fp = fopen(path, "w");
	fputs("just words\n", fp);
	fclose(fp);
	assert_int_equal(tsu_match_config_load(path, &c, &err), TSU_EINPUT);
	tsu_error_clear(&err);
	assert_int_equal(tsu_match_config_load("/nonexistent/x.conf", &c, &err),
			 TSU_EIO);
}

/* Loose ties: an isolated organisation and a group apart from the main one
 * each get introductions into the main network, with their reach; two
 * communities with no tie between them get introductions across. */
static void loose_ties_join_groups(void **state)
{
	struct fixture *f = *state;
	struct tsu_graph gr;
	struct tsu_profiles p;
	struct tsu_matcher m;
	struct tsu_analysis an;
	struct tsu_analyze_opts ao = TSU_ANALYZE_OPTS_INIT;
	struct tsu_loose_opts lo = TSU_LOOSE_OPTS_INIT;
	struct tsu_loose l;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_buf why = TSU_BUF_INIT;
	size_t i;
	int iso = 0, comp = 0, pair = 0;

	/* main: m1..m6 (a ring with a chord); group g1..g5 apart; lone i */
	load(f, "id,name,sector,fields,offers,needs\n"
		"m1,M1,npo,環境,,\n"
		"m2,M2,npo,環境,,\n"
		"m3,M3,business,環境,会場,\n"
		"m4,M4,npo,環境,,\n"
		"m5,M5,npo,環境,,\n"
		"m6,M6,npo,環境,,\n"
		"g1,G1,education,環境,,会場\n"
		"g2,G2,education,環境,,\n"
		"g3,G3,education,環境,,\n"
		"g4,G4,education,環境,,\n"
		"g5,G5,education,環境,,\n"
		"i,Lone,community,,,会場\n",
	     "source,target\nm1,m2\nm2,m3\nm3,m4\nm4,m5\nm5,m6\nm6,m1\nm1,m4\n"
	     "g1,g2\ng2,g3\ng3,g4\ng4,g5\ng5,g1\ng1,g3\n", &gr, &p);
	assert_int_equal(tsu_matcher_init(&m, &gr, &p, NULL, &err), TSU_OK);
	ao.groups_only = 1;
	ao.workers = 1;
	assert_int_equal(tsu_analyze(&gr, &ao, &an, &err), TSU_OK);
	assert_int_equal(tsu_loose_ties(&m, &an, &lo, &l, &err), TSU_OK);
	for (i = 0; i < l.n; i++) {
		const struct tsu_loose_tie *t = &l.list[i];

		if (t->b < 0)
			continue;
		assert_true(t->rank >= 1 && t->rank <= lo.per_group);
		assert_false(tsu_match_tied(&m, t->a, t->b));
		assert_true(t->value > 0 && t->value <= 1);
		assert_float_equal(t->value, t->compatibility * t->bridging,
				   1e-12);
		if (t->kind == TSU_CUT_ISOLATED) {
			iso++;
			assert_int_equal(t->a, 11);
			if (t->rank == 1) {
				/* the one offering the venue it needs */
				assert_int_equal(t->b, 2);
				assert_int_equal(t->reach, 2 + 2);
			}
		} else if (t->kind == TSU_CUT_COMPONENT) {
			comp++;
			assert_true(t->a >= 6 && t->a <= 10);
			assert_true(VECTOR(an.component)[t->b] !=
				    VECTOR(an.component)[t->a]);
			/* across components: 2 + both degrees */
			assert_int_equal(t->reach,
					 2 + VECTOR(an.degree)[t->a] +
						 VECTOR(an.degree)[t->b]);
			assert_float_equal(t->bridging,
					   1 - exp(-(double)t->reach /
						   TSU_LOOSE_REACH_SCALE),
					   1e-12);
			tsu_buf_reset(&why);
			assert_int_equal(tsu_loose_why(&m, &an, t, TSU_LANG_EN,
						       &why), 0);
			assert_non_null(strstr(why.p, "would join"));
			assert_non_null(strstr(why.p, "both work on 環境"));
		} else if (t->kind == TSU_LOOSE_PAIR) {
			pair++;
			assert_true(VECTOR(an.community)[t->a] == t->group);
			assert_true(VECTOR(an.community)[t->b] == t->group2);
		}
	}
	assert_true(iso >= 1);
	assert_int_equal(comp, lo.per_group);
	assert_true(pair >= 1);
	tsu_buf_release(&why);
	tsu_loose_release(&l);
	tsu_analysis_release(&an);
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
		cmocka_unit_test_setup_teardown(finder_scores_are_pair_scores,
						setup, teardown),
		cmocka_unit_test_setup_teardown(lists_rank_and_spread, setup,
						teardown),
		cmocka_unit_test_setup_teardown(config_file, setup, teardown),
		cmocka_unit_test_setup_teardown(loose_ties_join_groups, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
