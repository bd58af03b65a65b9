// SPDX-License-Identifier: GPL-2.0
/* The xdp_reqs load attribute and the BPF_F_XDP_REQS_* prog_flags
 * through the raw bpf(2) syscall: the extensible-struct rules, invalid
 * bits, the program types and flags they may not be combined with, what
 * bpf_prog_info reports of them, and a loader that does not know the new
 * fields at all.
 */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "test.h"
#include "lib/xdp_reqs_util.h"

#ifndef offsetofend
#define offsetofend(TYPE, MEMBER) \
	(offsetof(TYPE, MEMBER) + sizeof(((TYPE *)0)->MEMBER))
#endif

#define VETH_A	"xru0"
#define VETH_B	"xru1"

static const struct bpf_insn pass_insns[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS },
	{ .code = BPF_JMP | BPF_EXIT },
};

struct load_args {
	enum bpf_prog_type type;
	__u32 prog_flags;
	__u32 ifindex;
	__u32 reqs_size;
	const void *reqs;
	size_t attr_size;	/* 0: the whole attr */
};

static char log_buf[1 << 14];

/* Returns the prog fd, or -errno. */
static int load(const struct load_args *a)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = a->type ?: BPF_PROG_TYPE_XDP;
	attr.insns = (__u64)(unsigned long)pass_insns;
	attr.insn_cnt = 2;
	attr.license = (__u64)(unsigned long)"GPL";
	attr.prog_flags = a->prog_flags;
	attr.prog_ifindex = a->ifindex;
	attr.log_buf = (__u64)(unsigned long)log_buf;
	attr.log_size = sizeof(log_buf);
	attr.log_level = XR_LOG_STATS;
	attr.xdp_reqs_size = a->reqs_size;
	attr.xdp_reqs = (__u64)(unsigned long)a->reqs;
	log_buf[0] = 0;
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &attr,
		     a->attr_size ?: offsetofend(union bpf_attr, xdp_reqs));
	return fd < 0 ? -errno : fd;
}

/* Loads and checks the exact outcome: 0 for success or an errno. */
static int expect_load(const char *name, const struct load_args *a, int want)
{
	int fd = load(a);

	if (want) {
		if (!_CHECK(fd != -want, name, "load returned %d (%s), expected -%d (%s)\n%s",
			    fd, fd < 0 ? strerror(-fd) : "fd", want, strerror(want), log_buf) &&
		    fd >= 0)
			close(fd);
		return -1;
	}
	_CHECK(fd < 0, name, "load failed: %d (%s)\n%s", fd, strerror(-fd), log_buf);
	return fd;
}

static void expect_ok(const char *name, const struct load_args *a)
{
	int fd = expect_load(name, a, 0);

	if (fd >= 0)
		close(fd);
}

static void bad_reqs(const char *name, struct bpf_xdp_reqs r, __u32 prog_flags, int want)
{
	struct load_args a = { .reqs = &r, .reqs_size = sizeof(r), .prog_flags = prog_flags };
	int fd = expect_load(name, &a, want);

	if (fd >= 0)
		close(fd);
}

static void test_sizes(void)
{
	struct bpf_xdp_reqs r = { .actions = 1ULL << XDP_PASS };
	char big[32] = {};
	struct load_args a = {};

	if (test__start_subtest("absent"))
		expect_ok("size 0, NULL", &a);
	if (test__start_subtest("size0_with_ptr")) {
		a.reqs = &r;
		expect_load("size 0, pointer", &a, EINVAL);
	}
	if (test__start_subtest("short_8")) {
		a = (struct load_args){ .reqs = &r, .reqs_size = 8 };
		expect_load("size 8", &a, EINVAL);
	}
	if (test__start_subtest("short_23")) {
		a = (struct load_args){ .reqs = &r, .reqs_size = 23 };
		expect_load("size 23", &a, EINVAL);
	}
	if (test__start_subtest("exact")) {
		a = (struct load_args){ .reqs = &r, .reqs_size = sizeof(r) };
		expect_ok("size 24", &a);
	}
	if (test__start_subtest("long_zero_tail")) {
		memcpy(big, &r, sizeof(r));
		a = (struct load_args){ .reqs = big, .reqs_size = sizeof(big) };
		expect_ok("size 32, zero tail", &a);
	}
	if (test__start_subtest("size_ver0")) {
		ASSERT_EQ(BPF_XDP_REQS_SIZE_VER0, 24, "first published size");
		ASSERT_EQ(sizeof(struct bpf_xdp_reqs), BPF_XDP_REQS_SIZE_VER0, "struct size");
	}
	if (test__start_subtest("page_zero_tail")) {
		static char page[4096];

		memcpy(page, &r, sizeof(r));
		a = (struct load_args){ .reqs = page, .reqs_size = sizeof(page) };
		expect_ok("size 4096, zero tail", &a);
	}
	if (test__start_subtest("nonzero_padding")) {
		memcpy(big, &r, sizeof(r));
		big[20] = 1;	/* the __u32 after headroom */
		a = (struct load_args){ .reqs = big, .reqs_size = sizeof(r) };
		expect_load("size 24, padding non-zero", &a, E2BIG);
	}
	if (test__start_subtest("long_nonzero_tail")) {
		memcpy(big, &r, sizeof(r));
		big[sizeof(big) - 1] = 1;
		a = (struct load_args){ .reqs = big, .reqs_size = sizeof(big) };
		expect_load("size 32, non-zero tail", &a, E2BIG);
	}
	if (test__start_subtest("bad_pointer")) {
		a = (struct load_args){ .reqs = (void *)1, .reqs_size = sizeof(r) };
		expect_load("pointer 0x1", &a, EFAULT);
	}
}

