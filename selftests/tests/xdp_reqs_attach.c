// SPDX-License-Identifier: GPL-2.0
/* Attach-time checks (SPEC sections 5 and 6): a program's effective XDP
 * requirement against what the device offers in the attach mode, through
 * netlink, BPF links, link update and XDP_FLAGS_REPLACE; the extack text of
 * a rejection and of a legacy program's warning; net.core.xdp_reqs_enforce;
 * the per-mode capability reported by RTM_GETLINK (IFLA_XDP_CAPS) and
 * bpf_xdp_query(); the extra requirement IFLA_XDP_REQS on RTM_SETLINK; the
 * load-time TARGET check against the same capability; and a netdevsim
 * device deleted while other threads query and attach.
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
/* generic (SKB) mode, every device */
static const struct bpf_xdp_reqs generic_caps = {
	.actions = ACTS_ALL,
	.features = FEAT_GENERIC,
	.headroom = XR_GENERIC_HEADROOM,
};

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
 * legacy program without a declaration). @target > 0 adds
 * BPF_XDP_REQS_F_TARGET with that prog_ifindex. Returns the load error;
 * the verifier log goes to @log.
 */
static int prog_load(const char *name, const struct bpf_xdp_reqs *reqs, int target,
		     struct prog *p, char *log, size_t log_len)
{
	struct bpf_program *prog, *it;
	struct bpf_prog_info info;
	struct bpf_xdp_reqs r;
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
	if (reqs || target > 0) {
		memset(&r, 0, sizeof(r));
		if (reqs)
			r = *reqs;
		if (target > 0) {
			r.flags |= BPF_XDP_REQS_F_TARGET;
			bpf_program__set_ifindex(prog, target);
		}
		if (!ASSERT_OK(bpf_program__set_xdp_reqs(prog, &r), "set_xdp_reqs")) {
			prog_close(p);
			return -EINVAL;
		}
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

static void check_reqs(const char *what, const struct bpf_xdp_reqs *got,
		       const struct bpf_xdp_reqs *want)
{
	char g[256], w[256];

	_CHECK(memcmp(got, want, sizeof(*got)), what,
	       "{actions %#llx (%s), features %#llx, headroom %u, flags %#x}, expected "
	       "{actions %#llx (%s), features %#llx, headroom %u, flags %#x}",
	       (unsigned long long)got->actions, xr_fmt_actions(got->actions, g, sizeof(g)),
	       (unsigned long long)got->features, got->headroom, got->flags,
	       (unsigned long long)want->actions, xr_fmt_actions(want->actions, w, sizeof(w)),
	       (unsigned long long)want->features, want->headroom, want->flags);
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

	if (nsim_knob("xdp_caps_actions", "0x1f") &&
	    ASSERT_OK(bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL),
		      "native attach with xdp_caps_actions=0x1f")) {
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
	caps.actions = ACT(ABORTED) | ACT(DROP) | ACT(PASS);
	if (!nsim_knob("xdp_caps_actions", "0x7") ||
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
	if (nsim_knob("xdp_caps_headroom", "32")) {
		log_reset();
		err = bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL);
		ASSERT_EQ(err, -EOPNOTSUPP, "native attach, headroom 64 > 32");
		expect_ext("error", nsim_msg(msg, sizeof(msg), "XDP program", "headroom 64", &caps),
			   "extack");
		ASSERT_EQ(drv_id(ifindex), 0, "nothing attached");
	}
	if (nsim_knob("xdp_caps_headroom", "64") &&
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

	if (nsim_knob("xdp_caps_features", "0x31") &&
	    ASSERT_OK(bpf_xdp_attach(ifindex, p.fd, XDP_FLAGS_DRV_MODE, NULL),
		      "features=0x31: attach OK")) {
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

/* bpf_xdp_query() caps and the raw IFLA_XDP_CAPS nest agree. */
static void check_caps(const char *dev, int ifindex, const struct bpf_xdp_reqs *want_drv,
		       __u64 drv_feat_mask, const struct bpf_xdp_reqs *want_skb)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct bpf_xdp_reqs drv, skb, got;
	int drv_len, skb_len, err;
	char what[96];

	if (!ASSERT_OK(bpf_xdp_query(ifindex, 0, &q), "bpf_xdp_query"))
		return;
	got = q.caps_drv;
	/* features the test does not pin down */
	got.features &= drv_feat_mask;
	snprintf(what, sizeof(what), "%s caps_drv", dev);
	check_reqs(what, &got, want_drv);
	snprintf(what, sizeof(what), "%s caps_skb", dev);
	check_reqs(what, &q.caps_skb, want_skb);

	err = xr_nl_getlink_caps(ifindex, &drv, &drv_len, &skb, &skb_len);
	snprintf(what, sizeof(what), "%s RTM_GETLINK IFLA_XDP_CAPS", dev);
	if (!ASSERT_OK(err, what))
		return;
	snprintf(what, sizeof(what), "%s IFLA_XDP_CAPS_SKB length", dev);
	ASSERT_EQ(skb_len, sizeof(struct bpf_xdp_reqs), what);
	snprintf(what, sizeof(what), "%s IFLA_XDP_CAPS_SKB = caps_skb", dev);
	check_reqs(what, &skb, &q.caps_skb);
	snprintf(what, sizeof(what), "%s IFLA_XDP_CAPS_DRV length", dev);
	if (want_drv->actions) {
		ASSERT_EQ(drv_len, sizeof(struct bpf_xdp_reqs), what);
		snprintf(what, sizeof(what), "%s IFLA_XDP_CAPS_DRV = caps_drv", dev);
		check_reqs(what, &drv, &q.caps_drv);
	} else {
		/* absent without native XDP */
		ASSERT_EQ(drv_len, -1, what);
	}
}

static void test_query(void)
{
	/* veth does not answer XDP_QUERY_REQS: its xdp_features, no headroom */
	struct bpf_xdp_reqs veth_drv = {
		.actions = ACTS_ALL, .features = FEAT_GENERIC,
	};
	/* virtio_net reserves XDP_PACKET_HEADROOM while XDP is on */
	struct bpf_xdp_reqs virtio_drv = {
		.actions = ACTS_ALL,
		.features = NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT,
		.headroom = XR_GENERIC_HEADROOM,
	};
	struct bpf_xdp_reqs none = {}, knobs = {
		.actions = ACTS_ALL,
		.features = NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
			    NETDEV_XDP_ACT_HW_OFFLOAD | NETDEV_XDP_ACT_RX_SG,
		.headroom = 128,
	};
	int ifindex;

	ifindex = xr_veth_create(VETH_A, VETH_B);
	if (ASSERT_GT(ifindex, 0, "veth"))
		check_caps("veth", ifindex, &veth_drv, FEAT_GENERIC, &generic_caps);
	xr_veth_destroy(VETH_A);

	if (have_virtio_eth0())
		check_caps("virtio_net eth0", if_nametoindex("eth0"), &virtio_drv,
			   NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT, &generic_caps);
	else
		printf("query: no virtio_net eth0, not checked\n");

	check_caps("lo", if_nametoindex("lo"), &none, ~0ULL, &generic_caps);

	ifindex = nsim_up();
	if (ifindex <= 0)
		return;
	check_caps("netdevsim default", ifindex, &nsim_default, ~0ULL, &generic_caps);
	if (nsim_knob("xdp_caps_actions", "0x1f") && nsim_knob("xdp_caps_features", "0x33") &&
	    nsim_knob("xdp_caps_headroom", "128"))
		check_caps("netdevsim knobs", ifindex, &knobs, ~0ULL, &generic_caps);
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

/* Load-time BPF_XDP_REQS_F_TARGET uses the same capability. */
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
	if (nsim_knob("xdp_caps_headroom", "32"))
		target_misfit(ifindex, "headroom_declared", &decl_drop_pass, "headroom 64", &caps);
	caps.actions = ACT(ABORTED) | ACT(DROP) | ACT(PASS);
	if (nsim_knob("xdp_caps_actions", "0x7"))
		target_misfit(ifindex, "tx_redirect_declared", &decl_tx_redirect,
			      "XDP_TX, XDP_REDIRECT", &caps);

	if (!nsim_knob("xdp_caps_actions", "0x1f"))
		goto out;
	err = prog_load("redirect_declared", &decl_pass_redirect, ifindex, &p, log, sizeof(log));
	if (_CHECK(err, "TARGET load with xdp_caps_actions=0x1f", "%d (%s)\n%s", err,
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

/* IFLA_XDP_REQS through libbpf's bpf_xdp_attach_opts.reqs */
static int attach_reqs(int ifindex, int fd, __u32 flags, const struct bpf_xdp_reqs *r)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, o, .reqs = r);

	log_reset();
	return bpf_xdp_attach(ifindex, fd, flags, &o);
}

static void test_reqs_attr(void)
{
	static const struct {
		const char *what;
		struct bpf_xdp_reqs r;
	} bad[] = {
		{ "flags non-zero", { .actions = ACT(PASS), .flags = 1 } },
		{ "flags TARGET", { .actions = ACT(PASS), .flags = BPF_XDP_REQS_F_TARGET } },
		{ "action bit above XDP_REDIRECT", { .actions = ACT(PASS) | 1ULL << 5 } },
		{ "BPF_XDP_ACT_UNKNOWN", { .actions = ACT(PASS) | BPF_XDP_ACT_UNKNOWN } },
		{ "unknown feature bit", { .actions = ACT(PASS), .features = 1ULL << 7 } },
		{ "high feature bit", { .features = 1ULL << 40 } },
	};
	struct bpf_xdp_reqs caps = nsim_default, r;
	struct prog pass = { .fd = -1 }, other = { .fd = -1 };
	int ifindex = nsim_up(), err;
	char msg[256];
	size_t i;

	if (ifindex <= 0)
		return;
	if (!load_ok("pass_legacy", NULL, &pass) ||
	    !load_ok("pass_declared", &decl_pass, &other))
		goto out;

	/* fits */
	r = (struct bpf_xdp_reqs){ .actions = ACT(DROP) | ACT(PASS) | ACT(TX) };
	if (ASSERT_OK(attach_reqs(ifindex, pass.fd, XDP_FLAGS_DRV_MODE, &r),
		      "request {drop,pass,tx} on netdevsim")) {
		ASSERT_EQ(drv_id(ifindex), pass.id, "drv_prog_id");
		ASSERT_NO_STR(xr_libbpf_log, "Kernel warning message", "no warning");
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	}
	r = (struct bpf_xdp_reqs){ .actions = ACTS_ALL, .headroom = XR_GENERIC_HEADROOM,
				   .features = NETDEV_XDP_ACT_RX_SG };
	if (ASSERT_OK(attach_reqs(ifindex, pass.fd, XDP_FLAGS_SKB_MODE, &r),
		      "request {all, rx-sg, headroom 216} in generic mode")) {
		ASSERT_EQ(skb_id(ifindex), pass.id, "skb_prog_id");
		bpf_xdp_detach(ifindex, XDP_FLAGS_SKB_MODE, NULL);
	}

	/* misfits, on an empty device and over a running program */
	r = (struct bpf_xdp_reqs){ .actions = ACT(PASS) | ACT(REDIRECT) };
	err = attach_reqs(ifindex, pass.fd, XDP_FLAGS_DRV_MODE, &r);
	ASSERT_EQ(err, -EOPNOTSUPP, "request {pass,redirect} on netdevsim");
	expect_ext("error", nsim_msg(msg, sizeof(msg), "XDP request", "XDP_REDIRECT", &caps),
		   "extack");
	ASSERT_EQ(drv_id(ifindex), 0, "nothing attached");

	if (ASSERT_OK(bpf_xdp_attach(ifindex, other.fd, XDP_FLAGS_DRV_MODE, NULL), "attach")) {
		r = (struct bpf_xdp_reqs){ .features = NETDEV_XDP_ACT_RX_SG };
		err = attach_reqs(ifindex, pass.fd, XDP_FLAGS_DRV_MODE, &r);
		ASSERT_EQ(err, -EOPNOTSUPP, "request rx-sg on netdevsim");
		expect_ext("error", nsim_msg(msg, sizeof(msg), "XDP request", "feature rx-sg",
					     &caps), "extack");
		ASSERT_EQ(drv_id(ifindex), other.id, "old program still attached");
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	}

	caps.headroom = 256;
	if (nsim_knob("xdp_caps_headroom", "256")) {
		r = (struct bpf_xdp_reqs){ .actions = ACT(PASS), .headroom = 300 };
		err = attach_reqs(ifindex, pass.fd, XDP_FLAGS_DRV_MODE, &r);
		ASSERT_EQ(err, -EOPNOTSUPP, "request headroom 300 on netdevsim");
		expect_ext("error", nsim_msg(msg, sizeof(msg), "XDP request", "headroom 300",
					     &caps), "extack");
		r.headroom = 256;
		if (ASSERT_OK(attach_reqs(ifindex, pass.fd, XDP_FLAGS_DRV_MODE, &r),
			      "request headroom 256"))
			bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	}

	/* malformed requests, in either mode */
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char what[128];

		snprintf(what, sizeof(what), "native, %s", bad[i].what);
		err = attach_reqs(ifindex, pass.fd, XDP_FLAGS_DRV_MODE, &bad[i].r);
		ASSERT_EQ(err, -EINVAL, what);
		expect_ext("error", "invalid XDP request", what);
		snprintf(what, sizeof(what), "generic, %s", bad[i].what);
		err = attach_reqs(ifindex, pass.fd, XDP_FLAGS_SKB_MODE, &bad[i].r);
		ASSERT_EQ(err, -EINVAL, what);
		expect_ext("error", "invalid XDP request", what);
	}
	ASSERT_EQ(drv_id(ifindex), 0, "nothing attached natively");
	ASSERT_EQ(skb_id(ifindex), 0, "nothing attached generically");
out:
	prog_close(&pass);
	prog_close(&other);
	nsim_down();
}

/* IFLA_XDP_REQS over a raw socket: exact size only. */
static void test_reqs_attr_raw(void)
{
	struct bpf_xdp_reqs caps = nsim_default;
	struct {
		struct bpf_xdp_reqs r;
		char tail[8];
	} buf = {};
	static const size_t bad_len[] = { 0, 8, 16, 20, 28, 32 };
	int ifindex = nsim_up(), err;
	char ext[512], msg[256];
	struct prog pass = { .fd = -1 };
	size_t i;

	if (ifindex <= 0)
		return;
	if (!load_ok("pass_legacy", NULL, &pass))
		goto out;

	buf.r.actions = ACT(PASS);
	err = xr_nl_setlink_xdp(ifindex, pass.fd, XDP_FLAGS_DRV_MODE, &buf.r, sizeof(buf.r),
				ext, sizeof(ext));
	if (_CHECK(err, "raw IFLA_XDP_REQS {pass}", "%d (%s) extack '%s'", err,
		   strerror(-err), ext)) {
		ASSERT_STREQ(ext, "", "no extack");
		ASSERT_EQ(drv_id(ifindex), pass.id, "drv_prog_id");
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	}

	buf.r.actions = ACT(PASS) | ACT(REDIRECT);
	err = xr_nl_setlink_xdp(ifindex, pass.fd, XDP_FLAGS_DRV_MODE, &buf.r, sizeof(buf.r),
				ext, sizeof(ext));
	ASSERT_EQ(err, -EOPNOTSUPP, "raw IFLA_XDP_REQS {pass,redirect}");
	ASSERT_STREQ(ext, nsim_msg(msg, sizeof(msg), "XDP request", "XDP_REDIRECT", &caps),
		     "raw extack, cut at 79 characters");

	/* a misfitting legacy program: the warning comes with the ack */
	{
		struct prog redir;

		if (load_ok("redirect_legacy", NULL, &redir)) {
			err = xr_nl_setlink_xdp(ifindex, redir.fd, XDP_FLAGS_DRV_MODE, NULL, 0,
						ext, sizeof(ext));
			if (ASSERT_OK(err, "raw attach of a legacy misfit"))
				bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
			ASSERT_STREQ(ext, nsim_msg(msg, sizeof(msg), "XDP program",
						   "XDP_REDIRECT", &caps), "raw warning");
			prog_close(&redir);
		}
	}

	buf.r.actions = ACT(PASS);
	for (i = 0; i < ARRAY_SIZE(bad_len); i++) {
		char what[64];

		snprintf(what, sizeof(what), "IFLA_XDP_REQS of %zu bytes", bad_len[i]);
		err = xr_nl_setlink_xdp(ifindex, pass.fd, XDP_FLAGS_DRV_MODE, &buf, bad_len[i],
					ext, sizeof(ext));
		_CHECK(err != -ERANGE && err != -EINVAL, what,
		       "returned %d (%s), expected -ERANGE or -EINVAL; extack '%s'",
		       err, strerror(-err), ext);
		if (!err)
			bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	}
	ASSERT_EQ(drv_id(ifindex), 0, "nothing attached");
out:
	prog_close(&pass);
	nsim_down();
}

/* ---- netdevsim deleted under concurrent query and attach ---- */

struct race {
	int ifindex, prog_fd;
	volatile bool stop;
	int kind;		/* 0 query, 1 native attach, 2 native attach + reqs */
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
	struct bpf_xdp_reqs req = { .actions = ACT(PASS) };

	while (!r->stop) {
		LIBBPF_OPTS(bpf_xdp_query_opts, q);
		LIBBPF_OPTS(bpf_xdp_attach_opts, o, .reqs = &req);

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
						    XDP_FLAGS_DRV_MODE, &o), "drv attach + reqs");
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
	if (test__start_subtest("query_caps"))
		test_query();
	if (test__start_subtest("target_load"))
		test_target_load();
	if (test__start_subtest("ifla_xdp_reqs"))
		test_reqs_attr();
	if (test__start_subtest("ifla_xdp_reqs_raw"))
		test_reqs_attr_raw();
	if (test__start_subtest("netdevsim_delete_race"))
		test_delete_race();
	/* whatever happened, leave enforcement off */
	if (xr_sysctl_read(ENFORCE) > 0)
		xr_sysctl_write(ENFORCE, "0");
	libbpf_set_print(old);
}
