// SPDX-License-Identifier: GPL-2.0
/* libbpf's XDP requirement API: declared in the program's source with
 * __xdp_reqs(), set or overridden by the loader, the target device, the
 * getter, text in both directions, and callers built with older opts.
 */
#include <net/if.h>
#include <stdarg.h>
#include <stddef.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "lib/xdp_reqs_util.h"

#define ACT(a) (1ULL << (a))
#define offsetofend(T, m) (offsetof(T, m) + sizeof(((T *)0)->m))
#define NSIM_ID 4712

/* Open the object with only @name to be loaded. */
static struct bpf_object *open_one(const char *name, struct bpf_program **prog)
{
	char path[4200];
	struct bpf_object *obj;
	struct bpf_program *p;

	snprintf(path, sizeof(path), "%s/libbpf_xdp_reqs.bpf.o", test__obj_dir());
	obj = bpf_object__open_file(path, NULL);
	if (!ASSERT_OK_PTR(obj, "open libbpf_xdp_reqs.bpf.o"))
		return NULL;
	*prog = NULL;
	bpf_object__for_each_program(p, obj) {
		bpf_program__set_autoload(p, !strcmp(bpf_program__name(p), name));
		if (!strcmp(bpf_program__name(p), name))
			*prog = p;
	}
	if (!ASSERT_OK_PTR(*prog, name)) {
		bpf_object__close(obj);
		return NULL;
	}
	xr_libbpf_log[0] = 0;
	return obj;
}

static void test_source_declared(void)
{
	struct bpf_program *prog;
	struct bpf_prog_info info;
	struct bpf_xdp_reqs reqs;
	struct bpf_object *obj;

	obj = open_one("fwd", &prog);
	if (!obj)
		return;
	if (!ASSERT_OK(bpf_object__load(obj), "load fwd"))
		goto out;
	if (ASSERT_OK(bpf_program__xdp_reqs(prog, &reqs), "bpf_program__xdp_reqs")) {
		ASSERT_EQ(reqs.actions, ACT(XDP_PASS) | ACT(XDP_REDIRECT), "effective actions");
		ASSERT_EQ(reqs.headroom, 0, "effective headroom");
	}
	if (ASSERT_OK(xr_prog_info(bpf_program__fd(prog), &info), "prog info")) {
		ASSERT_EQ(info.xdp_reqs_declared.actions, ACT(XDP_PASS) | ACT(XDP_REDIRECT),
			  "declared from source");
		ASSERT_EQ(info.xdp_reqs_derived.actions, ACT(XDP_PASS) | ACT(XDP_REDIRECT),
			  "derived");
		ASSERT_EQ(info.xdp_reqs_guarded, 0, "guarded");
	}
out:
	bpf_object__close(obj);
}

static void test_source_strict(void)
{
	struct bpf_program *prog;
	struct bpf_object *obj;

	obj = open_one("strict_tx", &prog);
	if (!obj)
		return;
	ASSERT_EQ(bpf_object__load(obj), -EINVAL, "load strict_tx");
	ASSERT_HAS_STR(xr_libbpf_log, "xdp reqs: exit at insn 1 may return tx (R0=3); declared pass",
		       "strict message in the log libbpf prints");
	bpf_object__close(obj);
}

static void test_source_headroom(void)
{
	struct bpf_program *prog;
	struct bpf_xdp_reqs reqs;
	struct bpf_object *obj;

	obj = open_one("headroom", &prog);
	if (!obj)
		return;
	if (ASSERT_OK(bpf_object__load(obj), "load headroom") &&
	    ASSERT_OK(bpf_program__xdp_reqs(prog, &reqs), "getter")) {
		ASSERT_EQ(reqs.actions, ACT(XDP_DROP), "actions");
		ASSERT_EQ(reqs.headroom, 64, "declared headroom is effective");
	}
	bpf_object__close(obj);
}

static void test_source_invalid(void)
{
	struct bpf_program *prog;
	struct bpf_object *obj;

	obj = open_one("bad_decl", &prog);
	if (!obj)
		return;
	ASSERT_EQ(bpf_object__load(obj), -EINVAL, "load bad_decl");
	ASSERT_HAS_STR(xr_libbpf_log, "prog 'bad_decl': invalid __xdp_reqs(\"drop,bogus\")",
		       "libbpf names the declaration");
	bpf_object__close(obj);
}

