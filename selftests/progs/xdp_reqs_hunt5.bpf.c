// SPDX-License-Identifier: GPL-2.0
/* Second adversarial round against the fixes of the first hunt
 * (xdp_reqs_hunt.bpf.c): programs that try to return an action, or push
 * more headroom, than the effective requirement says, after global
 * function results are marked (xdp_ret_func), loop checkpoints are
 * compared by range once a loop may have left their marks incomplete,
 * and headroom is a worst case widened at loop heads. All names start
 * with "h5_"; byte 0 == 1 takes the branch the verifier walks last.
 *
 * The expectations are the promise. Hole found here (fails until fixed):
 * - A.7 h5_dead_shift_*: assumed_funcs and subprog_info are indexed by
 *   subprogram number, and opt_remove_dead_code() removes a function that
 *   only dead code calls before xdp_reqs_finalize() runs: the functions
 *   after it move down one index, check_xdp_assumed_funcs() reads another
 *   function's result, and a strict drop,pass program loads returning
 *   h5slot_tx's XDP_TX on every packet.
 * Everything else held (regression tests). The holes that need more than
 * one program are in xdp_reqs_hunt_ext.bpf.c.
 */
#include <stddef.h>
#include "xdp_reqs_common.h"
#include "xdp_reqs_asm.h"


extern void bpf_throw(__u64 cookie) __ksym;

#define H5_OPERANDS							\
	:								\
	: __imm_const(xdp_data, offsetof(struct xdp_md, data)),	\
	  __imm_const(xdp_data_end, offsetof(struct xdp_md, data_end)), \
	  __imm_const(aborted, XDP_ABORTED),				\
	  __imm_const(drop, XDP_DROP),					\
	  __imm_const(pass, XDP_PASS),					\
	  __imm_const(tx, XDP_TX),					\
	  __imm_const(redirect, XDP_REDIRECT),				\
	  __imm_addr(vals),						\
	  __imm(bpf_map_lookup_elem),					\
	  __imm(bpf_map_update_elem),					\
	  __imm(bpf_iter_num_new),					\
	  __imm(bpf_iter_num_next),					\
	  __imm(bpf_iter_num_destroy),					\
	  __imm(bpf_xdp_adjust_head),					\
	  __imm(bpf_xdp_adjust_meta),					\
	  __imm(bpf_loop),						\
	  __imm(bpf_throw),						\
	  __imm(bpf_get_prandom_u32)					\
	: __clobber_all

#define ITER_NEW(off, lo, hi)						\
	"r1 = r10;"							\
	"r1 += " #off ";"						\
	"r2 = " #lo ";"							\
	"r3 = " #hi ";"							\
	"call %[bpf_iter_num_new];"
#define ITER_NEXT(off)							\
	"r1 = r10;"							\
	"r1 += " #off ";"						\
	"call %[bpf_iter_num_next];"
#define ITER_DESTROY(off)						\
	"r1 = r10;"							\
	"r1 += " #off ";"						\
	"call %[bpf_iter_num_destroy];"

#define CALL_BPF_LOOP(n, cb)						\
	"r1 = " #n ";"							\
	"r2 = " #cb " ll;"						\
	"r3 = r10;"							\
	"r3 += -32;"							\
	"r4 = 0;"							\
	"call %[bpf_loop];"

/* ==== global "slot" functions: their result is unknown to a caller ==== */

__noinline int h5slot_pass(struct xdp_md *ctx)
{
	int ret = XDP_PASS;

	asm volatile("" : "+r"(ret) : "r"(ctx));
	return ret;
}

__noinline int h5slot_tx(struct xdp_md *ctx)
{
	int ret = XDP_TX;

	asm volatile("" : "+r"(ret) : "r"(ctx));
	return ret;
}

/* ==== A. the result of a global function, changed without an ALU op ==== */

/* A slot's result in r6; on byte0 == 1 CHANGE computes r0 from it (the
 * late exit), otherwise it is returned as is.
 */
#define MOD_EXIT_BODY(change)						\
	asm volatile (							\
	"r9 = r1;"							\
	"call h5slot_pass;"						\
	"r6 = r0;"							\
	LOAD_BYTE0_R9							\
	"if r7 == 1 goto l_mod_%=;"					\
	"r0 = r6;"							\
	"exit;"								\
"l_mod_%=:"								\
	change								\
	"exit;"								\
	SHORT_PASS							\
	H5_OPERANDS)

/* The change makes it no longer the slot's result: the late exit is
 * guarded. RET: what the late exit returns, GRET through the guard.
 */
#define MOD_TESTS(name, change, seen, ret, seen_g, gret)		\
	SEC("xdp") __declare("drop,pass") __expect_guarded(1)		\
	__expect_actions("aborted,drop,pass")				\
	__observed(seen_g) __retval_byte(1, gret)			\
	__naked int name(void) { MOD_EXIT_BODY(change); }		\
	SEC("xdp") __declare("drop,pass") __expect_guarded(1) __state_freq \
	__expect_actions("aborted,drop,pass")				\
	__observed(seen_g) __retval_byte(1, gret)			\
	__naked int name##_freq(void) { MOD_EXIT_BODY(change); }	\
	SEC("xdp") __declare("drop,pass") __strict			\
	__failure_errno(EINVAL) __msg("xdp reqs: exit at insn")	\
	__naked int name##_strict(void) { MOD_EXIT_BODY(change); }	\
	SEC("xdp") __observed(seen) __retval_byte(1, ret)		\
	__naked int name##_legacy(void) { MOD_EXIT_BODY(change); }

