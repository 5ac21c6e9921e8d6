/* export.c - the network for Gephi, Cytoscape and Graphviz; see tsu_export.h. */
#include "tsu_export.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tsu_model.h"

#ifndef TSU_VERSION
#define TSU_VERSION "0.1.0"
#endif

#define CREATOR "tsunagu " TSU_VERSION
#define SINK_FLUSH 65536	/* bytes gathered before each fwrite */

static const char *const format_names[TSU_EXPORT_FORMAT_COUNT] = {
	[TSU_EXPORT_GRAPHML] = "graphml",
	[TSU_EXPORT_GML] = "gml",
	[TSU_EXPORT_GEXF] = "gexf",
	[TSU_EXPORT_DOT] = "dot",
};

int tsu_export_format_from_name(const char *name)
{
	int f;

	for (f = 0; f < TSU_EXPORT_FORMAT_COUNT; f++)
		if (strcasecmp(name, format_names[f]) == 0)
			return f;
	return -1;
}

const char *tsu_export_format_name(int format)
{
	if (format < 0 || format >= TSU_EXPORT_FORMAT_COUNT)
		return NULL;
	return format_names[format];
}

int tsu_export_format_from_path(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (!dot || (slash && dot < slash))
		return -1;
	if (strcasecmp(dot + 1, "gv") == 0)
		return TSU_EXPORT_DOT;
	return tsu_export_format_from_name(dot + 1);
}

/* --- the attributes, one table for every format -------------------------- */

enum attr_kind { K_TEXT, K_INT, K_REAL };

enum attr_id {
	A_KEY, A_NAME, A_SECTOR, A_AREA, A_LAT, A_LON, A_COMPONENT,
	A_COMMUNITY, A_DEGREE, A_STRENGTH, A_CORENESS, A_BETWEENNESS,
	A_HARMONIC, A_EIGENVECTOR, A_CONSTRAINT, A_COUNT
};

/* Names are letters only: igraph's GML writer drops everything else. */
static const struct {
	const char *name;
	int kind;
} attrs[A_COUNT] = {
	[A_KEY] = { "key", K_TEXT },
	[A_NAME] = { "name", K_TEXT },
	[A_SECTOR] = { "sector", K_TEXT },
	[A_AREA] = { "area", K_TEXT },
	[A_LAT] = { "lat", K_REAL },
	[A_LON] = { "lon", K_REAL },
	[A_COMPONENT] = { "component", K_INT },
	[A_COMMUNITY] = { "community", K_INT },
	[A_DEGREE] = { "degree", K_INT },
	[A_STRENGTH] = { "strength", K_REAL },
	[A_CORENESS] = { "coreness", K_INT },
	[A_BETWEENNESS] = { "betweenness", K_REAL },
	[A_HARMONIC] = { "harmonic", K_REAL },
	[A_EIGENVECTOR] = { "eigenvector", K_REAL },
	[A_CONSTRAINT] = { "constraint", K_REAL },
};

struct val {
	const char *s;		/* K_TEXT */
	int64_t i;		/* K_INT */
	double d;		/* K_REAL */
};

/* Attribute `a` of vertex v into *out; 0 when v has none (no area, no
   coordinates, a metric that is not defined). */
static int value(const struct tsu_graph *gr, const struct tsu_org_metric *m,
		 igraph_integer_t v, int a, struct val *out)
{
	const struct tsu_org_metric *mv = &m[v];
	const char *sector;

	switch (a) {
	case A_KEY: out->s = tsu_graph_key(gr, v); return 1;
	case A_NAME: out->s = tsu_graph_name(gr, v); return 1;
	case A_SECTOR:
		sector = tsu_sector_name(gr->sector[v]);
		out->s = sector ? sector : "";
		return 1;
	case A_AREA: out->s = tsu_graph_area(gr, v); return out->s != NULL;
	case A_LAT: out->d = gr->lat[v]; break;
	case A_LON: out->d = gr->lon[v]; break;
	case A_COMPONENT: out->i = mv->component; return 1;
	case A_COMMUNITY: out->i = mv->community; return 1;
	case A_DEGREE: out->i = mv->degree; return 1;
	case A_CORENESS: out->i = mv->coreness; return 1;
	case A_STRENGTH: out->d = mv->strength; break;
	case A_BETWEENNESS: out->d = mv->betweenness; break;
	case A_HARMONIC: out->d = mv->harmonic; break;
	case A_EIGENVECTOR: out->d = mv->eigenvector; break;
	case A_CONSTRAINT: out->d = mv->constraint; break;
	default: return 0;
	}
	return isfinite(out->d);
}

