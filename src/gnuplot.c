/*
 * gnuplot.c - a gnuplot child process fed through a pipe, with the quoting
 * that keeps data out of its command language (see tsu_plot.h).
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

/* SIGPIPE is ignored while any gnuplot is open: a gnuplot that dies makes
   our writes fail with EPIPE instead of killing us; tsu_gp_close() says
   why it died. */
static int pipe_users;
static struct sigaction pipe_saved;

static void pipe_ignore(int on)
{
	if (on && pipe_users++ == 0) {
		struct sigaction ign;

		memset(&ign, 0, sizeof(ign));
		ign.sa_handler = SIG_IGN;
		sigaction(SIGPIPE, &ign, &pipe_saved);
	} else if (!on && --pipe_users == 0) {
		sigaction(SIGPIPE, &pipe_saved, NULL);
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
	/* no shell: the program is looked up in PATH and run as it is */
	rc = posix_spawnp(&gp->pid, program, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	if (rc != 0) {
		close(fds[1]);
		fclose(gp->errf);
		gp_clear(gp);
		if (rc == ENOENT)
			return tsu_error_set(err, TSU_EIO, NULL, 0, 0,
					     "gnuplot not found ('%.64s'): "
					     "install gnuplot-nox, or set "
					     "TSUNAGU_GNUPLOT", program);
		return tsu_error_set(err, TSU_EIO, NULL, 0, 0,
				     "cannot run '%.64s': %s", program,
				     strerror(rc));
	}
	if (!(gp->in = fdopen(fds[1], "w"))) {
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

int tsu_gp_output(struct tsu_gp *gp, const char *dir, const char *name,
		  const char *term, struct tsu_error *err)
{
	char *tmp, *final;
	mode_t mask;
	int fd;

	if (gp->n_out == TSU_GP_MAX_OUTPUTS)
		return tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0,
				     "too many outputs for one gnuplot");
	tmp = join(dir, name, ".", ".XXXXXX");
	final = join(dir, name, "", "");
	if (!tmp || !final) {
		free(tmp);
		free(final);
		return tsu_error_oom(err);
	}
	if ((fd = mkstemp(tmp)) < 0) {
		int e = errno;

		free(tmp);
		free(final);
		return tsu_error_set(err, TSU_EIO, dir, 0, 0,
				     "cannot create a file in this folder: %s",
				     strerror(e));
	}
	/* mkstemp makes it 0600; gnuplot reopens it, keeping the mode, and a
	 * picture is as readable as any file the user's umask allows */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0) {
		int e = errno;

		close(fd);
		unlink(tmp);
		free(tmp);
		free(final);
		return tsu_error_set(err, TSU_EIO, dir, 0, 0,
				     "cannot set a picture's mode: %s",
				     strerror(e));
	}
	close(fd);
	gp->tmp[gp->n_out] = tmp;
	gp->final[gp->n_out] = final;
	gp->n_out++;
	tsu_gp_printf(gp, "set terminal %s\nset output ", term);
	tsu_gp_string(gp, tmp);
	tsu_gp_printf(gp, "\n");
	return TSU_OK;
}

/* The last line gnuplot wrote that says something, as an excerpt. */
static void complaint(FILE *f, char *buf, size_t len)
{
	char line[512], last[512] = "";

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
	tsu_excerpt(buf, len, last, strlen(last), 160);
}

int tsu_gp_close(struct tsu_gp *gp, struct tsu_error *err)
{
	int status = 0, werr = 0, rc = TSU_OK, i;
	char why[700];

	if (gp->pid < 0)
		return TSU_OK;
	fputs("set output\n", gp->in);
	if (ferror(gp->in) || fflush(gp->in) == EOF)
		werr = errno ? errno : EIO;
	if (fclose(gp->in) == EOF && !werr)
		werr = errno ? errno : EIO;
	while (waitpid(gp->pid, &status, 0) < 0 && errno == EINTR)
		;
	pipe_ignore(0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
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
	for (i = 0; i < gp->n_out; i++) {
		if (rc == TSU_OK && rename(gp->tmp[i], gp->final[i]) < 0)
			rc = tsu_error_set(err, TSU_EIO, gp->final[i], 0, 0,
					   "cannot rename into place: %s",
					   strerror(errno));
		if (rc != TSU_OK)
			unlink(gp->tmp[i]);
		free(gp->tmp[i]);
		free(gp->final[i]);
	}
	fclose(gp->errf);
	gp_clear(gp);
	return rc;
}
