/* cmd_summary.c - `tsunagu summary`: what the newest snapshot holds. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tsu_model.h"
#include "tsu_store.h"
#include "tsu_text.h"

void cmd_summary_usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsunagu summary [--db FILE] [--snapshot N] [--top N] "
		"[--lang ja|en]\n"
		"\n"
		"Shows what was imported: organisations by sector and area, "
		"the most common\nfields, interests, offers and needs, the "
		"number of ties, and how many\norganisations have no tie at "
		"all.\n"
		"After 'tsunagu analyze', also the network's headline numbers: "
		"components,\nisolated organisations, communities and the top "
		"brokers.\n"
		"\n"
		"Options:\n"
		"  -d, --db FILE      the store (default: $TSUNAGU_DB, else "
		"./tsunagu.db)\n"
		"  -s, --snapshot N   snapshot to show (default: the newest)\n"
		"  -n, --top N        tags listed per kind (default 10)\n"
		"  -l, --lang LANG    ja, en or auto (default auto: the "
		"data's language)\n"
		"  -h, --help         show this help\n");
}

/* The labels of the summary, in the two languages. */
struct labels {
	const char *snapshot, *imported, *orgs, *ties, *weight, *no_tie;
	const char *by_sector, *by_area, *no_area, *most, *in_all, *none;
	const char *network, *not_analysed, *components, *largest, *isolated;
	const char *communities, *modularity, *brokers, *estimated;
};

static const struct labels labels_en = {
	"Snapshot", "imported", "Organisations", "Tied pairs",
	"total weight", "Organisations with no tie at all", "By sector",
	"By area", "(no area)", "Most common", "in all", "(none)",
	"Network", "not analysed yet: run 'tsunagu analyze'", "Components",
	"largest", "Isolated organisations", "Communities", "modularity",
	"Top brokers (betweenness)", "estimated from %lld sampled sources",
};

static const struct labels labels_ja = {
	"スナップショット", "取り込み", "団体数", "つながり（組）",
	"重みの合計", "つながりのない団体", "セクター別", "地域別",
	"（地域なし）", "よく見られる", "全", "（なし）",
	"ネットワーク", "まだ分析していません：'tsunagu analyze' を実行してください",
	"まとまり", "最大", "孤立している団体", "コミュニティ", "モジュラリティ",
	"橋渡し役の上位（媒介中心性）", "%lld 起点のサンプルによる推定",
};

/*
 * Prints `label` (text from the data, so only a printable excerpt of it)
 * padded to `width` terminal columns, then the count.
 */
static void row(const char *label, int64_t n, int64_t total, int width)
{
	char shown[256];
	size_t w;
	int pad;

	tsu_excerpt(shown, sizeof(shown), label, strlen(label), 40);
	w = tsu_display_width(shown, strlen(shown));
	pad = width > (int)w ? width - (int)w : 0;
	printf("  %s%*s %7lld", shown, pad, "", (long long)n);
	if (total > 0)
		printf("  %5.1f%%", 100.0 * (double)n / (double)total);
	printf("\n");
}

/* The headline numbers of `tsunagu analyze`, when it has run. */
static void print_network(const struct tsu_summary *s, const struct labels *L)
{
	const struct tsu_headline *h = &s->head;
	size_t i;

	printf("\n%s:\n", L->network);
	if (!s->analysed) {
		printf("  %s\n", L->not_analysed);
		return;
	}
	printf("  %s: %lld (%s %lld)\n", L->components,
	       (long long)h->n_components, L->largest, (long long)h->largest);
	printf("  %s: %lld\n", L->isolated, (long long)h->n_isolated);
	printf("  %s: %lld (%s %.3f)\n", L->communities,
	       (long long)h->n_communities, L->modularity, h->modularity);
	if (!s->n_brokers)
		return;
	printf("  %s", L->brokers);
	if (h->sources) {
		printf(", ");
		printf(L->estimated, (long long)h->sources);
	}
	printf(":\n");
	for (i = 0; i < s->n_brokers; i++) {
		char name[256], key[128];

		tsu_excerpt(name, sizeof(name), s->brokers[i].name,
			    strlen(s->brokers[i].name), 40);
		tsu_excerpt(key, sizeof(key), s->brokers[i].key,
			    strlen(s->brokers[i].key), 20);
		printf("  %2zu. %s (%s)  %.3f\n", i + 1, name, key,
		       s->brokers[i].betweenness);
	}
}

