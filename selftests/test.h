/* SPDX-License-Identifier: GPL-2.0 */
/* A small test_progs-style harness: every tests/NAME.c defines
 * void test_NAME(void), which may open subtests with test__start_subtest().
 * ASSERT_* macros print what was expected and mark the (sub)test failed.
 */
#ifndef XDP_REQS_TEST_H
#define XDP_REQS_TEST_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

bool test__start_subtest(const char *name);
void test__fail(void);
void test__skip(const char *why);
/* Directory holding the BPF objects (next to the test binary). */
const char *test__obj_dir(void);
/* Run a shell command, capture stdout+stderr into buf; returns exit code. */
int test__sh(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define _CHECK(cond, tag, fmt, ...) ({					\
	bool ___ok = !(cond);						\
	if (!___ok) {							\
		test__fail();						\
		fprintf(stdout, "%s:%d: %s: " fmt "\n",			\
			__FILE__, __LINE__, tag, ##__VA_ARGS__);	\
	}								\
	___ok;								\
})

#define ASSERT_OK(res, name) ({						\
	long long ___r = (res);						\
	_CHECK(___r != 0, name, "unexpected error %lld (errno %d: %s)",	\
	       ___r, errno, strerror(errno));				\
})
#define ASSERT_ERR(res, name) ({					\
	long long ___r = (res);						\
	_CHECK(___r >= 0, name, "unexpected success %lld", ___r);	\
})
#define ASSERT_EQ(a, b, name) ({					\
	long long ___a = (a), ___b = (b);				\
	_CHECK(___a != ___b, name, "%lld != expected %lld", ___a, ___b); \
})
#define ASSERT_NEQ(a, b, name) ({					\
	long long ___a = (a), ___b = (b);				\
	_CHECK(___a == ___b, name, "%lld == %lld", ___a, ___b);		\
})
#define ASSERT_GE(a, b, name) ({					\
	long long ___a = (a), ___b = (b);				\
	_CHECK(___a < ___b, name, "%lld < %lld", ___a, ___b);		\
})
#define ASSERT_GT(a, b, name) ({					\
	long long ___a = (a), ___b = (b);				\
	_CHECK(___a <= ___b, name, "%lld <= %lld", ___a, ___b);		\
})
#define ASSERT_TRUE(c, name) _CHECK(!(c), name, "not true")
#define ASSERT_FALSE(c, name) _CHECK((c), name, "not false")
#define ASSERT_OK_PTR(p, name) _CHECK(!(p), name, "NULL pointer (errno %d)", errno)
#define ASSERT_STREQ(a, b, name) ({					\
	const char *___a = (a), *___b = (b);				\
	_CHECK(strcmp(___a, ___b), name, "'%s' != expected '%s'", ___a, ___b); \
})
#define ASSERT_HAS_STR(hay, needle, name) ({				\
	const char *___h = (hay), *___n = (needle);			\
	_CHECK(!strstr(___h, ___n), name,				\
	       "'%s' not found in:\n----\n%s\n----", ___n, ___h);	\
})
#define ASSERT_NO_STR(hay, needle, name) ({				\
	const char *___h = (hay), *___n = (needle);			\
	_CHECK(strstr(___h, ___n), name,				\
	       "'%s' unexpectedly found in:\n----\n%s\n----", ___n, ___h); \
})

#endif
