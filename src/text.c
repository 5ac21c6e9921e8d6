/* text.c - UTF-8 helpers: validation, folding, items; see tsu_text.h. */
#include "tsu_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int tsu_buf_grow(struct tsu_buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return -1;
	want = b->len + extra + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	p = realloc(b->p, cap);
	if (!p)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int tsu_buf_add(struct tsu_buf *b, const void *p, size_t n)
{
	if (tsu_buf_grow(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int tsu_buf_addstr(struct tsu_buf *b, const char *s)
{
	return tsu_buf_add(b, s, strlen(s));
}

void tsu_buf_reset(struct tsu_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void tsu_buf_release(struct tsu_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* Describes the bytes at a bad position, e.g. "truncated sequence E3 81". */
static void describe_bad(const unsigned char *s, size_t n, size_t at,
			 const char *what, char *why, size_t whylen)
{
	size_t k, off;

	if (!why || !whylen)
		return;
	off = (size_t)snprintf(why, whylen, "%s", what);
	for (k = 0; k < 4 && at + k < n && off + 4 < whylen; k++) {
		if (k > 0 && (s[at + k] & 0xC0) != 0x80)
			break;
		off += (size_t)snprintf(why + off, whylen - off, " %02X",
					s[at + k]);
	}
}

int tsu_utf8_check(const char *s, size_t n, size_t *bad_at, char *why,
		   size_t whylen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step;

		if (u[i] == 0) {
			if (bad_at)
				*bad_at = i;
			if (why && whylen)
				snprintf(why, whylen, "NUL byte");
			return -1;
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		step = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
		if (step < 0) {
			int lead_ok = u[i] >= 0xC2 && u[i] <= 0xF4;
			size_t need = u[i] >= 0xF0 ? 4 : u[i] >= 0xE0 ? 3 : 2;
			size_t have = 1;

			while (have < need && i + have < n &&
			       (u[i + have] & 0xC0) == 0x80)
				have++;
			if (bad_at)
				*bad_at = i;
			describe_bad(u, n, i,
				     !lead_ok ? "invalid byte" :
				     have < need ? "truncated sequence" :
						   "invalid sequence",
				     why, whylen);
			return -1;
		}
		i += (size_t)step;
	}
	return 0;
}

size_t tsu_count_newlines(const void *p, size_t n)
{
	const char *s = p, *end = s + n;
	size_t k = 0;

	while (s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		k++;
		s++;
	}
	return k;
}

size_t tsu_utf8_len(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

/* White space by Unicode: the space separators plus line breaks and BOM. */
static int is_space_cp(utf8proc_int32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' ||
		       cp == '\v' || cp == '\f';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS ||
	       cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF;
}

/* Length of a white-space code point at s[0..n), 0 if none. */
static size_t space_at(const unsigned char *s, size_t n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return is_space_cp(s[0]) ? 1 : 0;
	k = utf8proc_iterate(s, (utf8proc_ssize_t)(n < 4 ? n : 4), &cp);
	return k > 0 && is_space_cp(cp) ? (size_t)k : 0;
}

/* Length of a white-space code point ending at s[n-1], 0 if none. */
static size_t space_before(const unsigned char *s, size_t n)
{
	size_t start = n;

	if (n == 0)
		return 0;
	if (s[n - 1] < 0x80)
		return is_space_cp(s[n - 1]) ? 1 : 0;
	while (start > 0 && n - start < 4 && (s[start - 1] & 0xC0) == 0x80)
		start--;
	if (start == 0)
		return 0;
	start--;	/* the lead byte */
	return space_at(s + start, n - start) == n - start ? n - start : 0;
}

const char *tsu_trim(const char *s, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = *n, k;

	while ((k = space_at(u, len)) > 0) {
		u += k;
		len -= k;
	}
	while ((k = space_before(u, len)) > 0)
		len -= k;
	*n = len;
	return (const char *)u;
}

/* Trims and collapses inner ASCII white space of a NUL-terminated string in place. */
static size_t squeeze_spaces(char *s, size_t n)
{
	size_t i, o = 0;
	int pending = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			pending = o > 0;
			continue;
		}
		if (pending)
			s[o++] = ' ';
		pending = 0;
		s[o++] = c;
	}
	s[o] = '\0';
	return o;
}

static char *map_text(const char *s, size_t n, size_t *outlen, int options)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t r;
	size_t len, i;

	s = tsu_trim(s, &n);
	if (!tsu_has_nonascii(s, n)) {
		/* NFKC leaves ASCII alone and case folding is tolower() */
		dst = malloc(n + 1);
		if (!dst)
			return NULL;
		for (i = 0; i < n; i++)
			dst[i] = (utf8proc_uint8_t)(options & UTF8PROC_CASEFOLD &&
						    s[i] >= 'A' && s[i] <= 'Z' ?
							    s[i] - 'A' + 'a' :
							    s[i]);
		r = (utf8proc_ssize_t)n;
	} else {
		r = utf8proc_map((const utf8proc_uint8_t *)s,
				 (utf8proc_ssize_t)n, &dst,
				 (utf8proc_option_t)(UTF8PROC_STABLE |
						     UTF8PROC_COMPOSE |
						     UTF8PROC_COMPAT | options));
		if (r < 0) {
			free(dst);
			return NULL;
		}
	}
	dst[r] = '\0';
	len = squeeze_spaces((char *)dst, (size_t)r);
	if (outlen)
		*outlen = len;
	return (char *)dst;
}

char *tsu_fold(const char *s, size_t n, size_t *outlen)
{
	return map_text(s, n, outlen, UTF8PROC_CASEFOLD);
}

char *tsu_nfkc(const char *s, size_t n, size_t *outlen)
{
	return map_text(s, n, outlen, 0);
}

int tsu_has_nonascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

int tsu_has_japanese(const char *s, size_t n)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	size_t i = 0;

	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step;

		if (u[i] < 0x80) {
			i++;
			continue;
		}
		step = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
		if (step < 0)
			return 0;
		if ((cp >= 0x3040 && cp <= 0x30FF) ||	/* kana */
		    (cp >= 0x31F0 && cp <= 0x31FF) ||
		    (cp >= 0x3400 && cp <= 0x4DBF) ||	/* CJK ext. A */
		    (cp >= 0x4E00 && cp <= 0x9FFF) ||	/* CJK */
		    (cp >= 0xFF66 && cp <= 0xFF9F))	/* half-width kana */
			return 1;
		i += (size_t)step;
	}
	return 0;
}

void tsu_items_init(struct tsu_items *it, const char *s, size_t n)
{
	it->p = s;
	it->end = s + n;
}

/* Finds the next separator (';' or U+FF1B) in p..end; returns its length. */
static const char *find_sep(const char *p, const char *end, size_t *seplen)
{
	for (; p < end; p++) {
		if (*p == ';') {
			*seplen = 1;
			return p;
		}
		if ((unsigned char)p[0] == 0xEF && end - p >= 3 &&
		    (unsigned char)p[1] == 0xBC && (unsigned char)p[2] == 0x9B) {
			*seplen = 3;
			return p;
		}
	}
	*seplen = 0;
	return end;
}

int tsu_items_next(struct tsu_items *it, const char **item, size_t *len)
{
	while (it->p < it->end) {
		size_t seplen, n;
		const char *sep = find_sep(it->p, it->end, &seplen);
		const char *s = it->p;

		n = (size_t)(sep - s);
		it->p = sep + seplen;
		s = tsu_trim(s, &n);
		if (n > 0) {
			*item = s;
			*len = n;
			return 1;
		}
	}
	return 0;
}

int tsu_parse_number(const char *s, size_t n, double *out)
{
	char tmp[64], *end;
	char *norm = NULL;
	size_t i, len = n;
	double v;
	int ok = -1;

	s = tsu_trim(s, &len);
	if (tsu_has_nonascii(s, len)) {
		norm = tsu_nfkc(s, len, &len);
		if (!norm)
			return -1;
		s = norm;
	}
	if (len == 0 || len >= sizeof(tmp))
		goto out;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || c == '.' || c == '-' ||
		      c == '+' || c == 'e' || c == 'E'))
			goto out;
	}
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	v = strtod(tmp, &end);
	if (end != tmp + len || v != v || v > 1e300 || v < -1e300)
		goto out;
	*out = v;
	ok = 0;