static void print_summary(const struct tsu_summary *s, int lang,
			  const char *db)
{
	const struct labels *L = lang == TSU_LANG_JA ? &labels_ja : &labels_en;
	int kind, sec;
	size_t i;
	char file[512];

	tsu_excerpt(file, sizeof(file), s->snap.orgs_file,
		    strlen(s->snap.orgs_file), 120);
	printf("%s %lld (%s): %s %s UTC, '%s'", L->snapshot,
	       (long long)s->snap.id, db, L->imported, s->snap.imported_at,
	       file);
	if (s->snap.ties_file) {
		tsu_excerpt(file, sizeof(file), s->snap.ties_file,
			    strlen(s->snap.ties_file), 120);
		printf(" + '%s'", file);
	}
	printf("\n\n");
	printf("%s: %lld\n", L->orgs, (long long)s->snap.n_orgs);
	printf("%s: %lld (%s %g)\n", L->ties, (long long)s->tie_pairs,
	       L->weight, s->tie_weight);
	printf("%s: %lld\n\n", L->no_tie, (long long)s->no_tie);

	printf("%s:\n", L->by_sector);
	for (sec = 0; sec < TSU_SECTOR_COUNT; sec++)
		row(tsu_sector_label(sec, lang), s->by_sector[sec],
		    s->snap.n_orgs, 28);
	printf("\n%s (%zu):\n", L->by_area, s->n_areas);
	for (i = 0; i < s->n_areas; i++)
		row(s->areas[i].label, s->areas[i].n, s->snap.n_orgs, 28);
	if (s->no_area)
		row(L->no_area, s->no_area, s->snap.n_orgs, 28);
	print_network(s, L);
	for (kind = 0; kind < TSU_TAG_KIND_COUNT; kind++) {
		if (lang == TSU_LANG_JA)
			printf("\n%s%s（%s %lld 種）:\n", L->most,
			       tsu_tag_kind_label(kind, lang), L->in_all,
			       (long long)s->n_distinct[kind]);
		else
			printf("\n%s %s (%lld %s):\n", L->most,
			       tsu_tag_kind_label(kind, lang),
			       (long long)s->n_distinct[kind], L->in_all);
		if (!s->n_top[kind])
			printf("  %s\n", L->none);
		for (i = 0; i < s->n_top[kind]; i++)
			row(s->top[kind][i].label, s->top[kind][i].n, 0, 28);
	}
}

static const struct option options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "snapshot", required_argument, NULL, 's' },
	{ "top", required_argument, NULL, 'n' },
	{ "lang", required_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_summary(int argc, char **argv)
{
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_summary sum = TSU_SUMMARY_INIT;
	struct tsu_store *st = NULL;
	const char *db = NULL;
	size_t snapshot = 0, top = 10;
	int c, lang = TSU_LANG_AUTO, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:s:n:l:h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 's':
		case 'n':
			if (cli_parse_size(optarg, c == 's' ? &snapshot : &top) < 0)
				return cli_usage_error("summary", "'%s' is not "
						       "a positive number",
						       optarg);
			break;
		case 'l':
			lang = cli_parse_lang(optarg);
			if (lang == -2)
				return cli_usage_error("summary", "--lang takes "
						       "ja, en or auto, not "
						       "'%s'", optarg);
			break;
		case 'h':
			cmd_summary_usage(stdout);
			return cli_finish_stdout("summary", TSU_EXIT_OK);
		default:
			return cli_usage_error("summary", "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("summary", "unexpected argument '%s'",
				       argv[optind]);
	db = cli_db_path(db);
	if ((rc = tsu_store_open(db, TSU_STORE_READONLY, &st, NULL, &err)) ||
	    (rc = tsu_store_summary(st, (int64_t)snapshot,
				    top > 100000 ? 100000 : (int)top, &sum,
				    &err))) {
		tsu_store_close(st);
		return cli_fail("summary", &err);
	}
	print_summary(&sum, lang == TSU_LANG_AUTO ? sum.snap.lang : lang, db);
	tsu_summary_release(&sum);
	tsu_store_close(st);
	return cli_finish_stdout("summary", TSU_EXIT_OK);
}
