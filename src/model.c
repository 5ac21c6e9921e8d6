/* model.c - sector and tag-kind names and labels; see tsu_model.h. */
#include "tsu_model.h"

#include <string.h>

static const struct {
	const char *name;
	const char *label_en;
	const char *label_ja;
} sectors[TSU_SECTOR_COUNT] = {
	{ "npo", "NPO / civic group", "NPO・市民活動団体" },
	{ "business", "Business", "企業" },
	{ "government", "Government", "行政" },
	{ "education", "Education", "教育機関" },
	{ "community", "Neighbourhood association", "地縁団体" },
	{ "other", "Other", "その他" },
};

/*
 * Spellings accepted for each sector, already folded (NFKC + case fold), so
 * "Business", "ＮＰＯ" and "NPO法人" all land here after tsu_fold().
 */
static const struct {
	const char *folded;
	int sector;
} sector_spellings[] = {
	{ "npo", TSU_SECTOR_NPO },
	{ "npo法人", TSU_SECTOR_NPO },
	{ "市民活動団体", TSU_SECTOR_NPO },
	{ "business", TSU_SECTOR_BUSINESS },
	{ "企業", TSU_SECTOR_BUSINESS },
	{ "事業者", TSU_SECTOR_BUSINESS },
	{ "株式会社", TSU_SECTOR_BUSINESS },
	{ "government", TSU_SECTOR_GOVERNMENT },
	{ "行政", TSU_SECTOR_GOVERNMENT },
	{ "自治体", TSU_SECTOR_GOVERNMENT },
	{ "education", TSU_SECTOR_EDUCATION },
	{ "教育", TSU_SECTOR_EDUCATION },
	{ "大学", TSU_SECTOR_EDUCATION },
	{ "学校", TSU_SECTOR_EDUCATION },
	{ "community", TSU_SECTOR_COMMUNITY },
	{ "地縁", TSU_SECTOR_COMMUNITY },
	{ "自治会", TSU_SECTOR_COMMUNITY },
	{ "町内会", TSU_SECTOR_COMMUNITY },
	{ "other", TSU_SECTOR_OTHER },
	{ "その他", TSU_SECTOR_OTHER },
};

static const struct {
	const char *name;
	const char *label_en;
	const char *label_ja;
} kinds[TSU_TAG_KIND_COUNT] = {
	{ "field", "fields", "活動分野" },
	{ "interest", "interests", "関心テーマ" },
	{ "offer", "offers", "提供できること" },
	{ "need", "needs", "ニーズ" },
};

const char *tsu_sector_name(int sector)
{
	if (sector < 0 || sector >= TSU_SECTOR_COUNT)
		return NULL;
	return sectors[sector].name;
}

const char *tsu_sector_label(int sector, int lang)
{
	if (sector < 0 || sector >= TSU_SECTOR_COUNT)
		return "?";
	return lang == TSU_LANG_JA ? sectors[sector].label_ja :
				     sectors[sector].label_en;
}

int tsu_sector_from_folded(const char *folded)
{
	size_t i;

	for (i = 0; i < sizeof(sector_spellings) / sizeof(*sector_spellings); i++)
		if (strcmp(folded, sector_spellings[i].folded) == 0)
			return sector_spellings[i].sector;
	return -1;
}

int tsu_sector_from_name(const char *name)
{
	int i;

	for (i = 0; i < TSU_SECTOR_COUNT; i++)
		if (strcmp(name, sectors[i].name) == 0)
			return i;
	return -1;
}

const char *tsu_sector_accepted(void)
{
	return "npo, business, government, education, community, other, "
	       "NPO法人, 市民活動団体, 企業, 事業者, 株式会社, 行政, 自治体, "
	       "教育, 大学, 学校, 地縁, 自治会, 町内会, その他";
}

const char *tsu_tag_kind_name(int kind)
{
	if (kind < 0 || kind >= TSU_TAG_KIND_COUNT)
		return NULL;
	return kinds[kind].name;
}

const char *tsu_tag_kind_label(int kind, int lang)
{
	if (kind < 0 || kind >= TSU_TAG_KIND_COUNT)
		return "?";
	return lang == TSU_LANG_JA ? kinds[kind].label_ja : kinds[kind].label_en;
}

int tsu_tag_kind_from_name(const char *name)
{
	int i;

	for (i = 0; i < TSU_TAG_KIND_COUNT; i++)
		if (strcmp(name, kinds[i].name) == 0)
			return i;
	return -1;
}

int tsu_lang_from_name(const char *name)
{
	if (strcmp(name, "en") == 0)
		return TSU_LANG_EN;
	if (strcmp(name, "ja") == 0)
		return TSU_LANG_JA;
	return -1;
}

const char *tsu_lang_name(int lang)
{
	return lang == TSU_LANG_JA ? "ja" : "en";
}
