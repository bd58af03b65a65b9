// SPDX-License-Identifier: GPL-2.0
/* Adversarial review of the derivation: programs that try to return an
 * action, or push more headroom, than the effective requirement says.
 * Every program carries the expectation a correct kernel meets; the
 * loader (tests/xdp_reqs_derive.c) also checks every run against the
 * effective requirement. All names start with "h_" so that
 * "xdp_reqs_derive/h_" runs only these.
 *
 * Byte 0 == 1 is the input that takes the path the verifier walks last
 * (the "late" branch), as in xdp_reqs_loops.bpf.c.
 *
 * Holes these programs found (they fail until fixed):
 * - A.1-A.5: the result of a global function is taken to be a declared
 *   action at an exit that returns it "unchanged" (its scalar id), but
 *   state pruning compares ids only for consistency: a path that returns
 *   another slot's result, a changed result or even a constant is pruned
 *   against the checkpoint where the slot's result was precise, and is
 *   neither derived, guarded nor held to the declaration (h_two_slots*,
 *   h_xor_join*, h_const_join*, h_map_late*, h_disp2_c*, h_libxdp*,
 *   h_libxdp10* -- the last one is libxdp's dispatcher, no state_freq).
 * - B.13-B.17: a value carried around an iterator or may_goto loop (r6 =
 *   r8 on every turn) needs precision on r8 at the loop head, which the
 *   back edge never delivers; the late branch is pruned at the loop head
 *   (h_iter_carry*, h_mg_carry*, h_iter_carry_head*, h_iter_carry_stack*).
 * - C: a kernel that keeps spilled registers across helper stack accesses
 *   that are not MEM_WRITE misses bpf_snprintf()'s writes (h_snprintf_*;
 *   fixed again in the tree at the time of writing, kept as a guard).
 */
#include <stddef.h>
#include "xdp_reqs_common.h"
#include "xdp_reqs_asm.h"


/* The programs come in parts, one object each, as the loader tests at
 * most 128 programs of an object: xdp_reqs_hunt.bpf.o is part 1,
 * xdp_reqs_huntN.bpf.o (which includes this file) part N.
 */
#ifndef HUNT_PART
#define HUNT_PART 1
#endif

extern void bpf_throw(__u64 cookie) __ksym;

#define HUNT_OPERANDS							\
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
	  __imm(bpf_iter_num_new),					\
	  __imm(bpf_iter_num_next),					\
	  __imm(bpf_iter_num_destroy),					\
	  __imm(bpf_xdp_adjust_head),					\
	  __imm(bpf_xdp_adjust_meta),					\
	  __imm(bpf_loop),						\
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

#define C_INIT								\
	"*(u64 *)(r10 - 32) = r9;"					\
	"r1 = %[pass];"							\
	"*(u64 *)(r10 - 24) = r1;"					\
	"*(u64 *)(r10 - 16) = r6;"					\
	"*(u64 *)(r10 - 8) = r7;"
#define CALL_BPF_LOOP(n, cb)						\
	"r1 = " #n ";"							\
	"r2 = " #cb " ll;"						\
	"r3 = r10;"							\
	"r3 += -32;"							\
	"r4 = 0;"							\
	"call %[bpf_loop];"

/* ==== A. global functions whose result a declared program returns ==== */

/* Global "slot" functions, verified on their own: their result is
 * unknown to the caller. The empty asm hides the constants from clang.
 */
__noinline int hslot_pass(struct xdp_md *ctx)
{
	int ret = XDP_PASS;

	asm volatile("" : "+r"(ret) : "r"(ctx));
	return ret;
}

__noinline int hslot_tx(struct xdp_md *ctx)
{
	int ret = XDP_TX;

	asm volatile("" : "+r"(ret) : "r"(ctx));
	return ret;
}

/* drop when byte0 == 2, else pass */
__noinline int hslot_drop2(struct xdp_md *ctx)
{
	int ret = byte0(ctx) == 2 ? XDP_DROP : XDP_PASS;

	asm volatile("" : "+r"(ret));
	return ret;
}

/* tx when byte0 == 1, else pass */
__noinline int hslot_tx1(struct xdp_md *ctx)
{
	int ret = byte0(ctx) == 1 ? XDP_TX : XDP_PASS;

	asm volatile("" : "+r"(ret));
	return ret;
}

#if HUNT_PART == 1
/* A.1 The libxdp dispatcher shape: chain-call two slots, return the first
 * result other than pass. hslot_tx1's result is returned as is, so the
 * derivation must hold its body (tx) to the declaration: strict refuses
 * it, otherwise tx is effective.
 */
static __always_inline int hdispatch(struct xdp_md *ctx)
{
	int ret;

	ret = hslot_drop2(ctx);
	if (ret != XDP_PASS)
		return ret;
	ret = hslot_tx1(ctx);
	if (ret != XDP_PASS)
		return ret;
	return XDP_PASS;
}

#define DISP_TESTS(name, body)						\
	SEC("xdp") __observed("drop,pass,tx") __retval_byte(1, XDP_TX)	\
	__expect_derived_has("unknown")				\
	int name(struct xdp_md *ctx) { return body(ctx); }		\
	SEC("xdp") __observed("drop,pass,tx") __retval_byte(1, XDP_TX)	\
	__expect_derived_has("unknown") __state_freq		\
	int name##_freq(struct xdp_md *ctx) { return body(ctx); }	\
	SEC("xdp") __declare("drop,pass")				\
	__expect_actions("drop,pass,tx")				\
	__observed("drop,pass,tx") __retval_byte(1, XDP_TX)		\
	int name##_declared(struct xdp_md *ctx) { return body(ctx); }	\
	SEC("xdp") __declare("drop,pass") __state_freq			\
	__expect_actions("drop,pass,tx")				\
	__observed("drop,pass,tx") __retval_byte(1, XDP_TX)		\
	int name##_declared_freq(struct xdp_md *ctx) { return body(ctx); } \
	SEC("xdp") __declare("drop,pass") __strict			\
	__failure_errno(EINVAL) __msg("may return tx")			\
	int name##_strict(struct xdp_md *ctx) { return body(ctx); }	\
	SEC("xdp") __declare("drop,pass") __strict __state_freq	\
	__failure_errno(EINVAL) __msg("may return tx")			\
	int name##_strict_freq(struct xdp_md *ctx) { return body(ctx); }

DISP_TESTS(h_disp_c, hdispatch)

/* The same with the slots the other way round: hslot_tx1 first. */
static __always_inline int hdispatch2(struct xdp_md *ctx)
{
	int ret;

	ret = hslot_tx1(ctx);
	if (ret != XDP_PASS)
		return ret;
	ret = hslot_drop2(ctx);
	if (ret != XDP_PASS)
		return ret;
	return XDP_PASS;
}

DISP_TESTS(h_disp2_c, hdispatch2)

/* A.1b libxdp's xdp-dispatcher as it is written (configuration in
 * .rodata, a chain-call mask per slot), three slots, the first one tx on
 * byte0 == 1.
 */
struct hdisp_config {
	__u8 num_progs_enabled;
	__u32 chain_call_actions[3];
};

const volatile struct hdisp_config hconf = {
	.num_progs_enabled = 3,
	.chain_call_actions = { 1U << XDP_PASS, 1U << XDP_PASS, 1U << XDP_PASS },
};

static __always_inline int hlibxdp(struct xdp_md *ctx)
{
	__u8 num_progs_enabled = hconf.num_progs_enabled;
	int ret;

	if (num_progs_enabled < 1)
		goto out;
	ret = hslot_tx1(ctx);
	if (!((1U << ret) & hconf.chain_call_actions[0]))
		return ret;
	if (num_progs_enabled < 2)
		goto out;
	ret = hslot_drop2(ctx);
	if (!((1U << ret) & hconf.chain_call_actions[1]))
		return ret;
	if (num_progs_enabled < 3)
		goto out;
	ret = hslot_pass(ctx);
	if (!((1U << ret) & hconf.chain_call_actions[2]))
		return ret;
out:
	return XDP_PASS;
}

DISP_TESTS(h_libxdp, hlibxdp)

/* A.1c the same with libxdp's ten slots (and its compat_test call), slot
 * 0 tx on byte0 == 1, slot 1 drop on byte0 == 2, the others pass: the
 * verifier's own state heuristic, no BPF_F_TEST_STATE_FREQ needed.
 */
struct hdisp10_config {
	__u8 num_progs_enabled;
	__u32 chain_call_actions[10];
};