static void test_bits(void)
{
	const __u64 pass = 1ULL << XDP_PASS;
	struct load_args a = {};

	if (test__start_subtest("headroom_unknown"))
		bad_reqs("headroom BPF_XDP_HEADROOM_UNKNOWN",
			 (struct bpf_xdp_reqs){ .actions = pass,
						.headroom = BPF_XDP_HEADROOM_UNKNOWN }, 0, EINVAL);
	if (test__start_subtest("headroom_max"))
		bad_reqs("headroom BPF_XDP_HEADROOM_UNKNOWN - 1",
			 (struct bpf_xdp_reqs){ .actions = pass,
						.headroom = BPF_XDP_HEADROOM_UNKNOWN - 1 }, 0, 0);
	if (test__start_subtest("action_bit5"))
		bad_reqs("action 1<<5", (struct bpf_xdp_reqs){ .actions = pass | 1ULL << 5 }, 0,
			 EINVAL);
	if (test__start_subtest("action_bit40"))
		bad_reqs("action 1<<40", (struct bpf_xdp_reqs){ .actions = pass | 1ULL << 40 }, 0,
			 EINVAL);
	if (test__start_subtest("action_unknown"))
		bad_reqs("action UNKNOWN",
			 (struct bpf_xdp_reqs){ .actions = pass | BPF_XDP_ACT_UNKNOWN }, 0, EINVAL);
	if (test__start_subtest("feature_bit40"))
		bad_reqs("feature 1<<40",
			 (struct bpf_xdp_reqs){ .actions = pass, .features = 1ULL << 40 }, 0, EINVAL);
	if (test__start_subtest("strict_undeclared"))
		bad_reqs("STRICT, no actions", (struct bpf_xdp_reqs){ .headroom = 8 },
			 BPF_F_XDP_REQS_STRICT, EINVAL);
	if (test__start_subtest("strict_no_reqs")) {
		a = (struct load_args){ .prog_flags = BPF_F_XDP_REQS_STRICT };
		expect_load("STRICT without xdp_reqs", &a, EINVAL);
	}
	if (test__start_subtest("strict_ok"))
		bad_reqs("STRICT, pass declared", (struct bpf_xdp_reqs){ .actions = pass },
			 BPF_F_XDP_REQS_STRICT, 0);
	if (test__start_subtest("target_no_ifindex")) {
		a = (struct load_args){ .prog_flags = BPF_F_XDP_REQS_TARGET };
		expect_load("TARGET, ifindex 0", &a, EINVAL);
	}
	if (test__start_subtest("prog_flag_above")) {
		a = (struct load_args){ .prog_flags = 1U << 17 };
		expect_load("prog_flags 1<<17", &a, EINVAL);
	}
}

/* Load @a; bpf_prog_info must say @strict and @target, and bind to no
 * device (a target is checked against, not bound to).
 */
static void expect_info_bits(const char *name, const struct load_args *a, int strict,
			     int target)
{
	struct bpf_prog_info info;
	char what[96];
	int fd;

	fd = expect_load(name, a, 0);
	if (fd < 0)
		return;
	if (ASSERT_OK(xr_prog_info(fd, &info), "prog info")) {
		snprintf(what, sizeof(what), "%s: xdp_reqs_strict", name);
		ASSERT_EQ(info.xdp_reqs_strict, strict, what);
		snprintf(what, sizeof(what), "%s: xdp_reqs_target", name);
		ASSERT_EQ(info.xdp_reqs_target, target, what);
		snprintf(what, sizeof(what), "%s: no device binding", name);
		ASSERT_EQ(info.ifindex, 0, what);
	}
	close(fd);
}

