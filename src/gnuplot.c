/*
 * gnuplot.c - a gnuplot child process, told through a pipe to load the
 * script we wrote for it, with the quoting that keeps data out of its
 * command language (see tsu_plot.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tsu_out.h"
#include "tsu_plot.h"

extern char **environ;

/*
 * While any gnuplot is open, SIGPIPE is ignored (a gnuplot that dies makes
 * our writes fail with EPIPE instead of killing us; tsu_gp_close() says
 * why it died) and SIGCHLD has its default action (inherited as ignored,
 * children would be reaped unseen and waitpid() could not tell how gnuplot
 * ended).  The child itself starts with both at their defaults.
 */
static int pipe_users;
static struct sigaction pipe_saved, chld_saved;

static void pipe_ignore(int on)
{
	if (on && pipe_users++ == 0) {
		struct sigaction act;

		memset(&act, 0, sizeof(act));
		act.sa_handler = SIG_IGN;
		sigaction(SIGPIPE, &act, &pipe_saved);
		act.sa_handler = SIG_DFL;
		sigaction(SIGCHLD, &act, &chld_saved);
	} else if (!on && --pipe_users == 0) {
		sigaction(SIGPIPE, &pipe_saved, NULL);
		sigaction(SIGCHLD, &chld_saved, NULL);
	}
}

static void gp_clear(struct tsu_gp *gp)
{
	memset(gp, 0, sizeof(*gp));
	gp->pid = -1;
}

int tsu_gp_open(struct tsu_gp *gp, const char *program,
		struct tsu_error *err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t dfl;
	char *argv[2];
	int fds[2], rc;

	gp_clear(gp);
	if (!program)
		program = getenv("TSUNAGU_GNUPLOT");
	if (!program || !*program)
		program = "gnuplot";
	if (!(gp->errf = tmpfile()))
		return tsu_error_set(err, TSU_EIO, NULL, 0, 0,
				     "cannot create a temporary file: %s",
				     strerror(errno));
	fcntl(fileno(gp->errf), F_SETFD, FD_CLOEXEC);
	if (pipe2(fds, O_CLOEXEC) < 0) {
		fclose(gp->errf);
		gp_clear(gp);
		return tsu_error_set(err, TSU_EIO, NULL, 0, 0,
				     "cannot create a pipe: %s",
				     strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
	posix_spawn_file_actions_adddup2(&fa, fileno(gp->errf), 1);
	posix_spawn_file_actions_adddup2(&fa, fileno(gp->errf), 2);
	argv[0] = (char *)program;
	argv[1] = NULL;
	/* gnuplot starts with SIGPIPE and SIGCHLD at their defaults, whatever
	   we ignore */
	posix_spawnattr_init(&attr);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGCHLD);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
	/* no shell: the program is looked up in PATH and run as it is */
	rc = posix_spawnp(&gp->pid, program, &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	if (rc != 0) {
		close(fds[1]);
		fclose(gp->errf);
		gp_clear(gp);
		gp->pid = TSU_GP_CANNOT_RUN;
		if (rc == ENOENT)
			return tsu_error_set(err, TSU_EIO, NULL, 0, 0,
					     "gnuplot not found ('%.64s'): "
					     "install gnuplot-nox, or set "
					     "TSUNAGU_GNUPLOT", program);
		return tsu_error_set(err, TSU_EIO, NULL, 0, 0,
				     "cannot run '%.64s': %s", program,
				     strerror(rc));
	}
	/* the script in memory until tsu_gp_run(): see tsu_plot.h */
	if (!(gp->pipe = fdopen(fds[1], "w")) ||
	    !(gp->in = open_memstream(&gp->script, &gp->script_len))) {
		if (gp->pipe)
			fclose(gp->pipe);
		else
			close(fds[1]);
		waitpid(gp->pid, NULL, 0);
		fclose(gp->errf);
		gp_clear(gp);
		return tsu_error_oom(err);
	}
	pipe_ignore(1);
	/* UTF-8 text; every picture on a white ground */
	/* data blocks are tab-separated, each text a quoted field: with
	   whitespace as the separator gnuplot would end a field at the space
	   after an escaped quote */
	fputs("set encoding utf8\nset datafile separator \"\\t\"\n", gp->in);
	return TSU_OK;
}

void tsu_gp_printf(struct tsu_gp *gp, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(gp->in, fmt, ap);
	va_end(ap);
}

static int is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

void tsu_gp_string(struct tsu_gp *gp, const char *s)
{
	putc('\'', gp->in);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\'')
			fputs("''", gp->in);
		else
			putc(is_control(c) ? ' ' : c, gp->in);
	}
	putc('\'', gp->in);
}

