/* analyze_csv.c - the CSV files of `tsunagu analyze`; see tsu_analyze.h. */
#include "tsu_analyze.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tsu_out.h"
#include "tsu_text.h"

/* Members listed in one cell of isolated_groups.csv and communities.csv. */
#define MAX_LISTED 30
#define TOP_MEMBERS 5

/*
 * Vertices grouped by a label in [0, k), in vertex order within a group:
 * the members of group g are verts[start[g] .. start[g+1]).
 */
struct index {
	igraph_integer_t *start, *verts;
};

static int index_build(struct index *ix, igraph_integer_t n, igraph_integer_t k,
		       igraph_integer_t (*label)(const void *, igraph_integer_t),
		       const void *ctx)
{
	igraph_integer_t v, g, *fill;

	ix->start = calloc((size_t)k + 2, sizeof(*ix->start));
	ix->verts = malloc(((size_t)n + 1) * sizeof(*ix->verts));
	fill = calloc((size_t)k + 1, sizeof(*fill));
	if (!ix->start || !ix->verts || !fill) {
		free(fill);
		return -1;
	}
	for (v = 0; v < n; v++) {
		g = label(ctx, v);
		if (g >= 0)
			ix->start[g + 1]++;
	}
	for (g = 0; g < k; g++)
		ix->start[g + 1] += ix->start[g];
	for (v = 0; v < n; v++) {
		g = label(ctx, v);
		if (g >= 0)
			ix->verts[ix->start[g] + fill[g]++] = v;
	}
	free(fill);
	return 0;
}

static void index_release(struct index *ix)
{
	free(ix->start);
	free(ix->verts);
}

static igraph_integer_t by_component(const void *a, igraph_integer_t v)
{
	return VECTOR(((const struct tsu_analysis *)a)->component)[v];
}

static igraph_integer_t by_community(const void *a, igraph_integer_t v)
{
	return VECTOR(((const struct tsu_analysis *)a)->community)[v];
}

static igraph_integer_t by_sector(const void *gr, igraph_integer_t v)
{
	return ((const struct tsu_graph *)gr)->sector[v];
}

static igraph_integer_t by_area(const void *gr, igraph_integer_t v)
{
	return ((const struct tsu_graph *)gr)->area[v];
}

struct writer {
	const struct tsu_graph *gr;
	const struct tsu_analysis *a;
	const char *dir;
	int lang;
	struct tsu_error *err;
	struct index comp, comm, sector, area;
	struct tsu_buf ids, names;	/* member_cells() scratch */
	struct tsu_out out[8];		/* the files, published together */
	int nout;
};

/* "id1; id2; ..." or names, at most MAX_LISTED, then "... (+N)". */
static void member_cells(struct writer *w, struct tsu_out *o,
			 const igraph_integer_t *verts, igraph_integer_t n)
{
	struct tsu_buf *ids = &w->ids, *names = &w->names;
	igraph_integer_t i;
	char more[48];
	int ok = 1;

	tsu_buf_reset(ids);
	tsu_buf_reset(names);
	for (i = 0; ok && i < n && i < MAX_LISTED; i++) {
		const char *s = i ? "; " : "";

		ok = tsu_buf_addstr(ids, s) == 0 &&
		     tsu_buf_addstr(ids, tsu_graph_key(w->gr, verts[i])) == 0 &&
		     tsu_buf_addstr(names, s) == 0 &&
		     tsu_buf_addstr(names, tsu_graph_name(w->gr, verts[i])) == 0;
	}
	if (ok && n > MAX_LISTED) {
		snprintf(more, sizeof(more), "; ... (+%lld)",
			 (long long)(n - MAX_LISTED));
		ok = tsu_buf_addstr(ids, more) == 0 &&
		     tsu_buf_addstr(names, more) == 0;
	}
	if (!ok)
		o->bad = ENOMEM;
	tsu_out_text(o, ids->len ? ids->p : NULL);
	tsu_out_text(o, names->len ? names->p : NULL);
}

/*
 * Opens the next file of the set, DIR/NAME, with its header line; NULL
 * (with *rc set) when it cannot be created.
 */
