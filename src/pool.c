/* pool.c - tasks on forked worker processes; see tsu_pool.h. */
#include "tsu_pool.h"

#include "tsu_out.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORKERS TSU_POOL_MAX

/* What a worker sends back for each task. */
struct reply {
	int32_t task;
	int32_t code;		/* TSU_OK, or the task's error code */
	int64_t len;		/* bytes that follow: result, or message */
};

struct worker {
	pid_t pid;
	int fd;			/* our end of the socket pair, -1 when done */
	int task;		/* task it is working on, -1 if idle */
};

int tsu_pool_workers(void)
{
	const char *env = getenv("TSUNAGU_JOBS");
	long n;

	if (env && *env) {
		n = strtol(env, NULL, 10);
		return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (int)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (int)n;
}

/*
 * Moves all n bytes to (`out`) or from the socket; 0, or -1 on an error or
 * end of file.  MSG_NOSIGNAL: a worker gone is an error, not SIGPIPE.
 */
static int xfer(int fd, void *p, size_t n, int out)
{
	char *s = p;

	while (n) {
		ssize_t k = out ? send(fd, s, n, MSG_NOSIGNAL) : read(fd, s, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		s += k;
		n -= (size_t)k;
	}
	return 0;
}

static int write_all(int fd, const void *p, size_t n)
{
	return xfer(fd, (void *)(uintptr_t)p, n, 1);
}

static int read_all(int fd, void *p, size_t n)
{
	return xfer(fd, p, n, 0);
}

/* The life of a worker: tasks in, results out, until told to stop. */
static void worker_main(int fd, tsu_task_fn task, void *ctx)
{
	struct tsu_buf out = TSU_BUF_INIT;
	int32_t i;

	while (read_all(fd, &i, sizeof(i)) == 0 && i >= 0) {
		struct tsu_error err = TSU_ERROR_INIT;
		struct reply r = { i, 0, 0 };
		const char *payload;

		tsu_buf_reset(&out);
		r.code = task(ctx, i, &out, &err);
		payload = r.code ? err.msg : out.p;
		r.len = r.code ? (int64_t)strlen(err.msg) : (int64_t)out.len;
		if (write_all(fd, &r, sizeof(r)) ||
		    (r.len && write_all(fd, payload, (size_t)r.len)))
			_exit(1);
	}
	_exit(0);
}

static int send_task(struct worker *w, int i)
{
	int32_t t = i;

	w->task = i;
	return write_all(w->fd, &t, sizeof(t));
}

/* Stops the workers; `now`: do not wait for the tasks they are running. */
static void stop_workers(struct worker *ws, unsigned nw, int now)
{
	unsigned k;

	for (k = 0; k < nw; k++) {
		if (now && ws[k].task >= 0 && ws[k].pid > 0)
			kill(ws[k].pid, SIGTERM);
		if (ws[k].fd >= 0) {
			int32_t stop = -1;

			write_all(ws[k].fd, &stop, sizeof(stop));
			close(ws[k].fd);
			ws[k].fd = -1;
		}
	}
	for (k = 0; k < nw; k++)
		if (ws[k].pid > 0)
			while (waitpid(ws[k].pid, NULL, 0) < 0 && errno == EINTR)
				;
}

/*
 * Hands results to `consume` in task order: results[i] holds task i's bytes
 * until every earlier task has been consumed.
 */
struct order {
	struct tsu_buf *held;	/* per task */
	unsigned char *ready;
	int next;		/* the next task to consume */
};

static int deliver(struct order *o, int n, tsu_consume_fn consume, void *ctx,
		   struct tsu_error *err)
{
	int rc;

	while (o->next < n && o->ready[o->next]) {
		rc = consume(ctx, o->next, &o->held[o->next], err);
		tsu_buf_release(&o->held[o->next]);
		o->next++;
		if (rc)
			return rc;
	}
	return TSU_OK;
}

int tsu_pool_run(int n, int workers, tsu_task_fn task, tsu_consume_fn consume,
		 void *ctx, void (*done)(void *ctx, int completed, int total),
		 struct tsu_error *err)
{
	struct worker ws[MAX_WORKERS];
	struct pollfd pf[MAX_WORKERS];
	struct order ord = { NULL, NULL, 0 };
	int next = 0, completed = 0, rc = TSU_OK, k, i;
	unsigned nw = 0;
	pid_t parent = getpid();
	sigset_t saved;

	if (n <= 0)
		return TSU_OK;
	ord.held = calloc((size_t)n, sizeof(*ord.held));
	ord.ready = calloc((size_t)n, 1);
	if (!ord.held || !ord.ready) {
		free(ord.held);
		free(ord.ready);
		return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
				     "out of memory");
	}
	if (workers > n)
		workers = n;
	if (workers > MAX_WORKERS)
		workers = MAX_WORKERS;
	fflush(NULL);	/* nothing buffered is written twice by a child */
	for (k = 0; workers > 1 && k < workers; k++) {
		int sv[2];
		pid_t pid;

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
			break;
		/* no signal reaches the parent's handlers in the child */
		tsu_out_block_signals(1, &saved);
		pid = fork();
		if (pid < 0) {
			tsu_out_block_signals(0, &saved);
			close(sv[0]);
			close(sv[1]);
			break;
		}
		if (pid == 0) {
			unsigned j;

			close(sv[0]);
			for (j = 0; j < nw; j++)
				close(ws[j].fd);
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			signal(SIGHUP, SIG_DFL);
			/* a parent killed outright takes its workers along */
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			tsu_out_block_signals(0, &saved);
			if (getppid() != parent)
				_exit(1);
			worker_main(sv[1], task, ctx);
		}
		tsu_out_block_signals(0, &saved);
		close(sv[1]);
		ws[nw++] = (struct worker){ pid, sv[0], -1 };
	}
	if (nw == 0) {		/* no workers: run here */
		for (i = 0; i < n && !rc; i++) {
			rc = task(ctx, i, &ord.held[i], err);
			ord.ready[i] = 1;
			if (!rc)
				rc = deliver(&ord, n, consume, ctx, err);
			if (!rc && done)
				done(ctx, i + 1, n);
		}
		goto out;
	}
	for (k = 0; k < (int)nw && next < n; k++)
		if (send_task(&ws[k], next++) < 0)
			rc = tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0,
					   "a worker process stopped");
	while (!rc && completed < n) {
		for (k = 0; k < (int)nw; k++) {
			pf[k].fd = ws[k].task >= 0 ? ws[k].fd : -1;
			pf[k].events = POLLIN;
			pf[k].revents = 0;
		}
		if (poll(pf, nw < MAX_WORKERS ? nw : MAX_WORKERS, -1) < 0) {
			if (errno == EINTR)
				continue;
			rc = tsu_error_set(err, TSU_EINTERNAL, NULL, 0, 0,
					   "poll: %s", strerror(errno));
			break;
		}
		for (k = 0; k < (int)nw && !rc; k++) {
			struct reply r;
			struct tsu_buf *b;

			if (!pf[k].revents)
				continue;
			if (read_all(ws[k].fd, &r, sizeof(r)) < 0 ||
			    r.task != ws[k].task || r.len < 0) {
				rc = tsu_error_set(err, TSU_EINTERNAL, NULL, 0,
						   0, "a worker process died "
						   "(out of memory, or killed)");
				break;
			}
			if (r.code) {
				char msg[sizeof(err->msg)];
				size_t m = (size_t)r.len < sizeof(msg) - 1 ?
						   (size_t)r.len : sizeof(msg) - 1;

				if (read_all(ws[k].fd, msg, m) < 0)
					m = 0;
				msg[m] = '\0';
				ws[k].task = -1;
				rc = tsu_error_set(err, r.code, NULL, 0, 0, "%s",
						   msg);
				break;
			}
			b = &ord.held[r.task];
			if (tsu_buf_grow(b, (size_t)r.len) < 0) {
				rc = tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0,
						   "out of memory");
				break;
			}
			if (read_all(ws[k].fd, b->p, (size_t)r.len) < 0) {
				rc = tsu_error_set(err, TSU_EINTERNAL, NULL, 0,
						   0, "a worker process died "
						   "(out of memory, or killed)");
				break;
			}
			b->len = (size_t)r.len;
			ws[k].task = -1;
			ord.ready[r.task] = 1;
			completed++;
			if (next < n && send_task(&ws[k], next++) < 0) {
				rc = tsu_error_set(err, TSU_EINTERNAL, NULL, 0,
						   0, "a worker process stopped");
				break;
			}
			if ((rc = deliver(&ord, n, consume, ctx, err)))
				break;
			if (done)
				done(ctx, completed, n);
		}
	}
	stop_workers(ws, nw, rc != TSU_OK);
out:
	for (i = 0; i < n; i++)
		tsu_buf_release(&ord.held[i]);
	free(ord.held);
	free(ord.ready);
	return rc;
}