void tsu_export_metrics_from_analysis(const struct tsu_graph *gr,
				      const struct tsu_analysis *a,
				      struct tsu_org_metric *out)
{
	igraph_integer_t v;

	for (v = 0; v < a->n; v++) {
		struct tsu_org_metric *m = &out[v];

		m->org = gr->first_org + v;
		m->component = VECTOR(a->component)[v] + 1;
		m->community = VECTOR(a->community)[v] + 1;
		m->coreness = VECTOR(a->coreness)[v];
		m->degree = VECTOR(a->degree)[v];
		m->peripheral = a->peripheral[v];
		m->articulation = a->articulation[v];
		m->strength = VECTOR(a->strength)[v];
		m->betweenness = VECTOR(a->betweenness)[v];
		m->harmonic = VECTOR(a->harmonic)[v];
		m->eigenvector = VECTOR(a->eigenvector)[v];
		m->constraint = VECTOR(a->constraint)[v];
		m->effective_size = VECTOR(a->effective_size)[v];
		m->stability = VECTOR(a->stability)[v];
	}
}

/* The shortest of %.15g and %.17g that reads back as d. */
static const char *fmt_real(char *buf, size_t len, double d)
{
	snprintf(buf, len, "%.15g", d);
	if (strtod(buf, NULL) != d)
		snprintf(buf, len, "%.17g", d);
	return buf;
}

/* --- text ----------------------------------------------------------------- */

enum text_mode { M_CLEAN, M_XML, M_DOT };

static const char replacement[] = "\xEF\xBF\xBD";	/* U+FFFD */

/*
 * The code point at s[0 .. n), n >= 1, with its length in *len; -1 (and
 * *len = 1) when the bytes there are not well-formed UTF-8: a bad lead or
 * continuation byte, a truncated, overlong or surrogate sequence.
 */