static struct tsu_out *open_csv(struct writer *w, const char *name,
				const char *header, int *rc)
{
	struct tsu_out *op = &w->out[w->nout++];

	if ((*rc = tsu_out_open(op, w->dir, name, 1, w->err)))
		return NULL;
	tsu_out_header(op, header);
	return op;
}

/* --- groups.csv ---------------------------------------------------------- */

static int write_groups(struct writer *w)
{
	const struct tsu_analysis *a = w->a;
	struct tsu_out *op;
	igraph_integer_t v;
	int rc;

	if (!(op = open_csv(w, "groups.csv",
			    "org_id,name,sector,component,component_size,"
			    "community,community_size,coreness,isolated,"
			    "peripheral,community_stability", &rc)))
		return rc;
	for (v = 0; v < a->n; v++) {
		igraph_integer_t comp = VECTOR(a->component)[v];
		igraph_integer_t comm = VECTOR(a->community)[v];

		tsu_out_text(op, tsu_graph_key(w->gr, v));
		tsu_out_text(op, tsu_graph_name(w->gr, v));
		tsu_out_text(op, tsu_sector_name(w->gr->sector[v]));
		tsu_out_int(op, comp + 1);
		tsu_out_int(op, VECTOR(a->comp_size)[comp]);
		tsu_out_int(op, comm + 1);
		tsu_out_int(op, a->comm[comm].size);
		tsu_out_int(op, VECTOR(a->coreness)[v]);
		tsu_out_int(op, VECTOR(a->degree)[v] == 0);
		tsu_out_int(op, a->peripheral[v]);
		tsu_out_real(op, VECTOR(a->stability)[v]);
		tsu_out_end(op);
	}
	return tsu_out_close(op, w->err);
}

/* --- isolated_groups.csv ------------------------------------------------- */

static const char *kind_name[] = {
	[TSU_CUT_ISOLATED] = "isolated",
	[TSU_CUT_COMPONENT] = "component",
	[TSU_CUT_COMMUNITY] = "community",
	[TSU_CUT_SECTOR] = "sector",
	[TSU_CUT_AREA] = "area",
};

const char *tsu_cutoff_kind_name(int kind)
{
	return kind >= 0 && kind <= TSU_CUT_AREA ? kind_name[kind] : NULL;
}

void tsu_cutoff_why(const struct tsu_analysis *a, const struct tsu_cutoff *c,
		    int lang, char *buf, size_t len)
{
	int ja = lang == TSU_LANG_JA;
	long long size = c->size, ties = c->ties, main = a->largest;
	const char *sec;

	switch (c->kind) {
	case TSU_CUT_ISOLATED:
		snprintf(buf, len, ja ? "どの団体ともつながりがない" :
					"no tie to any other organisation");
		break;
	case TSU_CUT_COMPONENT:
		if (ja)
			snprintf(buf, len, "%s%lld団体が互いにだけつながっている"
				 "（%lld本）。最大のまとまり（%lld団体）とは"
				 "つながっていない",
				 c->small ? "小さなグループ：" : "", size, ties,
				 main);
		else
			snprintf(buf, len, "%s%lld organisations tied only "
				 "among themselves (%lld %s); no tie to the "
				 "main network of %lld",
				 c->small ? "small group: " : "", size, ties,
				 ties == 1 ? "tie" : "ties", main);
		break;
	case TSU_CUT_COMMUNITY:
		sec = tsu_sector_label(c->sector, lang);
		if (ja)
			snprintf(buf, len, "%lld団体のコミュニティ。全団体が"
				 "「%s」で、他のセクターとのつながりがない（内部 "
				 "%lld本）", size, sec, ties);
		else
			snprintf(buf, len, "a community of %lld organisations, "
				 "all %s, with no tie to another sector (%lld %s "
				 "among them)", size, sec, ties,
				 ties == 1 ? "tie" : "ties");
		break;
	case TSU_CUT_SECTOR:
		sec = tsu_sector_label(c->sector, lang);
		if (ties == 0 && ja)
			snprintf(buf, len, "「%s」の%lld団体はどれもつながりがない",
				 sec, size);
		else if (ties == 0 && size == 1)
			snprintf(buf, len, "the only %s organisation has no "
				 "tie", sec);
		else if (ties == 0)
			snprintf(buf, len, "none of the %lld %s organisations "
				 "has any tie", size, sec);
		else if (ja)
			snprintf(buf, len, "「%s」の団体は他のセクターと"
				 "つながっていない（セクター内 %lld本）", sec,
				 ties);
		else
			snprintf(buf, len, "no %s organisation has a tie to "
				 "another sector (%lld %s within)", sec, ties,
				 ties == 1 ? "tie" : "ties");
		break;
	case TSU_CUT_AREA:
		if (ja)
			snprintf(buf, len, "この地域の団体は他の地域と"
				 "つながっていない（地域内 %lld本）", ties);
		else
			snprintf(buf, len, "no organisation in this area has "
				 "a tie to another area (%lld %s within)",
				 ties, ties == 1 ? "tie" : "ties");
		break;
	default:
		buf[0] = '\0';
	}
}

