// SPDX-License-Identifier: GPL-2.0
/* bpftool and XDP requirements (SPEC section 7): "prog load ... xdp_target
 * DEV [xdp_reqs LIST] [strict]", the xdp_reqs line and object of "prog
 * show", the xdp_caps section of "net show", and the kernel's messages on
 * "net attach xdpdrv". Runs build/bpftool/bpftool and compares its exact
 * plain and JSON output.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/netdev.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "lib/xdp_reqs_util.h"

#define NSIM_ID		4735
#define VETH_A		"xbt0"
#define VETH_B		"xbt1"
#define PIN		"/sys/fs/bpf/bt_prog"
#define OBJ_REDIRECT	"bpftool_xdp_redirect.bpf.o"
#define OBJ_MAP		"bpftool_xdp_map.bpf.o"

/* netdevsim's native capability before any knob is written, as bpftool
 * and the kernel's messages print it; JSON has the xdp-features bits as
 * the netdev family names them
 */
#define NSIM_CAPS	"aborted,drop,pass,tx features=hw-offload"
#define NSIM_CAPS_JSON	"{\"actions\":[\"aborted\",\"drop\",\"pass\",\"tx\"]," \
			"\"features\":[\"basic\",\"hw-offload\"],\"headroom\":0}"

static char bpftool[4200];
static char out[65536];
static char nsim[IFNAMSIZ];
static int nsim_idx, veth_idx;

/* Run "bpftool ARGS"; its stdout and stderr go to out. */
static __attribute__((format(printf, 1, 2))) int bt(const char *fmt, ...)
{
	char args[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	return test__sh(out, sizeof(out), "%s %s", bpftool, args);
}

/* Is line a whole line of text? */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p;

	for (p = strstr(text, line); p; p = strstr(p + 1, line))
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			return true;
	return false;
}

#define ASSERT_LINE(text, line, name) ({				\
	const char *___t = (text), *___l = (line);			\
	_CHECK(!has_line(___t, ___l), name,				\
	       "line '%s' not found in:\n----\n%s\n----", ___l, ___t);	\
})

static void unpin(void)
{
	test__sh(NULL, 0, "rm -f %s", PIN);
}

static void test_load_target_misfit(void)
{
	char want[256];
	int rc;

	/* netdevsim has no XDP_REDIRECT: the verifier log says so */
	rc = bt("prog load %s/%s %s type xdp xdp_target %s",
		test__obj_dir(), OBJ_REDIRECT, PIN, nsim);
	ASSERT_NEQ(rc, 0, "exit status");
	snprintf(want, sizeof(want),
		 "xdp reqs: program needs XDP_REDIRECT; %s (netdevsim) supports "
		 NSIM_CAPS, nsim);
	ASSERT_LINE(out, want, "verifier log");
	ASSERT_HAS_STR(out, "Operation not supported", "errno");
	ASSERT_LINE(out, "Error: failed to load object file", "bpftool error");
	ASSERT_EQ(access(PIN, F_OK), -1, "not pinned");
	unpin();
}

static void test_load_target_fit(void)
{
	int rc;

	rc = bt("prog load %s/%s %s type xdp xdp_target %s",
		test__obj_dir(), OBJ_REDIRECT, PIN, VETH_A);
	if (!ASSERT_EQ(rc, 0, "load")) {
		printf("%s", out);
		goto out;
	}

	rc = bt("prog show pinned %s", PIN);
	ASSERT_EQ(rc, 0, "prog show");
	ASSERT_LINE(out, "\txdp_reqs drop,pass,redirect target  guarded 0", "plain");

	rc = bt("-j prog show pinned %s", PIN);
	ASSERT_EQ(rc, 0, "prog show -j");
	ASSERT_HAS_STR(out, "\"xdp_reqs\":{"
		       "\"actions\":[\"drop\",\"pass\",\"redirect\"],"
		       "\"features\":[],\"headroom\":0,"
		       "\"flags\":[\"target\"],\"guarded\":0,"
		       "\"declared\":null,"
		       "\"derived\":{\"actions\":[\"drop\",\"pass\",\"redirect\"],"
		       "\"features\":[],\"headroom\":0}}",
		       "json");
out:
	unpin();
}

