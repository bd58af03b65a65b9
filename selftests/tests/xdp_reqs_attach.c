// SPDX-License-Identifier: GPL-2.0
/* Attach-time checks (SPEC sections 5 and 6): a program's effective XDP
 * requirement against what the device offers in the attach mode, through
 * netlink, BPF links, link update and XDP_FLAGS_REPLACE; the extack text of
 * a rejection and of a legacy program's warning; net.core.xdp_reqs_enforce;
 * the native capability (xdp-features and xdp-headroom of the netdev
 * family) as bpf_xdp_query() and upstream's ynl CLI report it, and its
 * change notification; the load-time TARGET check against the same
 * capability; and a netdevsim device deleted while other threads query and
 * attach.
 */
#include <net/if.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <linux/netdev.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "lib/xdp_reqs_util.h"

#define NSIM_ID		4733
#define NSIM_RACE_ID	4734
#define VETH_A		"xra0"
#define VETH_B		"xra1"
#define ENFORCE		"/proc/sys/net/core/xdp_reqs_enforce"
#define OBJ		"xdp_reqs_attach.bpf.o"

#define ACT(x)		(1ULL << XDP_##x)
#define ACTS_ALL	(ACT(ABORTED) | ACT(DROP) | ACT(PASS) | ACT(TX) | ACT(REDIRECT))
#define ACTS_BASIC	(ACT(ABORTED) | ACT(DROP) | ACT(PASS) | ACT(TX))
#define FEAT_GENERIC	(NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT | NETDEV_XDP_ACT_RX_SG)

/* netdevsim's native capability before any knob is written */
static const struct bpf_xdp_reqs nsim_default = {
	.actions = ACTS_BASIC,
	.features = NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_HW_OFFLOAD,
};
/* netdevsim's xdp_features knob values: the default; with redirect */
#define NSIM_FEAT_DEFAULT	"0x11"
#define NSIM_FEAT_REDIRECT	"0x13"
/* without basic: no action at all */
#define NSIM_FEAT_NO_BASIC	"0x10"

/* declarations the test loads programs with */
static const struct bpf_xdp_reqs decl_pass = { .actions = ACT(PASS) };
static const struct bpf_xdp_reqs decl_pass_redirect = { .actions = ACT(PASS) | ACT(REDIRECT) };
static const struct bpf_xdp_reqs decl_drop_pass = { .actions = ACT(DROP) | ACT(PASS) };
static const struct bpf_xdp_reqs decl_tx_redirect = { .actions = ACT(TX) | ACT(REDIRECT) };
static const struct bpf_xdp_reqs decl_pass_rx_sg = {
	.actions = ACT(PASS),
	.features = NETDEV_XDP_ACT_RX_SG,
};

struct prog {
	struct bpf_object *obj;
	int fd;
	__u32 id;
};

static void prog_close(struct prog *p)
{
	bpf_object__close(p->obj);
	memset(p, 0, sizeof(*p));
	p->fd = -1;
}

/* Load program @name of OBJ on its own, declared with @reqs (NULL: a
 * legacy program without a declaration). @target > 0 loads it with
 * BPF_F_XDP_REQS_TARGET and that prog_ifindex. Returns the load error;
 * the verifier log goes to @log.
 */
static int prog_load(const char *name, const struct bpf_xdp_reqs *reqs, int target,
		     struct prog *p, char *log, size_t log_len)
{
	struct bpf_program *prog, *it;
	struct bpf_prog_info info;
	char path[4200];
	int err;

	memset(p, 0, sizeof(*p));
	p->fd = -1;
	snprintf(path, sizeof(path), "%s/%s", test__obj_dir(), OBJ);
	p->obj = bpf_object__open_file(path, NULL);
	if (!ASSERT_OK_PTR(p->obj, path))
		return -ENOENT;
	prog = bpf_object__find_program_by_name(p->obj, name);
	if (!ASSERT_OK_PTR(prog, name)) {
		prog_close(p);
		return -ENOENT;
	}
	bpf_object__for_each_program(it, p->obj)
		bpf_program__set_autoload(it, it == prog);
	if ((reqs && !ASSERT_OK(bpf_program__set_xdp_reqs(prog, reqs), "set_xdp_reqs")) ||
	    (target > 0 && !ASSERT_OK(bpf_program__set_xdp_target(prog, target),
				      "set_xdp_target"))) {
		prog_close(p);
		return -EINVAL;
	}
	if (log) {
		log[0] = 0;
		bpf_program__set_log_buf(prog, log, log_len);
		bpf_program__set_log_level(prog, 1 | XR_LOG_STATS);
	}
	err = bpf_object__load(p->obj);
	if (err) {
		bpf_object__close(p->obj);
		p->obj = NULL;
		return err;
	}
	p->fd = bpf_program__fd(prog);
	if (!xr_prog_info(p->fd, &info))
		p->id = info.id;
	return 0;
}

/* prog_load() that must succeed */
static bool load_ok(const char *name, const struct bpf_xdp_reqs *reqs, struct prog *p)
{
	static char log[1 << 16];
	int err = prog_load(name, reqs, 0, p, log, sizeof(log));

	if (!_CHECK(err, name, "load failed: %d (%s)\n%s", err, strerror(-err), log))
		return false;
	return true;
}

static void log_reset(void)
{
	xr_libbpf_log[0] = 0;
}

/* "Kernel <kind> message: <msg>" is in what libbpf printed */
static void expect_ext(const char *kind, const char *msg, const char *what)
{
	char want[512];

	snprintf(want, sizeof(want), "Kernel %s message: %s", kind, msg);
	ASSERT_HAS_STR(xr_libbpf_log, want, what);
}

