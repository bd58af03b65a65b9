// SPDX-License-Identifier: GPL-2.0
/* BPF_F_XDP_REQS_TARGET: the effective requirement must fit the target
 * device's native capability. veth offers basic,redirect,rx-sg; a
 * netdevsim port offers basic only.
 */
#include "xdp_reqs_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} jmp_table SEC(".maps");

SEC("xdp")
__target_veth
__expect_actions("redirect") __expect_derived("redirect")
__observed("redirect")
int target_veth_redirect(struct xdp_md *ctx)
{
	return bpf_redirect(1, 0);
}

SEC("xdp")
__target_veth
__expect_actions("aborted,drop,pass,tx,redirect")
__observed("aborted,drop,pass,tx,redirect")
int target_veth_all(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_DROP;
	if (b == 4)
		return bpf_redirect(1, 0);
	return b & 3;
}

SEC("xdp.frags")
__target_veth
__expect_features("rx-sg")
__observed("pass")
int target_veth_rx_sg(struct xdp_md *ctx)
{
	__u8 buf[4];

	if (bpf_xdp_load_bytes(ctx, 0, buf, sizeof(buf)))
		return XDP_DROP;
	return XDP_PASS;
}

SEC("xdp")
__target_veth __declare("pass") __declare_features("rx-sg")
__expect_actions("pass")
__observed("pass")
int target_veth_declared_rx_sg(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* UNKNOWN never fits, not even a device that has every action. */
SEC("xdp")
__target_veth
__failure_errno(EOPNOTSUPP)
__msg("$DEV (veth)")
int target_veth_tail_call(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jmp_table, 0);
	return XDP_PASS;
}

SEC("xdp")
__target_veth
__failure_errno(EOPNOTSUPP)
__msg("$DEV (veth)")
int target_veth_map_value(struct xdp_md *ctx)
{
	__u32 *v = val0();

	if (!v)
		return XDP_DROP;
	return *v;
}

SEC("xdp")
__target_nsim
__failure_errno(EOPNOTSUPP)
__msg("xdp reqs: program needs XDP_REDIRECT; $DEV (netdevsim) supports aborted,drop,pass,tx")
int target_nsim_redirect(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b)
		return XDP_PASS;
	return bpf_redirect(1, 0);
}

SEC("xdp")
__target_nsim
__expect_actions("aborted,drop,pass,tx")
__observed("aborted,drop,pass,tx")
int target_nsim_basic(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_DROP;
	return b & 3;
}

/* A declared action counts even if the program never returns it. */
SEC("xdp")
__target_nsim __declare("pass,redirect")
__failure_errno(EOPNOTSUPP)
__msg("xdp reqs: program needs XDP_REDIRECT; $DEV (netdevsim) supports aborted,drop,pass,tx")
int target_nsim_declared_redirect(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* Unbounded, unguarded: does not fit. */
SEC("xdp")
__target_nsim
__failure_errno(EOPNOTSUPP)
__msg("$DEV (netdevsim)")
int target_nsim_map_value(struct xdp_md *ctx)
{
	__u32 *v = val0();

	if (!v)
		return XDP_DROP;
	return *v;
}

/* The same, guarded by a declaration: fits. */
SEC("xdp")
__target_nsim __declare("drop,pass")
__expect_actions("aborted,drop,pass") __expect_guarded(1)
__observed("aborted,drop,pass")
__retval_val(2, XDP_PASS) __retval_val(4, XDP_ABORTED)
int target_nsim_guarded(struct xdp_md *ctx)
{
	__u32 *v = val0();

	if (!v)
		return XDP_DROP;
	return *v;
}

SEC("xdp")
__target_nsim __declare("drop,pass") __strict
__expect_actions("drop,pass") __expect_guarded(0)
__observed("drop,pass")
int target_nsim_strict(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0 || b)
		return XDP_DROP;
	return XDP_PASS;
}

SEC("xdp.frags")
__target_nsim
__failure_errno(EOPNOTSUPP)
__msg("$DEV (netdevsim)")
int target_nsim_rx_sg(struct xdp_md *ctx)
{
	__u8 buf[4];

	if (bpf_xdp_load_bytes(ctx, 0, buf, sizeof(buf)))
		return XDP_DROP;
	return XDP_PASS;
}

SEC("xdp")
__target_nsim __declare("pass") __declare_features("rx-sg")
__failure_errno(EOPNOTSUPP)
__msg("$DEV (netdevsim)")
int target_nsim_declared_rx_sg(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* TARGET without prog_ifindex */
SEC("xdp")
__target("none")
__failure_errno(EINVAL)
int target_no_ifindex(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
__target("bogus")
__failure_errno(ENODEV)
int target_no_device(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