static void test_load_declared(void)
{
	int rc;

	/* the map's value is unbounded: one exit gets a guard */
	rc = bt("prog load %s/%s %s type xdp xdp_target %s xdp_reqs 'drop,pass headroom=32'",
		test__obj_dir(), OBJ_MAP, PIN, VETH_A);
	if (!ASSERT_EQ(rc, 0, "load")) {
		printf("%s", out);
		goto out;
	}

	rc = bt("prog show pinned %s", PIN);
	ASSERT_EQ(rc, 0, "prog show");
	/* the guard's XDP_ABORTED is part of what the program now returns */
	ASSERT_LINE(out, "\txdp_reqs aborted,drop,pass headroom=32 target  guarded 1  "
		    "declared drop,pass headroom=32  "
		    "derived drop,pass,unknown headroom=14",
		    "plain");

	rc = bt("-j prog show pinned %s", PIN);
	ASSERT_EQ(rc, 0, "prog show -j");
	ASSERT_HAS_STR(out, "\"xdp_reqs\":{"
		       "\"actions\":[\"aborted\",\"drop\",\"pass\"],"
		       "\"features\":[],\"headroom\":32,"
		       "\"flags\":[\"target\"],\"guarded\":1,"
		       "\"declared\":{\"actions\":[\"drop\",\"pass\"],\"features\":[],\"headroom\":32},"
		       "\"derived\":{\"actions\":[\"drop\",\"pass\",\"unknown\"],"
		       "\"features\":[],\"headroom\":14}}",
		       "json");
out:
	unpin();
}

static void test_load_strict(void)
{
	int rc;

	/* redirect is derived but not declared */
	rc = bt("prog load %s/%s %s type xdp xdp_target %s xdp_reqs drop,pass strict",
		test__obj_dir(), OBJ_REDIRECT, PIN, VETH_A);
	ASSERT_NEQ(rc, 0, "exit status");
	ASSERT_HAS_STR(out, "xdp reqs: exit at insn ", "verifier log");
	ASSERT_HAS_STR(out, " may return redirect (R0=4); declared drop,pass\n",
		       "verifier log");
	ASSERT_HAS_STR(out, "Invalid argument", "errno");
	ASSERT_LINE(out, "Error: failed to load object file", "bpftool error");
	unpin();

	/* the same without strict: loads, the guard keeps redirect out */
	rc = bt("prog load %s/%s %s type xdp xdp_reqs drop,pass",
		test__obj_dir(), OBJ_REDIRECT, PIN);
	ASSERT_EQ(rc, 0, "load without strict");
	rc = bt("prog show pinned %s", PIN);
	ASSERT_LINE(out, "\txdp_reqs aborted,drop,pass  guarded 1  declared drop,pass  "
		    "derived drop,pass,redirect", "plain");
	unpin();
}

