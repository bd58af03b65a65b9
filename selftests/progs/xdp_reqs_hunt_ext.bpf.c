// SPDX-License-Identifier: GPL-2.0
/* Second adversarial round, the cases that need more than one program:
 * tail calls (a prog array, a callee in it), concurrent loads, and
 * multi-buffer packets. Loaded and run by tests/xdp_reqs_hunt_ext.c, one
 * program per object instance; the test hands every caller a prog array
 * it creates itself (bpf_map__reuse_fd()), so who owns the map is up to
 * the test.
 *
 * A tail call replaces the frame of the function that makes it: from a
 * subprogram, the callee's return value goes back to the subprogram's
 * caller as the subprogram's result, and the caller goes on running (the
 * x86-64 JIT pops the current frame and jumps). The verifier walks only
 * the path where the tail call fails.
 *
 * Holes (tests/xdp_reqs_hunt_ext.c fails on each until fixed):
 * - hx_sub_tc_*: a tail call from a static subprogram; the callee's
 *   action comes back as the subprogram's "0" (actions);
 * - hx_sub_tc_head: the same, main pushes after the callee pushed;
 * - hx_glob_tc_head: a global function's tail call counts the callee's
 *   headroom from 0, not from what main pushed before the call;
 * - hx_slow_tc: the map gets an owner with a larger headroom budget while
 *   the caller is verified; bpf_check_tail_call() compares actions only;
 * - hx_dead_disp: after dead code removal, assumed_funcs names another
 *   subprogram: an extension returning tx replaces hx_slot_pass;
 * - hx_slice_alias_*: a bpf_dynptr_slice_rdwr() slice that is the stack
 *   buffer (upstream verifier: the write through it is not seen).
 */
#include <stddef.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xdp_test_tags.h"

#define __used		__attribute__((used))

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} hjmp SEC(".maps");

extern int bpf_dynptr_from_xdp(struct xdp_md *x, __u64 flags,
			       struct bpf_dynptr *ptr__uninit) __ksym;
extern void *bpf_dynptr_slice_rdwr(const struct bpf_dynptr *ptr, __u32 offset,
				   void *buffer__opt, __u32 buffer__szk) __ksym;

#define HX_OPERANDS							\
	:								\
	: __imm_const(pass, XDP_PASS),					\
	  __imm_const(drop, XDP_DROP),					\
	  __imm_const(tx, XDP_TX),					\
	  __imm_addr(hjmp),						\
	  __imm(bpf_tail_call),						\
	  __imm(bpf_xdp_adjust_head),					\
	  __imm(bpf_dynptr_from_xdp),					\
	  __imm(bpf_dynptr_slice_rdwr)					\
	: __clobber_all

/* ---- tail calls from a subprogram ---- */

/* hjmp[0], then 0: what the verifier sees it return */
__used __naked static int hx_tc_sub(void)
{
	asm volatile (
	"r2 = %[hjmp] ll;"
	"r3 = 0;"
	"call %[bpf_tail_call];"
	"r0 = 0;"
	"exit;"
	HX_OPERANDS);
}

/* S1: returns the subprogram's result plus XDP_PASS. The verifier: 0 + 2,
 * pass. With a drop program (1) in hjmp[0]: 1 + 2 = XDP_TX.
 */
#define SUB_TC_PLUS_BODY						\
	asm volatile (							\
	"r6 = r1;"							\
	"call hx_tc_sub;"						\
	"r0 += %[pass];"						\
	"exit;"								\
	HX_OPERANDS)

SEC("xdp") __xdp_reqs("drop,pass strict")
__naked int hx_sub_tc_strict(void) { SUB_TC_PLUS_BODY; }
SEC("xdp") __xdp_reqs("drop,pass")
__naked int hx_sub_tc_guarded(void) { SUB_TC_PLUS_BODY; }

/* S2: the subprogram tail-calls a program that pushes 32; then main
 * pushes 32 itself: 64 in all.
 */
SEC("xdp") __xdp_reqs("drop,pass headroom=32 strict")
__naked int hx_sub_tc_head(void)
{
	asm volatile (
	"r6 = r1;"
	"call hx_tc_sub;"
	"r1 = r6;"
	"r2 = -32;"
	"call %[bpf_xdp_adjust_head];"
	"r0 = %[pass];"
	"exit;"
	HX_OPERANDS);
}

/* S3: main pushes 32, then a global function tail-calls a program that
 * pushes 32: 64 in all.
 */
__noinline int hx_glob_tc(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &hjmp, 0);
	return 0;
}

SEC("xdp") __xdp_reqs("drop,pass headroom=32 strict")
int hx_glob_tc_head(struct xdp_md *ctx)
{
	if (bpf_xdp_adjust_head(ctx, -32))
		return XDP_PASS;
	hx_glob_tc(ctx);
	return XDP_PASS;
}

/* ---- tail-call callees ---- */

/* legacy, XDP_DROP: fits a {drop,pass} budget */
SEC("xdp")
int hx_ret_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

/* pushes 32, XDP_PASS: fits a {drop,pass} headroom=32 budget */
SEC("xdp") __xdp_reqs("drop,pass headroom=32")
int hx_push32(struct xdp_md *ctx)
{
	bpf_xdp_adjust_head(ctx, -32);
	return XDP_PASS;
}

/* pushes 64, XDP_PASS; inserted first into an unused map it owns it
 * with the budget {drop,pass} headroom=64
 */
SEC("xdp") __xdp_reqs("drop,pass headroom=64")
int hx_push64(struct xdp_md *ctx)
{
	bpf_xdp_adjust_head(ctx, -64);
	return XDP_PASS;
}

