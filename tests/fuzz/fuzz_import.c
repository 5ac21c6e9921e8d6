/*
 * fuzz_import.c - a libFuzzer harness for every CSV that tsunagu reads:
 * the organisation list, the ties file and feedback files.
 *
 * One input is cut into up to three files at the first and second line
 * "====" (organisations, then ties, then feedback); its first byte chooses
 * the limits (small ones, so the limit paths run too).  Each iteration
 * imports into a fresh store in a private folder; when the import succeeds
 * the snapshot is read back as a graph and profiles, the feedback file is
 * imported against it, and the store's own check must pass.  An import
 * that fails must leave no snapshot behind.  Any crash, leak, hang or
 * sanitizer report is a finding.
 *
 * Built by `make fuzz` (clang -fsanitize=fuzzer,address,undefined).  With
 * -DTSU_FUZZ_DRIVER it is an ordinary program instead, which runs each
 * file named on its command line once: `make test` runs it on the kept
 * crashers in tests/fuzz/regress/ and on the seeds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tsu_feedback.h"
#include "tsu_graph.h"
#include "tsu_import.h"
#include "tsu_match.h"
#include "tsu_store.h"

static char dir[64];

static int write_file(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	if (n && fwrite(p, 1, n, f) != n) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

/* The next part of [*p, end): up to a line "====", which is skipped. */
static size_t part(const uint8_t **p, const uint8_t *end, const uint8_t **at)
{
	const uint8_t *s = *p, *q;
	static const char sep[] = "\n====\n";

	*at = s;
	for (q = s; q + sizeof(sep) - 1 <= end; q++)
		if (memcmp(q, sep, sizeof(sep) - 1) == 0) {
			*p = q + sizeof(sep) - 1;
			return (size_t)(q - s) + 1;	/* keep the newline */
		}
	*p = end;
	return (size_t)(end - s);
}

static void check_store(const char *db)
{
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_store *st = NULL;
	struct tsu_snapshot snap = TSU_SNAPSHOT_INIT;
	struct tsu_graph gr = { 0 };
	struct tsu_profiles prof = { 0 };
	char path[96];
	size_t rows;

	if (tsu_store_open(db, TSU_STORE_EXISTING, &st, NULL, &err))
		abort();	/* an import that succeeded left a store */
	if (tsu_store_latest_snapshot(st, &snap, &err) || !snap.id)
		abort();
	if (tsu_graph_load(st, &snap, &gr, &err) ||
	    tsu_profiles_load(st, &snap, &prof, &err))
		abort();	/* what was stored must read back */
	if (gr.n != snap.n_orgs)
		abort();
	snprintf(path, sizeof(path), "%s/feedback.csv", dir);
	if (access(path, F_OK) == 0)
		(void)tsu_feedback_import(db, path, &gr, &rows, &err);
	tsu_profiles_release(&prof);
	tsu_graph_release(&gr);
	tsu_snapshot_release(&snap);
	tsu_store_close(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsu_import_opts o = TSU_IMPORT_OPTS_INIT;
	struct tsu_import_result res;
	struct tsu_error err = TSU_ERROR_INIT;
	struct tsu_store *st = NULL;
	const uint8_t *p = data, *end = data + size, *at;
	char orgs[96], ties[96], fb[96], db[96];
	size_t n;
	int created = 0, rc;
	uint8_t mode = size ? data[0] : 0;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/tsu-fuzz.XXXXXX");
		if (!mkdtemp(dir))
			abort();
	}
	if (size) {
		p++;	/* the mode byte */
	}
	snprintf(orgs, sizeof(orgs), "%s/orgs.csv", dir);
	snprintf(ties, sizeof(ties), "%s/ties.csv", dir);
	snprintf(fb, sizeof(fb), "%s/feedback.csv", dir);
	snprintf(db, sizeof(db), "%s/t.db", dir);
	unlink(db);
	unlink(ties);
	unlink(fb);
	n = part(&p, end, &at);
	if (write_file(orgs, at, n) < 0)
		abort();
	if (p < end) {
		n = part(&p, end, &at);
		if (write_file(ties, at, n) < 0)
			abort();
	}
	if (p < end && write_file(fb, p, (size_t)(end - p)) < 0)
		abort();
	o.orgs_path = orgs;
	o.ties_path = access(ties, F_OK) == 0 ? ties : NULL;
	if (mode & 1) {		/* small limits, to reach their paths */
		o.max_cell = 64;
		o.max_rows = 20;
		o.max_items = 4;
	}
	if (tsu_store_open(db, 0, &st, &created, &err))
		abort();
	rc = tsu_import(st, &o, &res, &err);
	if (rc) {
		struct tsu_snapshot snap = TSU_SNAPSHOT_INIT;
		struct tsu_error e2 = TSU_ERROR_INIT;

		/* refused: nothing stored, and a message that says where */
		if (tsu_store_latest_snapshot(st, &snap, &e2) || snap.id)
			abort();
		if (!err.msg[0])
			abort();
		tsu_snapshot_release(&snap);
	}
	tsu_store_close(st);
	if (!rc)
		check_store(db);
	return 0;
}

#ifdef TSU_FUZZ_DRIVER
/* Runs each file once; exit 0 when none crashed (a crash aborts). */
int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf;
		long len;

		if (!f || fseek(f, 0, SEEK_END) < 0 || (len = ftell(f)) < 0 ||
		    fseek(f, 0, SEEK_SET) < 0) {
			perror(argv[i]);
			return 1;
		}
		buf = malloc((size_t)len + 1);
		if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
			perror(argv[i]);
			return 1;
		}
		fclose(f);
		LLVMFuzzerTestOneInput(buf, (size_t)len);
		free(buf);
	}
	if (dir[0]) {
		char cmd[128];

		/* our own folder name, made by mkdtemp: no data in it */
		snprintf(cmd, sizeof(cmd), "%s/t.db", dir);
		unlink(cmd);
		snprintf(cmd, sizeof(cmd), "%s/orgs.csv", dir);
		unlink(cmd);
		snprintf(cmd, sizeof(cmd), "%s/ties.csv", dir);
		unlink(cmd);
		snprintf(cmd, sizeof(cmd), "%s/feedback.csv", dir);
		unlink(cmd);
		rmdir(dir);
	}
	printf("fuzz regressions: %d inputs, no crash\n", argc - 1);
	return 0;
}
#endif