static int32_t utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t c = s[0], min;
	size_t need, k;

	*len = 1;
	if (c < 0x80)
		return (int32_t)c;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1, c &= 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 2, c &= 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 3, c &= 0x07, min = 0x10000;
	else
		return -1;
	if (n <= need)
		return -1;
	for (k = 1; k <= need; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return -1;
		c = c << 6 | (s[k] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*len = need + 1;
	return (int32_t)c;
}

/* What XML 1.0 (and so every format here) cannot carry. */
static int forbidden(int32_t c)
{
	return c < 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
	       c == 0xFFFE || c == 0xFFFF;
}

/* The replacement of ASCII character c in `mode`, NULL to keep it.  `next`
   is the byte after it ('\0' at the end). */
static const char *escape_of(int mode, int32_t c, unsigned char next)
{
	if (mode == M_XML) {
		switch (c) {
		case '&': return "&amp;";
		case '<': return "&lt;";
		case '>': return "&gt;";
		case '"': return "&quot;";
		case '\'': return "&apos;";
		case '\t': return "&#9;";
		case '\n': return "&#10;";
		case '\r': return "&#13;";
		}
	} else if (mode == M_DOT) {
		switch (c) {
		case '"': return "\\\"";
		case '\\': return "\\\\";
		case '\n': return "\\n";
		case '\r': return next == '\n' ? "" : "\\n";	/* CR LF: one */
		}
	}
	return NULL;
}

/* Appends str to b in `mode`, runs of kept bytes at once. */
static int walk(struct tsu_buf *b, const char *str, int mode)
{
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *end = s + strlen(str), *run = s;
	size_t len;

	if (tsu_buf_grow(b, (size_t)(end - s) + 1) < 0)
		return -1;
	while (s < end) {
		int32_t c = utf8_next(s, (size_t)(end - s), &len);
		const char *rep;

		rep = forbidden(c) ? replacement :
		      c < 0x80	   ? escape_of(mode, c, s[1]) : NULL;
		if (rep) {
			if (tsu_buf_add(b, run, (size_t)(s - run)) < 0 ||
			    tsu_buf_addstr(b, rep) < 0)
				return -1;
			run = s + len;
		}
		s += len;
	}
	return tsu_buf_add(b, run, (size_t)(s - run));
}

int tsu_export_clean(struct tsu_buf *b, const char *s)
{
	return walk(b, s, M_CLEAN);
}

int tsu_export_xml_escape(struct tsu_buf *b, const char *s)
{
	return walk(b, s, M_XML);
}

int tsu_export_dot_quote(struct tsu_buf *b, const char *s)
{
	if (tsu_buf_add(b, "\"", 1) < 0 || walk(b, s, M_DOT) < 0)
		return -1;
	return tsu_buf_add(b, "\"", 1);
}

/* --- GraphML and GML, through igraph -------------------------------------- */

static void buf_release(void *b)
{
	tsu_buf_release(b);
}

/* Sets the vertex attribute `name` of g from attribute a of every vertex. */
static igraph_error_t set_vertex_attr(igraph_t *g, const char *name, int a,
				      const struct tsu_graph *gr,
				      const struct tsu_org_metric *m,
				      igraph_vector_t *num,
				      igraph_strvector_t *str,
				      struct tsu_buf *b)
{
	igraph_integer_t v;
	struct val x;

	for (v = 0; v < gr->n; v++) {
		int has = value(gr, m, v, a, &x);

		if (attrs[a].kind == K_TEXT) {
			tsu_buf_reset(b);
			if (tsu_export_clean(b, has ? x.s : "") < 0)
				IGRAPH_ERROR("out of memory", IGRAPH_ENOMEM);
			IGRAPH_CHECK(igraph_strvector_set(str, v, b->p));
		} else if (attrs[a].kind == K_INT) {
			VECTOR(*num)[v] = (double)x.i;
		} else {
			VECTOR(*num)[v] = has ? x.d : NAN;	/* left out */
		}
	}
	if (attrs[a].kind == K_TEXT)
		IGRAPH_CHECK(SETVASV(g, name, str));
	else
		IGRAPH_CHECK(SETVANV(g, name, num));
	return IGRAPH_SUCCESS;
}

/*
 * A copy of the graph with every attribute, written by igraph.  Runs with
 * the C attribute table installed (see ig_export); on an error igraph's
 * FINALLY stack frees what was made.
 */
static igraph_error_t ig_write(const struct tsu_graph *gr,
			       const struct tsu_org_metric *m,
			       const struct tsu_export_info *info, int format,
			       FILE *fp)
{
	igraph_t g;
	igraph_vector_int_t el;
	igraph_vector_t num;
	igraph_strvector_t str;
	struct tsu_buf b = TSU_BUF_INIT;
	int a;

	IGRAPH_FINALLY(buf_release, &b);
	IGRAPH_VECTOR_INT_INIT_FINALLY(&el, 0);
	IGRAPH_CHECK(igraph_get_edgelist(&gr->g, &el, 0));
	IGRAPH_CHECK(igraph_empty(&g, gr->n, IGRAPH_UNDIRECTED));
	IGRAPH_FINALLY(igraph_destroy, &g);
	IGRAPH_CHECK(igraph_add_edges(&g, &el, NULL));
	IGRAPH_VECTOR_INIT_FINALLY(&num, gr->n);
	IGRAPH_STRVECTOR_INIT_FINALLY(&str, gr->n);
	if (info && info->description) {
		if (tsu_export_clean(&b, info->description) < 0)
			IGRAPH_ERROR("out of memory", IGRAPH_ENOMEM);
		IGRAPH_CHECK(SETGAS(&g, "description", b.p));
	}
	for (a = 0; a < A_COUNT; a++) {
		IGRAPH_CHECK(set_vertex_attr(&g, attrs[a].name, a, gr, m, &num,
					     &str, &b));
		if (a == A_NAME)	/* what Gephi and yEd show */
			IGRAPH_CHECK(SETVASV(&g, "label", &str));
	}
	IGRAPH_CHECK(SETEANV(&g, "weight", &gr->weight));
	if (format == TSU_EXPORT_GRAPHML)
		IGRAPH_CHECK(igraph_write_graph_graphml(&g, fp, 1));
	else
		IGRAPH_CHECK(igraph_write_graph_gml(&g, fp,
						    IGRAPH_WRITE_GML_DEFAULT_SW,
						    NULL, CREATOR));
	igraph_strvector_destroy(&str);
	igraph_vector_destroy(&num);
	igraph_destroy(&g);
	igraph_vector_int_destroy(&el);
	tsu_buf_release(&b);
	IGRAPH_FINALLY_CLEAN(5);
	return IGRAPH_SUCCESS;
}

static int ig_export(const struct tsu_graph *gr, const struct tsu_org_metric *m,
		     const struct tsu_export_info *info, int format, FILE *fp,
		     struct tsu_error *err)
{
	igraph_attribute_table_t *old;
	igraph_error_t e;

	/* igraph keeps one attribute table for the process: ours for the
	   copy's life only, so that the graphs of other stages stay bare */
	old = igraph_set_attribute_table(&igraph_cattribute_table);
	e = ig_write(gr, m, info, format, fp);
	igraph_set_attribute_table(old);
	if (e == IGRAPH_SUCCESS)
		return TSU_OK;
	if (e == IGRAPH_ENOMEM)
		return tsu_error_oom(err);
	if (e == IGRAPH_EFILE)
		return tsu_error_set(err, TSU_EIO, NULL, 0, 0,
				     "cannot write the %s file: %s",
				     format_names[format],
				     errno ? strerror(errno) : "write error");
	return tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0,
			     "igraph cannot write %s: %s", format_names[format],
			     igraph_strerror(e));
}