#define PASS_MASK (1U << XDP_PASS)
const volatile struct hdisp10_config hconf10 = {
	.num_progs_enabled = 10,
	.chain_call_actions = { PASS_MASK, PASS_MASK, PASS_MASK, PASS_MASK,
				PASS_MASK, PASS_MASK, PASS_MASK, PASS_MASK,
				PASS_MASK, PASS_MASK },
};

#define HSLOT(n, f)							\
	if (num_progs_enabled < n + 1)					\
		goto out;						\
	ret = f(ctx);							\
	if (!((1U << ret) & hconf10.chain_call_actions[n]))		\
		return ret;

static __always_inline int hlibxdp10(struct xdp_md *ctx)
{
	__u8 num_progs_enabled = hconf10.num_progs_enabled;
	int ret;

	HSLOT(0, hslot_tx1)
	HSLOT(1, hslot_drop2)
	HSLOT(2, hslot_pass)
	HSLOT(3, hslot_pass)
	HSLOT(4, hslot_pass)
	HSLOT(5, hslot_pass)
	HSLOT(6, hslot_pass)
	HSLOT(7, hslot_pass)
	HSLOT(8, hslot_pass)
	HSLOT(9, hslot_pass)
	if (num_progs_enabled < 11)
		goto out;
	ret = hslot_pass(ctx);
out:
	return XDP_PASS;
}

DISP_TESTS(h_libxdp10, hlibxdp10)

/* A.2 The same result changed before it is returned (ret ^ 1 on byte0
 * == 1): not the slot's result any more. In C, the two paths join at
 * the exit.
 */
static __always_inline int hxor_c(struct xdp_md *ctx)
{
	int ret = hslot_pass(ctx);

	if (byte0(ctx) == 1)
		ret ^= 1;
	return ret;
}

