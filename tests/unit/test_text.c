/* test_text.c - folding, items, UTF-8 checks, numbers, the map, sectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsu_map.h"
#include "tsu_model.h"
#include "tsu_text.h"

static void assert_folds_to(const char *in, const char *want)
{
	size_t len;
	char *out = tsu_fold(in, strlen(in), &len);

	assert_non_null(out);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	free(out);
}

static void fold_width_case_and_space(void **state)
{
	(void)state;
	assert_folds_to("ＮＰＯ", "npo");
	assert_folds_to("NPO", "npo");
	assert_folds_to("Business", "business");
	assert_folds_to("ＩＴ支援", "it支援");
	assert_folds_to("１２３", "123");
	assert_folds_to("\xE3\x80\x80 子育て支援 \xE3\x80\x80", "子育て支援");
	assert_folds_to("子育て\xE3\x80\x80\xE3\x80\x80 支援", "子育て 支援");
	assert_folds_to("教育・文化", "教育・文化");
	assert_folds_to("ｶﾞｲﾄﾞ", "ガイド");	/* half-width kana composed */
	assert_folds_to("", "");
}

static void nfkc_keeps_case(void **state)
{
	size_t len;
	char *out = tsu_nfkc("ＹＫ０１２ ", strlen("ＹＫ０１２ "), &len);

	(void)state;
	assert_string_equal(out, "YK012");
	free(out);
}

static void fold_rejects_bad_utf8(void **state)
{
	(void)state;
	assert_null(tsu_fold("a\xE3\x81", 3, NULL));
}

static void items_split_trim_and_skip_empty(void **state)
{
	const char *cell = " 福祉 ;防災；；  教育・文化 ;  ; 福祉";
	const char *want[] = { "福祉", "防災", "教育・文化", "福祉" };
	struct tsu_items it;
	const char *item;
	size_t len, n = 0;

	(void)state;
	tsu_items_init(&it, cell, strlen(cell));
	while (tsu_items_next(&it, &item, &len)) {
		assert_true(n < 4);
		assert_int_equal(len, strlen(want[n]));
		assert_memory_equal(item, want[n], len);
		n++;
	}
	assert_int_equal(n, 4);
	tsu_items_init(&it, " ; ；", strlen(" ; ；"));
	assert_false(tsu_items_next(&it, &item, &len));
}

static void utf8_check_finds_the_bad_byte(void **state)
{
	size_t at = 99;
	char why[64];

	(void)state;
	assert_int_equal(tsu_utf8_check("団体", strlen("団体"), &at, why,
					sizeof(why)), 0);
	assert_int_equal(tsu_utf8_check("ab\xE3\x81x", 5, &at, why,
					sizeof(why)), -1);
	assert_int_equal(at, 2);
	assert_string_equal(why, "truncated sequence E3 81");
	assert_int_equal(tsu_utf8_check("abc\0d", 5, &at, why, sizeof(why)), -1);
	assert_int_equal(at, 3);
	assert_string_equal(why, "NUL byte");
	assert_int_equal(tsu_utf8_check("\xC0\x80", 2, &at, why, sizeof(why)),
			 -1);	/* overlong NUL */
	assert_int_equal(at, 0);
	assert_int_equal(tsu_utf8_check("x\xFF", 2, &at, why, sizeof(why)), -1);
	assert_int_equal(at, 1);
	assert_string_equal(why, "invalid byte FF");
	assert_int_equal(tsu_utf8_check("\xED\xA0\x80", 3, &at, NULL, 0), -1);
}

static void numbers(void **state)
{
	double v;

	(void)state;
	assert_int_equal(tsu_parse_number(" 35.5 ", 6, &v), 0);
	assert_true(v == 35.5);
	assert_int_equal(tsu_parse_number("３５．５", strlen("３５．５"), &v), 0);
	assert_true(v == 35.5);
	assert_int_equal(tsu_parse_number("-139.7", 6, &v), 0);
	assert_true(v == -139.7);
	assert_int_equal(tsu_parse_number("1e3", 3, &v), 0);
	assert_true(v == 1000);
	assert_int_equal(tsu_parse_number("35.5.29530", 10, &v), -1);
	assert_int_equal(tsu_parse_number("", 0, &v), -1);
	assert_int_equal(tsu_parse_number("nan", 3, &v), -1);
	assert_int_equal(tsu_parse_number("0x10", 4, &v), -1);
	assert_int_equal(tsu_parse_number("1,5", 3, &v), -1);
}

