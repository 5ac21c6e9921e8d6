/* match_config.c - the match settings and their file; see tsu_match.h. */
#include "tsu_match.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tsu_match_config_defaults(struct tsu_match_config *c)
{
	struct tsu_match_weights w = TSU_MATCH_WEIGHTS_INIT;
	int s, t;

	memset(c, 0, sizeof(*c));
	c->w = w;
	for (s = 0; s < TSU_SECTOR_COUNT; s++)
		for (t = 0; t < TSU_SECTOR_COUNT; t++)
			c->cross[s][t] = s == t ? 0.0 :
					 s == TSU_SECTOR_OTHER ||
							 t == TSU_SECTOR_OTHER ?
						  0.5 :
						  1.0;
	c->proximity_km = 5.0;
	c->top = 10;
	c->spread = 0;
	c->budget = 150;
	c->loose = 3;
}

static int real_value(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (strpbrk(s, "xXpP"))	/* decimal only, not C's hex floats */
		return -2;
	if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi)
		return -2;
	*out = v;
	return 0;
}

static int int_value(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -2;
	*out = (int)v;
	return 0;
}

int tsu_match_config_set(struct tsu_match_config *c, const char *key,
			 const char *value)
{
	static const char *const weights[] = { "themes", "complement",
					       "cross", "proximity", "mutual" };
	double *slot[] = { &c->w.themes, &c->w.complement, &c->w.cross,
			   &c->w.proximity, &c->w.mutual };
	size_t i;

	for (i = 0; i < 5; i++)
		if (strcmp(key, weights[i]) == 0)
			return real_value(value, 0, 1e6, slot[i]);
	if (strcmp(key, "proximity_km") == 0)
		return real_value(value, 1e-3, 1e5, &c->proximity_km);
	if (strcmp(key, "top") == 0)
		return int_value(value, 1, 1000, &c->top);
	if (strcmp(key, "spread") == 0)
		return int_value(value, 0, 1000000, &c->spread);
	if (strcmp(key, "budget") == 0)
		return int_value(value, 1, 100000, &c->budget);
	if (strcmp(key, "loose") == 0)
		return int_value(value, 0, 100, &c->loose);
	if (strncmp(key, "cross.", 6) == 0) {
		const char *a = key + 6, *dot = strchr(a, '.');
		char name[32];
		double v;
		int s, t;

		if (!dot || (size_t)(dot - a) >= sizeof(name))
			return -1;
		memcpy(name, a, (size_t)(dot - a));
		name[dot - a] = '\0';
		s = tsu_sector_from_name(name);
		t = tsu_sector_from_name(dot + 1);
		if (s < 0 || t < 0)
			return -1;
		if (real_value(value, 0, 1, &v))
			return -2;
		c->cross[s][t] = c->cross[t][s] = v;
		return 0;
	}
	return -1;
}

/* Trims spaces and tabs at both ends, in place. */
static char *trim(char *s, char **end)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
			 e[-1] == '\n'))
		e--;
	*e = '\0';
	*end = e;
	return s;
}

int tsu_match_config_load(const char *path, struct tsu_match_config *c,
			  struct tsu_error *err)
{
	struct tsu_match_config next = *c;
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	ssize_t len;
	int rc = TSU_OK;

	if (!fp)
		return tsu_error_set(err, TSU_EIO, path, 0, 0,
				     "cannot read: %s", strerror(errno));
	while (!rc && (len = getline(&line, &cap, fp)) >= 0) {
		char *key, *value, *eq, *end, *hash;
		int r;

		lineno++;
		if ((size_t)len != strlen(line)) {
			rc = tsu_error_set(err, TSU_EINPUT, path, lineno, 0,
					   "a NUL byte: not a text file");
			break;
		}
		if (lineno == 1 && strncmp(line, "\xEF\xBB\xBF", 3) == 0)
			memmove(line, line + 3, strlen(line + 3) + 1);
		if ((hash = strchr(line, '#')))
			*hash = '\0';
		key = trim(line, &end);
		if (!*key)
			continue;
		if (!(eq = strchr(key, '='))) {
			rc = tsu_error_set(err, TSU_EINPUT, path, lineno,
					   (long)(key - line) + 1,
					   "expected 'key = value'");
			break;
		}
		*eq = '\0';
		value = trim(eq + 1, &end);
		trim(key, &end);
		r = tsu_match_config_set(&next, key, value);
		if (r == -1)
			rc = tsu_error_set(err, TSU_EINPUT, path, lineno,
					   (long)(key - line) + 1,
					   "unknown setting '%s' (themes, "
					   "complement, cross, proximity, "
					   "mutual, proximity_km, top, spread, "
					   "budget, loose, cross.SECTOR.SECTOR "
					   "with sectors %s)", key,
					   "npo, business, government, "
					   "education, community, other");
		else if (r == -2)
			rc = tsu_error_set(err, TSU_EINPUT, path, lineno,
					   (long)(value - line) + 1,
					   "'%s' is not a valid value for %s",
					   value, key);
	}
	if (!rc && ferror(fp))
		rc = tsu_error_set(err, TSU_EIO, path, 0, 0, "cannot read: %s",
				   strerror(errno));
	free(line);
	fclose(fp);
	if (!rc)
		*c = next;
	return rc;
}