int tsu_gp_quote_datum(struct tsu_buf *b, const char *s)
{
	if (tsu_buf_add(b, "\"", 1))
		return -1;
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[2] = { '\\', (char)c };
		int r;

		if (c == '\\' || c == '"')
			r = tsu_buf_add(b, esc, 2);
		else if (is_control(c))
			r = tsu_buf_add(b, " ", 1);
		else
			r = tsu_buf_add(b, s, 1);
		if (r)
			return -1;
	}
	return tsu_buf_add(b, "\"", 1);
}

void tsu_gp_datum(struct tsu_gp *gp, const char *s)
{
	putc('"', gp->in);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\\' || c == '"') {
			putc('\\', gp->in);
			putc(c, gp->in);
		} else {
			putc(is_control(c) ? ' ' : c, gp->in);
		}
	}
	putc('"', gp->in);
}

static char *join(const char *dir, const char *name, const char *prefix,
		  const char *suffix)
{
	size_t n = strlen(dir) + strlen(name) + strlen(prefix) +
		   strlen(suffix) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s%s%s", dir, prefix, name, suffix);
	return p;
}

/* The private folder of gp's outputs, in `dir`, made on first use. */
static int private_dir(struct tsu_gp *gp, const char *dir,
		       struct tsu_error *err)
{
	const char *c;

	if (gp->tmpdir) {
		if (strcmp(dir, gp->outdir) == 0)
			return TSU_OK;
		return tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0,
				     "one gnuplot writes to one folder");
	}
	for (c = dir; *c; c++)
		if (is_control((unsigned char)*c))
			return tsu_error_set(err, TSU_EIO, dir, 0, 0,
					     "gnuplot cannot write into a "
					     "folder whose name holds a "
					     "control character (a tab, a "
					     "line break): choose another");
	if (!(gp->outdir = strdup(dir)) ||
	    !(gp->tmpdir = join(dir, "tsunagu-plot.XXXXXX", ".", ""))) {
		free(gp->outdir);
		gp->outdir = NULL;
		return tsu_error_oom(err);
	}
	tsu_out_live(gp->tmpdir, 1);	/* before it exists: see tsu_out.h */
	if (!mkdtemp(gp->tmpdir)) {
		int e = errno;

		tsu_out_live(gp->tmpdir, 0);
		free(gp->tmpdir);
		free(gp->outdir);
		gp->tmpdir = gp->outdir = NULL;
		return tsu_error_set(err, TSU_EIO, dir, 0, 0,
				     "cannot create a file in this folder: %s",
				     strerror(e));
	}
	return TSU_OK;
}

int tsu_gp_output(struct tsu_gp *gp, const char *dir, const char *name,
		  const char *term, struct tsu_error *err)
{
	const char *ext = strrchr(name, '.');
	char stem[16];
	char *tmp, *final;
	int rc;

	if (gp->n_out == TSU_GP_MAX_OUTPUTS)
		return tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0,
				     "too many outputs for one gnuplot");
	if ((rc = private_dir(gp, dir, err)))
		return rc;
	/* inside it, our own short names: out0.png, out1.svg, ... */
	snprintf(stem, sizeof(stem), "out%d", gp->n_out);
	tmp = join(gp->tmpdir, stem, "", ext && strlen(ext) < 8 ? ext : "");
	final = join(dir, name, "", "");
	if (!tmp || !final) {
		free(tmp);
		free(final);
		return tsu_error_oom(err);
	}
	tsu_out_live(tmp, 1);
	gp->tmp[gp->n_out] = tmp;
	gp->final[gp->n_out] = final;
	gp->n_out++;
	tsu_gp_printf(gp, "set terminal %s\nset output ", term);
	tsu_gp_string(gp, tmp);
	tsu_gp_printf(gp, "\n");
	return TSU_OK;
}

