/* error.c - error codes and the error detail slot; see tsu_error.h. */
#include "tsu_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	int status;
	const char *text;
} codes[] = {
#define TSU__ROW(name, status, text) { status, text },
	TSU_ERRNO_MAP(TSU__ROW)
#undef TSU__ROW
};

const char *tsu_strerror(int code)
{
	if (code < 0 || code >= TSU__ERRCODE_COUNT)
		return "unknown error";
	return codes[code].text;
}

int tsu_exit_status(int code)
{
	if (code < 0 || code >= TSU__ERRCODE_COUNT)
		return TSU_EXIT_INTERNAL;
	return codes[code].status;
}

/* A message cut to fit must not end inside a UTF-8 sequence. */
static void cut_partial_utf8(char *msg)
{
	size_t n = strlen(msg), lead = n, need;

	while (lead > 0 && ((unsigned char)msg[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead == 0 || (unsigned char)msg[lead - 1] < 0xC0)
		return;
	lead--;
	need = (unsigned char)msg[lead] >= 0xF0 ? 4 :
	       (unsigned char)msg[lead] >= 0xE0 ? 3 : 2;
	if (n - lead < need)
		msg[lead] = '\0';
}

int tsu_error_set(struct tsu_error *err, int code, const char *file,
		  long line, long column, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code != TSU_OK)
		return code;
	err->code = code;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	cut_partial_utf8(err->msg);
	return code;
}

void tsu_error_clear(struct tsu_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

void tsu_error_print(FILE *fp, const char *cmd, const struct tsu_error *err)
{
	fprintf(fp, "tsunagu: ");
	if (cmd)
		fprintf(fp, "%s: ", cmd);
	if (err->file[0]) {
		fprintf(fp, "'%s':", err->file);
		if (err->line > 0)
			fprintf(fp, "%ld:", err->line);
		if (err->line > 0 && err->column > 0)
			fprintf(fp, "%ld:", err->column);
		fputc(' ', fp);
	}
	fprintf(fp, "%s\n", err->msg[0] ? err->msg : tsu_strerror(err->code));
}

int tsu_error_oom(struct tsu_error *err)
{
	return tsu_error_set(err, TSU_ENOMEM, NULL, 0, 0, "out of memory");
}