static void query(int ifindex, struct bpf_xdp_query_opts *q)
{
	memset(q, 0, sizeof(*q));
	q->sz = sizeof(*q);
	ASSERT_OK(bpf_xdp_query(ifindex, 0, q), "bpf_xdp_query");
}

static __u32 drv_id(int ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);

	query(ifindex, &q);
	return q.drv_prog_id;
}

static __u32 skb_id(int ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);

	query(ifindex, &q);
	return q.skb_prog_id;
}

/* ---- devices ---- */

static char nsim_name[IF_NAMESIZE];

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

static bool nsim_knob(const char *knob, const char *value)
{
	char what[96];

	snprintf(what, sizeof(what), "%s=%s", knob, value);
	return ASSERT_OK(xr_nsim_knob(NSIM_ID, knob, value), what);
}

/* misfit text for the netdevsim port with capability @caps */
static const char *nsim_msg(char *buf, size_t len, const char *who, const char *missing,
			    const struct bpf_xdp_reqs *caps)
{
	return xr_misfit_msg(buf, len, who, missing, nsim_name, "netdevsim", caps);
}

static bool have_virtio_eth0(void)
{
	char out[256];

	return !test__sh(out, sizeof(out), "ethtool -i eth0 | grep -q 'driver: virtio_net'");
}

static bool enforce_set(const char *v)
{
	char what[64];

	snprintf(what, sizeof(what), "%s=%s", ENFORCE, v);
	return ASSERT_OK(xr_sysctl_write(ENFORCE, v), what);
}

/* ---- subtests ---- */

/* A declared {pass,redirect} program attaches natively where redirect
 * is offered.
 */
static void test_redirect_veth(void)
{
	int ifindex = xr_veth_create(VETH_A, VETH_B);
	struct prog p;

	if (!ASSERT_GT(ifindex, 0, "veth"))
		return;
	if (load_ok("redirect_declared", &decl_pass_redirect, &p)) {
		log_reset();
		if (ASSERT_OK(bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL),
			      "native attach on veth")) {
			ASSERT_EQ(drv_id(ifindex), p.id, "drv_prog_id");
			ASSERT_NO_STR(xr_libbpf_log, "Kernel warning message", "no warning");
			ASSERT_OK(bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL), "detach");
		}
		prog_close(&p);
	}
	xr_veth_destroy(VETH_A);
}

static void test_redirect_virtio(void)
{
	int ifindex;
	struct prog p;

	if (!have_virtio_eth0()) {
		test__skip("no virtio_net eth0");
		return;
	}
	test__sh(NULL, 0, "ip link set eth0 up");
	ifindex = if_nametoindex("eth0");
	if (!load_ok("redirect_declared", &decl_pass_redirect, &p))
		return;
	log_reset();
	if (ASSERT_OK(bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL),
		      "native attach on virtio_net eth0")) {
		ASSERT_EQ(drv_id(ifindex), p.id, "drv_prog_id");
		ASSERT_NO_STR(xr_libbpf_log, "Kernel warning message", "no warning");
		ASSERT_OK(bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL), "detach");
	}
	prog_close(&p);
}

/* netdevsim without redirect: rejected natively with the extack naming
 * what is missing, accepted in generic mode (the Suricata fallback), and
 * accepted natively once the knob offers redirect.
 */
static void test_redirect_nsim(void)
{
	struct bpf_xdp_reqs caps = nsim_default;
	int ifindex = nsim_up(), err;
	char msg[256];
	struct prog p;

	if (ifindex <= 0)
		return;
	if (!load_ok("redirect_declared", &decl_pass_redirect, &p))
		goto out;
	log_reset();
	err = bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL);
	ASSERT_EQ(err, -EOPNOTSUPP, "native attach on netdevsim");
	expect_ext("error", nsim_msg(msg, sizeof(msg), "XDP program", "XDP_REDIRECT", &caps),
		   "extack of native attach");
	ASSERT_EQ(drv_id(ifindex), 0, "nothing attached natively");

	log_reset();
	if (ASSERT_OK(bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_SKB_MODE, NULL),
		      "generic attach on netdevsim")) {
		ASSERT_EQ(skb_id(ifindex), p.id, "skb_prog_id");
		ASSERT_NO_STR(xr_libbpf_log, "Kernel warning message", "no warning in generic mode");
		ASSERT_OK(bpf_xdp_detach(ifindex, XDP_FLAGS_SKB_MODE, NULL), "generic detach");
	}

	if (nsim_knob("xdp_features", NSIM_FEAT_REDIRECT) &&
	    ASSERT_OK(bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL),
		      "native attach with redirect in xdp_features")) {
		ASSERT_EQ(drv_id(ifindex), p.id, "drv_prog_id");
		ASSERT_OK(bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL), "detach");
	}
	prog_close(&p);
out:
	nsim_down();
}

/* Two missing actions are listed in order, comma and space separated. */
static void test_missing_list(void)
{
	struct bpf_xdp_reqs caps = nsim_default;
	int ifindex = nsim_up(), err;
	char msg[256];
	struct prog p;

	if (ifindex <= 0)
		return;
	caps.actions = 0;
	caps.features = NETDEV_XDP_ACT_HW_OFFLOAD;
	if (!nsim_knob("xdp_features", NSIM_FEAT_NO_BASIC) ||
	    !load_ok("tx_redirect_declared", &decl_tx_redirect, &p))
		goto out;
	log_reset();
	err = bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL);
	ASSERT_EQ(err, -EOPNOTSUPP, "native attach, tx and redirect missing");
	expect_ext("error", nsim_msg(msg, sizeof(msg), "XDP program", "XDP_TX, XDP_REDIRECT",
				     &caps), "extack");
	ASSERT_EQ(drv_id(ifindex), 0, "nothing attached");
	prog_close(&p);