/* What bpf_prog_info says of the flags a program was loaded with */
static void test_info_bits(void)
{
	struct bpf_xdp_reqs r = { .actions = 1ULL << XDP_PASS };
	struct load_args a = { .reqs = &r, .reqs_size = sizeof(r) };
	int ifindex;

	if (!test__start_subtest("info_bits"))
		return;
	expect_info_bits("declared", &a, 0, 0);
	a.prog_flags = BPF_F_XDP_REQS_STRICT;
	expect_info_bits("strict", &a, 1, 0);
	ifindex = xr_veth_create(VETH_A, VETH_B);
	if (_CHECK(ifindex < 0, "veth", "cannot create %s", VETH_A)) {
		a.prog_flags = BPF_F_XDP_REQS_STRICT | BPF_F_XDP_REQS_TARGET;
		a.ifindex = ifindex;
		expect_info_bits("strict target", &a, 1, 1);
	}
	xr_veth_destroy(VETH_A);
}

static void test_socket_filter(void)
{
	struct bpf_xdp_reqs r = { .actions = 1ULL << XDP_PASS };
	struct load_args a = { .type = BPF_PROG_TYPE_SOCKET_FILTER };

	if (!test__start_subtest("socket_filter"))
		return;
	expect_ok("socket filter, no reqs", &a);
	a.reqs = &r;
	a.reqs_size = sizeof(r);
	expect_load("socket filter with reqs", &a, EINVAL);
	a.reqs = NULL;
	a.reqs_size = 0;
	a.prog_flags = BPF_F_XDP_REQS_STRICT;
	expect_load("socket filter with STRICT", &a, EINVAL);
	a.prog_flags = BPF_F_XDP_REQS_TARGET;
	a.ifindex = 1;
	expect_load("socket filter with TARGET", &a, EINVAL);
}

static void test_target(void)
{
	struct bpf_xdp_reqs r = {};
	struct load_args a = { .prog_flags = BPF_F_XDP_REQS_TARGET };
	int ifindex;

	if (!test__start_subtest("target_dev_bound"))
		return;
	ifindex = xr_veth_create(VETH_A, VETH_B);
	if (!_CHECK(ifindex < 0, "veth", "cannot create %s", VETH_A))
		return;
	a.ifindex = ifindex;
	expect_ok("TARGET veth", &a);
	a.prog_flags = BPF_F_XDP_REQS_TARGET | BPF_F_XDP_DEV_BOUND_ONLY;
	expect_load("TARGET + BPF_F_XDP_DEV_BOUND_ONLY", &a, EINVAL);
	a.prog_flags = BPF_F_XDP_DEV_BOUND_ONLY;
	expect_ok("BPF_F_XDP_DEV_BOUND_ONLY alone", &a);
	a.reqs = &r;
	a.reqs_size = sizeof(r);
	r.actions = 1 << XDP_PASS;
	expect_ok("declared + BPF_F_XDP_DEV_BOUND_ONLY", &a);
	/* an offloaded program runs unguarded, as the device verified it */
	a.prog_flags = 0;
	expect_load("declared + offload (prog_ifindex, no TARGET)", &a, EINVAL);
	a.prog_flags = BPF_F_XDP_REQS_TARGET;
	a.reqs = NULL;
	a.reqs_size = 0;
	a.ifindex = 0x7ffffff0;
	expect_load("TARGET, no such device", &a, ENODEV);
	xr_veth_destroy(VETH_A);
}

static void test_legacy(void)
{
	struct load_args a = { .attr_size = offsetofend(union bpf_attr, prog_token_fd) };
	__u8 pkt[64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = pkt,
		.data_size_in = sizeof(pkt),
		.repeat = 1,
	);
	struct bpf_prog_info info;
	char buf[128];
	int fd;

	if (!test__start_subtest("legacy"))
		return;
	fd = expect_load("attr ending at prog_token_fd", &a, 0);
	if (fd < 0)
		return;
	if (ASSERT_OK(bpf_prog_test_run_opts(fd, &opts), "test_run"))
		ASSERT_EQ(opts.retval, XDP_PASS, "legacy retval");
	if (ASSERT_OK(xr_prog_info(fd, &info), "prog info")) {
		_CHECK(info.xdp_reqs_derived.actions != 1ULL << XDP_PASS, "legacy",
		       "derived actions %s, expected pass",
		       xr_fmt_actions(info.xdp_reqs_derived.actions, buf, sizeof(buf)));
		ASSERT_EQ(info.xdp_reqs_declared.actions, 0, "legacy declared actions");
		ASSERT_EQ(info.xdp_reqs_guarded, 0, "legacy guarded");
		ASSERT_EQ(info.xdp_reqs.actions, 1ULL << XDP_PASS, "legacy effective actions");
	}
	close(fd);
}

void test_xdp_reqs_uapi(void)
{
	test_sizes();
	test_bits();
	test_info_bits();
	test_socket_filter();
	test_target();
	test_legacy();
}
