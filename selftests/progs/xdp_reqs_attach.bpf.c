// SPDX-License-Identifier: GPL-2.0
/* Programs for tests/xdp_reqs_attach.c: attach-time checks of the
 * effective requirement against a device's capability. The names say
 * how the test loads them: "_declared" ones get a struct bpf_xdp_reqs
 * through bpf_program__set_xdp_reqs() (the declaration is written in the
 * test, next to the load), "_legacy" ones are loaded without one.
 */
#include "xdp_reqs_common.h"

/* Returns bpf_redirect_map(tx_ports, 0, XDP_PASS): derives exactly
 * {pass,redirect}. Loaded declared {pass,redirect}.
 */
SEC("xdp")
int redirect_declared(struct xdp_md *ctx)
{
	return bpf_redirect_map(&tx_ports, 0, XDP_PASS);
}

/* The same body loaded without a declaration: a legacy program deriving
 * {pass,redirect}.
 */
SEC("xdp")
int redirect_legacy(struct xdp_md *ctx)
{
	return bpf_redirect_map(&tx_ports, 0, XDP_PASS);
}

/* Returns XDP_PASS. Loaded declared {pass}: fits every device. */
SEC("xdp")
int pass_declared(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* Returns XDP_PASS, loaded without a declaration: fits every device. */
SEC("xdp")
int pass_legacy(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* Pushes 64 bytes of headroom with bpf_xdp_adjust_head(ctx, -64), then
 * returns XDP_PASS, or XDP_DROP when the push fails: derives {drop,pass}
 * headroom 64. Loaded declared {drop,pass}.
 */
SEC("xdp")
int headroom_declared(struct xdp_md *ctx)
{
	if (bpf_xdp_adjust_head(ctx, -64))
		return XDP_DROP;
	return XDP_PASS;
}

/* Returns XDP_PASS. Loaded declared {pass} with feature rx-sg. */
SEC("xdp")
int rx_sg_declared(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* Returns XDP_TX when byte 0 is 3 or the packet is empty, otherwise
 * bpf_redirect(1, 0): derives {tx,redirect}. Loaded declared {tx,redirect}.
 */
SEC("xdp")
int tx_redirect_declared(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0 || b == 3)
		return XDP_TX;
	return bpf_redirect(1, 0);
}

/* Returns vals[0] as it is (XDP_DROP if the lookup fails): a value from
 * a writable map, so it derives {drop,unknown}. Loaded without a
 * declaration, so it fits no device.
 */
SEC("xdp")
int unknown_legacy(struct xdp_md *ctx)
{
	__u32 *v = val0();

	if (!v)
		return XDP_DROP;
	return *v;
}

char _license[] SEC("license") = "GPL";