static void excerpt_is_printable_and_bounded(void **state)
{
	char out[64];
	const char *s = "a\nb\x1b[31mc";

	(void)state;
	tsu_excerpt(out, sizeof(out), s, strlen(s), 40);
	assert_string_equal(out, "a?b?[31mc");
	tsu_excerpt(out, sizeof(out), "あいうえお", strlen("あいうえお"), 3);
	assert_string_equal(out, "あいう…");
	tsu_excerpt(out, 8, "あいうえお", strlen("あいうえお"), 40);
	assert_true(strlen(out) < 8);
	tsu_excerpt(out, sizeof(out), "a\xE3\x81z", 4, 40);
	assert_string_equal(out, "a??z");
}

static void display_width(void **state)
{
	(void)state;
	assert_int_equal(tsu_display_width("abc", 3), 3);
	assert_int_equal(tsu_display_width("団体", strlen("団体")), 4);
	assert_int_equal(tsu_display_width("ｶﾅ", strlen("ｶﾅ")), 2);
}

static void buf_grows(void **state)
{
	struct tsu_buf b = TSU_BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		assert_int_equal(tsu_buf_addstr(&b, "xy"), 0);
	assert_int_equal(b.len, 2000);
	assert_int_equal(b.p[2000], '\0');
	tsu_buf_reset(&b);
	assert_int_equal(b.len, 0);
	tsu_buf_release(&b);
	assert_null(b.p);
}

static void map_put_get_grow(void **state)
{
	struct tsu_map m = TSU_MAP_INIT;
	char key[32];
	int64_t v;
	int i;

	(void)state;
	assert_false(tsu_map_get(&m, "x", 1, &v));
	for (i = 0; i < 100000; i++) {
		int n = snprintf(key, sizeof(key), "ORG%06d", i);

		assert_int_equal(tsu_map_put(&m, key, (size_t)n, i), 0);
	}
	assert_int_equal(m.count, 100000);
	for (i = 0; i < 100000; i += 997) {
		int n = snprintf(key, sizeof(key), "ORG%06d", i);

		assert_true(tsu_map_get(&m, key, (size_t)n, &v));
		assert_int_equal(v, i);
	}
	assert_false(tsu_map_get(&m, "ORG", 3, &v));
	assert_int_equal(tsu_map_put(&m, "ORG000005", 9, -7), 0);
	assert_true(tsu_map_get(&m, "ORG000005", 9, &v));
	assert_int_equal(v, -7);
	assert_int_equal(m.count, 100000);
	tsu_map_release(&m);
}

static void sector_spellings(void **state)
{
	static const struct {
		const char *text;
		int sector;
	} cases[] = {
		{ "npo", TSU_SECTOR_NPO }, { "ＮＰＯ", TSU_SECTOR_NPO },
		{ "NPO法人", TSU_SECTOR_NPO }, { "市民活動団体", TSU_SECTOR_NPO },
		{ "Business", TSU_SECTOR_BUSINESS },
		{ "株式会社", TSU_SECTOR_BUSINESS },
		{ "事業者", TSU_SECTOR_BUSINESS }, { "企業", TSU_SECTOR_BUSINESS },
		{ "行政", TSU_SECTOR_GOVERNMENT },
		{ "自治体", TSU_SECTOR_GOVERNMENT },
		{ "GOVERNMENT", TSU_SECTOR_GOVERNMENT },
		{ "大学", TSU_SECTOR_EDUCATION }, { "学校", TSU_SECTOR_EDUCATION },
		{ "教育", TSU_SECTOR_EDUCATION },
		{ "町内会", TSU_SECTOR_COMMUNITY },
		{ "自治会", TSU_SECTOR_COMMUNITY },
		{ "地縁", TSU_SECTOR_COMMUNITY },
		{ "その他", TSU_SECTOR_OTHER }, { " Other ", TSU_SECTOR_OTHER },
		{ "NGO団体", -1 }, { "npo法人格", -1 }, { "", -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *f = tsu_fold(cases[i].text, strlen(cases[i].text), NULL);

		assert_non_null(f);
		if (tsu_sector_from_folded(f) != cases[i].sector)
			fail_msg("sector of '%s'", cases[i].text);
		free(f);
	}
	assert_string_equal(tsu_sector_name(TSU_SECTOR_COMMUNITY), "community");
	assert_int_equal(tsu_sector_from_name("education"),
			 TSU_SECTOR_EDUCATION);
	assert_null(tsu_sector_name(TSU_SECTOR_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_width_case_and_space),
		cmocka_unit_test(nfkc_keeps_case),
		cmocka_unit_test(fold_rejects_bad_utf8),
		cmocka_unit_test(items_split_trim_and_skip_empty),
		cmocka_unit_test(utf8_check_finds_the_bad_byte),
		cmocka_unit_test(numbers),
		cmocka_unit_test(excerpt_is_printable_and_bounded),
		cmocka_unit_test(display_width),
		cmocka_unit_test(buf_grows),
		cmocka_unit_test(map_put_get_grow),
		cmocka_unit_test(sector_spellings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