/* pass, or tx (3) on byte0 == 1; guarded that is aborted */
#define XOR_TESTS(name, DEF)						\
	SEC("xdp") __observed("pass,tx") __retval_byte(1, XDP_TX)	\
	__expect_derived_has("unknown")				\
	DEF(name)							\
	SEC("xdp") __observed("pass,tx") __retval_byte(1, XDP_TX)	\
	__expect_derived_has("unknown") __state_freq			\
	DEF(name##_freq)						\
	SEC("xdp") __declare("drop,pass")				\
	__expect_actions("aborted,drop,pass")				\
	__observed("aborted,pass") __retval_byte(1, XDP_ABORTED)	\
	DEF(name##_declared)						\
	SEC("xdp") __declare("drop,pass") __state_freq			\
	__expect_actions("aborted,drop,pass")				\
	__observed("aborted,pass") __retval_byte(1, XDP_ABORTED)	\
	DEF(name##_declared_freq)					\
	SEC("xdp") __declare("drop,pass") __strict			\
	__failure_errno(EINVAL) __msg("xdp reqs: exit at insn")	\
	DEF(name##_strict)						\
	SEC("xdp") __declare("drop,pass") __strict __state_freq	\
	__failure_errno(EINVAL) __msg("xdp reqs: exit at insn")	\
	DEF(name##_strict_freq)

#define C_XOR(fn) int fn(struct xdp_md *ctx) { return hxor_c(ctx); }
XOR_TESTS(h_xor_c, C_XOR)

/* A.2b The same with a constant: tx instead of the slot's result on
 * byte0 == 1, both returned through one exit. tx is no slot result; it
 * must count (undeclared: derived, declared: guarded, strict: refused).
 */
static __always_inline int hconst_c(struct xdp_md *ctx)
{
	int ret = hslot_pass(ctx);

	if (byte0(ctx) == 1)
		ret = XDP_TX;
	return ret;
}

#define CONST_TESTS(name, DEF)						\
	SEC("xdp") __observed("pass,tx") __retval_byte(1, XDP_TX)	\
	DEF(name)							\
	SEC("xdp") __observed("pass,tx") __retval_byte(1, XDP_TX)	\
	__state_freq							\
	DEF(name##_freq)						\
	SEC("xdp") __declare("drop,pass")				\
	__expect_actions("aborted,drop,pass")				\
	__observed("aborted,pass") __retval_byte(1, XDP_ABORTED)	\
	DEF(name##_declared)						\
	SEC("xdp") __declare("drop,pass") __state_freq			\
	__expect_actions("aborted,drop,pass")				\
	__observed("aborted,pass") __retval_byte(1, XDP_ABORTED)	\
	DEF(name##_declared_freq)					\
	SEC("xdp") __declare("drop,pass") __strict			\
	__failure_errno(EINVAL) __msg("may return tx")			\
	DEF(name##_strict)						\
	SEC("xdp") __declare("drop,pass") __strict __state_freq	\
	__failure_errno(EINVAL) __msg("may return tx")			\
	DEF(name##_strict_freq)

#define C_CONST(fn) int fn(struct xdp_md *ctx) { return hconst_c(ctx); }
CONST_TESTS(h_const_c, C_CONST)

/* A.3 The same in asm, the order forced: the unchanged result reaches
 * the exit first and is a checkpoint at l_join; r6 ^= 1 comes last.
 */
#define XOR_ASM_BODY(change)						\
	asm volatile (							\
	"r9 = r1;"							\
	"call hslot_pass;"						\
	"r6 = r0;"							\
	LOAD_BYTE0_R9							\
	"if r7 == 1 goto l_late_%=;"					\
"l_join_%=:"								\
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	change								\
	"goto l_join_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)

#define XOR_ASM(fn) __naked int fn(void) { XOR_ASM_BODY("r6 ^= 1;"); }
XOR_TESTS(h_xor_join, XOR_ASM)

/* the constant tx instead of the slot's result */
#define CONST_ASM(fn) __naked int fn(void) { XOR_ASM_BODY("r6 = %[tx];"); }
XOR_TESTS(h_const_join, CONST_ASM)

/* r6 = r6 + 1 as a 32-bit add (pass + 1 = tx) */
#define ADD32_ASM(fn) __naked int fn(void) { XOR_ASM_BODY("w6 += 1;"); }
XOR_TESTS(h_add32_join, ADD32_ASM)

/* A.4 Two slots: the late branch returns the second slot's result (tx)
 * through the same exit as the first slot's (pass). Both are returned
 * as is: hslot_tx's body must be held to the declaration.
 */
#define TWO_SLOTS_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	"call hslot_pass;"						\
	"r6 = r0;"							\
	"r1 = r9;"							\
	"call hslot_tx;"						\
	"r8 = r0;"							\
	LOAD_BYTE0_R9							\
	"if r7 == 1 goto l_late_%=;"					\
"l_join_%=:"								\
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	"r6 = r8;"							\
	"goto l_join_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)

#define TWO_SLOTS(fn) __naked int fn(void) { TWO_SLOTS_BODY; }

/* The same without BPF_F_TEST_STATE_FREQ: two helper calls (jumps that
 * are no prune points) and a few instructions before l_join, so that the
 * verifier keeps a state there by its own heuristic.
 */
#define PAD								\
	"call %[bpf_get_prandom_u32];"					\
	"call %[bpf_get_prandom_u32];"					\
	"r1 = 0;"							\
	"r1 = 0;"							\
	"r1 = 0;"							\
	"r1 = 0;"							\
	"r1 = 0;"							\
	"r1 = 0;"

#define TWO_SLOTS_PAD_BODY						\
	asm volatile (							\
	"r9 = r1;"							\
	"call hslot_pass;"						\
	"r6 = r0;"							\
	"r1 = r9;"							\
	"call hslot_tx;"						\
	"r8 = r0;"							\
	LOAD_BYTE0_R9							\
	"if r7 == 1 goto l_late_%=;"					\
	PAD								\
"l_join_%=:"								\
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	"r6 = r8;"							\
	"goto l_join_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define TWO_SLOTS_PAD(fn) __naked int fn(void) { TWO_SLOTS_PAD_BODY; }

SEC("xdp") __declare("drop,pass") __expect_actions("drop,pass,tx")
__observed("pass,tx") __retval_byte(1, XDP_TX)
TWO_SLOTS_PAD(h_two_slots_pad_declared)
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL)
__msg("global function hslot_tx may return tx")
TWO_SLOTS_PAD(h_two_slots_pad_strict)

SEC("xdp") __observed("pass,tx") __retval_byte(1, XDP_TX)
TWO_SLOTS(h_two_slots)
SEC("xdp") __observed("pass,tx") __retval_byte(1, XDP_TX) __state_freq
TWO_SLOTS(h_two_slots_freq)
SEC("xdp") __declare("drop,pass") __expect_actions("drop,pass,tx")
__observed("pass,tx") __retval_byte(1, XDP_TX)
TWO_SLOTS(h_two_slots_declared)
SEC("xdp") __declare("drop,pass") __expect_actions("drop,pass,tx") __state_freq
__observed("pass,tx") __retval_byte(1, XDP_TX)
TWO_SLOTS(h_two_slots_declared_freq)
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL)
__msg("global function hslot_tx may return tx")
TWO_SLOTS(h_two_slots_strict)
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL) __state_freq
__msg("global function hslot_tx may return tx")
TWO_SLOTS(h_two_slots_strict_freq)

/* A.5 The late branch returns vals[0] instead of the slot's result. */
#define MAP_LATE_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	"call hslot_pass;"						\
	"r6 = r0;"							\
	LOAD_BYTE0_R9							\
	"if r7 == 1 goto l_late_%=;"					\
"l_join_%=:"								\
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	"r1 = 0;"							\
	"*(u32 *)(r10 - 4) = r1;"					\
	"r2 = r10;"							\
	"r2 += -4;"							\
	"r1 = %[vals] ll;"						\
	"call %[bpf_map_lookup_elem];"					\
	"if r0 == 0 goto l_join_%=;"					\
	"r6 = *(u32 *)(r0 + 0);"					\
	"goto l_join_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)

#define MAP_LATE(fn) __naked int fn(void) { MAP_LATE_BODY; }

SEC("xdp") __observed("aborted,drop,pass,tx,redirect,unknown") __retval_at(1, 3, XDP_TX)
MAP_LATE(h_map_late)
SEC("xdp") __declare("drop,pass") __expect_actions("aborted,drop,pass")
__observed("aborted,drop,pass") __retval_at(1, 3, XDP_ABORTED)
__retval_at(1, 7, XDP_ABORTED)
MAP_LATE(h_map_late_declared)
SEC("xdp") __declare("drop,pass") __expect_actions("aborted,drop,pass")
__observed("aborted,drop,pass") __retval_at(1, 3, XDP_ABORTED)
__retval_at(1, 7, XDP_ABORTED) __state_freq
MAP_LATE(h_map_late_declared_freq)
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL)
__msg("xdp reqs: exit at insn")
MAP_LATE(h_map_late_strict)
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL) __state_freq
__msg("xdp reqs: exit at insn")
MAP_LATE(h_map_late_strict_freq)


#endif /* HUNT_PART == 1 */

#if HUNT_PART == 2
/* A.6 The slot's result changed on its own exit (no join, nothing to
 * prune): each change makes it no longer the slot's result, so the exit
 * is unknown and gets a guard (one); the other exit returns the slot's
 * result as is (no guard). CHANGE computes r0 from r6 (pass).
 */
#define MOD_EXIT_BODY(change)						\
	asm volatile (							\
	"r9 = r1;"							\
	"call hslot_pass;"						\
	"r6 = r0;"							\
	LOAD_BYTE0_R9							\
	"if r7 == 1 goto l_mod_%=;"					\
	"r0 = r6;"							\
	"exit;"								\
"l_mod_%=:"								\
	change								\
	"exit;"								\
	SHORT_PASS							\
	HUNT_OPERANDS)

/* RET: what the change makes of pass; GRET: the same through the guard */
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

MOD_TESTS(h_mod_xor, "r0 = r6; r0 ^= 1;", "pass,tx", XDP_TX, "aborted,pass", XDP_ABORTED)
MOD_TESTS(h_mod_add0, "r0 = r6; r0 += 0;", "pass", XDP_PASS, "pass", XDP_PASS)
MOD_TESTS(h_mod_add_sub, "r0 = r6; r0 += 1; r0 += -1;", "pass", XDP_PASS, "pass", XDP_PASS)
MOD_TESTS(h_mod_add1_sub, "r0 = r6; r0 += 1;", "pass,tx", XDP_TX, "aborted,pass", XDP_ABORTED)
MOD_TESTS(h_mod_mov32, "w0 = w6;", "pass", XDP_PASS, "pass", XDP_PASS)
MOD_TESTS(h_mod_movsx32, "r0 = (s32)r6;", "pass", XDP_PASS, "pass", XDP_PASS)
MOD_TESTS(h_mod_movsx8, "r0 = (s8)r6;", "pass", XDP_PASS, "pass", XDP_PASS)
MOD_TESTS(h_mod_and, "r0 = r6; r0 &= -1;", "pass", XDP_PASS, "pass", XDP_PASS)
MOD_TESTS(h_mod_or, "r0 = r6; r0 |= 1;", "pass,tx", XDP_TX, "aborted,pass", XDP_ABORTED)
MOD_TESTS(h_mod_neg, "r0 = r6; r0 = -r0;", "pass,unknown", 0xfffffffe, "aborted,pass", XDP_ABORTED)
MOD_TESTS(h_mod_bswap, "r0 = r6; r0 = be32 r0;", "pass,unknown", 0x02000000, "aborted,pass", XDP_ABORTED)
MOD_TESTS(h_mod_fill32, "*(u64 *)(r10 - 8) = r6; r0 = *(u32 *)(r10 - 8);", "pass", XDP_PASS, "pass", XDP_PASS)
MOD_TESTS(h_mod_fill16, "*(u64 *)(r10 - 8) = r6; r0 = *(u16 *)(r10 - 8);", "pass", XDP_PASS, "pass", XDP_PASS)
MOD_TESTS(h_mod_fill_s32, "*(u64 *)(r10 - 8) = r6; r0 = *(s32 *)(r10 - 8);", "pass", XDP_PASS, "pass", XDP_PASS)
MOD_TESTS(h_mod_spill32, "*(u32 *)(r10 - 8) = r6; r0 = *(u32 *)(r10 - 8);", "pass", XDP_PASS, "pass", XDP_PASS)
MOD_TESTS(h_mod_atomic_add, "*(u64 *)(r10 - 8) = r6; r1 = 1; lock *(u64 *)(r10 - 8) += r1; r0 = *(u64 *)(r10 - 8);", "pass,tx", XDP_TX, "aborted,pass", XDP_ABORTED)
MOD_TESTS(h_mod_byte_store, "*(u64 *)(r10 - 8) = r6; r1 = 3; *(u8 *)(r10 - 8) = r1; r0 = *(u64 *)(r10 - 8);", "pass,tx", XDP_TX, "aborted,pass", XDP_ABORTED)
MOD_TESTS(h_mod_st_half, "*(u64 *)(r10 - 8) = r6; *(u32 *)(r10 - 8) = 3; r0 = *(u64 *)(r10 - 8);", "pass,tx", XDP_TX, "aborted,pass", XDP_ABORTED)

/* the unchanged result through a 64-bit spill and fill, and an xchg that
 * hands back the old value: still the slot's result, no guard
 */
#define KEEP_TESTS(name, change)					\
	SEC("xdp") __declare("drop,pass") __expect_guarded(0)		\
	__expect_actions("drop,pass") __observed("pass")		\
	__naked int name(void) { MOD_EXIT_BODY(change); }		\
	SEC("xdp") __declare("drop,pass") __strict __expect_guarded(0)	\
	__expect_actions("drop,pass") __observed("pass") __state_freq	\
	__naked int name##_strict_freq(void) { MOD_EXIT_BODY(change); }

KEEP_TESTS(h_keep_fill64, "*(u64 *)(r10 - 8) = r6; r0 = *(u64 *)(r10 - 8);")
KEEP_TESTS(h_keep_xchg, "*(u64 *)(r10 - 8) = r6; r0 = 3; r0 = xchg_64(r10 - 8, r0);")
KEEP_TESTS(h_keep_fetch_add, "*(u64 *)(r10 - 8) = r6; r0 = 1; r0 = atomic_fetch_add((u64 *)(r10 - 8), r0);")

/* A.7 a slot whose own body returns an undeclared action, returned as is
 * on its own exit: the body is held to the declaration.
 */
#define STUB_TX_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	"call hslot_tx;"						\
	"exit;"								\
	HUNT_OPERANDS)
SEC("xdp") __declare("drop,pass") __expect_actions("drop,pass,tx")
__observed("tx") __expect_guarded(0)
__naked int h_stub_tx(void) { STUB_TX_BODY; }
SEC("xdp") __declare("drop,pass") __expect_actions("drop,pass,tx") __state_freq
__observed("tx") __expect_guarded(0)
__naked int h_stub_tx_freq(void) { STUB_TX_BODY; }
SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL)
__msg("xdp reqs: global function hslot_tx may return tx; declared drop,pass")
__naked int h_stub_tx_strict(void) { STUB_TX_BODY; }

/* the slot's result returned from a static subprogram (frame 1) */
static __noinline int hstatic_fwd(struct xdp_md *ctx)
{
	return hslot_tx(ctx);
}

SEC("xdp") __declare("drop,pass") __strict __failure_errno(EINVAL)
__msg("global function hslot_tx may return tx")
int h_stub_static_strict(struct xdp_md *ctx)
{
	return hstatic_fwd(ctx);
}

SEC("xdp") __declare("drop,pass") __expect_actions("drop,pass,tx")
__observed("tx")
int h_stub_static(struct xdp_md *ctx)
{
	return hstatic_fwd(ctx);
}

#endif /* HUNT_PART == 2 */

#if HUNT_PART == 1
/* A.8 exceptions: a custom exception callback returns the cookie; its
 * exit is an exit of the program.
 */
#define __exception_cb(name) __attribute__((btf_decl_tag("exception_callback:" #name)))

__noinline int h_exc_cb(__u64 cookie)
{
	return cookie;
}

static __always_inline int throw_tx_on_1(struct xdp_md *ctx)
{
	if (byte0(ctx) == 1)
		bpf_throw(XDP_TX);
	return XDP_PASS;
}

SEC("xdp") __exception_cb(h_exc_cb) __observed("pass,tx") __retval_byte(1, XDP_TX)
int h_exc(struct xdp_md *ctx) { return throw_tx_on_1(ctx); }
SEC("xdp") __exception_cb(h_exc_cb) __declare("pass")
__expect_actions("aborted,pass") __observed("aborted,pass") __retval_byte(1, XDP_ABORTED)
int h_exc_declared(struct xdp_md *ctx) { return throw_tx_on_1(ctx); }
SEC("xdp") __exception_cb(h_exc_cb) __declare("pass") __state_freq
__expect_actions("aborted,pass") __observed("aborted,pass") __retval_byte(1, XDP_ABORTED)
int h_exc_declared_freq(struct xdp_md *ctx) { return throw_tx_on_1(ctx); }
SEC("xdp") __exception_cb(h_exc_cb) __declare("pass") __strict __failure_errno(EINVAL)
int h_exc_strict(struct xdp_md *ctx) { return throw_tx_on_1(ctx); }

/* the default callback, the cookie thrown from a static subprogram */
static __noinline int throw_static(struct xdp_md *ctx)
{
	if (byte0(ctx) == 1)
		bpf_throw(XDP_TX);
	return XDP_PASS;
}

SEC("xdp") __declare("pass") __expect_actions("pass,tx")
__observed("pass,tx") __retval_byte(1, XDP_TX)
int h_throw_static(struct xdp_md *ctx) { return throw_static(ctx); }
SEC("xdp") __declare("pass") __strict __failure_errno(EINVAL)
__msg("xdp reqs: bpf_throw at insn")
int h_throw_static_strict(struct xdp_md *ctx) { return throw_static(ctx); }

#endif /* HUNT_PART == 1 */

#if HUNT_PART == 3
/* ==== B. loops between the choice of an action and its return ==== */

/* The six loads of a program that may return tx, as in
 * xdp_reqs_loops.bpf.c: undeclared, declared drop,pass (tx guarded into
 * aborted), declared strictly (refused); each with and without
 * BPF_F_TEST_STATE_FREQ. SEEN is what it returns, SEEN_G the same with tx
 * turned into aborted.
 */
#define __act_loop(seen)						\
	__observed(seen) __retval_byte(1, XDP_TX)
#define __act_loop_guarded(seen_g)					\
	__declare("drop,pass") __expect_actions("aborted,drop,pass")				\
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

/* B.1 upstream's absent_mark_in_the_middle_state2: a block in the middle
 * (l_mid) that both the late branch (r6 = tx) and a jump from before the
 * loop (byte0 == 2) enter the loop through. The loop returns r6 when the
 * iteration number is byte0: 0, 2, 3 drop, 1 tx, others pass.
 */
#define MID_ITER_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	ITER_NEW(-8, 0, 4)						\
	"if r7 == 1 goto l_late_%=;"					\
	"if r7 == 2 goto l_jump_%=;"					\
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
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	"r6 = %[tx];"							\
"l_mid_%=:"								\
	"goto +0;"							\
	"goto l_loop_%=;"						\
"l_jump_%=:"								\
	"goto l_mid_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define MID_ITER(fn) __naked int fn(void) { MID_ITER_BODY; }
ACT_LOOP_TESTS(h_mid_iter, MID_ITER, "drop,pass,tx", "aborted,drop,pass")

/* B.2 nested: an iterator loop inside a may_goto loop; the outer counter
 * r8 selects the turn that returns r6: 1 tx, others drop.
 */
#define NEST_MG_ITER_BODY						\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	"r8 = 0;"							\
	"if r7 == 1 goto l_late_%=;"					\
"l_outer_%=:"								\
	"may_goto l_oend_%=;"						\
	ITER_NEW(-8, 0, 2)						\
"l_inner_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_iend_%=;"					\
	"if r8 == r7 goto l_use_%=;"					\
	"goto l_inner_%=;"						\
"l_iend_%=:"								\
	ITER_DESTROY(-8)						\
	"r8 += 1;"							\
	"goto l_outer_%=;"						\
"l_oend_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
"l_use_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	"r6 = %[tx];"							\
	"goto l_outer_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define NEST_MG_ITER(fn) __naked int fn(void) { NEST_MG_ITER_BODY; }
ACT_LOOP_TESTS(h_nest_mg_iter, NEST_MG_ITER, "drop,tx", "aborted,drop")

/* B.3 nested the other way: may_goto inside an iterator loop; the inner
 * loop returns r6 when its counter is byte0 (0, 2..7, 255 drop, 1 tx).
 */
#define NEST_ITER_MG_BODY						\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	ITER_NEW(-8, 0, 2)						\
	"if r7 == 1 goto l_late_%=;"					\
"l_outer_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_oend_%=;"					\
	"r8 = 0;"							\
"l_inner_%=:"								\
	"may_goto l_outer_%=;"						\
	"if r8 == r7 goto l_use_%=;"					\
	"r8 += 1;"							\
	"goto l_inner_%=;"						\
"l_oend_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = %[pass];"							\
	"exit;"								\
"l_use_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	"r6 = %[tx];"							\
	"goto l_outer_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define NEST_ITER_MG(fn) __naked int fn(void) { NEST_ITER_MG_BODY; }
ACT_LOOP_TESTS(h_nest_iter_mg, NEST_ITER_MG, "drop,tx", "aborted,drop")

/* B.4 bpf_loop() inside an iterator loop; c = fp-32 = { ctx, ret, val,
 * byte0 }, the callback sets c.ret = c.val when its index is byte0;
 * main returns c.ret: 0, 2, 3 drop, 1 tx, others pass.
 */
#define HLOOP_CB(use)							\
	asm volatile (							\
	"r3 = *(u64 *)(r2 + 24);"					\
	"if r1 == r3 goto l_use_%=;"					\
	"r0 = 0;"							\
	"exit;"								\
"l_use_%=:"								\
	use								\
	"r0 = 1;"							\
	"exit;"								\
	HUNT_OPERANDS)

__used __naked static int h_act_cb(void)
{
	HLOOP_CB("r3 = *(u64 *)(r2 + 16);"
		 "*(u64 *)(r2 + 8) = r3;");
}

#define NEST_ITER_LOOP_BODY						\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	C_INIT								\
	ITER_NEW(-40, 0, 2)						\
	"if r7 == 1 goto l_late_%=;"					\
"l_loop_%=:"								\
	ITER_NEXT(-40)							\
	"if r0 == 0 goto l_end_%=;"					\
	CALL_BPF_LOOP(4, h_act_cb)					\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	ITER_DESTROY(-40)						\
	"r0 = *(u64 *)(r10 - 24);"					\
	"exit;"								\
"l_late_%=:"								\
	"r6 = %[tx];"							\
	"*(u64 *)(r10 - 16) = r6;"					\
	"goto l_loop_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define NEST_ITER_LOOP(fn) __naked int fn(void) { NEST_ITER_LOOP_BODY; }
ACT_LOOP_TESTS(h_nest_iter_loop, NEST_ITER_LOOP, "drop,pass,tx", "aborted,drop,pass")

/* B.5 the action chosen inside the loop, on the turn whose number is
 * byte0 (a branch walked after the turn that does not choose), returned
 * after the loop: 0..3 tx, others pass.
 */
#define ITER_SET_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[pass];"							\
	ITER_NEW(-8, 0, 4)						\
"l_loop_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_end_%=;"					\
	"r1 = *(u32 *)(r0 + 0);"					\
	"if r1 == r7 goto l_set_%=;"					\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = r6;"							\
	"exit;"								\
"l_set_%=:"								\
	"r6 = %[tx];"							\
	"goto l_loop_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define ITER_SET(fn) __naked int fn(void) { ITER_SET_BODY; }
ACT_LOOP_TESTS(h_iter_set, ITER_SET, "pass,tx", "aborted,pass")

/* B.6 the same with may_goto and a counter: the turn r8 == byte0 sets
 * r6 = tx, the loop ends at r8 == 8: 0..7 tx, 255 pass.
 */
#define MG_SET_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[pass];"							\
	"r8 = 0;"							\
"l_loop_%=:"								\
	"may_goto l_end_%=;"						\
	"if r8 > 7 goto l_end_%=;"					\
	"if r8 == r7 goto l_set_%=;"					\
"l_next_%=:"								\
	"r8 += 1;"							\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	"r0 = r6;"							\
	"exit;"								\
"l_set_%=:"								\
	"r6 = %[tx];"							\
	"goto l_next_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define MG_SET(fn) __naked int fn(void) { MG_SET_BODY; }
ACT_LOOP_TESTS(h_mg_set, MG_SET, "pass,tx", "aborted,pass")

/* B.7 the action through the stack: spilled to fp-16 before the loop,
 * the late branch overwrites the low half with a 32-bit store of tx, the
 * loop fills it with a 32-bit load.
 */
#define ITER_STACK_BODY(late_store, fill)				\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	"*(u64 *)(r10 - 16) = r6;"					\
	ITER_NEW(-8, 0, 4)						\
	"if r7 == 1 goto l_late_%=;"					\
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
	fill								\
	"exit;"								\
"l_late_%=:"								\
	late_store							\
	"goto l_loop_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define ITER_STACK32(fn) __naked int fn(void) {				\
	ITER_STACK_BODY("r1 = %[tx]; *(u32 *)(r10 - 16) = r1;",	\
			"r0 = *(u32 *)(r10 - 16);"); }
ACT_LOOP_TESTS(h_iter_stack32, ITER_STACK32, "drop,pass,tx", "aborted,drop,pass")
/* BPF_ST of the constant */
#define ITER_STACK_ST(fn) __naked int fn(void) {			\
	ITER_STACK_BODY("*(u32 *)(r10 - 16) = %[tx];",			\
			"r0 = *(u32 *)(r10 - 16);"); }
ACT_LOOP_TESTS(h_iter_stack_st, ITER_STACK_ST, "drop,pass,tx", "aborted,drop,pass")
/* a 64-bit store, a 64-bit fill */
#define ITER_STACK64(fn) __naked int fn(void) {				\
	ITER_STACK_BODY("r1 = %[tx]; *(u64 *)(r10 - 16) = r1;",	\
			"r0 = *(u64 *)(r10 - 16);"); }
ACT_LOOP_TESTS(h_iter_stack64, ITER_STACK64, "drop,pass,tx", "aborted,drop,pass")
/* the late branch writes a byte of the slot (drop = 1 becomes tx = 3:
 * byte 0 of fp-16 is the low byte), the loop fills 32 bits
 */
#define ITER_STACK_BYTE(fn) __naked int fn(void) {			\
	ITER_STACK_BODY("r1 = %[tx]; *(u8 *)(r10 - 16) = r1;",		\
			"r0 = *(u32 *)(r10 - 16);"); }
ACT_LOOP_TESTS(h_iter_stack_byte, ITER_STACK_BYTE, "drop,pass,tx", "aborted,drop,pass")

/* B.8 two loops: the first (iterator) turns r6 into tx on its turn 1
 * when byte0 == 1 (a branch walked last), the second (may_goto) returns
 * r6 on its turn byte0: 0, 2..7, 255 drop, 1 tx.
 */
#define TWO_LOOPS_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	ITER_NEW(-8, 0, 4)						\
"l_loop1_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_end1_%=;"					\
	"r1 = *(u32 *)(r0 + 0);"					\
	"if r1 == 1 goto l_maybe_%=;"					\
	"goto l_loop1_%=;"						\
"l_maybe_%=:"								\
	"if r7 == 1 goto l_set_%=;"					\
	"goto l_loop1_%=;"						\
"l_set_%=:"								\
	"r6 = %[tx];"							\
	"goto l_loop1_%=;"						\
"l_end1_%=:"								\
	ITER_DESTROY(-8)						\
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
	SHORT_PASS							\
	HUNT_OPERANDS)
#define TWO_LOOPS(fn) __naked int fn(void) { TWO_LOOPS_BODY; }
ACT_LOOP_TESTS(h_two_loops, TWO_LOOPS, "drop,tx", "aborted,drop")

/* B.9 upstream's absent_mark_in_the_middle_state3: the loop in a static
 * subprogram, over main's iterator, called from main (r1 = drop, and a
 * byte that never matches) and through a wrapper (r1 = tx, byte0). The
 * loop returns r1 on the turn whose number is r3: 0..3 tx, others pass.
 */
__used __naked static int h_sub_loop(void)
{
	asm volatile (
	"r6 = r1;"
	"r7 = r2;"
	"r8 = r3;"
"l_loop_%=:"
	"r1 = r7;"
	"call %[bpf_iter_num_next];"
	"if r0 == 0 goto l_end_%=;"
	"r1 = *(u32 *)(r0 + 0);"
	"if r1 == r8 goto l_use_%=;"
	"goto l_loop_%=;"
"l_end_%=:"
	"r0 = %[pass];"
	"exit;"
"l_use_%=:"
	"r0 = r6;"
	"exit;"
	HUNT_OPERANDS);
}

__used __naked static int h_sub_loop_wrapper(void)
{
	asm volatile (
	"r3 = r2;"
	"r2 = r1;"
	"r1 = %[tx];"
	"call h_sub_loop;"
	"exit;"
	HUNT_OPERANDS);
}

#define SUB_LOOP_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	ITER_NEW(-8, 0, 4)						\
	"r1 = %[drop];"							\
	"r2 = r10;"							\
	"r2 += -8;"							\
	"r3 = r7;"							\
	"r3 += 8;"							\
	"call h_sub_loop;"						\
	"r6 = r0;"							\
	ITER_DESTROY(-8)						\
	"if r6 != %[pass] goto l_ret_%=;"				\
	ITER_NEW(-8, 0, 4)						\
	"r1 = r10;"							\
	"r1 += -8;"							\
	"r2 = r7;"							\
	"call h_sub_loop_wrapper;"					\
	"r6 = r0;"							\
	ITER_DESTROY(-8)						\
"l_ret_%=:"								\
	"r0 = r6;"							\
	"exit;"								\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define SUB_LOOP(fn) __naked int fn(void) { SUB_LOOP_BODY; }
ACT_LOOP_TESTS(h_sub_loop3, SUB_LOOP, "pass,tx", "aborted,pass")

/* B.10 a jump from before a may_goto loop into the middle of its body
 * (past the may_goto and the exit test), on the late branch that also
 * sets r6 = tx: 1 tx, 0, 2..7, 255 drop.
 */
#define MG_JUMP_IN_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	"r8 = 0;"							\
	"if r7 == 1 goto l_late_%=;"					\
"l_loop_%=:"								\
	"may_goto l_end_%=;"						\
"l_body_%=:"								\
	"if r8 == r7 goto l_use_%=;"					\
	"r8 += 1;"							\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
"l_use_%=:"								\
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	"r6 = %[tx];"							\
	"goto l_body_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define MG_JUMP_IN(fn) __naked int fn(void) { MG_JUMP_IN_BODY; }
ACT_LOOP_TESTS(h_mg_jump_in, MG_JUMP_IN, "drop,tx", "aborted,drop")

/* B.11 a may_goto loop in a static subprogram: hsub_mg(act, byte0)
 * returns act on the turn byte0; main passes drop, or tx on the late
 * branch: 1 tx, others drop.
 */
__used __naked static int hsub_mg(void)
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
	HUNT_OPERANDS);
}