/*
 * 0 when the picture at `path` is whole: not empty, a PNG ending with its
 * IEND chunk, an SVG with </svg>; then synced to disk.  Else an errno.
 */
static int picture_whole(const char *path)
{
	static const unsigned char iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D',
						0xAE, 0x42, 0x60, 0x82 };
	const char *ext = strrchr(path, '.');
	unsigned char tail[64];
	struct stat sb;
	ssize_t n;
	off_t at;
	int fd, ok = 1, e = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno;
	if (fstat(fd, &sb) < 0 || sb.st_size == 0) {
		close(fd);
		return EIO;
	}
	at = sb.st_size > (off_t)sizeof(tail) ? sb.st_size - (off_t)sizeof(tail)
					      : 0;
	n = pread(fd, tail, sizeof(tail), at);
	if (n <= 0) {
		ok = 0;
	} else if (ext && strcmp(ext, ".png") == 0) {
		ok = n >= 12 && memcmp(tail + n - 12, iend, 12) == 0;
	} else if (ext && strcmp(ext, ".svg") == 0) {
		while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == ' ' ||
				 tail[n - 1] == '\r' || tail[n - 1] == '\t'))
			n--;
		ok = n >= 6 && memcmp(tail + n - 6, "</svg>", 6) == 0;
	}
	if (ok && fsync(fd) < 0)
		e = errno;
	close(fd);
	return !ok ? EIO : e;
}

/* The script, written whole into the private folder (0600). */
static int write_script(struct tsu_gp *gp, struct tsu_error *err)
{
	size_t off = 0;
	int fd, e = 0;

	if (!(gp->script_path = join(gp->tmpdir, "script.gp", "", "")))
		return tsu_error_oom(err);
	tsu_out_live(gp->script_path, 1);
	fd = open(gp->script_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		  0600);
	if (fd < 0)
		e = errno;
	while (!e && off < gp->script_len) {
		ssize_t n = write(fd, gp->script + off, gp->script_len - off);

		if (n >= 0)
			off += (size_t)n;
		else if (errno != EINTR)
			e = errno;
	}
	if (fd >= 0 && close(fd) < 0 && !e)
		e = errno;
	if (e)
		return tsu_error_set(err, TSU_EIO, gp->outdir, 0, 0,
				     "cannot write gnuplot's script here: %s",
				     strerror(e));
	return TSU_OK;
}

/* Writes to gnuplot's pipe: the first error's errno is kept. */
static void pipe_flush(struct tsu_gp *gp)
{
	errno = 0;
	if (fflush(gp->in) == EOF && !gp->werr)
		gp->werr = errno ? errno : EIO;
}

int tsu_gp_run(struct tsu_gp *gp, struct tsu_error *err)
{
	int rc = TSU_OK;

	if (gp->pid < 0 || gp->ran)
		return TSU_OK;
	gp->ran = 1;
	errno = 0;
	if (fclose(gp->in) == EOF)	/* a memory stream: ENOMEM */
		rc = tsu_error_oom(err);
	gp->in = gp->pipe;
	gp->pipe = NULL;
	if (rc || gp->cancelled)
		;
	else if (gp->tmpdir && !(rc = write_script(gp, err))) {
		/* the path is in the folder checked by private_dir() */
		fputs("load ", gp->in);
		tsu_gp_string(gp, gp->script_path);
		fputs("\n", gp->in);
	} else if (!rc) {
		/* no picture asked for: nothing worth a file */
		fwrite(gp->script, 1, gp->script_len, gp->in);
	}
	free(gp->script);
	gp->script = NULL;
	gp->script_len = 0;
	if (rc || gp->cancelled)
		fputs("exit status 1\n", gp->in);
	pipe_flush(gp);
	return rc;
}

void tsu_gp_cancel(struct tsu_gp *gp)
{
	if (gp->pid < 0 || gp->cancelled)
		return;
	gp->cancelled = 1;
	if (gp->ran) {
		fputs("exit status 1\n", gp->in);
		pipe_flush(gp);
	}
}

