/*
 * tsu_export.h - the collaboration network of a snapshot, for other tools:
 * GraphML and GML (Cytoscape, Gephi, igraph, NetworkX), GEXF 1.3 (Gephi)
 * and DOT (Graphviz).
 *
 * What every format carries:
 *   nodes   one per organisation, in file order; node v is named "n<v>"
 *           (GraphML, DOT) or v (GML, GEXF), 0-based, so that a key that is
 *           awkward in a format never becomes an identifier.  Attributes:
 *             key, name      the id from the file and the display name
 *                            (also the node's label: GEXF label=, GML and
 *                            GraphML `label`, DOT label=)
 *             sector         canonical (npo, business, government, ...)
 *             area           "" when none (GraphML, GML); left out (GEXF,
 *                            DOT)
 *             lat, lon       only when given
 *             component, community   numbered 1 = the largest
 *             degree, strength, coreness, betweenness, harmonic,
 *             eigenvector, constraint   as `tsunagu analyze` defines them;
 *                            constraint is left out where it is undefined
 *                            (an organisation with no tie)
 *   edges   one undirected edge per tied pair, in the graph's edge order
 *           (a < b), with `weight` = the pair's summed tie strength.
 *   graph   a description (snapshot, file, import time, where the metrics
 *           come from): GraphML and GML `description`, GEXF <description>,
 *           DOT comment=.
 *
 * Text from the data goes through tsu_export_clean() in every format: what
 * is not well-formed UTF-8 and the characters XML 1.0 forbids (C0 controls
 * other than tab, LF and CR; U+FFFE, U+FFFF) become U+FFFD.  Then:
 *   graphml  igraph_write_graph_graphml() on a copy of the graph carrying
 *            igraph C attributes (prefixed keys v_name, e_weight, g_...);
 *            igraph escapes & < > " ' and writes UTF-8 as it is.  A CR in
 *            a name reads back as LF (XML end-of-line handling).
 *   gml      igraph_write_graph_gml(): strings in "..." with only " and &
 *            written as &quot; and &amp;; UTF-8, line breaks and
 *            backslashes are written as they are (igraph 0.10 writes no
 *            &#NNNN; entities, and its reader decodes only the five XML
 *            ones).  Creator "tsunagu VERSION", no date.
 *   gexf     written here: GEXF 1.3, namespace http://gexf.net/1.3,
 *            & < > " ' as entities and tab, LF, CR as character
 *            references, so attribute values keep them.
 *   dot      written here: `graph { ... n0 -- n1 [weight=2]; }`, every
 *            string quoted, " and \ escaped with \, a line break as \n
 *            (Graphviz shows it as a line break in a label).
 * Numbers: integers as such; reals in GEXF and DOT in the shortest form
 * that reads back to the same double (%.15g, else %.17g), in GraphML and
 * GML as igraph writes them (15 significant digits); NaN is left out.
 *
 * The output is a function of the graph, the metrics and the info: no
 * clock, no address, so the same store gives the same bytes.
 *
 * igraph: a GraphML or GML write installs igraph's C attribute table for
 * its duration and puts the previous one back; like every igraph call it
 * belongs on one thread.
 *
 * Ownership: the caller owns `fp` (the function writes, never closes; a
 * write error is reported as TSU_EIO) and every input.
 */
#ifndef TSU_EXPORT_H
#define TSU_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "tsu_analyze.h"
#include "tsu_error.h"
#include "tsu_graph.h"
#include "tsu_store.h"
#include "tsu_text.h"

enum tsu_export_format {
	TSU_EXPORT_GRAPHML,
	TSU_EXPORT_GML,
	TSU_EXPORT_GEXF,
	TSU_EXPORT_DOT,
	TSU_EXPORT_FORMAT_COUNT
};

/* "graphml", "gml", "gexf", "dot" (case-insensitive) -> format; -1 else. */
int tsu_export_format_from_name(const char *name);
const char *tsu_export_format_name(int format);
/* The format a file name's extension implies (.graphml, .gml, .gexf,
   .dot or .gv); -1 when none does. */
int tsu_export_format_from_path(const char *path);

struct tsu_export_info {
	const char *description;	/* one line about the network; NULL:
					   none */
	const char *date;		/* "YYYY-MM-DD..." for GEXF's
					   lastmodifieddate (the snapshot's
					   import); NULL: left out */
};

/*
 * Writes the network of `gr` in `format` to `fp`, with the metrics
 * m[0 .. gr->n) (m[v] for vertex v).  TSU_EIO when a write fails,
 * TSU_ENOMEM, TSU_EINTERNAL when igraph refuses.
 */
int tsu_export_write(const struct tsu_graph *gr,
		     const struct tsu_org_metric *m,
		     const struct tsu_export_info *info, int format, FILE *fp,
		     struct tsu_error *err);

/* The metrics of an analysis in the store's shape, into out[0 .. a->n):
   what `tsunagu analyze` would save (components and communities from 1). */
void tsu_export_metrics_from_analysis(const struct tsu_graph *gr,
				      const struct tsu_analysis *a,
				      struct tsu_org_metric *out);

/*
 * Text helpers, each appending to `b` (NUL-terminated after); 0, or -1 when
 * out of memory.
 *   clean       s as text every format can hold (see above)
 *   xml_escape  clean, then & < > " ' as entities, tab LF CR as &#9;
 *               &#10; &#13;: fit for an XML attribute value or content
 *   dot_quote   clean, then a DOT quoted string, quotes included
 */
int tsu_export_clean(struct tsu_buf *b, const char *s);
int tsu_export_xml_escape(struct tsu_buf *b, const char *s);
int tsu_export_dot_quote(struct tsu_buf *b, const char *s);

#endif
