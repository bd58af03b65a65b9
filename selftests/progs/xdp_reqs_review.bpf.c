// SPDX-License-Identifier: GPL-2.0
/* Corner cases a review of the verifier patches found: arguments that
 * are pointers where a value is expected, and bpf_throw() from a global
 * function. Expected outcomes next to each program, as in the others.
 */
#include "xdp_reqs_common.h"

extern void bpf_throw(__u64 cookie) __ksym;

/* bpf_redirect() takes any flags (ARG_ANYTHING), a pointer too: that is
 * no known value, so {aborted, redirect}, and no verifier WARN. With a
 * pointer (non-zero) as flags it aborts at run time.
 */
SEC("xdp")
__expect_derived("aborted,redirect")
__observed("aborted")
__naked int redirect_ptr_flags(void)
{
	asm volatile (
	"r2 = r1;"
	"r1 = 1;"
	"call %[bpf_redirect];"
	"exit;"
	:
	: __imm(bpf_redirect)
	: __clobber_all);
}

/* A pointer as bpf_xdp_adjust_head()'s delta: the headroom is unknown. */
SEC("xdp")
__expect_headroom_unknown
__expect_derived("drop,pass")
__observed("drop")
__naked int head_ptr_delta(void)
{
	asm volatile (
	"r2 = r10;"
	"call %[bpf_xdp_adjust_head];"
	"if r0 != 0 goto 1f;"
	"r0 = %[pass];"
	"exit;"
	"1: r0 = %[drop];"
	"exit;"
	:
	: __imm(bpf_xdp_adjust_head),
	  __imm_const(pass, XDP_PASS),
	  __imm_const(drop, XDP_DROP)
	: __clobber_all);
}

/* A global function is verified on its own; its bpf_throw() still ends
 * the program with the cookie as return value (default callback).
 */
__noinline int throw_on_byte7(struct xdp_md *ctx)
{
	if (byte0(ctx) == 7)
		bpf_throw(XDP_TX);
	return 0;
}

/* the cookie (tx) is derived although it is thrown in a global function */
SEC("xdp")
__expect_derived_has("tx")
__observed("drop,pass,tx")
int throw_global(struct xdp_md *ctx)
{
	if (throw_on_byte7(ctx))
		return XDP_DROP;
	return byte0(ctx) == 1 ? XDP_DROP : XDP_PASS;
}

/* and a strict declaration refuses it, naming the call */
SEC("xdp")
__declare("drop,pass") __strict
__failure_errno(EINVAL)
__msg("xdp reqs: bpf_throw at insn")
__msg("may return tx (R1=3); declared drop,pass")
int strict_throw_global(struct xdp_md *ctx)
{
	if (throw_on_byte7(ctx))
		return XDP_DROP;
	return XDP_PASS;
}

/* An open-coded iterator loop that picks the action on some iterations:
 * precision found at the exit must reach the loop's cached states, or
 * pruning there would hide tx.
 */
extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;

static __always_inline int action_from_loop(struct xdp_md *ctx)
{
	int b = byte0(ctx), r = XDP_PASS, *i;
	struct bpf_iter_num it;

	bpf_iter_num_new(&it, 0, 4);
	while ((i = bpf_iter_num_next(&it))) {
		if (*i == b)
			r = XDP_TX;
	}
	bpf_iter_num_destroy(&it);
	return r;
}

SEC("xdp")
__expect_derived_has("pass,tx")
__observed("pass,tx")
int iter_loop_action(struct xdp_md *ctx)
{
	return action_from_loop(ctx);
}

SEC("xdp")
__declare("pass") __strict
__failure_errno(EINVAL)
__msg("may return tx")
int strict_iter_loop_tx(struct xdp_md *ctx)
{
	return action_from_loop(ctx);
}

/* The same with a bounded loop the verifier unrolls. */
SEC("xdp")
__declare("pass") __strict
__failure_errno(EINVAL)
__msg("may return tx")
int strict_bounded_loop_tx(struct xdp_md *ctx)
{
	int b = byte0(ctx), r = XDP_PASS, i;

	for (i = 0; i < 4; i++)
		if (i == b)
			r = XDP_TX;
	return r;
}

char _license[] SEC("license") = "GPL";
