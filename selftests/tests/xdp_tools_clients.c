// SPDX-License-Identifier: GPL-2.0
/* Debian's real XDP clients against the attach-time check (SPEC sections 5
 * and 6): iproute2's `ip link set ... xdpdrv obj`, xdp-tools 1.3.1's
 * xdp-filter (libxdp's dispatcher plus freplace components) and
 * xdp-loader, with the BPF objects Debian ships in
 * /usr/lib/x86_64-linux-gnu/bpf. None of them declares a requirement, so
 * all are legacy programs:
 *
 * - ip_link_xdpdrv: xdpfilt_{alw,dny}_all.o attach natively on veth and on
 *   a netdevsim port (basic actions only) without any Warning/Error.
 * - xdp_filter_native: xdp-filter load -m native (allow and deny policy)
 *   on both, xdp-loader status lists the dispatcher and the filter,
 *   xdp-filter unload leaves nothing attached; no warning printed.
 * - enforce_real_clients: the same with net.core.xdp_reqs_enforce=1 (the
 *   filters return aborted, drop, pass only: no definite misfit).
 * - redirect_warning_nsim: xsk_def_xdp_prog.o (bpf_redirect_map(), so
 *   pass or redirect) attached by ip on netdevsim, which lacks redirect,
 *   succeeds with "Warning: XDP program needs XDP_REDIRECT; <dev> lacks
 *   it"; with enforce=1 it fails with the same sentence as "Error:". It
 *   fits veth. Through xdp-loader (a component of libxdp's undeclared
 *   dispatcher, whose slots derive unknown: no definite misfit) it
 *   attaches with enforce=0 and with enforce=1.
 *
 * Every subtest prints the commands it ran and what they printed. A
 * missing binary or object skips the subtest.
 */
#include <net/if.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include "test.h"
#include "lib/xdp_reqs_util.h"

#define NSIM_ID		4741
#define VETH_A		"xtc0"
#define VETH_B		"xtc1"
#define ENFORCE		"/proc/sys/net/core/xdp_reqs_enforce"
#define BPF_DIR		"/usr/lib/x86_64-linux-gnu/bpf"
#define OBJ_ALW		"xdpfilt_alw_all.o"
#define OBJ_DNY		"xdpfilt_dny_all.o"
#define OBJ_DISP	"xdp-dispatcher.o"
#define OBJ_XSK		"xsk_def_xdp_prog.o"

#define OUT_LEN		8192

static char nsim_name[IF_NAMESIZE];

/* Run a command (stdout and stderr together), print it and its output
 * indented (no line of it can look like a result line), return its exit
 * status.
 */
static __attribute__((format(printf, 3, 4)))
int run(char *out, size_t len, const char *fmt, ...)
{
	char cmd[1024];
	const char *p, *nl;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = test__sh(out, len, "%s", cmd);
	printf("    $ %s   [exit %d]\n", cmd, rc);
	for (p = out; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			printf("    | %s\n", p);
			break;
		}
		printf("    | %.*s\n", (int)(nl - p), p);
	}
	return rc;
}

static bool have_bin(const char *name)
{
	char out[256];

	return !test__sh(out, sizeof(out), "command -v %s", name);
}

static bool have_obj(const char *obj)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", BPF_DIR, obj);
	return !access(path, R_OK);
}

/* every binary and object is there; if not, skip the subtest if @skip */
static bool have_all(const char *const *bins, const char *const *objs, bool skip)
{
	char why[128];

	for (; bins && *bins; bins++)
		if (!have_bin(*bins)) {
			snprintf(why, sizeof(why), "%s not installed", *bins);
			goto missing;
		}
	for (; objs && *objs; objs++)
		if (!have_obj(*objs)) {
			snprintf(why, sizeof(why), "%s/%s missing", BPF_DIR, *objs);
			goto missing;
		}
	return true;
missing:
	printf("    # %s\n", why);
	if (skip)
		test__skip(why);
	return false;
}

static bool need(const char *const *bins, const char *const *objs)
{
	return have_all(bins, objs, true);
}

