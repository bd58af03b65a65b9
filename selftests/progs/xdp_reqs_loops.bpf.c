// SPDX-License-Identifier: GPL-2.0
/* Loops between the place where a value is chosen and the place where it
 * is returned or pushed. The value (an action, or a delta for
 * bpf_xdp_adjust_head()) is set before the loop and changed on a branch
 * that the verifier walks last (byte 0 == 1); the loop returns or pushes
 * it on a branch that depends on the packet and the loop state. The
 * verifier caches loop states before their precision marks are complete:
 * the late branch must not be pruned against them, or the action (or the
 * headroom) it brings is never seen.
 *
 * Each loop comes as an open-coded iterator, a may_goto loop, a bpf_loop()
 * callback and a bounded loop; in asm, where the verifier walks exactly
 * the order described above, and in C; with and without
 * BPF_F_TEST_STATE_FREQ. Byte 0 == 1 returns XDP_TX (or pushes 200 bytes)
 * at run time, so the late path is real.
 */
#include <stddef.h>
#include "xdp_reqs_common.h"
#include "xdp_reqs_asm.h"

/* bpf_helpers.h declares the bpf_iter_num kfuncs and gives bpf_for() */


/* break out of the enclosing loop when the may_goto budget is spent */
#define cond_break							\
	({ __label__ l_break, l_continue;				\
	asm volatile goto("may_goto %l[l_break]" :::: l_break);	\
	goto l_continue;						\
	l_break: break;							\
	l_continue:;							\
	})

/* The six loads of a loop that may return tx: undeclared, declared
 * "drop,pass" (the exit is guarded, tx becomes aborted) and declared
 * strictly (refused), each with and without BPF_F_TEST_STATE_FREQ.
 * DEF(fn) defines the program fn; SEEN is what it returns over all inputs
 * (tx included), SEEN_G the same with tx turned into aborted.
 */
#define __act_loop(seen)						\
	__expect_derived_has("drop,pass,tx")				\
	__observed(seen) __retval_byte(1, XDP_TX)
#define __act_loop_guarded(seen_g)					\
	__declare("drop,pass") __expect_derived_has("drop,pass,tx")	\
	__expect_actions("aborted,drop,pass")				\
	__observed(seen_g) __retval_byte(1, XDP_ABORTED)
#define __act_loop_strict						\
	__declare("drop,pass") __strict __failure_errno(EINVAL)	\
	__msg("xdp reqs: exit at insn") __msg("; declared drop,pass")