static void test_load_bad_args(void)
{
	int rc;

	rc = bt("prog load %s/%s %s type xdp xdp_target %s offload_dev %s",
		test__obj_dir(), OBJ_REDIRECT, PIN, VETH_A, nsim);
	ASSERT_NEQ(rc, 0, "xdp_target offload_dev");
	ASSERT_LINE(out, "Error: xdp_target and offload_dev are mutually exclusive",
		    "xdp_target offload_dev");

	rc = bt("prog load %s/%s %s type xdp xdpmeta_dev %s xdp_target %s",
		test__obj_dir(), OBJ_REDIRECT, PIN, VETH_A, VETH_A);
	ASSERT_NEQ(rc, 0, "xdp_target xdpmeta_dev");
	ASSERT_LINE(out, "Error: xdp_target and xdpmeta_dev are mutually exclusive",
		    "xdp_target xdpmeta_dev");

	rc = bt("prog load %s/%s %s type xdp xdp_reqs drop,bogus",
		test__obj_dir(), OBJ_REDIRECT, PIN);
	ASSERT_NEQ(rc, 0, "bad xdp_reqs");
	ASSERT_LINE(out, "Error: can't parse 'drop,bogus' as XDP requirements: Invalid argument",
		    "bad xdp_reqs");

	rc = bt("prog load %s/%s %s type xdp xdp_reqs headroom=8 strict",
		test__obj_dir(), OBJ_REDIRECT, PIN);
	ASSERT_NEQ(rc, 0, "strict without actions");
	ASSERT_LINE(out, "Error: strict needs the actions of the program in xdp_reqs",
		    "strict without actions");

	rc = bt("prog load %s/%s %s type xdp strict",
		test__obj_dir(), OBJ_REDIRECT, PIN);
	ASSERT_NEQ(rc, 0, "strict without declaration");
	ASSERT_LINE(out, "Error: strict needs the actions of the program in xdp_reqs",
		    "strict without declaration");

	rc = bt("prog load %s/%s %s type xdp xdp_target nosuchdev0",
		test__obj_dir(), OBJ_REDIRECT, PIN);
	ASSERT_NEQ(rc, 0, "unknown device");
	ASSERT_LINE(out, "Error: unrecognized netdevice 'nosuchdev0': No such device",
		    "unknown device");

	rc = bt("prog load %s/%s %s type socket xdp_target %s",
		test__obj_dir(), OBJ_REDIRECT, PIN, VETH_A);
	ASSERT_NEQ(rc, 0, "no XDP program");
	ASSERT_HAS_STR(out, "Error: xdp_target, xdp_reqs and strict need an XDP program, '",
		       "no XDP program");
	unpin();
}

static void test_net_show(void)
{
	struct bpf_xdp_reqs drv = {};
	char want[512], caps[256];
	bool has_headroom;
	__u64 feat;
	int rc;

	/* no native XDP: no line, in either format */
	rc = bt("net show dev lo");
	ASSERT_EQ(rc, 0, "net show dev lo");
	ASSERT_LINE(out, "xdp_caps:", "plain lo");
	ASSERT_NO_STR(out, "lo(1) driver", "plain lo");

	rc = bt("-j net show dev lo");
	ASSERT_EQ(rc, 0, "net show -j dev lo");
	ASSERT_HAS_STR(out, "\"xdp_caps\":[]", "json lo");

	/* netdevsim before and after its knobs are set */
	rc = bt("net show dev %s", nsim);
	ASSERT_EQ(rc, 0, "net show dev nsim");
	snprintf(want, sizeof(want), "%s(%d) driver " NSIM_CAPS, nsim, nsim_idx);
	ASSERT_LINE(out, want, "plain nsim");

	rc = bt("-j net show dev %s", nsim);
	ASSERT_EQ(rc, 0, "net show -j dev nsim");
	snprintf(want, sizeof(want), "\"xdp_caps\":[{\"devname\":\"%s\",\"ifindex\":%d,"
		 "\"driver\":" NSIM_CAPS_JSON "}]", nsim, nsim_idx);
	ASSERT_HAS_STR(out, want, "json nsim");

	if (ASSERT_OK(xr_nsim_knob(NSIM_ID, "xdp_features", "0x13"), "knob") &&
	    ASSERT_OK(xr_nsim_knob(NSIM_ID, "xdp_headroom", "192"), "knob")) {
		rc = bt("net show dev %s", nsim);
		snprintf(want, sizeof(want),
			 "%s(%d) driver aborted,drop,pass,tx,redirect features=hw-offload headroom=192",
			 nsim, nsim_idx);
		ASSERT_LINE(out, want, "plain nsim knobs");
		rc = bt("-j net show dev %s", nsim);
		snprintf(want, sizeof(want),
			 "\"driver\":{\"actions\":[\"aborted\",\"drop\",\"pass\",\"tx\",\"redirect\"],"
			 "\"features\":[\"basic\",\"redirect\",\"hw-offload\"],\"headroom\":192}");
		ASSERT_HAS_STR(out, want, "json nsim knobs");
	}
	xr_nsim_knob(NSIM_ID, "xdp_features", "0x11");
	xr_nsim_knob(NSIM_ID, "xdp_headroom", "0");

	/* veth: as upstream's ynl CLI reads it, in the kernel's vocabulary */
	if (!ASSERT_OK(xr_ynl_dev_get(veth_idx, &feat, &drv.headroom, &has_headroom),
		       "ynl dev-get veth"))
		return;
	ASSERT_EQ(has_headroom, false, "veth states no headroom");
	if (feat & NETDEV_XDP_ACT_BASIC)
		drv.actions |= (1ULL << XDP_ABORTED) | (1ULL << XDP_DROP) |
			       (1ULL << XDP_PASS) | (1ULL << XDP_TX);
	if (feat & NETDEV_XDP_ACT_REDIRECT)
		drv.actions |= 1ULL << XDP_REDIRECT;
	drv.features = feat;
	rc = bt("net show dev %s", VETH_A);
	ASSERT_EQ(rc, 0, "net show dev veth");
	snprintf(want, sizeof(want), "%s(%d) driver %s", VETH_A, veth_idx,
		 xr_fmt_caps(&drv, caps, sizeof(caps)));
	ASSERT_LINE(out, want, "plain veth");

	rc = bt("-j net show dev %s", VETH_A);
	ASSERT_EQ(rc, 0, "net show -j dev veth");
	snprintf(want, sizeof(want), "{\"devname\":\"%s\",\"ifindex\":%d,\"driver\":"
		 "{\"actions\":[\"aborted\",\"drop\",\"pass\",\"tx\",\"redirect\"],"
		 "\"features\":[\"basic\",\"redirect\",", VETH_A, veth_idx);
	ASSERT_HAS_STR(out, want, "json veth");
	ASSERT_HAS_STR(out, "\"headroom\":0}}]", "json veth");

	/* the whole listing: every device, xdp section unchanged */
	rc = bt("net show");
	ASSERT_EQ(rc, 0, "net show");
	ASSERT_HAS_STR(out, "xdp:\n\nxdp_caps:\n", "plain sections");
	ASSERT_HAS_STR(out, "\n\ntc:\n", "plain sections");
}