/* Still the slot's result (the same value, through a copy): no guard. */
#define KEEP_TESTS(name, change)					\
	SEC("xdp") __declare("drop,pass") __expect_guarded(0)		\
	__expect_actions("drop,pass") __observed("pass")		\
	__naked int name(void) { MOD_EXIT_BODY(change); }		\
	SEC("xdp") __declare("drop,pass") __strict __expect_guarded(0)	\
	__expect_actions("drop,pass") __observed("pass") __state_freq	\
	__naked int name##_strict_freq(void) { MOD_EXIT_BODY(change); }

/* A.1 atomics on the slot the result was spilled to: cmpxchg stores tx
 * (the slot was pass), its fill is no result; the old value it hands back
 * is.
 */
MOD_TESTS(h5_cmpxchg_slot,
	  "*(u64 *)(r10 - 8) = r6; r0 = 2; r1 = 3;"
	  "r0 = cmpxchg_64(r10 - 8, r0, r1); r0 = *(u64 *)(r10 - 8);",
	  "pass,tx", XDP_TX, "aborted,pass", XDP_ABORTED)
KEEP_TESTS(h5_cmpxchg_old,
	   "*(u64 *)(r10 - 8) = r6; r0 = 2; r1 = 3;"
	   "r0 = cmpxchg_64(r10 - 8, r0, r1);")
/* xchg: the slot gets tx */
MOD_TESTS(h5_xchg_slot,
	  "*(u64 *)(r10 - 8) = r6; r1 = 3; r1 = xchg_64(r10 - 8, r1);"
	  "r0 = *(u64 *)(r10 - 8);",
	  "pass,tx", XDP_TX, "aborted,pass", XDP_ABORTED)
/* a 32-bit fetch of the old value: a narrowing load (pass all the same) */
MOD_TESTS(h5_fetch32,
	  "*(u64 *)(r10 - 8) = r6; w0 = 1;"
	  "w0 = atomic_fetch_add((u32 *)(r10 - 8), w0);",
	  "pass", XDP_PASS, "pass", XDP_PASS)
/* the high half of the slot overwritten (the low half, the action,
 * unchanged at run time)
 */
MOD_TESTS(h5_high_half,
	  "*(u64 *)(r10 - 8) = r6; r1 = 1; *(u32 *)(r10 - 4) = r1;"
	  "r0 = *(u64 *)(r10 - 8);",
	  "pass", XDP_PASS, "pass", XDP_PASS)
/* through vals[0]: updated with the spilled result, looked up, loaded */
MOD_TESTS(h5_map_roundtrip,
	  "*(u64 *)(r10 - 8) = r6; r1 = 0; *(u32 *)(r10 - 16) = r1;"
	  "r1 = %[vals] ll; r2 = r10; r2 += -16; r3 = r10; r3 += -8; r4 = 0;"
	  "call %[bpf_map_update_elem];"
	  "r1 = %[vals] ll; r2 = r10; r2 += -16;"
	  "call %[bpf_map_lookup_elem];"
	  "if r0 == 0 goto +1; r0 = *(u32 *)(r0 + 0);",
	  "pass", XDP_PASS, "pass", XDP_PASS)
/* the spilled result used as the key of a lookup: the slot keeps it */
KEEP_TESTS(h5_key_keep,
	   "*(u64 *)(r10 - 8) = r6; r1 = %[vals] ll; r2 = r10; r2 += -8;"
	   "call %[bpf_map_lookup_elem]; r0 = *(u64 *)(r10 - 8);")

/* A.2 static subprograms: one returns its argument as is (still the
 * slot's result), one adds 1 (tx), one writes the low half of the
 * caller's slot through a pointer (tx)
 */
__used __naked static int h5_id(void)
{
	asm volatile ("r0 = r1; exit;" ::: __clobber_all);
}

__used __naked static int h5_inc(void)
{
	asm volatile ("r0 = r1; r0 += 1; exit;" ::: __clobber_all);
}

__used __naked static int h5_poke32(void)
{
	asm volatile ("r2 = 3; *(u32 *)(r1 + 0) = r2; r0 = 0; exit;" ::: __clobber_all);
}

KEEP_TESTS(h5_sub_id, "r1 = r6; call h5_id;")
MOD_TESTS(h5_sub_inc, "r1 = r6; call h5_inc;",
	  "pass,tx", XDP_TX, "aborted,pass", XDP_ABORTED)
MOD_TESTS(h5_sub_poke,
	  "*(u64 *)(r10 - 8) = r6; r1 = r10; r1 += -8; call h5_poke32;"
	  "r0 = *(u64 *)(r10 - 8);",
	  "pass,tx", XDP_TX, "aborted,pass", XDP_ABORTED)