/* What the loader sets wins over the source's declaration. */
static void test_loader_overrides(void)
{
	struct bpf_xdp_reqs want = { .actions = ACT(XDP_TX) | ACT(XDP_PASS) | ACT(XDP_REDIRECT) };
	struct bpf_program *prog;
	struct bpf_prog_info info;
	struct bpf_object *obj;

	obj = open_one("fwd", &prog);
	if (!obj)
		return;
	ASSERT_OK(bpf_program__set_xdp_reqs(prog, &want), "set_xdp_reqs");
	if (ASSERT_OK(bpf_object__load(obj), "load") &&
	    ASSERT_OK(xr_prog_info(bpf_program__fd(prog), &info), "prog info"))
		ASSERT_EQ(info.xdp_reqs_declared.actions, want.actions, "declared by the loader");
	ASSERT_EQ(bpf_program__set_xdp_reqs(prog, &want), -EBUSY, "set after load");
	bpf_object__close(obj);
}

/* The source's declaration plus the loader's target device. */
static void test_target(void)
{
	char name[IF_NAMESIZE], expect[256];
	struct bpf_program *prog;
	struct bpf_prog_info info;
	struct bpf_object *obj;
	int veth, nsim;

	veth = xr_veth_create("xlr0", "xlr1");
	if (!ASSERT_GT(veth, 0, "veth"))
		return;
	obj = open_one("fwd", &prog);
	if (obj) {
		ASSERT_OK(bpf_program__set_xdp_target(prog, veth), "set_xdp_target veth");
		if (ASSERT_OK(bpf_object__load(obj), "load for veth") &&
		    ASSERT_OK(xr_prog_info(bpf_program__fd(prog), &info), "prog info")) {
			ASSERT_EQ(info.xdp_reqs_target, 1, "loaded with BPF_F_XDP_REQS_TARGET");
			ASSERT_EQ(info.xdp_reqs_strict, 0, "not strict");
			ASSERT_EQ(info.xdp_reqs_declared.actions, ACT(XDP_PASS) | ACT(XDP_REDIRECT),
				  "source declaration kept");
		}
		bpf_object__close(obj);
	}
	xr_veth_destroy("xlr0");

	nsim = xr_nsim_create(NSIM_ID, name, sizeof(name));
	if (!ASSERT_GT(nsim, 0, "netdevsim"))
		return;
	obj = open_one("fwd", &prog);
	if (obj) {
		ASSERT_OK(bpf_program__set_xdp_target(prog, nsim), "set_xdp_target nsim");
		ASSERT_EQ(bpf_object__load(obj), -EOPNOTSUPP, "load for netdevsim");
		snprintf(expect, sizeof(expect),
			 "xdp reqs: program needs XDP_REDIRECT; %s (netdevsim) supports aborted,drop,pass,tx",
			 name);
		ASSERT_HAS_STR(xr_libbpf_log, expect, "kernel message");
		bpf_object__close(obj);
	}
	xr_nsim_destroy(NSIM_ID);
}

static void check_str(const struct bpf_xdp_reqs *r, const char *want)
{
	struct bpf_xdp_reqs back;
	__u32 flags = 1;
	char buf[128];
	int n;

	n = libbpf_xdp_reqs_str(r, buf, sizeof(buf));
	ASSERT_EQ(n, strlen(want), want);
	ASSERT_STREQ(buf, want, "libbpf_xdp_reqs_str");
	if (r->headroom == BPF_XDP_HEADROOM_UNKNOWN || r->actions & BPF_XDP_ACT_UNKNOWN)
		return;	/* reported only, not parsed */
	if (ASSERT_OK(libbpf_xdp_reqs_parse(buf, &back, &flags), want)) {
		ASSERT_EQ(back.actions, r->actions, "round trip actions");
		ASSERT_EQ(back.features, r->features, "round trip features");
		ASSERT_EQ(back.headroom, r->headroom, "round trip headroom");
		ASSERT_EQ(flags, 0, "no prog_flags");
	}
}