/* On every device of the machine, bpftool net show, bpf_xdp_query() and
 * upstream's ynl CLI give the same capability.
 */
static void test_all_devices(void)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	char what[128], want[256];

	if (!ASSERT_OK_PTR(ifs, "if_nameindex"))
		return;
	for (i = ifs; i->if_index; i++) {
		LIBBPF_OPTS(bpf_xdp_query_opts, q);
		__u32 headroom;
		bool has;
		__u64 feat;

		snprintf(what, sizeof(what), "%s: bpf_xdp_query", i->if_name);
		if (!ASSERT_OK(bpf_xdp_query(i->if_index, 0, &q), what))
			continue;
		snprintf(what, sizeof(what), "%s: ynl dev-get", i->if_name);
		if (!ASSERT_OK(xr_ynl_dev_get(i->if_index, &feat, &headroom, &has), what))
			continue;
		snprintf(what, sizeof(what), "%s: xdp-features", i->if_name);
		ASSERT_EQ(feat, q.feature_flags, what);
		snprintf(what, sizeof(what), "%s: xdp-headroom", i->if_name);
		ASSERT_EQ(headroom, q.xdp_headroom, what);
		snprintf(what, sizeof(what), "%s: bpftool net show", i->if_name);
		if (!ASSERT_EQ(bt("-j net show dev %s", i->if_name), 0, what))
			continue;
		if (!feat) {
			ASSERT_HAS_STR(out, "\"xdp_caps\":[]", what);
			continue;
		}
		snprintf(want, sizeof(want), "\"devname\":\"%s\",\"ifindex\":%u,\"driver\":{",
			 i->if_name, i->if_index);
		ASSERT_HAS_STR(out, want, what);
		snprintf(want, sizeof(want), "\"headroom\":%u}}]", headroom);
		ASSERT_HAS_STR(out, want, what);
	}
	if_freenameindex(ifs);
}