#define SUB_MG_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	"if r7 == 1 goto l_late_%=;"					\
"l_call_%=:"								\
	"r1 = r6;"							\
	"r2 = r7;"							\
	"call hsub_mg;"						\
	"exit;"								\
"l_late_%=:"								\
	"r6 = %[tx];"							\
	"goto l_call_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define SUB_MG(fn) __naked int fn(void) { SUB_MG_BODY; }
ACT_LOOP_TESTS(h_sub_mg, SUB_MG, "drop,tx", "aborted,drop")

/* B.12 the action through a 32-bit store at fp-12, the high half of a
 * slot (no spill): the loop reads it back as an unknown value
 */
#define ITER_STACK_FP12(fn) __naked int fn(void) {			\
	ITER_STACK_BODY("r1 = %[tx]; *(u32 *)(r10 - 12) = r1;",	\
			"r0 = *(u32 *)(r10 - 12);"); }
ACT_LOOP_TESTS(h_iter_stack_fp12, ITER_STACK_FP12, "aborted,pass,tx", "aborted,pass")

/* B.13 a loop-carried value: the late branch sets r8 = tx before the
 * loop; every turn that does not return copies r8 into r6, the turn
 * byte0 returns r6. On byte0 == 1, turn 0 copies tx into r6 and turn 1
 * returns it. The precision r6 gets at the return must reach r8 through
 * the back edge of the loop, or the late branch is pruned at the loop
 * head: 0, 2, 3 drop, 1 tx, others pass.
 */