static void test_text(void)
{
	struct bpf_xdp_reqs r = {};
	char small[8];

	check_str(&r, "none");
	r.actions = ACT(XDP_DROP) | ACT(XDP_PASS) | ACT(XDP_REDIRECT);
	check_str(&r, "drop,pass,redirect");
	r.features = (1 << 5);	/* NETDEV_XDP_ACT_RX_SG */
	r.headroom = 14;
	check_str(&r, "drop,pass,redirect features=rx-sg headroom=14");
	r = (struct bpf_xdp_reqs){ .actions = 0x1f | BPF_XDP_ACT_UNKNOWN,
				   .headroom = BPF_XDP_HEADROOM_UNKNOWN };
	check_str(&r, "aborted,drop,pass,tx,redirect,unknown headroom=unknown");

	/* like snprintf: the length it needs, and a cut, terminated text */
	r = (struct bpf_xdp_reqs){ .actions = 0x1f };
	ASSERT_EQ(libbpf_xdp_reqs_str(&r, NULL, 0), strlen("aborted,drop,pass,tx,redirect"), "size 0");
	ASSERT_EQ(libbpf_xdp_reqs_str(&r, small, sizeof(small)), strlen("aborted,drop,pass,tx,redirect"),
		  "small buffer");
	ASSERT_STREQ(small, "aborted", "cut text");

	ASSERT_OK(libbpf_xdp_reqs_parse("tx pass  headroom=0x20 features=rx-sg,ndo-xmit", &r, NULL),
		  "parse");
	ASSERT_EQ(r.actions, ACT(XDP_TX) | ACT(XDP_PASS), "parsed actions");
	ASSERT_EQ(r.headroom, 32, "parsed hex headroom");
	ASSERT_EQ(r.features, (1 << 5) | (1 << 2), "parsed features");
	{
		__u32 flags = 0;

		ASSERT_OK(libbpf_xdp_reqs_parse("drop,pass strict", &r, &flags), "parse strict");
		ASSERT_EQ(flags, BPF_F_XDP_REQS_STRICT, "strict is a prog_flags bit");
		ASSERT_EQ(r.actions, ACT(XDP_DROP) | ACT(XDP_PASS), "actions beside strict");
		ASSERT_EQ(libbpf_xdp_reqs_parse("drop,pass strict", &r, NULL), -EINVAL,
			  "strict without prog_flags");
	}
	ASSERT_EQ(libbpf_xdp_reqs_parse("drop,bogus", &r, NULL), -EINVAL, "unknown action");
	ASSERT_EQ(libbpf_xdp_reqs_parse("drop features=rx", &r, NULL), -EINVAL, "unknown feature");
	ASSERT_EQ(libbpf_xdp_reqs_parse("headroom=", &r, NULL), -EINVAL, "empty headroom");
	ASSERT_EQ(libbpf_xdp_reqs_parse("headroom=12x", &r, NULL), -EINVAL, "bad headroom");
	ASSERT_EQ(libbpf_xdp_reqs_parse("headroom=4294967295", &r, NULL), -EINVAL,
		  "the unknown headroom is not declarable");
	ASSERT_EQ(libbpf_xdp_reqs_parse("unknown", &r, NULL), -EINVAL, "unknown is not declarable");
	ASSERT_STREQ(libbpf_xdp_action_str(XDP_REDIRECT), "redirect", "action name");
	ASSERT_TRUE(libbpf_xdp_action_str(5) == NULL, "no action 5");
	ASSERT_STREQ(libbpf_xdp_feature_str(1 << 6), "ndo-xmit-sg", "feature name");
	ASSERT_TRUE(libbpf_xdp_feature_str(3) == NULL, "two bits are no feature");
}

/* Callers built against libbpf 1.5 pass the smaller opts. */
static void test_old_opts(void)
{
	struct bpf_insn insns[] = {
		{ .code = 0xb7, .dst_reg = 0, .imm = XDP_PASS },	/* r0 = XDP_PASS */
		{ .code = 0x95 },					/* exit */
	};
	struct bpf_xdp_query_opts q;
	struct bpf_prog_load_opts o;
	int fd, lo = if_nametoindex("lo");

	memset(&o, 0, sizeof(o));
	o.sz = offsetofend(struct bpf_prog_load_opts, token_fd);
	fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "old_opts", "GPL", insns, 2, &o);
	if (ASSERT_GT(fd, 0, "bpf_prog_load with 1.5 opts"))
		close(fd);

	memset(&q, 0xab, sizeof(q));
	q.sz = offsetofend(struct bpf_xdp_query_opts, xdp_zc_max_segs);
	if (ASSERT_OK(bpf_xdp_query(lo, 0, &q), "bpf_xdp_query with 1.5 opts"))
		ASSERT_EQ(q.xdp_headroom, 0xababababU, "headroom not written past sz");
	memset(&q, 0xab, sizeof(q));
	q.sz = sizeof(q);
	if (ASSERT_OK(bpf_xdp_query(lo, 0, &q), "bpf_xdp_query"))
		ASSERT_EQ(q.xdp_headroom, 0, "lo states no headroom");
}

void test_libbpf_xdp_reqs(void)
{
	libbpf_print_fn_t old = xr_libbpf_log_start();

	if (test__start_subtest("source_declared"))
		test_source_declared();
	if (test__start_subtest("source_strict"))
		test_source_strict();
	if (test__start_subtest("source_headroom"))
		test_source_headroom();
	if (test__start_subtest("source_invalid"))
		test_source_invalid();
	if (test__start_subtest("loader_overrides_source"))
		test_loader_overrides();
	if (test__start_subtest("target"))
		test_target();
	if (test__start_subtest("text"))
		test_text();
	if (test__start_subtest("old_opts"))
		test_old_opts();
	libbpf_set_print(old);
}