static bool bpffs_mounted(void)
{
	struct statfs s;

	return !statfs("/sys/fs/bpf", &s) && s.f_type == BPF_FS_MAGIC;
}

/* nothing the kernel or the tool said was a warning or an error */
static void no_diag(const char *out, const char *what)
{
	char w[160];

	snprintf(w, sizeof(w), "%s: no warning", what);
	ASSERT_NO_STR(out, "Warning", w);
	ASSERT_NO_STR(out, "warning", w);
	snprintf(w, sizeof(w), "%s: no error", what);
	ASSERT_NO_STR(out, "Error", w);
}

static bool attached(const char *dev)
{
	char out[OUT_LEN];

	run(out, sizeof(out), "ip -d link show dev %s", dev);
	return strstr(out, "prog/xdp") != NULL;
}

static int nsim_up(void)
{
	int ifindex = xr_nsim_create(NSIM_ID, nsim_name, sizeof(nsim_name));

	ASSERT_GT(ifindex, 0, "netdevsim");
	return ifindex;
}

static void nsim_down(void)
{
	xr_nsim_destroy(NSIM_ID);
}

static bool enforce_set(const char *v)
{
	char what[64];

	snprintf(what, sizeof(what), "%s=%s", ENFORCE, v);
	printf("    # %s\n", what);
	return ASSERT_OK(xr_sysctl_write(ENFORCE, v), what);
}

/* ---- the client runs, on one device ---- */

/* ip link set dev DEV xdpdrv obj OBJ sec xdp, then off */
static void ip_xdpdrv(const char *dev)
{
	static const char *const objs[] = { OBJ_ALW, OBJ_DNY };
	char out[OUT_LEN], what[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		snprintf(what, sizeof(what), "ip xdpdrv %s on %s", objs[i], dev);
		if (!ASSERT_EQ(run(out, sizeof(out), "ip link set dev %s xdpdrv obj %s/%s sec xdp",
				   dev, BPF_DIR, objs[i]), 0, what))
			continue;
		no_diag(out, what);
		ASSERT_TRUE(attached(dev), "prog/xdp attached");
		ASSERT_EQ(run(out, sizeof(out), "ip link set dev %s xdpdrv off", dev), 0,
			  "ip xdpdrv off");
		no_diag(out, "ip xdpdrv off");
		ASSERT_FALSE(attached(dev), "nothing attached after off");
	}
}

/* xdp-filter load -m native [-p deny] DEV, xdp-loader status, unload */
static void xdp_filter(const char *dev)
{
	static const struct { const char *policy, *prog; } runs[] = {
		{ "allow", "xdpfilt_alw_all" },
		{ "deny", "xdpfilt_dny_all" },
	};
	char out[OUT_LEN], what[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(runs); i++) {
		snprintf(what, sizeof(what), "xdp-filter load -m native -p %s %s",
			 runs[i].policy, dev);
		if (!ASSERT_EQ(run(out, sizeof(out), "xdp-filter load -m native -p %s %s",
				   runs[i].policy, dev), 0, what)) {
			/* whatever it left behind */
			run(out, sizeof(out), "xdp-filter unload %s", dev);
			continue;
		}
		no_diag(out, what);
		ASSERT_EQ(run(out, sizeof(out), "xdp-loader status %s", dev), 0,
			  "xdp-loader status");
		ASSERT_HAS_STR(out, "xdp_dispatcher", "status lists the dispatcher");
		ASSERT_HAS_STR(out, runs[i].prog, "status lists the filter program");
		ASSERT_HAS_STR(out, "native", "attached natively");
		ASSERT_TRUE(attached(dev), "prog/xdp attached");
		ASSERT_EQ(run(out, sizeof(out), "xdp-filter unload %s", dev), 0,
			  "xdp-filter unload");
		no_diag(out, "xdp-filter unload");
		run(out, sizeof(out), "xdp-loader status %s", dev);
		ASSERT_NO_STR(out, "xdp_dispatcher", "no dispatcher after unload");
		ASSERT_FALSE(attached(dev), "nothing attached after unload");
	}
}