#define ITER_CARRY_BODY							\
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
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	"r8 = %[tx];"							\
	"goto l_loop_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define ITER_CARRY(fn) __naked int fn(void) { ITER_CARRY_BODY; }
ACT_LOOP_TESTS(h_iter_carry, ITER_CARRY, "drop,pass,tx", "aborted,drop,pass")

/* B.14 the same with may_goto and a counter: 1 tx, others drop */
#define MG_CARRY_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	"r8 = %[drop];"							\
	"r5 = 0;"							\
	"if r7 == 1 goto l_late_%=;"					\
"l_loop_%=:"								\
	"may_goto l_end_%=;"						\
	"if r5 == r7 goto l_use_%=;"					\
	"r6 = r8;"							\
	"r5 += 1;"							\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
"l_use_%=:"								\
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	"r8 = %[tx];"							\
	"goto l_loop_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define MG_CARRY(fn) __naked int fn(void) { MG_CARRY_BODY; }
ACT_LOOP_TESTS(h_mg_carry, MG_CARRY, "drop,tx", "aborted,drop")

/* B.15 the same with bpf_loop(): c = fp-32 = { ctx, r6, r8, byte0 };
 * the callback stops on index byte0, otherwise sets c.r6 = c.r8; main
 * returns c.r6 when the loop stopped early (fewer than 4 turns), else
 * pass. (Holds: callback states are compared at the call.)
 */