static int write_cutoffs(struct writer *w)
{
	const struct tsu_analysis *a = w->a;
	struct tsu_out *op;
	size_t i;
	char why[512];
	int rc;

	if (!(op = open_csv(w, "isolated_groups.csv",
			    "kind,group,size,ties,org_ids,names,reason", &rc)))
		return rc;
	for (i = 0; i < a->n_cutoffs; i++) {
		const struct tsu_cutoff *c = &a->cutoffs[i];
		const struct index *ix = NULL;
		igraph_integer_t v = c->group;

		tsu_out_text(op, kind_name[c->kind]);
		switch (c->kind) {
		case TSU_CUT_ISOLATED:
			tsu_out_text(op, tsu_graph_key(w->gr, v));
			break;
		case TSU_CUT_COMPONENT:
			tsu_out_int(op, c->group + 1);
			ix = &w->comp;
			break;
		case TSU_CUT_COMMUNITY:
			tsu_out_int(op, c->group + 1);
			ix = &w->comm;
			break;
		case TSU_CUT_SECTOR:
			tsu_out_text(op, tsu_sector_name((int)c->group));
			ix = &w->sector;
			break;
		case TSU_CUT_AREA:
			tsu_out_text(op, w->gr->pool +
						 w->gr->area_name[c->group]);
			ix = &w->area;
			break;
		}
		tsu_out_int(op, c->size);
		tsu_out_int(op, c->ties);
		if (ix)
			member_cells(w, op, ix->verts + ix->start[c->group],
				     ix->start[c->group + 1] - ix->start[c->group]);
		else
			member_cells(w, op, &v, 1);
		tsu_cutoff_why(a, c, w->lang, why, sizeof(why));
		tsu_out_text(op, why);
		tsu_out_end(op);
	}
	return tsu_out_close(op, w->err);
}

/* --- centrality.csv ------------------------------------------------------ */

/* Strongest brokers first: betweenness, then strength, then file order. */
static int cmp_broker(const void *x, const void *y, void *ctx)
{
	const struct tsu_analysis *a = ctx;
	igraph_integer_t u = *(const igraph_integer_t *)x;
	igraph_integer_t v = *(const igraph_integer_t *)y;
	double bu = VECTOR(a->betweenness)[u];
	double bv = VECTOR(a->betweenness)[v];
	double su = VECTOR(a->strength)[u], sv = VECTOR(a->strength)[v];

	if (bu != bv)
		return bu > bv ? -1 : 1;
	if (su != sv)
		return su > sv ? -1 : 1;
	return (u > v) - (u < v);
}

static int write_centrality(struct writer *w)
{
	const struct tsu_analysis *a = w->a;
	igraph_integer_t *order, i;
	struct tsu_out *op;
	int rc;

	if (!(order = malloc(((size_t)a->n + 1) * sizeof(*order))))
		return tsu_error_oom(w->err);
	for (i = 0; i < a->n; i++)
		order[i] = i;
	qsort_r(order, (size_t)a->n, sizeof(*order), cmp_broker, (void *)a);
	if (!(op = open_csv(w, "centrality.csv",
			    "org_id,name,sector,degree,strength,betweenness,"
			    "harmonic,eigenvector,constraint,effective_size,"
			    "articulation,community", &rc))) {
		free(order);
		return rc;
	}
	for (i = 0; i < a->n; i++) {
		igraph_integer_t v = order[i];

		tsu_out_text(op, tsu_graph_key(w->gr, v));
		tsu_out_text(op, tsu_graph_name(w->gr, v));
		tsu_out_text(op, tsu_sector_name(w->gr->sector[v]));
		tsu_out_int(op, VECTOR(a->degree)[v]);
		tsu_out_real(op, VECTOR(a->strength)[v]);
		tsu_out_real(op, VECTOR(a->betweenness)[v]);
		tsu_out_real(op, VECTOR(a->harmonic)[v]);
		tsu_out_real(op, VECTOR(a->eigenvector)[v]);
		tsu_out_real(op, VECTOR(a->constraint)[v]);
		tsu_out_real(op, VECTOR(a->effective_size)[v]);
		tsu_out_int(op, a->articulation[v]);
		tsu_out_int(op, VECTOR(a->community)[v] + 1);
		tsu_out_end(op);
	}
	free(order);
	return tsu_out_close(op, w->err);
}

