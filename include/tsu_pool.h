/*
 * tsu_pool.h - independent tasks on worker processes, to use every core.
 *
 * igraph (0.10, as Debian builds it) is not thread-safe, so the analysis
 * uses processes: tsu_pool_run() forks up to `workers` children that share
 * the parent's memory copy-on-write, hands them task numbers over a socket
 * pair, and collects each task's result bytes.  The results are handed to
 * `consume` in task order, each as soon as every earlier one has been (a
 * result that arrives early waits, the others are freed once consumed), so
 * a caller that combines them there gets the same numbers whatever the
 * number of workers or the timing.
 *
 * With workers <= 1, or when fork() fails, the tasks run in this process,
 * one after the other, with the same results.  A task that fails reports a
 * tsunagu error code and message, which tsu_pool_run() returns after
 * stopping the other workers (SIGTERM); a worker that dies (killed, out of
 * memory) is reported as TSU_EINTERNAL.
 *
 * Tasks run in a child must not write to stdio streams the parent shares;
 * the child leaves with _exit().  Workers take the default action for
 * SIGINT, SIGTERM and SIGHUP (never the parent's handlers, see tsu_out.h)
 * and are sent SIGTERM when the parent dies.
 */
#ifndef TSU_POOL_H
#define TSU_POOL_H

#include "tsu_error.h"
#include "tsu_text.h"

/* A task: computes task `i` and appends its result to `out`. */
typedef int (*tsu_task_fn)(void *ctx, int i, struct tsu_buf *out,
			   struct tsu_error *err);

/* Takes task i's result, in this process; non-zero stops the run. */
typedef int (*tsu_consume_fn)(void *ctx, int i, const struct tsu_buf *result,
			      struct tsu_error *err);

/*
 * Runs tasks 0..n-1 on up to `workers` processes (at most TSU_POOL_MAX)
 * and consumes their results in order.  `done`, if not NULL, is called in
 * this process after each task completes, with the number completed so far.
 */
int tsu_pool_run(int n, int workers, tsu_task_fn task, tsu_consume_fn consume,
		 void *ctx, void (*done)(void *ctx, int completed, int total),
		 struct tsu_error *err);

#define TSU_POOL_MAX 8

/* Worker count: $TSUNAGU_JOBS if set (1 = no forking), else the online
   CPUs; at most TSU_POOL_MAX. */
int tsu_pool_workers(void);

#endif
