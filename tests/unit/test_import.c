/*
 * test_import.c - the import against a real store in a temporary folder:
 * counts, folding, ties and partners, errors with their line and column,
 * all-or-nothing, re-import, Shift_JIS, limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tsu_import.h"
#include "tsu_store.h"

struct fixture {
	char dir[64];
	char db[96];
	char orgs[96];
	char ties[96];
	struct tsu_store *st;
	struct tsu_error err;
	struct tsu_import_result res;
	struct tsu_import_opts opts;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/tsu-test-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	snprintf(f->orgs, sizeof(f->orgs), "%s/orgs.csv", f->dir);
	snprintf(f->ties, sizeof(f->ties), "%s/ties.csv", f->dir);
	if (tsu_store_open(f->db, 0, &f->st, NULL, &f->err))
		return -1;
	f->opts = (struct tsu_import_opts)TSU_IMPORT_OPTS_INIT;
	f->opts.orgs_path = f->orgs;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	tsu_store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

#define WRITE(path, text) write_file(path, text, sizeof(text) - 1)

/* Imports f->orgs (and f->ties when `with_ties`); returns the code. */
static int run(struct fixture *f, int with_ties)
{
	tsu_error_clear(&f->err);
	f->opts.ties_path = with_ties ? f->ties : NULL;
	return tsu_import(f->st, &f->opts, &f->res, &f->err);
}