static const char *const ip_bins[] = { "ip", NULL };
static const char *const ip_objs[] = { OBJ_ALW, OBJ_DNY, NULL };
static const char *const xf_bins[] = { "xdp-filter", "xdp-loader", "ip", NULL };
static const char *const xf_objs[] = { OBJ_ALW, OBJ_DNY, OBJ_DISP, NULL };

static bool need_bpffs(void)
{
	if (!bpffs_mounted()) {
		test__skip("no bpffs at /sys/fs/bpf");
		return false;
	}
	return true;
}

/* ---- subtests ---- */

static void test_ip_link(void)
{
	int veth, nsim;

	if (!need(ip_bins, ip_objs))
		return;
	veth = xr_veth_create(VETH_A, VETH_B);
	if (ASSERT_GT(veth, 0, "veth"))
		ip_xdpdrv(VETH_A);
	xr_veth_destroy(VETH_A);
	nsim = nsim_up();
	if (nsim > 0)
		ip_xdpdrv(nsim_name);
	nsim_down();
}

static void test_xdp_filter(void)
{
	int veth, nsim;

	if (!need(xf_bins, xf_objs) || !need_bpffs())
		return;
	veth = xr_veth_create(VETH_A, VETH_B);
	if (ASSERT_GT(veth, 0, "veth"))
		xdp_filter(VETH_A);
	xr_veth_destroy(VETH_A);
	nsim = nsim_up();
	if (nsim > 0)
		xdp_filter(nsim_name);
	nsim_down();
}

static void test_enforce(void)
{
	bool ip_ok = need(ip_bins, ip_objs);
	/* xdp-filter missing: the ip part still runs, nothing is skipped */
	bool xf_ok = ip_ok && have_all(xf_bins, xf_objs, false) && bpffs_mounted();
	int veth, nsim;

	if (!ip_ok)
		return;
	if (!ASSERT_EQ(xr_sysctl_read(ENFORCE), 0, "xdp_reqs_enforce is 0 before"))
		return;
	if (!enforce_set("1"))
		goto out;
	veth = xr_veth_create(VETH_A, VETH_B);
	if (ASSERT_GT(veth, 0, "veth")) {
		ip_xdpdrv(VETH_A);
		if (xf_ok)
			xdp_filter(VETH_A);
	}
	xr_veth_destroy(VETH_A);
	/* and on netdevsim, whose native capability is basic only */
	nsim = nsim_up();
	if (nsim > 0) {
		ip_xdpdrv(nsim_name);
		if (xf_ok)
			xdp_filter(nsim_name);
	}
	nsim_down();
out:
	enforce_set("0");
	ASSERT_EQ(xr_sysctl_read(ENFORCE), 0, "xdp_reqs_enforce restored to 0");
}