out:
	nsim_down();
}

/* bpf_xdp_adjust_head(ctx, -64) needs 64 bytes: more than 32 is
 * refused; a capability headroom of 0 (the default) is not checked.
 */
static void test_headroom(void)
{
	struct bpf_xdp_reqs caps = nsim_default;
	int ifindex = nsim_up(), err;
	char msg[256];
	struct prog p;

	if (ifindex <= 0)
		return;
	if (!load_ok("headroom_declared", &decl_drop_pass, &p))
		goto out;
	if (ASSERT_OK(bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL),
		      "headroom not declared by the device: attach OK"))
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);

	caps.headroom = 32;
	if (nsim_knob("xdp_headroom", "32")) {
		log_reset();
		err = bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL);
		ASSERT_EQ(err, -EOPNOTSUPP, "native attach, headroom 64 > 32");
		expect_ext("error", nsim_msg(msg, sizeof(msg), "XDP program", "headroom 64", &caps),
			   "extack");
		ASSERT_EQ(drv_id(ifindex), 0, "nothing attached");
	}
	if (nsim_knob("xdp_headroom", "64") &&
	    ASSERT_OK(bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL),
		      "headroom 64 <= 64: attach OK")) {
		ASSERT_EQ(drv_id(ifindex), p.id, "drv_prog_id");
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	}
	prog_close(&p);
out:
	nsim_down();
}

/* A declared feature the device lacks. */
static void test_feature(void)
{
	struct bpf_xdp_reqs caps = nsim_default;
	int ifindex = nsim_up(), veth, err;
	char msg[256];
	struct prog p;

	if (ifindex <= 0)
		return;
	if (!load_ok("rx_sg_declared", &decl_pass_rx_sg, &p))
		goto out;
	log_reset();
	err = bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL);
	ASSERT_EQ(err, -EOPNOTSUPP, "native attach, rx-sg missing");
	expect_ext("error", nsim_msg(msg, sizeof(msg), "XDP program", "feature rx-sg", &caps),
		   "extack");
	ASSERT_EQ(drv_id(ifindex), 0, "nothing attached");

	if (nsim_knob("xdp_features", "0x31") &&
	    ASSERT_OK(bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL),
		      "xdp_features=0x31: attach OK")) {
		ASSERT_EQ(drv_id(ifindex), p.id, "drv_prog_id");
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	}

	veth = xr_veth_create(VETH_A, VETH_B);
	if (ASSERT_GT(veth, 0, "veth") &&
	    ASSERT_OK(bpf_xdp_attach(veth, p.fd, XDP_FLAGS_DRV_MODE, NULL),
		      "veth offers rx-sg: attach OK"))
		bpf_xdp_detach(veth, XDP_FLAGS_DRV_MODE, NULL);
	xr_veth_destroy(VETH_A);
	prog_close(&p);
out:
	nsim_down();
}

static __u32 link_prog_id(int link_fd)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (!ASSERT_OK(bpf_link_get_info_by_fd(link_fd, &info, &len), "link info"))
		return 0;
	return info.prog_id;
}

/* BPF links: create and update are checked like netlink attach. */
static void test_link(void)
{
	LIBBPF_OPTS(bpf_link_create_opts, lopts, .flags = XDP_FLAGS_DRV_MODE);
	struct prog good = { .fd = -1 }, other = { .fd = -1 }, bad = { .fd = -1 };
	int ifindex = nsim_up(), link, err;

	if (ifindex <= 0)
		return;
	if (!load_ok("pass_declared", &decl_pass, &good) ||
	    !load_ok("headroom_declared", &decl_drop_pass, &other) ||
	    !load_ok("redirect_declared", &decl_pass_redirect, &bad))
		goto out;

	link = bpf_link_create(bad.fd, ifindex, BPF_XDP, &lopts);
	if (!ASSERT_EQ(link, -EOPNOTSUPP, "bpf_link_create of a misfit") && link >= 0)
		close(link);
	ASSERT_EQ(drv_id(ifindex), 0, "nothing attached");

	link = bpf_link_create(good.fd, ifindex, BPF_XDP, &lopts);
	if (!ASSERT_GE(link, 0, "bpf_link_create"))
		goto out;
	ASSERT_EQ(drv_id(ifindex), good.id, "drv_prog_id after link_create");

	err = bpf_link_update(link, bad.fd, NULL);
	ASSERT_EQ(err, -EOPNOTSUPP, "bpf_link_update to a misfit");
	ASSERT_EQ(drv_id(ifindex), good.id, "old program still attached");
	ASSERT_EQ(link_prog_id(link), good.id, "link still holds the old program");

	err = bpf_link_update(link, other.fd, NULL);
	ASSERT_OK(err, "bpf_link_update to a fitting program");
	ASSERT_EQ(drv_id(ifindex), other.id, "drv_prog_id after update");

	/* the old_prog_fd variant */
	{
		LIBBPF_OPTS(bpf_link_update_opts, uopts, .flags = BPF_F_REPLACE,
			    .old_prog_fd = other.fd);

		err = bpf_link_update(link, bad.fd, &uopts);
		ASSERT_EQ(err, -EOPNOTSUPP, "bpf_link_update BPF_F_REPLACE to a misfit");
		ASSERT_EQ(drv_id(ifindex), other.id, "old program still attached");
	}
	close(link);
	ASSERT_EQ(drv_id(ifindex), 0, "link closed: detached");
out:
	prog_close(&good);
	prog_close(&other);
	prog_close(&bad);
	nsim_down();
}

