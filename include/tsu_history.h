/*
 * tsu_history.h - the network over time: what changed between two
 * snapshots.
 *
 * Organisations are matched across snapshots by their id in the file (the
 * store's org.key), never by store id, which is per snapshot.  A tie is
 * the unordered pair of ids; one whose weight changed is neither formed
 * nor lost.  An organisation is *isolated* when it has no tie.
 *
 * Communities are matched by overlap.  For each community of B (two or
 * more members) its *predecessor* is the community of A sharing most
 * members with it (ties: the larger, then the lower number), with the
 * Jaccard index |A ∩ B| / |A ∪ B| over the organisations of both.  Its
 * status:
 *   new        no member was in a community of A
 *   continues  A and B are each other's best match
 *   merged     two or more communities of A have it as their best match
 *   split      its predecessor's best match is another community of B
 * and each community of A that is no community's predecessor and keeps
 * under half of its members together is *dissolved*.
 *
 * The headline numbers of each side come from its analysis: made by
 * tsu_diff_analyze() with the stored communities and resolution when the
 * snapshot was analysed, so they match what `analyze` stored (else Leiden
 * with the defaults), or the full analysis a report has already made.  Everything is deterministic; lists are in file order of the
 * newer side where it has the organisations, else of the older.
 */
#ifndef TSU_HISTORY_H
#define TSU_HISTORY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tsu_analyze.h"
#include "tsu_error.h"
#include "tsu_graph.h"
#include "tsu_store.h"

/* The numbers compared, for one side. */
struct tsu_diff_head {
	int64_t orgs, ties, components, largest, isolated, communities;
	double density, modularity;
};

struct tsu_diff_tie {
	int64_t a, b;		/* vertices (of B for formed, A for lost) */
	double weight;
};

enum tsu_comm_status {
	TSU_COMM_NEW,
	TSU_COMM_CONTINUES,
	TSU_COMM_MERGED,
	TSU_COMM_SPLIT,
	TSU_COMM_DISSOLVED,	/* a community of A */
};

struct tsu_diff_comm {
	int status;
	int64_t b, b_size;	/* community of B, 0-based; -1 for dissolved */
	int64_t a, a_size;	/* its predecessor in A; -1 none */
	int64_t shared;		/* organisations in both */
	double jaccard;
};

struct tsu_diff {
	const struct tsu_graph *ga, *gb;	/* borrowed */
	struct tsu_diff_head head[2];		/* A, B */
	int64_t *added, *gone;		/* vertices of B, of A */
	size_t n_added, n_gone;
	struct tsu_diff_tie *formed, *lost;
	size_t n_formed, n_lost;
	int64_t *entered, *left;	/* vertices of B: now isolated, no
					   longer isolated (both in A too) */
	size_t n_entered, n_left;
	struct tsu_diff_comm *comm;	/* B's communities in order, then
					   the dissolved ones of A */
	size_t n_comm;
};

/*
 * The analysis a side needs (tsu_analyze, groups only): with `membership`
 * its stored communities (or NULL for Leiden) and `o` the settings of its
 * stored analysis (its resolution, so that modularity is the stored one).
 * A full analysis of the graph (a report's) serves as well.
 */
int tsu_diff_analyze(const struct tsu_graph *g, const int64_t *membership,
		     const struct tsu_analyze_opts *o, struct tsu_analysis *out,
		     struct tsu_error *err);

/* Compares A (older) and B (newer), each with its analysis; fills `out`. */
int tsu_diff(const struct tsu_graph *ga, const struct tsu_analysis *aa,
	     const struct tsu_graph *gb, const struct tsu_analysis *ab,
	     struct tsu_diff *out, struct tsu_error *err);
void tsu_diff_release(struct tsu_diff *d);	/* zeroed or filled */

const char *tsu_comm_status_name(int status, int lang);

/*
 * What changed, as text for a terminal: the numbers before and after,
 * then each list cut at `limit` lines (0: all).  Text from the data goes
 * through tsu_excerpt().  Returns 0, or the errno of a write error.
 */
int tsu_diff_print(FILE *fp, const struct tsu_diff *d,
		   const struct tsu_snapshot *sa, const struct tsu_snapshot *sb,
		   int lang, size_t limit);

/*
 * The lists as CSV in `dir` (UTF-8 with a BOM, written whole):
 * diff_numbers.csv, diff_orgs.csv (added/gone), diff_ties.csv
 * (formed/lost), diff_isolation.csv (entered/left), diff_communities.csv.
 */
int tsu_diff_write(const struct tsu_diff *d, const char *dir, int lang,
		   struct tsu_error *err);

#endif