/* ---- the owner of a prog array changing during a load ---- */

/* The tail call first (the verifier reads the map's budget there), then
 * a long bounded loop the verifier walks turn by turn (HX_TURNS), so the
 * load takes long enough for another thread to give the map an owner.
 */
#ifndef HX_TURNS
#define HX_TURNS 60000
#endif
SEC("xdp") __xdp_reqs("drop,pass strict")
__naked int hx_slow_tc(void)
{
	asm volatile (
	"r6 = r1;"
	"r2 = %[hjmp] ll;"
	"r3 = 0;"
	"call %[bpf_tail_call];"
	"r7 = 0;"
"l_loop_%=:"
	"r7 += 1;"
	"if r7 < %[turns] goto l_loop_%=;"
	"r0 = %[pass];"
	"exit;"
	:
	: __imm_const(pass, XDP_PASS),
	  __imm_const(turns, HX_TURNS),
	  __imm_addr(hjmp),
	  __imm(bpf_tail_call)
	: __clobber_all);
}

/* ---- a function removed as dead code moves the ones after it ---- */

/* a dispatcher slot: its result is returned as is, so the dispatcher
 * takes it to be one of its declared actions and holds its extensions
 * to them
 */
__noinline int hx_slot_pass(struct xdp_md *ctx)
{
	int ret = XDP_PASS;

	asm volatile("" : "+r"(ret) : "r"(ctx));
	return ret;
}

__used __naked static int hx_dead(void)
{
	asm volatile ("r0 = 0; exit;" ::: __clobber_all);
}

/* hx_dead is called only on a branch the verifier knows is never taken
 * (removed after verification, privileged load), before hx_slot_pass:
 * hx_slot_pass is subprogram 2 while verified, 1 after.
 */
SEC("xdp") __xdp_reqs("drop,pass strict")
__naked int hx_dead_disp(void)
{
	asm volatile (
	"r9 = r1;"
	"r1 = 0;"
	"if r1 == 0 goto l_live_%=;"
	"call hx_dead;"
	"exit;"
"l_live_%=:"
	"r1 = r9;"
	"call hx_slot_pass;"
	"exit;"
	::: __clobber_all);
}

/* the same without the dead call: the reference */
SEC("xdp") __xdp_reqs("drop,pass strict")
int hx_live_disp(struct xdp_md *ctx)
{
	return hx_slot_pass(ctx);
}

/* an extension of hx_slot_pass that returns XDP_TX */
SEC("freplace/hx_slot_pass")
int hx_ext_tx(struct xdp_md *ctx)
{
	return XDP_TX;
}

/* ---- a writable dynptr slice that is the stack buffer ---- */

/* bpf_dynptr_slice_rdwr() returns the buffer it is given when the slice
 * spans the linear part and a fragment. The verifier does not know that
 * the returned PTR_TO_MEM aliases fp-24: a constant spilled there after
 * the call (drop) is changed through the slice (tx) and returned.
 * HX_SLICE_OFF is 4 bytes before the end of the linear part of a
 * BPF_PROG_TEST_RUN multi-buffer packet.
 */
#ifndef HX_SLICE_OFF
#define HX_SLICE_OFF 3516
#endif
#define SLICE_ALIAS_BODY						\
	asm volatile (							\
	"r6 = r1;"							\
	"r1 = 0;"							\
	"*(u64 *)(r10 - 24) = r1;"					\
	"r1 = r6;"							\
	"r2 = 0;"							\
	"r3 = r10;"							\
	"r3 += -16;"							\
	"call %[bpf_dynptr_from_xdp];"					\
	"if r0 != 0 goto l_pass_%=;"					\
	"r1 = r10;"							\
	"r1 += -16;"							\
	"r2 = %[off];"							\
	"r3 = r10;"							\
	"r3 += -24;"							\
	"r4 = 8;"							\
	"call %[bpf_dynptr_slice_rdwr];"				\
	"if r0 == 0 goto l_pass_%=;"					\
	"r1 = %[drop];"							\
	"*(u64 *)(r10 - 24) = r1;"					\
	"r1 = %[tx];"							\
	"*(u32 *)(r0 + 0) = r1;"					\
	"r0 = *(u64 *)(r10 - 24);"					\
	"exit;"								\
"l_pass_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	:								\
	: __imm_const(pass, XDP_PASS),					\
	  __imm_const(drop, XDP_DROP),					\
	  __imm_const(tx, XDP_TX),					\
	  __imm_const(off, HX_SLICE_OFF),				\
	  __imm(bpf_dynptr_from_xdp),					\
	  __imm(bpf_dynptr_slice_rdwr)					\
	: __clobber_all)

SEC("xdp.frags") __xdp_reqs("drop,pass strict")
__naked int hx_slice_alias_strict(void) { SLICE_ALIAS_BODY; }
SEC("xdp.frags") __xdp_reqs("drop,pass")
__naked int hx_slice_alias_guarded(void) { SLICE_ALIAS_BODY; }

/* keep the dynptr kfuncs in BTF for the asm above */
SEC("xdp.frags")
int hx_c_slice(struct xdp_md *ctx)
{
	struct bpf_dynptr d;
	__u64 buf = 0;
	__u8 *p;

	if (bpf_dynptr_from_xdp(ctx, 0, &d))
		return XDP_PASS;
	p = bpf_dynptr_slice_rdwr(&d, 0, &buf, sizeof(buf));
	return p ? XDP_PASS : XDP_DROP;
}

char _license[] SEC("license") = "GPL";