__used __naked static int h_carry_cb(void)
{
	asm volatile (
	"r3 = *(u64 *)(r2 + 24);"
	"if r1 == r3 goto l_stop_%=;"
	"r3 = *(u64 *)(r2 + 16);"
	"*(u64 *)(r2 + 8) = r3;"
	"r0 = 0;"
	"exit;"
"l_stop_%=:"
	"r0 = 1;"
	"exit;"
	HUNT_OPERANDS);
}

#define LOOP_CARRY_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	"*(u64 *)(r10 - 32) = r9;"					\
	"*(u64 *)(r10 - 24) = r6;"					\
	"*(u64 *)(r10 - 16) = r6;"					\
	"*(u64 *)(r10 - 8) = r7;"					\
	"if r7 == 1 goto l_late_%=;"					\
"l_call_%=:"								\
	CALL_BPF_LOOP(4, h_carry_cb)					\
	"if r0 > 3 goto l_pass_%=;"					\
	"r0 = *(u64 *)(r10 - 24);"					\
	"exit;"								\
"l_pass_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
"l_late_%=:"								\
	"r1 = %[tx];"							\
	"*(u64 *)(r10 - 16) = r1;"					\
	"goto l_call_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define LOOP_CARRY(fn) __naked int fn(void) { LOOP_CARRY_BODY; }
ACT_LOOP_TESTS(h_loop_carry, LOOP_CARRY, "drop,pass,tx", "aborted,drop,pass")

/* B.16 the carried value as a delta: r8 = -200 on the late branch, the
 * turn byte0 pushes r6; at least 200 or unknown
 */
#define ITER_CARRY_HEAD_BODY						\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = -8;"							\
	"r8 = -8;"							\
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
	"r1 = r9;"							\
	"r2 = r6;"							\
	"call %[bpf_xdp_adjust_head];"					\
	"r0 = %[pass];"							\
	"exit;"								\
"l_late_%=:"								\
	"r8 = -200;"							\
	"goto l_loop_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define ITER_CARRY_HEAD(fn) __naked int fn(void) { ITER_CARRY_HEAD_BODY; }
SEC("xdp") __expect_headroom_min(200) __observed("pass")
ITER_CARRY_HEAD(h_iter_carry_head)
SEC("xdp") __expect_headroom_min(200) __observed("pass") __state_freq
ITER_CARRY_HEAD(h_iter_carry_head_freq)

/* B.17 the carried value in stack slots: fp-24 (r8's role) is copied to
 * fp-16 (r6's role) on every turn that does not return
 */
#define ITER_CARRY_STACK_BODY						\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	"*(u64 *)(r10 - 16) = r6;"					\
	"*(u64 *)(r10 - 24) = r6;"					\
	ITER_NEW(-8, 0, 4)						\
	"if r7 == 1 goto l_late_%=;"					\
"l_loop_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_end_%=;"					\
	"r1 = *(u32 *)(r0 + 0);"					\
	"if r1 == r7 goto l_use_%=;"					\
	"r1 = *(u64 *)(r10 - 24);"					\
	"*(u64 *)(r10 - 16) = r1;"					\
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
	"*(u64 *)(r10 - 24) = r1;"					\
	"goto l_loop_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define ITER_CARRY_STACK(fn) __naked int fn(void) { ITER_CARRY_STACK_BODY; }
ACT_LOOP_TESTS(h_iter_carry_stack, ITER_CARRY_STACK, "drop,pass,tx", "aborted,drop,pass")

/* B.18 the carried value in C */
static __always_inline int c_iter_carry(struct xdp_md *ctx)
{
	int b = byte0(ctx), cur = XDP_DROP, next = XDP_DROP, i;

	if (b < 0)
		return XDP_PASS;
	if (b == 1)
		next = XDP_TX;
	bpf_for(i, 0, 4) {
		if (i == b)
			return cur;
		cur = next;
	}
	return XDP_PASS;
}
#define C_ITER_CARRY(fn) int fn(struct xdp_md *ctx) { return c_iter_carry(ctx); }
ACT_LOOP_TESTS(h_iter_carry_c, C_ITER_CARRY, "drop,pass,tx", "aborted,drop,pass")

/* the same as a bounded loop, which the verifier unrolls: holds */
#define BOUNDED_CARRY_BODY						\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = %[drop];"							\
	"r8 = %[drop];"							\
	"r5 = 0;"							\
	"if r7 == 1 goto l_late_%=;"					\
"l_loop_%=:"								\
	"if r5 > 7 goto l_end_%=;"					\
	"if r5 == r7 goto l_use_%=;"					\
	"r6 = r8;"							\
	"r5 += 1;"							\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
"l_use_%=:"								\
	"r0 = r6;"							\
	"exit;"								\
"l_late_%=:"								\
	"r8 = %[tx];"							\
	"goto l_loop_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define BOUNDED_CARRY(fn) __naked int fn(void) { BOUNDED_CARRY_BODY; }
ACT_LOOP_TESTS(h_bounded_carry, BOUNDED_CARRY, "drop,pass,tx", "aborted,drop,pass")

#endif /* HUNT_PART == 3 */

#if HUNT_PART == 1
/* ==== C. helpers that write the stack ==== */

/* bpf_snprintf() writes its output into the stack buffer it is given
 * (ARG_PTR_TO_MEM_OR_NULL without MEM_WRITE; bpf_snprintf_btf() and
 * bpf_xdp_fib_lookup() are alike). A verifier that leaves a constant
 * spilled in that buffer as it is after the call believes the old value:
 * here 8, while the helper made it 9 ("\t" and its NUL), so "buf - 6" is
 * tx, not pass. (A working tree that clobbered the stack only for
 * BPF_WRITE accesses loaded these with actions=pass and headroom=8.)
 */
const char h_fmt_tab[] = "\t";
const char h_fmt_paren[] = "(";

#define SNPRINTF_OPERANDS						\
	:								\
	: __imm_const(pass, XDP_PASS),					\
	  __imm_addr(h_fmt_tab),					\
	  __imm_addr(h_fmt_paren),					\
	  __imm(bpf_snprintf),						\
	  __imm(bpf_xdp_adjust_head)					\
	: __clobber_all

#define SNPRINTF_ACT_BODY						\
	asm volatile (							\
	"r1 = 8;"							\
	"*(u64 *)(r10 - 8) = r1;"					\
	"r1 = r10;"							\
	"r1 += -8;"							\
	"r2 = 2;"							\
	"r3 = %[h_fmt_tab] ll;"						\
	"r4 = 0;"							\
	"r5 = 0;"							\
	"call %[bpf_snprintf];"						\
	"r0 = *(u64 *)(r10 - 8);"					\
	"r0 += -6;"							\
	"exit;"								\
	SNPRINTF_OPERANDS)