/* XDP_FLAGS_REPLACE over netlink */
static void test_replace(void)
{
	struct prog good = { .fd = -1 }, other = { .fd = -1 }, bad = { .fd = -1 };
	struct bpf_xdp_reqs caps = nsim_default;
	int ifindex = nsim_up(), err;
	char msg[256];

	if (ifindex <= 0)
		return;
	if (!load_ok("pass_declared", &decl_pass, &good) ||
	    !load_ok("headroom_declared", &decl_drop_pass, &other) ||
	    !load_ok("redirect_declared", &decl_pass_redirect, &bad))
		goto out;
	if (!ASSERT_OK(bpf_xdp_attach(ifindex, good.fd, XDP_FLAGS_DRV_MODE, NULL), "attach"))
		goto out;
	{
		LIBBPF_OPTS(bpf_xdp_attach_opts, o, .old_prog_fd = good.fd);

		log_reset();
		err = bpf_xdp_attach(ifindex, bad.fd, XDP_FLAGS_DRV_MODE | XDP_FLAGS_REPLACE, &o);
		ASSERT_EQ(err, -EOPNOTSUPP, "XDP_FLAGS_REPLACE with a misfit");
		expect_ext("error", nsim_msg(msg, sizeof(msg), "XDP program", "XDP_REDIRECT",
					     &caps), "extack");
		ASSERT_EQ(drv_id(ifindex), good.id, "old program still attached");

		err = bpf_xdp_attach(ifindex, other.fd, XDP_FLAGS_DRV_MODE | XDP_FLAGS_REPLACE, &o);
		ASSERT_OK(err, "XDP_FLAGS_REPLACE with a fitting program");
		ASSERT_EQ(drv_id(ifindex), other.id, "replaced");
	}
	/* a plain re-attach over a running program is checked too */
	log_reset();
	err = bpf_xdp_attach(ifindex, bad.fd, XDP_FLAGS_DRV_MODE, NULL);
	ASSERT_EQ(err, -EOPNOTSUPP, "re-attach with a misfit");
	ASSERT_EQ(drv_id(ifindex), other.id, "old program still attached");
	bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
out:
	prog_close(&good);
	prog_close(&other);
	prog_close(&bad);
	nsim_down();
}

/* Legacy programs that do not fit attach, with the text as a warning. */
static void test_legacy_warning(void)
{
	struct bpf_xdp_reqs caps = nsim_default;
	struct prog redir = { .fd = -1 }, pass = { .fd = -1 }, unk = { .fd = -1 };
	int ifindex, veth, err;
	char msg[256];

	if (!ASSERT_EQ(xr_sysctl_read(ENFORCE), 0, "xdp_reqs_enforce defaults to 0"))
		enforce_set("0");
	ifindex = nsim_up();
	if (ifindex <= 0)
		return;
	if (!load_ok("redirect_legacy", NULL, &redir) ||
	    !load_ok("pass_legacy", NULL, &pass) ||
	    !load_ok("unknown_legacy", NULL, &unk))
		goto out;

	log_reset();
	err = bpf_xdp_attach(ifindex, redir.fd, XDP_FLAGS_DRV_MODE, NULL);
	if (ASSERT_OK(err, "legacy misfit attaches natively")) {
		ASSERT_EQ(drv_id(ifindex), redir.id, "drv_prog_id");
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	}
	expect_ext("warning", nsim_msg(msg, sizeof(msg), "XDP program", "XDP_REDIRECT", &caps),
		   "warning on a successful attach");
	ASSERT_NO_STR(xr_libbpf_log, "Kernel error message", "no error text");

	log_reset();
	if (ASSERT_OK(bpf_xdp_attach(ifindex, pass.fd, XDP_FLAGS_DRV_MODE, NULL),
		      "legacy fitting program"))
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	ASSERT_NO_STR(xr_libbpf_log, "Kernel warning message", "no warning for a fit");

	/* when the attach fails for another reason, that reason is reported */
	if (nsim_knob("bpf_xdpdrv_accept", "N")) {
		log_reset();
		err = bpf_xdp_attach(ifindex, redir.fd, XDP_FLAGS_DRV_MODE, NULL);
		ASSERT_EQ(err, -EOPNOTSUPP, "driver refuses native XDP");
		expect_ext("error", "netdevsim: driver XDP disabled in DebugFS",
			   "the driver's reason, not the warning");
		ASSERT_NO_STR(xr_libbpf_log, "Kernel warning message", "no warning on failure");
		nsim_knob("bpf_xdpdrv_accept", "Y");
	}

	/* what the verifier cannot see (an unbounded value, a tail call) is
	 * no misfit of a legacy program: no warning, in any mode
	 */
	veth = xr_veth_create(VETH_A, VETH_B);
	if (ASSERT_GT(veth, 0, "veth")) {
		log_reset();
		err = bpf_xdp_attach(veth, unk.fd, XDP_FLAGS_DRV_MODE, NULL);
		if (ASSERT_OK(err, "legacy unknown attaches on veth"))
			bpf_xdp_detach(veth, XDP_FLAGS_DRV_MODE, NULL);
		ASSERT_NO_STR(xr_libbpf_log, "Kernel warning message",
			      "no warning for unknown on veth");
		log_reset();
		err = bpf_xdp_attach(veth, unk.fd, XDP_FLAGS_SKB_MODE, NULL);
		if (ASSERT_OK(err, "legacy unknown attaches in generic mode"))
			bpf_xdp_detach(veth, XDP_FLAGS_SKB_MODE, NULL);
		ASSERT_NO_STR(xr_libbpf_log, "Kernel warning message",
			      "no warning for unknown in generic mode");
	}
	xr_veth_destroy(VETH_A);
out:
	prog_close(&redir);
	prog_close(&pass);
	prog_close(&unk);
	nsim_down();
}

