// SPDX-License-Identifier: GPL-2.0
/* Today's XDP attach behaviour, which everything else builds on: native
 * mode on veth, netdevsim and virtio_net, generic mode on a device without
 * native XDP, and netdevsim refusing native mode with its extack text.
 */
#include <net/if.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "lib/xdp_reqs_util.h"

#define NSIM_ID 4711

static struct bpf_object *load_pass(int *prog_fd)
{
	char path[4200];
	struct bpf_object *obj;

	snprintf(path, sizeof(path), "%s/xdp_pass.bpf.o", test__obj_dir());
	obj = bpf_object__open_file(path, NULL);
	if (!ASSERT_OK_PTR(obj, "open xdp_pass.bpf.o"))
		return NULL;
	if (!ASSERT_OK(bpf_object__load(obj), "load xdp_pass")) {
		bpf_object__close(obj);
		return NULL;
	}
	*prog_fd = bpf_program__fd(bpf_object__find_program_by_name(obj, "xdp_pass"));
	return obj;
}

static __u32 prog_id(int fd)
{
	struct bpf_prog_info info;

	if (xr_prog_info(fd, &info))
		return 0;
	return info.id;
}

/* Attach in @flags' mode, check bpf_xdp_query() reports it, detach. */
static void attach_and_query(int ifindex, __u32 flags, __u8 want_mode)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct bpf_object *obj;
	int fd, err;

	obj = load_pass(&fd);
	if (!obj)
		return;
	err = bpf_xdp_attach(ifindex, fd, flags, NULL);
	if (!ASSERT_OK(err, "bpf_xdp_attach"))
		goto out;
	err = bpf_xdp_query(ifindex, 0, &q);
	if (ASSERT_OK(err, "bpf_xdp_query")) {
		ASSERT_EQ(q.attach_mode, want_mode, "attach_mode");
		if (want_mode == XDP_ATTACHED_DRV)
			ASSERT_EQ(q.drv_prog_id, prog_id(fd), "drv_prog_id");
		else
			ASSERT_EQ(q.skb_prog_id, prog_id(fd), "skb_prog_id");
	}
	ASSERT_OK(bpf_xdp_detach(ifindex, flags, NULL), "bpf_xdp_detach");
	err = bpf_xdp_query(ifindex, 0, &q);
	if (ASSERT_OK(err, "bpf_xdp_query after detach"))
		ASSERT_EQ(q.attach_mode, XDP_ATTACHED_NONE, "attach_mode after detach");
out:
	bpf_object__close(obj);
}

static void test_veth_native(void)
{
	int ifindex = xr_veth_create("xab0", "xab1");

	if (!ASSERT_GT(ifindex, 0, "veth pair"))
		return;
	attach_and_query(ifindex, XDP_FLAGS_DRV_MODE, XDP_ATTACHED_DRV);
	xr_veth_destroy("xab0");
}

static void test_nsim_native(void)
{
	char name[IF_NAMESIZE];
	int ifindex = xr_nsim_create(NSIM_ID, name, sizeof(name));

	if (!ASSERT_GT(ifindex, 0, "netdevsim"))
		return;
	attach_and_query(ifindex, XDP_FLAGS_DRV_MODE, XDP_ATTACHED_DRV);
	xr_nsim_destroy(NSIM_ID);
}

static void test_virtio_native(void)
{
	char out[256];
	int ifindex;

	/* QEMU's virtio-net is eth0 in the test guest */
	if (test__sh(out, sizeof(out), "ethtool -i eth0 | grep -q 'driver: virtio_net'")) {
		test__skip("no virtio_net eth0");
		return;
	}
	test__sh(NULL, 0, "ip link set eth0 up");
	ifindex = if_nametoindex("eth0");
	attach_and_query(ifindex, XDP_FLAGS_DRV_MODE, XDP_ATTACHED_DRV);
}

/* dummy has no ndo_bpf: native mode fails, generic mode is the fallback */
static void test_generic_fallback(void)
{
	struct bpf_object *obj;
	int ifindex, fd, err;

	test__sh(NULL, 0, "ip link del xabdummy; ip link add xabdummy type dummy && ip link set xabdummy up");
	ifindex = if_nametoindex("xabdummy");
	if (!ASSERT_GT(ifindex, 0, "dummy device"))
		return;
	obj = load_pass(&fd);
	if (obj) {
		xr_libbpf_log[0] = 0;
		err = bpf_xdp_attach(ifindex, fd, XDP_FLAGS_DRV_MODE, NULL);
		ASSERT_EQ(err, -EOPNOTSUPP, "native attach on dummy");
		ASSERT_HAS_STR(xr_libbpf_log, "Underlying driver does not support XDP in native mode",
			       "extack of native attach on dummy");
		bpf_object__close(obj);
	}
	attach_and_query(ifindex, XDP_FLAGS_SKB_MODE, XDP_ATTACHED_SKB);
	test__sh(NULL, 0, "ip link del xabdummy");
}

/* netdevsim's debugfs knob makes its driver refuse native XDP */
static void test_nsim_refuses(void)
{
	char name[IF_NAMESIZE], knob[160];
	struct bpf_object *obj;
	int ifindex, fd, err;

	ifindex = xr_nsim_create(NSIM_ID, name, sizeof(name));
	if (!ASSERT_GT(ifindex, 0, "netdevsim"))
		return;
	snprintf(knob, sizeof(knob),
		 "/sys/kernel/debug/netdevsim/netdevsim%u/ports/0/bpf_xdpdrv_accept", NSIM_ID);
	if (!ASSERT_OK(test__sh(NULL, 0, "echo N > %s", knob), "bpf_xdpdrv_accept=N"))
		goto out;
	obj = load_pass(&fd);
	if (obj) {
		xr_libbpf_log[0] = 0;
		err = bpf_xdp_attach(ifindex, fd, XDP_FLAGS_DRV_MODE, NULL);
		ASSERT_EQ(err, -EOPNOTSUPP, "native attach refused");
		ASSERT_HAS_STR(xr_libbpf_log, "Kernel error message: netdevsim: driver XDP disabled in DebugFS",
			       "netdevsim extack");
		/* the same program still runs in generic mode */
		ASSERT_OK(bpf_xdp_attach(ifindex, fd, XDP_FLAGS_SKB_MODE, NULL), "generic attach");
		bpf_xdp_detach(ifindex, XDP_FLAGS_SKB_MODE, NULL);
		bpf_object__close(obj);
	}
out:
	xr_nsim_destroy(NSIM_ID);
}

void test_xdp_attach_basics(void)
{
	libbpf_print_fn_t old = xr_libbpf_log_start();

	if (test__start_subtest("veth_native"))
		test_veth_native();
	if (test__start_subtest("netdevsim_native"))
		test_nsim_native();
	if (test__start_subtest("virtio_net_native"))
		test_virtio_native();
	if (test__start_subtest("generic_fallback"))
		test_generic_fallback();
	if (test__start_subtest("netdevsim_refuses_native"))
		test_nsim_refuses();
	libbpf_set_print(old);
}