/* A.3 sync_linked_regs: r7 = r6 + 1, a branch on r7 refines r6 with the
 * delta: conservative (no longer the result), pass at run time
 */
MOD_TESTS(h5_linked_delta,
	  "if r6 > 4 goto +5; r8 = r6; r8 += 1; if r8 == 3 goto +0;"
	  "r0 = r6; exit; r0 = r6;",
	  "pass", XDP_PASS, "pass", XDP_PASS)

/* A.4 bpf_loop() callbacks with c = fp-32 = { ctx, val, -, - }: one adds
 * 1 to c.val (tx), one replaces it with h5slot_tx's result (tx, a result
 * main returns as is: h5slot_tx's body is held to the declaration)
 */
__used __naked static int h5_cb_inc(void)
{
	asm volatile (
	"r3 = *(u64 *)(r2 + 8);"
	"r3 += 1;"
	"*(u64 *)(r2 + 8) = r3;"
	"r0 = 1;"
	"exit;"
	::: __clobber_all);
}

__used __naked static int h5_cb_slot_tx(void)
{
	asm volatile (
	"r6 = r2;"
	"r1 = *(u64 *)(r2 + 0);"
	"call h5slot_tx;"
	"*(u64 *)(r6 + 8) = r0;"
	"r0 = 1;"
	"exit;"
	::: __clobber_all);
}

#define CB_BODY(cb)							\
	asm volatile (							\
	"r9 = r1;"							\
	"call h5slot_pass;"						\
	"r6 = r0;"							\
	"*(u64 *)(r10 - 32) = r9;"					\
	"*(u64 *)(r10 - 24) = r6;"					\
	"*(u64 *)(r10 - 16) = r6;"					\
	"*(u64 *)(r10 - 8) = r6;"					\
	LOAD_BYTE0_R9							\
	"if r7 == 1 goto l_cb_%=;"					\
"l_ret_%=:"								\
	"r0 = *(u64 *)(r10 - 24);"					\
	"exit;"								\
"l_cb_%=:"								\
	CALL_BPF_LOOP(1, cb)						\
	"goto l_ret_%=;"						\
	SHORT_PASS							\
	H5_OPERANDS)

SEC("xdp") __declare("drop,pass") __expect_actions("aborted,drop,pass")
__observed("aborted,pass") __retval_byte(1, XDP_ABORTED)
__naked int h5_cb_inc_declared(void) { CB_BODY(h5_cb_inc); }
SEC("xdp") __declare("drop,pass") __expect_actions("aborted,drop,pass") __state_freq
__observed("aborted,pass") __retval_byte(1, XDP_ABORTED)
__naked int h5_cb_inc_declared_freq(void) { CB_BODY(h5_cb_inc); }
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL)
__naked int h5_cb_inc_strict(void) { CB_BODY(h5_cb_inc); }

SEC("xdp") __declare("drop,pass") __expect_actions("drop,pass,tx")
__observed("pass,tx") __retval_byte(1, XDP_TX)
__naked int h5_cb_slot_tx_declared(void) { CB_BODY(h5_cb_slot_tx); }
SEC("xdp") __declare("drop,pass") __expect_actions("drop,pass,tx") __state_freq
__observed("pass,tx") __retval_byte(1, XDP_TX)
__naked int h5_cb_slot_tx_declared_freq(void) { CB_BODY(h5_cb_slot_tx); }
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL)
__msg("global function h5slot_tx may return tx")
__naked int h5_cb_slot_tx_strict(void) { CB_BODY(h5_cb_slot_tx); }

/* A.5 two results on converging paths, kept in stack slots: fp-8 holds
 * h5slot_pass's, fp-16 h5slot_tx's; the late branch copies fp-16 over
 * fp-8 (a 64-bit fill and spill) before the join that returns fp-8.
 * Pruning at the join must not let the first result stand for the second.
 */
#define TWO_STACK_BODY(pad)						\
	asm volatile (							\
	"r9 = r1;"							\
	"call h5slot_pass;"						\
	"*(u64 *)(r10 - 8) = r0;"					\
	"r1 = r9;"							\
	"call h5slot_tx;"						\
	"*(u64 *)(r10 - 16) = r0;"					\
	LOAD_BYTE0_R9							\
	"if r7 == 1 goto l_late_%=;"					\
	pad								\
"l_join_%=:"								\
	"r0 = *(u64 *)(r10 - 8);"					\
	"exit;"								\
"l_late_%=:"								\
	"r1 = *(u64 *)(r10 - 16);"					\
	"*(u64 *)(r10 - 8) = r1;"					\
	"goto l_join_%=;"						\
	SHORT_PASS							\
	H5_OPERANDS)

#define PAD								\
	"call %[bpf_get_prandom_u32];"					\
	"call %[bpf_get_prandom_u32];"					\
	"r1 = 0;"							\
	"r1 = 0;"							\
	"r1 = 0;"							\
	"r1 = 0;"							\
	"r1 = 0;"							\
	"r1 = 0;"