/* net.core.xdp_reqs_enforce=1 turns the warning into a rejection. */
static void test_legacy_enforce(void)
{
	LIBBPF_OPTS(bpf_link_create_opts, lopts, .flags = XDP_FLAGS_DRV_MODE);
	struct prog redir = { .fd = -1 }, pass = { .fd = -1 }, unk = { .fd = -1 };
	struct bpf_xdp_reqs caps = nsim_default;
	int ifindex = nsim_up(), err, link;
	char msg[256];

	if (ifindex <= 0)
		return;
	if (!load_ok("redirect_legacy", NULL, &redir) ||
	    !load_ok("pass_legacy", NULL, &pass) ||
	    !load_ok("unknown_legacy", NULL, &unk))
		goto out;
	if (!enforce_set("1"))
		goto out;

	log_reset();
	err = bpf_xdp_attach(ifindex, redir.fd, XDP_FLAGS_DRV_MODE, NULL);
	ASSERT_EQ(err, -EOPNOTSUPP, "legacy misfit rejected with enforce=1");
	expect_ext("error", nsim_msg(msg, sizeof(msg), "XDP program", "XDP_REDIRECT", &caps),
		   "extack");
	ASSERT_EQ(drv_id(ifindex), 0, "nothing attached");

	link = bpf_link_create(redir.fd, ifindex, BPF_XDP, &lopts);
	if (!ASSERT_EQ(link, -EOPNOTSUPP, "bpf_link_create of a legacy misfit") && link >= 0)
		close(link);

	if (ASSERT_OK(bpf_xdp_attach(ifindex, pass.fd, XDP_FLAGS_DRV_MODE, NULL),
		      "legacy fitting program still attaches")) {
		/* and a misfit does not replace it */
		err = bpf_xdp_attach(ifindex, redir.fd, XDP_FLAGS_DRV_MODE, NULL);
		ASSERT_EQ(err, -EOPNOTSUPP, "legacy misfit over a running program");
		ASSERT_EQ(drv_id(ifindex), pass.id, "old program still attached");
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	}

	/* generic mode offers redirect ... */
	if (ASSERT_OK(bpf_xdp_attach(ifindex, redir.fd, XDP_FLAGS_SKB_MODE, NULL),
		      "legacy redirect in generic mode"))
		bpf_xdp_detach(ifindex, XDP_FLAGS_SKB_MODE, NULL);
	/* ... and an unbounded action is no definite misfit: enforce=1
	 * refuses only what the program can be shown to need
	 */
	log_reset();
	err = bpf_xdp_attach(ifindex, unk.fd, XDP_FLAGS_SKB_MODE, NULL);
	if (ASSERT_OK(err, "legacy unknown attaches in generic mode"))
		bpf_xdp_detach(ifindex, XDP_FLAGS_SKB_MODE, NULL);
	ASSERT_NO_STR(xr_libbpf_log, "Kernel ", "no extack for unknown");

	enforce_set("0");
	log_reset();
	if (ASSERT_OK(bpf_xdp_attach(ifindex, redir.fd, XDP_FLAGS_DRV_MODE, NULL),
		      "enforce=0 again: legacy misfit attaches"))
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	expect_ext("warning", nsim_msg(msg, sizeof(msg), "XDP program", "XDP_REDIRECT", &caps),
		   "warning again");
out:
	enforce_set("0");
	prog_close(&redir);
	prog_close(&pass);
	prog_close(&unk);
	nsim_down();
}

/* net.core.xdp_reqs_enforce is per network namespace: the one of the
 * device decides, a new namespace starts at 0, and setting it in one
 * leaves the others alone. Driven with iproute2, as an operator would.
 */