static void test_redirect_warning(void)
{
	static const char *const objs[] = { OBJ_XSK, NULL };
	char out[OUT_LEN], msg[256], want[300];
	int nsim, veth;

	if (!need(ip_bins, objs))
		return;
	if (!ASSERT_EQ(xr_sysctl_read(ENFORCE), 0, "xdp_reqs_enforce is 0 before"))
		return;
	nsim = nsim_up();
	if (nsim <= 0)
		goto out;
	xr_misfit_msg(msg, sizeof(msg), "XDP program", "XDP_REDIRECT", nsim_name,
		      "netdevsim", NULL);

	/* legacy definite misfit: attached, with iproute2 showing the warning */
	if (ASSERT_EQ(run(out, sizeof(out), "ip link set dev %s xdpdrv obj %s/%s sec xdp",
			  nsim_name, BPF_DIR, OBJ_XSK), 0, "legacy misfit attaches")) {
		snprintf(want, sizeof(want), "Warning: %s", msg);
		ASSERT_HAS_STR(out, want, "iproute2 prints the kernel's warning");
		ASSERT_NO_STR(out, "Error", "no error");
		ASSERT_TRUE(attached(nsim_name), "prog/xdp attached");
		ASSERT_EQ(run(out, sizeof(out), "ip link set dev %s xdpdrv off", nsim_name), 0,
			  "ip xdpdrv off");
	}
	ASSERT_FALSE(attached(nsim_name), "nothing attached");

	/* enforce=1: the same attach is refused with the same sentence */
	if (enforce_set("1")) {
		if (ASSERT_NEQ(run(out, sizeof(out), "ip link set dev %s xdpdrv obj %s/%s sec xdp",
				   nsim_name, BPF_DIR, OBJ_XSK), 0,
			       "legacy misfit refused with enforce=1")) {
			snprintf(want, sizeof(want), "Error: %s", msg);
			ASSERT_HAS_STR(out, want, "iproute2 prints the kernel's error");
			ASSERT_NO_STR(out, "Warning", "no warning");
		} else {
			run(out, sizeof(out), "ip link set dev %s xdpdrv off", nsim_name);
		}
		ASSERT_FALSE(attached(nsim_name), "nothing attached after refusal");
		enforce_set("0");
	}

	/* control: veth offers redirect, so the same object fits there */
	veth = xr_veth_create(VETH_A, VETH_B);
	if (ASSERT_GT(veth, 0, "veth") &&
	    ASSERT_EQ(run(out, sizeof(out), "ip link set dev %s xdpdrv obj %s/%s sec xdp",
			  VETH_A, BPF_DIR, OBJ_XSK), 0, "fits on veth")) {
		no_diag(out, "xsk_def_xdp_prog on veth");
		ASSERT_TRUE(attached(VETH_A), "prog/xdp attached on veth");
		run(out, sizeof(out), "ip link set dev %s xdpdrv off", VETH_A);
	}
	xr_veth_destroy(VETH_A);

	/* The same object through xdp-loader: an freplace component of
	 * libxdp's dispatcher. The dispatcher is undeclared (legacy): what
	 * its slots return is unknown to its derivation, which is no
	 * definite misfit, so it attaches with and without enforce=1. (A
	 * declared dispatcher holds its components to its declaration, see
	 * xdp_reqs_ext.)
	 */
	if (have_bin("xdp-loader") && have_obj(OBJ_DISP) && bpffs_mounted()) {
		if (ASSERT_EQ(run(out, sizeof(out), "xdp-loader load -m native %s %s/%s",
				  nsim_name, BPF_DIR, OBJ_XSK), 0, "xdp-loader load")) {
			run(out, sizeof(out), "xdp-loader status %s", nsim_name);
			ASSERT_HAS_STR(out, "xsk_def_prog", "status lists the component");
			ASSERT_EQ(run(out, sizeof(out), "xdp-loader unload %s --all", nsim_name),
				  0, "xdp-loader unload --all");
		}
		ASSERT_FALSE(attached(nsim_name), "nothing attached after xdp-loader unload");
		if (enforce_set("1")) {
			/* -vv prints some hundred lines of libbpf's debug output:
			 * keep what names the outcome, and the exit status
			 */
			run(out, sizeof(out), "{ xdp-loader load -vv -m native %s %s/%s 2>&1; "
			    "echo \"exit status $?\"; } | grep -E 'Kernel|rror|ouldn|exit status'",
			    nsim_name, BPF_DIR, OBJ_XSK);
			ASSERT_HAS_STR(out, "exit status 0\n",
				       "legacy dispatcher attaches with enforce=1");
			ASSERT_NO_STR(out, "Kernel error message", "no kernel error");
			run(out, sizeof(out), "xdp-loader unload %s --all", nsim_name);
			ASSERT_FALSE(attached(nsim_name), "nothing attached after unload");
			enforce_set("0");
		}
	}
out:
	nsim_down();
	if (xr_sysctl_read(ENFORCE) > 0)
		xr_sysctl_write(ENFORCE, "0");
}

void test_xdp_tools_clients(void)
{
	if (test__start_subtest("ip_link_xdpdrv"))
		test_ip_link();
	if (test__start_subtest("xdp_filter_native"))
		test_xdp_filter();
	if (test__start_subtest("enforce_real_clients"))
		test_enforce();
	if (test__start_subtest("redirect_warning_nsim"))
		test_redirect_warning();
	/* whatever happened, leave enforcement off */
	if (xr_sysctl_read(ENFORCE) > 0)
		xr_sysctl_write(ENFORCE, "0");
}