#define TWO_RESULTS_TESTS(name, BODY)					\
	SEC("xdp") __declare("drop,pass") __expect_actions("drop,pass,tx") \
	__observed("pass,tx") __retval_byte(1, XDP_TX)		\
	__naked int name##_declared(void) { BODY; }			\
	SEC("xdp") __declare("drop,pass") __expect_actions("drop,pass,tx") \
	__state_freq __observed("pass,tx") __retval_byte(1, XDP_TX)	\
	__naked int name##_declared_freq(void) { BODY; }		\
	SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL) \
	__msg("global function h5slot_tx may return tx")		\
	__naked int name##_strict(void) { BODY; }			\
	SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL) \
	__state_freq __msg("global function h5slot_tx may return tx")	\
	__naked int name##_strict_freq(void) { BODY; }

TWO_RESULTS_TESTS(h5_two_stack, TWO_STACK_BODY(""))
TWO_RESULTS_TESTS(h5_two_stack_pad, TWO_STACK_BODY(PAD))

/* the same choice made by a static subprogram: h5_pick(a, b, byte0)
 * returns b on byte0 == 1, else a
 */
__used __naked static int h5_pick(void)
{
	asm volatile (
	"r0 = r1;"
	"if r3 != 1 goto +1;"
	"r0 = r2;"
	"exit;"
	::: __clobber_all);
}

#define PICK_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	"call h5slot_pass;"						\
	"r6 = r0;"							\
	"r1 = r9;"							\
	"call h5slot_tx;"						\
	"r8 = r0;"							\
	LOAD_BYTE0_R9							\
	"r1 = r6;"							\
	"r2 = r8;"							\
	"r3 = r7;"							\
	"call h5_pick;"							\
	"exit;"								\
	SHORT_PASS							\
	H5_OPERANDS)
TWO_RESULTS_TESTS(h5_pick, PICK_BODY)

/* the same around an iterator loop: r6 and r8 hold h5slot_pass's result;
 * the late branch replaces r8 with h5slot_tx's; every turn that does not
 * return copies r8 into r6, the turn byte0 returns r6 (byte0 1: tx).
 * The iterator's loop head widens the imprecise results into unknown
 * values: conservative, the exit is guarded (tx becomes aborted).
 */
#define ITER_RESULTS_BODY						\
	asm volatile (							\
	"r9 = r1;"							\
	"call h5slot_pass;"						\
	"r6 = r0;"							\
	"r8 = r0;"							\
	LOAD_BYTE0_R9							\
	"if r7 == 1 goto l_late_%=;"					\
"l_enter_%=:"								\
	ITER_NEW(-8, 0, 4)						\
"l_loop_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_end_%=;"					\
	"r1 = *(u32 *)(r0 + 0);"					\
	"if r1 == r7 goto l_use_%=;"					\
	"r6 = r8;"							\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = %[pass];"							\
	"exit;"								\
"l_use_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	"r1 = r9;"							\
	"call h5slot_tx;"						\
	"r8 = r0;"							\
	"goto l_enter_%=;"						\
	SHORT_PASS							\
	H5_OPERANDS)
#define ITER_RESULTS(fn) __naked int fn(void) { ITER_RESULTS_BODY; }
SEC("xdp") __declare("drop,pass") __expect_actions("aborted,drop,pass")
__observed("aborted,pass") __retval_byte(1, XDP_ABORTED)
ITER_RESULTS(h5_iter_results_declared)
SEC("xdp") __declare("drop,pass") __expect_actions("aborted,drop,pass") __state_freq
__observed("aborted,pass") __retval_byte(1, XDP_ABORTED)
ITER_RESULTS(h5_iter_results_declared_freq)
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL)
__msg("xdp reqs: exit at insn")
ITER_RESULTS(h5_iter_results_strict)
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL) __state_freq
__msg("xdp reqs: exit at insn")
ITER_RESULTS(h5_iter_results_strict_freq)

/* A.6 a result thrown as the cookie (the default exception callback
 * returns it): h5slot_tx's, held like a returned one
 */
#define THROW_SLOT_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	"call h5slot_pass;"						\
	"r6 = r0;"							\
	"r1 = r9;"							\
	"call h5slot_tx;"						\
	"r8 = r0;"							\
	LOAD_BYTE0_R9							\
	"if r7 == 1 goto l_late_%=;"					\
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	"r1 = r8;"							\
	"call %[bpf_throw];"						\
	"r0 = %[pass];"							\
	"exit;"								\
	SHORT_PASS							\
	H5_OPERANDS)
SEC("xdp") __declare("drop,pass") __expect_actions("drop,pass,tx")
__observed("pass,tx") __retval_byte(1, XDP_TX)
__naked int h5_throw_slot_declared(void) { THROW_SLOT_BODY; }
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL)
__msg("global function h5slot_tx may return tx")
__naked int h5_throw_slot_strict(void) { THROW_SLOT_BODY; }

/* A.7 a function that only dead code calls is removed after
 * verification (opt_remove_dead_code(), privileged loads), and the
 * functions after it move down one index. h5_dead is called on a branch
 * the verifier knows is never taken, before h5slot_tx, whose result main
 * returns as is: h5slot_tx's body (tx) must still be held to the
 * declaration.
 */
__used __naked static int h5_dead(void)
{
	asm volatile ("r0 = 0; exit;" ::: __clobber_all);
}