static void test_net_attach(void)
{
	struct bpf_xdp_reqs nsim_caps = {
		.actions = (1ULL << XDP_ABORTED) | (1ULL << XDP_DROP) |
			   (1ULL << XDP_PASS) | (1ULL << XDP_TX),
		.features = NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_HW_OFFLOAD,
	};
	char msg[256], want[512];
	int rc;

	xr_misfit_msg(msg, sizeof(msg), "XDP program", "XDP_REDIRECT", nsim,
		      "netdevsim", &nsim_caps);

	/* a legacy program attaches, with the kernel's warning */
	rc = bt("prog load %s/%s %s type xdp", test__obj_dir(), OBJ_REDIRECT, PIN);
	if (!ASSERT_EQ(rc, 0, "load legacy")) {
		printf("%s", out);
		goto out;
	}
	rc = bt("net attach xdpdrv pinned %s dev %s", PIN, nsim);
	ASSERT_EQ(rc, 0, "attach legacy");
	snprintf(want, sizeof(want), "libbpf: Kernel warning message: %s", msg);
	ASSERT_LINE(out, want, "warning");
	rc = bt("net show dev %s", nsim);
	snprintf(want, sizeof(want), "xdp:\n%s(%d) driver id ", nsim, nsim_idx);
	ASSERT_HAS_STR(out, want, "attached");
	rc = bt("net detach xdpdrv dev %s", nsim);
	ASSERT_EQ(rc, 0, "detach");
	ASSERT_NO_STR(out, "libbpf:", "detach quiet");
	unpin();

	/* a declared one is refused, with the kernel's error */
	rc = bt("prog load %s/%s %s type xdp xdp_reqs drop,pass,redirect",
		test__obj_dir(), OBJ_REDIRECT, PIN);
	if (!ASSERT_EQ(rc, 0, "load declared")) {
		printf("%s", out);
		goto out;
	}
	rc = bt("net attach xdpdrv pinned %s dev %s", PIN, nsim);
	ASSERT_NEQ(rc, 0, "attach declared");
	snprintf(want, sizeof(want), "libbpf: Kernel error message: %s", msg);
	ASSERT_LINE(out, want, "error");
	/* bpftool names the attach type there, as it always has */
	snprintf(want, sizeof(want),
		 "Error: interface xdpdrv attach failed: Operation not supported");
	ASSERT_LINE(out, want, "bpftool error");

	/* generic mode offers redirect: no message at all */
	rc = bt("net attach xdpgeneric pinned %s dev %s", PIN, nsim);
	ASSERT_EQ(rc, 0, "attach generic");
	ASSERT_NO_STR(out, "libbpf:", "attach generic quiet");
	bt("net detach xdpgeneric dev %s", nsim);
out:
	unpin();
}

void test_bpftool_xdp_reqs(void)
{
	snprintf(bpftool, sizeof(bpftool), "%s/../bpftool/bpftool", test__obj_dir());
	if (access(bpftool, X_OK)) {
		test__skip("build/bpftool/bpftool missing (scripts/build-bpftool.sh)");
		return;
	}
	nsim_idx = xr_nsim_create(NSIM_ID, nsim, sizeof(nsim));
	veth_idx = xr_veth_create(VETH_A, VETH_B);
	if (!ASSERT_GT(nsim_idx, 0, "netdevsim") || !ASSERT_GT(veth_idx, 0, "veth"))
		goto out;
	unpin();

	if (test__start_subtest("load_target_misfit"))
		test_load_target_misfit();
	if (test__start_subtest("load_target_fit"))
		test_load_target_fit();
	if (test__start_subtest("load_declared"))
		test_load_declared();
	if (test__start_subtest("load_strict"))
		test_load_strict();
	if (test__start_subtest("load_bad_args"))
		test_load_bad_args();
	if (test__start_subtest("net_show"))
		test_net_show();
	if (test__start_subtest("all_devices_agree"))
		test_all_devices();
	if (test__start_subtest("net_attach"))
		test_net_attach();
out:
	unpin();
	if (veth_idx > 0)
		xr_veth_destroy(VETH_A);
	if (nsim_idx > 0)
		xr_nsim_destroy(NSIM_ID);
}