#define ACT_LOOP_TESTS(name, DEF, seen, seen_g)				\
	SEC("xdp") __act_loop(seen)					\
	DEF(name)							\
	SEC("xdp") __act_loop(seen) __state_freq			\
	DEF(name##_freq)						\
	SEC("xdp") __act_loop_guarded(seen_g)				\
	DEF(name##_declared)						\
	SEC("xdp") __act_loop_guarded(seen_g) __state_freq		\
	DEF(name##_declared_freq)					\
	SEC("xdp") __act_loop_strict					\
	DEF(name##_strict)						\
	SEC("xdp") __act_loop_strict __state_freq			\
	DEF(name##_strict_freq)

/* A loop that pushes 200 bytes when byte0 == 1, 8 otherwise: the
 * headroom is at least 200, or unknown.
 */
#define HEAD_LOOP_TESTS(name, DEF)					\
	SEC("xdp") __expect_headroom_min(200) __observed("pass")	\
	DEF(name)							\
	SEC("xdp") __expect_headroom_min(200) __observed("pass")	\
	__state_freq							\
	DEF(name##_freq)

/* ---- asm loops ---- */

#define LOOP_OPERANDS							\
	:								\
	: __imm_const(xdp_data, offsetof(struct xdp_md, data)),	\
	  __imm_const(xdp_data_end, offsetof(struct xdp_md, data_end)), \
	  __imm_const(drop, XDP_DROP),					\
	  __imm_const(pass, XDP_PASS),					\
	  __imm_const(tx, XDP_TX),					\
	  __imm(bpf_iter_num_new),					\
	  __imm(bpf_iter_num_next),					\
	  __imm(bpf_iter_num_destroy),					\
	  __imm(bpf_xdp_adjust_head),					\
	  __imm(bpf_loop)						\
	: __clobber_all

/* What the loops do with r6: an action, or a delta to push. */
#define ACT_INIT	"r6 = %[drop];"
#define ACT_LATE	"r6 = %[tx];"
#define ACT_USE		"r0 = r6;"
#define HEAD_INIT	"r6 = -8;"
#define HEAD_LATE	"r6 = -200;"
#define HEAD_USE							\
	"r1 = r9;"							\
	"r2 = r6;"							\
	"call %[bpf_xdp_adjust_head];"					\
	"r0 = %[pass];"

/* r6 = init; for i in [0, 4): if (i == byte0) { use r6; return }. When
 * byte0 == 1, r6 = late on a branch walked last, that jumps to the head
 * of the loop.
 */
#define ITER_BODY(init, late, use)					\
	asm volatile (							\
	LOAD_BYTE0							\
	init								\
	"r1 = r10;"							\
	"r1 += -8;"							\
	"r2 = 0;"							\
	"r3 = 4;"							\
	"call %[bpf_iter_num_new];"					\
	"if r7 == 1 goto l_late_%=;"					\
"l_loop_%=:"								\
	"r1 = r10;"							\
	"r1 += -8;"							\
	"call %[bpf_iter_num_next];"					\
	"if r0 == 0 goto l_end_%=;"					\
	"r1 = *(u32 *)(r0 + 0);"					\
	"if r1 == r7 goto l_use_%=;"					\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	"r1 = r10;"							\
	"r1 += -8;"							\
	"call %[bpf_iter_num_destroy];"					\
	"r0 = %[pass];"							\
	"exit;"								\
"l_use_%=:"								\
	"r1 = r10;"							\
	"r1 += -8;"							\
	"call %[bpf_iter_num_destroy];"					\
	use								\
	"exit;"								\
"l_late_%=:"								\
	late								\
	"goto l_loop_%=;"						\
"l_short_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	LOOP_OPERANDS)

/* The same as a may_goto loop with a counter the verifier widens:
 * for (r8 = 0; may_goto; r8++) if (r8 == byte0) { use r6; return }
 */
#define MAY_GOTO_BODY(init, late, use)					\
	asm volatile (							\
	LOAD_BYTE0							\
	init								\
	"r8 = 0;"							\
	"if r7 == 1 goto l_late_%=;"					\
"l_loop_%=:"								\
	"r1 = r8;"							\
	"may_goto l_end_%=;"						\
	"if r8 == r7 goto l_use_%=;"					\
	"r8 += 1;"							\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
"l_use_%=:"								\
	use								\
	"exit;"								\
"l_late_%=:"								\
	late								\
	"goto l_loop_%=;"						\
"l_short_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	LOOP_OPERANDS)

/* The same as a loop the verifier unrolls: for (r8 = 0; r8 < 8; r8++) */
#define BOUNDED_BODY(init, late, use)					\
	asm volatile (							\
	LOAD_BYTE0							\
	init								\
	"r8 = 0;"							\
	"if r7 == 1 goto l_late_%=;"					\
"l_loop_%=:"								\
	"r1 = r8;"							\
	"if r8 > 7 goto l_end_%=;"					\
	"if r8 == r7 goto l_use_%=;"					\
	"r8 += 1;"							\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
"l_use_%=:"								\
	use								\
	"exit;"								\
"l_late_%=:"								\
	late								\
	"goto l_loop_%=;"						\
"l_short_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	LOOP_OPERANDS)

/* The same with bpf_loop(4, cb, &c), c = fp-32 = { ctx, ret, val, byte0 }:
 * the callback cb uses c.val when i == byte0 and stops; byte0 == 1 sets
 * c.val = late before the call; main returns c.ret (initially pass).
 */
#define BPF_LOOP_BODY(cb, init, late)					\
	asm volatile (							\
	LOAD_BYTE0							\
	init								\
	"*(u64 *)(r10 - 32) = r9;"					\
	"*(u64 *)(r10 - 24) = %[pass];"					\
	"*(u64 *)(r10 - 16) = r6;"					\
	"*(u64 *)(r10 - 8) = r7;"					\
	"if r7 == 1 goto l_late_%=;"					\
"l_loop_%=:"								\
	"r1 = 4;"							\
	"r2 = " #cb " ll;"						\
	"r3 = r10;"							\
	"r3 += -32;"							\
	"r4 = 0;"							\
	"call %[bpf_loop];"						\
	"r0 = *(u64 *)(r10 - 24);"					\
	"exit;"								\
"l_late_%=:"								\
	late								\
	"*(u64 *)(r10 - 16) = r6;"					\
	"goto l_loop_%=;"						\
"l_short_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	LOOP_OPERANDS)

#define BPF_LOOP_CB(use)						\
	asm volatile (							\
	"r3 = *(u64 *)(r2 + 24);"					\
	"if r1 == r3 goto l_use_%=;"					\
	"r0 = 0;"							\
	"exit;"								\
"l_use_%=:"								\
	use								\
	"r0 = 1;"							\
	"exit;"								\
	LOOP_OPERANDS)

/* The same where the callback changes c.val itself, in the iteration
 * before the one that uses it (byte0 == 1: i == 0 sets it, i == 1 uses
 * it); main has no late branch.
 */
#define BPF_LOOP_CB_LATE(use, late)					\
	asm volatile (							\
	"r3 = *(u64 *)(r2 + 24);"					\
	"if r1 == r3 goto l_use_%=;"					\
	"if r3 == 1 goto l_late_%=;"					\
	"r0 = 0;"							\
	"exit;"								\
"l_use_%=:"								\
	use								\
	"r0 = 1;"							\
	"exit;"								\
"l_late_%=:"								\
	late								\
	"*(u64 *)(r2 + 16) = r3;"					\
	"r0 = 0;"							\
	"exit;"								\
	LOOP_OPERANDS)

/* c.ret = c.val */
__used __naked static int act_cb(void)
{
	BPF_LOOP_CB("r3 = *(u64 *)(r2 + 16);"
		    "*(u64 *)(r2 + 8) = r3;");
}

/* bpf_xdp_adjust_head(c.ctx, c.val) */
__used __naked static int head_cb(void)
{
	BPF_LOOP_CB("r1 = *(u64 *)(r2 + 0);"
		    "r2 = *(u64 *)(r2 + 16);"
		    "call %[bpf_xdp_adjust_head];");
}

/* c.ret = c.val; c.val = tx */
__used __naked static int act_late_cb(void)
{
	BPF_LOOP_CB_LATE("r3 = *(u64 *)(r2 + 16);"
			 "*(u64 *)(r2 + 8) = r3;",
			 "r3 = %[tx];");
}

#define ITER_ACT(fn)							\
	__naked int fn(void) { ITER_BODY(ACT_INIT, ACT_LATE, ACT_USE); }
#define MAY_GOTO_ACT(fn)						\
	__naked int fn(void) { MAY_GOTO_BODY(ACT_INIT, ACT_LATE, ACT_USE); }
#define BOUNDED_ACT(fn)							\
	__naked int fn(void) { BOUNDED_BODY(ACT_INIT, ACT_LATE, ACT_USE); }
#define BPF_LOOP_ACT(fn)						\
	__naked int fn(void) { BPF_LOOP_BODY(act_cb, ACT_INIT, ACT_LATE); }
#define BPF_LOOP_CB_ACT(fn)						\
	__naked int fn(void) { BPF_LOOP_BODY(act_late_cb, ACT_INIT, ""); }
#define ITER_HEAD(fn)							\
	__naked int fn(void) { ITER_BODY(HEAD_INIT, HEAD_LATE, HEAD_USE); }
#define MAY_GOTO_HEAD(fn)						\
	__naked int fn(void) { MAY_GOTO_BODY(HEAD_INIT, HEAD_LATE, HEAD_USE); }
#define BOUNDED_HEAD(fn)						\
	__naked int fn(void) { BOUNDED_BODY(HEAD_INIT, HEAD_LATE, HEAD_USE); }
#define BPF_LOOP_HEAD(fn)						\
	__naked int fn(void) { BPF_LOOP_BODY(head_cb, HEAD_INIT, HEAD_LATE); }

/* ---- 1. an action chosen before the loop, returned inside it ---- */

/* tx enters the loop at its head, where a state cached in the second
 * iteration lacks r6's precision: byte0 0, 2, 3 drop, 1 tx, others pass
 */
ACT_LOOP_TESTS(iter_act, ITER_ACT, "drop,pass,tx", "aborted,drop,pass")
/* the same cached state in a may_goto loop; the counter reaches every
 * byte0: 1 tx, others drop
 */
ACT_LOOP_TESTS(may_goto_act, MAY_GOTO_ACT, "drop,tx", "aborted,drop")
/* the counter is precise, every iteration is its own state: byte0 0,
 * 2..7 drop, 1 tx, 255 pass
 */
ACT_LOOP_TESTS(bounded_act, BOUNDED_ACT, "drop,pass,tx", "aborted,drop,pass")
/* the callback's states are compared at the bpf_loop() call: byte0 0, 2,
 * 3 drop, 1 tx, others pass
 */
ACT_LOOP_TESTS(bpf_loop_act, BPF_LOOP_ACT, "drop,pass,tx", "aborted,drop,pass")
/* the same, tx set by the callback (main's late branch stores drop again) */
ACT_LOOP_TESTS(bpf_loop_cb_act, BPF_LOOP_CB_ACT, "drop,pass,tx", "aborted,drop,pass")

/* The same loops in C, as a program would write them; clang lays them
 * out its own way, so the order the verifier walks them in is not the one
 * the asm versions force.
 */

static __always_inline int c_iter_act(struct xdp_md *ctx)
{
	int b = byte0(ctx), act = XDP_DROP, i;

	if (b < 0)
		return XDP_PASS;
	if (b == 1)
		act = XDP_TX;
	bpf_for(i, 0, 4) {
		if (i == b)
			return act;
	}
	return XDP_PASS;
}

static __always_inline int c_may_goto_act(struct xdp_md *ctx)
{
	int b = byte0(ctx), act = XDP_DROP, i;

	if (b < 0)
		return XDP_PASS;
	if (b == 1)
		act = XDP_TX;
	for (i = 0; ; i++) {
		cond_break;
		if (i == b)
			return act;
	}
	return XDP_PASS;
}

static __always_inline int c_bounded_act(struct xdp_md *ctx)
{
	int b = byte0(ctx), act = XDP_DROP, i;

	if (b < 0)
		return XDP_PASS;
	if (b == 1)
		act = XDP_TX;
	for (i = 0; i < 8; i++) {
		/* keep clang from folding the loop into one compare */
		asm volatile("" : "+r"(i));
		if (i == b)
			return act;
	}
	return XDP_PASS;
}

struct loop_ctx {
	__u64 ret, act, b;
};

static long c_act_cb(__u64 i, void *data)
{
	struct loop_ctx *c = data;

	if (i == c->b) {
		c->ret = c->act;
		return 1;
	}
	return 0;
}

static __always_inline int c_bpf_loop_act(struct xdp_md *ctx)
{
	struct loop_ctx c = { .ret = XDP_PASS, .act = XDP_DROP };
	int b = byte0(ctx);

	if (b < 0)
		return XDP_PASS;
	c.b = b;
	if (b == 1)
		c.act = XDP_TX;
	bpf_loop(4, c_act_cb, &c, 0);
	return c.ret;
}

#define C_ITER_ACT(fn)							\
	int fn(struct xdp_md *ctx) { return c_iter_act(ctx); }
#define C_MAY_GOTO_ACT(fn)						\
	int fn(struct xdp_md *ctx) { return c_may_goto_act(ctx); }
#define C_BOUNDED_ACT(fn)						\
	int fn(struct xdp_md *ctx) { return c_bounded_act(ctx); }
#define C_BPF_LOOP_ACT(fn)						\
	int fn(struct xdp_md *ctx) { return c_bpf_loop_act(ctx); }

ACT_LOOP_TESTS(iter_act_c, C_ITER_ACT, "drop,pass,tx", "aborted,drop,pass")
ACT_LOOP_TESTS(may_goto_act_c, C_MAY_GOTO_ACT, "drop,tx", "aborted,drop")
ACT_LOOP_TESTS(bounded_act_c, C_BOUNDED_ACT, "drop,pass,tx", "aborted,drop,pass")
ACT_LOOP_TESTS(bpf_loop_act_c, C_BPF_LOOP_ACT, "drop,pass,tx", "aborted,drop,pass")

/* ---- 2. a delta chosen before the loop, pushed inside it ---- */

HEAD_LOOP_TESTS(iter_head, ITER_HEAD)
HEAD_LOOP_TESTS(may_goto_head, MAY_GOTO_HEAD)
HEAD_LOOP_TESTS(bounded_head, BOUNDED_HEAD)
HEAD_LOOP_TESTS(bpf_loop_head, BPF_LOOP_HEAD)

/* ---- 3. a push in every iteration ---- */

/* 64 iterations of one byte each, as the verifier cannot count them:
 * loads, with the headroom unknown.
 */
static __always_inline int c_iter_push_each(struct xdp_md *ctx)
{
	int i;

	bpf_for(i, 0, 64) {
		if (bpf_xdp_adjust_head(ctx, -1))
			break;
	}
	return XDP_PASS;
}

/* the same bounded by may_goto only: pushes until adjust_head fails */
static __always_inline int c_may_goto_push_each(struct xdp_md *ctx)
{
	for (;;) {
		cond_break;
		if (bpf_xdp_adjust_head(ctx, -1))
			break;
	}
	return XDP_PASS;
}

/* the same with a counter the verifier can unroll: 64, or unknown */
static __always_inline int c_bounded_push_each(struct xdp_md *ctx)
{
	int i;

	for (i = 0; i < 64; i++) {
		asm volatile("" : "+r"(i));
		if (bpf_xdp_adjust_head(ctx, -1))
			break;
	}
	return XDP_PASS;
}

SEC("xdp") __expect_headroom_unknown __observed("pass")
int iter_push_each(struct xdp_md *ctx) { return c_iter_push_each(ctx); }

SEC("xdp") __expect_headroom_unknown __observed("pass") __state_freq
int iter_push_each_freq(struct xdp_md *ctx) { return c_iter_push_each(ctx); }

SEC("xdp") __expect_headroom_unknown __observed("pass")
int may_goto_push_each(struct xdp_md *ctx) { return c_may_goto_push_each(ctx); }

SEC("xdp") __expect_headroom_unknown __observed("pass") __state_freq
int may_goto_push_each_freq(struct xdp_md *ctx) { return c_may_goto_push_each(ctx); }

SEC("xdp") __expect_headroom_min(64) __observed("pass")
int bounded_push_each(struct xdp_md *ctx) { return c_bounded_push_each(ctx); }

SEC("xdp") __expect_headroom_min(64) __observed("pass") __state_freq
int bounded_push_each_freq(struct xdp_md *ctx) { return c_bounded_push_each(ctx); }

/* ---- 4. bounded deltas, subprograms ---- */

/* delta = 0 - ((byte0 & 63) + (byte0 & 7) + (byte0 & 1)), in [-71, 0]
 * (a subtraction, not a negation, so that the verifier keeps the range);
 * byte0 255 pushes 71.
 */
#define HEAD_RANGE_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"r1 = r7;"							\
	"r1 &= 63;"							\
	"r2 = r7;"							\
	"r2 &= 7;"							\
	"r1 += r2;"							\
	"r2 = r7;"							\
	"r2 &= 1;"							\
	"r1 += r2;"							\
	"r2 = 0;"							\
	"r2 -= r1;"							\
	"r1 = r9;"							\
	"call %[bpf_xdp_adjust_head];"					\
"l_short_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	LOOP_OPERANDS)

SEC("xdp") __expect_headroom(71) __observed("pass")
__naked int head_range71(void)
{
	HEAD_RANGE_BODY;
}

SEC("xdp") __expect_headroom(71) __observed("pass") __state_freq
__naked int head_range71_freq(void)
{
	HEAD_RANGE_BODY;
}

/* delta = 0 - min(vals[0], 64), in [-64, 0]; vals[0] 0xffffffff pushes 64 */
#define HEAD_MAP_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	"r1 = 0;"							\
	"*(u32 *)(r10 - 4) = r1;"					\
	"r2 = r10;"							\
	"r2 += -4;"							\
	"r1 = %[vals] ll;"						\
	"call %[bpf_map_lookup_elem];"					\
	"if r0 == 0 goto l_out_%=;"					\
	"r1 = *(u32 *)(r0 + 0);"					\
	"if r1 <= 64 goto l_push_%=;"					\
	"r1 = 64;"							\
"l_push_%=:"								\
	"r2 = 0;"							\
	"r2 -= r1;"							\
	"r1 = r9;"							\
	"call %[bpf_xdp_adjust_head];"					\
"l_out_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	:								\
	: __imm_addr(vals),						\
	  __imm_const(pass, XDP_PASS),					\
	  __imm(bpf_map_lookup_elem),					\
	  __imm(bpf_xdp_adjust_head)					\
	: __clobber_all)

SEC("xdp") __expect_headroom(64) __observed("pass")
__naked int head_map64(void)
{
	HEAD_MAP_BODY;
}

SEC("xdp") __expect_headroom(64) __observed("pass") __state_freq
__naked int head_map64_freq(void)
{
	HEAD_MAP_BODY;
}

/* A global function is verified without its callers: unknown. */
__noinline int push16_global(struct xdp_md *ctx)
{
	return bpf_xdp_adjust_head(ctx, -16);
}

SEC("xdp") __expect_headroom_unknown __observed("pass")
int head_global_fn(struct xdp_md *ctx)
{
	push16_global(ctx);
	return XDP_PASS;
}

SEC("xdp") __expect_headroom_unknown __observed("pass") __state_freq
int head_global_fn_freq(struct xdp_md *ctx)
{
	push16_global(ctx);
	return XDP_PASS;
}

/* A static function is verified in its caller's state: exactly 16. */
static __noinline int push16_static(struct xdp_md *ctx)
{
	return bpf_xdp_adjust_head(ctx, -16);
}

SEC("xdp") __expect_headroom(16) __observed("pass")
int head_static_fn(struct xdp_md *ctx)
{
	push16_static(ctx);
	return XDP_PASS;
}

SEC("xdp") __expect_headroom(16) __observed("pass") __state_freq
int head_static_fn_freq(struct xdp_md *ctx)
{
	push16_static(ctx);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