out:
	free(norm);
	return ok;
}

/*
 * 0 for the characters that steer a terminal rather than show: C1 controls,
 * bidirectional overrides and isolates, line and paragraph separators.
 */
static int printable_at(const unsigned char *u, size_t k)
{
	utf8proc_int32_t cp;

	if (utf8proc_iterate(u, (utf8proc_ssize_t)k, &cp) <= 0)
		return 0;
	return !((cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
		 cp == 0x200F ||
		 (cp >= 0x202A && cp <= 0x202E) ||
		 (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
		 cp == 0x2029);
}

void tsu_excerpt(char *dst, size_t dstlen, const char *s, size_t n,
		 size_t maxchars)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, chars = 0;

	if (!dstlen)
		return;
	while (i < n && chars < maxchars) {
		size_t k = 1;

		if (u[i] >= 0xC0)
			k = u[i] >= 0xF0 ? 4 : u[i] >= 0xE0 ? 3 : 2;
		if (i + k > n || o + k + 4 > dstlen)
			break;
		if (k > 1 && tsu_utf8_check(s + i, k, NULL, NULL, 0) < 0)
			k = 1;	/* not a whole character: a '?' per byte */
		if ((k > 1 && !printable_at(u + i, k)) || u[i] < 0x20 ||
		    u[i] == 0x7F || (k == 1 && u[i] >= 0x80)) {
			dst[o++] = '?';	/* one for a whole control character */
		} else {
			memcpy(dst + o, u + i, k);
			o += k;
		}
		i += k;
		chars++;
	}
	if (i < n && o + 4 <= dstlen) {
		memcpy(dst + o, "\xE2\x80\xA6", 3);	/* … */
		o += 3;
	}
	dst[o] = '\0';
}

size_t tsu_display_width(const char *s, size_t n)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	size_t i = 0, w = 0;

	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step;

		step = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
		if (step <= 0) {
			i++;
			w++;
			continue;
		}
		w += (size_t)utf8proc_charwidth(cp);
		i += (size_t)step;
	}
	return w;
}
