/* out.c - whole-or-nothing output files and CSV cells; see tsu_out.h. */
#include "tsu_out.h"

#include <csv.h>
#include <errno.h>
#include <signal.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The temporary files being written, for the signal handler: a slot holds
 * a path from before the file is created until after it is renamed or
 * removed.  Written only outside the handler; read by it.
 */
#define MAX_LIVE 32
static char *volatile live[MAX_LIVE];

static void live_add(char *path)
{
	int i;

	for (i = 0; i < MAX_LIVE; i++)
		if (!live[i]) {
			live[i] = path;
			return;
		}
}

static void live_remove(const char *path)
{
	int i;

	for (i = 0; path && i < MAX_LIVE; i++)
		if (live[i] == path)
			live[i] = NULL;
}

static void on_signal(int sig)
{
	int i;

	for (i = 0; i < MAX_LIVE; i++)
		if (live[i])
			unlink(live[i]);	/* async-signal-safe */
	for (i = 0; i < MAX_LIVE; i++)	/* then the folders, now empty */
		if (live[i])
			rmdir(live[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void tsu_out_live(char *path, int on)
{
	if (on)
		live_add(path);
	else
		live_remove(path);
}

void tsu_out_cleanup_on_signals(void)
{
	struct sigaction sa;
	int sigs[] = { SIGINT, SIGTERM, SIGHUP }, i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < 3; i++) {
		struct sigaction old;

		/* an inherited "ignore" (nohup, a background job) stays */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

void tsu_out_block_signals(int block, sigset_t *saved)
{
	sigset_t set;

	if (!block) {
		sigprocmask(SIG_SETMASK, saved, NULL);
		return;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, saved);
}

static char *join(const char *dir, const char *sep, const char *name,
		  const char *suffix)
{
	size_t n = strlen(dir) + strlen(sep) + strlen(name) + strlen(suffix) + 1;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s%s%s%s", dir, sep, name, suffix);
	return p;
}

int tsu_mkdir_p(const char *dir, struct tsu_error *err)
{
	char *p = strdup(dir), *s;
	struct stat sb;

	if (!p)
		return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
				     "out of memory");
	for (s = p + 1; ; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			int e = errno;

			tsu_error_set(err, TSU_EIO, p, 0, 0,
				      "cannot create the folder: %s",
				      strerror(e));
			free(p);
			return TSU_EIO;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode))
		return tsu_error_set(err, TSU_EIO, dir, 0, 0,
				     "not a folder");
	return TSU_OK;
}

int tsu_out_open(struct tsu_out *o, const char *dir, const char *name,
		 int bom, struct tsu_error *err)
{
	mode_t mask;
	int fd;

	memset(o, 0, sizeof(*o));
	o->path = join(dir, "/", name, "");
	o->tmp = join(dir, "/.", name, ".XXXXXX");
	if (!o->path || !o->tmp) {
		tsu_out_abort(o);
		return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
				     "out of memory");
	}
	/* listed first: a signal between mkstemp and here finds it */
	live_add(o->tmp);
	if ((fd = mkstemp(o->tmp)) < 0) {
		int e = errno;

		live_remove(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		tsu_error_set(err, TSU_EIO, o->path, 0, 0, "cannot write: %s",
			      strerror(e));
		tsu_out_abort(o);
		return TSU_EIO;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0 || !(o->fp = fdopen(fd, "w"))) {
		int e = errno;

		close(fd);
		tsu_error_set(err, TSU_EIO, o->path, 0, 0, "cannot write: %s",
			      strerror(e));
		tsu_out_abort(o);
		return TSU_EIO;
	}
	if (bom)
		tsu_out_write(o, "\xEF\xBB\xBF", 3);
	return TSU_OK;
}

int tsu_out_open_path(struct tsu_out *o, const char *path, int bom,
		      struct tsu_error *err)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int rc;

	memset(o, 0, sizeof(*o));
	if (!*path || (slash && !slash[1]))
		return tsu_error_set(err, TSU_EUSAGE, path, 0, 0,
				     "needs a file name, not a folder");
	if (!slash)
		return tsu_out_open(o, ".", path, bom, err);
	if (!(dir = strndup(path, slash == path ? 1 : (size_t)(slash - path))))
		return tsu_error_oom(err);
	rc = tsu_mkdir_p(dir, err);
	if (!rc)
		rc = tsu_out_open(o, dir, slash + 1, bom, err);
	free(dir);
	return rc;
}

void tsu_out_memory(struct tsu_out *o, struct tsu_buf *b)
{
	memset(o, 0, sizeof(*o));
	o->mem = b;
}

void tsu_out_write(struct tsu_out *o, const void *p, size_t n)
{
	if (o->bad || !n)
		return;
	if (o->mem) {
		if (tsu_buf_add(o->mem, p, n) < 0)
			o->bad = ENOMEM;
	} else if (fwrite_unlocked(p, 1, n, o->fp) != n) {
		o->bad = errno ? errno : EIO;
	}
}

static void sep(struct tsu_out *o)
{
	if (o->col++)
		tsu_out_write(o, ",", 1);
}

void tsu_out_header(struct tsu_out *o, const char *line)
{
	tsu_out_write(o, line, strlen(line));
	tsu_out_write(o, "\n", 1);
}

void tsu_out_text(struct tsu_out *o, const char *s)
{
	size_t n, need;
	int formula;

	sep(o);
	if (!s || !*s || o->bad)
		return;
	n = strlen(s);
	/* a formula to a spreadsheet: keep it text with a leading ' */
	formula = strchr("=+-@\t\r", s[0]) != NULL;
	/* libcsv quotes it: at most 2n + 2 bytes, 2n + 4 with the ' */
	if (tsu_buf_grow(&o->cell, 2 * n + 8) < 0) {
		o->bad = ENOMEM;
		return;
	}
	if (formula) {
		/* "'=...": libcsv writes "=..." one byte on, then the
		   opening quote moves left to make room for the ' */
		need = csv_write(o->cell.p + 1, o->cell.cap - 1, s, n) + 1;
		o->cell.p[0] = '"';
		o->cell.p[1] = '\'';
	} else {
		need = csv_write(o->cell.p, o->cell.cap, s, n);
	}
	tsu_out_write(o, o->cell.p, need);
}

void tsu_out_int(struct tsu_out *o, int64_t v)
{
	char b[24];

	sep(o);
	tsu_out_write(o, b, (size_t)snprintf(b, sizeof(b), "%lld",
					     (long long)v));
}

void tsu_out_u64(struct tsu_out *o, uint64_t v)
{
	char b[24];

	sep(o);
	tsu_out_write(o, b, (size_t)snprintf(b, sizeof(b), "%llu",
					     (unsigned long long)v));
}

void tsu_out_real_digits(struct tsu_out *o, double d, int digits)
{
	char b[40];

	sep(o);
	if (isnan(d))
		return;
	if (d == 0)
		d = 0;	/* no "-0" */
	tsu_out_write(o, b, (size_t)snprintf(b, sizeof(b), "%.*g", digits, d));
}

void tsu_out_real(struct tsu_out *o, double d)
{
	tsu_out_real_digits(o, d, 6);
}

void tsu_out_unit(struct tsu_out *o, double d)
{
	char b[16];
	long x;
	int i, n;

	if (!(d >= 0 && d <= 1)) {
		tsu_out_real_digits(o, d, 6);
		return;
	}
	sep(o);
	x = lround(d * 1e6);
	if (x == 0 || x == 1000000) {
		tsu_out_write(o, x ? "1" : "0", 1);
		return;
	}
	memcpy(b, "0.", 2);
	for (i = 7; i > 1; i--, x /= 10)
		b[i] = (char)('0' + x % 10);
	for (n = 8; b[n - 1] == '0'; n--)
		;
	tsu_out_write(o, b, (size_t)n);
}

void tsu_out_end(struct tsu_out *o)
{
	tsu_out_write(o, "\n", 1);
	o->col = 0;
}

int tsu_out_close(struct tsu_out *o, struct tsu_error *err)
{
	int e = o->bad;

	if (!e && fflush(o->fp) != 0)
		e = errno;
	if (!e && fsync(fileno(o->fp)) != 0 && errno != EINVAL)
		e = errno;
	if (fclose(o->fp) != 0 && !e)
		e = errno;
	o->fp = NULL;
	if (e) {
		tsu_error_set(err, TSU_EIO, o->path, 0, 0, "cannot write: %s",
			      strerror(e));
		tsu_out_abort(o);
		return TSU_EIO;
	}
	return TSU_OK;
}

int tsu_out_publish(struct tsu_out *o, struct tsu_error *err)
{
	if (!o->tmp)
		return TSU_OK;
	if (rename(o->tmp, o->path) != 0) {
		int e = errno;

		tsu_error_set(err, TSU_EIO, o->path, 0, 0, "cannot write: %s",
			      strerror(e));
		tsu_out_abort(o);
		return TSU_EIO;
	}
	live_remove(o->tmp);
	free(o->tmp);
	free(o->path);
	tsu_buf_release(&o->cell);
	memset(o, 0, sizeof(*o));
	return TSU_OK;
}

int tsu_out_publish_all(struct tsu_out *o, int n, struct tsu_error *err)
{
	sigset_t saved;
	int i, rc = TSU_OK;

	tsu_out_block_signals(1, &saved);	/* no Ctrl-C halfway */
	for (i = 0; i < n && !rc; i++) {	/* what rename would refuse */
		struct stat sb;

		if (o[i].tmp && lstat(o[i].path, &sb) == 0 &&
		    S_ISDIR(sb.st_mode))
			rc = tsu_error_set(err, TSU_EIO, o[i].path, 0, 0,
					   "cannot write: a folder has this "
					   "name");
	}
	for (i = 0; i < n && !rc; i++)
		rc = tsu_out_publish(&o[i], err);
	tsu_out_block_signals(0, &saved);
	return rc;
}

int tsu_out_commit(struct tsu_out *o, struct tsu_error *err)
{
	int rc = tsu_out_close(o, err);

	return rc ? rc : tsu_out_publish(o, err);
}

void tsu_out_abort(struct tsu_out *o)
{
	if (o->fp)
		fclose(o->fp);
	if (o->tmp) {
		unlink(o->tmp);
		live_remove(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	tsu_buf_release(&o->cell);
	memset(o, 0, sizeof(*o));
}