static void test_enforce_netns(void)
{
	/* ip netns exec mounts its own /sys: a bpffs of our own, elsewhere */
	static const char *bpffs = "/tmp/xr_enforce_bpffs";
	static const char *pin = "/tmp/xr_enforce_bpffs/prog";
	struct bpf_xdp_reqs caps = nsim_default;
	int ifindex = nsim_up(), err;
	char out[4096], msg[256];
	struct prog p = { .fd = -1 };

	if (ifindex <= 0)
		return;
	if (!load_ok("redirect_legacy", NULL, &p) ||
	    !ASSERT_OK(test__sh(NULL, 0, "mkdir -p %s && mount -t bpf bpf %s", bpffs, bpffs),
		       "bpffs") ||
	    !ASSERT_OK(bpf_obj_pin(p.fd, pin), "pin"))
		goto out;
	nsim_msg(msg, sizeof(msg), "XDP program", "XDP_REDIRECT", &caps);
	test__sh(NULL, 0, "ip netns del xrens 2>/dev/null");
	if (!ASSERT_OK(test__sh(out, sizeof(out), "ip netns add xrens && "
				"ip link set dev %s netns xrens", nsim_name), "netns"))
		goto out_ns;
	err = test__sh(out, sizeof(out), "ip netns exec xrens cat /proc/sys/net/core/xdp_reqs_enforce");
	if (ASSERT_OK(err, "read in the new netns"))
		ASSERT_STREQ(out, "0\n", "a new netns starts at 0");
	ASSERT_OK(test__sh(NULL, 0, "ip netns exec xrens sysctl -qw net.core.xdp_reqs_enforce=1"),
		  "set in the new netns");
	ASSERT_EQ(xr_sysctl_read(ENFORCE), 0, "init_net's stays 0");

	err = test__sh(out, sizeof(out), "ip -n xrens link set dev %s xdpdrv pinned %s",
		       nsim_name, pin);
	ASSERT_NEQ(err, 0, "legacy misfit refused where the device's netns enforces");
	ASSERT_HAS_STR(out, msg, "ip prints the reason");
	err = test__sh(out, sizeof(out), "ip netns exec xrens sysctl -qw "
		       "net.core.xdp_reqs_enforce=0 && "
		       "ip -n xrens link set dev %s xdpdrv pinned %s", nsim_name, pin);
	if (ASSERT_OK(err, "attached with a warning once the netns does not enforce"))
		ASSERT_HAS_STR(out, msg, "ip prints the warning");
	test__sh(NULL, 0, "ip -n xrens link set dev %s xdpdrv off", nsim_name);

	/* init_net enforcing does not reach the device in xrens */
	if (enforce_set("1")) {
		err = test__sh(out, sizeof(out), "ip -n xrens link set dev %s xdpdrv pinned %s",
			       nsim_name, pin);
		ASSERT_OK(err, "init_net's switch does not decide for xrens");
		test__sh(NULL, 0, "ip -n xrens link set dev %s xdpdrv off", nsim_name);
		enforce_set("0");
	}
out_ns:
	/* the port goes back to init_net with the namespace */
	test__sh(NULL, 0, "ip netns del xrens; sleep 0.2");
out:
	unlink(pin);
	test__sh(NULL, 0, "umount %s 2>/dev/null; rmdir %s 2>/dev/null", bpffs, bpffs);
	prog_close(&p);
	nsim_down();
}

/* The native capability as bpf_xdp_query() reports it and as upstream's
 * ynl CLI reads it from the netdev family: both are @want_feat (within
 * @feat_mask, the bits the test pins down) and @want_headroom.
 */
static void check_caps(const char *dev, int ifindex, __u64 want_feat, __u64 feat_mask,
		       __u32 want_headroom)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	__u64 ynl_feat;
	__u32 ynl_headroom;
	bool has_headroom;
	char what[128];

	snprintf(what, sizeof(what), "%s bpf_xdp_query", dev);
	if (!ASSERT_OK(bpf_xdp_query(ifindex, 0, &q), what))
		return;
	snprintf(what, sizeof(what), "%s feature_flags", dev);
	ASSERT_EQ(q.feature_flags & feat_mask, want_feat, what);
	snprintf(what, sizeof(what), "%s xdp_headroom", dev);
	ASSERT_EQ(q.xdp_headroom, want_headroom, what);

	snprintf(what, sizeof(what), "%s ynl dev-get", dev);
	if (!ASSERT_OK(xr_ynl_dev_get(ifindex, &ynl_feat, &ynl_headroom, &has_headroom), what))
		return;
	snprintf(what, sizeof(what), "%s ynl xdp-features = feature_flags", dev);
	ASSERT_EQ(ynl_feat, q.feature_flags, what);
	snprintf(what, sizeof(what), "%s ynl xdp-headroom only when stated", dev);
	ASSERT_EQ(has_headroom, !!want_headroom, what);
	snprintf(what, sizeof(what), "%s ynl xdp-headroom = xdp_headroom", dev);
	ASSERT_EQ(ynl_headroom, q.xdp_headroom, what);
}

static void test_query(void)
{
	int ifindex;

	/* veth states no headroom */
	ifindex = xr_veth_create(VETH_A, VETH_B);
	if (ASSERT_GT(ifindex, 0, "veth"))
		check_caps("veth", ifindex, FEAT_GENERIC, FEAT_GENERIC, 0);
	xr_veth_destroy(VETH_A);

	/* virtio_net leaves XDP_PACKET_HEADROOM less struct xdp_frame */
	if (have_virtio_eth0())
		check_caps("virtio_net eth0", if_nametoindex("eth0"),
			   NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT,
			   NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT, XR_GENERIC_HEADROOM);
	else
		printf("query: no virtio_net eth0, not checked\n");

	check_caps("lo", if_nametoindex("lo"), 0, ~0ULL, 0);

	ifindex = nsim_up();
	if (ifindex <= 0)
		return;
	check_caps("netdevsim default", ifindex, nsim_default.features, ~0ULL, 0);
	if (nsim_knob("xdp_features", "0x33") && nsim_knob("xdp_headroom", "128"))
		check_caps("netdevsim knobs", ifindex,
			   NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
			   NETDEV_XDP_ACT_HW_OFFLOAD | NETDEV_XDP_ACT_RX_SG, ~0ULL, 128);
	/* what is not a feature bit, or more than a page, is refused */
	ASSERT_EQ(xr_nsim_knob(NSIM_ID, "xdp_features", "0x80") != 0, 1,
		  "xdp_features=0x80 refused");
	ASSERT_EQ(xr_nsim_knob(NSIM_ID, "xdp_headroom", "1000000") != 0, 1,
		  "xdp_headroom=1000000 refused");
	check_caps("netdevsim after refused writes", ifindex,
		   NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
		   NETDEV_XDP_ACT_HW_OFFLOAD | NETDEV_XDP_ACT_RX_SG, ~0ULL, 128);
	if (nsim_knob("xdp_headroom", "0"))
		check_caps("netdevsim headroom 0 again", ifindex,
			   NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
			   NETDEV_XDP_ACT_HW_OFFLOAD | NETDEV_XDP_ACT_RX_SG, ~0ULL, 0);
	nsim_down();
}