/* --- GEXF and DOT, written here -------------------------------------------- */

/* Output gathered in a buffer and written in large pieces. */
struct sink {
	FILE *fp;
	struct tsu_buf b;
	int bad;		/* errno of the first failure, ENOMEM too */
};

static void sink_flush(struct sink *s)
{
	if (!s->bad && s->b.len &&
	    fwrite(s->b.p, 1, s->b.len, s->fp) != s->b.len)
		s->bad = errno ? errno : EIO;
	tsu_buf_reset(&s->b);
}

static void sink_check(struct sink *s, int rc)
{
	if (rc < 0 && !s->bad)
		s->bad = ENOMEM;
	if (s->b.len >= SINK_FLUSH)
		sink_flush(s);
}

static void put(struct sink *s, const char *str)
{
	sink_check(s, tsu_buf_addstr(&s->b, str));
}

static void putf(struct sink *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void putf(struct sink *s, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);	/* numbers and names */
	va_end(ap);
	put(s, tmp);
}

static void put_xml(struct sink *s, const char *text)
{
	sink_check(s, tsu_export_xml_escape(&s->b, text));
}

static void put_dot(struct sink *s, const char *text)
{
	sink_check(s, tsu_export_dot_quote(&s->b, text));
}

/* A number as text: integers as such, reals in their shortest form. */
static const char *number(char *buf, size_t len, int kind,
			  const struct val *x)
{
	if (kind == K_INT) {
		snprintf(buf, len, "%lld", (long long)x->i);
		return buf;
	}
	return fmt_real(buf, len, x->d);
}

static int sink_end(struct sink *s, const char *what, struct tsu_error *err)
{
	int e;

	sink_flush(s);
	e = s->bad;
	tsu_buf_release(&s->b);
	if (e == ENOMEM)
		return tsu_error_oom(err);
	if (e)
		return tsu_error_set(err, TSU_EIO, NULL, 0, 0,
				     "cannot write the %s file: %s", what,
				     strerror(e));
	return TSU_OK;
}

static const char *const gexf_types[] = {
	[K_TEXT] = "string", [K_INT] = "integer", [K_REAL] = "double",
};

/* "YYYY-MM-DD" at the start of `date`, for an xs:date; 0 when absent. */
static int date_of(const char *date, char out[11])
{
	int i;

	if (!date || strlen(date) < 10)
		return 0;
	for (i = 0; i < 10; i++) {
		int dash = i == 4 || i == 7;

		if (dash ? date[i] != '-' : (date[i] < '0' || date[i] > '9'))
			return 0;
		out[i] = date[i];
	}
	out[10] = '\0';
	return 1;
}

static void gexf_head(struct sink *s, const struct tsu_export_info *info)
{
	char date[11];
	int a;

	put(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	       "<gexf xmlns=\"http://gexf.net/1.3\""
	       " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
	       " xsi:schemaLocation=\"http://gexf.net/1.3"
	       " http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n");
	if (info && date_of(info->date, date))
		putf(s, "  <meta lastmodifieddate=\"%s\">\n", date);
	else
		put(s, "  <meta>\n");
	put(s, "    <creator>" CREATOR "</creator>\n");
	if (info && info->description) {
		put(s, "    <description>");
		put_xml(s, info->description);
		put(s, "</description>\n");
	}
	put(s, "  </meta>\n"
	       "  <graph defaultedgetype=\"undirected\" mode=\"static\">\n"
	       "    <attributes class=\"node\">\n");
	for (a = 0; a < A_COUNT; a++)
		putf(s, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n",
		     attrs[a].name, attrs[a].name, gexf_types[attrs[a].kind]);
	put(s, "    </attributes>\n");
}

