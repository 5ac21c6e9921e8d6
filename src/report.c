/*
 * report.c - index.html of `tsunagu report` and `tsunagu run`; see
 * tsu_report.h.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/base64.h>

#include "tsu_out.h"
#include "tsu_report.h"

#define TOP_BROKERS 20
#define MEMBERS_SHOWN 6

struct page {
	const struct tsu_report_data *d;
	struct tsu_buf b;
	int ja, bad;
	const char *dir;
};

#define W(en_, ja_) (p->ja ? (ja_) : (en_))

int tsu_html_escape(struct tsu_buf *b, const char *s)
{
	const char *run = s;

	for (; s && *s; s++) {
		const char *ent;

		switch (*s) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		if (tsu_buf_add(b, run, (size_t)(s - run)) ||
		    tsu_buf_addstr(b, ent))
			return -1;
		run = s + 1;
	}
	return s ? tsu_buf_add(b, run, (size_t)(s - run)) : 0;
}

/* Our own markup and numbers. */
__attribute__((format(printf, 2, 3)))
static void put(struct page *p, const char *fmt, ...)
{
	va_list ap;
	char small[512];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		p->bad = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		p->bad |= tsu_buf_add(&p->b, small, (size_t)n) != 0;
		return;
	}
	if (tsu_buf_grow(&p->b, (size_t)n + 1)) {
		p->bad = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(p->b.p + p->b.len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	p->b.len += (size_t)n;
}

/* Text from the data (or any text): escaped. */
static void text(struct page *p, const char *s)
{
	p->bad |= tsu_html_escape(&p->b, s) != 0;
}

static void num(struct page *p, double x, int digits)
{
	if (isnan(x))
		put(p, "–");
	else
		put(p, "%.*f", digits, x);
}

static const char *style =
	"<style>\n"
	"body{font-family:'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans',"
	"'Yu Gothic',Meiryo,sans-serif;margin:0 auto;max-width:1200px;"
	"padding:1.5em;color:#222;line-height:1.55;font-size:17px}\n"
	"h1{font-size:1.9em;margin:.2em 0}h2{font-size:1.4em;margin-top:1.8em;"
	"border-bottom:3px solid #0072B2;padding-bottom:.15em}\n"
	".meta{color:#555}.note{color:#555;font-size:.92em}\n"
	".new{background:#D55E00;color:#fff;border-radius:3px;padding:0 .3em;"
	"font-size:.8em;margin-left:.4em;white-space:nowrap}\n"
	".cards{display:flex;flex-wrap:wrap;gap:.7em;margin:1em 0}\n"
	".card{border:1px solid #ccc;border-radius:6px;padding:.5em .9em;"
	"min-width:9em}.card b{display:block;font-size:1.7em;color:#0072B2}\n"
	"figure{margin:1.2em 0;page-break-inside:avoid;break-inside:avoid}\n"
	"figure img{max-width:100%;height:auto;border:1px solid #ddd}\n"
	"figcaption{color:#444;font-size:.95em}\n"
	"table{border-collapse:collapse;width:100%;margin:.6em 0;"
	"font-size:.93em}\n"
	"th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;"
	"text-align:left}th{background:#eef4fa}\n"
	"td.n{text-align:right;white-space:nowrap}\n"
	"tr{page-break-inside:avoid;break-inside:avoid}\n"
	".warn{background:#fff4e5;border:1px solid #e69f00;padding:.6em}\n"
	"@media print{@page{size:A4;margin:14mm}body{font-size:10.5pt;"
	"max-width:none;padding:0}h2{page-break-after:avoid;"
	"break-after:avoid}a{color:inherit;text-decoration:none}"
	".card{min-width:7em}figure img{max-height:240mm}}\n"
	"</style>\n";

/* --- the pieces ---------------------------------------------------------- */

static void card(struct page *p, const char *label, const char *value)
{
	put(p, "<div class=\"card\"><b>");
	text(p, value);
	put(p, "</b>");
	text(p, label);
	put(p, "</div>\n");
}

static void headline(struct page *p)
{
	const struct tsu_analysis *an = p->d->an;
	const struct tsu_matches *r = p->d->matches;
	char v[64];
	long long listed = 0, loose = 0;
	size_t i;

	if (r)
		listed = (long long)r->start[r->n];
	for (i = 0; p->d->loose && i < p->d->loose->n; i++)
		loose += p->d->loose->list[i].b >= 0;
	put(p, "<div class=\"cards\">\n");
	snprintf(v, sizeof(v), "%lld", (long long)an->n);
	card(p, W("organisations", "団体"), v);
	snprintf(v, sizeof(v), "%lld", (long long)an->m);
	card(p, W("tied pairs", "つながり"), v);
	snprintf(v, sizeof(v), "%lld", (long long)an->n_isolated);
	card(p, W("isolated", "孤立している団体"), v);
	snprintf(v, sizeof(v), "%lld", (long long)an->n_components);
	card(p, W("separate parts (incl. isolated)",
		  "まとまりの数（孤立を含む）"), v);
	snprintf(v, sizeof(v), "%lld", (long long)an->largest);
	card(p, W("in the largest part", "最大のまとまり"), v);
	snprintf(v, sizeof(v), "%lld", (long long)an->n_comm_multi);
	card(p, W("communities", "コミュニティ"), v);
	snprintf(v, sizeof(v), "%.3f", an->modularity);
	card(p, W("modularity", "モジュラリティ"), v);
	snprintf(v, sizeof(v), "%.4f", an->density);
	card(p, W("density", "密度"), v);
	if (!isnan(an->avg_path)) {
		snprintf(v, sizeof(v), "%.2f", an->avg_path);
		card(p, W("average steps apart", "平均距離（ステップ）"), v);
	}
	if (r) {
		snprintf(v, sizeof(v), "%lld", listed);
		card(p, W("partner suggestions", "連携先の提案"), v);
	}
	if (p->d->loose) {
		snprintf(v, sizeof(v), "%lld", loose);
		card(p, W("loose-tie introductions", "ゆるいつながりの紹介"), v);
	}
	put(p, "</div>\n");
}

static int read_file(const char *path, struct tsu_buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (tsu_buf_add(out, chunk, n)) {
			fclose(f);
			return -1;
		}
	n = ferror(f);
	fclose(f);
	return n ? -1 : 0;
}

static void figure_named(struct page *p, const char *name, const char *alt,
			 const char *caption);

static void figure(struct page *p, int kind, const char *caption)
{
	figure_named(p, tsu_plot_name(kind),
		     tsu_plot_title(kind, p->ja ? TSU_LANG_JA : TSU_LANG_EN),
		     caption);
}

static void figure_named(struct page *p, const char *name, const char *alt,
			 const char *caption)
{
	struct tsu_buf png = TSU_BUF_INIT;
	char path[4096];
	size_t enc;

	snprintf(path, sizeof(path), "%s/%s/%s.png", p->dir, p->d->plot_dir,
		 name);
	put(p, "<figure id=\"fig-%s\">\n", name);
	if (read_file(path, &png) < 0) {
		put(p, "<p class=\"warn\">");
		text(p, W("picture missing: ", "図がありません："));
		text(p, path);
		put(p, "</p>\n</figure>\n");
		tsu_buf_release(&png);
		return;
	}
	enc = BASE64_ENCODE_RAW_LENGTH(png.len);
	put(p, "<img alt=\"");
	text(p, alt);
	put(p, "\" src=\"data:image/png;base64,");
	if (tsu_buf_grow(&p->b, enc + 1) == 0) {
		base64_encode_raw((char *)p->b.p + p->b.len, png.len,
				  (const uint8_t *)png.p);
		p->b.len += enc;
	} else {
		p->bad = 1;
	}
	put(p, "\">\n<figcaption>");
	text(p, caption);
	put(p, " <a href=\"");
	text(p, p->d->plot_dir);
	put(p, "/%s.svg\">SVG</a> · <a href=\"", name);
	text(p, p->d->plot_dir);
	put(p, "/%s.png\">PNG</a></figcaption>\n</figure>\n", name);
	tsu_buf_release(&png);
}

static void pictures(struct page *p)
{
	static const char *const caption[TSU_PLOT_COUNT][2] = {
		{ "Colour: sector; size: number of ties; dashed: suggested "
		  "loose ties; names: the strongest brokers. Groups not tied "
		  "to the main network and isolated organisations are in "
		  "their own bands below.",
		  "色：セクター、大きさ：つながりの数、点線：提案する"
		  "ゆるいつながり、名前：橋渡し役の上位。最大のまとまりと"
		  "つながっていないグループと孤立した団体は下の帯に並べています。" },
		{ "One disc per community, sized by its members; lines: ties "
		  "between communities.",
		  "コミュニティごとに 1 つの円（大きさは団体数）、線はコミュニティ間の"
		  "つながり。" },
		{ "Red: sectors tied more than chance would give; blue: less. "
		  "A blue row or column is a sector that keeps to itself.",
		  "赤：偶然より多くつながっているセクターの組、青：少ない組。"
		  "青い行・列は内にこもりがちなセクターです。" },
		{ "How many organisations have each number of ties.",
		  "つながりの数ごとの団体数。" },
		{ "Organisations that lie on the most shortest paths between "
		  "others: they already bridge groups.",
		  "ほかの団体どうしの最短経路の上に最も多くいる団体。"
		  "すでにグループ間の橋渡しをしています。" },
		{ "The scores of all suggested partners, and of each "
		  "organisation's best one.",
		  "提案した連携先すべてと、各団体の第 1 候補のスコア。" },
	};
	int k;

	put(p, "<h2 id=\"pictures\">");
	text(p, W("Pictures", "図"));
	put(p, "</h2>\n");
	if (p->d->plot_error) {
		put(p, "<p class=\"warn\">");
		text(p, W("Some pictures could not be drawn: ",
			  "描けなかった図があります："));
		text(p, p->d->plot_error);
		put(p, "</p>\n");
	}
	for (k = 0; k < TSU_PLOT_COUNT; k++) {
		if (p->d->plot_ok && !p->d->plot_ok[k])
			continue;
		if (k == TSU_PLOT_SCORES && !p->d->matches)
			continue;
		put(p, "<h3>");
		text(p, tsu_plot_title(k, p->ja ? TSU_LANG_JA : TSU_LANG_EN));
		put(p, "</h3>\n");
		figure(p, k, caption[k][p->ja]);
	}
}

/* Members of cut-off group c: the first few names. */
static void members(struct page *p, const struct tsu_cutoff *c)
{
	const struct tsu_graph *gr = p->d->gr;
	const struct tsu_analysis *an = p->d->an;
	igraph_integer_t v, shown = 0;

	for (v = 0; v < gr->n && shown < MEMBERS_SHOWN; v++) {
		int in;

		switch (c->kind) {
		case TSU_CUT_ISOLATED: in = v == c->group; break;
		case TSU_CUT_COMPONENT:
			in = VECTOR(an->component)[v] == c->group;
			break;
		case TSU_CUT_COMMUNITY:
			in = VECTOR(an->community)[v] == c->group;
			break;
		case TSU_CUT_SECTOR: in = gr->sector[v] == c->group; break;
		default: in = gr->area[v] == c->group; break;
		}
		if (!in)
			continue;
		if (shown++)
			put(p, "、");
		text(p, tsu_graph_name(gr, v));
	}
	if (c->size > shown)
		put(p, W(" … (+%lld)", " ほか %lld"),
		    (long long)(c->size - shown));
}

static void cutoffs(struct page *p)
{
	const struct tsu_analysis *an = p->d->an;
	const struct tsu_graph *gr = p->d->gr;
	static const char *const kind_words[][2] = {
		{ "isolated", "孤立" },
		{ "separate group", "独立したグループ" },
		{ "one-sector community", "単一セクターのコミュニティ" },
		{ "sector", "セクター" },
		{ "area", "地域" },
	};
	char why[512];
	size_t i;

	put(p, "<h2 id=\"cutoff\">");
	text(p, W("Who is cut off, and why", "孤立している団体・グループとその理由"));
	put(p, "</h2>\n");
	if (!an->n_cutoffs) {
		put(p, "<p>");
		text(p, W("Nothing is cut off: every organisation is tied to "
			  "the main network.", "孤立している団体やグループはありません。"));
		put(p, "</p>\n");
		return;
	}
	put(p, "<table><tr><th>");
	text(p, W("kind", "種類"));
	put(p, "</th><th>");
	text(p, W("group", "グループ"));
	put(p, "</th><th>");
	text(p, W("size", "団体数"));
	put(p, "</th><th>");
	text(p, W("members", "団体"));
	put(p, "</th><th>");
	text(p, W("why", "理由"));
	put(p, "</th></tr>\n");
	for (i = 0; i < an->n_cutoffs && i < TSU_REPORT_ROWS; i++) {
		const struct tsu_cutoff *c = &an->cutoffs[i];

		put(p, "<tr><td>");
		text(p, kind_words[c->kind][p->ja]);
		put(p, "</td><td>");
		if (c->kind == TSU_CUT_ISOLATED)
			text(p, tsu_graph_key(gr, c->group));
		else if (c->kind == TSU_CUT_SECTOR)
			text(p, tsu_sector_label((int)c->group,
						 p->ja ? TSU_LANG_JA :
							 TSU_LANG_EN));
		else if (c->kind == TSU_CUT_AREA)
			text(p, gr->pool + gr->area_name[c->group]);
		else
			put(p, "%lld", (long long)c->group + 1);
		put(p, "</td><td class=\"n\">%lld</td><td>",
		    (long long)c->size);
		members(p, c);
		put(p, "</td><td>");
		tsu_cutoff_why(an, c, p->ja ? TSU_LANG_JA : TSU_LANG_EN, why,
			       sizeof(why));
		text(p, why);
		put(p, "</td></tr>\n");
	}
	put(p, "</table>\n");
	if (an->n_cutoffs > TSU_REPORT_ROWS)
		put(p, W("<p class=\"note\">The first %d of %lld; all are in "
			 "isolated_groups.csv.</p>\n",
			 "<p class=\"note\">%d 件を表示（全 %lld 件は "
			 "isolated_groups.csv）。</p>\n"),
		    TSU_REPORT_ROWS, (long long)an->n_cutoffs);
}

static void new_badge(struct page *p)
{
	put(p, "<span class=\"new\">%s</span>", W("NEW", "新規"));
}

/* 1 when the suggestion of a and b (either way) is marked new. */
static int pair_fresh(const struct tsu_matches *r, int64_t a, int64_t b)
{
	size_t i;

	if (!r->fresh)
		return 0;
	for (i = r->start[a]; i < r->start[a + 1]; i++)
		if (r->list[i].b == b)
			return r->fresh[i];
	for (i = r->start[b]; i < r->start[b + 1]; i++)
		if (r->list[i].b == a)
			return r->fresh[i];
	return 0;
}

static void org_cell(struct page *p, int64_t v)
{
	const struct tsu_graph *gr = p->d->gr;

	text(p, tsu_graph_name(gr, v));
	put(p, " <span class=\"note\">(");
	text(p, tsu_graph_key(gr, v));
	put(p, ", ");
	text(p, tsu_sector_label(gr->sector[v], p->ja ? TSU_LANG_JA :
							TSU_LANG_EN));
	put(p, ")</span>");
}

static void loose(struct page *p)
{
	const struct tsu_loose *l = p->d->loose;
	struct tsu_buf why = TSU_BUF_INIT;
	char joins[300];
	size_t i, shown = 0, total = 0;

	if (!l)
		return;
	put(p, "<h2 id=\"loose\">");
	text(p, W("Loose ties: one introduction that opens the network",
		  "ゆるいつながり：ひとつの紹介でネットワークを開く"));
	put(p, "</h2>\n<p class=\"note\">");
	text(p, W("For each group that is cut off, and for large communities "
		  "with no tie between them: who could meet whom. Value = "
		  "how well the two fit × how much the tie would open up.",
		  "孤立したグループや、互いにつながりのない大きなコミュニティごとに、"
		  "誰と誰を引き合わせるとよいか。値＝相性×つながりが開く広さ。"));
	put(p, "</p>\n<table><tr><th>");
	text(p, W("joins", "つなぐもの"));
	put(p, "</th><th>");
	text(p, W("organisation", "団体"));
	put(p, "</th><th>");
	text(p, W("meets", "紹介先"));
	put(p, "</th><th>");
	text(p, W("value", "値"));
	put(p, "</th><th>");
	text(p, W("why", "理由"));
	put(p, "</th></tr>\n");
	for (i = 0; i < l->n; i++) {
		const struct tsu_loose_tie *t = &l->list[i];

		if (t->b < 0 || t->rank != 1)
			continue;
		total++;
		if (shown >= TSU_REPORT_ROWS)
			continue;
		shown++;
		tsu_loose_joins(p->d->an, t, p->ja ? TSU_LANG_JA : TSU_LANG_EN,
				joins, sizeof(joins));
		put(p, "<tr><td>");
		text(p, joins);
		put(p, "</td><td>");
		org_cell(p, t->a);
		put(p, "</td><td>");
		org_cell(p, t->b);
		if (p->d->compared && l->fresh && l->fresh[i])
			new_badge(p);
		put(p, "</td><td class=\"n\">%.3f</td><td>", t->value);
		tsu_buf_reset(&why);
		if (tsu_loose_why(p->d->m, p->d->an, t,
				  p->ja ? TSU_LANG_JA : TSU_LANG_EN, &why) < 0 ||
		    tsu_buf_add(&why, "", 1))
			p->bad = 1;
		else
			text(p, why.p);
		put(p, "</td></tr>\n");
	}
	put(p, "</table>\n");
	put(p, W("<p class=\"note\">The best introduction of %zu of %zu "
		 "groups; up to three per group, and the groups with none, "
		 "are in loose_ties.csv.</p>\n",
		 "<p class=\"note\">%zu / %zu グループの第 1 候補を表示。"
		 "各グループ最大 3 件と候補のないグループは loose_ties.csv に"
		 "あります。</p>\n"),
	    shown, total);
	tsu_buf_release(&why);
}

/* --- since last time ------------------------------------------------------ */


static void since_row(struct page *p, const char *label, double a, double b,
		      int digits)
{
	put(p, "<tr><td>");
	text(p, label);
	put(p, "</td><td class=\"n\">");
	num(p, a, digits);
	put(p, "</td><td class=\"n\">");
	num(p, b, digits);
	put(p, "</td><td class=\"n\">%s", b - a > 0 ? "+" : "");
	num(p, b - a, digits);
	put(p, "</td></tr>\n");
}

/* Up to SINCE_NAMES organisations v[0..n) of gr, or ties t[0..n) (when
   t is not NULL), then "and N more". */
#define SINCE_NAMES 30
static void since_list(struct page *p, const char *label,
		       const struct tsu_graph *gr, const int64_t *v,
		       const struct tsu_diff_tie *t, size_t n)
{
	size_t i;

	if (!n)
		return;
	put(p, "<p><b>");
	text(p, label);
	put(p, " (%zu)</b>: ", n);
	for (i = 0; i < n && i < SINCE_NAMES; i++) {
		if (i)
			text(p, t ? W("; ", "；") : W(", ", "、"));
		text(p, tsu_graph_name(gr, t ? t[i].a : v[i]));
		if (t) {
			text(p, " — ");
			text(p, tsu_graph_name(gr, t[i].b));
		}
	}
	if (n > SINCE_NAMES)
		put(p, W(" … and %zu more", " …ほか %zu"), n - SINCE_NAMES);
	put(p, "</p>\n");
}

static void since(struct page *p)
{
	const struct tsu_diff *d = p->d->diff;
	const struct tsu_diff_head *h;
	int lang = p->ja ? TSU_LANG_JA : TSU_LANG_EN;
	size_t i, fresh = 0, total = 0;

	put(p, "<h2 id=\"since\">");
	text(p, W("Since last time", "前回からの変化"));
	put(p, "</h2>\n");
	if (!d || !p->d->prev) {
		put(p, "<p class=\"note\">");
		text(p, W("This is the first snapshot in the store: nothing to "
			  "compare with yet. Import the list again next time "
			  "(tsunagu run) to see what changed.",
			  "ストアにある最初のスナップショットなので、まだ比べる"
			  "ものがありません。次回も同じように取り込むと（tsunagu "
			  "run）、変化がここに表示されます。"));
		put(p, "</p>\n");
		return;
	}
	h = d->head;
	put(p, "<p class=\"note\">");
	put(p, W("Compared with snapshot %lld (imported ",
		 "スナップショット %lld（取り込み "),
	    (long long)p->d->prev->id);
	text(p, p->d->prev->imported_at);
	text(p, W(" UTC); organisations are matched by their id.",
		  " UTC）との比較。団体は ID で対応づけています。"));
	put(p, "</p>\n<table><tr><th></th><th>");
	text(p, W("before", "前回"));
	put(p, "</th><th>");
	text(p, W("now", "今回"));
	put(p, "</th><th>");
	text(p, W("change", "増減"));
	put(p, "</th></tr>\n");
	since_row(p, W("organisations", "団体"), (double)h[0].orgs,
		  (double)h[1].orgs, 0);
	since_row(p, W("tied pairs", "つながり"), (double)h[0].ties,
		  (double)h[1].ties, 0);
	since_row(p, W("isolated", "孤立している団体"), (double)h[0].isolated,
		  (double)h[1].isolated, 0);
	since_row(p, W("separate parts", "まとまりの数"),
		  (double)h[0].components, (double)h[1].components, 0);
	since_row(p, W("in the largest part", "最大のまとまり"),
		  (double)h[0].largest, (double)h[1].largest, 0);
	since_row(p, W("communities", "コミュニティ"),
		  (double)h[0].communities, (double)h[1].communities, 0);
	since_row(p, W("density", "密度"), h[0].density, h[1].density, 4);
	since_row(p, W("modularity", "モジュラリティ"), h[0].modularity,
		  h[1].modularity, 3);
	put(p, "</table>\n");
	if (p->d->introduced > 0 || p->d->compared) {
		const struct tsu_matches *r = p->d->matches;

		for (i = 0; r && r->fresh && i < r->start[r->n]; i++)
			fresh += r->fresh[i];
		total = r ? r->start[r->n] : 0;
		put(p, "<p>");
		put(p, W("Introductions made so far (feedback: met or "
			 "partnered): <b>%lld</b>. ",
			 "これまでに実現した紹介（フィードバック：面会・連携）："
			 "<b>%lld</b> 組。"),
		    (long long)p->d->introduced);
		if (p->d->compared)
			put(p, W("New suggestions since the last run: <b>%zu</b> "
				 "of %zu (marked NEW).",
				 "前回の実行からの新しい提案：%zu 件中 <b>%zu</b> "
				 "件（「新規」の印）。"),
			    p->ja ? total : fresh, p->ja ? fresh : total);
		put(p, "</p>\n");
	}
	if (p->d->trend)
		figure_named(p, "trend", W("The network over time",
					   "ネットワークの推移"),
			     W("One point per analysed snapshot.",
			       "分析したスナップショットごとに 1 点。"));
	since_list(p, W("Joined the list", "新しく加わった団体"), d->gb,
		   d->added, NULL, d->n_added);
	since_list(p, W("Left the list", "名簿からいなくなった団体"), d->ga,
		   d->gone, NULL, d->n_gone);
	since_list(p, W("No longer isolated", "孤立を抜けた団体"), d->gb,
		   d->left, NULL, d->n_left);
	since_list(p, W("Newly isolated", "新たに孤立した団体"), d->gb,
		   d->entered, NULL, d->n_entered);
	since_list(p, W("Ties formed", "生まれたつながり"), d->gb, NULL,
		   d->formed, d->n_formed);
	since_list(p, W("Ties lost", "なくなったつながり"), d->ga, NULL,
		   d->lost, d->n_lost);
	if (!d->n_comm)
		return;
	put(p, "<table><tr><th>");
	text(p, W("community now", "今回のコミュニティ"));
	put(p, "</th><th>");
	text(p, W("before", "前回"));
	put(p, "</th><th>");
	text(p, W("shared", "共通"));
	put(p, "</th><th>Jaccard</th><th>");
	text(p, W("what happened", "動き"));
	put(p, "</th></tr>\n");
	for (i = 0; i < d->n_comm && i < TSU_REPORT_ROWS; i++) {
		const struct tsu_diff_comm *c = &d->comm[i];

		put(p, "<tr><td>");
		if (c->status != TSU_COMM_DISSOLVED)
			put(p, W("%lld (%lld)", "%lld（%lld 団体）"),
			    (long long)c->b + 1, (long long)c->b_size);
		put(p, "</td><td>");
		if (c->a >= 0)
			put(p, W("%lld (%lld)", "%lld（%lld 団体）"),
			    (long long)c->a + 1, (long long)c->a_size);
		put(p, "</td><td class=\"n\">%lld</td><td class=\"n\">",
		    (long long)c->shared);
		if (c->a >= 0 && c->status != TSU_COMM_NEW)
			put(p, "%.2f", c->jaccard);
		put(p, "</td><td>");
		text(p, tsu_comm_status_name(c->status, lang));
		put(p, "</td></tr>\n");
	}
	put(p, "</table>\n<p class=\"note\">");
	text(p, W("Communities are matched by the organisations they share "
		  "(Jaccard = shared / all members of both). diff_*.csv "
		  "from 'tsunagu diff --out' lists every change.",
		  "コミュニティは共通の団体で対応づけています（Jaccard＝共通"
		  "÷両方の団体）。すべての変化は 'tsunagu diff --out' の "
		  "diff_*.csv にあります。"));
	put(p, "</p>\n");
}

static int cmp_sugg(const void *x, const void *y)
{
	const struct tsu_suggestion *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return (a->b > b->b) - (a->b < b->b);
}

/* The strongest suggestions over all organisations, each pair once. */
static void matches(struct page *p)
{
	const struct tsu_matches *r = p->d->matches;
	enum { KEEP = 4 * TSU_REPORT_TOP_MATCHES };
	struct tsu_suggestion top[2 * KEEP];
	struct tsu_buf why = TSU_BUF_INIT;
	struct tsu_parts parts;
	size_t n = 0, i, shown = 0;
	int64_t a;

	if (!r)
		return;
	for (a = 0; a < r->n; a++)
		for (i = r->start[a]; i < r->start[a + 1]; i++) {
			top[n] = r->list[i];
			if (top[n].a > top[n].b) {	/* each pair one way */
				int64_t t = top[n].a;

				top[n].a = top[n].b;
				top[n].b = t;
			}
			if (++n == 2 * KEEP) {
				qsort(top, n, sizeof(*top), cmp_sugg);
				n = KEEP;
			}
		}
	qsort(top, n, sizeof(*top), cmp_sugg);
	put(p, "<h2 id=\"matches\">");
	text(p, W("The strongest partner suggestions",
		  "おすすめの連携先（スコア上位）"));
	put(p, "</h2>\n<p class=\"note\">");
	text(p, W("Pairs not yet tied, scored on shared themes, offers that "
		  "meet needs (both ways), sectors, distance and common "
		  "partners. Every organisation's own list is in matches.csv.",
		  "まだつながっていない組を、共通のテーマ、提供できることと"
		  "ニーズの一致（双方向）、セクター、距離、共通の連携先で採点。"
		  "各団体の候補一覧は matches.csv にあります。"));
	put(p, "</p>\n<table><tr><th>#</th><th>");
	text(p, W("organisation", "団体"));
	put(p, "</th><th>");
	text(p, W("partner", "連携先"));
	put(p, "</th><th>");
	text(p, W("score", "スコア"));
	put(p, "</th><th>");
	text(p, W("why", "理由"));
	put(p, "</th></tr>\n");
	for (i = 0; i < n && shown < TSU_REPORT_TOP_MATCHES; i++) {
		if (i && top[i].a == top[i - 1].a && top[i].b == top[i - 1].b)
			continue;
		shown++;
		put(p, "<tr><td class=\"n\">%zu</td><td>", shown);
		org_cell(p, top[i].a);
		put(p, "</td><td>");
		org_cell(p, top[i].b);
		if (p->d->compared && pair_fresh(r, top[i].a, top[i].b))
			new_badge(p);
		put(p, "</td><td class=\"n\">%.3f</td><td>", top[i].score);
		tsu_match_pair(p->d->m, top[i].a, top[i].b, &parts);
		tsu_buf_reset(&why);
		if (tsu_match_why(p->d->m, top[i].a, top[i].b, &parts,
				  p->ja ? TSU_LANG_JA : TSU_LANG_EN, &why) < 0 ||
		    tsu_buf_add(&why, "", 1))
			p->bad = 1;
		else
			text(p, why.p);
		put(p, "</td></tr>\n");
	}
	put(p, "</table>\n");
	tsu_buf_release(&why);
}

static int cmp_between(const void *x, const void *y, void *ctx)
{
	const struct tsu_analysis *an = ctx;
	igraph_integer_t u = *(const igraph_integer_t *)x;
	igraph_integer_t v = *(const igraph_integer_t *)y;
	double bu = VECTOR(an->betweenness)[u], bv = VECTOR(an->betweenness)[v];
	double su = VECTOR(an->strength)[u], sv = VECTOR(an->strength)[v];

	if (bu != bv)
		return bu > bv ? -1 : 1;
	if (su != sv)
		return su > sv ? -1 : 1;
	return (u > v) - (u < v);
}

static void brokers(struct page *p)
{
	const struct tsu_analysis *an = p->d->an;
	igraph_integer_t *all, v, k = 0, i;

	put(p, "<h2 id=\"brokers\">");
	text(p, W("Brokers: who already bridges", "橋渡し役：すでにつないでいる団体"));
	put(p, "</h2>\n");
	if (!(all = malloc(((size_t)an->n + 1) * sizeof(*all)))) {
		p->bad = 1;
		return;
	}
	for (v = 0; v < an->n; v++)
		if (VECTOR(an->betweenness)[v] > 0)
			all[k++] = v;
	qsort_r(all, (size_t)k, sizeof(*all), cmp_between, (void *)an);
	if (!k) {
		put(p, "<p>");
		text(p, W("No organisation lies between others.",
			  "ほかの団体どうしの間に立つ団体はありません。"));
		put(p, "</p>\n");
		free(all);
		return;
	}
	put(p, "<table><tr><th>#</th><th>");
	text(p, W("organisation", "団体"));
	put(p, "</th><th>");
	text(p, W("betweenness", "媒介中心性"));
	put(p, "</th><th>");
	text(p, W("ties", "つながり"));
	put(p, "</th><th>");
	text(p, W("constraint (low: spans groups)", "制約度（低いほど複数のグループにまたがる）"));
	put(p, "</th><th>");
	text(p, W("cut point", "切断点"));
	put(p, "</th></tr>\n");
	for (i = 0; i < k && i < TOP_BROKERS; i++) {
		v = all[i];
		put(p, "<tr><td class=\"n\">%lld</td><td>", (long long)i + 1);
		org_cell(p, v);
		put(p, "</td><td class=\"n\">");
		num(p, VECTOR(an->betweenness)[v], 4);
		put(p, "</td><td class=\"n\">%lld</td><td class=\"n\">",
		    (long long)VECTOR(an->degree)[v]);
		num(p, VECTOR(an->constraint)[v], 3);
		put(p, "</td><td>");
		text(p, an->articulation[v] ? W("yes: its loss splits the "
						"network", "はい：抜けると分断") :
					      "");
		put(p, "</td></tr>\n");
	}
	put(p, "</table>\n");
	free(all);
}

static void files(struct page *p)
{
	static const char *const csv[] = {
		"matches.csv", "loose_ties.csv", "isolated_groups.csv",
		"groups.csv", "centrality.csv", "communities.csv",
		"bridges.csv", "mixing.csv", "network.csv",
	};
	size_t i;

	if (!p->d->csv_note)
		return;
	put(p, "<h2 id=\"files\">");
	text(p, W("Files", "ファイル"));
	put(p, "</h2>\n<p>");
	text(p, p->d->csv_note);
	put(p, "</p>\n<ul>\n");
	for (i = 0; i < sizeof(csv) / sizeof(*csv); i++)
		put(p, "<li><a href=\"%s\">%s</a></li>\n", csv[i], csv[i]);
	put(p, "</ul>\n");
}

int tsu_report_write(const struct tsu_report_data *d, const char *dir,
		     int lang, struct tsu_error *err)
{
	struct page pg = { d, TSU_BUF_INIT, lang == TSU_LANG_JA, 0, dir };
	struct page *p = &pg;
	const struct tsu_snapshot *s = d->snap;
	struct tsu_out o = TSU_OUT_INIT;
	int rc;

	put(p, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta "
	       "charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width="
	       "device-width, initial-scale=1\">\n<title>", p->ja ? "ja" : "en");
	text(p, W("tsunagu: collaboration network report",
		  "つなぐ：連携ネットワーク レポート"));
	put(p, "</title>\n%s</head>\n<body>\n<h1>", style);
	text(p, W("Collaboration network report", "連携ネットワーク レポート"));
	put(p, "</h1>\n<p class=\"meta\">");
	if (s) {
		text(p, W("List: ", "名簿："));
		text(p, s->orgs_file);
		if (s->ties_file) {
			text(p, W(" with ties from ", "、つながり："));
			text(p, s->ties_file);
		}
		put(p, W(" (snapshot %lld, imported ", "（スナップショット "
			 "%lld、取り込み "), (long long)s->id);
		text(p, s->imported_at);
		text(p, W(" UTC)", " UTC）"));
	}
	put(p, "</p>\n");
	headline(p);
	put(p, "<p class=\"note\">");
	text(p, W("Contents: ", "目次："));
	put(p, "<a href=\"#since\">%s</a> · ",
	    W("since last time", "前回からの変化"));
	put(p, "<a href=\"#pictures\">%s</a> · <a href=\"#cutoff\">%s</a> · ",
	    W("pictures", "図"), W("cut off", "孤立"));
	if (d->loose)
		put(p, "<a href=\"#loose\">%s</a> · ",
		    W("loose ties", "ゆるいつながり"));
	if (d->matches)
		put(p, "<a href=\"#matches\">%s</a> · ",
		    W("suggestions", "提案"));
	put(p, "<a href=\"#brokers\">%s</a></p>\n", W("brokers", "橋渡し役"));
	since(p);
	pictures(p);
	cutoffs(p);
	loose(p);
	matches(p);
	brokers(p);
	files(p);
	put(p, "<p class=\"note\">");
	text(p, W("Made by tsunagu " TSU_VERSION
		  ". Numbers are reproducible: the same list and settings "
		  "give the same report.",
		  "tsunagu " TSU_VERSION " で作成。同じ名簿と設定からは同じ"
		  "レポートができます。"));
	put(p, "</p>\n</body>\n</html>\n");
	if (p->bad) {
		tsu_buf_release(&p->b);
		return tsu_error_oom(err);
	}
	if ((rc = tsu_out_open(&o, dir, "index.html", 0, err)) == TSU_OK) {
		tsu_out_write(&o, p->b.p, p->b.len);
		rc = tsu_out_commit(&o, err);
	}
	tsu_out_abort(&o);
	tsu_buf_release(&p->b);
	return rc;
}