/* --- bridges.csv --------------------------------------------------------- */

static int write_bridges(struct writer *w)
{
	const struct tsu_analysis *a = w->a;
	struct tsu_out *op;
	size_t i;
	int rc;

	if (!(op = open_csv(w, "bridges.csv",
			    "org_id_a,name_a,org_id_b,name_b,weight,component,"
			    "side_a,side_b", &rc)))
		return rc;
	for (i = 0; i < a->n_bridges; i++) {
		const struct tsu_bridge *b = &a->bridges[i];

		tsu_out_text(op, tsu_graph_key(w->gr, b->a));
		tsu_out_text(op, tsu_graph_name(w->gr, b->a));
		tsu_out_text(op, tsu_graph_key(w->gr, b->b));
		tsu_out_text(op, tsu_graph_name(w->gr, b->b));
		tsu_out_real(op, VECTOR(w->gr->weight)[b->edge]);
		tsu_out_int(op, VECTOR(a->component)[b->a] + 1);
		tsu_out_int(op, b->side_a);
		tsu_out_int(op, b->side_b);
		tsu_out_end(op);
	}
	return tsu_out_close(op, w->err);
}

/* --- communities.csv ----------------------------------------------------- */

static int write_communities(struct writer *w)
{
	const struct tsu_analysis *a = w->a;
	struct tsu_out *op;
	igraph_integer_t k, i, j;
	int rc;

	if (!(op = open_csv(w, "communities.csv",
			    "community,size,component,internal_weight,"
			    "external_weight,modularity,stability,sectors,"
			    "top_org_ids,top_names", &rc)))
		return rc;
	for (k = 0; k < a->n_communities && a->comm[k].size > 1; k++) {
		const igraph_integer_t *mem = w->comm.verts + w->comm.start[k];
		igraph_integer_t n = a->comm[k].size, top[TOP_MEMBERS], nt = 0;
		igraph_integer_t count[TSU_SECTOR_COUNT] = { 0 };
		struct tsu_buf sec = TSU_BUF_INIT;
		char part[64];
		int s;

		/* the members of highest strength, earliest on a tie */
		for (i = 0; i < n; i++) {
			igraph_integer_t v = mem[i];

			count[w->gr->sector[v]]++;
			for (j = nt; j > 0 && VECTOR(a->strength)[top[j - 1]] <
						     VECTOR(a->strength)[v];
			     j--)
				if (j < TOP_MEMBERS)
					top[j] = top[j - 1];
			if (j < TOP_MEMBERS)
				top[j] = v;
			if (nt < TOP_MEMBERS)
				nt++;
		}
		for (s = 0; s < TSU_SECTOR_COUNT; s++) {
			if (!count[s])
				continue;
			snprintf(part, sizeof(part), "%s%s %lld",
				 sec.len ? "; " : "", tsu_sector_name(s),
				 (long long)count[s]);
			if (tsu_buf_addstr(&sec, part))
				op->bad = ENOMEM;
		}
		tsu_out_int(op, k + 1);
		tsu_out_int(op, n);
		tsu_out_int(op, VECTOR(a->component)[mem[0]] + 1);
		tsu_out_real(op, a->comm[k].internal_weight);
		tsu_out_real(op, a->comm[k].external_weight);
		tsu_out_real(op, a->comm[k].modularity);
		tsu_out_real(op, a->comm[k].stability);
		tsu_out_text(op, sec.p);
		member_cells(w, op, top, nt);
		tsu_out_end(op);
		tsu_buf_release(&sec);
	}
	return tsu_out_close(op, w->err);
}