static int write_gexf(const struct tsu_graph *gr,
		      const struct tsu_org_metric *m,
		      const struct tsu_export_info *info, FILE *fp,
		      struct tsu_error *err)
{
	struct sink s = { fp, TSU_BUF_INIT, 0 };
	igraph_integer_t v, e, m_edges = igraph_ecount(&gr->g);
	char num[40];
	int a;

	gexf_head(&s, info);
	putf(&s, "    <nodes count=\"%lld\">\n", (long long)gr->n);
	for (v = 0; v < gr->n && !s.bad; v++) {
		putf(&s, "      <node id=\"%lld\" label=\"", (long long)v);
		put_xml(&s, tsu_graph_name(gr, v));
		put(&s, "\">\n        <attvalues>\n");
		for (a = 0; a < A_COUNT; a++) {
			struct val x;

			if (!value(gr, m, v, a, &x))
				continue;
			putf(&s, "          <attvalue for=\"%s\" value=\"",
			     attrs[a].name);
			if (attrs[a].kind == K_TEXT)
				put_xml(&s, x.s);
			else
				put(&s, number(num, sizeof(num), attrs[a].kind,
					       &x));
			put(&s, "\"/>\n");
		}
		put(&s, "        </attvalues>\n      </node>\n");
	}
	putf(&s, "    </nodes>\n    <edges count=\"%lld\">\n",
	     (long long)m_edges);
	for (e = 0; e < m_edges && !s.bad; e++) {
		igraph_integer_t from, to;

		igraph_edge(&gr->g, e, &from, &to);	/* from < to */
		putf(&s, "      <edge id=\"%lld\" source=\"%lld\" target=\"%lld\""
			 " weight=\"%s\"/>\n", (long long)e, (long long)from,
		     (long long)to,
		     fmt_real(num, sizeof(num), VECTOR(gr->weight)[e]));
	}
	put(&s, "    </edges>\n  </graph>\n</gexf>\n");
	return sink_end(&s, "gexf", err);
}

/* A DOT value: a numeral bare, unless it has an exponent (DOT numerals
   have none), then quoted. */
static void put_dot_number(struct sink *s, const char *num)
{
	if (strpbrk(num, "eE"))
		putf(s, "\"%s\"", num);
	else
		put(s, num);
}

static int write_dot(const struct tsu_graph *gr,
		     const struct tsu_org_metric *m,
		     const struct tsu_export_info *info, FILE *fp,
		     struct tsu_error *err)
{
	struct sink s = { fp, TSU_BUF_INIT, 0 };
	igraph_integer_t v, e, m_edges = igraph_ecount(&gr->g);
	char num[40];
	int a;

	put(&s, "// " CREATOR ": the collaboration network\ngraph tsunagu {\n");
	if (info && info->description) {
		put(&s, "\tgraph [comment=");
		put_dot(&s, info->description);
		put(&s, "];\n");
	}
	for (v = 0; v < gr->n && !s.bad; v++) {
		putf(&s, "\tn%lld [label=", (long long)v);
		put_dot(&s, tsu_graph_name(gr, v));
		for (a = 0; a < A_COUNT; a++) {
			struct val x;

			if (!value(gr, m, v, a, &x))
				continue;
			putf(&s, ", %s=", attrs[a].name);
			if (attrs[a].kind == K_TEXT)
				put_dot(&s, x.s);
			else
				put_dot_number(&s, number(num, sizeof(num),
							  attrs[a].kind, &x));
		}
		put(&s, "];\n");
	}
	for (e = 0; e < m_edges && !s.bad; e++) {
		igraph_integer_t from, to;

		igraph_edge(&gr->g, e, &from, &to);
		putf(&s, "\tn%lld -- n%lld [weight=", (long long)from,
		     (long long)to);
		put_dot_number(&s, fmt_real(num, sizeof(num),
					    VECTOR(gr->weight)[e]));
		put(&s, "];\n");
	}
	put(&s, "}\n");
	return sink_end(&s, "dot", err);
}

int tsu_export_write(const struct tsu_graph *gr,
		     const struct tsu_org_metric *m,
		     const struct tsu_export_info *info, int format, FILE *fp,
		     struct tsu_error *err)
{
	switch (format) {
	case TSU_EXPORT_GRAPHML:
	case TSU_EXPORT_GML:
		return ig_export(gr, m, info, format, fp, err);
	case TSU_EXPORT_GEXF:
		return write_gexf(gr, m, info, fp, err);
	case TSU_EXPORT_DOT:
		return write_dot(gr, m, info, fp, err);
	}
	return tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0,
			     "unknown export format %d", format);
}
