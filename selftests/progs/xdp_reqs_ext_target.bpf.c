// SPDX-License-Identifier: GPL-2.0
/* Targets of freplace programs for tests/xdp_reqs_ext.c (SPEC section 4):
 * XDP programs whose entry function is replaced, and libxdp-style
 * dispatchers whose global slot functions are replaced. The extensions
 * are in xdp_reqs_ext_freplace.bpf.c. Declarations are in the source
 * (__xdp_reqs); the test loads one program at a time.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* ---- entry targets: every one returns XDP_PASS ---- */

/* Declared {pass} strict: an extension of the entry may return only pass. */
SEC("xdp") __xdp_reqs("pass strict")
int ent_pass_strict(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* Declared {drop,pass}, not strict: an extension of the entry may return
 * drop or pass, and bypasses the target's guards, so it must be checked.
 */
SEC("xdp") __xdp_reqs("drop,pass")
int ent_drop_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* The same code without a declaration: a legacy target, any extension. */
SEC("xdp")
int ent_legacy(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* ---- dispatchers (the shape of libxdp's xdp-dispatcher) ---- */

/* Global slot functions that freplace replaces. Each returns XDP_PASS;
 * the empty asm hides the constant from clang, whose interprocedural
 * constant propagation would otherwise fold the dispatcher's
 * "ret != XDP_PASS" tests away, and uses ctx, which clang would otherwise
 * not pass at all (r1 would not be the ctx at the call). The verifier
 * still sees r0 = 2.
 */
__noinline int slot0(struct xdp_md *ctx)
{
	int ret = XDP_PASS;

	asm volatile("" : "+r"(ret) : "r"(ctx));
	return ret;
}

__noinline int slot1(struct xdp_md *ctx)
{
	int ret = XDP_PASS;

	asm volatile("" : "+r"(ret) : "r"(ctx));
	return ret;
}

/* Chain-call: a slot's result other than XDP_PASS is the program's. */
static __always_inline int dispatch(struct xdp_md *ctx)
{
	int ret;

	ret = slot0(ctx);
	if (ret != XDP_PASS)
		return ret;
	ret = slot1(ctx);
	if (ret != XDP_PASS)
		return ret;
	return XDP_PASS;
}

/* Declares the union of its components, {drop,pass}: the slots' results
 * must derive within it (no unknown, no guard).
 */
SEC("xdp") __xdp_reqs("drop,pass")
int disp_declared(struct xdp_md *ctx)
{
	return dispatch(ctx);
}

/* The same, strict: must load. */
SEC("xdp") __xdp_reqs("drop,pass strict")
int disp_strict(struct xdp_md *ctx)
{
	return dispatch(ctx);
}

/* The same without a declaration: the slots' results are unknown, and
 * any extension may replace them.
 */
SEC("xdp")
int disp_legacy(struct xdp_md *ctx)
{
	return dispatch(ctx);
}

char _license[] SEC("license") = "GPL";