/* Runs one integer query against the store file with a separate handle. */
static long long q(struct fixture *f, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long long v = -1;

	assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* Text of a one-value query; caller frees. */
static char *qs(struct fixture *f, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	char *v = NULL;

	assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		v = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* Fingerprint of everything stored, to show that a failure changed nothing. */
static long long fingerprint(struct fixture *f)
{
	return q(f, "SELECT (SELECT count(*) FROM snapshot) * 1000000000"
		    " + (SELECT count(*) FROM org) * 1000000"
		    " + (SELECT count(*) FROM tag) * 10000"
		    " + (SELECT count(*) FROM org_tag) * 100"
		    " + (SELECT count(*) FROM tie)"
		    " + (SELECT count(*) FROM org_extra) * 7");
}

static void expect_error(struct fixture *f, int with_ties, int code,
			 const char *file, long line, long col,
			 const char *needle)
{
	long long before = fingerprint(f);
	int rc = run(f, with_ties);

	if (rc != code)
		fail_msg("code %d, want %d (%s) unchanged=%d orgs=%lld ties=%lld", rc, code,
			 f->err.msg, f->res.unchanged, (long long)f->res.n_orgs,
			 (long long)f->res.n_tie_rows);
	assert_string_equal(f->err.file, file);
	if (f->err.line != line || f->err.column != col)
		fail_msg("at %ld:%ld, want %ld:%ld: %s", f->err.line,
			 f->err.column, line, col, f->err.msg);
	if (!strstr(f->err.msg, needle))
		fail_msg("message '%s' lacks '%s'", f->err.msg, needle);
	assert_int_equal(fingerprint(f), before);
}

static const char good_orgs[] =
	"\xEF\xBB\xBF団体ID,団体名,種別,活動分野,関心,提供できること,ニーズ,地域,"
	"緯度,経度,連携先,備考\r\n"
	"A1,NPO法人 ひだまり,NPO法人,子育て支援;福祉,子ども食堂,会場,資金,中区,"
	"35.44,139.63,B2;C3,\r\n"
	"B2,株式会社みなと,企業,ＩＴ支援；まちづくり,,資金; 専門知識,会場,中区,,,"
	"A1,\"通称 \"\"みなと\"\"\r\n二行目\"\r\n"
	"C3,港小学校,学校,教育・文化,子ども食堂;子ども食堂,,ボランティア,西区,,,,\r\n"
	"D4,ひとり会,その他,it支援,,,,,,,,\r\n";

static const char good_ties[] =
	"source,target,weight,kind\n"
	"A1,B2,3,共同事業\n"
	"B2,C3,,協定\n"
	"C3,B2,2,\n";

static void imports_counts_tags_and_ties(void **state)
{
	struct fixture *f = *state;
	char *s;

	WRITE(f->orgs, good_orgs);
	WRITE(f->ties, good_ties);
	assert_int_equal(run(f, 1), TSU_OK);
	assert_false(f->res.unchanged);
	assert_int_equal(f->res.n_orgs, 4);
	assert_int_equal(f->res.n_tie_rows, 3);
	/* A1-B2 (ties + partners), B2-C3 (two rows), A1-C3 (partners only) */
	assert_int_equal(f->res.n_ties, 3);
	assert_int_equal(f->res.lang, TSU_LANG_JA);
	assert_int_equal(q(f, "SELECT count(*) FROM org"), 4);
	assert_int_equal(q(f, "SELECT count(*) FROM tie WHERE origin='partners'"),
			 1);
	assert_int_equal(q(f, "SELECT sum(weight) FROM tie t JOIN org a ON a.id=t.a"
			      " JOIN org b ON b.id=t.b WHERE a.key='B2' AND"
			      " b.key='C3' OR a.key='C3' AND b.key='B2'"), 3);
	/* ＩＴ支援 and it支援 are one field; the first spelling is the label */
	assert_int_equal(q(f, "SELECT count(*) FROM tag WHERE kind='field'"
			      " AND norm='it支援'"), 1);
	s = qs(f, "SELECT label FROM tag WHERE norm='it支援'");
	assert_string_equal(s, "ＩＴ支援");
	free(s);
	s = qs(f, "SELECT spelling FROM org_tag ot JOIN org o ON o.id=ot.org"
		  " JOIN tag t ON t.id=ot.tag WHERE o.key='D4' AND t.norm='it支援'");
	assert_string_equal(s, "it支援");
	free(s);
	/* the repeated 子ども食堂 counts once, with a warning */
	assert_int_equal(q(f, "SELECT count(*) FROM org_tag ot JOIN org o ON"
			      " o.id=ot.org WHERE o.key='C3'"), 3);
	assert_true(f->res.n_warnings >= 2);	/* 備考 column, repeat */
	assert_int_equal(q(f, "SELECT count(*) FROM tag WHERE kind='offer'"
			      " AND norm='資金'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM tag WHERE kind='need'"
			      " AND norm='資金'"), 1);
	/* the extra column keeps its multi-line text */
	s = qs(f, "SELECT value FROM org_extra WHERE name='備考'");
	assert_string_equal(s, "通称 \"みなと\"\r\n二行目");
	free(s);
	s = qs(f, "SELECT sector FROM org WHERE key='C3'");
	assert_string_equal(s, "education");
	free(s);
	assert_int_equal(q(f, "SELECT lat IS NULL FROM org WHERE key='B2'"), 1);
	assert_int_equal(q(f, "SELECT CAST(lat*100 AS INT) FROM org WHERE key='A1'"),
			 3544);
}

static void reimport_is_a_no_op_and_change_is_a_new_snapshot(void **state)
{
	struct fixture *f = *state;
	long long before;

	WRITE(f->orgs, good_orgs);
	WRITE(f->ties, good_ties);
	assert_int_equal(run(f, 1), TSU_OK);
	before = fingerprint(f);
	assert_int_equal(run(f, 1), TSU_OK);
	assert_true(f->res.unchanged);
	assert_int_equal(f->res.snapshot, 1);
	assert_int_equal(fingerprint(f), before);
	/* the same organisations without the ties file are a different input */
	assert_int_equal(run(f, 0), TSU_OK);
	assert_false(f->res.unchanged);
	assert_int_equal(f->res.snapshot, 2);
	assert_int_equal(f->res.n_ties, 2);	/* partners only */
	assert_int_equal(q(f, "SELECT count(*) FROM snapshot"), 2);
	assert_int_equal(q(f, "SELECT count(*) FROM org WHERE snapshot=1"), 4);
	assert_int_equal(q(f, "SELECT count(*) FROM org WHERE snapshot=2"), 4);
	/* the vocabulary is shared, not duplicated */
	assert_int_equal(q(f, "SELECT count(*) FROM tag WHERE norm='it支援'"), 1);
}

static void errors_name_line_and_column(void **state)
{
	struct fixture *f = *state;

	WRITE(f->orgs, "id,name,sector\n"
		       "a,\"two\nlines\",npo\n"
		       "b,B,npo\n"
		       "a,dup,npo\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 5, 1,
		     "duplicate id 'a' (first used on line 2)");

	WRITE(f->orgs, "sector,name,id\r\nnpo,x,1\r\nngo,y,2\r\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 3, 1, "unknown sector 'ngo'");

	WRITE(f->orgs, "id,name,sector,lat,lon\n1,x,npo,35.1,\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 2, 5, "longitude is empty");

	WRITE(f->orgs, "id,name,sector,lat,lon\n1,x,npo,95,10\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 2, 4, "out of range");

	WRITE(f->orgs, "id,name,sector\n1,,npo\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 2, 2, "empty name");

	WRITE(f->orgs, "id,name,sector\n  ,x,npo\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 2, 1, "empty id");

	WRITE(f->orgs, "id,name,sector\n1,x,npo\n2,y\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 3, 2,
		     "record has 2 cells but the header has 3");

	WRITE(f->orgs, "id,name,sector\n1,x,npo,extra\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 2, 4, "has 4 cells");

	WRITE(f->orgs, "id,name,sector,partners\n1,x,npo,2\n2,y,npo,9;1\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 3, 4, "unknown id '9'");

	WRITE(f->orgs, "id,name\n1,x\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 1, 0,
		     "required column 'sector' is missing");

	WRITE(f->orgs, "id,name,sector,名称\n1,x,npo,y\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 1, 4, "means the same as");

	WRITE(f->orgs, "");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 0, 0, "empty file");
}

static void quote_errors(void **state)
{
	struct fixture *f = *state;

	/* a stray quote in an unquoted cell */
	WRITE(f->orgs, "id,name,sector\n1,ab\"c,npo\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 2, 2, "stray '\"'");

	/* an opening quote that a later quote "closes" before other text */
	WRITE(f->orgs, "id,name,sector\n1,x,npo\n2,\"y,npo\n3,z,npo\n"
		       "4,\"w\" and more,npo\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 3, 2, "runs on to line 5");

	/* a quote never closed at all */
	WRITE(f->orgs, "id,name,sector\n1,x,npo\n2,\"y,npo\n3,z,npo\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 3, 2, "never closed");

	/* a quote that swallows lines and leaves a short record */
	WRITE(f->orgs, "id,name,sector\n1,\"x,npo\n2,y\",npo,z\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 2, 2,
		     "this cell runs from line 2 to 3: is a quote unbalanced");
}

static void bad_text(void **state)
{
	struct fixture *f = *state;

	/* (some valid Japanese, or one bad sequence could be read as CP932) */
	WRITE(f->orgs, "id,name,sector\n0,団体,npo\n1,ab\xE3\x81,npo\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 3, 2,
		     "truncated sequence E3 81 after the first 2 characters");

	WRITE(f->orgs, "id,name,sector\n1,a\0b,npo\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 2, 2, "NUL byte");
}

static void ties_errors_and_forms(void **state)
{
	struct fixture *f = *state;

	WRITE(f->orgs, "id,name,sector\na,A,npo\nb,B,business\nc,C,other\n");
	WRITE(f->ties, "source,target,weight\na,b,1\nb,zz,1\n");
	expect_error(f, 1, TSU_EINPUT, f->ties, 3, 2, "unknown id 'zz'");

	WRITE(f->ties, "source,target,weight\na,b,0\n");
	expect_error(f, 1, TSU_EINPUT, f->ties, 2, 3, "positive");

	WRITE(f->ties, "source,target,weight\na,b,two\n");
	expect_error(f, 1, TSU_EINPUT, f->ties, 2, 3, "malformed number 'two'");

	WRITE(f->ties, "from,kind\n");
	expect_error(f, 1, TSU_EINPUT, f->ties, 1, 0, "source and target");

	/* a first row that is neither a header nor known ids */
	WRITE(f->ties, "src,dst\na,b\n");
	expect_error(f, 1, TSU_EINPUT, f->ties, 1, 1,
		     "unknown id 'src' in column 'source' (if line 1 is a "
		     "header");

	/* no header: positional source,target,weight,kind; a self-tie warns */
	WRITE(f->ties, "a,b,2,joint\nb,c\nc,c,1\n");
	assert_int_equal(run(f, 1), TSU_OK);
	assert_int_equal(f->res.n_tie_rows, 2);
	assert_int_equal(f->res.n_ties, 2);
	assert_int_equal(f->res.n_warnings, 1);
	assert_int_equal(q(f, "SELECT sum(weight) FROM tie"), 3);
}

static void shift_jis_imports_like_its_utf8_twin(void **state)
{
	struct fixture *f = *state;
	char sjis[4096], *in = (char *)good_orgs + 3, *out = sjis;
	size_t inleft = sizeof(good_orgs) - 4, outleft = sizeof(sjis);
	iconv_t cd = iconv_open("CP932", "UTF-8");
	long long utf8_links;

	assert_true(cd != (iconv_t)-1);
	assert_int_not_equal(iconv(cd, &in, &inleft, &out, &outleft),
			     (size_t)-1);
	iconv_close(cd);
	WRITE(f->orgs, good_orgs);
	assert_int_equal(run(f, 0), TSU_OK);
	utf8_links = f->res.n_links;
	write_file(f->orgs, sjis, (size_t)(out - sjis));
	assert_int_equal(run(f, 0), TSU_OK);
	assert_true(f->res.cp932);
	assert_int_equal(f->res.n_orgs, 4);
	assert_int_equal(f->res.n_links, utf8_links);
	/* same names, same tags: nothing new in the vocabulary */
	assert_int_equal(f->res.n_new_tags, 0);
	assert_int_equal(q(f, "SELECT count(*) FROM org o1 JOIN org o2 ON"
			      " o1.key=o2.key AND o1.name=o2.name AND"
			      " o1.area IS o2.area WHERE o1.snapshot=1 AND"
			      " o2.snapshot=2"), 4);
	assert_int_equal(q(f, "SELECT count(*) FROM org_extra WHERE"
			      " value LIKE '%みなと%'"), 2);
}

static void limits(void **state)
{
	struct fixture *f = *state;

	WRITE(f->orgs, "id,name,sector\n1,x,npo\n2,yyyyyyyyyyyyyyyyyyyy,npo\n");
	f->opts.max_cell = 10;
	expect_error(f, 0, TSU_ELIMIT, f->orgs, 3, 2, "--max-cell");
	f->opts.max_cell = TSU_DEFAULT_MAX_CELL;

	WRITE(f->orgs, "id,name,sector,fields\n1,x,npo,a;b;c;d\n");
	f->opts.max_items = 3;
	expect_error(f, 0, TSU_ELIMIT, f->orgs, 2, 4, "--max-items");
	f->opts.max_items = TSU_DEFAULT_MAX_ITEMS;

	WRITE(f->orgs, "id,name,sector\n1,x,npo\n2,y,npo\n3,z,npo\n");
	f->opts.max_rows = 2;
	expect_error(f, 0, TSU_ELIMIT, f->orgs, 4, 0, "--max-rows");
	f->opts.max_rows = TSU_DEFAULT_MAX_ROWS;
}

static void english_headers_and_blank_rows(void **state)
{
	struct fixture *f = *state;

	WRITE(f->orgs, " ID , Name ,SECTOR,Resources,Needs,Area,Partners\n"
		       "x1,Harbour Trust,Business,venue,volunteers,North,x2\n"
		       ",,,,,,\n"
		       "\n"
		       "x2,Food Bank,npo,volunteers,venue,North,x1\n");
	assert_int_equal(run(f, 0), TSU_OK);
	assert_int_equal(f->res.n_orgs, 2);
	assert_int_equal(f->res.n_ties, 1);	/* named from both sides */
	assert_int_equal(f->res.lang, TSU_LANG_EN);
	assert_int_equal(q(f, "SELECT count(*) FROM tag WHERE kind='offer'"), 2);
}

/* Enough rows and links to cross the store's batch boundaries many times. */
static void many_rows(void **state)
{
	struct fixture *f = *state;
	FILE *fp = fopen(f->orgs, "w");
	int i, k;

	assert_non_null(fp);
	fprintf(fp, "id,name,sector,fields,partners\n");
	for (i = 0; i < 700; i++) {
		fprintf(fp, "o%d,Org %d,%s,", i, i, i % 2 ? "npo" : "business");
		for (k = 0; k < 1 + i % 23; k++)
			fprintf(fp, "%stheme %d", k ? ";" : "", (i + k) % 97);
		fprintf(fp, ",%s", i ? "" : "o1");
		if (i > 1)
			fprintf(fp, "o%d", i - 1);
		fprintf(fp, "\n");
	}
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(run(f, 0), TSU_OK);
	assert_int_equal(f->res.n_orgs, 700);
	assert_int_equal(q(f, "SELECT count(*) FROM org"), 700);
	assert_int_equal(q(f, "SELECT first_org FROM snapshot"), 1);
	assert_int_equal(q(f, "SELECT last_org FROM snapshot"), 700);
	/* links: sum over i of 1 + i % 23 */
	assert_int_equal(q(f, "SELECT count(*) FROM org_tag"),
			 f->res.n_links);
	{
		long long want = 0;

		for (i = 0; i < 700; i++)
			want += 1 + i % 23;
		assert_int_equal(f->res.n_links, want);
	}
	assert_int_equal(q(f, "SELECT count(*) FROM tag"), 97);
	/* a chain o0-o1-...-o699 named from one side each */
	assert_int_equal(f->res.n_ties, 699);
	assert_int_equal(q(f, "SELECT count(*) FROM tie"), 699);
	assert_int_equal(q(f, "SELECT count(*) FROM tie WHERE a >= b"), 0);
}

/*
 * Line numbers stay right across the 64 KiB pieces the reader feeds libcsv:
 * multi-line quoted cells and multi-byte characters straddle the piece
 * boundaries, in LF and CRLF files, and an error far down names its line.
 */
static void line_numbers_across_chunks(void **state)
{
	struct fixture *f = *state;
	const char *eols[2] = { "\n", "\r\n" };
	int e, i;

	for (e = 0; e < 2; e++) {
		FILE *fp = fopen(f->orgs, "wb");
		long line = 1;

		assert_non_null(fp);
		fprintf(fp, "id,name,sector,notes%s", eols[e]);
		for (i = 0; i < 3000; i++) {
			line++;
			if (i % 7 == 3) {
				/* a quoted cell over three physical lines */
				fprintf(fp, "k%d,団体%d,npo,\"一行目%s二行目%s三行目\"%s",
					i, i, eols[e], eols[e], eols[e]);
				line += 2;
			} else {
				fprintf(fp, "k%d,団体名その%d,企業,備考です%s", i, i,
					eols[e]);
			}
		}
		line++;
		fprintf(fp, "bad,最後の団体,ngo,%s", eols[e]);
		assert_int_equal(fclose(fp), 0);
		expect_error(f, 0, TSU_EINPUT, f->orgs, line, 3,
			     "unknown sector 'ngo'");
	}
}

/* Cases a review found; each was wrong once. */
static void review_cases(void **state)
{
	struct fixture *f = *state;
	char *v;

	WRITE(f->orgs, "id,name,sector\nA,a,npo\nB,b,npo\nC,c,npo\n");
	/* headerless ties: a short first row does not drop later weights */
	WRITE(f->ties, "A,B\nA,C,5,joint project\n");
	assert_int_equal(run(f, 1), TSU_OK);
	assert_int_equal(q(f, "SELECT sum(weight) FROM tie"), 6);
	v = qs(f, "SELECT group_concat(kind) FROM tie WHERE kind IS NOT NULL");
	assert_string_equal(v, "joint project");
	free(v);
	/* with a header, weight and kind may still be left off a row */
	WRITE(f->ties, "source,target,weight,kind\nA,B\nB,C,2\n");
	assert_int_equal(run(f, 1), TSU_OK);
	assert_int_equal(f->res.n_tie_rows, 2);

	/* Latin-1 is not Shift_JIS: refused, never stored as mojibake */
	WRITE(f->orgs, "id,name,sector\nA,Mus\xe9\x65 d'art,other\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 2, 2,
		     "truncated sequence E9 after the first 3 characters");

	/* unknown columns with one name keep both cells */
	WRITE(f->orgs, "id,name,sector,備考,備考\nA,a,npo,first,second\n");
	assert_int_equal(run(f, 0), TSU_OK);
	v = qs(f, "SELECT group_concat(name || '=' || value, '|') FROM"
		  " (SELECT * FROM org_extra ORDER BY name)");
	assert_string_equal(v, "備考=first|備考 #5=second");
	free(v);
	/* a made-up name never takes another column's own name */
	WRITE(f->orgs, "id,name,sector,memo,memo #6,memo\nB,b,npo,m4,m5,m6\n");
	assert_int_equal(run(f, 0), TSU_OK);
	v = qs(f, "SELECT group_concat(name || '=' || value, '|') FROM"
		  " (SELECT * FROM org_extra WHERE org = (SELECT max(id) FROM org)"
		  " ORDER BY name)");
	assert_string_equal(v, "memo=m4|memo #6=m5|memo #6.1=m6");
	free(v);

	/* Unicode spaces (U+2003) are space: empty id, empty name */
	WRITE(f->orgs, "id,name,sector\n\xE2\x80\x83,a,npo\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 2, 1, "empty id");
	WRITE(f->orgs, "id,name,sector\nA,\xE2\x80\x83,npo\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 2, 2, "empty name");

	/* a legitimate multi-line cell is not blamed for a missing cell */
	WRITE(f->orgs, "id,name,notes,sector\nA,\"two\nlines\",npo\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 3, 3,
		     "record has 3 cells but the header has 4");

	/* ids compare the same whether written in ASCII or full width */
	WRITE(f->orgs, "id,name,sector,partners\nA  B,a,npo,\n"
		       "C,c,npo,\xEF\xBC\xA1  B\n");
	assert_int_equal(run(f, 0), TSU_OK);
	assert_int_equal(f->res.n_ties, 1);

	/* old Mac line ends are refused, not read as one long line */
	WRITE(f->orgs, "id,name,sector\rA,a,npo\rB,b,npo\r");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 0, 0, "CR only");
}

/* Memory stays bounded on records of very many cells or bytes. */
static void record_limits(void **state)
{
	struct fixture *f = *state;
	FILE *fp = fopen(f->orgs, "w");
	int i;

	assert_non_null(fp);
	fprintf(fp, "id,name,sector\nA,a,npo\n");
	for (i = 0; i < 5000; i++)
		fputc(',', fp);
	fputc('\n', fp);
	assert_int_equal(fclose(fp), 0);
	expect_error(f, 0, TSU_ELIMIT, f->orgs, 3, 4097,
		     "record has more than 4096 cells");

	WRITE(f->orgs, "id,name,sector,a,b,c,d,e\n"
		       "A,x,npo,123456789,123456789,123456789,123456789,1\n");
	f->opts.max_cell = 10;
	expect_error(f, 0, TSU_ELIMIT, f->orgs, 2, 7,
		     "record is larger than 40 bytes");
	/* exactly 40 bytes of cells is within the limit */
	WRITE(f->orgs, "id,name,sector,a,b,c,d,e\n"
		       "A,x,npo,123456789,123456789,123456789,12345678,\n");
	assert_int_equal(run(f, 0), TSU_OK);
	f->opts.max_cell = TSU_DEFAULT_MAX_CELL;
}

/* Shift_JIS without any full-width kana is still Shift_JIS; Latin-1 and
 * Windows-1252 never are. */
static void cp932_detection(void **state)
{
	struct fixture *f = *state;

	/* 団体ID,団体名,種別 / 1,山田商店,企業 / 2,横浜市役所,行政: kanji only */
	WRITE(f->orgs, "\x92\x63\x91\xcc\x49\x44,\x92\x63\x91\xcc\x96\xbc,"
		       "\x8e\xed\x95\xca\n"
		       "1,\x8e\x52\x93\x63\x8f\xa4\x93\x58,\x8a\xe9\x8b\xc6\n"
		       "2,\x89\xa1\x95\x6c\x8e\x73\x96\xf0\x8f\x8a,"
		       "\x8d\x73\x90\xad\n");
	assert_int_equal(run(f, 0), TSU_OK);
	assert_true(f->res.cp932);
	assert_int_equal(f->res.n_orgs, 2);
	assert_int_equal(q(f, "SELECT count(*) FROM org WHERE name='山田商店'"
			      " AND sector='business'"), 1);

	/* half-width katakana names, as bank exports have them: ﾔﾏﾀﾞｼｮｳﾃﾝ */
	WRITE(f->orgs, "id,name,sector\n1,\xd4\xcf\xc0\xde\xbc\xae\xb3\xc3\xdd,"
		       "business\n");
	assert_int_equal(run(f, 0), TSU_OK);
	assert_true(f->res.cp932);
	assert_int_equal(q(f, "SELECT count(*) FROM org WHERE name='ﾔﾏﾀﾞｼｮｳﾃﾝ'"),
			 1);

	/* French in Latin-1 converts cleanly as CP932, but is not Japanese */
	WRITE(f->orgs, "id,name,sector\n1,H\xe9l\xe8ne Th\xe9r\xe8se,npo\n"
		       "2,Cr\xe8me br\xfbl\xe9" "e,business\n3,\xc9" "COLE,"
		       "education\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 2, 2, "invalid UTF-8");

	/* Windows-1252 curly quotes and dashes */
	WRITE(f->orgs, "id,name,sector\n1,\x93Hope\x94 \x96 caf\xe9,npo\n"
		       "2,\x93Next\x94 Step,npo\n3,\x93" "Bay\x94 Trust,other\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 2, 2, "invalid UTF-8");
}

/* A Shift_JIS file with one bad byte is reported as such, at its line. */
static void cp932_with_a_bad_byte(void **state)
{
	struct fixture *f = *state;

	/* 団体名 みなと ひだまり in CP932, then 0xFD (never valid) on line 3 */
	WRITE(f->orgs, "id,name,sector\n"
		       "A,\x82\xDD\x82\xC8\x82\xC6,npo\n"
		       "B,\x82\xD0\x82\xBE\xFD\x82\xDC\x82\xE8,npo\n");
	expect_error(f, 0, TSU_EINPUT, f->orgs, 3, 0,
		     "byte FD is not valid Shift_JIS");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(imports_counts_tags_and_ties,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			reimport_is_a_no_op_and_change_is_a_new_snapshot, setup,
			teardown),
		cmocka_unit_test_setup_teardown(errors_name_line_and_column,
						setup, teardown),
		cmocka_unit_test_setup_teardown(quote_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_text, setup, teardown),
		cmocka_unit_test_setup_teardown(ties_errors_and_forms, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			shift_jis_imports_like_its_utf8_twin, setup, teardown),
		cmocka_unit_test_setup_teardown(limits, setup, teardown),
		cmocka_unit_test_setup_teardown(english_headers_and_blank_rows,
						setup, teardown),
		cmocka_unit_test_setup_teardown(many_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(line_numbers_across_chunks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(review_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(record_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(cp932_with_a_bad_byte, setup,
						teardown),
		cmocka_unit_test_setup_teardown(cp932_detection, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
