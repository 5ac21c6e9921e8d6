/* test_out.c - output files written whole or not at all; CSV cells. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tsu_out.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/tsu-out-test.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The whole content of DIR/NAME, NUL-terminated (caller frees). */
static char *slurp(const char *name, size_t *len)
{
	char path[128];
	FILE *fp;
	char *buf = calloc(1, 1 << 16);

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "rb");
	if (!fp) {
		free(buf);
		return NULL;
	}
	*len = fread(buf, 1, (1 << 16) - 1, fp);
	fclose(fp);
	return buf;
}

/* Files in dir whose name starts with '.': temporary ones left behind. */
static int leftovers(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") &&
		    strcmp(e->d_name, ".."))
			n++;
	if (d)
		closedir(d);
	return n;
}

static void cells_quoted_and_formulas_neutralised(void **state)
{
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_out o;
	size_t len;
	char *got;

	(void)state;
	assert_int_equal(tsu_out_open(&o, dir, "a.csv", 1, &err), TSU_OK);
	tsu_out_header(&o, "x,y,z");
	tsu_out_text(&o, "plain");
	tsu_out_text(&o, "say \"hi\"\nthere");
	tsu_out_text(&o, "=SUM(A1:A9)");
	tsu_out_end(&o);
	tsu_out_text(&o, "-5");
	tsu_out_text(&o, "@cmd");
	tsu_out_text(&o, "+\"x\"");
	tsu_out_end(&o);
	tsu_out_int(&o, -5);
	tsu_out_real(&o, 0.5220);
	tsu_out_text(&o, NULL);
	tsu_out_end(&o);
	/* not there until committed */
	assert_null(slurp("a.csv", &len));
	assert_int_equal(tsu_out_commit(&o, &err), TSU_OK);
	got = slurp("a.csv", &len);
	assert_non_null(got);
	assert_string_equal(got,
			    "\xEF\xBB\xBFx,y,z\n"
			    "\"plain\",\"say \"\"hi\"\"\nthere\",\"'=SUM(A1:A9)\"\n"
			    "\"'-5\",\"'@cmd\",\"'+\"\"x\"\"\"\n"
			    "-5,0.522,\n");
	free(got);
	assert_int_equal(leftovers(), 0);
}

/* close + publish: nothing visible until published; abort leaves nothing */
static void set_published_together_or_not_at_all(void **state)
{
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_out a, b;
	size_t len;
	char *got;

	(void)state;
	assert_int_equal(tsu_out_open(&a, dir, "one.csv", 0, &err), TSU_OK);
	assert_int_equal(tsu_out_open(&b, dir, "two.csv", 0, &err), TSU_OK);
	tsu_out_header(&a, "new");
	tsu_out_header(&b, "new");
	assert_int_equal(tsu_out_close(&a, &err), TSU_OK);
	assert_int_equal(tsu_out_close(&b, &err), TSU_OK);
	assert_null(slurp("one.csv", &len));
	assert_int_equal(leftovers(), 2);
	/* the set is dropped: nothing appears, nothing is left */
	tsu_out_abort(&a);
	tsu_out_abort(&b);
	assert_null(slurp("one.csv", &len));
	assert_int_equal(leftovers(), 0);
	assert_int_equal(tsu_out_open(&a, dir, "one.csv", 0, &err), TSU_OK);
	tsu_out_header(&a, "new");
	assert_int_equal(tsu_out_close(&a, &err), TSU_OK);
	assert_int_equal(tsu_out_publish(&a, &err), TSU_OK);
	got = slurp("one.csv", &len);
	assert_string_equal(got, "new\n");
	free(got);
	tsu_out_abort(&a);	/* harmless after publishing */
	assert_non_null(got = slurp("one.csv", &len));
	free(got);
}

/* An unwritable folder is a clear I/O error, and leaves nothing behind. */
static void unwritable_folder(void **state)
{
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_out o;
	char sub[128];

	(void)state;
	snprintf(sub, sizeof(sub), "%s/file", dir);
	fclose(fopen(sub, "w"));
	snprintf(sub, sizeof(sub), "%s/file/below", dir);
	assert_int_equal(tsu_mkdir_p(sub, &err), TSU_EIO);
	tsu_error_clear(&err);
	assert_int_equal(tsu_out_open(&o, sub, "x.csv", 0, &err), TSU_EIO);
	assert_non_null(strstr(err.file, "x.csv"));
}

/* A run stopped by SIGTERM while writing removes its temporary files. */
static void signal_removes_temporary_files(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct tsu_error err = TSU_ERROR_INIT;
		struct tsu_out o;

		tsu_out_cleanup_on_signals();
		if (tsu_out_open(&o, dir, "big.csv", 1, &err))
			_exit(2);
		tsu_out_header(&o, "half a file");
		fflush(o.fp);
		raise(SIGTERM);
		_exit(3);	/* not reached */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_int_equal(leftovers(), 0);
}

/* nohup: a signal inherited as ignored stays ignored. */
static void ignored_signals_stay_ignored(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGHUP, SIG_IGN);
		tsu_out_cleanup_on_signals();
		raise(SIGHUP);
		_exit(7);	/* still here */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			cells_quoted_and_formulas_neutralised, setup, teardown),
		cmocka_unit_test_setup_teardown(
			set_published_together_or_not_at_all, setup, teardown),
		cmocka_unit_test_setup_teardown(unwritable_folder, setup,
						teardown),
		cmocka_unit_test_setup_teardown(signal_removes_temporary_files,
						setup, teardown),
		cmocka_unit_test(ignored_signals_stay_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