/* --- mixing.csv ---------------------------------------------------------- */

static int write_mixing(struct writer *w)
{
	const struct tsu_analysis *a = w->a;
	struct tsu_out *op;
	int s, t, rc;

	if (!(op = open_csv(w, "mixing.csv",
			    "sector_a,sector_b,label_a,label_b,observed,"
			    "expected,ratio", &rc)))
		return rc;
	for (s = 0; s < TSU_SECTOR_COUNT; s++)
		for (t = s; t < TSU_SECTOR_COUNT; t++) {
			double obs = a->mix_obs[s][t], exp = a->mix_exp[s][t];

			if (!a->sector_size[s] || !a->sector_size[t])
				continue;
			tsu_out_text(op, tsu_sector_name(s));
			tsu_out_text(op, tsu_sector_name(t));
			tsu_out_text(op, tsu_sector_label(s, w->lang));
			tsu_out_text(op, tsu_sector_label(t, w->lang));
			tsu_out_real(op, obs);
			tsu_out_real(op, exp);
			tsu_out_real(op, exp > 0 ? obs / exp : NAN);
			tsu_out_end(op);
		}
	return tsu_out_close(op, w->err);
}

/* --- network.csv --------------------------------------------------------- */

static void metric(struct tsu_out *o, const char *name, double v,
		   const char *note)
{
	tsu_out_text(o, name);
	tsu_out_real(o, v);
	tsu_out_text(o, note);
	tsu_out_end(o);
}

/* Counts and the seed: every digit. */
static void count(struct tsu_out *o, const char *name, int64_t v,
		  const char *note)
{
	tsu_out_text(o, name);
	tsu_out_int(o, v);
	tsu_out_text(o, note);
	tsu_out_end(o);
}