#define DEAD_SHIFT_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	"r1 = 0;"							\
	"if r1 == 0 goto l_live_%=;"					\
	"call h5_dead;"							\
	"exit;"								\
"l_live_%=:"								\
	"r1 = r9;"							\
	"call h5slot_tx;"						\
	"exit;"								\
	H5_OPERANDS)
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL)
__msg("global function h5slot_tx may return tx")
__naked int h5_dead_shift_strict(void) { DEAD_SHIFT_BODY; }
SEC("xdp") __declare("drop,pass") __expect_actions("drop,pass,tx")
__observed("tx")
__naked int h5_dead_shift_declared(void) { DEAD_SHIFT_BODY; }

/* ==== B. loops between the choice of an action and its return ==== */

#define __act_loop(seen)						\
	__observed(seen) __retval_byte(1, XDP_TX)
#define __act_loop_guarded(seen_g)					\
	__declare("drop,pass") __expect_actions("aborted,drop,pass")	\
	__observed(seen_g) __retval_byte(1, XDP_ABORTED)
#define __act_loop_strict						\
	__declare("drop,pass") __strict __failure_errno(EINVAL)	\
	__msg("; declared drop,pass")

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

/* B.1 two sibling branches before the loop store the action into fp-16
 * (drop, or tx on the late branch) and join before the iterator is
 * created; the loop fills fp-16 on the turn byte0: 0, 2, 3 drop, 1 tx,
 * others pass
 */
#define SIBLINGS_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"if r7 == 1 goto l_late_%=;"					\
	"r1 = %[drop];"							\
	"*(u64 *)(r10 - 16) = r1;"					\
"l_join_%=:"								\
	"r6 = 0;"							\
	ITER_NEW(-8, 0, 4)						\
"l_loop_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_end_%=;"					\
	"r1 = *(u32 *)(r0 + 0);"					\
	"if r1 == r7 goto l_use_%=;"					\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = %[pass];"							\
	"exit;"								\
"l_use_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = *(u64 *)(r10 - 16);"					\
	"exit;"								\
"l_late_%=:"								\
	"r1 = %[tx];"							\
	"*(u64 *)(r10 - 16) = r1;"					\
	"goto l_join_%=;"						\
	SHORT_PASS							\
	H5_OPERANDS)
#define SIBLINGS(fn) __naked int fn(void) { SIBLINGS_BODY; }
ACT_LOOP_TESTS(h5_siblings, SIBLINGS, "drop,pass,tx", "aborted,drop,pass")

/* B.2 a loop after a loop, the action chosen between them: an iterator
 * loop that only turns, then r6 = drop, or tx on the late branch, then a
 * may_goto loop returning r6 on turn byte0: 1 tx, others drop
 */
#define AFTER_LOOP_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	ITER_NEW(-8, 0, 3)						\
"l_loop1_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_end1_%=;"					\
	"goto l_loop1_%=;"						\
"l_end1_%=:"								\
	ITER_DESTROY(-8)						\
	"if r7 == 1 goto l_late_%=;"					\
	"r6 = %[drop];"							\
"l_join_%=:"								\
	"r8 = 0;"							\
"l_loop2_%=:"								\
	"may_goto l_end2_%=;"						\
	"if r8 == r7 goto l_use_%=;"					\
	"r8 += 1;"							\
	"goto l_loop2_%=;"						\
"l_end2_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
"l_use_%=:"								\
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	"r6 = %[tx];"							\
	"goto l_join_%=;"						\
	SHORT_PASS							\
	H5_OPERANDS)
#define AFTER_LOOP(fn) __naked int fn(void) { AFTER_LOOP_BODY; }
ACT_LOOP_TESTS(h5_after_loop, AFTER_LOOP, "drop,tx", "aborted,drop")

/* B.3 a may_goto loop in a static subprogram called from two sites:
 * h5_mg(act, byte0) returns act on the turn byte0, else pass; main calls
 * it with (drop, 255) first, then with (r6, byte0), r6 = drop, or tx on
 * the late branch (between the calls): 1 tx, others drop
 */
__used __naked static int h5_mg(void)
{
	asm volatile (
	"r8 = 0;"
"l_loop_%=:"
	"may_goto l_end_%=;"
	"if r8 == r2 goto l_use_%=;"
	"r8 += 1;"
	"goto l_loop_%=;"
"l_end_%=:"
	"r0 = %[pass];"
	"exit;"
"l_use_%=:"
	"r0 = r1;"
	"exit;"
	H5_OPERANDS);
}

#define TWO_SITES_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"r1 = %[drop];"							\
	"r2 = 255;"							\
	"call h5_mg;"							\
	"r6 = %[drop];"							\
	"if r7 == 1 goto l_late_%=;"					\
"l_call_%=:"								\
	"r1 = r6;"							\
	"r2 = r7;"							\
	"call h5_mg;"							\
	"exit;"								\
"l_late_%=:"								\
	"r6 = %[tx];"							\
	"goto l_call_%=;"						\
	SHORT_PASS							\
	H5_OPERANDS)
#define TWO_SITES(fn) __naked int fn(void) { TWO_SITES_BODY; }
ACT_LOOP_TESTS(h5_two_sites, TWO_SITES, "drop,tx", "aborted,drop")