/*
 * The last line gnuplot wrote that says something, as an excerpt, without
 * the name of our script ("\"/.../script.gp\" line 12: ..." says
 * "line 12: ...", as when the script came through the pipe).
 */
static void complaint(FILE *f, char *buf, size_t len)
{
	static const char script[] = "script.gp\" ";
	char line[512], last[512] = "";
	const char *s;

	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\r\n");
		size_t i;

		line[n] = '\0';
		for (i = 0; i < n && (line[i] == ' ' || line[i] == '^'); i++)
			;
		if (i < n)
			memcpy(last, line, n + 1);
	}
	s = last;
	if (last[0] == '"' && (s = strstr(last, script)))
		s += sizeof(script) - 1;
	else
		s = last;
	tsu_excerpt(buf, len, s, strlen(s), 160);
}

int tsu_gp_close(struct tsu_gp *gp, struct tsu_error *err)
{
	int status = 0, werr = 0, rc = TSU_OK, i, e;
	sigset_t held;
	pid_t w;
	char why[700];

	if (gp->pid < 0)
		return TSU_OK;
	rc = tsu_gp_run(gp, err);
	fputs("set output\n", gp->in);
	pipe_flush(gp);
	werr = gp->werr;
	errno = 0;
	if (fclose(gp->in) == EOF && !werr)
		werr = errno ? errno : EIO;
	while ((w = waitpid(gp->pid, &status, 0)) < 0 && errno == EINTR)
		;
	e = errno;
	pipe_ignore(0);
	if (rc) {
		;	/* said already */
	} else if (w < 0) {
		rc = tsu_error_set(err, TSU_EIO, NULL, 0, 0,
				   "cannot tell how gnuplot ended: %s",
				   strerror(e));
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		complaint(gp->errf, why, sizeof(why));
		if (WIFSIGNALED(status))
			rc = tsu_error_set(err, TSU_EIO, NULL, 0, 0,
					   "gnuplot was killed by signal %d%s%s",
					   WTERMSIG(status), *why ? ": " : "",
					   why);
		else if (WEXITSTATUS(status) == 127)
			rc = tsu_error_set(err, TSU_EIO, NULL, 0, 0,
					   "gnuplot could not start%s%s",
					   *why ? ": " : "", why);
		else
			rc = tsu_error_set(err, TSU_EIO, NULL, 0, 0,
					   "gnuplot failed (status %d)%s%s",
					   WEXITSTATUS(status),
					   *why ? ": " : "", why);
	} else if (werr) {
		rc = tsu_error_set(err, TSU_EIO, NULL, 0, 0,
				   "writing to gnuplot: %s", strerror(werr));
	}
	/* every picture whole before any is renamed */
	for (i = 0; i < gp->n_out && rc == TSU_OK; i++)
		if ((e = picture_whole(gp->tmp[i])))
			rc = tsu_error_set(err, TSU_EIO, gp->final[i], 0, 0,
					   "gnuplot did not finish the picture "
					   "(%s): a full disk?",
					   e == EIO ? "it is empty or ends "
						      "early" : strerror(e));
	tsu_out_block_signals(1, &held);	/* no Ctrl-C halfway */
	for (i = 0; i < gp->n_out; i++) {
		if (rc == TSU_OK && rename(gp->tmp[i], gp->final[i]) < 0)
			rc = tsu_error_set(err, TSU_EIO, gp->final[i], 0, 0,
					   "cannot rename into place: %s",
					   strerror(errno));
		unlink(gp->tmp[i]);	/* when not renamed */
		tsu_out_live(gp->tmp[i], 0);
		free(gp->tmp[i]);
		free(gp->final[i]);
	}
	tsu_out_block_signals(0, &held);
	if (gp->script_path) {
		unlink(gp->script_path);
		tsu_out_live(gp->script_path, 0);
		free(gp->script_path);
	}
	if (gp->tmpdir) {
		rmdir(gp->tmpdir);
		tsu_out_live(gp->tmpdir, 0);
		free(gp->tmpdir);
		free(gp->outdir);
	}
	fclose(gp->errf);
	gp_clear(gp);
	return rc;
}