#define SNPRINTF_ACT(fn) __naked int fn(void) { SNPRINTF_ACT_BODY; }

SEC("xdp") __observed("tx") __retval_byte(0, XDP_TX)
SNPRINTF_ACT(h_snprintf_act)
SEC("xdp") __observed("tx") __retval_byte(0, XDP_TX) __state_freq
SNPRINTF_ACT(h_snprintf_act_freq)
SEC("xdp") __declare("pass") __expect_actions("aborted,pass")
__observed("aborted") __retval_byte(0, XDP_ABORTED)
SNPRINTF_ACT(h_snprintf_act_declared)
SEC("xdp") __declare("pass") __strict __failure_errno(EINVAL)
__msg("xdp reqs: exit at insn")
SNPRINTF_ACT(h_snprintf_act_strict)

/* The same for a delta: 126 in the buffer, "(" makes it 40; the push is
 * "buf - 134": 8 bytes for the verifier, 94 at run time.
 */
#define SNPRINTF_HEAD_BODY						\
	asm volatile (							\
	"r9 = r1;"							\
	"r1 = 126;"							\
	"*(u64 *)(r10 - 8) = r1;"					\
	"r1 = r10;"							\
	"r1 += -8;"							\
	"r2 = 2;"							\
	"r3 = %[h_fmt_paren] ll;"					\
	"r4 = 0;"							\
	"r5 = 0;"							\
	"call %[bpf_snprintf];"						\
	"r2 = *(u64 *)(r10 - 8);"					\
	"r2 += -134;"							\
	"r1 = r9;"							\
	"call %[bpf_xdp_adjust_head];"					\
	"r0 = %[pass];"							\
	"exit;"								\
	SNPRINTF_OPERANDS)
#define SNPRINTF_HEAD(fn) __naked int fn(void) { SNPRINTF_HEAD_BODY; }

SEC("xdp") __expect_headroom_min(94) __observed("pass")
SNPRINTF_HEAD(h_snprintf_head)
SEC("xdp") __expect_headroom_min(94) __observed("pass") __state_freq
SNPRINTF_HEAD(h_snprintf_head_freq)

#endif /* HUNT_PART == 1 */

#if HUNT_PART == 4
/* ==== D. headroom ==== */