/* B.4 may_goto inside a bpf_loop() callback: c = fp-32 = { ctx, ret,
 * val, byte0 }; the callback reads c.val, counts r4 up to its index with
 * may_goto and then sets c.ret to what it read when the index is byte0;
 * val = tx on the late branch: 0, 2, 3 drop, 1 tx, others pass
 */
__used __naked static int h5_mgcb(void)
{
	asm volatile (
	"r5 = *(u64 *)(r2 + 16);"
	"r4 = 0;"
"l_loop_%=:"
	"may_goto l_out_%=;"
	"if r4 == r1 goto l_hit_%=;"
	"r4 += 1;"
	"goto l_loop_%=;"
"l_hit_%=:"
	"r3 = *(u64 *)(r2 + 24);"
	"if r4 != r3 goto l_out_%=;"
	"*(u64 *)(r2 + 8) = r5;"
"l_out_%=:"
	"r0 = 0;"
	"exit;"
	H5_OPERANDS);
}

#define MG_CB_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	"*(u64 *)(r10 - 32) = r9;"					\
	"r1 = %[pass];"							\
	"*(u64 *)(r10 - 24) = r1;"					\
	"*(u64 *)(r10 - 16) = r6;"					\
	"*(u64 *)(r10 - 8) = r7;"					\
	"if r7 == 1 goto l_late_%=;"					\
"l_call_%=:"								\
	CALL_BPF_LOOP(4, h5_mgcb)					\
	"r0 = *(u64 *)(r10 - 24);"					\
	"exit;"								\
"l_late_%=:"								\
	"r1 = %[tx];"							\
	"*(u64 *)(r10 - 16) = r1;"					\
	"goto l_call_%=;"						\
	SHORT_PASS							\
	H5_OPERANDS)
#define MG_CB(fn) __naked int fn(void) { MG_CB_BODY; }
ACT_LOOP_TESTS(h5_mg_cb, MG_CB, "drop,pass,tx", "aborted,drop,pass")

/* B.5 a branch before the loop (byte0 == 2) jumps past it, to the code
 * after the loop that the first path reached from the loop's exit; the
 * late branch (byte0 == 1) also sets r6 = tx first; the loop returns r6
 * on turn byte0 (0, 3 drop), after the loop r6 is returned when byte0 is
 * 1 or 2: 1 tx, 2 drop, others pass
 */
#define SKIP_LOOP_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	"if r7 == 1 goto l_late_%=;"					\
"l_join_%=:"								\
	"if r7 == 2 goto l_after_%=;"					\
	ITER_NEW(-8, 0, 4)						\
"l_loop_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_end_%=;"					\
	"r1 = *(u32 *)(r0 + 0);"					\
	"if r1 == r7 goto l_use_%=;"					\
	"goto l_loop_%=;"						\
"l_use_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = r6;"							\
	"exit;"								\
"l_end_%=:"								\
	ITER_DESTROY(-8)						\
"l_after_%=:"								\
	"if r7 > 2 goto l_pass_%=;"					\
	"if r7 == 0 goto l_pass_%=;"					\
	"r0 = r6;"							\
	"exit;"								\
"l_pass_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
"l_late_%=:"								\
	"r6 = %[tx];"							\
	"goto l_join_%=;"						\
	SHORT_PASS							\
	H5_OPERANDS)
#define SKIP_LOOP(fn) __naked int fn(void) { SKIP_LOOP_BODY; }
ACT_LOOP_TESTS(h5_skip_loop, SKIP_LOOP, "drop,pass,tx", "aborted,drop,pass")

/* B.6 the action carried around an iterator loop (r6 = r8 on every turn
 * that does not use it, r8 = tx on the late branch) and thrown as the
 * cookie on turn byte0: 0, 2, 3 drop, 1 tx, others pass. A throw is no
 * exit a guard can filter: declared, tx is effective (the loop head
 * widens the carried value: unknown); strict refuses it.
 */
#define THROW_CARRY_BODY						\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	"r8 = %[drop];"							\
	ITER_NEW(-8, 0, 4)						\
	"if r7 == 1 goto l_late_%=;"					\
"l_loop_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_end_%=;"					\
	"r1 = *(u32 *)(r0 + 0);"					\
	"if r1 == r7 goto l_use_%=;"					\
	"r6 = r8;"							\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = %[pass];"							\
	"exit;"								\
"l_use_%=:"								\
	ITER_DESTROY(-8)						\
	"r1 = r6;"							\
	"call %[bpf_throw];"						\
	"r0 = %[pass];"							\
	"exit;"								\
"l_late_%=:"								\
	"r8 = %[tx];"							\
	"goto l_loop_%=;"						\
	SHORT_PASS							\
	H5_OPERANDS)