/* A change of the headroom is notified on the netdev family's mgmt group
 * (dev-change-ntf), as a change of xdp_features is.
 */
static void test_headroom_ntf(void)
{
	char out[8192], want[64];
	int ifindex = nsim_up(), err;

	if (ifindex <= 0)
		return;
	err = test__sh(out, sizeof(out),
		       "python3 %s/../linux/tools/net/ynl/cli.py --no-schema --spec "
		       "%s/../linux/Documentation/netlink/specs/netdev.yaml "
		       "--subscribe mgmt --sleep 8 --output-json & y=$!; "
		       /* python under TCG takes seconds to subscribe: change
			* the headroom until it is done listening
			*/
		       "k=/sys/kernel/debug/netdevsim/netdevsim%u/ports/0/xdp_headroom; "
		       "while kill -0 $y 2>/dev/null; do echo 96 > $k; sleep 0.3; "
		       "echo 0 > $k; sleep 0.3; done; wait", test__obj_dir(), test__obj_dir(),
		       NSIM_ID);
	if (ASSERT_OK(err, "ynl --subscribe mgmt")) {
		ASSERT_HAS_STR(out, "dev-change-ntf", "a dev-change-ntf");
		snprintf(want, sizeof(want), "\"ifindex\": %d", ifindex);
		ASSERT_HAS_STR(out, want, "of the netdevsim port");
		ASSERT_HAS_STR(out, "\"xdp-headroom\": 96", "with the new headroom");
	}
	nsim_down();
}

/* A TARGET load of @name on the netdevsim port fails; the verifier log
 * has the whole line (the log is not cut like an extack).
 */
static void target_misfit(int ifindex, const char *name, const struct bpf_xdp_reqs *decl,
			  const char *missing, const struct bpf_xdp_reqs *caps)
{
	static char log[1 << 16];
	char want[512], c[256];
	struct prog p;
	int err;

	err = prog_load(name, decl, ifindex, &p, log, sizeof(log));
	if (!_CHECK(err != -EOPNOTSUPP, name, "TARGET load returned %d (%s), expected -EOPNOTSUPP",
		    err, strerror(-err)) && !err)
		prog_close(&p);
	snprintf(want, sizeof(want), "xdp reqs: program needs %s; %s (netdevsim) supports %s\n",
		 missing, nsim_name, xr_fmt_caps(caps, c, sizeof(c)));
	ASSERT_HAS_STR(log, want, name);
}

/* Load-time BPF_F_XDP_REQS_TARGET uses the same capability. */
static void test_target_load(void)
{
	struct bpf_xdp_reqs caps = nsim_default;
	static char log[1 << 16];
	int ifindex = nsim_up(), err;
	struct prog p;

	if (ifindex <= 0)
		return;
	target_misfit(ifindex, "redirect_declared", &decl_pass_redirect, "XDP_REDIRECT", &caps);
	target_misfit(ifindex, "rx_sg_declared", &decl_pass_rx_sg, "feature rx-sg", &caps);
	caps.headroom = 32;
	if (nsim_knob("xdp_headroom", "32"))
		target_misfit(ifindex, "headroom_declared", &decl_drop_pass, "headroom 64", &caps);
	caps.actions = 0;
	caps.features = NETDEV_XDP_ACT_HW_OFFLOAD;
	if (nsim_knob("xdp_features", NSIM_FEAT_NO_BASIC))
		target_misfit(ifindex, "tx_redirect_declared", &decl_tx_redirect,
			      "XDP_TX, XDP_REDIRECT", &caps);

	if (!nsim_knob("xdp_features", NSIM_FEAT_REDIRECT))
		goto out;
	err = prog_load("redirect_declared", &decl_pass_redirect, ifindex, &p, log, sizeof(log));
	if (_CHECK(err, "TARGET load with redirect in xdp_features", "%d (%s)\n%s", err,
		   strerror(-err), log)) {
		if (ASSERT_OK(bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL),
			      "native attach of the target program")) {
			ASSERT_EQ(drv_id(ifindex), p.id, "drv_prog_id");
			bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
		}
		prog_close(&p);
	}
out:
	nsim_down();
}

/* The raw netlink view, independent of libbpf: the error of a misfit cut
 * as the kernel cuts an extack, the warning of a legacy misfit in the ack
 * of a successful request.
 */
static void test_raw_extack(void)
{
	struct prog redir = { .fd = -1 }, legacy = { .fd = -1 };
	struct bpf_xdp_reqs caps = nsim_default;
	int ifindex = nsim_up(), err;
	char ext[512], msg[256];

	if (ifindex <= 0)
		return;
	if (!load_ok("redirect_declared", &decl_pass_redirect, &redir) ||
	    !load_ok("redirect_legacy", NULL, &legacy))
		goto out;

	err = xr_nl_setlink_xdp(ifindex, redir.fd, XDP_FLAGS_DRV_MODE, ext, sizeof(ext));
	ASSERT_EQ(err, -EOPNOTSUPP, "raw attach of a declared misfit");
	ASSERT_STREQ(ext, nsim_msg(msg, sizeof(msg), "XDP program", "XDP_REDIRECT", &caps),
		     "raw extack, cut at 79 characters");
	ASSERT_EQ(drv_id(ifindex), 0, "nothing attached");

	err = xr_nl_setlink_xdp(ifindex, legacy.fd, XDP_FLAGS_DRV_MODE, ext, sizeof(ext));
	if (ASSERT_OK(err, "raw attach of a legacy misfit"))
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	ASSERT_STREQ(ext, nsim_msg(msg, sizeof(msg), "XDP program", "XDP_REDIRECT", &caps),
		     "raw warning");
out:
	prog_close(&redir);
	prog_close(&legacy);
	nsim_down();
}

