// SPDX-License-Identifier: GPL-2.0
/* Runs every registered test (or those named on the command line, by
 * prefix), one line per test or subtest: "#N name:OK|FAIL|SKIP", then
 * "N passed, N failed, N skipped". Exits 1 if anything failed.
 */
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include "test.h"

#define DEFINE_TEST(name) void test_##name(void);
#include "tests.h"
#undef DEFINE_TEST

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
#define DEFINE_TEST(name) { #name, test_##name },
#include "tests.h"
#undef DEFINE_TEST
};

static struct {
	int num, sub;
	const char *name;
	char subname[128];
	bool in_sub, failed, skipped, sub_failed, sub_skipped;
	char skip_why[128];
	int passed, nfailed, nskipped;
	char **filters;
	int nfilters;
} st;

static char obj_dir[4096];

const char *test__obj_dir(void)
{
	return obj_dir;
}

static void report(const char *label, bool failed, bool skipped, const char *why)
{
	if (failed)
		st.nfailed++;
	else if (skipped)
		st.nskipped++;
	else
		st.passed++;
	printf("#%s:%s%s%s\n", label, failed ? "FAIL" : skipped ? "SKIP" : "OK",
	       skipped && !failed && why[0] ? " " : "", skipped && !failed ? why : "");
	fflush(stdout);
}

static void end_subtest(void)
{
	char label[256];

	if (!st.in_sub)
		return;
	snprintf(label, sizeof(label), "%d/%d %s/%s", st.num, st.sub, st.name, st.subname);
	report(label, st.sub_failed, st.sub_skipped, st.skip_why);
	st.in_sub = false;
	st.skip_why[0] = 0;
}

static bool selected(const char *name)
{
	int i;

	if (!st.nfilters)
		return true;
	for (i = 0; i < st.nfilters; i++)
		if (!strncmp(name, st.filters[i], strlen(st.filters[i])))
			return true;
	return false;
}

bool test__start_subtest(const char *name)
{
	char full[256];

	end_subtest();
	snprintf(full, sizeof(full), "%s/%s", st.name, name);
	if (!selected(st.name) && !selected(full))
		return false;
	st.sub++;
	st.in_sub = true;
	st.sub_failed = st.sub_skipped = false;
	snprintf(st.subname, sizeof(st.subname), "%s", name);
	return true;
}

void test__fail(void)
{
	if (st.in_sub)
		st.sub_failed = true;
	else
		st.failed = true;
}

void test__skip(const char *why)
{
	snprintf(st.skip_why, sizeof(st.skip_why), "(%s)", why);
	if (st.in_sub)
		st.sub_skipped = true;
	else
		st.skipped = true;
}

int test__sh(char *buf, size_t len, const char *fmt, ...)
{
	char cmd[4096];
	size_t n = 0;
	va_list ap;
	FILE *f;
	int rc;

	/* all of the command's output, stderr included */
	strcpy(cmd, "( ");
	va_start(ap, fmt);
	vsnprintf(cmd + 2, sizeof(cmd) - 16, fmt, ap);
	va_end(ap);
	strcat(cmd, " ) 2>&1");
	f = popen(cmd, "r");
	if (!f)
		return -1;
	if (buf && len) {
		n = fread(buf, 1, len - 1, f);
		buf[n] = 0;
	} else {
		char tmp[512];

		while (fread(tmp, 1, sizeof(tmp), f) > 0)
			;
	}
	rc = pclose(f);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

int main(int argc, char **argv)
{
	char self[4096];
	ssize_t n;
	size_t i;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		return 2;
	self[n] = 0;
	snprintf(obj_dir, sizeof(obj_dir), "%s", dirname(self));
	st.filters = argv + 1;
	st.nfilters = argc - 1;
	setvbuf(stdout, NULL, _IOLBF, 0);

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		bool had_subs;

		if (!selected(tests[i].name)) {
			/* a filter may name one subtest: "test/sub" */
			bool any = false;
			int j;

			for (j = 0; j < st.nfilters; j++)
				if (!strncmp(st.filters[j], tests[i].name, strlen(tests[i].name)) &&
				    st.filters[j][strlen(tests[i].name)] == '/')
					any = true;
			if (!any)
				continue;
		}
		st.num++;
		st.sub = 0;
		st.name = tests[i].name;
		st.failed = st.skipped = false;
		st.skip_why[0] = 0;
		tests[i].fn();
		had_subs = st.sub > 0;
		end_subtest();
		/* A test with subtests reports through them; a failure
		 * outside any subtest still counts.
		 */
		if (!had_subs || st.failed) {
			char label[160];

			snprintf(label, sizeof(label), "%d %s", st.num, st.name);
			report(label, st.failed, st.skipped, st.skip_why);
		}
	}
	printf("%d passed, %d failed, %d skipped\n", st.passed, st.nfailed, st.nskipped);
	return st.nfailed ? 1 : 0;
}