#define THROW_CARRY(fn) __naked int fn(void) { THROW_CARRY_BODY; }
SEC("xdp") __observed("drop,pass,tx") __retval_byte(1, XDP_TX)
THROW_CARRY(h5_throw_carry)
SEC("xdp") __observed("drop,pass,tx") __retval_byte(1, XDP_TX) __state_freq
THROW_CARRY(h5_throw_carry_freq)
SEC("xdp") __declare("drop,pass") __expect_derived_has("drop,pass,tx")
__observed("drop,pass,tx") __retval_byte(1, XDP_TX)
THROW_CARRY(h5_throw_carry_declared)
SEC("xdp") __declare("drop,pass") __expect_derived_has("drop,pass,tx") __state_freq
__observed("drop,pass,tx") __retval_byte(1, XDP_TX)
THROW_CARRY(h5_throw_carry_declared_freq)
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL)
__msg("xdp reqs: bpf_throw at insn")
THROW_CARRY(h5_throw_carry_strict)
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL) __state_freq
__msg("xdp reqs: bpf_throw at insn")
THROW_CARRY(h5_throw_carry_strict_freq)

/* ==== C. headroom ==== */

#define HEAD_TESTS(name, DEF, min)					\
	SEC("xdp") __expect_headroom_min(min) __observed("pass")	\
	DEF(name)							\
	SEC("xdp") __expect_headroom_min(min) __observed("pass")	\
	__state_freq							\
	DEF(name##_freq)						\
	SEC("xdp") __declare("pass") __expect_headroom_min(min)		\
	__observed("pass")						\
	DEF(name##_declared)

/* push r2 bytes' worth (a negative delta) through a static subprogram:
 * h5_push(ctx, delta)
 */
__used __naked static int h5_push(void)
{
	asm volatile (
	"call %[bpf_xdp_adjust_head];"
	"r0 = 0;"
	"exit;"
	H5_OPERANDS);
}

/* C.1 the push in a static subprogram on every turn of an iterator
 * loop: 4 turns of 8
 */
#define SUB_ITER_PUSH_BODY						\
	asm volatile (							\
	"r9 = r1;"							\
	ITER_NEW(-8, 0, 4)						\
"l_loop_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_end_%=;"					\
	"r1 = r9;"							\
	"r2 = -8;"							\
	"call h5_push;"							\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = %[pass];"							\
	"exit;"								\
	H5_OPERANDS)
#define SUB_ITER_PUSH(fn) __naked int fn(void) { SUB_ITER_PUSH_BODY; }
HEAD_TESTS(h5_sub_iter_push, SUB_ITER_PUSH, 32)

/* C.2 the same subprogram called from two sites: exactly 16 + 16 */
#define SUB_TWICE_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	"r2 = -16;"							\
	"call h5_push;"							\
	"r1 = r9;"							\
	"r2 = -16;"							\
	"call h5_push;"							\
	"r0 = %[pass];"							\
	"exit;"								\
	H5_OPERANDS)
SEC("xdp") __expect_headroom(32) __observed("pass")
__naked int h5_sub_twice(void) { SUB_TWICE_BODY; }
SEC("xdp") __expect_headroom(32) __observed("pass") __declare("pass") __strict
__naked int h5_sub_twice_strict(void) { SUB_TWICE_BODY; }

/* C.3 metadata and head: 32 of metadata, then the head moves 32 (the
 * metadata moves with it): 64
 */
#define META_HEAD_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	"r1 = r9;"							\
	"r2 = -32;"							\
	"call %[bpf_xdp_adjust_meta];"					\
	"r1 = r9;"							\
	"r2 = -32;"							\
	"call %[bpf_xdp_adjust_head];"					\
	"r0 = %[pass];"							\
	"exit;"								\
	H5_OPERANDS)
SEC("xdp") __expect_headroom(64) __observed("pass")
__naked int h5_meta_head(void) { META_HEAD_BODY; }

/* the metadata grown back into the data (+32), then pushed again (-32)
 * twice more: 96 counted, 64 at most at run time
 */
#define META_BACK_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	"r1 = r9; r2 = -32; call %[bpf_xdp_adjust_meta];"		\
	"r1 = r9; r2 = 32; call %[bpf_xdp_adjust_meta];"		\
	"r1 = r9; r2 = -32; call %[bpf_xdp_adjust_meta];"		\
	"r1 = r9; r2 = -32; call %[bpf_xdp_adjust_head];"		\
	"r1 = r9; r2 = -32; call %[bpf_xdp_adjust_meta];"		\
	"r0 = %[pass];"							\
	"exit;"								\
	H5_OPERANDS)
SEC("xdp") __expect_headroom(128) __observed("pass")
__naked int h5_meta_back(void) { META_BACK_BODY; }

/* C.4 the delta is a global function's result (declared program): no
 * bound, unknown
 */
#define SLOT_DELTA_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	"call h5slot_pass;"						\
	"r2 = r0;"							\
	"r1 = r9;"							\
	"call %[bpf_xdp_adjust_head];"					\
	"r0 = %[pass];"							\
	"exit;"								\
	H5_OPERANDS)
SEC("xdp") __declare("pass") __expect_headroom_unknown __observed("pass")
__naked int h5_slot_delta(void) { SLOT_DELTA_BODY; }
SEC("xdp") __declare("pass") __strict __expect_headroom_unknown __observed("pass")
__naked int h5_slot_delta_strict(void) { SLOT_DELTA_BODY; }

/* C.5 the push only on the late branch, every turn of a may_goto loop
 * of 8: 64 at run time (byte0 1)
 */