#define HEAD_TESTS(name, DEF, min)					\
	SEC("xdp") __expect_headroom_min(min) __observed("pass")	\
	DEF(name)							\
	SEC("xdp") __expect_headroom_min(min) __observed("pass")	\
	__state_freq							\
	DEF(name##_freq)						\
	SEC("xdp") __declare("pass") __expect_headroom_min(min)		\
	__observed("pass")						\
	DEF(name##_declared)						\
	SEC("xdp") __declare("pass") __expect_headroom_min(min)		\
	__observed("pass") __state_freq					\
	DEF(name##_declared_freq)

#define PUSH(delta)							\
	"r1 = r9;"							\
	"r2 = " #delta ";"						\
	"call %[bpf_xdp_adjust_head];"
#define PUSH_META(delta)						\
	"r1 = r9;"							\
	"r2 = " #delta ";"						\
	"call %[bpf_xdp_adjust_meta];"

/* D.1 a bpf_loop() callback pushes 8 bytes on every one of 4 turns */
__used __naked static int h_push8_cb(void)
{
	asm volatile (
	"r1 = *(u64 *)(r2 + 0);"
	"r2 = -8;"
	"call %[bpf_xdp_adjust_head];"
	"r0 = 0;"
	"exit;"
	HUNT_OPERANDS);
}

#define LOOP_PUSH_EACH_BODY						\
	asm volatile (							\
	"r9 = r1;"							\
	"*(u64 *)(r10 - 32) = r9;"					\
	CALL_BPF_LOOP(4, h_push8_cb)					\
	"r0 = %[pass];"							\
	"exit;"								\
	HUNT_OPERANDS)
#define LOOP_PUSH_EACH(fn) __naked int fn(void) { LOOP_PUSH_EACH_BODY; }
HEAD_TESTS(h_loop_push_each, LOOP_PUSH_EACH, 32)

/* D.2 the delta is the loop counter: may_goto loop, r8 = 0..7, pushes
 * r8 on each turn (28 bytes in all)
 */
#define MG_PUSH_CNT_BODY						\
	asm volatile (							\
	"r9 = r1;"							\
	"r8 = 0;"							\
"l_loop_%=:"								\
	"may_goto l_end_%=;"						\
	"if r8 > 7 goto l_end_%=;"					\
	"r2 = 0;"							\
	"r2 -= r8;"							\
	"r1 = r9;"							\
	"call %[bpf_xdp_adjust_head];"					\
	"r8 += 1;"							\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	HUNT_OPERANDS)
#define MG_PUSH_CNT(fn) __naked int fn(void) { MG_PUSH_CNT_BODY; }
HEAD_TESTS(h_mg_push_cnt, MG_PUSH_CNT, 28)

/* the same with an iterator */
#define ITER_PUSH_CNT_BODY						\
	asm volatile (							\
	"r9 = r1;"							\
	ITER_NEW(-8, 0, 8)						\
"l_loop_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_end_%=;"					\
	"r1 = *(u32 *)(r0 + 0);"					\
	"r2 = 0;"							\
	"r2 -= r1;"							\
	"r1 = r9;"							\
	"call %[bpf_xdp_adjust_head];"					\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = %[pass];"							\
	"exit;"								\
	HUNT_OPERANDS)
#define ITER_PUSH_CNT(fn) __naked int fn(void) { ITER_PUSH_CNT_BODY; }
HEAD_TESTS(h_iter_push_cnt, ITER_PUSH_CNT, 28)

/* D.3 metadata and head pushes mixed in an iterator loop: 4 turns of
 * 4 + 4 bytes
 */
#define ITER_META_HEAD_BODY						\
	asm volatile (							\
	"r9 = r1;"							\
	ITER_NEW(-8, 0, 4)						\
"l_loop_%=:"								\
	ITER_NEXT(-8)							\
	"if r0 == 0 goto l_end_%=;"					\
	PUSH_META(-4)							\
	PUSH(-4)							\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	ITER_DESTROY(-8)						\
	"r0 = %[pass];"							\
	"exit;"								\
	HUNT_OPERANDS)
#define ITER_META_HEAD(fn) __naked int fn(void) { ITER_META_HEAD_BODY; }
HEAD_TESTS(h_iter_meta_head, ITER_META_HEAD, 32)

/* the same unrolled (a counter the verifier keeps): exactly 32 */
#define BOUNDED_META_HEAD_BODY						\
	asm volatile (							\
	"r9 = r1;"							\
	"r8 = 0;"							\
"l_loop_%=:"								\
	"if r8 > 3 goto l_end_%=;"					\
	PUSH_META(-4)							\
	PUSH(-4)							\
	"r8 += 1;"							\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	HUNT_OPERANDS)
#define BOUNDED_META_HEAD(fn) __naked int fn(void) { BOUNDED_META_HEAD_BODY; }
HEAD_TESTS(h_bounded_meta_head, BOUNDED_META_HEAD, 32)

/* D.4 a pull then a push in every turn: 8 bytes net per turn at run
 * time when the pull succeeds, 16 for the verifier (a pull gives nothing
 * back); 4 turns
 */
#define BOUNDED_PULL_PUSH_BODY						\
	asm volatile (							\
	"r9 = r1;"							\
	"r8 = 0;"							\
"l_loop_%=:"								\
	"if r8 > 3 goto l_end_%=;"					\
	PUSH(8)								\
	PUSH(-16)							\
	"r8 += 1;"							\
	"goto l_loop_%=;"						\
"l_end_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	HUNT_OPERANDS)
#define BOUNDED_PULL_PUSH(fn) __naked int fn(void) { BOUNDED_PULL_PUSH_BODY; }
HEAD_TESTS(h_bounded_pull_push, BOUNDED_PULL_PUSH, 64)

/* the pull first only when byte0 == 1 (walked last): then 16 + 16 */
#define PULL_LATE_BODY							\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = -16;"							\
	"if r7 == 1 goto l_late_%=;"					\
"l_push_%=:"								\
	PUSH(-16)							\
	"r1 = r9;"							\
	"r2 = r6;"							\
	"call %[bpf_xdp_adjust_head];"					\
	"r0 = %[pass];"							\
	"exit;"								\
"l_late_%=:"								\
	PUSH(16)							\
	"r6 = -48;"							\
	"goto l_push_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define PULL_LATE(fn) __naked int fn(void) { PULL_LATE_BODY; }
HEAD_TESTS(h_pull_late, PULL_LATE, 64)

/* D.5 the delta through the stack: spilled before an iterator loop, the
 * late branch stores -200 over it (32-bit), the loop fills it (32-bit,
 * sign-extended by the helper's int) on the turn byte0
 */
#define ITER_HEAD_STACK_BODY(store, fill)				\
	asm volatile (							\
	LOAD_BYTE0							\
	"r6 = -8;"							\
	"*(u64 *)(r10 - 16) = r6;"					\
	ITER_NEW(-8, 0, 4)						\
	"if r7 == 1 goto l_late_%=;"					\
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
	fill								\
	"r1 = r9;"							\
	"call %[bpf_xdp_adjust_head];"					\
	"r0 = %[pass];"							\
	"exit;"								\
"l_late_%=:"								\
	store								\
	"goto l_loop_%=;"						\
	SHORT_PASS							\
	HUNT_OPERANDS)
#define ITER_HEAD_STACK32(fn) __naked int fn(void) {			\
	ITER_HEAD_STACK_BODY("r1 = -200; *(u32 *)(r10 - 16) = r1;",	\
			     "r2 = *(u32 *)(r10 - 16);"); }
HEAD_TESTS(h_iter_head_stack32, ITER_HEAD_STACK32, 200)
#define ITER_HEAD_STACK64(fn) __naked int fn(void) {			\
	ITER_HEAD_STACK_BODY("r1 = -200; *(u64 *)(r10 - 16) = r1;",	\
			     "r2 = *(u64 *)(r10 - 16);"); }
HEAD_TESTS(h_iter_head_stack64, ITER_HEAD_STACK64, 200)
#define ITER_HEAD_STACK_ST(fn) __naked int fn(void) {			\
	ITER_HEAD_STACK_BODY("*(u64 *)(r10 - 16) = -200;",		\
			     "r2 = *(u64 *)(r10 - 16);"); }
HEAD_TESTS(h_iter_head_stack_st, ITER_HEAD_STACK_ST, 200)

/* D.6 a delta whose low 32 bits are -200, the high ones not the sign */
#define HI_BITS_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	"r2 = 0x1ffffff38 ll;"						\
	"r1 = r9;"							\
	"call %[bpf_xdp_adjust_head];"					\
	"r0 = %[pass];"							\
	"exit;"								\
	HUNT_OPERANDS)
#define HI_BITS(fn) __naked int fn(void) { HI_BITS_BODY; }
HEAD_TESTS(h_hi_bits, HI_BITS, 200)

/* D.7 a delta loaded from the map as an s32 (sign-extending load):
 * vals[0] 0xffffffff pushes 1; unknown
 */
#define MAP_S32_BODY							\
	asm volatile (							\
	"r9 = r1;"							\
	"r1 = 0;"							\
	"*(u32 *)(r10 - 4) = r1;"					\
	"r2 = r10;"							\
	"r2 += -4;"							\
	"r1 = %[vals] ll;"						\
	"call %[bpf_map_lookup_elem];"					\
	"if r0 == 0 goto l_out_%=;"					\
	"r2 = *(s32 *)(r0 + 0);"					\
	"if r2 s< -64 goto l_out_%=;"					\
	"r1 = r9;"							\
	"call %[bpf_xdp_adjust_head];"					\
"l_out_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	HUNT_OPERANDS)
#define MAP_S32(fn) __naked int fn(void) { MAP_S32_BODY; }
HEAD_TESTS(h_map_s32, MAP_S32, 64)

/* D.8 huge deltas: S32_MIN as a 64-bit constant, -4096, -4097; they fail
 * at run time and make the headroom unknown, with no WARN
 */
#define HUGE_BODY(delta)						\
	asm volatile (							\
	"r9 = r1;"							\
	"r2 = " delta " ll;"						\
	"r1 = r9;"							\
	"call %[bpf_xdp_adjust_head];"					\
	"r0 = %[pass];"							\
	"exit;"								\
	HUNT_OPERANDS)
SEC("xdp") __expect_headroom_unknown __observed("pass")
__naked int h_huge_s32min(void) { HUGE_BODY("0xffffffff80000000"); }
SEC("xdp") __expect_headroom_unknown __observed("pass")
__naked int h_huge_u32_80(void) { HUGE_BODY("0x80000000"); }
SEC("xdp") __expect_headroom_unknown __observed("pass")
__naked int h_huge_4096(void) { HUGE_BODY("-4096"); }
SEC("xdp") __expect_headroom(4095) __observed("pass")
__naked int h_huge_4095(void) { HUGE_BODY("-4095"); }
SEC("xdp") __expect_headroom_unknown __observed("pass") __declare("pass") __strict
__naked int h_huge_4097_strict(void) { HUGE_BODY("-4097"); }

/* ==== E. pointers where values are expected (no WARN, dmesg_clean) ==== */

#define PTR_ARG_BODY(setup, helper)					\
	asm volatile (							\
	"r9 = r1;"							\
	"r1 = 0;"							\
	"*(u32 *)(r10 - 4) = r1;"					\
	"r2 = r10;"							\
	"r2 += -4;"							\
	"r1 = %[vals] ll;"						\
	"call %[bpf_map_lookup_elem];"					\
	"if r0 == 0 goto l_out_%=;"					\
	"r8 = r0;"							\
	"r2 = *(u32 *)(r9 + %[xdp_data]);"				\
	"r7 = r2;"							\
	setup								\
	"call %[" #helper "];"						\
	"exit;"								\
"l_out_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	:								\
	: __imm_const(xdp_data, offsetof(struct xdp_md, data)),	\
	  __imm_const(pass, XDP_PASS),					\
	  __imm_addr(vals),						\
	  __imm_addr(tx_ports),						\
	  __imm(bpf_map_lookup_elem),					\
	  __imm(bpf_xdp_adjust_head),					\
	  __imm(bpf_xdp_adjust_meta),					\
	  __imm(bpf_redirect),						\
	  __imm(bpf_redirect_map)					\
	: __clobber_all)

/* adjust_head's delta a map value pointer; returns the helper's int */
SEC("xdp") __expect_headroom_unknown
__naked int h_ptr_head_mapval(void)
{ PTR_ARG_BODY("r1 = r9; r2 = r8;", bpf_xdp_adjust_head); }
SEC("xdp") __expect_headroom_unknown
__naked int h_ptr_meta_pkt(void)
{ PTR_ARG_BODY("r1 = r9; r2 = r7;", bpf_xdp_adjust_meta); }
SEC("xdp") __expect_headroom_unknown __declare("pass")
__naked int h_ptr_head_ctx(void)
{ PTR_ARG_BODY("r1 = r9; r2 = r9;", bpf_xdp_adjust_head); }
/* redirect_map's flags a pointer: any value, aborted at run time */
SEC("xdp") __observed("aborted")
__naked int h_ptr_redirect_map_flags(void)
{ PTR_ARG_BODY("r1 = %[tx_ports] ll; r2 = 1; r3 = r8;", bpf_redirect_map); }
SEC("xdp") __observed("aborted") __declare("pass,redirect")
__expect_actions("aborted,pass,redirect")
__naked int h_ptr_redirect_map_flags_declared(void)
{ PTR_ARG_BODY("r1 = %[tx_ports] ll; r2 = 1; r3 = r9;", bpf_redirect_map); }
SEC("xdp") __observed("aborted") __expect_derived("aborted,pass,redirect")
__naked int h_ptr_redirect_flags_pkt(void)
{ PTR_ARG_BODY("r1 = 1; r2 = r7;", bpf_redirect); }
/* flags with the action in the high half: aborted */
SEC("xdp") __observed("aborted") __expect_derived("aborted,pass")
__naked int h_redirect_map_hi_flags(void)
{ PTR_ARG_BODY("r1 = %[tx_ports] ll; r2 = 7; r3 = 0x100000002 ll;", bpf_redirect_map); }
/* broadcast and tx: redirect */
SEC("xdp") __observed("redirect") __expect_derived("pass,tx,redirect")
__naked int h_redirect_map_bcast(void)
{ PTR_ARG_BODY("r1 = %[tx_ports] ll; r2 = 7; r3 = 11;", bpf_redirect_map); }

#endif /* HUNT_PART == 4 */

/* keep the iterator kfuncs in BTF for the asm above */
SEC("xdp") __observed("pass")
int h_c_for(struct xdp_md *ctx)
{
	int i, n = 0;

	bpf_for(i, 0, 3)
		n += i;
	return n == 3 ? XDP_PASS : XDP_DROP;
}

char _license[] SEC("license") = "GPL";