/* ---- netdevsim deleted under concurrent query and attach ---- */

struct race {
	int ifindex, prog_fd;
	volatile bool stop;
	int kind;		/* 0 query, 1 native attach, 2 attach over a program */
	long ok, errs;
	int bad_err;		/* first unexpected errno */
	char bad_op[32];
};

static bool race_err_ok(int err)
{
	return err == -ENODEV || err == -ENOENT || err == -EINVAL || err == -ENXIO;
}

static void race_note(struct race *r, int err, const char *op)
{
	if (!err) {
		r->ok++;
		return;
	}
	r->errs++;
	if (!race_err_ok(err) && !r->bad_err) {
		r->bad_err = err;
		snprintf(r->bad_op, sizeof(r->bad_op), "%s", op);
	}
}

static void *race_fn(void *arg)
{
	struct race *r = arg;
	while (!r->stop) {
		LIBBPF_OPTS(bpf_xdp_query_opts, q);

		switch (r->kind) {
		case 0:
			race_note(r, bpf_xdp_query(r->ifindex, 0, &q), "query");
			break;
		case 1:
			race_note(r, bpf_xdp_attach(r->ifindex, r->prog_fd,
						    XDP_FLAGS_DRV_MODE, NULL), "drv attach");
			race_note(r, bpf_xdp_detach(r->ifindex, XDP_FLAGS_DRV_MODE, NULL),
				  "drv detach");
			break;
		case 2:
			race_note(r, bpf_xdp_attach(r->ifindex, r->prog_fd,
						    XDP_FLAGS_DRV_MODE, NULL), "drv attach");
			race_note(r, bpf_xdp_query(r->ifindex, XDP_FLAGS_DRV_MODE, &q),
				  "drv query");
			break;
		}
	}
	return NULL;
}

static void test_delete_race(void)
{
	struct race r[4];
	pthread_t th[4];
	struct prog p;
	char name[IF_NAMESIZE];
	int round, i, ifindex;
	long ok = 0;

	if (!load_ok("pass_declared", &decl_pass, &p))
		return;
	xr_libbpf_log_quiet = true;
	for (round = 0; round < 5; round++) {
		ifindex = xr_nsim_create(NSIM_RACE_ID, name, sizeof(name));
		if (!ASSERT_GT(ifindex, 0, "netdevsim"))
			break;
		for (i = 0; i < 4; i++) {
			memset(&r[i], 0, sizeof(r[i]));
			r[i].ifindex = ifindex;
			r[i].prog_fd = p.fd;
			r[i].kind = i < 2 ? i : i == 2 ? 2 : 0;
			pthread_create(&th[i], NULL, race_fn, &r[i]);
		}
		usleep(100000);
		ASSERT_OK(test__sh(NULL, 0, "echo %u > /sys/bus/netdevsim/del_device",
				   NSIM_RACE_ID), "del_device");
		usleep(100000);
		for (i = 0; i < 4; i++) {
			r[i].stop = true;
			pthread_join(th[i], NULL);
			ok += r[i].ok;
			_CHECK(r[i].bad_err, "delete race",
			       "round %d thread %d: %s returned %d (%s)", round, i,
			       r[i].bad_op, r[i].bad_err, strerror(-r[i].bad_err));
		}
	}
	xr_libbpf_log_quiet = false;
	ASSERT_GT(ok, 0, "operations succeeded before the delete");
	xr_nsim_destroy(NSIM_RACE_ID);
	prog_close(&p);
}

void test_xdp_reqs_attach(void)
{
	libbpf_print_fn_t old = xr_libbpf_log_start();

	if (test__start_subtest("redirect_declared_veth"))
		test_redirect_veth();
	if (test__start_subtest("redirect_declared_virtio_net"))
		test_redirect_virtio();
	if (test__start_subtest("redirect_declared_netdevsim"))
		test_redirect_nsim();
	if (test__start_subtest("missing_list"))
		test_missing_list();
	if (test__start_subtest("headroom_misfit"))
		test_headroom();
	if (test__start_subtest("feature_misfit"))
		test_feature();
	if (test__start_subtest("link_update"))
		test_link();
	if (test__start_subtest("replace"))
		test_replace();
	if (test__start_subtest("legacy_warning"))
		test_legacy_warning();
	if (test__start_subtest("legacy_enforce"))
		test_legacy_enforce();
	if (test__start_subtest("enforce_per_netns"))
		test_enforce_netns();
	if (test__start_subtest("query_caps"))
		test_query();
	if (test__start_subtest("headroom_change_notified"))
		test_headroom_ntf();
	if (test__start_subtest("target_load"))
		test_target_load();
	if (test__start_subtest("raw_extack"))
		test_raw_extack();
	if (test__start_subtest("netdevsim_delete_race"))
		test_delete_race();
	/* whatever happened, leave enforcement off */
	if (xr_sysctl_read(ENFORCE) > 0)
		xr_sysctl_write(ENFORCE, "0");
	libbpf_set_print(old);
}