#define MG_LATE_PUSH_BODY						\
	asm volatile (							\
	LOAD_BYTE0							\
	"r8 = 0;"							\
"l_loop_%=:"								\
	"may_goto l_end_%=;"						\
	"if r8 > 7 goto l_end_%=;"					\
	"r8 += 1;"							\
	"if r7 != 1 goto l_loop_%=;"					\
	"r1 = r9;"							\
	"r2 = -8;"							\
	"call %[bpf_xdp_adjust_head];"					\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	SHORT_PASS							\
	H5_OPERANDS)
#define MG_LATE_PUSH(fn) __naked int fn(void) { MG_LATE_PUSH_BODY; }
HEAD_TESTS(h5_mg_late_push, MG_LATE_PUSH, 64)

/* C.6 a bpf_loop() callback pushes through a static subprogram (c.ctx =
 * fp-32): 4 turns of 8
 */
__used __naked static int h5_push_cb(void)
{
	asm volatile (
	"r1 = *(u64 *)(r2 + 0);"
	"r2 = -8;"
	"call h5_push;"
	"r0 = 0;"
	"exit;"
	H5_OPERANDS);
}

#define LOOP_SUB_PUSH_BODY						\
	asm volatile (							\
	"r9 = r1;"							\
	"*(u64 *)(r10 - 32) = r9;"					\
	CALL_BPF_LOOP(4, h5_push_cb)					\
	"r0 = %[pass];"							\
	"exit;"								\
	H5_OPERANDS)
#define LOOP_SUB_PUSH(fn) __naked int fn(void) { LOOP_SUB_PUSH_BODY; }
HEAD_TESTS(h5_loop_sub_push, LOOP_SUB_PUSH, 32)

/* C.7 metadata pushed on every turn of an iterator loop: 4 turns of 8
 * (the 32 bytes metadata may have)
 */
#define ITER_META_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	ITER_NEW(-8, 0, 4)						\
"l_loop_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_end_%=;"					\
	"r1 = r9;"							\
	"r2 = -8;"							\
	"call %[bpf_xdp_adjust_meta];"					\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = %[pass];"							\
	"exit;"								\
	H5_OPERANDS)
#define ITER_META(fn) __naked int fn(void) { ITER_META_BODY; }
HEAD_TESTS(h5_iter_meta, ITER_META, 32)

/* C.8 the delta in a stack slot read by a bpf_loop() callback: c = {
 * ctx, delta, -, byte0 }, delta -8, or -200 on the late branch; the
 * callback pushes it on its turn 0 when byte0 is 1
 */
__used __naked static int h5_half_cb(void)
{
	asm volatile (
	"r6 = r2;"
	"r3 = *(u64 *)(r2 + 24);"
	"if r3 != 1 goto l_out_%=;"
	"if r1 != 0 goto l_out_%=;"
	"r1 = *(u64 *)(r6 + 0);"
	"r2 = *(u64 *)(r6 + 8);"
	"call %[bpf_xdp_adjust_head];"
"l_out_%=:"
	"r0 = 0;"
	"exit;"
	H5_OPERANDS);
}

#define LOOP_DELTA_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"*(u64 *)(r10 - 32) = r9;"					\
	"r1 = -8;"							\
	"*(u64 *)(r10 - 24) = r1;"					\
	"*(u64 *)(r10 - 8) = r7;"					\
	"if r7 == 1 goto l_late_%=;"					\
"l_call_%=:"								\
	CALL_BPF_LOOP(4, h5_half_cb)					\
	"r0 = %[pass];"							\
	"exit;"								\
"l_late_%=:"								\
	"r1 = -200;"							\
	"*(u64 *)(r10 - 24) = r1;"					\
	"goto l_call_%=;"						\
	SHORT_PASS							\
	H5_OPERANDS)
#define LOOP_DELTA(fn) __naked int fn(void) { LOOP_DELTA_BODY; }
HEAD_TESTS(h5_loop_delta, LOOP_DELTA, 200)

/* ==== D. other ==== */

/* D.1 a pointer returned (a privileged program may): unknown; declared,
 * the guard turns it into aborted
 */
#define RET_PTR_BODY							\
	asm volatile (							\
	"r1 = 0;"							\
	"*(u32 *)(r10 - 4) = r1;"					\
	"r2 = r10;"							\
	"r2 += -4;"							\
	"r1 = %[vals] ll;"						\
	"call %[bpf_map_lookup_elem];"					\
	"if r0 == 0 goto l_pass_%=;"					\
	"exit;"								\
"l_pass_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	H5_OPERANDS)
SEC("xdp") __expect_derived_has("unknown")
__naked int h5_ret_ptr(void) { RET_PTR_BODY; }
SEC("xdp") __declare("pass") __expect_actions("aborted,pass") __expect_guarded(1)
__observed("aborted")
__naked int h5_ret_ptr_declared(void) { RET_PTR_BODY; }

/* keep the kfuncs in BTF for the asm above */
SEC("xdp") __observed("pass")
int h5_c_kfuncs(struct xdp_md *ctx)
{
	int i, n = 0;

	bpf_for(i, 0, 3)
		n += i;
	if (n != 3)
		bpf_throw(XDP_PASS);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