static int write_network(struct writer *w)
{
	const struct tsu_analysis *a = w->a;
	int ja = w->lang == TSU_LANG_JA;
	struct tsu_out *op;
	igraph_integer_t v, arts = 0;
	char note[256];
	int rc;

	for (v = 0; v < a->n; v++)
		arts += a->articulation[v];
	if (!(op = open_csv(w, "network.csv",
			    "metric,value,note", &rc)))
		return rc;
	count(op, "organisations", (int64_t)a->n, ja ? "団体数" : NULL);
	count(op, "ties", (int64_t)a->m,
	       ja ? "つながりのある組の数" : "tied pairs");
	tsu_out_text(op, "total_weight");
	tsu_out_real_digits(op, a->total_weight, 15);
	tsu_out_text(op, ja ? "つながりの強さの合計" : "sum of tie strengths");
	tsu_out_end(op);
	metric(op, "density", a->density,
	       ja ? "ありうる組のうちつながっている割合" :
		    "share of possible pairs that are tied");
	count(op, "components", (int64_t)a->n_components,
	       ja ? "互いにつながらないまとまりの数（孤立団体を含む）" :
		    "separate parts, counting isolated organisations");
	count(op, "largest_component", (int64_t)a->largest,
	       ja ? "最大のまとまりの団体数" : "organisations in the largest part");
	count(op, "isolated", (int64_t)a->n_isolated,
	       ja ? "つながりのない団体" : "organisations with no tie");
	count(op, "communities", (int64_t)a->n_comm_multi,
	       ja ? "2団体以上のコミュニティ（Leiden、モジュラリティ）" :
		    "communities of two or more (Leiden, modularity)");
	metric(op, "modularity", a->modularity,
	       ja ? "採用した分割のモジュラリティ" :
		    "modularity of the reported partition");
	snprintf(note, sizeof(note), ja ? "%d 回の実行（シード %llu から）の最小" :
				       "lowest of %d runs (seeds from %llu)",
		 a->runs, (unsigned long long)a->seed);
	metric(op, "modularity_min", a->modularity_min, note);
	metric(op, "modularity_max", a->modularity_max,
	       ja ? "最大（採用した分割）" : "highest (the reported one)");
	metric(op, "resolution", a->resolution,
	       ja ? "解像度（大きいほど小さなコミュニティ）" :
		    "resolution (higher: smaller communities)");
	tsu_out_text(op, "seed");
	tsu_out_u64(op, a->seed);
	tsu_out_text(op, NULL);
	tsu_out_end(op);
	count(op, "leiden_runs", (int64_t)a->runs, NULL);
	metric(op, "degree_centralization", a->centralization,
	       ja ? "次数の集中度（0〜1、1 はスター型）" :
		    "degree centralisation (0-1; 1 is a star)");
	if (a->sources)
		snprintf(note, sizeof(note),
			 ja ? "最大のまとまり内の平均ステップ数（%lld 起点の"
			      "サンプルによる推定）" :
			      "mean steps in the largest part (estimated from "
			      "%lld sampled sources)",
			 (long long)a->path_sources);
	else
		snprintf(note, sizeof(note), "%s",
			 ja ? "最大のまとまり内の平均ステップ数（厳密）" :
			      "mean steps in the largest part (exact)");
	metric(op, "average_path_length", a->avg_path, note);
	metric(op, "sector_assortativity", a->assortativity,
	       ja ? "同じセクター同士がつながる傾向（-1〜1、0 はランダム）" :
		    "tendency to tie within one's sector (-1 to 1; 0 is "
		    "random mixing)");
	count(op, "articulation_points", (int64_t)arts,
	       ja ? "抜けるとネットワークが分かれる団体" :
		    "organisations whose loss splits the network");
	count(op, "bridges", (int64_t)a->n_bridges,
	       ja ? "切れるとネットワークが分かれるつながり" :
		    "ties whose loss splits the network");
	if (a->sources)
		snprintf(note, sizeof(note),
			 ja ? "推定：%lld 起点のサンプル（シード %llu）、つながり"
			      "のある %lld 団体から" :
			      "estimated from %lld sampled sources (seed %llu) "
			      "of %lld organisations with a tie",
			 (long long)a->sources, (unsigned long long)a->seed,
			 (long long)a->n_tied);
	else
		snprintf(note, sizeof(note), "%s", ja ? "厳密" : "exact");
	count(op, "betweenness_sources", (int64_t)a->sources, note);
	metric(op, "weights", NAN,
	       ja ? "重みの読み方：コミュニティ・強度・固有ベクトル・制約では"
		    "強さ、媒介・調和中心性では距離 = 1/重み" :
		    "how weights are read: as strength for communities, "
		    "strength, eigenvector and constraint; as distance = "
		    "1/weight for betweenness and harmonic closeness");
	return tsu_out_close(op, w->err);
}

int tsu_analysis_write(const struct tsu_graph *gr,
		       const struct tsu_analysis *a, const char *dir, int lang,
		       struct tsu_error *err)
{
	struct writer w = { .gr = gr, .a = a, .dir = dir, .lang = lang,
			    .err = err };
	int rc, i;

	if ((rc = tsu_mkdir_p(dir, err)))
		return rc;
	if (index_build(&w.comp, a->n, a->n_components, by_component, a) ||
	    index_build(&w.comm, a->n, a->n_communities, by_community, a) ||
	    index_build(&w.sector, a->n, TSU_SECTOR_COUNT, by_sector, gr) ||
	    index_build(&w.area, a->n, (igraph_integer_t)gr->n_areas, by_area,
			gr)) {
		rc = tsu_error_oom(err);
		goto out;
	}
	/*
	 * Every file is written and closed under a temporary name first, and
	 * only then are they renamed into place, one after the other: a
	 * failure (a full disk) leaves the previous set whole.
	 */
	if ((rc = write_groups(&w)) || (rc = write_cutoffs(&w)) ||
	    (rc = write_centrality(&w)) || (rc = write_bridges(&w)) ||
	    (rc = write_communities(&w)) || (rc = write_mixing(&w)) ||
	    (rc = write_network(&w)))
		goto out;
	rc = tsu_out_publish_all(w.out, w.nout, err);
out:
	for (i = 0; i < w.nout; i++)
		tsu_out_abort(&w.out[i]);	/* what is left, if anything */
	index_release(&w.comp);
	index_release(&w.comm);
	index_release(&w.sector);
	index_release(&w.area);
	tsu_buf_release(&w.ids);
	tsu_buf_release(&w.names);
	return rc;
}
